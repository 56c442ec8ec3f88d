"""How the store's text columns hold values: file times SQLite can keep, fractions written as
'numerator/denominator' and read back fast, an entry's cells as JSON, an entry's flags as bits, times
as ISO 8601 (:mod:`xlqms.store`)."""

from __future__ import annotations

import datetime as dt
import json
from fractions import Fraction

from xlqms.submission import Entry


def storable_ns(nanoseconds: int) -> int:
    """A file time in nanoseconds as SQLite can hold it (64 bits): a time past year 2262 (or before
    1677) is folded into range, the same way each time, so an unchanged file is still recognised."""
    if -(2 ** 63) <= nanoseconds < 2 ** 63:
        return nanoseconds
    return nanoseconds % (2 ** 63)


def cells_text(cells: dict[str, str]) -> str:
    """An entry's cells as stored (JSON). The rows of one template repeat the same cells in every file."""
    key = tuple(cells.items())
    text = _CELLS_TEXT.get(key)
    if text is None:
        text = json.dumps(cells, ensure_ascii=False)
        if len(_CELLS_TEXT) < 4096:
            _CELLS_TEXT[key] = text
    return text


_CELLS_TEXT: dict[tuple, str] = {}


def fraction_text(value: Fraction | None) -> str | None:
    return None if value is None else f"{value.numerator}/{value.denominator}"


class EntryParser:
    """Text of the entries table back to values, fast: what we wrote is 'numerator/denominator'.

    A round repeats the same few texts (denominators, 100/1, the same cells of the same template),
    so each distinct text is parsed once; a Fraction is immutable and shared, the cells dict is
    copied for each entry.
    """

    def __init__(self):
        self._fractions: dict[str, Fraction] = {}
        self._cells: dict[str, dict] = {}

    def fraction(self, text: str | None) -> Fraction | None:
        if text is None:
            return None
        found = self._fractions.get(text)
        if found is None:
            numerator, slash, denominator = text.partition("/")
            digits = numerator[1:] if numerator.startswith("-") else numerator
            if (slash and digits.isascii() and digits.isdecimal() and denominator.isascii()
                    and denominator.isdecimal()):
                found = Fraction(int(numerator), int(denominator))
            else:
                found = Fraction(text)
            self._fractions[text] = found
        return found

    def cells(self, text: str) -> dict:
        found = self._cells.get(text)
        if found is None:
            found = self._cells[text] = json.loads(text)
        return dict(found) if isinstance(found, dict) else json.loads(text)

    def entry(self, code, num, den, value, passed, baseline, explanation, flags, cells) -> Entry:
        fraction = self.fraction
        if flags & _CHANGE_FLAG:   # an achieved change ('tăng 7,4%') is kept in the value column
            return Entry(code, fraction(num), fraction(den), None, None if passed is None else bool(passed),
                         fraction(baseline), explanation, bool(flags & _PERCENT_FLAG), self.cells(cells),
                         change=fraction(value), change_points=bool(flags & _POINTS_FLAG))
        return Entry(code, fraction(num), fraction(den), fraction(value), None if passed is None else bool(passed),
                     fraction(baseline), explanation, bool(flags & _PERCENT_FLAG), self.cells(cells))


_PERCENT_FLAG, _CHANGE_FLAG, _POINTS_FLAG = 1, 2, 4
"""Bits of the entries.percent_sign column: typed with %, the value is an achieved change, in điểm %."""


def entry_flags(entry: Entry) -> int:
    flags = _PERCENT_FLAG if entry.percent_sign else 0
    if entry.change is not None:
        flags |= _CHANGE_FLAG | (_POINTS_FLAG if entry.change_points else 0)
    return flags


def parse_time(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None
