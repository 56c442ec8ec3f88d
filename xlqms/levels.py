"""The level a unit must reach, as its workbook shows it in “Mức cần đạt” (issue 13).

``> 90%``, ``từ 14% đến 15%``, ``≥ 18/18 (100%)``, ``≥ 99,6% (98,6% + 1 điểm)``. A change or
relative level whose baseline the unit types into Kết quả kỳ trước is shown live: :func:`live_level`
writes a formula that computes the level from that cell and writes it the Vietnamese way
(``1.540,5``) whatever the application's locale (only integers are turned into text, never a
decimal number). Levels come from :func:`xlqms.targets.bounds_of`, the verdict's own rule. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from xlqms.numbers import format_number
from xlqms.targets import INCREASE, Better, ChangeMode, Kind, Operator, Target, bounds_of

SYMBOLS = {Operator.GT: ">", Operator.GE: "≥", Operator.LT: "<", Operator.LE: "≤"}
LEVEL_DECIMALS = 4
BASELINE_CELL = "Kết quả kỳ trước"


def show(number: Fraction, decimals: int = LEVEL_DECIMALS) -> str:
    return format_number(number, decimals)


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


def longest_live_text(target: Target) -> str:
    """About the longest text :func:`live_level` shows (for sizing its row): the level from a long baseline."""
    return _change_text(target, Fraction("99999.99"))


def needs_live_level(target: Target) -> bool:
    """Whether the level depends on what the unit types into Kết quả kỳ trước."""
    return target.needs_baseline and target.baseline is None


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


def number_text(cell: str, decimals: int = LEVEL_DECIMALS) -> str:
    """A formula writing the number in ``cell`` the Vietnamese way (``1.540,05``), rounded to
    ``decimals`` with trailing zeros dropped, in any locale: integers only are turned into text."""
    scale = 10 ** decimals
    rounded = f"ROUND(ABS({cell})*{scale},0)"
    whole = f"INT({rounded}/{scale})"
    fraction = f"MOD({rounded},{scale})"

    def group(power: int) -> str:
        return f"RIGHT(\"00\"&MOD(INT({whole}/{10 ** power}),1000),3)"

    grouped = f"({whole}&\"\")"
    for step in (1, 2, 3):
        head = f"INT({whole}/{10 ** (3 * step)})&\"\""
        tail = "&".join(f"\".\"&{group(3 * index)}" for index in range(step - 1, -1, -1))
        grouped = f"IF({whole}>={10 ** (3 * step)},{head}&{tail},{grouped})"
    zeros = "0"
    for count in range(1, decimals):
        zeros = f"IF(MOD({fraction},{10 ** count})=0,{count},{zeros})"
    digits = f"LEFT(RIGHT(\"{'0' * decimals}\"&{fraction},{decimals}),{decimals}-{zeros})"
    return f"IF({cell}<0,\"-\",\"\")&{grouped}&IF({fraction}=0,\"\",\",\"&{digits})"


def live_level(target: Target, baseline: str, level: str, exceed: str | None) -> str:
    """The formula of “Mức cần đạt” for a level computed from Kết quả kỳ trước.

    ``baseline`` is a cell holding the baseline read as collect reads it (a number, or not a number
    when none was typed); ``level`` and ``exceed`` cells hold the level and the Vượt level computed
    from it (:func:`linear_levels`).
    """
    sign = measured_sign(target)
    levels = linear_levels(target)
    assert levels is not None and target.low is not None
    operator = levels[0]
    quoted = _quote
    shown = f"{quoted(SYMBOLS[operator] + ' ')}&{number_text(level)}&{quoted(sign)}"
    if target.kind is Kind.RELATIVE:
        detail = f"{quoted(' (' + show(target.low) + '% × ')}&{number_text(baseline)}&\")\""
    else:
        verb = "+" if target.direction == INCREASE else "−"
        detail = (f"\" (\"&{number_text(baseline)}&{quoted(sign + ' ' + verb + ' ' + _change_amount(target, target.low) + ')')}")
    text = f"{shown}&{detail}"
    if exceed is not None:
        beyond = ">" if operator.upward else "<"
        text += f"&{quoted('; Vượt khi ' + beyond + ' ')}&{number_text(exceed)}&{quoted(sign)}"
    return f"IF(ISNUMBER({baseline}),{text},{quoted(_change_text(target, None))})"


def _quote(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'
