"""`xlqms check` never rewrites campaign.xlsx into a poorer file (xlqms.rewrite_losses).

The `Cách hiểu` column is written by loading the secretary's file with openpyxl and saving it again;
what openpyxl would drop (shapes and text boxes, macros, controls, threaded comments, extensions it
warns about, formulas' stored results) leaves the file byte for byte as it was, with the reason
printed. What openpyxl keeps (pictures, charts, plain cells) is written as before.
"""

from __future__ import annotations

import zipfile

import pytest
from builders_campaign import build
from openpyxl import load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.drawing.image import Image
from PIL import Image as PILImage

from xlqms import layout
from xlqms.check import check_campaign
from xlqms.rewrite_losses import rewrite_losses

SHAPE = (b'<xdr:twoCellAnchor xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
         b'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><xdr:from><xdr:col>6</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row>'
         b'<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>9</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>6'
         b'</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="9" '
         b'name="Ghi ch\xc3\xba"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext '
         b'cx="1000000" cy="500000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr><xdr:txBody>'
         b'<a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>Nh\xe1\xba\xafc \xc4\x91\xc6\xa1n v\xe1\xbb\x8b n\xe1\xbb\x99p '
         b'tr\xc6\xb0\xe1\xbb\x9bc 15/7</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>')
EXT_VALIDATION = (b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
                  b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations '
                  b'count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation '
                  b'type="list" allowBlank="1"><x14:formula1><xm:f>\'\xc4\x90\xc6\xa1n v\xe1\xbb\x8b\'!$A$2:$A$9'
                  b'</xm:f></x14:formula1><xm:sqref>D5:D40</xm:sqref></x14:dataValidation></x14:dataValidations>'
                  b'</ext></extLst>')


def with_picture_and_chart(folder) -> None:
    """The campaign with a logo and a chart on Thiết lập (both kept by openpyxl)."""
    path = folder / layout.CAMPAIGN_FILE
    PILImage.new("RGB", (40, 20), (200, 0, 0)).save(folder / "logo.png")
    book = load_workbook(path)
    sheet = book[layout.SETTINGS_SHEET]
    sheet.add_image(Image(str(folder / "logo.png")), "E2")
    chart = BarChart()
    chart.add_data(Reference(book[layout.OBJECTIVES_SHEET], min_col=1, min_row=2, max_row=3))
    sheet.add_chart(chart, "E10")
    book.save(path)
    (folder / "logo.png").unlink()


def rezip(path, change) -> None:
    """Rewrite the package at ``path`` with ``change(name, data) -> data | None`` (None: part left out)
    and the parts ``change.extra`` adds."""
    with zipfile.ZipFile(path) as source:
        parts = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts:
            data = change(info.filename, data)
            if data is not None:
                out.writestr(info, data)
        for name, data in getattr(change, "extra", {}).items():
            out.writestr(name, data)


def add_shape(name, data):
    if name != "xl/drawings/drawing1.xml":
        return data
    closing = b"</xdr:wsDr>" if b"</xdr:wsDr>" in data else b"</wsDr>"
    assert closing in data
    return data.replace(closing, SHAPE + closing)


def add_ext_validation(name, data):
    if name == "xl/worksheets/sheet2.xml":
        return data.replace(b"</worksheet>", EXT_VALIDATION + b"</worksheet>")
    return data


def keep(name, data):
    return data


def with_part(part: str):
    def change(name, data):
        return data
    change.extra = {part: b"\x00" * 16}      # type: ignore[attr-defined]
    return change


# (what the secretary's file holds, how it is made, what the reason names)
LOST = [
    ("a text box", add_shape, "hình vẽ, hộp chữ"),
    ("a data validation list from another sheet (x14)", add_ext_validation, "mở rộng"),
    ("macros", with_part("xl/vbaProject.bin"), "macro"),
    ("a threaded comment", with_part("xl/threadedComments/threadedComment1.xml"), "hội thoại"),
    ("a form control", with_part("xl/ctrlProps/ctrlProp1.xml"), "điều khiển"),
    ("an embedded object", with_part("xl/embeddings/oleObject1.bin"), "nhúng"),
]


@pytest.mark.parametrize("change, named", [case[1:] for case in LOST], ids=[case[0] for case in LOST])
def test_check_leaves_a_file_it_would_make_poorer_untouched(tmp_path, change, named):
    build(tmp_path)
    with_picture_and_chart(tmp_path)
    path = tmp_path / layout.CAMPAIGN_FILE
    rezip(path, change)
    before = path.read_bytes()
    report = check_campaign(tmp_path)
    assert not report.written and named in report.reason, report.reason
    assert "cách hiểu của từng chỉ tiêu đã in ở trên" in report.reason
    assert path.read_bytes() == before
    assert report.inspection.campaign is not None, "the campaign itself is read as always"


def test_pictures_and_charts_are_kept_so_the_column_is_written(tmp_path):
    build(tmp_path)
    with_picture_and_chart(tmp_path)
    path = tmp_path / layout.CAMPAIGN_FILE
    rezip(path, keep)
    report = check_campaign(tmp_path)
    assert report.written, report.reason
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    assert any(name.startswith("xl/media/") for name in names) and any(name.startswith("xl/charts/") for name in names)


def test_what_the_caller_found_is_named(tmp_path):
    build(tmp_path)
    with zipfile.ZipFile(tmp_path / layout.CAMPAIGN_FILE) as archive:
        assert rewrite_losses(archive) == []
        assert "Đơn vị!A4" in rewrite_losses(archive, formula_cell="Đơn vị!A4")[0]
        warned = ["Conditional Formatting extension is not supported and will be removed"]
        assert rewrite_losses(archive, warnings=warned) != []
        assert rewrite_losses(archive, warnings=["Workbook contains no default style, apply openpyxl's default"]) == []


def test_the_reason_says_what_would_be_lost_and_where(tmp_path):
    """A Tên đợt made with a formula and a text box beside the settings (what secretaries do): the
    reason reads as one sentence — writing the column would lose the formula's stored result (its
    cell) and the text box (its sheet) — and the file is left as it was."""
    build(tmp_path)
    with_picture_and_chart(tmp_path)
    path = tmp_path / layout.CAMPAIGN_FILE
    book = load_workbook(path)
    book[layout.SETTINGS_SHEET]["C2"] = '="Đợt "&B2'
    book.save(path)
    rezip(path, add_shape)
    before = path.read_bytes()
    report = check_campaign(tmp_path)
    assert not report.written and path.read_bytes() == before
    assert report.reason.startswith(f"ghi cột vào {layout.CAMPAIGN_FILE} sẽ làm mất kết quả đã tính của công thức "
                                    f"(ô {layout.SETTINGS_SHEET}!C2"), report.reason
    assert f"hình vẽ, hộp chữ (trang {layout.SETTINGS_SHEET})" in report.reason
    assert report.reason.endswith("nên xlqms để nguyên tệp; cách hiểu của từng chỉ tiêu đã in ở trên")
    with zipfile.ZipFile(path) as archive:
        assert rewrite_losses(archive) == [f"hình vẽ, hộp chữ (trang {layout.SETTINGS_SHEET})"]
