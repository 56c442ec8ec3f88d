"""What a Kết quả row must show (xlqms.row_expectation), and the shared rules it rests on: the comparison
at 9 decimals, the rounding of the value shown, digits, levels written with 14 significant digits."""

from __future__ import annotations

from fractions import Fraction

import pytest

from xlqms import entry_rules, layout
from xlqms.arithmetic import constant_value
from xlqms.catalogue import Indicator
from xlqms.levels import show
from xlqms.row_expectation import EXPECTED_DIFFERENCES, ExpectedRow, expected_row, progress_text
from xlqms.statuses import Status
from xlqms.targets import evaluate, parse_target, read_typed

HEADERS = (layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR, layout.RESULT_VALUE, layout.RESULT_BASELINE)
CELLS = dict(zip(HEADERS, ("G7", "H7", "I7", "J7")))


def row(text: str, numerator=None, denominator=None, value=None, baseline=None, periods=()) -> ExpectedRow:
    indicator = Indicator("X", "1", text, parse_target(text), (), tuple(periods))
    raw = dict(zip(HEADERS, (numerator, denominator, value, baseline)))
    return expected_row(indicator, raw, CELLS, "6 tháng đầu năm")


@pytest.mark.parametrize("text, inputs, verdict, value, level", [
    ("trên 90%", dict(numerator=1540, denominator=1587), "Đạt", Fraction("97.04"), "> 90%"),
    ("≥ 90%", dict(value=89.995), "Không đạt", Fraction("89.995"), "≥ 90%"),
    ("≥ 90%", dict(value="89,999999999999"), "Đạt", Fraction(90), "≥ 90%"),     # equal at 9 decimals
    ("trên 90%", dict(numerator=1286, denominator=1278), "Lỗi: Tử số lớn hơn Mẫu số", None, "> 90%"),
    ("trên 90%", dict(value="９５"), "Đạt", Fraction(95), "> 90%"),             # full-width digits
    ("trên 90%", dict(value="٩٥"), "Lỗi: Kết quả không phải là số", None, "> 90%"),
    ("Tăng 1% so với năm 2021 (98,6%)", dict(value="99,6"), "Đạt", Fraction("99.6"),
     "≥ 99,6% (98,6% + 1 điểm)"),
    ("tăng 1% tỷ lệ hài lòng so với năm trước", dict(value=91.5, baseline="90,5"), "Đạt", Fraction("91.5"),
     "≥ 91,5% (90,5% + 1 điểm)"),
    ("tăng 1% tỷ lệ hài lòng so với năm trước", dict(value=91.5, baseline=-1), "Lỗi: Kết quả kỳ trước là số âm",
     None, "≥ Kết quả kỳ trước + 1 điểm"),             # a rejected baseline makes no level
    ("giảm 10% số vụ tai nạn", dict(value=1080, baseline=10 ** 15), "Đạt", Fraction(1080),
     "≤ 900.000.000.000.000 (1.000.000.000.000.000 − 10%)"),
    ("Giảm tỷ lệ sinh con thứ ba 0,2‰", dict(value="tăng 0,2 %"), "Thiếu số liệu", "tăng 0,2 %",
     "≤ Kết quả kỳ trước − 0,2 điểm"),
    ("Kết quả kiểm tra đạt yêu cầu", dict(value="ĐẠT"), "Đạt", None, "Đạt"),
])
def test_what_the_three_live_columns_must_show(text, inputs, verdict, value, level):
    expected = row(text, **inputs)
    assert (expected.verdict, expected.value, expected.level) == (verdict, value, level)


def test_the_progress_line_counts_due_rows_typed_and_rows_with_an_error():
    rows = [row("trên 90%", value=95), row("trên 90%", numerator=5), row("trên 90%"),
            row("trên 90%", value="abc", periods=("Cả năm",)), row("Kết quả kiểm tra đạt yêu cầu", numerator=5)]
    assert [r.filled for r in rows] == [True, True, False, False, False]
    assert [r.error for r in rows] == [False, True, False, True, False]
    assert progress_text(rows, 4) == "Đã nhập 2/4 chỉ tiêu — 2 dòng có lỗi cần sửa"
    assert progress_text(rows[:1], 1) == "Đã nhập 1/1 chỉ tiêu"


@pytest.mark.parametrize("text, value, status", [
    ("≥ 90%", "89,9999999995", Status.MET), ("≥ 90%", "89,9999999994", Status.NOT_MET),
    ("≥ 90%", "89,9999", Status.NOT_MET), ("trên 90%", "90,000000000001", Status.NOT_MET),
    ("≤ 0,3%", 0.1 + 0.2, Status.MET), ("14-15%", "15,000000000001", Status.MET), ("14-15%", "15,0001", Status.EXCEEDED),
])
def test_values_and_levels_are_compared_at_nine_decimals(text, value, status):
    reading = read_typed(value)
    assert evaluate(parse_target(text), reading) is status


@pytest.mark.parametrize("number, text", [
    (Fraction("97.0384"), "97,0384"), (Fraction(1540), "1.540"), (Fraction("99999999999.99996"), "100.000.000.000"),
    (Fraction("1283950605728.39999"), "1.283.950.605.728,4"), (Fraction(10 ** 15) - Fraction(2, 10), "1.000.000.000.000.000"),
    (Fraction(10 ** 20), "100.000.000.000.000.000.000"), (Fraction(-8, 10), "-0,8"),
])
def test_levels_are_written_with_at_most_14_significant_digits(number, text):
    assert show(number) == text


# -- what collect reads since returns2, as the sheet reads it (issues 13, 14) --------------------------

AMBIGUOUS = "Lỗi: Số có dấu phẩy không rõ là ngăn hàng nghìn hay thập phân (1,540)"


@pytest.mark.parametrize("text, inputs, verdict, value", [
    # a leading apostrophe only marks text
    ("trên 90%", dict(value="'95"), "Đạt", Fraction(95)),
    ("trên 90%", dict(value="\u2019 95,5"), "Đạt", Fraction("95.5")),
    ("≥ 90%", dict(numerator="'9", denominator="'10"), "Đạt", Fraction(90)),
    ("Kết quả kiểm tra đạt yêu cầu", dict(value="'Đạt"), "Đạt", None),
    # "=" then a plain number: both sides read the number (the dot of a formula is a decimal dot)
    ("trên 90%", dict(value="= 95"), "Đạt", Fraction(95)),
    ("Tạo việc làm cho 50 lao động", dict(value="=1.540"), "Không đạt", Fraction("1.54")),
    ("trên 90%", dict(value="=-5"), "Lỗi: Kết quả là số âm", None),
    ("Kết quả kiểm tra đạt yêu cầu", dict(value="=5"), "Lỗi: Nhập số cho chỉ tiêu Đạt / Không đạt", None),
    # English grouping: read where it is certain, ambiguous for a count, Vietnamese in a percent column
    ("Tạo việc làm cho 50 lao động", dict(value="1,540,000"), "Vượt", Fraction(1540000)),
    ("Tạo việc làm cho 50 lao động", dict(value="+1,540.5"), "Vượt", Fraction("1540.5")),
    ("Tạo việc làm cho 50 lao động", dict(value="1,540"), AMBIGUOUS, None),
    ("trên 90%", dict(numerator="1,540", denominator=1587), AMBIGUOUS, None),
    ("trên 90%", dict(value="1,540"), "Không đạt", Fraction("1.54")),
    ("Tạo việc làm cho 50 lao động", dict(value="\uff11,\uff15\uff14\uff10"), AMBIGUOUS, None),   # full-width
    ("Tạo việc làm cho 50 lao động", dict(value="\u0661,\u0665\u0664\u0660"), "Lỗi: Kết quả không phải là số", None),
    ("trên 90%", dict(value="1,540,000"), "Lỗi: Tỷ lệ vượt quá 100%", None),
])
def test_the_readings_collect_adds_are_the_ones_the_sheet_must_show(text, inputs, verdict, value):
    expected = row(text, **inputs)
    assert (expected.verdict, expected.value, expected.difference) == (verdict, value, None)


@pytest.mark.parametrize("text, inputs, collected", [
    ("trên 90%", dict(value="=1540/1587*100"), "Đạt"),
    ("trên 90%", dict(value="=1540/1587"), "Đạt"),               # a share in a percent column: ×100
    ("Tạo việc làm cho 50 lao động", dict(value="=(20+40)"), "Vượt"),
    ("trên 90%", dict(numerator="=18/2", denominator=10), "Không đạt"),
    ("Kết quả kiểm tra đạt yêu cầu", dict(value="=1/2"), "Lỗi: Nhập số cho chỉ tiêu Đạt / Không đạt"),
    ("trên 90%", dict(value="=5."), "Không đạt"),                # a number the sheet's rule leaves out
])
def test_a_formula_as_text_only_collect_computes_is_the_one_expected_difference(text, inputs, collected):
    expected = row(text, **inputs)
    header = next(layout_header for layout_header, key in zip(HEADERS, ("numerator", "denominator", "value",
                                                                          "baseline")) if key in inputs)
    assert expected.difference == "formula-as-text" and expected.collected == collected
    assert expected.verdict == entry_rules.formula_text_error(header) and expected.error
    assert expected.value is None


@pytest.mark.parametrize("value", ["=A1", "=SUM(1;2)", "=", "=0095", "=95\u200b", "=1/0"])
def test_a_formula_neither_side_computes_is_the_same_error_on_both(value):
    expected = row("trên 90%", value=value)
    assert expected.difference is None
    assert expected.verdict == entry_rules.formula_text_error(layout.RESULT_VALUE)


@pytest.mark.parametrize("raw, reads", [
    ("=5", True), ("= 5 ", True), ("=-5", True), ("=+95,5", True), ("=1.540", True), ("=0", True), ("=00", True),
    ("'=5", True), ("\u00a0=\u00a095", True),
    ("=0095", False), ("=05", False), ("=05.5", True), ("=5.", False), ("=.5", False), ("=1,5,4", False),
    ("=- 5", False), ("=95%", False), ("=1540/1587", False), ("=A1", False), ("95", False), (95, False),
])
def test_the_sheet_reads_a_formula_as_text_only_where_collect_computes_the_same_number(raw, reads):
    assert entry_rules.sheet_formula_number(raw) is reads
    if reads:
        text = raw.strip().lstrip("'").strip()
        assert constant_value(text, typed=True) is not None     # collect computes every one the sheet reads


def test_the_expected_differences_are_one_short_registry():
    assert set(EXPECTED_DIFFERENCES) == {"formula-as-text", "legacy-text"}
