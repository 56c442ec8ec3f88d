"""Who issues a document: a unit as it appears in an official document's header, prose and signature.

“UBND xã Lộc An” (a unit's name, with or without its level word and “Ủy ban nhân dân”) becomes the
header lines “ỦY BAN NHÂN DÂN / XÃ LỘC AN”, the short name “UBND xã Lộc An”, the way the body names
itself in its text (“UBND xã”), its place for the date line (“Lộc An”), the number line
(“Số: …/BC-UBND”) and the suggested signing lines (“TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH”) —
Decree 30/2020/NĐ-CP, seeds 001 and 004. Pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlqms.text import header_key, nfc

PLACEHOLDER = "…"
"""A blank the official fills (highlighted in a document)."""

# Level words that begin a People's Committee's name, longest first.
LEVEL_WORDS = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")
_BODY_PREFIXES = ("ủy ban nhân dân", "uỷ ban nhân dân", "ubnd")


@dataclass(frozen=True)
class Issuer:
    """How a unit appears in an official document."""

    code: str
    body_lines: tuple[str, ...]        # ("ỦY BAN NHÂN DÂN", "XÃ LỘC AN")
    short_name: str                    # "UBND xã Lộc An"
    self_reference: str                # "UBND xã": how the body names itself in the text
    place: str                         # "Lộc An"
    number: str                        # "Số: …/BC-UBND"
    signing: tuple[str, ...]           # ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")


def split_body_name(name: str, level: str = "") -> tuple[str, str, bool]:
    """(level word, place, is a People's Committee) of a unit name such as “UBND xã Lộc An”."""
    text = nfc(name)
    committee = False
    for prefix in _BODY_PREFIXES:
        if header_key(text).startswith(prefix + " "):
            text, committee = text[len(prefix):].strip(), True
            break
    for word in LEVEL_WORDS:
        if header_key(text).startswith(word + " "):
            return word, text[len(word):].strip(), True
    if level and header_key(level) in LEVEL_WORDS:
        return header_key(level), text, True
    return "", text, committee


def issuer_of(code: str, name: str, level: str = "", fallback_place: str = "") -> Issuer:
    """The header, short name, place and signing authority of a unit, from its name and level."""
    word, place, committee = split_body_name(name, level)
    if committee:
        full = f"{word} {place}".strip()
        return Issuer(
            code=code,
            body_lines=("ỦY BAN NHÂN DÂN", full.upper()) if full else ("ỦY BAN NHÂN DÂN",),
            short_name=f"UBND {full}".strip(),
            self_reference=f"UBND {word}".strip(),
            place=place or fallback_place or PLACEHOLDER,
            number="Số: …/BC-UBND",
            signing=("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"),
        )
    name = nfc(name)
    return Issuer(code=code, body_lines=(name.upper(),), short_name=name, self_reference=name,
                  place=fallback_place or PLACEHOLDER, number="Số: …/BC", signing=("THỦ TRƯỞNG CƠ QUAN",))
