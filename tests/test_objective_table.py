"""The objectives table as officials write it: headers, TT numbers, broken rows, lists in a cell."""

from __future__ import annotations

import unicodedata

import pytest

from xlqms import layout
from xlqms.objective_table import (
    continues,
    is_closing_row,
    is_column_number_row,
    is_header_row,
    loose_header_columns,
    match_header,
    number_kind,
    objective_number,
    split_targets,
    sub_number_of,
)


@pytest.mark.parametrize("header, role", [
    ("TT", layout.OBJ_NUMBER),
    ("STT", layout.OBJ_NUMBER),
    ("Số TT", layout.OBJ_NUMBER),
    ("Mục tiêu", layout.OBJ_TITLE),
    ("MỤC TIÊU CHẤT LƯỢNG", layout.OBJ_TITLE),
    ("Nội dung mục tiêu", layout.OBJ_TITLE),
    ("Chỉ tiêu", layout.OBJ_TARGET),
    ("Chỉ tiêu\ncụ thể", layout.OBJ_TARGET),
    ("Biện pháp thực hiện", layout.OBJ_MEASURE),
    ("Giải pháp", layout.OBJ_MEASURE),
    ("Thời gian hoàn thành", layout.OBJ_DEADLINE),
    ("Thời gian thực hiện", layout.OBJ_DEADLINE),
    ("Thời hạn", layout.OBJ_DEADLINE),
    ("Trách nhiệm thực hiện và báo cáo kết quả", layout.OBJ_RESPONSIBLE),
    ("Người/bộ phận thực hiện", layout.OBJ_RESPONSIBLE),
    ("Đơn vị thực hiện", layout.OBJ_RESPONSIBLE),
    ("Đơn vị, cá nhân thực hiện", layout.OBJ_RESPONSIBLE),
    ("Cá nhân/đơn vị thực hiện", layout.OBJ_RESPONSIBLE),
    ("Bộ phận, cá nhân thực hiện", layout.OBJ_RESPONSIBLE),
    ("Cơ quan, đơn vị thực hiện", layout.OBJ_RESPONSIBLE),
    ("Công chức thực hiện", layout.OBJ_RESPONSIBLE),
    ("Đơn vị chịu trách nhiệm", layout.OBJ_RESPONSIBLE),
    ("Cơ quan chủ trì", layout.OBJ_RESPONSIBLE),
    ("Phụ trách", layout.OBJ_RESPONSIBLE),
    ("Ghi chú (7)", layout.OBJ_NOTE),
    (unicodedata.normalize("NFD", "Biện pháp thực hiện"), layout.OBJ_MEASURE),
    ("Kết quả thực hiện", None),
    ("Mã chỉ tiêu", None),
    ("Cách hiểu", None),
    ("", None),
])
def test_headers_are_matched_loosely(header, role):
    matched = match_header(header)
    assert (matched[0] if matched else None) == role


def test_loose_header_columns_keep_exact_names_and_leave_other_columns_alone():
    row = ["STT", "Mục tiêu", "Chỉ tiêu cụ thể", "Mã chỉ tiêu", "Thời gian thực hiện", "Kết quả", "Người thực hiện"]
    assert loose_header_columns(row, known=[layout.OBJ_CODE]) == {
        layout.OBJ_NUMBER: 0, layout.OBJ_TITLE: 1, layout.OBJ_TARGET: 2, layout.OBJ_DEADLINE: 4,
        layout.OBJ_RESPONSIBLE: 6}


@pytest.mark.parametrize("text, number, kind", [
    ("1", "1", "digit"), ("1.", "1", "digit"), ("01", "1", "digit"), ("(2)", "2", "digit"), ("3)", "3", "digit"),
    ("II", "II", "roman"), ("IV.", "IV", "roman"), ("a)", "a", "letter"), ("B", "B", "letter"),
    ("1.1", "1.1", "sub"), ("2.a", "2.a", "sub"), ("-", "-", "mark"), ("+", "+", "mark"),
    ("Mục tiêu 1", "1", "digit"), ("MT 02", "2", "digit"), ("Mục tiêu số 3:", "3", "digit"),
    ("Phần A", "Phần A", "text"), ("", "", ""),
])
def test_tt_numbers(text, number, kind):
    assert objective_number(text) == number
    assert number_kind(text) == kind


def test_sub_numbers_name_their_objective():
    assert sub_number_of("2.1") == "2" and sub_number_of("02.3") == "2" and sub_number_of("2") is None


@pytest.mark.parametrize("previous, text, lowercase_is_enough, expected", [
    ("… tăng 1% so với năm 2021 (theo", "số liệu giải quyết TTCH)", False, True),   # seed 003
    ("Tỷ lệ hồ sơ được giải quyết đúng hạn và", "Trước hạn", False, True),
    ("Tỷ lệ hồ sơ,", "trên 90%", False, True),
    ("Trên 95% hồ sơ đúng hạn", "trên 50% hồ sơ trước hạn", False, False),           # a second indicator
    ("Trên 95% hồ sơ đúng hạn", "(theo số liệu phần mềm)", False, False),
    ("Duy trì hệ thống", "tại UBND xã", True, True),                                  # a title goes on
    ("Duy trì hệ thống", "Mức độ hài lòng", True, False),
    ("", "x", True, False),
])
def test_a_row_broken_over_a_page(previous, text, lowercase_is_enough, expected):
    assert continues(previous, text, lowercase_is_enough) is expected


@pytest.mark.parametrize("cell, targets", [
    ("trên 90%", ["trên 90%"]),
    ("Tăng 1% so với năm 2021\n(98,6%)", ["Tăng 1% so với năm 2021 (98,6%)"]),
    ("- Trên 95% hồ sơ đúng hạn;\n- Trên 50% hồ sơ trước hạn.", ["Trên 95% hồ sơ đúng hạn;", "Trên 50% hồ sơ trước hạn."]),
    ("Tỷ lệ hồ sơ:\n+ đúng hạn trên 95%\n+ trước hạn trên 50%",
     ["Tỷ lệ hồ sơ: đúng hạn trên 95%", "Tỷ lệ hồ sơ: trước hạn trên 50%"]),
    ("a) trên 95%\nb) 100%", ["trên 95%", "100%"]),
    ("trên 95%\n100%", ["trên 95%", "100%"]),                    # two lines that read one by one
    ("- trên 95% hồ sơ", ["- trên 95% hồ sơ"]),                 # one bullet: kept as written
    ("", []),
])
def test_several_indicators_in_one_cell(cell, targets):
    assert split_targets(cell) == targets


@pytest.mark.parametrize("texts, expected", [
    (["(1)", "(2)", "(3)", "(4)", "(5)"], True),
    (["1", "2", "3", "4", "5", "6", "7"], True),
    (["A", "B", "C", "D"], True),
    (["1", "Duy trì hệ thống", "100%"], False),
    (["1", "3", "5"], False),
])
def test_column_number_rows(texts, expected):
    assert is_column_number_row(texts) is expected


@pytest.mark.parametrize("texts, expected", [
    (["Cộng", "3 mục tiêu"], True), (["Tổng cộng"], True), (["TM. ỦY BAN NHÂN DÂN"], True),
    (["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], True), (["1", "Cộng đồng dân cư"], False), ([], False),
    (["Chủ tịch UBND xã chỉ đạo rà soát thủ tục", "Quý II"], False),       # a measure, not the signature
    (["", "Cộng: 9 mục tiêu"], True), (["Tổng cộng 12 chỉ tiêu"], True), (["Tổng số: 10"], True),
    (["Tổng: 10 mục tiêu, 12 chỉ tiêu"], True), (["Cộng 5 mục tiêu", "", "7 biện pháp"], True),
    (["Tổng thu ngân sách đạt 210 tỷ đồng"], False), (["Tổng số hồ sơ được giải quyết đúng hạn"], False),
])
def test_closing_rows(texts, expected):
    assert is_closing_row(texts) is expected


def test_header_rows_repeated_inside_a_table_but_not_data_rows_with_header_words():
    header = ["TT", "Mục tiêu", "Chỉ tiêu", "Biện pháp thực hiện", "Ghi chú"]
    assert is_header_row(["TT", "Mục tiêu", "Chỉ tiêu", "Biện pháp\nthực hiện", "Ghi chú"], header)
    assert is_header_row(["TT", "MỤC TIÊU", "Chỉ tiêu", "", ""], header)
    assert not is_header_row(["Mục tiêu", "Chỉ tiêu", "Biện pháp thực hiện", "Rà soát"], ["STT", "Nội dung"])
    assert not is_header_row(["1", "Mục tiêu", "trên 90%", "Biện pháp thực hiện"], header)
