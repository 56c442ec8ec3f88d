"""Text helpers: Unicode normalisation, header keys, ASCII slugs, spreadsheet-safe strings."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


def nfc(text: object) -> str:
    """NFC-normalised text with outer spaces stripped; non-strings become their str()."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", str(text)).strip()


# Characters of the Symbol font as Word and LibreOffice keep them (private-use code points
# U+F020–U+F0FF, or w:sym codes): the mathematical ones a target uses, as Unicode.
SYMBOL_FONT = {0x3C: "<", 0x3D: "=", 0x3E: ">", 0xA3: "≤", 0xB3: "≥", 0xB1: "±", 0xB4: "×", 0xB8: "÷",
               0xB9: "≠", 0xBB: "≈", 0xAE: "→", 0xAC: "←", 0xB7: "•", 0xA5: "∞", 0x25: "%", 0x2B: "+",
               0x2D: "−", 0x20: " "}
_SYMBOL_PRIVATE = {0xF000 + code: text for code, text in SYMBOL_FONT.items()}


def symbols_as_unicode(text: str) -> str:
    """``text`` with the Symbol font's private-use characters ("\uf0b3" for ≥) as Unicode."""
    return text.translate(_SYMBOL_PRIVATE)


def header_key(text) -> str:
    """The key headers and sheet names are matched by: NFC, case-folded, spaces collapsed."""
    if isinstance(text, str) and len(text) <= 200:
        return _text_key(text)
    return _SPACES.sub(" ", nfc(text)).casefold()


@lru_cache(maxsize=8192)
def _text_key(text: str) -> str:
    """:func:`header_key` of a short text (the same headers and codes come back in every file)."""
    return _SPACES.sub(" ", nfc(text)).casefold()


def same_name(left, right) -> bool:
    """Compare two names the way officials mean them (NFC, case and spacing ignored, and what no
    workbook can hold — control characters, terminal sequences, bidirectional controls — left out as
    :func:`xml_text` leaves it out: a name typed with them in campaign.xlsx is the same name when it
    comes back from the unit workbook that was written without them)."""
    return header_key(xml_text(left)) == header_key(xml_text(right))


def ascii_slug(text: str, max_length: int = 60) -> str:
    """A file-name-safe ASCII rendering of Vietnamese text: 'Phường Lộc An' -> 'Phuong_Loc_An'."""
    text = nfc(xml_text(text)).replace("đ", "d").replace("Đ", "D")     # a terminal sequence left out whole
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    slug = re.sub(r"[^A-Za-z0-9]+", "_", stripped).strip("_")
    return slug[:max_length].rstrip("_")


def distinct_file_names(names: dict) -> dict:
    """``names`` (key -> file name) with the names that would land on one file made distinct: two units
    whose codes slug alike (``X/1`` and ``X_1``), or differ only in case (one file on Windows and macOS),
    each get ``_`` and six hex digits of their key's SHA-256 before the extension. Depends only on
    ``names``: the same campaign always gives the same names."""
    groups: dict[str, list] = {}
    for key, name in names.items():
        groups.setdefault(unicodedata.normalize("NFC", name).casefold(), []).append(key)
    result = dict(names)
    for keys in groups.values():
        if len(keys) > 1:
            for key in keys:
                stem, dot, extension = names[key].rpartition(".")
                mark = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:6]
                result[key] = f"{stem}_{mark}.{extension}" if dot else f"{names[key]}_{mark}"
    return result


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    """True for text a spreadsheet would take as a formula if written naively."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


ERROR_VALUE_TEXTS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
"""The texts openpyxl writes as an error value (``t="e"``) unless told otherwise: typed as text
(``#N/A`` in Thuyết minh), they must stay text in every workbook xlqms writes."""


def must_stay_text(value) -> bool:
    """True for text a workbook writer would turn into something else (a formula, an error value)."""
    return isinstance(value, str) and (value.startswith(FORMULA_PREFIXES) or value in ERROR_VALUE_TEXTS)


# -- user text in outputs (issue 15: text is data everywhere) -----------------------------------------

_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
"""Embeddings, overrides and isolates (Unicode's bidirectional controls): invisible, they reorder what
follows them — a name could show as another ("Trojan Source"). Vietnamese never needs them."""
_XML_ILLEGAL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff{_BIDI_CONTROLS}]")
_LINE_BREAKS = {"\x0b": "\n", "\x0c": "\n"}     # a line break pasted from Word is a vertical tab
_OOXML_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_TERMINAL_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_CONTROLS}]")


_TERMINAL_SEQUENCE = re.compile("\x1b(?:\\[[0-?]*[ -/]*[@-~]|[@-Z\\\\-_])")   # ECMA-48 CSI and 2-byte sequences


def xml_text(value) -> str:
    """Text any XML output can hold (.docx, .xlsx): a terminal escape sequence (``ESC[31m``) removed
    whole, the other characters XML 1.0 forbids and the bidirectional controls (U+202A–E, U+2066–9)
    removed, a vertical tab or form feed (a line break pasted from Word) made a line break."""
    text = value if isinstance(value, str) else str(value)
    if not _XML_ILLEGAL.search(text):
        return text
    text = _TERMINAL_SEQUENCE.sub("", text)
    return _XML_ILLEGAL.sub(lambda match: _LINE_BREAKS.get(match.group(0), ""), text)


def sheet_text(value) -> str:
    """Text for a cell of a workbook xlqms writes: :func:`xml_text`, and a literal ``_x000B_`` kept
    literal (Excel would read ``_xHHHH_`` as an escaped character: its underscore is escaped)."""
    text = xml_text(value)
    if "_x" in text:
        text = _OOXML_ESCAPE.sub(r"_x005F_\1", text)
    return text


def terminal_text(value) -> str:
    """Text safe to print on a terminal: control characters — the escape that starts a terminal
    sequence first — shown as ``\\x1b``, bidirectional controls as ``\\u202e``, never obeyed (a tab
    and a new line kept)."""
    text = value if isinstance(value, str) else str(value)
    if not _TERMINAL_CONTROL.search(text):
        return text
    return _TERMINAL_CONTROL.sub(lambda match: _escaped(match.group(0)), text)


def _escaped(character: str) -> str:
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_BIDI = re.compile(f"[{_BIDI_CONTROLS}]")


def json_text(dumped: str) -> str:
    """JSON text (``json.dumps(..., ensure_ascii=False)``) with the bidirectional controls written as
    ``\\u202e`` escapes: the data is the same, but never reorders a terminal or an editor showing it
    (the other control characters are escaped by ``json`` itself)."""
    if not _BIDI.search(dumped):
        return dumped
    return _BIDI.sub(lambda match: f"\\u{ord(match.group(0)):04x}", dumped)


_SURROGATE = re.compile("[\ud800-\udfff]")


def path_text(value) -> str:
    """A path or file name as text that can be stored, journaled and printed: bytes that are not
    UTF-8 in a name (Python keeps them as lone surrogates) shown as ``\\xff``, the rest unchanged."""
    text = value if isinstance(value, str) else str(value)
    if not _SURROGATE.search(text):
        return text
    try:
        data = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:     # a lone surrogate that stands for no byte
        data = text.encode("utf-8", "backslashreplace")
    return data.decode("utf-8", "backslashreplace")


def csv_cell(value):
    """A value for a CSV xlqms writes: None -> '', booleans 'true'/'false', text made XML-safe and,
    when it starts with ``= + - @``, a tab or a carriage return, prefixed with an apostrophe so that
    Excel or LibreOffice never run it as a formula (OWASP CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        value = xml_text(value)
        if looks_like_formula(value):
            return "'" + value
    return value


def csv_value(text: str) -> str:
    """The value a CSV cell written by :func:`csv_cell` stands for (the apostrophe removed again)."""
    if text.startswith("'") and looks_like_formula(text[1:]):
        return text[1:]
    return text
