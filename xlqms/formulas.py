"""The live verdict of a Kết quả row, as spreadsheet formulas that judge the way ``xlqms collect`` does.

``row_formulas(target, RowCells("G12", "H12", "I12", "J12"), helper_ref, general="$P$10")`` gives
the formulas of one row: its hidden helper cells (:data:`HELPERS`, one step each: the workbook
generator puts them in hidden columns and ``helper_ref(name)`` says where), the verdict, the value
compared (“Giá trị tính được”: 97,04) and the level needed (“Mức cần đạt”). One source of truth:

- the inputs are read as :func:`xlqms.targets.read_typed` reads them (:mod:`xlqms.formula_values`:
  text numbers ``85,3``, ``1.540``, ``96,5 %``; the % key through the cell's format; Đạt / Không đạt
  in any case and Unicode form; ``1540/1587``; an achieved change ``tăng 7,4%``);
- each row is checked by the rules of :mod:`xlqms.entry_rules`, in collect's order: where collect
  records an error, the verdict column shows that error (``Lỗi: Tử số lớn hơn Mẫu số``), never a
  verdict; where it only warns (a percent typed with the % key, 0/0), the verdict is the one it records;
- the verdict follows :func:`xlqms.targets.evaluate`: ratios compared unrounded by multiplication
  (``ROUND(19*100*N-1550*D,9)>=0`` for ``31/38``: exact for whole numbers, and within 10⁻⁹ for typed
  decimals, where collect reads the decimal a cell shows), levels from :func:`xlqms.levels.linear_levels`.

Pure computation: no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from xlqms import entry_rules, layout
from xlqms import formula_values as fv
from xlqms.codes import Code
from xlqms.levels import (
    CLOSE_DECIMALS,
    SHOWN_DECIMALS,
    Linear,
    level_text,
    linear_levels,
    live_level,
    needs_live_level,
    number_text,
    rounded_magnitude,
)
from xlqms.statuses import Status
from xlqms.targets import INCREASE, ChangeMode, Kind, Operator, Target
from xlqms.targets.values import out_of_scale_minimum
from xlqms.targets.verdict import COMPARISON_DECIMALS

DIGITS = COMPARISON_DECIMALS
"""A value and a level are compared rounded to this many decimals, as collect compares them
(:data:`xlqms.targets.verdict.COMPARISON_DECIMALS`)."""

_INPUT_STEPS = ("s", "a", "t", "fb", "f", "g", "e", "c", "m", "x", "v", "k")
_VALUE_STEPS = ("s", "a", "t", "fb", "f", "g", "e", "u", "w", "m", "c", "cm", "x", "p", "tl", "cs", "ce", "ca", "cf",
                "sl", "rn", "rd", "k", "v", "pf")
_ROW_STEPS = ("rn", "rd", "q", "e", "cb", "lv", "lx", "bm", "lm", "xm", "bt", "lt", "xt", "x", "f", "ef")
HELPERS = (*(f"{cell}.{step}" for cell in "ndb" for step in _INPUT_STEPS),
           *(f"v.{step}" for step in _VALUE_STEPS), *(f"r.{step}" for step in _ROW_STEPS))
"""The helper cells of a row, in column order: ``n.*``, ``d.*``, ``b.*`` read Tử số, Mẫu số and
Kết quả kỳ trước; ``v.*`` reads Kết quả; ``r.*`` is the row (its ratio, reading, error, level, the
value compared ``r.x``, counts).
``r.f`` is 1 for a due row with something typed, ``r.ef`` 1 for a row with an error."""

FILLED, ERRORS = "r.f", "r.ef"
CARRIED = "r.cb"
"""The helper cell holding a baseline carried from the previous round (a number the generator writes)."""

# What a cell holds, as the helper ``*.k`` says (collect's reading of it, xlqms.typed_cell.parse_cell):
BLANK, NUMBER, DATE, PASSED, FAILED, TEXT_NUMBER, CHANGE, RATIO, ERROR_VALUE, TEXT, LEGACY, FORMULA, AMBIGUOUS = range(13)
"""blank; a number; a date (collect: date-in-value); Đạt / Không đạt (TRUE / FALSE too); a number
typed as text; an achieved change; a ratio typed; an error value (#DIV/0!); other text; text that
looks typed in TCVN3 / VNI (collect converts it first: where the converted words could judge the
row — Đạt for a zero or qualitative target, “tăng …” for a change — the sheet leaves the verdict to
collection; elsewhere letters are never a number and the sheet shows the error); a formula typed as text that
is no plain number (:data:`xlqms.entry_rules.FORMULA_AS_TEXT`); ``1,540`` where collect records
``ambiguous-number`` (a count, Tử số, Mẫu số: not a percent column)."""

LATER = "Sẽ đánh giá khi tổng hợp"
"""What the verdict column shows when only collection can judge the row (text in TCVN3 / VNI)."""
_SYMBOLS = {Operator.GT: ">", Operator.GE: ">=", Operator.LT: "<", Operator.LE: "<="}


@dataclass(frozen=True)
class RowCells:
    """A1 references of one Kết quả row's input cells."""

    numerator: str
    denominator: str
    value: str
    baseline: str


@dataclass(frozen=True)
class RowFormulas:
    """What one row holds: helper formulas by name (each with its ``=``), the verdict formula, the
    formula of the value compared, and the level needed (text, or a formula when computed live)."""

    helpers: dict[str, str]
    verdict: str
    value: str
    level: str


def number_literal(value: Fraction) -> str:
    """An exact formula literal of a Fraction: '98.6', '1100', or '(1/3)'."""
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


def row_formulas(target: Target, cells: RowCells, helper_ref: Callable[[str], str], general: str,
                 due: bool = True, shown_ref: Callable[[str], str] | None = None,
                 carried: bool = False) -> RowFormulas:
    """The formulas of one Kết quả row judging ``target`` (see the module docstring).

    ``helper_ref(name)`` is the cell of helper ``name`` on this row as the helpers refer to each
    other, ``shown_ref(name)`` as the verdict, value and level cells refer to it (the helpers may
    sit on another sheet: ``'_tinh'!B12``; default ``helper_ref``). ``cells`` are the input cells as
    the helpers refer to them; ``general`` a cell with the General number format (the date test of
    :func:`xlqms.formula_values.date_format`). ``due`` False: the row is checked, then shows Chưa đánh giá.
    ``carried``: Kết quả kỳ trước holds a baseline carried from the previous round (locked), whose
    number the generator also writes into helper ``r.cb`` (a value, not a formula): the verdict and
    the level use that number whatever the input cell holds, as the export does (the cell itself is
    still checked as collect checks it).
    """
    row = _Row(target, cells, helper_ref, general, due, carried)
    shown = _Row(target, cells, shown_ref or helper_ref, general, due, carried)
    helpers = {name: "=" + formula for name, formula in row.steps().items()}
    if needs_live_level(target) and target.is_quantitative:
        live = {"level": shown.ref("r.lv"), "baseline text": shown.ref("r.bt"), "level text": shown.ref("r.lt")}
        if "r.lx" in helpers:
            live["exceed text"] = shown.ref("r.xt")
        level = "=" + live_level(target, live)
    else:
        level = level_text(target)
    return RowFormulas(helpers, "=" + shown.verdict(), "=" + shown.shown_value(), level)


class _Row:
    def __init__(self, target: Target, cells: RowCells, helper_ref: Callable[[str], str], general: str, due: bool,
                 carried: bool = False):
        self.target = target
        self.carried = carried
        self.cells = cells
        self.ref = helper_ref
        self.general = general
        self.due = due
        self.quantitative = target.is_quantitative
        self.growth = target.kind is not Kind.CHANGE and target.growth_rate

    # -- helpers --------------------------------------------------------------------------------
    def steps(self) -> dict[str, str]:
        """Every helper's formula (without its ``=``), by name."""
        steps: dict[str, str] = {}
        for prefix, cell in (("n", self.cells.numerator), ("d", self.cells.denominator), ("b", self.cells.baseline)):
            steps.update(self._input_steps(prefix, cell))
        steps.update(self._value_steps())
        steps.update(self._row_steps())
        return steps

    def _cell_kind(self, cell: str) -> str:
        """The kinds collect sets aside before any check (xlqms.validate): an error value, a date (a
        number shown as a date is read as that number, :func:`xlqms.formula_values.shown_as_date`)."""
        date = f"IF({fv.shown_as_date(cell)},{NUMBER},{DATE})"
        return (f"IF(ISERROR({cell}),{ERROR_VALUE},IF(ISLOGICAL({cell}),{{logical}},IF(ISNUMBER({cell}),"
                f"IF({fv.date_format(cell, self.general)},{date},{NUMBER}),{{text}})))")

    def _text_steps(self, prefix: str, cell: str, t_source: str = "a") -> dict[str, str]:
        """The steps every input cell's text goes through: spaces (``s``), the apostrophe that only marks
        text (``a``), glyphs (``t``), a formula typed as text (``fb``, ``f``), English grouping (``g``, ``e``)."""
        h = {step: self.ref(f"{prefix}.{step}") for step in ("s", "a", "t", "fb", "g")}
        return {
            f"{prefix}.s": fv.spaced(cell),
            f"{prefix}.a": fv.unmarked(h["s"]),
            f"{prefix}.t": fv.cleaned(h["a"]),
            f"{prefix}.fb": fv.formula_body(h["a"]),
            f"{prefix}.f": fv.formula_number(h["a"], h["fb"]),
            f"{prefix}.g": fv.english_mask(h["a"]),
            f"{prefix}.e": fv.english_number(h["g"], h["t"]),
        }

    def _text_kind(self, prefix: str, decimal_comma: bool, otherwise: str) -> str:
        """The kind of a text cell before its other readings (``otherwise``): a formula typed as text
        (a plain number or :data:`FORMULA`), English grouping (a number, or :data:`AMBIGUOUS` outside a
        percent column: ``decimal_comma`` False), as collect reads them in this order."""
        h = {step: self.ref(f"{prefix}.{step}") for step in ("a", "f", "e")}
        english = f"IF(ISNUMBER({h['e']}),{TEXT_NUMBER},{otherwise})"
        if not decimal_comma:
            english = f"IF({h['e']}={fv.text(fv.AMBIGUOUS)},{AMBIGUOUS},{english})"
        return f"IF(LEFT({h['a']},1)=\"=\",IF(ISNUMBER({h['f']}),{TEXT_NUMBER},{FORMULA}),{english})"

    def _text_number(self, prefix: str, t: str, x: str) -> str:
        """The number of a :data:`TEXT_NUMBER` cell: a formula's, an English grouping's, or the text's."""
        f, e = self.ref(f"{prefix}.f"), self.ref(f"{prefix}.e")
        return f"IF(ISNUMBER({f}),{f},IF(ISNUMBER({e}),{e},{fv.signed(t, x)}))"

    def _input_steps(self, prefix: str, cell: str) -> dict[str, str]:
        h = {step: self.ref(f"{prefix}.{step}") for step in _INPUT_STEPS}
        decimal_comma = prefix == "b" and self.target.measures_percent     # collect: 1,540 is 1,54 there
        text = self._text_kind(prefix, decimal_comma, f"IF(ISNUMBER({h['x']}),{TEXT_NUMBER},{TEXT})")
        kind = self._cell_kind(cell).format(logical=PASSED, text=f"IF({h['t']}=\"\",{BLANK},{text})")
        shown = f"IF({fv.percent_format(cell)},{cell}*100,{cell})"    # as the cell shows it (collect: ×100)
        return {
            **self._text_steps(prefix, cell),
            f"{prefix}.c": fv.number_core(h["t"]),
            f"{prefix}.m": fv.mask(h["c"]),
            f"{prefix}.x": fv.number_value(h["c"], h["m"]),
            f"{prefix}.v": (f"IF({h['k']}={NUMBER},{shown},IF({h['k']}={TEXT_NUMBER},"
                            f"{self._text_number(prefix, h['t'], h['x'])},\"\"))"),
            f"{prefix}.k": kind,
        }

    def _value_steps(self) -> dict[str, str]:
        v = self.cells.value
        h = {step: self.ref(f"v.{step}") for step in _VALUE_STEPS}
        keyed = fv.percent_format(v)
        words = (f"IF({fv.passed(h['w'], True)},{PASSED},IF({fv.passed(h['w'], False)},{FAILED},"
                f"IF(ISNUMBER({h['ca']}),{CHANGE},IF(AND(ISNUMBER({h['rn']}),ISNUMBER({h['rd']})),{RATIO},"
                 f"IF(ISNUMBER({h['x']}),{TEXT_NUMBER},IF({fv.legacy_text(h['t'])},{LEGACY},{TEXT}))))))")
        if self.quantitative:       # collect reads English grouping for a figure only (not Đạt / Không đạt)
            words = self._text_kind("v", self.target.measures_percent, words)
        else:
            words = f"IF(LEFT({h['a']},1)=\"=\",IF(ISNUMBER({h['f']}),{TEXT_NUMBER},{FORMULA}),{words})"
        text = f"IF({h['u']}=\"\",{BLANK},{words})"
        kind = self._cell_kind(v).format(logical=f"IF({v},{PASSED},{FAILED})", text=text)
        return {
            **self._text_steps("v", v),
            "v.u": fv.composed(h["t"]),
            "v.w": fv.word_form(h["u"]),
            "v.m": fv.mask(h["u"]),
            "v.c": fv.number_core(h["u"]),
            "v.cm": fv.mask(h["c"]),
            "v.x": fv.number_value(h["c"], h["cm"]),
            "v.p": fv.percent_sign(h["u"]),
            "v.tl": fv.change_tail(h["u"]),
            "v.cs": fv.change_start(h["u"]),
            "v.ce": fv.change_end(h["u"], h["tl"]),
            "v.ca": fv.change_amount(h["u"], h["m"], h["cs"], h["ce"]),
            "v.cf": fv.change_flags(h["u"], h["tl"], h["ce"]),
            "v.sl": fv.slash(h["u"]),
            "v.rn": fv.ratio_part(h["u"], h["m"], h["sl"], top=True),
            "v.rd": fv.ratio_part(h["u"], h["m"], h["sl"], top=False),
            "v.k": kind,
            "v.v": (f"IF({h['k']}={NUMBER},IF({keyed},{v}*100,{v}),"
                    f"IF({h['k']}={TEXT_NUMBER},{self._text_number('v', h['u'], h['x'])},\"\"))"),
            "v.pf": f"IF({h['k']}={NUMBER},({keyed})*1,IF({h['k']}={TEXT_NUMBER},{h['p']},0))",
        }

    def _row_steps(self) -> dict[str, str]:
        steps = {"r.e": self._error(), "r.ef": f"IF({self.ref('r.e')}<>\"\",1,0)"}
        if not self.due:
            steps["r.f"] = "0"
        elif self.quantitative:
            steps["r.f"] = f"IF(OR({self.ref('n.k')}<>0,{self.ref('d.k')}<>0,{self.ref('v.k')}<>0),1,0)"
        else:
            steps["r.f"] = f"IF({self.ref('v.k')}<>0,1,0)"
        if not self.quantitative:
            return steps
        present = {prefix: self._present(prefix) for prefix in "nd"}   # collect: not None
        typed = f"AND(NOT({present['n']}),NOT({present['d']}),{self.ref('v.k')}={RATIO})"
        steps["r.rn"] = f"IF({present['n']},{self.ref('n.v')},IF({typed},{self.ref('v.rn')},\"\"))"
        steps["r.rd"] = f"IF({present['d']},{self.ref('d.v')},IF({typed},{self.ref('v.rd')},\"\"))"
        steps["r.q"] = self._reading()
        levels = linear_levels(self.target)
        if needs_live_level(self.target) and levels is not None:
            base = self._baseline()
            _, level, exceed = levels
            known = self._baseline_known()
            steps["r.lv"] = f"IF({known},{self._linear_value(level, base)},\"\")"
            numbers = {"b": base, "l": self.ref("r.lv")}
            if exceed is not None:
                steps["r.lx"] = f"IF({known},{self._linear_value(exceed, base)},\"\")"
                numbers["x"] = self.ref("r.lx")
            for key, number in numbers.items():     # the numbers the live level writes, as text
                magnitude = self.ref(f"r.{key}m")
                steps[f"r.{key}m"] = f"IF({known},{rounded_magnitude(number)},\"\")"
                steps[f"r.{key}t"] = f"IF({known},{number_text(number, magnitude)},\"\")"
        steps["r.x"] = self._value_compared()
        return steps

    def _baseline(self) -> str:
        """The baseline the verdict uses: the carried one, or Kết quả kỳ trước as collect reads it."""
        return self.ref(CARRIED) if self.carried else self.ref("b.v")

    def _baseline_known(self) -> str:
        """Whether there is a baseline collect takes: carried, or typed (a number, not negative)."""
        if self.carried:
            return "TRUE"
        base = self.ref("b.v")
        return f"IF(ISNUMBER({base}),{base}>=0,FALSE)"

    def _present(self, prefix: str) -> str:
        """Whether an input holds a usable number (collect: not None): typed, and not negative."""
        kind, value = self.ref(f"{prefix}.k"), self.ref(f"{prefix}.v")
        return f"IF(OR({kind}={NUMBER},{kind}={TEXT_NUMBER}),{value}>=0,FALSE)"

    def _value_present(self) -> str:
        """Whether Kết quả holds a number collect uses as the value (a growth rate may be typed as a change)."""
        kind, value = self.ref("v.k"), self.ref("v.v")
        other = f"{kind}={CHANGE}" if self.growth else "FALSE"
        return f"IF(OR({kind}={NUMBER},{kind}={TEXT_NUMBER}),{value}>=0,{other})"

    def _ratio_usable(self) -> str:
        n, d = self.ref("r.rn"), self.ref("r.rd")
        return f"IF(AND(ISNUMBER({n}),ISNUMBER({d})),{d}<>0,FALSE)"

    def _reading(self) -> str:
        """What the row is judged on, as collect's Entry.reading: r (ratio), c (achieved change),
        p (Đạt / Không đạt of a zero target), v (the Kết quả number), or nothing."""
        kind = self.ref("v.k")
        expression = f"IF({self._value_present()},\"v\",\"\")"
        if self.target.kind is Kind.ZERO:
            expression = f"IF(OR({kind}={PASSED},{kind}={FAILED}),\"p\",{expression})"
        if self.target.kind is Kind.CHANGE:
            expression = f"IF({kind}={CHANGE},\"c\",{expression})"
        return f"IF({self._ratio_usable()},\"r\",{expression})"

    # -- errors ---------------------------------------------------------------------------------
    def _error(self) -> str:
        """The text of the first error collect records for the row, in its order; "" when none.

        First the cell kinds collect sets aside in every input cell (Tử số, Mẫu số, Kết quả, Kết quả
        kỳ trước: an error value, a date), then each cell's value, then the row (entry_rules.CHECK_ORDER).
        """
        checks: list[tuple[str, str]] = []
        kind = self.ref("v.k")
        for prefix, header in (("n", layout.RESULT_NUMERATOR), ("d", layout.RESULT_DENOMINATOR),
                               ("v", layout.RESULT_VALUE), ("b", layout.RESULT_BASELINE)):
            cell_kind = self.ref(f"{prefix}.k")
            checks.append((f"{cell_kind}={ERROR_VALUE}", entry_rules.error_text(Code.ERROR_VALUE, header)))
            checks.append((f"{cell_kind}={DATE}", entry_rules.error_text(Code.DATE_IN_VALUE, header)))
        if not self.quantitative:
            checks.append((f"{kind}={FORMULA}", entry_rules.formula_text_error(layout.RESULT_VALUE)))
            checks.append((_any_kind(kind, (NUMBER, TEXT_NUMBER, RATIO)),
                           entry_rules.error_text(Code.NUMERIC_FOR_QUALITATIVE)))
            checks.append((f"{kind}={TEXT}", entry_rules.error_text(Code.QUALITATIVE_VALUE_INVALID)))
            return _first(checks)
        for prefix, header in (("n", layout.RESULT_NUMERATOR), ("d", layout.RESULT_DENOMINATOR),
                               ("b", layout.RESULT_BASELINE)):
            input_kind, value = self.ref(f"{prefix}.k"), self.ref(f"{prefix}.v")
            checks.append((f"{input_kind}={AMBIGUOUS}", entry_rules.error_text(Code.AMBIGUOUS_NUMBER, header)))
            checks.append((f"{input_kind}={FORMULA}", entry_rules.formula_text_error(header)))
            checks.append((_any_kind(input_kind, (PASSED, TEXT, LEGACY)),
                           entry_rules.error_text(Code.NOT_A_NUMBER, header)))
            checks.append((f"IF(OR({input_kind}={NUMBER},{input_kind}={TEXT_NUMBER}),{value}<0,FALSE)",
                           entry_rules.error_text(Code.NEGATIVE_VALUE, header)))
        value_header = layout.RESULT_VALUE
        not_a_number = [TEXT] + ([] if self.target.kind is Kind.ZERO else [PASSED, FAILED])
        if self.target.kind not in (Kind.ZERO, Kind.CHANGE) and not self.growth:
            not_a_number.append(LEGACY)   # converted, letters are never a number here: an error either way
        checks.append((f"{kind}={AMBIGUOUS}", entry_rules.error_text(Code.AMBIGUOUS_NUMBER, value_header)))
        checks.append((f"{kind}={FORMULA}", entry_rules.formula_text_error(value_header)))
        checks.append((_any_kind(kind, not_a_number), entry_rules.error_text(Code.NOT_A_NUMBER, value_header)))
        if self.target.kind is not Kind.CHANGE and not self.growth:
            checks.append((f"{kind}={CHANGE}", entry_rules.error_text(Code.CHANGE_FOR_LEVEL)))
        checks.append((f"IF({kind}={RATIO},{self.ref('v.rd')}=0,FALSE)",
                       entry_rules.error_text(Code.NOT_A_NUMBER, value_header)))
        checks.append((f"IF(OR({kind}={NUMBER},{kind}={TEXT_NUMBER}),{self.ref('v.v')}<0,FALSE)",
                       entry_rules.error_text(Code.NEGATIVE_VALUE, value_header)))
        n, d = self.ref("r.rn"), self.ref("r.rd")
        both = f"AND(ISNUMBER({n}),ISNUMBER({d}))"
        checks.append((f"AND(ISNUMBER({n})<>ISNUMBER({d}),NOT({self._value_present()}),{kind}<>{LEGACY})",
                       entry_rules.error_text(Code.INCOMPLETE_RATIO)))
        checks.append((f"IF({both},AND({d}=0,{n}<>0),FALSE)", entry_rules.error_text(Code.ZERO_DENOMINATOR)))
        if entry_rules.numerator_bounded(self.target):
            checks.append((f"IF({both},AND({d}<>0,{n}>{d}),FALSE)",
                           entry_rules.error_text(Code.NUMERATOR_EXCEEDS_DENOMINATOR)))
        if self.target.measures_percent:
            maximum = number_literal(entry_rules.RATE_MAXIMUM)
            over = f"{self._value_number()}>{maximum}"
            if self.target.kind is Kind.RATIO:
                assert self.target.ratio is not None
                over = (f"IF({self.ref('v.pf')}=1,{self.ref('v.v')}>{maximum},"
                        f"100*{self.ref('v.v')}>{maximum}*{self.target.ratio[1]})")
            checks.append((f"IF({self.ref('r.q')}=\"v\",{over},FALSE)", entry_rules.error_text(Code.PERCENT_OVER_100)))
        minimum = out_of_scale_minimum(self.target)
        if minimum is not None:
            checks.append((f"IF({self.ref('r.q')}=\"v\",{self.ref('v.v')}>={number_literal(minimum)},FALSE)",
                           entry_rules.error_text(Code.VALUE_OUT_OF_SCALE)))
        return _first(checks)

    def _value_number(self) -> str:
        """The number typed in Kết quả as collect takes it (a growth rate typed as a change: its amount)."""
        if self.growth:
            return f"IF({self.ref('v.k')}={CHANGE},{self.ref('v.ca')},{self.ref('v.v')})"
        return self.ref("v.v")

    # -- the verdict ----------------------------------------------------------------------------
    def verdict(self) -> str:
        """The verdict column: collect's first error, or what only collection can judge, or the verdict."""
        judged = self._judged() if self.due else _text(Status.NOT_DUE.label)
        later = f"IF({self.ref('v.k')}={LEGACY},{_text(LATER)},{judged})"
        return f"IF({self.ref('r.e')}<>\"\",{self.ref('r.e')},{later})"

    def _judged(self) -> str:
        no_data = _text(Status.NO_DATA.label)
        kind = self.ref("v.k")
        if not self.quantitative:
            return (f"IF({kind}={PASSED},{_text(Status.MET.label)},IF({kind}={FAILED},{_text(Status.NOT_MET.label)},"
                    f"{no_data}))")
        reading = self.ref("r.q")
        expression = f"IF({reading}=\"v\",{self._judge_value()},{no_data})"
        if self.target.kind is Kind.ZERO:
            expression = (f"IF({reading}=\"p\",IF({kind}={PASSED},{_text(Status.MET.label)},{_text(Status.NOT_MET.label)}),"
                          f"{expression})")
        if self.target.kind is Kind.CHANGE:
            expression = f"IF({reading}=\"c\",{self._judge_change()},{expression})"
        return f"IF({reading}=\"r\",{self._judge_ratio()},{expression})"

    def _judge_ratio(self) -> str:
        scale = self.target.ratio_scale
        n, d = self.ref("r.rn"), self.ref("r.rd")
        if scale == 1:
            return self._judge_levels(n, "1")
        return self._judge_levels(f"{scale}*{n}", d)

    def _judge_value(self) -> str:
        target = self.target
        value = self._value_number()
        if target.kind is Kind.RATIO:
            assert target.ratio is not None
            return (f"IF({self.ref('v.pf')}=1,{self._judge_levels(value, '1')},"
                    f"{self._judge_levels(f'100*{value}', str(target.ratio[1]))})")
        judged = self._judge_levels(value, "1")
        if target.kind is Kind.RELATIVE and target.baseline is None:
            assert target.operator is not None and target.low is not None
            typed_share = self._judge(value, "1", target.operator, Linear(target.low), None)
            return (f"IF({self._baseline_known()},{judged},IF({self.ref('v.pf')}=1,{typed_share},"
                    f"{_text(Status.NO_DATA.label)}))")
        return judged

    def _judge_levels(self, numerator: str, denominator: str) -> str:
        levels = linear_levels(self.target)
        assert levels is not None
        operator, level, exceed = levels
        judged = self._judge(numerator, denominator, operator, level, exceed)
        if needs_live_level(self.target):
            return f"IF({self._baseline_known()},{judged},{_text(Status.NO_DATA.label)})"
        return judged

    def _judge_change(self) -> str:
        """An achieved change typed as the result, judged against the amount (targets.judge_change)."""
        target = self.target
        assert target.operator is not None and target.low is not None
        flags = self.ref("v.cf")
        points, percent = f"MOD({flags},2)=1", f"MOD(INT({flags}/2),2)=1"
        # collect keeps "in points" and "with %" of an achieved change (Entry.change_points,
        # Entry.percent_sign), not "with ‰": a ‰ typed is judged as a plain amount, here as there.
        refusals = []
        if target.change_mode is not ChangeMode.POINTS:
            refusals.append(points)
        if target.change_mode is ChangeMode.ABSOLUTE or target.per_mille:
            refusals.append(percent)
        amount = self.ref("v.ca") if target.direction == INCREASE else f"-{self.ref('v.ca')}"
        exceed = Linear(target.high) if target.high is not None and target.operator.upward else None
        judged = self._judge(amount, "1", target.operator, Linear(target.low), exceed)
        if not refusals:
            return judged
        return f"IF(OR({','.join(refusals)}),{_text(Status.NO_DATA.label)},{judged})"

    def _judge(self, numerator: str, denominator: str, operator: Operator, level: Linear,
               exceed: Linear | None) -> str:
        met = self._compare(numerator, denominator, operator, level)
        shown_met = _text(Status.MET.label)
        if exceed is not None:
            beyond = Operator.GT if operator.upward else Operator.LT
            shown_met = (f"IF({self._compare(numerator, denominator, beyond, exceed)},"
                         f"{_text(Status.EXCEEDED.label)},{shown_met})")
        return f"IF({met},{shown_met},{_text(Status.NOT_MET.label)})"

    def _compare(self, numerator: str, denominator: str, operator: Operator, level: Linear) -> str:
        """``numerator / denominator <op> level``, both sides rounded to :data:`DIGITS` decimals as collect
        compares them (denominator > 0)."""
        value = numerator if denominator == "1" else f"{numerator}/{denominator}"
        right = self._linear_value(level, self._baseline())
        return f"ROUND({value},{DIGITS}){_SYMBOLS[operator]}ROUND({right},{DIGITS})"

    def _linear_value(self, level: Linear, base: str) -> str:
        parts = []
        if level.constant:
            parts.append(number_literal(level.constant))
        if level.factor:
            parts.append(base if level.factor == 1 else f"{number_literal(level.factor)}*{base}")
        return "+".join(parts) or "0"

    # -- what the row shows besides the verdict -------------------------------------------------
    def _value_compared(self) -> str:
        """The helper ``r.x``: the value compared with the target, unrounded (a number), or "" when the
        row shows none (an error, nothing typed, an achieved change, Đạt / Không đạt)."""
        if not self.quantitative:
            return "\"\""
        target = self.target
        reading = self.ref("r.q")
        n, d = self.ref("r.rn"), self.ref("r.rd")
        from_ratio = n if target.ratio_scale == 1 else f"{target.ratio_scale}*{n}/{d}"
        value = self._value_number()
        if target.kind is Kind.RATIO:
            assert target.ratio is not None
            value = f"IF({self.ref('v.pf')}=1,{value},100*{value}/{target.ratio[1]})"
        return (f"IF({self.ref('r.e')}<>\"\",\"\",IF({reading}=\"r\",{from_ratio},"
                f"IF({reading}=\"v\",{value},\"\")))")

    def shown_value(self) -> str:
        """“Giá trị tính được”: the value compared as :func:`xlqms.levels.shown_value` rounds it (2
        decimals, or 4, never onto or across a level); an achieved change as typed."""
        if not self.quantitative:
            return "\"\""
        x = self.ref("r.x")
        shown = f"IF(ISNUMBER({x}),{self._shown_rounding(x)},\"\")"
        if self.target.kind is Kind.CHANGE:
            shown = f"IF(AND({self.ref('r.e')}=\"\",{self.ref('r.q')}=\"c\"),{self.ref('v.t')},{shown})"
        return shown

    def _shown_rounding(self, x: str) -> str:
        first = f"ROUND({x},{SHOWN_DECIMALS})"
        levels = linear_levels(self.target)
        if levels is None:
            return first
        operator, level, exceed = levels

        def side(number: str) -> str:
            met = f"({self._compare(number, '1', operator, level)})"
            if exceed is None:
                return met
            beyond = Operator.GT if operator.upward else Operator.LT
            return f"({met}+2*({self._compare(number, '1', beyond, exceed)}))"

        close = f"ROUND({x},{CLOSE_DECIMALS})"
        step = 10 ** CLOSE_DECIMALS
        down = f"INT({x}*{step})/{step}"
        own = side(x)
        rounding = (f"IF({side(first)}={own},{first},IF({side(close)}={own},{close},"
                    f"IF({side(down)}={own},{down},{down}+{number_literal(Fraction(1, step))})))")
        if needs_live_level(self.target):
            return f"IF({self._baseline_known()},{rounding},{first})"
        return rounding


def _any_kind(cell: str, kinds) -> str:
    return "OR(" + ",".join(f"{cell}={kind}" for kind in kinds) + ")"


def _first(checks: list[tuple[str, str]]) -> str:
    expression = "\"\""
    for condition, message in reversed(checks):
        expression = f"IF({condition},{_text(message)},{expression})"
    return expression


def _text(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def shown_sign(target: Target) -> str:
    """The sign the value compared is shown with: % (a rate), ‰, or none."""
    return "%" if target.measures_percent else "‰" if target.measures_per_mille else ""
