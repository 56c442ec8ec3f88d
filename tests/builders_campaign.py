"""A small campaign.xlsx written by openpyxl (so any formula in it has no stored result), with rows
added to each sheet: for the tests of campaign.xlsx's formulas and of what `xlqms check` rewrites."""

from __future__ import annotations

from openpyxl import Workbook

from xlqms import layout

SETTINGS = [("Mục", "Giá trị"), ("Năm", 2026), ("Kỳ báo cáo", "Cả năm"), ("Mã đợt", "2026-FY-ct")]
UNITS = [("12", "Tỉnh Thử", "Tỉnh", None), ("03388", "Phường Một", "Phường", "12")]
OBJECTIVES = [("TT", "Mục tiêu", "Chỉ tiêu"),
              (1, "Giải quyết hồ sơ đúng hạn", "trên 95%"),
              (2, "Sự hài lòng của người dân", "≥ 98%")]


def build(folder, settings=(), units=(), objectives=()) -> None:
    """A campaign.xlsx written by openpyxl (so formulas have no stored result), the extra rows given
    appended to each sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = layout.SETTINGS_SHEET
    for row in SETTINGS + list(settings):
        sheet.append(row)
    sheet = book.create_sheet(layout.UNITS_SHEET)
    sheet.append(layout.UNIT_COLUMNS)
    for row in UNITS + list(units):
        sheet.append(row)
    sheet = book.create_sheet(layout.OBJECTIVES_SHEET)
    for row in OBJECTIVES + list(objectives):
        sheet.append(row)
    folder.mkdir(parents=True, exist_ok=True)
    book.save(folder / layout.CAMPAIGN_FILE)
