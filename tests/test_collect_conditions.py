"""Collecting returned files in hard conditions: who sent a rejected file is known, a blank return is no
submission, a path named on the command line is never skipped in silence."""

from __future__ import annotations

import json
import os

from click.testing import CliRunner
from openpyxl import load_workbook

from xlqms import layout, safety, sheet_cells
from xlqms.cli import main
from xlqms.codes import FileState, UnitState
from xlqms.collect import collect
from xlqms.export import export_data
from xlqms.round import load_round
from xlqms.status import round_status
from xlqms.summary import build_rollup_workbook


def blank_and_filled(build_returns, folder, code):
    from xlqms.campaign import read_campaign

    blank = build_returns.Blanks(read_campaign(folder))(code)
    return blank, build_returns.fill(blank, build_returns.GOOD)


def test_a_blank_return_is_no_submission(collect_round, build_returns, tmp_path):
    blank, filled = blank_and_filled(build_returns, collect_round, "00007")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "00007_bao_cao.xlsx").write_bytes(blank)
    report = collect(collect_round, [inbox], workers=1)
    (outcome,) = report.outcomes
    assert outcome.state is FileState.BLANK and outcome.unit_code == "00007" and report.has_problems

    status = round_status(collect_round)
    unit = {u.code: u for u in status.units}["00007"]
    assert unit.state is UnitState.RETURNED_BLANK and unit in status.reminders()
    assert "chưa điền số liệu nào" in " ".join(unit.reasons)
    group = {g.code: g for g in status.groups}["01"]
    assert "00007" in group.missing and "00007" in group.blank
    assert status.totals[UnitState.RETURNED_BLANK.value] == 1
    shown = CliRunner().invoke(main, ["status", str(collect_round)]).output
    assert f"{UnitState.RETURNED_BLANK.label} (vẫn tính là chưa nộp" in shown and "00007" in shown
    assert any(item["code"] == "00007" and item["state"] == "returned_blank" for item in status.to_dict()["remind"])

    loaded = load_round(collect_round)
    exported = {u["code"]: u for u in export_data(loaded.campaign, loaded.round_result, loaded.rollup)["units"]}
    assert exported["00007"]["submitted"] is False
    written, _ = build_rollup_workbook(collect_round, tmp_path / "tong_hop.xlsx")
    summary = load_workbook(written, read_only=True)
    missing = [row for row in summary[UnitState.MISSING.label].iter_rows(values_only=True) if "00007" in row]
    assert missing and any(isinstance(v, str) and v.startswith(FileState.BLANK.label) for v in missing[0])

    # a filled file later is the submission; a blank file after it changes nothing
    (inbox / "00007_bao_cao.xlsx").write_bytes(filled)
    later = os.stat(inbox / "00007_bao_cao.xlsx").st_mtime + 60
    os.utime(inbox / "00007_bao_cao.xlsx", (later, later))
    collect(collect_round, [inbox], workers=1)
    (inbox / "00007_lai.xlsx").write_bytes(blank)
    os.utime(inbox / "00007_lai.xlsx", (later + 60, later + 60))
    collect(collect_round, [inbox], workers=1)
    assert {u.code: u.state for u in round_status(collect_round).units}["00007"] is UnitState.ACCEPTED


def test_explicit_paths_are_never_skipped_in_silence(collect_round, build_returns, tmp_path):
    _, filled = blank_and_filled(build_returns, collect_round, "00010")
    generated = layout.output_path(collect_round, layout.WORKBOOKS_DIR, "00010_Xa_Tan_Phu.xlsx")
    generated.parent.mkdir(parents=True)
    generated.write_bytes(filled)
    received = layout.output_path(collect_round, "nhan_ve", "00010.xlsx")
    received.parent.mkdir(parents=True)
    received.write_bytes(filled)

    report = collect(collect_round, [generated, received], workers=1)
    by_path = {outcome.path: outcome for outcome in report.outcomes}
    refused = by_path[str(generated)]
    assert refused.state is FileState.SKIPPED and refused.checksum is None
    assert [f.code for f in refused.findings] == ["own-output-not-collected"]
    assert by_path[str(received.resolve())].state is FileState.ACCEPTED      # under out/, but not xlqms's own

    # the campaign folder walked: its own outputs passed over (not named), nothing new
    again = collect(collect_round, [collect_round], workers=1)
    assert all(outcome.state is not FileState.ACCEPTED for outcome in again.outcomes)

    result = CliRunner().invoke(main, ["collect", str(collect_round), str(generated)])
    assert "Không thu nhận tệp" in result.output and "do chính xlqms tạo ra" in result.output


def test_a_file_too_large_is_rejected_with_its_unit(collect_round, build_returns, tmp_path, monkeypatch):
    _, filled = blank_and_filled(build_returns, collect_round, "00013")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "big.xlsx").write_bytes(filled)
    monkeypatch.setattr(safety, "MAX_FILE_BYTES", len(filled) - 1)
    (outcome,) = collect(collect_round, [inbox], workers=1).outcomes
    assert outcome.state is FileState.REJECTED and outcome.unit_code == "00013"
    assert [f.code for f in outcome.findings] == ["file-too-large"]
    unit = {u.code: u for u in round_status(collect_round).units}["00013"]
    assert unit.state is UnitState.NEEDS_CORRECTION and "file-too-large" not in unit.reasons
    assert any("vượt giới hạn" in reason for reason in unit.reasons)


def test_an_entity_in_the_workbook_part_still_names_its_unit(collect_round, build_returns, tmp_path):
    _, filled = blank_and_filled(build_returns, collect_round, "00022")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "thuc_the.xlsx").write_bytes(build_returns.xml_bomb(filled))
    (outcome,) = collect(collect_round, [inbox], workers=1).outcomes
    assert outcome.state is FileState.REJECTED and outcome.unit_code == "00022"
    assert [f.code for f in outcome.findings] == ["xml-entity-declaration"]


def test_a_zip_bomb_inside_a_workbook_names_its_unit(collect_round, build_returns, tmp_path):
    _, filled = blank_and_filled(build_returns, collect_round, "00016")
    bombed = build_returns.rezip(filled, add={"xl/media/image1.bin": b"\0" * (64 * 1024 * 1024)})
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "anh.xlsx").write_bytes(bombed)
    (outcome,) = collect(collect_round, [inbox], workers=1).outcomes
    assert outcome.state is FileState.REJECTED and outcome.unit_code == "00016"
    assert [f.code for f in outcome.findings] == ["zip-bomb"]


def test_a_sheet_with_too_many_cells_is_rejected_after_identity(collect_round, build_returns, tmp_path, monkeypatch):
    _, filled = blank_and_filled(build_returns, collect_round, "00019")
    monkeypatch.setattr(sheet_cells, "MAX_CELLS", 60)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "lon.xlsx").write_bytes(filled)
    (outcome,) = collect(collect_round, [inbox], workers=1).outcomes
    assert outcome.state is FileState.REJECTED and outcome.unit_code == "00019"
    (problem,) = [f for f in outcome.findings if f.code == "sheet-too-large"]
    assert problem.location.sheet == layout.RESULTS_SHEET


def test_collect_json_lists_refusals(collect_round, build_returns, tmp_path):
    result = CliRunner().invoke(main, ["collect", str(collect_round), str(collect_round / layout.CAMPAIGN_FILE), "--json"])
    data = json.loads(result.output)
    (item,) = data["files"]
    assert item["state"] == "skipped" and item["findings"][0]["code"] == "own-output-not-collected"
