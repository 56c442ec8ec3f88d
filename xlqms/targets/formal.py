"""The formal syntax of the `Cách đánh giá` column: a target stated exactly, short enough for a secretary.

| form | meaning |
| --- | --- |
| ``>= 95%`` · ``> 90%`` · ``<= 12%`` · ``< 0,8%`` (also ``≥ ≤``) | a threshold, met or not met |
| ``95%`` · ``900 lao động`` | a bare level: at least it (at most with Chiều = Thấp hơn là tốt); Vượt above a count or amount |
| ``14-15%`` | a range: met from 14%, Vượt above 15% (mirrored with Chiều = Thấp hơn là tốt) |
| ``<= 15%, vượt khi < 14%`` · ``>= 900, vượt khi > 900`` | a level and where Vượt starts, stated in full |
| ``18/18`` · ``>= 31/38`` | at least N out of M |
| ``tăng 1 điểm %`` · ``giảm 0,2 điểm ‰`` · ``giảm 0,8-1 điểm %`` | a change in percentage (per-mille) points |
| ``tăng 12% tương đối`` · ``tăng < 4% tương đối`` | a change relative to the baseline |
| ``giảm 10`` · ``tăng 500 lao động`` | a change by an amount |
| ``… từ 98,6%`` (after a change) | the baseline, when the text gives it |
| ``>= 110% so với kỳ trước`` | Kết quả ÷ Kết quả kỳ trước compared with 110% |
| ``bằng 0`` · ``bằng 0%`` (or ``= 0``) | nothing of a bad thing: met at 0 (Đạt / Không đạt accepted) |
| ``trước 15/12/2025`` · ``trước quý III`` | a deadline, judged Đạt / Không đạt |
| ``Đạt/Không đạt`` | qualitative, judged Đạt / Không đạt |

Numbers are Vietnamese (``1.540``, ``86,2``). The direction of a bare level or range is the
`Chiều` column's, else higher is better: the formal language never guesses from words.
:func:`render_formal` writes any target in this syntax; reading it back gives the same target
(same :meth:`~xlqms.targets.model.Target.signature`). Pure.
"""

from __future__ import annotations

import re
from dataclasses import replace
from fractions import Fraction
from typing import TypedDict

from xlqms.codes import Code
from xlqms.errors import TargetSyntaxError
from xlqms.numbers import format_number
from xlqms.targets.clean import matching_form, normalise
from xlqms.targets.lexicon import GROWTH_WORDS
from xlqms.targets.model import DECREASE, INCREASE, Better, ChangeMode, Kind, Operator, Target
from xlqms.targets.tokens import number_value

FORMAL_INVALID = Code.FORMAL_INVALID

FORMAL_FORMS = (
    ">= 95%   > 90%   <= 12%   < 0,8%",
    "95%   900 lao động   (mức: tối thiểu, hoặc tối đa khi Chiều = Thấp hơn là tốt)",
    "14-15%   (khoảng: đạt từ 14%, Vượt trên 15%)   <= 15%, vượt khi < 14%",
    "18/18   >= 31/38",
    "tăng 1 điểm %   giảm 0,2 điểm ‰   tăng 12% tương đối   giảm 10   … từ 98,6% (mức cơ sở)",
    ">= 110% so với kỳ trước   bằng 0   trước 15/12/2025   Đạt/Không đạt",
)
"""The forms of `Cách đánh giá`, shown once when one cannot be read."""

_NUM = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?|\d*\.\d+"
_SIGN = r"(?:\s*(?P<{name}>%|‰))?"
_OP = r"(?P<op>>=|<=|>|<|=>|=<)"
_UNIT = r"(?:\s+(?P<unit>[^\d%‰,;<>=/][^,;<>=]*?))?"

_PATTERNS = {
    "qualitative": re.compile(r"^(?:đạt\s*/\s*không\s+đạt|đạt\s+hoặc\s+không\s+đạt|định\s+tính)$"),
    "zero": re.compile(r"^(?:=\s*0|bằng\s+0)\s*(?P<sign>%|‰)?$"),
    "deadline": re.compile(r"^(?:trước|hạn)\s+(?P<date>.+)$"),
    "relative": re.compile(rf"^{_OP}?\s*(?P<low>{_NUM})\s*%\s*so\s+với\s+(?:kỳ\s+trước|kỳ\s+gốc|mức\s+cơ\s+sở)$"),
    "ratio": re.compile(rf"^(?:{_OP}\s*)?(?P<top>\d+)\s*/\s*(?P<bottom>\d+){_UNIT}$"),
    "explicit": re.compile(
        rf"^{_OP}\s*(?P<low>{_NUM}){_SIGN.format(name='sign')}{_UNIT}\s*[,;]\s*vượt\s+khi\s*"
        rf"(?P<op2>>|<)\s*(?P<far>{_NUM}){_SIGN.format(name='sign2')}$"),
    "threshold": re.compile(rf"^{_OP}\s*(?P<low>{_NUM}){_SIGN.format(name='sign')}{_UNIT}$"),
    "range": re.compile(rf"^(?P<low>{_NUM}){_SIGN.format(name='sign1')}\s*[-–÷]\s*(?P<high>{_NUM})"
                        rf"{_SIGN.format(name='sign')}{_UNIT}$"),
    "bare": re.compile(rf"^(?P<low>{_NUM}){_SIGN.format(name='sign')}{_UNIT}$"),
    "change": re.compile(
        rf"^(?P<verb>tăng|giảm)\s*(?:{_OP}\s*)?(?P<low>{_NUM})(?:\s*[-–÷]\s*(?P<high>{_NUM}))?\s*"
        r"(?P<mode>điểm\s*%|điểm\s*‰|điểm\s+phần\s+trăm|điểm\s+phần\s+nghìn|%\s*tương\s+đối|%)?"
        r"(?P<unit>\s+(?!từ\s)[^\d%‰,;<>=][^%‰,;<>=]*?)?"
        rf"(?:\s+từ\s+(?P<base>{_NUM})\s*(?P<basesign>%|‰)?)?$"),
}
_OPERATORS = {">": Operator.GT, ">=": Operator.GE, "=>": Operator.GE, "<": Operator.LT, "<=": Operator.LE,
              "=<": Operator.LE}


class _Common(TypedDict):
    """What every target read from `Cách đánh giá` carries."""

    text: str
    source: str


class _Signs(TypedDict):
    percent: bool
    per_mille: bool


def _clean(text: str, lower: bool = True) -> str:
    text = normalise(text).strip().rstrip(".;")
    text = text.replace("≥", ">=").replace("≤", "<=")
    text = " ".join(text.split())
    return text.lower() if lower else text


def parse_formal(formal: str, text: str = "", better: Better | None = None) -> Target:
    """Read a `Cách đánh giá` form; ``text`` is the Chỉ tiêu it states, ``better`` the Chiều column.
    Raises :class:`TargetSyntaxError` (code ``formal-invalid``) naming the forms it knows."""
    work = _clean(formal)
    shown = text or normalise(formal).strip()
    common = _Common(text=shown, source="formal")
    chieu = better or Better.HIGHER
    chieu_source = "cột Chiều" if better else "mặc định"
    for name, pattern in _PATTERNS.items():
        match = pattern.match(work)
        if match:
            if name == "deadline":   # the date as written ('quý III')
                date = _clean(formal, lower=False)[match.start("date"):].strip()
                return Target(kind=Kind.DEADLINE, deadline=date, direction_source="hạn hoàn thành", **common)
            target = getattr(_Build, name)(match, common, chieu, chieu_source)
            if target.kind in (Kind.THRESHOLD, Kind.RANGE) and _names_growth(text):
                target = replace(target, growth_rate=True)   # 'tăng 7,2%' typed is its level
            return target
    raise TargetSyntaxError(
        f"Cách đánh giá “{normalise(formal).strip()}” không đúng cú pháp — viết ví dụ “>= 95%”, “14-15%”, "
        "“tăng 1 điểm %”, “giảm 10% tương đối”, “bằng 0”, “trước 15/12”, “Đạt/Không đạt”",
        code=FORMAL_INVALID, text=normalise(formal).strip())


def _names_growth(text: str) -> bool:

    words = matching_form(text or "")
    return any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", words) for word in GROWTH_WORDS)


def _number(text: str) -> Fraction:
    return number_value(text)


def _signs(*signs: str | None) -> _Signs:
    sign = next((s for s in signs if s), "")
    return {"percent": sign == "%", "per_mille": sign == "‰"}


def _unit(match: re.Match[str]) -> str | None:
    unit = (match.groupdict().get("unit") or "").strip()
    return unit or None


class _Build:
    @staticmethod
    def qualitative(match: re.Match[str], common: _Common, chieu: Better, source: str) -> Target:
        return Target(kind=Kind.QUALITATIVE, direction_source="định tính", **common)

    @staticmethod
    def zero(match: re.Match[str], common: _Common, chieu: Better, source: str) -> Target:
        sign = match.group("sign")
        return Target(kind=Kind.ZERO, operator=Operator.LE, low=Fraction(0), better=Better.LOWER,
                      direction_source="mức 0", percent=sign == "%", per_mille=sign == "‰", **common)

    @staticmethod
    def relative(match: re.Match[str], common: _Common, chieu: Better, source: str) -> Target:
        operator = _OPERATORS[match.group("op")] if match.group("op") else Operator.GE
        return Target(kind=Kind.RELATIVE, operator=operator, low=_number(match.group("low")), percent=True,
                      better=Better.HIGHER if operator.upward else Better.LOWER, direction_source="phép so sánh",
                      **common)

    @staticmethod
    def ratio(match: re.Match[str], common: _Common, chieu: Better, source: str) -> Target:
        top, bottom = int(match.group("top")), int(match.group("bottom"))
        if bottom == 0 or top > bottom:
            raise TargetSyntaxError(f"Cách đánh giá “{match.group(0)}”: tỷ số cần N ≤ M, M > 0",
                                    code=FORMAL_INVALID, text=match.group(0))
        operator = _OPERATORS[match.group("op")] if match.group("op") else Operator.GE
        return Target(kind=Kind.RATIO, operator=operator, low=Fraction(100 * top, bottom), percent=True,
                      ratio=(top, bottom), unit=_unit(match),
                      better=Better.HIGHER if operator.upward else Better.LOWER, direction_source="tỷ số", **common)

    @staticmethod
    def explicit(match: re.Match[str], common: _Common, chieu: Better, source: str) -> Target:
        operator = _OPERATORS[match.group("op")]
        low, far = _number(match.group("low")), _number(match.group("far"))
        signs = _signs(match.group("sign"), match.group("sign2"))
        unit = None if signs["percent"] or signs["per_mille"] else _unit(match)
        upward = operator in (Operator.GE, Operator.GT)
        if operator is Operator.GE and match.group("op2") == ">" and far == low and not any(signs.values()):
            return Target(kind=Kind.THRESHOLD, operator=Operator.GE, low=low, bare_level=True, unit=unit,
                          better=Better.HIGHER, direction_source="từ so sánh", **signs, **common)
        if operator is Operator.GE and match.group("op2") == ">" and far > low:
            return Target(kind=Kind.RANGE, operator=Operator.GE, low=low, high=far, unit=unit,
                          better=Better.HIGHER, direction_source="từ so sánh", **signs, **common)
        if operator is Operator.LE and match.group("op2") == "<" and far < low:
            return Target(kind=Kind.RANGE, operator=Operator.LE, low=far, high=low, unit=unit,
                          better=Better.LOWER, direction_source="từ so sánh", **signs, **common)
        direction = "trên" if upward else "dưới"
        raise TargetSyntaxError(
            f"Cách đánh giá “{match.group(0)}”: mức Vượt phải ở phía {direction} mức đạt (ví dụ "
            f"“{'>= 14%, vượt khi > 15%' if upward else '<= 15%, vượt khi < 14%'}”)", code=FORMAL_INVALID,
            text=match.group(0))

    @staticmethod
    def threshold(match: re.Match[str], common: _Common, chieu: Better, source: str) -> Target:
        operator = _OPERATORS[match.group("op")]
        signs = _signs(match.group("sign"))
        return Target(kind=Kind.THRESHOLD, operator=operator, low=_number(match.group("low")),
                      unit=None if any(signs.values()) else _unit(match),
                      better=Better.HIGHER if operator.upward else Better.LOWER, direction_source="từ so sánh",
                      **signs, **common)

    @staticmethod
    def range(match: re.Match[str], common: _Common, chieu: Better, source: str) -> Target:
        low, high = _number(match.group("low")), _number(match.group("high"))
        if high < low:
            raise TargetSyntaxError(f"Cách đánh giá “{match.group(0)}”: số đầu lớn hơn số cuối",
                                    code=FORMAL_INVALID, text=match.group(0))
        signs = _signs(match.group("sign"), match.group("sign1"))
        return Target(kind=Kind.RANGE, operator=Operator.GE if chieu is Better.HIGHER else Operator.LE, low=low,
                      high=high, unit=None if any(signs.values()) else _unit(match), better=chieu,
                      direction_source=source, **signs, **common)

    @staticmethod
    def bare(match: re.Match[str], common: _Common, chieu: Better, source: str) -> Target:
        low = _number(match.group("low"))
        signs = _signs(match.group("sign"))
        if low == 0:
            return _Build.zero(match, common, chieu, source)
        return Target(kind=Kind.THRESHOLD, operator=Operator.GE if chieu is Better.HIGHER else Operator.LE,
                      low=low, bare_level=True, unit=None if any(signs.values()) else _unit(match), better=chieu,
                      direction_source=source, **signs, **common)

    @staticmethod
    def change(match: re.Match[str], common: _Common, chieu: Better, source: str) -> Target:
        direction = INCREASE if match.group("verb") == "tăng" else DECREASE
        operator = _OPERATORS[match.group("op")] if match.group("op") else Operator.GE
        mode_text = " ".join((match.group("mode") or "").split())
        low = _number(match.group("low"))
        high = _number(match.group("high")) if match.group("high") else None
        if high is not None and high < low:
            raise TargetSyntaxError(f"Cách đánh giá “{match.group(0)}”: số đầu lớn hơn số cuối",
                                    code=FORMAL_INVALID, text=match.group(0))
        unit = (match.group("unit") or "").strip() or None
        signs: _Signs
        if mode_text.startswith("điểm"):
            per_mille = "‰" in mode_text or "nghìn" in mode_text
            mode, signs = ChangeMode.POINTS, {"percent": not per_mille, "per_mille": per_mille}
            unit = None
        elif mode_text.startswith("%") and "tương đối" in mode_text:
            mode, signs, unit = ChangeMode.RELATIVE, {"percent": True, "per_mille": False}, None
        elif mode_text == "%":
            raise TargetSyntaxError(
                f"Cách đánh giá “{match.group(0)}”: ghi rõ “điểm %” (tỷ lệ) hay “% tương đối” (số lượng)",
                code=FORMAL_INVALID, text=match.group(0))
        else:
            mode, signs = ChangeMode.ABSOLUTE, {"percent": False, "per_mille": False}
        base = _number(match.group("base")) if match.group("base") else None
        value_op = operator if direction == INCREASE else operator.mirrored()
        verb = "tăng" if direction == INCREASE else "giảm"
        return Target(kind=Kind.CHANGE, operator=operator, low=low, high=high, direction=direction,
                      change_mode=mode, baseline=base, unit=unit,
                      better=Better.HIGHER if value_op.upward else Better.LOWER, direction_source=f"“{verb}”",
                      **signs, **common)


# ---------------------------------------------------------------------------------------------


def _show(number: Fraction) -> str:
    if number.denominator != 1 and (10 ** 12) % number.denominator:
        return format_number(number, 9)
    return format_number(number, 12)


def render_formal(target: Target) -> str:
    """The target in the `Cách đánh giá` syntax (reads back, with no Chiều, to the same signature)."""
    kind, sign = target.kind, target.sign
    unit = f" {target.unit}" if target.unit and not sign else ""
    if kind is Kind.QUALITATIVE:
        return "Đạt/Không đạt"
    if kind is Kind.DEADLINE:
        return f"trước {target.deadline}"
    if kind is Kind.ZERO:
        return f"bằng 0{sign}"   # not "= 0": a spreadsheet takes a cell starting with "=" for a formula
    operator, level = target.operator, target.low
    assert operator is not None and level is not None, f"a {kind.value} target has an operator and a level"
    if kind is Kind.RATIO:
        assert target.ratio is not None, "a ratio target has its counts"
        n, m = target.ratio
        prefix = "" if operator is Operator.GE else f"{operator.value} "
        return f"{prefix}{n}/{m}{unit}"
    if kind is Kind.RELATIVE:
        return f"{operator.value} {_show(level)}% so với kỳ trước"
    if kind is Kind.RANGE:
        assert target.high is not None, "a range target has both ends"
        low, high = _show(level), _show(target.high)
        if target.better is Better.HIGHER:
            return f"{low}-{high}{sign}{unit}"
        return f"<= {high}{sign}{unit}, vượt khi < {low}{sign}"
    if kind is Kind.CHANGE:
        verb = "tăng" if target.direction == INCREASE else "giảm"
        written = "" if operator is Operator.GE else f"{operator.value} "
        amount = _show(level) + (f"-{_show(target.high)}" if target.high is not None else "")
        if target.change_mode is ChangeMode.POINTS:
            mode = " điểm ‰" if target.per_mille else " điểm %"
            base_sign = "‰" if target.per_mille else "%"
        elif target.change_mode is ChangeMode.RELATIVE:
            mode, base_sign = "% tương đối", ""
        else:
            mode, base_sign = (f" {target.unit}" if target.unit else ""), ""
        base = f" từ {_show(target.baseline)}{base_sign}" if target.baseline is not None else ""
        return f"{verb} {written}{amount}{mode}{base}"
    # threshold
    if target.exceedable:
        return f"{_show(level)}{unit}"
    return f"{operator.value} {_show(level)}{sign}{unit}"
