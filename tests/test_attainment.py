"""Attainment: indicator values and verdicts, objective verdicts, a unit's "X/Y mục tiêu đạt"."""

from __future__ import annotations

from fractions import Fraction

import pytest
from builders_attainment import entry, make_campaign, submission

from xlqms.attainment import evaluate_indicator, evaluate_round, evaluate_unit, objective_status
from xlqms.catalogue import Indicator
from xlqms.statuses import Status
from xlqms.targets import parse_target

M, X, N, D, Z = Status.MET, Status.EXCEEDED, Status.NOT_MET, Status.NOT_DUE, Status.NO_DATA


def indicator(text, periods=()):
    return Indicator("C1", "1", text, parse_target(text), (), tuple(periods))


@pytest.mark.parametrize("text, given, status, value", [
    ("trên 90%", dict(num=1540, den=1587), M, Fraction(154000, 1587)),
    ("trên 95%", dict(num=2, den=3), N, Fraction(200, 3)),
    ("trên 95%", dict(value="95.7"), M, Fraction("95.7")),
    ("trên 80%", dict(num=9, den=9), M, Fraction(100)),
    ("trên 85%", dict(num=5, den=15), N, Fraction(100, 3)),
    ("100%", dict(num=162, den=168), N, Fraction(16200, 168)),
    ("18/18 chỉ tiêu", dict(num=10, den=18), N, Fraction(1000, 18)),
    ("18/18 chỉ tiêu", dict(value=18), M, Fraction(100)),          # a count against the ratio's M
    ("≥ 98%", dict(value=98), M, Fraction(98)),
    ("Tăng 1% so với năm 2021 (98,6%)", dict(value="99.7"), M, Fraction("99.7")),
    ("Tăng 1% so với năm 2021 (98,6%)", dict(value="99.5"), N, Fraction("99.5")),
    ("14-15%", dict(value=14), M, Fraction(14)),
    ("14-15%", dict(value="15.2"), X, Fraction("15.2")),
    ("14-15%", dict(value="13.9"), N, Fraction("13.9")),
    ("900 lao động", dict(value=950), X, Fraction(950)),
    ("Kết quả kiểm tra nội bộ đạt yêu cầu", dict(passed=True), M, True),
    ("Kết quả kiểm tra nội bộ đạt yêu cầu", dict(passed=False), N, False),
    ("trên 90%", dict(), Z, None),                                  # a blank row is no data, not zero
    ("trên 90%", dict(num=0, den=0), Z, None),                      # 0/0: nothing to judge
    ("trên 90%", dict(passed=True), Z, True),                       # Đạt on a numeric target
])
def test_indicator_value_and_status(text, given, status, value):
    result = evaluate_indicator(indicator(text), entry("C1", **given), "6 tháng đầu năm")
    assert result.status is status
    assert result.value == value


@pytest.mark.parametrize("text, value, baseline, status", [
    # Baseline from the unit's "Kết quả kỳ trước" when the target text gives none.
    ("Tỷ lệ hộ nghèo giảm 0,8-1,0%/năm", "4.1", 5, M),
    ("Tỷ lệ hộ nghèo giảm 0,8-1,0%/năm", "3.8", 5, X),
    ("Tỷ lệ hộ nghèo giảm 0,8-1,0%/năm", "4.5", 5, N),
    ("Tỷ lệ hộ nghèo giảm 0,8-1,0%/năm", "4.1", None, Z),          # no baseline known: no data, never a guess
    # The target's own baseline wins over the unit's.
    ("Tăng 1% so với năm 2021 (98,6%)", "99.7", 99, M),
])
def test_change_targets_take_their_baseline(text, value, baseline, status):
    result = evaluate_indicator(indicator(text), entry("C1", value=value, baseline=baseline), "Cả năm")
    assert result.status is status
    if status is not Z:
        assert result.baseline is not None


def test_indicator_judged_at_year_end_is_not_due_in_the_first_half():
    ind = indicator("trên 90%", periods=("Cả năm",))
    assert evaluate_indicator(ind, entry("C1", num=1, den=10), "6 tháng đầu năm").status is D
    assert evaluate_indicator(ind, entry("C1", num=1, den=10), "Cả năm").status is N
    assert evaluate_indicator(ind, None, "6 tháng đầu năm", submitted=False).status is D


@pytest.mark.parametrize("statuses, expected", [
    ([M, M], M),
    ([M, X], M),            # met; exceeded only when every due indicator is exceeded
    ([X, X], X),
    ([X], X),
    ([M, N], N),
    ([N, Z], N),            # any not met decides
    ([M, Z], Z),
    ([M, D], M),            # not-due indicators do not count this period
    ([D, D], D),
    ([Z], Z),
])
def test_objective_status(statuses, expected):
    assert objective_status(statuses) is expected


UNITS = [("P", "Tỉnh", "Tỉnh", None), ("A", "Xã A", "Xã", "P"), ("B", "Xã B", "Xã", "P")]
OBJECTIVES = [
    ("1", "Hồ sơ đúng hạn", [("MT01", "trên 90%")]),
    ("2", "Hài lòng", [("MT02.1", "≥ 98%"), ("MT02.2", "Kiểm tra nội bộ đạt yêu cầu", (), ("Cả năm",))]),
    ("3", "Chỉ dành cho xã", [("MT03", "100%", ("Xã",))]),
]


def test_unit_without_submission_is_missing_not_failing():
    campaign = make_campaign(UNITS, OBJECTIVES)
    result = evaluate_round(campaign, {"A": submission("A", [entry("MT01", num=95, den=100)])})
    missing = result.unit("B")
    assert not missing.submitted
    assert missing.objectives_met == 0 and missing.objectives_total == 3
    assert missing.not_met_numbers == ()
    assert [o.status for o in missing.objectives] == [Z, Z, Z]
    assert missing.objective("2").indicators[1].status is D       # not due stays not due
    assert missing.provenance is None
    assert missing.summary == "Chưa nộp báo cáo"
    assert [u.code for u in result.missing] == ["P", "B"]


def test_objectives_follow_applies_to_and_provenance_is_kept():
    campaign = make_campaign(UNITS, OBJECTIVES)
    sent = submission("A", [entry("MT01", num=95, den=100, row=12), entry("MT02.1", value=99),
                            entry("MT03", value=100)])
    province = evaluate_unit(campaign, campaign.units["P"], None)
    commune = evaluate_unit(campaign, campaign.units["A"], sent)
    assert province.objectives_total == 2                    # objective 3 is for communes only
    assert commune.objectives_total == 3
    assert commune.met_numbers == ("1", "2", "3")            # MT02.2 judged at year end: not counted
    assert commune.objective("2").status is M
    assert commune.provenance.file_name == "A_ket_qua.xlsx"
    assert commune.provenance.checksum == sent.checksum
    assert dict(commune.indicator("MT01").cells)["Tử số"] == "E12"
    assert commune.indicator("MT01").ratio and commune.indicator("MT01").numerator == 95


def test_submitted_unit_with_blank_row_has_no_data_for_that_objective():
    campaign = make_campaign(UNITS, OBJECTIVES)
    result = evaluate_unit(campaign, campaign.units["A"], submission("A", [entry("MT01", num=80, den=100)]))
    assert result.objective("1").status is N
    assert result.objective("2").status is Z
    assert result.no_data_numbers == ("2", "3")
    assert result.summary == "0/3 mục tiêu đạt và vượt"


@pytest.mark.parametrize("change, points, status", [
    (Fraction("8.3"), False, M), (Fraction("7.9"), False, N), (Fraction("8.3"), True, Z)])
def test_an_achieved_change_is_judged_against_the_target_directly(change, points, status):
    from xlqms.submission import Entry

    target_text = "Giá trị sản xuất công nghiệp tăng 8% so với năm 2024"
    entry = Entry("C1", change=change, change_points=points, percent_sign=True)
    result = evaluate_indicator(indicator(target_text), entry, "6 tháng đầu năm")
    assert result.status is status and result.change == change
