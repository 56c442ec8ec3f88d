"""Attainment: each indicator's value and verdict, each objective's, each unit's "X/Y mục tiêu đạt".

Pure computation: a :class:`~xlqms.campaign.Campaign` and the accepted
:class:`~xlqms.submission.Submission` of each unit in, frozen results out. No I/O.

Rules (domain README, issue 6):

- An indicator's value is what the target compares: a ratio Tử số / Mẫu số unrounded (×100 when
  the target is in percent), a percent as 0–100, a count or amount, or Đạt / Không đạt.
- The baseline of a change target comes from the target text, else from the previous round (the
  value carried by :func:`xlqms.trends.carried_baseline`, locked in the unit's workbook: it wins
  over whatever the file holds), else the unit's ``Kết quả kỳ trước``.
- Each indicator carries its previous value (the round named by `Đợt trước`, :mod:`xlqms.trends`)
  and how it moved since then (``IndicatorResult.trend``), submitted or not.
- An indicator not judged this period (``Kỳ đánh giá``) is ``not_due``, whoever submitted.
- A unit without an accepted submission is *missing*: ``submitted=False`` and its due indicators
  are ``no_data``. Missing is never failing.
- An objective is ``not_met`` when any due indicator is not met; ``met`` when every due indicator
  is met or exceeded; ``exceeded`` only when every due indicator is exceeded (the objective went
  beyond its plan on every level it names — so a one-indicator objective mirrors its indicator);
  ``not_due`` when no indicator is due; else ``no_data``. Indicators not due are left out of the
  objective's verdict (an objective with one due indicator met and one judged at year end is met
  for this period).
- ``objectives_met`` counts objectives met or exceeded ("đạt và vượt"); ``objectives_total`` counts
  all the unit's objectives, as seed 001 writes "6/10 mục tiêu … (mục tiêu số 2, 5, 6, 8, 9, 10)".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from xlqms.campaign import Campaign
from xlqms.catalogue import Indicator, Objective
from xlqms.codes import UnitState
from xlqms.statuses import Status
from xlqms.submission import Entry, Submission
from xlqms.targets import measure
from xlqms.targets.verdict import judge_reading
from xlqms.trends import (
    BaselineSource,
    Change,
    PreviousRoundInfo,
    PreviousValue,
    PreviousValues,
    carried_baseline,
    change_between,
)
from xlqms.units import Unit


@dataclass(frozen=True)
class Provenance:
    """Where a unit's figures came from: the file as it arrived, its checksum, when it was received."""

    file_name: str = ""
    checksum: str = ""
    received_at: dt.datetime | None = None
    source_path: str = ""

    @classmethod
    def of(cls, submission: Submission | None) -> Provenance | None:
        if submission is None:
            return None
        return cls(submission.file_name, submission.checksum, submission.received_at, submission.source_path)


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator of one unit: the value compared with the target and the verdict."""

    code: str
    objective: str                     # the objective's number (TT)
    target: str                        # the target as written: "trên 90%"
    status: Status
    value: Fraction | bool | None = None   # percent 0–100, count/amount, or Đạt (True)/Không đạt
    numerator: Fraction | None = None
    denominator: Fraction | None = None
    baseline: Fraction | None = None       # the baseline used for a change target
    percent: bool = False                  # the value is a percent (0–100)
    ratio: bool = False                    # the value came from Tử số / Mẫu số
    due: bool = True
    explanation: str = ""                  # Thuyết minh as typed by the unit
    cells: tuple[tuple[str, str], ...] = ()  # (contract header, A1 cell) pairs in the Kết quả sheet
    change: Fraction | None = None         # the achieved change the unit typed ('tăng 7,4%' -> 7,4)
    previous: PreviousValue | None = None  # the value in the round named by Đợt trước (xlqms.trends)
    baseline_source: BaselineSource | None = None   # where ``baseline`` came from
    typed_baseline: Fraction | None = None  # Kết quả kỳ trước as found in the unit's file

    @property
    def label(self) -> str:
        return self.status.label

    @property
    def number(self) -> float | None:
        """The value as a float for tables and charts (None for Đạt/Không đạt or no value)."""
        if self.value is None or isinstance(self.value, bool):
            return None
        return float(self.value)

    @property
    def passed(self) -> bool | None:
        return self.value if isinstance(self.value, bool) else None

    @property
    def has_value(self) -> bool:
        return self.value is not None

    @property
    def previous_number(self) -> float | None:
        """The previous value as a float (None for Đạt/Không đạt or none)."""
        return self.previous.number if self.previous is not None else None

    @property
    def trend(self) -> Change | None:
        """How the value moved since the previous round: points for a percent, relative % otherwise."""
        return change_between(self.value, self.previous, self.percent)


@dataclass(frozen=True)
class ObjectiveResult:
    number: str
    title: str
    status: Status
    indicators: tuple[IndicatorResult, ...]

    @property
    def label(self) -> str:
        return self.status.label


class ObjectiveNumbers:
    """The objectives' numbers by verdict, as reports write them ("mục tiêu số 2, 5, 6").

    For anything with ``objectives`` whose items have ``number`` and ``status``.
    """

    objectives: tuple

    def numbers(self, *statuses: Status) -> tuple[str, ...]:
        return tuple(o.number for o in self.objectives if o.status in statuses)

    @property
    def met_numbers(self) -> tuple[str, ...]:
        """Numbers of the objectives met or exceeded, in campaign order: ('2', '5', '6', …)."""
        return self.numbers(Status.MET, Status.EXCEEDED)

    @property
    def not_met_numbers(self) -> tuple[str, ...]:
        return self.numbers(Status.NOT_MET)

    @property
    def not_due_numbers(self) -> tuple[str, ...]:
        return self.numbers(Status.NOT_DUE)

    @property
    def no_data_numbers(self) -> tuple[str, ...]:
        return self.numbers(Status.NO_DATA)


@dataclass(frozen=True)
class UnitResult(ObjectiveNumbers):
    """A unit's results; ``provenance`` is None when the unit has not submitted."""

    code: str
    name: str
    level: str
    parent: str | None
    submitted: bool
    objectives: tuple[ObjectiveResult, ...]
    provenance: Provenance | None = None

    @property
    def expected(self) -> bool:
        """Whether the unit has objectives this round (and so is expected to report)."""
        return bool(self.objectives)

    @property
    def objectives_total(self) -> int:
        return len(self.objectives)

    @property
    def objectives_met(self) -> int:
        return len(self.met_numbers)

    @property
    def indicators(self) -> tuple[IndicatorResult, ...]:
        return tuple(ind for objective in self.objectives for ind in objective.indicators)

    def indicator(self, code: str) -> IndicatorResult | None:
        for result in self.indicators:
            if result.code == code:
                return result
        return None

    def objective(self, number: str) -> ObjectiveResult | None:
        for result in self.objectives:
            if result.number == number:
                return result
        return None

    @property
    def summary(self) -> str:
        """'6/10 mục tiêu đạt và vượt (mục tiêu số 2, 5, 6, 8, 9, 10)', as the seeds write it."""
        if not self.submitted:
            return f"{UnitState.MISSING.label} báo cáo"
        text = f"{self.objectives_met}/{self.objectives_total} mục tiêu đạt và vượt"
        if self.met_numbers:
            text += f" (mục tiêu số {', '.join(self.met_numbers)})"
        return text


@dataclass(frozen=True)
class RoundResult:
    """Every unit of the campaign (campaign order), including those with no objectives."""

    campaign_id: str
    year: int
    period: str
    units: tuple[UnitResult, ...]
    previous: PreviousRoundInfo | None = None   # the round named by Đợt trước, when it could be read

    def unit(self, code: str) -> UnitResult:
        for result in self.units:
            if result.code == code:
                return result
        raise KeyError(code)

    @property
    def expected(self) -> tuple[UnitResult, ...]:
        return tuple(u for u in self.units if u.expected)

    @property
    def submitted(self) -> tuple[UnitResult, ...]:
        return tuple(u for u in self.units if u.expected and u.submitted)

    @property
    def missing(self) -> tuple[UnitResult, ...]:
        """Units expected to report that have no accepted submission."""
        return tuple(u for u in self.units if u.expected and not u.submitted)


# ---------------------------------------------------------------------------------------------


def evaluate_indicator(indicator: Indicator, entry: Entry | None, period: str,
                       submitted: bool = True, previous: PreviousValue | None = None) -> IndicatorResult:
    """The value and verdict of one indicator of one unit (``entry`` None: nothing given).

    ``previous``: the indicator's value for this unit in the round named by `Đợt trước`; a change
    target without a baseline in its text takes it as its baseline (:func:`xlqms.trends.carried_baseline`).
    """
    target = indicator.target
    due = indicator.is_due(period)
    common: dict[str, Any] = dict(code=indicator.code, objective=indicator.objective, target=indicator.text,
                                  percent=target.measures_percent, due=due, previous=previous)
    carried = carried_baseline(target, previous)
    if entry is None or not submitted:
        return IndicatorResult(status=Status.NOT_DUE if not due else Status.NO_DATA, baseline=carried,
                               baseline_source=BaselineSource.PREVIOUS if carried is not None else None, **common)
    reading = entry.reading
    value = measure(target, reading)
    baseline, source = entry.baseline, BaselineSource.UNIT if entry.baseline is not None else None
    if target.baseline is not None:
        baseline, source = target.baseline, BaselineSource.TEXT
    elif carried is not None:
        baseline, source = carried, BaselineSource.PREVIOUS
    status = judge_reading(target, reading, value, baseline) if due else Status.NOT_DUE   # a change: directly
    ratio = reading.numerator is not None and bool(reading.denominator)
    kept = target.needs_baseline
    return IndicatorResult(
        status=status, value=value,
        numerator=entry.numerator if ratio else None, denominator=entry.denominator if ratio else None,
        baseline=baseline if kept else None, ratio=ratio, change=entry.change,
        explanation=entry.explanation or "", cells=tuple(sorted(entry.cells.items())),
        baseline_source=source if kept else None, typed_baseline=entry.baseline, **common,
    )


def objective_status(statuses) -> Status:
    """The verdict of an objective from its indicators' (see the module's rules)."""
    due = [status for status in statuses if status is not Status.NOT_DUE]
    if not due:
        return Status.NOT_DUE
    if any(status is Status.NOT_MET for status in due):
        return Status.NOT_MET
    if all(status is Status.EXCEEDED for status in due):
        return Status.EXCEEDED
    if all(status.attained for status in due):
        return Status.MET
    return Status.NO_DATA


def evaluate_objective(objective: Objective, submission: Submission | None, period: str,
                       previous: Mapping[str, PreviousValue] | None = None) -> ObjectiveResult:
    """``previous``: the unit's previous values by indicator code (see :func:`evaluate_indicator`)."""
    previous = previous or {}
    results = tuple(
        evaluate_indicator(indicator, submission.entry(indicator.code) if submission else None, period,
                           submitted=submission is not None, previous=previous.get(indicator.code))
        for indicator in objective.indicators
    )
    return ObjectiveResult(objective.number, objective.title,
                           objective_status([r.status for r in results]), results)


def evaluate_unit(campaign: Campaign, unit: Unit, submission: Submission | None,
                  previous: PreviousValues | None = None) -> UnitResult:
    """A unit's results against the objectives that apply to it (with its previous values, if given)."""
    found = previous.for_unit(unit.code) if previous is not None else None
    objectives = tuple(evaluate_objective(objective, submission, campaign.period, found)
                       for objective in campaign.objectives_for(unit))
    return UnitResult(unit.code, unit.name, unit.level, unit.parent, submission is not None,
                      objectives, Provenance.of(submission))


def evaluate_round(campaign: Campaign, submissions: dict[str, Submission],
                   previous: PreviousValues | None = None) -> RoundResult:
    """Every unit of the campaign; units absent from ``submissions`` are missing.

    ``previous``: the round named by `Đợt trước` as :func:`xlqms.previous.load_previous` reads it
    (previous values, carried baselines); None for a round on its own.
    """
    units = tuple(evaluate_unit(campaign, unit, submissions.get(unit.code), previous) for unit in campaign.units)
    return RoundResult(campaign.settings.campaign_id, campaign.year, campaign.period, units,
                       previous.info if previous is not None else None)
