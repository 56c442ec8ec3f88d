"""The one rule that finds a table's header row, for every table xlqms reads."""

import unicodedata

import pytest

from xlqms import layout
from xlqms.layout import HEADER_SEARCH_ROWS, find_header_row

REQUIRED = ("Mã chỉ tiêu", "Tử số", "Mẫu số", "Kết quả", "Kết quả kỳ trước", "Thuyết minh")
TITLE = ["BÁO CÁO KẾT QUẢ THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG", None, None]


@pytest.mark.parametrize("rows, expected_row, expected_columns", [
    # the header under a title and a blank row, found by text wherever its columns are
    ([TITLE, [], ["TT", *REQUIRED]], 2, {name: index + 1 for index, name in enumerate(REQUIRED)}),
    # spelled differently: case, spaces, decomposed Vietnamese (NFD)
    ([[unicodedata.normalize("NFD", " mã CHỈ tiêu "), "tử số", "MẪU SỐ  "]], 0,
     {"Mã chỉ tiêu": 0, "Tử số": 1, "Mẫu số": 2}),
    # columns reordered, one missing: still the header (the caller reports the missing column)
    ([["Thuyết minh", "Kết quả", "Mã chỉ tiêu", "Mẫu số", "Tử số"]], 0,
     {"Thuyết minh": 0, "Kết quả": 1, "Mã chỉ tiêu": 2, "Mẫu số": 3, "Tử số": 4}),
    # the key header alone is a label in the identity block, not the header row
    ([["Mã chỉ tiêu", "MT01"], ["Mã chỉ tiêu", "Tử số", "Mẫu số"]], 1, {"Mã chỉ tiêu": 0, "Tử số": 1, "Mẫu số": 2}),
    # without the key header there is no header, however many others there are
    ([["Tử số", "Mẫu số", "Kết quả", "Kết quả kỳ trước", "Thuyết minh"]], None, {}),
    # too far down
    ([[]] * HEADER_SEARCH_ROWS + [list(REQUIRED)], None, {}),
    ([], None, {}),
])
def test_find_header_row(rows, expected_row, expected_columns):
    assert find_header_row(rows, REQUIRED) == (expected_row, expected_columns)


def test_optional_headers_are_located_but_never_make_a_header():
    row = ["Mã đơn vị", "Tên đơn vị", "Ghi chú"]
    assert find_header_row([row], layout.UNIT_COLUMNS, ("Ghi chú",)) == (
        0, {"Mã đơn vị": 0, "Tên đơn vị": 1, "Ghi chú": 2})
    assert find_header_row([["Ghi chú", "Cấp"]], layout.UNIT_COLUMNS, ("Ghi chú",)) == (None, {})


def test_a_table_of_two_headers_needs_its_key():
    assert find_header_row([["Mục"]], (layout.SETTINGS_KEY, layout.SETTINGS_VALUE)) == (0, {"Mục": 0})
    assert find_header_row([["Giá trị"]], (layout.SETTINGS_KEY, layout.SETTINGS_VALUE)) == (None, {})
