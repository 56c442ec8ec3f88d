"""The terminal views of collect (and its --rebuild): rich tables of user text made safe (status: :mod:`xlqms.terminal`)."""

from __future__ import annotations

from rich.table import Table

from xlqms.codes import HOLDING_CODES, REVIEW_CODES, Code, FileState
from xlqms.terminal import WIDTH, safe, safe_line, wrap
from xlqms.text import terminal_text

_STATE_COLOURS = {FileState.ACCEPTED: "green", FileState.NEEDS_CORRECTION: "yellow", FileState.REJECTED: "red",
                  FileState.UNREADABLE: "red", FileState.HELD: "yellow", FileState.BLANK: "yellow"}
_SHOWN_WARNINGS = {Code.PATH_SKIPPED, Code.FILE_TIME_OUT_OF_RANGE, Code.OWN_OUTPUT_NOT_COLLECTED,
                   *(code for code in Code if code.value in HOLDING_CODES)}
"""Warnings collect prints under its table (the others are in xlqms status and the --json output):
every code that holds a file (:data:`xlqms.codes.HOLDING_CODES`) is said with the file it holds."""


def _say(show, text: str, mark: str = "", colour: str = "") -> None:
    """One message under collect's table: ``mark`` (coloured) then ``text``, wrapped at words to the
    console's width (80 columns at most) with its continuation lines indented under the text, so a
    long message never runs back to column 0. A new line or tab in user text is shown as ``\\n`` /
    ``\\t`` (:func:`xlqms.terminal.safe_line`), never obeyed."""
    first = f"  {mark} " if mark else "  "
    width = max(min(show.width, WIDTH), 40)
    text = terminal_text(text).replace("\n", "\\n").replace("\t", "\\t")
    for number, line in enumerate(wrap(text, width, indent=" " * len(first), first=first)):
        shown = safe(line)
        if number == 0 and mark and colour:
            shown = f"  [{colour}]{safe(mark)}[/{colour}] " + safe(line[len(first):])
        show.print(shown, highlight=False, soft_wrap=True)


def state_label(state: FileState) -> str:
    colour = _STATE_COLOURS.get(state)
    return f"[{colour}]{state.label}[/{colour}]" if colour else state.label


def show_rebuild(show, result, folder) -> None:
    """What ``xlqms collect DIR --rebuild`` did (a :class:`xlqms.rebuild.RebuildReport`)."""
    source = "nhật ký kho lưu trữ" if result.from_journal else "các tệp trong kho lưu trữ (chưa có nhật ký: tên gốc không còn)"
    _lines(show, f"Đã dựng lại sổ ghi chép từ {source}: {result.files} tệp, {result.sightings} lần thấy thêm ở nơi "
                 "khác.")
    for name in result.missing:
        show.print(f"  [red]✗[/red] Mất bản lưu trữ của tệp {safe_line(name)}: chép lại tệp gốc vào thư mục nhận rồi chạy "
                   "lại xlqms collect.", highlight=False)
    if result.unjournaled:
        show.print(f"  [yellow]![/yellow] {len(result.unjournaled)} tệp trong kho lưu trữ mất dòng nhật ký (tên gốc và thời "
                   "điểm nhận không còn): đã ghi theo tên trong kho lưu trữ, sau các tệp khác.", highlight=False)
    show.print(f"Xem tình hình đợt: xlqms status {safe(folder)}", highlight=False)


TABLE_ROWS = 30
"""Files collect lists one by one at most; a larger run lists those needing attention first (the
others are counted, and listed by ``--json`` and ``xlqms status``)."""


def _attention(outcome) -> bool:
    return outcome.state is not FileState.ACCEPTED or outcome.errors > 0 or bool(outcome.annotated_path) \
        or any(finding.code in _SHOWN_WARNINGS for finding in outcome.findings)


def show_collect(show, report) -> None:
    if report.recovered:
        show.print(f"Đã ghi nốt {report.recovered} tệp mà lần thu nhận trước (bị dừng) đã lưu trữ nhưng chưa ghi.",
                   highlight=False)
    outcomes = list(report.outcomes)
    if len(outcomes) > TABLE_ROWS:      # a summary, not a row per file: what needs attention first
        outcomes = [outcome for outcome in outcomes if _attention(outcome)]
    listed = outcomes[:TABLE_ROWS]
    if listed:
        table = Table(title="Tệp đã nhận" if len(listed) == len(report.outcomes) else "Tệp cần chú ý")
        for header in ("Tệp", "Đơn vị", "Kết quả", "Lỗi", "Cảnh báo"):
            table.add_column(header)
        for outcome in listed:
            table.add_row(safe_line(outcome.name), safe_line(outcome.unit_code or "—"), state_label(outcome.state),
                          str(outcome.errors), str(outcome.warnings))
        show.print(table)
        for outcome in listed:
            for finding in outcome.findings:
                if finding.is_error and outcome.state is not FileState.BLANK:
                    _say(show, finding.describe(), "✗", "red")
                elif finding.code in _SHOWN_WARNINGS or outcome.state is FileState.BLANK:
                    _say(show, finding.describe(), "!", "yellow")
                elif finding.code == Code.ANNOTATION_UNAVAILABLE and outcome.state is FileState.NEEDS_CORRECTION:
                    _say(show, finding.describe(), "!", "yellow")      # no copy to send: said, with why
            if outcome.annotated_path:
                _say(show, f"Bản đánh dấu lỗi gửi lại đơn vị: {outcome.annotated_path}", "→")
    unlisted = len(report.outcomes) - len(listed)
    if unlisted:
        more = len(outcomes) - len(listed)
        if not listed:
            show.print("Không tệp nào cần chú ý.", highlight=False)
        elif more:
            show.print(f"  … và {unlisted} tệp khác, {more} trong số đó cần chú ý: xem xlqms status.", highlight=False)
        else:
            show.print(f"  … và {unlisted} tệp khác, đều đã chấp nhận.", highlight=False)
    to_review = [outcome for outcome in report.outcomes
                 if any(finding.code in REVIEW_CODES and finding.code not in _SHOWN_WARNINGS for finding in outcome.findings)]
    if to_review:
        _say(show, f"{len(to_review)} tệp có số liệu cần xem lại (tỷ lệ lưu dạng phần trăm, chữ bảng mã cũ, tên đơn vị "
                   "khác…): xem danh sách “Cần xem lại” của xlqms status.", "!", "yellow")
    counts = report.counts
    shown = ", ".join(f"{counts[state.value]} {state.label.lower()}" for state in FileState if counts.get(state.value))
    _lines(show, f"{len(report.outcomes)} tệp mới xử lý{': ' + shown if shown else ''}; "
                 f"{report.unchanged} tệp không đổi từ lần trước.")


def _lines(show, text: str) -> None:
    """A summary line wrapped at words to the console's width (80 columns at most), no trailing space
    (rich's own wrapping left one, and a count apart from its noun: “0 ” / “tệp không đổi”)."""
    width = max(min(show.width, WIDTH), 40)
    for line in wrap(terminal_text(text), width):
        show.print(safe(line), highlight=False, soft_wrap=True)

