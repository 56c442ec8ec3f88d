"""Rounds that remember: previous values, carried baselines, changes, and how reports say them.

Pure computation (contract, "Rounds that follow each other"; data in, data out, no I/O —
:mod:`xlqms.previous` reads the previous round):

* :class:`PreviousValue` — an indicator's value in the round named by `Đợt trước`, for one unit of
  this round: the value compared with the target then (a percent as 0–100, a count or amount, or
  Đạt/Không đạt), with its Tử số / Mẫu số, and the previous units it comes from;
* :func:`combine` — the previous value of a unit that continues several old units (sheet
  `Đơn vị cũ`): ratios pooled (Σ Tử số / Σ Mẫu số × 100, never an average of percentages), counts
  and amounts summed, Đạt/Không đạt judged Đạt only when every old unit was Đạt; when one old unit
  has no value, or gave a percent without Tử số / Mẫu số, there is no previous value (never a guess);
* :func:`carried_baseline` — the baseline a change target takes from the previous round when its text
  gives none (TARGETS.md, Change: "from the previous round");
* :class:`Change` and :func:`change_between` — how a value moved: in percentage points for a value
  measured in percent (a rate), in percent of the previous value (relative) for a count or amount;
* the Vietnamese words: :func:`comparison_words` ("so với cùng kỳ" when the previous round is the
  same period of the year before, "so với kỳ trước" otherwise), :func:`change_text`,
  :func:`trend_text`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction
from typing import TYPE_CHECKING

from xlqms import layout
from xlqms.catalogue import period_phrase
from xlqms.findings import Code, Finding, finding
from xlqms.numbers import format_number, format_percent, to_fraction
from xlqms.statuses import Status
from xlqms.targets import Target
from xlqms.text import nfc

if TYPE_CHECKING:
    from xlqms.catalogue import Indicator
    from xlqms.units import Unit

# ---------------------------------------------------------------------------------------------
# The previous round and its values


@dataclass(frozen=True)
class PreviousRoundInfo:
    """Which round `Đợt trước` names: its identity, year and period (canonical spelling)."""

    campaign_id: str
    year: int
    period: str
    title: str = ""
    folder: str = ""              # as resolved: where it was read from


class Combination(str, Enum):
    """How a unit's previous value was made from the previous round's units."""

    SAME = "same"           # the same unit under the same code
    RENAMED = "renamed"     # one previous unit under another code (Đơn vị cũ)
    POOLED = "pooled"       # several previous units: Σ Tử số / Σ Mẫu số × 100
    SUMMED = "summed"       # several previous units: counts or amounts added
    JUDGED = "judged"       # several previous units: Đạt only when every one was Đạt

    @property
    def label(self) -> str:
        return _COMBINATION_LABELS[self]


_COMBINATION_LABELS = {
    Combination.SAME: "của chính đơn vị",
    Combination.RENAMED: "của đơn vị cũ (đổi mã)",
    Combination.POOLED: "gộp các đơn vị cũ: tổng tử số / tổng mẫu số",
    Combination.SUMMED: "gộp các đơn vị cũ: cộng số lượng",
    Combination.JUDGED: "gộp các đơn vị cũ: Đạt khi mọi đơn vị cũ Đạt",
}


@dataclass(frozen=True)
class PreviousValue:
    """One indicator's value in the previous round for one unit of this round.

    ``value`` is what was compared with the target then: a percent as 0–100 (``percent``), a count
    or amount, or Đạt (True) / Không đạt (False). ``numerator`` / ``denominator`` are given when it
    came from Tử số / Mẫu số (summed over the old units when pooled). ``sources`` are the previous
    round's unit codes it comes from; ``status`` is the previous verdict (one source only).
    """

    value: Fraction | bool
    percent: bool = False
    numerator: Fraction | None = None
    denominator: Fraction | None = None
    sources: tuple[str, ...] = ()
    combination: Combination = Combination.SAME
    status: Status | None = None
    source_names: tuple[str, ...] = ()       # the names of ``sources`` in the previous round

    @property
    def origin(self) -> str:
        """'X2 Xã Hai, X3 Xã Ba': the previous units it comes from, for provenance."""
        names = self.source_names + ("",) * (len(self.sources) - len(self.source_names))
        return ", ".join(f"{code} {name}".strip() for code, name in zip(self.sources, names))

    @property
    def number(self) -> float | None:
        """The value as a float for tables (None for Đạt / Không đạt)."""
        return None if isinstance(self.value, bool) else float(self.value)

    @property
    def ratio(self) -> bool:
        return self.numerator is not None and bool(self.denominator)

    def text(self, unit: str = "") -> str:
        """'97,04%', '1.540 hồ sơ', 'Đạt' — as reports show it."""
        return value_text(self.value, self.percent, unit)


def figure(value) -> str:
    """A count as written inside a ratio, as the seeds write it: 1540, 9, 12,5."""
    exact = to_fraction(value)
    return str(exact.numerator) if exact.denominator == 1 else format_number(exact)


def value_text(value, percent: bool, unit: str = "") -> str:
    """A value as reports show it: '97,04%', '1.540 hồ sơ', 'Đạt' / 'Không đạt'; '' for None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Đạt" if value else "Không đạt"
    return format_percent(value) if percent else format_number(value) + (f" {unit}" if unit else "")


@dataclass(frozen=True)
class PreviousValues:
    """The previous round as this round sees it: its identity, and values by this round's units.

    ``values[unit code][indicator code]``: a :class:`PreviousValue`; a unit or indicator absent
    has none. ``sources[unit code]``: the previous units each unit continues (:mod:`xlqms.lineage`);
    ``names``: the previous units' names, for provenance.
    """

    info: PreviousRoundInfo
    values: Mapping[str, Mapping[str, PreviousValue]] = field(default_factory=dict)
    sources: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)

    def value(self, unit_code: str, indicator_code: str) -> PreviousValue | None:
        return self.values.get(unit_code, {}).get(indicator_code)

    def for_unit(self, unit_code: str) -> Mapping[str, PreviousValue]:
        return self.values.get(unit_code, {})


@dataclass(frozen=True)
class Combined:
    """What :func:`combine` made: a value, or why there is none (Vietnamese, for a finding)."""

    value: PreviousValue | None
    why: str = ""


def combine(unit_code: str, parts: Sequence[tuple[str, PreviousValue | None]]) -> Combined:
    """The previous value of unit ``unit_code`` from the values of the old units it continues.

    ``parts``: (old unit code, its own value or None) in order. One part: that value, marked
    SAME or RENAMED. Several: ratios pooled (Σ Tử số / Σ Mẫu số × 100), counts and amounts summed,
    Đạt/Không đạt judged (Đạt only when every one was Đạt; Không đạt as soon as one was). No value
    when an old unit has none, gave a percent without Tử số / Mẫu số, or the parts differ in kind.
    """
    codes = tuple(code for code, _ in parts)
    if not parts:
        return Combined(None)
    if len(parts) == 1:
        code, value = parts[0]
        if value is None:
            return Combined(None)
        how = Combination.SAME if code == unit_code else Combination.RENAMED
        return Combined(PreviousValue(value.value, value.percent, value.numerator, value.denominator, codes, how,
                                      value.status))
    missing = [code for code, value in parts if value is None]
    present = [value for _, value in parts if value is not None]
    kinds = {"passed" if isinstance(v.value, bool) else "percent" if v.percent else "amount" for v in present}
    if len(kinds) > 1:
        return Combined(None, "kết quả của các đơn vị cũ không cùng loại")
    if kinds == {"passed"} and any(v.value is False for v in present):
        return Combined(PreviousValue(False, sources=codes, combination=Combination.JUDGED))   # one is enough
    if not present:
        return Combined(None)                       # none of them has one: nothing to say
    if missing:
        return Combined(None, f"đơn vị cũ {', '.join(missing)} không có kết quả kỳ trước")
    if kinds == {"passed"}:
        return Combined(PreviousValue(True, sources=codes, combination=Combination.JUDGED))
    if present[0].percent:
        without = [code for code, value in parts if value is not None and not value.ratio]
        if without:
            return Combined(None, f"đơn vị cũ {', '.join(without)} chỉ có tỷ lệ, không có Tử số / Mẫu số để gộp")
        numerator = sum((v.numerator for v in present if v.numerator is not None), Fraction(0))
        denominator = sum((v.denominator for v in present if v.denominator is not None), Fraction(0))
        return Combined(PreviousValue(100 * numerator / denominator, True, numerator, denominator, codes,
                                      Combination.POOLED))
    total = sum((to_fraction(v.value) for v in present), Fraction(0))
    return Combined(PreviousValue(total, False, sources=codes, combination=Combination.SUMMED))


# ---------------------------------------------------------------------------------------------
# Baselines


class BaselineSource(str, Enum):
    """Where the baseline of a change target came from."""

    TEXT = "text"            # written in the target ("(98,6%)")
    PREVIOUS = "previous"    # carried from the previous round (locked in the unit's workbook)
    UNIT = "unit"            # typed by the unit into Kết quả kỳ trước


BASELINE_WORDS = {BaselineSource.TEXT: "ghi trong chỉ tiêu", BaselineSource.PREVIOUS: "mang sang từ đợt trước",
                  BaselineSource.UNIT: "đơn vị tự nhập"}
"""Where a baseline came from, as the workbook and reports say it."""


def carried_baseline(target: Target, previous: PreviousValue | None) -> Fraction | None:
    """The baseline a target takes from the previous round, or None.

    Only a target that needs a baseline (``Target.needs_baseline``) and has none in its text, and
    only a number measured the same way (a percent for a target measured in percent, a count or
    amount otherwise: TARGETS.md, Change). Đạt / Không đạt is never a baseline.
    """
    if previous is None or not target.needs_baseline or target.baseline is not None:
        return None
    if isinstance(previous.value, bool) or previous.percent != target.measures_percent:
        return None
    return to_fraction(previous.value)


def not_carried_reason(target: Target, previous: PreviousValue | None) -> str:
    """Why a previous number is not the baseline of a change target that needs one ('' when it is, or n/a)."""
    if previous is None or not target.needs_baseline or target.baseline is not None:
        return ""
    if isinstance(previous.value, bool):
        return "kỳ trước đánh giá Đạt / Không đạt, không phải một số"
    if previous.percent and not target.measures_percent:
        return ("kỳ trước đo bằng tỷ lệ % nhưng chỉ tiêu được hiểu là thay đổi tương đối của một số lượng "
                "(ghi rõ “điểm %” hoặc “tỷ lệ” trong chỉ tiêu)")
    if not previous.percent and target.measures_percent:
        return "kỳ trước là một số lượng nhưng chỉ tiêu được hiểu là thay đổi của một tỷ lệ %"
    return ""


_NAMED_YEAR = re.compile(r"(?:so với|so sánh với|cùng kỳ)\s*(?:cùng kỳ\s*)?(?:năm)\s*((?:19|20)\d{2})", re.IGNORECASE)
_SAME_PERIOD = re.compile(r"cùng kỳ", re.IGNORECASE)


def reference_mismatch(text: str, year: int, period: str, previous: PreviousRoundInfo) -> str:
    """Why a carried baseline may not be what the target compares with ('' when it fits).

    The target may name the year it compares with ("so với năm 2025") or say "cùng kỳ" (the same
    period of the year before); the previous round may be another one. The baseline is still
    carried (the contract), and the finding says how to give another one.
    """
    words = nfc(text)
    named = _NAMED_YEAR.search(words)
    if named and int(named.group(1)) != previous.year:
        return (f"chỉ tiêu so với năm {named.group(1)} nhưng đợt trước là {period_phrase(previous.period, previous.year)}")
    if _SAME_PERIOD.search(words) and not named and not same_period_last_year(year, period, previous):
        return (f"chỉ tiêu so với cùng kỳ nhưng đợt trước là {period_phrase(previous.period, previous.year)}")
    return ""


# ---------------------------------------------------------------------------------------------
# Changes


class ChangeUnit(str, Enum):
    POINTS = "points"      # percentage points: 96,2% → 97,04% is +0,84
    PERCENT = "percent"    # percent of the previous value: 1.200 → 1.350 is +12,5%


@dataclass(frozen=True)
class Change:
    """How a value moved since the previous round: ``amount`` in ``unit`` (signed)."""

    amount: Fraction
    unit: ChangeUnit

    @property
    def number(self) -> float:
        return float(self.amount)

    def text(self) -> str:
        """'tăng 0,84 điểm %', 'giảm 12,5%', 'không đổi'."""
        return change_text(self)


def change_between(value, previous: PreviousValue | None, percent: bool) -> Change | None:
    """The change from ``previous`` to ``value`` (the value compared with the target this round).

    ``percent``: whether this round measures the indicator in percent (``Target.measures_percent``).
    Percentage points for a percent, percent of the previous value for a count or amount; None when
    either side is missing or Đạt / Không đạt, when they are measured differently, or (relative)
    when the previous value is 0.
    """
    if value is None or isinstance(value, bool) or previous is None or isinstance(previous.value, bool):
        return None
    if previous.percent != percent:
        return None
    now, before = to_fraction(value), to_fraction(previous.value)
    if percent:
        return Change(now - before, ChangeUnit.POINTS)
    if before == 0:
        return None
    return Change(100 * (now - before) / before, ChangeUnit.PERCENT)


def change_text(change: Change | None, decimals: int = 2) -> str:
    """'tăng 0,84 điểm %', 'giảm 12,5%', 'không đổi' ('' for None)."""
    if change is None:
        return ""
    size = format_number(abs(change.amount), decimals)
    if size == "0":
        return "không đổi"
    verb = "tăng" if change.amount > 0 else "giảm"
    return f"{verb} {size} điểm %" if change.unit is ChangeUnit.POINTS else f"{verb} {size}%"


# ---------------------------------------------------------------------------------------------
# Words


def same_period_last_year(year: int, period: str, previous: PreviousRoundInfo) -> bool:
    return previous.period == period and previous.year == year - 1


def comparison_words(year: int, period: str, previous: PreviousRoundInfo) -> str:
    """'so với cùng kỳ' when the previous round is the same period of the year before, else 'so với kỳ trước'."""
    return "so với cùng kỳ" if same_period_last_year(year, period, previous) else "so với kỳ trước"


def comparison_label(year: int, period: str, previous: PreviousRoundInfo) -> str:
    """'so với cùng kỳ năm 2025', 'so với kỳ trước (6 tháng đầu năm 2026)'."""
    if same_period_last_year(year, period, previous):
        return f"so với cùng kỳ năm {previous.year}"
    return f"so với kỳ trước ({period_phrase(previous.period, previous.year)})"


def compared_text(year: int, period: str, info: PreviousRoundInfo, value, previous: PreviousValue | None,
                  percent: bool, unit: str = "") -> str:
    """How a value moved, as reports write it: 'so với cùng kỳ (năm 2025: 96,2%), tăng 0,84 điểm %',
    'so với kỳ trước (6 tháng đầu năm 2026: 95,28%), tăng 1,72 điểm %', 'so với kỳ trước (…): Đạt';
    '' without a previous value. ``year``/``period``: this round's; ``value``: its value (percent 0–100).
    """
    if previous is None:
        return ""
    words = comparison_words(year, period, info)
    shown = previous.text("" if previous.percent else unit)
    moved = change_text(change_between(value, previous, percent))
    when = period_phrase(info.period, info.year)
    return f"{words} ({when}: {shown}), {moved}" if moved else f"{words} ({when}): {shown}"


def pooled_trend_text(rollup_row) -> str:
    """'MT02: tỷ lệ chung 96,64%, kỳ trước 95,21%, tăng 1,44 điểm %' for an
    :class:`~xlqms.rollup.IndicatorRollup` (a pooled ratio: points)."""
    now, before = rollup_row.pooled_value, rollup_row.previous_pooled_value
    parts = [f"{rollup_row.code}: tỷ lệ chung {format_percent(now) if now is not None else 'chưa có'}"]
    if before is not None:
        parts.append(f"kỳ trước {format_percent(before)}")
    if now is not None and before is not None:
        parts.append(change_text(Change(to_fraction(now) - to_fraction(before), ChangeUnit.POINTS)))
    return ", ".join(parts)


# ---------------------------------------------------------------------------------------------
# The unit's workbook: what the Kết quả kỳ trước cell shows


@dataclass(frozen=True)
class PreviousCell:
    """The Kết quả kỳ trước cell of one row of a unit's workbook, filled from the previous round.

    ``baseline``: the carried baseline of a change target (the live verdict uses it); otherwise
    the value shown for reference. ``note``: the cell comment saying where it came from.
    """

    value: float | int
    note: str
    baseline: bool
    percent: bool = False


def previous_cells(indicators: Sequence[Indicator], unit: Unit, previous: PreviousValues | None,
                   ) -> dict[str, PreviousCell]:
    """The Kết quả kỳ trước cells one unit's workbook gets from the previous round, by indicator code.

    A change target without a baseline in its text gets its carried baseline (locked); any other
    quantitative indicator gets its previous value for reference (locked, not used by the verdict);
    a change target whose previous value cannot be its baseline gets nothing (the cell stays open).
    Đạt / Không đạt is never written there (the cell takes a number).
    """
    if previous is None:
        return {}
    found = previous.for_unit(unit.code)
    where = period_phrase(previous.info.period, previous.info.year)
    cells: dict[str, PreviousCell] = {}
    for indicator in indicators:
        value = found.get(indicator.code)
        if value is None or isinstance(value.value, bool):
            continue
        target = indicator.target
        carried = carried_baseline(target, value)
        if target.needs_baseline and target.baseline is None and carried is None:
            continue
        origin = _origin_text(value)
        shown = value_text(value.value, value.percent, "" if value.percent else (target.unit or ""))
        if carried is not None:
            note = (f"Mức cơ sở mang sang từ kết quả đã chấp nhận của đợt trước ({where}, mã đợt "
                    f"{previous.info.campaign_id}): {shown}{origin}. Ô đã khóa: nếu số này chưa đúng, báo Thư ký ISO.")
        else:
            note = f"Kết quả của đơn vị ở đợt trước ({where}), để tham khảo: {shown}{origin}."
        number = to_fraction(value.value)
        plain: float | int = int(number) if number.denominator == 1 else float(number)
        cells[indicator.code] = PreviousCell(plain, note, carried is not None, value.percent)
    return cells


def _origin_text(value: PreviousValue) -> str:
    ratio = ""
    if value.ratio:
        assert value.numerator is not None and value.denominator is not None
        ratio = f" ({figure(value.numerator)}/{figure(value.denominator)})"
    if value.combination is Combination.SAME:
        return ratio
    return f"{ratio}; {value.combination.label}: {value.origin}"


# ---------------------------------------------------------------------------------------------
# A carried baseline the unit changed


def carried_baseline_findings(round_result) -> list[Finding]:
    """A ``carried-baseline-changed`` finding for each submitted row whose Kết quả kỳ trước differs
    from the baseline carried from the previous round (changed, or cleared, after unprotecting the
    sheet): the carried value is the one used. ``round_result``: a :class:`~xlqms.attainment.RoundResult`.
    """
    found = []
    for unit in round_result.units:
        if not unit.submitted:
            continue
        file_name = unit.provenance.file_name if unit.provenance else None
        for result in unit.indicators:
            if result.baseline_source is not BaselineSource.PREVIOUS or result.baseline is None:
                continue
            typed = result.typed_baseline
            if typed is not None and abs(to_fraction(typed) - result.baseline) <= Fraction(1, 10**6) * max(
                    1, abs(result.baseline)):
                continue
            carried = value_text(result.baseline, result.percent)
            what = f"là {value_text(typed, result.percent)}" if typed is not None else "bị xóa"
            found.append(finding(
                Code.CARRIED_BASELINE_CHANGED,
                f"Đơn vị {unit.code}, chỉ tiêu {result.code}: Kết quả kỳ trước trong tệp {what}, khác mức cơ sở mang "
                f"sang từ đợt trước ({carried}) — xlqms dùng {carried}.",
                file=file_name, sheet=layout.RESULTS_SHEET, cell=dict(result.cells).get(layout.RESULT_BASELINE),
                indicator=result.code))
    return found
