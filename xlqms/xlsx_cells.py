"""Cells of .xlsx sheets, streamed from the zip members (see :mod:`xlqms.sheet_cells`, :mod:`xlqms.xml_stream`).

Written for what producers really write, not only for what Excel writes:

* both namespaces of OOXML — transitional (``schemas.openxmlformats.org``) and Strict
  (``purl.oclc.org/ooxml``) — and any prefix: elements are matched by local name;
* cells with or without ``r`` (a missing one is the next column; a row without ``r`` the next row);
* shared strings (resolved after the sheet, keeping only the ones used; rich-text runs joined,
  phonetic runs ``rPh`` left out), inline strings, formula strings, booleans, ISO dates ``t="d"``;
* error values ``t="e"`` (:class:`CellError`) and formulas without a stored value
  (:class:`UncachedFormula`: ``<f>`` with no or an empty ``<v>``);
* number formats from ``styles.xml`` (built-in ids and custom codes); a workbook without a styles
  part has only plain cells, unless its cells refer to styles it lacks (then formats are unknown);
* the 1904 date system (``workbookPr date1904``).

Parts are found through the package relationships when they are there, else at their usual names.
Only ``sheetData`` is read; the parse stops at its end.
"""

from __future__ import annotations

import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from xlqms.number_formats import DATE, builtin_kind, format_kind
from xlqms.sheet_cells import (
    EPOCH_1900,
    EPOCH_1904,
    FORM_COLUMNS,
    FORM_ROWS,
    CellError,
    ColumnFocus,
    GridBuilder,
    SheetCells,
    UncachedFormula,
    dated_serial,
    identity_properties,
    serial_to_datetime,
    stored_number,
)
from xlqms.text import nfc
from xlqms.xml_stream import iter_xml, parse_xml

MAX_PART_BYTES = 16 * 1024 * 1024    # workbook.xml, styles.xml, rels: larger is no spreadsheet's
PROPERTY_PART_BYTES = 1024 * 1024    # what a peek at names and properties reads, at most
WHOLE_SHEET_BYTES = 2 * 1024 * 1024  # a sheet part up to this size is parsed whole; a larger one streamed
_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
RawCell = tuple[str | None, str | None, str | None, bool, str | None, str | None, str | None]
"""(r, s, t, has a <v>, <v> text, <f> text or None, inline text or None) of one ``<c>``."""
_POSITIONS: dict[str, tuple[int, int]] = {}   # A1 reference → (row, column), learnt as they are met
POSITIONS_KEPT = 1 << 14           # the references of a few forms: a round's workbooks repeat them
_STYLE_CACHE: dict[tuple[int, int, int], tuple[str, ...]] = {}
_RELATIONSHIP_CACHE: dict[tuple[str, int, int], dict[str, tuple[str, str]]] = {}
"""Number-format kinds of styles parts (and relationships, by member, CRC-32 and size) already read:
the workbooks of one round share them (generated from one template), so each is parsed once per
process. A part is only ever taken for one with the same CRC-32 and size."""


def local(tag: str) -> str:
    """The local name of an ElementTree tag (``{namespace}c`` → ``c``)."""
    return tag[tag.rfind("}") + 1:]


def _attribute(element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace (``r:id`` in either OOXML flavour)."""
    for key, value in element.attrib.items():
        if local(key) == name:
            return value
    return None


def split_reference(reference: str) -> tuple[int, int] | None:
    """``'B12'`` → (11, 1), 0-based; None for anything else (columns A–ZZZ, rows of 1–7 digits)."""
    position = _POSITIONS.get(reference)
    if position is not None:
        return position
    match = _REFERENCE.fullmatch(reference)
    if match is None:
        return None
    letters, digits = match.groups()
    column = 0
    for char in letters:
        column = column * 26 + ord(char) - 64
    position = (int(digits) - 1, column - 1)
    if len(_POSITIONS) < POSITIONS_KEPT:
        _POSITIONS[reference] = position
    return position


class _Package:
    """The zip and its members by name (case-insensitively, as some producers vary the case)."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.members = {info.filename.lower(): info for info in archive.infolist()}

    def info(self, name: str) -> zipfile.ZipInfo | None:
        return self.members.get(name.lstrip("/").lower())

    def read(self, name: str, limit: int = MAX_PART_BYTES) -> bytes | None:
        info = self.info(name)
        if info is None or info.file_size > limit:
            return None
        with self.archive.open(info) as stream:
            data = stream.read(limit + 1)
        return data if len(data) <= limit else None

    def xml(self, name: str, limit: int = MAX_PART_BYTES):
        data = self.read(name, limit)
        return parse_xml(data) if data else None

    def relationships(self, part: str) -> dict[str, tuple[str, str]]:
        """Id → (type, member name) of a part's relationships."""
        folder, file = posixpath.split(part)
        member = posixpath.join(folder, "_rels", file + ".rels")
        info = self.info(member)
        key = (member, info.CRC, info.file_size) if info is not None else None
        if key in _RELATIONSHIP_CACHE:
            return dict(_RELATIONSHIP_CACHE[key])
        root = self.xml(member)
        found: dict[str, tuple[str, str]] = {}
        if root is None:
            return found
        for rel in root:
            target = rel.get("Target") or ""
            if rel.get("TargetMode") == "External":
                continue
            member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[rel.get("Id") or ""] = (rel.get("Type") or "", member)
        if key is not None:
            if len(_RELATIONSHIP_CACHE) >= 64:
                _RELATIONSHIP_CACHE.clear()
            _RELATIONSHIP_CACHE[key] = dict(found)
        return found


class XlsxCells:
    """An .xlsx (any OOXML spreadsheet) opened for reading cells; see the module docstring."""

    kind = "xlsx"

    def __init__(self, data: bytes | zipfile.ZipFile, part_limit: int = MAX_PART_BYTES):
        self._owns_archive = not isinstance(data, zipfile.ZipFile)    # a zip given is its owner's to close
        archive = data if isinstance(data, zipfile.ZipFile) else zipfile.ZipFile(io.BytesIO(data))
        self._package = _Package(archive)
        self._part_limit = part_limit
        self.workbook_part = "xl/workbook.xml"
        for _type, member in self._package.relationships("").values():
            if _type.endswith("/officeDocument"):
                self.workbook_part = member
        self._workbook = self._package.xml(self.workbook_part, part_limit)
        if self._workbook is None:
            raise ValueError("không có phần workbook.xml")
        rels = self._package.relationships(self.workbook_part)
        self._parts = {"styles": "xl/styles.xml", "sharedStrings": "xl/sharedStrings.xml"}
        for _type, member in rels.values():
            for name in self._parts:
                if _type.endswith("/" + name):
                    self._parts[name] = member
        self.sheet_names: list[str] = []
        self._sheet_members: dict[str, str] = {}
        self.date1904 = False
        for element in self._workbook.iter():
            name = local(element.tag)
            if name == "sheet":
                title = nfc(element.get("name") or "")
                relation = rels.get(_attribute(element, "id") or "")
                self.sheet_names.append(title)
                if relation:
                    self._sheet_members[title] = relation[1]
            elif name == "workbookPr":
                self.date1904 = (element.get("date1904") or "").lower() in ("1", "true")
        self._styles: list[str] | None = None    # None: not read yet, or unreadable (then read again)

    def close(self) -> None:
        if self._owns_archive:
            self._package.archive.close()

    # -- identity ---------------------------------------------------------------------------------
    @classmethod
    def peek(cls, archive: zipfile.ZipFile, part_limit: int) -> dict[str, str]:
        """Identity properties of an archive, reading no part larger than ``part_limit`` (a file the
        safety checks stopped: its sheets are never read)."""
        return cls(archive, part_limit).properties()

    @staticmethod
    def custom_identity(archive: zipfile.ZipFile, part_limit: int) -> dict[str, str]:
        """Identity from ``docProps/custom.xml`` alone (when the workbook part cannot be read)."""
        root = _Package(archive).xml("docProps/custom.xml", part_limit)
        custom = {element.get("name") or "": element[0].text or "" for element in (root if root is not None else [])
                  if len(element)}
        return identity_properties({}, custom)

    def defined_names(self) -> dict[str, str]:
        """Workbook-level defined names → their formula text."""
        return {element.get("name") or "": element.text or "" for element in self._workbook.iter()
                if local(element.tag) == "definedName" and element.get("localSheetId") is None}

    def custom_properties(self) -> dict[str, str]:
        root = self._package.xml("docProps/custom.xml", PROPERTY_PART_BYTES)
        found: dict[str, str] = {}
        for element in root if root is not None else []:
            if len(element) and element[0].text is not None:
                found[element.get("name") or ""] = element[0].text
        return found

    # -- styles -----------------------------------------------------------------------------------
    def _style_kinds(self) -> list[str] | None:
        """Number-format kind of each cell style (cellXfs index); [] without a styles part; None unreadable."""
        if self._styles is not None:
            return self._styles
        info = self._package.info(self._parts["styles"])
        key = (info.CRC, info.file_size, info.compress_size) if info is not None else None
        if key in _STYLE_CACHE:
            self._styles = list(_STYLE_CACHE[key])
            return self._styles
        root = self._package.xml(self._parts["styles"], self._part_limit)
        if root is None:
            missing = self._package.info(self._parts["styles"]) is None
            self._styles = [] if missing else None
            return self._styles
        custom: dict[int, str] = {}
        kinds: list[str] = []
        for element in root:
            name = local(element.tag)
            if name == "numFmts":
                for fmt in element:
                    try:
                        custom[int(fmt.get("numFmtId") or "")] = format_kind(fmt.get("formatCode"))
                    except ValueError:
                        continue
            elif name == "cellXfs":
                for xf in element:
                    try:
                        number = int(xf.get("numFmtId") or 0)
                    except ValueError:
                        number = 0
                    kinds.append(custom.get(number, builtin_kind(number)))
        self._styles = kinds
        if key is not None:
            if len(_STYLE_CACHE) >= 64:
                _STYLE_CACHE.clear()
            _STYLE_CACHE[key] = tuple(kinds)
        return kinds

    # -- cells ------------------------------------------------------------------------------------
    def read_sheets(self, names: list[str], focus: dict[str, ColumnFocus] | None = None) -> dict[str, SheetCells]:
        """The cells of the sheets named (those that exist), shared strings resolved once for all;
        ``focus`` by sheet name: which columns are needed below the row it recognises."""
        styles = self._style_kinds()
        sheets: dict[str, SheetCells] = {}
        pending: list[tuple[SheetCells, list[tuple[int, int, int, str]]]] = []
        for name in names:
            member = self._sheet_members.get(name)
            if member is None or self._package.info(member) is None:
                continue
            sheet, shared = self._read_sheet(name, member, styles, (focus or {}).get(name))
            sheets[name] = sheet
            pending.append((sheet, shared))
        needed = {index for _, shared in pending for _, _, index, _ in shared}
        if needed:
            strings = self._shared_strings(needed)
            for sheet, shared in pending:
                builder = GridBuilder(sheet.name)
                builder.sheet = sheet
                for row, column, index, kind in shared:
                    text = strings.get(index)
                    if text is None:
                        sheet.unresolved += 1     # an index the shared strings part does not hold (or no part)
                    builder.put(row, column, text, kind)
        return sheets

    def _read_sheet(self, name: str, member: str, styles: list[str] | None, focus: ColumnFocus | None = None):
        builder = GridBuilder(name, focus)
        sheet = builder.sheet
        sheet.formats_known = styles is not None
        shared: list[tuple[int, int, int, str]] = []
        date1904 = self.date1904
        put = builder.put
        kinds: dict[str | None, str | None] = {None: "", "": ""}   # style index text → number-format kind
        row_index = -1
        for number, row in self._rows(member, builder):
            row_index = int(number) - 1 if number and number.isdigit() else row_index + 1
            next_column = 0
            needed = builder.columns              # None: every column (the focus has not answered yet)
            namespace = row.tag[:-3]              # '{namespace}row' → '{namespace}', whatever the namespace
            cell_tag, value_tag, inline_tag = namespace + "c", namespace + "v", namespace + "is"
            for element in row:
                if element.tag != cell_tag:
                    continue
                reference = element.get("r")
                position = split_reference(reference) if reference else None
                cell_row, column = position if position is not None else (row_index, next_column)
                next_column = column + 1
                children = len(element)
                if not children:
                    continue                      # an empty cell: nothing to read
                if needed is not None and column not in needed and column < FORM_COLUMNS and cell_row < FORM_ROWS:
                    continue                      # a column not needed, inside the form (a far cell is always read)
                style = element.get("s")
                kind = kinds.get(style)
                if kind is None:
                    kind = _style_kind(styles, style) if styles is not None else ""
                    if kind is None:
                        sheet.formats_known = False
                        kind = ""
                    else:
                        kinds[style] = kind
                cell_type = element.get("t")
                if children == 1 and cell_type in (None, "n", "s") and element[0].tag == value_tag:
                    text = element[0].text        # the usual cell: one <v>, a number or a shared string
                    if text is None:
                        continue
                    if cell_type == "s":
                        value, shared_index = cell_value((reference, style, cell_type, True, text, None, None), kind,
                                                         date1904)
                    else:
                        shared_index = None
                        try:
                            value = stored_number(text)
                        except ValueError:
                            value = text
                        else:
                            if kind == DATE:
                                value = serial_to_datetime(value, date1904) or value
                elif children == 1 and cell_type == "inlineStr" and element[0].tag == inline_tag:
                    value, shared_index = rich_text(element[0]), None     # the usual text cell: one <is>
                else:
                    has_value, value_text, formula, inline = _cell_children(element)
                    if not has_value and formula is None and inline is None:
                        continue
                    value, shared_index = cell_value((reference, style, cell_type, has_value, value_text, formula,
                                                      inline), kind, date1904)
                if shared_index is not None:
                    shared.append((cell_row, column, shared_index, kind))
                else:
                    put(cell_row, column, value, kind)
            builder.row_done(row_index)
        return builder.done(), shared

    def _rows(self, member: str, builder: GridBuilder) -> Iterator[tuple[str | None, Any]]:
        """The ``<row>`` elements of a sheet with their ``r``, each row's cells counted (stops past the bound).

        A sheet part of ordinary size is parsed whole, up to the end of its ``sheetData`` (fast); a
        larger one is streamed row by row, every element cleared once read, so memory stays that of
        one row.
        """
        info = self._package.info(member)
        assert info is not None   # read_sheets checked it
        if info.file_size <= WHOLE_SHEET_BYTES:
            data = self._package.read(member, WHOLE_SHEET_BYTES) or b""
            root = _parse_to_sheet_data(data) if data else None
            for data_element in (child for child in (root if root is not None else []) if local(child.tag) == "sheetData"):
                for row in data_element:
                    if not builder.count(len(row)):
                        return
                    yield row.get("r"), row
            return
        sheet_data = None
        with self._package.archive.open(info) as stream:
            for event, element in iter_xml(stream):
                tag = local(element.tag)
                if event == "start":
                    if tag == "sheetData":
                        sheet_data = element
                    continue
                if tag == "c":
                    if not builder.count():
                        return
                elif tag == "row":
                    yield element.get("r"), element
                    element.clear()
                    if sheet_data is not None:
                        sheet_data.clear()
                elif tag == "sheetData":
                    return

    def _shared_strings(self, needed: set[int]) -> dict[int, str]:
        info = self._package.info(self._parts["sharedStrings"])
        found: dict[int, str] = {}
        if info is None:
            return found
        last = max(needed)
        index = 0
        root: Any = None
        with self._package.archive.open(info) as stream:
            for event, element in iter_xml(stream):
                if event == "start":
                    if root is None:
                        root = element
                    continue
                if local(element.tag) != "si":
                    continue
                if index in needed:
                    found[index] = rich_text(element)
                element.clear()
                root.clear()
                index += 1
                if index > last:
                    break
        return found

    def properties(self) -> dict[str, str]:
        """Identity from the defined names ``XLQMS_<KEY>`` and custom properties ``xlqms_<key>``."""
        return identity_properties(self.defined_names(), self.custom_properties())


_SHEET_DATA_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?sheetData\s*>")
_ROOT_START = re.compile(rb"<([A-Za-z_][\w.:-]*)[\s/>]")


def _parse_to_sheet_data(data: bytes):
    """The sheet's tree up to the end of ``sheetData`` (what follows — validations, formatting — is not
    needed); the whole part when it cannot be cut there cleanly."""
    end = _SHEET_DATA_END.search(data)
    root = _ROOT_START.search(data, data.find(b"<", data.rfind(b"?>", 0, 256) + 1 if b"?>" in data[:256] else 0))
    if end is not None and root is not None and root.group(1).endswith(b"worksheet"):
        try:
            return parse_xml(data[:end.end()] + b"</" + root.group(1) + b">")
        except Exception:  # noqa: BLE001 - a comment or CDATA in the way: parse the whole part
            pass
    return parse_xml(data)


def _cell_children(element) -> tuple[bool, str | None, str | None, str | None]:
    """(has a ``<v>``, its text, ``<f>`` text or None, inline text or None) of a ``<c>`` element."""
    has_value, value_text, formula, inline = False, None, None, None
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):      # a comment or processing instruction
            continue
        name = tag[tag.rfind("}") + 1:]
        if name == "v":
            has_value, value_text = True, child.text
        elif name == "f":
            formula = child.text or ""
        elif name == "is":
            inline = rich_text(child)
    return has_value, value_text, formula, inline


def _style_kind(styles: list[str], style: str) -> str | None:
    """The number-format kind of cell style ``s``; None when the workbook has no such style."""
    try:
        index = int(style)
    except ValueError:
        return None
    return styles[index] if 0 <= index < len(styles) else None


_ESCAPED_CHARACTER = re.compile(r"_x([0-9A-Fa-f]{4})_")


def unescape_text(text: str) -> str:
    """A string item's text with its ``_xHHHH_`` escapes decoded (ECMA-376 Part 1, 22.9.2.19
    ST_Xstring: how Excel stores characters XML cannot hold, e.g. ``_x000B_`` for the line break
    pasted from Word; ``_x005F_`` is an escaped underscore, so ``_x005F_x000B_`` is the literal text)."""
    if "_x" not in text:
        return text
    return _ESCAPED_CHARACTER.sub(lambda match: chr(int(match.group(1), 16)), text)


def rich_text(element) -> str:
    """The text of an ``<si>`` / ``<is>``: its ``<t>``, or its runs' ``<t>`` joined, ``_xHHHH_``
    escapes decoded (:func:`unescape_text`); phonetic runs left out."""
    return unescape_text(_joined_text(element))


def _joined_text(element) -> str:
    if len(element) == 1:
        tag = element[0].tag
        if isinstance(tag, str) and tag[tag.rfind("}") + 1:] == "t":
            return element[0].text or ""
    parts: list[str] = []
    for child in element:
        name = local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            for grandchild in child:
                if local(grandchild.tag) == "t":
                    parts.append(grandchild.text or "")
    return "".join(parts)


def cell_value(cell: RawCell, kind: str, date1904: bool):
    """(value, shared-string index or None) of a cell (see :mod:`xlqms.sheet_cells` for the values)."""
    _reference, _style, cell_type, has_value, value_text, formula, inline = cell
    cell_type = cell_type or "n"
    if formula is not None and (not has_value or (value_text is None and cell_type != "str")):
        return UncachedFormula(formula), None
    if cell_type == "inlineStr":
        return inline, None
    if value_text is None:
        return ("" if cell_type == "str" else None), None
    if cell_type == "s":
        try:
            return None, int(value_text)
        except ValueError:
            return None, None
    if cell_type == "str":
        return value_text, None
    if cell_type == "b":
        return value_text.strip() in ("1", "true"), None
    if cell_type == "e":
        return CellError(value_text.strip()), None
    if cell_type == "d":
        try:
            moment = dt.datetime.fromisoformat(value_text.strip().rstrip("Z"))
            return dated_serial(moment, EPOCH_1904 if date1904 else EPOCH_1900), None
        except ValueError:
            return value_text, None
    try:
        number = stored_number(value_text)
    except ValueError:
        return value_text, None
    if kind == DATE:
        return serial_to_datetime(number, date1904) or number, None
    return number, None
