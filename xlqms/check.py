"""`xlqms check`: how every target of campaign.xlsx is read, every problem, and the `Cách hiểu` column.

``check_campaign(folder)`` reads the campaign as generate would (:func:`xlqms.campaign.inspect_campaign`),
and writes each indicator's reading into the `Cách hiểu` column of sheet Mục tiêu by replacing
campaign.xlsx atomically — keeping what the secretary wrote (other cells, formatting, column
widths, comments, other sheets). It never reads `Cách hiểu` back. When the file is open in a
spreadsheet application, cannot be written, or holds what a rewrite would lose (a formula's stored
result — campaign.xlsx is read by stored results —, shapes and text boxes, macros, controls…:
:mod:`xlqms.rewrite_losses`), the column is not written and the report says why.
Contract: "Readings stated explicitly".
"""

from __future__ import annotations

import os
import stat
import warnings
import zipfile
from copy import copy
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from xlqms import layout
from xlqms.campaign import IndicatorReading, Inspection, inspect_campaign
from xlqms.merge_extent import oversized_merge
from xlqms.numbers import format_number
from xlqms.rewrite_losses import rewrite_losses
from xlqms.spreadsheet import replace_atomically, write_text
from xlqms.targets import UNDERSTOOD_FORMS, reading_lines, short_reading
from xlqms.terminal import wrap
from xlqms.text import header_key, path_text

READING_WIDTH = 70


@dataclass(frozen=True)
class CheckReport:
    inspection: Inspection
    written: bool
    reason: str = ""              # why the Cách hiểu column was not written

    @property
    def readings(self) -> tuple[IndicatorReading, ...]:
        return self.inspection.readings

    @property
    def findings(self):
        return self.inspection.findings

    @property
    def has_errors(self) -> bool:
        return bool(self.inspection.errors)

    @property
    def refusals(self) -> list[IndicatorReading]:
        return [reading for reading in self.readings if reading.error is not None]

    @property
    def understood_forms(self) -> tuple[str, ...]:
        """The forms xlqms reads, once, when some target was refused."""
        return UNDERSTOOD_FORMS if self.refusals else ()

    def to_dict(self) -> dict:
        return {
            "file": str(self.inspection.path),
            "readings": [reading_dict(reading) for reading in self.readings],
            "findings": [finding.to_dict() for finding in self.findings],
            "errors": len(self.inspection.errors),
            "reading_column_written": self.written,
            "reason": self.reason or None,
            "understood_forms": list(self.understood_forms),
        }


def reading_text(reading: IndicatorReading) -> str:
    """What the `Cách hiểu` cell says for one indicator row."""
    if reading.target is not None:
        return short_reading(reading.target)
    error = reading.error
    text = "KHÔNG ĐỌC ĐƯỢC — " + str(error).split(": ", 1)[-1]
    return text


def reading_dict(reading: IndicatorReading) -> dict:
    data = {
        "row": reading.row, "cell": f"{layout.OBJECTIVES_SHEET}!{reading.cell}", "objective": reading.objective,
        "code": reading.code, "text": reading.text, "formal_column": reading.formal or None,
        "direction_column": reading.direction or None, "reading": reading_text(reading),
    }
    if reading.target is not None:
        target = reading.target.to_dict()
        data.update(target={key: target[key] for key in ("kind", "operator", "low", "high", "percent", "per_mille",
                                                           "better", "direction", "change_mode", "baseline",
                                                           "ratio", "deadline", "exceedable", "source", "formal")},
                    lines=[[label, text] for label, text in reading_lines(reading.target)])
    else:
        error = reading.error
        assert error is not None, "a row that was not read has its refusal"
        data.update(error={"code": error.code, "message": str(error), "fixes": list(error.fixes),
                           "split": list(error.split)})
    return data


def check_campaign(folder, write: bool = True) -> CheckReport:
    """Read ``folder/campaign.xlsx`` and (``write``) put the readings into its `Cách hiểu` column."""
    inspection = inspect_campaign(folder)
    if not write:
        return CheckReport(inspection, False, "không yêu cầu ghi")
    written, reason = write_readings(inspection)
    return CheckReport(inspection, written, reason)


def _blocked(path: Path) -> str:
    """Why campaign.xlsx cannot be replaced now ('' when it can). A campaign.xlsx that is a link (to a copy
    kept on a shared drive, say) is never replaced: a file in its place would cut it from the file the
    secretary edits, silently, and that file would never get the column."""
    if os.path.islink(path):
        return (f"{path.name} là liên kết (symlink) tới “{path_text(os.path.realpath(path))}” — xlqms không thay "
                "liên kết bằng một tệp; muốn có cột này, chạy xlqms check trên thư mục chứa tệp thật")
    for lock in (path.with_name(f".~lock.{path.name}#"), path.with_name(f"~${path.name}")):
        if lock.exists():
            return f"{path.name} đang mở trong một chương trình bảng tính (có tệp khóa {lock.name}) — đóng tệp rồi chạy lại"
    if not os.access(path, os.W_OK) or not path.stat().st_mode & stat.S_IWUSR:
        return f"{path.name} chỉ cho đọc (read-only)"
    if not os.access(path.parent, os.W_OK):
        return f"không ghi được vào thư mục {path.parent}"
    return ""


def write_readings(inspection: Inspection) -> tuple[bool, str]:
    """Write the `Cách hiểu` column of sheet Mục tiêu; (written, reason when not)."""
    sheet_name, header_row = inspection.objectives_sheet, inspection.header_row
    if sheet_name is None or header_row is None:
        return False, "không tìm thấy bảng Mục tiêu"
    path = inspection.path
    reason = _blocked(path)
    if reason:
        return False, reason
    merge = oversized_merge(path)       # openpyxl would make an object per merged cell: never open it then
    if merge is not None:
        return False, (f"trang {merge.sheet} của {path.name} có vùng gộp ô {merge.range} quá lớn "
                       f"({format_number(merge.cells)} ô bị gộp): bỏ gộp ô (Unmerge) vùng này, lưu lại rồi chạy lại")
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            book = load_workbook(path, rich_text=True)
        with zipfile.ZipFile(path) as archive:
            losses = rewrite_losses(archive, _first_formula(book), [str(item.message) for item in warned])
    except Exception as exc:  # noqa: BLE001 - any failure to open means: do not touch the file
        return False, f"không mở được {path.name} để ghi ({exc.__class__.__name__})"
    if losses:
        return False, (f"ghi cột vào {path.name} sẽ làm mất {'; '.join(losses)} — nên xlqms để nguyên tệp; "
                       "cách hiểu của từng chỉ tiêu đã in ở trên")
    sheet = book[sheet_name]
    column = None
    for cell in sheet[header_row]:
        if cell.value is not None and header_key(cell.value) == header_key(layout.OBJ_READING):
            column = cell.column
            break
    if column is None:
        column = max(sheet.max_column, max(inspection.columns.values(), default=0) + 1) + 1
        header = sheet.cell(header_row, column)
        header.value = layout.OBJ_READING
        neighbour = sheet.cell(header_row, column - 1)
        if neighbour.has_style:
            header._style = copy(neighbour._style)
        sheet.column_dimensions[get_column_letter(column)].width = READING_WIDTH
    for row in range(header_row + 1, sheet.max_row + 1):
        if sheet.cell(row, column).value is not None:
            sheet.cell(row, column).value = None
    wrap = Alignment(wrap_text=True, vertical="top")
    for reading in inspection.readings:
        cell = sheet.cell(reading.row, column)
        write_text(cell, reading_text(reading))
        cell.alignment = wrap
    try:
        replace_atomically(path, book.save)
    except OSError as exc:
        return False, f"không ghi được {path.name}: {exc.strerror or exc}"
    return True, ""


def _first_formula(book) -> str | None:
    """``Sheet!A1`` of the first formula cell of ``book`` (openpyxl, formulas kept), or None. openpyxl
    writes a formula without the result the spreadsheet application stored for it: a campaign.xlsx
    saved back with one would be read afterwards as if the cell were empty."""
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    return f"{sheet.title}!{cell.coordinate}"
    return None


def report_lines(report: CheckReport, width: int = 80) -> list[str]:
    """What `xlqms check` prints, in Vietnamese, each line at most ``width`` columns: every reading,
    the split rows proposed for compound lines, every problem, the understood forms once."""

    lines: list[str] = []

    def out(text, indent=""):
        lines.extend(wrap(text, width, indent=indent + "  ", first=indent) if text.strip() else [""])

    out(f"Cách xlqms hiểu {len(report.readings)} chỉ tiêu của {report.inspection.path}:")
    for reading in report.readings:
        code = f" · {reading.code}" if reading.code else ""
        out(f"{reading.cell} · mục tiêu {reading.objective}{code}: “{reading.text}”")
        if reading.formal:
            out(f"Cách đánh giá: “{reading.formal}”", "    ")
        split = reading.error.split if reading.error is not None else ()
        if reading.ok:
            out("→ " + reading_text(reading), "    ")
        elif not split:
            out("✗ " + reading_text(reading), "    ")
        else:
            out(f"✗ {len(split)} chỉ tiêu trong một dòng.", "    ")
            out(f"Thay dòng {reading.row} bằng các dòng sau (dòng thêm để trống TT):", "    ")
            for number, row in enumerate(split):
                out(f"{f'dòng {reading.row}' if number == 0 else 'thêm dòng'}: Chỉ tiêu = {row}", "      ")
    if report.findings:
        errors = sum(1 for finding in report.findings if finding.is_error)
        out(f"campaign.xlsx có {errors} lỗi cần sửa, {len(report.findings) - errors} cảnh báo:")
        for finding in report.findings:
            out(f"- {finding.severity.label}: {finding.describe()}")
    if report.understood_forms:
        out("Các cách viết chỉ tiêu xlqms hiểu (hoặc ghi cột Cách đánh giá):")
        for form in report.understood_forms:
            out(form, "    ")
    if report.written:
        out("Đã ghi cột “Cách hiểu” vào trang Mục tiêu của campaign.xlsx.")
    else:
        out(f"Chưa ghi cột “Cách hiểu”: {report.reason}.")
    return lines
