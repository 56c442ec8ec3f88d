"""Inboxes: links are not followed out of the paths given, and xlqms never takes in its own files."""

from __future__ import annotations

import os

import pytest

from xlqms import layout
from xlqms.collect import collect
from xlqms.inbox import find_inbox
from xlqms.store import Store


def _nest(top, levels: int, name: str, data: bytes) -> str:
    """``levels`` folders ``d`` nested in ``top``, a file ``name`` at the bottom; returns the bottom folder."""
    here = os.getcwd()
    try:
        os.chdir(top)
        for _ in range(levels):
            os.mkdir("d")
            os.chdir("d")
        with open(name, "wb") as stream:
            stream.write(data)
        return os.getcwd()
    finally:
        os.chdir(here)


def _unnest(bottom: str) -> None:
    """Remove a deep nest from its bottom up (shutil.rmtree, pytest's cleanup, recurse too deep)."""
    here = os.getcwd()
    try:
        os.chdir(bottom)
        for name in os.listdir("."):
            os.unlink(name)
        while os.path.basename(os.getcwd()) == "d":
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(here)


@pytest.fixture()
def nests():
    made: list[str] = []
    yield made
    for bottom in made:
        _unnest(bottom)


def test_symlinks_are_not_followed_and_say_so(collect_round, returns_corpus, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    secret = outside / "secret_of_the_machine.xlsx"
    secret.write_bytes((returns_corpus["returns"] / "good.xlsx").read_bytes())
    (outside / "more").mkdir()
    (outside / "more" / "other.xlsx").write_bytes(b"not even a workbook")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "real.xlsx").write_bytes((returns_corpus["returns"] / "bao cao xa Dong Hung (1).xlsx").read_bytes())
    (inbox / "link_to_file.xlsx").symlink_to(secret)
    (inbox / "link_to_folder").symlink_to(outside / "more")
    (inbox / "etc_passwd").symlink_to("/etc/passwd")
    os.mkfifo(inbox / "a_fifo.xlsx")         # reading it would block the run

    report = collect(collect_round, [inbox])
    taken = [o.name for o in report.outcomes if o.checksum]
    assert taken == ["real.xlsx"]
    skipped = {f.location.file: f for f in report.skipped}
    assert set(skipped) == {"link_to_file.xlsx", "link_to_folder", "etc_passwd", "a_fifo.xlsx"}
    assert all(f.code == "path-skipped" for f in skipped.values())
    archive = sorted(p.name for p in (collect_round / "archive").iterdir() if p.name != layout.JOURNAL_FILE)
    assert len(archive) == 1
    with Store(collect_round) as store:
        assert [r.file_name for r in store.files()] == ["real.xlsx"]


def test_a_path_given_by_name_is_taken_even_when_it_is_a_link(collect_round, returns_corpus, tmp_path):
    link = tmp_path / "named.xlsx"
    link.symlink_to(returns_corpus["returns"] / "good.xlsx")
    assert find_inbox([link], collect_round).files == ((returns_corpus["returns"] / "good.xlsx").resolve(),)


def test_collecting_the_campaign_folder_itself_takes_in_none_of_xlqms_own_files(collect_round, returns_corpus):
    collect(collect_round, [returns_corpus["returns"] / "good.xlsx"])          # store, lock, journal, archive exist
    (collect_round / "out" / "corrections").mkdir(parents=True, exist_ok=True)
    (collect_round / "out" / "corrections" / "x.xlsx").write_bytes(b"annotated copy")
    (collect_round / ".tmp-1-abc.xlsx").write_bytes(b"a write in progress")
    (collect_round / "dropped_here.xlsx").write_bytes(
        (returns_corpus["returns"] / "bao cao xa Dong Hung (1).xlsx").read_bytes())
    for name in (layout.LOCK_FILE, layout.SECRET_FILE, layout.STORE_FILE):
        assert (collect_round / name).exists(), name
    report = collect(collect_round, [collect_round])
    assert [o.name for o in report.outcomes] == ["dropped_here.xlsx"]
    assert [o.name for o in collect(collect_round, [collect_round, collect_round]).outcomes] == []


def test_names_that_are_not_utf8_nor_plain_are_taken_in_and_shown_escaped(collect_round, returns_corpus, tmp_path):
    """A name with bytes that are not UTF-8 (a zip made on an old Windows), a new line, a leading '-' or
    '=', or a right-to-left override is taken in like any other: recorded, journaled, shown."""
    good = (returns_corpus["returns"] / "good.xlsx").read_bytes()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    names = [b"b\xe1o c\xe1o x\xe3.xlsx", b"line\nbreak.xlsx", b"-dash.xlsx", b"=SUM(A1).xlsx", "rtl\u202exslx.xlsx".encode()]
    for index, raw in enumerate(names):
        with open(os.path.join(os.fsencode(inbox), raw), "wb") as stream:
            stream.write(good + b"\0" * index)              # distinct bytes: each one is a new file
    report = collect(collect_round, [inbox])
    assert sorted(o.name for o in report.outcomes) == sorted(
        ["b\\xe1o c\\xe1o x\\xe3.xlsx", "line\nbreak.xlsx", "-dash.xlsx", "=SUM(A1).xlsx", "rtl\u202exslx.xlsx"])
    assert all(o.checksum for o in report.outcomes)
    with Store(collect_round) as store:
        assert len(store.files()) == len(names)
    again = collect(collect_round, [inbox])                  # the escaped name is the file's key again
    assert again.outcomes == () and again.unchanged == len(names)


def test_a_folder_nested_thousands_deep_is_walked(collect_round, returns_corpus, tmp_path, nests):
    """An archive unpacked into folders nested deeper than Python's recursion limit: the file at the
    bottom is found, nothing fails."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    nests.append(_nest(inbox, 1200, "deep.xlsx", (returns_corpus["returns"] / "good.xlsx").read_bytes()))
    (inbox / "top.xlsx").write_bytes((returns_corpus["returns"] / "bao cao xa Dong Hung (1).xlsx").read_bytes())
    found = find_inbox([inbox], collect_round)
    assert [path.name for path in found.files] == ["deep.xlsx", "top.xlsx"] and not found.skipped


def test_a_deep_folder_inside_the_campaign_folder_never_stops_a_collect(collect_round, returns_corpus, nests):
    """The sweep of stale temporary files walks the whole campaign folder: at any depth."""
    from xlqms.campaign_lock import sweep_temporaries
    deep = _nest(collect_round, 1200, ".tmp-999999999-0abc0abc0abc.xlsx", b"half written")      # a writer long gone
    nests.append(deep)
    assert [path.name for path in sweep_temporaries(collect_round)] == [".tmp-999999999-0abc0abc0abc.xlsx"]
    assert not os.listdir(deep)
    report = collect(collect_round, [returns_corpus["returns"] / "good.xlsx"])
    assert [o.name for o in report.outcomes] == ["good.xlsx"]
