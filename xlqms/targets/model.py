"""The data of the target language: what a target is once read, and what a unit typed as a result.

A :class:`Target` is frozen and exact (levels are :class:`~fractions.Fraction`). Its fields are
what verdicts and live formulas are computed from; ``notes`` and ``set_aside`` only explain the
reading to people. Rules: TARGETS.md (second edition), sections Kinds, Direction, Change, Exceeded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from fractions import Fraction


class Kind(str, Enum):
    THRESHOLD = "threshold"      # compare with one level; also a bare level, "khoảng X", a level after a change word
    RANGE = "range"              # met from one end, Vượt beyond the other (mirrored when lower is better)
    RATIO = "ratio"              # at least N out of M ("18/18 chỉ tiêu")
    CHANGE = "change"            # tăng / giảm X against a baseline
    RELATIVE = "relative"        # value ÷ baseline compared with X% ("bằng 110% so với năm 2024")
    ZERO = "zero"                # nothing of the bad thing: met at 0 ("0 hồ sơ trễ hạn", "không để xảy ra …")
    DEADLINE = "deadline"        # done by a date: judged Đạt / Không đạt by the unit
    QUALITATIVE = "qualitative"  # no level: judged Đạt / Không đạt by the unit


class Operator(str, Enum):
    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="

    @property
    def upward(self) -> bool:
        return self in (Operator.GT, Operator.GE)

    def mirrored(self) -> Operator:
        return {Operator.GT: Operator.LT, Operator.GE: Operator.LE,
                Operator.LT: Operator.GT, Operator.LE: Operator.GE}[self]


class ChangeMode(str, Enum):
    POINTS = "points"      # percentage (or per-mille) points: 98,6% + 1% = 99,6%
    RELATIVE = "relative"  # percent of the baseline: 120 − 10% = 108
    ABSOLUTE = "absolute"  # plain amount: 120 − 12 = 108


class Better(str, Enum):
    """Which way is good for the thing measured (TARGETS.md: Direction)."""

    HIGHER = "higher"
    LOWER = "lower"


INCREASE, DECREASE = "increase", "decrease"
"""The sense of a change (Target.direction of a CHANGE target)."""


@dataclass(frozen=True)
class Target:
    """A target once read.

    ``low``/``high`` are the levels (for a CHANGE: the amount of change; for RELATIVE: the
    percent of the baseline). ``percent``/``per_mille`` say the levels are written in % or ‰
    (values compared are then 0–100 or 0–1000). ``operator`` is the comparison that meets a
    THRESHOLD, RATIO or RELATIVE target, and the comparison on the amount of a CHANGE ("tăng
    dưới 4%" is LT). ``better`` is the good direction; ``direction`` the sense of a change.

    The fields a kind always has (both readers guarantee them; verdicts, descriptions and the
    formal rendering rely on them): every kind but QUALITATIVE and DEADLINE has ``operator`` and
    ``low``; a RANGE also ``high``; a RATIO ``ratio``; a CHANGE ``direction`` and ``change_mode``;
    a DEADLINE ``deadline``.
    """

    text: str
    kind: Kind
    operator: Operator | None = None
    low: Fraction | None = None
    high: Fraction | None = None
    percent: bool = False
    unit: str | None = None
    direction: str | None = None            # INCREASE | DECREASE, for a change
    change_mode: ChangeMode | None = None
    baseline: Fraction | None = None         # from the text, e.g. "(98,6%)", or Cách đánh giá "từ 98,6%"
    ratio: tuple[int, int] | None = None     # (N, M) of "N/M …"
    bare_level: bool = False                 # written without a threshold word: "100%", "900 lao động"
    per_mille: bool = False
    better: Better = Better.HIGHER
    approximate: bool = False                # "khoảng X": read as the level X
    growth_rate: bool = False                # the level is a growth rate ("tăng trưởng 7%")
    deadline: str | None = None              # the date of a DEADLINE target, as written
    source: str = "text"                     # "text" (Chỉ tiêu) or "formal" (Cách đánh giá)
    direction_source: str = ""               # why ``better``: "Chiều", a cue word, "mặc định"
    notes: tuple[str, ...] = field(default=(), compare=False)
    set_aside: tuple[str, ...] = field(default=(), compare=False)

    # -- what the verdict engine needs -------------------------------------------------------
    @property
    def bare(self) -> bool:
        """A bare level ('100%', '900 lao động', 'khoảng 5%'): at least (or at most) that level."""
        return self.kind is Kind.THRESHOLD and self.bare_level

    @property
    def scaled(self) -> bool:
        """The levels are written in % or ‰."""
        return self.percent or self.per_mille

    @property
    def exceedable(self) -> bool:
        """Whether 'Vượt' exists: ranges, change ranges and bare counts or amounts (higher is better)."""
        if self.kind is Kind.RANGE:
            return True
        if self.kind is Kind.CHANGE:
            return self.high is not None
        return self.bare and not self.scaled and self.better is Better.HIGHER

    @property
    def is_quantitative(self) -> bool:
        """The unit types a number (ZERO also accepts Đạt / Không đạt)."""
        return self.kind not in (Kind.QUALITATIVE, Kind.DEADLINE)

    @property
    def accepts_pass_fail(self) -> bool:
        """Đạt / Không đạt is a valid answer."""
        return self.kind in (Kind.QUALITATIVE, Kind.DEADLINE, Kind.ZERO)

    @property
    def needs_baseline(self) -> bool:
        return self.kind in (Kind.CHANGE, Kind.RELATIVE)

    @property
    def measures_percent(self) -> bool:
        """Whether the value compared with this target is a percentage (0–100)."""
        if self.kind is Kind.RATIO:
            return True
        if self.kind is Kind.CHANGE:
            return self.change_mode is ChangeMode.POINTS and not self.per_mille
        if self.kind is Kind.RELATIVE:
            return False
        return self.percent

    @property
    def measures_per_mille(self) -> bool:
        """Whether the value compared with this target is in per-mille (0–1000)."""
        if self.kind is Kind.CHANGE:
            return self.change_mode is ChangeMode.POINTS and self.per_mille
        return self.kind is not Kind.RELATIVE and self.per_mille

    @property
    def ratio_scale(self) -> int:
        """What Tử số / Mẫu số is multiplied by: 100 (percent), 1000 (per-mille), 1 (a count: Tử số)."""
        if self.measures_percent:
            return 100
        if self.measures_per_mille:
            return 1000
        return 1

    @property
    def higher_is_better(self) -> bool:
        return self.better is Better.HIGHER

    @property
    def sign(self) -> str:
        return "%" if self.percent else "‰" if self.per_mille else ""

    def bounds(self, baseline=None) -> Bounds | None:
        """The levels a value is compared with, given the baseline of a change; None if unknown."""
        from xlqms.targets.verdict import bounds_of

        return bounds_of(self, baseline)

    def describe(self, baseline=None) -> str:
        """How xlqms reads this target, in Vietnamese, for people."""
        from xlqms.targets.describe import describe

        return describe(self, baseline)

    @property
    def formal(self) -> str:
        """The target in the formal syntax of the `Cách đánh giá` column (reads back to the same target)."""
        from xlqms.targets.formal import render_formal

        return render_formal(self)

    def signature(self) -> tuple:
        """What verdicts depend on: two targets with the same signature judge every value alike."""
        return (self.kind, self.operator, self.low, self.high, self.percent, self.per_mille,
                self.direction, self.change_mode, self.baseline, self.ratio, self.better, self.exceedable)

    def to_dict(self) -> dict:
        from xlqms.targets.describe import describe

        return {
            "text": self.text,
            "kind": self.kind.value,
            "operator": self.operator.value if self.operator else None,
            "low": plain(self.low),
            "high": plain(self.high),
            "percent": self.percent,
            "per_mille": self.per_mille,
            "unit": self.unit,
            "direction": self.direction or self.better.value,
            "better": self.better.value,
            "change_mode": self.change_mode.value if self.change_mode else None,
            "baseline": plain(self.baseline),
            "ratio": list(self.ratio) if self.ratio else None,
            "deadline": self.deadline,
            "approximate": self.approximate,
            "exceedable": self.exceedable,
            "source": self.source,
            "formal": self.formal,
            "reading": describe(self),
            "notes": list(self.notes),
            "set_aside": list(self.set_aside),
        }


@dataclass(frozen=True)
class Bounds:
    """Effective comparison: met when ``value op level``; Vượt strictly beyond ``exceed_level``
    (above it for an upward operator, below it for a downward one)."""

    operator: Operator
    level: Fraction
    exceed_level: Fraction | None = None


@dataclass(frozen=True)
class Reading:
    """A result as the unit typed it: a number (maybe with % or ‰), a ratio, Đạt / Không đạt, or
    an achieved change ("tăng 7,4%": ``change`` = +7,4; ``change_points`` when written in điểm %)."""

    number: Fraction | None = None
    percent_sign: bool = False
    numerator: Fraction | None = None
    denominator: Fraction | None = None
    passed: bool | None = None  # Đạt = True, Không đạt = False
    change: Fraction | None = None
    change_points: bool = False
    per_mille_sign: bool = False

    @property
    def is_blank(self) -> bool:
        return (self.number is None and self.numerator is None and self.passed is None
                and self.change is None)


def plain(number: Fraction | None):
    """A Fraction as an int or float for JSON; None stays None."""
    if number is None:
        return None
    return int(number) if number.denominator == 1 else float(number)
