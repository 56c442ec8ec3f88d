"""The target language: the short Vietnamese phrases officials write as targets, and verdicts.

``parse_target("trên 90%")`` reads a target into a :class:`Target`; ``evaluate(target, value)``
gives its :class:`~xlqms.statuses.Status` for a value. The rules are those of the domain README:

- ``trên X`` / ``> X`` / ``hơn X``: strictly greater; ``dưới X`` / ``< X``: strictly less;
- ``≥ X``, ``từ X trở lên``, ``không thấp hơn X``, ``tối thiểu X``, ``ít nhất X``: at least X;
- ``≤ X``, ``không quá X``, ``tối đa X``: at most X;
- a bare level (``100%``, ``900 lao động``): at least that level;
- a range ``a-b`` / ``từ a đến b``: met from a, exceeded above b;
- ``N/M …``: a ratio of at least N/M;
- ``tăng|giảm X … (B%)``: a change against a baseline, in percentage points when the quantity is a
  percentage, relative otherwise; no baseline, no verdict (``no_data``);
- qualitative targets (``… đạt yêu cầu``) are judged Đạt / Không đạt by the unit.

Everything here is pure: text and numbers in, data out. Numbers are exact fractions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction

from xlqms.errors import TargetSyntaxError, ValueSyntaxError
from xlqms.numbers import format_number, parse_number, to_fraction
from xlqms.statuses import Status
from xlqms.text import header_key, nfc


class Kind(str, Enum):
    THRESHOLD = "threshold"      # compare with one level (>, >=, <, <=)
    RANGE = "range"              # met from low, exceeded above high
    RATIO = "ratio"              # at least N out of M
    CHANGE = "change"            # tăng / giảm against a baseline
    QUALITATIVE = "qualitative"  # Đạt / Không đạt, judged by the unit


class Operator(str, Enum):
    GT = ">"
    GE = ">="
    LT = "<"
    LE = "<="


class ChangeMode(str, Enum):
    POINTS = "points"      # percentage points: 98,6% + 1% = 99,6%
    RELATIVE = "relative"  # percent of the baseline: 120 − 10% = 108
    ABSOLUTE = "absolute"  # plain amount: 120 − 12 = 108


@dataclass(frozen=True)
class Target:
    """A parsed target. ``low``/``high`` are exact; for a change they are the amount of change."""

    text: str
    kind: Kind
    operator: Operator | None = None
    low: Fraction | None = None
    high: Fraction | None = None
    percent: bool = False
    unit: str | None = None
    direction: str | None = None          # "increase" | "decrease" for a change
    change_mode: ChangeMode | None = None
    baseline: Fraction | None = None       # from the text, e.g. "(98,6%)"
    ratio: tuple[int, int] | None = None   # (N, M) of "N/M …"
    bare_level: bool = False

    @property
    def exceedable(self) -> bool:
        """Whether 'Vượt' exists: ranges, change ranges and bare counts or amounts only."""
        if self.kind is Kind.RANGE:
            return True
        if self.kind is Kind.CHANGE:
            return self.high is not None
        return self.kind is Kind.THRESHOLD and self.bare and not self.percent

    @property
    def bare(self) -> bool:
        """A bare level ('100%', '900 lao động'): at least that level."""
        return self.kind is Kind.THRESHOLD and self.bare_level

    @property
    def is_quantitative(self) -> bool:
        return self.kind is not Kind.QUALITATIVE

    @property
    def needs_baseline(self) -> bool:
        return self.kind is Kind.CHANGE

    @property
    def measures_percent(self) -> bool:
        """Whether the value compared with this target is a percentage (0–100)."""
        if self.kind is Kind.RATIO:
            return True
        if self.kind is Kind.CHANGE:
            return self.change_mode is ChangeMode.POINTS
        return self.percent

    @property
    def higher_is_better(self) -> bool:
        if self.kind is Kind.CHANGE:
            return self.direction == "increase"
        return self.operator not in (Operator.LT, Operator.LE)

    def bounds(self, baseline=None) -> Bounds | None:
        """The levels a value is compared with, given the baseline of a change; None if unknown."""
        return bounds_of(self, baseline)

    def describe(self) -> str:
        """How xlqms reads this target, in Vietnamese, for people."""
        return describe(self)

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "kind": self.kind.value,
            "operator": self.operator.value if self.operator else None,
            "low": _plain(self.low),
            "high": _plain(self.high),
            "percent": self.percent,
            "unit": self.unit,
            "direction": self.direction or ("higher" if self.higher_is_better else "lower"),
            "change_mode": self.change_mode.value if self.change_mode else None,
            "baseline": _plain(self.baseline),
            "ratio": list(self.ratio) if self.ratio else None,
            "exceedable": self.exceedable,
            "reading": self.describe(),
        }


@dataclass(frozen=True)
class Bounds:
    """Effective comparison: met when ``value op level``; exceeded beyond ``exceed_level``."""

    operator: Operator
    level: Fraction
    exceed_level: Fraction | None = None  # strictly beyond this is Vượt (direction of operator)


# ---------------------------------------------------------------------------------------------
# Parsing

NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?"
_PCT = r"\s*(%|phần trăm)?"
_DASH = r"\s*(?:-|–|—|đến|tới)\s*"

_NOISE = [
    re.compile(r"(?:tcvn\s*)?iso\s*\d+(?:\s*:\s*\d{4})?"),                # ISO 9001:2015
    re.compile(r"\b\d+/\d{4}/[\wđ\-]+"),                                   # 61/2018/NĐ-CP
    re.compile(r"\b(?:số|qđ|kh)\s*\d+/[\wđ\-]+"),                          # số 06/QĐ-UBND
    re.compile(r"\b\d{1,2}/\d{1,2}/\d{2,4}\b"),                            # 15/01/2020
    re.compile(r"\b(?:mức(?: độ)?|cấp độ|quý|giai đoạn)\s*\d+(?:\s*,\s*(?:mức\s*)?\d+)*"),
]
_YEAR = re.compile(r"\b(?:năm|so với năm|cùng kỳ năm)\s*(?:19|20)\d{2}\b")

_COMPARATORS: list[tuple[Operator, re.Pattern]] = [
    (Operator.GE, re.compile(rf"(?:>=|≥|=>|không thấp hơn|không dưới|không ít hơn|tối thiểu(?: là)?|ít nhất(?: là)?)\s*:?\s*({NUM}){_PCT}")),
    (Operator.GE, re.compile(rf"từ\s*({NUM}){_PCT}\s*trở lên")),
    (Operator.LE, re.compile(rf"(?:<=|≤|=<|không quá|không vượt quá|không cao hơn|không lớn hơn|không nhiều hơn|tối đa(?: là)?)\s*:?\s*({NUM}){_PCT}")),
    (Operator.LE, re.compile(rf"từ\s*({NUM}){_PCT}\s*trở xuống")),
    (Operator.GT, re.compile(rf"(?<!không )(?:>|trên|cao hơn|lớn hơn|nhiều hơn|hơn|vượt)\s*:?\s*({NUM}){_PCT}")),
    (Operator.LT, re.compile(rf"(?<!không )(?:<|dưới|thấp hơn|nhỏ hơn|ít hơn)\s*:?\s*({NUM}){_PCT}")),
]
_CHANGE = re.compile(
    rf"(tăng|giảm)\s*(?:thêm|ít nhất|tối thiểu|từ)?\s*({NUM}){_PCT}(?:{_DASH}({NUM}){_PCT})?"
)
_RATIO = re.compile(rf"(?<![\d/.,])({NUM})\s*/\s*({NUM})(?![\d/])")
_RANGE = [
    re.compile(rf"từ\s*({NUM}){_PCT}\s*(?:đến|tới|-|–)\s*({NUM}){_PCT}"),
    re.compile(rf"(?<![\d/.,])({NUM}){_PCT}\s*(?:-|–|—)\s*({NUM}){_PCT}"),
]
_BARE = re.compile(rf"(?<![\d/.,])({NUM}){_PCT}")
_PARENTHESISED = re.compile(rf"\(\s*(?:là|đạt|:)?\s*({NUM}){_PCT}\s*\)")
_BASELINE_WORDS = re.compile(rf"(?:so với|từ mức|từ)\s*(?:năm\s*\d{{4}}\s*)?(?:là|đạt|:)\s*({NUM}){_PCT}")
_UNIT = re.compile(r"^\s*(?:/\s*năm)?\s*([^\d,;:.()\-–/]+)")
_UNIT_STOP = {"so", "với", "trong", "đó", "trở", "lên", "xuống", "của", "được", "đạt", "là"}

QUALITATIVE_WORDS = (
    "đạt yêu cầu", "đảm bảo", "bảo đảm", "hoàn thành", "đúng quy định", "theo quy định",
    "theo kế hoạch", "kịp thời", "đạt/không đạt", "đạt / không đạt", "định tính", "duy trì",
    "thực hiện đúng", "tuân thủ", "hiệu lực", "hiệu quả", "đạt chuẩn", "không có", "không để",
    "không xảy ra", "được công nhận",
)

UNDERSTOOD_FORMS = (
    "trên 90%  ·  > 90%  ·  hơn 90%  (lớn hơn hẳn)",
    "dưới 5%  ·  < 5%  (nhỏ hơn hẳn)",
    "≥ 98%  ·  >= 98%  ·  từ 98% trở lên  ·  không thấp hơn 98%  ·  tối thiểu 98%  ·  ít nhất 98%",
    "≤ 2%  ·  không quá 2%  ·  tối đa 2%",
    "100%  ·  đạt 100%  ·  900 lao động  ·  1.100 tỷ đồng  (mức tối thiểu)",
    "14-15%  ·  từ 14% đến 15%  (khoảng: đạt từ 14%, vượt trên 15%)",
    "18/18 chỉ tiêu  ·  31/38 trường  (ít nhất N trên M)",
    "tăng 1% so với năm 2021 (98,6%)  ·  giảm 0,8-1,0%/năm  ·  giảm 10% số vụ",
    "… đạt yêu cầu  ·  đảm bảo theo kế hoạch  (định tính: Đạt / Không đạt)",
)


def parse_target(text: str) -> Target:
    """Read a target as written by officials; raise :class:`TargetSyntaxError` if it can't be read."""
    original = nfc(text)
    if not original:
        raise TargetSyntaxError(_unreadable(original, "chỉ tiêu để trống"))
    work = _prepare(original)

    reading = (
        _parse_change(original, work)
        or _parse_ratio(original, work)
        or _parse_range(original, work)
        or _parse_comparator(original, work)
        or _parse_bare(original, work)
    )
    if reading is None:
        if not re.search(r"\d", work) and any(word in work for word in QUALITATIVE_WORDS):
            return Target(text=original, kind=Kind.QUALITATIVE)
        if not re.search(r"\d", work):
            raise TargetSyntaxError(_unreadable(
                original,
                "không có mức số nào và không phải chỉ tiêu định tính đã biết "
                "(thêm “đạt yêu cầu” nếu đây là chỉ tiêu định tính)",
            ))
        raise TargetSyntaxError(_unreadable(original, "không nhận ra mức chỉ tiêu"))
    target, consumed = reading
    leftover = _leftover_levels(work, consumed, target)
    if leftover:
        raise TargetSyntaxError(_unreadable(
            original,
            f"có nhiều hơn một mức ({', '.join(leftover)}); tách mỗi mức thành một dòng Chỉ tiêu riêng",
        ))
    return target


def _prepare(text: str) -> str:
    work = text.lower()
    work = work.replace("\u00a0", " ").replace("≥", ">=").replace("≤", "<=").replace("=>", ">=")
    work = re.sub(r"\s+", " ", work)
    for pattern in _NOISE:
        work = pattern.sub(lambda match: " " * len(match.group(0)), work)
    return work


def _number(token: str) -> Fraction:
    parsed = parse_number(token)
    if parsed is None:  # pragma: no cover - NUM only matches parseable tokens
        raise TargetSyntaxError(f"không đọc được số “{token}”")
    return parsed.value


def _unit_after(work: str, end: int) -> str | None:
    match = _UNIT.match(work[end:])
    if not match:
        return None
    words = []
    for word in match.group(1).split():
        if word in _UNIT_STOP or len(words) == 3:
            break
        words.append(word)
    return " ".join(words) or None


def _parse_change(original: str, work: str):
    match = _CHANGE.search(work)
    if not match:
        return None
    direction = "increase" if match.group(1) == "tăng" else "decrease"
    low = _number(match.group(2))
    high = _number(match.group(4)) if match.group(4) else None
    percent = bool(match.group(3) or match.group(5))
    spans = [match.span()]

    baseline = None
    baseline_percent = False
    for pattern in (_PARENTHESISED, _BASELINE_WORDS):
        found = pattern.search(work, match.end())
        if found:
            baseline = _number(found.group(1))
            baseline_percent = bool(found.group(2))
            spans.append(found.span())
            break
    year = _YEAR.search(work, match.end())
    if year:
        spans.append(year.span())

    unit = _unit_after(work, match.end())
    if percent and (baseline_percent or "tỷ lệ" in work or "điểm" in (unit or "") or unit is None
                    or "mức độ hài lòng" in work):
        mode = ChangeMode.POINTS
    elif percent:
        mode = ChangeMode.RELATIVE
    else:
        mode = ChangeMode.ABSOLUTE
    if high is not None and high < low:
        raise TargetSyntaxError(_unreadable(original, "khoảng thay đổi có cận dưới lớn hơn cận trên"))
    target = Target(
        text=original, kind=Kind.CHANGE, low=low, high=high, percent=percent, unit=unit,
        direction=direction, change_mode=mode, baseline=baseline,
    )
    return target, spans


def _parse_ratio(original: str, work: str):
    match = _RATIO.search(work)
    if not match:
        return None
    numerator, denominator = _number(match.group(1)), _number(match.group(2))
    if denominator == 0 or numerator > denominator or numerator.denominator != 1 or denominator.denominator != 1:
        raise TargetSyntaxError(_unreadable(original, f"tỷ số “{match.group(0)}” không hợp lệ (cần N/M với N ≤ M, M > 0)"))
    spans = [match.span()]
    # "31/38 trường, tỷ lệ 81,6%" restates the ratio: accept it when it agrees.
    level = 100 * numerator / denominator
    for restated in _BARE.finditer(work, match.end()):
        if restated.group(2) and abs(_number(restated.group(1)) - level) < Fraction(1, 10):
            spans.append(restated.span())
    target = Target(
        text=original, kind=Kind.RATIO, operator=Operator.GE, low=level, percent=True,
        unit=_unit_after(work, match.end()), ratio=(int(numerator), int(denominator)),
    )
    return target, spans


def _parse_range(original: str, work: str):
    for pattern in _RANGE:
        match = pattern.search(work)
        if match:
            low, high = _number(match.group(1)), _number(match.group(3))
            if high < low:
                raise TargetSyntaxError(_unreadable(original, f"khoảng “{match.group(0).strip()}” có cận dưới lớn hơn cận trên"))
            percent = bool(match.group(2) or match.group(4))
            target = Target(
                text=original, kind=Kind.RANGE, operator=Operator.GE, low=low, high=high,
                percent=percent, unit=_unit_after(work, match.end()),
            )
            return target, [match.span()]
    return None


def _parse_comparator(original: str, work: str):
    best = None
    for operator, pattern in _COMPARATORS:
        match = pattern.search(work)
        if match and (best is None or match.start() < best[1].start()):
            best = (operator, match)
    if best is None:
        return None
    operator, match = best
    target = Target(
        text=original, kind=Kind.THRESHOLD, operator=operator, low=_number(match.group(1)),
        percent=bool(match.group(2)), unit=_unit_after(work, match.end()),
    )
    return target, [match.span()]


def _parse_bare(original: str, work: str):
    stripped = _YEAR.sub(lambda m: " " * len(m.group(0)), work)
    match = _BARE.search(stripped)
    if not match:
        return None
    target = Target(
        text=original, kind=Kind.THRESHOLD, operator=Operator.GE, low=_number(match.group(1)),
        percent=bool(match.group(2)), unit=_unit_after(work, match.end()), bare_level=True,
    )
    return target, [match.span()]


def _leftover_levels(work: str, spans, target: Target) -> list[str]:
    chars = list(work)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    rest = _YEAR.sub(lambda m: " " * len(m.group(0)), "".join(chars))
    found = []
    for match in _BARE.finditer(rest):
        token = match.group(0).strip()
        if match.group(2) or any(op.search(rest[max(0, match.start() - 16):match.end() + 1]) for _, op in _COMPARATORS):
            found.append(token)
        elif target.kind is not Kind.QUALITATIVE and not re.fullmatch(r"0?1", match.group(1)):
            found.append(token)
    return found


def _unreadable(text: str, reason: str) -> str:
    forms = "\n".join(f"    {form}" for form in UNDERSTOOD_FORMS)
    return f"Không đọc được chỉ tiêu “{text}”: {reason}.\n  Các cách viết xlqms hiểu:\n{forms}"


# ---------------------------------------------------------------------------------------------
# Values


@dataclass(frozen=True)
class Reading:
    """A result as the unit wrote it: a number (maybe with %), a ratio, or Đạt / Không đạt."""

    number: Fraction | None = None
    percent_sign: bool = False
    numerator: Fraction | None = None
    denominator: Fraction | None = None
    passed: bool | None = None  # Đạt = True, Không đạt = False

    @property
    def is_blank(self) -> bool:
        return self.number is None and self.numerator is None and self.passed is None


PASSED_WORDS = {"đạt": True, "dat": True, "có": True, "x": True, "không đạt": False,
                "khong dat": False, "chưa đạt": False, "không": False}


def parse_qualitative(text) -> bool | None:
    """'Đạt' -> True, 'không  ĐẠT' -> False, anything else -> None."""
    if not isinstance(text, str):
        return None
    return PASSED_WORDS.get(header_key(text))


def parse_value(text) -> Reading:
    """Read a value as typed: '95,7', '97,04%', '1540/1587', '1.540', 'Đạt'; raise if unreadable."""
    if text is None:
        return Reading()
    if isinstance(text, bool):
        return Reading(passed=text)
    if isinstance(text, (int, float, Fraction)):
        return Reading(number=to_fraction(text))
    raw = nfc(text)
    if not raw:
        return Reading()
    passed = parse_qualitative(raw)
    if passed is not None:
        return Reading(passed=passed)
    if "/" in raw:
        left, _, right = raw.partition("/")
        numerator, denominator = parse_number(left), parse_number(right)
        if numerator and denominator and not numerator.percent and not denominator.percent:
            if denominator.value == 0:
                raise ValueSyntaxError(f"“{raw}”: mẫu số bằng 0")
            return Reading(numerator=numerator.value, denominator=denominator.value)
    parsed = parse_number(raw)
    if parsed is None:
        raise ValueSyntaxError(
            f"“{raw}” không phải là số — nhập số theo kiểu Việt Nam (95,7 hoặc 1.540), "
            "một tỷ số (1540/1587) hoặc Đạt / Không đạt"
        )
    return Reading(number=parsed.value, percent_sign=parsed.percent)


def measure(target: Target, reading: Reading) -> Fraction | bool | None:
    """The value compared with the target: a percent 0–100, a count or amount, or Đạt (bool)."""
    if reading.passed is not None:
        return reading.passed
    if reading.numerator is not None and reading.denominator:
        if target.kind is Kind.RATIO or target.measures_percent:
            return 100 * reading.numerator / reading.denominator
        return reading.numerator
    if reading.number is None:
        return None
    if target.kind is Kind.RATIO and not reading.percent_sign:
        return 100 * reading.number / target.ratio[1]
    return reading.number


# ---------------------------------------------------------------------------------------------
# Verdicts


def bounds_of(target: Target, baseline=None) -> Bounds | None:
    """The effective levels of a target; for a change, computed from the baseline (or None)."""
    if target.kind is Kind.QUALITATIVE:
        return None
    if target.kind is Kind.RANGE:
        return Bounds(Operator.GE, target.low, target.high)
    if target.kind is Kind.CHANGE:
        base = target.baseline if target.baseline is not None else baseline
        if base is None:
            return None
        base = to_fraction(base)
        sign = 1 if target.direction == "increase" else -1
        operator = Operator.GE if sign > 0 else Operator.LE

        def shifted(amount: Fraction) -> Fraction:
            if target.change_mode is ChangeMode.RELATIVE:
                return base * (1 + sign * amount / 100)
            return base + sign * amount

        return Bounds(operator, shifted(target.low), shifted(target.high) if target.high is not None else None)
    if target.bare and not target.percent:
        return Bounds(Operator.GE, target.low, target.low)
    return Bounds(target.operator, target.low, None)


def evaluate(target: Target, value, baseline=None, due: bool = True) -> Status:
    """The verdict for ``value`` (a number, a :class:`Reading`, text, or Đạt as bool)."""
    if not due:
        return Status.NOT_DUE
    if isinstance(value, Reading):
        value = measure(target, value)
    elif isinstance(value, str):
        value = measure(target, parse_value(value))
    if value is None:
        return Status.NO_DATA
    if target.kind is Kind.QUALITATIVE:
        if isinstance(value, bool):
            return Status.MET if value else Status.NOT_MET
        return Status.NO_DATA
    if isinstance(value, bool):
        return Status.NO_DATA
    bounds = bounds_of(target, baseline)
    if bounds is None:
        return Status.NO_DATA
    number = to_fraction(value)
    if not _compare(number, bounds.operator, bounds.level):
        return Status.NOT_MET
    if bounds.exceed_level is not None:
        beyond = number > bounds.exceed_level if bounds.operator in (Operator.GE, Operator.GT) else number < bounds.exceed_level
        if beyond:
            return Status.EXCEEDED
    return Status.MET


def _compare(value: Fraction, operator: Operator, level: Fraction) -> bool:
    return {
        Operator.GT: value > level,
        Operator.GE: value >= level,
        Operator.LT: value < level,
        Operator.LE: value <= level,
    }[operator]


# ---------------------------------------------------------------------------------------------
# Description

_OPERATOR_WORDS = {
    Operator.GT: "lớn hơn",
    Operator.GE: "từ … trở lên (≥)",
    Operator.LT: "nhỏ hơn",
    Operator.LE: "không quá (≤)",
}


def _show(number: Fraction | None, percent: bool) -> str:
    if number is None:
        return ""
    return format_number(number, 4) + ("%" if percent else "")


def describe(target: Target, baseline=None) -> str:
    unit = f" {target.unit}" if target.unit and not target.percent else ""
    if target.kind is Kind.QUALITATIVE:
        return "Chỉ tiêu định tính: đơn vị tự đánh giá Đạt / Không đạt"
    if target.kind is Kind.RATIO:
        n, m = target.ratio
        return f"Ít nhất {n}/{m} (tỷ lệ ≥ {_show(target.low, True)})"
    if target.kind is Kind.RANGE:
        return f"Khoảng {_show(target.low, target.percent)}–{_show(target.high, target.percent)}{unit}: đạt từ {_show(target.low, target.percent)}, vượt khi trên {_show(target.high, target.percent)}"
    if target.kind is Kind.CHANGE:
        verb = "Tăng" if target.direction == "increase" else "Giảm"
        amount = _show(target.low, target.percent)
        if target.high is not None:
            amount += f"–{_show(target.high, target.percent)}"
        mode = {
            ChangeMode.POINTS: "điểm phần trăm",
            ChangeMode.RELATIVE: "so với mức cơ sở (tương đối)",
            ChangeMode.ABSOLUTE: "đơn vị",
        }[target.change_mode]
        known = target.baseline if target.baseline is not None else baseline
        base = (f"mức cơ sở {_show(to_fraction(known), target.change_mode is ChangeMode.POINTS)}"
                if known is not None else "mức cơ sở lấy từ “Kết quả kỳ trước”")
        text = f"{verb} {amount} ({mode}); {base}"
        bounds = bounds_of(target, known)
        if bounds is not None:
            sign = "≥" if bounds.operator is Operator.GE else "≤"
            text += f"; đạt khi {sign} {_show(bounds.level, target.measures_percent)}"
        return text
    level = _show(target.low, target.percent)
    if target.bare:
        if target.percent:
            return f"Mức tối thiểu {level} (≥ {level})"
        return f"Mức tối thiểu {level}{unit} (≥); vượt khi trên {level}"
    return f"{_OPERATOR_WORDS[target.operator]} {level}{unit}".capitalize()


def _plain(number: Fraction | None):
    if number is None:
        return None
    return int(number) if number.denominator == 1 else float(number)


def judge_text(text: str, value=None, baseline=None) -> dict:
    """What `xlqms target` shows: the reading of ``text`` and, given a value, its verdict.

    ``value`` and ``baseline`` may be Vietnamese text ('95,7', '98,6%', 'Đạt', '1540/1587').
    """
    target = parse_target(text)
    result: dict = {"target": target.to_dict()}
    base = None
    if baseline not in (None, ""):
        base_reading = parse_value(baseline)
        if base_reading.number is None and base_reading.numerator is None:
            raise ValueSyntaxError(f"Mức cơ sở “{baseline}” phải là một số.")
        base = (base_reading.number if base_reading.number is not None
                else 100 * base_reading.numerator / base_reading.denominator)
        if target.kind is Kind.CHANGE and target.change_mode is ChangeMode.RELATIVE and base_reading.percent_sign:
            # "giảm 10%" on a quantity given in percent is a change in percentage points.
            target = Target(**{**target.__dict__, "change_mode": ChangeMode.POINTS})
            result["target"] = target.to_dict()
        result["baseline"] = _plain(base)
        result["target"]["reading"] = describe(target, base)
    if value is not None:
        reading = parse_value(value)
        compared = measure(target, reading)
        status = evaluate(target, compared, baseline=base)
        result["status"] = status.value
        result["label"] = status.label
        if isinstance(compared, bool):
            result["value"] = compared
            result["value_text"] = "Đạt" if compared else "Không đạt"
        elif compared is not None:
            result["value"] = round(float(compared), 4)
            result["value_text"] = format_number(compared, 2) + ("%" if target.measures_percent else "")
        else:
            result["value"] = None
        bounds = bounds_of(target, base)
        if bounds is not None:
            result["level"] = _plain(bounds.level)
            result["exceed_level"] = _plain(bounds.exceed_level)
    return result
