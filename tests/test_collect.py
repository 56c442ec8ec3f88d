"""Collecting a messy folder: every file kept, every good value lands, every bad file named."""

from __future__ import annotations

import hashlib
import json
import shutil
from fractions import Fraction

import pytest
from click.testing import CliRunner

from xlqms import collect as collect_module
from xlqms.cli import main
from xlqms.collect import collect
from xlqms.status import round_status
from xlqms.store import Store

LIBREOFFICE_FILES = {"resaved_libreoffice.xlsx": "00010", "returned.ods": "00013", "returned.xls": "00016"}


def snapshot(folder):
    """The store's state without timestamps: what two runs must agree on."""
    with Store(folder) as store:
        files = sorted((r.checksum, r.state, r.unit_code, r.source_path, r.sequence) for r in store.files())
        submissions = {unit: (s.checksum, s.entries) for unit, s in store.accepted_submissions().items()}
        return files, submissions, store.review_states(), sorted(map(repr, store.findings()))


def test_the_whole_messy_folder(collect_round, returns_corpus):
    returns = returns_corpus["returns"]
    report = collect(collect_round, [returns], workers=1)
    by_name = {outcome.name: outcome for outcome in report.outcomes}
    sources = [path for path in returns.rglob("*") if path.is_file()]
    assert len(report.outcomes) == len(sources)

    # every file kept, untouched, under its checksum
    for path in sources:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        archived = list((collect_round / "archive").glob(digest + "*"))
        assert len(archived) == 1 and archived[0].read_bytes() == path.read_bytes()

    assert by_name["good.xlsx"].state == "superseded"            # replaced by the later correction
    assert by_name["00004_ban_sua.xlsx"].state == "accepted"
    assert by_name["good (copy).xlsx"].state == "duplicate"
    assert by_name["bao cao xa Dong Hung (1).xlsx"].state == "accepted"
    for name in ("other_period.xlsx", "other_campaign.xlsx", "stranger_unit.xlsx", "truncated.xlsx",
                 "zip_bomb.xlsx", "xml_bomb.xlsx", "password_protected.xlsx", "old_template.xlsx"):
        assert by_name[name].state == "rejected", name
    assert by_name["~$good.xlsx"].state == "skipped" and by_name["notes.txt"].state == "skipped"
    assert by_name["row_deleted.xlsx"].state == "needs_correction"
    annotated = by_name["numerator_exceeds_denominator.xlsx"].annotated_path
    assert annotated and annotated.endswith("00028_numerator_exceeds_denominator_can_sua.xlsx")
    assert report.has_problems
    from openpyxl import load_workbook

    copy = load_workbook(annotated)
    assert copy.sheetnames[0] == "Lỗi cần sửa"
    assert copy["Lỗi cần sửa"]["A5"].value == "Kết quả!G11"
    assert "Tử số (1.600) lớn hơn Mẫu số (1.587)" in copy["Kết quả"]["G11"].comment.text
    assert copy["Kết quả"]["G11"].fill.fgColor.rgb.endswith("FFC7CE")

    with Store(collect_round) as store:
        submissions = store.accepted_submissions()
        assert submissions["00004"].entries["MT02"].value == Fraction("99.1")          # the correction's value
        assert submissions["00007"].entries["MT01"].numerator == 1540
        assert "MT01" not in submissions["00028"].entries                   # the wrong value is not used
        assert submissions["00028"].entries["MT02"].value == Fraction("98.5")         # its clean values are
        for name, unit in LIBREOFFICE_FILES.items():
            if (returns / name).exists():
                assert by_name[name].state == "accepted"
                assert submissions[unit].entries["MT02"].value == Fraction("98.5")

    status = round_status(collect_round)
    rejected = {item.file_name: [f.code for f in item.reasons] for item in status.rejected}
    assert rejected["other_period.xlsx"] == ["period-mismatch"]
    assert rejected["stranger_unit.xlsx"] == ["unknown-unit"]
    assert rejected["zip_bomb.xlsx"] == ["zip-bomb"] and rejected["xml_bomb.xlsx"] == ["xml-entity-declaration"]
    assert rejected["truncated.xlsx"] == ["corrupt-file"]
    states = {unit.code: unit.state for unit in status.units}
    assert states["00004"] == "accepted" and states["00043"] == "missing" and states["00028"] == "needs_correction"
    assert states["00046"] == "received"                                    # identity from visible cells


def test_recollecting_nothing_new_reads_nothing(collect_round, returns_corpus, monkeypatch):
    collect(collect_round, [returns_corpus["returns"]], workers=1)
    before = snapshot(collect_round)

    def must_not_read(*args, **kwargs):
        raise AssertionError("an unchanged file was read again")

    monkeypatch.setattr(collect_module, "read_returned_file", must_not_read)
    again = collect(collect_round, [returns_corpus["returns"]], workers=1)
    assert again.outcomes == () and again.unchanged > 20 and not again.has_problems
    assert snapshot(collect_round) == before


def test_parallel_equals_serial(returns_corpus, tmp_path):
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    for folder in (serial, parallel):
        shutil.copytree(returns_corpus["campaign"], folder)
    collect(serial, [returns_corpus["returns"]], workers=1)
    collect(parallel, [returns_corpus["returns"]], workers=2)
    assert snapshot(parallel) == snapshot(serial)


def test_the_archive_is_written_by_the_collecting_process_alone(collect_round, returns_corpus, monkeypatch):
    """Workers read; the process that journals and records writes every archived copy (one writer)."""
    import os

    writers = set()
    real = collect_module._archive

    def archive(*args, **kwargs):
        writers.add(os.getpid())
        return real(*args, **kwargs)

    monkeypatch.setattr(collect_module, "_archive", archive)
    report = collect(collect_round, [returns_corpus["returns"]], workers=2)
    assert writers == {os.getpid()}
    archived = {path.name.split(".")[0] for path in (collect_round / "archive").iterdir() if path.name != "journal.jsonl"}
    assert {o.checksum for o in report.outcomes if o.checksum} <= archived


def test_a_file_that_cannot_be_archived_is_unreadable_and_the_others_are_taken(collect_round, returns_corpus,
                                                                               monkeypatch):
    victim = hashlib.sha256((returns_corpus["returns"] / "good.xlsx").read_bytes()).hexdigest()
    real = collect_module._archive

    def archive(folder, checksum, *args, **kwargs):
        if checksum == victim:
            raise OSError(28, "No space left on device")
        return real(folder, checksum, *args, **kwargs)

    monkeypatch.setattr(collect_module, "_archive", archive)
    report = collect(collect_round, [returns_corpus["returns"]], workers=0)
    by_name = {outcome.name: outcome for outcome in report.outcomes}
    assert by_name["good.xlsx"].state.value == "unreadable" and by_name["good.xlsx"].checksum is None
    assert [f.code for f in by_name["good.xlsx"].findings] == ["unreadable-file"]
    assert "No space left" in by_name["good.xlsx"].findings[0].message
    assert by_name["macros.xlsm"].state.value == "accepted"
    assert not (collect_round / "archive" / f"{victim}.xlsx").exists()


class Killed(BaseException):
    """Stands for the process being killed (not an Exception: nothing may catch it)."""


@pytest.mark.parametrize("where", ["between-batches", "after-archive"])
def test_a_killed_collect_run_again_equals_one_clean_run(returns_corpus, tmp_path, monkeypatch, where):
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    for folder in (clean, killed):
        shutil.copytree(returns_corpus["campaign"], folder)
    collect(clean, [returns_corpus["returns"]], workers=1)

    monkeypatch.setattr(collect_module, "BATCH_SIZE", 3)
    if where == "between-batches":
        real = collect_module.record_files
        batches = []

        def record_then_die(store, files, when):
            batches.append(len(files))
            if len(batches) == 3:
                raise Killed()
            return real(store, files, when)

        monkeypatch.setattr(collect_module, "record_files", record_then_die)
    else:
        real = collect_module.read_returned_file
        reads = []

        def die_after_archiving(*args, **kwargs):   # the archive is written before the file is read
            reads.append(1)
            if len(reads) == 8:
                raise Killed()
            return real(*args, **kwargs)

        monkeypatch.setattr(collect_module, "read_returned_file", die_after_archiving)
    with pytest.raises(Killed):     # read in this process (workers=0): the stand-in kill reaches collect
        collect(killed, [returns_corpus["returns"]], workers=0)
    with Store(killed) as store:
        assert 0 < len(store.files()) < len(snapshot(clean)[0])
    monkeypatch.undo()

    collect(killed, [returns_corpus["returns"]], workers=1)
    assert snapshot(killed) == snapshot(clean)
    assert sorted(p.name for p in (killed / "archive").iterdir()) == sorted(p.name for p in (clean / "archive").iterdir())


def test_a_correction_sent_later_supersedes(collect_round, returns_corpus, build_returns, tmp_path):
    collect(collect_round, [returns_corpus["returns"] / "numerator_exceeds_denominator.xlsx"], workers=1)
    from xlqms.campaign import read_campaign

    fixed = tmp_path / "sua" / "00028.xlsx"
    fixed.parent.mkdir()
    fixed.write_bytes(build_returns.fill(build_returns.Blanks(read_campaign(collect_round))("00028"), build_returns.GOOD))
    report = collect(collect_round, [fixed], workers=1)
    assert [o.state for o in report.outcomes] == ["accepted"] and not report.has_problems
    with Store(collect_round) as store:
        assert store.review_states()["00028"] == "accepted"
        assert [r.state for r in store.files()] == ["superseded", "accepted"]
        assert store.accepted_submissions()["00028"].entries["MT01"].numerator == 1540


def test_missing_path_is_an_error(collect_round):
    result = CliRunner().invoke(main, ["collect", str(collect_round), str(collect_round / "nowhere")])
    assert result.exit_code == 2 and "Không có tệp hay thư mục" in result.output   # bad input, as the README says


def test_cli_collect_and_status(collect_round, returns_corpus):
    runner = CliRunner()
    result = runner.invoke(main, ["collect", str(collect_round), str(returns_corpus["returns"]), "--json"])
    assert result.exit_code == 4, result.output
    data = json.loads(result.output)
    assert {f["name"]: f["state"] for f in data["files"]}["good.xlsx"] == "superseded"
    from xlqms.campaign import read_campaign

    units = read_campaign(collect_round).units
    named = [f for f in data["files"] if f["unit"]]
    assert named and all(f["unit_name"] == units[f["unit"]].name for f in named)   # each unit by its name too

    table = runner.invoke(main, ["collect", str(collect_round), str(returns_corpus["returns"])])
    assert table.exit_code == 0 and "không đổi" in table.output

    status = runner.invoke(main, ["status", str(collect_round), "--format", "json"])
    assert status.exit_code == 0
    remind = {unit["code"]: unit["state"] for unit in json.loads(status.output)["remind"]}
    assert remind["00043"] == "missing" and remind["00028"] == "needs_correction" and "00004" not in remind

    out = collect_round / "nhac.csv"
    csv_result = runner.invoke(main, ["status", str(collect_round), "--format", "csv", "--out", str(out)])
    assert csv_result.exit_code == 0
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên")
    assert "00043,Xã Bát Xát,02,Thành phố Kiểm Tra,Chưa nộp" in text

    shown = runner.invoke(main, ["status", str(collect_round)])
    assert shown.exit_code == 0 and "zip_bomb.xlsx" in shown.output and "chưa nộp" in shown.output


def test_review_warnings_are_pointed_at_by_collect_and_listed_by_status(collect_round, returns_corpus):
    """A percent typed with the % key is used but counts "Cần xem lại": collect says so and status lists
    the unit with the cell to look at (before, the unit was counted but never named)."""
    runner = CliRunner()
    result = runner.invoke(main, ["collect", str(collect_round), str(returns_corpus["returns"] / "percent_as_fraction.xlsx")])
    assert result.exit_code == 0, result.output
    assert "1 tệp có số liệu cần xem lại" in result.output and "Cần xem lại" in result.output
    shown = runner.invoke(main, ["status", str(collect_round)])
    assert shown.exit_code == 0
    block = shown.output.split("Cần xem lại (1,")[1]
    assert "00025" in block.splitlines()[1] and "percent_as_fraction.xlsx — Kết quả!" in block
    assert "định dạng phần trăm" in " ".join(block.split())


def test_a_copy_named_by_its_content_holds_exactly_the_bytes_hashed(tmp_path):
    """One pass, never past the size seen: a file that grows while it is archived gives a copy whose name
    is the checksum of its own bytes."""
    import hashlib

    from xlqms.spreadsheet import copy_named_by_content
    source = tmp_path / "growing.xlsx"
    source.write_bytes(b"PK\x03\x04" + b"a" * 5000)
    checksum, copy = copy_named_by_content(source, tmp_path / "archive", ".xlsx", 3000, block=1024)
    assert copy.read_bytes() == source.read_bytes()[:3000]
    assert checksum == hashlib.sha256(copy.read_bytes()).hexdigest() == copy.stem
    assert copy_named_by_content(source, tmp_path / "archive", ".xlsx", 3000) == (checksum, copy)   # kept
    assert sorted(p.name for p in (tmp_path / "archive").iterdir()) == [copy.name]                  # no temporary


@pytest.mark.slow
def test_a_file_growing_while_collected_is_archived_as_it_was_seen(collect_round, returns_corpus, tmp_path):
    import hashlib
    import subprocess
    import time

    from xlqms.status import round_status
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    growing = inbox / "growing.xlsx"
    growing.write_bytes((returns_corpus["returns"] / "good.xlsx").read_bytes())
    writer = subprocess.Popen(["sh", "-c", f"head -c 400000000 /dev/zero >> '{growing}'"])
    try:
        time.sleep(0.2)
        (outcome,) = collect(collect_round, [inbox]).outcomes
    finally:
        writer.kill()
        writer.wait()
    assert outcome.state == "rejected" and [f.code for f in outcome.findings] == ["file-too-large"]
    archived = next(p for p in (collect_round / "archive").iterdir() if p.stem == outcome.checksum)
    digest = hashlib.sha256()
    with open(archived, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    assert digest.hexdigest() == outcome.checksum
    assert round_status(collect_round).missing_from_archive == ()
    archived.unlink()
