"""The round at a glance: pooled results, traffic lights, shortfalls, the bodies apart (pure)."""

from __future__ import annotations

import pytest
from builders_attainment import entry, make_campaign, submission

from xlqms.attainment import evaluate_round
from xlqms.figures import axis_range
from xlqms.overview import Light, build_overview, light_of, top_body
from xlqms.rollup import roll_up
from xlqms.statuses import Status

UNITS = [("P", "Tỉnh Thử", "Tỉnh", None), ("D", "Huyện Một", "Huyện", "P"), ("C1", "Xã Một", "Xã", "D"),
         ("C2", "Xã Hai", "Xã", "D"), ("C3", "Xã Ba", "Xã", "D"), ("C4", "Xã Bốn", "Xã", "P")]
OBJECTIVES = [("1", "Hồ sơ đúng hạn", [("MT01", "trên 90%")]),
              ("2", "Đánh giá nội bộ", [("MT02", "Kết quả đánh giá nội bộ đạt yêu cầu")]),
              ("3", "Kinh tế", [("MT03", "18/18 chỉ tiêu", (), ("Cả năm",))])]


@pytest.mark.parametrize("met, assessed, pooled, light", [
    (0, 0, None, Light.GREY),
    (3, 3, Status.MET, Light.GREEN),
    (3, 3, None, Light.GREEN),
    (2, 3, Status.MET, Light.AMBER),            # pooled met, a unit short
    (2, 3, Status.NOT_MET, Light.RED),          # pooled missed, whatever the units
    (3, 3, Status.NOT_MET, Light.RED),
    (2, 4, None, Light.AMBER),                  # no pooled figure: half met
    (1, 3, None, Light.RED),                    # fewer than half
])
def test_light_of(met, assessed, pooled, light):
    assert light_of(met, assessed, pooled) is light


@pytest.fixture()
def round_():
    campaign = make_campaign(UNITS, OBJECTIVES)
    returns = {
        "P": submission("P", [entry("MT01", num=1, den=1), entry("MT02", passed=True)]),
        "D": submission("D", [entry("MT01", num=90, den=100), entry("MT02", passed=False)]),
        "C1": submission("C1", [entry("MT01", num=95, den=100), entry("MT02", passed=True)]),
        "C2": submission("C2", [entry("MT01", num=99, den=100), entry("MT02", passed=False)]),
        "C4": submission("C4", [entry("MT01", num=200, den=200), entry("MT02", passed=True)]),
    }
    result = evaluate_round(campaign, returns)
    return campaign, result, roll_up(campaign, result)


def test_the_overview_of_a_province(round_):
    campaign, result, rollup = round_
    assert top_body(campaign) == "P"
    overview = build_overview(campaign, result, rollup)
    assert overview.body == "P" and overview.body_name == "Tỉnh Thử"
    assert [u.code for u in overview.progress.units] == ["D", "C1", "C2", "C3", "C4"]
    assert overview.progress.ratio_text == "4/5 đơn vị (80%)"
    assert overview.own is not None and overview.own.met == ("1", "2")       # the province's own result, apart
    mt01, mt02, mt03 = overview.objectives
    # (90 + 95 + 99 + 200) / (100 + 100 + 100 + 200) = 96,8%; D's 90% is not above 90%.
    assert mt01.indicators[0].figures == "96,8% (484/500 hồ sơ)" and mt01.verdict is Status.MET
    assert (mt01.units_met, mt01.units_assessed, mt01.light) == (3, 4, Light.AMBER)
    assert mt01.light_label == "Đạt chung, còn đơn vị chưa đạt"
    assert (mt02.verdict, mt02.light, mt02.light_label) == (None, Light.AMBER, "Đa số đơn vị đạt")
    assert mt03.light is Light.GREY and mt03.not_due and mt03.light_label == "Chưa đánh giá"
    assert [u.code for u in overview.shortfalls] == ["C2"]          # D consolidates: its own result is apart
    assert [o.number for o in overview.most_missed] == ["2", "1"]
    (district,) = overview.bodies
    assert district.code == "D" and district.progress.ratio_text == "2/3 đơn vị (66,67%)"
    assert district.own is not None and district.own.not_met == ("1", "2")
    assert (district.units_all_met, district.units_with_unmet, district.objectives_met) == (1, 1, 3)


def test_a_body_report_sees_only_the_units_below_it(round_):
    overview = build_overview(*round_, body="D")
    assert [u.code for u in overview.units] == ["C1", "C2", "C3"]
    assert overview.own is not None and overview.own.code == "D"
    assert overview.bodies == ()


@pytest.mark.parametrize("values, percent, expected", [
    ([96.7, 95, 98.9, 99.4], True, (94.0, 100.0, 1.0)),           # fitted, not 0–120
    ([47.6, 95, 100], True, (40.0, 100.0, 10.0)),
    ([5, 60], True, (0.0, 80.0, 20.0)),                             # near zero: from zero
    ([950, 900, 1000, 700], False, (600.0, 1100.0, 100.0)),
    ([0, 0], False, (0.0, 1.0, 0.2)),
    ([101, 104], True, (100.0, 105.0, 1.0)),                        # beyond 100: the axis goes beyond
    ([], True, (0.0, 100.0, 20.0)),
])
def test_axis_range(values, percent, expected):
    assert axis_range(values, percent) == expected
