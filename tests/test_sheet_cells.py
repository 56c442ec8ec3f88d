"""The cell readers (.xlsx, .ods, .xls): every cell kind, bounded work, far cells, code pages."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import zipfile
from pathlib import Path

import pytest
from builders_ods import ods

from xlqms import sheet_cells, xlsx_cells
from xlqms.number_formats import DATE, PERCENT
from xlqms.ods_cells import OdsCells
from xlqms.sheet_cells import CellError, UncachedFormula
from xlqms.xls_cells import XlsCells, reads_as_vietnamese
from xlqms.xlsx_cells import XlsxCells, unescape_text
from xlqms.xml_stream import parse_xml, plain_prolog

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STYLES = (f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>'
          '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="164"/><xf numFmtId="14"/></cellXfs>'
          "</styleSheet>")


def xlsx(sheet_data: str, styles: str | None = STYLES, workbook_pr: str = "<workbookPr/>", namespace: str = MAIN) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{namespace}" xmlns:r="{RELS}">{workbook_pr}<sheets>'
                                            '<sheet name="Kết quả" sheetId="1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels", (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'))
        archive.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{namespace}"><dimension ref="A1:XFD1048576"/>'
                                                     f"<sheetData>{sheet_data}</sheetData></worksheet>")
        if styles is not None:
            archive.writestr("xl/styles.xml", styles)
    return out.getvalue()


def read_xlsx(data: bytes):
    book = XlsxCells(data)
    try:
        return book.read_sheets(["Kết quả"])["Kết quả"]
    finally:
        book.close()


def test_xlsx_cell_kinds():
    sheet = read_xlsx(xlsx(
        '<row r="1"><c r="A1" t="inlineStr"><is><r><t>Vượt </t></r><r><t>kế hoạch</t></r><rPh><t>x</t></rPh></is></c>'
        '<c r="B1" s="1"><v>0.965</v></c><c r="C1" s="2"><v>1</v></c><c r="D1" s="3"><v>46304</v></c>'
        '<c r="E1" t="e"><v>#REF!</v></c><c r="F1"><f>A1+1</f></c><c r="G1"><f>B1</f><v></v></c>'
        '<c r="H1" t="str"><f>""</f><v></v></c><c r="I1" t="b"><v>1</v></c><c r="J1" t="d"><v>2026-10-09T00:00:00</v></c>'
        '<c r="K1" s="9"><v>5</v></c></row>'))
    row = sheet.rows[0]
    assert row[0] == "Vượt kế hoạch"
    assert row[1:3] == [0.965, 1.0] and sheet.formats[(0, 1)] == PERCENT and sheet.formats[(0, 2)] == PERCENT
    assert row[3] == dt.datetime(2026, 10, 9) and sheet.formats[(0, 3)] == DATE
    assert row[4] == CellError("#REF!") and row[5] == UncachedFormula("A1+1") and row[6] == UncachedFormula("B1")
    assert row[7] is None and row[8] is True and row[9] == dt.datetime(2026, 10, 9)
    assert sheet.formats_known is False        # K1 refers to a style that does not exist


def test_xlsx_cells_and_rows_without_references_and_strict_namespace():
    strict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    sheet = read_xlsx(xlsx('<row><c t="inlineStr"><is><t>a</t></is></c><c/><c s="1"><v>0.5</v></c></row><row/>'
                           '<row><c><v>7</v></c></row>', namespace=strict))
    assert sheet.rows[0] == ["a", None, 0.5] and sheet.formats[(0, 2)] == PERCENT
    assert sheet.rows[2] == [7.0]


def test_1904_date_system():
    sheet = read_xlsx(xlsx('<row r="1"><c r="A1" s="3"><v>44842</v></c></row>', workbook_pr='<workbookPr date1904="1"/>'))
    assert sheet.rows[0][0] == dt.datetime(2026, 10, 9)


def test_far_cells_are_listed_not_allocated():
    sheet = read_xlsx(xlsx('<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr">'
                           "<is><t>x</t></is></c></row>"))
    assert len(sheet.rows) == 1 and sheet.far == [("XFD1048576", "x")] and sheet.far_count == 1


@pytest.mark.parametrize("whole", [True, False])
def test_too_many_cells_stop_the_reading(monkeypatch, whole):
    monkeypatch.setattr(sheet_cells, "MAX_CELLS", 100)
    if not whole:
        monkeypatch.setattr(xlsx_cells, "WHOLE_SHEET_BYTES", 0)
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>1</v></c>' for c in "ABCDEFGHIJ") + "</row>"
                   for r in range(1, 30))
    sheet = read_xlsx(xlsx(rows))
    assert sheet.too_large and len(sheet.rows) <= 11


def test_streamed_and_whole_sheets_read_the_same(monkeypatch):
    data = xlsx('<row r="2"><c r="B2" s="1"><v>0.25</v></c><c r="C2" t="e"><v>#N/A</v></c></row>')
    whole = read_xlsx(data)
    monkeypatch.setattr(xlsx_cells, "WHOLE_SHEET_BYTES", 0)
    streamed = read_xlsx(data)
    assert (whole.rows, whole.formats) == (streamed.rows, streamed.formats)


def test_without_a_styles_part_cells_are_plain():
    sheet = read_xlsx(xlsx('<row r="1"><c r="A1"><v>0.5</v></c></row>', styles=None))
    assert sheet.formats_known and sheet.format_of(0, 0) == ""


def test_a_doctype_is_never_expanded():
    assert plain_prolog(b'<?xml version="1.0"?>\n<!-- note --><worksheet/>')
    assert not plain_prolog(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')
    with pytest.raises(Exception, match="(?i)entit"):
        parse_xml(b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')




def test_ods_repeats_percentages_and_errors():
    book = OdsCells(ods(
        '<table:table-row><table:table-cell table:number-columns-repeated="2"/>'
        '<table:table-cell office:value-type="percentage" office:value="0.965"><text:p>96,5%</text:p></table:table-cell>'
        '<table:table-cell table:formula="of:=1/0" office:value-type="string" calcext:value-type="error">'
        "<text:p>#DIV/0!</text:p></table:table-cell><table:table-cell table:formula=\"of:=[.A1]\"/>"
        '<table:table-cell office:value-type="string"><text:p>Vượt<text:s text:c="2"/>kế</text:p><text:p>hoạch</text:p>'
        "</table:table-cell></table:table-row>"
        '<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/>'
        "</table:table-row>"
        '<table:table-row><table:table-cell table:number-columns-repeated="16000"/>'
        '<table:table-cell office:value-type="float" office:value="3"/></table:table-row>'))
    sheet = book.read_sheets(["Kết quả"])["Kết quả"]
    assert sheet.rows[0] == [None, None, 0.965, CellError("#DIV/0!"), UncachedFormula("of:=[.A1]"), "Vượt  kế\nhoạch"]
    assert sheet.formats == {(0, 2): PERCENT}
    assert len(sheet.rows) == 1 and sheet.far_count == 1 and sheet.far[0][1] == 3.0


def _conditions_module():
    path = Path(__file__).parent / "fixtures" / "build_conditions.py"
    spec = importlib.util.spec_from_file_location("conditions_for_cells", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_biff5_without_code_page_is_read_as_vietnamese():
    conditions = _conditions_module()
    data = conditions.biff5_workbook([("Kết quả", 0, [(0, 0, "6 tháng đầu năm"), (0, 1, 98.5)])])
    book = XlsCells(data)
    assert book.code_page == "cp1258" and book.sheet_names == ["Kết quả"]
    assert book.read_sheets(["Kết quả"])["Kết quả"].rows[0] == ["6 tháng đầu năm", 98.5]


def test_biff5_in_tcvn3_bytes_is_read_western_then_converted():
    """Excel 95 files of the TCVN3 era hold TCVN3 bytes (shown with .VnTime fonts): not clean as cp1258."""
    conditions = _conditions_module()
    raw = "V\xadît kÕ ho¹ch".encode("latin-1")
    book = XlsCells(conditions.biff5_workbook([("Sheet1", 0, [(0, 0, raw)])]))
    sheet = book.read_sheets(["Sheet1"])["Sheet1"]
    assert book.code_page == "cp1252"
    assert sheet.rows[0][0] == "Vượt kế hoạch" and sheet.legacy[(0, 0)].encodings == ("TCVN3",)


@pytest.mark.parametrize("text, clean", [("6 tha\u0301ng", True), ("Ð\u0301", False), ("x\u0323y", False)])
def test_reads_as_vietnamese(text, clean):
    assert reads_as_vietnamese(text) is clean


@pytest.mark.parametrize("stored, text", [
    ("Dòng một_x000B_dòng hai", "Dòng một\x0bdòng hai"),      # a line break pasted from Word
    ("_x005F_x000B_", "_x000B_"),                             # an escaped underscore: the literal text
    ("a_x000D__x000A_b", "a\r\nb"),
    ("x_1234_ y_xZZZZ_", "x_1234_ y_xZZZZ_"),                 # not escapes
])
def test_escaped_characters_of_string_items_are_decoded(stored, text):
    assert unescape_text(stored) == text


USUAL_CELLS = [   # (attributes, content): cells the reader takes a short way through, and cells it does not
    ('s="1"', "<v>0.965</v>"), ('s="2" t="n"', "<v>1</v>"), ('s="3"', "<v>46304</v>"), ("", "<v> 12 </v>"),
    ('t="n"', "<v>abc</v>"), ("", "<v></v>"), ('t="s"', "<v>1</v>"), ('t="s" s="1"', "<v>0</v>"), ('t="s"', "<v>x</v>"),
    ('t="inlineStr"', "<is><t>  Đạt </t></is>"), ('t="inlineStr" s="1"', "<is><r><t>9</t></r><r><t>5</t></r></is>"),
    ('t="inlineStr"', "<is><t>_x000D_Kh«ng ®¹t</t></is>"), ('t="inlineStr"', "<is/>"), ('t="e"', "<v>#DIV/0!</v>"),
    ('t="b"', "<v>0</v>"), ('t="str"', "<v>abc</v>"), ('t="d"', "<v>2026-03-09T00:00:00</v>"), ("", "<f>A1</f>"),
]
SHARED = ('<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>chín</t></si>'
          "<si><r><t>95</t></r><rPh><t>x</t></rPh></si></sst>")


def xlsx_with_strings(sheet_data: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx(sheet_data))) as source, zipfile.ZipFile(out, "w") as archive:
        for info in source.infolist():
            archive.writestr(info, source.read(info))
        archive.writestr("xl/sharedStrings.xml", SHARED)
    return out.getvalue()


@pytest.mark.parametrize("attributes, content", USUAL_CELLS)
def test_a_cell_reads_the_same_with_or_without_an_extra_child(attributes, content):
    """One <v> or one <is> is read the short way; with an extension element beside it, the general way."""
    def read(extra: str):
        sheet = read_xlsx(xlsx_with_strings(f'<row r="2"><c r="B2" {attributes}>{content}{extra}</c></row>'))
        return sheet.rows, sheet.formats, sheet.legacy, sheet.formats_known

    assert read("") == read("<extLst/>")


def test_a_cell_without_reference_follows_the_cell_before_it_even_an_empty_one():
    sheet = read_xlsx(xlsx('<row r="1"><c r="C1" s="1"/><c><v>5</v></c></row>'))
    assert sheet.rows[0] == [None, None, None, 5.0]


@pytest.mark.parametrize("style", ["-1", "99", "x"])
def test_a_style_the_workbook_lacks_makes_formats_unknown(style):
    sheet = read_xlsx(xlsx(f'<row r="1"><c r="A1" s="{style}"><v>0.5</v></c></row>'))
    assert sheet.rows[0] == [0.5] and not sheet.formats_known and sheet.format_of(0, 0) is None


@pytest.mark.parametrize("reference", ["A12345678", "a1", "A1 ", "AAAA1", "A٣"])
def test_a_malformed_reference_is_placed_as_a_cell_without_one(reference):
    sheet = read_xlsx(xlsx(f'<row r="3"><c r="A3"><v>1</v></c><c r="{reference}"><v>2</v></c></row>'))
    assert sheet.rows[2] == [1.0, 2.0] and sheet.far_count == 0


FLAT_ODS = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:meta><meta:user-defined meta:name="xlqms_unit_code">00004</meta:user-defined></office:meta>
<office:body><office:spreadsheet>{settings}
<table:table table:name="Kết quả"><table:table-row>
<table:table-cell office:value-type="date" office:date-value="{date}"><text:p>x</text:p></table:table-cell>
<table:table-cell office:value-type="percentage" office:value="0.965"><text:p>96,5%</text:p></table:table-cell>
</table:table-row></table:table></office:spreadsheet></office:body></office:document>"""


@pytest.mark.parametrize("settings, date, serial", [
    ("", "1902-08-07T00:00:00", 950),
    ('<table:calculation-settings><table:null-date table:date-value="1904-01-01"/></table:calculation-settings>',
     "1906-08-08T00:00:00", 950),
])
def test_a_flat_ods_is_read_and_its_dates_keep_their_day_number(settings, date, serial):
    book = OdsCells(FLAT_ODS.format(settings=settings, date=date).encode())
    assert book.sheet_names == ["Kết quả"] and book.properties() == {"unit_code": "00004"}
    sheet = book.read_sheets(["Kết quả"])["Kết quả"]
    assert sheet.value(0, 0).serial == serial and sheet.value(0, 1) == 0.965
    assert sheet.format_of(0, 1) == "percent" and sheet.format_of(0, 0) == "date"


@pytest.mark.parametrize("text, date1904, serial", [
    ("1902-08-07T00:00:00", False, 950), ("1906-08-08T00:00:00", True, 950), ("1900-04-06T00:57:36", False, 97.04),
])
def test_an_iso_date_cell_keeps_its_day_number(text, date1904, serial):
    value, _ = xlsx_cells.cell_value((None, None, "d", True, text, None, None), "", date1904)
    assert value.serial == pytest.approx(serial)
