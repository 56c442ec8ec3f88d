"""What a cell's number format says about its value: a percent, a date, text, or plain (pure).

Spreadsheets store what the user typed as a number and show it through a format: ``96%`` typed
is stored 0.96 under a percent format, ``9/10`` typed may become a date (a serial day number
under a date format). The reader must know which, for every file format:

* **xlsx** (ECMA-376 Part 1, §18.8.30 numFmt): built-in ids 9 and 10 are percents; 14–22, 45–47
  and the East Asian ids 27–36, 50–58 are dates and times; 49 is text (``@``). Custom format codes
  are read by :func:`format_kind`.
* **xls** (BIFF FORMAT records, read by xlrd): the same codes as text.
* **ods** (ODF 1.2 §19.385 office:value-type): ``percentage``, ``date`` and ``time`` are given by
  the cell itself.

Only the kind matters to xlqms: :data:`PERCENT`, :data:`DATE`, :data:`TEXT` or :data:`PLAIN`.
"""

from __future__ import annotations

import re
from functools import lru_cache

PERCENT = "percent"
DATE = "date"
TEXT = "text"
PLAIN = ""

BUILTIN_KINDS: dict[int, str] = {
    9: PERCENT, 10: PERCENT, 49: TEXT,
    **{number: DATE for number in (*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59))},
}
"""Built-in numFmtId → kind (ECMA-376 §18.8.30; 27–36 and 50–58 are the East Asian date ids)."""

_QUOTED = re.compile(r'"[^"]*"|\\.|_.|\*.')       # literal text, escaped characters, padding
_BRACKETS = re.compile(r"\[[^\]]*\]")             # [Red], [$-42A], [>=100] — but [h] [mm] [ss] are durations
_DURATION = re.compile(r"\[(h+|m+|s+)\]", re.IGNORECASE)
_DATE_TOKENS = re.compile(r"[dmyhs]|AM/PM|A/P", re.IGNORECASE)


@lru_cache(maxsize=512)
def format_kind(code: str | None) -> str:
    """The kind of a number format code (``0.0%`` → percent, ``dd/mm/yyyy`` → date, ``@`` → text).

    Only the first section (positive numbers) decides; quoted text, escaped characters and
    bracketed colours or locales are ignored, so ``0.0"%"`` is no percent and ``[$-42A]dd/mm`` is a date.
    """
    if not code:
        return PLAIN
    section = code.split(";", 1)[0]
    bare = _QUOTED.sub("", section)
    if _DURATION.search(bare):
        return DATE
    bare = _BRACKETS.sub("", bare)
    if "%" in bare:
        return PERCENT
    if bare.strip() == "@":
        return TEXT
    if bare.strip().lower() == "general":
        return PLAIN
    if _DATE_TOKENS.search(bare):
        return DATE
    return PLAIN


def builtin_kind(number_format_id: int) -> str:
    """The kind of a built-in number format id (unknown ids are plain)."""
    return BUILTIN_KINDS.get(number_format_id, PLAIN)
