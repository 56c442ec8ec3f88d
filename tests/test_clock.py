"""The secretary's own clock, changed for real (libfaketime): years ahead, set back, another time zone.

Each collect runs as the command line does (``python -m xlqms collect``) under ``faketime``, which
changes the time every process of the run sees (workers included); file times are left real
(``NO_FAKE_STAT``). Whatever the clock did between two collects, the later collect's files come
after the earlier one's (the order of receipt), nothing crashes, and a rebuild from the archive
records the same round.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys

import pytest

from xlqms import layout
from xlqms.rebuild import rebuild_record
from xlqms.store import Store

FAKETIME = shutil.which("faketime")
pytestmark = [
    pytest.mark.slow,   # every collect is a process of its own
    pytest.mark.skipif(FAKETIME is None, reason="faketime (Debian package faketime) is not installed"),
]


def _collect(folder, inbox, clock: str | None = None, zone: str | None = None) -> dict:
    """``xlqms collect --json`` in a process of its own, under ``clock`` (a faketime spec) and ``zone``."""
    env = {**os.environ, "NO_FAKE_STAT": "1", "PYTHONIOENCODING": "utf-8"}
    if zone:
        env["TZ"] = zone
    command = [sys.executable, "-m", "xlqms", "collect", str(folder), str(inbox), "--json"]
    if clock:
        command = [str(FAKETIME), "-f", clock, *command]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=180)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 4), (done.returncode, done.stderr)
    return json.loads(done.stdout)


def _drop(tmp_path, step: str, name: str, data: bytes):
    inbox = tmp_path / step
    inbox.mkdir()
    (inbox / name).write_bytes(data)
    return inbox


def _collected_days(folder) -> list[str]:
    """The day each file was collected on, by the clock of its collect."""
    with Store(folder) as store:
        return [record.collected_at.date().isoformat() for record in store.files() if record.collected_at]


def _current_values(folder) -> tuple[float | None, list[str]]:
    with Store(folder) as store:
        entry = store.accepted_submissions()["00004"].entries["MT02"]
        return float(entry.value) if entry.value is not None else None, [r.state for r in store.files()]


def _versions(build_returns, folder):
    from xlqms.campaign import read_campaign

    blank = build_returns.Blanks(read_campaign(folder))
    first = build_returns.fill(blank("00004"), build_returns.with_values(MT02={layout.RESULT_VALUE: 50}))
    return first, build_returns.fill(blank("00004"), build_returns.GOOD)


TODAY = dt.date.today()


@pytest.mark.parametrize("first_clock, second_clock, zones, days", [
    # a clock years ahead, then put right
    ("+3y", None, (None, None), None),
    # the clock set back three days between two collects
    (None, "-3d", (None, None), None),
    # the machine moved to another time zone
    (None, None, ("Asia/Ho_Chi_Minh", "UTC"), None),
    # both at once: five seconds apart, across midnight (faketime's times are local to the zone)
    ("@2026-07-10 23:59:50", "@2026-07-11 06:59:55", ("UTC", "Asia/Ho_Chi_Minh"), ["2026-07-10", "2026-07-11"]),
], ids=["years-ahead-then-right", "set-back", "time-zone", "zone-and-midnight"])
def test_the_later_collect_wins_whatever_the_clock_did(collect_round, build_returns, tmp_path,
                                                       first_clock, second_clock, zones, days):
    first, correction = _versions(build_returns, collect_round)
    report = _collect(collect_round, _drop(tmp_path, "a", "ban_dau.xlsx", first), first_clock, zones[0])
    assert report["counts"] == {"accepted": 1}
    report = _collect(collect_round, _drop(tmp_path, "b", "ban_sua.xlsx", correction), second_clock, zones[1])
    assert report["counts"] == {"accepted": 1}
    value, states = _current_values(collect_round)
    assert value == 98.5 and states == ["superseded", "accepted"]
    collected = _collected_days(collect_round)             # the faked clocks were the ones used
    if first_clock == "+3y":
        assert int(collected[0][:4]) >= TODAY.year + 2 and int(collected[1][:4]) <= TODAY.year + 1
    elif second_clock == "-3d":
        assert collected[1] < collected[0]
    elif days is not None:
        assert collected == days

    again = _collect(collect_round, tmp_path, second_clock, zones[1])   # nothing new: files recognised
    assert again["unchanged"] == 2 and again["files"] == []

    rebuilt = tmp_path / "rebuilt"
    shutil.copytree(collect_round, rebuilt)
    (rebuilt / layout.STORE_FILE).unlink()
    rebuild_record(rebuilt)
    assert _current_values(rebuilt) == (value, states)
