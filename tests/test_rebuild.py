"""The record can always be trusted or rebuilt: a lost or damaged store is refused, then rebuilt from the archive."""

from __future__ import annotations

import json
import os
import shutil

import pytest
from click.testing import CliRunner

from xlqms import layout
from xlqms.cli import main
from xlqms.collect import collect
from xlqms.export import export_data
from xlqms.journal import read_journal
from xlqms.rebuild import rebuild_record
from xlqms.record_check import RecordDamaged
from xlqms.round import load_round
from xlqms.status import round_status
from xlqms.store import Store


def record(folder) -> dict:
    """Everything the store says, names, times and order included."""
    with Store(folder) as store:
        files = [(r.checksum, r.state, r.unit_code, r.source_path, r.file_name, r.received_at, r.collected_at,
                  r.sequence, r.size, r.extension, r.annotated_path) for r in store.files()]
        return {"files": files, "sightings": sorted(store.sightings().items()),
                "submissions": {unit: (s.checksum, s.entries, s.file_name, s.received_at)
                                for unit, s in store.accepted_submissions().items()},
                "review": store.review_states(), "findings": [repr(f) for f in store.findings()]}


def outputs(folder) -> tuple:
    loaded = load_round(folder)
    status = round_status(folder).to_dict()
    return status, json.dumps(export_data(loaded.campaign, loaded.round_result, loaded.rollup), sort_keys=True,
                              default=str)


@pytest.fixture(scope="module")
def varied_template(returns_corpus, build_returns, tmp_path_factory):
    """A round collected in three runs, once for the module: the messy corpus, a correction, an old version
    sent again. (folder, the folder of the correction run.) Tests work on a copy (:func:`varied_round`)."""
    from xlqms.campaign import read_campaign

    root = tmp_path_factory.mktemp("varied")
    folder = root / "round"
    shutil.copytree(returns_corpus["campaign"], folder)
    collect(folder, [returns_corpus["returns"]])
    blank = build_returns.Blanks(read_campaign(folder))
    later = root / "later"
    later.mkdir()
    (later / "00028_sua.xlsx").write_bytes(build_returns.fill(blank("00028"), build_returns.GOOD))
    (later / "copy_of_good.xlsx").write_bytes((returns_corpus["returns"] / "good.xlsx").read_bytes())
    collect(folder, [later])
    again = root / "again"
    again.mkdir()
    first = (returns_corpus["returns"] / "numerator_exceeds_denominator.xlsx").read_bytes()
    (again / "00028_ban_cu_gui_lai.xlsx").write_bytes(build_returns.rezip(first))   # same values, new bytes
    collect(folder, [again])
    return folder, later


@pytest.fixture()
def varied_round(varied_template, tmp_path):
    """A copy of the module's collected round (the record keeps paths inside the folder relative to it)."""
    folder = tmp_path / "round"
    shutil.copytree(varied_template[0], folder)
    return folder


@pytest.fixture()
def varied_later(varied_template):
    """The folder the module's round took its correction from (collected again by some tests)."""
    return varied_template[1]


def _remove_store(folder) -> None:
    for suffix in ("", "-wal", "-shm"):
        path = folder / (layout.STORE_FILE + suffix)
        if path.exists():
            path.unlink()


DAMAGE = {
    "deleted": _remove_store,
    "emptied": lambda folder: open(folder / layout.STORE_FILE, "wb").close(),
    "truncated": lambda folder: os.truncate(folder / layout.STORE_FILE, os.path.getsize(folder / layout.STORE_FILE) // 3),
    "garbage": lambda folder: (folder / layout.STORE_FILE).write_bytes(os.urandom(40_000)),
    "older copy": None,       # see the test: a store from before the last run put back
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_lost_or_damaged_store_is_refused_then_rebuilt_equal(varied_round, varied_later, tmp_path, damage):
    folder = varied_round
    before_record, before_outputs = record(folder), outputs(folder)
    assert any(state == "held" for _c, state, *_ in before_record["files"])          # the old version re-sent
    if damage == "older copy":
        older = tmp_path / "older"
        shutil.copytree(folder, older)
        _remove_store(folder)
        shutil.copy(older / layout.STORE_FILE, folder / layout.STORE_FILE)
        with Store(folder) as store:     # forget the last file, as a store restored from a backup would
            store.connection.execute("DELETE FROM files WHERE seq=(SELECT MAX(seq) FROM files)")
    else:
        if (folder / (layout.STORE_FILE + "-wal")).exists():
            with Store(folder):
                pass                      # checkpointed: the damage hits the whole database
        DAMAGE[damage](folder)
        for suffix in ("-wal", "-shm"):
            (folder / (layout.STORE_FILE + suffix)).unlink(missing_ok=True)

    with pytest.raises(RecordDamaged, match="--rebuild"):
        round_status(folder)
    runner = CliRunner()
    for command in (["status", str(folder)], ["export", str(folder), "--format", "json"], ["rollup", str(folder)],
                    ["report", str(folder)]):
        result = runner.invoke(main, command)
        assert result.exit_code == 1, (command, result.output)
        assert f"xlqms collect {folder} --rebuild" in result.output and "không mong đợi" not in result.output
    result = runner.invoke(main, ["collect", str(folder), str(varied_later)])
    if damage != "older copy":      # a store behind by its last files is caught up by collect itself
        assert result.exit_code == 1 and "--rebuild" in result.output

    result = runner.invoke(main, ["collect", str(folder), "--rebuild"])
    assert result.exit_code == 0, result.output
    assert record(folder) == before_record
    assert outputs(folder) == before_outputs


def test_the_journal_keeps_names_times_and_order(varied_round):
    contents = read_journal(varied_round)
    with Store(varied_round) as store:
        files = [r for r in store.files() if r.state != "duplicate"]
    assert [(e.checksum, e.name, e.received_at, e.collected_at) for e in contents.files] == \
        [(r.checksum, r.file_name, r.received_at, r.collected_at) for r in files]


def test_an_archived_file_deleted_by_hand_is_reported(varied_round):
    with Store(varied_round) as store:
        victim = next(r for r in store.files() if r.state == "accepted")
    victim.archive_path(varied_round).unlink()
    status = round_status(varied_round)
    assert status.missing_from_archive == (victim.file_name,)
    result = CliRunner().invoke(main, ["status", str(varied_round)])
    assert result.exit_code == 0 and "Mất bản lưu trữ" in result.output and victim.file_name in result.output
    report = rebuild_record(varied_round)
    assert report.missing == (victim.file_name,)
    with Store(varied_round) as store:
        rebuilt = {r.checksum: r for r in store.files()}[victim.checksum]
        assert rebuilt.state == "rejected"
        assert [f.code for f in store.findings(victim.checksum)] == ["archived-copy-missing"]


def test_a_store_older_than_the_journal_gets_its_journal(varied_round, returns_corpus):
    before = record(varied_round)
    os.unlink(varied_round / layout.ARCHIVE_DIR / layout.JOURNAL_FILE)
    round_status(varied_round)                 # no journal: nothing to compare, the store is used
    collect(varied_round, [returns_corpus["returns"] / "good.xlsx"])       # writes the journal from the store
    assert len(read_journal(varied_round).files) == len([f for f in before["files"] if f[1] != "duplicate"])
    _remove_store(varied_round)
    rebuild_record(varied_round)
    assert [f[:5] for f in record(varied_round)["files"]] == [f[:5] for f in before["files"]]


def test_rollup_never_replaces_a_richer_workbook_silently(varied_round, returns_corpus, tmp_path):
    out = tmp_path / "tong_hop.xlsx"
    runner = CliRunner()
    assert runner.invoke(main, ["rollup", str(varied_round), "--out", str(out)]).exit_code == 0
    poorer = tmp_path / "poorer"
    shutil.copytree(returns_corpus["campaign"], poorer)
    collect(poorer, [returns_corpus["returns"] / "good.xlsx"])
    before = out.read_bytes()
    result = runner.invoke(main, ["rollup", str(poorer), "--out", str(out)])
    assert result.exit_code == 3 and "--force" in result.output and out.read_bytes() == before
    assert runner.invoke(main, ["rollup", str(poorer), "--out", str(out), "--force"]).exit_code == 0


@pytest.mark.parametrize("alter", [
    lambda path: path.write_bytes(b"corrupted"),                                     # replaced, another size
    lambda path: path.write_bytes(path.read_bytes()[:-100]),                          # cut short
    lambda path: path.write_bytes(bytes(reversed(path.read_bytes()))),               # same size, other bytes
], ids=["replaced", "truncated", "same-size"])
def test_an_archived_file_altered_by_hand_is_never_read_as_the_units_file(varied_round, alter):
    """A rebuild reads the archive: a copy whose bytes are not the ones received (checksum) is the archive's
    damage, not a broken file the unit must resend; status names the copies it can tell by their size."""
    with Store(varied_round) as store:
        victim = next(r for r in store.files() if r.state == "accepted")
    alter(victim.archive_path(varied_round))
    if victim.archive_path(varied_round).stat().st_size != victim.size:
        assert round_status(varied_round).missing_from_archive == (victim.file_name,)
    report = rebuild_record(varied_round)
    assert report.missing == (victim.file_name,)
    with Store(varied_round) as store:
        rebuilt = {r.checksum: r for r in store.files()}[victim.checksum]
        assert rebuilt.state == "rejected"
        assert [f.code for f in store.findings(victim.checksum)] == ["archived-copy-missing"]


def test_a_journal_line_lost_never_loses_its_file(varied_round):
    """A damaged or cut journal line: the archived copy it named is still rebuilt (under its archive name,
    after the others), and said."""
    before = record(varied_round)
    journal = varied_round / layout.ARCHIVE_DIR / layout.JOURNAL_FILE
    lines = journal.read_bytes().split(b"\n")
    victim = next(index for index, line in enumerate(lines) if b'"kind":"file"' in line.replace(b" ", b""))
    checksum = json.loads(lines[victim])["checksum"]
    lines[victim] = lines[victim][:25] + b"\xff garbage"
    journal.write_bytes(b"\n".join(lines))
    (varied_round / layout.STORE_FILE).unlink()
    for suffix in ("-wal", "-shm"):
        (varied_round / (layout.STORE_FILE + suffix)).unlink(missing_ok=True)
    report = rebuild_record(varied_round)
    assert len(report.unjournaled) == 1 and report.unjournaled[0].startswith(checksum)
    after = record(varied_round)
    assert {f[0] for f in after["files"]} == {f[0] for f in before["files"]}
    result = CliRunner().invoke(main, ["collect", str(varied_round), "--rebuild"])
    assert result.exit_code == 0 and "mất dòng nhật ký" in result.output


def _set_round(folder, campaign_id=None, period=None, year=None):
    from openpyxl import load_workbook
    book = load_workbook(folder / layout.CAMPAIGN_FILE)
    for row in book[layout.SETTINGS_SHEET].iter_rows():
        key = str(row[0].value or "").strip()
        if key == "Mã đợt" and campaign_id is not None:
            row[1].value = campaign_id
        if key == "Kỳ báo cáo" and period is not None:
            row[1].value = period
        if key == "Năm" and year is not None:
            row[1].value = year
    book.save(folder / layout.CAMPAIGN_FILE)


ROUND_COMMANDS = (["status"], ["rollup", "--force"], ["export", "--format", "json"], ["report", "--force"], ["collect"])


def _refused(folder, tmp_path) -> list[str]:
    """Every command that uses the files taken in, run on ``folder``: each must refuse (exit 2); their messages."""
    messages = []
    for command in ROUND_COMMANDS:
        arguments = [command[0], str(folder), *command[1:]] + ([str(tmp_path)] if command == ["collect"] else [])
        result = CliRunner().invoke(main, arguments)
        assert result.exit_code == 2, (command, result.output)
        assert "đã đổi sau khi nhận tệp" in result.output and "--rebuild" in result.output, command
        messages.append(result.output)
    return messages


@pytest.mark.parametrize("change", [{"campaign_id": "2026-H1-khac"}, {"period": "Cả năm"}, {"year": 2027},
                                    {"year": "2025"}], ids=["code", "period", "year", "year as text"])
def test_files_of_another_round_are_never_published_as_this_one(varied_round, change, tmp_path):
    """campaign.xlsx edited after collecting (Mã đợt, Kỳ báo cáo, Năm): the files taken in belong to the
    round they said; every command that would use them refuses (exit 2) and names both ways out."""
    from xlqms.campaign import read_campaign
    before = outputs(varied_round)
    original = read_campaign(varied_round)
    _set_round(varied_round, **change)
    messages = _refused(varied_round, tmp_path)
    if "year" in change:          # the message names both years
        assert all(f"Năm đã đổi từ {original.year} thành {change['year']}" in message for message in messages)
    _set_round(varied_round, campaign_id=original.id, period=original.period, year=original.year)   # put back
    assert outputs(varied_round) == before
    _set_round(varied_round, **change)
    rebuild_record(varied_round)                   # meant: every file judged again against the new round
    status = round_status(varied_round)
    # a workbook that lost its hidden identity names no year (its visible cells: code, unit, period): it
    # cannot be told from this year's by the year, and stays held for review (identity-unsigned), never used
    no_year = {"00046"} if "year" in change else set()
    assert not any(unit.submitted for unit in status.units) and status.rejected
    assert {held.claimed_unit for held in status.held} == no_year


def _store_before_the_year(folder) -> None:
    """The store as a version of xlqms from before the year was recorded left it: no ``year`` column."""
    import sqlite3
    connection = sqlite3.connect(folder / layout.STORE_FILE)
    connection.execute("ALTER TABLE files DROP COLUMN year")
    connection.commit()
    connection.close()


def _years(folder, source: str = "sheet") -> dict[str, str]:
    """File name -> the year recorded for it (usable files whose identity was read from ``source``)."""
    import sqlite3
    connection = sqlite3.connect(folder / layout.STORE_FILE)
    try:
        return dict(connection.execute("SELECT file_name, year FROM files WHERE verdict IN ('clean', 'errors') "
                                       "AND identity_source = ?", (source,)))
    finally:
        connection.close()


def test_the_year_each_file_said_is_recorded(varied_round):
    """The year of each file taken in, as the file said it: none for one known by its visible cells."""
    assert set(_years(varied_round).values()) == {"2026"} and len(_years(varied_round)) > 3
    assert _years(varied_round, "visible") == {"lost_identity.xlsx": ""}


def test_a_store_from_before_the_year_opens_and_is_refused_only_for_what_it_knows(varied_round, build_returns,
                                                                                   tmp_path):
    """A store that never recorded years: the commands read it as before; a year edited in campaign.xlsx
    cannot be told from it (not refused wrongly), a code or period edited still is; the next collect
    gives it the column, and the files it takes in from then on carry their year — a year edited after
    that is refused."""
    from xlqms.campaign import read_campaign
    before = outputs(varied_round)
    original = read_campaign(varied_round)
    _store_before_the_year(varied_round)
    assert outputs(varied_round) == before
    _set_round(varied_round, period="Cả năm")
    _refused(varied_round, tmp_path)
    _set_round(varied_round, period=original.period, year=2027)
    for command in (["status"], ["export", "--format", "json"]):
        result = CliRunner().invoke(main, [command[0], str(varied_round), *command[1:]])
        assert result.exit_code in (0, 4) and "đã đổi" not in result.output, result.output
    _set_round(varied_round, year=original.year)

    later = tmp_path / "nam-nay"
    later.mkdir()
    (later / "00046_nam_nay.xlsx").write_bytes(build_returns.fill(build_returns.Blanks(original)("00046"),
                                                                  build_returns.GOOD))
    result = CliRunner().invoke(main, ["collect", str(varied_round), str(later)])
    assert result.exit_code in (0, 4), result.output
    years = _years(varied_round)
    assert years.pop("00046_nam_nay.xlsx") == "2026" and set(years.values()) == {""}
    _set_round(varied_round, year=2027)
    assert all("Năm đã đổi từ 2026 thành 2027" in message for message in _refused(varied_round, tmp_path))


def test_a_reader_sees_one_state_while_a_collect_commits(varied_round, returns_corpus, tmp_path, build_returns):
    """status, rollup, export and report read the store in one snapshot: a collect committing meanwhile
    never makes them see a file without its findings or a submission without its file."""
    from xlqms.campaign import read_campaign
    blank = build_returns.Blanks(read_campaign(varied_round))
    new = tmp_path / "new.xlsx"
    new.write_bytes(build_returns.fill(blank("00004"), build_returns.with_values(MT02={layout.RESULT_VALUE: 91})))
    with Store(varied_round, readonly=True) as reader, reader.snapshot():
        files, findings = reader.files(), reader.findings_by_file()
        collect(varied_round, [new], workers=0)                      # commits from its own connection
        assert reader.files() == files and reader.findings_by_file() == findings
        assert {s.checksum for s in reader.accepted_submissions().values()} <= {r.checksum for r in files}
    with Store(varied_round, readonly=True) as reader:
        assert len(reader.files()) == len(files) + 1


def test_the_journal_ahead_of_the_store_is_no_damage_while_a_collect_runs(varied_round):
    """A collect journals a batch before it records it: a status at that instant must not call the record
    damaged. The lock says whether a collect is running (probed from another process)."""
    import subprocess
    import sys

    from xlqms.campaign_lock import collect_running
    from xlqms.journal import FileEntry, append
    from xlqms.record_check import read_records
    entry = next(iter(read_journal(varied_round).files))
    ahead = FileEntry("f" * 64, ".xlsx", "dang_ghi.xlsx", "/tmp/dang_ghi.xlsx", 1, 0, entry.received_at,
                      entry.collected_at)
    append(varied_round, [ahead])
    with pytest.raises(RecordDamaged):
        read_records(varied_round)                                   # no collect running: a killed one
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\nfrom xlqms.campaign_lock import exclusive_collect\n"
        f"with exclusive_collect({str(varied_round)!r}):\n    print('held', flush=True)\n    time.sleep(30)\n")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert collect_running(varied_round)
        assert read_records(varied_round).files                      # what is recorded, used meanwhile
    finally:
        holder.kill()
        holder.wait()
    assert not collect_running(varied_round)


@pytest.mark.parametrize("make", [lambda path: os.mkfifo(path), lambda path: path.mkdir()], ids=["fifo", "folder"])
def test_a_journal_that_is_no_file_is_a_message_never_a_hang(varied_round, make):
    from xlqms.errors import XlqmsError
    journal = varied_round / layout.ARCHIVE_DIR / layout.JOURNAL_FILE
    journal.unlink()
    make(journal)
    with pytest.raises(XlqmsError) as caught:
        read_journal(varied_round)
    assert "không phải một tệp thường" in str(caught.value)
    result = CliRunner().invoke(main, ["status", str(varied_round)])
    assert result.exit_code == 1 and "journal.jsonl" in result.output


def test_an_archived_copy_replaced_by_a_fifo_is_missing_never_a_hang(varied_round):
    with Store(varied_round) as store:
        victim = next(r for r in store.files() if r.state == "accepted")
    victim.archive_path(varied_round).unlink()
    os.mkfifo(victim.archive_path(varied_round))
    report = rebuild_record(varied_round)
    assert report.missing == (victim.file_name,)
    assert round_status(varied_round).missing_from_archive == (victim.file_name,)
