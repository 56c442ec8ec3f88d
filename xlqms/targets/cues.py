"""Cues in an indicator's wording: which way is better, and whether it is a rate or an amount.

TARGETS.md, sections Direction and Change. The words are the tables of
:mod:`xlqms.targets.lexicon`; this module only finds them (whole words, longest first) and weighs
them. Pure: matching-form text in (see :func:`xlqms.targets.clean.matching_form`), a verdict out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from xlqms.targets import lexicon
from xlqms.targets.model import Better

THING, MANNER, HANDLING, GOOD = "thing", "manner", "handling", "good"
RATE, AMOUNT, NEUTRAL = "rate", "amount", "neutral"


def _alternation(table: dict[str, str]) -> re.Pattern:
    phrases = sorted(table, key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases) + r")(?![\w])")


@lru_cache(maxsize=1)
def _direction_table() -> tuple[re.Pattern, dict[str, str]]:
    table: dict[str, str] = {}
    for words, category in ((lexicon.LOWER_MANNERS, MANNER), (lexicon.HANDLING_WORDS, HANDLING),
                            (lexicon.GOOD_OUTCOMES, GOOD), (lexicon.LOWER_THINGS, THING)):
        for word in words:
            table.setdefault(" ".join(word.split()), category)
    return _alternation(table), table


@lru_cache(maxsize=1)
def _quantity_table() -> tuple[re.Pattern, dict[str, str]]:
    table: dict[str, str] = {}
    for words, category in ((lexicon.NOT_AMOUNT_CUES, NEUTRAL), (lexicon.RATE_CUES, RATE),
                            (lexicon.AMOUNT_CUES, AMOUNT)):
        for word in words:
            table.setdefault(" ".join(word.split()), category)
    return _alternation(table), table


_NEGATION = re.compile(r"(?:^|\s)(?:(?:" + "|".join(map(re.escape, lexicon.NEGATIONS)) + r")|không\s+[^\s,;()]+)\s+$")
_ABSENCE = re.compile(r"(?:^|\s)(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in lexicon.ABSENCE_WORDS)
                      + r")(?:\s+[^\s,;()]+){0,3}\s+$")
_PASSIVE = re.compile(r"^(?:\s+[^\s,;()]+){0,3}?\s+(?P<verb>" + re.escape(lexicon.PASSIVE_HANDLING)
                      + r"\s+(?!(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in lexicon.NOT_HANDLING_VERBS)
                      + r")(?![\w]))[^\W\d_]+(?:\s+[^\W\d_]+)?)")
_NOT_GOOD = re.compile(r"(?:^|\s)(?:không|chưa)\s+$")


@dataclass(frozen=True)
class DirectionCue:
    """What the wording says about direction: ``better`` (None: nothing said), the cue word,
    and, when it says both ways, the two cues (``conflict``)."""

    better: Better | None
    cue: str = ""
    conflict: tuple[str, str] | None = None


def direction_of(text: str) -> DirectionCue:
    """The direction a wording gives a bare level (TARGETS.md: Direction).

    Lower is better when it names a thing to reduce (``hộ nghèo``, ``tai nạn``) — unless a handling
    word or a good outcome says the share handled is measured (``xử lý``, ``khắc phục``) — or a bad
    manner (``trễ hạn``), which only a negation just before it turns (``không để trễ hạn``). The
    absence of a bad thing (``không có người nghiện``, lexicon.ABSENCE_WORDS) and a bad thing handled
    in the passive (``hộ nghèo được vay vốn``, lexicon.PASSIVE_HANDLING) are higher-is-better. A bad
    manner next to a good outcome (``trễ hạn`` and ``đúng hạn``) is a conflict.
    """
    if not text:
        return DirectionCue(None)
    pattern, table = _direction_table()
    things: list[str] = []
    manners: list[str] = []
    handling: list[str] = []
    good: list[str] = []
    for match in pattern.finditer(text):
        phrase = " ".join(match.group(0).split())
        category = table[phrase]
        before = text[max(0, match.start() - 48):match.start()]
        if category in (THING, MANNER) and (_NEGATION.search(before) or _ABSENCE.search(before)):
            good.append(phrase)
        elif category == THING and (passive := _PASSIVE.match(text[match.end():match.end() + 48])):
            things.append(phrase)
            handling.append(passive.group("verb"))
        elif category == GOOD and _NOT_GOOD.search(before):
            manners.append(phrase)
        else:
            {THING: things, MANNER: manners, HANDLING: handling, GOOD: good}[category].append(phrase)
    if manners and good:
        return DirectionCue(None, conflict=(manners[0], good[0]))
    if manners:
        return DirectionCue(Better.LOWER, manners[0])
    if things and not (handling or good):
        return DirectionCue(Better.LOWER, things[0])
    if handling and things:
        return DirectionCue(Better.HIGHER, handling[0])
    if good:
        return DirectionCue(Better.HIGHER, good[0])
    return DirectionCue(None)


def quantity_of(text: str) -> tuple[str | None, str]:
    """('rate' | 'amount' | None, cue): the first rate or amount cue of a wording — the head noun
    comes first in Vietnamese ('tỷ trọng ngành dịch vụ' is a rate, 'số hộ nghèo' an amount)."""
    if not text:
        return None, ""
    pattern, table = _quantity_table()
    for match in pattern.finditer(text):
        phrase = " ".join(match.group(0).split())
        category = table[phrase]
        if category != NEUTRAL:
            return category, phrase
    return None, ""


_SIGN_UNIT = re.compile(r"\(\s*(?P<a>%|‰)\s*\)|(?:đvt|đơn vị tính|đơn vị)\s*:?\s*(?P<b>%|‰)")


def named_unit_sign(text: str) -> str:
    """The sign a wording states as its unit: '%' for 'Tỷ lệ hồ sơ đúng hạn (%)' or 'ĐVT: %', '‰' for
    'Tỷ suất sinh thô (‰)'; '' when it states none."""
    match = _SIGN_UNIT.search(text) if text else None
    return (match.group("a") or match.group("b")) if match else ""


def signless_percent_rate(text: str) -> bool:
    """Whether the head of a wording is a rate measured in percent (lexicon.SIGNLESS_PERCENT_RATES),
    not a per-mille or per-hundred one (lexicon.NOT_PERCENT_RATES): its bare level 98 is 98%."""
    if not text:
        return False
    kind, cue = quantity_of(text)
    if kind != RATE or cue not in lexicon.SIGNLESS_PERCENT_RATES:
        return False
    return not any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) for word in lexicon.NOT_PERCENT_RATES)
