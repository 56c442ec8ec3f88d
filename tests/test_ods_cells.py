"""The .ods reader: a number's kind given by its cell style, not its value type (how Gnumeric writes)."""

from __future__ import annotations

import io
import zipfile

import pytest
from builders_ods import CELL_STYLES, DATA_STYLES, NAMESPACES, ods

from xlqms.number_formats import DATE, PERCENT, PLAIN, TEXT
from xlqms.ods_cells import OdsCells


def float_cell(value: str, style: str | None = None, value_type: str = "float") -> str:
    styled = f' table:style-name="{style}"' if style else ""
    return f'<table:table-cell{styled} office:value-type="{value_type}" office:value="{value}"/>'


def first_cell(data: bytes):
    sheet = OdsCells(data).read_sheets(["Kết quả"])["Kết quả"]
    return sheet.value(0, 0), sheet.format_of(0, 0)


@pytest.mark.parametrize("cell, kind", [
    (float_cell("0.9704", "percent"), PERCENT),                       # 97,04% typed, Gnumeric's way
    (float_cell("0.9704", "percent", "currency"), PERCENT),
    (float_cell("0.9704", None, "percentage"), PERCENT),              # LibreOffice's way
    (float_cell("0.9704", "number", "percentage"), PERCENT),          # the value type wins
    (float_cell("0.9704", "child"), PERCENT),                         # inherited from the parent style
    (float_cell("97.04", "number"), PLAIN),
    (float_cell("97.04", "text"), TEXT),
    (float_cell("97.04", "loop"), PLAIN),                             # a style its own parent: no kind, no hang
    (float_cell("97.04", "unknown"), PLAIN),
    (float_cell("97.04", "paragraph"), PLAIN),                        # not a cell style
    (float_cell("97.04"), PLAIN),
])
def test_a_numbers_kind_comes_from_its_value_type_or_its_style(cell, kind):
    value, found = first_cell(ods(f"<table:table-row>{cell}</table:table-row>"))
    assert (value, found) == (pytest.approx(float(cell.split('office:value="')[1].split('"')[0])), kind)


@pytest.mark.parametrize("style, settings, shown, serial", [
    ("date", "", "1902-08-07", 950),
    ("date", '<table:calculation-settings><table:null-date table:date-value="1904-01-01"/></table:calculation-settings>',
     "1906-08-08", 950),
    ("time", "", "1899-12-30", 0.5),
])
def test_a_number_under_a_date_style_is_a_date_that_keeps_its_number(style, settings, shown, serial):
    value, kind = first_cell(ods(f"<table:table-row>{float_cell(str(serial), style)}</table:table-row>",
                                 settings=settings))
    assert kind == DATE and value.date().isoformat() == shown and value.serial == serial


def test_a_number_too_far_for_a_date_stays_a_number():
    value, kind = first_cell(ods(f"<table:table-row>{float_cell('1e12', 'date')}</table:table-row>"))
    assert (value, kind) == (1e12, DATE)


@pytest.mark.parametrize("where, kind", [
    ("styles.xml", PERCENT),         # a common style with its data style, both in styles.xml
    ("row", PERCENT),                # the row's default cell style
    ("column", PERCENT),             # the column's default cell style (after a repeated column)
    ("cell over row", PLAIN),        # the cell's own style wins over the row's
])
def test_where_the_style_is_given(where, kind):
    columns, row_style, cell_style, common = "", "", None, None
    if where == "styles.xml":
        common, cell_style = DATA_STYLES + CELL_STYLES.replace('"percent"', '"shared"', 1), "shared"
    elif where == "row":
        row_style = ' table:default-cell-style-name="percent"'
    elif where == "column":
        columns = ('<table:table-column table:number-columns-repeated="2" table:default-cell-style-name="number"/>'
                   '<table:table-column table:default-cell-style-name="percent"/>')
    else:
        row_style, cell_style = ' table:default-cell-style-name="percent"', "number"
    at = 2 if where == "column" else 0
    cells = '<table:table-cell table:number-columns-repeated="2"/>' if at else ""
    data = ods(f"<table:table-row{row_style}>{cells}{float_cell('0.5', cell_style)}</table:table-row>", columns,
               common=common)
    sheet = OdsCells(data).read_sheets(["Kết quả"])["Kết quả"]
    assert sheet.value(0, at) == 0.5 and sheet.format_of(0, at) == kind


def test_a_flat_ods_reads_its_styles_too():
    flat = (f'<?xml version="1.0"?><office:document {NAMESPACES} '
            'office:mimetype="application/vnd.oasis.opendocument.spreadsheet">'
            f"<office:styles>{DATA_STYLES}</office:styles><office:automatic-styles>{CELL_STYLES}"
            '</office:automatic-styles><office:body><office:spreadsheet><table:table table:name="Kết quả">'
            f"<table:table-row>{float_cell('0.9704', 'percent')}</table:table-row></table:table>"
            "</office:spreadsheet></office:body></office:document>")
    assert first_cell(flat.encode()) == (0.9704, PERCENT)


def named(name: str, expression: str) -> str:
    return f'<table:named-expression table:name="{name}" table:expression="{expression}"/>'


@pytest.mark.parametrize("expressions, meta, expected", [
    ([named("XLQMS_UNIT_CODE", "of:=&quot;00010&quot;"), named("XLQMS_YEAR", "of:=&quot;2026&quot;")], "",
     {"unit_code": "00010", "year": "2026"}),
    ([named("XLQMS_GENERATED_AT", "=&quot;2026-06-01T08:00:00&quot;")], "",       # no namespace, a colon inside
     {"generated_at": "2026-06-01T08:00:00"}),
    ([named("XLQMS_UNIT_NAME", "of:=&quot;Xã &quot;&quot;Tân&quot;&quot; Phú&quot;")], "",
     {"unit_name": 'Xã "Tân" Phú'}),
    ([named("XLQMS_UNIT_CODE", "of:=&quot;00010&quot;")], "00013", {"unit_code": "00010"}),   # names win
    ([], "00013", {"unit_code": "00013"}),
    ([named("OTHER", "of:=&quot;x&quot;")], "", {}),
])
def test_identity_from_named_expressions_and_properties(expressions, meta, expected):
    """Gnumeric keeps a workbook's defined names as named expressions and drops its custom properties."""
    body = (f'<office:body><office:spreadsheet><table:table table:name="Kết quả"><table:table-row>'
            f"{float_cell('1')}</table:table-row></table:table>"
            f"<table:named-expressions>{''.join(expressions)}</table:named-expressions>"
            "</office:spreadsheet></office:body>")
    user = f'<meta:user-defined meta:name="xlqms_unit_code">{meta}</meta:user-defined>' if meta else ""
    meta_ns = 'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", f"<office:document-content {NAMESPACES}>{body}</office:document-content>")
        archive.writestr("meta.xml", f"<office:document-meta {NAMESPACES} {meta_ns}><office:meta>{user}"
                                     "</office:meta></office:document-meta>")
    flat = (f'<?xml version="1.0"?><office:document {NAMESPACES} {meta_ns}><office:meta>{user}</office:meta>'
            f"{body}</office:document>")
    assert OdsCells(out.getvalue()).properties() == expected
    assert OdsCells(flat.encode()).properties() == expected
