"""Round status from campaign + store records (pure)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from xlqms.findings import error
from xlqms.status import compute_status, reminders_csv, render
from xlqms.store import FileRecord

sys.path.insert(0, str(Path(__file__).parent))
from builders_attainment import make_campaign  # noqa: E402

UNITS = [("T", "Tỉnh A", "Tỉnh", None), ("X1", "Xã Một", "Xã", "T"), ("X2", "Xã Hai", "Xã", "T"),
         ("X3", "Xã Ba", "Xã", "T"), ("X4", "Xã Bốn", "Xã", "T")]
OBJECTIVES = [("1", "Hồ sơ đúng hạn", [("MT01", "trên 90%", ("Xã",))])]


def campaign(due=dt.date(2026, 7, 15)):
    built = make_campaign(UNITS, OBJECTIVES, year=2026)
    from dataclasses import replace

    return replace(built, settings=replace(built.settings, due_date=due))


def record(checksum, unit, state, day, seq, claimed=None):
    return FileRecord(checksum, f"/in/{checksum}.xlsx", f"{checksum}.xlsx", dt.datetime(2026, 7, day, 10), unit, state,
                      claimed_unit=claimed or unit or "", sequence=seq)


FILES = [
    record("a", "X1", "accepted", 10, 1),
    record("b", "X2", "needs_correction", 20, 2),
    record("c", None, "rejected", 12, 3, claimed="99999"),
    record("d", "X3", "accepted", 14, 4),
    record("d2", "X3", "duplicate", 30, 0),
]
FINDINGS = {"b": [error("not-a-number", "“abc” không phải là số — nhập 95,7", file="b.xlsx", sheet="Kết quả",
                        cell="H11")],
            "c": [error("unknown-unit", "Mã đơn vị “99999” không có trong danh sách", file="c.xlsx")]}
REVIEW = {"X1": "accepted", "X2": "needs_correction", "X3": "received"}


def test_units_and_groups():
    status = compute_status(campaign(), FILES, FINDINGS, REVIEW, today=dt.date(2026, 8, 1))
    states = {unit.code: unit.state for unit in status.units}
    assert states == {"X1": "accepted", "X2": "needs_correction", "X3": "received", "X4": "missing"}
    (group,) = status.groups                      # the province has no objective of its own: not expected
    assert (group.code, group.expected, group.received, group.accepted, group.to_review, group.needs_correction) \
        == ("T", 4, 3, 1, 1, 1)
    assert group.missing == ("X4",) and group.late == ("X2",)
    x4 = next(unit for unit in status.units if unit.code == "X4")
    assert x4.overdue
    x2 = next(unit for unit in status.units if unit.code == "X2")
    assert x2.reasons == ("b.xlsx — Kết quả!H11: “abc” không phải là số — nhập 95,7",)


def test_rejected_files_with_reasons():
    status = compute_status(campaign(), FILES, FINDINGS, REVIEW, today=dt.date(2026, 7, 1))
    (rejected,) = status.rejected
    assert rejected.file_name == "c.xlsx" and rejected.claimed_unit == "99999"
    assert [f.code for f in rejected.reasons] == ["unknown-unit"]
    assert status.files_taken_in == 4
    assert not any(unit.overdue for unit in status.units)


def test_reminders_json_and_csv():
    status = compute_status(campaign(), FILES, FINDINGS, REVIEW, today=dt.date(2026, 8, 1))
    assert [unit.code for unit in status.reminders()] == ["X2", "X4"]
    lines = reminders_csv(status).splitlines()
    assert lines[0] == "Mã đơn vị,Tên đơn vị,Mã đơn vị cấp trên,Tên đơn vị cấp trên,Tình trạng,Tệp đã nộp,Cần sửa"
    assert lines[2] == "X4,Xã Bốn,T,Tỉnh A,Chưa nộp,,"
    import json

    data = json.loads(render(status, "json"))
    assert [unit["code"] for unit in data["remind"]] == ["X2", "X4"]
    assert data["totals"]["missing"] == 1 and data["totals"]["late"] == 1


def test_no_due_date_means_nobody_late():
    status = compute_status(campaign(due=None), FILES, FINDINGS, REVIEW)
    assert not any(unit.late or unit.overdue for unit in status.units)


def test_the_consolidating_body_is_listed_apart_and_never_counted():
    """One definition of the submission rate (xlqms.submission_rate): the province's own return is not
    one of the units expected to report to it."""
    built = make_campaign(UNITS, [("1", "Hồ sơ đúng hạn", [("MT01", "trên 90%")])], year=2026)
    files = FILES + [record("t", "T", "accepted", 9, 5)]
    status = compute_status(built, files, FINDINGS, {**REVIEW, "T": "accepted"}, today=dt.date(2026, 8, 1))
    assert [unit.code for unit in status.units] == ["X1", "X2", "X3", "X4"]
    assert [(unit.code, unit.state) for unit in status.bodies] == [("T", "accepted")]
    assert status.totals["expected"] == 4 and status.totals["submitted"] == 3
    assert [group.code for group in status.groups] == ["T"]
    assert json.loads(render(status, "json"))["bodies"][0]["code"] == "T"


def test_a_unit_whose_only_file_was_rejected_has_not_submitted():
    files = FILES + [record("e", "X4", "rejected", 11, 6)]
    status = compute_status(campaign(), files, FINDINGS, {**REVIEW, "X4": "needs_correction"},
                            today=dt.date(2026, 8, 1))
    x4 = next(unit for unit in status.units if unit.code == "X4")
    assert x4.state == "needs_correction" and not x4.submitted and not x4.late
    (group,) = status.groups
    assert group.received == 3 and status.totals["submitted"] == 3
