"""`xlqms demo` plays a whole round; its outputs are checked through the library."""

import json

import pytest
from builders_overview import overview_geometry
from click.testing import CliRunner

from xlqms.cli import main
from xlqms.demo import run_demo
from xlqms.store import Store
from xlqms.summary_overview import PRINT_SCALE_TARGET
from xlqms.text_fit import TextFont, needed_points


@pytest.fixture(scope="module")
def demo_round(tmp_path_factory):
    return run_demo(tmp_path_factory.mktemp("demo") / "round")


def test_demo_writes_every_deliverable(demo_round):
    out = demo_round.campaign_folder / "out"
    assert (demo_round.campaign_folder / "campaign.xlsx").is_file()
    assert list((out / "workbooks").glob("*.xlsx"))
    assert list(out.glob("tong_hop_*.xlsx"))
    assert (out / "ket_qua.json").is_file() and (out / "ket_qua.csv").is_file()
    assert list((out / "bao_cao").glob("*.docx"))


def test_demo_missing_units_are_missing_not_failing(demo_round):
    data = json.loads((demo_round.campaign_folder / "out" / "ket_qua.json").read_text(encoding="utf-8"))
    units = {unit["code"]: unit for unit in data["units"]}
    for code in demo_round.scenario["missing"]:
        assert units[code]["submitted"] is False
        assert units[code]["objectives_met"] == 0
    good = demo_round.scenario["good"][0]
    assert units[good]["submitted"] is True
    assert units[good]["objectives_total"] == 10


def test_demo_keeps_every_file_and_supersedes_the_correction(demo_round):
    with Store(demo_round.campaign_folder) as store:
        files = store.files()
        accepted = store.accepted_submissions()
        review = store.review_states()
    archived = {path.name.split(".")[0] for path in (demo_round.campaign_folder / "archive").iterdir()}
    taken_in = [record for record in files if record.state not in ("skipped",)]
    assert {record.checksum for record in taken_in} <= archived
    corrected = demo_round.scenario["corrected"][0]
    assert corrected in accepted
    assert accepted[corrected].file_name.startswith("lan2_")
    for code in demo_round.scenario["errors"]:
        assert review[code] == "needs_correction"
    assert any(record.state == "duplicate" for record in files)


def test_demo_refuses_to_overwrite_without_force(demo_round):
    result = CliRunner().invoke(main, ["demo", str(demo_round.folder)])
    assert result.exit_code == 3
    assert "--force" in result.output


# ---------------------------------------------------------------------------------------------
# The annual round, made with init --previous after the 6-month one


def test_demo_plays_an_annual_round_after_the_six_month_one(demo_round):
    from xlqms.campaign import read_campaign

    annual = read_campaign(demo_round.annual_folder)
    first = read_campaign(demo_round.campaign_folder)
    new_code, merged = demo_round.merger
    assert annual.period == "Cả năm" and annual.year == first.year
    assert annual.settings.previous == f"../{demo_round.campaign_folder.name}"
    assert {(s.old, s.new) for s in annual.successions} == {(code, new_code) for code in merged}
    assert len(merged) == 3 and new_code in annual.units and not set(merged) & {u.code for u in annual.units}


def test_demo_merged_commune_carries_its_pooled_baselines_locked(demo_round):
    from openpyxl import load_workbook

    from xlqms.demo import ANNUAL_TARGETS
    from xlqms.round import load_round

    first = load_round(demo_round.campaign_folder).round_result
    new_code, merged = demo_round.merger
    workbook = next((demo_round.annual_folder / "out" / "workbooks").glob(f"{new_code}_*.xlsx"))
    sheet = load_workbook(workbook)["Kết quả"]
    header = next(row for row in sheet.iter_rows() if any(c.value == "Kết quả kỳ trước" for c in row))
    column = {c.value: c.column for c in header}
    rows = {sheet.cell(r, column["Mã chỉ tiêu"]).value: r for r in range(header[0].row + 1, sheet.max_row + 1)}
    for code in ANNUAL_TARGETS:
        parts = [first.unit(old).indicator(code) for old in merged]
        pooled = 100 * sum(p.numerator for p in parts) / sum(p.denominator for p in parts)
        cell = sheet.cell(rows[code], column["Kết quả kỳ trước"])
        assert cell.value == pytest.approx(float(pooled)) and cell.protection.locked
        assert all(old in cell.comment.text for old in merged)


def test_demo_annual_export_findings_and_rollup_show_the_previous_round(demo_round):
    from openpyxl import load_workbook

    from xlqms.round import load_round

    data = json.loads((demo_round.annual_folder / "out" / "ket_qua.json").read_text(encoding="utf-8"))
    new_code, merged = demo_round.merger
    units = {unit["code"]: unit for unit in data["units"]}
    mt02 = next(i for o in units[new_code]["objectives"] for i in o["indicators"] if i["code"] == "MT02")
    assert mt02["previous_sources"] == list(merged) and mt02["previous_value"] is not None
    assert mt02["baseline_source"] == "previous"
    assert mt02["status"] in ("met", "not_met") or not units[new_code]["submitted"]
    loaded = load_round(demo_round.annual_folder)
    changed = [f for f in loaded.findings if f.code == "carried-baseline-changed"]
    assert [f.location.file.split("_", 1)[0] for f in changed] == demo_round.annual_scenario["baseline_changed"]
    book = load_workbook(next((demo_round.annual_folder / "out").glob("tong_hop_FY_*.xlsx")))
    headers = [c.value for row in book["MT 2"].iter_rows(max_row=10) for c in row]
    assert "Kỳ trước" in headers and "Thay đổi" in headers


def test_demo_overviews_print_on_one_page_at_the_target_zoom(demo_round):
    """Both rounds' Tổng quan: one A4 landscape page, at least :data:`PRINT_SCALE_TARGET` in LibreOffice
    (Calibri drawn as DejaVu Sans), every wrapped cell's row as tall as its text."""
    for folder in (demo_round.campaign_folder, demo_round.annual_folder):
        path = next((folder / "out").glob("tong_hop_*.xlsx"))
        geometry = overview_geometry(path)
        assert geometry["sheet"].page_setup.fitToHeight == 1 and geometry["sheet"].page_setup.fitToWidth == 1
        assert geometry["scale"] >= PRINT_SCALE_TARGET, path
        assert [cell for cell in geometry["cells"]
                if cell[4] < needed_points(cell[1], cell[2], TextFont.of(cell[3])) - 0.01] == []
