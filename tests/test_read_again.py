"""A file whose reader died is read again when its bytes arrive again (issue 15: no unlucky file is lost).

Nothing in a file that timed out or crashed its reader was read: on a busy machine an honest return
can run past its time. Before, its checksum was known from then on, and the same bytes sent again (or
copied again into the inbox) were a duplicate for ever: the unit's return was rejected for good. Now
the same bytes arriving again are read again, the new reading takes the place of the old one, and the
receipt — order, time, name — stays the first one (the unit is never late for the machine's load).
A path seen unchanged is not read again by itself (a hostile file would cost its time limit at every
collect): sent or copied again, it is.
"""

from __future__ import annotations

import os
import shutil
import time

from xlqms.codes import READER_DIED, FileState, UnitState
from xlqms.collect import collect
from xlqms.isolation import Limits
from xlqms.store import Store

RUSHED = Limits(file_seconds=1e-4)      # every file runs past its time, as on a machine far too busy


def _inbox(returns_corpus, tmp_path, name="good.xlsx"):
    inbox = tmp_path / "nhan_ve"
    inbox.mkdir()
    shutil.copy(returns_corpus["returns"] / name, inbox / name)
    return inbox / name


def test_bytes_whose_reader_timed_out_are_read_again_when_they_arrive_again(collect_round, returns_corpus, tmp_path):
    path = _inbox(returns_corpus, tmp_path)
    first = collect(collect_round, [path.parent], workers=1, limits=RUSHED)
    [outcome] = first.outcomes
    assert outcome.state is FileState.REJECTED and {f.code for f in outcome.findings} & READER_DIED
    with Store(collect_round) as store:
        received = {record.checksum: record.received_at for record in store.files()}

    assert collect(collect_round, [path.parent], workers=1).outcomes == (), \
        "a path seen unchanged is not read again by itself"

    time.sleep(0.01)
    shutil.copy(returns_corpus["returns"] / "good.xlsx", path)      # sent again: the same bytes, a new copy
    os.utime(path)
    again = collect(collect_round, [path.parent], workers=1)
    [outcome] = again.outcomes
    assert outcome.new and outcome.state is not FileState.DUPLICATE
    assert not {f.code for f in outcome.findings} & READER_DIED
    with Store(collect_round) as store:
        files = store.files()
        assert [record.checksum for record in files] == [outcome.checksum], "one file, read once more"
        assert files[0].received_at == received[outcome.checksum], "the receipt stays the first one"
        assert not store.unread()
        _, units, current = store.states()
        assert current.get(outcome.unit_code) == outcome.checksum
        assert units[outcome.unit_code] in (UnitState.ACCEPTED, UnitState.RECEIVED)


def test_bytes_read_in_full_are_still_duplicates(collect_round, returns_corpus, tmp_path):
    path = _inbox(returns_corpus, tmp_path)
    collect(collect_round, [path.parent], workers=1)
    time.sleep(0.01)
    os.utime(path)
    [outcome] = collect(collect_round, [path.parent], workers=1).outcomes
    assert outcome.state is FileState.DUPLICATE and not outcome.new


def test_a_rebuild_keeps_the_reading_that_replaced_a_dead_one(collect_round, returns_corpus, tmp_path):
    from xlqms.rebuild import rebuild_record

    path = _inbox(returns_corpus, tmp_path)
    collect(collect_round, [path.parent], workers=1, limits=RUSHED)
    time.sleep(0.01)
    os.utime(path)
    [outcome] = collect(collect_round, [path.parent], workers=1).outcomes
    with Store(collect_round) as store:
        before = store.states()
    rebuild_record(collect_round)
    with Store(collect_round) as store:
        assert store.states() == before and not store.unread()
    assert outcome.checksum
