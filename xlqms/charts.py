"""A bar chart of attainment by objective, as a PNG, in pure Python (zlib + struct, no plotting library).

The chart carries only figures — the objective numbers under the bars, the share of units that met
each objective on the axis, “2/3” above each bar — drawn with a small built-in bitmap font, so no
font with Vietnamese glyphs is needed: the words (title, what the axes mean) go in the document's
caption, in Vietnamese.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

WHITE = (255, 255, 255)
AXIS = (60, 60, 60)
GRID = (215, 215, 215)
BAR = (47, 94, 151)
BAR_NONE = (190, 190, 190)
TEXT = (30, 30, 30)

# 5 × 7 glyphs, one string of five bits per row.
_GLYPHS = {
    "0": ("01110", "10001", "10011", "10101", "11001", "10001", "01110"),
    "1": ("00100", "01100", "00100", "00100", "00100", "00100", "01110"),
    "2": ("01110", "10001", "00001", "00010", "00100", "01000", "11111"),
    "3": ("11111", "00010", "00100", "00010", "00001", "10001", "01110"),
    "4": ("00010", "00110", "01010", "10010", "11111", "00010", "00010"),
    "5": ("11111", "10000", "11110", "00001", "00001", "10001", "01110"),
    "6": ("00110", "01000", "10000", "11110", "10001", "10001", "01110"),
    "7": ("11111", "00001", "00010", "00100", "01000", "01000", "01000"),
    "8": ("01110", "10001", "10001", "01110", "10001", "10001", "01110"),
    "9": ("01110", "10001", "10001", "01111", "00001", "00010", "01100"),
    "%": ("11000", "11001", "00010", "00100", "01000", "10011", "00011"),
    "/": ("00000", "00001", "00010", "00100", "01000", "10000", "00000"),
    ",": ("00000", "00000", "00000", "00000", "01100", "00100", "01000"),
    ".": ("00000", "00000", "00000", "00000", "00000", "01100", "01100"),
    "-": ("00000", "00000", "00000", "11111", "00000", "00000", "00000"),
    " ": ("00000",) * 7,
}
for _letter, _rows in {
    "A": ("01110", "10001", "10001", "11111", "10001", "10001", "10001"),
    "B": ("11110", "10001", "10001", "11110", "10001", "10001", "11110"),
    "C": ("01110", "10001", "10000", "10000", "10000", "10001", "01110"),
    "D": ("11110", "10001", "10001", "10001", "10001", "10001", "11110"),
    "E": ("11111", "10000", "10000", "11110", "10000", "10000", "11111"),
    "M": ("10001", "11011", "10101", "10101", "10001", "10001", "10001"),
    "T": ("11111", "00100", "00100", "00100", "00100", "00100", "00100"),
}.items():
    _GLYPHS[_letter] = _rows


@dataclass(frozen=True)
class Bar:
    """One bar: its label under the axis (“2”), its height in percent (None: nobody assessed), a note."""

    label: str
    percent: float | None
    note: str = ""


class Canvas:
    """An RGB image held as one bytearray per row."""

    def __init__(self, width: int, height: int, background=WHITE):
        self.width, self.height = width, height
        self.rows = [bytearray(bytes(background) * width) for _ in range(height)]

    def rectangle(self, x0: int, y0: int, x1: int, y1: int, color) -> None:
        """Fill [x0, x1) × [y0, y1), clipped to the image."""
        x0, x1 = max(0, min(x0, x1)), min(self.width, max(x0, x1))
        y0, y1 = max(0, min(y0, y1)), min(self.height, max(y0, y1))
        if x0 >= x1:
            return
        span = bytes(color) * (x1 - x0)
        for y in range(y0, y1):
            self.rows[y][x0 * 3:x1 * 3] = span

    def text(self, x: int, y: int, text: str, scale: int, color=TEXT) -> None:
        """Draw ``text`` with its top-left corner at (x, y); unknown characters are skipped."""
        for char in text:
            glyph = _GLYPHS.get(char.upper())
            if glyph is None:
                continue
            for row_index, bits in enumerate(glyph):
                for column, bit in enumerate(bits):
                    if bit == "1":
                        self.rectangle(x + column * scale, y + row_index * scale,
                                       x + (column + 1) * scale, y + (row_index + 1) * scale, color)
            x += 6 * scale

    @staticmethod
    def text_width(text: str, scale: int) -> int:
        return max(0, len(text) * 6 * scale - scale)

    def png(self, dpi: int = 200) -> bytes:
        return encode_png(self.width, self.height, self.rows, dpi)


def encode_png(width: int, height: int, rows: Sequence[bytes | bytearray], dpi: int = 200) -> bytes:
    """A truecolour 8-bit PNG of ``rows`` (each width × 3 bytes), with its resolution recorded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + bytes(row) for row in rows)
    per_metre = round(dpi / 0.0254)
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b""))


def bar_chart_png(bars: Sequence[Bar], width: int = 1600, height: int = 760, dpi: int = 250) -> bytes:
    """Vertical bars from 0 to 100% with grid lines every 25%, labels under, notes above."""
    scale = 4
    glyph_height = 7 * scale
    left, right, top, bottom = 40 + Canvas.text_width("100%", scale), 30, 30 + glyph_height + 20, glyph_height + 40
    canvas = Canvas(width, height)
    plot_width, plot_height = width - left - right, height - top - bottom
    base = top + plot_height

    def y_of(percent: float) -> int:
        return base - round(plot_height * max(0.0, min(100.0, percent)) / 100)

    for level in (0, 25, 50, 75, 100):
        y = y_of(level)
        canvas.rectangle(left, y - 1, left + plot_width, y + 1, GRID if level else AXIS)
        label = f"{level}%"
        canvas.text(left - 16 - Canvas.text_width(label, scale), y - glyph_height // 2, label, scale)
    canvas.rectangle(left - 1, top, left + 2, base + 1, AXIS)

    if bars:
        slot = plot_width / len(bars)
        bar_width = max(4, round(slot * 0.6))
        for index, bar in enumerate(bars):
            centre = round(left + slot * (index + 0.5))
            x0, x1 = centre - bar_width // 2, centre + (bar_width + 1) // 2
            if bar.percent is None:
                canvas.rectangle(x0, base - 6, x1, base, BAR_NONE)
                top_of_bar = base - 6
            else:
                top_of_bar = y_of(bar.percent)
                canvas.rectangle(x0, top_of_bar, x1, base, BAR)
            label_scale = scale if Canvas.text_width(bar.label, scale) <= slot - 4 else max(1, scale // 2)
            canvas.text(centre - Canvas.text_width(bar.label, label_scale) // 2, base + 16, bar.label, label_scale)
            note = bar.note or "-"
            note_scale = scale if Canvas.text_width(note, scale) <= slot - 4 else max(1, scale // 2)
            canvas.text(centre - Canvas.text_width(note, note_scale) // 2,
                        top_of_bar - 10 - 7 * note_scale, note, note_scale)
    return canvas.png(dpi)
