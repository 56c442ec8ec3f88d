"""The consolidated workbook: sheets, the overview page, conditional formatting, native charts, text kept as text."""

from __future__ import annotations

import datetime as dt
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


def test_sheets_present_overview_first_and_the_matrix_second(workbook_path):
    book = openpyxl.load_workbook(workbook_path)
    assert book.sheetnames == ["Tổng quan", "Ma trận", "Xếp hạng", "MT 1", "MT 2", "Chưa nộp", "Lỗi thu thập",
                               "Nguồn số liệu"]


def _texts(sheet) -> list[str]:
    return [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]


def test_the_overview_is_one_printed_page_with_progress_by_name_and_lights(workbook_path):
    sheet = openpyxl.load_workbook(workbook_path)["Tổng quan"]
    texts = _texts(sheet)
    # One definition of the submission rate: the province consolidates, it is not one of its own units.
    assert "Đã nộp 3/4 đơn vị (75%); chưa nộp 1." in texts
    assert "Chưa nộp (1): =Xã Ba." in texts
    own = next(text for text in texts if text.startswith("Kết quả của chính Tỉnh Thử"))
    assert "chưa nộp" in own
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row[0] in ("1", "2")}
    # MT 1 pooled: (95 + 170 + 49) / (100 + 200 + 50) = 89,71% < 90%: not met although 2 of 3 units met it.
    assert rows["1"][3].startswith("89,71% (314/350 hồ sơ)") and "thấp hơn mục tiêu 0,29 điểm %" in rows["1"][3]
    assert rows["1"][4] == "Không đạt" and rows["1"][5] == "2/3"
    assert rows["2"][4] == "Đa số đơn vị đạt" and rows["2"][5] == "2/3"      # qualitative: no pooled figure
    light = {row[4].value: row[4].fill.fgColor.rgb for row in sheet.iter_rows() if row[0].value in ("1", "2")}
    assert light["Không đạt"].endswith("FFC7CE") and light["Đa số đơn vị đạt"].endswith("FFEB9C")
    assert "Xã Hai" in texts                                    # the unit with an objective not met, by name
    setup = sheet.page_setup
    assert setup.orientation == "landscape" and int(setup.paperSize) == 9
    assert setup.fitToWidth == 1 and setup.fitToHeight == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_area.startswith("'Tổng quan'!$A$1:")
    assert len(sheet._charts) == 2


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
    # The units below the bodies first; the bodies' own rows (P, D1) in a table of their own, after them.
    codes = [sheet.cell(row, 1).value for row in range(6, sheet.max_row + 1)]
    assert codes[:3] == ["C1", "C2", "C3"] and codes.index("P") > codes.index("C3") + 1
    assert sheet.auto_filter.ref == "A5:F8"


def test_charts_are_native_bars_coloured_by_verdict_with_a_target_line(workbook_path):
    with zipfile.ZipFile(workbook_path) as archive:
        charts = sorted(name for name in archive.namelist() if name.startswith("xl/charts/chart"))
        xml = {name: archive.read(name).decode() for name in charts}
    assert len(charts) == 3                       # two on the overview, one for MT 1 (MT 2 is qualitative)
    objective = next(text for text in xml.values() if "'MT 1'!" in text)
    assert "<barChart>" in objective and "<lineChart>" in objective        # bars and the target line
    assert "E53935" in objective and "66BB6A" in objective                # Không đạt red, Đạt green
    assert "<c:min val=\"0\"" not in objective                          # the axis is fitted, not 0–120%


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
    assert missing == ["C3"]                     # the province consolidates: not expected to report to itself
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
        assert "kết quả của từng đơn vị" in text                     # the chart's title, drawn


# ---------------------------------------------------------------------------------------------
# The streamed writer (write-only workbook, cells serialised by xlqms) against openpyxl cell by cell


def _round_with_everything(tmp_path):
    """A round with missing units, findings, files, text that looks like a formula or an error value."""
    from xlqms.store import FileRecord

    units = UNITS + [("C4", "  Xã Bốn có & < > ", "Xã", "D1"), ("C5", "#N/A", "Xã", "D1")]
    objectives = OBJECTIVES + [("3", "Chỉ tiêu áp dụng cho một số xã", [("MT03", "≥ 98%", ("C1", "C4"))])]
    campaign = make_campaign(units, objectives, folder=tmp_path)
    returns = {
        "C1": submission("C1", [entry("MT01", num=95, den=100, row=12, explanation=FORMULA_TEXT),
                                entry("MT02", passed=True, row=13), entry("MT03", value="98.5", row=14)]),
        "C2": submission("C2", [entry("MT01", num=170, den=200, row=12), entry("MT02", passed=False, row=13)]),
        "C4": submission("C4", [entry("MT01", row=12, explanation="  dòng 1\r\ndòng 2\t(tab)  "),
                                entry("MT03", value="12.25", row=14, explanation="-5 vụ")]),
        "D1": submission("D1", [entry("MT01", num=49, den=50, row=12), entry("MT02", passed=True, row=13)],
                         received_at=dt.datetime(2020, 8, 26, 9, 30, tzinfo=dt.timezone.utc)),
    }
    result = evaluate_round(campaign, returns)
    files = [FileRecord("a" * 64, "/thu/C1.xlsx", "C1_ket_qua.xlsx", dt.datetime(2020, 8, 26, 9, 30), "C1", "accepted"),
             FileRecord("b" * 64, "/thu/x.xlsx", "=cmd|' /C calc'!A0", dt.datetime(2020, 8, 27, 10, 0), None,
                        "rejected")]
    findings = FINDINGS + [error("unknown-unit", "@SUM(1) — sai đơn vị", file="x.xlsx", sheet="Kết quả", cell="C3")]
    return campaign, result, roll_up(campaign, result), findings, files


def _workbook_features(path):
    """Everything a reader sees: per sheet every cell (value, type, number format, font, fill, border,
    alignment), merged cells, conditional formatting, frozen panes, filters, print setup, widths,
    heights; the charts' and drawings' XML and the workbook's (print titles as defined names)."""
    book = openpyxl.load_workbook(path)
    features = {"sheets": book.sheetnames, "title": book.properties.title, "creator": book.properties.creator}
    for sheet in book.worksheets:
        cells = {}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None and not cell.has_style:
                    continue
                value = cell.value
                if cell.coordinate == "A2" and isinstance(value, str):
                    value = re.sub(r"số liệu đến [\d/: ]+", "số liệu đến …", value)   # the time of writing
                cells[cell.coordinate] = (value, cell.data_type, cell.number_format, repr(cell.font),
                                          repr(cell.fill), repr(cell.border), repr(cell.alignment))
        features[sheet.title] = {
            "cells": cells,
            "merged": sorted(str(cell_range) for cell_range in sheet.merged_cells.ranges),
            "conditional": [(str(cf.sqref), rule.type, rule.operator, tuple(rule.formula or ()),
                             repr(rule.dxf.font), repr(rule.dxf.fill))
                            for cf in sheet.conditional_formatting for rule in cf.rules],
            "freeze": sheet.freeze_panes, "filter": sheet.auto_filter.ref, "print_rows": sheet.print_title_rows,
            "page": (sheet.page_setup.orientation, sheet.page_setup.paperSize, sheet.page_setup.fitToWidth,
                     sheet.page_setup.fitToHeight, sheet.sheet_properties.pageSetUpPr.fitToPage,
                     sheet.print_options.horizontalCentered, sheet.page_margins.left, sheet.page_margins.right,
                     sheet.oddFooter.center.text, sheet.oddHeader.left.text),
            "widths": {key: dim.width for key, dim in sheet.column_dimensions.items() if dim.customWidth},
            "heights": {key: dim.height for key, dim in sheet.row_dimensions.items() if dim.height},
        }
    with zipfile.ZipFile(path) as archive:
        names = sorted(archive.namelist())
        features["parts"] = [name for name in names if not name.startswith("docProps/")]
        features["xml"] = {name: archive.read(name) for name in names
                           if name.startswith(("xl/charts/", "xl/drawings/")) or name == "xl/workbook.xml"}
    return features


def test_streamed_workbook_equals_the_one_openpyxl_writes_cell_by_cell(tmp_path):
    from xlqms.summary import _write_rollup_workbook_plain

    data = _round_with_everything(tmp_path)
    fast = write_rollup_workbook(*data, tmp_path / "fast.xlsx")
    plain = _write_rollup_workbook_plain(*data, tmp_path / "plain.xlsx")
    expected, got = _workbook_features(plain), _workbook_features(fast)
    assert got["sheets"] == expected["sheets"]
    for name in expected["sheets"]:
        assert got[name]["cells"] == expected[name]["cells"], name
        assert got[name] == expected[name], name
    assert got == expected
    # The comparison compares something: a sheet of every kind, each with cells, rules and charts.
    assert len(expected["Nguồn số liệu"]["cells"]) > 50 and expected["Ma trận"]["conditional"]
    assert sum(name.startswith("xl/charts/chart") for name in expected["xml"]) == 4   # overview 2, MT 1, MT 3


@pytest.mark.parametrize("version, fast", [("3.1.5", True), ("3.1.0", True), ("3.2.0", False), ("4.0.0", False),
                                           ("3.0.10", False)])
def test_the_fast_path_is_taken_only_with_the_openpyxl_it_was_written_for(version, fast):
    from xlqms import streamed_sheet

    assert streamed_sheet.fast_path_available(version) is fast


def test_another_openpyxl_falls_back_to_the_public_path_with_the_same_content(tmp_path, monkeypatch):
    """With an openpyxl the streamed writer was not written for, the workbook is written cell by cell."""
    from xlqms import streamed_sheet

    data = _round_with_everything(tmp_path)
    fast = write_rollup_workbook(*data, tmp_path / "fast.xlsx")
    written_with = []
    original = streamed_sheet.new_workbook

    def spy(fast=None):
        book, sheet_class = original(fast)
        written_with.append(sheet_class)
        return book, sheet_class

    monkeypatch.setattr(streamed_sheet.openpyxl, "__version__", "3.2.0")
    monkeypatch.setattr("xlqms.summary.new_workbook", spy)
    fallback = write_rollup_workbook(*data, tmp_path / "fallback.xlsx")
    assert written_with == [streamed_sheet.PlainSheet]
    assert _workbook_features(fallback) == _workbook_features(fast)


def test_every_sheet_keeps_its_header_filter_print_setup_and_rules(tmp_path):
    path = write_rollup_workbook(*_round_with_everything(tmp_path), tmp_path / "fast.xlsx")
    book = openpyxl.load_workbook(path)
    header_rows = {"Xếp hạng": 4, "Ma trận": 5, "MT 1": 7, "MT 2": 7, "MT 3": 7, "Chưa nộp": 4,
                   "Lỗi thu thập": 4, "Nguồn số liệu": 4}
    freeze_columns = {"Xếp hạng": "D", "Ma trận": "C", "MT 1": "C", "MT 2": "C", "MT 3": "C", "Nguồn số liệu": "C"}
    for name, header in header_rows.items():
        sheet = book[name]
        assert sheet.freeze_panes == f"{freeze_columns.get(name, 'A')}{header + 1}", name
        assert sheet.auto_filter.ref.startswith(f"A{header}:"), name
        first = 4 if name == "Ma trận" else 6 if name.startswith("MT ") else header
        assert sheet.print_title_rows == f"${first}:${header}", name
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1, name
        cell = sheet.cell(header, 1)
        assert cell.font.b and cell.fill.fgColor.rgb.endswith("DDEBF7") and cell.border.left.style == "thin", name
        assert sheet.row_dimensions[header].height == 32, name
        assert sheet.column_dimensions["A"].width > 5, name
        assert sheet["A1"].font.sz == 14, name
    for name in ("Ma trận", "MT 1", "MT 2", "MT 3"):
        rules = [rule for cf in book[name].conditional_formatting for rule in cf.rules]
        assert {rule.formula[0] for rule in rules} >= {'"Đạt"', '"Không đạt"', '"Chưa nộp"'}, name
    assert sorted(str(cell_range) for cell_range in book["MT 1"].merged_cells.ranges) == [
        "A1:I1", "A2:I2", "A3:I3", "A4:I4", "E6:I6"]          # the lines above the table, and the indicator
    assert book["MT 1"]["E6"].value == "MT01: trên 90%"
    assert book["MT 1"]["A4"].value.startswith("Kết quả chung: ")          # the total first, never a body's row
    assert len(book["MT 1"]._charts) == 1 and len(book["MT 3"]._charts) == 1
    sources = book["Nguồn số liệu"]
    received = [row[8] for row in sources.iter_rows(min_row=5, values_only=True) if row[0] == "D1"]
    assert received and all(isinstance(value, dt.datetime) for value in received)
    assert sources.cell(5, 9).number_format == "[$-42A]dd/mm/yyyy hh:mm"
    texts = {cell.value: cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str)}
    for typed in (FORMULA_TEXT, "=Xã Ba", "=cmd|' /C calc'!A0", "@SUM(1) — sai đơn vị", "-5 vụ",
                  "  dòng 1\r\ndòng 2\t(tab)  ", "  Xã Bốn có & < > "):
        assert texts[typed].data_type == "s", typed


def test_streamed_sheet_writes_values_as_openpyxl_does(tmp_path):
    from decimal import Decimal

    from openpyxl import Workbook
    from openpyxl.styles import Border, Font, Side

    from xlqms.streamed_sheet import CellStyle, PlainSheet, StreamedSheet

    values = ["=SUM(A1:A2)", "+1", "-x", "@a", "\tx", "", "   ", " lead", "trail ", "a & b < c > d \"q\" 'a'",
              "dòng\r\nmới", "#N/A", "#DIV/0!", "x" * 40000, "Ứng dụng ổn định", "𝔘𝔫𝔦", None, 0, -1.5, 1e20,
              10 ** 17, 2 ** 70, 0.1 + 0.2, True, False, Decimal("1.25"), dt.datetime(2026, 7, 1, 8, 30),
              dt.date(2026, 7, 1), dt.time(9, 15), dt.timedelta(hours=30)]
    look = CellStyle(font=Font(bold=True), border=Border(left=Side(style="thin")), number_format="0.00")
    paths = {}
    for kind in (StreamedSheet, PlainSheet):
        book = Workbook(write_only=True) if kind is StreamedSheet else Workbook()
        if kind is PlainSheet:
            book.remove(book.active)
        sheet = kind(book, "Thử")
        styled = sheet.style(look)
        sheet.row_height(1, 30)
        sheet.row_height(3, 12)            # a row with a height and no cell
        sheet.put(1, 3, "c1")
        sheet.put(1, 1, "a1", styled)      # cells of a row in any order
        for row, value in enumerate(values, start=4):
            sheet.put(row, 2, value)
            sheet.put(row, 4, value, styled)
        sheet.merge(1, 1, 1, 2)
        sheet.column_width(2, 33)
        sheet.worksheet.freeze_panes = "B4"
        sheet.close()
        paths[kind] = tmp_path / f"{kind.__name__}.xlsx"
        book.save(paths[kind])
    features = {kind: _workbook_features(path)["Thử"] for kind, path in paths.items()}
    assert features[StreamedSheet] == features[PlainSheet]
    cells = features[StreamedSheet]["cells"]
    assert cells["B4"][:2] == ("=SUM(A1:A2)", "s") and cells["B15"][:2] == ("#N/A", "s")   # text typed stays text
    assert len(cells["B17"][0]) == 32767 and cells["D24"][2] == "0.00"
    assert cells["B30"][1:3] == ("d", "yyyy-mm-dd h:mm:ss") and cells["D30"][1:3] == ("n", "0.00")
    assert features[StreamedSheet]["heights"] == {1: 30, 3: 12}


def test_streamed_sheet_refuses_rows_out_of_order_and_cleans_control_characters(tmp_path):
    from openpyxl import Workbook

    from xlqms.streamed_sheet import StreamedSheet

    sheet = StreamedSheet(Workbook(write_only=True), "Thử")
    sheet.put(5, 1, "năm")
    with pytest.raises(ValueError):
        sheet.put(4, 1, "bốn")
    sheet.put(6, 1, "chuông\x07 dòng\x0bhai _x001B_")     # user text is data: cleaned, never a broken file
    assert "chuông dòng\nhai _x005F_x001B_" in sheet._cells[1]
    with pytest.raises(TypeError):
        sheet.put(7, 1, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))


def test_every_number_shows_the_vietnamese_way_whatever_the_readers_locale(workbook_path):
    """Numbers (1.540; 97,04%) and dates written as numbers carry the Vietnamese locale, as the text
    cells beside them read; a number left in General would show 97.04 in an English LibreOffice."""
    book = openpyxl.load_workbook(workbook_path)
    plain = [f"{sheet.title}!{cell.coordinate}={cell.value!r} ({cell.number_format})"
             for sheet in book for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, (int, float, dt.datetime)) and not isinstance(cell.value, bool)
             and not cell.number_format.startswith("[$-42A]")
             and not (isinstance(cell.value, int) and abs(cell.value) < 1000)]   # 1 … 999 read the same anywhere
    assert plain == []
    with zipfile.ZipFile(workbook_path) as archive:
        charts = [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/charts/chart")]
    axis_formats = [found for chart in charts for found in re.findall(r'<(?:c:)?valAx>.*?formatCode="([^"]*)"', chart, re.S)]
    assert axis_formats and all(code.startswith("[$-42A]") for code in axis_formats), axis_formats


def test_ranking_rows_wrap_their_lists_and_are_as_tall_as_them(tmp_path):
    """The lists of objective numbers and the conclusion wrap inside their column (never clipped by the
    next cell nor spilling past the table), the row made tall enough: spreadsheets do not re-measure."""
    objectives = [(str(n), f"Mục tiêu {n}", [(f"MT{n:02}", "trên 90%")]) for n in range(1, 15)]
    campaign = make_campaign([("P", "Tỉnh", "Tỉnh", None), ("A", "Xã A", "Xã", "P"), ("B", "Xã B", "Xã", "P")],
                             objectives)
    returns = {"A": submission("A", [entry(f"MT{n:02}", num=95, den=100) for n in range(1, 15)]),
               "B": submission("B", [entry(f"MT{n:02}", num=95 if n % 2 else 80, den=100) for n in range(1, 15)])}
    result = evaluate_round(campaign, returns)
    path = write_rollup_workbook(campaign, result, roll_up(campaign, result), [], [], tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(path)["Xếp hạng"]
    header = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Hạng")
    first = header + 1
    assert sheet.cell(first, 2).value == "A" and sheet.cell(first, 10).value.startswith("1, 2, 3")
    for column in (10, 14):
        assert sheet.cell(first, column).alignment.wrap_text
    assert sheet.row_dimensions[first].height and sheet.row_dimensions[first].height >= 2 * 13


LONG_TITLE = ("Duy trì, cập nhật và cải tiến Hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia TCVN ISO "
              "9001:2015 tại các cơ quan chuyên môn thuộc UBND huyện và Bộ phận Tiếp nhận và Trả kết quả")


@pytest.mark.parametrize("indicators", [
    [("MT01", "Kết quả kiểm tra, đánh giá hậu kiểm của Chi cục TC-ĐL-CL đạt yêu cầu.")],
    [("MT01.1", "≥ 90%"), ("MT01.2", "Tỷ lệ hồ sơ giải quyết đúng hạn và trước hạn trên tổng số hồ sơ đã giải "
                                      "quyết của các cơ quan chuyên môn thuộc UBND huyện đạt từ 98% trở lên")],
])
def test_a_long_objective_wraps_within_its_sheets_table_never_cut_off_in_print(tmp_path, indicators):
    campaign = make_campaign(UNITS, [("1", LONG_TITLE, indicators)], folder=tmp_path)
    returns = {"C1": submission("C1", [entry(code, passed=True, row=12 + i) for i, (code, _) in enumerate(indicators)])}
    result = evaluate_round(campaign, returns)
    path = write_rollup_workbook(campaign, result, roll_up(campaign, result), [], [], tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(path)["MT 1"]
    header_row = 7
    last = max(cell.column for cell in sheet[header_row] if cell.value)
    printed = sheet.print_area[0] if isinstance(sheet.print_area, list) else sheet.print_area
    printed_last = openpyxl.utils.column_index_from_string(re.findall(r"\$?([A-Z]+)\$?\d+", printed)[-1])
    merged = {str(cell_range) for cell_range in sheet.merged_cells.ranges}
    letter = openpyxl.utils.get_column_letter(last)
    for row in (1, 2, 3, 4):
        assert f"A{row}:{letter}{row}" in merged, row                 # as wide as the table, within the print
        assert sheet.cell(row, 1).alignment.wrap_text, row
    assert last <= printed_last
    assert sheet["A1"].value == f"MỤC TIÊU 1: {LONG_TITLE}" and sheet["A1"].font.sz == 14
    width = sum(sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, last + 1))
    lines = -(-len(sheet["A1"].value) * 1.5 // width)                  # a 14-point bold line is ~1.5 columns a letter
    assert sheet.row_dimensions[1].height >= 14 * lines, (width, sheet.row_dimensions[1].height)


def test_chua_nop_shows_late_times_whole_and_why_a_held_units_file_is_not_counted(tmp_path):
    """The late units' Nhận lúc (dd/mm/yyyy hh:mm) fits its column (LibreOffice printed ### in the
    10-wide Cấp column), every date-time cell of the workbook does; a unit whose only file is held
    (unsigned, never used) is listed as missing with that file named."""
    from dataclasses import replace

    from xlqms.codes import FileState
    from xlqms.store import FileRecord
    from xlqms.summary_sheet import DATETIME_FORMAT

    built = make_campaign(UNITS, OBJECTIVES, folder=tmp_path)
    campaign = replace(built, settings=replace(built.settings, due_date=dt.date(2020, 7, 31)))
    returns = {
        "C1": submission("C1", [entry("MT01", num=95, den=100, row=12), entry("MT02", passed=True, row=13)],
                         received_at=dt.datetime(2020, 8, 26, 9, 30)),
        "D1": submission("D1", [entry("MT01", num=49, den=50, row=12), entry("MT02", passed=True, row=13)],
                         received_at=dt.datetime(2020, 7, 20, 9, 30)),
    }
    result = evaluate_round(campaign, returns)
    files = [FileRecord("a" * 64, "/thu/C1.xlsx", "C1_ket_qua.xlsx", dt.datetime(2020, 8, 26, 9, 30), "C1",
                        FileState.ACCEPTED, sequence=1),
             FileRecord("b" * 64, "/thu/c2.xlsx", "Xa Hai bao cao.xlsx", dt.datetime(2020, 7, 25, 8, 0), "C2",
                        FileState.HELD, sequence=2)]
    path = write_rollup_workbook(campaign, result, roll_up(campaign, result), [], files, tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["Chưa nộp"]
    rows = [row for row in sheet.iter_rows(values_only=True)]
    assert any(row[1] == "C1" and isinstance(row[3], dt.datetime) for row in rows)        # late, with its time
    (c2,) = [row for row in rows if row[1] == "C2"]
    assert "Xa Hai bao cao.xlsx" in c2[7] and "chưa dùng" in c2[7]
    shown = 0
    for each in book.worksheets:
        for row in each.iter_rows():
            for cell in row:
                if cell.number_format == DATETIME_FORMAT and isinstance(cell.value, dt.datetime):
                    width = each.column_dimensions[cell.column_letter].width
                    assert width >= len("dd/mm/yyyy hh:mm"), (each.title, cell.coordinate, width)
                    shown += 1
    assert shown >= 2
