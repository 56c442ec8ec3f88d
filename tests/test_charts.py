"""The pure-Python PNG bar chart: a valid PNG whose bars stand where and as high as they should."""

from __future__ import annotations

import struct
import zlib

from xlqms.charts import BAR, Bar, bar_chart_png, encode_png


def decode(png: bytes):
    """(width, height, rows of RGB bytes) of a PNG written by encode_png (filter 0, no interlace)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks = 8, {}
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        data = png[position + 8:position + 8 + length]
        crc = struct.unpack(">I", png[position + 8 + length:position + 12 + length])[0]
        assert crc == zlib.crc32(kind + data) & 0xFFFFFFFF
        chunks.setdefault(kind, b"")
        chunks[kind] += data
        position += 12 + length
    width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert (depth, colour) == (8, 2)
    raw = zlib.decompress(chunks[b"IDAT"])
    stride = width * 3 + 1
    rows = [raw[y * stride + 1:(y + 1) * stride] for y in range(height)]
    return width, height, rows


def test_encode_png_round_trips():
    rows = [bytes([255, 0, 0, 0, 255, 0]), bytes([0, 0, 255, 255, 255, 255])]
    assert decode(encode_png(2, 2, rows)) == (2, 2, rows)


def bar_heights(png: bytes) -> list[int]:
    """The height in pixels of each run of bar-coloured columns, left to right."""
    width, height, rows = decode(png)
    colour = bytes(BAR)
    heights, in_bar = [], False
    for x in range(width):
        column = sum(1 for y in range(height) if rows[y][x * 3:x * 3 + 3] == colour)
        if column and not in_bar:
            heights.append(column)
        in_bar = bool(column)
    return heights


def test_bars_are_as_high_as_the_share_of_units_that_met():
    png = bar_chart_png([Bar("1", 100, "3/3"), Bar("2", 50, "1/2"), Bar("3", 25, "1/4"), Bar("4", None)])
    heights = bar_heights(png)
    assert len(heights) == 3                      # no bar where nobody was assessed
    full, half, quarter = heights
    assert abs(half - full / 2) <= 2 and abs(quarter - full / 4) <= 2


def test_many_objectives_still_draw():
    png = bar_chart_png([Bar(str(n), n * 5, f"{n}/20") for n in range(1, 21)])
    assert len(bar_heights(png)) == 20
