"""Reading the round named by Đợt trước (xlqms.previous) and judging a round with it (xlqms.round)."""

from __future__ import annotations

import shutil
from fractions import Fraction

import pytest
from builders_rounds import MERGER, UNITS_AFTER, B, D, N, V, make_round, play_returns
from openpyxl import load_workbook

from xlqms import layout
from xlqms.errors import CampaignError
from xlqms.findings import Severity
from xlqms.previous import load_previous, previous_folder
from xlqms.round import load_round
from xlqms.statuses import Status
from xlqms.trends import BaselineSource, Combination

F = Fraction
FIRST = [
    ("1", "Hồ sơ đúng hạn", [("HS", "trên 95%")]),
    ("2", "Hài lòng", [("HL", "≥ 98%")]),
    ("3", "Số hồ sơ trực tuyến", [("TT", "1.000 hồ sơ")]),
    ("4", "Đánh giá nội bộ", [("NB", "Kết quả đánh giá nội bộ đạt yêu cầu")]),
]
SECOND = [
    ("1", "Hồ sơ đúng hạn", [("HS", "Tỷ lệ hồ sơ đúng hạn tăng 0,5% so với kỳ trước")]),
    ("2", "Hài lòng", [("HL", "Tỷ lệ hài lòng tăng 1% so với năm 2021 (98,6%)")]),   # the text gives its own
    ("3", "Số hồ sơ trực tuyến", [("TT", "Tăng 10% số hồ sơ trực tuyến so với kỳ trước")]),
    ("4", "Đánh giá nội bộ", [("NB", "Kết quả đánh giá nội bộ đạt yêu cầu")]),
]
FIRST_RETURNS = {
    "X1": {"HS": {N: 950, D: 1000}, "HL": {N: 990, D: 1000}, "TT": {V: 400}, "NB": {V: "Đạt"}},
    "X2": {"HS": {N: 90, D: 100}, "HL": {N: 97, D: 100}, "TT": {V: 100}, "NB": {V: "Đạt"}},
    "X3": {"HS": {N: 290, D: 300}, "HL": {N: 295, D: 300}, "TT": {V: 250}, "NB": {V: "Không đạt"}},
    "X4": {"HS": {N: 60, D: 60}, "HL": {N: 59, D: 60}, "TT": {V: 50}, "NB": {V: "Đạt"}},
}


@pytest.fixture(scope="module")
def first_round(tmp_path_factory):
    base = tmp_path_factory.mktemp("rounds")
    make_round(base / "r1", FIRST)
    play_returns(base / "r1", FIRST_RETURNS)
    return base / "r1"


def second(base, first, objectives=SECOND, successions=MERGER, **options):
    return make_round(base / "r2", objectives, units=UNITS_AFTER, period="Cả năm", previous=f"../{first.name}",
                      successions=successions, campaign_id="2026-FY-t", **options)


@pytest.fixture
def base(first_round, tmp_path):
    shutil.copytree(first_round, tmp_path / "r1")
    return tmp_path


def test_previous_values_of_a_kept_unit_and_of_a_merged_one(base):
    previous, findings = load_previous(second(base, base / "r1"))
    assert findings == []
    assert previous.info.period == "6 tháng đầu năm" and previous.info.year == 2026
    kept = previous.value("X1", "HS")
    assert kept.value == 95 and kept.combination is Combination.SAME and kept.sources == ("X1",)
    merged = previous.value("X9", "HS")
    assert merged.combination is Combination.POOLED and merged.sources == ("X2", "X3", "X4")
    assert (merged.numerator, merged.denominator) == (440, 460) and merged.value == F(44000, 460)
    assert merged.source_names == ("Xã Hai", "Xã Ba", "Xã Bốn")
    assert previous.value("X9", "TT").value == 400 and previous.value("X9", "TT").combination is Combination.SUMMED
    assert previous.value("X9", "NB").value is False                # one old commune was Không đạt
    assert previous.value("T1", "HS") is None                       # the province did not report
    assert previous.sources["X9"] == ("X2", "X3", "X4") and "T1" in previous.sources


def test_the_round_uses_the_carried_baseline_and_the_unit_cannot_game_it(base):
    second(base, base / "r1")
    play_returns(base / "r2", {
        "X1": {"HS": {N: 957, D: 1000}, "HL": {N: 997, D: 1000}, "TT": {V: 445}, "NB": {V: "Đạt"}},
        "X9": {"HS": {N: 440, D: 460, B: 10}, "HL": {N: 460, D: 460}, "TT": {V: 430}, "NB": {V: "Đạt"}},
    })
    loaded = load_round(base / "r2")
    x1, x9 = loaded.round_result.unit("X1"), loaded.round_result.unit("X9")
    hs = x1.indicator("HS")                                   # 95,7 against 95 + 0,5
    assert (hs.status, hs.baseline, hs.baseline_source) == (Status.MET, 95, BaselineSource.PREVIOUS)
    assert hs.trend.amount == F("0.7") and hs.trend.unit.value == "points"
    tt = x1.indicator("TT")                                   # 445 against 400 × 1,10 = 440
    assert (tt.status, tt.baseline) == (Status.MET, 400) and tt.trend.amount == F("11.25")
    hl = x1.indicator("HL")                                   # the text's 98,6 wins over 99
    assert (hl.baseline, hl.baseline_source, hl.status) == (F("98.6"), BaselineSource.TEXT, Status.MET)
    assert hl.previous.value == 99                            # still the previous value for the trend
    # X9 typed 10 over its locked baseline (pooled 95,65%): the carried value is used, with a finding
    x9_hs = x9.indicator("HS")
    assert x9_hs.baseline == F(44000, 460) and x9_hs.typed_baseline == 10 and x9_hs.status is Status.NOT_MET
    assert x9.indicator("TT").status is Status.NOT_MET       # 430 < 400 (summed) × 1,10
    changed = [f for f in loaded.findings if f.code == "carried-baseline-changed"]
    assert len(changed) == 1 and changed[0].indicator == "HS" and changed[0].location.cell.startswith("J")
    assert changed[0].location.file.startswith("X9_") and "95,65%" in changed[0].message
    # the parent's pools, now and before (Σ numerators / Σ denominators of every unit below)
    parent = loaded.rollup.parent("T1").indicator("HS")
    assert parent.previous_pooled_value == pytest.approx(100 * 1390 / 1460)
    assert parent.pooled_value == pytest.approx(100 * 1397 / 1460)
    assert parent.pooled_status is Status.NOT_MET             # 95,68 < 95,21 + 0,5 = 95,71
    assert loaded.round_result.previous.campaign_id == "2026-H1-t"


def test_a_round_without_dot_truoc_is_alone(base):
    campaign = make_round(base / "r3", SECOND, units=UNITS_AFTER, period="Cả năm")
    assert previous_folder(campaign) is None and load_previous(campaign) == (None, [])


@pytest.mark.parametrize("where, why", [
    ("../khong-co", "không có thư mục này"),
    ("..", "không có tệp campaign.xlsx"),
    (".", "chính là đợt này"),
    ("a" * 5000, "tên tệp quá dài"),                       # was an error that stopped generate and rollup
])
def test_a_missing_previous_round_is_a_located_finding_not_a_crash(base, where, why):
    campaign = make_round(base / "r2", SECOND, units=UNITS_AFTER, period="Cả năm", previous=where)
    previous, findings = load_previous(campaign)
    assert previous is None and [f.code for f in findings] == ["previous-round-unavailable"]
    assert why in findings[0].message and findings[0].severity is Severity.WARNING
    cell = findings[0].location
    assert (cell.file, cell.sheet) == (layout.CAMPAIGN_FILE, layout.SETTINGS_SHEET) and cell.cell.startswith("B")
    loaded = load_round(base / "r2")                      # and the round goes on, baselines open
    assert loaded.round_result.previous is None and "previous-round-unavailable" in {f.code for f in loaded.findings}


def test_a_previous_round_with_errors_or_the_same_id(base):
    book = load_workbook(base / "r1" / layout.CAMPAIGN_FILE)
    book[layout.SETTINGS_SHEET]["B5"] = "năm ngoái"                # Năm: not a year
    book.save(base / "r1" / layout.CAMPAIGN_FILE)
    previous, findings = load_previous(second(base, base / "r1"))
    assert previous is None and "Năm" in findings[0].message
    make_round(base / "r0", FIRST, campaign_id="2026-FY-t")
    previous, findings = load_previous(second(base, base / "r0"))
    assert previous is None and "cùng mã đợt" in findings[0].message


def test_an_absolute_path_is_accepted_and_an_uncollected_round_warns(base, tmp_path):
    make_round(tmp_path / "empty", FIRST, campaign_id="2025-FY-t", period="Cả năm", year=2025)
    campaign = make_round(base / "r2", SECOND, units=UNITS_AFTER, period="Cả năm",
                          previous=str((tmp_path / "empty").resolve()))
    previous, findings = load_previous(campaign)
    assert previous is not None and previous.values == {}
    assert [f.code for f in findings] == ["previous-round-unavailable"] and "chưa có báo cáo" in findings[0].message


def test_an_old_code_unknown_in_the_previous_round_leaves_the_new_unit_without_a_past(base):
    campaign = second(base, base / "r1", successions=(("X2", "X9"), ("X7", "X9")))
    previous, findings = load_previous(campaign)
    assert [f.code for f in findings] == ["old-unit-unknown"]
    assert findings[0].severity is Severity.ERROR and findings[0].location.cell == "A6"
    assert previous.for_unit("X9") == {} and previous.value("X1", "HS").value == 95   # never half a pool


def test_a_partial_pool_is_no_value_and_said_once_per_indicator(base):
    partial = {unit: dict(values) for unit, values in FIRST_RETURNS.items()}
    partial["X3"] = {**partial["X3"], "HS": {V: 96.7}}          # a percent typed, no Tử số / Mẫu số
    make_round(base / "p1", FIRST)
    play_returns(base / "p1", partial)
    previous, findings = load_previous(second(base, base / "p1"))
    assert previous.value("X9", "HS") is None and previous.value("X9", "HL") is not None
    assert [f.code for f in findings] == ["previous-value-not-combined"]
    assert "X3 chỉ có tỷ lệ" in findings[0].message and findings[0].indicator == "HS"


def test_a_previous_value_measured_another_way_is_not_a_baseline(base):
    changed = [("1", "Hồ sơ đúng hạn", [("HS", "Tăng 10% số hồ sơ đúng hạn so với kỳ trước")])] + SECOND[1:]
    previous, findings = load_previous(second(base, base / "r1", objectives=changed))
    assert "baseline-not-carried" in {f.code for f in findings}
    found = next(f for f in findings if f.code == "baseline-not-carried")
    assert found.indicator == "HS" and found.location.sheet == layout.OBJECTIVES_SHEET


def test_a_target_that_names_another_year_is_carried_with_a_warning(base):
    named = [("1", "Hồ sơ đúng hạn", [("HS", "Tỷ lệ hồ sơ đúng hạn tăng 0,5% so với năm 2025")])]
    previous, findings = load_previous(second(base, base / "r1", objectives=named))
    assert previous.value("X1", "HS").value == 95
    assert [f.code for f in findings] == ["baseline-from-other-period"] and "năm 2025" in findings[0].message


def test_mapping_errors_stop_the_campaign_like_any_error_of_campaign_xlsx(base):
    with pytest.raises(CampaignError) as raised:
        second(base, base / "r1", successions=(("X2", "X9"), ("X2", "X1"), ("X3", "X8")))
    assert {f.code for f in raised.value.findings if f.is_error} == {"old-unit-mapped-twice", "new-unit-unknown"}
