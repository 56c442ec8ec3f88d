"""Vietnamese text typed in the pre-Unicode encodings TCVN3 (ABC) and VNI, found and converted (pure).

Before Unicode, Vietnamese offices typed with a font-encoding: TCVN3 (TCVN 5712:1993, the
".VnTime" fonts) or VNI ("VNI-Times"). Such text pasted or typed into a workbook arrives as Latin
letters and symbols — ``§¹t`` (TCVN3) or ``Ñaït`` (VNI) for ``Đạt`` — and would be carried as
mojibake into reports. :func:`read_legacy` tells, for one text:

* nothing to do (Unicode, or plain ASCII, or text whose words are already Vietnamese);
* converted: the text is TCVN3 or VNI, its conversion is Vietnamese word for word, the other
  encoding's is not — :attr:`LegacyText.text` is the Unicode text (NFC);
* converted from UTF-8 read as Windows-1252 (``VÆ°á»£t`` for ``Vượt``: a CSV or text file opened
  with the wrong encoding, then saved into the workbook) when that gives Vietnamese throughout;
* suspect: the text is not Vietnamese as it stands but looks like a legacy encoding that cannot
  be told apart for sure (both convert, or neither cleanly) — kept as it is, with the likely
  encodings named, for a finding.

Tables: TCVN3 is the lower-case part of TCVN 5712:1993 (VN3, bytes 0xA1–0xFE, as Latin-1
characters: capitals are typed with the same codes in the ".VnTimeH" fonts) plus its seven base
capitals; VNI-Windows writes a base letter followed by a mark character (``a`` + ``ù`` = á).
A word counts as Vietnamese when it is one syllable: an initial consonant, a vowel group and a
final consonant of the language, with at most one tone mark; words of ASCII letters only
(abbreviations such as ``UBND``, ``TTHC``) are neutral.

Issue 12 works on the same question for target texts (``xlqms.targets``); this module is meant to
be the one both use.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TCVN3 = "TCVN3"
VNI = "VNI"
UTF8_MISREAD = "UTF-8 bị đọc nhầm thành Windows-1252"
_CP1252_BYTES = {bytes([byte]).decode("cp1252"): byte for byte in range(0x80, 0xA0)
                 if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
"""The characters Windows-1252 puts at 0x80–0x9F (€, ‚, ƒ, „, …) and their bytes; other characters up to
U+00FF are their own byte (Latin-1)."""
SUSPECT_SHARE = 0.6
"""A text converted to Vietnamese words at this share or more, but not wholly, is suspect (a finding)."""

# -- TCVN3 (TCVN 5712:1993 VN3): one character each ----------------------------------------------

_TCVN3_SOURCE = ("¡¢£¤¥¦§¨©ª«¬\xad®µ¶·¸¹»¼½¾ÆÇÈÉÊËÌÎÏÐÑÒÓÔÕÖ×ØÜÝÞßáâãäåæçèéêëìíîïñòóôõö÷øùúûüýþ")
_TCVN3_TARGET = ("ĂÂÊÔƠƯĐăâêôơưđàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")
TCVN3_TABLE = dict(zip(_TCVN3_SOURCE, _TCVN3_TARGET))

# -- VNI-Windows: a base letter and a mark character --------------------------------------------

_TONES = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")    # sắc, huyền, hỏi, ngã, nặng
_VNI_PLAIN_MARKS = ("ù", "ø", "û", "õ", "ï")                     # on a, e, o, u, y, ơ, ư
_VNI_HAT_MARKS = ("á", "à", "å", "ã", "ä")                       # on â, ê, ô (the hat and a tone)
_VNI_BREVE_MARKS = ("é", "è", "ú", "ü", "ë")                     # on ă (the breve and a tone)
_VNI_I = ("í", "ì", "æ", "ó", "ò")                               # i with each tone: one character


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for upper in (False, True):
        def case(text: str, upper: bool = upper) -> str:
            return text.upper() if upper else text

        bases = {"a": "a", "e": "e", "o": "o", "u": "u", "y": "y", "ô": "ơ", "ö": "ư"}
        for source, letter in bases.items():
            for mark, tone in zip(_VNI_PLAIN_MARKS, _TONES):
                table[case(source) + case(mark)] = case(_nfc(letter + tone))
        for vowel in "aeo":
            table[case(vowel) + case("â")] = case(_nfc(vowel + "\u0302"))
            for mark, tone in zip(_VNI_HAT_MARKS, _TONES):
                table[case(vowel) + case(mark)] = case(_nfc(vowel + "\u0302" + tone))
        table[case("a") + case("ê")] = case("ă")
        for mark, tone in zip(_VNI_BREVE_MARKS, _TONES):
            table[case("a") + case(mark)] = case(_nfc("a\u0306" + tone))
        for mark, tone in zip(_VNI_I, _TONES):
            table[case(mark)] = case(_nfc("i" + tone))
        table[case("î")] = case("ỵ")
        table[case("ô")] = case("ơ")
        table[case("ö")] = case("ư")
        table[case("ñ")] = case("đ")
    return table


VNI_TABLE = _vni_table()

# -- Vietnamese syllables -----------------------------------------------------------------------

_VIETNAMESE_LETTERS = set(_TCVN3_TARGET.lower() + _TCVN3_TARGET.upper() + "abcdeghiklmnopqrstuvxyABCDEGHIKLMNOPQRSTUVXY")
_UNICODE_ONLY = re.compile("[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]")
_CANDIDATE = re.compile("[\u00a1-\u00ff]")
_SYLLABLE = re.compile(
    r"(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    r"(uyê|uya|oai|oay|oeo|uây|uôi|ươi|ươu|yêu|iêu|"
    r"ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|uơ|uy|ưa|ưi|ươ|ưu|yê|"
    r"[aăâeêioôơuưy])"
    r"(ch|ng|nh|[cmnpt])?"
)
_LEGACY_CHARACTERS = set(TCVN3_TABLE) | {ch for key in VNI_TABLE for ch in key}
_TOKEN = re.compile(r"(?:[^\W\d_]|[" + re.escape("".join(sorted(_LEGACY_CHARACTERS))) + "])+")


def is_vietnamese_word(word: str) -> bool:
    """Whether ``word`` is one Vietnamese syllable (or ASCII letters only: an abbreviation, a name)."""
    if word.isascii():
        return word.isalpha()
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in decomposed if ch in _TONES)
    if tones > 1:
        return False
    bare = _nfc("".join(ch for ch in decomposed if ch not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def _tokens(text: str) -> list[str]:
    """Words, with the legacy characters inside them (``§¹t``, ``M\xadêng``) kept as part of the word."""
    return _TOKEN.findall(text)


def _valid(token: str) -> bool:
    return token.isalpha() and is_vietnamese_word(token)


def _all_vietnamese(text: str) -> bool:
    found = _tokens(text)
    return bool(found) and all(_valid(token) for token in found)


def _share_vietnamese(text: str) -> float:
    found = _tokens(text)
    return sum(1 for token in found if _valid(token)) / len(found) if found else 0.0


def vietnamese_score(text: str) -> int:
    """Words of ``text`` that are Vietnamese with a non-ASCII letter, minus words that are not Vietnamese:
    how much better one reading of bytes is than another (ASCII words count for neither)."""
    score = 0
    for token in _tokens(text):
        if token.isascii():
            continue
        score += 1 if _valid(token) else -1
    return score


def _looks_encoded(text: str) -> bool:
    """A legacy character inside a word of ASCII letters (``§¹t``, ``Vieät``), or several such words:
    one symbol on its own (``© 2026``) is no encoding."""
    found = _tokens(text)
    mixed = [token for token in found if not token.isascii() and re.search("[A-Za-z]", token)]
    return bool(mixed) or sum(1 for token in found if not token.isascii()) >= 2


def convert(text: str, encoding: str) -> str:
    """``text`` read as ``encoding`` (:data:`TCVN3` or :data:`VNI`), as Unicode NFC."""
    if encoding == TCVN3:
        return _nfc("".join(TCVN3_TABLE.get(ch, ch) for ch in text))
    if encoding == VNI:
        out: list[str] = []
        index = 0
        while index < len(text):
            pair = text[index:index + 2]
            if len(pair) == 2 and pair in VNI_TABLE:
                out.append(VNI_TABLE[pair])
                index += 2
                continue
            out.append(VNI_TABLE.get(text[index], text[index]))
            index += 1
        return _nfc("".join(out))
    raise ValueError(f"unknown encoding {encoding!r}")


@dataclass(frozen=True)
class LegacyText:
    """A text found in a legacy encoding: ``text`` is the converted text when ``converted``, else the
    original; ``encodings`` names the encoding (one when converted; the likely ones when suspect)."""

    original: str
    text: str
    encodings: tuple[str, ...]
    converted: bool

    @property
    def encoding_label(self) -> str:
        return " hoặc ".join(self.encodings)


def utf8_misread(text: str) -> str | None:
    """``text`` as it was before its UTF-8 bytes were read as Windows-1252 (or Latin-1), or None when it
    cannot have been (a character outside those code pages, bytes that are no UTF-8, nothing changed)."""
    try:
        raw = bytes(_CP1252_BYTES.get(ch, ord(ch)) for ch in text)
    except ValueError:           # a character past U+00FF that Windows-1252 does not have
        return None
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return _nfc(fixed) if fixed != text else None


def read_legacy(text: str) -> LegacyText | None:
    """None when ``text`` needs nothing; else what it is in TCVN3 / VNI, or UTF-8 read as Windows-1252
    (``VÆ°á»£t`` for ``Vượt``: a CSV opened with the wrong encoding) — see the module docstring."""
    if not text or text.isascii() or not _CANDIDATE.search(text) or _UNICODE_ONLY.search(text):
        return None
    if _all_vietnamese(text):
        return None
    fixed = utf8_misread(text)
    if fixed is not None and _all_vietnamese(fixed):
        return LegacyText(text, fixed, (UTF8_MISREAD,), True)
    if not _looks_encoded(text):
        return None
    readings = {encoding: convert(text, encoding) for encoding in (TCVN3, VNI)}
    clean = [encoding for encoding, converted in readings.items() if _all_vietnamese(converted)]
    if len(clean) == 1:
        return LegacyText(text, readings[clean[0]], (clean[0],), True)
    if len(clean) == 2:
        return LegacyText(text, text, (TCVN3, VNI), False)
    shares = {encoding: _share_vietnamese(converted) for encoding, converted in readings.items()}
    if max(shares.values()) < SUSPECT_SHARE or max(shares.values()) <= _share_vietnamese(text):
        return None       # no better as TCVN3 or VNI: symbols of its own (©, ±, µ…), not an encoding
    likely = tuple(encoding for encoding in (TCVN3, VNI) if shares[encoding] == max(shares.values()))
    return LegacyText(text, text, likely, False)
