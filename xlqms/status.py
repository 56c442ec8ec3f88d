"""Where the round stands: who sent what, who must correct, who is missing, what was rejected and why.

:func:`compute_status` is pure (campaign + store records in, :class:`RoundStatus` out);
:func:`round_status` reads the campaign and the store of a folder and calls it.

* Who is expected, who has submitted and who was late follow the one definition of
  :mod:`xlqms.submission_rate`: the units with objectives below the round's consolidating bodies
  (the roots with units below them); the bodies' own returns are listed apart (``bodies``) and never
  counted in the groups or totals. A unit's state is ``missing`` (nothing of its own arrived), or
  its review state from the store: ``accepted``, ``received`` (usable but a person should check a
  warning), ``needs_correction`` (which includes a unit whose only files were rejected: it has
  not submitted, and must send the right file), or ``returned_blank`` (only its workbook with
  nothing filled came back: not submitted, listed with the missing units of its group and reminded,
  with the note that an empty file came back).
* Units are grouped under their direct parent (``Mã đơn vị cấp trên``); a unit with no parent is in
  a group of its own parent code ``None``.
* Late: the first file whose figures could be used arrived after ``Hạn nộp``. Overdue: missing,
  and today is past ``Hạn nộp``.
* Units to remind (``--format json|csv``): the missing ones, those needing correction, those
  that returned a blank workbook and those whose only files are held unused (an unsigned workbook:
  the unit must send its own), the bodies' own returns included.
* Held files: usable files not made current until a person looks (older content, unsigned).
* Missing from the archive: files taken in whose archived copy was deleted or altered by hand (its size
  is not the one recorded; the record then cannot be rebuilt for them).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from xlqms.campaign import Campaign, read_campaign
from xlqms.codes import HOLDING_CODES, REVIEW_CODES, Code, FileState, UnitState
from xlqms.findings import Finding
from xlqms.inbox import refuse_own_target
from xlqms.journal import read_journal
from xlqms.record_check import archived_files, archived_whole, read_records
from xlqms.spreadsheet import write_bytes_atomically
from xlqms.store import FileRecord
from xlqms.submission_rate import consolidating_bodies, first_usable_receipts, is_late
from xlqms.text import csv_cell, json_text

ROUND_STATES = (UnitState.ACCEPTED, UnitState.RECEIVED, UnitState.NEEDS_CORRECTION, UnitState.RETURNED_BLANK,
                UnitState.MISSING)
"""The states a unit expected in the round can be in (each unit is in exactly one)."""
NOT_SUBMITTED = (UnitState.MISSING, UnitState.RETURNED_BLANK)
"""States of a unit listed with the missing ones (a blank return is no submission)."""
REMINDED = (UnitState.MISSING, UnitState.NEEDS_CORRECTION, UnitState.RETURNED_BLANK)
"""States of a unit to remind."""
STATE_LABELS = {state.value: state.label for state in ROUND_STATES}
"""Kept for scripts: the labels come from :class:`xlqms.codes.UnitState`."""


@dataclass(frozen=True)
class UnitStatus:
    code: str
    name: str
    parent: str | None
    parent_name: str
    state: UnitState
    received_at: dt.datetime | None = None
    late: bool = False
    overdue: bool = False
    file_name: str = ""
    reasons: tuple[str, ...] = ()        # what to correct (error messages of its latest file); for a unit to
                                         # review, what to look at (its current and held files' review warnings)
    submitted: bool = False              # a file whose figures are used arrived (xlqms.submission_rate)

    @property
    def label(self) -> str:
        return self.state.label


@dataclass(frozen=True)
class GroupStatus:
    """The units directly under one parent unit."""

    code: str | None
    name: str
    expected: int
    received: int                        # submitted (xlqms.submission_rate): a file whose figures are used
    accepted: int
    to_review: int
    needs_correction: int
    missing: tuple[str, ...] = ()       # not submitted: missing, or a blank workbook returned
    late: tuple[str, ...] = ()
    blank: tuple[str, ...] = ()         # of ``missing``, those that returned a blank workbook


@dataclass(frozen=True)
class RejectedFile:
    file_name: str
    source_path: str
    checksum: str
    received_at: dt.datetime | None
    claimed_unit: str
    reasons: tuple[Finding, ...]


@dataclass(frozen=True)
class RoundStatus:
    campaign_id: str
    period: str
    year: int
    due_date: dt.date | None
    units: tuple[UnitStatus, ...]
    groups: tuple[GroupStatus, ...]
    rejected: tuple[RejectedFile, ...] = ()
    skipped: tuple[str, ...] = ()
    files_taken_in: int = 0
    totals: dict[str, int] = field(default_factory=dict)
    held: tuple[RejectedFile, ...] = ()              # files held for review (not current): older content, unsigned
    missing_from_archive: tuple[str, ...] = ()       # files taken in whose archived copy is gone or altered by hand
    bodies: tuple[UnitStatus, ...] = ()              # the consolidating bodies' own returns: not counted above
    unrecorded: tuple[str, ...] = ()                 # archived copies no journal line or record knows (a killed collect)

    def reminders(self) -> list[UnitStatus]:
        """Units to remind: missing, needing correction, that returned a blank workbook, or whose only
        files cannot be used (held: an identity that cannot be checked — the unit must send its own
        workbook); the bodies' own returns too."""
        return [unit for unit in self.units + self.bodies if unit.state in REMINDED or not unit.submitted]

    def to_dict(self) -> dict:
        def unit_dict(unit: UnitStatus) -> dict:
            data = asdict(unit)
            data["received_at"] = unit.received_at.isoformat() if unit.received_at else None
            data["label"] = unit.label
            return data

        return {
            "campaign": self.campaign_id, "period": self.period, "year": self.year,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "totals": self.totals, "files_taken_in": self.files_taken_in,
            "groups": [asdict(group) for group in self.groups],
            "remind": [unit_dict(unit) for unit in self.reminders()],
            "units": [unit_dict(unit) for unit in self.units],
            "bodies": [unit_dict(unit) for unit in self.bodies],
            "rejected": [{"file": r.file_name, "path": r.source_path, "checksum": r.checksum,
                          "received_at": r.received_at.isoformat() if r.received_at else None,
                          "claimed_unit": r.claimed_unit, "reasons": [f.to_dict() for f in r.reasons]}
                         for r in self.rejected],
            "skipped": list(self.skipped),
            "held": [{"file": r.file_name, "path": r.source_path, "checksum": r.checksum,
                      "received_at": r.received_at.isoformat() if r.received_at else None,
                      "unit": r.claimed_unit, "reasons": [f.to_dict() for f in r.reasons]} for r in self.held],
            "missing_from_archive": list(self.missing_from_archive),
            "unrecorded": list(self.unrecorded),
        }


def compute_status(campaign: Campaign, files: list[FileRecord], findings_by_file: dict[str, list[Finding]],
                   review_states: dict[str, UnitState], today: dt.date | None = None) -> RoundStatus:
    """The round's status from the campaign and the store's records (no I/O)."""
    today = today or dt.date.today()
    due = campaign.settings.due_date
    by_unit: dict[str, list] = {}
    for record in files:
        if record.unit_code is not None and record.state != FileState.DUPLICATE:
            by_unit.setdefault(record.unit_code, []).append(record)

    receipts = first_usable_receipts(files)
    bodies = {unit.code for unit in consolidating_bodies(campaign.units)}
    units: list[UnitStatus] = []
    own: list[UnitStatus] = []
    for unit in campaign.units_with_objectives():
        parent = campaign.units.get(unit.parent)
        records = sorted(by_unit.get(unit.code, []), key=lambda r: r.sequence)
        into = own if unit.code in bodies else units
        if not records:
            into.append(UnitStatus(unit.code, unit.name, unit.parent, parent.name if parent else "", UnitState.MISSING,
                                   overdue=bool(due and today > due)))
            continue
        usable = [r for r in records if r.state not in (FileState.REJECTED, FileState.BLANK)]
        latest = (usable or records)[-1]
        state = UnitState(review_states.get(unit.code, UnitState.NEEDS_CORRECTION))
        reasons: tuple[str, ...] = ()
        if state is UnitState.NEEDS_CORRECTION:
            reasons = tuple(dict.fromkeys(f.describe() for f in findings_by_file.get(latest.checksum, []) if f.is_error))
        elif state is UnitState.RECEIVED:          # what a person should look at before it counts as accepted
            reasons = tuple(dict.fromkeys(f.describe() for record in usable
                                          for f in findings_by_file.get(record.checksum, [])
                                          if f.code in REVIEW_CODES and record.state != FileState.SUPERSEDED))
        elif state is UnitState.RETURNED_BLANK:
            reasons = tuple(dict.fromkeys(f.describe() for f in findings_by_file.get(records[-1].checksum, [])
                                          if f.code == Code.BLANK_RETURN))
        submitted = unit.code in receipts
        received = receipts.get(unit.code) if submitted else records[0].received_at
        into.append(UnitStatus(unit.code, unit.name, unit.parent, parent.name if parent else "", state,
                               received, submitted and is_late(received, due), False, latest.file_name, reasons,
                               submitted))

    groups: list[GroupStatus] = []
    order: dict[str | None, list[UnitStatus]] = {}
    for status in units:
        order.setdefault(status.parent, []).append(status)
    for code, members in order.items():
        parent = campaign.units.get(code)

        def count(state: UnitState, members: list[UnitStatus] = members) -> int:
            return sum(1 for m in members if m.state == state)

        groups.append(GroupStatus(
            code, parent.name if parent else "(không có cấp trên)", len(members),
            sum(1 for m in members if m.submitted), count(UnitState.ACCEPTED),
            count(UnitState.RECEIVED), count(UnitState.NEEDS_CORRECTION),
            tuple(m.code for m in members if m.state in NOT_SUBMITTED),
            tuple(m.code for m in members if m.late),
            tuple(m.code for m in members if m.state is UnitState.RETURNED_BLANK),
        ))

    rejected = tuple(
        RejectedFile(r.file_name, r.source_path, r.checksum, r.received_at, r.claimed_unit,
                     tuple(f for f in findings_by_file.get(r.checksum, []) if f.is_error))
        for r in files if r.state == FileState.REJECTED
    )
    skipped = tuple(r.file_name for r in files if r.state == FileState.SKIPPED)
    held = tuple(
        RejectedFile(r.file_name, r.source_path, r.checksum, r.received_at, r.unit_code or r.claimed_unit,
                     tuple(f for f in findings_by_file.get(r.checksum, []) if f.code in HOLDING_CODES))
        for r in files if r.state == FileState.HELD
    )
    totals = {state.value: sum(1 for u in units if u.state is state) for state in ROUND_STATES}
    totals["expected"] = len(units)
    totals["submitted"] = sum(1 for u in units if u.submitted)
    totals["late"] = sum(1 for u in units if u.late)
    totals["held_unused"] = sum(1 for u in units if u.state is UnitState.RECEIVED and not u.submitted)
    totals["rejected_files"] = len(rejected)
    totals["held_files"] = len(held)
    return RoundStatus(campaign.id, campaign.period, campaign.year, due, tuple(units), tuple(groups), rejected,
                       skipped, sum(1 for r in files if r.state != FileState.DUPLICATE), totals, held,
                       bodies=tuple(own))


def round_status(folder, today: dt.date | None = None) -> RoundStatus:
    """Read the campaign and the store in ``folder`` and compute the status (nothing collected: all missing)."""
    campaign = read_campaign(folder)
    records = read_records(folder, submissions=False, campaign=campaign)
    status = compute_status(campaign, records.files, records.findings_by_file, records.review_states, today)
    gone = tuple(dict.fromkeys(r.file_name for r in records.files
                               if r.state != FileState.DUPLICATE and not archived_whole(r.archive_path(folder), r.size)))
    return replace(status, missing_from_archive=gone, unrecorded=unrecorded_copies(folder, records.files))


def unrecorded_copies(folder, files: list[FileRecord]) -> tuple[str, ...]:
    """Archived copies (``archive/<sha256>.<ext>``) that neither the journal nor the store knows: what a
    collect killed before it wrote its journal lines left (or what a collect running now has not yet
    recorded). Nothing is lost — the next collect of the same files, or a rebuild, records them — but
    until then the round looks poorer than what was received."""
    journal = read_journal(folder)
    known = {record.checksum for record in files} | (set(journal.checksums) if journal is not None else set())
    return tuple(sorted(path.name for path in archived_files(folder) if path.name.split(".", 1)[0] not in known))


REMINDER_COLUMNS = ("Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Tên đơn vị cấp trên", "Tình trạng",
                    "Tệp đã nộp", UnitState.NEEDS_CORRECTION.label)


def reminders_csv(status: RoundStatus) -> str:
    """The units to remind as CSV (UTF-8, Vietnamese headers)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REMINDER_COLUMNS)
    for unit in status.reminders():
        writer.writerow([csv_cell(value) for value in (unit.code, unit.name, unit.parent or "", unit.parent_name,
                                                       unit.label, unit.file_name, " | ".join(unit.reasons))])
    return buffer.getvalue()


def render(status: RoundStatus, fmt: str) -> str:
    """``json`` (the whole status, with ``remind``) or ``csv`` (the units to remind)."""
    if fmt == "json":
        return json_text(json.dumps(status.to_dict(), ensure_ascii=False, indent=2))
    if fmt == "csv":
        return reminders_csv(status)
    raise ValueError(fmt)


def write_output(text: str, out, folder=None) -> Path:
    """Write ``text`` to ``out`` (atomically; a .csv with a BOM for Excel); ``folder``: the campaign, whose
    own record is never written over (:func:`xlqms.inbox.refuse_own_target`)."""
    path = Path(out)
    if folder is not None:
        refuse_own_target(path, folder)
    data = text.encode("utf-8-sig") if path.suffix.lower() == ".csv" else text.encode("utf-8")
    write_bytes_atomically(path, data)
    return path
