"""Cells of .ods sheets, streamed from content.xml (see :mod:`xlqms.sheet_cells`; ODF 1.2 part 1, §9.1).

* Repeated rows and cells (``table:number-rows-repeated``, ``table:number-columns-repeated``) are
  never expanded into empty space: a repeat only moves the position; a value repeated is placed
  once per position inside the form and counted once per position outside it.
* ``office:value-type`` gives the kind: ``float``/``currency`` numbers, ``percentage`` (a percent
  format), ``date`` / ``time`` (a date), ``boolean``, ``string``; text is the cell's paragraphs
  (``text:p``) joined by line breaks, with ``text:s`` spaces and tabs.
* A ``float`` or ``currency`` cell may still be shown as a percent or a date: the cell's style
  (``table:style-name``, else the row's, else the column's ``table:default-cell-style-name``; a
  style without a data style inherits its ``style:parent-style-name``'s) names a data style
  (``style:data-style-name``, ODF 1.2 §16.27, §19.474), and a ``number:percentage-style`` is a
  percent, a ``number:date-style`` / ``number:time-style`` a date, a ``number:text-style`` text.
  LibreOffice writes such a number with the value type of its format; Gnumeric writes every number
  as ``float`` and leaves the format to the style — 97,04% typed is then 0.9704 under a
  percentage style, and a number under a date style is a day number counted from the null date.
  Data styles and cell styles are read from styles.xml and content.xml (or the flat document).
* An error shown by a formula (LibreOffice writes ``calcext:value-type="error"``) is a
  :class:`CellError`; a formula cell with no value type is an :class:`UncachedFormula`.
* Identity properties come from the named expressions ``XLQMS_<KEY>`` (the defined names of the
  workbook the .ods was made from) and ``meta.xml`` (``meta:user-defined``): Gnumeric keeps the
  former and drops the latter.
* A flat OpenDocument spreadsheet (``.fods``, one XML document, no zip) is read the same way: its
  ``office:meta`` and ``office:body`` are those of ``meta.xml`` and ``content.xml``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from xlqms.number_formats import DATE, PERCENT, PLAIN
from xlqms.number_formats import TEXT as TEXT_KIND
from xlqms.sheet_cells import (
    EPOCH_1900,
    CellError,
    ColumnFocus,
    GridBuilder,
    SerialDate,
    SheetCells,
    UncachedFormula,
    dated_serial,
    identity_properties,
    stored_number,
)
from xlqms.text import nfc
from xlqms.xml_stream import iter_xml, parse_xml

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
NUMBER = "{urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0}"
DATA_STYLE_KINDS = {NUMBER + "percentage-style": PERCENT, NUMBER + "date-style": DATE, NUMBER + "time-style": DATE,
                    NUMBER + "text-style": TEXT_KIND, NUMBER + "number-style": PLAIN, NUMBER + "currency-style": PLAIN,
                    NUMBER + "boolean-style": PLAIN}
"""Data style element → the kind of the numbers it shows (ODF 1.2 §16.27)."""
MAX_STYLE_CHAIN = 16
_FORMULA_NAMESPACE = re.compile(r"^[A-Za-z][\w.-]*:(?==)")    # of:=… (ODF 1.2 part 2 §2.3)
CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
MAX_PROPERTY_BYTES = 1024 * 1024


def _repeat(element, attribute: str) -> int:
    try:
        return max(1, int(element.get(TABLE + attribute) or 1))
    except ValueError:
        return 1


def paragraph_text(element) -> str:
    """The text of a cell: its paragraphs joined by line breaks (spaces, tabs, spans, links kept)."""
    lines = []
    for paragraph in element:
        if paragraph.tag in (TEXT + "p", TEXT + "h"):
            lines.append(_inline(paragraph))
    return "\n".join(lines)


def _inline(element) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == TEXT + "s":
            parts.append(" " * _count(child))
        elif child.tag == TEXT + "tab":
            parts.append("\t")
        elif child.tag == TEXT + "line-break":
            parts.append("\n")
        elif child.tag != OFFICE + "annotation":
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _count(element) -> int:
    try:
        return max(1, int(element.get(TEXT + "c") or 1))
    except ValueError:
        return 1


def cell_value(element, null_date: dt.datetime = EPOCH_1900, style_kind: str = PLAIN):
    """(value, number-format kind) of a ``table:table-cell``; a date keeps its day number counted from
    the document's ``null_date`` (``table:null-date``: 1899-12-30 unless set to 1904-01-01).
    ``style_kind`` is the kind of the cell's data style (:class:`CellStyles`): it decides for a
    ``float`` or ``currency`` number (a percent, or a day number shown as a date)."""
    value_type = element.get(OFFICE + "value-type")
    if element.get(CALCEXT + "value-type") == "error":
        return CellError(paragraph_text(element).strip() or "#VALUE!"), ""
    if value_type is None:
        if element.get(TABLE + "formula"):
            return UncachedFormula(element.get(TABLE + "formula") or ""), ""
        text = paragraph_text(element)
        return (text or None), ""
    if value_type in ("float", "currency", "percentage"):
        try:
            number = stored_number(element.get(OFFICE + "value") or "")
        except ValueError:
            return paragraph_text(element) or None, ""
        if value_type == "percentage":
            return number, PERCENT
        if style_kind == DATE:
            return _shown_as_date(number, null_date), DATE
        return number, style_kind
    if value_type == "date":
        text = element.get(OFFICE + "date-value") or ""
        try:
            return dated_serial(dt.datetime.fromisoformat(text), null_date), DATE
        except ValueError:
            return paragraph_text(element) or text, ""
    if value_type == "time":
        return paragraph_text(element) or element.get(OFFICE + "time-value"), DATE
    if value_type == "boolean":
        return (element.get(OFFICE + "boolean-value") or "").lower() == "true", ""
    if value_type == "string" and element.get(OFFICE + "string-value") is not None:
        return element.get(OFFICE + "string-value"), ""
    return paragraph_text(element), ""


def _shown_as_date(number: float, null_date: dt.datetime):
    """A number under a date style: the date it shows (a :class:`SerialDate` keeping the number), or
    the number itself when no date is that far from the null date."""
    try:
        return SerialDate.of(null_date + dt.timedelta(days=number), number)
    except (OverflowError, ValueError):
        return number


class CellStyles:
    """The number-format kind of each cell style of a document (see the module docstring): fed the
    ``style:style`` and data-style elements as they are parsed, asked :meth:`kind` of a style name."""

    def __init__(self):
        self._data_kinds: dict[str, str] = {}
        self._styles: dict[str, tuple[str, str]] = {}     # name → (data style name, parent style name)
        self._kinds: dict[str, str] = {}

    def add(self, element) -> bool:
        """Register ``element`` when it is a data style or a table-cell style; whether it was one."""
        tag = element.tag
        if tag in DATA_STYLE_KINDS:
            self._data_kinds[element.get(STYLE + "name") or ""] = DATA_STYLE_KINDS[tag]
        elif tag == STYLE + "style" and element.get(STYLE + "family") == "table-cell":
            self._styles[element.get(STYLE + "name") or ""] = (element.get(STYLE + "data-style-name") or "",
                                                               element.get(STYLE + "parent-style-name") or "")
        else:
            return False
        self._kinds.clear()
        return True

    def kind(self, name: str | None) -> str:
        """The kind of the numbers cell style ``name`` shows (:data:`PLAIN` for none or an unknown one)."""
        if not name:
            return PLAIN
        found = self._kinds.get(name)
        if found is None:
            found = self._kinds[name] = self._resolve(name)
        return found

    def _resolve(self, name: str) -> str:
        for _ in range(MAX_STYLE_CHAIN):
            if name not in self._styles:
                return PLAIN
            data_style, parent = self._styles[name]
            if data_style:
                return self._data_kinds.get(data_style, PLAIN)
            name = parent
        return PLAIN


class ColumnStyles:
    """The default cell style of each column of one table (``table:table-column``, repeats as ranges)."""

    def __init__(self):
        self._ranges: list[tuple[int, str]] = []     # (first column after the range, style name)
        self._end = 0

    def add(self, element) -> None:
        self._end += _repeat(element, "number-columns-repeated")
        self._ranges.append((self._end, element.get(TABLE + "default-cell-style-name") or ""))

    def style(self, column: int) -> str:
        for end, name in self._ranges:
            if column < end:
                return name
        return ""


def _null_date(element, default: dt.datetime) -> dt.datetime:
    """The day of serial 0 a document sets (``table:null-date table:date-value``), else ``default``."""
    try:
        return dt.datetime.fromisoformat(element.get(TABLE + "date-value") or "")
    except ValueError:
        return default


class OdsCells:
    """An .ods opened for reading cells; see the module docstring."""

    kind = "ods"

    def __init__(self, data: bytes):
        self._flat = None if data[:2] == b"PK" else data    # a flat .fods: one XML document, no zip
        self._archive = zipfile.ZipFile(io.BytesIO(data)) if self._flat is None else None
        self.sheet_names = self._table_names()

    def _common_styles(self) -> CellStyles:
        """The cell and data styles of styles.xml (none in a flat document: its styles come with its body)."""
        styles = CellStyles()
        if self._archive is None or "styles.xml" not in self._archive.namelist():
            return styles
        with self._archive.open("styles.xml") as stream:
            for _event, element in iter_xml(stream, ("end",)):
                if styles.add(element):
                    element.clear()
        return styles

    def close(self) -> None:
        if self._archive is not None:
            self._archive.close()

    def _content(self):
        """The document holding the tables: content.xml of the zip, or the flat document itself."""
        if self._archive is not None:
            return self._archive.open("content.xml")
        return io.BytesIO(self._flat or b"")

    def _table_names(self) -> list[str]:
        names = []
        with self._content() as stream:
            for _event, element in iter_xml(stream, ("start",)):
                if element.tag == TABLE + "table":
                    names.append(nfc(element.get(TABLE + "name") or ""))
        return names

    def read_sheets(self, names: list[str], focus: dict[str, ColumnFocus] | None = None) -> dict[str, SheetCells]:
        """The cells of the sheets named (those that exist); ``focus`` is not needed here (small files)."""
        wanted = set(names)
        sheets: dict[str, SheetCells] = {}
        builder: GridBuilder | None = None
        row = column = 0
        stop = False
        null_date = EPOCH_1900
        styles = self._common_styles()
        columns = ColumnStyles()
        row_style = ""
        with self._content() as stream:
            for event, element in iter_xml(stream):
                tag = element.tag
                if event == "start":
                    if tag == TABLE + "table":
                        name = nfc(element.get(TABLE + "name") or "")
                        builder = GridBuilder(name) if name in wanted else None
                        row = 0
                        columns = ColumnStyles()
                    elif tag == TABLE + "table-row":
                        column = 0
                        row_style = element.get(TABLE + "default-cell-style-name") or ""
                    elif tag == TABLE + "null-date":
                        null_date = _null_date(element, null_date)
                    continue
                if builder is None and styles.add(element):
                    element.clear()
                    continue
                if tag == TABLE + "table-column":
                    columns.add(element)
                    continue
                if tag == TABLE + "table":
                    if builder is not None:
                        sheets[builder.sheet.name] = builder.done()
                        builder = None
                        if len(sheets) == len(wanted):
                            break
                    element.clear()
                elif builder is None or stop:
                    if tag == TABLE + "table-row":
                        element.clear()
                    continue
                elif tag in (TABLE + "table-cell", TABLE + "covered-table-cell"):
                    repeat = _repeat(element, "number-columns-repeated")
                    if tag == TABLE + "table-cell":
                        style = element.get(TABLE + "style-name") or row_style or columns.style(column)
                        value, kind = cell_value(element, null_date, styles.kind(style))
                    else:
                        value, kind = None, ""
                    if value is not None:
                        for offset in range(repeat):
                            if not builder.count():
                                stop = True
                                break
                            builder.put(row, column + offset, value, kind)
                    column += repeat
                elif tag == TABLE + "table-row":
                    rows = _repeat(element, "number-rows-repeated")
                    values = [(index, child) for index, child in enumerate(element)]
                    if rows > 1 and any(child.get(OFFICE + "value-type") or paragraph_text(child)
                                        for _, child in values):
                        first = builder.sheet.rows[row] if row < len(builder.sheet.rows) else []
                        for extra in range(1, rows):
                            if not builder.count(len(first)):
                                stop = True
                                break
                            for position, value in enumerate(first):
                                builder.put(row + extra, position, value, builder.sheet.formats.get((row, position), ""))
                    row += rows
                    element.clear()
        return sheets

    def properties(self) -> dict[str, str]:
        """Identity from the named expressions ``XLQMS_<KEY>`` holding a constant text (how an .ods keeps
        the defined names of the .xlsx it was made from: ``table:named-expression``, ODF 1.2 §9.4.13)
        and the custom properties of ``meta.xml`` (``meta:user-defined``); names win, as in .xlsx."""
        names = self._named_expressions()
        if self._archive is None:
            custom = self._flat_properties()
        else:
            try:
                info = self._archive.getinfo("meta.xml")
            except KeyError:
                info = None
            custom = {} if info is None or info.file_size > MAX_PROPERTY_BYTES else \
                self.user_defined(self._archive.read(info))
        return identity_properties(names, custom)

    def _named_expressions(self) -> dict[str, str]:
        """{name: constant formula} of the document's named expressions (streamed: they follow the tables)."""
        names: dict[str, str] = {}
        with self._content() as stream:
            for _event, element in iter_xml(stream, ("end",)):
                tag = element.tag
                if tag == TABLE + "named-expression":
                    expression = element.get(TABLE + "expression") or ""
                    names[element.get(TABLE + "name") or ""] = _FORMULA_NAMESPACE.sub("", expression, count=1)
                elif tag in (TABLE + "table-row", TABLE + "table"):
                    element.clear()
        return names

    def _flat_properties(self) -> dict[str, str]:
        """The custom properties of the ``office:meta`` of a flat document (streamed: it comes first)."""
        custom: dict[str, str] = {}
        with self._content() as stream:
            for _event, element in iter_xml(stream, ("end",)):
                if element.tag == META + "user-defined":
                    custom[element.get(META + "name") or ""] = element.text or ""
                elif element.tag == OFFICE + "meta" or element.tag == OFFICE + "body":
                    break
        return custom

    @staticmethod
    def user_defined(meta: bytes) -> dict[str, str]:
        """{name: text} of the custom properties in the bytes of a ``meta.xml``."""
        return {element.get(META + "name") or "": element.text or ""
                for element in parse_xml(meta).iter(META + "user-defined")}

    @staticmethod
    def properties_of(meta: bytes) -> dict[str, str]:
        """Identity properties from the bytes of a ``meta.xml``."""
        return identity_properties({}, OdsCells.user_defined(meta))
