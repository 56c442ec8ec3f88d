"""The cells of a returned workbook's sheets, the same for .xlsx, .ods and .xls, read with bounded work.

Every reader (:mod:`xlqms.xlsx_cells`, :mod:`xlqms.ods_cells`, :mod:`xlqms.xls_cells`) streams the
sheets it is asked for and puts each cell it finds into a :class:`SheetCells` through
:class:`GridBuilder`, which is where the bounds are:

* the extent is that of the cells actually present, never a ``<dimension>`` or a sheet's declared
  size; nothing is allocated for the empty space between cells;
* a cell with a value beyond :data:`FORM_ROWS` × :data:`FORM_COLUMNS` (a stray keystroke in
  XFD1048576) is not placed in the grid: it is listed in :attr:`SheetCells.far` with its address
  (the reader makes a warning of it);
* more than :data:`MAX_CELLS` cell elements in one sheet stops the reading (``too_large``).
* a cell given two different values (two ``<c>`` of one address, two ``<row>`` of one number) is
  listed in :attr:`SheetCells.conflicts`: which of the two Excel shows is not known, so the reader
  rejects the file rather than pick one.

Values are as python-calamine gives them — ``None``, ``str`` (NFC), ``float``, ``bool``,
``datetime`` for a number under a date format — plus :class:`CellError` (``#REF!``…) and
:class:`UncachedFormula` (a formula whose value the file does not store). The kind of each
cell's number format (:mod:`xlqms.number_formats`) is in :attr:`SheetCells.formats`. Every text
is checked for TCVN3 / VNI (:mod:`xlqms.legacy_text`): converted ones are replaced and listed in
:attr:`SheetCells.legacy`, suspect ones kept and listed there too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol

from xlqms import layout
from xlqms.legacy_text import LegacyText, read_legacy
from xlqms.spreadsheet import cell_ref
from xlqms.text import nfc

FORM_ROWS = 20_000          # a unit workbook's sheets fit in a few hundred rows …
FORM_COLUMNS = 200          # … and a few dozen columns: cells beyond are far outside the form
MAX_CELLS = 250_000         # cell elements read in one sheet before it is too large to be a return
FAR_LISTED = 10             # far cells kept with their address (all are counted)

EPOCH_1900 = dt.datetime(1899, 12, 30)   # serial 0 of the 1900 date system (after its 1900 leap-day bug)
EPOCH_1904 = dt.datetime(1904, 1, 1)     # serial 0 of the 1904 date system (old Mac Excel)


@dataclass(frozen=True)
class CellError:
    """An error value shown in the cell (``#REF!``, ``#VALUE!``, ``#N/A``, ``#DIV/0!`` …)."""

    code: str

    def __str__(self) -> str:
        return self.code


@dataclass(frozen=True)
class UncachedFormula:
    """A formula whose result the file does not hold (saved by a program that does not compute)."""

    formula: str

    def __str__(self) -> str:
        return "=" + self.formula if self.formula else "(công thức)"


@dataclass
class SheetCells:
    """One sheet's cells within the form: ``rows[r][c]`` (0-based, ragged rows, None where empty)."""

    name: str
    rows: list[list] = field(default_factory=list)
    formats: dict[tuple[int, int], str] = field(default_factory=dict)   # (row, column) -> number-format kind
    formats_known: bool = True
    far: list[tuple[str, object]] = field(default_factory=list)         # (A1 address, value), the first few
    far_count: int = 0
    cells: int = 0
    too_large: bool = False
    legacy: dict[tuple[int, int], LegacyText] = field(default_factory=dict)
    focused: bool = False      # True: read with a column focus (other columns below its row are left out)
    unresolved: int = 0        # text cells whose shared string the file lacks (a broken or missing part)
    conflicts: list[str] = field(default_factory=list)   # A1 addresses given two different values (the first few)

    def value(self, row: int, column: int):
        if row < len(self.rows) and column < len(self.rows[row]):
            return self.rows[row][column]
        return None

    def format_of(self, row: int, column: int) -> str | None:
        """The number-format kind of a cell ('' plain), or None when formats could not be read."""
        if not self.formats_known:
            return None
        return self.formats.get((row, column), "")


ColumnFocus = Callable[[list], "frozenset[int] | None"]
"""Given a row just read (its values), the columns the caller needs from the rows below it, or None
(every column, for now). A reader may ask it after each row until it answers, then leave the cells
of other columns below that row undecoded (a far cell is still always seen)."""


class GridBuilder:
    """Where readers put cells: bounds, far cells, TCVN3/VNI, formats (see the module docstring)."""

    def __init__(self, name: str, focus: ColumnFocus | None = None):
        self.sheet = SheetCells(name)
        self._focus = focus
        self.columns: frozenset[int] | None = None    # once decided: the columns still needed

    def row_done(self, row: int) -> None:
        """Ask the focus about the row just read, until it has answered."""
        if self._focus is None or self.columns is not None:
            return
        values = self.sheet.rows[row] if 0 <= row < len(self.sheet.rows) else []
        self.columns = self._focus(values)
        self.sheet.focused = self.columns is not None

    def skips(self, row: int, column: int) -> bool:
        """Whether a cell need not be decoded: outside the focus, inside the form."""
        columns = self.columns
        return columns is not None and column not in columns and column < FORM_COLUMNS and row < FORM_ROWS

    def count(self, cells: int = 1) -> bool:
        """Count cell elements read; False once the sheet is past :data:`MAX_CELLS` (stop reading)."""
        sheet = self.sheet
        sheet.cells += cells
        if sheet.cells > MAX_CELLS:
            sheet.too_large = True
            return False
        return True

    def put(self, row: int, column: int, value, kind: str = "") -> None:
        if value is None or (isinstance(value, str) and not value):
            return
        sheet = self.sheet
        if row >= FORM_ROWS or column >= FORM_COLUMNS or row < 0 or column < 0:
            sheet.far_count += 1
            if len(sheet.far) < FAR_LISTED:
                sheet.far.append((_address(row, column), value))
            return
        if isinstance(value, str):
            if value.isascii():
                value = value.strip()
            else:
                value, legacy = read_text(value)
                if legacy is not None:
                    sheet.legacy[(row, column)] = legacy
            if not value:
                return
        rows = sheet.rows
        while len(rows) <= row:
            rows.append([])
        cells = rows[row]
        if len(cells) <= column:
            cells.extend([None] * (column + 1 - len(cells)))
        elif cells[column] is not None and cells[column] != value and len(sheet.conflicts) < FAR_LISTED:
            sheet.conflicts.append(_address(row, column))    # one cell written twice: which one Excel shows is unsure
        cells[column] = value
        if kind:
            sheet.formats[(row, column)] = kind

    def done(self) -> SheetCells:
        return self.sheet


def stored_number(text: str) -> float:
    """A number as a file stores it (``<v>`` of an .xlsx, ``office:value`` of an .ods): Python's
    ``float`` but only for what Excel and LibreOffice read as a number too (xsd:double is ASCII):
    ``3_80`` (Python reads 380) or ``３８０`` (full-width digits) raise ValueError, to be read as
    the text they are, as a spreadsheet shows them."""
    if "_" in text or not text.isascii():
        raise ValueError(f"not a stored number: {text!r}")
    return float(text)


@lru_cache(maxsize=8192)
def read_text(value: str) -> tuple[str, LegacyText | None]:
    """A cell's text as read: NFC, and converted when it is TCVN3 / VNI (with what was found). Cached:
    the texts of one template (titles, objectives, targets) come back in every workbook of a round."""
    value = nfc(value)
    legacy = read_legacy(value)
    return (legacy.text if legacy is not None else value), legacy


def _address(row: int, column: int) -> str:
    try:
        return cell_ref(row, column)
    except ValueError:
        return f"R{row + 1}C{column + 1}"


class SerialDate(dt.datetime):
    """A date a cell shows from the day number it stores: :attr:`serial` is that number — what was
    typed, when a number went into a cell formatted as a date (the cell kept the date format of an
    earlier entry such as 9/10)."""

    serial: float

    @classmethod
    def of(cls, moment: dt.datetime, serial: float) -> SerialDate:
        stamped = cls(moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second,
                      moment.microsecond)
        stamped.serial = serial
        return stamped


def serial_to_datetime(serial: float, date1904: bool = False) -> dt.datetime | None:
    """A spreadsheet day number as a datetime (1900 or 1904 date system), a :class:`SerialDate` that
    keeps the number; None when out of range."""
    try:
        return SerialDate.of((EPOCH_1904 if date1904 else EPOCH_1900) + dt.timedelta(days=serial), serial)
    except (OverflowError, ValueError):
        return None


def dated_serial(moment: dt.datetime, epoch: dt.datetime = EPOCH_1900) -> SerialDate:
    """A date read as a date (ODF ``office:date-value``) with the day number it stands for, counted from
    ``epoch`` (ODF's default null date, 1899-12-30, is the 1900 system's serial 0)."""
    delta = moment - epoch
    return SerialDate.of(moment, delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000)


def identity_properties(defined_names: dict[str, str], custom: dict[str, str]) -> dict[str, str]:
    """Identity keys (:data:`xlqms.layout.IDENTITY_KEYS`) from defined names ``XLQMS_<KEY>`` (a
    constant formula ``"…"``) and custom document properties ``xlqms_<key>``; names win."""
    found: dict[str, str] = {}
    by_name = {layout.identity_defined_name(key): key for key in layout.IDENTITY_KEYS}
    by_property = {layout.PROPERTY_PREFIX + key: key for key in layout.IDENTITY_KEYS}
    for name, text in defined_names.items():
        key = by_name.get(name.upper())
        if key and text:
            found[key] = formula_constant(text)
    for name, text in custom.items():
        key = by_property.get(name)
        if key and text:
            found.setdefault(key, nfc(text))
    return {key: value for key, value in found.items() if value}


def formula_constant(text: str) -> str:
    """The text of a constant formula (``="2026"`` or ``"2026"`` → ``2026``)."""
    text = text.strip()
    if text.startswith("="):
        text = text[1:]
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].replace('""', '"')
    return nfc(text)


class WorkbookCells(Protocol):
    """What every reader gives: the sheet names, some sheets' cells, identity properties."""

    kind: str
    sheet_names: list[str]

    def read_sheets(self, names: list[str], focus: dict[str, ColumnFocus] | None = None) -> dict[str, SheetCells]: ...

    def properties(self) -> dict[str, str]: ...

    def close(self) -> None: ...
