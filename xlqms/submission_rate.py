"""Who is expected to report, who has, on time or late: one definition for every sheet, report and command.

The rule (README, “Tỷ lệ nộp”):

* A unit is **expected to report** to a consolidating body when it has objectives this round and lies
  below that body in the hierarchy, at any depth. The body itself is never counted: it consolidates,
  and its own result is shown apart.
* For the **whole round** the consolidating bodies are the roots that have units below them (the
  province of a provincial round; every province of a national one). A root with nobody below it
  (a flat list of units) reports, and is expected.
* A unit has **submitted** when it sent a file whose figures are used: accepted, or needing
  correction (its clean values are used). A unit whose only files were rejected has not submitted.
* It submitted **late** when the first such file arrived after ``Hạn nộp`` (the due date, a day:
  a file received during the due day is on time). No due date: nobody is late.
* The **submission rate** is submitted / expected, as a percent (0–100).

So the roll-up workbook, the report drafts, ``xlqms rollup`` and ``xlqms status`` say the same
“35/38 đơn vị”: a province's round of 38 communes never reads 36/39 (the province counted as one
of its own communes) on one screen and 35/38 on another.

Pure computation: units, results and file records in, :class:`SubmissionProgress` out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from xlqms.codes import FileState
from xlqms.numbers import format_percent
from xlqms.units import Hierarchy, Unit

USABLE_FILE_STATES = (FileState.ACCEPTED, FileState.NEEDS_CORRECTION, FileState.SUPERSEDED)
"""States of a file whose figures were (or are) used: what “submitted” counts."""


@dataclass(frozen=True)
class UnitProgress:
    """One unit expected to report: whether, and when, it did."""

    code: str
    name: str
    parent: str | None
    submitted: bool
    received_at: dt.datetime | None = None     # the first file whose figures could be used
    late: bool = False


@dataclass(frozen=True)
class SubmissionProgress:
    """The units expected to report to one consolidating body (``body`` None: the whole round)."""

    body: str | None
    units: tuple[UnitProgress, ...]
    due_date: dt.date | None = None

    @property
    def expected(self) -> int:
        return len(self.units)

    @property
    def submitted(self) -> tuple[UnitProgress, ...]:
        return tuple(unit for unit in self.units if unit.submitted)

    @property
    def missing(self) -> tuple[UnitProgress, ...]:
        return tuple(unit for unit in self.units if not unit.submitted)

    @property
    def late(self) -> tuple[UnitProgress, ...]:
        return tuple(unit for unit in self.units if unit.submitted and unit.late)

    @property
    def on_time(self) -> tuple[UnitProgress, ...]:
        return tuple(unit for unit in self.units if unit.submitted and not unit.late)

    @property
    def rate(self) -> float | None:
        """Submitted over expected, as a percent (0–100); None when nobody is expected."""
        return 100 * len(self.submitted) / self.expected if self.expected else None

    @property
    def ratio_text(self) -> str:
        """“35/38 đơn vị (92,11%)”."""
        rate = f" ({format_percent(self.rate)})" if self.rate is not None else ""
        return f"{len(self.submitted)}/{self.expected} đơn vị{rate}"

    def summary(self) -> str:
        """“Đã nộp 35/38 đơn vị (92,11%): 31 đúng hạn, 4 nộp muộn; chưa nộp 3.” (no split without a due date)."""
        text = f"Đã nộp {self.ratio_text}"
        if self.due_date is not None and self.submitted:
            text += f": {len(self.on_time)} đúng hạn, {len(self.late)} nộp muộn"
        return text + (f"; chưa nộp {len(self.missing)}." if self.missing else "; không còn đơn vị nào chưa nộp.")


def consolidating_bodies(units: Hierarchy) -> list[Unit]:
    """The roots that have units below them: the bodies a whole round reports to."""
    return [unit for unit in units.roots() if units.children(unit.code)]


def units_expected(units: Hierarchy, with_objectives: Iterable[str], body: str | None = None) -> list[Unit]:
    """The units expected to report to ``body`` (a unit code), or to the round's bodies (``body`` None).

    ``with_objectives``: the codes of the units that have objectives this round. Campaign order.
    """
    having = set(with_objectives)
    if body is not None:
        return [unit for unit in units.descendants(body) if unit.code in having]
    bodies = {unit.code for unit in consolidating_bodies(units)}
    return [unit for unit in units if unit.code in having and unit.code not in bodies]


def first_usable_receipts(files: Iterable) -> dict[str, dt.datetime | None]:
    """Unit code -> when its first file whose figures could be used arrived (records of the store,
    :class:`xlqms.store.FileRecord`: ``unit_code``, ``state``, ``received_at``, ``sequence``)."""
    first: dict[str, tuple[int, dt.datetime | None]] = {}
    for record in files:
        if record.unit_code is None or FileState(record.state) not in USABLE_FILE_STATES:
            continue
        known = first.get(record.unit_code)
        if known is None or record.sequence < known[0]:
            first[record.unit_code] = (record.sequence, record.received_at)
    return {code: received for code, (_sequence, received) in first.items()}


def is_late(received_at: dt.datetime | None, due_date: dt.date | None) -> bool:
    """Received after the due day (a file of the due day itself is on time)."""
    return bool(due_date and received_at and received_at.date() > due_date)


def progress_of(units: Sequence[Unit], submitted: Iterable[str], receipts: dict[str, dt.datetime | None],
                due_date: dt.date | None, body: str | None = None) -> SubmissionProgress:
    """The progress of ``units`` (those expected, :func:`units_expected`): ``submitted`` the codes of
    those that sent usable figures, ``receipts`` their first usable file (:func:`first_usable_receipts`)."""
    done = set(submitted)
    rows = []
    for unit in units:
        received = receipts.get(unit.code) if unit.code in done else None
        rows.append(UnitProgress(unit.code, unit.name, unit.parent, unit.code in done, received,
                                 unit.code in done and is_late(received, due_date)))
    return SubmissionProgress(body, tuple(rows), due_date)


def round_progress(campaign, round_result, files: Iterable = (), body: str | None = None) -> SubmissionProgress:
    """The progress of a judged round (:class:`~xlqms.attainment.RoundResult`) towards ``body``
    (None: the whole round), with the lateness read from the store's file records."""
    with_objectives = [unit.code for unit in round_result.units if unit.expected]
    expected = units_expected(campaign.units, with_objectives, body)
    submitted = [unit.code for unit in round_result.units if unit.expected and unit.submitted]
    return progress_of(expected, submitted, first_usable_receipts(files), campaign.settings.due_date, body)
