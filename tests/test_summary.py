"""The consolidated workbook: sheets, conditional formatting, native charts, text kept as text."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from builders_attainment import entry, make_campaign, submission

from xlqms.attainment import evaluate_round
from xlqms.findings import error
from xlqms.rollup import roll_up
from xlqms.summary import default_output, write_rollup_workbook

UNITS = [
    ("P", "Tỉnh Thử", "Tỉnh", None),
    ("D1", "Huyện Một", "Huyện", "P"),
    ("C1", "Xã Một", "Xã", "D1"),
    ("C2", "Xã Hai", "Xã", "D1"),
    ("C3", "=Xã Ba", "Xã", "D1"),          # a name that looks like a formula
]
OBJECTIVES = [
    ("1", "Hồ sơ đúng hạn", [("MT01", "trên 90%")]),
    ("2", "Đánh giá nội bộ", [("MT02", "Kết quả đánh giá nội bộ đạt yêu cầu")]),
]
FORMULA_TEXT = '=HYPERLINK("http://example.invalid","bấm vào đây")'
FINDINGS = [error("not-a-number", "Kết quả!G12: “86,2 %” không phải là số — nhập 86,2", file="C2_ket_qua.xlsx",
                  sheet="Kết quả", cell="G12", indicator="MT01")]


@pytest.fixture()
def workbook_path(tmp_path):
    campaign = make_campaign(UNITS, OBJECTIVES, folder=tmp_path)
    returns = {
        "C1": submission("C1", [entry("MT01", num=95, den=100, row=12, explanation=FORMULA_TEXT),
                                entry("MT02", passed=True, row=13)]),
        "C2": submission("C2", [entry("MT01", num=170, den=200, row=12), entry("MT02", passed=False, row=13)]),
        "D1": submission("D1", [entry("MT01", num=49, den=50, row=12), entry("MT02", passed=True, row=13)]),
    }
    result = evaluate_round(campaign, returns)
    path = default_output(campaign)
    written = write_rollup_workbook(campaign, result, roll_up(campaign, result), FINDINGS, [], path)
    assert written == path
    return path


def test_default_output_is_under_out_with_period_and_year(tmp_path):
    campaign = make_campaign(UNITS, OBJECTIVES, folder=tmp_path)
    assert default_output(campaign) == tmp_path / "out" / "tong_hop_H1_2020.xlsx"


def test_sheets_present(workbook_path):
    book = openpyxl.load_workbook(workbook_path)
    assert book.sheetnames == ["Tổng quan", "Xếp hạng", "Ma trận", "MT 1", "MT 2", "Chưa nộp", "Lỗi thu thập",
                               "Nguồn số liệu"]


def test_matrix_colours_come_from_conditional_formatting_rules(workbook_path):
    sheet = openpyxl.load_workbook(workbook_path)["Ma trận"]
    rules = [(str(rng.sqref), rule) for rng in sheet.conditional_formatting for rule in rng.rules]
    formulas = {rule.formula[0] for _ref, rule in rules}
    assert {'"Đạt"', '"Không đạt"', '"Vượt"', '"Thiếu số liệu"', '"Chưa đánh giá"', '"Chưa nộp"'} <= formulas
    assert all(rule.type == "cellIs" and rule.operator == "equal" for _ref, rule in rules)
    # Verdict cells hold the label as text and carry no static fill.
    header = [cell.value for cell in sheet[5]]
    column = header.index("MT01") + 1
    cells = {sheet.cell(row, 1).value: sheet.cell(row, column) for row in range(6, sheet.max_row + 1)}
    assert cells["C1"].value == "Đạt" and cells["C2"].value == "Không đạt" and cells["C3"].value == "Chưa nộp"
    assert cells["C1"].fill.fill_type is None
    assert sheet.freeze_panes == "C6" and sheet.auto_filter.ref.startswith("A5:")


def test_objective_sheets_have_a_native_bar_chart(workbook_path):
    with zipfile.ZipFile(workbook_path) as archive:
        charts = [name for name in archive.namelist() if name.startswith("xl/charts/chart")]
        assert len(charts) == 2
        xml = archive.read(charts[0]).decode()
    assert "<barChart>" in xml and "'MT 1'!" in xml


def test_typed_text_stays_text(workbook_path):
    book = openpyxl.load_workbook(workbook_path)
    sheet = book["MT 1"]
    explanations = [cell for row in sheet.iter_rows() for cell in row if cell.value == FORMULA_TEXT]
    assert explanations and all(cell.data_type == "s" for cell in explanations)
    names = [cell for row in book["Xếp hạng"].iter_rows() for cell in row if cell.value == "=Xã Ba"]
    assert names and all(cell.data_type == "s" for cell in names)
    with zipfile.ZipFile(workbook_path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in archive.read(name).decode()     # no formula anywhere


def test_missing_findings_and_sources(workbook_path):
    book = openpyxl.load_workbook(workbook_path)
    missing = [row[1] for row in book["Chưa nộp"].iter_rows(min_row=5, values_only=True) if row[1]]
    assert missing == ["P", "C3"]
    finding = next(book["Lỗi thu thập"].iter_rows(min_row=5, values_only=True))
    assert finding[2:7] == ("not-a-number", "C2_ket_qua.xlsx", "Kết quả", "G12", "MT01")
    sources = list(book["Nguồn số liệu"].iter_rows(min_row=5, values_only=True))
    c1 = next(row for row in sources if row[0] == "C1" and row[2] == "MT01")
    assert c1[3:5] == (95, 100) and "Kết quả!E12" in c1[6] and c1[7] == "C1_ket_qua.xlsx"
    assert len(c1[9]) == 64                                       # the sha256 of the file
    ranking = book["Xếp hạng"]
    assert ranking.page_setup.orientation == "landscape" and int(ranking.page_setup.paperSize) == 9  # A4
    assert ranking.sheet_properties.pageSetUpPr.fitToPage and ranking.page_setup.fitToWidth == 1


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_it_and_renders_the_chart(workbook_path, tmp_path):
    profile = tmp_path / "lo-profile"
    run = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(workbook_path)],
        capture_output=True, text=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)},
    )
    pdf = tmp_path / "pdf" / (workbook_path.stem + ".pdf")
    assert pdf.is_file(), run.stdout + run.stderr
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page\b", data)) >= 8
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "MA TRẬN ĐÁNH GIÁ" in text and "bấm vào đây" in text and "Xã Hai" in text
        assert "kết quả theo đơn vị" in text                          # the chart's title, drawn
