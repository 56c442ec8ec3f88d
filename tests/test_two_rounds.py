"""Two rounds in a row through the command line, with a merger of communes between them.

The 6-month round is played; the annual round is made with `xlqms init --previous`, the secretary
rewrites three targets as changes without a baseline and writes the merger into `Đơn vị cũ`; then
`generate` (carried, locked baselines — pooled for the merged commune), the returns (no baseline typed
by anyone), `collect`, `export`, `rollup`, `report` — and LibreOffice recalculating a second-round
workbook shows that the live verdict uses the carried baseline.
"""

from __future__ import annotations

import csv
import json
import shutil
from fractions import Fraction

import pytest
from builders_rounds import B, D, N
from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from xlqms import layout
from xlqms.cli import main
from xlqms.demo import fill_workbook
from xlqms.engines.base import FillJob, get_engine
from xlqms.export import export_frames
from xlqms.round import load_round
from xlqms.targets import evaluate

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")

UNITS_2026 = [("T1", "Tỉnh Thử", "Tỉnh", ""), ("X1", "Xã Một", "Xã", "T1"), ("X2", "Xã Hai", "Xã", "T1"),
              ("X3", "Xã Ba", "Xã", "T1"), ("X4", "Xã Bốn", "Xã", "T1")]
UNITS_AFTER_MERGER = [("T1", "Tỉnh Thử", "Tỉnh", ""), ("X1", "Xã Một", "Xã", "T1"), ("X4", "Xã Bốn", "Xã", "T1"),
                      ("X9", "Xã Hai Ba", "Xã", "T1")]
ANNUAL_TARGETS = {"MT02": "Tỷ lệ hồ sơ đúng hạn tăng 0,5% so với kỳ trước",
                  "MT03": "Tỷ lệ hài lòng tăng 0,2% so với kỳ trước",
                  "MT09": "Tỷ lệ hồ sơ trực tuyến tăng 5% so với kỳ trước"}
FIRST_RETURNS = {   # MT02 trên 95%, MT03 ≥ 98%, MT09 từ 50% trở lên: Tử số / Mẫu số as communes type them
    "X1": {"MT02": {N: 950, D: 1000}, "MT03": {N: 990, D: 1000}, "MT09": {N: 50, D: 100}},
    "X2": {"MT02": {N: 90, D: 100}, "MT03": {N: 97, D: 100}, "MT09": {N: 30, D: 100}},
    "X3": {"MT02": {N: 290, D: 300}, "MT03": {N: 297, D: 300}, "MT09": {N: 160, D: 300}},
    "X4": {"MT02": {N: 58, D: 60}, "MT03": {N: 59, D: 60}, "MT09": {N: 40, D: 60}},
}
ANNUAL_RETURNS = {  # nobody types Kết quả kỳ trước
    "X1": {"MT02": {N: 960, D: 1000}, "MT03": {N: 991, D: 1000}, "MT09": {N: 56, D: 100}},
    "X4": {"MT02": {N: 57, D: 60}, "MT03": {N: 59, D: 60}, "MT09": {N: 45, D: 60}},
    "X9": {"MT02": {N: 384, D: 400}, "MT03": {N: 394, D: 400}, "MT09": {N: 210, D: 400}},
}
MERGED_BEFORE = {"MT02": (380, 400), "MT03": (394, 400), "MT09": (190, 400)}   # X2 + X3 in the 6-month round


def cli(*args):
    result = CliRunner().invoke(main, [str(arg) for arg in args], catch_exceptions=False)
    return result


def write_units(path, units):
    with open(path, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(layout.UNIT_COLUMNS)
        writer.writerows(units)
    return path


def fill_returns(workbooks, inbox, returns):
    inbox.mkdir(parents=True, exist_ok=True)
    files = {path.name.split("_", 1)[0]: path for path in workbooks.glob("*.xlsx")}
    for unit, values in returns.items():
        fill_workbook(files[unit], inbox / files[unit].name, values)


def secretary_edits(path):
    """The annual targets and the merger, typed into the campaign.xlsx that init --previous made."""
    book = load_workbook(path)
    objectives = book[layout.OBJECTIVES_SHEET]
    index, columns = layout.find_header_row(objectives.iter_rows(values_only=True), (layout.OBJ_NUMBER,),
                                            (layout.OBJ_CODE, layout.OBJ_TARGET))
    for row in objectives.iter_rows(min_row=index + 2):
        code = row[columns[layout.OBJ_CODE]].value
        if code in ANNUAL_TARGETS:
            row[columns[layout.OBJ_TARGET]].value = ANNUAL_TARGETS[code]
    old = book[layout.OLD_UNITS_SHEET]
    index, _ = layout.find_header_row(old.iter_rows(values_only=True), layout.OLD_UNIT_COLUMNS)
    for offset, (before, after) in enumerate((("X2", "X9"), ("X3", "X9")), start=index + 2):
        old.cell(offset, 1).value, old.cell(offset, 2).value = before, after
    book.save(path)


@pytest.fixture(scope="module")
def rounds(tmp_path_factory):
    base = tmp_path_factory.mktemp("two")
    r1, r2 = base / "dot-6-thang", base / "dot-ca-nam"
    assert cli("init", r1, "--year", 2026, "--period", "6 tháng đầu năm", "--units",
               write_units(base / "units1.csv", UNITS_2026)).exit_code == 0
    assert cli("generate", r1).exit_code == 0
    fill_returns(r1 / "out" / "workbooks", base / "inbox1", FIRST_RETURNS)
    assert cli("collect", r1, base / "inbox1").exit_code in (0, 4)     # blank rows: warnings only
    init = cli("init", r2, "--previous", r1, "--units", write_units(base / "units2.csv", UNITS_AFTER_MERGER), "--json")
    assert init.exit_code == 0, init.output
    secretary_edits(r2 / layout.CAMPAIGN_FILE)
    generate = cli("generate", r2, "--json")
    assert generate.exit_code == 0, generate.output
    fill_returns(r2 / "out" / "workbooks", base / "inbox2", ANNUAL_RETURNS)
    assert cli("collect", r2, base / "inbox2").exit_code in (0, 4)
    return {"base": base, "r1": r1, "r2": r2, "init": json.loads(init.output),
            "generate": json.loads(generate.output)}


def test_init_previous_continues_the_round(rounds):
    init = rounds["init"]
    assert (init["year"], init["period"]) == (2026, "Cả năm")
    assert init["previous"]["folder"] == "../dot-6-thang"
    assert init["previous"]["units_not_in_this_round"] == ["X2", "X3"]
    campaign = load_round(rounds["r2"]).campaign
    assert campaign.settings.previous == "../dot-6-thang" and campaign.id != load_round(rounds["r1"]).campaign.id
    first = load_round(rounds["r1"]).campaign
    assert [i.code for i in campaign.indicators] == [i.code for i in first.indicators]


def test_generate_says_what_it_carried(rounds):
    previous = rounds["generate"]["previous"]
    assert (previous["period"], previous["carried"], previous["for_reference"]) == ("6 tháng đầu năm", 9, 0)
    assert rounds["generate"]["findings"] == []


def test_the_merged_commune_gets_its_pooled_baselines_locked(rounds):
    workbook = next((rounds["r2"] / "out" / "workbooks").glob("X9_*.xlsx"))
    sheet = load_workbook(workbook)[layout.RESULTS_SHEET]
    header = next(row for row in sheet.iter_rows() if any(c.value == layout.RESULT_BASELINE for c in row))
    column = {c.value: c.column for c in header}
    rows = {sheet.cell(r, column[layout.RESULT_CODE]).value: r for r in range(header[0].row + 1, sheet.max_row + 1)}
    for code, (numerator, denominator) in MERGED_BEFORE.items():
        cell = sheet.cell(rows[code], column[layout.RESULT_BASELINE])
        assert cell.value == pytest.approx(100 * numerator / denominator)
        assert cell.protection.locked and cell.fill.fgColor.rgb.endswith("D9E1F2")
        assert "X2" in cell.comment.text and "X3" in cell.comment.text and f"{numerator}/{denominator}" in cell.comment.text
        assert not sheet.cell(rows[code], column[layout.RESULT_NUMERATOR]).protection.locked
    reference = sheet.cell(rows["MT04"], column[layout.RESULT_BASELINE])
    assert reference.value is None and reference.comment is None       # nobody reported MT04 before
    assert sheet.protection.sheet


def test_verdicts_on_change_targets_with_no_baseline_typed_by_anyone(rounds):
    loaded = load_round(rounds["r2"])
    judged = {(u.code, i.code): i for u in loaded.round_result.units for i in u.indicators}
    for unit, values in ANNUAL_RETURNS.items():
        for code, cells in values.items():
            result = judged[(unit, code)]
            assert result.typed_baseline is not None          # what the locked cell held, read back
            before = (Fraction(100 * MERGED_BEFORE[code][0], MERGED_BEFORE[code][1]) if unit == "X9" else
                      Fraction(100 * FIRST_RETURNS[unit][code][N], FIRST_RETURNS[unit][code][D]))
            assert result.baseline == before
            assert result.status is evaluate(loaded.campaign.indicator(code).target,
                                             Fraction(100 * cells[N], cells[D]), baseline=before)
    assert judged[("X1", "MT02")].status.value == "met"             # 96 ≥ 95 + 0,5
    assert judged[("X9", "MT02")].status.value == "met"             # 96 ≥ 95 + 0,5 (pooled 380/400)
    assert judged[("X9", "MT09")].status.value == "met"             # 52,5 ≥ 47,5 + 5
    assert judged[("X4", "MT02")].status.value == "not_met"         # 95 < 96,67 + 0,5
    assert not [f for f in loaded.findings if f.code == "carried-baseline-changed"]


def test_export_gives_previous_values_and_changes(rounds):
    data = json.loads(cli("export", rounds["r2"], "--format", "json").output)
    assert data["campaign"]["previous"]["comparison"] == "so với kỳ trước"
    units = {unit["code"]: unit for unit in data["units"]}
    indicators = {i["code"]: i for o in units["X9"]["objectives"] for i in o["indicators"]}
    assert indicators["MT02"]["previous_value"] == 95 and indicators["MT02"]["previous_sources"] == ["X2", "X3"]
    assert indicators["MT02"]["trend"] == 1 and indicators["MT02"]["trend_unit"] == "points"
    assert indicators["MT02"]["baseline_source"] == "previous"
    assert indicators["MT04"]["previous_value"] is None
    assert {i["code"]: i["previous_value"] for o in units["X1"]["objectives"] for i in o["indicators"]}["MT09"] == 50
    rollup = {i["code"]: i for i in data["rollup"][0]["indicators"]}
    assert rollup["MT02"]["previous_pooled_value"] == pytest.approx(100 * (950 + 380 + 58) / 1460, abs=0.01)
    frames = export_frames(rounds["r2"])
    row = frames["indicators"].set_index(["unit_code", "indicator"]).loc[("X9", "MT09")]
    assert row["previous_value"] == pytest.approx(47.5) and row["trend"] == pytest.approx(5)
    assert "previous_pooled_value" in frames["rollup"].columns
    text = cli("export", rounds["r2"], "--format", "csv").output
    assert "previous_value" in text.splitlines()[0]


def test_the_rollup_workbook_shows_previous_values_and_changes(rounds):
    assert cli("rollup", rounds["r2"]).exit_code == 0
    book = load_workbook(next((rounds["r2"] / "out").glob("tong_hop_FY_2026.xlsx")))
    sheet = book["MT 2"]
    header_row = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Mã đơn vị")
    header = [c.value for c in sheet[header_row]]
    assert header[4:9] == ["Tử số", "Mẫu số", "Kết quả", "Kỳ trước", "Thay đổi"]
    x9 = next(row for row in sheet.iter_rows(min_row=header_row + 1, values_only=True) if row[0] == "X9")
    assert x9[6] == 96 and x9[7] == 95 and x9[8] == pytest.approx(1)
    pooled_header = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Mã đơn vị" and row[2] == "Mã chỉ tiêu")
    before, change = pooled_header.index("Tỷ lệ chung kỳ trước"), pooled_header.index("Thay đổi")
    pooled = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "T1" and row[2] == "MT02")
    assert pooled[before] == pytest.approx(100 * 1388 / 1460)
    assert pooled[change] == pytest.approx(100 * 1401 / 1460 - 100 * 1388 / 1460)
    overview = " ".join(str(cell) for row in book["Tổng quan"].iter_rows(values_only=True) for cell in row if cell)
    assert "so với kỳ trước (6 tháng đầu năm 2026: 95,07%), tăng 0,89 điểm %" in overview
    sources = [row for row in book["Nguồn số liệu"].iter_rows(values_only=True) if row[0] == "X9" and row[2] == "MT02"]
    assert any(row[7] == "X2 Xã Hai, X3 Xã Ba" and row[3] == 380 and row[4] == 400 for row in sources)


def test_the_reports_say_how_each_objective_moved(rounds):
    assert cli("report", rounds["r2"]).exit_code == 0
    folder = rounds["r2"] / "out" / "bao_cao"
    unit = Document(next(folder.glob("X9_*.docx")))
    text = "\n".join(cell.text for table in unit.tables for row in table.rows for cell in row.cells)
    assert "so với kỳ trước (6 tháng đầu năm 2026: 95%), tăng 1 điểm %" in text
    row = next(line for line in text.splitlines() if "so với kỳ trước (6 tháng đầu năm 2026: 95%)" in line)
    assert "mức cơ sở" not in row          # the baseline carried from the previous round is said once, as the trend
    consolidated = Document(next(folder.glob("T1_*tong_hop*.docx")))
    text = "\n".join(cell.text for table in consolidated.tables for row in table.rows for cell in row.cells)
    assert "so với kỳ trước (6 tháng đầu năm 2026: 95,07%)" in text


def test_the_same_period_a_year_later_is_so_voi_cung_ky(rounds):
    r3 = rounds["base"] / "dot-6-thang-2027"
    result = cli("init", r3, "--previous", rounds["r1"], "--year", 2027, "--period", "6 tháng đầu năm", "--json")
    assert result.exit_code == 0 and json.loads(result.output)["period"] == "6 tháng đầu năm"
    data = json.loads(cli("export", r3, "--format", "json").output)
    assert data["campaign"]["previous"]["comparison"] == "so với cùng kỳ"
    units = {unit["code"]: unit for unit in data["units"]}
    assert {i["code"]: i["previous_value"] for o in units["X2"]["objectives"] for i in o["indicators"]}["MT02"] == 90


@pytest.mark.libreoffice
@needs_soffice
def test_libreoffice_recalculates_the_live_verdict_with_the_carried_baseline(rounds, tmp_path):
    """Only Tử số / Mẫu số are typed into the merged commune's annual workbook: the verdict column,
    computed by LibreOffice, uses the locked baseline carried from the 6-month round (pooled 95%)."""
    workbook = next((rounds["r2"] / "out" / "workbooks").glob("X9_*.xlsx"))
    sheet = load_workbook(workbook)[layout.RESULTS_SHEET]
    header = next(row for row in sheet.iter_rows() if any(c.value == layout.RESULT_BASELINE for c in row))
    column = {c.value: c.column_letter for c in header}
    row = next(r for r in range(header[0].row + 1, sheet.max_row + 1)
               if sheet[f"{column[layout.RESULT_CODE]}{r}"].value == "MT02")
    cells = {name: f"{column[name]}{row}" for name in (N, D, B, layout.RESULT_VERDICT)}
    target = load_round(rounds["r2"]).campaign.indicator("MT02").target
    trials = [(955, 1000), (954, 1000), (100, 100), (0, 10)]          # 95,5 is exactly 95 + 0,5
    jobs = [FillJob(workbook, tmp_path / f"trial{i}.xlsx", {(layout.RESULTS_SHEET, cells[N]): n,
                                                             (layout.RESULTS_SHEET, cells[D]): d})
            for i, (n, d) in enumerate(trials)]
    with get_engine("libreoffice") as engine:
        outputs = engine.fill_and_recalculate(jobs)
        for (n, d), output in zip(trials, outputs):
            shown = engine.read_values(output, layout.RESULTS_SHEET, [cells[layout.RESULT_VERDICT], cells[B]])
            expected = evaluate(target, Fraction(100 * n, d), baseline=Fraction(95))
            assert shown[cells[B]] == pytest.approx(95)
            assert shown[cells[layout.RESULT_VERDICT]] == expected.label, (n, d)
    assert [evaluate(target, Fraction(100 * n, d), baseline=Fraction(95)).value for n, d in trials] == [
        "met", "not_met", "met", "not_met"]
