"""Vietnamese numbers: reading '1.540', '86,2', '86,2%' and writing '97,04%'.

Values are carried as :class:`fractions.Fraction` so that comparisons with targets are exact
(98,6 + 1 is 99,6, not 99.59999…) and ratios stay unrounded until shown.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from xlqms.text import nfc

# Digits are ASCII only (re.ASCII): a spreadsheet formula cannot read Arabic-Indic or other digits,
# so neither does collect; full-width digits are mapped to ASCII first (xlqms.targets.clean.GLYPHS).
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$", re.ASCII)
_DECIMAL_COMMA = re.compile(r"^\d+(?:,\d+)?$", re.ASCII)
_DECIMAL_DOT = re.compile(r"^\d*\.\d+$|^\d+\.$", re.ASCII)
_THOUSANDS_SPACE = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?$", re.ASCII)


@dataclass(frozen=True)
class ParsedNumber:
    """A number read from text, and whether it was written with a percent sign."""

    value: Fraction
    percent: bool


def to_fraction(value) -> Fraction:
    """An exact Fraction of an int, float (by its shortest repr), Decimal, Fraction or numeric text."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("not a finite number")
        text = repr(value)
        if "e" in text:
            return Fraction(text)
        integer, _, decimals = text.partition(".")     # '95.7' -> 957/10, as Fraction('95.7'), faster
        return Fraction(int(integer + decimals), 10 ** len(decimals))
    if isinstance(value, Decimal):
        return Fraction(value)
    parsed = parse_number(str(value))
    if parsed is None:
        raise ValueError(f"not a number: {value!r}")
    return parsed.value


def as_float(value) -> float | None:
    """A number as a float for a spreadsheet cell or a DataFrame; None (and NaN) stay None."""
    if value is None or value != value:  # NaN
        return None
    return float(value)


def parse_number(text: str) -> ParsedNumber | None:
    """Read a number written the Vietnamese way; None if the text is not one number.

    '1.540' -> 1540, '86,2' -> 86.2, '86,2%' -> 86.2 (percent), '1.100' -> 1100, '0,8' -> 0.8.
    A dot that is not a thousands separator ('99.9') is read as a decimal point, the way
    a machine-formatted number arrives. A leading minus sign is kept.
    """
    raw = nfc(text).replace("\u2212", "-")
    if not raw:
        return None
    percent = False
    if raw.endswith("%"):
        percent = True
        raw = raw[:-1].rstrip()
    sign = 1
    if raw.startswith(("-", "+")):
        sign = -1 if raw[0] == "-" else 1
        raw = raw[1:].lstrip()
    if _THOUSANDS_DOT.match(raw):
        digits = raw.replace(".", "").replace(",", ".")
    elif _THOUSANDS_SPACE.match(raw):
        digits = re.sub(r"[ \u00a0\u202f]", "", raw).replace(",", ".")
    elif _DECIMAL_COMMA.match(raw):
        digits = raw.replace(",", ".")
    elif _DECIMAL_DOT.match(raw):
        digits = raw
    else:
        return None
    return ParsedNumber(sign * Fraction(Decimal(digits)), percent)


def rounded(value: Fraction, decimals: int) -> Fraction:
    """``value`` rounded half away from zero to ``decimals`` places (negative: to tens, hundreds…),
    as a spreadsheet's ROUND does it."""
    if decimals >= 0:        # in integers: judging a national round rounds about 100,000 values
        scale_int = 10 ** decimals
        numerator, denominator = value.numerator, value.denominator
        if scale_int % denominator == 0:
            return value if type(value) is Fraction else Fraction(value)
        whole_int, rest = divmod(abs(numerator) * scale_int, denominator)
        if 2 * rest >= denominator:
            whole_int += 1
        return Fraction(whole_int if numerator >= 0 else -whole_int, scale_int)
    scale = Fraction(10) ** decimals
    scaled = abs(value) * scale
    whole = int(scaled)
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return (whole if value >= 0 else -whole) / scale


def format_number(value, decimals: int = 2) -> str:
    """'1.540', '97,04', '0,8': Vietnamese separators, rounded half up, trailing zeros dropped."""
    if value is None:
        return ""
    if type(value) is float or type(value) is int:
        short = _short_form(value, decimals)
        if short is not None:
            return short
    exact = to_fraction(value)
    quantum = Decimal(1).scaleb(-decimals)
    with localcontext() as context:      # enough digits for any magnitude (1e300 typed is still shown)
        context.prec = max(28, len(str(abs(exact.numerator) // exact.denominator)) + decimals + 2)
        number = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(quantum, ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    integer, _, fraction = f"{abs(number):,.{decimals}f}".partition(".")
    fraction = fraction.rstrip("0")
    return sign + integer.replace(",", ".") + ("," + fraction if fraction else "")


def _short_form(value: int | float, decimals: int) -> str | None:
    """:func:`format_number` of an int or float that needs no rounding (its shortest repr has at most
    ``decimals`` decimals and at most 15 integer digits), written from its digits; None for any other."""
    text = repr(value)
    negative = text.startswith("-")
    integer, _, fraction = (text[1:] if negative else text).partition(".")
    if len(integer) > 15 or len(fraction) > decimals or not integer.isdigit() or not (fraction.isdigit() or not fraction):
        return None                      # an exponent, inf or nan, or more decimals than shown: the exact path
    fraction = fraction.rstrip("0")
    grouped = f"{int(integer):,}".replace(",", ".")
    if grouped == "0" and not fraction:
        return "0"                       # -0.0 is written 0
    return ("-" if negative else "") + grouped + ("," + fraction if fraction else "")


def format_percent(value, decimals: int = 2) -> str:
    """A percent number (0–100) as Vietnamese text: 97.0384… -> '97,04%'."""
    if value is None:
        return ""
    return format_number(value, decimals) + "%"
