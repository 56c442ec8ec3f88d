"""The report charts, drawn by matplotlib: PNG pictures whose bars are coloured by verdict."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib.image import imread

from xlqms import charts


def pixels(png: bytes) -> np.ndarray:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return (imread(io.BytesIO(png))[:, :, :3] * 255).round().astype(int)


def share_of(image: np.ndarray, colour: str) -> float:
    rgb = np.array([int(colour[i:i + 2], 16) for i in (1, 3, 5)])
    return float((np.abs(image - rgb).sum(axis=2) < 12).mean())


def test_results_are_green_when_met_red_when_not():
    met = charts.results_chart((charts.ResultBar("MT 2 · Hồ sơ đúng hạn", 96.67, 95.0, True),))
    missed = charts.results_chart((charts.ResultBar("MT 3 · Mức độ hài lòng", 96.86, 98.0, False),
                                   charts.ResultBar("MT 9 · Hồ sơ trực tuyến", 47.59, 50.0, False)))
    assert share_of(pixels(met), charts.GREEN) > 0.01 and share_of(pixels(met), charts.RED) < 0.001
    assert share_of(pixels(missed), charts.RED) > 0.01 and share_of(pixels(missed), charts.GREEN) < 0.005
    assert share_of(pixels(missed), charts.NAVY) > 0.0005                  # the target marks


def test_counts_split_by_verdict_and_grow_with_the_bars():
    few = charts.counts_chart((charts.CountBar("MT 1", 3, 1, 0),), "Số đơn vị", target=4)
    many = charts.counts_chart(tuple(charts.CountBar(f"Xã Số {i}", 0, i, 0) for i in range(1, 26)),
                               "Số mục tiêu chưa đạt", names=("", "Mục tiêu chưa đạt", ""))
    assert pixels(many).shape[0] > 3 * pixels(few).shape[0]               # taller with 25 bars
    assert share_of(pixels(few), charts.GREEN) > 2 * share_of(pixels(few), charts.RED) > 0


def test_a_chart_is_drawn_once_per_distinct_data():
    bars = (charts.CountBar("MT 1", 1, 2, 3),)
    first = charts.counts_chart(bars, "Số đơn vị")
    assert charts.counts_chart(tuple(bars), "Số đơn vị") is first


@pytest.mark.parametrize("text, short", [
    ("MT 2 · Hồ sơ thủ tục hành chính theo cơ chế một cửa, một cửa liên thông", "MT 2 · Hồ sơ thủ tục hành chính theo cơ chế…"),
    ("Xã Tả Lèng", "Xã Tả Lèng"),
])
def test_labels_are_cut_at_a_word(text, short):
    assert charts.short_label(text) == short
    assert len(charts.short_label(text)) <= charts.LABEL_CHARACTERS


def test_the_font_with_vietnamese_glyphs_ships_with_matplotlib():
    path = Path(font_manager.findfont(charts.FONT, fallback_to_default=False))
    assert Path(matplotlib.get_data_path()) in path.parents
    font = font_manager.get_font(str(path))
    assert all(font.get_char_index(ord(ch)) for ch in "ạảấầẩẫậắằẳẵặđẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĐ")
