"""xlqms verify: the workbooks' live verdicts, recalculated by LibreOffice, agree with xlqms."""

from __future__ import annotations

import json
import platform
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from xlqms import layout
from xlqms.campaign import Settings, read_campaign
from xlqms.catalogue import CatalogueEntry
from xlqms.cli import main
from xlqms.formulas import RowCells, verdict_formula
from xlqms.generate import generate_workbooks
from xlqms.scaffold import write_campaign_workbook
from xlqms.statuses import Status
from xlqms.targets import Kind, parse_target
from xlqms.units import Unit
from xlqms.verify import Trial, choose_sample, expected_status, trials_for, verify_workbooks

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")

# Every target form of the domain README, and one indicator judged only at year end.
EVERY_FORM = (
    CatalogueEntry("Ngưỡng", (("trên 90%", ""), ("≥ 98%", ""), ("dưới 5%", ""), ("không quá 2%", ""),
                              ("từ 50% trở lên", ""), ("> 10 hồ sơ", ""))),
    CatalogueEntry("Mức trơn", (("100%", ""), ("99,9%", ""), ("900 lao động", ""), ("1.100 tỷ đồng", ""))),
    CatalogueEntry("Khoảng", (("14-15%", ""),)),
    CatalogueEntry("Tỷ số", (("18/18 chỉ tiêu", ""), ("31/38 trường", ""))),
    CatalogueEntry("Thay đổi", (
        ("Tăng 1% so với năm 2021 (98,6%)", ""),           # baseline in the text, points
        ("tăng 1% tỷ lệ hài lòng so với năm trước", ""),    # baseline from Kết quả kỳ trước, points
        ("Tỷ lệ hộ nghèo giảm 0,8-1,0%/năm", ""),                          # change range, points
        ("giảm 10% số vụ tai nạn", ""),                     # relative
    )),
    CatalogueEntry("Thấp hơn là tốt", (
        ("Tỷ lệ hộ nghèo 3-4%", ""),                        # range, mirrored
        ("Tỷ lệ hồ sơ trễ hạn khoảng 2%", ""),              # bare level, at most
        ("Giảm tỷ lệ sinh con thứ ba 0,2‰", ""),            # per-mille points
        ("Chỉ số giá tiêu dùng tăng dưới 4%", ""),          # a change capped from above
    )),
    CatalogueEntry("Mức 0, so với kỳ gốc", (("0 hồ sơ trễ hạn", ""), ("Thu ngân sách bằng 110% so với năm 2024", ""))),
    CatalogueEntry("Định tính", (("Kết quả kiểm tra, đánh giá nội bộ đạt yêu cầu", ""),
                                 ("Hoàn thành trước ngày 20/12", ""))),
    CatalogueEntry("Cuối năm", (("trên 95%", "Cả năm"),)),  # not due in a 6-month round
)

PERIOD = "6 tháng đầu năm"


def make_campaign(folder: Path, catalogue=EVERY_FORM, units=None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    units = units or [Unit("T01", "Tỉnh Mẫu", "Tỉnh"), Unit("X01", "Xã Một", "Xã", "T01"),
                      Unit("X02", "Xã Hai", "Xã", "T01")]
    write_campaign_workbook(folder / layout.CAMPAIGN_FILE,
                            Settings(year=2025, period=PERIOD, title="Đợt thử", campaign_id="2025-H1-test"),
                            units, catalogue)
    return folder


def handmade_workbook(folder: Path, path: Path) -> Path:
    """A Kết quả sheet with verdict formulas from xlqms.formulas, header on row 6, columns shuffled."""
    campaign = read_campaign(folder)
    headers = [layout.RESULT_VERDICT, layout.RESULT_NUMBER, layout.RESULT_CODE, layout.RESULT_TARGET,
               layout.RESULT_VALUE, layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR, layout.RESULT_BASELINE,
               layout.RESULT_EXPLANATION]
    book = Workbook()
    sheet = book.active
    sheet.title = layout.RESULTS_SHEET
    sheet["A1"] = "Báo cáo kết quả"
    header_row = 6
    for column, header in enumerate(headers, start=1):
        sheet.cell(header_row, column, header)
    col = {header: sheet.cell(header_row, i + 1).column_letter for i, header in enumerate(headers)}
    for offset, indicator in enumerate(campaign.indicators, start=1):
        row = header_row + offset
        sheet[f"{col[layout.RESULT_CODE]}{row}"] = indicator.code
        sheet[f"{col[layout.RESULT_TARGET]}{row}"] = indicator.text
        cells = RowCells(*(f"{col[h]}{row}" for h in (layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR,
                                                      layout.RESULT_VALUE, layout.RESULT_BASELINE)))
        sheet[f"{col[layout.RESULT_VERDICT]}{row}"] = verdict_formula(
            indicator.target, cells, due=indicator.is_due(campaign.period))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def break_first_verdict(path: Path, code: str | None = None) -> tuple[str, str]:
    """Rewrite one verdict formula to always show Đạt; return (indicator code, cell)."""
    book = load_workbook(path)
    sheet = book[layout.RESULTS_SHEET]
    for row in sheet.iter_rows():
        texts = [cell.value for cell in row]
        if layout.RESULT_CODE in texts and layout.RESULT_VERDICT in texts:
            code_col = texts.index(layout.RESULT_CODE)
            verdict_col = texts.index(layout.RESULT_VERDICT)
            header_row = row[0].row
            break
    for row in sheet.iter_rows(min_row=header_row + 1):
        indicator = row[code_col].value
        if indicator and (code is None or indicator == code):
            row[verdict_col].value = '="Đạt"'
            book.save(path)
            return indicator, row[verdict_col].coordinate
    raise AssertionError("no indicator row")


# --- the test values (pure) ---------------------------------------------------------------------

ALL_TEXTS = [text for entry in EVERY_FORM for text, _ in entry.indicators]


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_trials_reach_every_status_the_target_can_give(text):
    target = parse_target(text)
    statuses = {expected_status(target, trial) for trial in trials_for(target)}
    wanted = {Status.MET, Status.NOT_MET, Status.NO_DATA}
    if target.exceedable:
        wanted.add(Status.EXCEEDED)
    assert wanted <= statuses
    if not target.exceedable:
        assert Status.EXCEEDED not in statuses


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_trials_are_a_pure_function_of_the_target(text):
    assert trials_for(parse_target(text)) == trials_for(parse_target(text))
    trials = trials_for(parse_target(text))
    keys = [(t.numerator, t.denominator, t.value, t.baseline) for t in trials]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("text, level", [
    ("trên 90%", 90), ("≥ 98%", 98), ("dưới 5%", 5), ("100%", 100), ("14-15%", 15),
    ("Tăng 1% so với năm 2021 (98,6%)", Fraction("99.6")),
])
def test_trials_sit_on_and_either_side_of_each_level(text, level):
    values = {Fraction(str(t.value)) for t in trials_for(parse_target(text)) if isinstance(t.value, (int, float))}
    assert {level, level - Fraction(1, 100), level + Fraction(1, 100)} <= values


def test_change_from_previous_period_gets_baselines_and_a_missing_one():
    target = parse_target("tăng 1% tỷ lệ hài lòng so với năm trước")
    trials = trials_for(target)
    assert any(t.baseline is None and t.value is not None for t in trials)   # no baseline: no data
    assert expected_status(target, Trial(value=91.5, baseline=90.5)) is Status.MET
    assert expected_status(target, Trial(value=91.49, baseline=90.5)) is Status.NOT_MET
    assert expected_status(target, Trial(value=91.5)) is Status.NO_DATA


def test_baseline_in_the_text_wins_over_the_cell():
    target = parse_target("Tăng 1% so với năm 2021 (98,6%)")
    assert expected_status(target, Trial(value=99.6, baseline=105.6)) is Status.MET


def test_qualitative_trials_and_not_due():
    target = parse_target("Kết quả kiểm tra đạt yêu cầu")
    assert target.kind is Kind.QUALITATIVE
    values = [t.value for t in trials_for(target)]
    assert "Đạt" in values and "Không đạt" in values and None in values
    assert expected_status(target, Trial(value="Đạt"), due=False) is Status.NOT_DUE


def test_ratio_fills_numerator_and_denominator_and_zero_denominator_falls_back():
    target = parse_target("31/38 trường")
    assert expected_status(target, Trial(numerator=31, denominator=38)) is Status.MET
    assert expected_status(target, Trial(numerator=30, denominator=38)) is Status.NOT_MET
    assert expected_status(target, Trial(numerator=31, denominator=0, value=30)) is Status.NOT_MET
    assert expected_status(target, Trial(value=31)) is Status.MET


def test_sample_covers_indicators_first():
    books = [("a", {"1"}), ("b", {"1", "2"}), ("c", {"3"}), ("d", {"1"})]
    assert choose_sample(books, 2) == [1, 2]
    assert choose_sample(books, None) == [0, 1, 2, 3]
    assert choose_sample(books, 10) == [0, 1, 2, 3]


# --- for real, in LibreOffice -------------------------------------------------------------------


@pytest.fixture(scope="module")
def campaign_folder(tmp_path_factory):
    return make_campaign(tmp_path_factory.mktemp("campaign") / "dot")


@pytest.mark.libreoffice
@needs_soffice
def test_handmade_formulas_agree_and_a_broken_one_is_reported(campaign_folder, tmp_path):
    books = tmp_path / "books"
    handmade_workbook(campaign_folder, books / "X01_ket_qua.xlsx")
    broken = handmade_workbook(campaign_folder, books / "X02_ket_qua.xlsx")
    code, cell = break_first_verdict(broken, read_campaign(campaign_folder).indicators[1].code)  # ≥ 98%

    report = verify_workbooks(campaign_folder, workbooks_dir=books)
    assert report.engine == "libreoffice"
    assert len(report.checks) == 2 * len(read_campaign(campaign_folder).indicators)
    assert {m.workbook for m in report.mismatches} == {"X02_ket_qua.xlsx"}
    assert {(m.indicator, m.cell) for m in report.mismatches} == {(code, cell)}
    assert all(m.shown == "Đạt" and m.expected in ("Không đạt", "Thiếu số liệu") for m in report.mismatches)
    assert any("97,99" in m.entered_text() for m in report.mismatches)
    assert not report.ok


def generated_workbooks(folder: Path) -> Path:
    out = folder / layout.OUTPUT_DIR / "workbooks"
    generate_workbooks(read_campaign(folder), out_dir=out, force=True)
    assert list(out.glob("*.xlsx"))
    return out


@pytest.mark.libreoffice
@needs_soffice
def test_generated_workbooks_agree_with_xlqms_on_every_target_form(tmp_path):
    """No out/workbooks yet: verify generates them in a temporary folder and checks one."""
    folder = make_campaign(tmp_path / "dot")
    report = verify_workbooks(folder, sample=1)
    assert report.generated and len(report.workbooks) == 1
    assert not (folder / layout.OUTPUT_DIR / "workbooks").exists()
    kinds = {check.kind for check in report.checks}
    assert kinds == {kind.value for kind in Kind}
    assert any(not check.due for check in report.checks)
    assert report.trials > 100
    assert report.mismatches == (), "\n".join(
        f"{m.cell} {m.target}: {m.entered_text()} → {m.shown}, cần {m.expected}" for m in report.mismatches)
    assert report.ok


@pytest.mark.libreoffice
@needs_soffice
def test_cli_verify_reports_a_broken_generated_formula(tmp_path):
    folder = make_campaign(tmp_path / "dot", units=[Unit("X01", "Xã Một", "Xã")])
    out = generated_workbooks(folder)
    first = sorted(out.glob("*.xlsx"))[0]
    code, cell = break_first_verdict(first)
    result = CliRunner().invoke(main, ["verify", str(folder), "--json"])
    assert result.exit_code == 4, result.output
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["mismatch_count"] > 0
    assert {(m["workbook"], m["indicator"], m["cell"]) for m in data["mismatches"]} == {(first.name, code, cell)}
    assert all(m["shown"] == "Đạt" for m in data["mismatches"])


@pytest.mark.libreoffice
@needs_soffice
def test_cli_verify_passes_and_shows_a_summary(campaign_folder, tmp_path):
    books = tmp_path / "books"
    handmade_workbook(campaign_folder, books / "X01_ket_qua.xlsx")
    shutil.copytree(books, campaign_folder / layout.OUTPUT_DIR / "workbooks", dirs_exist_ok=True)
    result = CliRunner().invoke(main, ["verify", str(campaign_folder)])
    assert result.exit_code == 0, result.output
    assert "X01_ket_qua.xlsx" in result.output
    assert "khớp" in result.output


# --- honest absence -----------------------------------------------------------------------------


def test_cli_engine_excel_on_linux_explains_itself(campaign_folder):
    if platform.system() in ("Windows", "Darwin"):
        pytest.skip("this machine could run Excel")
    result = CliRunner().invoke(main, ["verify", str(campaign_folder), "--engine", "excel"])
    assert result.exit_code == 2
    assert "Không dùng được Microsoft Excel" in result.output
    assert "Linux" in result.output and "--engine libreoffice" in result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)


def test_cli_nonexistent_soffice_explains_itself(campaign_folder):
    result = CliRunner().invoke(main, ["verify", str(campaign_folder), "--soffice", "/nonexistent/soffice"])
    assert result.exit_code == 2
    assert "/nonexistent/soffice" in result.output and "--soffice" in result.output
    assert "libreoffice-calc-nogui" in result.output
    assert "Traceback" not in result.output
