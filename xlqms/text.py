"""Text helpers: Unicode normalisation, header keys, ASCII slugs, spreadsheet-safe strings."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def nfc(text: object) -> str:
    """NFC-normalised text with outer spaces stripped; non-strings become their str()."""
    if text is None:
        return ""
    return unicodedata.normalize("NFC", str(text)).strip()


def header_key(text) -> str:
    """The key headers and sheet names are matched by: NFC, case-folded, spaces collapsed."""
    return _SPACES.sub(" ", nfc(text)).casefold()


def same_name(left, right) -> bool:
    """Compare two names the way officials mean them (NFC, case and spacing ignored)."""
    return header_key(left) == header_key(right)


def ascii_slug(text: str, max_length: int = 60) -> str:
    """A file-name-safe ASCII rendering of Vietnamese text: 'Phường Lộc An' -> 'Phuong_Loc_An'."""
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    slug = re.sub(r"[^A-Za-z0-9]+", "_", stripped).strip("_")
    return slug[:max_length].rstrip("_")


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value) -> bool:
    """True for text a spreadsheet would take as a formula if written naively."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)
