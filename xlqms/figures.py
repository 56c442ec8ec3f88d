"""How a figure is written for people: Vietnamese numbers, counts as counts, by how much a target was missed.

Shared by the report drafts, the roll-up workbook and the terminal, so one figure reads the same
everywhere:

* a ratio of counts with what is counted: ``1.540/1.587 hồ sơ, tỷ lệ 97,04%`` (thousands with a dot,
  decimals with a comma — never ``1540/1587``);
* a target ``N/M …`` as a count: ``17/18 chỉ tiêu`` (never ``94,44%``);
* a count or an amount with its unit: ``950 lao động``; a total of the units: ``3.841 lao động``;
* the gap to the target: ``cao hơn mục tiêu 7,04 điểm %`` (percentage points for a percent),
  ``thấp hơn mục tiêu 1 chỉ tiêu``, ``vượt mục tiêu 50 lao động``, ``trong khoảng mục tiêu``.

Pure functions of results (:mod:`xlqms.attainment`, :mod:`xlqms.rollup`) and targets.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from fractions import Fraction

from xlqms.levels import CLOSE_DECIMALS, SHOWN_DECIMALS, shown_value
from xlqms.numbers import format_number, format_percent, rounded, to_fraction
from xlqms.statuses import Status
from xlqms.targets import Kind, Operator, Target
from xlqms.text import header_key

COUNTED_NOUNS = {
    # how a title may begin -> the word written after a count ("1.540/1.587 hồ sơ")
    "hồ sơ": "hồ sơ",
    "thủ tục hành chính": "thủ tục",
    "tthc": "thủ tục",
    "ý kiến chỉ đạo": "ý kiến",
    "ý kiến": "ý kiến",
    "đơn thư": "đơn thư",
    "đơn": "đơn",
    "phản ánh": "phản ánh",
    "kiến nghị": "kiến nghị",
    "văn bản": "văn bản",
    "cán bộ, công chức": "cán bộ, công chức",
    "cán bộ": "cán bộ",
    "công chức": "công chức",
    "nhiệm vụ": "nhiệm vụ",
    "trường": "trường",
    "học sinh": "học sinh",
    "hộ": "hộ",
    "lao động": "lao động",
    "doanh nghiệp": "doanh nghiệp",
    "cơ sở": "cơ sở",
    "thôn": "thôn",
    "chỉ tiêu": "chỉ tiêu",
    "phiếu": "phiếu",
}
"""Counted nouns an objective's title may begin with (after the words of :data:`_LEADING_WORDS`)."""

_LEADING_WORDS = re.compile(
    r"^(?:(?:phấn đấu|bảo đảm|đảm bảo|tỷ lệ|tổng số|số lượng|số|các|những|có|đạt|trên|từ|ít nhất|tối thiểu)\s+"
    r"|\d+(?:[.,]\d+)?\s*%\s*)+")


def counted_noun(*texts: str) -> str:
    """What a ratio of an objective counts, from the beginning of its title or indicator text:
    “Hồ sơ thủ tục hành chính … đúng hạn” → “hồ sơ”; “Mức độ hài lòng …” → “” (nothing said)."""
    for text in texts:
        key = _LEADING_WORDS.sub("", header_key(text))
        for start in sorted(COUNTED_NOUNS, key=len, reverse=True):
            if key == start or key.startswith(start + " ") or key.startswith(start + ","):
                return COUNTED_NOUNS[start]
    return ""


def count_text(value) -> str:
    """A count or an amount, the Vietnamese way: 26965 → “26.965”, 12.5 → “12,5”."""
    return format_number(value)


def _unit_word(target: Target | None, noun: str = "") -> str:
    """The word after a count: the target's unit (“lao động”; “chỉ tiêu” for “18/18 chỉ tiêu chủ yếu …”),
    else what the objective counts."""
    if target is not None and target.unit and (target.kind is Kind.RATIO or not target.measures_percent):
        return counted_noun(target.unit) or target.unit
    return noun


def _suffix(word: str) -> str:
    return f" {word}" if word else ""


def ratio_count(value, target: Target) -> Fraction | None:
    """The count out of M of a ``N/M`` target for a value in percent (94,44% of 18 → 17)."""
    if target.kind is not Kind.RATIO or not target.ratio or value is None or isinstance(value, bool):
        return None
    return to_fraction(value) * target.ratio[1] / 100


def indicator_figures(result, target: Target | None = None, noun: str = "", baseline: bool = True) -> str:
    """What a unit achieved on one indicator, in figures, without the verdict.

    ``result``: an :class:`~xlqms.attainment.IndicatorResult`. “1.540/1.587 hồ sơ, tỷ lệ 97,04%”,
    “17/18 chỉ tiêu”, “95,7%”, “950 lao động”, “99,7% (mức cơ sở 98,6%)”, “Đơn vị tự đánh giá: đạt yêu
    cầu”; “” when there is no value. ``noun``: what a ratio counts (:func:`counted_noun`); ``baseline``
    False leaves out “(mức cơ sở …)” (a sentence that says the previous value already).
    """
    value = result.value
    if isinstance(value, bool):
        return "Đơn vị tự đánh giá: " + ("đạt yêu cầu" if value else "chưa đạt yêu cầu")
    if value is None:
        return ""
    word = _unit_word(target, noun)
    if target is not None and target.kind is Kind.RATIO and target.ratio:
        if result.ratio and result.numerator is not None and result.denominator:
            figures = f"{count_text(result.numerator)}/{count_text(result.denominator)}{_suffix(word)}"
        else:
            figures = f"{count_text(ratio_count(value, target))}/{target.ratio[1]}{_suffix(word)}"
    elif result.ratio and result.numerator is not None and result.denominator:
        if result.percent:
            figures = (f"{count_text(result.numerator)}/{count_text(result.denominator)}{_suffix(word)}, "
                       f"tỷ lệ {format_percent(_shown(value, target, result.baseline), CLOSE_DECIMALS)}")
        else:
            figures = f"{count_text(value)}{_suffix(word)}"
    elif result.percent:
        figures = format_percent(_shown(value, target, result.baseline), CLOSE_DECIMALS)
    else:
        figures = f"{format_number(_shown(value, target, result.baseline), CLOSE_DECIMALS)}{_suffix(word)}"
    if baseline and result.baseline is not None:
        base = format_percent(result.baseline) if result.percent else count_text(result.baseline)
        figures += f" (mức cơ sở {base})"
    return figures


def _shown(value, target: Target | None, baseline) -> Fraction:
    """The value as the unit's workbook shows it (:func:`xlqms.levels.shown_value`: never rounded
    onto or across a level), so that a report and the workbook write the same figure."""
    exact = to_fraction(value)
    if target is None:
        return rounded(exact, SHOWN_DECIMALS)
    return shown_value(target, exact, baseline)


def margin_text(value, target: Target | None, baseline=None, per_unit: bool = True) -> str:
    """By how much ``value`` beat or missed ``target``, in its own terms; “” when it cannot be said.

    Percent targets in percentage points (“cao hơn mục tiêu 7,04 điểm %”); ``N/M`` targets in counts
    for one unit (“thấp hơn mục tiêu 1 chỉ tiêu”; ``per_unit=False`` for a pooled ratio: points);
    counts and amounts with their unit (“vượt mục tiêu 50 lao động”); a value inside a range
    “trong khoảng mục tiêu”, beyond its far end “vượt khoảng mục tiêu 0,2 điểm %”. For a change,
    the level is the baseline moved by the change (TARGETS.md: Change, Exceeded).
    """
    if target is None or value is None or isinstance(value, bool):
        return ""
    bounds = target.bounds(baseline)
    if bounds is None:
        return ""
    number, level = to_fraction(value), bounds.level
    unit = " điểm %" if target.measures_percent else _suffix(_unit_word(target))
    exceed = bounds.exceed_level
    if target.kind is Kind.RATIO and target.ratio and per_unit:
        count = ratio_count(number, target)
        assert count is not None
        number, level, exceed, unit = count, Fraction(target.ratio[0]), None, _suffix(_unit_word(target))
    return _gap(number, level, exceed, bounds.operator in (Operator.GT, Operator.GE), unit)


def _gap(number: Fraction, level: Fraction, exceed: Fraction | None, upward: bool, unit: str) -> str:
    """The words of :func:`margin_text` for a number, the level that meets, the one beyond which it is Vượt."""
    if exceed is not None and (number > exceed if upward else number < exceed):
        where = "mục tiêu" if exceed == level else "khoảng mục tiêu"
        return f"vượt {where} {format_number(abs(number - exceed))}{unit}"
    if exceed is not None and exceed != level and (number >= level if upward else number <= level):
        return "trong khoảng mục tiêu"
    if number == level:
        return "bằng mục tiêu"
    side = "cao hơn" if number > level else "thấp hơn"
    return f"{side} mục tiêu {format_number(abs(number - level))}{unit}"


def pooled_figures(pooled, target: Target | None = None, noun: str = "") -> str:
    """The pooled figure of one indicator over the units below a body, without the verdict.

    ``pooled``: an :class:`~xlqms.rollup.IndicatorRollup`. A ratio: “96,67% (26.965/27.895 hồ sơ)”
    (Σ Tử số / Σ Mẫu số), or for ``N/M`` “290/306 chỉ tiêu (94,77%)”; a count or amount: “3.841 lao
    động (tổng của 4 đơn vị)”; “” when there is none (qualitative, a change, nothing reported).
    """
    if pooled is None:
        return ""
    if pooled.pooled_value is not None and pooled.denominator_total:
        counts = f"{count_text(pooled.numerator_total)}/{count_text(pooled.denominator_total)}"
        word = _unit_word(target, noun)
        if target is not None and target.kind is Kind.RATIO:
            return f"{counts}{_suffix(word)} ({format_percent(pooled.pooled_value)})"
        return f"{format_percent(pooled.pooled_value)} ({counts}{_suffix(word)})"
    if pooled.total is not None:
        word = _unit_word(target, noun)
        return f"{count_text(pooled.total)}{_suffix(word)} (tổng của {pooled.units_totalled} đơn vị)"
    return ""


def pooled_margin(pooled, target: Target | None) -> str:
    """By how much the pooled figure beat or missed the target (a total: against the sum of the units' targets;
    a change: against the baseline the pooled verdict used, the previous round's pool)."""
    if pooled is None or target is None:
        return ""
    if pooled.pooled_value is not None:
        return margin_text(to_fraction(pooled.pooled_value), target, pooled.pooled_baseline,
                           per_unit=False)
    if pooled.total is not None and pooled.units_totalled:
        bounds = target.bounds()
        if bounds is None:
            return ""
        units = pooled.units_totalled
        return _gap(to_fraction(pooled.total), bounds.level * units,
                    bounds.exceed_level * units if bounds.exceed_level is not None else None,
                    bounds.operator in (Operator.GT, Operator.GE), _suffix(_unit_word(target)))
    return ""


def axis_range(values: Iterable[float | None], percent: bool) -> tuple[float, float, float]:
    """(minimum, maximum, major unit) of a value axis showing ``values`` (bars and targets) with a
    little room: nice steps (1, 2, 2,5 or 5 × 10ⁿ), about five to eight of them; a percent axis stays
    within 0–100 unless a value goes beyond; an axis whose data are near zero starts at zero."""
    numbers = [float(value) for value in values if value is not None and math.isfinite(float(value))]
    if not numbers:
        return (0.0, 100.0, 20.0) if percent else (0.0, 1.0, 0.2)
    low, high = min(numbers), max(numbers)
    span = high - low
    pad = span * 0.12 if span else max(abs(high) * 0.05, 1.0)
    bottom, top = low - pad, high + pad
    if bottom < 0 <= low or (low >= 0 and bottom < 0.25 * span):     # close to zero: start at zero
        bottom = 0.0
    if percent and high <= 100:
        top = min(top, 100.0)
    step = _nice_step((top - bottom) / 6)
    bottom = math.floor(bottom / step) * step
    top = math.ceil(top / step) * step
    if top <= bottom:
        top = bottom + step
    return (bottom, top, step)


def _nice_step(raw: float) -> float:
    if raw <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


VERDICT_WORDS = {
    Status.EXCEEDED: "vượt mục tiêu",
    Status.MET: "đạt mục tiêu",
    Status.NOT_MET: "không đạt mục tiêu",
    Status.NOT_DUE: "chưa đến kỳ đánh giá",
    Status.NO_DATA: "chưa đủ số liệu",
}
"""A verdict inside a sentence: “Kết quả chung 96,67% (…), đạt mục tiêu”."""
