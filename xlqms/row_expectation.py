"""What a Kết quả row of a unit workbook must show, derived from what ``xlqms collect`` records (issue 13).

For the inputs collect reads on one row (header → cell value as a reader gets it) this says what the
three live columns must show:

- “Đánh giá (tự động)”: collect's first error (:func:`xlqms.entry_rules.error_text`) or, when none,
  the verdict of the export (:func:`xlqms.attainment.evaluate_indicator`);
- “Giá trị tính được”: the value compared, as :func:`xlqms.levels.shown_value` rounds it (nothing on a
  row with an error; the typed text of an achieved change, ``tăng 7,4%``);
- “Mức cần đạt”: :func:`xlqms.levels.level_text`, or the live level computed from the baseline collect
  reads in Kết quả kỳ trước.

and the line “Đã nhập 7/9 chỉ tiêu — 1 dòng có lỗi cần sửa” above the table (:func:`progress_text`):
a row is filled when it is due and collect finds something typed in a cell it judges the row on
(Tử số, Mẫu số, Kết quả; Kết quả only for Đạt / Không đạt). Used by ``xlqms verify`` and its tests. Pure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from fractions import Fraction

from xlqms import entry_rules, layout
from xlqms.attainment import evaluate_indicator
from xlqms.catalogue import Indicator
from xlqms.codes import Code, lookup
from xlqms.levels import baseline_level_text, level_text, needs_live_level, shown_value
from xlqms.spreadsheet import is_blank
from xlqms.targets import Kind
from xlqms.targets.clean import normalise
from xlqms.trends import PreviousValue
from xlqms.typed_cell import parse_cell, unmarked
from xlqms.validate import RawRow, validate_row

FORMULA_AS_TEXT = "formula-as-text"
LEGACY_TEXT = "legacy-text"
EXPECTED_DIFFERENCES = {
    FORMULA_AS_TEXT: "a formula typed as text that is no plain number (=1540/1587*100): the sheet shows "
                     "entry_rules.FORMULA_AS_TEXT (no verdict); collect computes a constant one with the warning "
                     "formula-computed (xlqms.arithmetic)",
    LEGACY_TEXT: "text typed in TCVN3 / VNI where the converted words could judge the row: the sheet shows "
                 "formulas.LATER (no verdict); collect converts the text first (xlqms.legacy_text)",
}
"""The only ways the live sheet may differ from collect, each listed apart by ``xlqms verify`` (never
counted as agreement, never hidden): in each the sheet shows no verdict. A sheet verdict where collect
records an error, or two different verdicts, is always a disagreement."""


@dataclass(frozen=True)
class ExpectedRow:
    """What the three live columns of a row must show: the verdict text, the value shown (a number
    rounded as shown, a text, or None for an empty cell) and the level text."""

    verdict: str
    value: Fraction | str | None
    level: str
    filled: bool = False      # due, and something typed that the row is judged on (counted in “Đã nhập”)
    error: bool = False       # the sheet shows an error on the row (counted in “… dòng có lỗi cần sửa”)
    difference: str | None = None   # a key of EXPECTED_DIFFERENCES: the sheet shows ``verdict``, collect ``collected``
    collected: str | None = None    # collect's verdict (or error) where it differs as ``difference`` says


def expected_row(indicator: Indicator, raw: dict[str, object], cells: dict[str, str], period: str,
                 percent_format: Callable[[str | None, object], bool | None] | None = None,
                 carried: Fraction | None = None) -> ExpectedRow:
    """What a row collect reads as ``raw`` (header → value; ``cells``: header → A1) must show.

    ``carried``: the baseline carried from the previous round into Kết quả kỳ trước; the export uses
    it whatever the returned cell holds (:func:`xlqms.attainment.evaluate_indicator`)."""
    values = {header: None if is_blank(value) else value for header, value in raw.items()}
    unread = [header for header in (*INPUT_HEADERS,) if entry_rules.formula_typed(values.get(header))
              and not entry_rules.sheet_formula_number(values.get(header))]
    if unread:
        # The sheet cannot compute these formulas: it judges the row as collect would without their
        # values ("=" computes to nothing) and shows FORMULA_AS_TEXT where collect would name the cell.
        sheet = _expected(indicator, {**values, **{header: "=" for header in unread}}, cells, period,
                          percent_format, carried, unread)
        collected = _expected(indicator, values, cells, period, percent_format, carried, unread)
        if collected.verdict == sheet.verdict:
            return sheet            # collect could not compute them either: the same error
        if not sheet.error:         # never an expected difference: the sheet must show collect's verdict
            return collected
        return replace(sheet, difference=FORMULA_AS_TEXT, collected=collected.verdict)
    return _expected(indicator, values, cells, period, percent_format, carried)


INPUT_HEADERS = (layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR, layout.RESULT_VALUE, layout.RESULT_BASELINE)
_NO_FIGURE = (Code.NOT_A_NUMBER, Code.QUALITATIVE_VALUE_INVALID)   # what collect says of "=" typed as text


def _expected(indicator: Indicator, values: dict[str, object], cells: dict[str, str], period: str,
              percent_format, carried: Fraction | None, formula_cells: tuple[str, ...] | list[str] = ()) -> ExpectedRow:
    entry, findings = validate_row(indicator, RawRow(indicator.code, values, dict(cells)), period,
                                   percent_format=percent_format)
    target = indicator.target
    judged_on = (layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR, layout.RESULT_VALUE) \
        if target.is_quantitative else (layout.RESULT_VALUE,)
    filled = indicator.is_due(period) and any(
        not isinstance(values.get(header), (str, int, float)) and values.get(header) is not None
        or parse_cell(unmarked(values.get(header))).kind != "blank" for header in judged_on)
    level = level_text(target)
    if needs_live_level(target) and target.is_quantitative:
        level = baseline_level_text(target, carried if carried is not None else entry.baseline)
    errors = [item for item in findings if item.is_error]
    if errors:
        first = errors[0]
        header = next((name for name, cell in cells.items() if cell == first.location.cell), None)
        code = lookup(first.code)
        assert code is not None     # every finding's code is registered (xlqms.codes)
        if header is not None and header in formula_cells and code in _NO_FIGURE:
            return ExpectedRow(entry_rules.formula_text_error(header), None, level, filled, True)
        return ExpectedRow(entry_rules.error_text(code, header), None, level, filled, True)
    previous = PreviousValue(carried, percent=target.measures_percent) if carried is not None else None
    result = evaluate_indicator(indicator, entry, period, previous=previous)
    value: Fraction | str | None = None
    if isinstance(result.value, Fraction):
        value = shown_value(target, result.value, result.baseline)
    elif result.change is not None and target.kind is Kind.CHANGE and result.value is None:
        typed = values.get(layout.RESULT_VALUE)
        value = " ".join(normalise(str(typed)).split()) if typed is not None else None   # as typed, spaces and glyphs plain
    return ExpectedRow(result.status.label, value, level, filled)


def progress_text(rows: list[ExpectedRow], due: int) -> str:
    """The line above the table: “Đã nhập 7/9 chỉ tiêu — 1 dòng có lỗi cần sửa” (``due``: indicators due)."""
    filled, errors = sum(row.filled for row in rows), sum(row.error for row in rows)
    return f"Đã nhập {filled}/{due} chỉ tiêu" + (f" — {errors} dòng có lỗi cần sửa" if errors else "")


def collected_verdict(indicator: Indicator, raw: dict[str, object], cells: dict[str, str], period: str,
                      percent_format: Callable[[str | None, object], bool | None] | None = None) -> str:
    """What the verdict column must show for a row collect reads as ``raw`` (see :func:`expected_row`)."""
    return expected_row(indicator, raw, cells, period, percent_format).verdict
