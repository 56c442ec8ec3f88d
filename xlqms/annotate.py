"""An annotated copy of a returned workbook, to send back for correction.

The copy is the unit's own workbook (read from the archived bytes, which are never modified) with
each cell named by a finding filled in colour and commented, and an added sheet "Lỗi cần sửa"
naming the unit and the date by which to resend (:func:`resend_date`), then listing every finding:
the cell, the problem, what to do. Its live verdicts are recalculated when it is opened, so the
verdict column beside a red cell shows the error, not a verdict. openpyxl can only write .xlsx, so
an .xls or .ods return gets no copy; :func:`annotate_workbook` then returns a note finding saying so.
Collect keeps a copy only while its file needs correction (a file the unit has replaced loses it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import warnings
import zipfile
from pathlib import Path

from xlqms import layout
from xlqms.findings import Code, Finding, Severity, finding
from xlqms.merge_extent import oversized_merge
from xlqms.spreadsheet import save_workbook_atomically, write_text
from xlqms.text import ascii_slug

CORRECTIONS_DIR = layout.CORRECTIONS_DIR   # DIR/out/corrections (the name kept here for scripts)
FINDINGS_SHEET = "Lỗi cần sửa"
ERROR_FILL = "FFC7CE"
WARNING_FILL = "FFEB9C"
AUTHOR = "xlqms"
RESEND_WORKING_DAYS = 5
"""A unit gets at least this many working days (Monday–Friday) to resend a corrected file."""
MAX_ANNOTATED_BYTES = 8 * 1024 * 1024
"""Uncompressed size of a workbook's parts past which no annotated copy is made. openpyxl holds every
cell of every sheet as an object: a return is well under 1 MB unpacked, while a sheet of 600.000 pasted
rows elsewhere in the workbook would need more memory than a reading worker may use, and the worker
dying would lose the reading of the file with the copy (:mod:`xlqms.isolation`). Measured: 330.000 small
cells (10 MB unpacked) were copied within the limit, 400.000 (12 MB) were not."""


def add_working_days(day: dt.date, count: int) -> dt.date:
    """``count`` working days (Monday–Friday) after ``day``; public holidays are not known to xlqms."""
    while count > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def resend_date(due: dt.date | None, received: dt.date, working_days: int = RESEND_WORKING_DAYS) -> dt.date:
    """The date by which a unit resends its corrected file: the round's Hạn nộp, but never sooner than
    ``working_days`` working days after the file was collected (``received``); with no Hạn nộp, that.

    31/07/2026 due, collected 10/07/2026 → 31/07/2026; collected 30/07/2026 (Thursday) → 06/08/2026.
    """
    earliest = add_working_days(received, working_days)
    return max(due, earliest) if due else earliest


def correction_file_name(unit_code: str | None, file_name: str) -> str:
    """``00004_So_bao_cao_can_sua.xlsx``: the unit, the name it arrived under, and "cần sửa"."""
    stem = ascii_slug(Path(file_name).stem) or "tep"
    unit = ascii_slug(unit_code or "") or "khong_ro"
    if unit_code and (unit != unit_code or unit_code != unit_code.upper()):
        # a code changed by the slug (X/1 → X_1) or in lower case could share its copy with another unit's
        unit += "_" + hashlib.sha256(unit_code.encode("utf-8")).hexdigest()[:6]
    if stem.startswith(f"{unit}_"):   # generated names already begin with the unit code
        return f"{stem}_can_sua.xlsx"
    return f"{unit}_{stem}_can_sua.xlsx"


def can_annotate(kind: str) -> bool:
    return kind == "xlsx"


def annotate_workbook(data: bytes, kind: str, findings, out_path, unit: str = "",
                      resend_by: dt.date | None = None) -> tuple[Path | None, Finding | None]:
    """Write the annotated copy of ``data`` to ``out_path``; (path, None) or (None, note why not).

    ``unit`` names the unit (“Phường Đoàn Kết (mã 03388)”) and ``resend_by`` the date by which to
    send the corrected file back, both written at the top of the sheet “Lỗi cần sửa”.
    """
    # openpyxl is loaded here, when a copy is made: collecting (most files clean) stays light
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill

    from xlqms.template_rows import fit_row_heights



    out_path = Path(out_path)
    if not can_annotate(kind):
        return None, finding(
            Code.ANNOTATION_UNAVAILABLE,
            "Không tạo được bản đánh dấu lỗi cho tệp .xls/.ods: xem danh sách lỗi ở lệnh xlqms status, "
            "hoặc đề nghị đơn vị lưu tệp dạng .xlsx.",
        )
    too_large = _too_large_to_annotate(data)
    if too_large:
        return None, finding(
            Code.ANNOTATION_UNAVAILABLE,
            f"Không tạo bản đánh dấu lỗi: {too_large}. Gửi đơn vị danh sách lỗi (xlqms status) thay cho bản đánh dấu.")
    try:
        with warnings.catch_warnings():    # openpyxl's notes on what another producer left out are not the user's
            warnings.simplefilter("ignore", UserWarning)
            book = load_workbook(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - the copy is a courtesy; its failure is a note
        return None, finding(Code.ANNOTATION_UNAVAILABLE, f"Không tạo được bản đánh dấu lỗi ({exc.__class__.__name__}).")
    fills = {Severity.ERROR: PatternFill("solid", fgColor=ERROR_FILL),
             Severity.WARNING: PatternFill("solid", fgColor=WARNING_FILL)}
    comments: dict[tuple[str, str], list[Finding]] = {}
    for item in findings:
        if item.severity is Severity.NOTE:
            continue
        sheet, cell = item.location.sheet, item.location.cell
        if sheet in book.sheetnames and cell and ":" not in cell:
            comments.setdefault((sheet, cell), []).append(item)
    for (sheet, cell), items in comments.items():
        target = book[sheet][cell]
        worst = Severity.ERROR if any(f.is_error for f in items) else Severity.WARNING
        target.fill = fills[worst]
        text = "\n".join(f"{f.severity.label}: {f.message}" for f in items)
        target.comment = Comment(text, AUTHOR, width=320, height=120)

    if FINDINGS_SHEET in book.sheetnames:
        del book[FINDINGS_SHEET]
    sheet = book.create_sheet(FINDINGS_SHEET, 0)
    sheet.sheet_properties.tabColor = "C00000"
    sheet.cell(1, 1, "Các lỗi cần sửa trong tệp này").font = Font(bold=True, size=13)
    who = f"Đơn vị: {unit}" if unit else ""
    when = f"gửi lại tệp đã sửa trước ngày {resend_by.strftime('%d/%m/%Y')}" if resend_by else ""
    write_text(sheet.cell(2, 1), " — ".join(part for part in (who, when) if part) or None)
    sheet.cell(2, 1).font = Font(bold=True, color="C00000")
    sheet.cell(3, 1, "Sửa các ô tô màu trong trang Kết quả (di chuột vào ô để xem ghi chú; cột “Đánh giá "
                     "(tự động)” ghi “Lỗi: …” ở dòng còn lỗi), lưu tệp và gửi lại cho thư ký ISO."
               ).font = Font(italic=True)
    header_row = 4
    headers = ("Ô", "Mức độ", "Chỉ tiêu", "Vấn đề và cách sửa")
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(header_row, column, header)
        cell.font = Font(bold=True)
    for row, item in enumerate(findings, start=header_row + 1):
        place = f"{item.location.sheet}!{item.location.cell}" if item.location.sheet and item.location.cell \
            else (item.location.sheet or "")
        for column, value in enumerate((place, item.severity.label, item.indicator or "", item.message), 1):
            cell = sheet.cell(row, column)
            write_text(cell, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if item.severity in fills:
                sheet.cell(row, 2).fill = fills[item.severity]
    for letter, width in zip("ABCD", (16, 10, 12, 80)):
        sheet.column_dimensions[letter].width = width
    fit_row_heights(sheet, header_row + 1, header_row + len(findings), auto=True)   # LibreOffice prints them whole
    sheet.freeze_panes = sheet.cell(header_row + 1, 1)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = "Trang &P/&N"
    book.active = 0
    for other in book.worksheets[1:]:
        other.sheet_view.tabSelected = False
    book.calculation.fullCalcOnLoad = True      # openpyxl keeps the formulas, not their values
    save_workbook_atomically(book, out_path)
    return out_path, None


def _too_large_to_annotate(data: bytes) -> str | None:
    """Why a workbook is too large for openpyxl to load within a worker's memory (its parts unpack past
    :data:`MAX_ANNOTATED_BYTES`, or its merged ranges cover more than
    :data:`xlqms.merge_extent.MAX_MERGED_CELLS` cells), in Vietnamese; None when it is not."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None               # left to openpyxl, whose failure is a note
    if unpacked > MAX_ANNOTATED_BYTES:
        return f"sổ quá lớn (giải nén ra {round(unpacked / 1048576)} MB, sổ báo cáo chỉ vài trăm KB)"
    merged = oversized_merge(io.BytesIO(data))
    if merged is not None:
        return f"vùng gộp ô {merged.range} của trang “{merged.sheet}” quá lớn"
    return None
