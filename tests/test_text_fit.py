"""How many lines a text wraps to in a cell: each line fits its column, as LibreOffice and Excel draw it.

The property tests measure every line of :func:`xlqms.text_fit.wrap` in the widths of the fonts drawn
(a line must fit the column, and the next word must not have fitted on it); the LibreOffice test writes
texts of the kind into wrapped cells, renders them with LibreOffice and counts the lines it drew.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess

import openpyxl
import pytest
from openpyxl.styles import Alignment, Font

from xlqms.text_fit import (
    EXCEL,
    LIBREOFFICE,
    RENDERERS,
    TextFont,
    line_count,
    line_points,
    needed_points,
    row_points,
    text_points,
    wrap,
)

# Texts of the kind the workbooks hold: targets, pooled results with their trend, titles, names, lists.
TEXTS = [
    "Tăng 1% so với năm 2025 (48,5%)",
    "giảm xuống còn 3-4%",
    "96,94% (21.409/22.085 hồ sơ); thấp hơn mục tiêu 0,21 điểm %; so với kỳ trước (6 tháng đầu năm 2025: "
    "96,65%), tăng 0,29 điểm %",
    "Kết quả kiểm tra, đánh giá nội bộ hệ thống quản lý chất lượng đạt yêu cầu",
    "Phấn đấu tỷ lệ hồ sơ thủ tục hành chính theo cơ chế một cửa, một cửa liên thông được giải quyết đúng hạn "
    "và trước hạn",
    "Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ về việc áp dụng Hệ thống quản lý "
    "chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008",
    "9/10 mục tiêu đạt và vượt (mục tiêu số 1, 2, 3, 4, 5, 6, 7, 9, 10)",
    "Chưa nộp (53): Phường Bỉm Sơn, Xã Trung Thành, Xã Phú Xuân, Xã Hiền Kiệt, Xã Bá Thước … và 43 đơn vị khác.",
    "Đạt chung, còn đơn vị chưa đạt",
    "Ủy ban nhân dân huyện Đông Bắc Sơn Thượng",
    "03394_Xa_Sin_Suoi_Ho_bao_cao_ket_qua_muc_tieu_chat_luong_ca_nam.xlsx",
    "a) trên 80%\nb) 100%",
    "Tử số: Kết quả!E12, Mẫu số: Kết quả!F12, Kết quả: Kết quả!G12, Kết quả kỳ trước: Kết quả!H12",
]
FONTS = [TextFont(), TextFont(bold=True), TextFont(italic=True), TextFont(size=8), TextFont(size=12, bold=True),
         TextFont("Times New Roman", 12), TextFont("Times New Roman", 11, bold=True)]
WIDTHS = [5, 9, 14, 17, 22, 34, 44, 56]


def _random_texts(count: int, seed: int) -> list[str]:
    words = " ".join(TEXTS).replace("\n", " ").split()
    rng = random.Random(seed)
    return [" ".join(rng.choice(words) for _ in range(rng.randint(1, 30))) for _ in range(count)]


@pytest.mark.parametrize("renderer", RENDERERS, ids=lambda r: r.name)
@pytest.mark.parametrize("font", FONTS, ids=lambda f: f"{f.name}-{f.size}-{f.style}")
def test_every_wrapped_line_fits_its_column_and_the_next_word_would_not(renderer, font):
    for text in TEXTS + _random_texts(40, seed=len(renderer.name) + len(FONTS) * int(font.size)):
        for paragraph in text.split("\n"):
            for width in WIDTHS:
                lines = wrap(paragraph, width, font, renderer)
                room = line_points(width, renderer)
                assert "".join(lines) == paragraph, (paragraph, lines)
                done = 0
                for line in lines:
                    drawn = text_points(line.rstrip(" "), font, renderer)
                    assert drawn <= room or len(line.strip()) == 1, (paragraph, width, line, drawn, room)
                    done += len(line)
                    next_word = paragraph[done:].split(" ")[0]
                    if line.endswith(" ") and next_word and text_points(next_word, font, renderer) <= room:
                        # greedy: the next word (short enough for a line of its own) did not fit on this one
                        assert text_points(line + next_word, font, renderer) > room, (line, next_word)


@pytest.mark.parametrize("text, width, lines", [
    ("Tăng 1% so với năm 2025 (48,5%)", 15, 3),            # 15 characters hold "Tăng 1% so với", not more
    ("Tăng 1% so với năm 2025 (48,5%)", 34, 1),
    ("giảm xuống còn 3-4%", 8, 4),                          # never broken inside 3-4% (Excel: còn / 3-4%)
    ("Đạt chung, còn đơn vị chưa đạt", 17, 2),
    ("a) trên 80%\nb) 100%", 40, 2),                          # a line break is a line
])
def test_line_counts_of_texts_of_the_kind(text, width, lines):
    assert line_count(text, width) == lines


def test_a_word_longer_than_the_line_is_cut_where_the_line_is_full():
    name = "03394_Xa_Sin_Suoi_Ho_bao_cao_ket_qua_muc_tieu.xlsx"
    lines = wrap(name, 10)
    assert "".join(lines) == name and len(lines) > 3
    assert all(text_points(line) <= line_points(10) for line in lines)


def test_breaks_after_a_hyphen_between_letters_never_between_digits():
    assert wrap("Quyết định 123/QĐ-UBND của huyện", 10)[1:3] == ["123/QĐ-", "UBND của "]
    assert all(not line.endswith("3-") for line in wrap("còn 3-4% hộ nghèo", 5))


def test_bold_and_larger_text_takes_more_room_and_more_lines():
    text = TEXTS[2]
    assert text_points(text, TextFont(bold=True)) > text_points(text)
    assert text_points(text, TextFont(size=12)) > text_points(text)
    assert line_count(text, 20, TextFont(size=14, bold=True)) > line_count(text, 20)


def test_calibri_is_drawn_wider_in_libreoffice_and_the_estimate_covers_both():
    text = TEXTS[4]
    assert text_points(text, renderer=LIBREOFFICE) > text_points(text, renderer=EXCEL)
    for width in WIDTHS:
        assert line_count(text, width) == max(len(wrap(text, width, renderer=renderer)) for renderer in RENDERERS)


def test_times_new_roman_vietnamese_letters_fall_back_in_libreoffice():
    """Liberation Serif 1.x lacks ệ, ố, ữ …: LibreOffice draws them in DejaVu Serif, wider."""
    times = TextFont("Times New Roman", 12)
    assert text_points("ệ", times, LIBREOFFICE) > text_points("e", times, LIBREOFFICE)
    assert text_points("ệ", times, EXCEL) == text_points("e", times, EXCEL)


def test_unknown_characters_take_an_em_and_combining_marks_nothing():
    assert text_points("漢") == pytest.approx(11.0)
    assert text_points("e\u0302\u0301") == text_points("e")         # ế written as e + marks (not NFC)


def test_row_heights():
    assert row_points(1) == pytest.approx(15.0)       # one line of Calibri 11: the default row
    assert row_points(3) == pytest.approx(47.0)
    assert needed_points("", 10) == pytest.approx(15.0)
    assert needed_points(TEXTS[2], 34) == row_points(line_count(TEXTS[2], 34))


# -- against LibreOffice ------------------------------------------------------------------------------


def _lines_drawn(pdf) -> dict[int, int]:
    """Sample number → lines LibreOffice drew, read from the PDF: the words right of each marker '#n'."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    counts: dict[int, int] = {}
    for page in xml.split("<page")[1:]:
        words = [(float(x), float(y), word) for x, y, word in
                 re.findall(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<', page)]
        markers = sorted((y, int(word[1:]), x) for x, y, word in words if re.fullmatch(r"#\d+", word))
        for index, (top, number, x) in enumerate(markers):
            bottom = markers[index + 1][0] if index + 1 < len(markers) else float("inf")
            counts[number] = len({round(y) for wx, y, word in words
                                  if wx > x + 20 and top - 3 <= y < bottom - 3})
    return counts


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice (soffice) and pdftotext are needed")
def test_libreoffice_never_draws_more_lines_than_estimated(tmp_path):
    rng = random.Random(3)
    samples = [(text, rng.choice(WIDTHS), rng.choice(FONTS)) for text in TEXTS + _random_texts(60, seed=5)]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.column_dimensions["A"].width = 6
    by_width: dict[float, list] = {}
    for number, (text, width, font) in enumerate(samples):
        by_width.setdefault(width, []).append((number, text, font))
    book.remove(sheet)
    for width, items in by_width.items():
        sheet = book.create_sheet(f"w{width}")
        sheet.column_dimensions["A"].width = 6
        sheet.column_dimensions["B"].width = width
        for row, (number, text, font) in enumerate(items, start=1):
            sheet.cell(row, 1, f"#{number}").font = Font(name="Calibri", size=7)
            sheet.cell(row, 1).alignment = Alignment(vertical="top")
            cell = sheet.cell(row, 2, text)
            cell.font = Font(name=font.name, size=font.size, bold=font.bold, italic=font.italic)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.row_dimensions[row].height = min(409, (line_count(text, width, font) + 3) * font.size * 1.5)
    path = tmp_path / "wrapped.xlsx"
    book.save(path)
    run = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                          "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                         capture_output=True, text=True, timeout=180)
    drawn = _lines_drawn(tmp_path / "wrapped.pdf")
    assert len(drawn) == len(samples), run.stdout + run.stderr
    too_few = [(samples[n], lines, line_count(*samples[n])) for n, lines in drawn.items()
               if lines > line_count(*samples[n])]
    assert too_few == []
    # and not wasteful: LibreOffice's own estimate is its count or a line more (the safety margin;
    # an eighth more in a column of a few characters, one word a line), mostly exact
    estimated = {n: len(wrap(*samples[n], LIBREOFFICE)) for n in drawn}
    assert [(samples[n], lines, estimated[n]) for n, lines in drawn.items() if estimated[n] - lines > max(1, lines // 8)] == []
    assert sum(estimated[n] == lines for n, lines in drawn.items()) >= 0.6 * len(samples)
