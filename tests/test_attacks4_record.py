"""Held-out attacks on the record and the machine (issue 15, round 4): links out of the campaign folder,
paths edited to climb out of it, a full disk under every writing command, temporary files left by a
kill (pid reused), an inbox that is the folder's own ``out/``, a store from a newer xlqms."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
import zipfile
from pathlib import Path

import pytest
from builders_mounts import collect_corpus, copy_round, fill_disk, mount_tmpfs, unmount
from click.testing import CliRunner

from xlqms import layout
from xlqms.cli import main
from xlqms.collect import collect
from xlqms.folder_paths import FolderPaths
from xlqms.store import Store
from xlqms.temporaries import process_start, sweep_beside, sweep_temporaries


@pytest.fixture(scope="module")
def collected_once(returns_corpus, tmp_path_factory):
    return collect_corpus(returns_corpus, tmp_path_factory.mktemp("attacks4") / "round", rollup=True)


@pytest.fixture()
def collected(collected_once, tmp_path):
    return copy_round(collected_once, tmp_path)


def _xlqms(*args, timeout: float = 300) -> subprocess.CompletedProcess:
    """xlqms in its own process: what a user sees, stderr included (a traceback printed while Python
    cleans up shows only there)."""
    return subprocess.run([sys.executable, "-m", "xlqms", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "COLUMNS": "200"})


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def _temporaries(folder) -> list[str]:
    return [str(path) for path in Path(folder).rglob(".tmp-*")]


# -- links out of the folder ---------------------------------------------------------------------------

def _link_out(folder: Path, place: str, outside: Path) -> None:
    """Make ``folder/place`` a link to ``outside`` (moving what was there out, as a user who "tidied" would)."""
    target = folder / place
    if target.is_dir():
        shutil.copytree(target, outside, dirs_exist_ok=True)
        shutil.rmtree(target)
    elif target.exists():
        outside.mkdir(parents=True, exist_ok=True)
        outside = outside / target.name
        shutil.move(target, outside)
    else:
        outside.mkdir(parents=True, exist_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to(outside)


LINKED_WRITES = [
    # (place made a link out of the folder, command) — every place a command writes
    ("out", ["rollup", "{dir}"]),
    ("out", ["collect", "{dir}", "{returns}"]),
    ("out/corrections", ["collect", "{dir}", "{returns}"]),
    ("out/corrections", ["collect", "{dir}", "--rebuild"]),
    ("archive", ["collect", "{dir}", "{new}"]),
    ("archive", ["collect", "{dir}", "--rebuild"]),
    ("out/bao_cao", ["report", "{dir}"]),
    ("out/bao_cao", ["report", "{dir}", "--out", "{dir}/out/bao_cao"]),
    ("out/bao_cao", ["rollup", "{dir}", "--out", "{dir}/out/bao_cao/tong_hop.xlsx"]),
    ("out/bao_cao", ["export", "{dir}", "--format", "csv", "--out", "{dir}/out/bao_cao/ket_qua.csv"]),
    ("out/bao_cao", ["status", "{dir}", "--format", "csv", "--out", "{dir}/out/bao_cao/tinh_hinh.csv"]),
    ("out/workbooks", ["generate", "{dir}", "--force"]),
    (layout.STORE_FILE, ["collect", "{dir}", "{new}"]),
    (layout.LOCK_FILE, ["collect", "{dir}", "{new}"]),
]


@pytest.mark.parametrize(("place", "command"), LINKED_WRITES, ids=[f"{p}-{c[0]}" for p, c in LINKED_WRITES])
def test_nothing_is_written_through_a_link_out_of_the_campaign_folder(collected, returns_corpus, tmp_path, place,
                                                                       command):
    outside = tmp_path / "elsewhere"
    _link_out(collected, place, outside)
    new = tmp_path / "new" / "good_again.xlsx"
    new.parent.mkdir()
    new.write_bytes((returns_corpus["returns"] / "good.xlsx").read_bytes() + b"\0")
    outside = outside if outside.is_dir() else outside.parent
    before = _tree(outside)
    args = [part.format(dir=collected, returns=returns_corpus["returns"], new=new) for part in command]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 3, result.output
    assert "liên kết" in result.output and str(collected / place) in result.output, result.output
    assert "Traceback" not in result.output and "không mong đợi" not in result.output
    assert _tree(outside) == before          # not one byte written out there


def test_a_link_that_stays_inside_the_folder_is_followed(collected):
    """Only a link OUT of the folder is refused: reports kept in another folder of the round still work."""
    inside = collected / "van_ban" / "bao_cao"
    inside.mkdir(parents=True)
    (collected / "out" / "bao_cao").symlink_to(inside)
    result = CliRunner().invoke(main, ["report", str(collected)])
    assert result.exit_code == 0, result.output
    assert list(inside.glob("*.docx"))


def test_an_output_elsewhere_is_still_written(collected, tmp_path):
    target = tmp_path / "tong_hop_rieng.xlsx"
    result = CliRunner().invoke(main, ["rollup", str(collected), "--out", str(target)])
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(target)


# -- paths in the record edited to climb out of the folder -----------------------------------------------

@pytest.mark.parametrize("recorded", [
    "../../etc/passwd", "out/../../x.xlsx", "nhan_ve/../../../x.xlsx", "..", "/old/place/../../etc/passwd",
])
def test_a_recorded_path_that_climbs_out_is_never_a_place(tmp_path, recorded):
    paths = FolderPaths(tmp_path / "dot", former=("/old/place",))
    resolved = paths.resolve(recorded)
    assert resolved == recorded                                    # given back as recorded, never a place outside
    assert not os.path.isabs(resolved) or not resolved.startswith(str(tmp_path))


@pytest.mark.parametrize(("recorded", "inside"), [
    ("nhan_ve/a.xlsx", "nhan_ve/a.xlsx"), ("nhan_ve/../nhan_ve/a.xlsx", "nhan_ve/a.xlsx"),
    ("/old/place/nhan_ve/a.xlsx", "nhan_ve/a.xlsx"),
])
def test_a_recorded_path_inside_is_found_where_the_folder_is_now(tmp_path, recorded, inside):
    paths = FolderPaths(tmp_path / "dot", former=("/old/place",))
    assert paths.resolve(recorded) == str(tmp_path / "dot" / inside)


def test_a_sighting_edited_to_climb_out_is_not_resolved_outside(collected):
    connection = sqlite3.connect(collected / layout.STORE_FILE)
    with connection:
        checksum = connection.execute("SELECT checksum FROM files LIMIT 1").fetchone()[0]
        connection.execute("INSERT INTO sightings(path, size, mtime_ns, checksum, seen_at) VALUES (?,?,?,?,?)",
                           ("../../../../etc/passwd", 1, 1, checksum, "2025-07-01T08:00:00"))
    connection.close()
    with Store(collected, readonly=True) as store:
        places = list(store.sightings())
    assert "/etc/passwd" not in places and "../../../../etc/passwd" in places
    assert CliRunner().invoke(main, ["status", str(collected)]).exit_code == 0


# -- a full disk under every writing command -----------------------------------------------------------

@pytest.fixture()
def round_on_a_small_disk(collected):
    point = mount_tmpfs("64m")
    try:
        folder = os.path.join(point, "round")
        shutil.copytree(collected, folder, symlinks=True)
        yield point, Path(folder)
    finally:
        unmount(point)


FULL_DISK_WRITES = [
    ["rollup", "{dir}", "--force"],
    ["report", "{dir}", "--force"],
    ["export", "{dir}", "--format", "json", "--out", "{dir}/out/ket_qua.json"],
    ["status", "{dir}", "--format", "csv", "--out", "{dir}/out/tinh_hinh.csv"],
    ["collect", "{dir}", "--rebuild"],
]


@pytest.mark.parametrize("command", FULL_DISK_WRITES, ids=[c[0] for c in FULL_DISK_WRITES])
def test_a_full_disk_is_one_message_naming_the_path_and_the_old_output_stays_whole(round_on_a_small_disk, command):
    point, folder = round_on_a_small_disk
    summary = next((folder / "out").glob("tong_hop_*.xlsx"))
    before = summary.read_bytes()
    fill_disk(point)
    done = _xlqms(*[part.format(dir=folder) for part in command])
    output = done.stdout + done.stderr
    assert done.returncode == (4 if command[0] == "report" else 1), output   # report: what it could not write
    assert "đầy" in output and str(folder) in output, output
    assert "Traceback" not in output and "Exception ignored" not in output and "không mong đợi" not in output
    assert "--rebuild" not in output                       # a full disk is never a damaged store
    assert summary.read_bytes() == before                  # the output there before: whole
    assert not [name for name in _temporaries(folder) if "rebuild" not in name]


def test_a_collect_on_a_full_disk_never_asks_a_unit_to_resend(round_on_a_small_disk, returns_corpus, tmp_path):
    """The archive cannot take a large file's copy (small ones still fit): the machine's problem, said as such
    with the archive's path — never "the unit must resend" — the other files are taken in, and once there is
    room the next collect takes the large one in."""
    point, folder = round_on_a_small_disk
    large = tmp_path / "lon.xlsx"
    large.write_bytes((returns_corpus["returns"] / "good.xlsx").read_bytes() + os.urandom(600_000))
    small = tmp_path / "nho.xlsx"
    small.write_bytes((returns_corpus["returns"] / "good.xlsx").read_bytes() + b"\0")
    filler = fill_disk(point)
    os.truncate(filler, os.path.getsize(filler) - 400 * 1024)          # room for the small one, not the large
    done = _xlqms("collect", folder, large, small, "--json")
    output = done.stdout + done.stderr
    assert done.returncode == 4, output
    assert "Traceback" not in output and "Đề nghị đơn vị" not in output, output
    assert "đầy" in output and str(folder / "archive") in output and "không cần làm gì" in output
    assert '"name": "nho.xlsx"' in output
    os.unlink(filler)
    done = _xlqms("collect", folder, large, small, "--json")
    assert done.returncode in (0, 4), done.stdout + done.stderr
    assert '"new": true' in done.stdout and not _temporaries(folder)


# -- temporary files a kill left, a pid reused --------------------------------------------------------

def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _temporary(folder: Path, pid: int, age_seconds: float | None, suffix: str = ".xlsx") -> Path:
    """A temporary file of writer ``pid``, last written ``age_seconds`` ago (None: a day before ``pid`` started)."""
    path = folder / f".tmp-{pid}-{uuid.uuid4().hex[:12]}{suffix}"
    path.write_bytes(b"half written")
    if age_seconds is None:
        started = process_start(pid)
        if started is None:
            pytest.skip("no process start times here (/proc)")
        moment = started - 86400
    else:
        moment = time.time() - age_seconds
    os.utime(path, (moment, moment))
    return path


@pytest.mark.parametrize(("owner", "age", "stale"), [
    ("dead", 0, True),                   # its writer was killed
    ("reused", None, True),              # the pid now belongs to a process started after the file was written
    ("self", 0, False),                  # a write in progress of this very process
    ("parent", 0, False),                # a live writer's file, written after it started
])
def test_a_temporary_file_is_stale_once_its_writer_is_gone_even_when_its_pid_was_reused(tmp_path, owner, age, stale):
    pid = {"dead": _dead_pid(), "reused": os.getppid(), "self": os.getpid(), "parent": os.getppid()}[owner]
    path = _temporary(tmp_path, pid, age)
    removed = sweep_temporaries(tmp_path)
    assert (path in removed) is stale and path.exists() is not stale


@pytest.mark.parametrize("name", [".tmp-notes.txt", ".tmp-backup", ".tmp-1-rebuild.sqlite", ".tmp-12-abc.xlsx"])
def test_a_write_elsewhere_sweeps_only_exact_temporary_names_of_its_own(tmp_path, name):
    """``--out`` into a user's folder: a file that merely starts with ``.tmp-`` is not xlqms's to remove."""
    foreign = tmp_path / name
    foreign.write_text("someone's")
    os.utime(foreign, (0, 0))
    ours = _temporary(tmp_path, _dead_pid(), 0)
    sweep_beside(tmp_path)
    assert foreign.exists() and not ours.exists()


@pytest.mark.parametrize("command", [["rollup", "{dir}", "--force"], ["report", "{dir}", "--force"],
                                     ["export", "{dir}", "--format", "csv", "--out", "{dir}/out/ket_qua.csv"]],
                         ids=["rollup", "report", "export"])
def test_the_next_run_of_a_killed_command_leaves_no_temporary_file(collected, command):
    """What a killed rollup, report or export left in its output folder goes with the next run of any command
    writing there (not only with the next collect); a pid reused since is no excuse."""
    out = collected / "out"
    target = out / "bao_cao" if command[0] == "report" else out
    target.mkdir(exist_ok=True)
    left = [_temporary(target, _dead_pid(), 0, ".docx"), _temporary(target, os.getppid(), None)]
    result = CliRunner().invoke(main, [part.format(dir=collected) for part in command])
    assert result.exit_code in (0, 4), result.output
    assert not [path for path in left if path.exists()]


@pytest.mark.slow
@pytest.mark.parametrize("command", [
    ["rollup", "{dir}", "--force"], ["report", "{dir}", "--force"],
    ["export", "{dir}", "--format", "json", "--out", "{dir}/out/ket_qua.json"], ["collect", "{dir}", "--rebuild"],
], ids=["rollup", "report", "export", "rebuild"])
def test_a_real_sigkill_at_any_moment_leaves_outputs_whole_and_the_next_run_clean(collected, command):
    args = [sys.executable, "-m", "xlqms", *[part.format(dir=collected) for part in command]]
    started = time.monotonic()
    assert subprocess.run(args, capture_output=True, timeout=300).returncode in (0, 4)
    took = time.monotonic() - started
    files_before = len(list(collected.rglob("*")))
    chance = random.Random(15)
    for _ in range(6):
        process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(chance.uniform(0.2, max(0.4, took)))
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        for summary in (collected / "out").glob("tong_hop_*.xlsx"):
            assert zipfile.ZipFile(summary).testzip() is None                  # old-whole or new-whole
        for draft in (collected / "out" / "bao_cao").glob("*.docx"):
            assert zipfile.ZipFile(draft).testzip() is None
        assert CliRunner().invoke(main, ["status", str(collected)]).exit_code == 0   # the store: consistent
    assert subprocess.run(args, capture_output=True, timeout=300).returncode in (0, 4)
    assert not _temporaries(collected)
    assert len(list(collected.rglob("*"))) == files_before


# -- an inbox that is the campaign folder's own out/ -------------------------------------------------------

def test_a_return_a_person_put_in_out_is_taken_in_when_out_is_named(collected, returns_corpus):
    """``xlqms collect DIR DIR/out``: named explicitly, so nothing in it passes in silence — a return a person
    dropped there is taken in, xlqms's own outputs there are passed over with one finding saying so."""
    dropped = collected / "out" / "gui_lai_good.xlsx"
    dropped.write_bytes((returns_corpus["returns"] / "good.xlsx").read_bytes() + b"\0")
    report = collect(collected, [collected / "out"])
    taken = [outcome for outcome in report.outcomes if outcome.new]
    assert [Path(outcome.path).name for outcome in taken] == [dropped.name]
    assert [f.code for f in report.skipped] == ["own-output-not-collected"]
    assert str(collected / "out") in report.skipped[0].message
    walked = collect(collected, [collected])                    # the folder walked: out/ passed over, as before
    assert not [outcome for outcome in walked.outcomes if outcome.new]


# -- a store written by a newer xlqms --------------------------------------------------------------------

@pytest.mark.parametrize("command", [["status", "{dir}"], ["rollup", "{dir}", "--force"], ["report", "{dir}"],
                                     ["export", "{dir}", "--format", "json"], ["collect", "{dir}", "{dir}/../x"],
                                     ["collect", "{dir}", "--rebuild"]],
                         ids=["status", "rollup", "report", "export", "collect", "rebuild"])
def test_a_store_from_a_newer_xlqms_is_neither_used_nor_rebuilt_over(collected, command):
    (collected.parent / "x").mkdir(exist_ok=True)
    connection = sqlite3.connect(collected / layout.STORE_FILE)
    connection.execute("PRAGMA user_version=99")
    connection.commit()
    connection.close()
    before = (collected / layout.STORE_FILE).read_bytes()
    result = CliRunner().invoke(main, [part.format(dir=collected) for part in command])
    assert result.exit_code == 1, result.output
    assert "phiên bản xlqms mới hơn" in result.output and str(collected / layout.STORE_FILE) in result.output
    assert "Traceback" not in result.output and "không mong đợi" not in result.output
    assert (collected / layout.STORE_FILE).read_bytes() == before


def test_a_store_of_this_xlqms_says_its_layout(collected):
    connection = sqlite3.connect(collected / layout.STORE_FILE)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == 1
    connection.close()


# -- the archive and its journal tampered with --------------------------------------------------------

def _edit_journal(folder: Path, edit) -> None:
    path = folder / layout.ARCHIVE_DIR / layout.JOURNAL_FILE
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    edit(lines)
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")


@pytest.mark.parametrize(("field", "value"), [
    ("size", 10 ** 30), ("mtime_ns", -(10 ** 25)), ("size", "1e400"), ("mtime_ns", 2 ** 63),
])
def test_a_journal_line_edited_past_what_the_store_holds_is_a_damaged_line_not_a_stop(collected, field, value):
    def edit(lines):
        lines[0][field] = value
    _edit_journal(collected, edit)
    result = CliRunner().invoke(main, ["collect", str(collected), "--rebuild", "--json"])
    assert result.exit_code in (0, 4), result.output
    assert "không mong đợi" not in result.output and "Traceback" not in result.output
    assert CliRunner().invoke(main, ["status", str(collected)]).exit_code == 0


def test_a_rebuild_never_brings_a_file_from_elsewhere_into_the_archive(collected, tmp_path):
    """A link, a note or a renamed copy put in the archive: none is taken for a copy (a link is never
    followed), and the rebuild writes nothing into the archive."""
    archive = collected / layout.ARCHIVE_DIR
    secret = tmp_path / "somebody_else.xlsx"
    secret.write_bytes(b"not for the round " * 100)
    (archive / ("b" * 64 + ".xlsx")).symlink_to(secret)
    (archive / "ghi_chu.txt").write_text("ghi chú")
    renamed = sorted(archive.glob("*.xlsx"))[0]
    renamed.rename(renamed.with_name(renamed.name + ".bak"))
    before = sorted(path.name for path in archive.iterdir())
    result = CliRunner().invoke(main, ["collect", str(collected), "--rebuild", "--json"])
    assert result.exit_code in (0, 4), result.output
    assert sorted(path.name for path in archive.iterdir()) == before           # nothing written there
    assert not [path for path in archive.iterdir() if not path.is_symlink() and path.is_file()
                and path.read_bytes() == secret.read_bytes()]
    with Store(collected, readonly=True) as store:
        checksums = set(store.checksums())
    assert "b" * 64 not in checksums
    status = CliRunner().invoke(main, ["status", str(collected)])
    assert status.exit_code == 0 and "Mất bản lưu trữ" in status.output     # the renamed copy: missing


# -- the store's rows edited by hand ------------------------------------------------------------------------

@pytest.mark.parametrize("edit", [
    "UPDATE files SET received_at='hôm qua' WHERE seq=(SELECT min(seq) FROM files)",
    "UPDATE files SET collected_at='2025-99-99T00:00:00' WHERE seq=(SELECT min(seq) FROM files)",
    "UPDATE findings SET severity='fatal' WHERE rowid=(SELECT min(rowid) FROM findings)",
    "UPDATE sightings SET seen_at='x'",
], ids=["received", "collected", "severity", "seen"])
@pytest.mark.parametrize("command", [["status", "{dir}"], ["rollup", "{dir}", "--force"],
                                     ["export", "{dir}", "--format", "json"]], ids=["status", "rollup", "export"])
def test_a_store_row_edited_into_what_xlqms_never_writes_is_a_damaged_store_with_the_way_out(collected, edit,
                                                                                             command):
    connection = sqlite3.connect(collected / layout.STORE_FILE)
    with connection:
        connection.execute(edit)
    connection.close()
    result = CliRunner().invoke(main, [part.format(dir=collected) for part in command])
    assert result.exit_code == 1, result.output
    assert "không mong đợi" not in result.output and "Traceback" not in result.output
    assert str(collected / layout.STORE_FILE) in result.output and f"xlqms collect {collected} --rebuild" in result.output
    assert CliRunner().invoke(main, ["collect", str(collected), "--rebuild"]).exit_code in (0, 4)
    assert CliRunner().invoke(main, [part.format(dir=collected) for part in command]).exit_code == 0


# -- another round's campaign.xlsx in place while collecting, then the right one put back ----------------------

def _set_campaign_id(folder: Path, campaign_id: str) -> None:
    from openpyxl import load_workbook
    book = load_workbook(folder / layout.CAMPAIGN_FILE)
    for row in book[layout.SETTINGS_SHEET].iter_rows():
        if str(row[0].value or "").strip() == "Mã đợt":
            row[1].value = campaign_id
    book.save(folder / layout.CAMPAIGN_FILE)


@pytest.mark.parametrize("wrong", ["2020-H1-khac", "DOT-CU"])
def test_files_rejected_under_another_rounds_campaign_are_judged_again_once_it_is_put_back(collect_round,
                                                                                          returns_corpus, wrong):
    """The files said this round; another round's campaign.xlsx was in place when they were collected, so
    each was rejected as "another round's". With the right campaign.xlsx back, collecting again reads
    nothing (no file changed): every command says the rejections no longer hold and names the way out;
    after the rebuild the round is the one a clean collect gives."""
    from xlqms.campaign import read_campaign
    right = read_campaign(collect_round).id
    clean = collect_round.parent / "clean"
    shutil.copytree(collect_round, clean)
    collect(clean, [returns_corpus["returns"]])
    _set_campaign_id(collect_round, wrong)
    collect(collect_round, [returns_corpus["returns"]])
    _set_campaign_id(collect_round, right)
    for command in (["status"], ["rollup", "--force"], ["export", "--format", "json"],
                    ["collect", str(returns_corpus["returns"])]):
        result = CliRunner().invoke(main, [command[0], str(collect_round), *command[1:]])
        assert result.exit_code == 2, (command, result.output)
        assert "đã bị từ chối" in result.output and f"xlqms collect {collect_round} --rebuild" in result.output
    assert CliRunner().invoke(main, ["collect", str(collect_round), "--rebuild"]).exit_code in (0, 4)
    shown = [CliRunner().invoke(main, ["status", str(folder)]).output.splitlines()[1] for folder in (collect_round, clean)]
    assert shown[0] == shown[1]


@pytest.mark.parametrize("command", [["collect", "{dir}", "{returns}"], ["collect", "{dir}", "--rebuild"]],
                         ids=["collect", "rebuild"])
@pytest.mark.parametrize("thing", ["folder", "fifo"])
def test_a_folder_in_the_stores_place_is_named_and_never_called_damaged(collect_round, returns_corpus, command,
                                                                          thing):
    if thing == "folder":
        (collect_round / layout.STORE_FILE).mkdir()
    else:
        os.mkfifo(collect_round / layout.STORE_FILE)
    result = CliRunner().invoke(main, [part.format(dir=collect_round, returns=returns_corpus["returns"])
                                       for part in command])
    assert result.exit_code == 1, result.output
    assert str(collect_round / layout.STORE_FILE) in result.output and "--rebuild" not in result.output
    assert "không mong đợi" not in result.output and "đầy" not in result.output


@pytest.mark.parametrize("blocker", ["file", "fifo"])
def test_a_correction_copy_that_cannot_be_written_is_said_with_its_path(collect_round, returns_corpus, blocker):
    """``out/corrections`` is no folder (a file, a FIFO put there): files needing correction are recorded, and
    the terminal says for each that no copy was made, where and why (a note hidden before)."""
    corrections = collect_round / "out" / "corrections"
    corrections.parent.mkdir(exist_ok=True)
    if blocker == "file":
        corrections.write_text("x")
    else:
        os.mkfifo(corrections)
    result = CliRunner().invoke(main, ["collect", str(collect_round), str(returns_corpus["returns"])],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 4, result.output
    assert "Không tạo được bản đánh dấu lỗi" in result.output and str(corrections) in result.output
    assert "không mong đợi" not in result.output
