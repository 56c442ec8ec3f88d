"""How figures are written: Vietnamese numbers, counts as counts, by how much a target was beaten or missed."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pytest
from builders_attainment import entry, make_campaign, submission

from xlqms.attainment import evaluate_round
from xlqms.figures import counted_noun, indicator_figures, margin_text, pooled_figures, pooled_margin
from xlqms.rollup import IndicatorRollup, roll_up
from xlqms.targets import parse_target


@pytest.mark.parametrize("target, value, baseline, text", [
    ("trên 90%", Fraction(154000, 1587), None, "cao hơn mục tiêu 7,04 điểm %"),
    ("trên 95%", Fraction(200, 3), None, "thấp hơn mục tiêu 28,33 điểm %"),
    ("100%", 100, None, "bằng mục tiêu"),
    ("≥ 98%", Fraction(979, 10), None, "thấp hơn mục tiêu 0,1 điểm %"),
    ("18/18 chỉ tiêu", Fraction(1700, 18), None, "thấp hơn mục tiêu 1 chỉ tiêu"),   # counted, not in percent
    ("31/38 trường", Fraction(3200, 38), None, "cao hơn mục tiêu 1 trường"),
    ("900 lao động", 950, None, "vượt mục tiêu 50 lao động"),
    ("900 lao động", 880, None, "thấp hơn mục tiêu 20 lao động"),
    ("1.100 tỷ đồng", 1250, None, "vượt mục tiêu 150 tỷ đồng"),
    ("14-15%", Fraction(145, 10), None, "trong khoảng mục tiêu"),
    ("14-15%", Fraction(152, 10), None, "vượt khoảng mục tiêu 0,2 điểm %"),
    ("14-15%", Fraction(139, 10), None, "thấp hơn mục tiêu 0,1 điểm %"),
    ("Tăng 1% so với năm 2021 (98,6%)", Fraction(997, 10), None, "cao hơn mục tiêu 0,1 điểm %"),
    ("giảm 0,8-1,0 điểm %/năm", Fraction(38, 10), 5, "vượt khoảng mục tiêu 0,2 điểm %"),
    ("không quá 5 vụ", 3, None, "thấp hơn mục tiêu 2 vụ"),
    ("Tăng 1 điểm % so với năm 2023", 99, None, ""),                    # no baseline: nothing to say
    ("Kết quả đánh giá nội bộ đạt yêu cầu", True, None, ""),
])
def test_margin_text(target, value, baseline, text):
    assert margin_text(value, parse_target(target), baseline) == text


@pytest.mark.parametrize("texts, noun", [
    (("Hồ sơ thủ tục hành chính được giải quyết đúng hạn",), "hồ sơ"),
    (("Tỷ lệ hồ sơ giải quyết trước hạn",), "hồ sơ"),
    (("100% văn bản điện tử được ký số",), "văn bản"),
    (("Ý kiến chỉ đạo của cấp trên",), "ý kiến"),
    (("Cán bộ, công chức sử dụng thư điện tử",), "cán bộ, công chức"),
    (("Mức độ hài lòng của tổ chức, cá nhân",), ""),               # a rate of satisfaction: nothing counted
    (("Hội nghị được tổ chức",), ""),                               # “hộ” only as a word
    (("Mức độ hài lòng", "Phiếu khảo sát đạt"), "phiếu"),
])
def test_counted_noun(texts, noun):
    assert counted_noun(*texts) == noun


def _unit_result(target, **given):
    campaign = make_campaign([("A", "Xã A", "Xã", None)], [("1", "Hồ sơ được giải quyết", [("MT01", target)])])
    result = evaluate_round(campaign, {"A": submission("A", [entry("MT01", **given)])})
    return result.unit("A").indicators[0], campaign.indicator("MT01").target


@pytest.mark.parametrize("target, given, noun, text", [
    ("trên 90%", {"num": 26965, "den": 27895}, "hồ sơ", "26.965/27.895 hồ sơ, tỷ lệ 96,67%"),
    ("trên 95%", {"value": "95.7"}, "", "95,7%"),
    ("18/18 chỉ tiêu", {"num": 17, "den": 18}, "", "17/18 chỉ tiêu"),
    ("18/18 chỉ tiêu", {"value": 17}, "", "17/18 chỉ tiêu"),        # typed as a count of the 18
    ("900 lao động", {"value": 3841}, "", "3.841 lao động"),
    ("Tăng 1% so với năm 2021 (98,6%)", {"value": "99.7"}, "", "99,7% (mức cơ sở 98,6%)"),
    ("Kết quả đánh giá nội bộ đạt yêu cầu", {"passed": False}, "", "Đơn vị tự đánh giá: chưa đạt yêu cầu"),
])
def test_indicator_figures(target, given, noun, text):
    result, parsed = _unit_result(target, **given)
    assert indicator_figures(result, parsed, noun) == text


def test_pooled_figures_of_a_ratio_a_count_ratio_and_a_total():
    units = [("P", "Tỉnh", "Tỉnh", None), ("A", "Xã A", "Xã", "P"), ("B", "Xã B", "Xã", "P")]
    campaign = make_campaign(units, [("1", "Hồ sơ", [("MT01", "trên 90%")]), ("2", "Chỉ tiêu", [("MT02", "18/18 chỉ tiêu")]),
                                     ("3", "Lao động", [("MT03", "900 lao động")])])
    returns = {code: submission(code, [entry("MT01", num=num, den=den), entry("MT02", num=c, den=18),
                                       entry("MT03", value=jobs)])
               for code, num, den, c, jobs in (("A", 14000, 14500, 17, 1000), ("B", 12965, 13395, 18, 2841))}
    parent = roll_up(campaign, evaluate_round(campaign, returns)).parent("P")
    ratio, count, total = (parent.indicator(code) for code in ("MT01", "MT02", "MT03"))
    assert pooled_figures(ratio, campaign.indicator("MT01").target, "hồ sơ") == "96,67% (26.965/27.895 hồ sơ)"
    assert pooled_margin(ratio, campaign.indicator("MT01").target) == "cao hơn mục tiêu 6,67 điểm %"
    assert pooled_figures(count, campaign.indicator("MT02").target) == "35/36 chỉ tiêu (97,22%)"
    assert pooled_figures(total, campaign.indicator("MT03").target) == "3.841 lao động (tổng của 2 đơn vị)"
    assert pooled_margin(total, campaign.indicator("MT03").target) == "vượt mục tiêu 2.041 lao động"


@pytest.mark.parametrize("now, before, margin", [
    (Fraction(9694, 100), Fraction(9665, 100), "thấp hơn mục tiêu 0,21 điểm %"),     # +0,29 of the 0,5 asked
    (Fraction(9720, 100), Fraction(9665, 100), "cao hơn mục tiêu 0,05 điểm %"),
])
def test_the_pooled_margin_of_a_change_is_against_the_previous_pool(now, before, margin):
    parsed = parse_target("tăng 0,5 điểm % so với kỳ trước")
    pooled = IndicatorRollup("MT02", "2", "tăng 0,5 điểm % so với kỳ trước", 3, 3, 3, 1, 0, 2, 0, 0, 3,
                             pooled_value=float(now), previous_pooled_value=float(before),
                             pooled_baseline=before)
    assert pooled_margin(pooled, parsed) == margin
    assert pooled_margin(replace(pooled, pooled_baseline=None), parsed) == ""    # no previous pool: nothing to say
