"""The terminal views of collect (and its --rebuild) and status: rich tables of user text made safe."""

from __future__ import annotations

from rich.table import Table

from xlqms.codes import LATE_LABEL, Code, FileState, UnitState
from xlqms.numbers import format_number
from xlqms.terminal import safe

_STATE_COLOURS = {FileState.ACCEPTED: "green", FileState.NEEDS_CORRECTION: "yellow", FileState.REJECTED: "red",
                  FileState.UNREADABLE: "red", FileState.HELD: "yellow", FileState.BLANK: "yellow"}
_SHOWN_WARNINGS = {Code.IDENTITY_UNSIGNED, Code.OLDER_CONTENT, Code.PATH_SKIPPED, Code.FILE_TIME_OUT_OF_RANGE,
                   Code.OWN_OUTPUT_NOT_COLLECTED}
"""Warnings collect prints under its table (the others are in xlqms status and the --json output)."""


def state_label(state: FileState) -> str:
    colour = _STATE_COLOURS.get(state)
    return f"[{colour}]{state.label}[/{colour}]" if colour else state.label


def show_rebuild(show, result, folder) -> None:
    """What ``xlqms collect DIR --rebuild`` did (a :class:`xlqms.rebuild.RebuildReport`)."""
    source = "nhật ký kho lưu trữ" if result.from_journal else "các tệp trong kho lưu trữ (chưa có nhật ký: tên gốc không còn)"
    show.print(f"Đã dựng lại sổ ghi chép từ {source}: {result.files} tệp, {result.sightings} lần thấy thêm ở nơi khác.",
               highlight=False)
    for name in result.missing:
        show.print(f"  [red]✗[/red] Mất bản lưu trữ của tệp {safe(name)}: chép lại tệp gốc vào thư mục nhận rồi chạy "
                   "lại xlqms collect.", highlight=False)
    show.print(f"Xem tình hình đợt: xlqms status {safe(folder)}", highlight=False)


def show_collect(show, report) -> None:
    if report.recovered:
        show.print(f"Đã ghi nốt {report.recovered} tệp mà lần thu nhận trước (bị dừng) đã lưu trữ nhưng chưa ghi.",
                   highlight=False)
    if report.outcomes:
        table = Table(title="Tệp đã nhận")
        for header in ("Tệp", "Đơn vị", "Kết quả", "Lỗi", "Cảnh báo"):
            table.add_column(header)
        for outcome in report.outcomes:
            table.add_row(safe(outcome.name), safe(outcome.unit_code or "—"), state_label(outcome.state),
                          str(outcome.errors), str(outcome.warnings))
        show.print(table)
        for outcome in report.outcomes:
            for finding in outcome.findings:
                if finding.is_error and outcome.state is not FileState.BLANK:
                    show.print(f"  [red]✗[/red] {safe(finding.describe())}", highlight=False)
                elif finding.code in _SHOWN_WARNINGS or outcome.state is FileState.BLANK:
                    show.print(f"  [yellow]![/yellow] {safe(finding.describe())}", highlight=False)
            if outcome.annotated_path:
                show.print(f"  → Bản đánh dấu lỗi gửi lại đơn vị: {safe(outcome.annotated_path)}", highlight=False)
    counts = report.counts
    shown = ", ".join(f"{counts[state.value]} {state.label.lower()}" for state in FileState if counts.get(state.value))
    show.print(f"{len(report.outcomes)} tệp mới xử lý{': ' + shown if shown else ''}; "
               f"{report.unchanged} tệp không đổi từ lần trước.", highlight=False)


def show_status(show, result) -> None:
    due = result.due_date.strftime("%d/%m/%Y") if result.due_date else "không đặt"
    show.print(safe(f"Đợt {result.campaign_id} — {result.period} {result.year} — hạn nộp {due}"), highlight=False)
    table = Table(title="Tình hình nộp theo đơn vị cấp trên")
    for header in ("Đơn vị cấp trên", "Phải nộp", UnitState.SUBMITTED.label, UnitState.ACCEPTED.label,
                   UnitState.RECEIVED.label, UnitState.NEEDS_CORRECTION.label, UnitState.MISSING.label, LATE_LABEL):
        table.add_column(header)
    for group in result.groups:
        missing = ", ".join(group.missing[:8]) + ("…" if len(group.missing) > 8 else "")
        table.add_row(safe(f"{group.code or ''} {group.name}".strip()), format_number(group.expected),
                      format_number(group.received), format_number(group.accepted), format_number(group.to_review),
                      format_number(group.needs_correction),
                      f"{len(group.missing)}" + (f" ({safe(missing)})" if missing else ""),
                      format_number(len(group.late)))
    show.print(table)
    reminders = result.reminders()
    blank = [unit for unit in reminders if unit.state is UnitState.RETURNED_BLANK]
    if blank:
        show.print(f"[bold]{UnitState.RETURNED_BLANK.label} (vẫn tính là chưa nộp, cần nhắc):[/bold]")
        for unit in blank:
            show.print(safe(f"  {unit.code} {unit.name}: {unit.file_name}"), highlight=False, soft_wrap=True)
    corrections = [unit for unit in reminders if unit.state is UnitState.NEEDS_CORRECTION]
    if corrections:
        show.print("[bold]Đơn vị cần sửa:[/bold]")
        for unit in corrections:
            show.print(safe(f"  {unit.code} {unit.name}: " + (" | ".join(unit.reasons) or unit.file_name)),
                       highlight=False, soft_wrap=True)
    if result.rejected:
        show.print("[bold]Tệp bị từ chối:[/bold]")
        for rejected in result.rejected:
            reasons = " ".join(f.message for f in rejected.reasons) or "không rõ"
            show.print(safe(f"  {rejected.file_name} ({rejected.source_path}): {reasons}"), highlight=False,
                       soft_wrap=True)
    if result.held:
        show.print(f"[bold]{FileState.HELD.label} (chưa dùng thay tệp hiện tại):[/bold]")
        for held in result.held:
            reasons = " ".join(f.message for f in held.reasons) or "không rõ"
            show.print(safe(f"  {held.file_name} ({held.claimed_unit}): {reasons}"), highlight=False, soft_wrap=True)
    if result.missing_from_archive:
        show.print("[bold red]Mất bản lưu trữ (đã bị xóa khỏi thư mục archive):[/bold red]")
        show.print(safe("  " + ", ".join(result.missing_from_archive)) + ". Chép lại các tệp gốc vào thư mục nhận "
                   "rồi chạy lại xlqms collect.", highlight=False, soft_wrap=True)
    totals = result.totals
    states = ", ".join(f"{totals[state.value]} {state.label.lower()}" for state in
                       (UnitState.ACCEPTED, UnitState.RECEIVED, UnitState.NEEDS_CORRECTION, UnitState.MISSING,
                        UnitState.RETURNED_BLANK)
                       if totals.get(state.value) or state is not UnitState.RETURNED_BLANK)
    show.print(f"Tổng: {totals['expected']} đơn vị phải nộp, {states}, {totals['late']} {LATE_LABEL.lower()}; "
               f"{totals['rejected_files']} tệp {FileState.REJECTED.label.lower()}.", highlight=False)


