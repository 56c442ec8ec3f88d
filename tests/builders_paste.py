"""A campaign whose `Mục tiêu` sheet is replaced by a table as a paste from Word leaves it (tests of the
paste path: tests/test_campaign_paste.py, tests/test_pasted_table.py)."""

from __future__ import annotations

import shutil

from openpyxl import load_workbook

from xlqms import layout


def replace_objectives_sheet(source, folder, write_sheet):
    """Copy the campaign folder ``source`` to ``folder``, its `Mục tiêu` sheet written anew by ``write_sheet(sheet)``."""
    shutil.copytree(source, folder)
    book = load_workbook(folder / layout.CAMPAIGN_FILE)
    position = book.sheetnames.index(layout.OBJECTIVES_SHEET)
    del book[layout.OBJECTIVES_SHEET]
    write_sheet(book.create_sheet(layout.OBJECTIVES_SHEET, position))
    book.save(folder / layout.CAMPAIGN_FILE)


def copy_sheet(source):
    """A ``write_sheet`` writing the first sheet of the workbook ``source`` (values and merged cells)."""
    def write(sheet):
        original = load_workbook(source).worksheets[0]
        for row in original.iter_rows():
            for cell in row:
                if cell.value is not None:
                    sheet.cell(cell.row, cell.column, cell.value)
        for merged in original.merged_cells.ranges:
            sheet.merge_cells(str(merged))
    return write
