"""xlqms verify: the workbooks' live verdicts, recalculated by LibreOffice, agree with xlqms."""

from __future__ import annotations

import datetime as dt
import json
import platform
import shutil
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from xlqms import entry_rules, layout
from xlqms.campaign import Settings, read_campaign
from xlqms.campaign_workbook import write_campaign_workbook
from xlqms.catalogue import CatalogueEntry, Indicator
from xlqms.cli import main
from xlqms.engines.base import Engine, EngineError, Typed
from xlqms.engines.libreoffice import LibreOfficeEngine
from xlqms.formulas import HELPERS, RowCells, row_formulas
from xlqms.generate import generate_workbooks
from xlqms.row_expectation import collected_verdict
from xlqms.statuses import Status
from xlqms.targets import Kind, parse_target
from xlqms.units import Unit
from xlqms.verify import choose_sample, verify_workbooks
from xlqms.verify_trials import INPUT_HEADERS, NFD_FAILED, NFD_PASSED, Trial, trials_for

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")

# Every target form of the domain README, and one indicator judged only at year end.
EVERY_FORM = (
    CatalogueEntry("Ngưỡng", (("trên 90%", ""), ("≥ 98%", ""), ("dưới 5%", ""), ("không quá 2%", ""),
                              ("từ 50% trở lên", ""), ("> 10 hồ sơ", ""))),
    CatalogueEntry("Mức trơn", (("100%", ""), ("99,9%", ""), ("900 lao động", ""), ("1.100 tỷ đồng", ""))),
    CatalogueEntry("Mức tính bằng triệu, nghìn", (("Lượng khách du lịch đạt 1,5 triệu lượt", ""),
                                                  ("Tổng thu ngân sách : 210-215 tỷ đồng", ""),
                                                  ("Giải quyết việc làm cho 12 nghìn lao động trở lên", ""))),
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
    """A Kết quả sheet with the formulas of xlqms.formulas, header on row 6, columns shuffled, helpers far right."""
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
    helper = {name: get_column_letter(20 + index) for index, name in enumerate(HELPERS)}
    sheet[f"{helper[HELPERS[0]]}{header_row}"] = "trung gian"
    for offset, indicator in enumerate(campaign.indicators, start=1):
        row = header_row + offset
        sheet[f"{col[layout.RESULT_CODE]}{row}"] = indicator.code
        sheet[f"{col[layout.RESULT_TARGET]}{row}"] = indicator.text
        cells = RowCells(*(f"{col[h]}{row}" for h in (layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR,
                                                      layout.RESULT_VALUE, layout.RESULT_BASELINE)))
        formulas = row_formulas(indicator.target, cells, lambda name, row=row: f"{helper[name]}{row}",
                                f"${helper[HELPERS[0]]}${header_row}", due=indicator.is_due(campaign.period))
        for name, formula in formulas.helpers.items():
            sheet[f"{helper[name]}{row}"] = formula
        sheet[f"{col[layout.RESULT_VERDICT]}{row}"] = formulas.verdict
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


# --- the input matrix (pure) ----------------------------------------------------------------------

ALL_TEXTS = [text for entry in EVERY_FORM for text, _ in entry.indicators]


def expected(text: str, trial: Trial, period: str = PERIOD, periods=()) -> str:
    """What collect records for a row typed as ``trial``, read as a reader gets it from an .xlsx (a value
    typed with a number format: the value, percent-formatted when the format says %)."""
    indicator = Indicator("X", "1", text, parse_target(text), (), tuple(periods))
    cells = dict(zip(INPUT_HEADERS, ("G7", "H7", "I7", "J7")))
    raw = {header: (value.value if isinstance(value, Typed) else value) for header, value in trial.inputs().items()}
    formats = {cells[header]: isinstance(value, Typed) and "%" in value.number_format
               for header, value in trial.inputs().items()}
    return collected_verdict(indicator, raw, cells, period, lambda cell, raw_value: formats.get(cell, False))


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_the_matrix_reaches_every_verdict_and_errors(text):
    target = parse_target(text)
    shown = {expected(text, trial) for trial in trials_for(target)}
    wanted = {Status.MET.label, Status.NOT_MET.label, Status.NO_DATA.label}
    if target.exceedable:
        wanted.add(Status.EXCEEDED.label)
    assert wanted <= shown
    if not target.exceedable:
        assert Status.EXCEEDED.label not in shown
    assert any(verdict.startswith(entry_rules.ERROR_PREFIX) for verdict in shown)


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_the_matrix_is_a_pure_function_of_the_target_with_every_kind_of_input(text):
    trials = trials_for(parse_target(text))
    assert trials == trials_for(parse_target(text))
    assert len({trial.key() for trial in trials}) == len(trials)
    values = [trial.value for trial in trials]
    assert None in values and NFD_PASSED in values and any(isinstance(value, Typed) for value in values)
    assert any(isinstance(value, Typed) and isinstance(value.value, dt.datetime) for value in values)
    if parse_target(text).is_quantitative:
        assert {0, -5, "85,3", "1.540", "96,5\u00a0%", 10 ** 15} <= set(v for v in values if not isinstance(v, Typed))
        pairs = {(trial.numerator, trial.denominator) for trial in trials}
        assert {(1286, 1278), (5, 0), (0, 0), (5, None)} <= pairs


@pytest.mark.parametrize("text, level", [
    ("trên 90%", 90), ("≥ 98%", 98), ("dưới 5%", 5), ("100%", 100), ("14-15%", 15),
    ("Tăng 1% so với năm 2021 (98,6%)", Fraction("99.6")),
])
def test_the_matrix_sits_on_and_either_side_of_each_level(text, level):
    values = {Fraction(str(t.value)) for t in trials_for(parse_target(text))
              if isinstance(t.value, (int, float)) and not isinstance(t.value, bool)}
    assert {level, level - Fraction(1, 100), level + Fraction(1, 100)} <= values


@pytest.mark.parametrize("text, trial, verdict", [
    ("trên 90%", Trial(numerator=1286, denominator=1278), "Lỗi: Tử số lớn hơn Mẫu số"),
    ("trên 90%", Trial(value=Typed(0.99, "0%")), "Đạt"),               # 99% typed with the % key
    ("trên 90%", Trial(value="85,3"), "Không đạt"),
    ("trên 90%", Trial(value="96,5\u00a0%"), "Đạt"),
    ("trên 90%", Trial(value=957), "Lỗi: Tỷ lệ vượt quá 100%"),
    ("trên 90%", Trial(numerator=0, denominator=0), "Thiếu số liệu"),
    ("trên 90%", Trial(value=Typed(dt.datetime(2026, 5, 1), "dd/mm/yyyy")), "Lỗi: Kết quả là ngày tháng, không phải số"),
    ("trên 90%", Trial(numerator=Typed(0.5, "0%"), denominator=100), "Không đạt"),   # 50% typed: 50 / 100
    ("tăng 1% tỷ lệ hài lòng so với năm trước", Trial(value=91.5, baseline=90.5), "Đạt"),
    ("tăng 1% tỷ lệ hài lòng so với năm trước", Trial(value=91.49, baseline=90.5), "Không đạt"),
    ("tăng 1% tỷ lệ hài lòng so với năm trước", Trial(value=91.5), "Thiếu số liệu"),
    ("tăng 1% tỷ lệ hài lòng so với năm trước", Trial(value="tăng 1,2 điểm %"), "Đạt"),
    ("Tăng 1% so với năm 2021 (98,6%)", Trial(value=99.6, baseline=105.6), "Đạt"),     # the text's baseline wins
    ("31/38 trường", Trial(numerator=31, denominator=38), "Đạt"),
    ("31/38 trường", Trial(value=30), "Không đạt"),
    ("0 hồ sơ trễ hạn", Trial(value=NFD_FAILED), "Không đạt"),
    ("Kết quả kiểm tra đạt yêu cầu", Trial(value=NFD_PASSED), "Đạt"),
    ("Kết quả kiểm tra đạt yêu cầu", Trial(value=95), "Lỗi: Nhập số cho chỉ tiêu Đạt / Không đạt"),
    # a level in millions typed in plain units: an error, never Vượt
    ("Lượng khách du lịch đạt 1,5 triệu lượt", Trial(value="1.400.000"), "Lỗi: Kết quả không tính theo đơn vị của chỉ tiêu"),
    ("Lượng khách du lịch đạt 1,5 triệu lượt", Trial(value=1_600_000), "Lỗi: Kết quả không tính theo đơn vị của chỉ tiêu"),
    ("Lượng khách du lịch đạt 1,5 triệu lượt", Trial(value="1,4"), "Không đạt"),
    ("Lượng khách du lịch đạt 1,5 triệu lượt", Trial(value=1.6), "Vượt"),
    ("Giải quyết việc làm cho 12 nghìn lao động", Trial(value="11.000"), "Lỗi: Kết quả không tính theo đơn vị của chỉ tiêu"),
    ("Giải quyết việc làm cho 12 nghìn lao động", Trial(value=13), "Vượt"),
    ("Thu ngân sách 1.540 triệu đồng", Trial(value="1.600"), "Vượt"),
    ("Thu ngân sách 1.540 triệu đồng", Trial(value=1_500_000_000), "Lỗi: Kết quả không tính theo đơn vị của chỉ tiêu"),
])
def test_what_collect_records_for_a_row(text, trial, verdict):
    assert expected(text, trial) == verdict


def test_a_row_not_due_is_still_checked():
    assert expected("trên 95%", Trial(value=96), periods=("Cả năm",)) == "Chưa đánh giá"
    assert expected("trên 95%", Trial(value="abc"), periods=("Cả năm",)) == "Lỗi: Kết quả không phải là số"


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
    assert all(m.shown == "Đạt" and m.expected != "Đạt" for m in report.mismatches)
    assert any("97,99" in m.entered_text() for m in report.mismatches)
    assert any(m.expected == "Lỗi: Tử số lớn hơn Mẫu số" and "1.286" in m.entered_text() for m in report.mismatches)
    assert {m.row for m in report.mismatches} == {int(cell[1:])}
    assert not report.ok


class FailingOnOneCopy(Engine):
    """LibreOffice, except that it fails on every batch holding the copy whose name ends with ``--001``."""

    name, title = "libreoffice", "LibreOffice"

    def __init__(self, profile):
        self.real = LibreOfficeEngine(profile_dir=profile)
        self.calls = 0

    def fill_and_recalculate(self, jobs):
        self.calls += 1
        if any(job.out_path.stem.endswith("--001") for job in jobs):
            raise EngineError("LibreOffice dừng với mã lỗi 81.")
        return self.real.fill_and_recalculate(jobs)


@pytest.mark.libreoffice
@needs_soffice
def test_a_copy_the_application_fails_on_is_a_finding_and_the_run_goes_on(campaign_folder, tmp_path):
    books = tmp_path / "books"
    handmade_workbook(campaign_folder, books / "X01_ket_qua.xlsx")
    engine = FailingOnOneCopy(tmp_path / "profile")
    report = verify_workbooks(campaign_folder, engine=engine, workbooks_dir=books)
    failed = [f for f in report.findings if f.code == "verify-copy-failed"]
    assert len(failed) == 1 and "bản sao số 2" in failed[0].message and "X01_ket_qua.xlsx" in failed[0].message
    assert report.mismatches == () and report.copies > 10 and not report.ok
    assert engine.calls > 2      # the batch was split to find the copy that fails


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
    # only text typed in TCVN3 / VNI is left to collection, and only where its conversion could judge the row
    assert report.deferred and all("§¹t" in m.entered_text() for m in report.deferred)
    assert {parse_target(m.target).kind for m in report.deferred} <= {Kind.QUALITATIVE, Kind.DEADLINE, Kind.ZERO,
                                                                     Kind.CHANGE}


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
