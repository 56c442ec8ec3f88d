"""Filling the master template (:mod:`xlqms.template`) into one unit's workbook.

``fill_template(workbook, campaign, objectives, values, identity)`` replaces the placeholders,
writes the Mục tiêu table and the Kết quả rows (with the live verdict formula of
:mod:`xlqms.formulas`), locks and validates the input cells, and stores the identity three ways:
the very hidden sheet ``_xlqms`` (key in column A, value in column B, from row 2), defined names
``XLQMS_<KEY>`` holding a text constant, and custom document properties ``xlqms_<key>``.
The generator calls it with real values (plain path) or with tokens (fast path, one build per shape).
With a previous round, ``previous`` fills the Kết quả kỳ trước cells (:func:`xlqms.trends.previous_cells`):
locked, in their own colour, with a comment saying where the value came from — the carried baseline
of a change target (the live verdict uses it), or the unit's previous value for reference.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from copy import copy
from dataclasses import dataclass, field
from typing import Any

from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection

from xlqms import layout
from xlqms.campaign import Campaign
from xlqms.errors import XlqmsError
from xlqms.formulas import RowCells, verdict_formula
from xlqms.spreadsheet import write_text
from xlqms.statuses import Status
from xlqms.targets import Kind
from xlqms.text import header_key
from xlqms.trends import PreviousCell

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
PREVIOUS_FILL = PatternFill(fill_type="solid", fgColor="D9E1F2")
"""The colour of a Kết quả kỳ trước cell filled from the previous round (locked)."""
PREVIOUS_COMMENT_SIZE = (110, 320)     # height, width of its comment, in points


class TemplateError(XlqmsError):
    """The master template lacks something xlqms needs (a sheet, a header)."""

    exit_code = 2


@dataclass(frozen=True)
class _Table:
    header_row: int
    columns: dict[str, int]      # header -> 1-based column
    prototypes: tuple[int, ...]  # rows holding the styles of body rows
    footer: tuple[int, int] | None


def substitute(text: str, values: dict[str, str]) -> str:
    """Replace each ``{name}`` (see :data:`xlqms.template.PLACEHOLDERS`) found in ``values``; keep the others."""
    return _PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def fill_template(workbook, campaign: Campaign, objectives, values: dict[str, str], identity: dict[str, str],
                  sizing: dict[str, str] | None = None, previous: Mapping[str, PreviousCell] | None = None) -> None:
    """Turn a freshly loaded master template into one unit's workbook (in place).

    ``values`` gives the text of each placeholder, ``identity`` the value of each
    :data:`xlqms.layout.IDENTITY_KEYS` key. User text is written after the placeholders are
    replaced, so a ``{…}`` typed by a user stays as typed. ``sizing`` gives, for placeholders
    whose text varies between the units sharing this workbook's layout, the longest text they
    take: rows are sized for it, so that every unit's name shows whole (and a layout built once
    and filled per unit gets the same row heights as one built for the unit itself). ``previous``:
    the Kết quả kỳ trước cells from the previous round, by indicator code.
    """
    sheets = {}
    for wanted in (layout.GUIDE_SHEET, layout.UNIT_OBJECTIVES_SHEET, layout.RESULTS_SHEET,
                   layout.LISTS_SHEET, layout.IDENTITY_SHEET):
        name = layout.find_sheet(workbook.sheetnames, wanted)
        if name is None:
            raise TemplateError(f"Mẫu thiếu trang “{wanted}”. Dựng lại mẫu bằng: python -m xlqms.template")
        sheets[wanted] = workbook[name]
    measured: dict[str, str] = {}     # a text as written -> the text its row is sized for
    sizing_values = {**values, **(sizing or {})}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "{" in cell.value:
                    template_text = cell.value
                    cell.value = substitute(template_text, values)
                    if sizing:
                        measured[cell.value] = substitute(template_text, sizing_values)
    workbook.properties.title = f"Báo cáo kết quả thực hiện Mục tiêu chất lượng — {values.get('unit_name', '')}"

    pass_fail = _fill_lists(workbook, sheets[layout.LISTS_SHEET])
    objectives_table = _fill_objectives(sheets[layout.UNIT_OBJECTIVES_SHEET], campaign, objectives)
    results_range = _fill_results(sheets[layout.RESULTS_SHEET], campaign, objectives, previous or {})
    _fill_identity(workbook, sheets[layout.IDENTITY_SHEET], identity)

    _define(workbook, layout.NAME_PASS_FAIL_LIST, pass_fail)
    _define(workbook, layout.NAME_OBJECTIVES_HEADER, objectives_table)
    header_ref, rows_ref = results_range
    _define(workbook, layout.NAME_RESULTS_HEADER, header_ref)
    _define(workbook, layout.NAME_RESULTS_ROWS, rows_ref)

    guide = sheets[layout.GUIDE_SHEET]
    fit_row_heights(guide, 1, guide.max_row, measured=measured)
    for sheet in (sheets[layout.GUIDE_SHEET], sheets[layout.UNIT_OBJECTIVES_SHEET], sheets[layout.RESULTS_SHEET]):
        sheet.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False,
                                           selectLockedCells=False, selectUnlockedCells=False)
    sheets[layout.LISTS_SHEET].sheet_state = "hidden"
    sheets[layout.IDENTITY_SHEET].sheet_state = "veryHidden"
    workbook.active = workbook.worksheets.index(sheets[layout.RESULTS_SHEET])
    for sheet in workbook.worksheets:
        sheet.sheet_view.tabSelected = sheet is sheets[layout.RESULTS_SHEET]
    workbook.security = WorkbookProtection(lockStructure=True)
    workbook.calculation.fullCalcOnLoad = True


def _quote(sheet_name: str) -> str:
    return "'" + sheet_name.replace("'", "''") + "'"


def _define(workbook, name: str, reference: str) -> None:
    if name in workbook.defined_names:
        del workbook.defined_names[name]
    workbook.defined_names[name] = DefinedName(name, attr_text=reference)


def _find_table(sheet, required, known) -> _Table:
    index, columns = layout.find_header_row(sheet.iter_rows(min_row=1, values_only=True), required, known)
    if index is not None and all(name in columns for name in required):
        row, last = index + 1, sheet.max_row
        footer_start = next((r for r in range(row + 1, last + 1)
                             if any(c.value not in (None, "") for c in sheet[r])), None)
        return _Table(row, {name: column + 1 for name, column in columns.items()}, (),
                      (footer_start, last) if footer_start else None)
    raise TemplateError(
        f"Không tìm thấy dòng tiêu đề ({', '.join(required)}) ở trang “{sheet.title}” của mẫu. "
        "Giữ nguyên chữ trong các ô tiêu đề khi sửa mẫu."
    )


def _row_styles(sheet, row: int, width: int) -> list:
    return [copy(sheet.cell(row, column)._style) for column in range(1, width + 1)]


@dataclass
class _HeldRows:
    """Rows taken out of a sheet to be put back lower down: values and styles, merges, heights."""

    cells: dict[tuple[int, int], tuple[object, StyleArray]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    heights: dict[int, float | None] = field(default_factory=dict)


def _clear_rows(sheet, first: int, last: int, width: int) -> _HeldRows:
    """Take rows first..last out of the sheet; return what they held (values, styles, merges, heights)."""
    held = _HeldRows()
    for merged in list(sheet.merged_cells.ranges):
        if merged.min_row >= first and merged.max_row <= last:
            held.merges.append((merged.min_row, merged.min_col, merged.max_row, merged.max_col))
            sheet.unmerge_cells(merged.coord)
    for row in range(first, last + 1):
        held.heights[row] = sheet.row_dimensions[row].height
        for column in range(1, width + 1):
            cell = sheet.cell(row, column)
            held.cells[(row, column)] = (cell.value, copy(cell._style))
            cell.value = None
            cell._style = StyleArray()
    return held


def _put_rows(sheet, held: _HeldRows, shift: int) -> None:
    for (row, column), (value, style) in held.cells.items():
        cell = sheet.cell(row + shift, column)
        cell.value = value
        cell._style = style
    for row, height in held.heights.items():
        sheet.row_dimensions[row + shift].height = height
    for min_row, min_col, max_row, max_col in held.merges:
        sheet.merge_cells(start_row=min_row + shift, start_column=min_col, end_row=max_row + shift, end_column=max_col)


def _fill_lists(workbook, sheet) -> str:
    rows: dict[str, Any] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                rows.setdefault(header_key(cell.value), cell)
    first, second = (rows.get(header_key(value)) for value in layout.PASS_FAIL_VALUES)
    if first is None or second is None or second.row != first.row + 1 or second.column != first.column:
        for index, value in enumerate(layout.PASS_FAIL_VALUES, start=2):
            sheet.cell(index, 1, value)
        first, second = sheet.cell(2, 1), sheet.cell(3, 1)
    column = get_column_letter(first.column)
    return f"{_quote(sheet.title)}!${column}${first.row}:${column}${second.row}"


def _fill_objectives(sheet, campaign: Campaign, objectives) -> str:
    headers = layout.OBJECTIVE_COLUMNS
    table = _find_table(sheet, (layout.OBJ_NUMBER, layout.OBJ_TITLE, layout.OBJ_TARGET), headers)
    width = max(max(table.columns.values()), sheet.max_column)
    top = table.header_row + 1
    styles = _row_styles(sheet, top, width)
    footer = _clear_rows(sheet, table.footer[0], table.footer[1], width) if table.footer else None
    footer_start = table.footer[0] if table.footer else 0

    row = top
    for objective in objectives:
        lines = []
        for index in range(max(len(objective.indicators), len(objective.measures), 1)):
            indicator = objective.indicators[index] if index < len(objective.indicators) else None
            measure = objective.measures[index] if index < len(objective.measures) else None
            note = []
            if index == 0 and objective.note:
                note.append(objective.note)
            if measure is not None and measure.note:
                note.append(measure.note)
            if indicator is not None and not indicator.is_due(campaign.period):
                note.append(f"Chỉ tiêu đánh giá vào kỳ: {', '.join(indicator.periods)}")
            lines.append({
                layout.OBJ_TARGET: indicator.text if indicator else None,
                layout.OBJ_MEASURE: measure.text if measure else None,
                layout.OBJ_DEADLINE: measure.deadline if measure else None,
                layout.OBJ_RESPONSIBLE: measure.responsible if measure else None,
                layout.OBJ_NOTE: "; ".join(note) or None,
            })
        first = row
        for line in lines:
            for column in range(1, width + 1):
                sheet.cell(row, column)._style = copy(styles[column - 1])
            for name, value in line.items():
                if name in table.columns and value:
                    write_text(sheet.cell(row, table.columns[name]), value)
            row += 1
        for name, value in ((layout.OBJ_NUMBER, objective.number), (layout.OBJ_TITLE, objective.title)):
            found = table.columns.get(name)
            if found:
                write_text(sheet.cell(first, found), value)
                if row - 1 > first:
                    sheet.merge_cells(start_row=first, start_column=found, end_row=row - 1, end_column=found)
    fit_row_heights(sheet, top, row - 1)
    if footer is not None:
        _put_rows(sheet, footer, row + 1 - footer_start)
    sheet.print_title_rows = f"{table.header_row}:{table.header_row}"
    last_column = get_column_letter(max(table.columns.values()))
    return f"{_quote(sheet.title)}!$A${table.header_row}:${last_column}${table.header_row}"


def _fill_results(sheet, campaign: Campaign, objectives, previous: Mapping[str, PreviousCell]) -> tuple[str, str]:
    known = layout.RESULT_COLUMNS + (layout.RESULT_OBJECTIVE_TITLE,)
    table = _find_table(sheet, layout.RESULT_REQUIRED + (layout.RESULT_VERDICT,), known)
    width = max(max(table.columns.values()), sheet.max_column)
    header = table.header_row
    due_styles = _row_styles(sheet, header + 1, width)
    locked_styles = _row_styles(sheet, header + 2, width)
    footer_range = table.footer
    if footer_range and footer_range[0] <= header + 2:
        footer_range = (header + 3, footer_range[1]) if footer_range[1] >= header + 3 else None
    footer = _clear_rows(sheet, footer_range[0], footer_range[1], width) if footer_range else None
    _clear_rows(sheet, header + 1, header + 2, width)
    col = table.columns

    def ref(name: str, row: int) -> str:
        return f"{get_column_letter(col[name])}{row}"

    validations = _Validations(sheet)
    row = header + 1
    number = 0
    for objective in objectives:
        for indicator in objective.indicators:
            number += 1
            target = indicator.target
            due = indicator.is_due(campaign.period)
            inputs = set()
            if due:
                inputs = {layout.RESULT_VALUE, layout.RESULT_EXPLANATION}
                if target.is_quantitative:
                    inputs |= {layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR}
                if target.needs_baseline and target.baseline is None and indicator.code not in previous:
                    inputs.add(layout.RESULT_BASELINE)
            for column in range(1, width + 1):
                cell = sheet.cell(row, column)
                header_name = next((name for name, index in col.items() if index == column), None)
                unlocked = header_name in inputs
                cell._style = copy((due_styles if due and (unlocked or header_name not in layout.RESULT_INPUT_COLUMNS)
                                    else locked_styles)[column - 1])
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
            if indicator.code in previous:
                _previous_cell(sheet.cell(row, col[layout.RESULT_BASELINE]), previous[indicator.code])
            cells = RowCells(ref(layout.RESULT_NUMERATOR, row), ref(layout.RESULT_DENOMINATOR, row),
                             ref(layout.RESULT_VALUE, row), ref(layout.RESULT_BASELINE, row))
            verdict = sheet.cell(row, col[layout.RESULT_VERDICT])
            if due:
                verdict.value = verdict_formula(target, cells)
            else:
                verdict.value = Status.NOT_DUE.label
            validations.add_row(target, cells, inputs, ref(layout.RESULT_EXPLANATION, row))
            row += 1
    last_row = row - 1
    fit_row_heights(sheet, header + 1, last_row)
    validations.attach()
    verdict_column = get_column_letter(col[layout.RESULT_VERDICT])
    if last_row > header:
        area = f"{verdict_column}{header + 1}:{verdict_column}{last_row}"
        for label, colour in ((Status.NOT_MET.label, "C00000"), (Status.EXCEEDED.label, "1F4E79"),
                              (Status.MET.label, "007A33"), (Status.NO_DATA.label, "B26B00")):
            sheet.conditional_formatting.add(area, FormulaRule(
                formula=[f'{verdict_column}{header + 1}="{label}"'], font=Font(color=colour, bold=True)))
    if footer is not None and footer_range is not None:
        _put_rows(sheet, footer, max(last_row, header) + 2 - footer_range[0])
    sheet.print_title_rows = f"{header}:{header}"
    last_column = get_column_letter(max(col.values()))
    quoted = _quote(sheet.title)
    rows_ref = f"{quoted}!$A${header + 1}:${last_column}${max(last_row, header + 1)}"
    return f"{quoted}!$A${header}:${last_column}${header}", rows_ref


def _previous_cell(cell, previous: PreviousCell) -> None:
    """A Kết quả kỳ trước cell filled from the previous round: locked, coloured, with where it came from."""
    cell.value = previous.value
    cell.protection = Protection(locked=True)
    cell.fill = PREVIOUS_FILL
    cell.font = Font(name=cell.font.name, size=cell.font.sz, italic=True, bold=previous.baseline)
    cell.number_format = "0.00" if previous.percent else "General"
    height, width = PREVIOUS_COMMENT_SIZE
    cell.comment = Comment(previous.note, "xlqms", height=height, width=width)


class _Validations:
    """Data validation of the input cells, with Vietnamese prompts and error alerts."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.decimal = self._make("decimal", None, "Nhập một số",
                                  "Nhập một số không âm, ví dụ 95,7 cho 95,7% hoặc 1540 cho một số lượng. "
                                  "Để trống nếu chưa có số liệu.",
                                  "Phải là một số không âm (ví dụ 95,7). Không gõ dấu % hay chữ.",
                                  operator="greaterThanOrEqual", formula1="0")
        self.pass_fail = self._make("list", None, "Chọn Đạt / Không đạt",
                                    "Chọn “Đạt” hoặc “Không đạt” trong danh sách.",
                                    "Chỉ chọn “Đạt” hoặc “Không đạt” trong danh sách.",
                                    formula1=layout.NAME_PASS_FAIL_LIST)
        self.text = self._make("textLength", None, "Thuyết minh",
                               "Ghi giải thích, nguyên nhân, nhất là khi chỉ tiêu không đạt.",
                               "Thuyết minh dài quá 2.000 ký tự: rút gọn lại.",
                               operator="lessThanOrEqual", formula1="2000")
        self.custom = []

    def _make(self, kind, formula, title, prompt, error, **options):

        validation = DataValidation(type=kind, allow_blank=True, showInputMessage=True, showErrorMessage=True,
                                    promptTitle=title, prompt=prompt, errorTitle="Giá trị không hợp lệ",
                                    error=error, errorStyle="stop", **options)
        if formula:
            validation.formula1 = formula
        return validation

    def add_row(self, target, cells: RowCells, inputs, explanation: str) -> None:
        n, d = cells.numerator, cells.denominator
        if layout.RESULT_NUMERATOR in inputs:
            for cell, other, rule in ((n, d, f"{n}<={d}"), (d, n, f"{n}<={d}")):
                validation = self._make(
                    "custom", f"AND(ISNUMBER({cell}),{cell}>=0,OR(NOT(ISNUMBER({other})),{rule}))",
                    "Tử số / Mẫu số" if cell == n else "Mẫu số",
                    "Tử số: số đạt yêu cầu (ví dụ 1540 hồ sơ đúng hạn). Mẫu số: tổng số (ví dụ 1587 hồ sơ). "
                    "Tỷ lệ được tính tự động; để trống cột Kết quả.",
                    "Tử số và Mẫu số phải là số không âm, và Tử số không được lớn hơn Mẫu số.",
                )
                validation.add(cell)
                self.custom.append(validation)
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


def _fill_identity(workbook, sheet, identity: dict[str, str]) -> None:

    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.value = None
    sheet["A1"], sheet["B1"] = "key", "value"
    for row, key in enumerate(layout.IDENTITY_KEYS, start=2):
        sheet.cell(row, 1, key)
        write_text(sheet.cell(row, 2), identity[key])
        name = layout.identity_defined_name(key)
        value = identity[key]
        if len(value) <= MAX_NAME_TEXT:
            _define(workbook, name, '"' + value.replace('"', '""') + '"')
        elif name in workbook.defined_names:
            del workbook.defined_names[name]
        prop = layout.PROPERTY_PREFIX + key
        for existing in list(workbook.custom_doc_props.props):
            if existing.name == prop:
                workbook.custom_doc_props.props.remove(existing)
        workbook.custom_doc_props.append(StringProperty(name=prop, value=value))


MAX_NAME_TEXT = 255
"""Excel's longest text constant in a formula; a longer identity value gets no defined name."""


def _column_width(sheet, column: int) -> float:
    dimension = sheet.column_dimensions.get(get_column_letter(column))
    return dimension.width if dimension is not None and dimension.width else 8.43


def _lines(text: str, width: float, size: float) -> int:
    per_line = max(4.0, width * 1.15 * 11 / size)
    return sum(max(1, -(-len(part) // int(per_line))) for part in str(text).split("\n"))


def fit_row_heights(sheet, first: int, last: int, minimum: float = 15.0, measured: dict[str, str] | None = None,
                    ) -> None:
    """Set row heights so wrapped text shows whole (spreadsheets do not always do it on load).

    ``measured`` maps a cell's text to the (longer) text its row must have room for.
    """
    measured = measured or {}
    spans = {}
    for merged in sheet.merged_cells.ranges:
        if merged.max_row >= first and merged.min_row <= last:
            spans[(merged.min_row, merged.min_col)] = merged
    needed: dict[int, float] = {}
    tall = []
    for row in range(first, last + 1):
        for cell in sheet[row]:
            if (not isinstance(cell.value, str) or not cell.value or cell.data_type == "f"
                    or (cell.coordinate in sheet.merged_cells and (row, cell.column) not in spans)):
                continue
            size = float(cell.font.sz or 11) if cell.font else 11.0
            merged = spans.get((row, cell.column))
            columns = range(cell.column, (merged.max_col if merged else cell.column) + 1)
            width = sum(_column_width(sheet, column) for column in columns)
            height = _lines(measured.get(cell.value, cell.value), width, size) * size * 1.32 + 3
            if merged and merged.max_row > merged.min_row:
                tall.append((merged.min_row, merged.max_row, height))
            else:
                needed[row] = max(needed.get(row, minimum), height)
    for row in range(first, last + 1):
        current = sheet.row_dimensions[row].height
        sheet.row_dimensions[row].height = max(needed.get(row, minimum), current or 0)
    for top, bottom, height in tall:
        have = sum(sheet.row_dimensions[row].height or minimum for row in range(top, bottom + 1))
        if have < height:
            sheet.row_dimensions[bottom].height = (sheet.row_dimensions[bottom].height or minimum) + height - have
