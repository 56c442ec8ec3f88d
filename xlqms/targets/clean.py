"""Step 1 of reading a target (TARGETS.md): clean the text.

NFC; PDF glyphs (ƣ → ư); TCVN3 / VNI text converted or refused naming the encoding; odd spaces
and signs made plain; list bullets, numbering and end punctuation dropped; ``label : value`` read as
one sentence; a heading (ends with ``:``, or says ``như sau`` / ``gồm``) recognised.
Pure: text in, :class:`Cleaned` out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from xlqms.targets import lexicon
from xlqms.targets.legacy import detect_and_convert

GLYPHS = str.maketrans({
    "\u01a3": "ư", "\u01a2": "Ư",          # ƣ Ƣ: "oi" letters PDF text extraction gives for ư Ư
    "\u00a0": " ", "\u202f": " ", "\u2007": " ", "\u2009": " ", "\u200b": "", "\ufeff": "", "\u2060": "",
    "\u2212": "-", "\u2010": "-", "\u2011": "-", "\u2012": "-", "\uff0d": "-",
    "\uff05": "%", "\u066a": "%", "\u2030": "‰",
    "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'",
    "\u2265": "≥", "\u2264": "≤", "\u2a7e": "≥", "\u2a7d": "≤", "\uff1e": ">", "\uff1c": "<",
    "\u00f7": "÷", "\uff1a": ":", "\u2236": ":",
    **{chr(0xFF10 + digit): str(digit) for digit in range(10)},   # full-width digits (an East Asian IME)
})

# Old tone placement ("hoà", "thuỷ") -> the placement the lexicon uses ("hòa", "thủy"); same length.
_TONE_PLACEMENT = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_PATTERN = re.compile(r"(?<![qQ])(?:" + "|".join(_TONE_PLACEMENT) + r")(?![\w])")
_TONE_UPPER = {key.upper(): value.upper() for key, value in _TONE_PLACEMENT.items()}

_BULLET = re.compile(
    r"^\s*(?:[-+*•●▪◦–—·]+\s*|\(?[a-zđ]\)\s+|[a-zđ]\.\s+(?=\D)|\(?\d{1,2}\)\s*|\d{1,2}(?:\.\d{1,2})*\.\s+"
    r"|\d{1,2}(?:\.\d{1,2})+\s+(?=\D)|[IVX]{1,4}[.)]\s+)",
    re.IGNORECASE,
)
_BULLET_STARTS = frozenset("-+*•●▪◦–—·(0123456789IVXivx")
_END = re.compile(r"(?:\s*(?:\./\.|[;,.…]|\.{2,}))+\s*$")
_LABEL_COLON = re.compile(r"(?<!\d)\s*:\s*|\s*:\s*(?!\d)")
_SPACES = re.compile(r"[ \t\r\n]+")
_SPLIT_OPERATOR = re.compile(r"(?<=[<>])\s+(?==)|(?<==)\s+(?=[<>])")
"""'> = 95%' typed with a space is '>= 95%' (never '> 95%' and a stray '=')."""


@dataclass(frozen=True)
class Cleaned:
    """The text to read. ``encoding`` names a legacy encoding found (converted when ``converted``)."""

    original: str
    text: str
    heading: bool = False
    encoding: str | None = None
    converted: bool = False
    notes: tuple[str, ...] = ()


def normalise(text) -> str:
    """NFC with PDF glyphs and odd spaces and signs made plain (no other change)."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    text = text.translate(GLYPHS)
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text).translate(GLYPHS)


def matching_form(text: str) -> str:
    """The lower-case form the lexicon is matched against: 'tỉ lệ' -> 'tỷ lệ', 'hoà' -> 'hòa'.

    Same length as ``text``, so positions found in it are positions in ``text``.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # pragma: no cover - Vietnamese letters keep their length
        lowered = "".join(char.lower()[:1] or char for char in text)
    lowered = _TONE_PATTERN.sub(lambda match: _TONE_PLACEMENT[match.group(0)], lowered)
    return lowered.replace("tỉ lệ", "tỷ lệ").replace("tỉ trọng", "tỷ trọng").replace("tỉ suất", "tỷ suất")


def clean(text) -> Cleaned:
    """Clean a target text as written (TARGETS.md step 1)."""
    original = normalise(text).strip()
    work, encoding, converted = detect_and_convert(original)
    notes = []
    if converted:
        notes.append(f"chữ mã {encoding} đã chuyển sang Unicode")
    work = _SPACES.sub(" ", work).strip()
    work = _SPLIT_OPERATOR.sub("", work)
    # bullets and numbering ("- ", "+ ", "a) ", "2.1 "), possibly several
    for _ in range(3 if work[:1] in _BULLET_STARTS or work[1:2] in ".)" else 0):
        stripped = _BULLET.sub("", work, count=1)
        if stripped == work:
            break
        work = stripped
    work = work.strip().strip('"').strip()
    heading = _is_heading(work)
    work = _END.sub("", work).strip()
    if work.endswith(":"):
        work = work[:-1].strip()
    if work.startswith(":"):
        work = work[1:].strip()
    work = _LABEL_COLON.sub(" ", work)
    work = _SPACES.sub(" ", work).strip()
    return Cleaned(original=original, text=work, heading=heading, encoding=encoding,
                   converted=converted, notes=tuple(notes))


def _is_heading(text: str) -> bool:
    """A text that only announces what follows: ends with ':' or says 'như sau' / 'gồm'."""
    stripped = re.sub(r"[\s.;,…]+$", "", text)
    lowered = matching_form(stripped)
    if stripped.endswith(":") and not re.search(r"\d", stripped):
        return True
    if any(lowered.endswith(" " + word) or lowered == word for word in lexicon.HEADING_ENDINGS):
        return True
    if stripped.endswith(":") and any(lowered.rstrip(":").strip().endswith(word) for word in lexicon.HEADING_ENDINGS):
        return True
    if not re.search(r"\d", stripped) and any(lowered.startswith(word) for word in lexicon.HEADING_STARTS):
        return True
    return False
