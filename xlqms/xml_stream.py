"""XML of returned files, parsed fast and safely: no DTD, no entities, streamed in chunks.

An XML document can declare entities only in a DOCTYPE, and a DOCTYPE can stand only in the
prolog, before the root element. So the prolog is checked once (declaration, comments,
processing instructions, white space): without a DOCTYPE the document cannot expand or fetch
anything, and a C parser reads it — a whole document with lxml (libxml2, entities never resolved,
no network, comments and processing instructions left out: about twice as fast as the standard
library's tree builder on a results sheet, which matters for 3,000 files), a stream with the
standard library's pull parser. Any other document — a DOCTYPE, a prolog longer than
:data:`PROLOG_BYTES`, UTF-16 — goes through defusedxml, which refuses entities. Both kinds of tree
are read through the ElementTree API they share (``tag``, ``text``, ``get``, ``iter``, children).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import XMLPullParser

from defusedxml.ElementTree import fromstring as _safe_fromstring
from defusedxml.ElementTree import iterparse as _safe_iterparse
from lxml import etree as _lxml

CHUNK_BYTES = 64 * 1024
PROLOG_BYTES = 16 * 1024

_PROLOG_ITEM = re.compile(rb"\s+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_PARSER = _lxml.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True,
                          remove_pis=True, huge_tree=False)


def plain_prolog(head: bytes) -> bool:
    """Whether ``head`` (the document's first bytes) reaches its root element with no DOCTYPE before it."""
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    position = 0
    while position < len(head):
        match = _PROLOG_ITEM.match(head, position)
        if match is None:
            break
        position = match.end()
    rest = head[position:position + 2]
    return len(rest) == 2 and rest[:1] == b"<" and rest[1:2] not in (b"!", b"?", b"\x00")


def parse_xml(data: bytes) -> Any:
    """The root element of a small XML document (raises ``lxml.etree.XMLSyntaxError``, or
    ``xml.etree.ElementTree.ParseError`` or a defusedxml error, for a document it refuses)."""
    if plain_prolog(data[:PROLOG_BYTES]):
        return _lxml.fromstring(data, _PARSER)
    return _safe_fromstring(data)


def iter_xml(stream, events: tuple[Any, ...] = ("start", "end")) -> Iterator[Any]:
    """``(event, element)`` pairs of an XML stream, read chunk by chunk (memory bounded by the caller
    clearing the elements it is done with)."""
    head = stream.read(CHUNK_BYTES)
    if not plain_prolog(head[:PROLOG_BYTES]):
        yield from _safe_iterparse(_Rewound(head, stream), events=events)
        return
    parser: XMLPullParser = XMLPullParser(events=events)
    chunk = head
    while chunk:
        parser.feed(chunk)
        yield from parser.read_events()
        chunk = stream.read(CHUNK_BYTES)
    parser.close()
    yield from parser.read_events()


class _Rewound:
    """A stream whose first bytes were already read: they are given again first."""

    def __init__(self, head: bytes, stream):
        self._head = head
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        if self._head:
            head, self._head = (self._head, b"") if size < 0 or size >= len(self._head) else \
                (self._head[:size], self._head[size:])
            return head
        return self._stream.read(size)
