"""A Word document as xlqms reads it: paragraphs and tables in order, with their merges and lists.

``read_word_document(path)`` opens a .docx with python-docx and walks its body in document order
(WordprocessingML, ECMA-376 Part 1 §17): paragraphs, and tables as grid rows whose cells carry
their grid column, their horizontal span (``w:gridSpan``), whether they continue a vertical merge
from the row above (``w:vMerge``), and their text as lines (paragraphs and ``w:br`` line breaks;
Word list numbering rendered as the label Word shows, bullets as "- "; nested tables as lines).
Rows marked to repeat on each page (``w:tblHeader``) are flagged.

``docx_copy(path)`` gives a .docx for a .doc, .odt, .rtf… through LibreOffice headless
(:mod:`xlqms.engines.libreoffice`). Only python-docx's public objects are used (the document's
``element``, its styles' ``element`` and the numbering part's ``blob``); the XML is the standard's.
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
from xlqms.text import nfc

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NUMBERING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
CONVERTED_SUFFIXES = (".doc", ".odt", ".rtf", ".docm", ".dot", ".dotx", ".dotm", ".ott", ".fodt", ".wps")
WORD_SUFFIXES = (".docx",) + CONVERTED_SUFFIXES


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
    reader = _BodyReader(_numbering(document), _numbered_styles(document))
    result = WordDocument()
    reader.read_container(document.element.body, result.blocks, top_level=True)
    for section in document.sections[:1]:
        headers = [section.header] + ([section.first_page_header] if section.different_first_page_header_footer else [])
        for header in headers:
            if header.is_linked_to_previous:     # no header of its own: nothing to read
                continue
            for paragraph in header.paragraphs:
                result.header_lines.extend(nfc(paragraph.text).split("\n"))
            for table in header.tables:
                for row in table.rows:
                    for cell in row.cells:
                        result.header_lines.extend(nfc(cell.text).split("\n"))
    return result


# ---------------------------------------------------------------------------------------------
# Lists: Word numbering definitions (ECMA-376 §17.9)


@dataclass
class _Numbering:
    abstract_of: dict = field(default_factory=dict)     # numId -> abstractNumId
    overrides: dict = field(default_factory=dict)       # numId -> {ilvl: start}
    levels: dict = field(default_factory=dict)          # abstractNumId -> {ilvl: (fmt, text, start)}


def _numbering(document) -> _Numbering:

    numbering = _Numbering()
    try:
        part = document.part.part_related_by(_NUMBERING_REL)
    except KeyError:
        return numbering
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(part.blob, parser)
    for abstract in root.iter(_w("abstractNum")):
        levels = {}
        for level in abstract.iter(_w("lvl")):
            ilvl = int(level.get(_w("ilvl"), "0"))
            fmt = _val(level.find(_w("numFmt")), "decimal")
            text = _val(level.find(_w("lvlText")), "")
            start = int(_val(level.find(_w("start")), "1") or 1)
            levels[ilvl] = (fmt, text, start)
        numbering.levels[abstract.get(_w("abstractNumId"))] = levels
    for num in root.iter(_w("num")):
        num_id = num.get(_w("numId"))
        numbering.abstract_of[num_id] = _val(num.find(_w("abstractNumId")), None)
        overrides = {}
        for override in num.iter(_w("lvlOverride")):
            start = override.find(_w("startOverride"))
            if start is not None:
                overrides[int(override.get(_w("ilvl"), "0"))] = int(_val(start, "1") or 1)
        numbering.overrides[num_id] = overrides
    return numbering


def _numbered_styles(document) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry list numbering (e.g. 'List Bullet'): style id → (numId, ilvl)."""
    styles = {}
    for style in document.styles.element.iter(_w("style")):
        num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
        if num_pr is not None:
            num_id = _val(num_pr.find(_w("numId")), None)
            if num_id and num_id != "0":
                styles[style.get(_w("styleId"))] = (num_id, int(_val(num_pr.find(_w("ilvl")), "0") or 0))
    return styles


def _children(element, tag: str):
    """The ``w:<tag>`` children of ``element``, also those wrapped in content controls (w:sdt, w:customXml)."""
    for child in element:
        if child.tag == _w(tag):
            yield child
        elif child.tag in (_w("sdt"), _w("customXml")):
            content = child.find(_w("sdtContent")) if child.tag == _w("sdt") else child
            if content is not None:
                yield from _children(content, tag)


def _val(element, default):
    if element is None:
        return default
    return element.get(_w("val"), default)


def _roman(number: int) -> str:
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while number >= value:
            out, number = out + letters, number - value
    return out


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("upperRoman",):
        return _roman(value)
    if fmt in ("lowerRoman",):
        return _roman(value).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(value - 1) % 26] * ((value - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


# ---------------------------------------------------------------------------------------------
# The body


_SKIPPED = {_w(tag) for tag in ("del", "moveFrom", "drawing", "pict", "object", "instrText", "delText",
                                "fldData", "footnoteReference", "endnoteReference", "commentReference")}
_MC_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"


class _BodyReader:
    def __init__(self, numbering: _Numbering, numbered_styles: dict):
        self.numbering = numbering
        self.numbered_styles = numbered_styles
        self.counters: dict[tuple[str | None, int], int] = {}
        self.started: set[str] = set()
        self.table_count = 0

    # -- containers ------------------------------------------------------------------------------
    def read_container(self, element, blocks: list, top_level: bool) -> None:
        if element is None:
            return
        for child in element:
            tag = child.tag
            if tag == _w("p"):
                text, page_break = self.paragraph(child)
                blocks.append(WordParagraph(text, page_break))
            elif tag == _w("tbl"):
                if top_level:
                    self.table_count += 1
                blocks.append(self.table(child, self.table_count if top_level else 0))
            elif tag in (_w("sdt"), _w("customXml")):
                content = child.find(_w("sdtContent")) if tag == _w("sdt") else child
                self.read_container(content, blocks, top_level)

    def cell_lines(self, cell) -> tuple[tuple[str, ...], bool]:
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
        return tuple(line.rstrip() for line in lines), nested

    # -- tables ----------------------------------------------------------------------------------
    def table(self, element, number: int) -> WordTable:
        grid = element.find(_w("tblGrid"))
        grid_columns = len(grid.findall(_w("gridCol"))) if grid is not None else 0
        rows = []
        for index, row in enumerate(self._rows(element), start=1):
            properties = row.find(_w("trPr"))
            column = 0
            repeats = False
            if properties is not None:
                column = int(_val(properties.find(_w("gridBefore")), "0") or 0)
                header = properties.find(_w("tblHeader"))
                repeats = header is not None and _val(header, "true") not in ("0", "false", "off")
            cells = []
            for cell in self._cells(row):
                cell_properties = cell.find(_w("tcPr"))
                span, continues = 1, False
                if cell_properties is not None:
                    span = max(int(_val(cell_properties.find(_w("gridSpan")), "1") or 1), 1)
                    merge = cell_properties.find(_w("vMerge"))
                    continues = merge is not None and _val(merge, "continue") == "continue"
                lines, nested = self.cell_lines(cell)
                cells.append(WordCell(column, span, lines, continues, nested))
                column += span
            grid_columns = max(grid_columns, column)
            rows.append(WordRow(index, tuple(cells), repeats))
        return WordTable(number, tuple(rows), grid_columns)

    def _rows(self, table):
        return _children(table, "tr")

    def _cells(self, row):
        return _children(row, "tc")

    # -- paragraphs ------------------------------------------------------------------------------
    def paragraph(self, element) -> tuple[str, bool]:
        parts: list[str] = []
        page_break = self._collect(element, parts)
        properties = element.find(_w("pPr"))
        if properties is not None and properties.find(_w("pageBreakBefore")) is not None:
            page_break = page_break or _val(properties.find(_w("pageBreakBefore")), "true") not in ("0", "false")
        text = nfc("".join(parts).replace("\u00a0", " "))
        label = self._list_label(properties)
        if label is not None:
            text = f"{label} {text}".strip() if text or label != "-" else ""
        return text, page_break

    def _collect(self, element, parts: list[str]) -> bool:
        page_break = False
        for child in element:
            tag = child.tag
            if tag in _SKIPPED or tag == _MC_ALTERNATE or tag == _w("pPr") or tag == _w("rPr"):
                continue
            if tag == _w("t"):
                parts.append(child.text or "")
            elif tag == _w("tab"):
                parts.append(" ")
            elif tag == _w("br"):
                if child.get(_w("type")) == "page":
                    page_break = True
                else:
                    parts.append("\n")
            elif tag == _w("cr"):
                parts.append("\n")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            elif tag == _w("lastRenderedPageBreak"):
                continue
            else:
                page_break = self._collect(child, parts) or page_break
        return page_break

    def _list_label(self, properties) -> str | None:
        """The label Word shows before a list paragraph ('1.', 'a)', 'II.'), '-' for a bullet; None."""
        if properties is None:
            return None
        num_pr = properties.find(_w("numPr"))
        num_id, level = None, 0
        if num_pr is not None:
            num_id = _val(num_pr.find(_w("numId")), None)
            level = int(_val(num_pr.find(_w("ilvl")), "0") or 0)
        if num_id is None:
            style = _val(properties.find(_w("pStyle")), None)
            if style in self.numbered_styles:
                num_id, level = self.numbered_styles[style]
        if not num_id or num_id == "0":
            return None
        abstract = self.numbering.abstract_of.get(num_id)
        levels = self.numbering.levels.get(abstract, {})
        fmt, text, start = levels.get(level, ("bullet", "", 1))
        if fmt in ("bullet", "none"):
            return "-" if fmt == "bullet" else ""
        overrides = self.numbering.overrides.get(num_id, {})
        if num_id not in self.started and overrides:
            for ilvl in overrides:
                self.counters.pop((abstract, ilvl), None)
        self.started.add(num_id)
        key = (abstract, level)
        if key in self.counters:
            self.counters[key] += 1
        else:
            self.counters[key] = overrides.get(level, start)
        for deeper in [k for k in self.counters if k[0] == abstract and k[1] > level]:
            del self.counters[deeper]
        label = text or f"%{level + 1}."
        for ilvl in range(level + 1):
            counted = self.counters.get((abstract, ilvl))
            value = counted if counted is not None else int(levels.get(ilvl, ("decimal", "", 1))[2] or 0)
            ilvl_fmt = levels.get(ilvl, ("decimal", "", 1))[0]
            label = label.replace(f"%{ilvl + 1}", _format_number(value, ilvl_fmt))
        return label.strip()
