"""Cells of .ods sheets, streamed from content.xml (see :mod:`xlqms.sheet_cells`; ODF 1.2 part 1, §9.1).

* Repeated rows and cells (``table:number-rows-repeated``, ``table:number-columns-repeated``) are
  never expanded into empty space: a repeat only moves the position; a value repeated is placed
  once per position inside the form and counted once per position outside it.
* ``office:value-type`` gives the kind: ``float``/``currency`` numbers, ``percentage`` (a percent
  format), ``date`` / ``time`` (a date), ``boolean``, ``string``; text is the cell's paragraphs
  (``text:p``) joined by line breaks, with ``text:s`` spaces and tabs.
* An error shown by a formula (LibreOffice writes ``calcext:value-type="error"``) is a
  :class:`CellError`; a formula cell with no value type is an :class:`UncachedFormula`.
* Identity properties come from ``meta.xml`` (``meta:user-defined``).
* A flat OpenDocument spreadsheet (``.fods``, one XML document, no zip) is read the same way: its
  ``office:meta`` and ``office:body`` are those of ``meta.xml`` and ``content.xml``.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from xlqms.number_formats import DATE, PERCENT
from xlqms.sheet_cells import (
    EPOCH_1900,
    CellError,
    ColumnFocus,
    GridBuilder,
    SheetCells,
    UncachedFormula,
    dated_serial,
    identity_properties,
)
from xlqms.text import nfc
from xlqms.xml_stream import iter_xml, parse_xml

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
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


def cell_value(element, null_date: dt.datetime = EPOCH_1900):
    """(value, number-format kind) of a ``table:table-cell``; a date keeps its day number counted from
    the document's ``null_date`` (``table:null-date``: 1899-12-30 unless set to 1904-01-01)."""
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
            number = float(element.get(OFFICE + "value") or "")
        except ValueError:
            return paragraph_text(element) or None, ""
        return number, PERCENT if value_type == "percentage" else ""
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
        with self._content() as stream:
            for event, element in iter_xml(stream):
                tag = element.tag
                if event == "start":
                    if tag == TABLE + "table":
                        name = nfc(element.get(TABLE + "name") or "")
                        builder = GridBuilder(name) if name in wanted else None
                        row = 0
                    elif tag == TABLE + "table-row":
                        column = 0
                    elif tag == TABLE + "null-date":
                        null_date = _null_date(element, null_date)
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
                    value, kind = cell_value(element, null_date) if tag == TABLE + "table-cell" else (None, "")
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
        if self._archive is None:
            return self._flat_properties()
        try:
            info = self._archive.getinfo("meta.xml")
        except KeyError:
            return {}
        if info.file_size > MAX_PROPERTY_BYTES:
            return {}
        return self.properties_of(self._archive.read(info))

    def _flat_properties(self) -> dict[str, str]:
        """Identity properties from the ``office:meta`` of a flat document (streamed: it comes first)."""
        custom: dict[str, str] = {}
        with self._content() as stream:
            for _event, element in iter_xml(stream, ("end",)):
                if element.tag == META + "user-defined":
                    custom[element.get(META + "name") or ""] = element.text or ""
                elif element.tag == OFFICE + "meta" or element.tag == OFFICE + "body":
                    break
        return identity_properties({}, custom)

    @staticmethod
    def properties_of(meta: bytes) -> dict[str, str]:
        """Identity properties from the bytes of a ``meta.xml``."""
        custom: dict[str, str] = {}
        for element in parse_xml(meta).iter(META + "user-defined"):
            custom[element.get(META + "name") or ""] = element.text or ""
        return identity_properties({}, custom)
