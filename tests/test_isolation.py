"""No file stops a round: a reader that aborts, runs out of memory or hangs costs one file, never the run."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time

import pytest
from processes import child_pids

from xlqms.collect import collect
from xlqms.isolation import CRASHED, TIMEOUT, Limits, run_isolated
from xlqms.store import Store

MB = 1024 * 1024


# -- the pool itself, with work that misbehaves on purpose ---------------------------------------------

def misbehave(context, item):
    """Module-level work (picklable): 'abort' kills its process natively, 'hang' never ends,
    'hog' tries to take 2 GB, anything else comes back doubled."""
    if item == "abort":
        os.abort()
    if item == "hang":
        time.sleep(3600)
    if item == "hog":
        return len(bytearray(2 * 1024 * MB))
    return item * 2


def recorded(context, item, reason):
    return f"{item}:{reason}"


@pytest.mark.slow     # workers aborted, timed out, out of memory for real
@pytest.mark.parametrize("workers", [1, 2])
def test_each_bad_item_costs_only_itself(workers):
    items = ["a", "abort", "b", "hang", "c", "hog", "d"]
    limits = Limits(memory_bytes=256 * MB, file_seconds=1.5)
    results = list(run_isolated(misbehave, None, items, workers, chunk_size=3, fallback=recorded, limits=limits))
    assert results == ["aa", f"abort:{CRASHED}", "bb", f"hang:{TIMEOUT}", "cc", f"hog:{CRASHED}", "dd"]


@pytest.mark.slow
def test_no_worker_outlives_the_pool():
    before = child_pids(os.getpid())
    list(run_isolated(misbehave, None, ["x", "abort", "y"], 2, 1, recorded, Limits(file_seconds=5)))
    time.sleep(0.2)
    assert child_pids(os.getpid()) == before




def test_results_wait_in_memory_for_a_few_chunks_only(monkeypatch):
    """Chunks are given to the pool a few ahead of the one handed back, not all at once: a long run's
    results (a worker hands back each file's bytes) never pile up in memory."""
    from xlqms import isolation

    outstanding, most = [0], [0]
    schedule = isolation._Pool.schedule

    def counted(self, work, chunk, timeout):
        outstanding[0] += 1
        most[0] = max(most[0], outstanding[0])
        return schedule(self, work, chunk, timeout)

    monkeypatch.setattr(isolation._Pool, "schedule", counted)
    items = list(range(200))
    results = []
    for result in run_isolated(misbehave, None, items, 2, chunk_size=4, fallback=recorded):
        results.append(result)
        if len(results) % 4 == 0:
            outstanding[0] -= 1                    # a chunk handed back
    assert results == [item * 2 for item in items]
    assert most[0] <= isolation.CHUNKS_AHEAD_PER_WORKER * 2 < 200 // 4


# -- hostile workbooks in a real collect ------------------------------------------------------------------

@pytest.fixture()
def hostile_inbox(collect_round, build_returns, tmp_path):
    from xlqms.campaign import read_campaign

    blank = build_returns.Blanks(read_campaign(collect_round))
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = build_returns.GOOD
    (inbox / "far_cell_last_column_and_row.xlsx").write_bytes(build_returns.far_cell(build_returns.fill(blank("00004"), good)))
    (inbox / "far_cell_row_2000000.xlsx").write_bytes(
        build_returns.far_cell(build_returns.fill(blank("00007"), good), "A2000000"))
    (inbox / "far_cell_hidden_sheet.xlsx").write_bytes(
        build_returns.far_cell(build_returns.fill(blank("00010"), good), "XFD1048576", "_xlqms"))
    for code in ("00019", "00022", "00025"):
        (inbox / f"{code}_good.xlsx").write_bytes(build_returns.fill(blank(code), good))
    return inbox


def test_a_reader_that_dies_becomes_a_finding_and_the_others_are_recorded(collect_round, hostile_inbox):
    report = collect(collect_round, [hostile_inbox])
    states = {outcome.name: (outcome.state, [f.code for f in outcome.findings]) for outcome in report.outcomes}
    read_whole = set()
    for name, unit in (("far_cell_last_column_and_row.xlsx", "00004"), ("far_cell_row_2000000.xlsx", "00007"),
                       ("far_cell_hidden_sheet.xlsx", "00010")):
        state, codes = states[name]
        # the bounded reader reads past a far cell (a warning at its address); a reader that still dies
        # costs only that file
        if state == "accepted":           # a far cell in Kết quả is a warning; in the identity sheet, unread
            assert "cells-outside-form" in codes or name == "far_cell_hidden_sheet.xlsx", (name, codes)
            read_whole.add(unit)
        else:
            assert state == "rejected" and codes and codes[0] in ("reader-crashed", "sheet-too-large"), (name, codes)
    assert [states[f"{code}_good.xlsx"][0] for code in ("00019", "00022", "00025")] == ["accepted"] * 3
    with Store(collect_round) as store:
        assert set(store.accepted_submissions()) == {"00019", "00022", "00025"} | read_whole
        archived = {record.file_name for record in store.files()}
    assert archived == set(states)          # the hostile files are archived and recorded too


@pytest.mark.slow
def test_collect_with_hostile_files_stays_under_600_mb(collect_round, hostile_inbox):
    """A command's whole process tree, measured from outside: no process above 600 MB."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = subprocess.run([sys.executable, "-m", "xlqms", "collect", str(collect_round), str(hostile_inbox)],
                            capture_output=True, text=True, timeout=300)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert result.returncode in (0, 4), result.stderr      # done (far cells read past, or files rejected)
    assert "Lỗi không mong đợi" not in result.stderr and "memory allocation" not in result.stderr
    assert max(peak, before) * 1024 < 600 * MB
    assert "far_cell_last_column_and_row.xlsx" in result.stdout
