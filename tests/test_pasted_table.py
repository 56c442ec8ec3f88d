"""The paste path reads every table layout the decision import reads, the same way (xlqms.pasted_table).

Each case is one objectives table written once as rows (``UP``: the cell continues the one above,
``LEFT``: it is merged into the cell on its left) and built twice: as a decision (.docx, python-docx,
`xlqms init --from`) and as the same table pasted into the `Mục tiêu` sheet of campaign.xlsx
(openpyxl: the merged ranges and line breaks a paste from Word leaves, only the top-left cell of a
range holding text). Both campaigns must give the same objectives, indicators (code, text and how
the target is read), measures (deadline, responsibility) and notes.
"""

from __future__ import annotations

import shutil

import pytest
from builders_paste import copy_sheet, replace_objectives_sheet
from openpyxl import load_workbook
from openpyxl.styles import Alignment

from xlqms import layout
from xlqms.campaign import inspect_campaign, read_campaign
from xlqms.pasted_table import read_pasted_rows, sheet_table
from xlqms.scaffold import scaffold_campaign

TITLE = "MỤC TIÊU CHẤT LƯỢNG NĂM 2025"
HEADER = ("TT", "Mục tiêu", "Chỉ tiêu", "Biện pháp thực hiện", "Thời gian hoàn thành", "Trách nhiệm thực hiện",
          "Ghi chú")


def cases(b):
    """name → rows of the table (b.UP / b.LEFT for merged cells), as offices lay them out."""
    up, left = b.UP, b.LEFT
    return {
        # no Chỉ tiêu: each Mục tiêu cell names the objective, then lists its indicators
        "listed_in_title": (
            ("TT", "Mục tiêu chất lượng", "Kế hoạch thực hiện", "Người/bộ phận thực hiện", "Thời hạn"),
            ("1", "Giải quyết thủ tục hành chính đúng hạn:\n- Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 95%\n"
                  "- Tỷ lệ hồ sơ giải quyết trước hạn đạt trên 50%", "Theo dõi hồ sơ trên hệ thống",
             "Bộ phận một cửa", "Hàng tuần"),
            ("2", "Sự hài lòng của người dân\n+ Mức độ hài lòng đạt từ 90% trở lên\n  khi khảo sát", "Khảo sát",
             "Văn phòng", "Quý IV"),
            ("3", "Văn bản đi được ký số 100%", "Ký số", "Văn phòng", "Thường xuyên")),
        # several indicator names in Mục tiêu, one level each in Chỉ tiêu
        "names_beside_levels": (
            HEADER,
            ("1", "Giải quyết hồ sơ TTHC:\n- Tỷ lệ hồ sơ giải quyết đúng hạn\n- Tỷ lệ hồ sơ giải quyết trước hạn",
             "≥ 97,5%\n≥ 50%", "Theo dõi hồ sơ", "Hàng tuần", "Bộ phận Một cửa", ""),
            ("2", "Nâng cao chất lượng:\n- cải cách TTHC\n- ứng dụng CNTT", "100% văn bản ký số", "Ký số",
             "Thường xuyên", "Văn phòng", "")),
        # the indicator named in Chỉ tiêu, its unit (ĐVT) and level in columns of their own
        "level_and_unit_columns": (
            ("STT", "Mục tiêu", "Chỉ tiêu", "ĐVT", "Kế hoạch năm 2025", "Biện pháp", "Thời gian", "Trách nhiệm"),
            ("1", "Giải quyết TTHC đúng hạn", "Tỷ lệ hồ sơ đúng hạn", "%", "≥ 97,5", "Theo dõi", "Hằng tuần",
             "Một cửa"),
            ("2", "Số hóa hồ sơ", "Số hồ sơ được số hóa", "hồ sơ", "1.540", "Số hóa", "Thường xuyên", "Một cửa"),
            ("3", "Ký số văn bản", "Tỷ lệ văn bản đi được ký số", "%", "100", "Ký số", "Thường xuyên",
             "Văn phòng")),
        "level_column_without_unit": (
            ("TT", "Mục tiêu", "Chỉ tiêu", "Mức chỉ tiêu", "Biện pháp thực hiện", "Trách nhiệm"),
            ("1", "Thu ngân sách", "Tổng thu ngân sách trên địa bàn", "1.100 tỷ đồng", "Đôn đốc thu", "Tài chính"),
            ("2", "Hài lòng", "Mức độ hài lòng của người dân", "trên 90%", "Khảo sát", "Văn phòng")),
        # a two-row header: Thời gian over Bắt đầu / Kết thúc, Trách nhiệm over Chủ trì / Phối hợp
        "start_and_end": (
            ("STT", "Mục tiêu", "Chỉ tiêu", "Biện pháp", "Thời gian", left, "Trách nhiệm", left),
            (up, up, up, up, "Bắt đầu", "Kết thúc", "Chủ trì", "Phối hợp"),
            ("1", "Hồ sơ đúng hạn", "Trên 95%", "Theo dõi", "01/2025", "12/2025", "Một cửa", "Văn phòng"),
            (up, up, up, "Công khai kết quả", up, up, up, up),
            ("2", "Văn bản ký số", "100%", "Ký số", "01/2025", "", "Văn phòng", "")),
        # a cell spanning two columns and merged down
        "span_and_merge": (
            HEADER,
            ("1", "Hồ sơ đúng hạn", "Trên 95%", "Theo dõi hồ sơ", "Cả năm", left, ""),
            (up, up, up, "Công khai kết quả", up, up, ""),
            ("2", "Văn bản ký số", "100%", "Ký số", "Thường xuyên", "Văn phòng", "")),
        # section rows across the table, objectives numbered anew under each
        "sections_numbered_anew": (
            HEADER,
            ("I. VĂN PHÒNG HĐND VÀ UBND XÃ", left, left, left, left, left, left),
            ("1", "Văn bản đi được ký số", "100%", "Ký số", "Thường xuyên", "Văn phòng", ""),
            ("2", "Hồ sơ lưu trữ đúng quy định", "100%", "Lập hồ sơ", "Thường xuyên", "Văn phòng", ""),
            ("II. CÔNG AN XÃ", left, left, left, left, left, left),
            ("1", "Hồ sơ cư trú giải quyết đúng hạn", "100%", "Giải quyết hồ sơ", "Thường xuyên", "Công an xã", "Mới")),
        "sections_numbered_on": (
            HEADER,
            ("A. CẢI CÁCH HÀNH CHÍNH", left, left, left, left, left, left),
            ("1", "Hồ sơ TTHC giải quyết đúng hạn", "Trên 95%", "Theo dõi", "Hằng tuần", "Một cửa", ""),
            ("B. CHUYỂN ĐỔI SỐ", left, left, left, left, left, left),
            ("2", "Văn bản đi được ký số", "100%", "Ký số", "Thường xuyên", "Văn phòng", "")),
        # TT and Mục tiêu merged over rows that each name one indicator; a measure's deadline merged
        "merged_tt_named_indicators": (
            HEADER,
            ("1", "Hồ sơ TTHC đúng hạn", "trên 95%", "Theo dõi", "Hàng tuần", "Một cửa", ""),
            (up, "Hồ sơ TTHC trước hạn", "trên 50%", "Nhắc việc", up, "Một cửa", ""),
            ("2", "Phản ánh, kiến nghị được xử lý", "100%", "Tiếp nhận", "Thường xuyên", "Văn phòng", "")),
        # numbers as typed, the number again in Mục tiêu, a row broken over a page, a closing row
        "typed_numbers_and_broken_rows": (
            HEADER,
            ("(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"),
            ("MT.01", "1. Hồ sơ giải quyết\nđúng hạn", "- Trên 95% hồ sơ đúng hạn\n- Dưới 2% hồ sơ trễ hạn",
             "Theo dõi tiến độ", "Hàng tuần", "Công chức Văn phòng - Thống kê", ""),
            ("(2)", "Mức độ hài lòng của tổ chức, cá nhân đối với", "Tăng 1% so với", "Khảo sát", "Quý IV",
             "Văn phòng", ""),
            ("", "sự phục vụ của cơ quan hành chính", "năm 2024 (98,6%)", "", "", "", ""),
            ("3", "Văn bản điện tử được ký số", "100% văn bản đi\n100% văn bản đến", "Ký số", "Thường xuyên",
             "Lãnh đạo UBND", ""),
            ("TM. ỦY BAN NHÂN DÂN", "", "", "", "", "", "")),
        # no TT column: objectives numbered in order
        "without_tt": (
            ("Nội dung mục tiêu", "Chỉ tiêu cần đạt", "Giải pháp thực hiện", "Đơn vị chủ trì", "Thời hạn"),
            ("Giải quyết hồ sơ đúng hạn", "Trên 95%", "Theo dõi", "Một cửa", "Cả năm"),
            ("Ký số văn bản đi", "100%", "Ký số", "Văn phòng", "Thường xuyên")),
        # columns not read beside the objectives' ones
        "wide_table": (
            ("STT", "Các mục tiêu", "Giá trị mục tiêu", "Kế hoạch hành động", "Bộ phận chủ trì", "Thời hạn",
             "Phương pháp đo", "Tần suất theo dõi"),
            ("1", "Giải quyết hồ sơ TTHC đúng hạn", "Trên 95%", "Theo dõi hồ sơ", "Bộ phận một cửa", "31/12/2025",
             "Số hồ sơ đúng hạn / tổng số hồ sơ", "Hàng tháng"),
            ("2", "Hồ sơ trực tuyến toàn trình", "Từ 60% trở lên", "Hướng dẫn người dân", "Công chức một cửa",
             "31/12/2025", "Thống kê phần mềm", "Hàng quý")),
    }


def merges(b, rows):
    """The merged ranges a paste of ``rows`` makes: (first row, first column, last row, last column), 1-based."""
    ranges = []
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value in (b.UP, b.LEFT):
                continue
            right = c
            while right + 1 < len(row) and row[right + 1] == b.LEFT:
                right += 1
            bottom = r
            while bottom + 1 < len(rows) and c < len(rows[bottom + 1]) and rows[bottom + 1][c] == b.UP:
                bottom += 1
            if right > c or bottom > r:
                ranges.append((r + 1, c + 1, bottom + 1, right + 1))
    return ranges


def write_pasted(b, sheet, rows, title_row: bool):
    """The table as it lands in a sheet pasted from Word: text, line breaks kept (wrapped), merges."""
    offset = 0
    if title_row:
        sheet.cell(1, 1, TITLE)
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
        offset = 1
    for r, row in enumerate(rows, start=1 + offset):
        for c, value in enumerate(row, start=1):
            if value in (b.UP, b.LEFT) or value == "":
                continue
            cell = sheet.cell(r, c, value)
            if "\n" in value:
                cell.alignment = Alignment(wrap_text=True)
    for top, left, bottom, right in merges(b, rows):
        sheet.merge_cells(start_row=top + offset, start_column=left, end_row=bottom + offset, end_column=right)


def what_it_gives(campaign):
    return [(o.number, o.title, o.note,
             [(i.code, i.text, i.target.describe()) for i in o.indicators],
             [(m.text, m.deadline, m.responsible, m.note) for m in o.measures])
            for o in campaign.objectives]


def decision_and_paste(b, tmp_path, rows, title_row=False):
    header = b.TwoColumns(("ỦY BAN NHÂN DÂN", "XÃ CÁT TIẾN", "Số: 05/QĐ-UBND"),
                          ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"))
    decision = b.write_decision(tmp_path / "qd.docx", [header, b.Para(TITLE), b.Table(tuple(rows))])
    scaffold_campaign(tmp_path / "decision", decision=decision)
    paste_into(b, tmp_path / "decision", tmp_path / "pasted", rows, title_row)
    return read_campaign(tmp_path / "decision"), read_campaign(tmp_path / "pasted")


def paste_into(b, source, folder, rows, title_row=False):
    """A copy of the campaign ``source`` whose `Mục tiêu` sheet is ``rows`` as pasted from Word."""
    replace_objectives_sheet(source, folder, lambda sheet: write_pasted(b, sheet, rows, title_row))


CASE_NAMES = ["listed_in_title", "names_beside_levels", "level_and_unit_columns", "level_column_without_unit",
              "start_and_end", "span_and_merge", "sections_numbered_anew", "sections_numbered_on",
              "merged_tt_named_indicators", "typed_numbers_and_broken_rows", "without_tt", "wide_table"]


@pytest.mark.parametrize("title_row", [False, True])
@pytest.mark.parametrize("name", CASE_NAMES)
def test_a_pasted_table_gives_the_campaign_init_from_gives(build_decisions, tmp_path, name, title_row):
    rows = cases(build_decisions)[name]
    from_decision, pasted = decision_and_paste(build_decisions, tmp_path, rows, title_row)
    assert what_it_gives(from_decision), name                 # the case gives objectives at all
    assert what_it_gives(pasted) == what_it_gives(from_decision)


def test_what_the_cases_read_as(build_decisions, tmp_path):
    """A few readings spelled out, so that parity cannot hold by both paths reading nothing."""
    b = build_decisions
    _, levels = decision_and_paste(b, tmp_path / "levels", cases(b)["level_and_unit_columns"])
    assert [i.text for i in levels.indicators] == ["Tỷ lệ hồ sơ đúng hạn: ≥ 97,5%", "Số hồ sơ được số hóa: 1.540 hồ sơ",
                                                   "Tỷ lệ văn bản đi được ký số: 100%"]
    _, sections = decision_and_paste(b, tmp_path / "sections", cases(b)["sections_numbered_anew"])
    assert [(o.number, o.note) for o in sections.objectives] == [
        ("1", "Thuộc: I. VĂN PHÒNG HĐND VÀ UBND XÃ"), ("2", "Thuộc: I. VĂN PHÒNG HĐND VÀ UBND XÃ"),
        ("3", "Thuộc: II. CÔNG AN XÃ\nMới")]
    _, listed = decision_and_paste(b, tmp_path / "listed", cases(b)["listed_in_title"])
    assert [(i.code, i.text) for i in listed.objectives[0].indicators] == [
        ("MT01.1", "Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 95%"), ("MT01.2", "Tỷ lệ hồ sơ giải quyết trước hạn đạt trên 50%")]
    _, typed = decision_and_paste(b, tmp_path / "typed", cases(b)["typed_numbers_and_broken_rows"])
    assert [(o.number, o.title) for o in typed.objectives] == [
        ("1", "Hồ sơ giải quyết đúng hạn"),
        ("2", "Mức độ hài lòng của tổ chức, cá nhân đối với sự phục vụ của cơ quan hành chính"),
        ("3", "Văn bản điện tử được ký số")]
    assert typed.objectives[1].indicators[0].text == "Tăng 1% so với năm 2024 (98,6%)"
    _, span = decision_and_paste(b, tmp_path / "span", cases(b)["start_and_end"])
    assert [(m.text, m.deadline, m.responsible) for m in span.objectives[0].measures] == [
        ("Theo dõi", "Bắt đầu: 01/2025\nKết thúc: 12/2025", "Một cửa\nPhối hợp: Văn phòng"),
        ("Công khai kết quả", "Bắt đầu: 01/2025\nKết thúc: 12/2025", "Một cửa\nPhối hợp: Văn phòng")]


def test_what_the_paste_path_passes_over_is_said_with_its_cell(build_decisions, tmp_path):
    b = build_decisions
    _, pasted = decision_and_paste(b, tmp_path, cases(b)["typed_numbers_and_broken_rows"], title_row=True)
    said = {(f.code, f.location.sheet, f.location.cell) for f in pasted.warnings}
    assert ("pasted-header-row", layout.OBJECTIVES_SHEET, "A3") in said        # (1) (2) (3)… under the header
    assert ("row-continued", layout.OBJECTIVES_SHEET, "C6") in said            # Chỉ tiêu broken over a page
    assert ("targets-split", layout.OBJECTIVES_SHEET, "C4") in said
    assert ("table-end", layout.OBJECTIVES_SHEET, "A8") in said


def test_without_chi_tieu_the_readings_and_what_is_said_point_at_the_muc_tieu_cells(build_decisions, tmp_path):
    b = build_decisions
    _, pasted = decision_and_paste(b, tmp_path, cases(b)["listed_in_title"])
    inspection = inspect_campaign(tmp_path / "pasted")
    assert [reading.cell for reading in inspection.readings] == ["B2", "B2", "B3", "B4"]
    assert {(f.code, f.location.cell) for f in pasted.warnings} >= {
        ("targets-from-title-list", "B2"), ("targets-split", "B2"), ("targets-from-titles", "A1")}


def test_a_repeated_tt_without_sections_is_still_the_secretarys_to_fix(build_decisions, tmp_path):
    b = build_decisions
    rows = (HEADER, ("1", "Hồ sơ đúng hạn", "Trên 95%", "Theo dõi", "Hàng tuần", "Một cửa", ""),
            ("1", "Văn bản ký số", "100%", "Ký số", "Thường xuyên", "Văn phòng", ""))
    from_decision, _ = decision_and_paste(b, tmp_path, rows[:2])
    folder = tmp_path / "dup"
    paste_into(b, from_decision.folder, folder, rows)
    inspection = inspect_campaign(folder)
    assert ("duplicate-objective", "A3") in [(f.code, f.location.cell) for f in inspection.findings if f.is_error]
    assert "objectives-renumbered" not in {f.code for f in inspection.findings}


# ---------------------------------------------------------------------------------------------
# read_pasted_rows on rows as read (no file)

ROW_HEADER = [layout.OBJ_NUMBER, layout.OBJ_TITLE, layout.OBJ_TARGET, layout.OBJ_MEASURE, layout.OBJ_DEADLINE,
              layout.OBJ_RESPONSIBLE]
COLUMNS = {name: index for index, name in enumerate(ROW_HEADER)}


def test_pasted_rows_take_the_clean_form():
    rows = [ROW_HEADER,
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            ["1.", "Giải quyết hồ sơ\nđúng hạn", "- trên 95% đúng hạn\n- trên 50% trước hạn", "Theo dõi", "Hàng tuần",
             "Một cửa"],
            ["", "", "", "Công khai kết quả", "", ""],                    # deadline / responsible merged above
            ["02", "Hài lòng", "Tăng 1% so với năm 2024 (theo", "Khảo sát", "Quý II", "Văn phòng"],
            ["", "", "số liệu của phần mềm) (96%)", "", "", ""],
            ["II", "CẢI CÁCH HÀNH CHÍNH", "", "", "", ""]]
    merged = [((2, 4), (3, 4)), ((2, 5), (3, 5)), ((2, 0), (3, 0))]
    data, findings = read_pasted_rows(rows, 0, COLUMNS, merged, "campaign.xlsx", "Mục tiêu")
    assert data == [
        (2, {"TT": "1", "Mục tiêu": "Giải quyết hồ sơ đúng hạn", "Ghi chú": ""}),
        (2, {"Chỉ tiêu": "trên 95% đúng hạn"}), (2, {"Chỉ tiêu": "trên 50% trước hạn"}),
        (2, {"Biện pháp thực hiện": "Theo dõi", "Thời gian hoàn thành": "Hàng tuần", "Trách nhiệm thực hiện": "Một cửa",
             "Ghi chú": ""}),
        (3, {"Biện pháp thực hiện": "Công khai kết quả", "Thời gian hoàn thành": "Hàng tuần",   # filled down
             "Trách nhiệm thực hiện": "Một cửa", "Ghi chú": ""}),
        (4, {"TT": "2", "Mục tiêu": "Hài lòng", "Ghi chú": ""}),
        (4, {"Chỉ tiêu": "Tăng 1% so với năm 2024 (theo số liệu của phần mềm) (96%)"}),
        (4, {"Biện pháp thực hiện": "Khảo sát", "Thời gian hoàn thành": "Quý II", "Trách nhiệm thực hiện": "Văn phòng",
             "Ghi chú": ""}),
    ]
    assert {(f.code, f.location.cell) for f in findings} == {("pasted-header-row", "A2"), ("targets-split", "C3"),
                                                     ("row-continued", "C6"), ("section-heading", "A7")}
    assert rows[3][4] == ""                                        # the caller's rows are not modified


def test_covered_cells_of_a_merge_are_blank_even_when_they_hold_a_value():
    rows = [ROW_HEADER, ["1", "A", "trên 90%", "M1", "Quý I", "VP"], ["1", "A", "trên 90%", "M2", "Quý II", "VP"]]
    data, _ = read_pasted_rows(rows, 0, COLUMNS, [((1, 0), (2, 0)), ((1, 1), (2, 1)), ((1, 2), (2, 2))])
    assert [(values.get("TT"), values.get("Chỉ tiêu"), values.get("Biện pháp thực hiện")) for _i, values in data] == [
        ("1", None, None), (None, "trên 90%", None), (None, None, "M1"), (None, None, "M2")]


def test_a_sheet_table_keeps_spans_and_vertical_merges():
    rows = [["TT", "Mục tiêu", "Thời gian", ""], ["1", "A", "Cả năm", ""], ["", "", "", ""]]
    table = sheet_table(rows, 0, [((0, 2), (0, 3)), ((1, 2), (2, 3))])
    assert [(c.column, c.span, c.text, c.continues_merge) for c in table.rows[0].cells] == [
        (0, 1, "TT", False), (1, 1, "Mục tiêu", False), (2, 2, "Thời gian", False)]
    assert [(c.column, c.span, c.continues_merge) for c in table.rows[2].cells][-1] == (2, 2, True)
    assert [row.number for row in table.rows] == [1, 2, 3]


# ---------------------------------------------------------------------------------------------
# The plan table (Phụ lục II) pasted below the objectives table (Phụ lục I)

@pytest.mark.parametrize("key", range(3))
def test_a_plan_table_pasted_below_gives_each_objective_its_measures(build_decisions, tmp_path, key):
    b = build_decisions
    plan = b.plan_rows(b.PLAN_KEYS[key])
    header = b.TwoColumns(("ỦY BAN NHÂN DÂN", "XÃ CÁT TIẾN"), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",))
    decision = b.write_decision(tmp_path / "qd.docx", [header, b.Para("PHỤ LỤC I"), b.Para(TITLE),
                                                       b.Table(b.APPENDIX_OBJECTIVES), b.PageBreak(), b.Para("PHỤ LỤC II"),
                                                       b.Para("KẾ HOẠCH THỰC HIỆN MỤC TIÊU"), b.Table(plan)])
    scaffold_campaign(tmp_path / "decision", decision=decision)
    # both tables pasted one under the other, the appendix's title lines between them in column A
    width = len(plan[0])
    between = (("",) * width, ("PHỤ LỤC II",) + ("",) * (width - 1), ("KẾ HOẠCH THỰC HIỆN MỤC TIÊU",) + ("",) * (width - 1))
    rows = tuple(row + ("",) * (width - len(row)) for row in b.APPENDIX_OBJECTIVES) + between + plan
    paste_into(b, tmp_path / "decision", tmp_path / "pasted", rows)
    from_decision, pasted = read_campaign(tmp_path / "decision"), read_campaign(tmp_path / "pasted")
    assert [[(m.text, m.deadline, m.responsible) for m in o.measures] for o in pasted.objectives] == [
        [("Theo dõi hồ sơ", "Hằng tuần", "Một cửa"), ("Công khai kết quả", "Hằng tuần", "Văn phòng")],
        [("Ký số văn bản", "Thường xuyên", "Văn phòng")]]
    assert what_it_gives(pasted) == what_it_gives(from_decision)
    assert ("plan-table", "A7") in {(f.code, f.location.cell) for f in pasted.warnings}


def test_a_plan_that_names_no_objective_is_said_with_what_to_do(build_decisions, tmp_path):
    b = build_decisions
    plan = (("STT", "Biện pháp thực hiện", "Thời gian hoàn thành", "Trách nhiệm thực hiện"),
            ("1", "Theo dõi hồ sơ", "Hằng tuần", "Một cửa"), ("2", "Ký số văn bản", "Thường xuyên", "Văn phòng"))
    decision = b.write_decision(tmp_path / "qd.docx", [b.Para(TITLE), b.Table(b.APPENDIX_OBJECTIVES)])
    scaffold_campaign(tmp_path / "decision", decision=decision)
    paste_into(b, tmp_path / "decision", tmp_path / "pasted", b.APPENDIX_OBJECTIVES + (("",) * 5,) + plan)
    pasted = inspect_campaign(tmp_path / "pasted")
    assert pasted.campaign is not None and [len(o.measures) for o in pasted.campaign.objectives] == [0, 0]
    said = next(f for f in pasted.findings if f.code == "measures-not-placed")
    assert said.location.sheet == layout.OBJECTIVES_SHEET and said.location.cell == "A5"
    assert "dòng 6: “Theo dõi hồ sơ”" in said.message and "ở dòng của mục tiêu" in said.message


def _level_columns_pasted(b, tmp_path, name: str):
    """The campaign folder ``name`` whose Mục tiêu is the level-and-unit-columns table as pasted."""
    rows = cases(b)["level_and_unit_columns"]
    from_decision, _ = decision_and_paste(b, tmp_path, rows)
    folder = tmp_path / name
    paste_into(b, from_decision.folder, folder, rows)
    return folder


def test_numbers_the_spreadsheet_made_of_the_pasted_text_are_read_in_vietnamese_and_said(build_decisions, tmp_path):
    """A vi-VN Excel pastes "97,5" as the number 97.5 and "97,5%" as 0.975 (formatted %): xlqms sees the
    number only. 97.5 beside a % unit reads as 97,5% (never 975); a number with decimals is said."""
    folder = _level_columns_pasted(build_decisions, tmp_path, "numbers")
    book = load_workbook(folder / layout.CAMPAIGN_FILE)
    sheet = book[layout.OBJECTIVES_SHEET]
    sheet["E2"], sheet["E3"], sheet["E4"] = 97.5, 1540, 100        # what Excel made of "97,5", "1.540", "100"
    book.save(folder / layout.CAMPAIGN_FILE)
    inspection = inspect_campaign(folder)
    assert inspection.campaign is not None
    assert [(i.code, i.target.describe()) for i in inspection.campaign.indicators] == \
        [(i.code, i.target.describe()) for i in read_campaign(tmp_path / "pasted").indicators]   # ≥ 97,5 read alike
    said = [(f.code, f.location.cell) for f in inspection.findings if f.code == "pasted-number"]
    assert said == [("pasted-number", "E2")]                       # whole numbers are what they were
    book = load_workbook(folder / layout.CAMPAIGN_FILE)
    book[layout.OBJECTIVES_SHEET]["E2"] = 0.975                      # "97,5%" kept as a fraction: said, never 975
    book.save(folder / layout.CAMPAIGN_FILE)
    inspection = inspect_campaign(folder)
    assert [f.location.cell for f in inspection.findings if f.code == "pasted-number"] == ["E2"]
    first = next(r for r in inspection.readings if r.row == 2)
    assert first.target.describe().startswith("≥ 0,975%")          # not ≥ 975%: the dot is not read as thousands


# ---------------------------------------------------------------------------------------------
# One table per department under its heading, pasted one under the other

DEPARTMENTS = (("I. VĂN PHÒNG HĐND VÀ UBND XÃ", [("Văn bản đi được ký số", "100%", "Ký số văn bản", "Văn phòng"),
                                                ("Hồ sơ lưu trữ đúng quy định", "100%", "Lập hồ sơ", "Văn phòng")]),
               ("2. Bộ phận Một cửa", [("Hồ sơ TTHC giải quyết đúng hạn", "Trên 95%", "Theo dõi hồ sơ", "Một cửa")]),
               ("CÔNG AN XÃ", [("Hồ sơ cư trú giải quyết đúng hạn", "100%", "Giải quyết hồ sơ", "Công an xã")]))


@pytest.mark.parametrize("headers", ["each", "first"])
@pytest.mark.parametrize("numbering", ["anew", "on"])
def test_one_table_per_department_pasted_one_under_the_other(build_decisions, tmp_path, headers, numbering):
    b = build_decisions
    blocks = [b.Para(TITLE, bold=True)]
    pasted: list[tuple] = []
    number = 0
    for position, (heading, objectives) in enumerate(DEPARTMENTS):
        rows = [HEADER] if headers == "each" or position == 0 else []
        for n, (title, target, measure, who) in enumerate(objectives, start=1):
            number += 1
            rows.append((str(n if numbering == "anew" else number), title, target, measure, "Thường xuyên", who, ""))
        blocks += [b.Para(heading, bold=True), b.Table(tuple(rows))]
        pasted += [(heading,) + ("",) * (len(HEADER) - 1)] + rows
    decision = b.write_decision(tmp_path / "qd.docx", blocks)
    scaffold_campaign(tmp_path / "decision", decision=decision)
    paste_into(b, tmp_path / "decision", tmp_path / "pasted", tuple(pasted))
    from_decision, from_paste = read_campaign(tmp_path / "decision"), read_campaign(tmp_path / "pasted")
    assert [o.note for o in from_decision.objectives] == [
        "Thuộc: I. VĂN PHÒNG HĐND VÀ UBND XÃ", "Thuộc: I. VĂN PHÒNG HĐND VÀ UBND XÃ", "Thuộc: 2. Bộ phận Một cửa",
        "Thuộc: CÔNG AN XÃ"]
    assert what_it_gives(from_paste) == what_it_gives(from_decision)


# ---------------------------------------------------------------------------------------------
# What a paste cannot carry: a table nested in a Biện pháp cell

NESTED = [["Nội dung", "Thời gian", "Người thực hiện"], ["Theo dõi hồ sơ", "Hằng tuần", "Một cửa"],
          ["Công khai kết quả", "Hằng tháng", "Văn phòng"]]
NESTED_ROWS = (HEADER, ("1", "Hồ sơ đúng hạn", "Trên 95%", "", "", "", ""),
               ("2", "Văn bản ký số", "100%", "Ký số văn bản", "Thường xuyên", "Văn phòng", ""))


def test_a_table_nested_in_a_cell_laid_over_the_columns_beside_it_is_said_cell_by_cell(build_decisions, tmp_path):
    """How LibreOffice Calc pastes the Word table whose Biện pháp cell holds a table (seen on 7.x): the
    header cell spans the nested table's columns, its rows land beside and below their row."""
    b = build_decisions
    decision = b.write_decision(tmp_path / "qd.docx", [b.Para(TITLE), b.Table(NESTED_ROWS, nested={(1, 3): NESTED})])
    scaffold_campaign(tmp_path / "decision", decision=decision)

    def write(sheet):
        for row in (["TT", "Mục tiêu", "Chỉ tiêu", "Biện pháp thực hiện", None, None, None, "Thời gian hoàn thành",
                     "Trách nhiệm thực hiện", "Ghi chú"],
                    [1, "Hồ sơ đúng hạn", "Trên 95%", "Nội dung", "Thời gian", "Người thực hiện"], [], [],
                    [2, "Văn bản ký số", "100%", "Theo dõi hồ sơ", "Hằng tuần", "Một cửa", "Ký số văn bản", None, None,
                     None, "Thường xuyên", "Văn phòng"],
                    [None, None, None, "Công khai kết quả", "Hằng tháng", "Văn phòng"]):
            sheet.append(row)
        for merged in ("D1:G1", "A2:A4", "B2:B4", "C2:C4", "D2:D4", "E2:E4", "F2:F4", "H2:H4", "J2:J4", "G5:J5"):
            sheet.merge_cells(merged)

    replace_objectives_sheet(tmp_path / "decision", tmp_path / "pasted", write)
    inspection = inspect_campaign(tmp_path / "pasted")
    said = [f.location.cell for f in inspection.findings if f.code == "pasted-cells-not-read"]
    assert said == ["E2", "F2", "E5", "F5", "G5", "E6", "F6"]
    assert all(f.severity.value == "warning" and f.location.sheet == layout.OBJECTIVES_SHEET
               for f in inspection.findings if f.code == "pasted-cells-not-read")
    ignored = next(f for f in inspection.findings if f.code == "columns-ignored")
    assert ignored.message.count("“Biện pháp thực hiện”") == 1


# ---------------------------------------------------------------------------------------------
# The real application: each case's Word table pasted by LibreOffice (Writer's HTML opened by Calc)

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")


@pytest.fixture(scope="module")
def libreoffice_pastes(build_decisions, tmp_path_factory):
    """name → (the decision, the first sheet LibreOffice made of it): two soffice starts for all cases."""
    b = build_decisions
    folder = tmp_path_factory.mktemp("lo-paste")
    decisions = {name: b.write_decision(folder / f"{name}.docx", [b.Para(TITLE), b.Table(tuple(rows))])
                 for name, rows in cases(b).items()}
    html = b.soffice_convert(list(decisions.values()), "html", folder / "html")
    sheets = b.soffice_convert(html, "xlsx", folder / "xlsx")
    return {name: (decision, sheet) for (name, decision), sheet in zip(decisions.items(), sheets)}


@pytest.mark.libreoffice
@needs_soffice
@pytest.mark.parametrize("name", CASE_NAMES)
def test_a_libreoffice_paste_of_each_case_gives_the_campaign_init_from_gives(libreoffice_pastes, tmp_path, name):
    decision, pasted_xlsx = libreoffice_pastes[name]
    scaffold_campaign(tmp_path / "decision", decision=decision)
    replace_objectives_sheet(tmp_path / "decision", tmp_path / "pasted", copy_sheet(pasted_xlsx))
    original = load_workbook(pasted_xlsx).worksheets[0]
    expected = what_it_gives(read_campaign(tmp_path / "decision"))
    inspection = inspect_campaign(tmp_path / "pasted")
    assert inspection.campaign is not None
    if name == "level_and_unit_columns":
        # Calc (English locale) made the number 1.54 of "1.540": read as written there, and said with its cell
        converted = [f.location.cell for f in inspection.findings if f.code == "pasted-number"]
        assert len(converted) == 1 and original[converted[0]].value == 1.54
        expected[1][3][0] = ("MT02", "Số hồ sơ được số hóa: 1,54 hồ sơ", expected[1][3][0][2].replace("1.540", "1,54"))
    assert what_it_gives(inspection.campaign) == expected


@pytest.mark.parametrize("stored, number_format, shown", [
    (0.975, "0.0%", "≥ 97,5%"),            # “97,5%” pasted: kept as 0.975, formatted as a percent
    (0.98, "0%", "≥ 98%"),
    (1, "0%", "≥ 100%"),                   # “100%”
    (0.9704, "0.00%", "≥ 97,04%"),
])
def test_a_percent_the_spreadsheet_made_of_the_pasted_text_reads_as_it_shows(build_decisions, tmp_path, stored,
                                                                             number_format, shown):
    folder = _level_columns_pasted(build_decisions, tmp_path, "percent")
    book = load_workbook(folder / layout.CAMPAIGN_FILE)
    cell = book[layout.OBJECTIVES_SHEET]["E2"]
    cell.value, cell.number_format = stored, number_format
    book.save(folder / layout.CAMPAIGN_FILE)
    inspection = inspect_campaign(folder)
    first = next(r for r in inspection.readings if r.row == 2)
    assert first.target.describe().startswith(shown)
    assert "E2" not in [f.location.cell for f in inspection.findings if f.code == "pasted-number"]
