"""How much room a text takes in a wrapped spreadsheet cell: the lines it breaks into and the row height
they need.

Spreadsheets do not measure again the rows of a file they open — LibreOffice never does, Excel not for
a row given a height — so xlqms sizes the rows it writes itself, from this estimate. A row too short
clips its text; a row too tall wastes paper (and the overview must stay one printed page).

The estimate does what the applications do, for each application that may show the file
(:data:`RENDERERS`), and keeps the most lines any of them needs:

* **Widths of characters** from the fonts really drawn (``font_widths.json``, rebuilt by
  ``tools/font_widths.py``): LibreOffice without Microsoft's fonts (Debian, Ubuntu, CI) draws Calibri
  with DejaVu Sans and Times New Roman with Liberation Serif (DejaVu Serif for the Vietnamese
  letters Liberation Serif 1.x lacks); Excel draws Calibri (Carlito's metrics) and Times New Roman
  (Liberation Serif's metrics, every Vietnamese letter as wide as its base letter). Bold and italic
  have their own widths; a size scales them.
* **Width of a column**: a column-width unit is the width of a digit of the workbook's default font
  (Calibri 11 in every workbook xlqms writes): 7 points in LibreOffice drawing DejaVu Sans, 7 pixels
  (5,25 points) in Excel at 100 %; the cell's margins take a little of it.
* **Line breaking** (greedy, as both do): a line breaks after a space, or after a hyphen between
  letters (``QĐ-UBND``; never in ``3-4%``); a word that does not fit moves whole to the next line,
  and a word longer than a whole line is cut where the line is full. Spaces at the end of a line
  take no room; ``\\n`` starts a new line.
* A small safety margin (:data:`SAFETY`) for what is not modelled (kerning, hinting, rounding).

Pure computation: text and numbers in, numbers out.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

SERIF_FONTS = frozenset({"times new roman", "times", "liberation serif", "tinos", "dejavu serif", "cambria",
                         "caladea", "georgia", "book antiqua", "palatino linotype", "garamond", "vni-times",
                         ".vntime", "noto serif"})
"""Font names drawn with serif metrics; every other font is measured as a sans-serif like Calibri."""

SAFETY = 0.02
"""The share of a line's width kept free for what the model leaves out (kerning, hinting, rounding)."""

LINE_SPACING = 15.0 / 11.0
"""A line of wrapped text, in points per point of font size: 15 points for Calibri 11, as Excel spaces
it (LibreOffice needs less: 12,8 points for DejaVu Sans 11)."""

ROW_PADDING = 2.0
"""Points added to a row of wrapped lines (the cell's top and bottom margins)."""


@dataclass(frozen=True)
class TextFont:
    """The font of a cell's text, as the workbook names it."""

    name: str = "Calibri"
    size: float = 11.0
    bold: bool = False
    italic: bool = False

    @classmethod
    def of(cls, font) -> TextFont:
        """The :class:`TextFont` of an openpyxl ``Font`` (None or unnamed: Calibri, 11 points)."""
        if font is None:
            return cls()
        return cls(font.name or "Calibri", float(font.sz or 11), bool(font.b), bool(font.i))

    @property
    def serif(self) -> bool:
        return self.name.strip().lower() in SERIF_FONTS

    @property
    def style(self) -> str:
        return {(False, False): "regular", (True, False): "bold", (False, True): "italic",
                (True, True): "bold italic"}[(self.bold, self.italic)]


DEFAULT_FONT = TextFont()


@dataclass(frozen=True)
class Renderer:
    """An application that shows the workbook, as far as wrapping goes."""

    name: str
    sans: tuple[str, ...]           # the metric fonts a sans-serif cell is drawn with, tried in order
    serif: tuple[str, ...]          # the same for a serif cell
    unit_points: float              # one column-width unit, in points (a digit of Calibri 11, as drawn)
    padding_points: float           # the part of a column's width text cannot use (margins, grid line)
    base_letters: bool              # a letter the metric font lacks is as wide as its base letter


LIBREOFFICE = Renderer("LibreOffice", ("DejaVu Sans",), ("Liberation Serif", "DejaVu Serif"),
                       unit_points=0.63623046875 * 11, padding_points=3.0, base_letters=False)
"""LibreOffice where Calibri is not installed (Debian, Ubuntu, CI): DejaVu Sans for Calibri (its digit,
7 points, is the column-width unit), Liberation Serif for Times New Roman."""

EXCEL = Renderer("Excel", ("Carlito", "DejaVu Sans"), ("Liberation Serif", "DejaVu Serif"),
                 unit_points=5.25, padding_points=3.75, base_letters=True)
"""Microsoft Excel at 100 % (96 dpi): a digit of Calibri 11 is 7 pixels; 5 pixels of margins."""

RENDERERS = (LIBREOFFICE, EXCEL)


@cache
def _tables() -> tuple[str, dict]:
    data = json.loads(files("xlqms").joinpath("font_widths.json").read_text(encoding="utf-8"))
    return data["characters"], data["fonts"]


UNKNOWN_EM = 1.0
"""The width, in ems, of a character the table does not know (a CJK ideograph is one em)."""


class _Advances(dict):
    """Advances in ems by character; a character the table lacks: a combining mark takes no room,
    anything else :data:`UNKNOWN_EM` (remembered)."""

    def __missing__(self, char: str) -> float:
        width = 0.0 if unicodedata.combining(char) else UNKNOWN_EM
        self[char] = width
        return width


@cache
def _advances(renderer: Renderer, serif: bool, style: str) -> dict[str, float]:
    """Each character's advance in ems, for a cell drawn by ``renderer``; missing: the next font's,
    else (``base_letters``) the base letter's."""
    characters, fonts = _tables()
    widths = _Advances()
    chain = renderer.serif if serif else renderer.sans
    for family in reversed(chain):          # the first font wins: it is written last
        font = fonts[family]
        em = font["units_per_em"]
        for char, width in zip(characters, font[style]):
            if width is not None:
                widths[char] = width / em
        if renderer.base_letters and family == chain[0]:
            known = {char: width for char, width in zip(characters, font[style]) if width is not None}
            for char in characters:
                base = unicodedata.normalize("NFD", char)[0]
                if char not in known and base in known:
                    widths[char] = known[base] / em
    return widths


def text_points(text: str, font: TextFont = DEFAULT_FONT, renderer: Renderer = LIBREOFFICE) -> float:
    """The width of ``text`` on one line, in points, as ``renderer`` draws it in ``font``."""
    advances = _advances(renderer, font.serif, font.style)
    return font.size * sum(advances[char] for char in text)


def line_points(width: float, renderer: Renderer = LIBREOFFICE) -> float:
    """The room, in points, for a line of text in a column ``width`` units wide (several merged
    columns: their widths added), the safety margin taken off."""
    return max(renderer.unit_points * width - renderer.padding_points, 0.0) * (1 - SAFETY)


# A piece of a paragraph that ends where a line may break: after spaces (not a no-break space), or after a
# hyphen between letters.
_SPACES = " \t\u2000-\u200b\u3000"
_PIECES = re.compile(rf"[^{_SPACES}]*?(?:(?<=[^\W\d_])-(?=[^\W\d_])|[{_SPACES}]+|$)")


_SPACES_STRIPPED = " \t\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u3000"


def _pieces(paragraph: str) -> Iterator[str]:
    for match in _PIECES.finditer(paragraph):
        if match.group():
            yield match.group()


def wrap(text: str, width: float, font: TextFont = DEFAULT_FONT, renderer: Renderer = LIBREOFFICE) -> list[str]:
    """The lines ``renderer`` shows ``text`` in, in a wrapped cell ``width`` column-width units wide.

    Lines keep their trailing spaces (they take no room); ``"".join(lines)`` gives a paragraph back.
    """
    room = line_points(width, renderer)
    measure = lambda piece: text_points(piece, font, renderer)
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line, used = "", 0.0                    # used: the line's width with its trailing spaces
        for piece in _pieces(paragraph):
            word = piece.rstrip(_SPACES_STRIPPED)
            if not line or used + measure(word) > room:        # a new line for this piece
                if line:
                    lines.append(line)
                while len(word) > 1 and measure(word) > room:   # longer than a whole line: cut where it is full
                    cut = _longest_fitting(word, room, measure)
                    lines.append(word[:cut])
                    word, piece = word[cut:], piece[cut:]
                line, used = "", 0.0
            line += piece
            used += measure(piece)
        lines.append(line)
    return lines


def _longest_fitting(word: str, room: float, measure) -> int:
    """How many characters of ``word`` fit in ``room`` (at least one)."""
    cut, used = 0, 0.0
    while cut < len(word) and used + measure(word[cut]) <= room:
        used += measure(word[cut])
        cut += 1
    return max(cut, 1)


@lru_cache(maxsize=65536)
def line_count(text: str, width: float, font: TextFont = DEFAULT_FONT) -> int:
    """The most lines any application of :data:`RENDERERS` shows ``text`` in (at least 1)."""
    if not text:
        return 1
    if "\n" not in text and all(text_points(text, font, renderer) <= line_points(width, renderer)
                                for renderer in RENDERERS):
        return 1
    return max(len(wrap(text, width, font, renderer)) for renderer in RENDERERS)


def row_points(lines: int, font: TextFont = DEFAULT_FONT) -> float:
    """The height, in points, of a row showing ``lines`` lines of ``font`` (one line of Calibri 11: 15,
    a row's default height)."""
    return lines * font.size * LINE_SPACING + (ROW_PADDING if lines > 1 else 0.0)


def needed_points(text: str, width: float, font: TextFont = DEFAULT_FONT) -> float:
    """The height, in points, a row needs to show ``text`` whole in a wrapped cell ``width`` units wide."""
    return row_points(line_count(text, width, font), font)


def column_points(width: float, renderer: Renderer = LIBREOFFICE) -> float:
    """The printed width, in points, of a column ``width`` units wide (several: their widths added)."""
    return renderer.unit_points * width
