"""What communes type that a spreadsheet does not turn into a plain number: English digit grouping
(``1,540``), and formulas the spreadsheet never computed (typed as text, or saved without a value).
Pure: raw cells in, entry and findings out (:mod:`xlqms.validate`, :mod:`xlqms.arithmetic`)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from xlqms import layout
from xlqms.catalogue import Indicator
from xlqms.sheet_cells import UncachedFormula, dated_serial, serial_to_datetime
from xlqms.targets import parse_target
from xlqms.validate import RawRow, validate_row

NUM, DEN, VAL, BASE = layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR, layout.RESULT_VALUE, layout.RESULT_BASELINE
CELLS = {NUM: "G12", DEN: "H12", VAL: "I12", BASE: "J12", layout.RESULT_EXPLANATION: "M12"}


def check(target, values):
    indicator = Indicator("MT01", "1", target, parse_target(target), (), ())
    row = RawRow("MT01", {h: values.get(h) for h in CELLS}, dict(CELLS))
    return validate_row(indicator, row, "6 tháng đầu năm", "xa.xlsx", "Kết quả", None)


def summary(findings):
    return sorted((f.code, f.location.cell) for f in findings)


@pytest.mark.parametrize("target, values, expected_value, expected", [
    # one comma group where a decimal is impossible to tell: refused at its cell, never 1,54 in silence
    ("900 lao động", {VAL: "1,540"}, None, [("ambiguous-number", "I12")]),
    ("1.100 tỷ đồng", {VAL: " 2,150 "}, None, [("ambiguous-number", "I12")]),
    ("trên 90%", {NUM: "1,540", DEN: "1,587"}, None, [("ambiguous-number", "G12"), ("ambiguous-number", "H12")]),
    # two groups, or a dot decimal after the groups: only English grouping reads so; read, with a warning
    ("900 lao động", {VAL: "1,540,000"}, Fraction(1540000), [("comma-thousands", "I12")]),
    ("900 lao động", {VAL: "1,540.5"}, Fraction("1540.5"), [("comma-thousands", "I12")]),
    ("900 lao động", {VAL: "+12,345,678"}, Fraction(12345678), [("comma-thousands", "I12")]),
    # a percent column: 1540% is impossible, so 98,500 is the Vietnamese 98,5 (no finding)
    ("≥ 98%", {VAL: "98,500"}, Fraction("98.5"), []),
    # Vietnamese forms are untouched
    ("900 lao động", {VAL: "1.540"}, Fraction(1540), []),
    ("900 lao động", {VAL: "1,54"}, Fraction("1.54"), []),
    ("900 lao động", {VAL: "1 540"}, Fraction(1540), []),
])
def test_english_digit_grouping(target, values, expected_value, expected):
    entry, findings = check(target, values)
    assert summary(findings) == expected
    assert entry.value == expected_value
    if expected and expected[0][0] == "ambiguous-number":
        assert entry.numerator is None and all(f.is_error for f in findings)
        assert "1.5" in findings[0].message or "2.150" in findings[0].message


def test_ambiguous_grouping_message_offers_both_readings():
    _, (problem,) = check("900 lao động", {VAL: "1,540"})
    assert "1.540" in problem.message and "1,54" in problem.message


@pytest.mark.parametrize("target, values, header, expected", [
    ("≥ 98%", {VAL: "=1540/1587*100"}, "value", Fraction(154000, 1587)),
    ("≥ 98%", {VAL: "=1540/1587"}, "value", Fraction(154000, 1587)),       # a share in a percent column: ×100
    ("900 lao động", {VAL: "=600+350"}, "value", Fraction(950)),
    ("900 lao động", {VAL: UncachedFormula("600+350")}, "value", Fraction(950)),
    ("trên 90%", {NUM: "=1500+40", DEN: 1587}, "numerator", Fraction(1540)),
    ("trên 90%", {NUM: UncachedFormula("1500+40"), DEN: UncachedFormula("1587")}, "denominator", Fraction(1587)),
])
def test_a_constant_formula_is_computed_with_a_warning(target, values, header, expected):
    entry, findings = check(target, values)
    assert getattr(entry, header) == expected
    assert findings and {f.code for f in findings} == {"formula-computed"} and not any(f.is_error for f in findings)
    assert "tự tính ra" in findings[0].message


@pytest.mark.parametrize("raw, code", [
    ("=G11/H11*100", "not-a-number"),
    (UncachedFormula("G11/H11*100"), "formula-without-value"),
    (UncachedFormula("ROUND(97.5+1,1)"), "formula-without-value"),
])
def test_a_formula_that_is_no_constant_is_an_error_that_names_it(raw, code):
    entry, findings = check("≥ 98%", {VAL: raw})
    assert entry.value is None and [f.code for f in findings] == [code]
    assert "công thức" in findings[0].message and "nhập 11" not in findings[0].message


@pytest.mark.parametrize("serial, date1904, expected_code, expected_value", [
    (950, False, "number-shown-as-date", Fraction(950)),        # shows 07/08/1902
    (97.04, False, "number-shown-as-date", Fraction("97.04")),  # shows 06/04/1900
    (950, True, "number-shown-as-date", Fraction(950)),         # the 1904 system: the same number
    (46304, False, "date-in-value", None),                      # 09/10/2026: a ratio turned into a date
    (0.3819444, False, "date-in-value", None),                  # 9:10, a time of day
])
def test_a_number_in_a_cell_that_kept_a_date_format(serial, date1904, expected_code, expected_value):
    entry, findings = check("900 lao động", {VAL: serial_to_datetime(serial, date1904)})
    assert [f.code for f in findings] == [expected_code]
    assert entry.value == expected_value


def test_an_ods_date_keeps_its_day_number():
    assert dated_serial(dt.datetime(1902, 8, 7)).serial == 950
    assert dated_serial(dt.datetime(1900, 4, 6, 0, 57, 36)).serial == pytest.approx(97.04)


@pytest.mark.parametrize("target, raw, warned", [
    ("trên 90%", "0,97", True),          # =1540/1587 typed without ×100, or the share written
    ("≥ 98%", "0,9704", True),
    ("14-15%", "0,5", True),
    ("trên 90%", "0,97%", False),        # the % sign says it is 0,97%
    ("trên 90%", "97", False),
    ("dưới 5%", "0,5", False),           # lower is better: 0,5% is plausible
    ("≥ 0,5%", "0,7", False),            # a low level: 0,7% is plausible
    ("900 lao động", "0,5", False),      # not a rate
])
def test_a_share_where_a_high_percent_is_due_is_flagged_and_kept(target, raw, warned):
    entry, findings = check(target, {VAL: raw})
    assert [f.code for f in findings] == (["percent-maybe-fraction"] if warned else [])
    if warned:
        assert entry.value < 1 and "xlqms vẫn dùng" in findings[0].message


def test_no_share_warning_where_the_ratio_is_used():
    entry, findings = check("trên 90%", {NUM: 1540, DEN: 1587, VAL: "0,97"})
    assert [f.code for f in findings] == ["ratio-value-mismatch"] and entry.numerator == 1540



@pytest.mark.parametrize("values, warned", [
    ({VAL: "99,7", BASE: "0,986"}, True),
    ({NUM: 997, DEN: 1000, BASE: 0.986}, True),
    ({VAL: "99,7", BASE: "98,6"}, False),
    ({VAL: "0,997", BASE: "0,986"}, False),     # both shares: the same scale, judged as typed
])
def test_a_share_for_the_previous_period_beside_a_percent_is_flagged(values, warned):
    entry, findings = check("Tỷ lệ hồ sơ trực tuyến tăng 1% so với năm 2025", values)
    flagged = [f for f in findings if f.code == "percent-maybe-fraction" and f.location.cell == "J12"]
    assert bool(flagged) is warned
    assert entry.baseline == Fraction(str(values[BASE]).replace(",", "."))


@pytest.mark.parametrize("raw, expected", [("'950", Fraction(950)), ("\u2019950", Fraction(950)), (" '1.540", Fraction(1540)),
                                           ("'=600+350", Fraction(950))])
def test_a_literal_apostrophe_before_a_number_only_marked_text(raw, expected):
    entry, findings = check("900 lao động", {VAL: raw})
    assert entry.value == expected and not any(f.is_error for f in findings)
