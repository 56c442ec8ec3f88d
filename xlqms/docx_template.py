"""A .docx built once by python-docx with tokens in its text, filled per report by splicing text.

Thousands of unit reports share a few layouts (the same objectives, the same kind of issuer): each
layout is rendered once, with a token such as ``⟦short⟧`` wherever a unit's text goes, and saved;
then each report is that document's bytes with the tokens replaced — the fixed parts (styles,
settings, header, fonts) copied as they are, already compressed (:mod:`xlqms.zip_parts`). A few
milliseconds a report instead of tens, and no python-docx objects kept per report.

Two kinds of token, in the text of a run (``<w:t>``) only — never in a tag or an attribute, where
escaping differs (checked when the template is made):

* ``⟦name⟧`` — replaced by the text of ``name``, escaped; a line break in it becomes ``<w:br/>``;
* ``⟦*name⟧`` — a list: the whole paragraph holding it is repeated once per item of ``name``
  (each item replacing the token), and removed when the list is empty.

The direct rendering (python-docx, with the real text) stays the reference: the tests compare the
text of a filled template with it.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from xml.sax.saxutils import escape

from xlqms.errors import XlqmsError
from xlqms.text import xml_text
from xlqms.zip_parts import Part, part, zip_archive, zip_stamp

DOCUMENT_PART = "word/document.xml"
TOKEN = re.compile(r"⟦(\*?)([A-Za-z0-9_.]+)⟧")
_PARAGRAPH_START = re.compile(r"<w:p[ >]")
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'


def token(name: str) -> str:
    """The token of a text: ``⟦name⟧``."""
    return f"⟦{name}⟧"


def list_token(name: str) -> str:
    """The token of a list: the paragraph holding ``⟦*name⟧`` is repeated once per item."""
    return f"⟦*{name}⟧"


class TemplateSpliceError(XlqmsError):
    """A token landed where a splice is not known to be safe (a bug in the layout that placed it)."""


@dataclass(frozen=True)
class _Repeat:
    name: str
    paragraph: str                       # the paragraph's XML, holding ⟦*name⟧


@dataclass(frozen=True)
class DocxTemplate:
    """The fixed parts of a document and its body in pieces: text with tokens, and repeated paragraphs."""

    parts: tuple[Part, ...]              # every part but the document, compressed
    pieces: tuple[str | _Repeat, ...]    # word/document.xml, in order
    stamp: tuple[int, int]

    @classmethod
    def from_document(cls, document) -> DocxTemplate:
        """Save a python-docx Document holding tokens and cut its body into pieces."""
        buffer = BytesIO()
        document.save(buffer)
        parts, xml = [], ""
        with zipfile.ZipFile(BytesIO(buffer.getvalue())) as archive:
            for info in archive.infolist():
                data = archive.read(info.filename)
                if info.filename == DOCUMENT_PART:
                    xml = data.decode("utf-8")
                else:
                    parts.append(part(info.filename, data))
        _check_splices(xml)
        xml = xml.replace("<w:t>⟦", '<w:t xml:space="preserve">⟦')
        return cls(tuple(parts), tuple(_pieces(xml)), zip_stamp())

    def fill(self, values: Mapping[str, str | Sequence[str]]) -> bytes:
        """The bytes of one document: every token replaced by its value (raises KeyError for a missing one)."""
        chunks: list[str] = []
        for piece in self.pieces:
            if isinstance(piece, str):
                chunks.append(_substitute(piece, values))
                continue
            items = values[piece.name]
            if isinstance(items, str):
                raise TypeError(f"{piece.name}: a list is expected")
            marker = list_token(piece.name)
            for item in items:
                chunks.append(_substitute(piece.paragraph.replace(marker, _text(item)), values))
        document = "".join(chunks).encode("utf-8")
        return zip_archive((*self.parts, part(DOCUMENT_PART, document)), self.stamp)

    @property
    def names(self) -> set[str]:
        """Every token name the template needs."""
        found: set[str] = set()
        for piece in self.pieces:
            text = piece if isinstance(piece, str) else piece.paragraph
            found.update(match.group(2) for match in TOKEN.finditer(text))
        return found


def _text(value: str) -> str:
    """A value as run text: what XML forbids dropped (a vertical tab becomes a line break, as
    :func:`xlqms.text.xml_text` does for python-docx), escaped, line breaks as ``<w:br/>``."""
    return escape(xml_text(value)).replace("\n", _BREAK)


def _substitute(xml: str, values: Mapping[str, str | Sequence[str]]) -> str:
    def replace(match: re.Match) -> str:
        value = values[match.group(2)]
        if not isinstance(value, str):
            raise TypeError(f"{match.group(2)}: a text is expected")
        return _text(value)

    return TOKEN.sub(replace, xml)


def _check_splices(xml: str) -> None:
    """Every token sits in the text of a ``<w:t>`` element (never in a tag or an attribute)."""
    for match in TOKEN.finditer(xml):
        opening = xml.rfind("<", 0, match.start())
        if opening < 0 or xml.rfind(">", 0, match.start()) < opening:
            raise TemplateSpliceError(f"{match.group(0)} is inside a tag")
        tag = xml[opening + 1:xml.index(">", opening)].split()[0].rstrip("/")
        closing = xml.find("<", match.end())
        if tag != "w:t" or not xml.startswith("</w:t>", closing):
            raise TemplateSpliceError(f"{match.group(0)} is not in the text of a run (<{tag}>)")


def _pieces(xml: str) -> list[str | _Repeat]:
    """Cut ``xml`` at each paragraph holding a list token."""
    pieces: list[str | _Repeat] = []
    position = 0
    for match in TOKEN.finditer(xml):
        if not match.group(1) or match.start() < position:
            continue
        start = max(found.start() for found in _PARAGRAPH_START.finditer(xml, position, match.start()))
        end = xml.index("</w:p>", match.end()) + len("</w:p>")
        pieces.append(xml[position:start])
        pieces.append(_Repeat(match.group(2), xml[start:end]))
        position = end
    pieces.append(xml[position:])
    return pieces
