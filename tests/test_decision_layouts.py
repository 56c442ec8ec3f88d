"""Decisions laid out as a new user's would be, beyond the seeds (issue 19, held-out layouts).

What Word puts around the text (text boxes, tracked changes, fields, content controls, Symbol-font
characters, tabs, TCVN3/VNI text); tables as offices lay them out (no Chỉ tiêu and the indicators
listed in the Mục tiêu cell, names beside levels, level and unit columns, one table per department,
a frame table, a plan table, measures nested in a cell, cells spanning columns and rows at once);
objectives as numbered paragraphs; titles in a text box or the page header, naming a span of years,
or missing (the article, the date). Every document is built at test time
(tests/fixtures/build_decisions.py, build_decision_markup.py); .doc and .odt through LibreOffice,
and each layout through `xlqms init --from` then `xlqms generate`.
"""

from __future__ import annotations

import shutil
import unicodedata

import docx
import pytest
from click.testing import CliRunner

from xlqms.campaign import read_campaign
from xlqms.cli import main
from xlqms.decision import DecisionError, read_decision
from xlqms.decision_title import find_issuer, find_year_and_period, year_span
from xlqms.legacy_text import TCVN3_TABLE, VNI_TABLE
from xlqms.objective_table import match_header, number_kind, objective_number
from xlqms.word_tables import read_word_document

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")

HEADER = ("TT", "Mục tiêu", "Chỉ tiêu", "Biện pháp thực hiện", "Thời gian hoàn thành", "Trách nhiệm thực hiện",
          "Ghi chú")
ROWS = (HEADER,
        ("1", "Hồ sơ thủ tục hành chính giải quyết đúng hạn", "Trên @@TARGET@@", "Theo dõi hồ sơ@@HINT@@",
         "Hàng tuần", "Bộ phận Một cửa", ""),
        ("2", "Văn bản đi được ký số", "100%", "Ký số văn bản trên hệ thống", "Thường xuyên", "Văn phòng", ""),
        ("3", "Mục tiêu đã gạch bỏ", "100%", "Bỏ", "Quý I", "Văn phòng", ""))
TITLE = "MỤC TIÊU CHẤT LƯỢNG NĂM 2025"
PLAIN_ROWS = tuple(tuple(cell.replace("@@TARGET@@", "95%").replace("@@HINT@@", "") for cell in row) for row in ROWS)


def codes(result):
    return [problem.code.value for problem in result.problems]


def shape(result):
    return [(o.number, o.title, [i.text for i in o.indicators], [(m.text, m.deadline, m.responsible) for m in o.measures])
            for o in result.objectives]


def header_block(b, lines=("UỶ BAN NHÂN DÂN", "XÃ CÁT TIẾN")):
    return b.TwoColumns((*lines, "Số: 05/QĐ-UBND"), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"))


FIRST = ("1", "Hồ sơ thủ tục hành chính giải quyết đúng hạn", ["Trên 95%"],
         [("Theo dõi hồ sơ", "Hàng tuần", "Bộ phận Một cửa")])
SECOND = ("2", "Văn bản đi được ký số", ["100%"], [("Ký số văn bản trên hệ thống", "Thường xuyên", "Văn phòng")])
THIRD = ("3", "Mục tiêu đã gạch bỏ", ["100%"], [("Bỏ", "Quý I", "Văn phòng")])


def build(b, m, path, blocks, **markup):
    markup.setdefault("markup", {}).setdefault("@@TARGET@@", "<w:r><w:t>95%</w:t></w:r>")
    markup["markup"].setdefault("@@HINT@@", "")
    return m.rewrite(b.write_decision(path, blocks), **markup)


# ---------------------------------------------------------------------------------------------
# What Word puts around the text


@pytest.mark.parametrize("vml_only", [False, True])
def test_a_title_and_a_header_block_in_text_boxes_are_read(build_decisions, decision_markup, tmp_path, vml_only):
    b, m = build_decisions, decision_markup
    path = build(b, m, tmp_path / "qd.docx", [b.Para("@@BODY@@"), b.Para("@@TITLE@@"), b.Table(ROWS)],
                 markup={"@@BODY@@": m.text_box(["ỦY BAN NHÂN DÂN", "PHƯỜNG BÌNH ĐỊNH"], vml_only),
                         "@@TITLE@@": m.text_box(["MỤC TIÊU CHẤT LƯỢNG", "6 tháng đầu năm 2025"], vml_only)})
    result = read_decision(path)
    assert (result.year, result.period) == (2025, "6 tháng đầu năm")
    assert result.issuer == "Ủy ban nhân dân phường Bình Định"
    assert shape(result) == [FIRST, SECOND, THIRD]
    texts = [block.text for block in read_word_document(path).blocks if hasattr(block, "text")]
    assert texts.count("ỦY BAN NHÂN DÂN") == 1          # Word's DrawingML box and its VML fallback: read once


def test_tracked_changes_read_as_accepted_and_a_deleted_row_is_said(build_decisions, decision_markup, tmp_path):
    b, m = build_decisions, decision_markup
    path = build(b, m, tmp_path / "qd.docx", [header_block(b), b.Para(TITLE), b.Table(ROWS)],
                 markup={"@@TARGET@@": m.tracked_change("90%", "95%")}, deleted_rows=["Mục tiêu đã gạch bỏ"])
    result = read_decision(path)
    assert shape(result) == [FIRST, SECOND]
    deleted = [p for p in result.problems if p.code.value == "row-deleted"]
    assert [(p.table, p.row) for p in deleted] == [(2, 4)]
    assert "empty-rows" not in codes(result)


def test_fields_give_their_shown_result(build_decisions, decision_markup, tmp_path):
    b, m = build_decisions, decision_markup
    rows = [list(row) for row in ROWS]
    rows[1][0] = "@@SEQ@@"
    path = build(b, m, tmp_path / "qd.docx", [header_block(b), b.Para("MỤC TIÊU CHẤT LƯỢNG NĂM @@YEAR@@"),
                                               b.Table(tuple(tuple(r) for r in rows))],
                 markup={"@@YEAR@@": m.simple_field("DOCPROPERTY Nam", "2025"),
                         "@@SEQ@@": m.complex_field("SEQ muctieu \\* ARABIC", "1"),
                         "@@TARGET@@": m.complex_field("=95", "95%")})
    result = read_decision(path)
    assert result.year == 2025
    assert shape(result) == [FIRST, SECOND, THIRD]


def test_content_controls_around_rows_and_cells_are_read_and_placeholders_are_not(build_decisions, decision_markup,
                                                                                  tmp_path):
    b, m = build_decisions, decision_markup
    path = build(b, m, tmp_path / "qd.docx", [header_block(b), b.Para(TITLE), b.Table(ROWS)],
                 markup={"@@HINT@@": m.placeholder_control("Bấm vào đây để nhập văn bản.")},
                 wrapped_rows=["Văn bản đi được ký số"], wrapped_cells=["Hồ sơ thủ tục hành chính giải quyết đúng hạn"])
    result = read_decision(path)
    assert shape(result) == [FIRST, SECOND, THIRD]


def test_the_title_in_the_page_header(build_decisions, decision_markup, tmp_path):
    b, m = build_decisions, decision_markup
    path = build(b, m, tmp_path / "qd.docx", [header_block(b), b.Table(ROWS)])
    document = docx.Document(str(path))
    document.sections[0].header.paragraphs[0].text = "MỤC TIÊU CHẤT LƯỢNG QUÝ III NĂM 2025"
    document.save(str(path))
    result = read_decision(path)
    assert (result.year, result.period, result.title) == (2025, "Quý III", "MỤC TIÊU CHẤT LƯỢNG QUÝ III NĂM 2025")
    assert "year-not-found" not in codes(result)


@pytest.mark.parametrize("title, span", [("MỤC TIÊU CHẤT LƯỢNG GIAI ĐOẠN 2025 - 2026", (2025, 2026)),
                                         ("MỤC TIÊU CHẤT LƯỢNG NĂM 2025-2026", (2025, 2026)),
                                         ("Mục tiêu chất lượng giai đoạn từ năm 2025 đến năm 2027", (2025, 2027)),
                                         ("MỤC TIÊU CHẤT LƯỢNG NĂM 2025", None)])
def test_a_span_of_years_gives_its_first_year_and_says_so(build_decisions, decision_markup, tmp_path, title, span):
    b, m = build_decisions, decision_markup
    result = read_decision(build(b, m, tmp_path / "qd.docx", [header_block(b), b.Para(title), b.Table(ROWS)]))
    assert result.year == 2025
    assert year_span(result.title) == span
    assert ("year-range" in codes(result)) == (span is not None)
    if span:
        message = next(p.message for p in result.problems if p.code.value == "year-range")
        assert f"{span[0]}–{span[1]}" in message and "--year" in message


# ---------------------------------------------------------------------------------------------
# Tables as they are laid out


@pytest.mark.parametrize("style", ["typed", "word"])
def test_a_table_without_chi_tieu_listing_the_indicators_under_each_objective(build_decisions, tmp_path, style):
    b = build_decisions
    items = ("Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 95%", "Tỷ lệ hồ sơ giải quyết trước hạn đạt trên 50%")
    lead = "Giải quyết thủ tục hành chính đúng hạn:"
    first = ("\n".join([lead] + [f"- {item}" for item in items]) if style == "typed"
             else b.Bullets(items, lead=lead))
    rows = (("TT", "Mục tiêu chất lượng", "Kế hoạch thực hiện", "Người/bộ phận thực hiện", "Thời hạn"),
            ("1", first, "Theo dõi hồ sơ trên hệ thống", "Bộ phận một cửa", "Hàng tuần"),
            ("2", "Sự hài lòng của người dân\n+ Mức độ hài lòng đạt từ 90% trở lên\n  khi khảo sát", "Khảo sát",
             "Văn phòng", "Quý IV"),
            ("3", "Văn bản đi được ký số 100%", "Ký số", "Văn phòng", "Thường xuyên"))
    path = b.write_decision(tmp_path / "qd.docx", [header_block(b), b.Para(TITLE), b.Table(rows)])
    result = read_decision(path)
    assert shape(result) == [
        ("1", "Giải quyết thủ tục hành chính đúng hạn", list(items),
         [("Theo dõi hồ sơ trên hệ thống", "Hàng tuần", "Bộ phận một cửa")]),
        ("2", "Sự hài lòng của người dân", ["Mức độ hài lòng đạt từ 90% trở lên khi khảo sát"],
         [("Khảo sát", "Quý IV", "Văn phòng")]),
        ("3", "Văn bản đi được ký số 100%", ["Văn bản đi được ký số 100%"], [("Ký số", "Thường xuyên", "Văn phòng")]),
    ]
    listed = [(p.row, p.column) for p in result.problems if p.code.value == "targets-from-title-list"]
    assert listed == [(2, "Mục tiêu"), (3, "Mục tiêu")]
    assert all(reading.error is None for reading in result.readings)


def test_a_cell_spanning_two_columns_and_merged_down_belongs_to_its_first_column(build_decisions, tmp_path):
    b = build_decisions
    rows = (HEADER,
            ("1", "Hồ sơ đúng hạn", "Trên 95%", "Theo dõi hồ sơ", "Cả năm", b.LEFT, ""),
            (b.UP, b.UP, b.UP, "Công khai kết quả", b.UP, b.UP, ""),
            ("2", "Văn bản ký số", "100%", "Ký số", "Thường xuyên", "Văn phòng", ""))
    result = read_decision(b.write_decision(tmp_path / "qd.docx", [header_block(b), b.Para(TITLE), b.Table(rows)]))
    assert shape(result) == [
        ("1", "Hồ sơ đúng hạn", ["Trên 95%"], [("Theo dõi hồ sơ", "Cả năm", ""), ("Công khai kết quả", "Cả năm", "")]),
        ("2", "Văn bản ký số", ["100%"], [("Ký số", "Thường xuyên", "Văn phòng")]),
    ]


# ---------------------------------------------------------------------------------------------
# The title and the header block as they are written


@pytest.mark.parametrize("lines, expected", [
    (["Mục tiêu chất lượng năm 2025 (6 tháng đầu năm)"], (2025, "6 tháng đầu năm")),
    (["MỤC TIÊU CHẤT LƯỢNG NĂM 2025", "(6 tháng đầu năm)"], (2025, "6 tháng đầu năm")),
    (["MỤC TIÊU CHẤT LƯỢNG NĂM 2025", "Kỳ 9 tháng"], (2025, "9 tháng")),
    (["Mục tiêu chất lượng quý 3/2025"], (2025, "Quý III")),
    (["MỤC TIÊU CHẤT LƯỢNG 06 THÁNG ĐẦU NĂM 2025"], (2025, "6 tháng đầu năm")),
    (["MỤC TIÊU CHẤT LƯỢNG", "Giai đoạn 2025-2026"], (2025, None)),
    (["MỤC TIÊU CHẤT LƯỢNG NĂM 2025", "(Kèm theo Quyết định số 12/QĐ-UBND ngày 6/01/2025)"], (2025, None)),
    (["MU\u0323C TIÊU CHÂ\u0301T LƯƠ\u0323NG NĂM 2025"], (2025, None)),          # decomposed marks
])
def test_the_period_beside_the_year(lines, expected):
    assert find_year_and_period(lines)[:2] == expected


@pytest.mark.parametrize("lines, issuer", [
    (["ỦY BAN NHÂN DÂN XÃ", "PHƯỚC AN", "Số: 05/QĐ-UBND"], "Ủy ban nhân dân xã Phước An"),
    (["UỶ BAN NHÂN DÂN THÀNH PHỐ", "QUY NHƠN"], "Ủy ban nhân dân thành phố Quy Nhơn"),
    (["U\u0309Y BAN NHÂN DÂN", "XA\u0303 AN HÒA"], "Ủy ban nhân dân xã An Hòa"),
    (["ỦY BAN NHÂN DÂN PHƯỜNG", "3"], "Ủy ban nhân dân phường 3"),
    (["ỦY BAN NHÂN DÂN XÃ", "Số: 05/QĐ-UBND"], ""),
    (["ỦY BAN NHÂN DÂN XÃ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], ""),
])
def test_the_issuer_with_its_level_and_name_on_two_lines(lines, issuer):
    assert find_issuer(lines)[0] == issuer


@pytest.mark.parametrize("header, role", [
    ("Giá trị mục tiêu", "Chỉ tiêu"), ("Mức phấn đấu năm 2025", "Chỉ tiêu"), ("Các mục tiêu", "Mục tiêu"),
    ("Kế hoạch hành động", "Biện pháp thực hiện"), ("Cách thức thực hiện", "Biện pháp thực hiện"),
    ("Phương pháp thực hiện", "Biện pháp thực hiện"), ("Nhiệm vụ, giải pháp", "Biện pháp thực hiện"),
    ("Bộ phận chủ trì", "Trách nhiệm thực hiện"), ("Lãnh đạo phụ trách", "Trách nhiệm thực hiện"),
    ("Phương pháp đo", None), ("Tần suất theo dõi", None), ("Nguồn lực", None), ("Kết quả đạt được", None),
])
def test_more_headers_officials_write(header, role):
    matched = match_header(header)
    assert (matched[0] if matched else None) == role


def test_a_wide_table_with_columns_not_read(build_decisions, tmp_path):
    b = build_decisions
    rows = (("STT", "Các mục tiêu", "Giá trị mục tiêu", "Kế hoạch hành động", "Bộ phận chủ trì", "Thời hạn",
             "Phương pháp đo", "Tần suất theo dõi", "Nguồn lực"),
            ("1", "Giải quyết hồ sơ TTHC đúng hạn", "Trên 95%", "Theo dõi hồ sơ", "Bộ phận một cửa", "31/12/2025",
             "Số hồ sơ đúng hạn / tổng số hồ sơ", "Hàng tháng", "Phần mềm một cửa"),
            ("2", "Hồ sơ trực tuyến toàn trình", "Từ 60% trở lên", "Hướng dẫn người dân", "Công chức một cửa",
             "31/12/2025", "Thống kê phần mềm", "Hàng quý", ""))
    result = read_decision(b.write_decision(tmp_path / "qd.docx", [header_block(b), b.Para(TITLE), b.Table(rows)]))
    assert shape(result) == [
        ("1", "Giải quyết hồ sơ TTHC đúng hạn", ["Trên 95%"], [("Theo dõi hồ sơ", "31/12/2025", "Bộ phận một cửa")]),
        ("2", "Hồ sơ trực tuyến toàn trình", ["Từ 60% trở lên"],
         [("Hướng dẫn người dân", "31/12/2025", "Công chức một cửa")]),
    ]
    assert result.tables[0].ignored == ("Phương pháp đo", "Tần suất theo dõi", "Nguồn lực")


@pytest.mark.parametrize("headers", ["each", "first"])
def test_one_table_per_department_under_its_heading(build_decisions, tmp_path, headers):
    b = build_decisions
    parts = (("I. VĂN PHÒNG HĐND VÀ UBND XÃ", [("Văn bản đi được ký số", "100%", "Ký số văn bản", "Văn phòng"),
                                             ("Hồ sơ lưu trữ đúng quy định", "100%", "Lập hồ sơ", "Văn phòng")]),
             ("2. Bộ phận Một cửa", [("Hồ sơ TTHC giải quyết đúng hạn", "Trên 95%", "Theo dõi hồ sơ", "Một cửa")]),
             ("CÔNG AN XÃ", [("Hồ sơ cư trú giải quyết đúng hạn", "100%", "Giải quyết hồ sơ", "Công an xã")]))
    blocks = [header_block(b), b.Para(TITLE, bold=True)]
    for position, (heading, objectives) in enumerate(parts):
        rows = [list(HEADER)] if headers == "each" or position == 0 else []
        rows += [[str(n), title, target, measure, "Thường xuyên", who, ""]
                 for n, (title, target, measure, who) in enumerate(objectives, start=1)]
        blocks += [b.Para(heading, bold=True), b.Table(tuple(tuple(r) for r in rows))]
    blocks.append(b.TwoColumns(("Nơi nhận:", "- Lưu: VT."), ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")))
    result = read_decision(b.write_decision(tmp_path / "qd.docx", blocks))
    assert [(o.number, o.title, o.note) for o in result.objectives] == [
        ("1", "Văn bản đi được ký số", "Thuộc: I. VĂN PHÒNG HĐND VÀ UBND XÃ"),
        ("2", "Hồ sơ lưu trữ đúng quy định", "Thuộc: I. VĂN PHÒNG HĐND VÀ UBND XÃ"),
        ("3", "Hồ sơ TTHC giải quyết đúng hạn", "Thuộc: 2. Bộ phận Một cửa"),
        ("4", "Hồ sơ cư trú giải quyết đúng hạn", "Thuộc: CÔNG AN XÃ"),
    ]
    assert [p.table for p in result.problems if p.code.value == "table-of-a-part"] == [2, 3, 4]
    assert "objectives-renumbered" in codes(result)         # each part numbered from 1: said, renumbered
    rows = result.sheet_rows()
    assert rows[0][0]["Ghi chú"] == "Thuộc: I. VĂN PHÒNG HĐND VÀ UBND XÃ"
    summary = "\n".join(result.summary_lines())
    if headers == "each":
        assert "Cột của bảng 2, 3, 4:" in summary            # tables headed alike: their columns said once


def test_a_single_table_under_a_heading_is_not_a_part(build_decisions, tmp_path):
    b = build_decisions
    blocks = [header_block(b), b.Para("MỤC TIÊU CHẤT LƯỢNG NĂM 2025"), b.Para("I. MỤC TIÊU CỤ THỂ"),
              b.Table(PLAIN_ROWS)]
    result = read_decision(b.write_decision(tmp_path / "qd.docx", blocks))
    assert all(o.note == "" for o in result.objectives)
    assert "table-of-a-part" not in codes(result)


def test_a_two_row_header_with_start_and_end_under_thoi_gian(build_decisions, tmp_path):
    b = build_decisions
    rows = (("STT", "Mục tiêu", "Chỉ tiêu", "Biện pháp", "Thời gian", b.LEFT, "Trách nhiệm", b.LEFT),
            (b.UP, b.UP, b.UP, b.UP, "Bắt đầu", "Kết thúc", "Chủ trì", "Phối hợp"),
            ("1", "Hồ sơ đúng hạn", "Trên 95%", "Theo dõi", "01/2025", "12/2025", "Một cửa", "Văn phòng"),
            ("2", "Văn bản ký số", "100%", "Ký số", "01/2025", "", "Văn phòng", ""))
    result = read_decision(b.write_decision(tmp_path / "qd.docx", [header_block(b), b.Para(TITLE),
                                                                    b.Table(rows, repeat_header_rows=2)]))
    assert shape(result) == [
        ("1", "Hồ sơ đúng hạn", ["Trên 95%"], [("Theo dõi", "Bắt đầu: 01/2025\nKết thúc: 12/2025",
                                                "Một cửa\nPhối hợp: Văn phòng")]),
        ("2", "Văn bản ký số", ["100%"], [("Ký số", "Bắt đầu: 01/2025", "Văn phòng")]),
    ]


def test_an_objectives_table_inside_a_frame_table(build_decisions, tmp_path):
    b = build_decisions
    frame = b.Table((("MỤC TIÊU CHẤT LƯỢNG 9 THÁNG NĂM 2025",),), repeat_header_rows=0,
                    nested={(0, 0): [list(row) for row in PLAIN_ROWS]})
    result = read_decision(b.write_decision(tmp_path / "qd.docx", [header_block(b), frame]))
    assert shape(result) == [FIRST, SECOND, THIRD]
    assert (result.year, result.period) == (2025, "9 tháng")
    assert [(p.code.value, p.table) for p in result.problems if p.code.value == "table-in-a-frame"] == \
        [("table-in-a-frame", 2)]
    assert "nested-table" not in codes(result)


# ---------------------------------------------------------------------------------------------
# Objectives written as numbered paragraphs, measures in a table


def paragraph_decision(b, numbered_by_word: bool, measures_rows):
    def item(number, text):
        return b.Para(f"{number}. {text}") if not numbered_by_word else b.Numbered(text)

    body = [header_block(b), b.Para("QUYẾT ĐỊNH", bold=True, center=True),
            b.Para("Về việc ban hành Mục tiêu chất lượng năm 2025", center=True),
            b.Para("Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ;"),
            b.Para("QUYẾT ĐỊNH:", bold=True, center=True),
            b.Para("Điều 1. Ban hành Mục tiêu chất lượng năm 2025 của UBND xã Cát Tiến như sau:"),
            item(1, "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn đạt trên 95%."),
            item(2, "Nâng cao chất lượng giải quyết thủ tục hành chính:"),
            b.Para("- Tỷ lệ hồ sơ tiếp nhận trực tuyến toàn trình từ 60% trở lên;"),
            b.Para("- 100% hồ sơ được số hóa khi tiếp nhận."),
            item(3, "Mức độ hài lòng của người dân đạt từ 90% trở lên."),
            b.Para("Điều 2. Kế hoạch thực hiện mục tiêu:")]
    body.append(b.Table((("TT", "Nội dung công việc", "Thời gian thực hiện", "Đơn vị thực hiện"),) + measures_rows))
    body.append(b.Para("Điều 3. Quyết định này có hiệu lực kể từ ngày ký."))
    return body


@pytest.mark.parametrize("numbered_by_word", [False, True])
def test_objectives_as_numbered_paragraphs_with_one_measure_each(build_decisions, tmp_path, numbered_by_word):
    b = build_decisions
    measures = (("1", "Theo dõi hồ sơ trên hệ thống hằng tuần", "Hằng tuần", "Bộ phận Một cửa"),
                ("2", "Hướng dẫn người dân nộp hồ sơ trực tuyến", "Thường xuyên", "Công chức Một cửa"),
                ("3", "Khảo sát ý kiến người dân", "Quý IV", "Văn phòng"))
    blocks = paragraph_decision(b, numbered_by_word, measures)
    if numbered_by_word:
        path = tmp_path / "qd.docx"
        document = docx.Document()
        for block in blocks:
            if isinstance(block, b.Numbered):
                document.add_paragraph(block.text, style="List Number")
            elif isinstance(block, b.Para):
                document.add_paragraph(block.text)
            elif isinstance(block, b.TwoColumns):
                table = document.add_table(rows=1, cols=2)
                table.cell(0, 0).text, table.cell(0, 1).text = "\n".join(block.left), "\n".join(block.right)
            elif isinstance(block, b.Table):
                table = document.add_table(rows=len(block.rows), cols=len(block.rows[0]))
                for r, row in enumerate(block.rows):
                    for c, value in enumerate(row):
                        table.cell(r, c).text = value
        document.save(str(path))
    else:
        path = b.write_decision(tmp_path / "qd.docx", blocks)
    result = read_decision(path)
    assert shape(result) == [
        ("1", "Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn đạt trên 95%",
         ["Tỷ lệ hồ sơ thủ tục hành chính được giải quyết đúng hạn đạt trên 95%"],
         [("Theo dõi hồ sơ trên hệ thống hằng tuần", "Hằng tuần", "Bộ phận Một cửa")]),
        ("2", "Nâng cao chất lượng giải quyết thủ tục hành chính",
         ["Tỷ lệ hồ sơ tiếp nhận trực tuyến toàn trình từ 60% trở lên", "100% hồ sơ được số hóa khi tiếp nhận"],
         [("Hướng dẫn người dân nộp hồ sơ trực tuyến", "Thường xuyên", "Công chức Một cửa")]),
        ("3", "Mức độ hài lòng của người dân đạt từ 90% trở lên", ["Mức độ hài lòng của người dân đạt từ 90% trở lên"],
         [("Khảo sát ý kiến người dân", "Quý IV", "Văn phòng")]),
    ]
    assert result.year == 2025 and result.issuer == "Ủy ban nhân dân xã Cát Tiến"
    assert {"objectives-from-paragraphs", "measures-by-order"} <= set(codes(result))
    assert "other-table" not in codes(result)
    assert all(reading.error is None for reading in result.readings)
    assert "mục tiêu đọc từ các đoạn đánh số" in "\n".join(result.summary_lines())


def test_a_measures_table_that_does_not_say_its_objectives_is_listed_not_dropped(build_decisions, tmp_path):
    b = build_decisions
    measures = (("1", "Theo dõi hồ sơ", "Hằng tuần", "Bộ phận Một cửa"),
                ("2", "Số hóa hồ sơ", "Thường xuyên", "Một cửa"),
                ("3", "Tuyên truyền dịch vụ công trực tuyến", "Hằng tháng", "Văn phòng"),
                ("4", "Khảo sát ý kiến người dân", "Quý IV", "Văn phòng"))
    result = read_decision(b.write_decision(tmp_path / "qd.docx", paragraph_decision(b, False, measures)))
    assert [len(o.measures) for o in result.objectives] == [0, 0, 0]
    problem = next(p for p in result.problems if p.code.value == "measures-not-placed")
    assert problem.table == 2 and all(f"dòng {n}" in problem.message for n in (2, 3, 4, 5))
    assert "Tuyên truyền dịch vụ công trực tuyến" in problem.message


def test_numbered_paragraphs_elsewhere_are_not_objectives(build_decisions, tmp_path):
    b = build_decisions
    blocks = [header_block(b), b.Para("QUYẾT ĐỊNH"), b.Para("Điều 1. Giao nhiệm vụ như sau:"),
              b.Para("1. Văn phòng tham mưu."), b.Para("2. Các bộ phận phối hợp."),
              b.Para("Điều 2. Quyết định có hiệu lực từ ngày ký.")]
    with pytest.raises(DecisionError, match="không tìm thấy bảng mục tiêu"):
        read_decision(b.write_decision(tmp_path / "qd.docx", blocks))


# ---------------------------------------------------------------------------------------------
# A decision typed in TCVN3 (.VnTime / .VnTimeH) or VNI


def legacy(text: str, encoding: str) -> str:
    """``text`` as an old office typed it: capitals in the capital font (typed as lower case)."""
    table = TCVN3_TABLE if encoding == "TCVN3" else VNI_TABLE
    inverse = {unicode: code for code, unicode in table.items()}
    text = unicodedata.normalize("NFC", text)
    if encoding == "TCVN3":
        text = text.lower() if text.isupper() else text
    return "".join(inverse.get(ch, ch) for ch in text)


@pytest.mark.parametrize("encoding", ["TCVN3", "VNI"])
def test_a_decision_typed_in_a_legacy_encoding_is_read_as_unicode(build_decisions, tmp_path, encoding):
    b = build_decisions
    rows = (("TT", "Mục tiêu", "Chỉ tiêu", "Biện pháp thực hiện", "Thời gian hoàn thành", "Trách nhiệm thực hiện"),
            ("1", "Hồ sơ thủ tục hành chính giải quyết đúng hạn", "Trên 95%", "Theo dõi hồ sơ", "Hàng tuần",
             "Bộ phận Một cửa"),
            ("2", "Văn bản đi được ký số", "100%", "Ký số văn bản", "Thường xuyên", "Văn phòng"),
            ("3", "Hồ sơ lưu trữ", "100%", "Bỏ hộp", "Quý I", "Văn thư"))   # "Bá hép" is Vietnamese too
    blocks = [b.Para(legacy("ỦY BAN NHÂN DÂN", encoding)), b.Para(legacy("XÃ CÁT TIẾN", encoding)),
              b.Para(legacy("MỤC TIÊU CHẤT LƯỢNG NĂM 2025", encoding)),
              b.Table(tuple(tuple(legacy(cell, encoding) for cell in row) for row in rows))]
    result = read_decision(b.write_decision(tmp_path / "qd.docx", blocks))
    assert shape(result) == [
        ("1", "Hồ sơ thủ tục hành chính giải quyết đúng hạn", ["Trên 95%"],
         [("Theo dõi hồ sơ", "Hàng tuần", "Bộ phận Một cửa")]),
        ("2", "Văn bản đi được ký số", ["100%"], [("Ký số văn bản", "Thường xuyên", "Văn phòng")]),
        ("3", "Hồ sơ lưu trữ", ["100%"], [("Bỏ hộp", "Quý I", "Văn thư")]),
    ]
    assert result.year == 2025
    assert result.issuer.casefold() == "ủy ban nhân dân xã cát tiến"
    assert "decision-legacy-encoding" in codes(result)


def test_a_unicode_decision_is_left_as_it_is(build_decisions, tmp_path):
    b = build_decisions
    result = read_decision(b.write_decision(tmp_path / "qd.docx", [header_block(b), b.Para(TITLE),
                                                                    b.Table(PLAIN_ROWS)]))
    assert "decision-legacy-encoding" not in codes(result)
    assert shape(result) == [FIRST, SECOND, THIRD]


# ---------------------------------------------------------------------------------------------
# The same layouts saved as .doc (Word 97-2003) and .odt by LibreOffice, and through the command line


def _text_boxes(b, m, path):
    return build(b, m, path, [b.Para("@@BODY@@"), b.Para("@@TITLE@@"), b.Table(ROWS)],
                 markup={"@@BODY@@": m.text_box(["ỦY BAN NHÂN DÂN", "PHƯỜNG BÌNH ĐỊNH"]),
                         "@@TITLE@@": m.text_box(["MỤC TIÊU CHẤT LƯỢNG", "6 tháng đầu năm 2025"])})


def _tracked(b, m, path):
    return build(b, m, path, [header_block(b), b.Para(TITLE), b.Table(ROWS)],
                 markup={"@@TARGET@@": m.tracked_change("90%", "95%")}, deleted_rows=["Mục tiêu đã gạch bỏ"])


def _listed_in_title(b, m, path):
    rows = (("TT", "Mục tiêu chất lượng", "Kế hoạch thực hiện", "Người/bộ phận thực hiện", "Thời hạn"),
            ("1", "Giải quyết thủ tục hành chính đúng hạn:\n- Tỷ lệ hồ sơ đúng hạn trên 95%\n- Tỷ lệ hồ sơ trước hạn "
                  "trên 50%", "Theo dõi hồ sơ", "Bộ phận một cửa", "Hàng tuần"))
    return b.write_decision(path, [header_block(b, ("ỦY BAN NHÂN DÂN XÃ", "PHƯỚC AN")), b.Para(TITLE), b.Table(rows)])


def _departments(b, m, path):
    blocks = [header_block(b), b.Para("MỤC TIÊU CHẤT LƯỢNG GIAI ĐOẠN 2025 - 2026")]
    for heading, title in (("I. VĂN PHÒNG", "Văn bản đi được ký số"), ("II. BỘ PHẬN MỘT CỬA", "Hồ sơ đúng hạn")):
        blocks += [b.Para(heading), b.Table((HEADER, ("1", title, "100%", "Theo dõi", "Thường xuyên", "Văn phòng", "")))]
    return b.write_decision(path, blocks)


def _paragraphs(b, m, path):
    measures = (("1", "Theo dõi hồ sơ", "Hằng tuần", "Bộ phận Một cửa"), ("2", "Số hóa hồ sơ", "Thường xuyên", "Một cửa"),
                ("3", "Khảo sát ý kiến người dân", "Quý IV", "Văn phòng"))
    return b.write_decision(path, paragraph_decision(b, False, measures))


def _frame(b, m, path):
    frame = b.Table((("MỤC TIÊU CHẤT LƯỢNG 9 THÁNG NĂM 2025",),), repeat_header_rows=0,
                    nested={(0, 0): [list(row) for row in PLAIN_ROWS]})
    return b.write_decision(path, [header_block(b), frame])


def _start_and_end(b, m, path):
    rows = (("STT", "Mục tiêu", "Chỉ tiêu", "Biện pháp", "Thời gian", b.LEFT, "Trách nhiệm", b.LEFT),
            (b.UP, b.UP, b.UP, b.UP, "Bắt đầu", "Kết thúc", "Chủ trì", "Phối hợp"),
            ("1", "Hồ sơ đúng hạn", "Trên 95%", "Theo dõi", "01/2025", "12/2025", "Một cửa", "Văn phòng"),
            ("", "", "", "Công khai kết quả", b.UP, b.UP, b.UP, b.UP))
    return b.write_decision(path, [header_block(b), b.Para(TITLE), b.Table(rows, repeat_header_rows=2)])


def _tcvn3(b, m, path):
    rows = tuple(tuple(legacy(cell, "TCVN3") for cell in row) for row in PLAIN_ROWS)
    return b.write_decision(path, [b.Para(legacy("UỶ BAN NHÂN DÂN", "TCVN3")), b.Para(legacy("XÃ AN HÒA", "TCVN3")),
                                   b.Para(legacy(TITLE, "TCVN3")), b.Table(rows)])


def _plan(b, m, path):
    plan = (("TT", "Mục tiêu", "Biện pháp thực hiện", "Thời gian hoàn thành", "Trách nhiệm thực hiện"),
            ("1", "Mục tiêu 1", "Theo dõi hồ sơ", "Hằng tuần", "Một cửa"), (b.UP, b.UP, "Công khai", b.UP, "Văn phòng"),
            ("2", "Văn bản đi được ký số", "Ký số văn bản", "Thường xuyên", "Văn phòng"))
    return b.write_decision(path, two_appendices(b, plan))


def _level_columns(b, m, path):
    rows = (("TT", "Mục tiêu", "Chỉ tiêu", "ĐVT", "Kế hoạch năm 2025", "Biện pháp", "Thời gian", "Trách nhiệm"),
            ("1", "Giải quyết TTHC", "Tỷ lệ hồ sơ đúng hạn", "%", "≥ 95", "Theo dõi", "Hằng tuần", "Một cửa"),
            ("2", "Ký số", "Giải quyết TTHC:\n- Tỷ lệ văn bản ký số", "%", "100", "Ký số", "Thường xuyên", "Văn phòng"))
    return b.write_decision(path, [header_block(b), b.Para(TITLE), b.Table(rows)])


def _symbols(b, m, path):
    rows = (HEADER, ("1", "Hồ sơ phải yêu cầu bổ sung", "@@LE@@ 10%", "Hướng dẫn kỹ", "Hằng tuần", "Một cửa", ""),
            ("2", "Hồ sơ giải quyết đúng hạn", "@@GE@@ 95%", "Theo dõi", "Hằng tuần", "Một cửa", ""))
    return m.rewrite(b.write_decision(path, [header_block(b), b.Para(TITLE), b.Table(rows)]), markup={
        "@@LE@@": '<w:r><w:sym w:font="Symbol" w:char="F0A3"/></w:r>',
        "@@GE@@": '<w:r><w:sym w:font="Symbol" w:char="F0B3"/></w:r>'})


LAYOUTS = {"symbols": _symbols, "plan": _plan, "level_columns": _level_columns, "text_boxes": _text_boxes,
           "tracked": _tracked, "listed_in_title": _listed_in_title,
           "departments": _departments, "paragraphs": _paragraphs, "frame": _frame, "start_and_end": _start_and_end,
           "tcvn3": _tcvn3}


@pytest.fixture(scope="module")
def converted_layouts(build_decisions, decision_markup, tmp_path_factory):
    """Every layout as .docx, and as .doc and .odt saved by LibreOffice (two soffice starts)."""
    folder = tmp_path_factory.mktemp("layouts")
    paths = {name: make(build_decisions, decision_markup, folder / f"{name}.docx") for name, make in LAYOUTS.items()}
    docs = build_decisions.soffice_convert(list(paths.values()), "doc", folder / "doc")
    odts = build_decisions.soffice_convert(list(paths.values()), "odt", folder / "odt")
    return {name: (path, doc, odt) for (name, path), doc, odt in zip(paths.items(), docs, odts)}


def what_it_says(result):
    return shape(result), [o.note for o in result.objectives], result.year, result.period, result.issuer


@pytest.mark.libreoffice
@needs_soffice
@pytest.mark.parametrize("name", list(LAYOUTS))
def test_layouts_saved_as_doc_and_odt_import_the_same(converted_layouts, name):
    docx_path, doc, odt = converted_layouts[name]
    expected = what_it_says(read_decision(docx_path))
    assert expected[0], name                                 # the .docx itself gives objectives
    for path in (doc, odt):
        result = read_decision(path)
        assert what_it_says(result) == expected, path.name
        assert result.converted_from == path.suffix.lstrip(".")


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_init_from_each_layout_then_generate(build_decisions, decision_markup, tmp_path, name):
    decision = LAYOUTS[name](build_decisions, decision_markup, tmp_path / f"{name}.docx")
    runner = CliRunner()
    folder = tmp_path / "dot"
    result = runner.invoke(main, ["init", str(folder), "--from", str(decision), "--year", "2025"])
    assert result.exit_code in (0, 4), result.output         # 4: done, with things for the secretary to check
    assert "Traceback" not in result.output
    campaign = read_campaign(folder)
    expected = read_decision(decision)
    assert [o.title for o in campaign.objectives] == [o.title for o in expected.objectives]
    assert len(campaign.indicators) == expected.indicator_count
    generated = runner.invoke(main, ["generate", str(folder)])
    assert generated.exit_code == 0, generated.output
    assert list((folder / "out" / "workbooks").glob("*.xlsx"))


def test_soft_hyphens_of_a_unicode_decision_are_taken_out(build_decisions, decision_markup, tmp_path):
    b, m = build_decisions, decision_markup
    path = build(b, m, tmp_path / "qd.docx", [header_block(b), b.Para(TITLE), b.Table(ROWS)],
                 markup={"@@TARGET@@": "<w:r><w:t>9</w:t><w:softHyphen/><w:t>5%</w:t></w:r>",
                         "@@HINT@@": "<w:r><w:t>\u00ad</w:t></w:r>"})
    result = read_decision(path)
    assert shape(result) == [FIRST, SECOND, THIRD]


@pytest.mark.parametrize("level_header, unit_header", [("Kế hoạch năm 2025", "ĐVT"), ("Mức chỉ tiêu", "Đơn vị tính"),
                                                        ("KH 2025", None), ("Mục tiêu năm 2025", "ĐVT")])
def test_indicators_named_in_chi_tieu_with_their_level_and_unit_in_columns_of_their_own(build_decisions, tmp_path,
                                                                                       level_header, unit_header):
    b = build_decisions
    header = ["TT", "Mục tiêu", "Chỉ tiêu"] + ([unit_header] if unit_header else []) + \
        [level_header, "Biện pháp", "Thời gian", "Trách nhiệm"]

    def row(number, title, name, unit, level, measure):
        return [number, title, name] + ([unit] if unit_header else []) + [level, measure, "Hàng tháng", "Một cửa"]

    rows = (header,
            row("1", "Giải quyết TTHC đúng hạn", "Tỷ lệ hồ sơ đúng hạn", "%", "≥ 95" if unit_header else "≥ 95%",
                "Theo dõi"),
            row("2", "Số hóa hồ sơ", "Số hồ sơ được số hóa", "hồ sơ", "1.200" if unit_header else "1.200 hồ sơ",
                "Số hóa"),
            row("3", "Ký số văn bản", "Tỷ lệ văn bản đi được ký số", "%", "", "Ký số"))
    result = read_decision(b.write_decision(tmp_path / "qd.docx", [header_block(b), b.Para(TITLE),
                                                                    b.Table(tuple(tuple(r) for r in rows))]))
    assert [[i.text for i in o.indicators] for o in result.objectives] == [
        ["Tỷ lệ hồ sơ đúng hạn: ≥ 95%"], ["Số hồ sơ được số hóa: 1.200 hồ sơ"], ["Tỷ lệ văn bản đi được ký số"]]
    readings = list(result.readings)
    assert readings[0].error is None and readings[1].error is None
    assert readings[2].error is not None                      # no level written: said, with its row
    assert any(p.row == 4 and p.column == "Chỉ tiêu" for p in result.problems)
    assert "columns-ignored" not in codes(result)
    assert result.tables[0].headings()["Mức chỉ tiêu"] == level_header


@pytest.mark.parametrize("typed, number", [("MT.01", "1"), ("MTCL 02", "2"), ("MTCL03", "3"), ("4/", "4"),
                                           ("Số 5", "5"), ("Mục tiêu số 6:", "6"), ("(7)", "7")])
def test_tt_as_offices_type_it(typed, number):
    assert objective_number(typed) == number and number_kind(typed) == "digit"


@pytest.mark.parametrize("style", ["typed", "word"])
def test_indicator_names_listed_in_muc_tieu_beside_their_levels_in_chi_tieu(build_decisions, tmp_path, style):
    b = build_decisions
    names = ("Tỷ lệ hồ sơ giải quyết đúng hạn", "Tỷ lệ hồ sơ giải quyết trước hạn")
    if style == "typed":
        title, levels = "Giải quyết hồ sơ TTHC:\n- " + "\n- ".join(names), "≥ 95%\n≥ 50%"
    else:
        title, levels = b.Bullets(names, lead="Giải quyết hồ sơ TTHC"), b.Bullets(("≥ 95%", "≥ 50%"))
    rows = (HEADER, ("1", title, levels, "Theo dõi hồ sơ", "Hàng tuần", "Bộ phận Một cửa", ""),
            ("2", "Nâng cao chất lượng:\n- cải cách TTHC\n- ứng dụng CNTT", "100% văn bản ký số", "Ký số", "Thường xuyên",
             "Văn phòng", ""))
    result = read_decision(b.write_decision(tmp_path / "qd.docx", [header_block(b), b.Para(TITLE), b.Table(rows)]))
    assert [(o.title, [i.text for i in o.indicators]) for o in result.objectives] == [
        ("Giải quyết hồ sơ TTHC", ["Tỷ lệ hồ sơ giải quyết đúng hạn: ≥ 95%", "Tỷ lệ hồ sơ giải quyết trước hạn: ≥ 50%"]),
        ("Nâng cao chất lượng: - cải cách TTHC - ứng dụng CNTT", ["100% văn bản ký số"]),   # 2 items, 1 level: kept
    ]
    assert [p.row for p in result.problems if p.code.value == "targets-named-from-title"] == [2]


# ---------------------------------------------------------------------------------------------
# Objectives in one table, their plan (measures) in another


def two_appendices(b, plan_rows):
    return [header_block(b), b.Para("PHỤ LỤC I"), b.Para(TITLE), b.Table(b.APPENDIX_OBJECTIVES), b.PageBreak(),
            b.Para("PHỤ LỤC II"), b.Para("KẾ HOẠCH THỰC HIỆN MỤC TIÊU"), b.Table(plan_rows)]


@pytest.mark.parametrize("key", range(3))
def test_a_plan_table_gives_each_objective_its_measures(build_decisions, tmp_path, key):
    b = build_decisions
    result = read_decision(b.write_decision(tmp_path / "qd.docx", two_appendices(b, b.plan_rows(b.PLAN_KEYS[key]))))
    assert shape(result) == [
        ("1", "Hồ sơ TTHC giải quyết đúng hạn", ["Trên 95%"],
         [("Theo dõi hồ sơ", "Hằng tuần", "Một cửa"), ("Công khai kết quả", "Hằng tuần", "Văn phòng")]),
        ("2", "Văn bản đi được ký số", ["100%"], [("Ký số văn bản", "Thường xuyên", "Văn phòng")]),
    ]
    assert [p.table for p in result.problems if p.code.value == "plan-table"] == [3]
    assert "other-table" not in codes(result) and "measures-not-placed" not in codes(result)


def test_a_plan_table_that_does_not_name_objectives_is_listed(build_decisions, tmp_path):
    b = build_decisions
    plan = (("TT", "Biện pháp thực hiện", "Thời gian hoàn thành", "Trách nhiệm thực hiện", "Ghi chú"),
            ("1", "Theo dõi hồ sơ", "Hằng tuần", "Một cửa", ""), ("2", "Ký số văn bản", "Thường xuyên", "Văn phòng", ""))
    result = read_decision(b.write_decision(tmp_path / "qd.docx", two_appendices(b, plan)))
    assert [len(o.measures) for o in result.objectives] == [0, 0]
    problem = next(p for p in result.problems if p.code.value == "measures-not-placed")
    assert problem.table == 3 and "dòng 2" in problem.message and "Ký số văn bản" in problem.message
    assert result.continuation_tables == ()                  # same width after two short lines: not a continuation


@pytest.mark.parametrize("date, year", [("Cát Tiến, ngày 06 tháng 01 năm 2025", 2025), ("Cát Tiến, ngày 25/12/2024", 2025),
                                        ("Cát Tiến, ngày   tháng   năm 2025", None)])
def test_a_title_without_a_year_takes_it_from_the_date_and_says_so(build_decisions, tmp_path, date, year):
    b = build_decisions
    blocks = [header_block(b), b.Para(date), b.Para("MỤC TIÊU CHẤT LƯỢNG", bold=True), b.Table(PLAIN_ROWS)]
    result = read_decision(b.write_decision(tmp_path / "qd.docx", blocks))
    assert result.year == year
    assert ("year-from-date" in codes(result)) == (year is not None)
    assert ("year-not-found" in codes(result)) == (year is None)


def test_symbols_inserted_from_the_symbol_font_keep_their_meaning(build_decisions, decision_markup, tmp_path):
    b, m = build_decisions, decision_markup
    rows = (HEADER, ("1", "Hồ sơ phải yêu cầu bổ sung", "@@LE@@ 10%", "Hướng dẫn kỹ", "Hằng tuần", "Một cửa", ""),
            ("2", "Hồ sơ giải quyết đúng hạn", "@@GE@@ 95%", "Theo dõi", "Hằng tuần", "Một cửa", ""),
            ("3", "Mức độ hài lòng", "\uf0b3 90%", "Khảo sát", "Quý IV", "Văn phòng", ""),
            ("4", "Văn bản ký số", "@@BULLET@@ 100% văn bản đi\n@@BULLET@@ 100% văn bản đến", "Ký số", "Thường xuyên",
             "Văn phòng", ""))
    path = m.rewrite(b.write_decision(tmp_path / "qd.docx", [header_block(b), b.Para(TITLE), b.Table(rows)]), markup={
        "@@LE@@": '<w:r><w:sym w:font="Symbol" w:char="F0A3"/></w:r>',
        "@@GE@@": '<w:r><w:sym w:font="Symbol" w:char="00B3"/></w:r>',
        "@@BULLET@@": '<w:r><w:sym w:font="Wingdings" w:char="F0A7"/></w:r>'})
    result = read_decision(path)
    assert [[i.text for i in o.indicators] for o in result.objectives] == [
        ["≤ 10%"], ["≥ 95%"], ["≥ 90%"], ["100% văn bản đi", "100% văn bản đến"]]
    assert result.readings[0].reading.startswith("≤ 10%")


def test_without_a_title_the_year_and_period_come_from_the_article_that_issues_them(build_decisions, tmp_path):
    b = build_decisions
    blocks = [header_block(b), b.Para("Cát Tiến, ngày 06 tháng 01 năm 2025"), b.Para("QUYẾT ĐỊNH"),
              b.Para("Căn cứ Quyết định số 101/QĐ-BKHCN ngày 21/01/2019 về mục tiêu chất lượng năm 2019;"),
              b.Para("Điều 1. Ban hành kèm theo Quyết định này Mục tiêu chất lượng 6 tháng đầu năm 2025 như sau:"),
              b.Table(PLAIN_ROWS)]
    result = read_decision(b.write_decision(tmp_path / "qd.docx", blocks))
    assert (result.year, result.period) == (2025, "6 tháng đầu năm")
    assert not {"year-from-date", "year-not-found"} & set(codes(result))


@pytest.mark.parametrize("outer", ["full", "measures_only"])
def test_measures_in_a_table_nested_in_the_bien_phap_cell(build_decisions, tmp_path, outer):
    b = build_decisions
    inner = [["Nội dung", "Thời gian", "Người thực hiện"], ["Theo dõi hồ sơ", "Hằng tuần", "Một cửa"],
             ["Công khai kết quả", "Hằng tháng", "Văn phòng"]]
    if outer == "full":
        rows = (HEADER, ("1", "Hồ sơ đúng hạn", "Trên 95%", "", "", "", ""),
                ("2", "Văn bản ký số", "100%", "Ký số văn bản", "Thường xuyên", "Văn phòng", ""))
    else:
        rows = (("TT", "Mục tiêu", "Chỉ tiêu", "Kế hoạch thực hiện"), ("1", "Hồ sơ đúng hạn", "Trên 95%", ""),
                ("2", "Văn bản ký số", "100%", "Ký số văn bản"))
    table = b.Table(rows, nested={(1, 3): inner})
    result = read_decision(b.write_decision(tmp_path / "qd.docx", [header_block(b), b.Para(TITLE), table]))
    second = ("Ký số văn bản", "Thường xuyên", "Văn phòng") if outer == "full" else ("Ký số văn bản", "", "")
    assert shape(result) == [
        ("1", "Hồ sơ đúng hạn", ["Trên 95%"], [("Theo dõi hồ sơ", "Hằng tuần", "Một cửa"),
                                                ("Công khai kết quả", "Hằng tháng", "Văn phòng")]),
        ("2", "Văn bản ký số", ["100%"], [second]),
    ]
    assert [(p.row, p.column) for p in result.problems if p.code.value == "nested-measures"] == [(2, "Biện pháp thực hiện")]
    assert "nested-table" not in codes(result)


def test_an_appendix_label_above_the_first_table_is_not_a_part(build_decisions, tmp_path):
    b = build_decisions
    blocks = [header_block(b), b.Para(TITLE), b.Para("PHỤ LỤC"), b.Table(PLAIN_ROWS), b.Para("PHỤ LỤC"),
              b.Table(PLAIN_ROWS)]
    result = read_decision(b.write_decision(tmp_path / "qd.docx", blocks))
    assert "table-of-a-part" not in codes(result)
    assert all(o.note == "" for o in result.objectives)


def test_the_objective_number_written_again_in_muc_tieu_is_said_once(build_decisions, tmp_path):
    b = build_decisions
    rows = (HEADER, ("1", "1. Hồ sơ đúng hạn", "Trên 95%", "Theo dõi", "Hằng tuần", "Một cửa", ""),
            ("2", "Mục tiêu 2: Văn bản ký số", "100%", "Ký số", "Thường xuyên", "Văn phòng", ""),
            ("3", "MT3. Mức độ hài lòng", "≥ 90%", "Khảo sát", "Quý IV", "Văn phòng", ""),
            ("4", "5. Số hồ sơ trực tuyến", "≥ 60%", "Hướng dẫn", "Thường xuyên", "Một cửa", ""))   # another number: kept
    result = read_decision(b.write_decision(tmp_path / "qd.docx", [header_block(b), b.Para(TITLE), b.Table(rows)]))
    assert [(o.number, o.title) for o in result.objectives] == [
        ("1", "Hồ sơ đúng hạn"), ("2", "Văn bản ký số"), ("3", "Mức độ hài lòng"), ("4", "5. Số hồ sơ trực tuyến")]


def test_numbers_that_are_not_numbers_in_the_markup_do_not_stop_the_import(build_decisions, tmp_path):
    """A generator's slip (w:gridSpan w:val="", w:gridBefore w:val="x") reads as the default, never a crash."""
    b = build_decisions
    path = b.write_decision(tmp_path / "qd.docx", [header_block(b), b.Para(TITLE), b.Table(PLAIN_ROWS)])
    document = docx.Document(str(path))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    table = document.element.body.findall(f"{w}tbl")[1]
    cell_properties = next(table.iter(f"{w}tcPr"))
    cell_properties.append(cell_properties.makeelement(f"{w}gridSpan", {f"{w}val": ""}))
    row = table.findall(f"{w}tr")[1]
    row.insert(0, row.makeelement(f"{w}trPr", {}))
    row[0].append(row.makeelement(f"{w}gridBefore", {f"{w}val": "x"}))
    document.save(str(path))
    assert shape(read_decision(path)) == [FIRST, SECOND, THIRD]


def test_a_header_block_laid_out_with_tabs(build_decisions, decision_markup, tmp_path):
    b, m = build_decisions, decision_markup
    blocks = [b.Para("ỦY BAN NHÂN DÂN@@TAB@@CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
              b.Para("XÃ PHƯỚC HÒA@@TAB@@Độc lập - Tự do - Hạnh phúc"), b.Para(TITLE), b.Table(PLAIN_ROWS)]
    path = m.rewrite(b.write_decision(tmp_path / "qd.docx", blocks),
                     markup={"@@TAB@@": "<w:r><w:tab/></w:r><w:r><w:tab/></w:r>"})
    result = read_decision(path)
    assert result.issuer == "Ủy ban nhân dân xã Phước Hòa"
    assert shape(result) == [FIRST, SECOND, THIRD]


def test_a_remark_between_numbered_objectives_is_passed_over_and_said(build_decisions, tmp_path):
    b = build_decisions
    blocks = [header_block(b), b.Para("Điều 1. Ban hành Mục tiêu chất lượng năm 2025 như sau:"),
              b.Para("1. Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 95%."),
              b.Para("Tỷ lệ được tính trên số hồ sơ đã đến hạn trả kết quả trong kỳ."),
              b.Para("2. 100% văn bản đi được ký số."),
              b.Para("3. Mức độ hài lòng của người dân đạt từ 90% trở lên."),
              b.Para("Điều 2. Quyết định có hiệu lực từ ngày ký."),
              b.Para("1. Văn phòng theo dõi, đôn đốc.")]          # another list, of another article: not objectives
    result = read_decision(b.write_decision(tmp_path / "qd.docx", blocks))
    assert [o.title for o in result.objectives] == ["Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 95%",
                                                    "100% văn bản đi được ký số",
                                                    "Mức độ hài lòng của người dân đạt từ 90% trở lên"]
    remark = next(p for p in result.problems if p.code.value == "paragraph-in-list")
    assert "Tỷ lệ được tính trên số hồ sơ" in remark.message and remark.severity.value == "warning"


@pytest.mark.parametrize("numbering", ["anew", "on"])
def test_objectives_numbered_anew_under_each_section_row_say_their_section(build_decisions, tmp_path, numbering):
    b = build_decisions
    second = "1" if numbering == "anew" else "2"
    rows = (HEADER, ("I. VĂN PHÒNG HĐND VÀ UBND XÃ", b.LEFT, b.LEFT, b.LEFT, b.LEFT, b.LEFT, b.LEFT),
            ("1", "Văn bản đi được ký số", "100%", "Ký số", "Thường xuyên", "Văn phòng", ""),
            ("II. CÔNG AN XÃ", b.LEFT, b.LEFT, b.LEFT, b.LEFT, b.LEFT, b.LEFT),
            (second, "Hồ sơ cư trú giải quyết đúng hạn", "100%", "Giải quyết hồ sơ", "Thường xuyên", "Công an xã", "Mới"))
    result = read_decision(b.write_decision(tmp_path / "qd.docx", [header_block(b), b.Para(TITLE), b.Table(rows)]))
    notes = [(o.number, o.note) for o in result.objectives]
    if numbering == "anew":
        assert notes == [("1", "Thuộc: I. VĂN PHÒNG HĐND VÀ UBND XÃ"), ("2", "Thuộc: II. CÔNG AN XÃ\nMới")]
        assert "objectives-by-section" in codes(result)
    else:                                     # numbered on: the sections are headings only, as before
        assert notes == [("1", ""), ("2", "Mới")]
        assert "objectives-by-section" not in codes(result)
