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
from typing import Any

from openpyxl.packaging.custom import StringProperty
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.protection import SheetProtection

from xlqms import layout
from xlqms.campaign import Campaign
from xlqms.results_sheet import fill_results
from xlqms.spreadsheet import write_text
from xlqms.template_rows import TemplateError, clear_rows, find_table, fit_row_heights, put_rows, quote, row_styles
from xlqms.text import header_key
from xlqms.trends import PreviousCell

__all__ = ["TemplateError", "fill_template", "fit_row_heights", "substitute"]

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


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
    results_range = fill_results(sheets[layout.RESULTS_SHEET], campaign, objectives, previous or {})
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


def _define(workbook, name: str, reference: str) -> None:
    if name in workbook.defined_names:
        del workbook.defined_names[name]
    workbook.defined_names[name] = DefinedName(name, attr_text=reference)


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
    return f"{quote(sheet.title)}!${column}${first.row}:${column}${second.row}"


def _fill_objectives(sheet, campaign: Campaign, objectives) -> str:
    headers = layout.OBJECTIVE_COLUMNS
    table = find_table(sheet, (layout.OBJ_NUMBER, layout.OBJ_TITLE, layout.OBJ_TARGET), headers)
    width = max(max(table.columns.values()), sheet.max_column)
    top = table.header_row + 1
    styles = row_styles(sheet, top, width)
    footer = clear_rows(sheet, table.footer[0], table.footer[1], width) if table.footer else None
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
                styles[column - 1].apply(sheet.cell(row, column))
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
        put_rows(sheet, footer, row + 1 - footer_start)
    sheet.print_title_rows = f"{table.header_row}:{table.header_row}"
    sheet.freeze_panes = f"A{table.header_row + 1}"
    last_column = get_column_letter(max(table.columns.values()))
    return f"{quote(sheet.title)}!$A${table.header_row}:${last_column}${table.header_row}"


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
