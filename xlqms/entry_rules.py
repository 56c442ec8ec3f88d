"""The rules a Kết quả row must follow, stated once for the two places that apply them (issue 13).

``xlqms collect`` checks them in Python (:mod:`xlqms.validate`); every unit workbook writes them as
its live formula (:mod:`xlqms.formulas`), so the verdict a commune sees while typing is the one the
province publishes. Both import them from here:

- which inputs a target reads (:func:`ratio_inputs`, :func:`baseline_input`);
- Tử số ≤ Mẫu số where the ratio is a share (:func:`numerator_bounded`), Mẫu số > 0 (0/0: no
  cases, so no data), a rate at most :data:`RATE_MAXIMUM`, no negative input, a level counted in
  thousands or millions typed in those units (:func:`xlqms.targets.values.out_of_scale`, which
  ``xlqms target`` applies too);
- the order collect checks a row in (:data:`CHECK_ORDER`): the first error found is the one the
  sheet shows, as :func:`error_text` words it (``Lỗi: Tử số lớn hơn Mẫu số``), never a verdict.

A number in a percent-formatted cell is read as the cell shows it (99% stored 0,99 is 99, with a
``percent-as-fraction`` warning) in every input cell; a date or an error value in an input cell is
an error at that cell (:mod:`xlqms.validate`). The formulas read the cell's format for both.

A formula typed as text is read by both sides only where it is ``=`` then a plain number
(:func:`sheet_formula_number`); any other is :data:`FORMULA_AS_TEXT` on the sheet (collect computes a
constant one: the one expected difference besides TCVN3 text, :mod:`xlqms.row_expectation`).

Typed values themselves are read by one parser (:func:`xlqms.targets.read_typed`), which the
formulas mirror; pure data and predicates, no I/O.
"""

from __future__ import annotations

import re
from fractions import Fraction

from xlqms import layout
from xlqms.codes import Code
from xlqms.targets import Kind, Target

RATE_MAXIMUM = Fraction(100)
"""A rate (percent, 0–100) above this is ``percent-over-100``."""

PERCENT_KEY_RANGE = (Fraction(0), Fraction(1))
"""A number in a percent-formatted Kết quả cell in this closed range is a percent typed with the
% key (``percent-as-fraction``): 0,99 is read as 99. Outside it (150% stored as 1,5) it is read as typed."""

ERROR_PREFIX = "Lỗi: "
"""How the verdict column starts when collect would flag the row: no verdict is shown."""

CHECK_ORDER = ("cell kinds", layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR, layout.RESULT_BASELINE,
               layout.RESULT_VALUE, "ratio", "range", "scale")
"""The order collect checks a row in: what no input cell may hold (an error value, a date: in Tử
số, Mẫu số, Kết quả, Kết quả kỳ trước order), then each input cell (not a number, negative), then
Tử số against Mẫu số (incomplete, zero denominator, Tử số > Mẫu số), then the rate (over 100%),
then the scale of a number typed for a level in thousands or millions (value-out-of-scale).
A qualitative target then reads Kết quả only."""

_CELL_ERRORS = {
    Code.NOT_A_NUMBER: "{cell} không phải là số",
    Code.NEGATIVE_VALUE: "{cell} là số âm",
    Code.DATE_IN_VALUE: "{cell} là ngày tháng, không phải số",
    Code.ERROR_VALUE: "{cell} hiện lỗi công thức",
}


FORMULA_AS_TEXT = "{cell} là công thức gõ dạng chữ, bảng tính không tính được — xóa công thức, nhập số"
"""What the verdict column shows for a formula typed as text that is no plain number (``=1540/1587*100``
in a cell formatted as Text): a spreadsheet formula cannot compute it. Collect computes a constant one
(:mod:`xlqms.arithmetic`, WARNING ``formula-computed``): an expected difference
(:data:`xlqms.row_expectation.EXPECTED_DIFFERENCES`), the sheet showing an error, never a verdict."""

_TEXT_MARKS = ("'", "\u2019")
_PLAIN_FORMULA = re.compile(r"=\s*[+-]?(?:[0-9]+[.,][0-9]+|0+|[1-9][0-9]*)")


def formula_typed(raw) -> bool:
    """Whether a cell holds a formula typed as text: text starting with ``=`` (after spaces and one
    leading apostrophe, which only marks text), as collect reads it (:mod:`xlqms.validate`)."""
    return isinstance(raw, str) and _unmarked(raw).startswith("=")


def sheet_formula_number(raw) -> bool:
    """Whether the live formula reads a formula typed as text as a number: ``=`` then a plain number —
    an optional sign, digits, at most one decimal dot or comma with digits on both sides, no leading
    zero on a whole number (``= 5``, ``=-5``, ``=95,5``, ``=1.540`` read 1,54). Collect computes these
    to the same number (:func:`xlqms.arithmetic.constant_value`); the formulas apply this rule in
    :func:`xlqms.formula_values.formula_number`. Any other formula typed as text is
    :data:`FORMULA_AS_TEXT` on the sheet."""
    return formula_typed(raw) and _PLAIN_FORMULA.fullmatch(_unmarked(raw)) is not None


def _unmarked(raw: str) -> str:
    text = " ".join(raw.split())
    if text[:1] in _TEXT_MARKS:
        text = " ".join(text[1:].split())
    return text


def formula_text_error(cell: str) -> str:
    """The verdict column's text for a formula typed as text in input ``cell`` (a header) the sheet cannot compute."""
    return ERROR_PREFIX + FORMULA_AS_TEXT.format(cell=cell)


def numerator_bounded(target: Target) -> bool:
    """Whether Tử số must not exceed Mẫu số: the ratio is a share (a rate in %, or N out of M)."""
    return target.kind is Kind.RATIO or target.measures_percent


def ratio_inputs(target: Target) -> bool:
    """Whether the workbook opens Tử số / Mẫu số for the target: a rate (%, ‰) or N out of M.

    Counts, amounts, zero targets, relative levels, deadlines and qualitative targets take Kết quả only.
    """
    if target.kind is Kind.RATIO:
        return True
    return target.is_quantitative and target.kind not in (Kind.ZERO, Kind.RELATIVE) and target.ratio_scale != 1


def baseline_input(target: Target) -> bool:
    """Whether the unit types Kết quả kỳ trước: a change or relative level without a baseline in the text."""
    return target.needs_baseline and target.baseline is None


def error_text(code: Code, cell: str | None = None) -> str:
    """What the verdict column shows for collect's first error on a row: ``Lỗi: Mẫu số không phải là số``.

    ``cell`` is the header of the input cell for the errors that name one (not a number, negative).
    """
    template = _CELL_ERRORS.get(code)
    if template is not None and cell:
        return ERROR_PREFIX + template.format(cell=cell)
    return ERROR_PREFIX + code.label
