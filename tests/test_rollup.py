"""Roll-up over a three-level hierarchy, checked against arithmetic done by hand."""

from __future__ import annotations

import pytest
from builders_attainment import entry, make_campaign, submission

from xlqms.attainment import evaluate_round
from xlqms.rollup import roll_up, rollup_frame
from xlqms.statuses import Status

# P (province) → D1, D2 (districts) → C1, C2, C3 under D1; C4, C5 under D2.
UNITS = [
    ("P", "Tỉnh Thử", "Tỉnh", None),
    ("D1", "Huyện Một", "Huyện", "P"),
    ("C1", "Xã Một", "Xã", "D1"),
    ("C2", "Xã Hai", "Xã", "D1"),
    ("C3", "Xã Ba", "Xã", "D1"),
    ("D2", "Huyện Hai", "Huyện", "P"),
    ("C4", "Xã Bốn", "Xã", "D2"),
    ("C5", "Xã Năm", "Xã", "D2"),
]
OBJECTIVES = [
    ("1", "Hồ sơ đúng hạn", [("MT01", "trên 90%")]),
    ("2", "Hài lòng", [("MT02", "≥ 98%")]),
    ("3", "Đánh giá nội bộ", [("MT03", "Kết quả đánh giá nội bộ đạt yêu cầu", ("Xã",))]),
]
SUBMISSIONS = {
    # D1 reports its own figures: they count for P, never for D1's own roll-up.
    "D1": submission("D1", [entry("MT01", num=500, den=520), entry("MT02", value=96)]),
    "C1": submission("C1", [entry("MT01", num=95, den=100), entry("MT02", value=99), entry("MT03", passed=True)]),
    "C2": submission("C2", [entry("MT01", num=170, den=200), entry("MT02", value=97), entry("MT03", passed=False)]),
    "C3": submission("C3", [entry("MT01", num=49, den=50), entry("MT02", value="98.5"), entry("MT03", passed=True)]),
    "C4": submission("C4", [entry("MT01", num=9, den=10), entry("MT02", value=100)]),  # MT03 left blank
    # D2 and C5 have not submitted.
}


@pytest.fixture(scope="module")
def rollup():
    campaign = make_campaign(UNITS, OBJECTIVES)
    return roll_up(campaign, evaluate_round(campaign, SUBMISSIONS))


def test_one_entry_per_unit_with_units_below(rollup):
    assert [parent.code for parent in rollup.parents] == ["P", "D1", "D2"]


def test_district_one_pools_numerators_and_denominators(rollup):
    d1 = rollup.parent("D1")
    assert (d1.units_expected, d1.units_submitted, d1.missing) == (3, 3, ())
    mt01 = d1.indicator("MT01")
    # C1 95/100 (95%, met) · C2 170/200 (85%, not met) · C3 49/50 (98%, met); D1's own 500/520 left out.
    # Pooled = (95 + 170 + 49) / (100 + 200 + 50) = 314/350 = 89,714…% → not met against "trên 90%",
    # whereas the mean of the percentages, (95 + 85 + 98)/3 = 92,67%, would wrongly say met.
    assert (mt01.numerator_total, mt01.denominator_total) == (314, 350)
    assert mt01.pooled_value == pytest.approx(89.7142857)
    assert mt01.pooled_status is Status.NOT_MET
    assert (mt01.units_expected, mt01.units_submitted, mt01.units_assessed, mt01.units_met) == (3, 3, 3, 2)
    assert mt01.units_not_met == 1
    assert (mt01.minimum, mt01.median, mt01.maximum) == (85, 95, 98)


def test_district_two_counts_its_missing_commune_as_missing_not_failing(rollup):
    d2 = rollup.parent("D2")
    assert (d2.units_expected, d2.units_submitted, d2.missing) == (2, 1, ("C5",))
    mt01 = d2.indicator("MT01")
    # Only C4: 9/10 = 90%, not strictly above 90%. C5 is no data, not a failure.
    assert mt01.pooled_value == pytest.approx(90.0)
    assert (mt01.units_assessed, mt01.units_met, mt01.units_not_met, mt01.units_no_data) == (1, 0, 1, 1)
    assert d2.completeness == pytest.approx(50.0)


def test_province_pools_every_unit_below_at_any_depth(rollup):
    p = rollup.parent("P")
    # Expected: D1, D2 and the five communes = 7; submitted: D1, C1–C4 = 5; missing D2 and C5.
    assert (p.units_expected, p.units_submitted) == (7, 5)
    assert set(p.missing) == {"D2", "C5"}
    mt01 = p.indicator("MT01")
    # (500 + 95 + 170 + 49 + 9) / (520 + 100 + 200 + 50 + 10) = 823/880 = 93,5227…% → met.
    assert (mt01.numerator_total, mt01.denominator_total) == (823, 880)
    assert mt01.pooled_value == pytest.approx(93.5227273)
    assert mt01.pooled_status is Status.MET
    # Met: D1 (96,15%), C1 (95%), C3 (98%); not met: C2 (85%), C4 (90%).
    assert (mt01.units_assessed, mt01.units_met, mt01.units_not_met) == (5, 3, 2)


def test_value_only_indicator_has_spread_but_no_pooled_value(rollup):
    mt02 = rollup.parent("P").indicator("MT02")
    # Values: D1 96, C1 99, C2 97, C3 98,5, C4 100 → min 96, median 98,5, max 100.
    assert mt02.pooled_value is None
    assert (mt02.minimum, mt02.median, mt02.maximum) == (96, 98.5, 100)
    assert (mt02.units_met, mt02.units_assessed) == (3, 5)   # C1, C3, C4 ≥ 98%


def test_indicator_for_communes_only_expects_only_communes(rollup):
    mt03 = rollup.parent("P").indicator("MT03")
    # C1 Đạt, C2 Không đạt, C3 Đạt, C4 blank (no data), C5 missing.
    assert (mt03.units_expected, mt03.units_submitted, mt03.units_assessed, mt03.units_met) == (5, 4, 3, 2)
    assert mt03.pooled_value is None and mt03.minimum is None


def test_rollup_frame_has_a_row_per_parent_and_indicator(rollup):
    frame = rollup_frame(rollup)
    assert len(frame) == 3 + 3 + 3
    row = frame[(frame.parent_code == "P") & (frame.indicator == "MT01")].iloc[0]
    assert row.units_met == 3 and round(row.pooled_value, 2) == 93.52


def test_two_tier_province_of_thousands_of_communes_rolls_up():
    units = [("T", "Tỉnh", "Tỉnh", None)] + [(f"X{i:05d}", f"Xã {i}", "Xã", "T") for i in range(3321)]
    objectives = [(str(n), f"Mục tiêu {n}", [(f"MT{n:02d}", "trên 90%")]) for n in range(1, 11)]
    campaign = make_campaign(units, objectives)
    returns = {
        code: submission(code, [entry(f"MT{n:02d}", num=90 + i % 11, den=100) for n in range(1, 11)])
        for i, (code, *_rest) in enumerate(units[1:]) if i % 10
    }
    result = roll_up(campaign, evaluate_round(campaign, returns))
    province = result.parent("T")
    assert province.units_expected == 3321 and province.units_submitted == len(returns)
    assert len(province.missing) == 3321 - len(returns)
    expected_num = sum(90 + i % 11 for i in range(3321) if i % 10)
    assert province.indicator("MT01").numerator_total == expected_num


def test_objective_rollup_counts_units_per_objective(rollup):
    first = rollup.parent("P").objective("1")
    assert first.title == "Hồ sơ đúng hạn"
    assert (first.units_expected, first.units_submitted, first.units_assessed, first.units_met) == (7, 5, 5, 3)
    assert first.met_share == pytest.approx(60.0)
    third = rollup.parent("D2").objective("3")
    # C4 left MT03 blank (no data), C5 missing: nothing assessed, nothing failing.
    assert (third.units_expected, third.units_assessed, third.units_not_met) == (2, 0, 0)
    assert third.met_share is None


def test_the_whole_round_is_pooled_once_over_the_units_expected_in_it(rollup):
    """RollupResult.round: every unit below the consolidating root (D1, D2 and the communes), the
    same numbers as the province's own roll-up — never the province itself."""
    whole, province = rollup.round, rollup.parent("P")
    assert whole is not None and whole.code == ""
    assert (whole.units_expected, whole.units_submitted, whole.missing) == (7, 5, ("D2", "C5"))
    assert whole.indicator("MT01") == province.indicator("MT01")


def test_several_roots_are_pooled_together_in_the_round():
    units = [("A", "Tỉnh A", "Tỉnh", None), ("A1", "Xã A1", "Xã", "A"), ("B", "Tỉnh B", "Tỉnh", None),
             ("B1", "Xã B1", "Xã", "B"), ("S", "Xã riêng", "Xã", None)]          # S: a root with nobody below
    campaign = make_campaign(units, [("1", "Hồ sơ", [("MT01", "trên 90%")])])
    result = evaluate_round(campaign, {
        "A": submission("A", [entry("MT01", num=1, den=1)]),      # a body's own figures: never pooled
        "A1": submission("A1", [entry("MT01", num=9, den=10)]),
        "B1": submission("B1", [entry("MT01", num=19, den=20)]),
        "S": submission("S", [entry("MT01", num=30, den=30)])})
    whole = roll_up(campaign, result).round
    assert (whole.units_expected, whole.units_submitted) == (3, 3)
    mt01 = whole.indicator("MT01")
    assert (mt01.numerator_total, mt01.denominator_total) == (58, 60)


@pytest.mark.parametrize("target, values, total, status", [
    ("900 lao động", [950, 880, 1000], 2830, Status.EXCEEDED),     # 2.830 > 3 × 900: beyond the sum of targets
    ("900 lao động", [950, 700, 900], 2550, Status.NOT_MET),
    ("không quá 5 vụ", [3, 6, 4], 13, Status.MET),                  # lower is better: 13 ≤ 15
    ("14-15%", [14, 15, 13], None, None),                           # a percent: no total
    ("Kết quả đánh giá nội bộ đạt yêu cầu", [True, False, True], None, None),
])
def test_counts_and_amounts_are_pooled_as_totals(target, values, total, status):
    units = [("P", "Tỉnh", "Tỉnh", None)] + [(f"C{i}", f"Xã {i}", "Xã", "P") for i in range(len(values))]
    campaign = make_campaign(units, [("1", "Mục tiêu", [("MT01", target)])])
    returns = {f"C{i}": submission(f"C{i}", [entry("MT01", passed=value) if isinstance(value, bool)
                                             else entry("MT01", value=value)])
               for i, value in enumerate(values)}
    pooled = roll_up(campaign, evaluate_round(campaign, returns)).parent("P").indicator("MT01")
    assert pooled.total == total and pooled.total_status is status
    assert pooled.units_totalled == (len(values) if total is not None else 0)
    assert pooled.verdict is status
