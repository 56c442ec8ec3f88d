"""What a unit returned, as data: the hand-off between collection and attainment.

``read`` / ``collect`` produce :class:`Submission` objects; ``attainment`` and ``rollup`` consume
them. Nothing here does I/O.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from xlqms.targets import Reading


@dataclass(frozen=True)
class Entry:
    """One indicator row of a returned Kết quả sheet, values already read and cleaned.

    Blank stays None (blank is not zero). ``value`` is the Kết quả cell as a number (a percent
    as its number of percent: 95,7), ``passed`` is Đạt (True) / Không đạt (False).
    ``cells`` maps each contract header to the A1 cell it came from, for provenance.
    """

    code: str
    numerator: Fraction | None = None
    denominator: Fraction | None = None
    value: Fraction | None = None
    passed: bool | None = None
    baseline: Fraction | None = None
    explanation: str = ""
    percent_sign: bool = False
    cells: dict[str, str] = field(default_factory=dict, compare=False, hash=False)
    change: Fraction | None = None         # an achieved change typed as the result: 'tăng 7,4%' -> +7,4
    change_points: bool = False            # ... written in điểm %

    @property
    def reading(self) -> Reading:
        """The result as the target language reads it (ratio first, then the value or the achieved change)."""
        if self.numerator is not None and self.denominator:
            return Reading(numerator=self.numerator, denominator=self.denominator)
        if self.change is not None:
            return Reading(change=self.change, change_points=self.change_points, percent_sign=self.percent_sign)
        return Reading(number=self.value, percent_sign=self.percent_sign, passed=self.passed)

    @property
    def is_blank(self) -> bool:
        return self.reading.is_blank


@dataclass(frozen=True)
class Submission:
    """An accepted return of one unit: identity, entries by indicator code, and where it came from."""

    unit_code: str
    campaign_id: str
    period: str
    entries: dict[str, Entry]
    template_version: str = ""
    file_name: str = ""            # the name it arrived under
    checksum: str = ""             # sha256 of the bytes, also its archive name
    received_at: dt.datetime | None = None
    source_path: str = ""          # where it was collected from

    def entry(self, code: str) -> Entry | None:
        return self.entries.get(code)
