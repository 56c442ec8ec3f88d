"""The table mechanics of the master template: find a table by its headers, copy row styles, move the
footer (signatures) below the rows written. Shared by :mod:`xlqms.template_fill` (the Mục tiêu sheet)
and :mod:`xlqms.results_sheet` (Kết quả). Styles are copied by :mod:`xlqms.streamed_sheet` (one
guarded step, or attribute by attribute through openpyxl's public API).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.dimensions import RowDimension

from xlqms import layout
from xlqms.errors import XlqmsError
from xlqms.streamed_sheet import apply_style, blank_snapshot, style_snapshot
from xlqms.text_fit import DEFAULT_FONT, TextFont, needed_points


class TemplateError(XlqmsError):
    """The master template lacks something xlqms needs (a sheet, a header)."""

    exit_code = 2


@dataclass(frozen=True)
class Table:
    header_row: int
    columns: dict[str, int]      # header -> 1-based column
    footer: tuple[int, int] | None


class CellStyle:
    """How a cell looks and whether it is locked: a snapshot to give to other cells of its workbook."""

    def __init__(self, snapshot):
        self.snapshot = snapshot

    @classmethod
    def of(cls, cell) -> CellStyle:
        return cls(style_snapshot(cell))

    def apply(self, cell) -> None:
        apply_style(self.snapshot, cell)


def quote(sheet_name: str) -> str:
    """A sheet name as a formula writes it: 'Kết quả'."""
    return "'" + sheet_name.replace("'", "''") + "'"


def find_table(sheet, required, known) -> Table:
    """The table of ``sheet`` whose header row holds ``required`` (and maybe ``known``) headers.

    Raises :class:`TemplateError` when the header row is not there.
    """
    index, columns = layout.find_header_row(sheet.iter_rows(min_row=1, values_only=True), required, known)
    if index is not None and all(name in columns for name in required):
        row, last = index + 1, sheet.max_row
        footer_start = next((r for r in range(row + 1, last + 1)
                             if any(c.value not in (None, "") for c in sheet[r])), None)
        return Table(row, {name: column + 1 for name, column in columns.items()},
                     (footer_start, last) if footer_start else None)
    raise TemplateError(
        f"Không tìm thấy dòng tiêu đề ({', '.join(required)}) ở trang “{sheet.title}” của mẫu. "
        "Giữ nguyên chữ trong các ô tiêu đề khi sửa mẫu."
    )


def row_styles(sheet, row: int, width: int) -> list[CellStyle]:
    return [CellStyle.of(sheet.cell(row, column)) for column in range(1, width + 1)]


@dataclass
class HeldRows:
    """Rows taken out of a sheet to be put back lower down: values and styles, merges, heights."""

    cells: dict[tuple[int, int], tuple[object, CellStyle]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    heights: dict[int, float | None] = field(default_factory=dict)


def clear_rows(sheet, first: int, last: int, width: int) -> HeldRows:
    """Take rows first..last out of the sheet; return what they held (values, styles, merges, heights)."""
    held = HeldRows()
    for merged in list(sheet.merged_cells.ranges):
        if merged.min_row >= first and merged.max_row <= last:
            held.merges.append((merged.min_row, merged.min_col, merged.max_row, merged.max_col))
            sheet.unmerge_cells(merged.coord)
    for row in range(first, last + 1):
        held.heights[row] = sheet.row_dimensions[row].height
        for column in range(1, width + 1):
            cell = sheet.cell(row, column)
            held.cells[(row, column)] = (cell.value, CellStyle.of(cell))
            cell.value = None
            apply_style(blank_snapshot(cell), cell)
    return held


def put_rows(sheet, held: HeldRows, shift: int) -> None:
    """Put rows taken by :func:`clear_rows` back ``shift`` rows lower."""
    for (row, column), (value, style) in held.cells.items():
        cell = sheet.cell(row + shift, column)
        cell.value = value
        style.apply(cell)
    for row, height in held.heights.items():
        sheet.row_dimensions[row + shift].height = height
    for min_row, min_col, max_row, max_col in held.merges:
        sheet.merge_cells(start_row=min_row + shift, start_column=min_col, end_row=max_row + shift, end_column=max_col)


class AutoHeightRow(RowDimension):
    """A row with a height the application may change: written ``ht`` without ``customHeight``.

    Excel then fits the row to its wrapped text on opening and as the unit types; LibreOffice
    (7.x does not fit rows when it opens an .xlsx) starts from this height and fits the row when a
    cell of it is edited. openpyxl marks every row with a height as fixed; this subclass does not.
    """

    @property
    def customHeight(self) -> bool:
        return False


def _column_width(sheet, column: int) -> float:
    dimension = sheet.column_dimensions.get(get_column_letter(column))
    return dimension.width if dimension is not None and dimension.width else 8.43


def text_height(sheet, column: int, text: str, font: TextFont = DEFAULT_FONT) -> float:
    """The height (points) a row needs to show ``text`` wrapped in ``column`` in ``font`` (the estimate
    of :func:`fit_row_heights`, :mod:`xlqms.text_fit`)."""
    return needed_points(text, _column_width(sheet, column), font)


def fit_row_heights(sheet, first: int, last: int, minimum: float = 15.0, measured: dict[str, str] | None = None,
                    auto: bool = False, formulas: dict[tuple[int, int], str] | None = None) -> None:
    """Set row heights so wrapped text shows whole (spreadsheets do not always do it on load): each
    wrapped cell's text measured in its font and column (or merged range) by :mod:`xlqms.text_fit`.

    ``measured`` maps a cell's text to the (longer) text its row must have room for. ``auto``: the
    height is only where the row starts (:class:`AutoHeightRow`): it still grows with what is typed.
    ``formulas``: for formula cells ((row, column) → text), the longest text the formula shows.
    """
    measured = measured or {}
    spans = {}
    for merged in sheet.merged_cells.ranges:
        if merged.max_row >= first and merged.min_row <= last:
            spans[(merged.min_row, merged.min_col)] = merged
    needed: dict[int, float] = {}
    for (row, column), text in (formulas or {}).items():
        font = TextFont.of(sheet.cell(row, column).font)
        needed[row] = max(needed.get(row, minimum), text_height(sheet, column, text, font))
    tall = []
    for row in range(first, last + 1):
        for cell in sheet[row]:
            if (not isinstance(cell.value, str) or not cell.value or cell.data_type == "f"
                    or not (cell.alignment and cell.alignment.wrap_text)       # one line, whatever its length
                    or (cell.coordinate in sheet.merged_cells and (row, cell.column) not in spans)):
                continue
            merged = spans.get((row, cell.column))
            columns = range(cell.column, (merged.max_col if merged else cell.column) + 1)
            width = sum(_column_width(sheet, column) for column in columns)
            height = needed_points(measured.get(cell.value, cell.value), width, TextFont.of(cell.font))
            if merged and merged.max_row > merged.min_row:
                tall.append((merged.min_row, merged.max_row, height))
            else:
                needed[row] = max(needed.get(row, minimum), height)
    for row in range(first, last + 1):
        current = sheet.row_dimensions[row].height
        height = max(needed.get(row, minimum), current or 0)
        if auto:
            sheet.row_dimensions[row] = AutoHeightRow(sheet, index=row, ht=height)
        else:
            sheet.row_dimensions[row].height = height
    for top, bottom, height in tall:
        have = sum(sheet.row_dimensions[row].height or minimum for row in range(top, bottom + 1))
        if have < height:
            sheet.row_dimensions[bottom].height = (sheet.row_dimensions[bottom].height or minimum) + height - have
