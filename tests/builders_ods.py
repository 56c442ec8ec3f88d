"""Minimal .ods files for reader tests: one table ``Kết quả`` with the rows, styles and settings given."""

from __future__ import annotations

import io
import zipfile

NAMESPACES = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
              'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
              'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
              'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
              'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
              'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"')
DATA_STYLES = ('<number:percentage-style style:name="P2"><number:number number:decimal-places="2"/>'
               "<number:text>%</number:text></number:percentage-style>"
               '<number:date-style style:name="D1"><number:day/><number:text>/</number:text><number:month/>'
               "</number:date-style>"
               '<number:time-style style:name="T1"><number:hours/></number:time-style>'
               '<number:text-style style:name="X1"><number:text-content/></number:text-style>'
               '<number:number-style style:name="N1"><number:number number:decimal-places="2"/></number:number-style>')
CELL_STYLES = ('<style:style style:name="percent" style:family="table-cell" style:data-style-name="P2"/>'
               '<style:style style:name="date" style:family="table-cell" style:data-style-name="D1"/>'
               '<style:style style:name="time" style:family="table-cell" style:data-style-name="T1"/>'
               '<style:style style:name="text" style:family="table-cell" style:data-style-name="X1"/>'
               '<style:style style:name="number" style:family="table-cell" style:data-style-name="N1"/>'
               '<style:style style:name="child" style:family="table-cell" style:parent-style-name="percent"/>'
               '<style:style style:name="loop" style:family="table-cell" style:parent-style-name="loop"/>'
               '<style:style style:name="paragraph" style:family="paragraph" style:data-style-name="P2"/>')


def ods(row: str, columns: str = "", automatic: str = DATA_STYLES + CELL_STYLES, common: str | None = None,
        settings: str = "") -> bytes:
    """An .ods with one table ``Kết quả`` holding ``row``; ``common`` styles go to styles.xml."""
    content = (f"<office:document-content {NAMESPACES}><office:automatic-styles>{automatic}</office:automatic-styles>"
               f"<office:body><office:spreadsheet>{settings}<table:table table:name=\"Kết quả\">{columns}{row}"
               "</table:table></office:spreadsheet></office:body></office:document-content>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content)
        if common is not None:
            archive.writestr("styles.xml", f"<office:document-styles {NAMESPACES}><office:styles>{common}"
                                           "</office:styles></office:document-styles>")
    return out.getvalue()
