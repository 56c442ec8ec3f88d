"""Report drafts: the unit's report (seed 001) and the consolidated one, their words, files and rendering."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from builders_attainment import entry, make_campaign, submission
from docx import Document
from test_docx_writer import document_text
from test_seed001 import FIGURES, OBJECTIVES

from xlqms import report
from xlqms.attainment import evaluate_round
from xlqms.docx_writer import issuer_of
from xlqms.errors import OutputExistsError
from xlqms.rollup import roll_up
from xlqms.statuses import Status

DAY = dt.date(2020, 8, 26)
SEED_CONCLUSION = ("Như vậy, trong 6 tháng đầu năm 2020 đã có 6/10 mục tiêu đạt và vượt so với kế hoạch đề ra "
                   "(mục tiêu số 2, 5, 6, 8, 9, 10)")


def _all_text(path) -> str:
    return document_text(Document(str(path)))


def row(number, status, year_end=True):
    return report.ObjectiveRow(number, f"Mục tiêu {number}", ("trên 90%",), ("97,04% – Đạt",), status,
                               year_end=year_end)


# --- content alone -------------------------------------------------------------------------------


def test_conclusion_names_met_not_met_and_year_end_objectives():
    statuses = {"1": Status.NOT_MET, "2": Status.MET, "3": Status.NOT_MET, "4": Status.NOT_DUE,
                "5": Status.EXCEEDED, "6": Status.MET, "7": Status.NOT_MET, "8": Status.MET,
                "9": Status.MET, "10": Status.MET}
    content = report.UnitReportContent(
        issuer_of("LOCAN", "UBND xã Lộc An", "Xã"), None, 2020, "6 tháng đầu năm", DAY,
        tuple(row(number, status) for number, status in statuses.items()))
    assert content.conclusion == (
        SEED_CONCLUSION + "; 3/10 mục tiêu chưa đạt (mục tiêu số 1, 3, 7); "
        "1/10 mục tiêu đánh giá vào cuối năm (mục tiêu số 4). Thời gian tới, UBND xã tiếp tục phấn đấu "
        "duy trì có hiệu quả các mục tiêu đã đạt được; đồng thời có giải pháp thực hiện để đạt các mục tiêu "
        "còn lại theo kế hoạch đề ra.")


def test_conclusion_when_all_met_and_when_none_met():
    issuer = issuer_of("P", "Phường Hoài Đức")
    all_met = report.UnitReportContent(issuer, None, 2022, "Cả năm", None,
                                       (row("1", Status.MET), row("2", Status.EXCEEDED)))
    assert all_met.conclusion == (
        "Như vậy, trong năm 2022 đã có 2/2 mục tiêu đạt và vượt so với kế hoạch đề ra (mục tiêu số 1, 2). "
        "Thời gian tới, UBND phường tiếp tục phấn đấu duy trì có hiệu quả các mục tiêu đã đạt được.")
    none_met = report.UnitReportContent(issuer, None, 2022, "Quý I", None,
                                        (row("1", Status.NOT_MET), row("2", Status.NO_DATA)))
    assert none_met.conclusion.startswith(
        "Như vậy, trong quý I năm 2022 chưa có mục tiêu nào đạt so với kế hoạch đề ra; "
        "1/2 mục tiêu chưa đạt (mục tiêu số 1); 1/2 mục tiêu chưa đủ số liệu để đánh giá (mục tiêu số 2).")


@pytest.mark.parametrize("period, phrase", [
    ("6 tháng đầu năm", "6 tháng đầu năm 2020"), ("9 tháng", "9 tháng đầu năm 2020"),
    ("Cả năm", "năm 2020"), ("Quý III", "quý III năm 2020"),
])
def test_period_phrase(period, phrase):
    assert report.period_phrase(period, 2020) == phrase


def _judged(target, **given):
    campaign = make_campaign([("A", "Xã A", "Xã", None)], [("1", "Mục tiêu", [("MT01", target)])])
    returns = {"A": submission("A", [entry("MT01", **given)])} if given else {}
    result = evaluate_round(campaign, returns).unit("A").indicators[0]
    return report.achieved_text(result, campaign.indicator("MT01"))


@pytest.mark.parametrize("target, given, text", [
    ("trên 90%", {"num": 1540, "den": 1587}, "1540/1587, tỷ lệ 97,04% – Đạt"),
    ("trên 95%", {"value": "95.7"}, "95,7% – Đạt"),
    ("100%", {"num": 162, "den": 168}, "162/168, tỷ lệ 96,43% – Không đạt"),
    ("900 lao động", {"value": 950}, "950 lao động – Vượt"),
    ("1.100 tỷ đồng", {"value": 1050}, "1.050 tỷ đồng – Không đạt"),
    ("Tăng 1% so với năm 2021 (98,6%)", {"value": "99.7"}, "99,7% (mức cơ sở 98,6%) – Đạt"),
    ("Kết quả đánh giá nội bộ đạt yêu cầu", {"passed": True}, "Đơn vị tự đánh giá: Đạt"),
    ("trên 90%", {}, "Thiếu số liệu"),
])
def test_achieved_text_gives_figures_and_verdict(target, given, text):
    assert _judged(target, **given) == text


# --- the seed-001 round: a district with three communes, one of which has not reported -------------

UNITS = [("TP", "Huyện Tuy Phước", "Huyện", None), ("LOCAN", "UBND xã Lộc An", "Xã", "TP"),
         ("PH", "Xã Phước Hòa", "Xã", "TP"), ("PS", "Xã Phước Sơn", "Xã", "TP")]


@pytest.fixture()
def seed_round():
    campaign = make_campaign(UNITS, OBJECTIVES)
    better = [entry("MT01", num=18, den=18)] + [e for e in FIGURES if e.code not in {"MT01", "MT03", "MT07.2"}] + [
        entry("MT03", num=3, den=3), entry("MT07.2", num=14, den=15, explanation="Đôn đốc hằng tuần")]
    returns = {"LOCAN": submission("LOCAN", FIGURES), "PH": submission("PH", better)}
    result = evaluate_round(campaign, returns)
    return campaign, result, roll_up(campaign, result)


def test_lộc_an_unit_content_from_its_results(seed_round):
    campaign, result, _ = seed_round
    content = report.unit_content(campaign, result.unit("LOCAN"), DAY)
    assert content.met_numbers == ("2", "5", "6", "8", "9", "10")
    assert content.conclusion.startswith(SEED_CONCLUSION + "; 4/10 mục tiêu chưa đạt (mục tiêu số 1, 3, 4, 7)")
    rows = {r.number: r for r in content.objectives}
    assert rows["2"].achieved == ("a) 100% – Đạt", "b) 1540/1587, tỷ lệ 97,04% – Đạt")
    assert rows["3"].achieved == ("2/3, tỷ lệ 66,67% – Không đạt",)
    assert rows["5"].achieved == ("95,7% – Đạt",)
    assert rows["4"].achieved[0] == "a) Đơn vị tự đánh giá: Đạt"
    assert rows["1"].explanations == ("10 chỉ tiêu đạt từ 48-100%; 5 chỉ tiêu đánh giá vào cuối năm",)
    assert rows["7"].verdict == "Không đạt"
    assert content.issuer.body_lines == ("ỦY BAN NHÂN DÂN", "XÃ LỘC AN")
    assert content.issuer.place == "Lộc An"
    assert content.recipients == ("UBND huyện Tuy Phước;", "Lưu: VT.")


def test_not_due_indicators_are_judged_at_year_end():
    campaign = make_campaign([("A", "Xã A", "Xã", None)], [
        ("1", "Hồ sơ", [("MT01", "trên 90%")]),
        ("2", "Kinh tế", [("MT02", "18/18 chỉ tiêu", (), ("Cả năm",))]),
    ])
    result = evaluate_round(campaign, {"A": submission("A", [entry("MT01", num=95, den=100)])})
    content = report.unit_content(campaign, result.unit("A"))
    assert content.objectives[1].achieved == ("Chỉ tiêu đánh giá vào cuối năm",)
    assert content.conclusion.startswith(
        "Như vậy, trong 6 tháng đầu năm 2020 đã có 1/2 mục tiêu đạt và vượt so với kế hoạch đề ra "
        "(mục tiêu số 1); 1/2 mục tiêu đánh giá vào cuối năm (mục tiêu số 2).")


def test_consolidated_content_names_the_commune_that_did_not_report(seed_round):
    content = report.consolidated_content(*seed_round, "TP", DAY)
    assert content.completeness == "2/3 đơn vị đã gửi báo cáo"
    assert content.missing == ("UBND xã Phước Sơn",)
    assert content.submitted == ("UBND xã Lộc An", "UBND xã Phước Hòa")
    objectives = {o.number: o for o in content.objectives}
    assert (objectives["2"].units_met, objectives["2"].units_assessed) == (2, 2)
    assert (objectives["3"].units_met, objectives["3"].units_assessed) == (1, 2)
    # Pooled ratio: (1540 + 1540) / (1587 + 1587); (2 + 3) / (3 + 3) = 83,33%.
    assert objectives["2"].pooled[1] == "b) chung 3080/3174, tỷ lệ 97,04% – Đạt; 2/2 đơn vị đạt"
    assert objectives["3"].pooled == ("chung 5/6, tỷ lệ 83,33% – Không đạt; 1/2 đơn vị đạt",)
    worst = content.most_not_met
    assert [unit.name for unit in worst] == ["UBND xã Lộc An"]
    assert worst[0].not_met == ("1", "3", "4", "7")
    assert [bar.note for bar in content.chart_bars][:3] == ["1/2", "2/2", "1/2"]


def test_reports_are_written_one_per_reporting_unit_and_one_per_parent(seed_round, tmp_path):
    paths = report.write_round_reports(*seed_round, tmp_path, date=DAY)
    names = [path.name for path in paths]
    assert names == ["LOCAN_UBND_xa_Loc_An_bao_cao_H1_2020.docx", "PH_Xa_Phuoc_Hoa_bao_cao_H1_2020.docx",
                     "TP_Huyen_Tuy_Phuoc_tong_hop_H1_2020.docx"]
    assert all(name.isascii() for name in names)

    unit_text = _all_text(paths[0])
    for expected in ("ỦY BAN NHÂN DÂN", "XÃ LỘC AN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập – Tự do – Hạnh phúc", "Lộc An, ngày 26 tháng 8 năm 2020", "BÁO CÁO",
                     "Kết quả thực hiện Mục tiêu chất lượng 6 tháng đầu năm 2020",
                     "Căn cứ Quyết định số …/QĐ-UBND ngày … của UBND xã Lộc An",
                     "Nội dung công việc", "Kết quả thực hiện", "b) 1540/1587, tỷ lệ 97,04% – Đạt",
                     SEED_CONCLUSION, "Trên đây là Báo cáo", "Nơi nhận:", "- UBND huyện Tuy Phước;", "- Lưu: VT.",
                     "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"):
        assert expected in unit_text, expected
    document = Document(str(paths[0]))
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert any(p.style.name == "Title" for p in document.paragraphs)

    district_text = _all_text(paths[2])
    assert "HUYỆN TUY PHƯỚC" in district_text
    assert "2/3 đơn vị đã gửi báo cáo" in district_text
    assert "Đơn vị chưa gửi báo cáo: UBND xã Phước Sơn." in district_text
    assert "Đơn vị có nhiều mục tiêu chưa đạt nhất: UBND xã Lộc An (4/10 mục tiêu chưa đạt" in district_text
    district = Document(str(paths[2]))
    assert len(district.inline_shapes) == 1                  # the chart
    assert "Phước Sơn" not in " ".join(p.name for p in paths)  # no report for the missing commune


def test_reports_are_not_overwritten_without_force(seed_round, tmp_path):
    first = report.write_round_reports(*seed_round, tmp_path, date=DAY)
    first[0].write_bytes(b"edited by the official")
    with pytest.raises(OutputExistsError, match="--force"):
        report.write_round_reports(*seed_round, tmp_path, date=DAY)
    assert first[0].read_bytes() == b"edited by the official"
    report.write_round_reports(*seed_round, tmp_path, date=DAY, force=True)
    assert "XÃ LỘC AN" in _all_text(first[0])


def test_write_reports_reads_the_round_and_defaults_to_out_bao_cao(seed_round, tmp_path, monkeypatch):
    import xlqms.export

    campaign, result, rollup = seed_round
    loaded = xlqms.export.LoadedRound(campaign, result, rollup, [], [])
    monkeypatch.setattr(report, "load_round", lambda folder: loaded)
    paths = report.write_reports(tmp_path, date=DAY)
    assert {path.parent for path in paths} == {tmp_path / "out" / "bao_cao"}
    assert len(paths) == 3


# --- a real client ---------------------------------------------------------------------------------


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_every_draft_to_pdf(seed_round, tmp_path):
    paths = report.write_round_reports(*seed_round, tmp_path / "docx", date=DAY)
    pdf_dir = tmp_path / "pdf"
    completed = subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(pdf_dir), *map(str, paths)],
        capture_output=True, text=True, timeout=180)
    assert completed.returncode == 0, completed.stderr
    for path in paths:
        pdf = pdf_dir / (path.stem + ".pdf")
        assert pdf.is_file(), completed.stdout + completed.stderr
        assert pdf.read_bytes().startswith(b"%PDF")
        assert _pages(pdf) >= 1
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                            str(tmp_path / path.stem)], check=True, timeout=60)
            assert list(tmp_path.glob(f"{path.stem}*.png"))


def _pages(pdf: Path) -> int:
    if shutil.which("pdfinfo") is None:  # count the page objects instead
        return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    output = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in output.splitlines() if line.startswith("Pages:")))


# --- the seed-001 round trip through real files: campaign.xlsx → workbooks → returns → drafts -----


def _values_of(figure) -> dict:
    values = {}
    if figure.numerator is not None:
        values["Tử số"], values["Mẫu số"] = float(figure.numerator), float(figure.denominator)
    elif figure.passed is not None:
        values["Kết quả"] = "Đạt" if figure.passed else "Không đạt"
    elif figure.value is not None:
        values["Kết quả"] = float(figure.value)
    if figure.explanation:
        values["Thuyết minh"] = figure.explanation
    return values


def test_seed_001_round_trip_through_files(tmp_path):
    from xlqms.campaign import Settings, read_campaign
    from xlqms.catalogue import CatalogueEntry
    from xlqms.collect import collect
    from xlqms.demo import fill_workbook
    from xlqms.generate import generate_workbooks
    from xlqms.scaffold import write_campaign_workbook
    from xlqms.units import Unit

    folder = tmp_path / "dot"
    folder.mkdir()
    catalogue = [CatalogueEntry(title, tuple((text, "") for _, text in indicators))
                 for _, title, indicators in OBJECTIVES]
    write_campaign_workbook(folder / "campaign.xlsx",
                            Settings(2020, "6 tháng đầu năm", campaign_id="2020-H1-locan"),
                            [Unit(code, name, level, parent) for code, name, level, parent in UNITS], catalogue)
    campaign = read_campaign(folder)
    assert [i.code for i in campaign.indicators] == [f.code for f in FIGURES]
    generated = generate_workbooks(campaign, tmp_path / "gui")
    files = {row.unit_code: tmp_path / "gui" / row.file for row in generated.rows}
    returns = tmp_path / "nhan"
    fill_workbook(files["LOCAN"], returns / "locan.xlsx", {f.code: _values_of(f) for f in FIGURES})
    fill_workbook(files["PH"], returns / "ph.xlsx", {f.code: _values_of(f) for f in FIGURES})
    collect(folder, [returns], campaign=campaign)

    paths = report.write_reports(folder, date=DAY)
    by_code = {path.name.split("_")[0]: path for path in paths}
    assert set(by_code) == {"LOCAN", "PH", "TP"}                    # Phước Sơn sent nothing: no report
    assert SEED_CONCLUSION in _all_text(by_code["LOCAN"])
    assert "1540/1587, tỷ lệ 97,04% – Đạt" in _all_text(by_code["LOCAN"])
    district = _all_text(by_code["TP"])
    assert "2/3 đơn vị đã gửi báo cáo" in district and "Đơn vị chưa gửi báo cáo: UBND xã Phước Sơn." in district


def test_cli_report_lists_the_files_and_refuses_to_overwrite(seed_round, tmp_path, monkeypatch):
    from click.testing import CliRunner

    import xlqms.export
    from xlqms.cli import main

    campaign, result, rollup = seed_round
    monkeypatch.setattr(report, "load_round",
                        lambda folder: xlqms.export.LoadedRound(campaign, result, rollup, [], []))
    runner = CliRunner()
    outcome = runner.invoke(main, ["report", str(tmp_path), "--date", "26/08/2020", "--json"])
    assert outcome.exit_code == 0, outcome.output
    files = [Path(name) for name in json.loads(outcome.output)["files"]]
    assert [path.name.split("_")[0] for path in files] == ["LOCAN", "PH", "TP"]
    assert "Lộc An, ngày 26 tháng 8 năm 2020" in _all_text(files[0])
    again = runner.invoke(main, ["report", str(tmp_path)])
    assert again.exit_code == 3 and "--force" in again.output
    forced = runner.invoke(main, ["report", str(tmp_path), "--force"])
    assert forced.exit_code == 0 and "Báo cáo tổng hợp" in forced.output
