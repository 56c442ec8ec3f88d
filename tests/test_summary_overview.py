"""The overview sheet (Tổng quan) of large rounds: one A4 page, printed large enough to read, rows as tall
as their text, missing units named (a few, then “… và N đơn vị khác”).

The zoom is the one LibreOffice fits the page at where Calibri is drawn with DejaVu Sans (its widest
case); it is computed from the saved file (print area, column widths, row heights), and a LibreOffice
test renders the page and measures it.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from builders_overview import large_round_workbook, overview_geometry

from xlqms.summary_overview import NAMES_SHOWN_LEAST, TABLE_WIDTHS
from xlqms.text_fit import TextFont, column_points, needed_points

ROUNDS = {
    # a province of 166 communes, 60 % submitted, 12 long objectives, the previous round's trends
    "thanh-hoa": ({}, 0.5),
    # the same under 12 districts: a fourth section, parents' names in every row (the hardest case)
    "thanh-hoa-districts": ({"districts": 12}, 0.45),
    # 126 communes, 30 % submitted: ninety names missing
    "ha-noi": ({"province": "Hà Nội", "submitted_share": 0.3}, 0.5),
}
"""Round → (options of :func:`large_round_workbook`, the least zoom its overview must print at)."""


@pytest.fixture(scope="module", params=sorted(ROUNDS))
def large(request, tmp_path_factory):
    options, least = ROUNDS[request.param]
    path = large_round_workbook(tmp_path_factory.mktemp(request.param), **options)
    return path, least, overview_geometry(path)


def test_the_overview_is_one_a4_landscape_page_large_enough_to_read(large):
    _path, least, geometry = large
    sheet = geometry["sheet"]
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and setup.fitToWidth == 1 and setup.fitToHeight == 1
    # fit to one page is not enough: the zoom it takes must leave 11-point text readable
    assert geometry["scale"] >= least


def test_every_wrapped_cell_of_the_page_has_the_height_its_text_needs(large):
    _path, _least, geometry = large
    assert geometry["cells"]
    short = [(coordinate, text, height, needed_points(text, width, TextFont.of(font)))
             for coordinate, text, width, font, height in geometry["cells"]
             if height < needed_points(text, width, TextFont.of(font)) - 0.01]
    assert short == []


def test_missing_units_are_named_then_summed_up(large):
    _path, _least, geometry = large
    texts = [cell.value for row in geometry["sheet"].iter_rows() for cell in row if isinstance(cell.value, str)]
    missing = next(text for text in texts if text.startswith("Chưa nộp ("))
    count = int(re.match(r"Chưa nộp \((\d+)\)", missing).group(1))
    shown = missing.split(": ", 1)[1].split(" … và ")[0].split(", ")
    assert len(shown) >= min(NAMES_SHOWN_LEAST, count)
    assert all(name.startswith(("Xã ", "Phường ", "Đặc khu ", "Huyện ")) for name in shown)
    assert f"… và {count - len(shown)} đơn vị khác." in missing
    assert any(text.startswith("… và ") and "còn mục tiêu chưa đạt (trang Xếp hạng)" in text for text in texts)


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) and pdftotext are needed")
def test_libreoffice_prints_the_overview_on_one_page_at_the_zoom_computed(large, tmp_path):
    path, least, geometry = large
    run = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                          "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                         capture_output=True, text=True, timeout=300)
    pdf = tmp_path / (path.stem + ".pdf")
    assert pdf.is_file(), run.stdout + run.stderr
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "2", "-layout", str(pdf), "-"],
                           capture_output=True, text=True, check=True).stdout.split("\f")
    assert re.search(r"Tổng quan\s+In lúc", first[0])           # the overview's footer on page 1 …
    assert not re.search(r"Tổng quan\s+In lúc", first[1])       # … and not on page 2: one page
    # The zoom, measured: objective 1's title and its target start one column (34 characters) apart.
    xml = subprocess.run(["pdftotext", "-f", "1", "-l", "1", "-bbox", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    words = re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<', xml)
    title = next((float(x), float(y)) for x, y, word in words if word == "Duy")
    target = next(float(x) for x, y, word in words if word == "Kết" and abs(float(y) - title[1]) < 0.5)
    measured = (target - title[0]) / column_points(TABLE_WIDTHS[1])
    assert measured == pytest.approx(geometry["scale"], abs=0.015)
    assert measured >= least - 0.01

