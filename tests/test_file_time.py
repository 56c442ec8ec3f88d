"""Time: absurd file times never crash a collect; versions follow the order of receipt; older content is held."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from xlqms import layout
from xlqms.collect import collect
from xlqms.file_time import EARLIEST, SavedStamp, received_time, saved_before, saved_stamp
from xlqms.status import round_status
from xlqms.store import Store

NOW = dt.datetime(2026, 7, 1, 9, 30)
NS = 1_000_000_000


def _ns(moment: dt.datetime) -> int:
    return int(moment.timestamp()) * NS


@pytest.mark.parametrize("mtime_ns", [
    253_402_300_800 * NS,          # year 10000
    2 ** 62,                       # beyond any calendar
    -(2 ** 40) * NS,               # negative, far
    _ns(dt.datetime(1970, 1, 1, 8)),
    _ns(NOW + dt.timedelta(days=3 * 365)),   # a sender's clock years ahead
], ids=["year-10000", "huge", "negative", "1970", "years-ahead"])
def test_an_absurd_time_is_clamped_with_a_warning(mtime_ns):
    changed = _ns(NOW - dt.timedelta(hours=1))
    received, warning = received_time(mtime_ns, changed, NOW, "x.xlsx")
    assert received == NOW - dt.timedelta(hours=1)
    assert warning is not None and warning.code == "file-time-out-of-range"
    received, warning = received_time(mtime_ns, mtime_ns, NOW, "x.xlsx")       # no plausible time at all
    assert received == NOW and warning is not None


def test_a_plausible_time_is_the_time_of_receipt():
    moment = NOW - dt.timedelta(days=2)
    assert received_time(_ns(moment), _ns(NOW), NOW, "x.xlsx") == (moment, None)
    assert received_time(_ns(NOW + dt.timedelta(minutes=2)), _ns(NOW), NOW, "x.xlsx") == (NOW, None)
    assert EARLIEST.year == 1990


def _set_time(path, seconds: float) -> bool:
    try:
        os.utime(path, ns=(int(seconds * NS), int(seconds * NS)))
    except (OverflowError, OSError, ValueError):
        return False
    return True


def test_collect_survives_absurd_file_times(collect_round, returns_corpus, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    names = {"year_10000.xlsx": 253_402_300_800, "negative.xlsx": -(2 ** 33), "ahead.xlsx": NOW.timestamp() + 9e8}
    sources = ["good.xlsx", "bao cao xa Dong Hung (1).xlsx", "macros.xlsm"]
    set_ok = {}
    for (name, seconds), source in zip(names.items(), sources):
        (inbox / name).write_bytes((returns_corpus["returns"] / source).read_bytes())
        set_ok[name] = _set_time(inbox / name, seconds)
    assert set_ok["negative.xlsx"] and set_ok["ahead.xlsx"]       # ext4/tmpfs hold these
    report = collect(collect_round, [inbox])
    by_name = {o.name: o for o in report.outcomes}
    assert {o.state for o in report.outcomes} == {"accepted"}
    for name, ok in set_ok.items():
        if ok:
            assert "file-time-out-of-range" in [f.code for f in by_name[name].findings], name
    with Store(collect_round) as store:
        assert all(r.received_at <= dt.datetime.now() for r in store.files())
    round_status(collect_round)          # and every command after it works


def test_version_order_is_the_order_of_receipt(collect_round, build_returns, tmp_path):
    """A first version from a machine whose clock is years ahead never beats the correction sent after it."""
    from xlqms.campaign import read_campaign

    blank = build_returns.Blanks(read_campaign(collect_round))
    first = tmp_path / "1" / "00004.xlsx"
    first.parent.mkdir()
    first.write_bytes(build_returns.fill(blank("00004"), build_returns.with_values(MT02={layout.RESULT_VALUE: 50})))
    _set_time(first, dt.datetime.now().timestamp() + 3 * 365 * 86400)
    collect(collect_round, [first])
    correction = tmp_path / "2" / "00004.xlsx"
    correction.parent.mkdir()
    correction.write_bytes(build_returns.fill(blank("00004"), build_returns.GOOD))
    (outcome,) = collect(collect_round, [correction]).outcomes
    assert outcome.state == "accepted"
    with Store(collect_round) as store:
        assert store.accepted_submissions()["00004"].entries["MT02"].value == 98.5


def test_a_later_file_saved_earlier_is_held_not_current(collect_round, build_returns, tmp_path):
    from xlqms.campaign import read_campaign

    blank = build_returns.Blanks(read_campaign(collect_round))
    new = build_returns.with_saved_time(build_returns.fill(blank("00004"), build_returns.GOOD), "2026-07-10T08:00:00Z")
    old = build_returns.with_saved_time(
        build_returns.fill(blank("00004"), build_returns.with_values(MT02={layout.RESULT_VALUE: 50})),
        "2026-07-02T08:00:00Z")
    assert saved_stamp(new, "xlsx").moment == dt.datetime(2026, 7, 10, 8)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "moi.xlsx").write_bytes(new)
    collect(collect_round, [tmp_path / "a"])
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "cu_gui_sau.xlsx").write_bytes(old)
    (outcome,) = collect(collect_round, [tmp_path / "b"]).outcomes
    assert outcome.state == "held" and "older-content" in [f.code for f in outcome.findings]
    with Store(collect_round) as store:
        assert store.accepted_submissions()["00004"].entries["MT02"].value == 98.5
    status = round_status(collect_round)
    assert [h.file_name for h in status.held] == ["cu_gui_sau.xlsx"]
    assert {u.code: u.state for u in status.units}["00004"] == "received"


def test_an_old_version_sent_again_as_new_bytes_is_held(collect_round, build_returns, tmp_path):
    from xlqms.campaign import read_campaign

    blank = build_returns.Blanks(read_campaign(collect_round))
    first = build_returns.fill(blank("00004"), build_returns.with_values(MT02={layout.RESULT_VALUE: 50}))
    for step, (name, data) in enumerate([("v1.xlsx", first),
                                         ("v2.xlsx", build_returns.fill(blank("00004"), build_returns.GOOD)),
                                         ("v1_lai.xlsx", build_returns.rezip(first))]):
        (tmp_path / str(step)).mkdir()
        (tmp_path / str(step) / name).write_bytes(data)
        report = collect(collect_round, [tmp_path / str(step)])
    assert [o.state for o in report.outcomes] == ["held"]
    with Store(collect_round) as store:
        assert [r.state for r in store.files()] == ["superseded", "accepted", "held"]
        assert store.accepted_submissions()["00004"].entries["MT02"].value == 98.5


# -- saves on different clocks (issue 15, time) -------------------------------------------------------

EXCEL, CALC = "Microsoft Excel", "LibreOffice/7.4.7.2$Linux_X86_64 LibreOffice_project/40$Build-2"


def _stamp(text: str, producer: str = EXCEL) -> SavedStamp:
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    zoned = moment.tzinfo is not None
    if zoned:
        moment = moment.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return SavedStamp(moment, zoned, producer)


@pytest.mark.parametrize("later, current, before", [
    # one application, one way of writing: compared directly, to the second
    (_stamp("2026-07-10T08:00:00Z"), _stamp("2026-07-10T08:01:00Z"), True),
    (_stamp("2026-07-10T08:01:00Z"), _stamp("2026-07-10T08:00:00Z"), False),
    (_stamp("2026-07-10T08:00:00", CALC), _stamp("2026-07-10T09:00:00", CALC), True),
    (_stamp("2026-07-10T08:00:00+07:00"), _stamp("2026-07-10T01:30:00Z"), True),   # offsets honoured
    # two applications: Excel's true UTC against a local time written behind a Z (Vietnam, UTC+7)
    (_stamp("2026-07-10T08:00:00Z"), _stamp("2026-07-10T14:00:00Z", CALC), False),   # 15:00 after 14:00 local
    (_stamp("2026-07-10T08:00:00Z"), _stamp("2026-07-11T09:00:00Z", CALC), False),   # within the widest skew
    (_stamp("2026-07-08T08:00:00Z"), _stamp("2026-07-10T14:00:00Z", CALC), True),    # days earlier: certain
    # an .ods time with no zone against a zoned one, and files that do not say who saved them
    (_stamp("2026-07-10T08:00:00Z", CALC), _stamp("2026-07-10T14:00:00", CALC), False),
    (_stamp("2026-07-10T08:00:00Z", ""), _stamp("2026-07-10T08:01:00Z", ""), False),
    (_stamp("2026-07-01T08:00:00Z", ""), _stamp("2026-07-10T08:01:00Z", ""), True),
])
def test_a_save_is_earlier_only_when_the_clocks_allow_saying_so(later, current, before):
    assert saved_before(later, current) is before


def test_the_stamp_says_when_and_by_what_a_workbook_was_saved(build_returns, collect_round):
    from xlqms.campaign import read_campaign

    blank = build_returns.Blanks(read_campaign(collect_round))
    data = build_returns.with_saved_time(blank("00004"), "2026-07-10T08:00:00Z", application=CALC)
    stamp = saved_stamp(data, "xlsx")
    assert stamp == SavedStamp(dt.datetime(2026, 7, 10, 8), True, CALC)
    assert saved_stamp(data, "xls") is None


def test_a_correction_saved_by_another_application_the_same_day_is_not_held(collect_round, build_returns, tmp_path):
    """The unit saved in LibreOffice at 14:00 (its local time written behind a Z), then corrected in
    Excel at 15:00 (true UTC: 08:00Z): the correction is the current file, not held as older."""
    from xlqms.campaign import read_campaign

    blank = build_returns.Blanks(read_campaign(collect_round))
    first = build_returns.with_saved_time(
        build_returns.fill(blank("00004"), build_returns.with_values(MT02={layout.RESULT_VALUE: 50})),
        "2026-07-10T14:00:00Z", application=CALC)
    correction = build_returns.with_saved_time(build_returns.fill(blank("00004"), build_returns.GOOD),
                                               "2026-07-10T08:00:00Z", application=EXCEL)
    for step, (name, data) in enumerate([("ban_dau.xlsx", first), ("ban_sua.xlsx", correction)]):
        (tmp_path / str(step)).mkdir()
        (tmp_path / str(step) / name).write_bytes(data)
        report = collect(collect_round, [tmp_path / str(step)])
    (outcome,) = report.outcomes
    assert outcome.state == "accepted" and "older-content" not in [f.code for f in outcome.findings]
    with Store(collect_round) as store:
        assert store.accepted_submissions()["00004"].entries["MT02"].value == 98.5
