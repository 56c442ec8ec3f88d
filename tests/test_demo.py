"""`xlqms demo` plays a whole round; its outputs are checked through the library."""

import json

import pytest
from click.testing import CliRunner

from xlqms.cli import main
from xlqms.demo import run_demo
from xlqms.store import Store


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
