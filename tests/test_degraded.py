"""Degraded machines: a read-only folder, a full disk, a locked file, a closed pipe, any umask."""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys

import pytest
from builders_mounts import collect_corpus, copy_round, fill_disk, mount_tmpfs, unmount
from click.testing import CliRunner

from xlqms.cli import main, store_error_message
from xlqms.collect import collect
from xlqms.errors import describe_os_error
from xlqms.safety import check_bytes


@pytest.fixture(scope="module")
def collected_once(returns_corpus, tmp_path_factory):
    """The corpus collected once for the module; tests work on a copy (:func:`collected`)."""
    return collect_corpus(returns_corpus, tmp_path_factory.mktemp("degraded") / "round")


@pytest.fixture()
def collected(collected_once, tmp_path):
    return copy_round(collected_once, tmp_path)


@pytest.fixture()
def read_only_round(collected):
    point = mount_tmpfs("64m")
    try:
        folder = os.path.join(point, "round")
        shutil.copytree(collected, folder)
        subprocess.run(["mount", "-o", "remount,ro", point], check=True)
        yield folder
    finally:
        unmount(point)


def test_read_only_commands_work_on_a_read_only_campaign_folder(read_only_round, tmp_path):
    runner = CliRunner()
    elsewhere = tmp_path / "elsewhere"
    commands = [
        ["status", read_only_round], ["status", read_only_round, "--format", "json"],
        ["export", read_only_round, "--format", "json"], ["export", read_only_round, "--format", "csv"],
        ["export", read_only_round, "--format", "json", "--out", str(elsewhere / "x.json")],
        ["rollup", read_only_round, "--out", str(elsewhere / "tong_hop.xlsx")],
        ["report", read_only_round, "--out", str(elsewhere / "bao_cao")],
    ]
    for command in commands:
        result = runner.invoke(main, command)
        assert result.exit_code == 0, (command, result.output)
    assert (elsewhere / "tong_hop.xlsx").exists() and list((elsewhere / "bao_cao").glob("*.docx"))
    result = runner.invoke(main, ["rollup", read_only_round])            # writing into it: a clear refusal
    assert result.exit_code == 1 and "chỉ cho đọc" in result.output and "không mong đợi" not in result.output
    assert "--out" in result.output                                      # rollup can write elsewhere
    for command in (["collect", read_only_round, str(tmp_path)], ["collect", read_only_round, "--rebuild"],
                    ["generate", read_only_round, "--force"]):
        result = runner.invoke(main, command)
        assert result.exit_code == 1 and "chỉ cho đọc" in result.output, (command, result.output)
        assert ".tmp-" not in result.output                             # the folder named, not a temporary file
        if command[0] == "collect":                                     # collect has no --out: never advised
            assert "--out" not in result.output and "Chép thư mục đợt sang ổ ghi được" in result.output


@pytest.mark.parametrize("out_option", [True, False])
def test_an_os_error_names_the_target_folder_and_advises_only_options_the_command_has(tmp_path, out_option):
    temporary = tmp_path / "out" / ".tmp-123-abcdef.csv"
    message = describe_os_error(OSError(errno.EROFS, "Read-only file system", str(temporary)), out_option=out_option)
    assert f"“{tmp_path / 'out'}”" in message and ".tmp-" not in message
    assert ("--out" in message) is out_option
    message = describe_os_error(OSError(errno.EACCES, "Permission denied", str(tmp_path / "t.xlsx")),
                                out_option=out_option)
    assert str(tmp_path / "t.xlsx") in message and ("--out" in message) is out_option


def test_a_full_disk_is_a_vietnamese_message_naming_the_path(collected):
    point = mount_tmpfs("256k")
    try:
        fill_disk(point)
        target = os.path.join(point, "export.json")
        result = CliRunner().invoke(main, ["export", str(collected), "--format", "json", "--out", target])
        assert result.exit_code == 1, result.output
        assert "ổ đĩa đã đầy" in result.output and target in result.output
        assert "không mong đợi" not in result.output and "Traceback" not in result.output
        result = CliRunner().invoke(main, ["rollup", str(collected), "--out", os.path.join(point, "t.xlsx")])
        assert result.exit_code == 1 and "ổ đĩa đã đầy" in result.output
        assert not [name for name in os.listdir(point) if name.startswith(".tmp-")]
    finally:
        unmount(point)


def test_report_writes_what_it_can_and_lists_what_it_could_not(collected, tmp_path):
    out = tmp_path / "bao_cao"
    runner = CliRunner()
    assert runner.invoke(main, ["report", str(collected), "--out", str(out)]).exit_code == 0
    drafts = sorted(out.glob("*.docx"))
    assert len(drafts) >= 3
    locked = drafts[1]
    locked.unlink()
    locked.mkdir()                   # cannot be replaced, as a file held open by Word on Windows
    (locked / "inside").write_text("x")
    before = {path: path.stat().st_mtime_ns for path in drafts if path != locked}
    result = runner.invoke(main, ["report", str(collected), "--out", str(out), "--force"])
    assert result.exit_code == 4, result.output
    assert "Không ghi được 1 dự thảo" in result.output and locked.name in result.output
    assert all(path.stat().st_mtime_ns != mtime for path, mtime in before.items())     # the others rewritten


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_files_honour_the_umask(collect_round, returns_corpus, tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        collect(collect_round, [returns_corpus["returns"] / "good.xlsx",
                                returns_corpus["returns"] / "numerator_exceeds_denominator.xlsx"])
        runner = CliRunner()
        assert runner.invoke(main, ["rollup", str(collect_round)]).exit_code == 0
        assert runner.invoke(main, ["export", str(collect_round), "--format", "csv", "--out",
                                    str(tmp_path / "x.csv")]).exit_code == 0
        assert runner.invoke(main, ["status", str(collect_round), "--format", "csv", "--out",
                                    str(tmp_path / "s.csv")]).exit_code == 0
    finally:
        os.umask(previous)
    written = [tmp_path / "x.csv", tmp_path / "s.csv", *collect_round.joinpath("archive").glob("*.xlsx"),
               *collect_round.joinpath("out").rglob("*.xlsx")]
    assert len(written) >= 5
    assert {path.name: stat.S_IMODE(path.stat().st_mode) for path in written} == {path.name: mode for path in written}


def test_a_closed_pipe_ends_quietly(collected):
    pipeline = subprocess.run(
        f"'{sys.executable}' -m xlqms export '{collected}' --format json | head -c 100 >/dev/null; "
        f"'{sys.executable}' -m xlqms export '{collected}' --format csv | head -n 1 >/dev/null",
        shell=True, capture_output=True, text=True, timeout=120)
    assert pipeline.stderr == ""


def test_sqlite_problems_are_told_in_vietnamese():
    import sqlite3

    assert "đang bị một chương trình khác khóa" in store_error_message(sqlite3.OperationalError("database is locked"))
    assert "--rebuild" in store_error_message(sqlite3.DatabaseError("database disk image is malformed"))


@pytest.mark.parametrize("padding", [2048, 10_000, 300_000])
def test_a_doctype_after_padding_is_found(returns_corpus, build_returns, padding):
    good = (returns_corpus["returns"] / "good.xlsx").read_bytes()
    for member in ("xl/workbook.xml", "[Content_Types].xml"):
        report = check_bytes(build_returns.padded_doctype(good, padding, member), "padded.xlsx")
        assert [f.code for f in report.findings] == ["xml-entity-declaration"], member
    assert check_bytes(good, "good.xlsx").readable


@pytest.mark.parametrize("lock_name", ["~${name}", pytest.param("~${short}", marks=pytest.mark.slow),
                                       pytest.param(".~lock.{name}#", marks=pytest.mark.slow)],
                         ids=["excel", "word", "libreoffice"])
def test_an_output_open_in_excel_or_word_is_never_replaced_under_it(collected, tmp_path, lock_name):
    """The lock file beside an output says a person has it open: rollup refuses naming both files, report
    and generate write every other file and list that one, export refuses; the open file is untouched."""
    runner = CliRunner()
    summary = tmp_path / "tong_hop.xlsx"
    reports = tmp_path / "bao_cao"
    workbooks = tmp_path / "so"
    for args in (["rollup", collected, "--out", summary], ["report", collected, "--out", reports],
                 ["generate", collected, "--out", workbooks]):
        assert runner.invoke(main, [str(arg) for arg in args]).exit_code in (0, 4)
    draft = sorted(reports.glob("*.docx"))[1]
    workbook = sorted(workbooks.glob("*.xlsx"))[2]
    exported = tmp_path / "ket_qua.csv"
    exported.write_text("của người dùng")
    opened = (summary, draft, workbook, exported)
    for path in opened:
        (path.parent / lock_name.format(name=path.name, short=path.name[2:])).write_bytes(b"\x0bNguyen Van A")
    before = {path: path.read_bytes() for path in opened}

    result = runner.invoke(main, ["rollup", str(collected), "--out", str(summary), "--force"])
    assert result.exit_code == 1 and "đang mở trong Excel" in result.output and "tệp khóa" in result.output
    result = runner.invoke(main, ["report", str(collected), "--out", str(reports), "--force"])
    assert result.exit_code == 4 and "Không ghi được 1 dự thảo" in result.output and "đang mở" in result.output
    result = runner.invoke(main, ["generate", str(collected), "--out", str(workbooks), "--force"])
    assert result.exit_code == 4 and workbook.name in result.output and "đang mở" in result.output
    result = runner.invoke(main, ["export", str(collected), "--format", "csv", "--out", str(exported)])
    assert result.exit_code == 1 and "đang mở" in result.output
    assert {path: path.read_bytes() for path in opened} == before
    assert not [p for p in tmp_path.rglob(".tmp-*")]


@pytest.mark.slow
def test_data_printed_on_a_closed_standard_output_is_an_error_not_silence(collected):
    for command in ("export '{0}' --format json", "status '{0}' --format csv", "status '{0}' --format json",
                    "check '{0}' --json"):
        done = subprocess.run(f"'{sys.executable}' -m xlqms {command.format(collected)} >&-", shell=True,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 1 and "stdout đã bị đóng" in done.stderr and "Traceback" not in done.stderr, command


@pytest.mark.slow
def test_a_first_collect_cut_short_by_a_full_disk_is_caught_up_by_the_next(collect_round, returns_corpus):
    """The disk fills while the first collect writes: files archived and journaled, the store's first
    transaction lost. Once there is room, the next collect records them by itself (no rebuild needed),
    and a generate on the full disk names each file it could not write."""
    point = mount_tmpfs("700k")
    try:
        folder = os.path.join(point, "dot")
        os.makedirs(folder)
        for name in ("campaign.xlsx", ".xlqms-secret"):
            shutil.copy(collect_round / name, folder)
        runner = CliRunner()
        result = runner.invoke(main, ["collect", folder, str(returns_corpus["returns"])])
        assert result.exit_code == 1 and "đầy" in result.output and "không mong đợi" not in result.output
        result = runner.invoke(main, ["generate", folder, "--out", os.path.join(point, "so")])
        assert result.exit_code in (1, 4) and "đã đầy" in result.output and "không mong đợi" not in result.output
        if result.exit_code == 4:
            assert os.path.join(point, "so") in result.output                   # the file named, not just the error
        subprocess.run(["mount", "-o", "remount,size=64m", point], check=True)
        result = runner.invoke(main, ["collect", folder, str(returns_corpus["returns"])])
        assert result.exit_code == 4, result.output                             # the corpus has files to correct
        assert runner.invoke(main, ["status", folder]).exit_code == 0
        assert not [name for name in os.listdir(folder) if name.startswith(".tmp-")]
    finally:
        unmount(point)


def test_a_first_collect_whose_store_transaction_failed_is_caught_up_by_the_next(collect_round, returns_corpus,
                                                                                   monkeypatch):
    """The exact point a full disk hits first: every file archived and journaled, the store's first
    transaction refused. The next collect records them by itself; a later loss of the store is still
    refused (the journal then holds several runs)."""
    import sqlite3

    from xlqms import collect as collect_module
    from xlqms.record_check import RecordDamaged, check_record
    from xlqms.store import Store

    def full(store, files, collected_at):
        raise sqlite3.OperationalError("database or disk is full")

    import time
    inbox = collect_round.parent / "inbox"
    inbox.mkdir()
    for name in ("good.xlsx", "truncated.xlsx", "bao cao xa Dong Hung (1).xlsx"):
        shutil.copy(returns_corpus["returns"] / name, inbox)
    monkeypatch.setattr(collect_module, "record_files", full)
    with pytest.raises(sqlite3.OperationalError):
        collect(collect_round, [inbox], workers=0)
    assert len(check_record(collect_round).behind) == 3             # journaled, not recorded: a run cut short
    monkeypatch.undo()
    report = collect(collect_round, [inbox], workers=0)
    assert report.recovered == 3
    with Store(collect_round) as store:
        assert len(store.files()) == 3
    time.sleep(1.1)                                                 # another run, another second
    collect(collect_round, [returns_corpus["returns"] / "numerator_exceeds_denominator.xlsx"], workers=0)
    for suffix in ("", "-wal", "-shm"):
        (collect_round / f"xlqms.sqlite{suffix}").unlink(missing_ok=True)
    Store(collect_round).close()                                    # an empty store in its place
    with pytest.raises(RecordDamaged):
        check_record(collect_round)


@pytest.mark.parametrize("command, target", [
    (["export", "--format", "csv", "--out"], "campaign.xlsx"),
    (["export", "--format", "json", "--out"], "xlqms.sqlite"),
    (["status", "--format", "csv", "--out"], ".xlqms-secret"),
    (["status", "--format", "json", "--out"], "archive/journal.jsonl"),
    (["rollup", "--force", "--out"], "campaign.xlsx"),
    (["report", "--out"], "archive"),
    (["generate", "--force", "--out"], "archive/so"),
])
def test_an_output_never_lands_on_the_rounds_own_record(collected, command, target):
    """--out naming campaign.xlsx, the store, the secret or the archive would lose the round: refused (exit 3),
    everything left as it was."""
    own = [collected / name for name in ("campaign.xlsx", "xlqms.sqlite", ".xlqms-secret", "archive/journal.jsonl")]
    before = {path: path.read_bytes() for path in own}
    archived = sorted(p.name for p in (collected / "archive").iterdir())
    result = CliRunner().invoke(main, [command[0], str(collected), *command[1:], str(collected / target)])
    assert result.exit_code == 3, result.output
    assert "của chính đợt báo cáo" in result.output
    assert {path: path.read_bytes() for path in own} == before
    assert sorted(p.name for p in (collected / "archive").iterdir()) == archived
