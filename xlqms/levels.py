"""The level a unit must reach, as its workbook shows it in “Mức cần đạt” (issue 13).

``> 90%``, ``từ 14% đến 15%``, ``≥ 18/18 (100%)``, ``≥ 99,6% (98,6% + 1 điểm)``. A change or
relative level whose baseline the unit types into Kết quả kỳ trước is shown live: :func:`live_level`
writes a formula that computes the level from that cell and writes it the Vietnamese way
(``1.540,5``) whatever the application's locale (only integers are turned into text, never a
decimal number). Levels come from :func:`xlqms.targets.bounds_of`, the verdict's own rule. Pure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from xlqms.numbers import format_number, rounded
from xlqms.statuses import Status
from xlqms.targets import INCREASE, Better, Bounds, ChangeMode, Kind, Operator, Target, bounds_of
from xlqms.targets.verdict import judge_number

SYMBOLS = {Operator.GT: ">", Operator.GE: "≥", Operator.LT: "<", Operator.LE: "≤"}
LEVEL_DECIMALS = 4
BASELINE_CELL = "Kết quả kỳ trước"


SIGNIFICANT_DIGITS = 14
"""A level is written with at most this many significant digits, fewer than a spreadsheet's number
holds (LibreOffice's INT and MOD snap a 15th digit): 1.000.000.000.000.000 − 0,2 is written
1.000.000.000.000.000, here and live (:func:`number_text`)."""


def shown_decimals(number: Fraction, decimals: int = LEVEL_DECIMALS) -> int:
    """The decimals ``number`` is written with: ``decimals``, fewer past :data:`SIGNIFICANT_DIGITS`
    digits (negative: rounded to tens, hundreds…)."""
    digits = len(str(int(abs(number))))
    return min(decimals, SIGNIFICANT_DIGITS - digits)


def show(number: Fraction, decimals: int = LEVEL_DECIMALS) -> str:
    """``number`` written the Vietnamese way (``1.540,05``), as :func:`number_text` writes it live."""
    places = shown_decimals(Fraction(number), decimals)
    return format_number(rounded(Fraction(number), places), max(places, 0))


def measured_sign(target: Target) -> str:
    """The sign of the value compared with the target: % for a rate, ‰, or nothing (a count, an amount)."""
    return "%" if target.measures_percent else "‰" if target.measures_per_mille else ""


def _unit(target: Target) -> str:
    return f" {target.unit}" if target.unit and not target.scaled else ""


def _change_amount(target: Target, amount: Fraction) -> str:
    if target.change_mode is ChangeMode.POINTS:
        return f"{show(amount)} điểm"
    if target.change_mode is ChangeMode.RELATIVE:
        return f"{show(amount)}%"
    return f"{show(amount)}{_unit(target)}"


def level_text(target: Target) -> str:
    """The level as text, when it does not depend on Kết quả kỳ trước (see :func:`needs_live_level`);
    otherwise the level written with Kết quả kỳ trước in words (“≥ Kết quả kỳ trước + 1 điểm”)."""
    kind, sign = target.kind, measured_sign(target)
    if kind is Kind.QUALITATIVE:
        return "Đạt"
    if kind is Kind.DEADLINE:
        return f"Hoàn thành trước {target.deadline}" if target.deadline else "Đạt"
    if kind is Kind.ZERO:
        return "Bằng 0 (không để xảy ra)"
    if kind is Kind.RATIO:
        assert target.ratio is not None and target.operator is not None and target.low is not None
        numerator, denominator = target.ratio
        return f"{SYMBOLS[target.operator]} {numerator}/{denominator} ({show(target.low, 2)}%)"
    if kind in (Kind.CHANGE, Kind.RELATIVE):
        return _change_text(target, target.baseline)
    bounds = bounds_of(target)
    assert bounds is not None and target.low is not None
    unit = _unit(target)
    if kind is Kind.RANGE:
        assert target.high is not None
        if target.better is Better.HIGHER:
            return f"từ {show(target.low)}{sign} đến {show(target.high)}{sign}{unit}"
        return f"≤ {show(target.high)}{sign}{unit} (Vượt khi < {show(target.low)}{sign})"
    text = f"{SYMBOLS[bounds.operator]} {show(bounds.level)}{sign}{unit}"
    if bounds.exceed_level is not None:
        text += f" (Vượt khi > {show(bounds.exceed_level)}{sign})"
    return text


def _change_text(target: Target, baseline: Fraction | None) -> str:
    sign = measured_sign(target)
    assert target.operator is not None and target.low is not None
    if baseline is None:
        if target.kind is Kind.RELATIVE:
            return f"{SYMBOLS[target.operator]} {show(target.low)}% × {BASELINE_CELL}"
        verb = "+" if target.direction == INCREASE else "−"
        operator = target.operator if target.direction == INCREASE else target.operator.mirrored()
        return f"{SYMBOLS[operator]} {BASELINE_CELL} {verb} {_change_amount(target, target.low)}"
    bounds = bounds_of(target, baseline)
    assert bounds is not None
    level = f"{SYMBOLS[bounds.operator]} {show(bounds.level)}{sign}"
    if target.kind is Kind.RELATIVE:
        return f"{level} ({show(target.low)}% × {show(baseline)})"
    verb = "+" if target.direction == INCREASE else "−"
    text = f"{level} ({show(baseline)}{sign} {verb} {_change_amount(target, target.low)})"
    if bounds.exceed_level is not None:
        beyond = ">" if bounds.operator.upward else "<"
        text += f"; Vượt khi {beyond} {show(bounds.exceed_level)}{sign}"
    return text


def baseline_level_text(target: Target, baseline: Fraction | None) -> str:
    """The level of a change or relative level computed from ``baseline`` (Kết quả kỳ trước as collect
    reads it: None when it is blank or rejected), as “Mức cần đạt” shows it live."""
    return _change_text(target, baseline)


def longest_live_text(target: Target) -> str:
    """About the longest text :func:`live_level` shows (for sizing its row): the level from a long baseline."""
    return _change_text(target, Fraction("99999.99"))


def needs_live_level(target: Target) -> bool:
    """Whether the level depends on what the unit types into Kết quả kỳ trước."""
    return target.needs_baseline and target.baseline is None


# -- the value shown ------------------------------------------------------------------------------

SHOWN_DECIMALS = 2
"""“Giá trị tính được” and the reports show the value compared with 2 decimals (97,04%)…"""
CLOSE_DECIMALS = 4
"""… or with 4 where 2 would put it onto or across a level (89,995 against ≥ 90 is shown 89,995, not
90): see :func:`shown_value`."""


def _side(bounds: Bounds, value: Fraction) -> Status:
    return judge_number(value, bounds)


def shown_value(target: Target, value: Fraction, baseline: Fraction | None = None) -> Fraction:
    """The value compared as it is shown to people (percent 0–100, ‰, a count or an amount).

    The rule, the same in the workbook's live “Giá trị tính được” (:mod:`xlqms.formulas`) and in
    ``xlqms verify``: rounded to :data:`SHOWN_DECIMALS` decimals, half away from zero; where that
    rounded number would meet, miss or exceed the target's levels (:func:`xlqms.targets.bounds_of`,
    with ``baseline`` for a change) otherwise than the value itself does, it is rounded to
    :data:`CLOSE_DECIMALS` decimals; and where even that would, it is cut at 4 decimals toward the
    value's own side of the level (90,00004 against > 90 is shown 90,0001). The verdict itself is
    always made on the unrounded value (domain README: ratios compared unrounded)."""
    bounds = bounds_of(target, baseline) if target.kind not in (Kind.QUALITATIVE, Kind.DEADLINE) else None
    first = rounded(value, SHOWN_DECIMALS)
    if bounds is None:
        return first
    side = _side(bounds, value)
    for candidate in (first, rounded(value, CLOSE_DECIMALS)):
        if _side(bounds, candidate) == side:
            return candidate
    step = Fraction(1, 10 ** CLOSE_DECIMALS)
    down = Fraction(math.floor(value / step)) * step
    return down if _side(bounds, down) == side else down + step


# -- the live level, as a formula ----------------------------------------------------------------

@dataclass(frozen=True)
class Linear:
    """A level ``constant + factor × baseline`` (exact), the form of every level bounds_of computes."""

    constant: Fraction
    factor: Fraction = Fraction(0)


def linear_levels(target: Target) -> tuple[Operator, Linear, Linear | None] | None:
    """The operator, level and Vượt level of ``target`` as linear functions of the baseline, or None
    when ``target`` has none (qualitative, deadline). Mirrors :func:`xlqms.targets.bounds_of`."""
    if target.kind in (Kind.CHANGE, Kind.RELATIVE) and target.baseline is None:
        assert target.operator is not None and target.low is not None
        if target.kind is Kind.RELATIVE:
            return target.operator, Linear(Fraction(0), target.low / 100), None
        sign = 1 if target.direction == INCREASE else -1
        operator = target.operator if sign > 0 else target.operator.mirrored()

        def shifted(amount: Fraction) -> Linear:
            if target.change_mode is ChangeMode.RELATIVE:
                return Linear(Fraction(0), 1 + sign * amount / 100)
            return Linear(sign * amount, Fraction(1))

        exceed = shifted(target.high) if target.high is not None and target.operator.upward else None
        return operator, shifted(target.low), exceed
    bounds = bounds_of(target)
    if bounds is None:
        return None
    exceed_level = Linear(bounds.exceed_level) if bounds.exceed_level is not None else None
    return bounds.operator, Linear(bounds.level), exceed_level


GROUPS = 11
"""Groups of three digits :func:`number_text` writes apart (up to 10³³)."""


def _places(magnitude: str, decimals: int) -> str:
    """A formula of :func:`shown_decimals` of the non-negative number ``magnitude``."""
    places = str(decimals)
    for digits in range(SIGNIFICANT_DIGITS - decimals + 1, 3 * GROUPS + 1):
        places = f"IF({magnitude}>=1E{digits - 1},{min(decimals, SIGNIFICANT_DIGITS - digits)},{places})"
    return places


def rounded_magnitude(cell: str, decimals: int = LEVEL_DECIMALS) -> str:
    """A formula of the magnitude of the number in ``cell`` rounded as :func:`show` rounds it:
    ``decimals`` places, fewer past :data:`SIGNIFICANT_DIGITS` digits (the input of :func:`number_text`)."""
    return f"ROUND(ABS({cell}),{_places(f'ABS({cell})', decimals)})"


def number_text(cell: str, magnitude: str, decimals: int = LEVEL_DECIMALS) -> str:
    """A formula writing the number in ``cell`` the Vietnamese way (``1.540,05``), as :func:`show` does,
    in any locale (integers only are turned into text); ``magnitude`` holds its
    :func:`rounded_magnitude`."""
    whole = f"INT({magnitude})"
    scale = 10 ** decimals
    # the decimals as a whole number of 1/10⁴, from the decimals shown only (binary noise beyond them)
    fraction = f"ROUND(ROUND({magnitude}-{whole},{_places(magnitude, decimals)})*{scale},0)"

    def group(power: int) -> str:       # digits power+2..power of the whole part (no MOD: Excel limits it)
        return f"RIGHT(\"00\"&(INT({whole}/1E{power})-1000*INT({whole}/1E{power + 3})),3)"

    grouped = f"({whole}&\"\")"
    for step in range(1, GROUPS):
        head = f"INT({whole}/1E{3 * step})&\"\""
        tail = "&".join(f"\".\"&{group(3 * index)}" for index in range(step - 1, -1, -1))
        grouped = f"IF({whole}>=1E{3 * step},{head}&{tail},{grouped})"
    zeros = "0"
    for count in range(1, decimals):
        zeros = f"IF(MOD({fraction},{10 ** count})=0,{count},{zeros})"
    digits = f"LEFT(RIGHT(\"{'0' * decimals}\"&{fraction},{decimals}),{decimals}-{zeros})"
    return f"IF(AND({cell}<0,{magnitude}>0),\"-\",\"\")&{grouped}&IF({fraction}=0,\"\",\",\"&{digits})"


def live_level(target: Target, cells: dict[str, str]) -> str:
    """The formula of “Mức cần đạt” for a level computed from Kết quả kỳ trước.

    ``cells`` names the helper cells: ``level`` (the level computed from Kết quả kỳ trước,
    :func:`linear_levels`; not a number when collect takes no baseline: blank, not a number,
    negative) and the :func:`number_text` of the baseline, the level and the Vượt level
    (``baseline text``, ``level text``, ``exceed text``: only for a target with a Vượt level).
    """
    sign = measured_sign(target)
    levels = linear_levels(target)
    assert levels is not None and target.low is not None
    operator = levels[0]
    quoted = _quote

    def written(name: str) -> str:
        return cells[f"{name} text"]

    shown = f"{quoted(SYMBOLS[operator] + ' ')}&{written('level')}&{quoted(sign)}"
    if target.kind is Kind.RELATIVE:
        detail = f"{quoted(' (' + show(target.low) + '% × ')}&{written('baseline')}&\")\""
    else:
        verb = "+" if target.direction == INCREASE else "−"
        detail = (f"\" (\"&{written('baseline')}&{quoted(sign + ' ' + verb + ' ' + _change_amount(target, target.low) + ')')}")
    text = f"{shown}&{detail}"
    if "exceed text" in cells:
        beyond = ">" if operator.upward else "<"
        text += f"&{quoted('; Vượt khi ' + beyond + ' ')}&{written('exceed')}&{quoted(sign)}"
    return f"IF(ISNUMBER({cells['level']}),{text},{quoted(_change_text(target, None))})"


def _quote(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'
