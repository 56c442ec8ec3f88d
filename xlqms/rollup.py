"""Roll-up: the consolidated picture for every unit that has units below it, at any depth.

Pure computation over a :class:`~xlqms.attainment.RoundResult`: one long table of
unit × indicator results is joined to the (ancestor, unit) pairs of the hierarchy and grouped with
pandas, so a round of thousands of units rolls up in well under a second.

For every parent and indicator:

- ``units_expected``: units below it (any depth) that the indicator applies to (units with
  objectives only);
- ``units_submitted``: of those, the ones with an accepted submission;
- ``units_assessed``: with a verdict (met, exceeded or not met);
- ``units_met``: met or exceeded; ``units_exceeded``; ``units_not_met``;
- ``pooled_value`` of a ratio indicator: Σ Tử số / Σ Mẫu số × 100 over the units below that gave
  both — never an average of percentages — and ``pooled_status``, the target's verdict for it;
- ``total`` of a count or amount indicator (a level such as ``900 lao động`` or ``không quá 5 vụ``,
  not a percent): Σ of the units' values, and ``total_status``, the verdict of the total against
  the sum of the units' targets (the level × ``units_totalled``, the units that gave a value);
- ``minimum`` / ``median`` / ``maximum`` of the units' values;
- with a previous round (`Đợt trước`), ``previous_pooled_value``: the same pool of the units' previous
  values (Σ previous Tử số / Σ previous Mẫu số × 100 over the units below that have them, old units
  merged into one already pooled by :func:`xlqms.trends.combine`), and ``pooled_trend`` in points;
  a change target without a baseline in its text takes it as the baseline of ``pooled_status``.

Completeness per parent: units expected (below it, with objectives), submitted, and the missing
ones. The parent's own result is never part of its roll-up; a unit that did not submit is missing,
never failing. :attr:`RollupResult.round` pools the whole round the same way: every unit expected
to report in the round (:mod:`xlqms.submission_rate`), so a national round of 34 provinces has its
national figures too.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

import pandas as pd

from xlqms.attainment import RoundResult
from xlqms.campaign import Campaign
from xlqms.numbers import as_float, to_fraction
from xlqms.statuses import Status
from xlqms.submission_rate import units_expected
from xlqms.targets import Kind, Target, evaluate
from xlqms.trends import PreviousValue, carried_baseline

ROUND = "\x00round"
"""The ancestor key of the whole round in the grouped tables (never a unit code)."""

ASSESSED = (Status.MET.value, Status.EXCEEDED.value, Status.NOT_MET.value)


@dataclass(frozen=True)
class IndicatorRollup:
    code: str
    objective: str
    target: str
    units_expected: int
    units_submitted: int
    units_assessed: int
    units_met: int
    units_exceeded: int
    units_not_met: int
    units_no_data: int
    units_not_due: int
    units_pooled: int = 0                    # units whose Tử số and Mẫu số went into the pool
    numerator_total: float | None = None
    denominator_total: float | None = None
    pooled_value: float | None = None        # percent 0–100 (ratio indicators only)
    pooled_status: Status | None = None
    minimum: float | None = None
    median: float | None = None
    maximum: float | None = None
    total: float | None = None               # Σ of the units' values (count or amount indicators only)
    units_totalled: int = 0                  # units whose value went into the total
    total_status: Status | None = None       # the total against the sum of the units' targets
    previous_pooled_value: float | None = None   # percent 0–100: the pool of the units' previous values
    previous_units_pooled: int = 0
    pooled_baseline: Fraction | None = None      # the baseline the pooled verdict of a change target used

    @property
    def met_share(self) -> float | None:
        """Units met over units assessed, as a percent (None when none was assessed)."""
        return 100 * self.units_met / self.units_assessed if self.units_assessed else None

    @property
    def verdict(self) -> Status | None:
        """The verdict of the pooled figure: the pooled ratio's, else the total's (None: no pooled figure)."""
        return self.pooled_status if self.pooled_status is not None else self.total_status

    @property
    def pooled_trend(self) -> float | None:
        """Pooled value minus the previous pooled value, in percentage points."""
        if self.pooled_value is None or self.previous_pooled_value is None:
            return None
        return self.pooled_value - self.previous_pooled_value


@dataclass(frozen=True)
class ObjectiveRollup:
    """How the units below a parent did on one objective (the objective's verdict per unit)."""

    number: str
    title: str
    units_expected: int
    units_submitted: int
    units_assessed: int          # met, exceeded or not met
    units_met: int               # met or exceeded
    units_not_met: int

    @property
    def met_share(self) -> float | None:
        return 100 * self.units_met / self.units_assessed if self.units_assessed else None


@dataclass(frozen=True)
class ParentRollup:
    code: str
    name: str
    level: str
    units_expected: int
    units_submitted: int
    missing: tuple[str, ...]                 # codes of the expected units with no submission
    indicators: tuple[IndicatorRollup, ...]
    objectives: tuple[ObjectiveRollup, ...] = ()

    @property
    def completeness(self) -> float | None:
        """Units submitted over units expected, as a percent."""
        return 100 * self.units_submitted / self.units_expected if self.units_expected else None

    def indicator(self, code: str) -> IndicatorRollup | None:
        for result in self.indicators:
            if result.code == code:
                return result
        return None

    def objective(self, number: str) -> ObjectiveRollup | None:
        for result in self.objectives:
            if result.number == number:
                return result
        return None


@dataclass(frozen=True)
class RollupResult:
    parents: tuple[ParentRollup, ...]
    round: ParentRollup | None = None        # the whole round (code ""): every unit expected in it

    def parent(self, code: str) -> ParentRollup:
        for result in self.parents:
            if result.code == code:
                return result
        raise KeyError(code)

    def __iter__(self):
        return iter(self.parents)

    def __len__(self) -> int:
        return len(self.parents)


# ---------------------------------------------------------------------------------------------


def results_frame(round_result: RoundResult):
    """One row per unit × indicator of the units with objectives (pandas DataFrame)."""

    rows = []
    for unit in round_result.units:
        for objective in unit.objectives:
            for ind in objective.indicators:
                before = ind.previous
                pooled_before = before is not None and before.percent and before.ratio
                rows.append((
                    unit.code, ind.code, objective.number, unit.submitted, ind.status.value,
                    ind.number,
                    as_float(ind.numerator) if ind.ratio else None,
                    as_float(ind.denominator) if ind.ratio else None,
                    ind.percent,
                    as_float(before.numerator) if pooled_before and before is not None else None,
                    as_float(before.denominator) if pooled_before and before is not None else None,
                ))
    return pd.DataFrame(rows, columns=[
        "unit", "indicator", "objective", "submitted", "status", "value", "numerator", "denominator",
        "percent", "previous_numerator", "previous_denominator",
    ]).astype({"value": "float64", "numerator": "float64", "denominator": "float64",
               "submitted": "bool", "percent": "bool", "previous_numerator": "float64",
               "previous_denominator": "float64"})


def objectives_frame(round_result: RoundResult):
    """One row per unit × objective of the units with objectives (pandas DataFrame)."""

    rows = [(unit.code, objective.number, unit.submitted, objective.status.value)
            for unit in round_result.units for objective in unit.objectives]
    return pd.DataFrame(rows, columns=["unit", "objective", "submitted", "status"]).astype({"submitted": "bool"})


def ancestry_frame(units):
    """(ancestor, unit) pairs for every unit and each unit above it, any depth."""

    parent_of = {unit.code: unit.parent for unit in units}
    pairs = []
    for code in parent_of:
        seen = {code}
        above = parent_of.get(code)
        while above in parent_of and above not in seen:
            pairs.append((above, code))
            seen.add(above)
            above = parent_of[above]
    return pd.DataFrame(pairs, columns=["ancestor", "unit"], dtype="object")


def totals_mean_something(target: Target) -> bool:
    """Whether the units' values of this target add up to a total worth showing: a count or an amount
    compared with a level (``900 lao động``, ``1.100 tỷ đồng``, ``không quá 5 vụ``), never a percent,
    a ratio N/M, a change against each unit's own baseline or a Đạt / Không đạt."""
    return (target.kind in (Kind.THRESHOLD, Kind.RANGE) and not target.measures_percent
            and not getattr(target, "per_mille", False))


def roll_up(campaign: Campaign, round_result: RoundResult) -> RollupResult:
    """The roll-up of every unit that has units below it (campaign order), and of the whole round."""

    results = results_frame(round_result)
    expected_in_round = units_expected(campaign.units, [u.code for u in round_result.units if u.expected])
    pairs = pd.concat([ancestry_frame(campaign.units),
                       pd.DataFrame({"ancestor": ROUND, "unit": [unit.code for unit in expected_in_round]},
                                    dtype="object")], ignore_index=True)
    joined = pairs.merge(results, on="unit", how="inner")

    indicator_rows = _indicator_table(joined)
    by_parent: dict[str, list[IndicatorRollup]] = {}
    indicators = {ind.code: ind for ind in campaign.indicators}
    order = {code: index for index, code in enumerate(indicators)}
    for row in indicator_rows.itertuples(index=False):
        indicator = indicators.get(row.indicator)
        pooled = None if pd.isna(row.pooled) else float(row.pooled)
        pooled_status, pooled_baseline = None, None
        if pooled is not None and indicator is not None:
            exact = to_fraction(float(row.numerator_total)) * 100 / to_fraction(float(row.denominator_total))
            pooled_baseline = _pooled_baseline(indicator.target, row)
            pooled_status = evaluate(indicator.target, exact, baseline=pooled_baseline)
        total, total_status, totalled = None, None, int(row.valued)
        if totalled and indicator is not None and totals_mean_something(indicator.target):
            total = float(row.value_total)
            total_status = evaluate(indicator.target, to_fraction(total) / totalled)
        by_parent.setdefault(row.ancestor, []).append(IndicatorRollup(
            code=row.indicator, objective=row.objective,
            target=indicator.text if indicator else "",
            units_expected=int(row.expected), units_submitted=int(row.submitted),
            units_assessed=int(row.assessed), units_met=int(row.met), units_exceeded=int(row.exceeded),
            units_not_met=int(row.not_met), units_no_data=int(row.no_data), units_not_due=int(row.not_due),
            units_pooled=int(row.pooled_units),
            numerator_total=as_float(row.numerator_total) if pooled is not None else None,
            denominator_total=as_float(row.denominator_total) if pooled is not None else None,
            pooled_value=pooled, pooled_status=pooled_status,
            minimum=as_float(row.minimum), median=as_float(row.median), maximum=as_float(row.maximum),
            total=total, units_totalled=totalled if total is not None else 0, total_status=total_status,
            previous_pooled_value=None if pd.isna(row.previous_pooled) else float(row.previous_pooled),
            previous_units_pooled=int(row.previous_pooled_units), pooled_baseline=pooled_baseline,
        ))

    expected_units = {u.code: u for u in round_result.units if u.expected}
    unit_pairs = pairs[pairs["unit"].isin(list(expected_units))].copy()
    unit_pairs["submitted"] = unit_pairs["unit"].map(lambda code: expected_units[code].submitted).astype(bool)
    counts = unit_pairs.groupby("ancestor", sort=False).agg(
        expected=("unit", "size"), submitted=("submitted", "sum"))
    missing = (unit_pairs[~unit_pairs["submitted"]].groupby("ancestor", sort=False)["unit"]
               .agg(tuple).to_dict())

    objective_rows = _objective_table(pairs.merge(objectives_frame(round_result), on="unit", how="inner"))
    titles = {objective.number: objective.title for objective in campaign.objectives}
    objective_order = {number: index for index, number in enumerate(titles)}
    objectives_by_parent: dict[str, list[ObjectiveRollup]] = {}
    for row in objective_rows.itertuples(index=False):
        objectives_by_parent.setdefault(row.ancestor, []).append(ObjectiveRollup(
            row.objective, titles.get(row.objective, ""), int(row.expected), int(row.submitted),
            int(row.assessed), int(row.met), int(row.not_met)))

    def rollup_of(code: str, name: str, level: str) -> ParentRollup:
        expected = int(counts.loc[code, "expected"]) if code in counts.index else 0
        submitted = int(counts.loc[code, "submitted"]) if code in counts.index else 0
        rows = sorted(by_parent.get(code, []), key=lambda r: order.get(r.code, len(order)))
        objectives = sorted(objectives_by_parent.get(code, []),
                            key=lambda r: objective_order.get(r.number, len(objective_order)))
        return ParentRollup(code, name, level, expected, submitted, tuple(missing.get(code, ())), tuple(rows),
                            tuple(objectives))

    parents = tuple(rollup_of(unit.code, unit.name, unit.level) for unit in campaign.units.parents())
    whole = rollup_of(ROUND, campaign.settings.issuer or campaign.settings.display_title, "")
    return RollupResult(parents, replace(whole, code=""))


def _pooled_baseline(target, row):
    """The baseline of a pooled change target: the previous round's pool of the same units (carried as a
    unit's would be, :func:`xlqms.trends.carried_baseline`), or None."""
    if pd.isna(row.previous_pooled):
        return None
    exact = (to_fraction(float(row.previous_numerator_total)) * 100
             / to_fraction(float(row.previous_denominator_total)))
    return carried_baseline(target, PreviousValue(exact, percent=True))


def _indicator_table(joined):
    """Group (ancestor, indicator): counts by status, pooled ratio, min/median/max of values."""
    frame = joined.copy()
    status = frame["status"]
    frame["is_assessed"] = status.isin(ASSESSED)
    frame["is_met"] = status.isin((Status.MET.value, Status.EXCEEDED.value))
    frame["is_exceeded"] = status.eq(Status.EXCEEDED.value)
    frame["is_not_met"] = status.eq(Status.NOT_MET.value)
    frame["is_no_data"] = status.eq(Status.NO_DATA.value)
    frame["is_not_due"] = status.eq(Status.NOT_DUE.value)
    # Only due results with both Tử số and Mẫu số (> 0) of percent-measured indicators are pooled.
    poolable = (frame["numerator"].notna() & frame["denominator"].gt(0) & frame["percent"]
                & ~frame["is_not_due"])
    frame["pool_numerator"] = frame["numerator"].where(poolable)
    frame["pool_denominator"] = frame["denominator"].where(poolable)
    frame["is_pooled"] = poolable
    frame["due_value"] = frame["value"].where(~frame["is_not_due"])
    frame["amount"] = frame["due_value"].where(~frame["percent"])
    pooled_before = (frame["previous_numerator"].notna() & frame["previous_denominator"].gt(0) & frame["percent"])
    frame["previous_pool_numerator"] = frame["previous_numerator"].where(pooled_before)
    frame["previous_pool_denominator"] = frame["previous_denominator"].where(pooled_before)
    frame["is_previous_pooled"] = pooled_before

    grouped = frame.groupby(["ancestor", "indicator"], sort=False)
    table = grouped.agg(
        objective=("objective", "first"),
        expected=("unit", "size"),
        submitted=("submitted", "sum"),
        assessed=("is_assessed", "sum"),
        met=("is_met", "sum"),
        exceeded=("is_exceeded", "sum"),
        not_met=("is_not_met", "sum"),
        no_data=("is_no_data", "sum"),
        not_due=("is_not_due", "sum"),
        pooled_units=("is_pooled", "sum"),
        numerator_total=("pool_numerator", "sum"),
        denominator_total=("pool_denominator", "sum"),
        minimum=("due_value", "min"),
        median=("due_value", "median"),
        maximum=("due_value", "max"),
        value_total=("amount", "sum"),
        valued=("amount", "count"),
        previous_numerator_total=("previous_pool_numerator", "sum"),
        previous_denominator_total=("previous_pool_denominator", "sum"),
        previous_pooled_units=("is_previous_pooled", "sum"),
    ).reset_index()
    table["pooled"] = (100 * table["numerator_total"] / table["denominator_total"]).where(
        table["pooled_units"] > 0)
    table["previous_pooled"] = (100 * table["previous_numerator_total"] / table["previous_denominator_total"]).where(
        table["previous_pooled_units"] > 0)
    return table


def _objective_table(joined):
    frame = joined.copy()
    frame["is_assessed"] = frame["status"].isin(ASSESSED)
    frame["is_met"] = frame["status"].isin((Status.MET.value, Status.EXCEEDED.value))
    frame["is_not_met"] = frame["status"].eq(Status.NOT_MET.value)
    return frame.groupby(["ancestor", "objective"], sort=False).agg(
        expected=("unit", "size"), submitted=("submitted", "sum"), assessed=("is_assessed", "sum"),
        met=("is_met", "sum"), not_met=("is_not_met", "sum"),
    ).reset_index()


def rollup_frame(rollup: RollupResult):
    """The roll-up as one DataFrame: one row per parent × indicator."""

    rows = []
    for parent in rollup.parents:
        for ind in parent.indicators:
            rows.append({
                "parent_code": parent.code, "parent_name": parent.name,
                "units_expected_total": parent.units_expected, "units_submitted_total": parent.units_submitted,
                "indicator": ind.code, "objective": ind.objective, "target": ind.target,
                "units_expected": ind.units_expected, "units_submitted": ind.units_submitted,
                "units_assessed": ind.units_assessed, "units_met": ind.units_met,
                "units_exceeded": ind.units_exceeded, "units_not_met": ind.units_not_met,
                "units_no_data": ind.units_no_data, "units_not_due": ind.units_not_due,
                "numerator_total": ind.numerator_total, "denominator_total": ind.denominator_total,
                "pooled_value": ind.pooled_value,
                "pooled_status": ind.pooled_status.value if ind.pooled_status else None,
                "minimum": ind.minimum, "median": ind.median, "maximum": ind.maximum,
                "total": ind.total,
                "previous_pooled_value": ind.previous_pooled_value, "pooled_trend": ind.pooled_trend,
            })
    return pd.DataFrame(rows)


__all__ = ["IndicatorRollup", "ObjectiveRollup", "ParentRollup", "RollupResult", "ancestry_frame", "objectives_frame",
           "results_frame", "roll_up", "rollup_frame", "totals_mean_something"]
