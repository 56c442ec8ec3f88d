"""Builders for generate / formulas tests: campaigns in memory, and reading a generated Kết quả sheet.

``results_layout(path)`` finds the header row and the row of each indicator the way a reader must:
by the defined name / header text (xlqms.layout) and the Mã chỉ tiêu column, never by position.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xlqms import layout
from xlqms.campaign import Campaign, Settings
from xlqms.catalogue import Indicator, Measure, Objective
from xlqms.targets import parse_target
from xlqms.units import Hierarchy, Unit


def make_campaign(folder, units, objectives, *, period="6 tháng đầu năm", year=2026,
                  campaign_id="2026-H1-test", due=dt.date(2026, 7, 15)):
    """``units``: (code, name, level, parent); ``objectives``: (number, title, indicators, measures)
    with each indicator (code, text[, applies_to[, periods]]) and each measure (text, deadline, who)."""
    settings = Settings(year=year, period=period, title="", due_date=due, campaign_id=campaign_id,
                        issuer="UBND tỉnh Bình Định", contact="thuky.iso@binhdinh.gov.vn")
    return campaign_of(folder, settings, units, objectives)


def campaign_of(folder, settings, units, objectives) -> Campaign:
    """A Campaign from plain tuples (see :func:`make_campaign` for their shape)."""
    built = []
    for number, title, indicators, *rest in objectives:
        items = []
        for spec in indicators:
            code, text = spec[0], spec[1]
            applies_to = tuple(spec[2]) if len(spec) > 2 else ()
            periods = tuple(spec[3]) if len(spec) > 3 else ()
            items.append(Indicator(code, number, text, parse_target(text, context=title), applies_to, periods))
        measures = tuple(Measure(*measure) for measure in (rest[0] if rest else ()))
        built.append(Objective(number, title, tuple(items), measures))
    hierarchy = Hierarchy(Unit(code, name, level, parent) for code, name, level, parent in units)
    return Campaign(Path(folder), settings, hierarchy, tuple(built))


def results_layout(path):
    """(sheet name, {header: column letter}, {indicator code: row number}) of a generated file."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter, range_boundaries

    workbook = load_workbook(path)
    reference = workbook.defined_names[layout.NAME_RESULTS_HEADER].attr_text
    sheet_part, cells = reference.rsplit("!", 1)
    sheet = workbook[sheet_part.strip("'").replace("''", "'")]
    _, header_row, _, _ = range_boundaries(cells.replace("$", ""))
    values = [cell.value for cell in sheet[header_row]]
    columns = {name: get_column_letter(index + 1)
               for name, index in layout.find_header_columns(values, layout.RESULT_COLUMNS).items()}
    code_column = columns[layout.RESULT_CODE]
    _, first, _, last = range_boundaries(
        workbook.defined_names[layout.NAME_RESULTS_ROWS].attr_text.rsplit("!", 1)[1].replace("$", ""))
    rows = {}
    for row in range(first, last + 1):
        code = sheet[f"{code_column}{row}"].value
        if code:
            rows[str(code)] = row
    return sheet.title, columns, rows
