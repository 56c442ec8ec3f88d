"""The fast sheet writer of the consolidated workbook, and the template's fast style copy: the one
module that touches openpyxl's internals.

openpyxl spends 10–15 µs per cell even in write-only mode; a national round's summary has ~900,000
cells. :class:`StreamedSheet` writes the ``<c>`` elements as text itself and splices them into the
sheet XML that openpyxl's own (private) worksheet writer produces — everything else (column widths,
merged cells, frozen panes, filters, conditional formatting, charts, print setup) stays openpyxl's.
That reaches into openpyxl's private modules, so it is confined here and guarded: it is used only
with the openpyxl versions it was written and tested for (:data:`FAST_PATH_OPENPYXL`). With any
other version :func:`new_workbook` falls back to :class:`PlainSheet` over an ordinary workbook —
cell by cell through openpyxl's public API: slower, never wrong. A test keeps both paths giving the
same workbook content.

:func:`style_snapshot` / :func:`apply_style` copy a cell's whole look and lock in one step (the
style array openpyxl keeps per cell) for the unit-workbook template (:mod:`xlqms.template_rows`),
where copying font, fill, border, alignment, format and protection one by one through the public
API costs most of the time of building a workbook; same guard, same public fallback.

Usage::

    book, sheet_class = new_workbook()
    sheet = sheet_class(book, "Tổng quan")
    bold = sheet.style(CellStyle(font=Font(bold=True)))
    sheet.put(1, 1, "Tiêu đề", bold)      # row by row
    sheet.close()
    book.save(path)
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from copy import copy
from dataclasses import dataclass

import openpyxl
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, get_time_format
from openpyxl.styles import Alignment, Border, PatternFill, Protection
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils.datetime import to_excel
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.cell_range import MultiCellRange

from xlqms.spreadsheet import column_letter, write_text
from xlqms.text import sheet_text

FAST_PATH_OPENPYXL = ("3.1",)
"""openpyxl major.minor versions whose sheet writing :class:`StreamedSheet` was written and tested for."""

try:   # openpyxl's internals: present in the versions above, perhaps not in others
    from openpyxl.compat.numbers import NUMERIC_TYPES
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.worksheet._writer import WorksheetWriter
except ImportError:  # another openpyxl: the public path (PlainSheet) is used
    NUMERIC_TYPES, WorksheetWriter, StyleArray = (int, float), None, None


def fast_path_available(version: str | None = None) -> bool:
    """Whether :class:`StreamedSheet` may be used with this openpyxl (or ``version``)."""
    version = openpyxl.__version__ if version is None else version
    return WorksheetWriter is not None and ".".join(version.split(".")[:2]) in FAST_PATH_OPENPYXL


def new_workbook(fast: bool | None = None) -> tuple[Workbook, type[StreamedSheet] | type[PlainSheet]]:
    """An empty workbook and the sheet writer to fill it with: :class:`StreamedSheet` in a write-only
    workbook when the fast path is available (or ``fast`` is True), else :class:`PlainSheet`."""
    if fast is None:
        fast = fast_path_available()
    if fast:
        return Workbook(write_only=True), StreamedSheet
    book = Workbook()
    book.remove(book.active)
    return book, PlainSheet


def style_snapshot(cell, fast: bool | None = None):
    """A cell's look and lock, to give to other cells of the same workbook with :func:`apply_style`."""
    if fast_path_available() if fast is None else fast:
        return copy(cell._style)
    return (copy(cell.font), copy(cell.fill), copy(cell.border), copy(cell.alignment), cell.number_format,
            copy(cell.protection))


def blank_snapshot(cell, fast: bool | None = None):
    """The look of a cell never styled (in ``cell``'s workbook): what a cleared cell goes back to."""
    if fast_path_available() if fast is None else fast:
        return StyleArray()
    return (copy(DEFAULT_FONT), PatternFill(), Border(), Alignment(), "General", Protection())


def apply_style(snapshot, cell) -> None:
    """Give ``cell`` the look and lock of :func:`style_snapshot` (or :func:`blank_snapshot`)."""
    if isinstance(snapshot, tuple):
        cell.font, cell.fill, cell.border = (copy(part) for part in snapshot[:3])
        cell.alignment, cell.number_format, cell.protection = copy(snapshot[3]), snapshot[4], copy(snapshot[5])
    else:
        cell._style = copy(snapshot)


@dataclass(frozen=True)
class CellStyle:
    """A cell's look: openpyxl Font / PatternFill / Border / Alignment objects and a number format."""

    font: object = None
    fill: object = None
    border: object = None
    alignment: object = None
    number_format: str | None = None

    def __hash__(self) -> int:
        # openpyxl's style objects hash themselves recursively on every call (tens of µs): a look used
        # for thousands of cells is hashed once.
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash((self.font, self.fill, self.border, self.alignment, self.number_format))
            object.__setattr__(self, "_hash", cached)
        return cached


class StreamedSheet:
    """A sheet of an openpyxl ``Workbook(write_only=True)`` whose cells we serialise ourselves.

    openpyxl spends 10–15 µs per cell even in write-only mode (a cell object, its style hashed, lxml
    elements); this writes the same ``<c>`` elements as text (~1 µs) into a temporary file, spliced
    into the sheet XML that openpyxl writes when the sheet is closed (UTF-8 text where openpyxl writes
    character references: the same content). Everything but the cells stays openpyxl's: column
    widths, merged cells, frozen panes, auto-filter, conditional formatting, charts, print setup —
    set them on :attr:`worksheet` before :meth:`close`. Cells are written row by row: a row cannot
    be written after a later one (cells within a row may come in any order). Values as
    :func:`write_text` leaves them in openpyxl: text inline, never a formula nor an error value
    ('#N/A' typed is text), numbers, booleans, dates (given a date format unless the style has a
    number format of its own).
    """

    _CHUNK = 2000            # rows kept in memory before they go to the temporary file

    def __init__(self, book, title: str):
        if WorksheetWriter is None:
            raise RuntimeError(f"openpyxl {openpyxl.__version__}: the streamed path is unavailable; use new_workbook()")
        self.book = book
        self.worksheet = book.create_sheet(title)
        self._numeric = NUMERIC_TYPES
        self._illegal = ILLEGAL_CHARACTERS_RE
        self._style_ids: dict = {}
        self._date_styles: dict = {}
        self._formatted: set[int] = set()      # style ids that give a number format of their own
        self._letters: dict[int, str] = {}
        self._texts: dict[str, str] = {}
        self._rows_file = tempfile.TemporaryFile()
        self._chunks: list[str] = []
        self._row = 0
        self._cells: dict[int, str] = {}
        self._heights: dict[int, float] = {}
        self._max_row = self._max_column = 0
        self._min_row = self._min_column = 0
        self._closed = False
        self._merges: list[str] = []      # merged ranges, given to openpyxl at once when the sheet closes

    # -- styles and dimensions -----------------------------------------------------------------
    def style(self, style: CellStyle) -> int:
        """The workbook's id of ``style`` (0: the default look); look it up once, pass the id to :meth:`put`."""
        found = self._style_ids.get(style)
        if found is None:
            cell = WriteOnlyCell(self.worksheet)
            _apply_style(cell, style)
            found = self._style_ids[style] = cell.style_id if cell.has_style else 0
            if style.number_format:
                self._formatted.add(found)
        return found

    def row_height(self, row: int, height: float) -> None:
        if row < self._row:
            raise ValueError(f"row {row} is already written")
        self._heights[row] = height

    def column_width(self, column: int, width: float) -> None:
        self.worksheet.column_dimensions[column_letter(column)].width = width

    def merge(self, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
        # Kept until close: openpyxl's MultiCellRange.add compares each range with all the others
        # (quadratic: 4 s for the 3,341 merges of a national round's provenance sheet).
        self._merges.append(f"{column_letter(first_column)}{first_row}:{column_letter(last_column)}{last_row}")

    # -- cells ----------------------------------------------------------------------------------
    def put(self, row: int, column: int, value, style: int = 0) -> None:
        """Write ``value`` at (row, column) with a style id from :meth:`style`."""
        if row != self._row:
            self._advance(row)
        letter = self._letters.get(column)
        if letter is None:
            letter = self._letters[column] = column_letter(column)
        styled = f' s="{style}"' if style else ""
        if isinstance(value, str):
            value = sheet_text(value)          # user text: control characters never break the file
            tail = self._texts.get(value)
            if tail is None:
                tail = self._text_tail(value)
                if len(self._texts) < 100_000:
                    self._texts[value] = tail
            xml = f'<c r="{letter}{row}"{styled}{tail}'
        elif value is None:
            if not style:
                self._cells.pop(column, None)
                return
            xml = f'<c r="{letter}{row}"{styled} t="n"></c>'
        elif isinstance(value, bool):
            xml = f'<c r="{letter}{row}"{styled} t="b"><v>{int(value)}</v></c>'
        elif isinstance(value, self._numeric):
            xml = f'<c r="{letter}{row}"{styled} t="n"><v>{_number(value)}</v></c>'
        elif isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
            if getattr(value, "tzinfo", None) is not None:
                raise TypeError("Excel does not support timezones in datetimes. "
                                "The tzinfo in the datetime/time object must be set to None.")
            style = self._date_style(style, type(value))
            styled = f' s="{style}"' if style else ""
            xml = f'<c r="{letter}{row}"{styled} t="n"><v>{_number(to_excel(value, self.book.epoch))}</v></c>'
        else:
            raise ValueError(f"Cannot convert {value!r} to Excel")
        self._cells[column] = xml
        if column > self._max_column:
            self._max_column = column
        if not self._min_column or column < self._min_column:
            self._min_column = column

    def _text_tail(self, value: str) -> str:
        """What follows ``<c r=".." s=".."`` for a text: as openpyxl writes it (never a formula)."""
        if len(value) > 32767:
            value = value[:32767]
        if self._illegal.search(value):
            raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
        if not value:
            return ' t="inlineStr"></c>'
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f' t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'

    def _date_style(self, style: int, kind) -> int:
        """As openpyxl when the value is set before the style: a date gets a date format unless the
        style gives a number format of its own (which then wins, as it does on an openpyxl cell)."""
        if style in self._formatted:
            return style
        key = (style, kind)
        found = self._date_styles.get(key)
        if found is None:
            cell = WriteOnlyCell(self.worksheet)
            cell._style = copy(self.book._cell_styles[style])
            cell.number_format = get_time_format(kind)
            found = self._date_styles[key] = cell.style_id
        return found

    def _advance(self, row: int) -> None:
        if row < self._row:
            raise ValueError(f"row {row} comes after row {self._row}, already written")
        self._flush_row()
        for pending in sorted(r for r in self._heights if r < row):
            self._chunks.append(f'<row r="{pending}"{self._row_attributes(pending)}></row>')
        self._row = row

    def _row_attributes(self, row: int) -> str:
        height = self._heights.pop(row, None)
        return "" if height is None else f' ht="{_number(height)}" customHeight="1"'

    def _flush_row(self) -> None:
        row, cells = self._row, self._cells
        if not row or (not cells and row not in self._heights):
            return
        if cells:
            self._max_row = row
            if not self._min_row:
                self._min_row = row
        ordered = cells.values() if list(cells) == sorted(cells) else (cells[c] for c in sorted(cells))
        self._chunks.append(f'<row r="{row}"{self._row_attributes(row)}>{"".join(ordered)}</row>')
        self._cells = {}
        if len(self._chunks) >= self._CHUNK:
            self._spill()

    def _spill(self) -> None:
        self._rows_file.write("".join(self._chunks).encode("utf-8"))
        self._chunks = []

    # -- the end ----------------------------------------------------------------------------------
    def close(self) -> None:
        """Finish the sheet: its rows, then openpyxl's XML around them. Nothing can change afterwards."""
        if self._closed:
            return
        self._advance(max([self._row + 1, *self._heights]) + 1)
        self._spill()
        self._closed = True
        worksheet = self.worksheet
        if self._merges:
            worksheet.merged_cells = MultiCellRange(" ".join([str(worksheet.merged_cells), *self._merges]).strip())
        if self._max_row:
            dimension = (f"{column_letter(self._min_column)}{self._min_row}:"
                         f"{column_letter(self._max_column)}{self._max_row}")
            worksheet.calculate_dimension = lambda: dimension
        writer = SplicedWorksheetWriter(worksheet, self._rows_file)
        worksheet._writer = writer
        writer.write_top()
        worksheet.close()


class PlainSheet:
    """:class:`StreamedSheet`'s interface over an ordinary openpyxl worksheet (cell by cell, slow).

    The reference the streamed output is compared with in the tests.
    """

    def __init__(self, book, title: str):
        self.book = book
        self.worksheet = book.create_sheet(title)
        self._styles: list[CellStyle | None] = [None]

    def style(self, style: CellStyle) -> int:
        self._styles.append(style)
        return len(self._styles) - 1

    def row_height(self, row: int, height: float) -> None:
        self.worksheet.row_dimensions[row].height = height

    def column_width(self, column: int, width: float) -> None:
        self.worksheet.column_dimensions[column_letter(column)].width = width

    def merge(self, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
        self.worksheet.merge_cells(start_row=first_row, start_column=first_column, end_row=last_row,
                                   end_column=last_column)

    def put(self, row: int, column: int, value, style: int = 0) -> None:
        cell = self.worksheet.cell(row, column)
        write_text(cell, value)
        look = self._styles[style]
        if look is not None:
            _apply_style(cell, look)

    def close(self) -> None:
        pass


def _apply_style(cell, style: CellStyle) -> None:
    if style.font is not None:
        cell.font = style.font
    if style.fill is not None:
        cell.fill = style.fill
    if style.border is not None:
        cell.border = style.border
    if style.alignment is not None:
        cell.alignment = style.alignment
    if style.number_format:
        cell.number_format = style.number_format


def _escape(text: str) -> str:
    """XML character data, as lxml escapes it (a carriage return kept as a reference)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _number(value) -> str:
    """A number as openpyxl writes it (``%.16g``; NaN and infinities as empty)."""
    if value != value or value in (float("inf"), float("-inf")):
        return ""
    return "%.16g" % value   # noqa: UP031 - byte for byte what openpyxl writes


if WorksheetWriter is not None:
    class SplicedWorksheetWriter(WorksheetWriter):
        """openpyxl's WorksheetWriter, writing an empty <sheetData> and splicing our rows into it on close."""

        def __init__(self, worksheet, rows_file):
            super().__init__(worksheet)
            self._rows_file = rows_file

        def write_rows(self):
            xf = self.xf.send(True)
            with xf.element("sheetData"):
                pass
            self.xf.send(None)

        def close(self):
            super().close()
            if self._rows_file is None:
                return
            rows, self._rows_file = self._rows_file, None
            with open(self.out, "rb") as source:
                xml = source.read()
            start = xml.index(b"<sheetData")
            end = xml.index(b">", start) + 1
            if not xml[:end].endswith(b"/>"):
                end = xml.index(b"</sheetData>", end) + len(b"</sheetData>")
            with open(self.out, "wb") as target:
                target.write(xml[:start])
                target.write(b"<sheetData>")
                rows.seek(0)
                shutil.copyfileobj(rows, target, 1 << 20)
                target.write(b"</sheetData>")
                target.write(xml[end:])
            rows.close()
