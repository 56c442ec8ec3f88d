"""campaign.xlsx written: the sheets Thiết lập, Đơn vị, Mục tiêu (and Đơn vị cũ) as a secretary edits them.

:func:`write_campaign_workbook` is the writer of `xlqms init` (:mod:`xlqms.scaffold`) and of every
campaign the tests and benchmarks build. It uses the names of :mod:`xlqms.layout`, the same ones
:func:`xlqms.campaign.read_campaign` reads: a title (row 1), a note in Vietnamese (row 2) and the
header in :data:`HEADER_ROW`, dropdowns and formats kept for :data:`SPARE_ROWS` rows below the data,
rows sized to their text.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from xlqms import layout
from xlqms.campaign import Settings
from xlqms.catalogue import PERIODS, STANDARD_CATALOGUE, CatalogueEntry
from xlqms.spreadsheet import save_workbook_atomically, write_text
from xlqms.text_fit import TextFont, needed_points
from xlqms.units import Unit

HEADER_ROW = 4          # 1-based row of every sheet's header (title in row 1, note in row 2)
SPARE_ROWS = 300        # rows below the data that keep the dropdowns and formats for new entries

_TITLE_FONT = {"bold": True, "size": 14, "color": "1F3864"}
_HEADER_FILL = "DDEBF7"
_OBJECTIVE_FILL = "F2F7FC"

SETTINGS_HELP = {
    layout.SETTING_YEAR: "Bắt buộc. Năm của mục tiêu chất lượng, ví dụ 2026.",
    layout.SETTING_PERIOD: "Bắt buộc. Chọn trong danh sách: " + ", ".join(PERIODS) + ".",
    layout.SETTING_TITLE: "Không bắt buộc. Tên đợt in trên sổ gửi đơn vị và trên báo cáo.",
    layout.SETTING_DUE: "Không bắt buộc. Ngày đơn vị phải nộp, dạng 31/07/2026.",
    layout.SETTING_CAMPAIGN_ID: "Do xlqms tạo. Không sửa sau khi đã gửi sổ cho đơn vị: sổ nộp về được nhận theo mã này.",
    layout.SETTING_ISSUER: "Cơ quan tổ chức đợt báo cáo (in trên sổ và báo cáo).",
    layout.SETTING_CONTACT: "Nơi đơn vị gửi sổ về: thư điện tử hoặc địa chỉ.",
    layout.SETTING_PREVIOUS: "Không bắt buộc. Thư mục của đợt báo cáo trước (tính từ thư mục đợt này, ví dụ "
                             "../dot-6-thang-2026): kết quả đợt đó được mang sang làm mức cơ sở và để so sánh.",
    layout.SETTING_SIGNER: "Không bắt buộc. Họ tên người ký báo cáo tổng hợp, ví dụ Nguyễn Văn A. "
                           "Để trống: dự thảo để chỗ tô vàng cho người ký điền.",
    layout.SETTING_SIGNER_TITLE: "Không bắt buộc. Chức vụ ký như trên văn bản, các dòng cách nhau dấu /, ví dụ "
                                 "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH hoặc TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH. "
                                 "Để trống: dự thảo ghi gợi ý tô vàng để sửa.",
    layout.SETTING_RECIPIENTS: "Không bắt buộc. Nơi nhận của báo cáo tổng hợp, mỗi nơi một dòng (Alt+Enter), ví dụ "
                               "UBND tỉnh; Sở Khoa học và Công nghệ; Lưu: VT, VP. Để trống: dự thảo để chỗ tô vàng.",
}
PREVIOUS_SETTING_HELP = "Chép từ đợt trước."

NOTES = {
    layout.SETTINGS_SHEET: (
        "Nhập ở cột “Giá trị”. Không đổi tên trang, tên cột và các mục ở cột “Mục”. "
        "“Năm” và “Kỳ báo cáo” là bắt buộc; “Kỳ báo cáo” chọn trong danh sách thả xuống."
    ),
    layout.UNITS_SHEET: (
        "Mỗi dòng một đơn vị. Mã đơn vị: dạng văn bản, giữ nguyên số 0 ở đầu (03388), không trùng nhau. "
        "Cấp: Tỉnh, Thành phố, Xã, Phường, Đặc khu, Huyện… (dùng được trong cột “Áp dụng cho” của trang Mục tiêu). "
        "Mã đơn vị cấp trên: mã của đơn vị tổng hợp báo cáo của đơn vị này; để trống với đơn vị cao nhất."
    ),
    layout.OLD_UNITS_SHEET: (
        "Chỉ điền khi có đơn vị đổi mã hoặc sáp nhập so với đợt trước. Mỗi dòng một đơn vị của đợt trước: "
        "Mã đơn vị cũ (mã ở đợt trước) và Mã đơn vị (mã của đơn vị tiếp nối ở đợt này). Nhiều đơn vị cũ sáp nhập "
        "vào một đơn vị: nhiều dòng cùng một Mã đơn vị; kết quả kỳ trước của chúng được gộp (tổng tử số / tổng mẫu "
        "số; số lượng được cộng). Đơn vị không ghi ở đây giữ nguyên mã."
    ),
    layout.OBJECTIVES_SHEET: (
        "Mỗi dòng một chỉ tiêu hoặc một biện pháp. Dòng có TT bắt đầu một mục tiêu; dòng để trống TT tiếp tục "
        "mục tiêu ở trên: điền “Chỉ tiêu” để thêm chỉ tiêu, điền “Biện pháp thực hiện” để thêm biện pháp. "
        "Chỉ tiêu viết như trong quyết định: trên 90%, ≥ 98%, 100%, 14-15%, 18/18 chỉ tiêu, "
        "tăng 1% so với năm {previous_year} (98,6%), … đạt yêu cầu. Mã chỉ tiêu: để trống để xlqms tự đặt (MT01, MT02.1…). "
        "Áp dụng cho: để trống = mọi đơn vị; hoặc các Cấp / Mã đơn vị, cách nhau dấu phẩy. "
        "Kỳ đánh giá: để trống = mọi kỳ; “Cả năm” = chỉ đánh giá cuối năm."
    ),
}

_UNIT_WIDTHS = {layout.UNIT_CODE: 14, layout.UNIT_NAME: 42, layout.UNIT_LEVEL: 12, layout.UNIT_PARENT: 20}
_OBJECTIVE_WIDTHS = {
    layout.OBJ_NUMBER: 6, layout.OBJ_TITLE: 44, layout.OBJ_TARGET: 28, layout.OBJ_MEASURE: 48,
    layout.OBJ_DEADLINE: 16, layout.OBJ_RESPONSIBLE: 24, layout.OBJ_NOTE: 18, layout.OBJ_CODE: 13,
    layout.OBJ_APPLIES_TO: 18, layout.OBJ_PERIODS: 16,
}
_LEVEL_SUGGESTIONS = ("Tỉnh", "Thành phố", "Xã", "Phường", "Đặc khu", "Huyện", "Quận", "Thị xã")



def write_campaign_workbook(path, settings: Settings, units: Iterable[Unit],
                            catalogue: Iterable[CatalogueEntry] = STANDARD_CATALOGUE,
                            objective_rows: list[tuple[dict, bool]] | None = None,
                            extra_settings: Iterable[tuple[str, object]] = (),
                            old_units_sheet: bool = False,
                            successions: Iterable[tuple[str, str]] = ()) -> Path:
    """Write campaign.xlsx (sheets Thiết lập, Đơn vị, Mục tiêu) atomically; return its path.

    The `Mục tiêu` sheet holds ``objective_rows`` when given — (column → value, is an objective's
    first row), as :func:`xlqms.objective_table.objective_sheet_rows` gives them — else ``catalogue``.
    ``extra_settings``: more (key, value) rows of Thiết lập, kept as they were. ``old_units_sheet``
    adds the sheet `Đơn vị cũ` with ``successions`` ((old code, new code) rows) — empty by default.
    """


    book = Workbook()
    _settings_sheet(book.active, settings, list(extra_settings))
    _units_sheet(book.create_sheet(layout.UNITS_SHEET), list(units))
    successions = list(successions)
    if old_units_sheet or successions:
        _old_units_sheet(book.create_sheet(layout.OLD_UNITS_SHEET), successions)
    rows = objective_rows if objective_rows is not None else catalogue_rows(tuple(catalogue))
    _objectives_sheet(book.create_sheet(layout.OBJECTIVES_SHEET), rows, settings)
    book.active = 0
    save_workbook_atomically(book, path)
    return Path(path)


def _styles():

    thin = Side(style="thin", color="8EA9C1")
    return {
        "title": Font(**_TITLE_FONT),
        "note": Font(italic=True, color="595959"),
        "header_font": Font(bold=True),
        "header_fill": PatternFill("solid", fgColor=_HEADER_FILL),
        "objective_fill": PatternFill("solid", fgColor=_OBJECTIVE_FILL),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "center": Alignment(wrap_text=True, vertical="center", horizontal="center"),
        "left": Alignment(horizontal="left", vertical="top"),
    }


def _frame(sheet, title: str, note: str, headers, widths) -> dict:
    """Title (row 1), note (row 2), styled header (HEADER_ROW), widths, frozen header, print setup."""


    style = _styles()
    last = get_column_letter(len(headers))
    write_text(sheet.cell(1, 1), title)
    sheet.cell(1, 1).font = style["title"]
    write_text(sheet.cell(2, 1), note)
    sheet.cell(2, 1).font = style["note"]
    sheet.cell(2, 1).alignment = style["wrap"]
    sheet.merge_cells(f"A2:{last}2")
    total_width = sum(widths.get(name, 14) for name in headers)
    sheet.row_dimensions[2].height = needed_points(note, total_width, TextFont.of(style["note"])) + 15
    for column, name in enumerate(headers, start=1):
        cell = sheet.cell(HEADER_ROW, column)
        write_text(cell, name)
        cell.font, cell.fill = style["header_font"], style["header_fill"]
        cell.border, cell.alignment = style["border"], style["center"]
        sheet.column_dimensions[get_column_letter(column)].width = widths.get(name, 14)
    _fit_row_height(sheet, HEADER_ROW)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return style


def _fit_row_height(sheet, row: int) -> None:
    """Set a row tall enough for its wrapped text (spreadsheets do not re-measure rows on opening)."""


    height = 18.0
    for cell in sheet[row]:
        if isinstance(cell.value, str) and cell.value:
            width = sheet.column_dimensions[get_column_letter(cell.column)].width or 10
            height = max(height, needed_points(cell.value, width, TextFont.of(cell.font)) + 3)
    sheet.row_dimensions[row].height = height


def _dropdown(sheet, values, cells: str, strict: bool, prompt: str) -> None:

    validation = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                                showErrorMessage=strict, showInputMessage=True)
    validation.promptTitle = "Gợi ý"
    validation.prompt = prompt
    if strict:
        validation.errorTitle = "Giá trị không hợp lệ"
        validation.error = "Chọn một giá trị trong danh sách: " + ", ".join(values)
    sheet.add_data_validation(validation)
    validation.add(cells)


def _settings_sheet(sheet, settings: Settings, extra: list[tuple[str, object]] | None = None) -> None:

    sheet.title = layout.SETTINGS_SHEET
    headers = (layout.SETTINGS_KEY, layout.SETTINGS_VALUE, "Hướng dẫn")
    style = _frame(sheet, "THIẾT LẬP ĐỢT BÁO CÁO MỤC TIÊU CHẤT LƯỢNG", NOTES[layout.SETTINGS_SHEET], headers,
                   {layout.SETTINGS_KEY: 22, layout.SETTINGS_VALUE: 46, "Hướng dẫn": 70})
    values = {
        layout.SETTING_YEAR: settings.year,
        layout.SETTING_PERIOD: settings.period,
        layout.SETTING_TITLE: settings.title or settings.display_title,
        layout.SETTING_DUE: settings.due_date,
        layout.SETTING_CAMPAIGN_ID: settings.campaign_id,
        layout.SETTING_ISSUER: settings.issuer,
        layout.SETTING_CONTACT: settings.contact,
        layout.SETTING_PREVIOUS: settings.previous,
        layout.SETTING_SIGNER: settings.signer,
        layout.SETTING_SIGNER_TITLE: settings.signer_title,
        layout.SETTING_RECIPIENTS: settings.recipients,
    }
    for offset, (key, value) in enumerate([*values.items(), *(extra or [])], start=1):
        row = HEADER_ROW + offset
        key_cell, value_cell, help_cell = sheet.cell(row, 1), sheet.cell(row, 2), sheet.cell(row, 3)
        write_text(key_cell, key)
        key_cell.font = style["header_font"]
        write_text(value_cell, value if value not in ("", None) else None)
        write_text(help_cell, SETTINGS_HELP.get(key, PREVIOUS_SETTING_HELP))
        help_cell.font = style["note"]
        for cell in (key_cell, value_cell, help_cell):
            cell.border, cell.alignment = style["border"], style["wrap"]
        if key == layout.SETTING_YEAR:
            value_cell.number_format = "0"
            value_cell.alignment = style["left"]
        elif key == layout.SETTING_DUE:
            value_cell.number_format = "DD/MM/YYYY"
            value_cell.alignment = style["left"]
        elif key == layout.SETTING_PERIOD:
            _dropdown(sheet, PERIODS, value_cell.coordinate, strict=True,
                      prompt="Chọn kỳ báo cáo của đợt này.")
        else:
            value_cell.number_format = "@"
        _fit_row_height(sheet, row)


def _units_sheet(sheet, units: list[Unit]) -> None:


    headers = layout.UNIT_COLUMNS
    style = _frame(sheet, "DANH SÁCH ĐƠN VỊ THAM GIA BÁO CÁO", NOTES[layout.UNITS_SHEET], headers, _UNIT_WIDTHS)
    text_columns = {headers.index(layout.UNIT_CODE) + 1, headers.index(layout.UNIT_PARENT) + 1}
    for column in text_columns:
        sheet.column_dimensions[get_column_letter(column)].number_format = "@"
    for offset, unit in enumerate(units, start=1):
        row = HEADER_ROW + offset
        for column, value in enumerate((unit.code, unit.name, unit.level, unit.parent or None), start=1):
            cell = sheet.cell(row, column)
            write_text(cell, value)
            cell.border, cell.alignment = style["border"], style["wrap"]
            if column in text_columns:
                cell.number_format = "@"
        _fit_row_height(sheet, row)
    last_row = HEADER_ROW + max(len(units), 1)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{last_row}"
    level_column = get_column_letter(headers.index(layout.UNIT_LEVEL) + 1)
    _dropdown(sheet, _LEVEL_SUGGESTIONS, f"{level_column}{HEADER_ROW + 1}:{level_column}{last_row + SPARE_ROWS}",
              strict=False, prompt="Chọn hoặc gõ cấp của đơn vị.")


def _old_units_sheet(sheet, successions: list[tuple[str, str]]) -> None:


    headers = layout.OLD_UNIT_COLUMNS
    style = _frame(sheet, "ĐƠN VỊ CŨ: ĐỔI MÃ, SÁP NHẬP SO VỚI ĐỢT TRƯỚC", NOTES[layout.OLD_UNITS_SHEET], headers,
                   {layout.OLD_UNIT_CODE: 18, layout.UNIT_CODE: 18})
    for column in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].number_format = "@"
    for offset, pair in enumerate(successions, start=1):
        for column, value in enumerate(pair, start=1):
            cell = sheet.cell(HEADER_ROW + offset, column)
            write_text(cell, value)
            cell.number_format = "@"
            cell.border, cell.alignment = style["border"], style["wrap"]


def catalogue_rows(catalogue: tuple[CatalogueEntry, ...]) -> list[tuple[dict, bool]]:
    """The `Mục tiêu` rows of catalogue entries, numbered 1, 2, 3…: (column → value, first row)."""
    rows = []
    for number, entry in enumerate(catalogue, start=1):
        height = max(len(entry.indicators), len(entry.measures), 1)
        for line in range(height):
            values: dict[str, object] = {}
            if line == 0:
                values.update({layout.OBJ_NUMBER: number, layout.OBJ_TITLE: entry.title,
                               layout.OBJ_APPLIES_TO: entry.applies_to, layout.OBJ_NOTE: entry.note})
            if line < len(entry.indicators):
                target, period = entry.indicators[line]
                values[layout.OBJ_TARGET] = target
                values[layout.OBJ_PERIODS] = period
                values[layout.OBJ_CODE] = entry.codes[line] if line < len(entry.codes) else ""
            if line < len(entry.measures):
                measure, deadline, responsible = entry.measures[line]
                values.update({layout.OBJ_MEASURE: measure, layout.OBJ_DEADLINE: deadline,
                               layout.OBJ_RESPONSIBLE: responsible})
            rows.append((values, line == 0))
    return rows


def _objectives_sheet(sheet, rows: list[tuple[dict, bool]], settings: Settings) -> None:


    headers = layout.OBJECTIVE_COLUMNS + layout.OBJECTIVE_OPTIONAL_COLUMNS
    title = f"MỤC TIÊU CHẤT LƯỢNG NĂM {settings.year}"
    note = NOTES[layout.OBJECTIVES_SHEET].replace("{previous_year}", str(settings.year - 1))   # the example's year
    style = _frame(sheet, title, note, headers, _OBJECTIVE_WIDTHS)
    sheet.page_setup.orientation = "landscape"
    position = {name: index for index, name in enumerate(headers, start=1)}
    row = HEADER_ROW
    for values, first in rows:
        row += 1
        for name, column in position.items():
            cell = sheet.cell(row, column)
            value = values.get(name)
            if name == layout.OBJ_NUMBER and isinstance(value, str) and value.isdigit():
                value = int(value)          # a TT typed as a number, as the secretary would
            write_text(cell, value if value not in ("", None) else None)
            cell.border, cell.alignment = style["border"], style["wrap"]
            if first:
                cell.fill = style["objective_fill"]
            if name == layout.OBJ_NUMBER:
                cell.alignment = style["center"]
                cell.font = style["header_font"]
            elif name in (layout.OBJ_CODE, layout.OBJ_APPLIES_TO, layout.OBJ_PERIODS):
                cell.number_format = "@"
        _fit_row_height(sheet, row)
    periods_column = get_column_letter(position[layout.OBJ_PERIODS])
    _dropdown(sheet, PERIODS, f"{periods_column}{HEADER_ROW + 1}:{periods_column}{row + SPARE_ROWS}",
              strict=False, prompt="Để trống = đánh giá mọi kỳ; “Cả năm” = chỉ đánh giá cuối năm.")
