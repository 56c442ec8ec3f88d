"""The master template of unit workbooks: ``xlqms/workbook_templates/unit_template.xlsx``.

The template is an ordinary .xlsx a secretary may restyle in Excel or LibreOffice (fonts, colours,
widths, the header block, wording of the guide). xlqms finds everything in it by header text and
``{placeholders}``, never by fixed coordinates:

- on "Mục tiêu" the row holding the headers TT, Mục tiêu, Chỉ tiêu… is the table header; the row
  right below it is the style of every table row; rows further down are the footer (signatures),
  moved below the table;
- on "Kết quả" the row holding the :data:`xlqms.layout.RESULT_COLUMNS` headers is the table header;
  the first row below is the style of a row to fill, the second the style of a row not due this
  period (greyed); rows further down are the footer;
- any text may hold the placeholders of :data:`PLACEHOLDERS`, replaced in each unit's workbook
  by :mod:`xlqms.template_fill`.

Rebuild it reproducibly (this overwrites the file)::

    python -m xlqms.template                # xlqms/workbook_templates/unit_template.xlsx
    python -m xlqms.template OTHER.xlsx
"""

from __future__ import annotations

import datetime as dt
import sys
from importlib import resources
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter

from xlqms import layout
from xlqms.spreadsheet import save_workbook_atomically

PLACEHOLDERS = {
    "unit_name": "tên đơn vị, như trong campaign.xlsx (Phường Lộc An)",
    "UNIT_NAME": "tên đơn vị viết hoa, bỏ chữ “UBND” ở đầu (PHƯỜNG LỘC AN)",
    "unit_code": "mã đơn vị (27280)",
    "period": "kỳ báo cáo (6 tháng đầu năm)",
    "PERIOD": "kỳ báo cáo viết hoa (6 THÁNG ĐẦU NĂM)",
    "year": "năm (2026)",
    "period_year": "kỳ báo cáo và năm, không lặp chữ “năm” (6 tháng đầu năm 2026, Quý I năm 2026)",
    "PERIOD_YEAR": "kỳ báo cáo và năm, viết hoa",
    "campaign_id": "mã đợt báo cáo",
    "campaign_title": "tên đợt báo cáo",
    "due_date": "hạn nộp (31/07/2026), hoặc lời nhắc khi chưa đặt hạn",
    "contact": "nơi nhận báo cáo",
    "issuer": "cơ quan chủ trì đợt báo cáo",
    "ISSUER": "cơ quan chủ trì, viết hoa",
}

FONT_NAME = "Times New Roman"
INPUT_FILL = "FFF2CC"      # light yellow: cells to fill
LOCKED_FILL = "EDEDED"     # grey: not to fill
HEADER_FILL = "DDEBF7"     # pale blue: table headers

_THIN = Side(style="thin", color="000000")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

GUIDE_LINES = (
    ("title", "HƯỚNG DẪN ĐIỀN BÁO CÁO KẾT QUẢ THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG"),
    ("subtitle", "{campaign_title}"),
    ("", ""),
    ("text", "Đơn vị: {unit_name} (mã đơn vị {unit_code}) — Kỳ báo cáo: {period_year}."),
    ("text", "Hạn nộp: {due_date}."),
    ("text", "Nơi nhận báo cáo: {contact}."),
    ("", ""),
    ("heading", "1. Nhập ở đâu"),
    ("text", "Chỉ nhập vào các ô màu vàng của trang “Kết quả”. Các ô khác đã được khóa để tránh sửa nhầm."),
    ("text", "Trang “Mục tiêu” nhắc lại mục tiêu, chỉ tiêu và biện pháp áp dụng cho đơn vị, chỉ để xem."),
    ("heading", "2. Cách nhập kết quả"),
    ("text", "• Tỷ lệ phần trăm: nhập số phần trăm, ví dụ 95,7 (nghĩa là 95,7%). Không nhập 0,957. Nếu gõ "
             "“95,7%” (có dấu %), xlqms vẫn hiểu là 95,7% nhưng sẽ ghi chú để thư ký xem lại."),
    ("text", "• Tỷ lệ có tử số và mẫu số (ví dụ 1.540 hồ sơ đúng hạn trên tổng số 1.587 hồ sơ): nhập 1540 vào cột "
             "“Tử số” và 1587 vào cột “Mẫu số”, để trống cột “Kết quả”; tỷ lệ (97,04%) hiện ở cột “Giá trị tính "
             "được”. Tử số không lớn hơn Mẫu số; không phát sinh trường hợp nào thì nhập 0 và 0 (tính là Thiếu số "
             "liệu) và ghi rõ ở Thuyết minh. Ô Tử số, Mẫu số chỉ mở (màu vàng) ở chỉ tiêu là tỷ lệ."),
    ("text", "• Số lượng hoặc giá trị (lao động, tỷ đồng, số vụ…): nhập số vào cột “Kết quả”. Với chỉ tiêu dạng "
             "“18/18 chỉ tiêu”, nhập số đạt được (ví dụ 17) vào cột “Kết quả”, hoặc nhập Tử số và Mẫu số."),
    ("text", "• Chỉ tiêu định tính: chọn “Đạt” hoặc “Không đạt” trong danh sách ở cột “Kết quả”."),
    ("text", "• Chỉ tiêu tăng/giảm so với kỳ trước: nhập kết quả kỳ trước vào cột “Kết quả kỳ trước” (khi ô đó màu vàng)."),
    ("text", "• Ô để trống nghĩa là chưa có số liệu, không phải số 0. Kết quả bằng 0 thì nhập 0."),
    ("text", "• Dòng ghi “Chưa đánh giá”: chỉ tiêu chưa đến kỳ đánh giá, không cần nhập."),
    ("text", "• Cột “Thuyết minh”: ghi giải thích, nguyên nhân, nhất là khi chỉ tiêu không đạt."),
    ("heading", "3. Đánh giá tự động"),
    ("text", "Cột “Mức cần đạt” ghi mức chỉ tiêu yêu cầu; cột “Giá trị tính được” là giá trị đem so (ví dụ 97,04%); "
             "cột “Đánh giá (tự động)” hiện ngay Vượt / Đạt / Không đạt / Thiếu số liệu khi nhập xong — đúng như "
             "đánh giá khi tổng hợp. Dòng “Đã nhập …/… chỉ tiêu” phía trên bảng đếm số chỉ tiêu đã nhập."),
    ("text", "Khi ô nhập có lỗi (ví dụ Tử số lớn hơn Mẫu số, chữ thay cho số, số âm), cột đánh giá ghi “Lỗi: …” "
             "thay cho kết quả: sửa ô đó trước khi gửi, vì số liệu có lỗi không được tính khi tổng hợp."),
    ("heading", "4. Lưu và gửi"),
    ("text", "Không đổi tên trang, không chèn hay xóa dòng, cột. Có thể đổi tên tệp; "
             "tệp vẫn được nhận ra nhờ thông tin đơn vị lưu bên trong."),
    ("text", "Lưu dạng Excel (.xlsx) và gửi về {contact} trước {due_date}."),
)

OBJECTIVE_WIDTHS = (6, 34, 22, 44, 16, 22, 12)
RESULT_WIDTHS = {
    layout.RESULT_NUMBER: 4.5, layout.RESULT_OBJECTIVE: 6.5, layout.RESULT_OBJECTIVE_TITLE: 24,
    layout.RESULT_CODE: 8.5, layout.RESULT_TARGET: 24, layout.RESULT_LEVEL: 15, layout.RESULT_NUMERATOR: 9,
    layout.RESULT_DENOMINATOR: 9, layout.RESULT_VALUE: 10, layout.RESULT_BASELINE: 10, layout.RESULT_COMPUTED: 10,
    layout.RESULT_VERDICT: 17, layout.RESULT_EXPLANATION: 32,
}
RESULT_HEADERS = (
    layout.RESULT_NUMBER, layout.RESULT_OBJECTIVE, layout.RESULT_OBJECTIVE_TITLE, layout.RESULT_CODE,
    layout.RESULT_TARGET, layout.RESULT_LEVEL, layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR,
    layout.RESULT_VALUE, layout.RESULT_BASELINE, layout.RESULT_COMPUTED, layout.RESULT_VERDICT,
    layout.RESULT_EXPLANATION,
)
PAGE_FOOTER = "Trang &P/&N"
"""Every printed page is numbered: “Trang 1/2”."""


def template_bytes() -> bytes:
    """The master template shipped with xlqms (found through importlib.resources)."""
    return resources.files("xlqms.workbook_templates").joinpath(layout.UNIT_TEMPLATE_FILE).read_bytes()


def default_template_path() -> Path:
    """Where the template lives in a source checkout (what ``python -m xlqms.template`` rewrites)."""
    return Path(__file__).resolve().parent / "workbook_templates" / layout.UNIT_TEMPLATE_FILE


def _font(size=12, bold=False, italic=False, color=None) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic, color=color)


def _header_block(ws, last_column: int, title: str, subtitle: str) -> None:
    """Unit name left, national motto right, then the title: rows 1–5."""
    split = max(2, last_column // 3)
    left, right = f"A1:{get_column_letter(split)}1", f"{get_column_letter(split + 1)}1:{get_column_letter(last_column)}1"
    ws.merge_cells(left)
    ws.merge_cells(right)
    ws.merge_cells(left.replace("1", "2"))
    ws.merge_cells(right.replace("1", "2"))
    ws.merge_cells(left.replace("1", "3"))
    ws.merge_cells(right.replace("1", "3"))
    ws["A1"] = "ỦY BAN NHÂN DÂN"
    ws["A2"] = "{UNIT_NAME}"
    ws["A3"] = "———————"
    motto = ws.cell(1, split + 1, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    ws.cell(2, split + 1, "Độc lập – Tự do – Hạnh phúc")
    ws.cell(3, split + 1, "———————————")
    for row in (1, 2, 3):
        for column in (1, split + 1):
            cell = ws.cell(row, column)
            cell.alignment = Alignment(horizontal="center", vertical="center")
            cell.font = _font(12 if row < 3 else 10, bold=row < 3)
    ws["A1"].font = _font(12)
    motto.font = _font(12, bold=True)
    for row, text, font in ((4, title, _font(14, bold=True)), (5, subtitle, _font(12, italic=True))):
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last_column)
        cell = ws.cell(row, 1, text)
        cell.font = font
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[4].height = 24


def _table_header(ws, row: int, headers) -> None:
    for column, header in enumerate(headers, start=1):
        cell = ws.cell(row, column, header)
        cell.font = _font(11, bold=True)
        cell.fill = PatternFill("solid", start_color=HEADER_FILL)
        cell.border = _BOX
        cell.alignment = _CENTER
    ws.row_dimensions[row].height = 36


def _prototype_row(ws, row: int, headers, inputs=(), fill=None, centered=()) -> None:
    for column, header in enumerate(headers, start=1):
        cell = ws.cell(row, column)
        cell.font = _font(11)
        cell.border = _BOX
        cell.alignment = Alignment(horizontal="center", vertical="top", wrap_text=True) if header in centered else _WRAP_TOP
        colour = fill or (INPUT_FILL if header in inputs else None)
        if colour:
            cell.fill = PatternFill("solid", start_color=colour)
        cell.protection = Protection(locked=header not in inputs or fill is not None)


def _signature(ws, row: int, left_column: int, right_column: int, width: int, left: tuple, right: tuple) -> None:
    for offset, (left_text, right_text, font) in enumerate(zip(left, right, (
            _font(12, italic=True), _font(12, bold=True), _font(11, italic=True)))):
        for column, text in ((left_column, left_text), (right_column, right_text)):
            ws.merge_cells(start_row=row + offset, start_column=column, end_row=row + offset, end_column=column + width - 1)
            cell = ws.cell(row + offset, column, text)
            cell.font = font
            cell.alignment = Alignment(horizontal="center")


def build_template() -> Workbook:
    """The master template as an openpyxl workbook (every sheet, styles and placeholders)."""
    workbook = Workbook()
    guide = workbook.active
    guide.title = layout.GUIDE_SHEET
    guide.column_dimensions["A"].width = 4
    guide.column_dimensions["B"].width = 110
    for row, (kind, text) in enumerate(GUIDE_LINES, start=1):
        cell = guide.cell(row, 2, text or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top",
                                   horizontal="center" if kind in ("title", "subtitle") else None)
        cell.font = {
            "title": _font(14, bold=True), "subtitle": _font(12, italic=True),
            "heading": _font(12, bold=True, color="1F4E79"),
        }.get(kind, _font(12))
    guide.sheet_view.showGridLines = False
    guide.page_setup.orientation = "portrait"

    objectives = workbook.create_sheet(layout.UNIT_OBJECTIVES_SHEET)
    headers = layout.OBJECTIVE_COLUMNS
    _header_block(objectives, len(headers), "MỤC TIÊU CHẤT LƯỢNG NĂM {year}",
                  "Áp dụng cho {unit_name} — kỳ báo cáo {period_year}")
    for column, width in enumerate(OBJECTIVE_WIDTHS, start=1):
        objectives.column_dimensions[get_column_letter(column)].width = width
    _table_header(objectives, 7, headers)
    _prototype_row(objectives, 8, headers, centered=(layout.OBJ_NUMBER, layout.OBJ_DEADLINE))
    _signature(objectives, 10, 1, 5, 3, (None, "NGƯỜI LẬP", "(Ký, ghi rõ họ tên)"),
               ("……, ngày … tháng … năm {year}", "THỦ TRƯỞNG ĐƠN VỊ", "(Ký tên, đóng dấu)"))

    results = workbook.create_sheet(layout.RESULTS_SHEET)
    _header_block(results, len(RESULT_HEADERS), "BÁO CÁO KẾT QUẢ THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG",
                  "Kỳ báo cáo: {period_year}")
    for column, header in enumerate(RESULT_HEADERS, start=1):
        results.column_dimensions[get_column_letter(column)].width = RESULT_WIDTHS[header]
    identity = (
        (7, 1, layout.VISIBLE_UNIT_LABEL, 3, "{unit_name}"),
        (7, 6, layout.VISIBLE_UNIT_CODE_LABEL, 7, "{unit_code}"),
        (8, 1, layout.VISIBLE_PERIOD_LABEL, 3, "{period}"),
        (8, 6, layout.VISIBLE_CAMPAIGN_LABEL, 7, "{campaign_id}"),
    )
    for row, column, label, value_column, value in identity:
        results.merge_cells(start_row=row, start_column=column, end_row=row, end_column=value_column - 1)
        label_cell = results.cell(row, column, label)
        label_cell.font = _font(11, bold=True)
        label_cell.alignment = Alignment(horizontal="right")
        value_cell = results.cell(row, value_column, value)
        value_cell.font = _font(11)
    results.merge_cells(start_row=9, start_column=1, end_row=9, end_column=5)
    progress = results.cell(9, 1, layout.PROGRESS_PLACEHOLDER)
    progress.font = _font(11, italic=True, color="1F4E79")
    input_headers = layout.RESULT_INPUT_COLUMNS
    centered = (layout.RESULT_NUMBER, layout.RESULT_OBJECTIVE, layout.RESULT_CODE, layout.RESULT_VERDICT)
    _table_header(results, 10, RESULT_HEADERS)
    _prototype_row(results, 11, RESULT_HEADERS, inputs=input_headers, centered=centered)
    _prototype_row(results, 12, RESULT_HEADERS, fill=LOCKED_FILL, centered=centered)
    results.cell(11, RESULT_HEADERS.index(layout.RESULT_VERDICT) + 1).font = _font(11, bold=True)
    results.cell(12, RESULT_HEADERS.index(layout.RESULT_VERDICT) + 1).font = _font(11, italic=True, color="595959")
    _signature(results, 14, 2, 9, 4, (None, "NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"),
               ("……, ngày … tháng … năm {year}", "THỦ TRƯỞNG ĐƠN VỊ", "(Ký tên, đóng dấu)"))

    lists = workbook.create_sheet(layout.LISTS_SHEET)
    lists["A1"] = "Đánh giá"
    for row, value in enumerate(layout.PASS_FAIL_VALUES, start=2):
        lists.cell(row, 1, value)
    lists.sheet_state = "hidden"

    identity_sheet = workbook.create_sheet(layout.IDENTITY_SHEET)
    identity_sheet["A1"], identity_sheet["B1"] = "key", "value"
    identity_sheet.sheet_state = "veryHidden"
    for sheet in (objectives, results):
        sheet.sheet_view.showGridLines = False
        sheet.page_setup.orientation = "landscape"
    for sheet in (guide, objectives, results):
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_margins.left = sheet.page_margins.right = 0.5
        sheet.page_margins.top = sheet.page_margins.bottom = 0.6
        sheet.oddFooter.center.text = PAGE_FOOTER
        sheet.oddFooter.center.size = 10
    workbook.properties.creator = "xlqms"
    workbook.properties.title = "Mẫu báo cáo kết quả thực hiện Mục tiêu chất lượng"
    return workbook


def write_template(path=None) -> Path:
    """Rebuild the master template at ``path`` (default: the checkout's xlqms/workbook_templates/)."""

    path = Path(path) if path else default_template_path()
    workbook = build_template()
    # Fixed timestamps: rebuilding the template gives the same content every time.

    fixed = dt.datetime(2026, 1, 1)
    workbook.properties.created = workbook.properties.modified = fixed
    save_workbook_atomically(workbook, path)
    return path


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    path = write_template(argv[0] if argv else None)
    print(f"Đã ghi mẫu: {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

