"""One raw cell value of a Kết quả row read without judging it: a number, a ratio, Đạt / Không đạt,
an achieved change, blank, or text (pure).

:func:`parse_cell` reads what calamine, openpyxl or xlqms's own readers give for a cell; typed text
goes through the target language's one parser (:func:`xlqms.targets.read_typed`). What it means for
the row — a value used, a finding — is :mod:`xlqms.validate`'s to decide.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from xlqms.numbers import format_number, to_fraction
from xlqms.targets import read_typed
from xlqms.text import nfc


@dataclass(frozen=True)
class Parsed:
    """A cell read as one of: blank, number (maybe with % or ‰), ratio, passed (Đạt/Không đạt),
    change (an achieved change: 'tăng 7,4%'), or text (none of these)."""

    kind: str
    number: Fraction | None = None
    percent: bool = False
    denominator: Fraction | None = None
    passed: bool | None = None
    text: str = ""
    change: Fraction | None = None
    change_points: bool = False


TEXT_MARKS = ("'", "\u2019")   # a leading apostrophe (typed, or turned typographic) that only marks text
MARKED = ("=", *TEXT_MARKS)
_BLANK = Parsed("blank")
PLAIN_VALUES = frozenset((str, float, int, bool))   # cell values that are no error, formula or date


def parse_cell(raw) -> Parsed:
    """Read one raw cell value (from calamine or openpyxl) without judging it.

    Typed values are read by the target language's one parser (:func:`xlqms.targets.read_typed`):
    '95,7', '97%', '17/18', '1.540', 'tăng 7,4%', 'giảm 1,2 điểm %', 'Đạt' in any Unicode form.
    """
    if raw is None:
        return _BLANK
    if isinstance(raw, float) and not math.isfinite(raw):
        return Parsed("text", text=str(raw))
    if not isinstance(raw, (str, bool, int, float, Fraction)):  # dates, times: not a result value
        return Parsed("text", text=str(raw))
    if type(raw) is float or type(raw) is int or type(raw) is Fraction:   # taken as such (a Fraction: computed)
        return Parsed("number", number=to_fraction(raw), text=format_number(raw, 6))
    text = nfc(raw) if isinstance(raw, str) else ("Đạt" if raw is True else "Không đạt" if raw is False
                                                   else format_number(raw, 6))   # NFC already
    reading = read_typed(raw)
    if reading is None:
        return Parsed("text", text=text)
    if reading.is_blank:
        return _BLANK
    if reading.passed is not None:
        return Parsed("passed", passed=reading.passed, text=text)
    if reading.change is not None:
        return Parsed("change", percent=reading.percent_sign, text=text, change=reading.change,
                      change_points=reading.change_points)
    if reading.numerator is not None:
        return Parsed("ratio", number=reading.numerator, denominator=reading.denominator, text=text)
    return Parsed("number", number=reading.number, percent=reading.percent_sign, text=text)


def unmarked(raw):
    """``raw`` without a leading apostrophe that only marks text ('950 pasted from a CSV), else unchanged."""
    if type(raw) is str and raw.lstrip()[:1] in TEXT_MARKS:
        return raw.lstrip()[1:]
    return raw
