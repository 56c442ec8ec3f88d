"""Value checks of one Kết quả row (pure: raw cells in, entry and findings out)."""

from __future__ import annotations

import unicodedata
from fractions import Fraction

import pytest

from xlqms import layout
from xlqms.catalogue import Indicator
from xlqms.sheet_cells import CellError, UncachedFormula
from xlqms.targets import parse_target
from xlqms.typed_cell import parse_cell
from xlqms.typed_text import suggestion
from xlqms.validate import RawRow, validate_row

H1 = "6 tháng đầu năm"
NUM, DEN, VAL, BASE, NOTE = (layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR, layout.RESULT_VALUE,
                             layout.RESULT_BASELINE, layout.RESULT_EXPLANATION)
CELLS = {NUM: "F12", DEN: "G12", VAL: "H12", BASE: "I12", NOTE: "J12"}


def indicator(text, periods=()):
    return Indicator("MT01", "1", text, parse_target(text), (), tuple(periods))


def check(text, values, periods=(), percent_format=None):
    row = RawRow("MT01", {h: values.get(h) for h in CELLS}, dict(CELLS))
    return validate_row(indicator(text, periods), row, H1, "xa.xlsx", "Kết quả", percent_format)


def codes(findings):
    return [(f.code, f.severity.value, f.location.cell) for f in findings]


@pytest.mark.parametrize("raw, kind, number, percent", [
    (None, "blank", None, False),
    ("   ", "blank", None, False),
    (0, "number", Fraction(0), False),
    (95.7, "number", Fraction("95.7"), False),
    ("86,2", "number", Fraction("86.2"), False),
    ("86,2%", "number", Fraction("86.2"), True),
    ("86,2 %", "number", Fraction("86.2"), True),
    ("1.540", "number", Fraction(1540), False),
    ("khoảng 90", "text", None, False),
])
def test_parse_cell(raw, kind, number, percent):
    parsed = parse_cell(raw)
    assert (parsed.kind, parsed.number, parsed.percent) == (kind, number, percent)


@pytest.mark.parametrize("raw, passed", [
    ("Đạt", True), ("  đạt ", True), ("ĐẠT", True), (unicodedata.normalize("NFD", "Đạt"), True),
    ("Không đạt", False), ("không   ĐẠT", False), (unicodedata.normalize("NFD", "Không đạt"), False),
])
def test_pass_fail_in_any_case_spacing_and_form(raw, passed):
    entry, findings = check("Báo cáo đảm bảo theo kế hoạch", {VAL: raw})
    assert entry.passed is passed and findings == []


def test_blank_is_not_zero_and_missing_value_is_a_warning():
    entry, findings = check("trên 90%", {})
    assert entry.value is None and entry.numerator is None and entry.is_blank
    assert codes(findings) == [("missing-value", "warning", "H12")]
    zero, findings = check("trên 90%", {VAL: 0})
    assert zero.value == 0 and not zero.is_blank and findings == []


def test_not_due_blank_has_no_finding():
    entry, findings = check("Kết quả đánh giá nội bộ đạt yêu cầu", {}, periods=("Cả năm",))
    assert entry.is_blank and findings == []


def test_text_that_is_no_number_says_what_to_type():
    entry, findings = check("trên 90%", {VAL: "khoảng 86,2 %"})
    assert entry.value is None
    assert codes(findings) == [("not-a-number", "error", "H12")]
    assert findings[0].message == "“khoảng 86,2 %” không phải là số — nhập 86,2"
    assert findings[0].describe() == "xa.xlsx — Kết quả!H12: “khoảng 86,2 %” không phải là số — nhập 86,2"


def test_vietnamese_text_numbers_are_values():
    entry, findings = check("trên 90%", {VAL: "96,5%"})
    assert (entry.value, entry.percent_sign, findings) == (Fraction("96.5"), True, [])
    entry, findings = check("900 lao động", {VAL: "1.540"})
    assert entry.value == 1540 and findings == []


def test_percent_as_fraction_with_known_percent_format():
    entry, findings = check("≥ 98%", {VAL: 1.0}, percent_format=lambda cell, raw: cell == "H12")
    assert entry.value == 100 and codes(findings) == [("percent-as-fraction", "warning", "H12")]
    assert "100%" in findings[0].message


def test_percent_as_fraction_guess_without_format():
    entry, findings = check("trên 90%", {VAL: 0.862})
    assert entry.value == Fraction("86.2") and codes(findings) == [("percent-as-fraction", "warning", "H12")]
    # exactly 1 with an unknown format stays as typed (1%, or 100%? nobody knows)
    entry, findings = check("trên 90%", {VAL: 1})
    assert entry.value == 1 and [f.code for f in findings] == []
    # a plain number format says it is not a percent: no guess — the value stays, a warning asks to look
    entry, findings = check("trên 90%", {VAL: 0.862}, percent_format=lambda cell, raw: False)
    assert entry.value == Fraction("0.862") and codes(findings) == [("percent-maybe-fraction", "warning", "H12")]
    # a count is never multiplied
    entry, findings = check("900 lao động", {VAL: 0.5})
    assert entry.value == Fraction("0.5") and findings == []


def test_numerator_exceeds_denominator():
    entry, findings = check("trên 90%", {NUM: 1600, DEN: 1587})
    assert codes(findings) == [("numerator-exceeds-denominator", "error", "F12")]
    assert "1.600" in findings[0].message and "1.587" in findings[0].message


@pytest.mark.parametrize("values, expected", [
    ({NUM: -3, DEN: 10}, [("negative-value", "error", "F12")]),
    ({VAL: -1}, [("negative-value", "error", "H12")]),
    ({VAL: 120}, [("percent-over-100", "error", "H12")]),
    ({VAL: "101%"}, [("percent-over-100", "error", "H12")]),
    ({NUM: 5, DEN: 0}, [("zero-denominator", "error", "G12")]),
    ({NUM: 0, DEN: 0}, [("no-cases", "warning", "G12")]),
    ({NUM: 5}, [("incomplete-ratio", "error", "G12")]),
    ({VAL: "Đạt"}, [("not-a-number", "error", "H12")]),
    ({NUM: 10, DEN: 20, VAL: 90}, [("ratio-value-mismatch", "warning", "H12")]),
])
def test_value_errors(values, expected):
    _, findings = check("trên 90%", values)
    assert codes(findings) == expected


def test_ratio_typed_into_the_value_cell():
    entry, findings = check("trên 90%", {VAL: "1540/1587"})
    assert (entry.numerator, entry.denominator, entry.value) == (1540, 1587, None) and findings == []


def test_qualitative_errors():
    _, findings = check("Báo cáo đảm bảo theo kế hoạch", {VAL: 1})
    assert codes(findings) == [("numeric-for-qualitative", "error", "H12")]
    _, findings = check("Báo cáo đảm bảo theo kế hoạch", {VAL: "tốt"})
    assert codes(findings) == [("qualitative-value-invalid", "error", "H12")]


def test_baseline_missing_is_a_warning_and_given_baseline_is_read():
    entry, findings = check("Tỷ lệ hồ sơ trực tuyến tăng 1% so với năm 2025", {VAL: 99.7})
    assert codes(findings) == [("baseline-missing", "warning", "I12")]
    entry, findings = check("Tỷ lệ hồ sơ trực tuyến tăng 1% so với năm 2025", {VAL: 99.7, BASE: "98,6%"})
    assert entry.baseline == Fraction("98.6") and findings == []
    # a baseline in the target text is enough
    _, findings = check("Tăng 1% so với năm 2021 (98,6%)", {VAL: 99.7})
    assert findings == []


def test_explanation_stays_text():
    entry, _ = check("900 lao động", {VAL: 950, NOTE: "=1+1"})
    assert entry.explanation == "=1+1"


@pytest.mark.parametrize("text, values, value", [
    ("trên 90%", {NUM: 1540, DEN: 1587}, None),
    ("900 lao động", {VAL: 950}, Fraction(950)),
    ("Báo cáo đảm bảo theo kế hoạch", {VAL: "Đạt"}, None),
])
@pytest.mark.parametrize("explanation, kept", [
    (UncachedFormula('HYPERLINK("http://x";"bấm vào đây")'), '=HYPERLINK("http://x";"bấm vào đây")'),
    (UncachedFormula('cmd|" /C calc"!A0'), '=cmd|" /C calc"!A0'),
    (CellError("#REF!"), ""),
    (CellError("#NAME?"), ""),
])
def test_a_formula_or_error_in_thuyet_minh_never_costs_the_row_its_figures(text, values, value, explanation, kept):
    entry, findings = check(text, {**values, NOTE: explanation})
    assert codes(findings) == [("explanation-not-text", "warning", "J12")]
    assert not any(f.is_error for f in findings)
    assert "Thuyết minh" in findings[0].message and "số liệu của dòng vẫn dùng" in findings[0].message
    assert entry.explanation == kept                          # the formula kept as the text typed, never run
    assert entry.value == value and not entry.is_blank
    if NUM in values:
        assert (entry.numerator, entry.denominator) == (1540, 1587)


def test_an_error_in_a_value_cell_is_still_an_error():
    _, findings = check("trên 90%", {NUM: CellError("#REF!"), DEN: 10, NOTE: CellError("#N/A")})
    assert sorted(codes(findings)) == [("error-value", "error", "F12"), ("explanation-not-text", "warning", "J12")]


def test_suggestion():
    assert suggestion("khoảng 1.540 hồ sơ") == "1.540"
    assert suggestion("không rõ") == "một số, ví dụ 95,7"


# --- the value side read by the target language's one parser ------------------------------------

@pytest.mark.parametrize("raw, kind", [
    ("tăng 7,4%", "change"), ("Giảm 1,2 điểm %", "change"), ("giảm 1,2 điểm phần trăm", "change"),
    ("17/18", "ratio"), ("97%", "number"), ("95,7", "number"), ("1.540", "number"),
    ("Đạt", "passed"), ("ĐẠT", "passed"), (unicodedata.normalize("NFD", "Đạt"), "passed"), ("không đạt", "passed"),
    ("nhiều", "text"),
])
def test_one_parser_reads_what_units_type(raw, kind):
    from xlqms.targets import read_typed

    parsed = parse_cell(raw)
    assert parsed.kind == kind
    reading = read_typed(raw)
    assert (reading is None) == (kind == "text")


@pytest.mark.parametrize("typed, expected_status", [("tăng 8,3%", "met"), ("tăng 7,9%", "not_met"),
                                                    ("giảm 2%", "not_met")])
def test_an_achieved_change_is_judged_directly_without_a_baseline(typed, expected_status):
    from xlqms.targets import evaluate

    text = "Giá trị sản xuất công nghiệp tăng 8% so với năm 2024"
    entry, findings = check(text, {VAL: typed})
    assert not [f for f in findings if f.is_error]
    assert "baseline-missing" not in [f.code for f in findings]
    assert entry.change is not None and entry.value is None
    assert evaluate(indicator(text).target, entry.reading).value == expected_status


def test_a_bare_number_for_a_relative_change_with_no_baseline_says_what_to_enter():
    entry, findings = check("Thu ngân sách tăng 12% so với năm 2024", {VAL: 2250})
    warning = next(f for f in findings if f.code == "baseline-missing")
    assert "Kết quả kỳ trước" in warning.message and "tăng 7,4%" in warning.message
    from xlqms.targets import evaluate

    assert evaluate(indicator("Thu ngân sách tăng 12% so với năm 2024").target, entry.reading).value == "no_data"


def test_a_change_typed_for_a_level_is_an_error():
    _, findings = check("trên 90%", {VAL: "tăng 2%"})
    assert codes(findings) == [("change-for-level", "error", "H12")]


def test_a_zero_target_takes_a_count_or_dat():
    entry, findings = check("Không để xảy ra cháy nổ", {VAL: "Đạt"})
    assert not findings and entry.passed is True
    entry, findings = check("0 hồ sơ trễ hạn", {VAL: 2})
    assert not findings and entry.value == 2


@pytest.mark.parametrize("target, values, expected", [
    ("trên 90%", {VAL: 1e300}, [("percent-over-100", "error", "H12")]),   # huge: a located error, never unreadable
    ("trên 90%", {NUM: 1e30, DEN: 1e31}, []),                              # huge counts, a sound ratio (10%)
    ("900 lao động", {VAL: 1e300}, []),
    ("900 lao động", {VAL: float("inf")}, [("not-a-number", "error", "H12")]),
    ("trên 90%", {VAL: float("nan")}, [("not-a-number", "error", "H12")]),
])
def test_absurd_numbers_are_findings_at_their_cell(target, values, expected):
    _, findings = check(target, values)
    assert codes(findings) == expected


@pytest.mark.parametrize("text, typed, error", [
    ("Lượng khách du lịch đạt 1,5 triệu lượt", "1.400.000", True),
    ("Lượng khách du lịch đạt 1,5 triệu lượt", 1_600_000, True),
    ("Lượng khách du lịch đạt 1,5 triệu lượt", "1,4", False),
    ("Thu hút 0,8 triệu lượt khách", 750_000, True),
    ("Thu hút 0,8 triệu lượt khách", "0,75", False),
    ("Tổng thu ngân sách : 210-215 tỷ đồng", "210.000.000.000", True),
    ("Tổng thu ngân sách : 210-215 tỷ đồng", "212,5", False),
    ("Giải quyết việc làm cho 12 nghìn lao động", "11.000", True),
    ("Giải quyết việc làm cho 12 nghìn lao động", 13, False),
    ("Thu ngân sách 1.540 triệu đồng", "1.600", False),
    ("Thu ngân sách 1.540 triệu đồng", 1_500_000_000, True),
    ("Tổng vốn đầu tư 45 nghìn tỷ đồng", 44_000_000_000_000, True),
    ("Số vụ tai nạn giao thông dưới 10 vụ", 100_000, False),           # no magnitude: read as typed
    ("900 lao động", 1_000_000, False),
])
def test_a_level_in_thousands_or_millions_typed_in_plain_units_is_an_error(text, typed, error):
    entry, findings = check(text, {VAL: typed})
    found = [f for f in findings if f.code == "value-out-of-scale"]
    assert bool(found) is error
    if error:
        assert found[0].is_error and found[0].location.cell == "H12"
        assert parse_target(text).unit.split()[0] in found[0].message
