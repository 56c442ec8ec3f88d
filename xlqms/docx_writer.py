"""Vietnamese administrative documents in .docx: the layout of Decree 30/2020/NĐ-CP, with python-docx.

What the decree fixes and this module draws:

- A4, margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, body text 14 pt,
  justified, first line indented 1,27 cm, at least 6 pt between paragraphs;
- the header table: the issuing body (bold capitals, a short line under it) and the document number
  at the top left; the national name and the motto (“Độc lập – Tự do – Hạnh phúc”, a line under it as
  long as the text) at the top right, and the place and date in italics under them;
- the document kind and its summary (trích yếu) centred in bold, a short line under them;
- “Nơi nhận:” (12 pt bold italic, the list in 11 pt) at the bottom left, the signature block at
  the bottom right with room to sign;
- page numbers centred in the top margin, from the second page on (none on the first page);
- tables whose rows are never split across pages, their header row repeated on every page.

Every paragraph gets a named style (Normal, Title, Subtitle, Heading 1/2, Caption, Table Grid, and a
few of our own such as “Quốc hiệu” and “Nơi nhận”), so an official can restyle the whole draft in Word
or LibreOffice. Placeholders the official must fill (the number, the date, a decision's number, the
signer) are written “…” and highlighted; so are suggestions the official must confirm (the signing
line when the campaign does not give it).
"""

from __future__ import annotations

import datetime as dt
import io
import weakref
from collections.abc import Iterable, Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from xlqms.issuers import PLACEHOLDER
from xlqms.spreadsheet import save_workbook_atomically
from xlqms.text import xml_text

FONT = "Times New Roman"
BODY_SIZE = 14
TABLE_SIZE = 13

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGIN_TOP_MM, MARGIN_BOTTOM_MM, MARGIN_LEFT_MM, MARGIN_RIGHT_MM = 20, 20, 30, 15
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM   # 165 mm
HEADER_LEFT_MM = 62                                                # issuing body column
HEADER_RIGHT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SIGNING_SPACE_LINES = 3          # empty lines left to sign, between the signing lines and the name
MOTTO = "Độc lập – Tự do – Hạnh phúc"

# Width of the motto in bold Times New Roman, in em (sum of the glyphs' advance widths): the line
# under it is drawn as long as the text, as the decree asks.
MOTTO_WIDTH_EM = 12.33
MOTTO_SIZE = 13
NATIONAL_NAME_SIZE = 12

# Our own paragraph styles: name -> (size, bold, italic, alignment, space before, space after).
_CENTER, _LEFT, _JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY
CUSTOM_STYLES = {
    "Tên cơ quan": (13, True, False, _CENTER, 0, 0),
    "Số ký hiệu": (13, False, False, _CENTER, 0, 0),
    "Quốc hiệu": (NATIONAL_NAME_SIZE, True, False, _CENTER, 0, 0),
    "Tiêu ngữ": (MOTTO_SIZE, True, False, _CENTER, 0, 0),
    "Địa danh, ngày tháng": (14, False, True, _CENTER, 0, 0),
    "Nơi nhận": (12, True, True, _LEFT, 0, 0),
    "Nơi nhận – danh sách": (11, False, False, _LEFT, 0, 0),
    "Chức vụ ký": (14, True, False, _CENTER, 0, 0),
    "Nội dung bảng": (TABLE_SIZE, False, False, _LEFT, 2, 2),
    "Tiêu đề bảng": (TABLE_SIZE, True, False, _CENTER, 2, 2),
    "Đường kẻ": (2, False, False, _CENTER, 0, 0),
}


def _set_fonts(rpr_owner, name: str = FONT) -> None:
    """Set the font for every script (ascii, hAnsi, east Asian, complex) of a style or run."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        if fonts.get(qn(theme)) is not None:
            del fonts.attrib[qn(theme)]


def _style_font(style, size: float, bold: bool = False, italic: bool = False) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = RGBColor(0, 0, 0)
    _set_fonts(style.element)


def _plain_style(style) -> None:
    """Drop what the default template adds to Title/Subtitle: borders, letter spacing, kerning, theme colours."""
    ppr = style.element.find(qn("w:pPr"))
    if ppr is not None:
        for border in ppr.findall(qn("w:pBdr")):
            ppr.remove(border)
    rpr = style.element.find(qn("w:rPr"))
    if rpr is not None:
        for tag in ("w:spacing", "w:kern"):
            for element in rpr.findall(qn(tag)):
                rpr.remove(element)
        color = rpr.find(qn("w:color"))
        if color is not None:
            for theme in ("w:themeColor", "w:themeShade", "w:themeTint"):
                if color.get(qn(theme)) is not None:
                    del color.attrib[qn(theme)]


_BLANK: bytes | None = None


def new_document() -> DocxDocument:
    """An empty A4 document with the decree's margins and every style we use defined."""
    global _BLANK
    if _BLANK is None:
        buffer = io.BytesIO()
        _styled_document().save(buffer)
        _BLANK = buffer.getvalue()
    return Document(io.BytesIO(_BLANK))


def _styled_document() -> DocxDocument:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP_MM), Mm(MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(MARGIN_LEFT_MM), Mm(MARGIN_RIGHT_MM)
    section.header_distance = section.footer_distance = Mm(10)
    _page_numbers(section)

    styles = document.styles
    normal = styles["Normal"]
    _style_font(normal, BODY_SIZE)
    normal.paragraph_format.alignment = _JUSTIFY
    normal.paragraph_format.first_line_indent = Cm(1.27)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    # Document defaults too, so that text without a style is Times New Roman as well.
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None and rpr_default.find(qn("w:rPr")) is not None:
            _set_fonts(_RprHolder(rpr_default))

    for name, space_before in (("Title", 18), ("Subtitle", 0)):   # centred, bold, body size
        style = styles[name]
        _style_font(style, BODY_SIZE, bold=True)
        _plain_style(style)
        style.paragraph_format.alignment = _CENTER
        style.paragraph_format.first_line_indent = Cm(0)
        style.paragraph_format.space_before = Pt(space_before)
        style.paragraph_format.space_after = Pt(0)
    for level, size in ((1, BODY_SIZE), (2, BODY_SIZE)):
        heading = styles[f"Heading {level}"]
        _style_font(heading, size, bold=True, italic=level == 2)
        heading.paragraph_format.alignment = _JUSTIFY
        heading.paragraph_format.first_line_indent = Cm(1.27)
        heading.paragraph_format.space_before = Pt(6)
        heading.paragraph_format.space_after = Pt(6)
        heading.paragraph_format.keep_with_next = True
    caption = styles["Caption"]
    _style_font(caption, 13, italic=True)
    caption.paragraph_format.alignment = _CENTER
    caption.paragraph_format.first_line_indent = Cm(0)
    caption.paragraph_format.space_after = Pt(6)
    grid = styles["Table Grid"]
    _style_font(grid, TABLE_SIZE)

    for name, (size, bold, italic, alignment, before, after) in CUSTOM_STYLES.items():
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        _style_font(style, size, bold, italic)
        style.paragraph_format.alignment = alignment
        style.paragraph_format.first_line_indent = Cm(0)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.quick_style = True
    return document


def _page_numbers(section) -> None:
    """The page number centred in the top margin from page 2 on (Decree 30: none on the first page)."""
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.alignment = _CENTER
    paragraph.paragraph_format.first_line_indent = Cm(0)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


class _RprHolder:
    """Adapter giving a ``w:rPrDefault`` element the ``get_or_add_rPr`` of a style element."""

    def __init__(self, element):
        self.element = element

    def get_or_add_rPr(self):  # noqa: N802 - python-docx's spelling
        return self.element.find(qn("w:rPr"))


# ---------------------------------------------------------------------------------------------
# Small building blocks


def add_text(paragraph, text: str, *, bold: bool | None = None, italic: bool | None = None,
             placeholder: bool = False):
    """A run of ``text``; ``placeholder`` marks what the official must fill (highlighted)."""
    run = paragraph.add_run(xml_text(text))
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if placeholder:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return run


_STYLE_IDS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""Style name -> style id, per document part (looked up once; nothing is added to python-docx's objects)."""


def set_style(paragraph, style: str) -> None:
    """Give ``paragraph`` the style named ``style``.

    python-docx looks a style name up by scanning every style of the document each time; a report
    has hundreds of paragraphs, so the ids are looked up once per document and set directly.
    """
    part = paragraph.part
    ids = _STYLE_IDS.get(part)
    if ids is None:
        ids = _STYLE_IDS[part] = {}
    if style not in ids:
        ids[style] = part.document.styles[style].style_id
    paragraph._p.get_or_add_pPr().style = ids[style]


def new_paragraph(container, style: str = "Normal", text: str = ""):
    """An empty (or one-text) paragraph of ``style`` at the end of a document or cell."""
    paragraph = container.add_paragraph()
    set_style(paragraph, style)
    if text:
        paragraph.add_run(xml_text(text))
    return paragraph


def spacer(container, points: float = 8):
    """A small vertical gap, e.g. between a table and the text after it."""
    paragraph = new_paragraph(container, "Đường kẻ")
    paragraph.paragraph_format.space_after = Pt(points)
    return paragraph


def add_paragraph(container, parts: str | Sequence = "", style: str = "Normal"):
    """A paragraph of one text, or of parts: str, or (text, {"bold":…, "italic":…, "placeholder":…})."""
    paragraph = new_paragraph(container, style)
    for part in ([parts] if isinstance(parts, str) else parts):
        if isinstance(part, str):
            if part:
                add_text(paragraph, part)
        else:
            text, options = part
            add_text(paragraph, text, **options)
    return paragraph


def add_rule(container, width_mm: float, container_width_mm: float, space_before_pt: float = 3):
    """A centred horizontal line ``width_mm`` long: an empty paragraph with a top border."""
    paragraph = new_paragraph(container, "Đường kẻ")
    indent = max(0.0, (container_width_mm - width_mm) / 2)
    paragraph.paragraph_format.left_indent = Mm(indent)
    paragraph.paragraph_format.right_indent = Mm(indent)
    paragraph.paragraph_format.space_before = Pt(space_before_pt)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    # pBdr must come before spacing/indentation/jc in pPr (schema order).
    ppr.insert(_pbdr_position(ppr), borders)
    return paragraph


def _pbdr_position(ppr) -> int:
    before = {qn(tag) for tag in ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore",
                                  "w:framePr", "w:widowControl", "w:numPr", "w:suppressLineNumbers")}
    position = 0
    for index, child in enumerate(ppr):
        if child.tag in before:
            position = index + 1
    return position


def _cell_width(cell, width_mm: float) -> None:
    cell.width = Mm(width_mm)


def layout_table(container, widths_mm: Sequence[float], rows: int = 1):
    """A borderless table used only to place blocks side by side (header, signature)."""
    table = container.add_table(rows=rows, cols=len(widths_mm))
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, width in enumerate(widths_mm):
        table.columns[index].width = Mm(width)
        for cell in table.columns[index].cells:
            _cell_width(cell, width)
    _table_cell_margins(table, left_mm=0, right_mm=0)
    return table


def _table_cell_margins(table, left_mm: float, right_mm: float) -> None:
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side, value in (("w:left", left_mm), ("w:right", right_mm)):
        element = OxmlElement(side)
        element.set(qn("w:w"), str(int(value * 56.7)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.append(margins)


def _first_paragraph(cell, style: str):
    paragraph = cell.paragraphs[0]
    set_style(paragraph, style)
    return paragraph


def cell_paragraph(cell, parts, style: str):
    """Write into ``cell``: its (empty) first paragraph, then new ones."""
    if len(cell.paragraphs) == 1 and not cell.paragraphs[0].text and not cell.paragraphs[0].runs:
        paragraph = _first_paragraph(cell, style)
        for part in ([parts] if isinstance(parts, str) else parts):
            if isinstance(part, str):
                if part:
                    add_text(paragraph, part)
            else:
                add_text(paragraph, part[0], **part[1])
        return paragraph
    return add_paragraph(cell, parts, style)


def data_table(container, headers: Sequence[str], widths_mm: Sequence[float]):
    """A bordered table (style “Table Grid”) with a bold header row repeated on every page."""
    table = container.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, width in enumerate(widths_mm):
        table.columns[index].width = Mm(width)
    header = table.rows[0]
    _repeat_header(header)
    for index, text in enumerate(headers):
        _cell_width(header.cells[index], widths_mm[index])
        cell_paragraph(header.cells[index], text, "Tiêu đề bảng")
    return table


def add_row(table, widths_mm: Sequence[float]):
    """A row of a data table, never split across two pages."""
    row = table.add_row()
    _row_flag(row, "w:cantSplit")
    for index, width in enumerate(widths_mm):
        _cell_width(row.cells[index], width)
    return row


def _row_flag(row, tag: str) -> None:
    element = OxmlElement(tag)
    element.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(element)


def _repeat_header(row) -> None:
    """The header row: repeated at the top of every page, never split (cantSplit before tblHeader: schema order)."""
    _row_flag(row, "w:cantSplit")
    _row_flag(row, "w:tblHeader")


# ---------------------------------------------------------------------------------------------
# The decree's blocks


def vietnamese_date(day: dt.date) -> str:
    """“ngày 26 tháng 8 năm 2020”; a day below 10 and the months 1 and 2 get a leading zero."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def header_rule_mm(body_lines: Sequence[str]) -> float:
    """The length of the line under the issuing body's name: about 45% of its longest line (Decree 30:
    from a third to a half), at most 45% of the column; rounded to a millimetre."""
    longest = max((len(line) for line in body_lines), default=10)
    return round(min(HEADER_LEFT_MM * 0.45, longest * 2.6 * 0.45 + 6))


def add_header(document, body_lines: Sequence[str], number: str, place: str, day: dt.date | None,
               parent_line: str | None = None, rule_mm: float | None = None) -> None:
    """The header table: issuing body and number on the left; national name, motto, place, date right.

    ``body_lines`` are the issuing body's name in capitals, one item per line
    (“ỦY BAN NHÂN DÂN”, “XÃ LỘC AN”); ``number`` the “Số: …” line; ``day`` None leaves the date
    to be filled.
    """
    table = layout_table(document, (HEADER_LEFT_MM, HEADER_RIGHT_MM), rows=2)
    left, right = table.rows[0].cells
    if parent_line:
        cell_paragraph(left, parent_line, "Số ký hiệu")
    for line in body_lines:
        cell_paragraph(left, line, "Tên cơ quan")
    add_rule(left, rule_mm if rule_mm is not None else header_rule_mm(body_lines), HEADER_LEFT_MM)
    cell_paragraph(right, NATIONAL_NAME, "Quốc hiệu")
    cell_paragraph(right, MOTTO, "Tiêu ngữ")
    add_rule(right, MOTTO_WIDTH_EM * MOTTO_SIZE * 25.4 / 72, HEADER_RIGHT_MM)

    number_cell, date_cell = table.rows[1].cells
    number_parts = _placeholder_parts(number)
    cell_paragraph(number_cell, number_parts, "Số ký hiệu")
    if day is None:
        date_parts = [f"{place}, ngày ", (PLACEHOLDER, {"placeholder": True}), " tháng ",
                      (PLACEHOLDER, {"placeholder": True}), " năm ", (PLACEHOLDER, {"placeholder": True})]
    else:
        date_parts = [f"{place}, {vietnamese_date(day)}"]
    cell_paragraph(date_cell, date_parts, "Địa danh, ngày tháng")
    for cell in (number_cell, date_cell):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)


def _placeholder_parts(text: str) -> list:
    """Split ``text`` so each “…” becomes a highlighted placeholder run."""
    parts: list = []
    for index, piece in enumerate(text.split(PLACEHOLDER)):
        if index:
            parts.append((PLACEHOLDER, {"placeholder": True}))
        if piece:
            parts.append(piece)
    return parts


def add_title(document, kind: str, summary: Sequence[str]) -> None:
    """The document kind (“BÁO CÁO”, style Title) and its summary lines (Subtitle), a short line under."""
    new_paragraph(document, "Title", kind)
    for line in summary:
        new_paragraph(document, "Subtitle", line)
    add_rule(document, 40, TEXT_WIDTH_MM, 4).paragraph_format.space_after = Pt(10)


def body(document, text: str | Sequence, style: str = "Normal"):
    """A body paragraph; “…” in plain text become highlighted placeholders."""
    parts = _placeholder_parts(text) if isinstance(text, str) else text
    return add_paragraph(document, parts, style)


def add_recipients_and_signature(document, recipients: Iterable[str], signing_lines: Sequence[str],
                                 signer: str = "", lines_to_confirm: bool = False) -> None:
    """“Nơi nhận:” and its list on the left; the signing authority and room to sign on the right.

    A recipient “…” is a blank to fill (highlighted); ``lines_to_confirm`` highlights the signing
    lines (a suggestion); a blank ``signer`` leaves the name to fill (highlighted).
    """
    table = layout_table(document, (HEADER_LEFT_MM + 10, HEADER_RIGHT_MM - 10))
    _row_flag(table.rows[0], "w:cantSplit")          # the block is never cut across two pages
    left, right = table.rows[0].cells
    first = cell_paragraph(left, "Nơi nhận:", "Nơi nhận")
    first.paragraph_format.space_before = Pt(12)
    for recipient in recipients:
        cell_paragraph(left, ["- ", *_placeholder_parts(recipient)], "Nơi nhận – danh sách")
    for index, line in enumerate(signing_lines):
        paragraph = cell_paragraph(right, [(line, {"placeholder": lines_to_confirm})], "Chức vụ ký")
        if index == 0:
            paragraph.paragraph_format.space_before = Pt(12)
    for _ in range(SIGNING_SPACE_LINES):
        cell_paragraph(right, "", "Chức vụ ký")
    cell_paragraph(right, [(signer or PLACEHOLDER, {"placeholder": not signer})], "Chức vụ ký")


def add_picture(document, png: bytes, width_mm: float, caption: str) -> None:
    """A picture (a chart) centred, kept with its caption under it."""
    paragraph = new_paragraph(document, "Caption")
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(png), width=Mm(width_mm))
    new_paragraph(document, "Caption", caption)


def save_document(document, path: Path) -> Path:
    """Write ``document`` to ``path`` safely: a temporary file in the same folder, then os.replace."""
    return save_workbook_atomically(document, path)
