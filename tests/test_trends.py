"""Previous values, merged units, carried baselines, changes and their Vietnamese words (xlqms.trends, pure)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from xlqms.catalogue import Indicator
from xlqms.statuses import Status
from xlqms.targets import parse_target
from xlqms.trends import (
    Change,
    ChangeUnit,
    Combination,
    PreviousRoundInfo,
    PreviousValue,
    PreviousValues,
    carried_baseline,
    change_between,
    change_text,
    combine,
    compared_text,
    comparison_label,
    comparison_words,
    not_carried_reason,
    previous_cells,
    reference_mismatch,
)
from xlqms.units import Unit

F = Fraction


def ratio(numerator, denominator, code="X"):
    return PreviousValue(100 * F(numerator) / F(denominator), True, F(numerator), F(denominator), (code,))


def percent(value, code="X"):
    return PreviousValue(F(str(value)), True, sources=(code,))


def amount(value, code="X"):
    return PreviousValue(F(str(value)), False, sources=(code,))


def passed(value, code="X"):
    return PreviousValue(value, False, sources=(code,))


# ---------------------------------------------------------------------------------------------
# Combining the old units of a merged one


def test_one_unit_keeps_its_value_marked_same_or_renamed():
    same = combine("X1", [("X1", ratio(1540, 1587, "X1"))]).value
    assert same.value == F(154000, 1587) and same.combination is Combination.SAME and same.sources == ("X1",)
    renamed = combine("X9", [("X1", ratio(1540, 1587, "X1"))]).value
    assert renamed.combination is Combination.RENAMED and renamed.ratio


def test_ratios_are_pooled_never_averaged():
    combined = combine("X9", [("X2", ratio(90, 100)), ("X3", ratio(290, 300)), ("X4", ratio(9, 9))]).value
    assert combined.value == F(100 * 389, 409)                     # 95,11%, not the mean 95,56%
    assert (combined.numerator, combined.denominator) == (389, 409)
    assert combined.combination is Combination.POOLED and combined.sources == ("X2", "X3", "X4")
    assert combined.percent


def test_counts_and_amounts_are_summed():
    combined = combine("X9", [("X2", amount(120)), ("X3", amount("80,5".replace(",", ".")))]).value
    assert combined.value == F("200.5") and combined.combination is Combination.SUMMED and not combined.percent


@pytest.mark.parametrize("values, expected", [
    ((True, True, True), True),
    ((True, False, True), False),
    ((True, None, False), False),      # one Không đạt is enough, whatever the missing one did
    ((True, None, True), None),        # could have been either: no value
])
def test_pass_fail_is_met_only_when_every_old_unit_met(values, expected):
    parts = [(f"X{i}", passed(v) if v is not None else None) for i, v in enumerate(values)]
    combined = combine("X9", parts)
    assert (combined.value.value if combined.value else None) == expected
    if combined.value is not None:
        assert combined.value.combination is Combination.JUDGED


@pytest.mark.parametrize("parts, why", [
    ([("X2", ratio(9, 10)), ("X3", None)], "X3 không có kết quả kỳ trước"),
    ([("X2", ratio(9, 10)), ("X3", percent(95))], "X3 chỉ có tỷ lệ"),
    ([("X2", ratio(9, 10)), ("X3", amount(12))], "không cùng loại"),
    ([("X2", passed(True)), ("X3", amount(12))], "không cùng loại"),
])
def test_no_value_when_a_pool_would_be_a_guess(parts, why):
    combined = combine("X9", parts)
    assert combined.value is None and why in combined.why


def test_nothing_to_say_when_no_old_unit_has_a_value():
    assert combine("X9", [("X2", None), ("X3", None)]) == combine("X9", []) == combine("X9", [("X9", None)])
    assert combine("X9", [("X2", None), ("X3", None)]).why == ""


# ---------------------------------------------------------------------------------------------
# Carried baselines


@pytest.mark.parametrize("text, previous, expected", [
    ("Tỷ lệ hài lòng tăng 1%", percent("98.6"), F("98.6")),                                   # points on a rate
    ("Tỷ lệ hồ sơ đúng hạn tăng 0,5% so với kỳ trước", ratio(950, 1000), F(95)),
    ("Tăng 10% số hồ sơ trực tuyến so với kỳ trước", amount(2000), F(2000)),    # relative on an amount
    ("Giảm 10% số vụ việc", amount(120), F(120)),
    ("Tăng 1% so với năm 2021 (98,6%)", percent(97), None),                     # the text gives it
    ("trên 90%", percent(97), None),                                            # not a change
    ("Tỷ lệ hài lòng tăng 1%", passed(True), None),                                            # Đạt is no baseline
    ("Tỷ lệ hài lòng tăng 1%", amount(120), None),                                             # a count for a rate
    ("Tăng 10% số hồ sơ trực tuyến so với kỳ trước", percent(97), None),        # a rate for an amount
    ("Tỷ lệ hài lòng tăng 1%", None, None),
])
def test_carried_baseline(text, previous, expected):
    target = parse_target(text)
    assert carried_baseline(target, previous) == expected
    reason = not_carried_reason(target, previous)
    assert bool(reason) == (expected is None and previous is not None and target.needs_baseline
                            and target.baseline is None)


def test_the_live_verdict_of_a_carried_baseline_is_xlqms_s():
    from xlqms.targets import evaluate

    target = parse_target("Tỷ lệ hồ sơ đúng hạn tăng 0,5% so với kỳ trước")
    base = carried_baseline(target, ratio(1010, 1060))
    assert evaluate(target, F(97), baseline=base) is Status.MET                  # 95,28 + 0,5 = 95,78
    assert evaluate(target, F("95.7"), baseline=base) is Status.NOT_MET
    assert evaluate(target, F(97)) is Status.NO_DATA                             # never a guess


# ---------------------------------------------------------------------------------------------
# Changes and words


@pytest.mark.parametrize("value, previous, is_percent, expected", [
    (F("97.04"), percent("96.2"), True, Change(F("0.84"), ChangeUnit.POINTS)),
    (F(1350), amount(1200), False, Change(F("12.5"), ChangeUnit.PERCENT)),
    (F(108), amount(120), False, Change(F(-10), ChangeUnit.PERCENT)),
    (F(5), amount(0), False, None),                      # relative to nothing
    (F(95), amount(95), True, None),                     # measured another way then
    (True, passed(True), False, None),
    (None, percent(95), True, None),
    (F(95), None, True, None),
])
def test_change_between(value, previous, is_percent, expected):
    assert change_between(value, previous, is_percent) == expected


@pytest.mark.parametrize("change, text", [
    (Change(F("0.84"), ChangeUnit.POINTS), "tăng 0,84 điểm %"),
    (Change(F("-1.2"), ChangeUnit.POINTS), "giảm 1,2 điểm %"),
    (Change(F("12.5"), ChangeUnit.PERCENT), "tăng 12,5%"),
    (Change(F("-0.001"), ChangeUnit.PERCENT), "không đổi"),
    (None, ""),
])
def test_change_text(change, text):
    assert change_text(change) == text


H1_2025 = PreviousRoundInfo("2025-H1-a", 2025, "6 tháng đầu năm")
FY_2025 = PreviousRoundInfo("2025-FY-a", 2025, "Cả năm")
H1_2026 = PreviousRoundInfo("2026-H1-a", 2026, "6 tháng đầu năm")


@pytest.mark.parametrize("year, period, previous, words, label", [
    (2026, "6 tháng đầu năm", H1_2025, "so với cùng kỳ", "so với cùng kỳ năm 2025"),
    (2026, "Cả năm", FY_2025, "so với cùng kỳ", "so với cùng kỳ năm 2025"),
    (2026, "Cả năm", H1_2026, "so với kỳ trước", "so với kỳ trước (6 tháng đầu năm 2026)"),
    (2026, "6 tháng đầu năm", FY_2025, "so với kỳ trước", "so với kỳ trước (năm 2025)"),
    (2027, "6 tháng đầu năm", H1_2025, "so với kỳ trước", "so với kỳ trước (6 tháng đầu năm 2025)"),  # two years
])
def test_comparison_words_from_the_two_rounds(year, period, previous, words, label):
    assert comparison_words(year, period, previous) == words
    assert comparison_label(year, period, previous) == label


def test_compared_text_as_reports_write_it():
    assert compared_text(2026, "6 tháng đầu năm", H1_2025, F("97.04"), percent("96.2"), True) == \
        "so với cùng kỳ (6 tháng đầu năm 2025: 96,2%), tăng 0,84 điểm %"
    assert compared_text(2026, "Cả năm", H1_2026, F(1350), amount(1200), False, "lao động") == \
        "so với kỳ trước (6 tháng đầu năm 2026: 1.200 lao động), tăng 12,5%"
    assert compared_text(2026, "Cả năm", H1_2026, True, passed(False), False) == \
        "so với kỳ trước (6 tháng đầu năm 2026): Không đạt"
    assert compared_text(2026, "Cả năm", H1_2026, F(1), None, True) == ""


@pytest.mark.parametrize("text, year, period, previous, says", [
    ("Tăng 1% so với năm 2025", 2026, "6 tháng đầu năm", FY_2025, ""),
    ("Tăng 1% so với năm 2025", 2026, "Cả năm", H1_2026, "so với năm 2025"),
    ("Tăng 1% so với cùng kỳ", 2026, "6 tháng đầu năm", H1_2025, ""),
    ("Tăng 1% so với cùng kỳ", 2026, "Cả năm", H1_2026, "cùng kỳ"),
    ("Tăng 1% so với cùng kỳ năm 2025", 2026, "Cả năm", FY_2025, ""),
    ("Tăng 1% so với kỳ trước", 2026, "Cả năm", H1_2026, ""),
])
def test_a_target_naming_another_year_or_period_than_the_previous_round(text, year, period, previous, says):
    found = reference_mismatch(text, year, period, previous)
    assert (says in found) if says else found == ""


# ---------------------------------------------------------------------------------------------
# The unit's workbook cells


def indicator(code, text):
    return Indicator(code, "1", text, parse_target(text))


def test_previous_cells_carry_baselines_show_references_and_leave_the_rest_open():
    indicators = [indicator("A", "Tỷ lệ hài lòng tăng 1%"), indicator("B", "trên 90%"), indicator("C", "Tỷ lệ hài lòng tăng 1%"),
                  indicator("D", "Tăng 1% so với năm 2021 (98,6%)"), indicator("E", "… đạt yêu cầu"),
                  indicator("F", "Tỷ lệ hài lòng tăng 1%")]
    values = {"X9": {"A": combine("X9", [("X2", ratio(9, 10)), ("X3", ratio(19, 20))]).value,
                     "B": ratio(95, 100, "X9"), "C": amount(12, "X9"), "D": percent(97, "X9"),
                     "E": passed(True, "X9")}}
    previous = PreviousValues(H1_2026, values)
    cells = previous_cells(indicators, Unit("X9", "Xã Chín"), previous)
    assert set(cells) == {"A", "B", "D"}             # C: a count cannot be a rate's baseline; E: Đạt; F: none
    assert cells["A"].baseline and cells["A"].percent and cells["A"].value == pytest.approx(28 / 30 * 100)
    assert "mang sang" in cells["A"].note and "(28/30)" in cells["A"].note and "X2" in cells["A"].note
    assert not cells["B"].baseline and "tham khảo" in cells["B"].note and cells["B"].value == 95
    assert not cells["D"].baseline                   # the text gives the baseline: the previous value is a reference
    assert previous_cells(indicators, Unit("X1", "Xã Một"), previous) == {}
    assert previous_cells(indicators, Unit("X9", "Xã Chín"), None) == {}
