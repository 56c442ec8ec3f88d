"""Files a spreadsheet exported instead of saving a workbook: told apart, and the unit seen in them.

Communes "save as" whatever the dialog offers, and some systems hand out "Excel" files that are not
workbooks. These files have lost what a return needs — the identity parts, the other sheets, the
number formats — so xlqms does not take figures from them, but it says exactly what the file is
and, when the visible labels of Kết quả are in it (``Mã đơn vị:`` …), which unit sent it:

* ``html`` — a web page (LibreOffice and Excel "Web page", or the ``.xls`` many web systems
  produce, which is HTML under a spreadsheet's name);
* ``spreadsheetml`` — Excel's "XML Spreadsheet 2003" (``<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">``);
* ``csv`` — delimited text (one sheet, no formats), under ``.csv``/``.tsv``, a spreadsheet's name, or
  ``.txt`` when tab-delimited (Excel's "Unicode Text");
* ``xlsb`` — Excel's binary workbook (a zip with ``xl/workbook.bin``): no well-kept reader of its
  number formats is at hand, so it is asked for again as .xlsx (its custom properties still
  identify it).

:func:`sniff` looks at the first bytes only (run by :mod:`xlqms.safety` before any parser);
:func:`visible_tables` reads the text tables of an html, spreadsheetml or csv file for the identity.
"""

from __future__ import annotations

import csv
import io
import re

from lxml import html

from xlqms.xml_stream import parse_xml

HTML, SPREADSHEETML, CSV, XLSB = "html", "spreadsheetml", "csv", "xlsb"
LABELS = {
    HTML: "trang web (HTML)",
    SPREADSHEETML: "bảng tính XML 2003 (XML Spreadsheet)",
    CSV: "văn bản CSV",
    XLSB: "sổ nhị phân Excel (.xlsb)",
}
"""How each kind is named to officials."""

TEXT_EXTENSIONS = (".csv", ".tsv")
SNIFF_BYTES = 4096
MAX_TABLE_ROWS = 200           # the identity labels stand in the first rows of a sheet
_HTML_TAG = re.compile(rb"<(?:!doctype\s+html|html|head|body|table|meta)\b", re.IGNORECASE)
_SPREADSHEETML = b"urn:schemas-microsoft-com:office:spreadsheet"


def sniff(data: bytes, name: str, spreadsheet_name: bool) -> str | None:
    """The export kind of a file that is no zip or OLE container (see the module docstring), or None.
    ``spreadsheet_name``: the file is named as a spreadsheet (``.xls``…), where delimited text is an
    export too."""
    head = data[:SNIFF_BYTES]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    if _HTML_TAG.match(head, _past_prolog(head)):
        return HTML
    if head.lstrip().startswith(b"<") and _SPREADSHEETML in head and re.search(rb"<(?:\w+:)?Workbook\b", head):
        return SPREADSHEETML
    if name.lower().endswith(TEXT_EXTENSIONS) and _looks_like_text(head):
        return CSV
    if name.lower().endswith(".txt") and _looks_like_text(head) and _delimited(head) and "\t" in _decode(head):
        return CSV                       # Excel's “Unicode Text”: tab-delimited, UTF-16
    if spreadsheet_name and _looks_like_text(head) and _delimited(head):
        return CSV
    return None


def _past_prolog(head: bytes) -> int:
    """Where ``head`` goes on after its leading white space, XML declaration and comments.

    A plain scan, linear in the bytes: a regular expression with a repeated lazy group here took
    exponential time on a few hundred bytes of ``<!-- -->`` (a file could stall its reader).
    """
    position = len(head) - len(head.lstrip())
    if head.startswith(b"<?xml", position):
        end = head.find(b"?>", position)
        if end < 0:
            return len(head)
        position = end + 2
    while True:
        position = len(head) - len(head[position:].lstrip())
        if not head.startswith(b"<!--", position):
            return position
        end = head.find(b"-->", position + 4)
        if end < 0:
            return len(head)
        position = end + 3


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return False
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    if b"\x00" in head:
        return False
    printable = sum(1 for byte in head if byte >= 0x20 or byte in b"\t\r\n")
    return printable >= 0.95 * len(head)


def _delimited(head: bytes) -> bool:
    """Whether the first lines are rows of delimited cells (commas, semicolons or tabs)."""
    text = _decode(head)
    lines = [line for line in text.splitlines()[:5] if line.strip()]
    return bool(lines) and all(any(sep in line for sep in (",", ";", "\t")) for line in lines)


def _decode(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace")


def visible_tables(data: bytes, kind: str) -> list[list[list[str]]]:
    """The text tables of an exported file (first :data:`MAX_TABLE_ROWS` rows of each): the html
    ``<table>`` elements, the spreadsheetml worksheets, or the csv's one table. [] when unreadable."""
    try:
        if kind == HTML:
            return _html_tables(data)
        if kind == SPREADSHEETML:
            return _spreadsheetml_tables(data)
        if kind == CSV:
            return [_csv_table(data)]
    except Exception:  # noqa: BLE001 - an unreadable export has no visible identity
        return []
    return []


GUIDE_UNIT = re.compile(r"Đơn vị: (?P<name>[^()\n]+?) \(mã đơn vị (?P<code>[^)\s]+)\)")
"""The unit line of the guide sheet xlqms writes (``xlqms.template.GUIDE_LINES``): what an export of
that sheet (the first, which LibreOffice exports to CSV) shows of the unit."""


def guide_unit(tables: list[list[list[str]]]) -> tuple[str, str] | None:
    """(unit code, unit name) from the guide's unit line in exported tables, or None."""
    for table in tables:
        for row in table:
            for cell in row:
                match = GUIDE_UNIT.search(cell) if "mã đơn vị" in cell else None
                if match:
                    return match.group("code"), match.group("name").strip()
    return None


_DECLARED_CHARSET = re.compile(rb"<meta[^>]*charset", re.IGNORECASE)


def _html_encoding(data: bytes) -> str | None:
    """The encoding to read a web page in when it declares none (libxml2 then reads Latin-1, and every
    Vietnamese label is mojibake): UTF-8 when its bytes are UTF-8, else Windows-1258. None: it says."""
    if data[:3] == b"\xef\xbb\xbf" or data[:2] in (b"\xff\xfe", b"\xfe\xff") or _DECLARED_CHARSET.search(data[:SNIFF_BYTES]):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1258"
    return "utf-8"


def _html_tables(data: bytes) -> list[list[list[str]]]:
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True, encoding=_html_encoding(data))
    root = html.document_fromstring(data, parser=parser)
    tables = []
    for table in root.iter("table"):
        rows = []
        for row in table.iter("tr"):
            rows.append([" ".join(cell.text_content().split()) for cell in row if cell.tag in ("td", "th")])
            if len(rows) >= MAX_TABLE_ROWS:
                break
        tables.append(rows)
    return tables


def _spreadsheetml_tables(data: bytes) -> list[list[list[str]]]:
    root = parse_xml(data)
    tables = []
    for sheet in (element for element in root.iter() if _local(element.tag) == "Worksheet"):
        rows = []
        for row in (element for element in sheet.iter() if _local(element.tag) == "Row"):
            cells: list[str] = []
            for cell in (element for element in row if _local(element.tag) == "Cell"):
                index = next((value for key, value in cell.attrib.items() if _local(key) == "Index"), None)
                if index and index.isdigit():
                    cells.extend([""] * max(0, int(index) - 1 - len(cells)))
                cells.append(" ".join("".join(cell.itertext()).split()))
            rows.append(cells)
            if len(rows) >= MAX_TABLE_ROWS:
                break
        tables.append(rows)
    return tables


def _csv_table(data: bytes) -> list[list[str]]:
    text = _decode(data[:1024 * 1024])
    sample = text[:SNIFF_BYTES]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    for row in csv.reader(io.StringIO(text), dialect):
        rows.append([" ".join(cell.split()) for cell in row])
        if len(rows) >= MAX_TABLE_ROWS:
            break
    return rows


def _local(tag) -> str:
    return tag[tag.rfind("}") + 1:] if isinstance(tag, str) else ""
