"""Verdicts: a target and a value in, a :class:`~xlqms.statuses.Status` out (TARGETS.md: Exceeded).

Vượt exists only beyond the far end of a range in the good direction, above a bare count or amount
(higher is better), and beyond the far end of a change range. Thresholds, bare percentages, zero
targets and single changes are met or not met. No baseline known for a change: ``no_data``, never a
guess. Exact fractions throughout (98,6 + 1 = 99,6), compared at :data:`COMPARISON_DECIMALS`
decimals. Pure.
"""

from __future__ import annotations

from fractions import Fraction

from xlqms.numbers import rounded, to_fraction
from xlqms.statuses import Status
from xlqms.targets.model import INCREASE, Better, Bounds, ChangeMode, Kind, Operator, Reading, Target
from xlqms.targets.values import measure, parse_value


def bounds_of(target: Target, baseline=None) -> Bounds | None:
    """The effective levels of a target; for a change or a relative level, computed from the
    baseline (the one in the target wins; None when neither is known)."""
    if target.kind in (Kind.CHANGE, Kind.RELATIVE):
        return _bounds(target, baseline)
    known = _FIXED_BOUNDS.get(id(target))
    if known is not None and known[0] is target:
        return known[1]
    bounds = _bounds(target, None)
    if len(_FIXED_BOUNDS) >= FIXED_BOUNDS_KEPT:
        _FIXED_BOUNDS.clear()
    _FIXED_BOUNDS[id(target)] = (target, bounds)
    return bounds


FIXED_BOUNDS_KEPT = 4096
_FIXED_BOUNDS: dict[int, tuple[Target, Bounds | None]] = {}
"""The bounds of targets that need no baseline, by the target's identity (the target is kept with
them, so its id cannot be reused while they are here): a round judges each of a campaign's targets
once per unit, tens of thousands of times."""


def _bounds(target: Target, baseline) -> Bounds | None:
    kind = target.kind
    if kind in (Kind.QUALITATIVE, Kind.DEADLINE):
        return None
    if kind is Kind.ZERO:
        return Bounds(Operator.LE, Fraction(0))
    operator, low = target.operator, target.low
    assert operator is not None and low is not None, f"a {kind.value} target has an operator and a level"
    if kind is Kind.RANGE:
        assert target.high is not None, "a range target has both ends"
        if target.better is Better.HIGHER:
            return Bounds(Operator.GE, low, target.high)
        return Bounds(Operator.LE, target.high, low)
    if kind in (Kind.CHANGE, Kind.RELATIVE):
        given = target.baseline if target.baseline is not None else baseline
        if given is None:
            return None
        base = to_fraction(given)
        if kind is Kind.RELATIVE:
            return Bounds(operator, base * low / 100)
        sign = 1 if target.direction == INCREASE else -1

        def shifted(amount: Fraction) -> Fraction:
            if target.change_mode is ChangeMode.RELATIVE:
                return base * (1 + sign * amount / 100)
            return base + sign * amount

        exceed = shifted(target.high) if target.high is not None and operator.upward else None
        return Bounds(operator if sign > 0 else operator.mirrored(), shifted(low), exceed)
    if target.exceedable:
        return Bounds(Operator.GE, low, low)
    return Bounds(operator, low, None)


def evaluate(target: Target, value, baseline=None, due: bool = True) -> Status:
    """The verdict for ``value``: a number (percent as 0–100), a :class:`Reading`, typed text
    ('95,7', '17/18', 'tăng 7,4%', 'Đạt') or Đạt as a bool. ``baseline`` is Kết quả kỳ trước."""
    if not due:
        return Status.NOT_DUE
    reading = None
    if isinstance(value, Reading):
        reading = value
    elif isinstance(value, str):
        reading = parse_value(value)
    if reading is not None:
        return judge_reading(target, reading, measure(target, reading), baseline)
    return _evaluate_value(target, value, None, baseline)


def judge_reading(target: Target, reading: Reading, measured, baseline=None) -> Status:
    """:func:`evaluate` of a due indicator's ``reading`` whose :func:`~xlqms.targets.values.measure`
    is ``measured`` (already computed by the caller: a round measures every reading it judges)."""
    if reading.change is not None and not (target.kind is not Kind.CHANGE and target.growth_rate):
        return judge_change(target, reading)
    return _evaluate_value(target, measured, reading, baseline)


def _evaluate_value(target: Target, value, reading: Reading | None, baseline) -> Status:
    if value is None:
        return Status.NO_DATA
    if isinstance(value, bool):
        if target.accepts_pass_fail:
            return Status.MET if value else Status.NOT_MET
        return Status.NO_DATA
    if target.kind in (Kind.QUALITATIVE, Kind.DEADLINE):
        return Status.NO_DATA
    number = to_fraction(value)
    if (target.kind is Kind.RELATIVE and reading is not None and reading.percent_sign
            and target.baseline is None and baseline is None):
        assert target.operator is not None and target.low is not None, "a relative target has an operator and a level"
        return _judge(number, Bounds(target.operator, target.low))   # the percent of the baseline, typed
    bounds = bounds_of(target, baseline)
    if bounds is None:
        return Status.NO_DATA
    return _judge(number, bounds)


def judge_change(target: Target, reading: Reading) -> Status:
    """An achieved change typed as the result ('tăng 7,4%', 'giảm 1,2 điểm %'), judged against the
    amount of a CHANGE target directly. Any other target, a reading that is no change ('95', 'Đạt',
    blank), or a change in other units (điểm % for a relative change, % for a count), gives no verdict."""
    if target.kind is not Kind.CHANGE or reading.change is None:
        return Status.NO_DATA
    mode = target.change_mode
    if reading.change_points and mode is not ChangeMode.POINTS:
        return Status.NO_DATA
    if (reading.percent_sign or reading.per_mille_sign) and mode is ChangeMode.ABSOLUTE:
        return Status.NO_DATA
    if reading.per_mille_sign != target.per_mille and (reading.percent_sign or reading.per_mille_sign):
        return Status.NO_DATA
    operator, low = target.operator, target.low
    assert operator is not None and low is not None, "a change target has an operator and an amount"
    amount = reading.change if target.direction == INCREASE else -reading.change
    exceed = target.high if target.high is not None and operator.upward else None
    return _judge(amount, Bounds(operator, low, exceed))


def judge_number(number: Fraction, bounds: Bounds) -> Status:
    """Met, not met or exceeded: ``number`` against effective ``bounds`` (:func:`bounds_of`)."""
    return _judge(number, bounds)


def _judge(number: Fraction, bounds: Bounds) -> Status:
    if not _compare(number, bounds.operator, bounds.level):
        return Status.NOT_MET
    if bounds.exceed_level is not None:
        beyond = Operator.GT if bounds.operator.upward else Operator.LT
        if _compare(number, beyond, bounds.exceed_level):
            return Status.EXCEEDED
    return Status.MET


COMPARISON_DECIMALS = 9
"""A value and a level are compared rounded to this many decimals (half away from zero), here and in
the workbook's live formulas (:mod:`xlqms.formulas`), whose numbers are binary floating point:
89,999999999999 typed against ≥ 90 is met on both sides, 89,9999 is not. A value and a level 10⁻⁹
or more apart are always told apart: a ratio of whole counts (1540/1587) against a level of at most
2 decimals is decided exactly for any denominator up to 10⁷."""


def _compare(value: Fraction, operator: Operator, level: Fraction) -> bool:
    value, level = rounded(value, COMPARISON_DECIMALS), rounded(level, COMPARISON_DECIMALS)
    if operator is Operator.GT:
        return value > level
    if operator is Operator.GE:
        return value >= level
    if operator is Operator.LT:
        return value < level
    return value <= level
