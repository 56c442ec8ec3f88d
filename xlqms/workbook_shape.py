"""A workbook built once with stand-ins, its parts spliced per unit: the fast path of generation.

:mod:`xlqms.generate` builds one workbook per *shape* (units with the same indicators) with stand-ins
where a unit's values go — a text token (:data:`TOKEN`) for its code, name and signature, a number
sentinel (:data:`NUMBER_SENTINEL`) for each previous-round cell — and :func:`split_parts` cuts its
zip parts once: a part without a stand-in is kept compressed as it is; a part with stand-ins is cut
at them, each constant piece deflated once into byte-aligned blocks (Z_FULL_FLUSH). Per unit,
:func:`splice_parts` deflates only the unit's own values between those pieces. A token is replaced
only where it is known to be plain text (:data:`SPLICE_TEXT_NODES`, :func:`splice_is_safe`);
anywhere else the caller builds each unit's workbook the plain way.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from xml.sax.saxutils import escape

from xlqms.zip_parts import Part, deflate, zip_archive

TOKEN = "@@XLQMS:{}@@"
"""A unit's text stand-in: ``TOKEN.format(key)``."""
NUMBER_SENTINEL = -9876543210000
"""The i-th previous-round cell of a shape holds this number minus i until a unit's value replaces it."""
NUMBER_MARKER = b"<v>-987654321"
"""How a number sentinel starts in a cell's ``<v>``."""


@dataclass(frozen=True)
class ShapePart:
    """One zip part of a shape: compressed bytes to copy as they are, or pieces to splice per unit."""

    name: str
    data: bytes | None = None        # compressed, for a part copied as is
    crc: int = 0
    size: int = 0
    pieces: tuple[tuple[str, bytes, bytes], ...] = ()   # a part holding tokens: (token or "", text, deflated)
    in_formula: bool = False         # tokens sit inside formula text constants ("…")


def _flushed(data: bytes) -> bytes:
    """``data`` deflated into byte-aligned blocks that more deflated blocks may follow (Z_FULL_FLUSH):
    a part holding tokens is deflated once between its tokens, and only the unit's values per unit."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FULL_FLUSH)


_LAST_BLOCK = zlib.compressobj(6, zlib.DEFLATED, -15).flush()
"""The empty final block that ends a deflate stream of flushed pieces."""


SPLICE_TEXT_NODES = {
    # part (or folder of parts) -> elements whose text may hold a unit token
    "xl/sharedStrings.xml": {"t"},
    "xl/worksheets/": {"t"},
    "xl/workbook.xml": {"definedName"},            # a formula text constant ("…"), quotes doubled
    "docProps/core.xml": {"dc:title"},
    "docProps/custom.xml": {"vt:lpwstr"},
    "xl/comments/": {"t"},                         # a previous-round cell's comment
}
"""Where :func:`fill_shape` may replace a unit token: text nodes only, of these elements only."""

_TOKEN_PATTERN = re.compile(re.escape(TOKEN.split("{}")[0]) + r"\w+" + re.escape(TOKEN.split("{}")[1]))
_STAND_IN = re.compile(_TOKEN_PATTERN.pattern + "|" + re.escape(NUMBER_MARKER.decode()) + r"\d+</v>")
"""A unit token, or a previous-round number sentinel as a cell's <v> holds it."""


def _pieces(text: str) -> tuple[tuple[str, bytes, bytes], ...]:
    """A part's XML cut at its stand-ins: the constant text deflated once, each stand-in left for the unit."""
    pieces: list[tuple[str, bytes, bytes]] = []
    start = 0
    for match in _STAND_IN.finditer(text):
        constant = text[start:match.start()].encode("utf-8")
        pieces += [("", constant, _flushed(constant)), (match.group(0), b"", b"")]
        start = match.end()
    rest = text[start:].encode("utf-8")
    pieces.append(("", rest, _flushed(rest)))
    return tuple(pieces)


def splice_is_safe(name: str, xml: str) -> bool:
    """Whether every token in part ``name`` sits in the text of an allowed element (never in a tag or
    an attribute, where escaping differs, nor anywhere not known to take plain text)."""
    allowed = next((elements for part, elements in SPLICE_TEXT_NODES.items()
                    if name == part or (part.endswith("/") and name.startswith(part))), set())
    for match in _TOKEN_PATTERN.finditer(xml):
        opening = xml.rfind("<", 0, match.start())
        if opening < 0 or xml.rfind(">", 0, match.start()) < opening:
            return False                                      # inside a tag: an attribute value
        tag = xml[opening + 1:xml.index(">", opening)].split()[0].rstrip("/")
        closing = xml.find("<", match.end())
        if tag not in allowed or not xml.startswith(f"</{tag}>", closing):
            return False
    return True



def split_parts(payload: bytes, numbers: bool) -> tuple[ShapePart, ...] | None:
    """The parts of the workbook ``payload`` as :func:`splice_parts` fills them (``numbers``: cut at
    number sentinels too); None when a token stands where a splice is not known to be safe."""
    members = []
    marker = TOKEN.split("{}")[0].encode()
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        for info in archive.infolist():
            data = archive.read(info.filename)
            if marker in data or (numbers and NUMBER_MARKER in data):
                text = data.decode("utf-8")
                if not splice_is_safe(info.filename, text):
                    return None
                members.append(ShapePart(info.filename, pieces=_pieces(text), in_formula=info.filename == "xl/workbook.xml"))
            else:
                members.append(ShapePart(info.filename, deflate(data), zlib.crc32(data), len(data)))
    return tuple(members)


def splice_parts(members: tuple[ShapePart, ...], stamp: tuple[int, int], tokens: dict[str, str],
                 numbers: dict[str, str]) -> bytes:
    """The workbook's bytes with each token replaced by ``tokens[token]`` (XML-escaped; quotes
    doubled inside a formula's text constant) and each number sentinel's ``<v>…</v>`` by
    ``numbers[…]``; zip entries stamped ``stamp`` (time, date)."""
    parts: list[Part] = []
    for member in members:
        if not member.pieces:
            assert member.data is not None      # a part copied as is carries its compressed bytes
            parts.append((member.name, member.data, member.crc, member.size))
            continue
        crc, size, chunks = 0, 0, []
        for stand_in, raw, packed in member.pieces:
            if stand_in:
                if stand_in in numbers:
                    text = numbers[stand_in]
                elif stand_in in tokens:
                    value = tokens[stand_in]
                    text = escape(value.replace('"', '""') if member.in_formula else value)
                else:
                    text = stand_in
                raw = text.encode("utf-8")
                packed = _flushed(raw)
            crc = zlib.crc32(raw, crc)
            size += len(raw)
            chunks.append(packed)
        parts.append((member.name, b"".join(chunks) + _LAST_BLOCK, crc, size))
    return zip_archive(parts, stamp)
