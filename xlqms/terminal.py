"""What reaches the terminal: the commands' text at 80 columns, user text made safe to show, and the
messages of failures outside xlqms.

Plain text built here (the library), printed by :mod:`xlqms.cli`: every line fits :data:`WIDTH`
columns; a long cell wraps at a space (never inside a word — a word longer than its column is cut
with “…”); lists of units read “03405 Xã Tả Lèng”, wrapped between units; a long list ends with
“… và N đơn vị khác” and where to see them all. Details for scripts are behind ``--json``. User
text (unit, file and indicator names, finding messages) has its control characters shown, never
obeyed (:func:`xlqms.text.terminal_text`), before it is measured.

Light on purpose (the command line imports it at start): rich's markup escaping only.
"""

from __future__ import annotations

import codecs
import os
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from rich.markup import escape

from xlqms.codes import LATE_LABEL, FileState, UnitState
from xlqms.errors import XlqmsError
from xlqms.layout import STORE_FILE
from xlqms.numbers import format_number
from xlqms.text import terminal_text

WIDTH = 80
NAMES_SHOWN = 40
"""Units named in one list before “… và N đơn vị khác”."""
REASONS_SHOWN = 20
"""Units needing correction (or files rejected) shown with their reasons before “… và N …”."""


_FOLDED = {"đ": "d", "Đ": "D", "“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-", "…": "...", "·": "-",
           "✗": "x", "✓": "v", "←": "<-", "→": "->", "≥": ">=", "≤": "<=", "×": "x", "•": "-", "\u00a0": " "}
_SAMPLE = "Lỗi đợt “—” … ✗ ━│"
"""Characters every command prints: a stream that cannot write them needs :func:`fit_streams`."""


def fold_to_ascii(text: str) -> str:
    """Vietnamese as an ASCII terminal can show it: diacritics dropped (“Lỗi đợt” → “Loi dot”), typographic
    marks made plain, anything else ``?``."""
    out = []
    for character in text:
        folded = _FOLDED.get(character)
        if folded is None and "\u2500" <= character <= "\u257f":      # box drawing: tables and rules
            name = unicodedata.name(character, "")
            folded = "-" if "HORIZONTAL" in name and "VERTICAL" not in name else "|" if "VERTICAL" in name and \
                "HORIZONTAL" not in name and "AND" not in name else "+"
        if folded is None:
            folded = "".join(c for c in unicodedata.normalize("NFKD", character) if not unicodedata.combining(c))
            folded = folded if folded.isascii() and folded else "?"
        out.append(folded)
    return "".join(out)


def _fold_error(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return fold_to_ascii(error.object[error.start:error.end]), error.end


codecs.register_error("xlqms-fold", _fold_error)


def fit_streams() -> None:
    """Make the standard output and error able to take every character xlqms prints (run once, at start).

    A stream whose encoding cannot write Vietnamese (``LANG=C``, ``PYTHONIOENCODING=ascii`` or
    ``latin-1``) is, on a terminal, kept in its encoding with Vietnamese folded to ASCII (readable
    there); into a pipe or a file, it writes UTF-8 — JSON and CSV are UTF-8 whatever the locale, and
    no name loses its diacritics."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if not encoding or not hasattr(stream, "reconfigure"):
            continue
        try:
            _SAMPLE.encode(encoding)
            continue
        except (UnicodeEncodeError, LookupError):
            pass
        try:
            if stream.isatty():
                stream.reconfigure(errors="xlqms-fold")
            else:
                stream.reconfigure(encoding="utf-8", errors="backslashreplace")
        except (OSError, ValueError):
            continue


def require_stdout(advice: str = "ghi ra tệp bằng --out TỆP") -> None:
    """Raise :class:`~xlqms.errors.XlqmsError` when there is no standard output to print data on
    (started with it closed, ``>&-``): data printed nowhere would be lost in silence."""
    if sys.stdout is None:
        raise XlqmsError(f"Không có đầu ra chuẩn (stdout đã bị đóng) để in dữ liệu: {advice}.")


def quiet_stdout() -> None:
    """After the reader of our standard output went away: send the rest nowhere, say nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def store_error_message(exc: Exception, folder=None) -> str:
    """What to say when SQLite cannot use the store (locked, read-only, full or failing disk, damaged);
    ``folder``: the campaign folder, when known, so that the message names the store's path."""
    text = str(exc)
    store = os.path.join(os.fspath(folder), STORE_FILE) if folder is not None else STORE_FILE
    rebuild = f"xlqms collect {folder if folder is not None else 'DIR'} --rebuild"
    if "locked" in text or "busy" in text:
        return (f"Sổ ghi chép của đợt ({store}) đang bị một chương trình khác khóa. Đợi lệnh kia xong "
                "(hoặc đóng chương trình đang mở tệp) rồi chạy lại.")
    if "readonly" in text or "read-only" in text:
        return (f"Không ghi được sổ ghi chép của đợt ({store}): thư mục đợt chỉ cho đọc. Chép thư mục đợt sang "
                "nơi ghi được, hoặc dùng các lệnh chỉ đọc (status, export, rollup/report --out nơi khác).")
    if "disk" in text and "full" in text:
        return f"Ổ đĩa đã đầy khi ghi sổ ghi chép của đợt ({store}). Giải phóng chỗ trống rồi chạy lại."
    if "unable to open" in text:
        return (f"Không mở được sổ ghi chép của đợt ({store}): kiểm tra quyền đọc ghi thư mục đợt và ổ đĩa rồi chạy "
                "lại.")
    if "disk i/o" in text.lower():
        return (f"Lỗi đọc ghi của ổ đĩa khi dùng sổ ghi chép của đợt ({store}): ổ đĩa có thể đã đầy hoặc bị lỗi. "
                "Giải phóng chỗ trống, kiểm tra ổ đĩa rồi chạy lại.")
    return f"Sổ ghi chép của đợt ({store}) không dùng được ({text}). Dựng lại từ kho lưu trữ bằng lệnh: {rebuild}"


def safe(value) -> str:
    """User text (file, unit and indicator names, finding messages) for a rich console: control
    characters shown, never obeyed, and square brackets printed as typed, never read as markup."""
    return escape(terminal_text("" if value is None else value))


def safe_line(value) -> str:
    """:func:`safe` on one line: a new line or tab in user text (a file name can hold one) shown as
    ``\\n`` / ``\\t``, so it can never start a line that looks like xlqms's own."""
    return safe(value).replace("\n", "\\n").replace("\t", "\\t")


def _plain(text) -> str:
    """User text on one line, its control characters shown, its runs of spaces made one."""
    return " ".join(terminal_text("" if text is None else str(text)).split())


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: combining marks (NFD Vietnamese) and invisible format
    characters (zero-width space, joiners) none, wide characters (CJK, full-width, most emoji) two."""
    return sum(0 if unicodedata.combining(ch) or unicodedata.category(ch) in _ZERO_WIDTH_CATEGORIES
               else 2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_ZERO_WIDTH_CATEGORIES = ("Mn", "Me", "Cf")


def shorten(text: str, width: int) -> str:
    """``text`` on one line of at most ``width`` columns, cut at a word and ended with “…” when longer."""
    text = _plain(text)
    if display_width(text) <= width:
        return text
    words, kept = text.split(" "), ""
    for word in words:
        candidate = f"{kept} {word}" if kept else word
        if display_width(candidate) + 1 > width:
            break
        kept = candidate
    if not kept:                                  # a single word longer than the column: cut at its width
        used = 0
        for index, character in enumerate(text):
            used += display_width(character)
            if used + 1 > max(width, 2):
                kept = text[:index]
                break
    return kept.rstrip(",;:") + "…"


def wrap(text: str, width: int, indent: str = "", first: str | None = None) -> list[str]:
    """``text`` wrapped at spaces to ``width`` columns, words never broken (a single word longer than
    the line — a file path — stays whole on a line of its own); continuation lines start with
    ``indent``, the first with ``first`` (default: ``indent`` too)."""
    initial = indent if first is None else first
    return _wrap_words(_plain(text), width, initial, indent) or [initial.rstrip()]


def _wrap_words(text: str, width: int, initial: str = "", indent: str = "") -> list[str]:
    """Words of ``text`` (one space apart) greedily on lines of at most ``width`` columns measured as a
    terminal shows them (:func:`display_width`: an emoji or a CJK character takes two, an NFD mark
    none — textwrap counts characters); a word longer than a line stays whole on a line of its own."""
    lines: list[str] = []
    line, used = "", 0
    for word in text.split():
        size = display_width(word)
        prefix = indent if lines or line else initial
        if line and used + 1 + size <= width:
            line, used = f"{line} {word}", used + 1 + size
            continue
        if line:
            lines.append(line)
            prefix = indent
        line, used = prefix + word, display_width(prefix) + size
    if line:
        lines.append(line)
    return lines


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int],
          right: Sequence[bool] = ()) -> list[str]:
    """A table of ``widths`` columns (one space between), its cells wrapped at words, a rule under the header."""
    right = list(right) + [False] * (len(widths) - len(right))

    def lines_of(cells: Sequence[str]) -> list[str]:
        wrapped = [_wrap_words(_plain(cell), width) or [""] for cell, width in zip(cells, widths)]
        wrapped = [[line if display_width(line) <= width else shorten(line, width) for line in cell]
                   for cell, width in zip(wrapped, widths)]
        height = max(len(cell) for cell in wrapped)
        out = []
        for index in range(height):
            parts = []
            for cell, width, flush in zip(wrapped, widths, right):
                text = cell[index] if index < len(cell) else ""
                pad = " " * (width - display_width(text))
                parts.append(pad + text if flush else text + pad)
            out.append(" ".join(parts).rstrip())
        return out

    result = lines_of(headers)
    result.append(" ".join("─" * width for width in widths))
    for row in rows:
        result += lines_of(row)
    return result


def unit_list(label: str, units: Sequence[tuple[str, str]], more: str = "", limit: int = NAMES_SHOWN) -> list[str]:
    """“Chưa nộp (3):” and the units “03405 Xã Tả Lèng · …”, wrapped between units, at most ``limit``."""
    if not units:
        return []
    items = [shorten(f"{code} {name}".strip(), WIDTH - 2) for code, name in units[:limit]]
    lines, current = [f"{label} ({len(units)}):"], "  "
    for item in items:
        candidate = f"{current} · {item}" if current.strip() else f"  {item}"
        if display_width(candidate) > WIDTH and current.strip():
            lines.append(current)
            current = f"  {item}"
        else:
            current = candidate
    lines.append(current)
    if len(units) > limit:
        lines.append(f"  … và {len(units) - limit} đơn vị khác{more}")
    return lines


# -- xlqms status ---------------------------------------------------------------------------------


def status_lines(status) -> list[str]:
    """``xlqms status`` (:class:`xlqms.status.RoundStatus`): per parent, counts only; then who, by name."""
    due = status.due_date.strftime("%d/%m/%Y") if status.due_date else "không đặt"
    lines = wrap(f"Đợt {status.campaign_id} — {status.period} {status.year} — hạn nộp {due}", WIDTH)
    totals = status.totals
    expected, submitted = totals.get("expected", 0), totals.get("submitted", 0)
    rate = f" ({format_number(100 * submitted / expected)}%)" if expected else ""
    blank = totals.get(UnitState.RETURNED_BLANK.value, 0)
    held = totals.get("held_files", 0)
    unused = totals.get("held_unused", 0)
    lines += wrap(f"Đã nộp {submitted}/{expected} đơn vị{rate}; chưa nộp {totals.get('missing', 0)}"
                  + (f", {blank} {UnitState.RETURNED_BLANK.label.lower()}" if blank else "")
                  + (f", {unused} gửi tệp chưa dùng được (phải gửi lại)" if unused else "")
                  + f", {totals.get('late', 0)} {LATE_LABEL.lower()}, {totals.get('needs_correction', 0)} "
                  f"{UnitState.NEEDS_CORRECTION.label.lower()}, {totals.get('rejected_files', 0)} tệp "
                  f"{FileState.REJECTED.label.lower()}"
                  + (f", {held} tệp {FileState.HELD.label.lower()}" if held else "") + ".", WIDTH)
    if status.unrecorded:
        lines += [""] + wrap(
            f"Chú ý: kho lưu trữ có {len(status.unrecorded)} tệp chưa được ghi nhận (một lần thu nhận bị dừng giữa chừng, "
            "hoặc đang chạy): số liệu của các tệp đó chưa có ở trên. Chạy lại xlqms collect với thư mục đã nhận, hoặc "
            "dựng lại sổ ghi chép: xlqms collect <thư mục đợt> --rebuild.", WIDTH, indent="  ", first="")
    headers = ["Đơn vị cấp trên", "Phải nộp", UnitState.SUBMITTED.label, UnitState.ACCEPTED.label,
               UnitState.RECEIVED.label, UnitState.NEEDS_CORRECTION.label, UnitState.MISSING.label, LATE_LABEL]
    numbers = 7
    name_width = WIDTH - numbers * 7 - numbers
    rows = [[f"{group.code or ''} {group.name}".strip(), format_number(group.expected), format_number(group.received),
             format_number(group.accepted), format_number(group.to_review), format_number(group.needs_correction),
             format_number(len(group.missing)), format_number(len(group.late))] for group in status.groups]
    lines += [""] + table(headers, [[shorten(row[0], name_width), *row[1:]] for row in rows],
                          [name_width] + [6] * numbers, [False] + [True] * numbers)
    names = {unit.code: unit.name for unit in status.units}
    missing = [(unit.code, unit.name) for unit in status.units if unit.state is UnitState.MISSING]
    late = [(unit.code, f"{unit.name} ({unit.received_at:%d/%m})" if unit.received_at else unit.name)
            for unit in status.units if unit.late]
    blank_units = [(unit.code, unit.name) for unit in status.units + status.bodies
                   if unit.state is UnitState.RETURNED_BLANK]
    more = " (danh sách đủ: xlqms status --format csv)"
    for label, units in ((UnitState.MISSING.label, missing),
                         (f"{UnitState.RETURNED_BLANK.label} (vẫn tính là chưa nộp, cần nhắc)", blank_units),
                         (LATE_LABEL, late)):
        block = unit_list(label, units, more)
        if block:
            lines += [""] + block
    correcting = [unit for unit in status.units + status.bodies if unit.state is UnitState.NEEDS_CORRECTION]
    if correcting:
        lines += ["", f"{UnitState.NEEDS_CORRECTION.label} ({len(correcting)}):"]
        for unit in correcting[:REASONS_SHOWN]:
            lines.append("  " + shorten(f"{unit.code} {unit.name}", WIDTH - 2))
            reasons = unit.reasons or ((f"tệp {unit.file_name}",) if unit.file_name else ())
            for reason in reasons[:3]:
                lines += wrap(reason, WIDTH, indent="      ", first="    – ")
        if len(correcting) > REASONS_SHOWN:
            lines.append(f"  … và {len(correcting) - REASONS_SHOWN} đơn vị khác{more}")
    reviewing = [unit for unit in status.units + status.bodies if unit.state is UnitState.RECEIVED]
    used = [unit for unit in reviewing if unit.submitted]
    unused = [unit for unit in reviewing if not unit.submitted]     # its only files' identity cannot be checked
    lines += _review_block("đã dùng số liệu; xem lại rồi coi như đã chấp nhận", used)
    lines += _review_block("chưa dùng số liệu: chưa chắc tệp là của đơn vị — đơn vị phải gửi lại đúng sổ xlqms đã "
                           "gửi cho mình; vẫn tính là chưa nộp, cần nhắc", unused)
    lines += _file_block(f"Tệp {FileState.REJECTED.label.lower()}", status.rejected, names)
    lines += _file_block(f"Tệp {FileState.HELD.label.lower()}, chưa dùng thay tệp hiện tại", status.held, names)
    if status.missing_from_archive:
        gone = status.missing_from_archive
        lines += ["", f"Mất bản lưu trữ (bị xóa hoặc bị sửa trong thư mục archive) ({len(gone)} tệp):"]
        lines += [f"  {_plain(name)}" for name in gone[:REASONS_SHOWN]]      # a file name whole, never wrapped
        if len(gone) > REASONS_SHOWN:
            lines.append(f"  … và {len(gone) - REASONS_SHOWN} tệp khác (xlqms status --format json)")
        lines += wrap("Chép lại các tệp gốc vào thư mục nhận rồi chạy lại xlqms collect.", WIDTH, indent="  ", first="  ")
    for body in status.bodies:
        lines += [""] + wrap(f"Kết quả của chính đơn vị tổng hợp {body.code} {body.name} (không tính vào số phải "
                             f"nộp ở trên): {body.label}.", WIDTH)
    return lines


def _review_block(note: str, units: list) -> list[str]:
    """The lines of the units to review (``Cần xem lại (N, note):``), each with what to look at."""
    if not units:
        return []
    lines = ["", *wrap(f"{UnitState.RECEIVED.label} ({len(units)}, {note}):", WIDTH, indent="  ", first="")]
    for unit in units[:REASONS_SHOWN]:
        lines.append("  " + shorten(f"{unit.code} {unit.name}", WIDTH - 2))
        reasons = unit.reasons or ((f"tệp {unit.file_name}",) if unit.file_name else ())
        for reason in reasons[:3]:
            lines += wrap(reason, WIDTH, indent="      ", first="    – ")
        if len(reasons) > 3:
            lines.append(f"    … và {len(reasons) - 3} điều khác (xlqms status --format json)")
    if len(units) > REASONS_SHOWN:
        lines.append(f"  … và {len(units) - REASONS_SHOWN} đơn vị khác (xlqms status --format json)")
    return lines


def _file_block(label: str, files, names: dict[str, str]) -> list[str]:
    """Files set aside (:class:`xlqms.status.RejectedFile`: rejected, held): each with the unit it
    claimed to be, by code and name, and its reasons; at most :data:`REASONS_SHOWN`."""
    if not files:
        return []
    lines = ["", f"{label} ({len(files)}):"]
    for file in files[:REASONS_SHOWN]:
        claimed = file.claimed_unit
        who = f" — {claimed} {names.get(claimed, '')}".rstrip() if claimed else ""
        lines.append("  " + shorten(f"{file.file_name}{who}", WIDTH - 2))
        for reason in [finding.message for finding in file.reasons][:2] or ["không rõ lý do"]:
            lines += wrap(reason, WIDTH, indent="      ", first="    – ")
    if len(files) > REASONS_SHOWN:
        lines.append(f"  … và {len(files) - REASONS_SHOWN} tệp khác (xlqms status --format json)")
    return lines


# -- xlqms rollup ---------------------------------------------------------------------------------


def rollup_lines(path: Path, overview) -> list[str]:
    """``xlqms rollup``: where the workbook is, the progress, each objective's pooled result and verdict."""
    lines = wrap(f"Đã ghi bảng tổng hợp: {path}", WIDTH, indent="  ", first="")
    if overview.body_name:
        lines += wrap(overview.body_name, WIDTH)
    lines += wrap(overview.progress.summary(), WIDTH)
    rows = []
    for objective in overview.objectives:
        results = [ind.figures or ind.result for ind in objective.indicators]
        if len(results) > 1:
            results = [f"{chr(ord('a') + index)}) {text}" for index, text in enumerate(results)]
        rows.append([objective.number, "; ".join(results), objective.light_label, objective.units_text])
    lines += [""] + table(["MT", "Kết quả chung", "Đánh giá chung", "Đơn vị đạt"], rows, [3, 33, 31, 9],
                          [True, False, False, True])
    progress = overview.progress
    block = unit_list(UnitState.MISSING.label, [(u.code, u.name) for u in progress.missing])
    if block:
        lines += [""] + block
    shortfalls = overview.shortfalls
    if shortfalls:
        items = ", ".join(f"{unit.name} ({len(unit.not_met)}/{unit.total})" for unit in shortfalls[:8])
        more = f" và {len(shortfalls) - 8} đơn vị khác" if len(shortfalls) > 8 else ""
        lines += [""] + wrap(f"Còn nhiều mục tiêu chưa đạt: {items}{more}.", WIDTH, indent="  ", first="")
    if len(overview.bodies) > 1:
        rows = [[body.name, body.progress.ratio_text,
                 f"{format_number(body.share)}%" if body.share is not None else "—", str(body.units_with_unmet)]
                for body in overview.bodies]
        lines += [""] + table(["Đơn vị cấp trên", UnitState.SUBMITTED.label, "Lượt mục tiêu đạt",
                               "Đơn vị còn mục tiêu chưa đạt"], rows, [28, 22, 12, 15], [False, False, True, True])
    return lines


# -- xlqms generate, xlqms report -------------------------------------------------------------------


def generate_lines(result) -> list[str]:
    """``xlqms generate`` (:class:`xlqms.generate.GenerationResult`): a summary, the problems; never a row per unit."""
    lines = wrap(f"Đã tạo {len(result.rows)} sổ báo cáo trong {result.out_dir}", WIDTH, indent="  ", first="")
    if result.manifest_path:
        lines += wrap(f"Danh sách tệp và mã kiểm tra (SHA-256): {result.manifest_path}", WIDTH, indent="  ",
                      first="")
    if result.skipped:
        lines += wrap(f"{len(result.skipped)} đơn vị không có mục tiêu nào áp dụng, không tạo sổ: "
                      + ", ".join(result.skipped[:10]) + (" …" if len(result.skipped) > 10 else ""), WIDTH, "  ", "")
    if result.previous_line():
        lines += wrap(result.previous_line(), WIDTH, indent="  ", first="")
    problems = [finding for finding in result.findings]
    if problems:
        lines.append(f"Cần xem ({len(problems)}):")
        for finding in problems[:REASONS_SHOWN]:
            lines += wrap(f"{finding.severity.label}: {finding.describe()}", WIDTH, indent="    ", first="  – ")
        if len(problems) > REASONS_SHOWN:
            lines.append(f"  … và {len(problems) - REASONS_SHOWN} vấn đề khác (xlqms generate --json)")
    lines.append("Chi tiết từng đơn vị: xlqms generate --json, hoặc tệp manifest.csv.")
    return lines


def report_lines(paths: Sequence[Path], units: int, consolidated: int,
                 failed: Sequence[tuple[Path, str]] = ()) -> list[str]:
    """``xlqms report``: how many drafts of each kind, where, what the official still fills, and the
    drafts that could not be written (``failed``: path and why)."""
    problems: list[str] = []
    if failed:
        problems = ["", f"Không ghi được {len(failed)} dự thảo:"]
        for _path, why in failed[:REASONS_SHOWN]:
            problems += wrap(why, WIDTH, indent="    ", first="  ✗ ")
        if len(failed) > REASONS_SHOWN:
            problems.append(f"  … và {len(failed) - REASONS_SHOWN} dự thảo khác (xlqms report --json)")
    if not paths:
        return (["Không có dự thảo nào được viết."] if failed
                else ["Chưa có đơn vị nào nộp báo cáo: không có dự thảo nào để viết."]) + problems
    folder = paths[0].parent
    lines = wrap(f"Đã viết {len(paths)} dự thảo báo cáo: {units} báo cáo đơn vị, {consolidated} báo cáo tổng hợp.",
                 WIDTH, indent="  ", first="")
    lines += wrap(f"Thư mục: {folder}", WIDTH, indent="  ", first="")
    lines += wrap("Trước khi ban hành: điền các chỗ tô vàng (số văn bản, ngày tháng, căn cứ, người ký, nơi "
                  "nhận) và đọc lại nội dung.", WIDTH, indent="  ", first="")
    return lines + problems


def demo_lines(result) -> list[str]:
    """``xlqms demo`` (:class:`xlqms.demo.DemoResult`): each step, and where its output is on a line of its own."""
    lines = wrap(f"Đợt báo cáo mẫu trong {result.folder}", WIDTH, indent="  ", first="")
    for what, where in result.steps:
        lines += wrap(what, WIDTH, indent="    ", first="  • ")
        lines += wrap(where, WIDTH, indent="      ", first="      ")
    lines.append("")
    lines += wrap(f"Tình hình đợt 6 tháng: xlqms status {result.campaign_folder}", WIDTH, indent="  ", first="")
    if result.annual_folder is not None:
        lines += wrap(f"Tình hình đợt cả năm: xlqms status {result.annual_folder}", WIDTH, indent="  ", first="")
    return lines
