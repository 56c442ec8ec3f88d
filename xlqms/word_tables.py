"""A Word document as xlqms reads it: paragraphs and tables in order, with their merges and lists.

``read_word_document(path)`` opens a .docx with python-docx and walks its body in document order
(WordprocessingML, ECMA-376 Part 1 §17): paragraphs, and tables as grid rows whose cells carry
their grid column, their horizontal span (``w:gridSpan``), whether they continue a vertical merge
from the row above (``w:vMerge``), and their text as lines (paragraphs and ``w:br`` line breaks, tabs kept;
Word list numbering rendered as the label Word shows, bullets as "- "; nested tables as lines, and kept
as blocks of the cell too).
Rows marked to repeat on each page (``w:tblHeader``) are flagged, and so are rows deleted with
Track Changes on (``w:trPr/w:del``). Text boxes (DrawingML ``wps:txbx`` or VML ``v:textbox``, once
for both) are read as paragraphs before the paragraph they are anchored in; deleted text
(``w:del``) is left out, inserted text (``w:ins``) read; symbols of the Symbol font (``w:sym``: ≤ ≥ ±) read
as Unicode; content controls (``w:sdt``) are read
through, unless they still show their placeholder; fields give their shown result.

``docx_copy(path)`` gives a .docx for a .doc, .odt, .rtf… through LibreOffice headless
(:mod:`xlqms.engines.libreoffice`). Only python-docx's public objects are used (the document's
``element``, its styles' ``element`` and the numbering part's ``blob``); the XML is the standard's.
List labels come from :mod:`xlqms.word_lists`.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from xlqms.engines.base import EngineError, EngineUnavailable
from xlqms.engines.libreoffice import LibreOfficeEngine
from xlqms.errors import XlqmsError
from xlqms.findings import Code
from xlqms.safety import check_package
from xlqms.text import SYMBOL_FONT, nfc, symbols_as_unicode
from xlqms.word_lists import ListLabels, integer, val

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONVERTED_SUFFIXES = (".doc", ".odt", ".rtf", ".docm", ".dot", ".dotx", ".dotm", ".ott", ".fodt", ".wps")
WORD_SUFFIXES = (".docx",) + CONVERTED_SUFFIXES
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MC_ALTERNATE, _MC_CHOICE, _MC_FALLBACK = f"{{{_MC}}}AlternateContent", f"{{{_MC}}}Choice", f"{{{_MC}}}Fallback"
_BOXES = {_MC_ALTERNATE, f"{{{W}}}drawing", f"{{{W}}}pict", f"{{{W}}}object"}


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


class DecisionFileError(XlqmsError):
    """The decision file cannot be opened or converted (bad input: exit code 2)."""

    exit_code = 2


@dataclass(frozen=True)
class WordParagraph:
    text: str                   # NFC, line breaks as "\n"
    page_break: bool = False    # a page break inside or before it


@dataclass(frozen=True)
class WordCell:
    """One cell of a row: its first grid column (0-based), its span, and its text lines."""

    column: int
    span: int
    lines: tuple[str, ...]
    continues_merge: bool = False   # w:vMerge without "restart": the cell above covers this one
    nested_table: bool = False
    blocks: tuple = ()              # with a nested table: the cell's paragraphs and tables, in order

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def covers(self, column: int) -> bool:
        return self.column <= column < self.column + self.span


@dataclass(frozen=True)
class WordRow:
    number: int                     # 1-based row number in its table
    cells: tuple[WordCell, ...]
    repeats_as_header: bool = False  # w:tblHeader
    deleted: bool = False           # a row deleted with Track Changes on (w:trPr/w:del), not yet accepted

    def cell_at(self, column: int) -> WordCell | None:
        for cell in self.cells:
            if cell.covers(column):
                return cell
        return None


@dataclass(frozen=True)
class WordTable:
    number: int                     # 1-based, top-level tables of the body in document order
    rows: tuple[WordRow, ...]
    columns: int                    # grid columns

    def lines(self) -> list[str]:
        """Every text line of the table, row by row, cell by cell (for searching a header block)."""
        return [line for row in self.rows for cell in row.cells if not cell.continues_merge for line in cell.lines]


@dataclass
class WordDocument:
    blocks: list = field(default_factory=list)     # WordParagraph | WordTable, in document order
    header_lines: list[str] = field(default_factory=list)   # the page headers' text (first section)

    @property
    def tables(self) -> list[WordTable]:
        return [block for block in self.blocks if isinstance(block, WordTable)]


# ---------------------------------------------------------------------------------------------
# Opening


def sniff_kind(path: Path) -> str:
    """'docx' for a zip (whatever the suffix), 'ole' for an old binary .doc, else 'other'."""
    with open(path, "rb") as stream:
        head = stream.read(8)
    if head.startswith(b"PK"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    return "other"


@contextlib.contextmanager
def docx_copy(path, soffice: str | None = None):
    """Yield (a .docx path for ``path``, the format it was converted from or None).

    A .docx (or any zip with a Word document inside) is used as is; .doc, .odt, .rtf and the
    other Writer formats are converted by LibreOffice headless into a temporary folder, removed
    afterwards. Raises DecisionFileError (exit 2) when the file is missing, of another kind, or
    LibreOffice is not installed.
    """
    path = Path(path)
    if not path.is_file():
        raise DecisionFileError(f"Không tìm thấy tệp quyết định {path}.")
    suffix = path.suffix.lower()
    if suffix not in WORD_SUFFIXES:
        raise DecisionFileError(
            f"{path.name}: quyết định phải là tệp Word (.docx, .doc) hoặc OpenDocument (.odt). "
            "Mở tệp bằng Word hoặc LibreOffice và lưu thành .docx."
        )
    kind = sniff_kind(path)
    if kind == "docx" and suffix in (".docx", ".doc"):
        if _has_word_document(path):
            yield path, None
            return
        if suffix == ".docx":
            raise DecisionFileError(f"{path.name} không phải tệp Word .docx đọc được (tệp hỏng hoặc chưa tải hết). "
                                    "Mở bằng Word hoặc LibreOffice và lưu lại thành .docx.")
    with tempfile.TemporaryDirectory(prefix="xlqms-decision-") as scratch:
        yield _convert_to_docx(path, Path(scratch), soffice), suffix.lstrip(".")


def _has_word_document(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return any(name.startswith("word/") for name in archive.namelist())
    except zipfile.BadZipFile:
        return False


def _convert_to_docx(path: Path, scratch: Path, soffice: str | None) -> Path:

    source = scratch / f"decision{path.suffix.lower()}"
    source.write_bytes(path.read_bytes())
    try:
        with LibreOfficeEngine(soffice=soffice) as engine:
            return engine.convert([source], scratch / "docx", "docx")[0]
    except EngineUnavailable as exc:
        raise DecisionFileError(
            f"{path.name}: đọc tệp {path.suffix.lower()} cần LibreOffice để chuyển sang .docx, nhưng máy này "
            "chưa có LibreOffice (soffice). Cài LibreOffice (Debian/Ubuntu: apt-get install "
            "libreoffice-writer-nogui), hoặc mở tệp bằng Word và lưu thành .docx rồi chạy lại. "
            f"({exc})"
        ) from exc
    except EngineError as exc:
        raise DecisionFileError(
            f"{path.name}: LibreOffice không chuyển được tệp sang .docx ({exc}). "
            "Mở tệp bằng Word hoặc LibreOffice, lưu thành .docx rồi chạy lại."
        ) from exc


def _refused_package(data: bytes, name: str) -> str | None:
    """Why a .docx must not be parsed (a zip bomb, an XML entity declaration, a broken zip), or None:
    the checks every returned workbook gets (:func:`xlqms.safety.check_package`)."""
    report = check_package(data, name)
    problem = next((f for f in report.findings if f.is_error), None)
    if problem is None:
        return None
    why = {Code.ZIP_BOMB.value: "tệp nén bất thường: giải nén ra quá lớn so với kích thước tệp",
           Code.XML_ENTITY_DECLARATION.value: "tệp chứa khai báo DOCTYPE/ENTITY mà Word và LibreOffice không tạo ra"}
    return (f"Không đọc {name}: {why.get(str(problem.code), 'tệp hỏng hoặc chưa tải hết')}; xlqms không mở để bảo vệ "
            "máy. Mở quyết định bằng Word hoặc LibreOffice, lưu lại thành .docx rồi chạy lại.")


def read_word_document(path) -> WordDocument:
    """The body of a .docx in document order (see the module docstring). Raises DecisionFileError."""

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DecisionFileError(f"Không đọc được tệp quyết định {path} ({exc.strerror or exc}).") from exc
    refused = _refused_package(data, path.name)
    if refused:
        raise DecisionFileError(refused)
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise DecisionFileError(
            f"Không mở được {path.name} như một tệp Word .docx ({exc}). Mở bằng Word hoặc LibreOffice và lưu lại."
        ) from exc
    reader = _BodyReader(ListLabels(document))
    result = WordDocument()
    reader.read_container(document.element.body, result.blocks, top_level=True)
    for section in document.sections[:1]:
        headers = [section.header] + ([section.first_page_header] if section.different_first_page_header_footer else [])
        for header in headers:
            if header.is_linked_to_previous:     # no header of its own: nothing to read
                continue
            blocks: list = []
            reader.read_container(header.part.element, blocks, top_level=False)
            for block in blocks:
                lines = block.text.split("\n") if isinstance(block, WordParagraph) else block.lines()
                result.header_lines.extend(line for line in lines if line.strip())
    return result


# ---------------------------------------------------------------------------------------------
# Content controls, text boxes, symbols


def _children(element, tag: str):
    """The ``w:<tag>`` children of ``element``, also those wrapped in content controls (w:sdt, w:customXml)."""
    for child in element:
        if child.tag == _w(tag):
            yield child
        elif child.tag in (_w("sdt"), _w("customXml")):
            content = _wrapped_content(child)
            if content is not None:
                yield from _children(content, tag)


def _wrapped_content(element):
    """What a content control (w:sdt) or custom XML element wraps; None for a content control still
    showing its placeholder ("Bấm vào đây để nhập văn bản": ``w:showingPlcHdr``, §17.5.2.39)."""
    if element.tag == _w("customXml"):
        return element
    properties = element.find(_w("sdtPr"))
    if properties is not None and properties.find(_w("showingPlcHdr")) is not None:
        return None
    return element.find(_w("sdtContent"))


def _text_boxes(element) -> list:
    """The contents (``w:txbxContent``) of the text boxes in a drawing, a VML picture or an
    AlternateContent of both — each text box once: Word writes it twice, as a DrawingML shape
    (``mc:Choice``) and as its VML fallback (``mc:Fallback``)."""
    if element.tag == _MC_ALTERNATE:
        branches = [child for child in element if child.tag in (_MC_CHOICE, _MC_FALLBACK)]
        for branch in branches:
            found = _text_boxes_in(branch)
            if found:
                return found
        return []
    return _text_boxes_in(element)


def _text_boxes_in(element) -> list:
    boxes = [box for box in element.iter(_w("txbxContent"))]
    return [box for box in boxes if not any(ancestor in boxes for ancestor in box.iterancestors())]


def _symbol(font: str, char: str) -> str:
    """The text of a ``w:sym`` (§17.3.3.30): its character in the Symbol font as Unicode; a symbol of
    Wingdings and the like (bullets, check marks) as a bullet; a character of a text font as itself."""
    try:
        code = int(char, 16)
    except ValueError:
        return ""
    if "symbol" in font.casefold():
        return SYMBOL_FONT.get(code & 0xFF, "")
    if code >= 0xF000 or "wingdings" in font.casefold() or "webdings" in font.casefold():
        return "•"
    return chr(code)


# ---------------------------------------------------------------------------------------------
# The body


_SKIPPED = {_w(tag) for tag in ("del", "moveFrom", "instrText", "delText",
                                "fldData", "footnoteReference", "endnoteReference", "commentReference")}


class _BodyReader:
    def __init__(self, lists: ListLabels):
        self.lists = lists
        self.table_count = 0

    # -- containers ------------------------------------------------------------------------------
    def read_container(self, element, blocks: list, top_level: bool) -> None:
        if element is None:
            return
        for child in element:
            tag = child.tag
            if tag == _w("p"):
                boxes: list = []
                text, page_break = self.paragraph(child, boxes)
                for box in boxes:      # a text box's paragraphs (a title, the header block) come first
                    self.read_container(box, blocks, top_level)
                blocks.append(WordParagraph(text, page_break))
            elif tag == _w("tbl"):
                if top_level:
                    self.table_count += 1
                blocks.append(self.table(child, self.table_count if top_level else 0))
            elif tag in (_w("sdt"), _w("customXml")):
                self.read_container(_wrapped_content(child), blocks, top_level)

    def cell_lines(self, cell) -> tuple[tuple[str, ...], tuple]:
        """A cell's text lines (a nested table's rows as lines), and its blocks when it holds a table."""
        lines: list[str] = []
        nested = False
        blocks: list = []
        self.read_container(cell, blocks, top_level=False)
        for block in blocks:
            if isinstance(block, WordParagraph):
                lines.extend(block.text.split("\n"))
            else:
                nested = True
                for row in block.rows:
                    texts = [" ".join(c.text.split()) for c in row.cells if not c.continues_merge and c.text.strip()]
                    if texts:
                        lines.append(" ".join(texts))
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        return tuple(line.rstrip() for line in lines), (tuple(blocks) if nested else ())

    # -- tables ----------------------------------------------------------------------------------
    def table(self, element, number: int) -> WordTable:
        grid = element.find(_w("tblGrid"))
        grid_columns = len(grid.findall(_w("gridCol"))) if grid is not None else 0
        rows = []
        for index, row in enumerate(self._rows(element), start=1):
            properties = row.find(_w("trPr"))
            column = 0
            repeats = deleted = False
            if properties is not None:
                column = max(integer(val(properties.find(_w("gridBefore")), None), 0), 0)
                header = properties.find(_w("tblHeader"))
                repeats = header is not None and val(header, "true") not in ("0", "false", "off")
                deleted = properties.find(_w("del")) is not None
            cells = []
            for cell in self._cells(row):
                cell_properties = cell.find(_w("tcPr"))
                span, continues = 1, False
                if cell_properties is not None:
                    span = min(max(integer(val(cell_properties.find(_w("gridSpan")), None), 1), 1), 64)
                    merge = cell_properties.find(_w("vMerge"))
                    continues = merge is not None and val(merge, "continue") == "continue"
                lines, inner = self.cell_lines(cell)
                cells.append(WordCell(column, span, lines, continues, bool(inner), inner))
                column += span
            grid_columns = max(grid_columns, column)
            rows.append(WordRow(index, tuple(cells), repeats, deleted))
        return WordTable(number, tuple(rows), grid_columns)

    def _rows(self, table):
        return _children(table, "tr")

    def _cells(self, row):
        return _children(row, "tc")

    # -- paragraphs ------------------------------------------------------------------------------
    def paragraph(self, element, boxes: list | None = None) -> tuple[str, bool]:
        """(text, page break) of a ``w:p``; the contents of its text boxes are added to ``boxes``."""
        parts: list[str] = []
        page_break = self._collect(element, parts, boxes if boxes is not None else [])
        properties = element.find(_w("pPr"))
        if properties is not None and properties.find(_w("pageBreakBefore")) is not None:
            page_break = page_break or val(properties.find(_w("pageBreakBefore")), "true") not in ("0", "false")
        text = nfc("".join(parts).replace("\u00a0", " "))
        label = self.lists.label(properties)
        if label is not None:
            text = f"{label} {text}".strip() if text or label != "-" else ""
        return text, page_break

    def _collect(self, element, parts: list[str], boxes: list) -> bool:
        page_break = False
        for child in element:
            tag = child.tag
            if tag in _BOXES:
                boxes.extend(_text_boxes(child))
                continue
            if tag in _SKIPPED or tag == _w("pPr") or tag == _w("rPr"):
                continue
            if tag == _w("sdt"):
                content = _wrapped_content(child)
                if content is not None:
                    page_break = self._collect(content, parts, boxes) or page_break
                continue
            if tag == _w("t"):
                parts.append(symbols_as_unicode(child.text or ""))
            elif tag == _w("tab"):
                parts.append("\t")      # kept: a header block laid out with tabs (spaces to every other reader)
            elif tag == _w("br"):
                if child.get(_w("type")) == "page":
                    page_break = True
                else:
                    parts.append("\n")
            elif tag == _w("cr"):
                parts.append("\n")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            elif tag == _w("sym"):
                parts.append(_symbol(child.get(_w("font"), ""), child.get(_w("char"), "")))
            elif tag == _w("softHyphen"):
                parts.append("\u00ad")     # kept: in a TCVN3 text it is the letter ư (word_legacy)
            elif tag == _w("lastRenderedPageBreak"):
                continue
            else:
                page_break = self._collect(child, parts, boxes) or page_break
        return page_break
