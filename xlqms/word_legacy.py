"""A Word decision typed in a pre-Unicode Vietnamese encoding (TCVN3 ".VnTime", VNI), read as Unicode.

Old decisions, and .doc files copied from year to year, may still be typed in TCVN3 or VNI fonts:
their text reaches python-docx as Latin letters and symbols ("Môc tiªu" for "Mục tiêu"), and no
header of the objectives table would match. :func:`unicode_document` converts every paragraph
and cell of such a document with :mod:`xlqms.legacy_text`: a text that reads as Vietnamese in
exactly one encoding is converted; a text that could be either is converted with the encoding of
the rest of the document; Unicode and plain ASCII text are kept. Capitals typed in the ".VnTimeH"
fonts come out in lower case (the font drew them as capitals). Pure: document in, document out.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from xlqms.legacy_text import LegacyText, convert, read_legacy
from xlqms.word_tables import WordDocument, WordParagraph, WordTable

MINIMUM_TEXTS = 3     # fewer legacy texts than this: a stray symbol, not a document in TCVN3 / VNI


def unicode_document(document: WordDocument) -> tuple[WordDocument, str | None, int]:
    """(the document with its legacy-encoded texts converted, the encoding or None, texts converted).

    In a Unicode document only the soft hyphens (U+00AD, invisible) are taken out. In a document
    mostly typed in TCVN3 or VNI, a text of Latin-1 letters that reads as Vietnamese either way
    ("Bá", which is "Bỏ" in TCVN3) is converted too; a text with letters beyond Latin-1 (ư, ơ, ạ…)
    is Unicode already and is kept.
    """
    texts = [text for text in _texts(document) if text.strip()]
    readings = {text: read_legacy(text) for text in texts}
    encodings = Counter(reading.encodings[0] for reading in readings.values()
                        if reading is not None and reading.converted)
    legacy = sum(encodings.values())
    encoding = encodings.most_common(1)[0][0] if legacy >= MINIMUM_TEXTS else None
    mostly_legacy = encoding is not None and legacy * 2 >= sum(1 for text in texts if not text.isascii())
    converted = 0

    def unicode(text: str) -> str:
        nonlocal converted
        if encoding is None:
            return text.replace("\u00ad", "")
        reading: LegacyText | None = readings[text] if text in readings else read_legacy(text)
        if reading is not None and reading.converted:
            converted += 1
            return reading.text
        if (reading is not None and encoding in reading.encodings) or \
                (reading is None and mostly_legacy and not text.isascii() and all(ord(ch) < 0x100 for ch in text)):
            converted += 1
            return convert(text, encoding)
        return text

    blocks = [_converted(block, unicode) for block in document.blocks]
    header_lines = [unicode(line) for line in document.header_lines]
    return WordDocument(blocks, header_lines), encoding, converted


def _texts(document: WordDocument):
    for block in document.blocks:
        yield from _block_texts(block)
    yield from document.header_lines


def _block_texts(block):
    if isinstance(block, WordParagraph):
        yield from block.text.split("\n")
    elif isinstance(block, WordTable):
        for row in block.rows:
            for cell in row.cells:
                yield from cell.lines
                for inner in cell.blocks:
                    yield from _block_texts(inner)


def _converted(block, unicode):
    if isinstance(block, WordParagraph):
        return replace(block, text="\n".join(unicode(line) for line in block.text.split("\n")))
    rows = tuple(replace(row, cells=tuple(replace(cell, lines=tuple(unicode(line) for line in cell.lines),
                                                  blocks=tuple(_converted(inner, unicode) for inner in cell.blocks))
                                          for cell in row.cells))
                 for row in block.rows)
    return replace(block, rows=rows)
