"""Cells of .xls sheets (BIFF5 and BIFF8), read with xlrd (see :mod:`xlqms.sheet_cells`).

xlrd with ``formatting_info=True`` gives each cell's XF record and so its number format (FORMAT
records, or the built-in ids): a ``100%`` typed into a percent cell of an .xls is known to be a
percent, as in .xlsx. A FORMAT record decides for its id even when the id is one of the built-in
ones: writers number their own formats as they like (Excel from 164, Gnumeric from 50, which is a
built-in East Asian date id), so ``#,##0.##`` under id 51 is a plain number, not a date; only an
id no FORMAT record defines is read as the built-in. Rows are kept ragged (no padding to the widest row) and sheets are loaded on
demand, so a stray far cell costs one row, not a rectangle.

Text of BIFF5 (Excel 95) and earlier is 8-bit in the workbook's code page. A file with no CODEPAGE
record leaves the code page unknown (xlrd would read Latin-1). Such a file is read as Vietnamese
Windows (cp1258) when every text decodes cleanly in it (each combining tone mark after a vowel) and
reads at least as many Vietnamese words as the Western reading (cp1252, whose TCVN3 / VNI texts are
converted: those fonts were used over the Western code page); else as Western Windows.

Conditional formats (CONDFMT and CF records, MS-XLS §2.4.56, §2.4.42) are never read: xlqms does
not use them, and xlrd's parser of them (run when formatting is read) stops with an assertion on
what it does not know — a CF's number format, alignment or protection block, which Excel 2000+
and Gnumeric write when a rule changes those (a highlighted percent cell, say), or these records
in a BIFF5 stream. So before xlrd sees the workbook, every such record of its stream is renamed to
a record type no BIFF version defines (same length: every stream offset stays valid), which xlrd
skips, and the bare stream is handed to xlrd (which reads a stream without its OLE container too).
"""

from __future__ import annotations

import io
import struct
import unicodedata

import xlrd
from xlrd.compdoc import SIGNATURE, CompDoc

from xlqms.legacy_text import read_legacy, vietnamese_score
from xlqms.number_formats import DATE, builtin_kind, format_kind
from xlqms.sheet_cells import CellError, ColumnFocus, GridBuilder, SheetCells, identity_properties, serial_to_datetime
from xlqms.text import nfc

VIETNAMESE_CODE_PAGE = "cp1258"
WESTERN_CODE_PAGE = "cp1252"
_VOWELS = set("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
CONDITIONAL_FORMATS = (0x01B0, 0x01B1)    # CONDFMT, CF (MS-XLS §2.4.56, §2.4.42)
UNDEFINED_RECORD = 0x7FFF        # a record type no BIFF version defines: readers skip it
_HEADER = struct.Struct("<HH")   # record type, length


def _open(data: bytes, encoding: str | None):
    return xlrd.open_workbook(file_contents=without_conditional_formats(data), formatting_info=True,
                              on_demand=True, ragged_rows=True, encoding_override=encoding,
                              logfile=io.StringIO(), verbosity=0)


def without_conditional_formats(data: bytes) -> bytes:
    """The workbook ``data`` (an OLE .xls or a bare BIFF stream) with its CONDFMT and CF records renamed
    :data:`UNDEFINED_RECORD` (see the module docstring), as a bare BIFF stream; ``data`` itself
    when it has none, or when its container cannot be read (xlrd then says why)."""
    stream = data
    if data[:8] == SIGNATURE:
        try:
            book = CompDoc(data, logfile=io.StringIO())
            stream = book.get_named_stream("Workbook") or book.get_named_stream("Book")
        except Exception:  # noqa: BLE001 - a damaged container: xlrd reports it on the original bytes
            return data
        if not stream:
            return data
    renamed = renamed_records(stream, CONDITIONAL_FORMATS, UNDEFINED_RECORD)
    return data if renamed is None else renamed


def renamed_records(stream: bytes, old: tuple[int, ...], new: int) -> bytes | None:
    """The BIFF ``stream`` with every record of a type in ``old`` given type ``new`` (lengths and
    offsets unchanged); None when there is no such record."""
    found = []
    position, end = 0, len(stream) - _HEADER.size
    while position <= end:
        record, length = _HEADER.unpack_from(stream, position)
        if record in old:
            found.append(position)
        position += _HEADER.size + length
    if not found:
        return None
    changed = bytearray(stream)
    for position in found:
        struct.pack_into("<H", changed, position, new)
    return bytes(changed)


def reads_as_vietnamese(text: str) -> bool:
    """Whether ``text`` (decoded as cp1258) has each combining tone mark right after a Vietnamese vowel."""
    previous = ""
    for char in unicodedata.normalize("NFD", text):
        if char in _TONE_MARKS and unicodedata.normalize("NFD", previous)[:1] not in _VOWELS:
            return False
        if not unicodedata.combining(char):
            previous = char
    return True


def _texts(book) -> list[str]:
    texts = list(book.sheet_names())
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)
        texts += [value for row in range(sheet.nrows) for value in sheet.row_values(row) if isinstance(value, str)]
    return texts


def _choose_code_page(data: bytes):
    """(book, code page) for a BIFF5 file that names none: Vietnamese Windows (cp1258) when every text
    decodes cleanly in it and reads at least as Vietnamese as the Western reading (cp1252, with its
    TCVN3 / VNI texts converted: those fonts were used over the Western code page); else Western."""
    western = _open(data, WESTERN_CODE_PAGE)
    western_score = sum(vietnamese_score(found.text if (found := read_legacy(text)) else text)
                        for text in _texts(western))
    try:
        vietnamese = _open(data, VIETNAMESE_CODE_PAGE)
        texts = [nfc(text) for text in _texts(vietnamese)]
        if all(reads_as_vietnamese(text) for text in texts) and \
                sum(vietnamese_score(text) for text in texts) >= western_score:
            western.release_resources()
            return vietnamese, VIETNAMESE_CODE_PAGE
        vietnamese.release_resources()
    except Exception:  # noqa: BLE001 - bytes cp1258 does not define: not Vietnamese Windows text
        pass
    return western, WESTERN_CODE_PAGE


class XlsCells:
    """An .xls opened for reading cells; see the module docstring. ``code_page`` says how 8-bit text
    was decoded: '' when the file names its code page (or is BIFF8 Unicode), else the one chosen."""

    kind = "xls"

    def __init__(self, data: bytes):
        self.book = _open(data, None)
        self.code_page = ""
        if self.book.codepage is None and self.book.biff_version < 80:
            self.book.release_resources()
            self.book, self.code_page = _choose_code_page(data)
        self.sheet_names = [nfc(name) for name in self.book.sheet_names()]
        self._names = dict(zip(self.sheet_names, self.book.sheet_names()))

    def close(self) -> None:
        self.book.release_resources()

    def _kind(self, xf_index: int) -> str:
        try:
            key = self.book.xf_list[xf_index].format_key
        except (IndexError, AttributeError):
            return ""
        found = self.book.format_map.get(key)
        if found is None or found.format_str is None:   # xlrd knows a built-in id only by number
            return builtin_kind(key)
        return format_kind(found.format_str)

    def read_sheets(self, names: list[str], focus: dict[str, ColumnFocus] | None = None) -> dict[str, SheetCells]:
        """The cells of the sheets named (those that exist); ``focus`` is not needed here (small files)."""
        sheets = {}
        for name in names:
            if name not in self._names:
                continue
            sheet = self.book.sheet_by_name(self._names[name])
            builder = GridBuilder(name)
            for row in range(sheet.nrows):
                if not builder.count(sheet.row_len(row)):
                    break
                for column, cell in enumerate(sheet.row(row)):
                    kind = self._kind(cell.xf_index) if cell.xf_index is not None else ""
                    builder.put(row, column, self._value(cell, kind), kind)
            sheets[name] = builder.done()
        return sheets

    def _value(self, cell, kind: str):
        ctype = cell.ctype
        if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        if ctype == xlrd.XL_CELL_TEXT:
            return cell.value
        if ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        if ctype == xlrd.XL_CELL_ERROR:
            return CellError(xlrd.error_text_from_code.get(cell.value, "#VALUE!"))
        if ctype == xlrd.XL_CELL_DATE or kind == DATE:
            return serial_to_datetime(cell.value, bool(self.book.datemode)) or cell.value
        return float(cell.value)

    def properties(self) -> dict[str, str]:
        """Identity from defined names ``XLQMS_<KEY>`` holding a constant text (as xlrd evaluates them)."""
        names: dict[str, str] = {}
        for name in getattr(self.book, "name_obj_list", []):
            result = getattr(name, "result", None)
            value = getattr(result, "value", None) if result is not None else None
            if isinstance(value, str):
                names[name.name] = '"' + value.replace('"', '""') + '"'
        return identity_properties(names, {})
