"""One definition of the submission rate: who is expected, who submitted, who was late (pure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from builders_attainment import entry, make_campaign, submission

from xlqms.attainment import evaluate_round
from xlqms.store import FileRecord
from xlqms.submission_rate import consolidating_bodies, first_usable_receipts, is_late, round_progress, units_expected
from xlqms.units import Hierarchy, Unit

PROVINCE = [("P", "Tỉnh Thử", "Tỉnh", None), ("C1", "Xã Một", "Xã", "P"), ("C2", "Xã Hai", "Xã", "P"),
            ("C3", "Xã Ba", "Xã", "P")]
THREE_TIERS = [("P", "Tỉnh", "Tỉnh", None), ("D", "Huyện", "Huyện", "P"), ("C1", "Xã Một", "Xã", "D"),
               ("C2", "Xã Hai", "Xã", "D")]
FLAT = [("A", "Xã A", "Xã", None), ("B", "Xã B", "Xã", None)]
NATION = [("A", "Tỉnh A", "Tỉnh", None), ("A1", "Xã A1", "Xã", "A"), ("B", "Tỉnh B", "Tỉnh", None),
          ("B1", "Xã B1", "Xã", "B"), ("B2", "Xã B2", "Xã", "B")]


def hierarchy(units):
    return Hierarchy(Unit(*unit) for unit in units)


@pytest.mark.parametrize("units, body, expected", [
    (PROVINCE, None, ["C1", "C2", "C3"]),          # the province consolidates: not one of its communes
    (PROVINCE, "P", ["C1", "C2", "C3"]),
    (THREE_TIERS, None, ["D", "C1", "C2"]),         # a district reports to the province (its own return)
    (THREE_TIERS, "D", ["C1", "C2"]),
    (FLAT, None, ["A", "B"]),                       # nobody below the roots: every root reports
    (NATION, None, ["A1", "B1", "B2"]),
    (NATION, "B", ["B1", "B2"]),
])
def test_units_expected(units, body, expected):
    codes = [code for code, *_ in units]
    assert [unit.code for unit in units_expected(hierarchy(units), codes, body)] == expected


def test_units_without_objectives_are_not_expected():
    assert [u.code for u in units_expected(hierarchy(PROVINCE), ["P", "C1", "C3"])] == ["C1", "C3"]


def test_consolidating_bodies_are_the_roots_with_units_below():
    assert [u.code for u in consolidating_bodies(hierarchy(NATION))] == ["A", "B"]
    assert consolidating_bodies(hierarchy(FLAT)) == []


def record(unit, state, day, sequence):
    return FileRecord(f"{unit}{sequence}", "/in/x.xlsx", "x.xlsx", dt.datetime(2026, 7, day, 10), unit, state,
                      sequence=sequence)


def test_late_is_the_first_usable_file_after_the_due_day():
    files = [record("C1", "rejected", 10, 1), record("C1", "accepted", 16, 2),      # first usable: 16/7
             record("C2", "superseded", 15, 3), record("C2", "accepted", 20, 4),    # first usable: 15/7, on time
             record("C3", "rejected", 12, 5)]                                       # only rejected: not submitted
    receipts = first_usable_receipts(files)
    assert set(receipts) == {"C1", "C2"}
    due = dt.date(2026, 7, 15)
    assert is_late(receipts["C1"], due) and not is_late(receipts["C2"], due)
    assert not is_late(receipts["C1"], None)


def test_round_progress_says_it_once():
    campaign = make_campaign(PROVINCE, [("1", "Hồ sơ", [("MT01", "trên 90%")])])
    campaign = replace(campaign, settings=replace(campaign.settings, due_date=dt.date(2026, 7, 15)))
    returns = {code: submission(code, [entry("MT01", num=9, den=10)]) for code in ("P", "C1", "C2")}
    result = evaluate_round(campaign, returns)
    files = [record("C1", "accepted", 16, 1), record("C2", "accepted", 14, 2), record("P", "accepted", 1, 3)]
    progress = round_progress(campaign, result, files)
    assert progress.expected == 3 and [u.code for u in progress.missing] == ["C3"]
    assert [u.code for u in progress.late] == ["C1"] and [u.code for u in progress.on_time] == ["C2"]
    assert progress.rate == pytest.approx(200 / 3)
    assert progress.summary() == "Đã nộp 2/3 đơn vị (66,67%): 1 đúng hạn, 1 nộp muộn; chưa nộp 1."
    assert progress.ratio_text == "2/3 đơn vị (66,67%)"
