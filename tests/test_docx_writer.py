"""The Decree 30/2020/NĐ-CP layout: page, fonts, styles, header, dates, names, safe writes."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml.ns import qn
from docx.shared import Pt

from xlqms import docx_writer as dw
from xlqms.issuers import issuer_of


def document_text(document) -> str:
    """Every paragraph of a python-docx document, tables included, as one text."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


def test_page_is_a4_with_the_decree_margins():
    section = dw.new_document().sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)   # A4 (stored in twips)
    assert 20 <= round(section.top_margin.mm) <= 25 and 20 <= round(section.bottom_margin.mm) <= 25
    assert 30 <= round(section.left_margin.mm) <= 35 and 15 <= round(section.right_margin.mm) <= 20


def test_styles_are_times_new_roman_13_to_14_for_every_script(tmp_path):
    document = dw.new_document()
    path = dw.save_document(document, tmp_path / "a.docx")
    styles = Document(str(path)).styles
    for name in ("Normal", "Title", "Subtitle", "Heading 1", "Tiêu ngữ", "Quốc hiệu", "Tên cơ quan",
                 "Nội dung bảng", "Table Grid"):
        style = styles[name]
        assert style.font.name == "Times New Roman", name
        fonts = style.element.find(qn("w:rPr")).find(qn("w:rFonts"))
        assert fonts.get(qn("w:eastAsia")) == fonts.get(qn("w:cs")) == "Times New Roman", name
    assert styles["Normal"].font.size == Pt(14)
    assert Pt(13) <= styles["Nội dung bảng"].font.size <= Pt(14)
    # The default template's decorations are gone from Title: no border, no letter spacing.
    title_xml = styles["Title"].element.xml
    assert "w:pBdr" not in title_xml and "w:spacing w:val" not in title_xml


@pytest.mark.parametrize("day, text", [
    (dt.date(2020, 8, 26), "ngày 26 tháng 8 năm 2020"),
    (dt.date(2022, 1, 4), "ngày 04 tháng 01 năm 2022"),
    (dt.date(2024, 2, 29), "ngày 29 tháng 02 năm 2024"),
    (dt.date(2024, 12, 5), "ngày 05 tháng 12 năm 2024"),
])
def test_vietnamese_dates_as_the_decree_writes_them(day, text):
    assert dw.vietnamese_date(day) == text


def test_header_has_body_number_national_name_motto_place_and_date():
    document = dw.new_document()
    dw.add_header(document, ("ỦY BAN NHÂN DÂN", "XÃ LỘC AN"), "Số: …/BC-UBND", "Lộc An", dt.date(2020, 8, 26))
    table = document.tables[0]
    left, right = table.rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "XÃ LỘC AN"]
    assert [p.text for p in right.paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập – Tự do – Hạnh phúc"]
    number, date = table.rows[1].cells
    assert number.text == "Số: …/BC-UBND"
    assert date.text == "Lộc An, ngày 26 tháng 8 năm 2020"
    assert date.paragraphs[0].style.name == "Địa danh, ngày tháng"
    # The number is a placeholder the official fills: highlighted.
    assert any(run.font.highlight_color == WD_COLOR_INDEX.YELLOW and run.text == "…"
               for run in number.paragraphs[0].runs)
    # A line under the body's name and under the motto: paragraphs with a top border.
    assert sum("w:pBdr" in p._p.xml for p in left.paragraphs) == 1
    assert sum("w:pBdr" in p._p.xml for p in right.paragraphs) == 1


def test_header_without_a_date_leaves_it_to_fill():
    document = dw.new_document()
    dw.add_header(document, ("ỦY BAN NHÂN DÂN", "HUYỆN TUY PHƯỚC"), "Số: …/BC-UBND", "Tuy Phước", None)
    assert document.tables[0].rows[1].cells[1].text == "Tuy Phước, ngày … tháng … năm …"


def test_recipients_left_signature_right():
    document = dw.new_document()
    dw.add_recipients_and_signature(document, ["UBND huyện Tuy Phước;", "Lưu: VT."],
                                    ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"))
    left, right = document.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["Nơi nhận:", "- UBND huyện Tuy Phước;", "- Lưu: VT."]
    lines = [p.text for p in right.paragraphs]
    assert lines[:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert lines[2:2 + dw.SIGNING_SPACE_LINES] == [""] * dw.SIGNING_SPACE_LINES    # room to sign
    assert lines[-1] == "…"                        # the signer's name, to fill


@pytest.mark.parametrize("name, level, lines, short, place, self_reference", [
    ("UBND xã Lộc An", "Xã", ("ỦY BAN NHÂN DÂN", "XÃ LỘC AN"), "UBND xã Lộc An", "Lộc An", "UBND xã"),
    ("Ủy ban nhân dân Phường Hoài Đức", "", ("ỦY BAN NHÂN DÂN", "PHƯỜNG HOÀI ĐỨC"), "UBND phường Hoài Đức",
     "Hoài Đức", "UBND phường"),
    ("Huyện Tuy Phước", "Huyện", ("ỦY BAN NHÂN DÂN", "HUYỆN TUY PHƯỚC"), "UBND huyện Tuy Phước", "Tuy Phước",
     "UBND huyện"),
    ("Thị xã Hoài Nhơn", "", ("ỦY BAN NHÂN DÂN", "THỊ XÃ HOÀI NHƠN"), "UBND thị xã Hoài Nhơn", "Hoài Nhơn",
     "UBND thị xã"),
    ("Lộc An", "Xã", ("ỦY BAN NHÂN DÂN", "XÃ LỘC AN"), "UBND xã Lộc An", "Lộc An", "UBND xã"),
])
def test_issuer_of_a_peoples_committee(name, level, lines, short, place, self_reference):
    issuer = issuer_of("X", name, level)
    assert issuer.body_lines == lines
    assert (issuer.short_name, issuer.place, issuer.self_reference) == (short, place, self_reference)
    assert issuer.signing == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
    assert issuer.number == "Số: …/BC-UBND"


def test_issuer_of_another_body_takes_the_place_given():
    issuer = issuer_of("NV", "Phòng Nội vụ", "Phòng", fallback_place="Tuy Phước")
    assert issuer.body_lines == ("PHÒNG NỘI VỤ",)
    assert issuer.place == "Tuy Phước"


def test_save_is_atomic_and_leaves_no_temporary_file(tmp_path):
    document = dw.new_document()
    dw.body(document, "Căn cứ Quyết định số …/QĐ-UBND ngày …")
    path = dw.save_document(document, tmp_path / "sub" / "report.docx")
    assert [p.name for p in path.parent.iterdir()] == ["report.docx"]
    text = document_text(Document(str(path)))
    assert "Căn cứ Quyết định số …/QĐ-UBND ngày …" in text
