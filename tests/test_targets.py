"""The target language (domain README: How targets are written, and what they mean), table-driven."""

from __future__ import annotations

import unicodedata
from fractions import Fraction

import pytest

from xlqms.errors import TargetSyntaxError, ValueSyntaxError
from xlqms.statuses import Status
from xlqms.targets import ChangeMode, Kind, Operator, Reading, evaluate, judge_change, judge_text, parse_target, parse_value

MET, NOT_MET, EXCEEDED, NO_DATA, NOT_DUE = (
    Status.MET, Status.NOT_MET, Status.EXCEEDED, Status.NO_DATA, Status.NOT_DUE,
)

# Every example of the domain README's table, with the verdict it gives: (text, value, baseline, verdict).
README_EXAMPLES = [
    ("trên 90%", "1540/1587", None, MET),
    ("trên 95%", "2/3", None, NOT_MET),
    ("trên 95%", "95,7%", None, MET),
    ("trên 80%", "9/9", None, MET),
    ("trên 85%", "5/15", None, NOT_MET),
    ("100%", "162/168", None, NOT_MET),
    ("18/18 chỉ tiêu", "10", None, NOT_MET),
    ("18/18 chỉ tiêu", "10/18", None, NOT_MET),
    ("≥ 98%", "98%", None, MET),
    ("Tăng 1% so với năm 2021 (98,6%)", "99,7%", None, MET),
    ("Tăng 1% so với năm 2021 (98,6%)", "99,5%", None, NOT_MET),
    ("14-15%", "14%", None, MET),
    ("14-15%", "15,2%", None, EXCEEDED),
    ("14-15%", "13,9%", None, NOT_MET),
    ("giảm 0,8-1,0%/năm", "4,1%", "5,0%", MET),
    ("giảm 0,8-1,0%/năm", "3,8%", "5,0%", EXCEEDED),
    ("giảm 0,8-1,0%/năm", "4,5%", "5,0%", NOT_MET),
    ("900 lao động", "950", None, EXCEEDED),
    ("Kết quả … đạt yêu cầu", "Đạt", None, MET),
]

MORE_EXAMPLES = [
    # strict words: trên, >, hơn (greater), dưới, < (less)
    ("trên 90%", "90", None, NOT_MET),
    ("trên 90%", "90,01", None, MET),
    ("> 90%", "90", None, NOT_MET),
    (">90%", "90,5", None, MET),
    ("hơn 90%", "90", None, NOT_MET),
    ("hơn 90%", "90,01", None, MET),
    ("cao hơn 90%", "91", None, MET),
    ("dưới 5%", "5", None, NOT_MET),
    ("dưới 5%", "4,99", None, MET),
    ("< 5%", "4,9", None, MET),
    ("< 5%", "5", None, NOT_MET),
    ("dưới 1,5%", "1,49", None, MET),
    # inclusive "at least": ≥, >=, từ X trở lên, không thấp hơn, tối thiểu, ít nhất
    ("≥ 98%", "97,99", None, NOT_MET),
    ("≥98%", "98", None, MET),
    (">= 98%", "98", None, MET),
    (">= 98%", "97,9", None, NOT_MET),
    ("từ 50% trở lên", "50", None, MET),
    ("từ 50% trở lên", "49,9", None, NOT_MET),
    ("không thấp hơn 98%", "98", None, MET),
    ("không thấp hơn 98%", "97,99", None, NOT_MET),
    ("không dưới 90%", "90", None, MET),
    ("tối thiểu 98%", "98", None, MET),
    ("tối thiểu 98%", "97", None, NOT_MET),
    ("ít nhất 10 cuộc", "10", None, MET),
    ("ít nhất 10 cuộc", "9", None, NOT_MET),
    ("không ít hơn 10 cuộc", "9", None, NOT_MET),
    # inclusive "at most": ≤, không quá, tối đa
    ("≤ 2%", "2", None, MET),
    ("≤ 2%", "2,01", None, NOT_MET),
    ("<= 2%", "1", None, MET),
    ("không quá 2%", "2", None, MET),
    ("không quá 2%", "2,01", None, NOT_MET),
    ("không vượt quá 5 vụ", "5", None, MET),
    ("tối đa 3 vụ", "3", None, MET),
    ("tối đa 3 vụ", "4", None, NOT_MET),
    ("từ 2% trở xuống", "2,5", None, NOT_MET),
    # thresholds are met or not met, never exceeded
    ("trên 90%", "100", None, MET),
    ("≥ 98%", "100", None, MET),
    ("tối thiểu 98%", "100", None, MET),
    # bare levels: at least; exceeded only for counts and amounts
    ("100%", "100", None, MET),
    ("100%", "99,99", None, NOT_MET),
    ("đạt 100%", "100%", None, MET),
    ("99,9%", "99,9", None, MET),
    ("99,9%", "99,95", None, MET),
    ("99,9%", "99,89", None, NOT_MET),
    ("86,2%", "86,2", None, MET),
    ("86,2%", "86,19", None, NOT_MET),
    ("100% văn bản được ký số", "100", None, MET),
    ("900 lao động", "900", None, MET),
    ("900 lao động", "899", None, NOT_MET),
    ("1.100 tỷ đồng", "1.100", None, MET),
    ("1.100 tỷ đồng", "1.540", None, EXCEEDED),
    ("1.100 tỷ đồng", "1.099", None, NOT_MET),
    ("Thu ngân sách 1.100 tỷ đồng", "1.100,5", None, EXCEEDED),
    ("trên 1.500 hồ sơ", "1.540", None, MET),
    ("trên 1.500 hồ sơ", "1.500", None, NOT_MET),
    # ranges: met from a, exceeded above b
    ("14-15%", "15", None, MET),
    ("14 – 15%", "15,5", None, EXCEEDED),
    ("14 – 15%", "14", None, MET),
    ("từ 14% đến 15%", "14,5", None, MET),
    ("từ 14% đến 15%", "13,99", None, NOT_MET),
    ("từ 14 đến 15%", "16", None, EXCEEDED),
    # N/M: at least N out of M
    ("18/18 chỉ tiêu", "18", None, MET),
    ("18/18 chỉ tiêu", "18/18", None, MET),
    ("Giải quyết 18/18 chỉ tiêu", "17/18", None, NOT_MET),
    ("31/38 trường", "31", None, MET),
    ("31/38 trường", "30", None, NOT_MET),
    ("31/38 trường", "81,6%", None, MET),
    ("31/38 trường, tỷ lệ 81,6%", "31/38", None, MET),
    # changes: percentage points on percentages, relative otherwise; no baseline = no data
    ("Tăng 1% so với năm 2021 (98,6%)", "99,6", None, MET),
    ("Tăng 1% so với năm 2021 (98,6%)", "99,59", None, NOT_MET),
    ("Tăng 1% so với năm 2021 (98,6%)", "100", None, MET),        # a single change: never exceeded
    ("Tỷ lệ hồ sơ đúng hạn tăng 1% so với năm 2021", "99,7", None, NO_DATA),
    ("Tăng 1% so với năm 2021", "99,7", "98,6%", MET),
    ("tăng 1%", "99,6%", "98,6%", MET),
    ("tăng 1%", "99,5%", "98,6%", NOT_MET),
    ("Mức độ hài lòng tăng 2% so với năm 2025", "97", "95%", MET),
    ("giảm 10% số vụ", "108", "120", MET),
    ("giảm 10% số vụ", "109", "120", NOT_MET),
    ("Giảm 10% số vụ khiếu nại so với năm 2024", "100", None, NO_DATA),
    ("Giảm 10% số vụ khiếu nại so với năm 2024", "100", "120", MET),
    ("tăng 10% số hồ sơ", "110", "100", MET),
    ("tăng 10% số hồ sơ", "109", "100", NOT_MET),
    ("giảm 10%", "2", "12%", MET),                                   # 12% − 10 points = 2%
    ("giảm 0,8-1,0%/năm", "4,2", "5,0%", MET),
    ("giảm 0,8-1,0%/năm", "4,0", "5,0%", MET),
    ("giảm 0,8-1,0%/năm", "3,99", "5,0%", EXCEEDED),
    ("Tỷ lệ hộ nghèo giảm 0,8-1,0%/năm", "4,1", None, NO_DATA),
    # qualitative
    ("Kết quả kiểm tra, đánh giá nội bộ đạt yêu cầu", "Không đạt", None, NOT_MET),
    ("đảm bảo theo kế hoạch", "Đạt", None, MET),
    ("đảm bảo theo kế hoạch", "đạt", None, MET),
    ("đảm bảo theo kế hoạch", "95", None, NO_DATA),
    # ratios compared unrounded: 1540/1587 = 97,0384…%
    ("trên 97,03%", "1540/1587", None, MET),
    ("≥ 97,04%", "1540/1587", None, NOT_MET),
    # noise that is not a level: ISO numbers, "mức 3, 4", years
    ("Hồ sơ DVC mức 3, 4 đạt 50%", "50", None, MET),
    ("Duy trì HTQLCL theo TCVN ISO 9001:2015 đạt 100%", "100", None, MET),
    ("Tỷ lệ hồ sơ giải quyết đúng hạn đạt trên 95%", "95,5", None, MET),
    # odd case and spacing
    ("TRÊN 90%", "91", None, MET),
    ("trên 90 %", "90,5", None, MET),
    ("  trên   90%  ", "90,5", None, MET),
    # blank values: no data, never zero
    ("trên 90%", "", None, NO_DATA),
    ("trên 90%", "Đạt", None, NO_DATA),
]


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


NFD_EXAMPLES = [
    (nfd(text), nfd(value), nfd(baseline) if baseline else None, status)
    for text, value, baseline, status in README_EXAMPLES + [
        ("từ 14% đến 15%", "15,1", None, EXCEEDED),
        ("không thấp hơn 98%", "97", None, NOT_MET),
        ("tối đa 3 vụ", "3", None, MET),
    ]
]


@pytest.mark.parametrize("text, value, baseline, expected", README_EXAMPLES + MORE_EXAMPLES + NFD_EXAMPLES)
def test_verdict(text, value, baseline, expected):
    # a baseline written in % says the change is in percentage points (TARGETS.md: Change)
    target = parse_target(text, baseline_percent=bool(baseline and baseline.endswith("%")))
    assert evaluate(target, value, baseline=baseline) is expected
    assert judge_text(text, value, baseline)["status"] == expected.value


@pytest.mark.parametrize("text, kind, operator, low, high, percent", [
    ("trên 90%", Kind.THRESHOLD, Operator.GT, 90, None, True),
    ("> 90%", Kind.THRESHOLD, Operator.GT, 90, None, True),
    ("hơn 90%", Kind.THRESHOLD, Operator.GT, 90, None, True),
    ("dưới 5%", Kind.THRESHOLD, Operator.LT, 5, None, True),
    ("< 5%", Kind.THRESHOLD, Operator.LT, 5, None, True),
    ("≥ 98%", Kind.THRESHOLD, Operator.GE, 98, None, True),
    (">= 98%", Kind.THRESHOLD, Operator.GE, 98, None, True),
    ("từ 98% trở lên", Kind.THRESHOLD, Operator.GE, 98, None, True),
    ("không thấp hơn 98%", Kind.THRESHOLD, Operator.GE, 98, None, True),
    ("tối thiểu 98%", Kind.THRESHOLD, Operator.GE, 98, None, True),
    ("ít nhất 98%", Kind.THRESHOLD, Operator.GE, 98, None, True),
    ("≤ 2%", Kind.THRESHOLD, Operator.LE, 2, None, True),
    ("không quá 2%", Kind.THRESHOLD, Operator.LE, 2, None, True),
    ("tối đa 2%", Kind.THRESHOLD, Operator.LE, 2, None, True),
    ("100%", Kind.THRESHOLD, Operator.GE, 100, None, True),
    ("đạt 100%", Kind.THRESHOLD, Operator.GE, 100, None, True),
    ("99,9%", Kind.THRESHOLD, Operator.GE, Fraction("99.9"), None, True),
    ("86,2%", Kind.THRESHOLD, Operator.GE, Fraction("86.2"), None, True),
    ("900 lao động", Kind.THRESHOLD, Operator.GE, 900, None, False),
    ("1.100 tỷ đồng", Kind.THRESHOLD, Operator.GE, 1100, None, False),
    ("1.540 hồ sơ", Kind.THRESHOLD, Operator.GE, 1540, None, False),
    ("14-15%", Kind.RANGE, Operator.GE, 14, 15, True),
    ("14 – 15%", Kind.RANGE, Operator.GE, 14, 15, True),
    ("từ 14% đến 15%", Kind.RANGE, Operator.GE, 14, 15, True),
    ("18/18 chỉ tiêu", Kind.RATIO, Operator.GE, 100, None, True),
    ("Kết quả … đạt yêu cầu", Kind.QUALITATIVE, None, None, None, False),
    ("đảm bảo theo kế hoạch", Kind.QUALITATIVE, None, None, None, False),
])
def test_reading(text, kind, operator, low, high, percent):
    target = parse_target(text)
    assert (target.kind, target.operator, target.percent) == (kind, operator, percent)
    assert target.low == (Fraction(low) if low is not None else None)
    assert target.high == (Fraction(high) if high is not None else None)
    assert target.text == text


@pytest.mark.parametrize("text, exceedable", [
    ("14-15%", True), ("Tỷ lệ hộ nghèo giảm 0,8-1,0%/năm", True), ("900 lao động", True), ("1.100 tỷ đồng", True),
    ("trên 90%", False), ("≥ 98%", False), ("100%", False), ("99,9%", False), ("Tỷ lệ hộ nghèo tăng 1%", False),
    ("Tỷ lệ hộ nghèo 3-4%", True), ("Tỷ lệ hộ nghèo 3%", False), ("5 vụ tai nạn", False), ("0 hồ sơ trễ hạn", False),
    ("18/18 chỉ tiêu", False), ("đạt yêu cầu", False), ("không quá 2%", False),
])
def test_exceeded_exists_only_where_a_plan_names_a_level_to_go_beyond(text, exceedable):
    assert parse_target(text).exceedable is exceedable


def test_ratio_target_keeps_its_counts():
    target = parse_target("31/38 trường")
    assert target.ratio == (31, 38)
    assert target.low == Fraction(100 * 31, 38)
    assert target.unit == "trường"


@pytest.mark.parametrize("text, direction, mode, low, high, baseline", [
    ("Tăng 1% so với năm 2021 (98,6%)", "increase", ChangeMode.POINTS, 1, None, Fraction("98.6")),
    ("Tỷ lệ hộ nghèo giảm 0,8-1,0%/năm", "decrease", ChangeMode.POINTS, Fraction("0.8"), 1, None),
    ("giảm 10% số vụ", "decrease", ChangeMode.RELATIVE, 10, None, None),
    ("tăng 10% số hồ sơ", "increase", ChangeMode.RELATIVE, 10, None, None),
    ("Mức độ hài lòng tăng 2% so với năm 2025", "increase", ChangeMode.POINTS, 2, None, None),
])
def test_change_reading(text, direction, mode, low, high, baseline):
    target = parse_target(text)
    assert target.kind is Kind.CHANGE and target.needs_baseline
    assert (target.direction, target.change_mode) == (direction, mode)
    assert target.low == Fraction(low)
    assert target.high == (Fraction(high) if high is not None else None)
    assert target.baseline == baseline


def test_percentage_points_are_exact():
    # 98,6 + 1 is 99,6 exactly, not 99.59999…; a float value is taken by its shortest repr.
    target = parse_target("Tăng 1% so với năm 2021 (98,6%)")
    assert evaluate(target, 99.6) is MET
    assert evaluate(target, Fraction("99.6")) is MET
    assert target.bounds().level == Fraction("99.6")


def test_relative_change_bounds():
    target = parse_target("giảm 10% số vụ")
    assert target.bounds() is None                        # no baseline known: no level
    assert target.bounds(120).level == 108
    assert target.bounds(120).operator is Operator.LE


@pytest.mark.parametrize("formal", ["tăng 1 điểm %", "giảm 0,8-1 điểm %", "tăng 12% tương đối", "giảm 10"])
@pytest.mark.parametrize("reading", [Reading(), Reading(number=Fraction(5)), Reading(passed=True),
                                     Reading(numerator=Fraction(1), denominator=Fraction(2))])
def test_judge_change_without_an_achieved_change_gives_no_verdict(formal, reading):
    # judge_change is public: a reading that is not a change ('95', 'Đạt', blank) is no data, not a TypeError
    assert judge_change(parse_target(formal, formal=formal), reading) is NO_DATA
    assert judge_change(parse_target(formal, formal=formal), Reading(change=Fraction(-50))) is not NO_DATA


def test_baseline_in_text_wins_over_the_one_entered():
    target = parse_target("Tăng 1% so với năm 2021 (98,6%)")
    assert evaluate(target, "99,6", baseline=99) is MET


def test_not_due_is_not_judged():
    assert evaluate(parse_target("trên 90%"), "50", due=False) is NOT_DUE


@pytest.mark.parametrize("text, number", [
    ("1.540", 1540), ("86,2", Fraction("86.2")), ("1.100", 1100), ("97,04%", Fraction("97.04")),
    ("0,8", Fraction("0.8")), ("1.100,5", Fraction("1100.5")), (nfd("95,7"), Fraction("95.7")),
])
def test_vietnamese_numbers_as_values(text, number):
    assert parse_value(text).number == number


def test_value_ratio_and_pass_fail():
    reading = parse_value("1540/1587")
    assert (reading.numerator, reading.denominator) == (1540, 1587)
    assert parse_value("Đạt").passed is True
    assert parse_value(nfd("Không đạt")).passed is False
    assert parse_value("").is_blank


@pytest.mark.parametrize("value", ["86,2 %x", "nhiều", "1/0"])
def test_unreadable_value(value):
    with pytest.raises(ValueSyntaxError):
        parse_value(value)


@pytest.mark.parametrize("text, code", [
    ("abc", "target-no-level"),
    ("tốt", "target-no-level"),
    ("trên 90% và dưới 95%", "target-compound"),
    ("90% hoặc 95%", "target-alternatives"),
    ("trên %", "target-no-level"),
    ("tăng", "target-no-level"),
    ("10-5%", "target-invalid-range"),
    ("5/3 xã", "target-invalid-ratio"),
    ("   ", "target-empty"),
])
def test_unreadable_target_quotes_the_text_in_one_short_message(text, code):
    with pytest.raises(TargetSyntaxError) as caught:
        parse_target(text)
    message = str(caught.value)
    assert f"“{text.strip()}”" in message
    assert caught.value.code == code
    assert "\n" not in message and "Các cách viết" not in message   # the forms are listed once, by the caller


def test_unreadable_target_is_never_guessed_in_judge_text():
    with pytest.raises(TargetSyntaxError):
        judge_text("khoảng chín mươi phần trăm", "95")


def test_judge_text_shows_the_reading():
    result = judge_text("giảm 0,8-1,0%/năm", "4,1", "5,0%")
    assert result["status"] == "met" and result["label"] == "Đạt"
    assert result["target"]["direction"] == "decrease"
    assert result["baseline"] == 5
    assert result["level"] == pytest.approx(4.2) and result["exceed_level"] == pytest.approx(4.0)
    assert "status" not in judge_text("trên 90%")
