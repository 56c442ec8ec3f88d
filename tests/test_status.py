"""Round status from campaign + store records (pure)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import replace
from pathlib import Path

from xlqms.codes import Code
from xlqms.findings import error, finding
from xlqms.status import compute_status, reminders_csv, render, unrecorded_copies
from xlqms.store import FileRecord
from xlqms.terminal import status_lines

sys.path.insert(0, str(Path(__file__).parent))
from builders_attainment import make_campaign  # noqa: E402

UNITS = [("T", "Tỉnh A", "Tỉnh", None), ("X1", "Xã Một", "Xã", "T"), ("X2", "Xã Hai", "Xã", "T"),
         ("X3", "Xã Ba", "Xã", "T"), ("X4", "Xã Bốn", "Xã", "T")]
OBJECTIVES = [("1", "Hồ sơ đúng hạn", [("MT01", "trên 90%", ("Xã",))])]


def campaign(due=dt.date(2026, 7, 15)):
    built = make_campaign(UNITS, OBJECTIVES, year=2026)
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


def test_a_unit_to_review_says_what_to_look_at():
    """A unit counted "Cần xem lại" names the warnings a person must check (its current and held files'),
    never those of a file it replaced."""
    files = [record("old", "X1", "superseded", 10, 1), record("cur", "X1", "accepted", 11, 2),
             record("held", "X1", "held", 12, 3), record("x2", "X2", "accepted", 12, 4)]
    percent = finding(Code.PERCENT_AS_FRACTION, "Kết quả lưu dạng 0,97 vì ô định dạng phần trăm (hiện 97%) — đã hiểu là 97",
                      file="cur.xlsx", sheet="Kết quả", cell="I12")
    findings = {"old": [finding(Code.UNIT_NAME_MISMATCH, "Tên đơn vị khác", file="old.xlsx")],
                "cur": [percent, finding(Code.MISSING_VALUE, "Chưa có kết quả", file="cur.xlsx", cell="I13")],
                "held": [finding(Code.OLDER_CONTENT, "Tệp gửi sau nhưng nội dung cũ hơn", file="held.xlsx")]}
    status = compute_status(campaign(), files, findings, {"X1": "received", "X2": "accepted"},
                            today=dt.date(2026, 7, 20))
    units = {unit.code: unit for unit in status.units}
    assert units["X1"].state == "received"
    assert units["X1"].reasons == (percent.describe(), "held.xlsx: Tệp gửi sau nhưng nội dung cũ hơn")
    assert units["X2"].reasons == ()
    assert json.loads(render(status, "json"))["units"][0]["reasons"][0].startswith("cur.xlsx — Kết quả!I12:")


def test_copies_archived_by_a_killed_collect_are_pointed_at(tmp_path):
    """A collect killed after archiving but before its journal lines leaves copies nothing records:
    status says so instead of showing a poorer round in silence (the next collect records them)."""
    archive = tmp_path / "archive"
    archive.mkdir()
    for name in ("a" * 64 + ".xlsx", "b" * 64 + ".ods", "c" * 64 + ".xls", ".tmp-12-x.xlsx"):
        (archive / name).write_bytes(b"x")
    (archive / "journal.jsonl").write_text("", encoding="utf-8")
    known = [FileRecord("a" * 64, "/in/a.xlsx", "a.xlsx", dt.datetime(2026, 7, 10, 10), "X1", "accepted", sequence=1)]
    assert unrecorded_copies(tmp_path, known) == ("b" * 64 + ".ods", "c" * 64 + ".xls")
    assert unrecorded_copies(tmp_path / "nowhere", known) == ()
    status = compute_status(campaign(), known, {}, {"X1": "accepted"}, today=dt.date(2026, 7, 20))
    text = "\n".join(status_lines(replace(status, unrecorded=unrecorded_copies(tmp_path, known))))
    assert "kho lưu trữ có 2 tệp chưa được ghi nhận" in " ".join(text.split())
    assert "--rebuild" in text and "kho lưu trữ có" not in "\n".join(status_lines(status))


def test_a_unit_whose_only_file_is_held_unused_is_reminded_and_said_as_not_submitted():
    """Its only file is unsigned (held, never used): the unit must send its own workbook, so it is on
    the reminder list (CSV and JSON) with what to do, and the summary line counts it."""
    files = FILES + [record("u", "X4", "held", 11, 6)]
    unsigned = finding(Code.IDENTITY_UNSIGNED, "Sổ không có chữ ký xác thực của đợt: đề nghị đơn vị điền vào sổ xlqms "
                       "gửi ở đợt này và gửi lại.", file="u.xlsx")
    status = compute_status(campaign(), files, {**FINDINGS, "u": [unsigned]}, {**REVIEW, "X4": "received"},
                            today=dt.date(2026, 8, 1))
    x4 = next(unit for unit in status.units if unit.code == "X4")
    assert x4.state == "received" and not x4.submitted
    assert [unit.code for unit in status.reminders()] == ["X2", "X4"]
    (row,) = [line for line in reminders_csv(status).splitlines() if line.startswith("X4,")]
    assert "gửi lại" in row and "Cần xem lại" in row
    assert status.totals["held_unused"] == 1
    text = " ".join(" ".join(status_lines(status)).split())
    assert "1 gửi tệp chưa dùng được (phải gửi lại)" in text
    assert "đơn vị phải gửi lại đúng sổ xlqms" in text
    assert all(len(line) <= 80 for line in status_lines(status))
