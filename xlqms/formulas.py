"""The live verdict of a Kết quả row as an Excel formula, agreeing with :func:`xlqms.targets.evaluate`.

``verdict_formula(target, RowCells(numerator="E9", denominator="F9", value="G9", baseline="H9"))``
returns a formula (text starting with ``=``) that shows Vượt / Đạt / Không đạt / Thiếu số liệu as
the unit types. It follows :func:`xlqms.targets.measure` and :func:`xlqms.targets.bounds_of`:

- Tử số and Mẫu số both numbers, Mẫu số not 0: the ratio is used (100·N/D for a percent or ratio
  target, the numerator as a count otherwise); else the Kết quả number (for an ``N/M`` target a
  count out of M, i.e. 100·V/M); else Thiếu số liệu — blank is not zero;
- a change target takes its baseline from the text, or from Kết quả kỳ trước (none: Thiếu số liệu);
- a qualitative target reads Đạt / Không đạt (the words :data:`xlqms.targets.PASSED_WORDS` knows);
- both sides of every comparison are rounded to 9 decimals, so that 98,6 + 1 equals 99,6 as it does
  in xlqms's exact arithmetic (values closer than 1e-9 to a level are the only disagreement).

Only IF, AND, OR, ISNUMBER, ROUND and TRIM are used: Excel, LibreOffice and WPS all know them.
Pure computation: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from xlqms.statuses import Status
from xlqms.targets import INCREASE, PASSED_WORDS, ChangeMode, Kind, Operator, Target, bounds_of

DIGITS = 9
"""Decimals both sides of a comparison are rounded to."""

_OPERATORS = {Operator.GT: ">", Operator.GE: ">=", Operator.LT: "<", Operator.LE: "<="}


@dataclass(frozen=True)
class RowCells:
    """A1 references of one Kết quả row's input cells."""

    numerator: str
    denominator: str
    value: str
    baseline: str


def verdict_formula(target: Target, cells: RowCells, due: bool = True) -> str:
    """The Excel formula (with its leading ``=``) showing the verdict of one row."""
    return "=" + verdict_expression(target, cells, due)


def verdict_expression(target: Target, cells: RowCells, due: bool = True) -> str:
    """:func:`verdict_formula` without the leading ``=``."""
    if not due:
        return _text(Status.NOT_DUE.label)
    no_data = _text(Status.NO_DATA.label)
    n, d, v = cells.numerator, cells.denominator, cells.value
    if target.kind in (Kind.QUALITATIVE, Kind.DEADLINE):
        # A filled ratio takes precedence over the Kết quả cell (Entry.reading), and a ratio
        # does not judge a qualitative target.
        return f"IF(AND(ISNUMBER({n}),ISNUMBER({d})),IF({d}<>0,{no_data},{_qualitative(v)}),{_qualitative(v)})"
    scale = target.ratio_scale
    from_ratio = f"{scale}*{n}/{d}" if scale != 1 else n
    if target.kind is Kind.RATIO:
        assert target.ratio is not None   # a ratio target has its N/M
        from_value = f"100*{v}/{target.ratio[1]}"
    else:
        from_value = v
    judged_ratio = _judge(target, from_ratio, cells)
    judged_value = _judge(target, from_value, cells)
    # text in Kết quả: Đạt / Không đạt for a zero target; anything else (e.g. an achieved change
    # 'tăng 7,4%', judged by xlqms when collected) shows no verdict here rather than a wrong one.
    other = _qualitative(v) if target.accepts_pass_fail else no_data
    expression = (
        f"IF(AND(ISNUMBER({n}),ISNUMBER({d})),IF({d}<>0,{judged_ratio},"
        f"IF(ISNUMBER({v}),{judged_value},{other})),"
        f"IF(ISNUMBER({v}),{judged_value},{other}))"
    )
    if target.needs_baseline and target.baseline is None:
        expression = f"IF(ISNUMBER({cells.baseline}),{expression},{no_data})"
    return expression


def _judge(target: Target, value: str, cells: RowCells) -> str:
    """Vượt / Đạt / Không đạt of a number expression, given the target's bounds."""
    operator, level, exceed = _bounds(target, cells.baseline)
    rounded = f"ROUND({value},{DIGITS})"
    met = f"{rounded}{_OPERATORS[operator]}ROUND({level},{DIGITS})"
    verdict_met = _text(Status.MET.label)
    if exceed is not None:
        beyond = ">" if operator in (Operator.GE, Operator.GT) else "<"
        verdict_met = (f"IF({rounded}{beyond}ROUND({exceed},{DIGITS}),"
                       f"{_text(Status.EXCEEDED.label)},{_text(Status.MET.label)})")
    return f"IF({met},{verdict_met},{_text(Status.NOT_MET.label)})"


def _bounds(target: Target, baseline_cell: str) -> tuple[Operator, str, str | None]:
    """The formula counterpart of :func:`xlqms.targets.bounds_of`: operator, level, exceed level."""
    if target.kind in (Kind.CHANGE, Kind.RELATIVE):
        given, low = target.operator, target.low
        assert given is not None and low is not None     # a change or relative target always has both
        base = _number(target.baseline) if target.baseline is not None else baseline_cell
        if target.kind is Kind.RELATIVE:
            return given, f"{base}*{_number(low)}/100", None
        sign = "+" if target.direction == INCREASE else "-"
        operator = given if target.direction == INCREASE else given.mirrored()

        def shifted(amount: Fraction) -> str:
            if target.change_mode is ChangeMode.RELATIVE:
                return f"{base}*(1{sign}{_number(amount)}/100)"
            return f"({base}{sign}{_number(amount)})"

        exceed = shifted(target.high) if target.high is not None and given.upward else None
        return operator, shifted(low), exceed
    if target.kind is Kind.RATIO:
        assert target.ratio is not None and target.operator is not None    # "N/M …" gives both
        numerator, denominator = target.ratio
        return target.operator, f"100*{numerator}/{denominator}", None
    bounds = bounds_of(target)
    assert bounds is not None                         # a quantitative target (the callers' condition)
    exceed = _number(bounds.exceed_level) if bounds.exceed_level is not None else None
    return bounds.operator, _number(bounds.level), exceed


def _qualitative(value_cell: str) -> str:
    passed = [word for word, verdict in PASSED_WORDS.items() if verdict]
    failed = [word for word, verdict in PASSED_WORDS.items() if not verdict]

    def any_of(words) -> str:
        tests = ",".join(f"TRIM({value_cell})={_text(word)}" for word in words)
        return f"OR({tests})"

    # Excel and LibreOffice compare text ignoring case; TRIM collapses inner spaces like header_key.
    return (f"IF({any_of(passed)},{_text(Status.MET.label)},"
            f"IF({any_of(failed)},{_text(Status.NOT_MET.label)},{_text(Status.NO_DATA.label)}))")


def _number(value: Fraction) -> str:
    """An exact formula literal of a Fraction: '98.6' or '(1/3)'."""
    value = Fraction(value)
    denominator = value.denominator
    while denominator % 2 == 0:
        denominator //= 2
    while denominator % 5 == 0:
        denominator //= 5
    if denominator != 1:
        return f"({value.numerator}/{value.denominator})"
    if value.denominator == 1:
        return str(value.numerator)
    digits = 0
    scaled = value
    while scaled.denominator != 1:
        scaled *= 10
        digits += 1
    sign = "-" if scaled < 0 else ""
    text = str(abs(scaled.numerator)).rjust(digits + 1, "0")
    return f"{sign}{text[:-digits]}.{text[-digits:]}"


def _text(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'
