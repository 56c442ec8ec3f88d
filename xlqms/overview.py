"""The round at a glance, as a leader reads it: the figures behind the overview sheet, the consolidated
report and ``xlqms rollup``.

:func:`build_overview` gives, for one consolidating body (or the whole round):

* the submission progress (:mod:`xlqms.submission_rate`: on time, late, missing — by name);
* each objective's pooled result (:mod:`xlqms.figures`), its verdict, the units meeting it and a
  traffic light (:class:`Light`);
* each unit's own record, the units with the most objectives not met, and each parent below the
  body with its standing; the body's own result apart, never among the units below it;
* with a previous round (`Đợt trước`), how each pooled figure moved since then
  (:attr:`PooledIndicator.trend`, :func:`pooled_trend`).

The traffic light of an objective, over the units that were assessed on it:

* **đỏ** (red): the pooled figure misses the target; without a pooled figure (a qualitative
  objective, a change against each unit's own baseline), fewer than half the units met it;
* **vàng** (amber): the pooled figure meets the target (or, without one, at least half the units
  met it) but some units did not;
* **xanh** (green): the pooled figure meets the target and every unit assessed met it;
* **xám** (grey): nothing assessed yet (judged at year end, or no data).

A unit's light follows the same rule on its objectives (red: fewer than half met; amber: some not
met; green: all met). Pure computation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from xlqms.attainment import RoundResult, UnitResult, objective_status
from xlqms.campaign import Campaign
from xlqms.codes import UnitState
from xlqms.figures import counted_noun, pooled_figures, pooled_margin
from xlqms.numbers import to_fraction
from xlqms.rollup import IndicatorRollup, ParentRollup, RollupResult
from xlqms.statuses import Status
from xlqms.submission_rate import SubmissionProgress, consolidating_bodies, round_progress
from xlqms.trends import PreviousRoundInfo, PreviousValue, compared_text


class Light(str, Enum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"

    @property
    def colours(self) -> tuple[str, str]:
        """(fill, font) as RGB hex, for a cell or a bar."""
        return LIGHT_COLOURS[self]


LIGHT_COLOURS = {
    Light.GREEN: ("C6EFCE", "006100"),
    Light.AMBER: ("FFEB9C", "9C5700"),
    Light.RED: ("FFC7CE", "9C0006"),
    Light.GREY: ("E7E6E6", "595959"),
}
LIGHT_NAMES = {Light.GREEN: "xanh", Light.AMBER: "vàng", Light.RED: "đỏ", Light.GREY: "xám"}
LIGHT_LEGEND = ("Màu: xanh — đạt, mọi đơn vị đạt; vàng — đạt chung nhưng còn đơn vị chưa đạt; "
                "đỏ — không đạt; xám — chưa đánh giá.")


def light_of(met: int, assessed: int, pooled: Status | None = None) -> Light:
    """The traffic light of ``met`` out of ``assessed`` units (or objectives), given the pooled verdict."""
    if not assessed:
        return Light.GREY
    if pooled is Status.NOT_MET or (pooled is None and 2 * met < assessed):
        return Light.RED
    return Light.AMBER if met < assessed else Light.GREEN


@dataclass(frozen=True)
class PooledIndicator:
    """One indicator over the units below the body: its pooled figure and how many units met it."""

    code: str
    target: str                          # as written: "trên 95%"
    figures: str                         # "96,67% (26.965/27.895 hồ sơ)"; "" without a pooled figure
    margin: str                          # "cao hơn mục tiêu 1,67 điểm %"
    verdict: Status | None               # the pooled figure's verdict (None: no pooled figure)
    units_met: int
    units_assessed: int
    units_not_due: int
    percent: bool                        # the pooled figure is a percent
    value: float | None = None           # the pooled percent or total, for charts
    level: float | None = None           # the level it is compared with (a total: the sum of targets)
    trend: str = ""                      # “so với cùng kỳ (6 tháng đầu năm 2025: 95,21%), tăng 1,44 điểm %”

    @property
    def result(self) -> str:
        """The pooled result in a few words: the figure and its gap, or why there is none."""
        if self.figures:
            return self.figures + (f"; {self.margin}" if self.margin else "")
        if self.units_not_due and not self.units_assessed:
            return "Đánh giá vào cuối năm"
        if self.units_assessed:
            return "Không tính chung (mỗi đơn vị tự đánh giá)"
        return "Chưa có số liệu"


@dataclass(frozen=True)
class ObjectiveStanding:
    """One objective over the units below the body."""

    number: str
    title: str
    indicators: tuple[PooledIndicator, ...]
    verdict: Status | None               # from the indicators' pooled verdicts (None: none pooled)
    units_met: int                       # units whose objective is met or exceeded
    units_assessed: int
    units_not_met: int
    units_expected: int
    units_submitted: int
    light: Light

    @property
    def units_text(self) -> str:
        """“29/33” units met out of those assessed; “—” when none was."""
        return f"{self.units_met}/{self.units_assessed}" if self.units_assessed else "—"

    @property
    def light_label(self) -> str:
        """What the light says, in words: “Đạt”, “Đạt chung, còn đơn vị chưa đạt”, “Không đạt”, …"""
        if self.light is Light.GREY:
            return Status.NOT_DUE.label if self.not_due else Status.NO_DATA.label
        if self.light is Light.RED:
            return Status.NOT_MET.label if self.verdict is not None else "Đa số đơn vị chưa đạt"
        if self.light is Light.AMBER:
            return "Đạt chung, còn đơn vị chưa đạt" if self.verdict is not None else "Đa số đơn vị đạt"
        if self.verdict is None:
            return "Mọi đơn vị đạt"
        return self.verdict.label

    @property
    def not_due(self) -> bool:
        """Judged at year end this period: every unit that reported has it not due."""
        return bool(self.indicators) and all(ind.units_not_due and not ind.units_assessed for ind in self.indicators)


@dataclass(frozen=True)
class UnitStanding:
    """A unit's own record: its objectives by verdict."""

    code: str
    name: str
    parent: str | None
    parent_name: str
    submitted: bool
    total: int
    met: tuple[str, ...] = ()            # objective numbers met or exceeded
    not_met: tuple[str, ...] = ()
    no_data: tuple[str, ...] = ()
    not_due: tuple[str, ...] = ()
    consolidates: bool = False           # it has units below it: its own result is shown apart, never ranked

    @property
    def assessed(self) -> int:
        return len(self.met) + len(self.not_met)

    @property
    def light(self) -> Light:
        return light_of(len(self.met), self.assessed) if self.submitted else Light.GREY

    @property
    def share(self) -> float | None:
        """Objectives met over objectives assessed, as a percent."""
        return 100 * len(self.met) / self.assessed if self.assessed else None

    @property
    def summary(self) -> str:
        """“8/10 mục tiêu đạt và vượt”, or “Chưa nộp”."""
        return f"{len(self.met)}/{self.total} mục tiêu đạt và vượt" if self.submitted else UnitState.MISSING.label


@dataclass(frozen=True)
class BodyStanding:
    """A consolidating body below the top: the units below it, and its own result apart."""

    code: str
    name: str
    level: str
    progress: SubmissionProgress
    units_all_met: int                   # units below that met every objective assessed
    units_with_unmet: int                # units below with at least one objective not met
    objectives_met: int                  # Σ over the units below of objectives met
    objectives_assessed: int
    own: UnitStanding | None = None      # its own result (None: it has no objectives)

    @property
    def share(self) -> float | None:
        return 100 * self.objectives_met / self.objectives_assessed if self.objectives_assessed else None

    @property
    def light(self) -> Light:
        return light_of(self.objectives_met, self.objectives_assessed)


@dataclass(frozen=True)
class Overview:
    """Everything a leader reads in a minute about the units below ``body`` (None: a round of several roots)."""

    body: str | None
    body_name: str
    progress: SubmissionProgress
    objectives: tuple[ObjectiveStanding, ...]
    units: tuple[UnitStanding, ...]      # the units expected to report (campaign order)
    bodies: tuple[BodyStanding, ...]     # the consolidating bodies below the top (or the roots)
    own: UnitStanding | None = None      # the body's own result, apart (None: no objectives, or no body)

    @property
    def shortfalls(self) -> tuple[UnitStanding, ...]:
        """The units with objectives not met, the most first (ties: most without data, then campaign order);
        a consolidating body's own result is never ranked among the units below it (see :attr:`bodies`)."""
        found = [unit for unit in self.units if unit.not_met and not unit.consolidates]
        order = {unit.code: index for index, unit in enumerate(self.units)}
        return tuple(sorted(found, key=lambda u: (-len(u.not_met), -len(u.no_data), order[u.code])))

    @property
    def most_missed(self) -> tuple[ObjectiveStanding, ...]:
        """The objectives that units missed, the most missed first."""
        missed = [objective for objective in self.objectives if objective.units_not_met]
        return tuple(sorted(missed, key=lambda o: -o.units_not_met))

    @property
    def pooled_met(self) -> tuple[ObjectiveStanding, ...]:
        return tuple(o for o in self.objectives if o.verdict in (Status.MET, Status.EXCEEDED))

    @property
    def pooled_not_met(self) -> tuple[ObjectiveStanding, ...]:
        return tuple(o for o in self.objectives if o.verdict is Status.NOT_MET)


# ---------------------------------------------------------------------------------------------


def top_body(campaign: Campaign) -> str | None:
    """The body a whole round reports to when there is one (a province's round); None for several roots."""
    bodies = consolidating_bodies(campaign.units)
    standalone = [unit for unit in campaign.units.roots() if not campaign.units.children(unit.code)]
    return bodies[0].code if len(bodies) == 1 and not standalone else None


def build_overview(campaign: Campaign, round_result: RoundResult, rollup: RollupResult, files=(),
                   body: str | None = None) -> Overview:
    """The overview of the units expected to report to ``body`` (default: the round's one body, else the
    whole round). ``files``: the store's file records, for who was late."""
    body = body if body is not None else top_body(campaign)
    progress = round_progress(campaign, round_result, files, body)
    pooled = rollup.parent(body) if body is not None else rollup.round
    results = {unit.code: unit for unit in round_result.units}
    names = {unit.code: unit.name for unit in campaign.units}
    consolidating = {unit.code for unit in campaign.units.parents()}
    units = tuple(replace(unit_standing(results[u.code], names), consolidates=u.code in consolidating)
                  for u in progress.units if u.code in results)
    objectives = tuple(standing for standing in (objective_standing(campaign, objective, pooled,
                                                                    round_result.previous)
                                                 for objective in campaign.objectives) if standing is not None)
    if body is None:
        parents = [unit for unit in campaign.units.parents()]
    else:
        below = {unit.code for unit in campaign.units.descendants(body)}
        parents = [unit for unit in campaign.units.parents() if unit.code in below]
    bodies = tuple(body_standing(campaign, round_result, files, parent.code, results, names) for parent in parents)
    own = unit_standing(results[body], names) if body is not None and results.get(body) and results[body].expected \
        else None
    name = names.get(body, "") if body is not None else (campaign.settings.issuer or campaign.settings.display_title)
    return Overview(body, name, progress, objectives, units, bodies, own)


def unit_standing(result: UnitResult, names: dict[str, str]) -> UnitStanding:
    return UnitStanding(result.code, result.name, result.parent, names.get(result.parent or "", ""), result.submitted,
                        result.objectives_total, result.met_numbers if result.submitted else (),
                        result.not_met_numbers if result.submitted else (),
                        result.no_data_numbers if result.submitted else (),
                        result.not_due_numbers if result.submitted else ())


def pooled_trend(campaign: Campaign, previous: PreviousRoundInfo | None, pooled: IndicatorRollup | None) -> str:
    """How a pooled ratio moved since the previous round, as reports write it (:func:`xlqms.trends.compared_text`,
    percentage points); '' without a previous round or a previous pool."""
    if previous is None or pooled is None or pooled.previous_pooled_value is None:
        return ""
    before = PreviousValue(to_fraction(pooled.previous_pooled_value), percent=True)
    now = to_fraction(pooled.pooled_value) if pooled.pooled_value is not None else None
    return compared_text(campaign.year, campaign.period, previous, now, before, True)


def pooled_indicator(indicator, pooled: IndicatorRollup | None, noun: str, trend: str = "") -> PooledIndicator:
    target = indicator.target
    if pooled is None:
        return PooledIndicator(indicator.code, indicator.text, "", "", None, 0, 0, 0, target.measures_percent)
    bounds = target.bounds(pooled.pooled_baseline if pooled.pooled_value is not None else None)
    level = None
    if bounds is not None:
        level = float(bounds.level) * (pooled.units_totalled if pooled.total is not None else 1)
    value = pooled.pooled_value if pooled.pooled_value is not None else pooled.total
    return PooledIndicator(indicator.code, indicator.text, pooled_figures(pooled, target, noun),
                           pooled_margin(pooled, target), pooled.verdict, pooled.units_met, pooled.units_assessed,
                           pooled.units_not_due, pooled.pooled_value is not None, value, level, trend)


def objective_standing(campaign: Campaign, objective, pooled: ParentRollup | None,
                       previous: PreviousRoundInfo | None = None) -> ObjectiveStanding | None:
    """One objective over the units pooled in ``pooled``; None when it applies to none of them.
    ``previous``: the round named by `Đợt trước` (the pooled figures' trends)."""
    counts = pooled.objective(objective.number) if pooled is not None else None
    if pooled is None or counts is None:
        return None
    indicators = tuple(pooled_indicator(ind, found, counted_noun(ind.text, objective.title),
                                        pooled_trend(campaign, previous, found))
                       for ind in objective.indicators for found in [pooled.indicator(ind.code)])
    verdicts = [ind.verdict for ind in indicators if ind.verdict is not None]
    verdict = objective_status(verdicts) if verdicts else None
    return ObjectiveStanding(objective.number, objective.title, indicators, verdict, counts.units_met,
                             counts.units_assessed, counts.units_not_met, counts.units_expected,
                             counts.units_submitted, light_of(counts.units_met, counts.units_assessed, verdict))


def body_standing(campaign: Campaign, round_result: RoundResult, files, code: str, results: dict[str, UnitResult],
                  names: dict[str, str]) -> BodyStanding:
    progress = round_progress(campaign, round_result, files, code)
    below = [results[u.code] for u in progress.units if u.code in results and results[u.code].submitted]
    own = results.get(code)
    unit = campaign.units[code]
    return BodyStanding(
        code, unit.name, unit.level, progress,
        units_all_met=sum(1 for u in below if u.objectives_met and not u.not_met_numbers),
        units_with_unmet=sum(1 for u in below if u.not_met_numbers),
        objectives_met=sum(u.objectives_met for u in below),
        objectives_assessed=sum(u.objectives_met + len(u.not_met_numbers) for u in below),
        own=unit_standing(own, names) if own is not None and own.expected else None,
    )
