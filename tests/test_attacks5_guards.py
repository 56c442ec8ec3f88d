"""Held-out attacks on the guards of round 4 themselves (round 5): the stale-temporary sweep, the link
guard, the per-file time limit, the refusals of sheets given twice, ``check``'s refusal to rewrite —
each as a hostile or an unlucky honest user meets it."""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from xlqms import layout
from xlqms import signature as signature_module
from xlqms.campaign import read_campaign
from xlqms.cli import main
from xlqms.collect import collect
from xlqms.isolation import Limits, run_isolated
from xlqms.store import Store
from xlqms.temporaries import sweep_temporaries


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# -- the stale-temporary sweep never takes a file a person put in the campaign folder ----------------

USER_NAMES = [
    ".tmp-notes.xlsx",                   # a person's hidden file that merely starts like a temporary
    ".tmp-2024-bao-cao.xlsx",            # … with a year where a pid would stand
    ".tmp-{dead}-bao-cao-quy-3.xlsx",    # … with a number that is a pid no process holds
    ".tmp-{dead}-abc.xlsx",              # … short hex after it: not a name xlqms writes
    ".tmp-backup",
]


@pytest.mark.parametrize("place", ["nhan_ve", "out", "out/corrections", "archive", "."])
@pytest.mark.parametrize("template", USER_NAMES)
def test_a_collect_never_deletes_a_file_a_person_named_like_a_temporary(returns_corpus, tmp_path, place, template):
    """A collect sweeps what killed xlqms writers left, anywhere in the campaign folder; a file of a person's
    own (a returned file kept in ``DIR/nhan_ve``, notes beside the outputs) named ``.tmp-…`` but not as xlqms
    names its temporaries is never removed: nothing a user put there is dropped."""
    folder = tmp_path / "round"
    shutil.copytree(returns_corpus["campaign"], folder)
    (folder / place).mkdir(parents=True, exist_ok=True)
    mine = folder / place / template.format(dead=_dead_pid())
    mine.write_bytes(b"a person's own file")
    os.utime(mine, (0, 0))                     # old, as a forgotten file is
    collect(folder, [returns_corpus["returns"] / "good.xlsx"])
    assert mine.read_bytes() == b"a person's own file"


@pytest.mark.parametrize(("place", "template", "swept"), [
    ("nhan_ve", ".tmp-{dead}-0a1b2c3d4e5f.xlsx", True),      # a killed write to an --out inside the folder
    ("out/bao_cao", ".tmp-{dead}-0a1b2c3d4e5f.docx", True),
    (".", ".tmp-{dead}-rebuild.sqlite", True),              # a killed rebuild's store…
    (".", ".tmp-{dead}-rebuild.sqlite-wal", True),          # … and SQLite's files beside it
    (".", ".tmp-{dead}-rebuild.sqlite-shm", True),
    ("out", ".tmp-ab_c9xyz.xlsx", True),                    # mkstemp's pid-less name, where xlqms wrote
    ("archive", ".tmp-ab_c9xyz", True),
    ("nhan_ve", ".tmp-ab_c9xyz.xlsx", False),               # … not in a person's own folder
    ("nhan_ve", ".tmp-{dead}-rebuild-notes.xlsx", False),
    ("out", ".tmp-{self}-0a1b2c3d4e5f.xlsx", False),        # a write in progress
])
def test_the_campaign_sweep_takes_only_what_xlqms_writers_left(tmp_path, place, template, swept):
    (tmp_path / place).mkdir(parents=True, exist_ok=True)
    path = tmp_path / place / template.format(dead=_dead_pid(), self=os.getpid())
    path.write_bytes(b"x")
    os.utime(path, (0, 0))
    removed = sweep_temporaries(tmp_path)
    assert (path in [Path(p) for p in removed]) is swept and path.exists() is not swept


# -- sheets given twice: only where it makes the reading unsure ----------------------------------------

def _extra_sheets(*names):
    def tweak(book, sheet, rows, columns):
        for name in names:
            book.create_sheet(name)["A1"] = f"ghi chú riêng của xã: {name}"
    return tweak


@pytest.mark.parametrize("names", [
    ("Ghi chú", "Ghi  chú"),             # Excel and LibreOffice keep both: they differ by a space
    ("Nháp", "Nháp "),                   # … by a trailing space
], ids=["double-space", "trailing-space"])
def test_a_unit_s_own_sheets_that_xlqms_never_reads_never_make_the_file_corrupt(collect_round, build_returns,
                                                                                 names):
    """Two sheets of the unit's own whose names only xlqms's loose matching takes for one (spacing) make no
    reading unsure: xlqms reads neither. The return is used, not refused as a corrupt file."""
    blanks = build_returns.Blanks(read_campaign(collect_round))
    path = collect_round.parent / "00013.xlsx"
    path.write_bytes(build_returns.fill(blanks("00013"), build_returns.GOOD, _extra_sheets(*names)))
    (outcome,) = collect(collect_round, [path]).outcomes
    assert outcome.state == "accepted", [f.code for f in outcome.findings]


def test_two_results_sheets_a_reading_could_take_for_one_are_still_refused(collect_round, build_returns):
    blanks = build_returns.Blanks(read_campaign(collect_round))
    path = collect_round.parent / "00013.xlsx"
    path.write_bytes(build_returns.fill(blanks("00013"), build_returns.GOOD,
                                        _extra_sheets(layout.RESULT_VALUE.replace(" ", "  ", 1))))
    (outcome,) = collect(collect_round, [path]).outcomes
    assert outcome.state == "rejected" and "corrupt-file" in [f.code for f in outcome.findings]


# -- an output named by a stream is written into it, never replaced --------------------------------------

@pytest.fixture(scope="module")
def collected_round(returns_corpus, tmp_path_factory):
    folder = tmp_path_factory.mktemp("attacks5") / "round"
    shutil.copytree(returns_corpus["campaign"], folder)
    collect(folder, [returns_corpus["returns"]])
    return folder


def _read_fifo(fifo: Path, got: list[bytes]):
    def read() -> None:
        with open(fifo, "rb") as stream:
            got.append(stream.read())
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


@pytest.mark.parametrize("through_link", [False, True], ids=["fifo", "link-to-fifo"])
@pytest.mark.parametrize("command", [["export", "--format", "csv"], ["export", "--format", "json"],
                                     ["rollup", "--force"]], ids=["csv", "json", "rollup"])
def test_an_output_named_by_a_stream_is_written_into_it_never_replaced(collected_round, tmp_path, through_link,
                                                                       command):
    """``--out /dev/stdout`` (a link to the process's descriptor) or a named pipe: the bytes go into it; the
    pipe (or the link) stays what it was — replacing it left a regular file at /dev/stdout for root."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    target = fifo
    if through_link:
        target = tmp_path / "stdout"
        target.symlink_to(fifo)
    got: list[bytes] = []
    reader = _read_fifo(fifo, got)
    result = CliRunner().invoke(main, [command[0], str(collected_round), *command[1:], "--out", str(target)])
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert os.path.islink(target) is through_link
    assert got and got[0]
    if command[0] == "rollup":
        assert got[0][:2] == b"PK"
    assert not [name for name in os.listdir(tmp_path) if name.startswith(".tmp-")]


# -- the per-file time limit: an alarm that comes as an item ends ------------------------------------

def _quick(context, item):
    return f"read {item}"


def _fallback(context, item, reason):
    return f"{reason} {item}"


def _alarm_as_it_is_cancelled(monkeypatch):
    """The item's alarm delivered in the instant after its work returned, before the alarm was cancelled
    (an honest file that took its whole time): the signal is raised just before the cancel takes effect."""
    real = signal.setitimer

    def setitimer(which, seconds, interval=0.0):
        done = real(which, seconds, interval)      # the timer is spent, as when it fires
        if seconds == 0 and signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, signal.SIG_IGN, None):
            signal.raise_signal(signal.SIGALRM)    # … and its signal is handled before the next line
        return done
    monkeypatch.setattr(signal, "setitimer", setitimer)


def test_an_alarm_as_an_item_ends_never_escapes_its_worker(monkeypatch):
    """The alarm that stops an item may come just as the item ends; it must not escape the item (the worker
    then handed the parent a BaseException its ``except Exception`` let through: the whole collect stopped)."""
    _alarm_as_it_is_cancelled(monkeypatch)         # the pool's workers are forked from here: they have it too
    items = ["a", "b", "c", "d"]
    results = list(run_isolated(_quick, None, items, 1, chunk_size=2, fallback=_fallback,
                                limits=Limits(file_seconds=30)))
    assert results == [f"read {item}" for item in items]     # each had finished: its reading is kept


# -- check never replaces a campaign.xlsx that is a link --------------------------------------------------

@pytest.mark.parametrize("where", ["outside", "inside"])
def test_check_never_replaces_a_campaign_xlsx_that_is_a_link(tmp_path, where):
    """campaign.xlsx kept elsewhere (a shared drive) and linked into the folder: check prints its readings,
    leaves the link and the file it leads to as they were, and says why it did not write."""
    folder = tmp_path / "round"
    assert CliRunner().invoke(main, ["init", str(folder)]).exit_code == 0
    kept = (tmp_path / "shared" if where == "outside" else folder / "goc") / "campaign.xlsx"
    kept.parent.mkdir()
    (folder / "campaign.xlsx").rename(kept)
    (folder / "campaign.xlsx").symlink_to(os.path.relpath(kept, folder))
    before = kept.read_bytes()
    result = CliRunner().invoke(main, ["check", str(folder)])
    assert result.exit_code == 0, result.output
    assert (folder / "campaign.xlsx").is_symlink() and kept.read_bytes() == before
    assert "liên kết" in result.output and "Đã ghi cột" not in result.output


# -- a round that never signed stays one when another round's signed workbook is sent to it --------------

def test_another_round_s_signed_workbook_never_makes_a_round_that_never_signed_hold_every_return(
        collect_round, build_returns, tmp_path):
    """A round generated before xlqms signed (no secret, no signed workbook): a unit sends another round's
    signed workbook by mistake (or on purpose). It is refused and archived — and must not count as this round
    signing, which held every honest unsigned return of every unit from then on, never used."""
    blanks = build_returns.Blanks(read_campaign(collect_round))
    foreign = tmp_path / "nham_dot.xlsx"
    another_campaign = {layout.ID_CAMPAIGN: "dot-khac-2027", layout.ID_YEAR: "2027"}   # its own id and signature
    foreign.write_bytes(build_returns.fill(blanks("00016"), build_returns.GOOD,
                                           lambda book, *_: build_returns.set_identity(book, another_campaign)))
    honest = tmp_path / "00004.xlsx"            # this round's workbook, made before signing: no signature
    honest.write_bytes(_unsigned(blanks("00004"), build_returns))
    (collect_round / layout.SECRET_FILE).unlink()
    signature_module._secrets.clear()
    signature_module._signed_rounds.clear()
    (wrong,) = collect(collect_round, [foreign]).outcomes
    assert wrong.state == "rejected"
    signature_module._signed_rounds.clear()       # a later run of xlqms
    (outcome,) = collect(collect_round, [honest]).outcomes
    assert outcome.state == "accepted", [f.code for f in outcome.findings]
    with Store(collect_round) as store:
        assert "00004" in store.accepted_submissions()


def _unsigned(data: bytes, build_returns) -> bytes:
    """This template version, without a signature: a workbook xlqms made before it signed them."""

    def tweak(book, sheet, rows, columns):
        hidden = book[layout.IDENTITY_SHEET]
        for row in hidden.iter_rows(min_row=1):
            if row[0].value == layout.ID_SIGNATURE:
                row[1].value = None
        name = layout.identity_defined_name(layout.ID_SIGNATURE)
        if name in book.defined_names:
            del book.defined_names[name]
        book.custom_doc_props.props = [prop for prop in book.custom_doc_props.props
                                       if prop.name != layout.PROPERTY_PREFIX + layout.ID_SIGNATURE]
    return build_returns.fill(data, build_returns.GOOD, tweak)


# -- a hard-linked copy of the folder: the record is never written into the other copy ------------------

@pytest.mark.parametrize("shared", [layout.STORE_FILE, f"{layout.ARCHIVE_DIR}/{layout.JOURNAL_FILE}"])
def test_a_collect_never_writes_the_record_of_a_hard_linked_copy(collected_round, returns_corpus, tmp_path, shared):
    """``cp -al`` (or a backup tool's snapshot) shares the store and the journal with the original folder:
    a collect in the copy changed the original's store. It is refused (exit 3) with the way out."""
    original = tmp_path / "goc"
    shutil.copytree(collected_round, original)
    copy = tmp_path / "ban_sao"
    shutil.copytree(original, copy, copy_function=os.link)
    for path in copy.rglob("*"):
        if path.is_file() and path.relative_to(copy).as_posix() != shared:
            data = path.read_bytes()           # every other file its own, as cp -a would make it
            path.unlink()
            path.write_bytes(data)
    before = (original / shared).read_bytes()
    result = CliRunner().invoke(main, ["collect", str(copy), str(returns_corpus["returns"] / "good.xlsx")])
    assert result.exit_code == 3, result.output
    assert "liên kết cứng" in result.output and shared.split("/")[-1] in result.output
    assert (original / shared).read_bytes() == before
