"""The value side of the target language: what a unit types into Kết quả, read by one parser.

``parse_value("95,7")``, ``"97%"``, ``"17/18"``, ``"1.540"``, ``"tăng 7,4%"``, ``"giảm 1,2 điểm %"``,
``"Đạt"`` in any Unicode form or case, ``"không đạt"``. Used by ``xlqms target --value``, by the
verdicts and by the checks of returned files (:mod:`xlqms.validate`). Pure.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from xlqms.errors import ValueSyntaxError
from xlqms.numbers import format_number, parse_number, to_fraction
from xlqms.targets.clean import normalise
from xlqms.targets.lexicon import MAGNITUDE_WORDS, PASSED_WORDS
from xlqms.targets.model import Kind, Reading, Target
from xlqms.text import header_key

_NUMBER = r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?|[0-9]*\.[0-9]+"
_CHANGE = re.compile(
    rf"^(?P<verb>tăng|giảm)(?:\s+thêm)?\s*(?P<number>{_NUMBER})\s*(?P<sign>%|‰)?\s*"
    r"(?P<points>điểm(?:\s*(?:%|‰|phần\s+trăm|phần\s+nghìn|phần\s+ngàn))?)?$"
)
_RATIO = re.compile(rf"^(?P<top>{_NUMBER})\s*/\s*(?P<bottom>{_NUMBER})$")
_PASSED = {header_key(word): verdict for word, verdict in PASSED_WORDS.items()}


def parse_qualitative(text) -> bool | None:
    """'Đạt' -> True, 'không  ĐẠT' -> False (NFC or NFD, any case); anything else -> None."""
    if not isinstance(text, str):
        return None
    return _PASSED.get(header_key(normalise(text).strip().rstrip(".!")))


def _number(text: str) -> Fraction:
    if "," in text or re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        text = text.replace(".", "").replace(",", ".")
    return Fraction(Decimal(text))


def read_typed(raw) -> Reading | None:
    """A typed value as a :class:`Reading` (a ratio may have a zero denominator); None when it is
    no value the language knows. Blank is ``Reading()`` (never zero)."""
    if raw is None:
        return Reading()
    if isinstance(raw, bool):
        return Reading(passed=raw)
    if isinstance(raw, (int, float, Fraction, Decimal)):
        try:
            return Reading(number=to_fraction(raw))
        except (ValueError, TypeError):
            return None
    text = normalise(raw).strip()
    if not text:
        return Reading()
    passed = parse_qualitative(text)
    if passed is not None:
        return Reading(passed=passed)
    lowered = " ".join(text.lower().split())
    change = _CHANGE.match(lowered)
    if change:
        amount = _number(change.group("number"))
        points_text = change.group("points") or ""
        sign = change.group("sign") or ""
        per_mille = sign == "‰" or "‰" in points_text or "nghìn" in points_text or "ngàn" in points_text
        return Reading(change=amount if change.group("verb") == "tăng" else -amount,
                       change_points=bool(points_text), percent_sign=sign == "%" or "%" in points_text
                       or "trăm" in points_text, per_mille_sign=per_mille)
    ratio = _RATIO.match(lowered)
    if ratio:
        return Reading(numerator=_number(ratio.group("top")), denominator=_number(ratio.group("bottom")))
    per_mille = lowered.endswith("‰")
    parsed = parse_number(lowered[:-1].strip() if per_mille else lowered)
    if parsed is None:
        return None
    return Reading(number=parsed.value, percent_sign=parsed.percent, per_mille_sign=per_mille)


def parse_value(text) -> Reading:
    """Read a value as typed ('95,7', '97,04%', '1540/1587', '1.540', 'tăng 7,4%', 'Đạt').

    Raises :class:`ValueSyntaxError` (a Vietnamese message saying what to type) when it is none.
    """
    reading = read_typed(text)
    if reading is None:
        raise ValueSyntaxError(
            f"“{normalise(text).strip()}” không phải là số — nhập số theo kiểu Việt Nam (95,7 hoặc 1.540), "
            "một tỷ số (1540/1587), mức tăng giảm đạt được (tăng 7,4%) hoặc Đạt / Không đạt"
        )
    if reading.denominator == 0 and reading.numerator is not None:
        raise ValueSyntaxError(f"“{normalise(text).strip()}”: mẫu số bằng 0")
    return reading


def measure(target: Target, reading: Reading) -> Fraction | bool | None:
    """The value compared with the target: a percent 0–100 (or per-mille 0–1000), a count or amount,
    or Đạt (bool). An achieved change ('tăng 7,4%') is judged directly: None here."""
    if reading.passed is not None:
        return reading.passed
    if reading.change is not None:
        if target.kind is not Kind.CHANGE and target.growth_rate:
            return reading.change
        return None
    if reading.numerator is not None and reading.denominator:
        scale = target.ratio_scale
        return scale * reading.numerator / reading.denominator if scale != 1 else reading.numerator
    if reading.number is None:
        return None
    if target.kind is Kind.RATIO and not reading.percent_sign:
        assert target.ratio is not None, "a ratio target has its counts"
        return 100 * reading.number / target.ratio[1]
    return reading.number


SCALE_SHARE = Fraction(1, 10)
"""A number typed for a level counted in thousands, millions… (``1,5 triệu lượt``) that is at least
this share of the level in plain units (150.000 for 1,5 triệu lượt; 1.200 for 12 nghìn lao động)
was typed in plain units (1.400.000): ``value-out-of-scale``, never a verdict (it would read as
1.400.000 triệu lượt). A value in the level's units reaches it only at 100 times the level or more."""

_MAGNITUDES = dict(MAGNITUDE_WORDS)


def magnitude(target: Target) -> Fraction | None:
    """The magnitude a level is counted in (1.000.000 for ``1,5 triệu lượt``), or None.

    Only for counts and amounts judged against their level (thresholds, bare levels, ranges): the
    words are :data:`xlqms.targets.lexicon.MAGNITUDE_WORDS` at the start of the target's unit.
    """
    if target.kind not in (Kind.THRESHOLD, Kind.RANGE) or target.sign or not target.unit:
        return None
    factor = Fraction(1)
    for word in target.unit.lower().split():
        if word not in _MAGNITUDES:
            break
        factor *= _MAGNITUDES[word]
    return factor if factor > 1 else None


def out_of_scale_minimum(target: Target) -> Fraction | None:
    """The smallest Kết quả read as typed in plain units for a level counted in thousands, millions…
    (``value-out-of-scale``): :data:`SCALE_SHARE` of the (lower) level in plain units; None when the
    target has no magnitude or no positive level."""
    factor = magnitude(target)
    if factor is None or target.low is None or target.low <= 0:
        return None
    return SCALE_SHARE * factor * target.low


def out_of_scale(target: Target, reading: Reading) -> str | None:
    """Why a typed number is not in the target's units (``value-out-of-scale``: 1.400.000 typed for
    ``1,5 triệu lượt``), in Vietnamese; None when it is. Collect, the live sheet and ``xlqms target``
    apply the same rule."""
    minimum, factor, number = out_of_scale_minimum(target), magnitude(target), reading.number
    if minimum is None or factor is None or number is None or number < minimum:
        return None
    assert target.unit is not None, "a target with a magnitude has a unit"
    words = target.unit.split()
    magnitudes = next((index for index, word in enumerate(words) if word.lower() not in _MAGNITUDES), len(words))
    unit = " ".join(words[:magnitudes + 1])         # 'triệu lượt', not 'triệu lượt khách du'
    return (f"Kết quả {format_number(number)} không tính theo đơn vị của chỉ tiêu (“{unit}”) — nhập số "
            f"{unit}, ví dụ {format_number(number / factor, 4)}")
