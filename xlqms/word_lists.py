"""Word list numbering (ECMA-376 Part 1 §17.9): the label Word shows before a list paragraph.

:class:`ListLabels` reads a document's numbering definitions and its numbered paragraph styles
(``List Number``, ``List Bullet``) through python-docx's public objects (the numbering part's
``blob``, the styles' ``element``), and, paragraph by paragraph in document order, gives the label
Word draws: ``1.``, ``a)``, ``II.``, ``-`` for a bullet — so that an objective numbered by Word
reads as one numbered by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NUMBERING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def integer(text, default: int) -> int:
    """An integer attribute as written (``w:val="2"``); ``default`` when it is missing or not a number."""
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        return default


def val(element, default):
    """The ``w:val`` of ``element``, or ``default`` when there is no element or no value."""
    if element is None:
        return default
    return element.get(_w("val"), default)



@dataclass
class _Numbering:
    abstract_of: dict = field(default_factory=dict)     # numId -> abstractNumId
    overrides: dict = field(default_factory=dict)       # numId -> {ilvl: start}
    levels: dict = field(default_factory=dict)          # abstractNumId -> {ilvl: (fmt, text, start)}


def _numbering(document) -> _Numbering:

    numbering = _Numbering()
    try:
        part = document.part.part_related_by(_NUMBERING_REL)
    except KeyError:
        return numbering
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(part.blob, parser)
    for abstract in root.iter(_w("abstractNum")):
        levels = {}
        for level in abstract.iter(_w("lvl")):
            ilvl = integer(level.get(_w("ilvl")), 0)
            fmt = val(level.find(_w("numFmt")), "decimal")
            text = val(level.find(_w("lvlText")), "")
            start = integer(val(level.find(_w("start")), None), 1)
            levels[ilvl] = (fmt, text, start)
        numbering.levels[abstract.get(_w("abstractNumId"))] = levels
    for num in root.iter(_w("num")):
        num_id = num.get(_w("numId"))
        numbering.abstract_of[num_id] = val(num.find(_w("abstractNumId")), None)
        overrides = {}
        for override in num.iter(_w("lvlOverride")):
            start = override.find(_w("startOverride"))
            if start is not None:
                overrides[integer(override.get(_w("ilvl")), 0)] = integer(val(start, None), 1)
        numbering.overrides[num_id] = overrides
    return numbering


def _numbered_styles(document) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry list numbering (e.g. 'List Bullet'): style id → (numId, ilvl)."""
    styles = {}
    for style in document.styles.element.iter(_w("style")):
        num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
        if num_pr is not None:
            num_id = val(num_pr.find(_w("numId")), None)
            if num_id and num_id != "0":
                styles[style.get(_w("styleId"))] = (num_id, integer(val(num_pr.find(_w("ilvl")), None), 0))
    return styles


def _roman(number: int) -> str:
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for value, letters in numerals:
        while number >= value:
            out, number = out + letters, number - value
    return out


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("upperRoman",):
        return _roman(value)
    if fmt in ("lowerRoman",):
        return _roman(value).lower()
    if fmt in ("upperLetter", "lowerLetter"):
        letter = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(value - 1) % 26] * ((value - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


class ListLabels:
    """The labels of a document's list paragraphs, counted in document order."""

    def __init__(self, document):
        self.numbering = _numbering(document)
        self.numbered_styles = _numbered_styles(document)
        self.counters: dict[tuple[str | None, int], int] = {}
        self.started: set[str] = set()

    def label(self, properties) -> str | None:
        """The label Word shows before a list paragraph ('1.', 'a)', 'II.'), '-' for a bullet; None."""
        if properties is None:
            return None
        num_pr = properties.find(_w("numPr"))
        num_id, level = None, 0
        if num_pr is not None:
            num_id = val(num_pr.find(_w("numId")), None)
            level = integer(val(num_pr.find(_w("ilvl")), None), 0)
        if num_id is None:
            style = val(properties.find(_w("pStyle")), None)
            if style in self.numbered_styles:
                num_id, level = self.numbered_styles[style]
        if not num_id or num_id == "0":
            return None
        abstract = self.numbering.abstract_of.get(num_id)
        levels = self.numbering.levels.get(abstract, {})
        fmt, text, start = levels.get(level, ("bullet", "", 1))
        if fmt in ("bullet", "none"):
            return "-" if fmt == "bullet" else ""
        overrides = self.numbering.overrides.get(num_id, {})
        if num_id not in self.started and overrides:
            for ilvl in overrides:
                self.counters.pop((abstract, ilvl), None)
        self.started.add(num_id)
        key = (abstract, level)
        if key in self.counters:
            self.counters[key] += 1
        else:
            self.counters[key] = overrides.get(level, start)
        for deeper in [k for k in self.counters if k[0] == abstract and k[1] > level]:
            del self.counters[deeper]
        label = text or f"%{level + 1}."
        for ilvl in range(level + 1):
            counted = self.counters.get((abstract, ilvl))
            value = counted if counted is not None else int(levels.get(ilvl, ("decimal", "", 1))[2] or 0)
            ilvl_fmt = levels.get(ilvl, ("decimal", "", 1))[0]
            label = label.replace(f"%{ilvl + 1}", _format_number(value, ilvl_fmt))
        return label.strip()
