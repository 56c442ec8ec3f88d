"""The tokenizer of the target language: cleaned text -> tokens.

One pass of one compiled expression. Tokens are numbers (Vietnamese formats: ``1.540``,
``86,2``, ``0,8‰``; with their % or ‰), ratios ``N/M``, spans set aside as context (years,
dates, documents, standards, ages, ranks, names — TARGETS.md step 2, :data:`lexicon.SET_ASIDE`),
the phrases of :mod:`xlqms.targets.lexicon` (operators, change words, …), words and punctuation.
Pure and fast: reading 10,000 targets takes well under a second (benchmarks/targets_bench.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple, cast

from xlqms.targets import lexicon

# token types
NUM = "num"
RATIO = "ratio"
ASIDE = "aside"
OP = "op"
POSTFIX = "postfix"
APPROX = "approx"
CHANGE = "change"
NOT_CHANGE = "not_change"
TO_LEVEL = "to_level"
FROM = "from"
COMPARE = "compare"
EQUAL = "equal"
SEP = "sep"
POINTS = "points"
JOINT = "joint"
ALT = "alt"
ZERO = "zero"
NOT_ZERO = "not_zero"
DEADLINE = "deadline"
NOT_DEADLINE = "not_deadline"
GROWTH = "growth"
LPAREN = "lparen"
RPAREN = "rparen"
SLASH = "slash"
WORD = "word"
OTHER = "other"


class Token(NamedTuple):
    """One token: its type, its place in the cleaned text, and what it carries.

    ``value`` is a Fraction for NUM, ``(numerator, denominator)`` for RATIO, the operator for
    OP / POSTFIX / TO_LEVEL, the sense for CHANGE, the label for ASIDE, the words for WORD.
    ``sign`` is '%', '‰' or '' for numbers. (A named tuple: tokens are made by the million.)
    """

    type: str
    start: int
    end: int
    text: str
    value: object = None
    sign: str = ""
    yearlike: bool = False


def ratio_value(token: Token) -> tuple[Fraction, Fraction]:
    """The (numerator, denominator) of a RATIO token, as :func:`tokenize` makes it."""
    assert token.type == RATIO, token
    # the type of ``value`` follows ``type``, which a named tuple cannot say: tokenize() is the proof
    return cast(tuple[Fraction, Fraction], token.value)


def word_value(token: Token) -> str:
    """The text value of a phrase, word or set-aside token: its operator, the sense of its change, its label."""
    value = token.value
    assert isinstance(value, str), token
    return value


_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+\.\d+(?![\d/])|\d+"
_SIGN = r"\s*(?P<sign>%o|%|％|‰|phần\s+trăm|phần\s+nghìn|phần\s+ngàn)?"


def _phrases() -> dict[str, tuple[str, str | None]]:
    """Every phrase of the lexicon -> (token type, value); the first table that names a phrase wins."""
    plain = ((lexicon.NOT_CHANGE_WORDS, NOT_CHANGE), (lexicon.GROWTH_WORDS, GROWTH), (lexicon.NOT_ZERO_WORDS, NOT_ZERO),
             (lexicon.ZERO_WORDS, ZERO), (lexicon.NOT_DEADLINE_WORDS, NOT_DEADLINE), (lexicon.POINTS_WORDS, POINTS),
             (lexicon.APPROXIMATE_WORDS, APPROX))
    valued = ((lexicon.OPERATOR_WORDS, OP), (lexicon.POSTFIX_WORDS, POSTFIX), (lexicon.LEVEL_AFTER_CHANGE_WORDS, TO_LEVEL),
              (lexicon.CHANGE_WORDS, CHANGE))
    later = ((lexicon.COMPARE_WORDS, COMPARE), (lexicon.FROM_WORDS, FROM), (lexicon.EQUAL_WORDS, EQUAL),
             (lexicon.DEADLINE_WORDS, DEADLINE), (lexicon.ALTERNATIVE_WORDS, ALT), (lexicon.JOINT_WORDS, JOINT),
             (lexicon.RANGE_WORDS, SEP))
    entries: list[tuple[str, str, str | None]] = [(phrase, kind, None) for words, kind in plain for phrase in words]
    entries += [(phrase, kind, value) for pairs, kind in valued for phrase, value in pairs]
    entries += [(phrase, kind, None) for words, kind in later for phrase in words]
    table: dict[str, tuple[str, str | None]] = {}
    for phrase, kind, value in entries:
        table.setdefault(" ".join(phrase.split()), (kind, value))
    return table


PHRASES = _phrases()


def _phrase_pattern(phrases: Iterable[str]) -> str:
    words: list[str] = []
    symbols: list[str] = []
    for phrase in sorted(phrases, key=len, reverse=True):
        escaped = r"\s+".join(re.escape(part) for part in phrase.split())
        (words if phrase[0].isalpha() else symbols).append(escaped)
    return r"(?<![\w])(?:" + "|".join(words) + r")(?![\w])|" + "|".join(symbols)


_AGE_INDICATOR = re.compile(r"(?<![\w])(?:" + "|".join(r"\s+".join(map(re.escape, p.split()))
                                                      for p in lexicon.AGE_INDICATORS) + r")(?![\w])")


@lru_cache(maxsize=2)
def _master(ages: bool = True) -> tuple[re.Pattern, dict[str, str]]:
    """The one expression; ``ages=False`` leaves ages as numbers (an indicator that is an age)."""
    parts, labels = [r"(?P<space>\s+)"], {}   # spaces first: the other alternatives are not tried there
    guarded: list[str] = []
    free: list[str] = []
    for index, (label, pattern) in enumerate(lexicon.SET_ASIDE):
        if label == "tuổi" and not ages:
            continue
        name = f"aside{index}"
        labels[name] = label
        # a span set aside starts a word ('/100 bé gái' may follow one); one look-behind for them all
        (free if pattern.startswith("/") else guarded).append(rf"(?P<{name}>{pattern})")
    parts.append(r"(?<![\w.,])(?:" + "|".join(guarded) + ")")
    parts.extend(free)
    parts.append(rf"(?P<year>{lexicon.YEAR_CANDIDATE})")
    parts.append(rf"(?P<ratio>(?<![\d.,/])(?P<top>{_NUMBER})\s*/\s*(?P<bottom>{_NUMBER})(?![\d/]))")
    parts.append(rf"(?P<num>(?<![\d.,])(?P<digits>{_NUMBER}){_SIGN})")
    parts.append(rf"(?P<phrase>{_phrase_pattern(PHRASES)})")
    # units with a digit ('25 m2/người', '1.000 m3') are words: their digit is no level
    parts.append(r"(?P<word>(?<![\w])(?:km|cm|dm|m)[23](?![\w])|[^\W\d_]+)")
    parts.append(r"(?P<lparen>[(\[])|(?P<rparen>[)\]])|(?P<slash>/)|(?P<other>\S)")
    return re.compile("|".join(parts)), labels


def number_value(digits: str) -> Fraction:
    """The exact value of a Vietnamese number token: '1.540' -> 1540, '86,2' -> 86.2, '99.9' -> 99.9."""
    if "," in digits or re.fullmatch(r"\d{1,3}(?:\.\d{3})+", digits):
        digits = digits.replace(".", "").replace(",", ".")
    return Fraction(Decimal(digits))


def _sign(raw: str | None) -> str:
    if not raw:
        return ""
    raw = raw.lower()
    if raw in ("%", "％") or raw.startswith("phần trăm") or "trăm" in raw:
        return "%"
    return "‰"


def tokenize(text: str, matching: str) -> list[Token]:
    """Tokens of a cleaned text. ``matching`` is its lower-case matching form (same length)."""
    pattern, labels = _master(ages=_AGE_INDICATOR.search(matching) is None)
    tokens: list[Token] = []
    for match in pattern.finditer(matching):
        kind = match.lastgroup
        if kind == "space":
            continue
        start, end = match.span()
        raw = text[start:end]
        if kind in labels:
            tokens.append(Token(ASIDE, start, end, raw, labels[kind]))
        elif kind == "year":
            tokens.append(Token(NUM, start, end, raw, number_value(match.group(0)), yearlike=True))
        elif kind == "ratio":
            tokens.append(Token(RATIO, start, end, raw,
                                (number_value(match.group("top")), number_value(match.group("bottom")))))
        elif kind == "num":
            tokens.append(Token(NUM, start, end, raw, number_value(match.group("digits")), _sign(match.group("sign"))))
        elif kind == "phrase":
            phrase = match.group(0)
            found = PHRASES.get(phrase) or PHRASES.get(" ".join(phrase.split()))
            if found is None:  # pragma: no cover - every alternative comes from PHRASES
                tokens.append(Token(WORD, start, end, raw, phrase))
            else:
                tokens.append(Token(found[0], start, end, raw, found[1] if found[1] is not None else phrase))
        elif kind == "word":
            tokens.append(Token(WORD, start, end, raw, match.group(0)))
        elif kind in ("lparen", "rparen", "slash"):
            tokens.append(Token(kind, start, end, raw))
        else:
            if raw in "=":
                tokens.append(Token(OTHER, start, end, raw, "="))
            elif raw in ",;":
                tokens.append(Token(JOINT, start, end, raw, raw))
            else:
                tokens.append(Token(OTHER, start, end, raw, raw))
    return tokens
