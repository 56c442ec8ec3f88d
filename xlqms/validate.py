"""Value checks for one Kết quả row: raw cells in, a clean :class:`Entry` and findings out (pure).

Rules (each finding names its cell and says what to type instead):

* Blank stays blank (None), never zero. A due indicator left blank is a WARNING ``missing-value``:
  the file is kept and the indicator counts as "Thiếu số liệu" (no data).
* Numbers may be typed as Vietnamese text (``86,2``, ``86,2%``, ``1.540``); text that is no number
  is an ERROR ``not-a-number`` and the value is not used.
* A number in a percent-formatted cell is shown ×100 with a % sign (86,2% is stored 0.862; 950
  typed into such a cell shows 950% and is stored 9.5): when the reader saw the cell's number format
  (xlsx, xls, ods) and it is a percent, the value is taken as shown (×100) with a WARNING
  ``percent-as-fraction`` that says the format was seen — in Kết quả, Kết quả kỳ trước, Tử số and
  Mẫu số alike. When the format could not be read (a workbook whose styles are missing), a Kết quả
  strictly between 0 and 1 for an indicator measured in percent, on a row without Tử số/Mẫu số, is
  taken ×100 with the same warning, saying it is a guess. Exactly 0 and 1 are left as typed then.
* A number typed into a cell that kept a date format (a day number before 1950: 97,04 shown as
  06/04/1900) is read as that number with a WARNING ``number-shown-as-date``.
* A number grouped the English way (:func:`xlqms.typed_text.english_grouping`): ``1,540,000`` and
  ``1,540.5`` are read with a WARNING ``comma-thousands``; ``1,540`` (1,54 or 1540?) is an ERROR
  ``ambiguous-number`` except in a percent column, where it is the Vietnamese 1,54.
* A constant formula the spreadsheet never computed — typed into a Text cell (``=1540/1587*100``) or
  stored without its value — is computed (:mod:`xlqms.arithmetic`) with a WARNING
  ``formula-computed``; a share (``=1540/1587``) in a percent column is taken ×100.
* A share typed where a high rate is due (0,97 for ``trên 90%``, no % sign, no percent format), or
  for Kết quả kỳ trước beside a percent for this period, is kept with a WARNING
  ``percent-maybe-fraction`` that shows the percent it may mean.
* Cell kinds that are no value (ERRORS at their cell, the value is not used): an error value shown
  by a formula (``error-value``: #REF!, #VALUE!, #N/A…), a formula whose value the file does not
  store (``formula-without-value``: open and save the file in Excel/LibreOffice), a date
  (``date-in-value``: a ratio such as 9/10 that the spreadsheet turned into a date).
* ERRORS (value rejected, row flagged): ``negative-value``, ``numerator-exceeds-denominator``,
  ``zero-denominator`` (n/0 with n > 0), ``incomplete-ratio``,
  ``percent-over-100``, ``value-out-of-scale`` (1.400.000 typed for a level in ``triệu lượt``),
  ``qualitative-value-invalid``, ``numeric-for-qualitative``.
* WARNINGS (value kept): ``no-cases`` (0/0: nothing happened, so no data), ``baseline-missing`` (a
  change target with no baseline in the target text nor in Kết quả kỳ trước, and no achieved change
  typed: the verdict will be "no data"), ``ratio-value-mismatch``.
* Typed values are read by the target language's one parser (:func:`xlqms.targets.read_typed`):
  ``95,7``, ``97%``, ``17/18``, ``Đạt`` in any Unicode form, and an achieved change
  (``tăng 7,4%``, ``giảm 1,2 điểm %``) for a change target — judged directly, no baseline needed.
  An achieved change typed for any other target is an ERROR ``change-for-level``. A zero target
  (``0 hồ sơ trễ hạn``) takes a count or Đạt / Không đạt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from fractions import Fraction

from xlqms import entry_rules, layout
from xlqms.arithmetic import constant_value
from xlqms.catalogue import Indicator
from xlqms.findings import Code, Finding, finding
from xlqms.numbers import format_number, format_percent
from xlqms.sheet_cells import CellError, UncachedFormula
from xlqms.submission import Entry
from xlqms.targets import Kind, Reading, measure, out_of_scale
from xlqms.text import nfc
from xlqms.typed_cell import MARKED, PLAIN_VALUES, TEXT_MARKS, Parsed, parse_cell, unmarked
from xlqms.typed_text import (
    date_message,
    english_grouping,
    not_a_number_message,
    number_shown_as_date,
)

PercentFormatProbe = Callable[[str, object], "bool | None"]
"""(A1 cell, raw value) -> True if the cell has a percent number format, False if not, None if unknown."""

_AMBIGUOUS = object()
RATIO_TOLERANCE = Fraction(1, 2)   # percentage points between Kết quả and Tử số/Mẫu số before a warning


@dataclass(frozen=True)
class RawRow:
    """One Kết quả row as read: raw cell values and their A1 references, by contract header."""

    code: str
    values: dict[str, object] = field(default_factory=dict)
    cells: dict[str, str] = field(default_factory=dict)

    def value(self, header: str):
        return self.values.get(header)


def validate_row(indicator: Indicator, row: RawRow, period: str, file: str | None = None,
                 sheet: str = layout.RESULT_VALUE, percent_format: PercentFormatProbe | None = None,
                 ) -> tuple[Entry, list[Finding]]:
    """The clean Entry of one row and the findings about it (errors mean: do not use this entry)."""
    return _RowCheck(indicator, row, period, file, sheet, percent_format).run()


class _RowCheck:
    def __init__(self, indicator, row, period, file, sheet, percent_format):
        self.indicator = indicator
        self.target = indicator.target
        self.row = row
        self.period = period
        self.file = file
        self.sheet = sheet
        self.percent_format = percent_format
        self.findings: list[Finding] = []
        self._change_points = False

    def _cell(self, header: str) -> str | None:
        return self.row.cells.get(header)

    def _finding(self, code: Code, message: str, header: str) -> None:
        self.findings.append(finding(code, message, file=self.file, sheet=self.sheet, cell=self._cell(header),
                                     indicator=self.indicator.code))

    def _number(self, header: str, label: str) -> tuple[Fraction | None, bool]:
        """A number cell (Tử số, Mẫu số, Kết quả kỳ trước): value and percent sign, or a finding."""
        raw = self._comma_grouped(header, label, self.row.value(header),
                                  header == layout.RESULT_BASELINE and self.target.measures_percent)
        if raw is _AMBIGUOUS:
            return None, False
        parsed = parse_cell(raw)
        if parsed.kind == "blank":
            return None, False
        if parsed.kind != "number":
            self._finding(Code.NOT_A_NUMBER, not_a_number_message(parsed.text, label), header)
            return None, False
        assert parsed.number is not None   # a number cell has its number
        if parsed.number < 0:
            self._finding(Code.NEGATIVE_VALUE, f"{label} là số âm ({format_number(parsed.number)}) — nhập số không âm", header)
            return None, False
        if self._percent_formatted(header, raw):
            shown = parsed.number * 100
            self._finding(
                Code.PERCENT_AS_FRACTION,
                f"{label} lưu dạng {format_number(parsed.number, 6)} vì ô định dạng phần trăm (hiện "
                f"{format_percent(shown, 4)}) — đã hiểu là {format_number(shown, 4)}; nếu đúng thì không cần sửa, "
                "lần sau bỏ định dạng % của ô này", header)
            return shown, header == layout.RESULT_BASELINE
        return parsed.number, parsed.percent

    def _comma_grouped(self, header: str, label: str, raw, decimal_comma: bool):
        """``raw`` read through :func:`xlqms.typed_text.english_grouping`: the number an English grouping
        stands for (with a WARNING ``comma-thousands``), :data:`_AMBIGUOUS` after an ERROR
        ``ambiguous-number``, else ``raw`` unchanged. ``decimal_comma``: a percent column, where 1,540
        is the Vietnamese 1,54 (1540% is impossible)."""
        grouping = english_grouping(raw)
        if grouping is None:
            return raw
        english, as_decimal, places = grouping
        if as_decimal is not None:
            if decimal_comma:
                return raw
            self._finding(
                Code.AMBIGUOUS_NUMBER,
                f"{label} “{raw.strip()}” không rõ là {format_number(english)} (dấu phẩy ngăn hàng nghìn, kiểu tiếng Anh) "
                f"hay {format_number(as_decimal, 3)} (dấu phẩy thập phân) — nhập lại cho rõ: {format_number(english)} "
                f"hoặc {format_number(as_decimal, 3)}", header)
            return _AMBIGUOUS
        shown = format_number(english, places)
        self._finding(
            Code.COMMA_THOUSANDS,
            f"{label} “{raw.strip()}” viết dấu phẩy ngăn hàng nghìn (kiểu tiếng Anh): xlqms đọc là {shown} — nếu đúng "
            f"thì không cần sửa; lần sau viết {shown}", header)
        return english

    def _percent_formatted(self, header: str, raw) -> bool:
        """Whether the reader saw a percent number format on this cell holding a number."""
        if not isinstance(raw, (int, float)) or isinstance(raw, bool) or self.percent_format is None:
            return False
        return bool(self.percent_format(self._cell(header), raw))

    def _cell_kinds(self) -> None:
        """Error values, formulas without a value and dates: a finding at their cell; the value is not used.
        A constant arithmetic formula (typed as text, or stored with no value) is computed instead
        (:mod:`xlqms.arithmetic`), with a WARNING ``formula-computed``."""
        if all(raw is None or (type(raw) in PLAIN_VALUES and not (type(raw) is str and raw.lstrip()[:1] in MARKED))
               for raw in self.row.values.values()):
            return                    # text, numbers and booleans only: the usual row
        values = dict(self.row.values)
        for header, raw in self.row.values.items():
            if header == layout.RESULT_EXPLANATION:
                values[header] = self._explanation_kind(raw)
                continue
            if type(raw) is str and raw.lstrip()[:1] in TEXT_MARKS:
                raw = values[header] = unmarked(raw)
            computed = self._computed_formula(header, raw)
            if computed is not None:
                values[header] = computed
                continue
            if type(raw) in PLAIN_VALUES:
                continue
            if isinstance(raw, CellError):
                self._finding(Code.ERROR_VALUE,
                              f"Ô hiện lỗi {raw.code} (công thức không tính được) — sửa công thức, hoặc xóa công thức và "
                              "nhập số; rồi lưu và gửi lại", header)
            elif isinstance(raw, UncachedFormula):
                self._finding(Code.FORMULA_WITHOUT_VALUE,
                              f"Ô có công thức ({_formula_text(raw)}) nhưng tệp không lưu giá trị của nó — mở tệp bằng "
                              "Excel hoặc LibreOffice, lưu lại rồi gửi; hoặc nhập số thay cho công thức", header)
            elif isinstance(raw, (dt.date, dt.time)):
                number = number_shown_as_date(raw)
                if number is not None:
                    shown = format_number(number, 6)
                    self._finding(Code.NUMBER_SHOWN_AS_DATE,
                                  f"Ô định dạng ngày tháng nên số {shown} đã nhập hiện thành ngày {raw:%d/%m/%Y} — xlqms "
                                  f"đọc là {shown}; nếu đúng thì không cần sửa, lần sau đặt lại định dạng Số cho ô "
                                  "(Định dạng ô › Số)", header)
                    values[header] = number
                    continue
                self._finding(Code.DATE_IN_VALUE, date_message(raw), header)
            else:
                continue
            values[header] = None
        if values != self.row.values:
            self.row = replace(self.row, values=values)

    def _computed_formula(self, header: str, raw) -> Fraction | None:
        """The value of a constant arithmetic formula typed as text or stored without its value (with
        a warning that says so), else None. A fraction from a division, in a column measured in
        percent, is taken as a share (×100), as the spreadsheet's % format would show it."""
        if isinstance(raw, UncachedFormula):
            value = constant_value(raw.formula)
            where = f"Ô có công thức ({_formula_text(raw)}) mà tệp không lưu giá trị"
        elif isinstance(raw, str) and raw.lstrip().startswith("="):
            value = constant_value(raw, typed=True)
            where = f"Ô chứa công thức gõ dạng chữ (“{raw.strip()}”, ô định dạng Văn bản nên bảng tính không tính)"
        else:
            return None
        if value is None:
            return None
        share = ""
        percent_column = header == layout.RESULT_VALUE or header == layout.RESULT_BASELINE
        if percent_column and self.target.measures_percent and 0 < value < 1 and "/" in str(raw):
            value *= 100
            share = " (tỷ số nhân 100 thành phần trăm)"
        self._finding(Code.FORMULA_COMPUTED,
                      f"{where}: xlqms tự tính ra {format_number(value, 4)}{share} và dùng giá trị này — nếu đúng "
                      "thì không cần sửa; lần sau nhập số (hoặc Tử số và Mẫu số) thay cho công thức", header)
        return value

    def _explanation_kind(self, raw):
        """Thuyết minh explains; it never holds a figure. An error value or a formula the file holds no
        value of is a note at its cell, never an error that costs the row its figures: the formula is
        kept as the text typed (shown as text everywhere, never run), an error value is dropped."""
        if isinstance(raw, CellError):
            self._finding(Code.EXPLANATION_NOT_TEXT,
                          f"Ô Thuyết minh hiện lỗi {raw.code} (công thức không tính được): bỏ qua phần thuyết minh, số "
                          "liệu của dòng vẫn dùng — muốn thuyết minh thì gõ chữ thay cho công thức",
                          layout.RESULT_EXPLANATION)
            return None
        if isinstance(raw, UncachedFormula):
            self._finding(Code.EXPLANATION_NOT_TEXT,
                          f"Ô Thuyết minh có công thức ({_formula_text(raw)}) mà tệp không lưu giá trị: xlqms ghi lại "
                          "công thức dưới dạng chữ, số liệu của dòng vẫn dùng — muốn thuyết minh thì gõ chữ thay cho "
                          "công thức", layout.RESULT_EXPLANATION)
            return str(raw)
        return raw

    def run(self) -> tuple[Entry, list[Finding]]:
        self._cell_kinds()
        explanation = self.row.value(layout.RESULT_EXPLANATION)
        explanation = nfc(explanation if isinstance(explanation, str) else text_of_value(explanation))
        if self.target.kind in (Kind.QUALITATIVE, Kind.DEADLINE):
            entry = self._qualitative(explanation)
        else:
            entry = self._quantitative(explanation)
        if entry.is_blank and self.indicator.is_due(self.period) and not self.findings:
            self._finding(
                Code.MISSING_VALUE,
                f"Chỉ tiêu {self.indicator.code} (“{self.indicator.text}”) chưa có kết quả — nhập "
                + ("Đạt hoặc Không đạt" if not self.target.is_quantitative else "Kết quả (hoặc Tử số và Mẫu số)")
                + "; để trống sẽ tính là Thiếu số liệu",
                layout.RESULT_VALUE,
            )
        return entry, self.findings

    def _qualitative(self, explanation: str) -> Entry:
        parsed = parse_cell(self.row.value(layout.RESULT_VALUE))
        passed = None
        if parsed.kind == "passed":
            passed = parsed.passed
        elif parsed.kind in ("number", "ratio"):
            self._finding(Code.NUMERIC_FOR_QUALITATIVE,
                        f"Chỉ tiêu này đánh giá Đạt / Không đạt, không nhập số (“{parsed.text}”) — chọn Đạt hoặc Không đạt",
                        layout.RESULT_VALUE)
        elif parsed.kind == "text":
            self._finding(Code.QUALITATIVE_VALUE_INVALID,
                        f"“{parsed.text}” không phải Đạt / Không đạt — chọn Đạt hoặc Không đạt", layout.RESULT_VALUE)
        return Entry(self.indicator.code, passed=passed, explanation=explanation, cells=dict(self.row.cells))

    def _quantitative(self, explanation: str) -> Entry:
        numerator, _ = self._number(layout.RESULT_NUMERATOR, "Tử số")
        denominator, _ = self._number(layout.RESULT_DENOMINATOR, "Mẫu số")
        baseline, _ = self._number(layout.RESULT_BASELINE, "Kết quả kỳ trước")
        value, percent_sign = self._value(has_ratio=numerator is not None and denominator is not None)
        change = passed = None
        if isinstance(value, tuple):  # "1540/1587" typed into Kết quả
            if numerator is None and denominator is None:
                numerator, denominator = value
            value = None
        elif isinstance(value, Parsed):  # an achieved change ("tăng 7,4%"), or Đạt for a zero target
            change, passed, value = value.change, value.passed, None
        numerator, denominator = self._ratio(numerator, denominator, value)
        entry = Entry(self.indicator.code, numerator=numerator, denominator=denominator, value=value,
                      baseline=baseline, explanation=explanation, percent_sign=percent_sign,
                      cells=dict(self.row.cells), passed=passed, change=change,
                      change_points=bool(change is not None and self._change_points))
        self._range_checks(entry)
        self._baseline_scale(baseline, value if isinstance(value, Fraction) else None, numerator, denominator)
        relative_typed = self.target.kind is Kind.RELATIVE and percent_sign
        if (self.target.needs_baseline and self.target.baseline is None and baseline is None and change is None
                and not relative_typed and entry.value is not None and self.indicator.is_due(self.period)):
            self._finding(
                Code.BASELINE_MISSING,
                f"Chỉ tiêu “{self.indicator.text}” so sánh với kỳ trước nhưng chưa có Kết quả kỳ trước — nhập kết quả "
                "kỳ trước, hoặc ghi vào Kết quả mức thay đổi đạt được (ví dụ “tăng 7,4%”); để trống sẽ tính là "
                "Thiếu số liệu",
                layout.RESULT_BASELINE,
            )
        return entry

    def _value(self, has_ratio: bool):
        header = layout.RESULT_VALUE
        raw = self._comma_grouped(header, "Kết quả", self.row.value(header), self.target.measures_percent)
        if raw is _AMBIGUOUS:
            return None, False
        parsed = parse_cell(raw)
        if parsed.kind == "blank":
            return None, False
        if parsed.kind == "ratio":
            assert parsed.number is not None and parsed.denominator is not None   # a ratio has both
            if parsed.denominator == 0 or parsed.number < 0:
                self._finding(Code.NOT_A_NUMBER,
                              f"“{parsed.text}” không phải tỷ số hợp lệ — nhập Tử số và Mẫu số vào hai cột riêng", header)
                return None, False
            return (parsed.number, parsed.denominator), False
        if parsed.kind == "change":
            if self.target.kind is Kind.CHANGE:
                self._change_points = parsed.change_points
                return parsed, parsed.percent
            if self.target.growth_rate:
                return parsed.change, parsed.percent
            self._finding(Code.CHANGE_FOR_LEVEL,
                        f"Chỉ tiêu này cần mức đạt được, không phải mức tăng giảm (“{parsed.text}”) — nhập kết quả, "
                        "ví dụ 95,7", header)
            return None, False
        if parsed.kind == "passed" and self.target.kind is Kind.ZERO:
            return parsed, False
        if parsed.kind == "passed":
            self._finding(Code.NOT_A_NUMBER,
                        f"Chỉ tiêu này cần kết quả bằng số, không phải “{parsed.text}” — nhập số, ví dụ 95,7", header)
            return None, False
        if parsed.kind != "number":
            self._finding(Code.NOT_A_NUMBER, not_a_number_message(parsed.text), header)
            return None, False
        number, percent = parsed.number, parsed.percent
        assert number is not None   # a number cell has its number
        if number < 0:
            self._finding(Code.NEGATIVE_VALUE, f"Kết quả là số âm ({format_number(number)}) — nhập số không âm", header)
            return None, False
        if isinstance(raw, (int, float)) and not isinstance(raw, bool):
            formatted = self.percent_format(self._cell(header), raw) if self.percent_format else None
            fraction_guess = (formatted is None and 0 < number < 1 and self.target.measures_percent
                              and self.target.kind is not Kind.RATIO and not has_ratio)
            if formatted or fraction_guess:
                shown = format_percent(number * 100, 4)
                seen = ("ô định dạng phần trăm" if formatted else
                        "không đọc được định dạng của ô; số từ 0 đến 1 cho chỉ tiêu tính bằng %")
                self._finding(
                    Code.PERCENT_AS_FRACTION,
                    f"Kết quả lưu dạng {format_number(number, 6)} ({seen}) — đã hiểu là {shown}; "
                    f"nếu đúng thì không cần sửa, lần sau nhập {format_number(number * 100, 4)} vào ô không định dạng %",
                    header,
                )
                return number * 100, True
        if not percent and not has_ratio:     # with Tử số and Mẫu số, the ratio is used (ratio-value-mismatch)
            self._fraction_suspected(number, header)
        return number, percent

    def _fraction_suspected(self, number: Fraction, header: str) -> None:
        """A WARNING ``percent-maybe-fraction`` (the value is kept as typed) when a rate that must reach a
        high level (10% or more, higher is better) is typed as a number between 0 and 1 with no % sign:
        most often a share (=1540/1587 gives 0,97) where the percent (97,04) was meant."""
        target = self.target
        if not (0 < number < 1 and target.measures_percent and target.kind in (Kind.THRESHOLD, Kind.RANGE)
                and target.higher_is_better and target.low is not None and target.low >= 10):
            return
        self._finding(
            Code.PERCENT_MAYBE_FRACTION,
            f"Kết quả {format_number(number, 6)} tức {format_percent(number, 4)}, rất thấp so với chỉ tiêu "
            f"“{self.indicator.text}”: nếu đây là tỷ số (bằng {format_percent(number * 100, 4)}) thì nhập "
            f"{format_number(number * 100, 4)} — xlqms vẫn dùng {format_percent(number, 4)} như đã nhập", header)

    def _baseline_scale(self, baseline, value, numerator, denominator) -> None:
        """A WARNING ``percent-maybe-fraction`` at Kết quả kỳ trước (kept as typed) when a percent
        baseline is a share (0,986) while this period's value is a percent (99,7 or Tử số/Mẫu số):
        the change would be judged from 0,986% instead of 98,6%."""
        if baseline is None or not 0 < baseline < 1 or not self.target.measures_percent:
            return
        current = value if value is not None else (100 * numerator / denominator if numerator is not None
                                                   and denominator else None)
        if current is None or current < 1:
            return
        self._finding(
            Code.PERCENT_MAYBE_FRACTION,
            f"Kết quả kỳ trước {format_number(baseline, 6)} tức {format_percent(baseline, 4)}, trong khi kỳ này là "
            f"{format_percent(current, 2)}: nếu kỳ trước là {format_percent(baseline * 100, 4)} thì nhập "
            f"{format_number(baseline * 100, 4)} — xlqms vẫn dùng {format_percent(baseline, 4)} như đã nhập",
            layout.RESULT_BASELINE)

    def _ratio(self, numerator, denominator, value):
        header = layout.RESULT_NUMERATOR
        if (numerator is None) != (denominator is None):
            if value is None and not any(f.is_error for f in self.findings):
                missing = "Mẫu số" if denominator is None else "Tử số"
                self._finding(Code.INCOMPLETE_RATIO,
                            f"Thiếu {missing} — nhập cả Tử số và Mẫu số, hoặc chỉ nhập Kết quả",
                            layout.RESULT_DENOMINATOR if denominator is None else header)
            return None, None
        if numerator is None:
            return None, None
        if denominator == 0:
            if numerator == 0:
                self._finding(Code.NO_CASES,
                              "Tử số và Mẫu số đều bằng 0 (không phát sinh trường hợp nào) — chỉ tiêu tính là Thiếu số liệu; "
                              "ghi rõ ở Thuyết minh", layout.RESULT_DENOMINATOR)
            else:
                self._finding(Code.ZERO_DENOMINATOR, "Mẫu số bằng 0 — nhập tổng số trường hợp (lớn hơn 0)",
                            layout.RESULT_DENOMINATOR)
            return numerator, denominator
        if numerator > denominator and entry_rules.numerator_bounded(self.target):
            self._finding(Code.NUMERATOR_EXCEEDS_DENOMINATOR,
                        f"Tử số ({format_number(numerator)}) lớn hơn Mẫu số ({format_number(denominator)}) — "
                        "tử số là số đạt, mẫu số là tổng số; kiểm tra lại hai số này", header)
        return numerator, denominator

    def _range_checks(self, entry: Entry) -> None:
        if any(f.is_error for f in self.findings):
            return
        measured = measure(self.target, entry.reading)
        if isinstance(measured, Fraction) and self.target.measures_percent and measured > entry_rules.RATE_MAXIMUM:
            self._finding(Code.PERCENT_OVER_100,
                        f"Kết quả {format_percent(measured)} vượt quá 100% — nhập tỷ lệ từ 0 đến 100 (ví dụ 95,7)",
                        layout.RESULT_VALUE)
            return
        scale = out_of_scale(self.target, entry.reading)
        if scale is not None:
            self._finding(Code.VALUE_OUT_OF_SCALE, scale, layout.RESULT_VALUE)
            return
        if entry.value is not None and entry.numerator is not None and entry.denominator:
            from_ratio = 100 * entry.numerator / entry.denominator
            typed = measure(self.target, Reading(number=entry.value, percent_sign=entry.percent_sign))
            if (self.target.measures_percent and isinstance(typed, Fraction)
                    and abs(typed - from_ratio) > RATIO_TOLERANCE):
                self._finding(Code.RATIO_VALUE_MISMATCH,
                              f"Kết quả ({format_number(entry.value)}) khác Tử số/Mẫu số "
                              f"({format_percent(from_ratio)}) — xlqms dùng Tử số/Mẫu số; sửa ô nào sai",
                              layout.RESULT_VALUE)


def _formula_text(formula: UncachedFormula) -> str:
    text = str(formula)
    return text if len(text) <= 40 else text[:39] + "…"


def text_of_value(value) -> str:
    """A non-text explanation cell (a number, a date) as text; None as ''."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    return str(value)


def entry_has_error(findings, code: str) -> bool:
    return any(f.is_error and f.indicator == code for f in findings)
