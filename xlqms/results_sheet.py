"""The Kết quả sheet of a unit workbook: one row per indicator, judged live as collect judges it.

``fill_results(sheet, campaign, objectives)`` writes, under the template's header row, one row per
indicator: its code and target, “Mức cần đạt” (the level needed), the input cells — unlocked and
yellow only where they make sense (:mod:`xlqms.entry_rules`: Tử số / Mẫu số for a rate or an N/M
target, Kết quả kỳ trước for a change without a baseline in the text) — “Giá trị tính được” and
the verdict, both formulas of :mod:`xlqms.formulas`. Their helper cells (:data:`xlqms.formulas.HELPERS`)
go on a very hidden, protected sheet (:data:`xlqms.layout.CALC_SHEET`, same rows): collect reads
Kết quả only, so returned files read as fast as before. Also: data validation with Vietnamese prompts,
conditional colours of the verdict (an error in red), Vietnamese number formats (``1.540``,
``97,04%``: the ``[$-42A]`` locale of the format, honoured by LibreOffice; Excel uses the
computer's separators), the line “Đã nhập 7/9 chỉ tiêu”, panes frozen under the header, the header
repeated on every printed page. Indicator rows get a starting height but no fixed one
(:class:`xlqms.template_rows.AutoHeightRow`): they grow with what the unit types in Thuyết minh.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule, Rule
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection

from xlqms import entry_rules, layout
from xlqms.campaign import Campaign
from xlqms.formulas import CARRIED, ERRORS, FILLED, HELPERS, RowCells, row_formulas, shown_sign
from xlqms.levels import longest_live_text
from xlqms.spreadsheet import VIETNAMESE, write_text
from xlqms.statuses import Status
from xlqms.targets import Kind, Target
from xlqms.template_rows import clear_rows, find_table, fit_row_heights, put_rows, quote, row_styles
from xlqms.trends import PreviousCell

COUNT_FORMAT = VIETNAMESE + "#,##0.##"
TYPED_FORMAT = VIETNAMESE + "General"         # Kết quả, Kết quả kỳ trước: as typed, 95,7 (the % key still works)
WHOLE_FORMAT = VIETNAMESE + "#,##0"           # a whole count, without the trailing separator Excel shows
VERDICT_COLOURS = ((Status.NOT_MET.label, "C00000"), (Status.EXCEEDED.label, "1F4E79"),
                   (Status.MET.label, "007A33"), (Status.NO_DATA.label, "B26B00"))
ERROR_FILL, ERROR_FONT = "FFC7CE", "9C0006"
PREVIOUS_FILL = PatternFill(fill_type="solid", fgColor="D9E1F2")
"""The colour of a Kết quả kỳ trước cell filled from the previous round (locked)."""
PREVIOUS_COMMENT_SIZE = (110, 320)     # height, width of its comment, in points
ROW_HEIGHT = 46.5
"""The least height of an indicator row (three lines of 11 pt): room for a verdict column's error
and a short Thuyết minh where an application does not refit the row (LibreOffice opening a file)."""
ONE_PAGE_ROWS = 12
"""Up to this many indicators the Kết quả sheet prints on one page (signatures included)."""


def value_format(target: Target) -> str:
    """The number format of “Giá trị tính được”: ``97,04%`` for a rate, ``1.540`` for a count."""
    sign = shown_sign(target)
    return f'{VIETNAMESE}General"{sign}"' if sign else COUNT_FORMAT


def input_columns(target: Target, due: bool, carried: bool = False) -> set[str]:
    """The headers of the cells a unit types into on this target's row (none when it is not due);
    ``carried``: Kết quả kỳ trước comes from the previous round (locked)."""
    if not due:
        return set()
    inputs = {layout.RESULT_VALUE, layout.RESULT_EXPLANATION}
    if entry_rules.ratio_inputs(target):
        inputs |= {layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR}
    if entry_rules.baseline_input(target) and not carried:
        inputs.add(layout.RESULT_BASELINE)
    return inputs


def fill_results(sheet, campaign: Campaign, objectives, previous: Mapping[str, PreviousCell] | None = None,
                 ) -> tuple[str, str]:
    """Write the indicator rows of the Kết quả sheet and their helper cells (sheet :data:`layout.CALC_SHEET`,
    made when the template has none); return the references of its header and rows.

    ``previous``: the Kết quả kỳ trước cells filled from the previous round, by indicator code.
    """
    previous = previous or {}
    known = layout.RESULT_COLUMNS + layout.RESULT_DISPLAY_COLUMNS
    table = find_table(sheet, layout.RESULT_REQUIRED + (layout.RESULT_VERDICT,), known)
    width = max(max(table.columns.values()), sheet.max_column)
    header = table.header_row
    due_styles = row_styles(sheet, header + 1, width)
    locked_styles = row_styles(sheet, header + 2, width)
    footer_range = table.footer
    if footer_range and footer_range[0] <= header + 2:
        footer_range = (header + 3, footer_range[1]) if footer_range[1] >= header + 3 else None
    footer = clear_rows(sheet, footer_range[0], footer_range[1], width) if footer_range else None
    clear_rows(sheet, header + 1, header + 2, width)
    col = table.columns
    by_column = {index: name for name, index in col.items()}
    calc = _calc_sheet(sheet.parent, header)
    helpers = {name: get_column_letter(2 + index) for index, name in enumerate(HELPERS)}
    general = f"${helpers[HELPERS[0]]}${header}"
    here, there = quote(sheet.title) + "!", quote(calc.title) + "!"

    def ref(name: str, row: int) -> str:
        return f"{get_column_letter(col[name])}{row}"

    validations = _Validations(sheet)
    formats = _Formats(sheet)
    shown_texts: dict[tuple[int, int], str] = {}     # formula cells: the longest text they show
    row = header + 1
    number = 0
    due_count = 0
    for objective in objectives:
        for indicator in objective.indicators:
            number += 1
            target = indicator.target
            due = indicator.is_due(campaign.period)
            due_count += due
            inputs = input_columns(target, due, indicator.code in previous)
            for column in range(1, width + 1):
                cell = sheet.cell(row, column)
                name = by_column.get(column)
                unlocked = name in inputs
                styles = due_styles if due and (unlocked or name not in layout.RESULT_INPUT_COLUMNS) else locked_styles
                styles[column - 1].apply(cell)
                cell.protection = Protection(locked=not unlocked)
            values = {
                layout.RESULT_NUMBER: number,
                layout.RESULT_OBJECTIVE: objective.number,
                layout.RESULT_OBJECTIVE_TITLE: objective.title,
                layout.RESULT_CODE: indicator.code,
                layout.RESULT_TARGET: indicator.text,
            }
            for name, value in values.items():
                if name in col:
                    write_text(sheet.cell(row, col[name]), value)
            cells = RowCells(ref(layout.RESULT_NUMERATOR, row), ref(layout.RESULT_DENOMINATOR, row),
                             ref(layout.RESULT_VALUE, row), ref(layout.RESULT_BASELINE, row))
            seen_from_calc = RowCells(*(here + cell for cell in (cells.numerator, cells.denominator, cells.value,
                                                               cells.baseline)))
            carried = previous.get(indicator.code)
            formulas = row_formulas(target, seen_from_calc, _on_row(helpers, row), general, due,
                                    shown_ref=_on_row(helpers, row, there),
                                    carried=bool(carried and carried.baseline))
            calc.cell(row, 1).value = indicator.code
            for name, formula in formulas.helpers.items():
                calc[f"{helpers[name]}{row}"] = formula
            if carried and carried.baseline:      # the verdict's own copy of the carried baseline
                calc[f"{helpers[CARRIED]}{row}"] = carried.value
            sheet.cell(row, col[layout.RESULT_VERDICT]).value = formulas.verdict
            if layout.RESULT_COMPUTED in col:
                shown = sheet.cell(row, col[layout.RESULT_COMPUTED])
                shown.value = formulas.value
                shown.number_format = value_format(target)
                formats.value_cell(shown.coordinate, target)
            if layout.RESULT_LEVEL in col:
                write_text(sheet.cell(row, col[layout.RESULT_LEVEL]), formulas.level)
                if formulas.level.startswith("="):
                    sheet.cell(row, col[layout.RESULT_LEVEL]).data_type = "f"
                    shown_texts[(row, col[layout.RESULT_LEVEL])] = longest_live_text(target)
            if layout.RESULT_NUMERATOR in inputs:
                for name in (layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR):
                    sheet.cell(row, col[name]).number_format = COUNT_FORMAT
                    formats.whole(ref(name, row))
            for name in (layout.RESULT_VALUE, layout.RESULT_BASELINE):
                sheet.cell(row, col[name]).number_format = TYPED_FORMAT
            if indicator.code in previous:
                _previous_cell(sheet.cell(row, col[layout.RESULT_BASELINE]), previous[indicator.code])
            validations.add_row(target, cells, inputs, ref(layout.RESULT_EXPLANATION, row))
            row += 1
    last_row = row - 1
    fit_row_heights(sheet, header + 1, last_row, minimum=ROW_HEIGHT, auto=True, formulas=shown_texts)
    validations.attach()
    formats.attach()
    verdict_column = get_column_letter(col[layout.RESULT_VERDICT])
    if last_row > header:
        _verdict_colours(sheet, f"{verdict_column}{header + 1}:{verdict_column}{last_row}", f"{verdict_column}{header + 1}")
        _progress(sheet, {name: there + letter for name, letter in helpers.items()}, header + 1, last_row, due_count)
    if footer is not None and footer_range is not None:
        put_rows(sheet, footer, max(last_row, header) + 2 - footer_range[0])
    sheet.print_title_rows = f"{header}:{header}"
    sheet.freeze_panes = f"A{header + 1}"
    # A4 landscape, one page wide; a round of up to ONE_PAGE_ROWS indicators (the standard ten) on
    # one page, so that the signatures print with the last indicator.
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1 if number <= ONE_PAGE_ROWS else 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    last_column = get_column_letter(max(col.values()))
    quoted = quote(sheet.title)
    rows_ref = f"{quoted}!$A${header + 1}:${last_column}${max(last_row, header + 1)}"
    return f"{quoted}!$A${header}:${last_column}${header}", rows_ref


def _on_row(helpers: dict[str, str], row: int, sheet: str = "") -> Callable[[str], str]:
    """Where each helper of ``row`` is: its column letter and the row (after ``sheet``, e.g. ``'_tinh'!``)."""
    def ref(name: str) -> str:
        return f"{sheet}{helpers[name]}{row}"
    return ref


def _calc_sheet(workbook, header: int):
    """The very hidden, protected sheet of the live verdict's helper cells, emptied, its header row
    labelled (:data:`xlqms.formulas.HELPERS` from column B, the indicator code in A, on the rows of
    Kết quả). Collect never reads it. Its first label is the General-format cell of the date test."""
    name = layout.find_sheet(workbook.sheetnames, layout.CALC_SHEET)
    if name is not None:
        del workbook[name]
    calc = workbook.create_sheet(layout.CALC_SHEET)
    calc.cell(header, 1, layout.RESULT_CODE)
    for index, helper in enumerate(HELPERS):
        calc.cell(header, 2 + index, helper)
    calc.cell(1, 1, layout.RESULT_HELPER_LABEL)
    calc.sheet_state = "veryHidden"
    calc.protection = SheetProtection(sheet=True)
    return calc


def _previous_cell(cell, previous: PreviousCell) -> None:
    """A Kết quả kỳ trước cell filled from the previous round: locked, coloured, with where it came from."""
    cell.value = previous.value
    cell.protection = Protection(locked=True)
    cell.fill = PREVIOUS_FILL
    cell.font = Font(name=cell.font.name, size=cell.font.sz, italic=True, bold=previous.baseline)
    cell.number_format = "0.00" if previous.percent else "General"
    height, width = PREVIOUS_COMMENT_SIZE
    cell.comment = Comment(previous.note, "xlqms", height=height, width=width)


def _verdict_colours(sheet, area: str, first: str) -> None:
    for label, colour in VERDICT_COLOURS:
        sheet.conditional_formatting.add(area, FormulaRule(formula=[f'{first}="{label}"'],
                                                           font=Font(color=colour, bold=True)))
    prefix = entry_rules.ERROR_PREFIX.strip()
    sheet.conditional_formatting.add(area, FormulaRule(
        formula=[f'LEFT({first},{len(prefix)})="{prefix}"'], font=Font(color=ERROR_FONT, bold=True),
        fill=PatternFill("solid", start_color=ERROR_FILL, end_color=ERROR_FILL)))


def _progress(sheet, helpers: dict[str, str], first: int, last: int, due_count: int) -> None:
    """The template's {progress} cell becomes “Đã nhập 7/9 chỉ tiêu — 1 dòng có lỗi cần sửa”."""
    filled = f"SUM({helpers[FILLED]}{first}:{helpers[FILLED]}{last})"
    errors = f"SUM({helpers[ERRORS]}{first}:{helpers[ERRORS]}{last})"
    formula = (f'="Đã nhập "&{filled}&"/{due_count} chỉ tiêu"'
               f'&IF({errors}>0," — "&{errors}&" dòng có lỗi cần sửa","")')
    for cells in sheet.iter_rows(max_row=first - 1):
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.strip() == layout.PROGRESS_PLACEHOLDER:
                cell.value = formula


class _Formats:
    """Conditional number formats: a whole count or amount shown without decimals (``1.540``, not ``1.540,``)."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.columns: dict[str, list[str]] = {}

    def value_cell(self, cell: str, target: Target) -> None:
        if not shown_sign(target):
            self.whole(cell)

    def whole(self, cell: str) -> None:
        self.columns.setdefault(cell.rstrip("0123456789"), []).append(cell)

    def attach(self) -> None:
        style = DifferentialStyle(numFmt=NumberFormat(numFmtId=350, formatCode=WHOLE_FORMAT))
        for cells in self.columns.values():
            first = cells[0]    # the top cell of the column's list: the rule's relative references start there
            self.sheet.conditional_formatting.add(" ".join(cells), Rule(
                type="expression", dxf=style, formula=[f"AND(ISNUMBER({first}),MOD({first},1)=0)"]))


class _Validations:
    """Data validation of the input cells, with Vietnamese prompts and error alerts."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.decimal = self._make("decimal", None, "Nhập một số",
                                  "Nhập một số không âm, ví dụ 95,7 cho 95,7% hoặc 1540 cho một số lượng. "
                                  "Để trống nếu chưa có số liệu.",
                                  "Phải là một số không âm (ví dụ 95,7). Không gõ chữ.",
                                  operator="greaterThanOrEqual", formula1="0")
        self.pass_fail = self._make("list", None, "Chọn Đạt / Không đạt",
                                    "Chọn “Đạt” hoặc “Không đạt” trong danh sách.",
                                    "Chỉ chọn “Đạt” hoặc “Không đạt” trong danh sách.",
                                    formula1=layout.NAME_PASS_FAIL_LIST)
        self.text = self._make("textLength", None, "Thuyết minh",
                               "Ghi giải thích, nguyên nhân, nhất là khi chỉ tiêu không đạt.",
                               "Thuyết minh dài quá 2.000 ký tự: rút gọn lại.",
                               operator="lessThanOrEqual", formula1="2000")
        self.custom: list[DataValidation] = []

    def _make(self, kind, formula, title, prompt, error, **options) -> DataValidation:
        validation = DataValidation(type=kind, allow_blank=True, showInputMessage=True, showErrorMessage=True,
                                    promptTitle=title, prompt=prompt, errorTitle="Giá trị không hợp lệ",
                                    error=error, errorStyle="stop", **options)
        if formula:
            validation.formula1 = formula
        return validation

    def add_row(self, target: Target, cells: RowCells, inputs: set[str], explanation: str) -> None:
        n, d = cells.numerator, cells.denominator
        if layout.RESULT_NUMERATOR in inputs:
            for cell, other, rule in ((n, d, f"{n}<={d}"), (d, n, f"{n}<={d}")):
                self._custom(cell, f"AND(ISNUMBER({cell}),{cell}>=0,OR(NOT(ISNUMBER({other})),{rule}))",
                             "Tử số / Mẫu số" if cell == n else "Mẫu số",
                             "Tử số: số đạt yêu cầu (ví dụ 1540 hồ sơ đúng hạn). Mẫu số: tổng số (ví dụ 1587 hồ sơ). "
                             "Tỷ lệ được tính tự động; để trống cột Kết quả.",
                             "Tử số và Mẫu số phải là số không âm, và Tử số không được lớn hơn Mẫu số.")
        if layout.RESULT_VALUE in inputs:
            v = cells.value
            if target.kind is Kind.CHANGE:     # a number, or the achieved change: "tăng 7,4%"
                self._custom(v, f'OR(ISNUMBER({v}),LEFT(LOWER(TRIM({v})),4)="tăng",LEFT(LOWER(TRIM({v})),4)="giảm")',
                             "Kết quả hoặc mức thay đổi",
                             "Nhập kết quả (số, ví dụ 95,7) và Kết quả kỳ trước; hoặc ghi mức thay đổi đạt được, "
                             "ví dụ “tăng 7,4%” hay “giảm 1,2 điểm %”.",
                             "Nhập một số, hoặc “tăng …” / “giảm …” (ví dụ: tăng 7,4%).")
            elif target.kind is Kind.ZERO:     # a count (0 = nothing happened), or Đạt / Không đạt
                self._custom(v, f'OR(AND(ISNUMBER({v}),{v}>=0),TRIM({v})="Đạt",TRIM({v})="Không đạt")',
                             "Số trường hợp hoặc Đạt / Không đạt",
                             "Nhập số trường hợp xảy ra (0 nếu không có), hoặc Đạt / Không đạt.",
                             "Nhập một số không âm, hoặc Đạt / Không đạt.")
            else:
                (self.decimal if target.is_quantitative else self.pass_fail).add(v)
        if layout.RESULT_BASELINE in inputs:
            self.decimal.add(cells.baseline)
        if layout.RESULT_EXPLANATION in inputs:
            self.text.add(explanation)

    def _custom(self, cell: str, formula: str, title: str, prompt: str, error: str) -> None:
        validation = self._make("custom", formula, title, prompt, error)
        validation.add(cell)
        self.custom.append(validation)

    def attach(self) -> None:
        for validation in (self.decimal, self.pass_fail, self.text, *self.custom):
            if validation.sqref:
                self.sheet.add_data_validation(validation)
