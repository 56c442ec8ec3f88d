"""Rebuild ``xlqms/font_widths.json``: the advance widths of the fonts spreadsheets draw xlqms's cells with.

:mod:`xlqms.text_fit` wraps a cell's text the way a spreadsheet does, so it needs the width of each
character in the fonts that are really drawn. The table holds, for every character of Vietnamese text
(ASCII, Latin-1, the Vietnamese letters, the dashes, quotes and signs xlqms writes), its advance width in
font units, for four styles of four fonts:

- **DejaVu Sans** — what LibreOffice draws Calibri with on a computer without Calibri or Carlito
  (Debian and Ubuntu as installed, CI): the file matplotlib ships, so anyone can rebuild it;
- **DejaVu Serif** — what LibreOffice draws a letter with when the serif font has none (Liberation
  Serif 1.x has no Vietnamese letters with two marks);
- **Carlito** — metric-compatible with Calibri (Excel's default font): Debian's ``fonts-crosextra-carlito``;
- **Liberation Serif** — metric-compatible with Times New Roman (the unit workbooks' font):
  Debian's ``fonts-liberation``.

Run::

    python tools/font_widths.py --carlito DIR --liberation DIR     # folders holding the .ttf files

Widths are read with :mod:`matplotlib.ft2font` (a dependency of xlqms), unscaled, so the table is exact.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import matplotlib
from matplotlib import ft2font

OUT = Path(__file__).resolve().parents[1] / "xlqms" / "font_widths.json"
STYLES = ("regular", "bold", "italic", "bold italic")
FILES = {
    "DejaVu Sans": ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
    "DejaVu Serif": ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"),
    "Carlito": ("Carlito-Regular.ttf", "Carlito-Bold.ttf", "Carlito-Italic.ttf", "Carlito-BoldItalic.ttf"),
    "Liberation Serif": ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "LiberationSerif-Italic.ttf",
                         "LiberationSerif-BoldItalic.ttf"),
}
RANGES = [
    (0x20, 0x7E),        # ASCII
    (0xA0, 0x17F),       # Latin-1, Latin Extended-A (Ă ă Đ đ Ĩ ĩ Ũ ũ …)
    (0x1A0, 0x1B0),      # Ơ ơ Ư ư
    (0x300, 0x323),      # combining accents (text not in NFC)
    (0x1EA0, 0x1EF9),    # the Vietnamese letters with two marks (ạ ả ấ … ỹ)
    (0x2010, 0x2027),    # dashes, quotes, bullet, ellipsis
    (0x2030, 0x203A),    # per mille, primes, angle quotes
    (0x20AB, 0x20AC),    # ₫ €
    (0x2116, 0x2116),    # №
    (0x2190, 0x2193),    # arrows
    (0x2212, 0x2212),    # minus
    (0x2248, 0x2248), (0x2260, 0x2260), (0x2264, 0x2265),   # ≈ ≠ ≤ ≥
    (0x25A0, 0x25A1), (0x25CF, 0x25CF),                     # ■ □ ●
]


def characters() -> str:
    return "".join(chr(code) for first, last in RANGES for code in range(first, last + 1))


def widths(path: Path, text: str) -> tuple[int, list[int | None]]:
    """(units per em, the advance of each character in font units; None where the font has no glyph)."""
    font = ft2font.FT2Font(str(path))
    found: list[int | None] = []
    for char in text:
        if font.get_char_index(ord(char)) == 0:
            found.append(None)
            continue
        glyph = font.load_char(ord(char), flags=ft2font.LoadFlags.NO_SCALE)
        found.append(int(glyph.horiAdvance))
    return font.units_per_EM, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--carlito", type=Path, default=Path("/usr/share/fonts/truetype/crosextra"))
    parser.add_argument("--liberation", type=Path, default=Path("/usr/share/fonts/truetype/liberation"))
    parser.add_argument("--out", type=Path, default=OUT)
    options = parser.parse_args()
    shipped = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    folders = {"DejaVu Sans": shipped, "DejaVu Serif": shipped, "Carlito": options.carlito,
               "Liberation Serif": options.liberation}
    text = characters()
    table: dict = {"characters": text, "fonts": {}}
    for family, files in FILES.items():
        entry: dict = {}
        for style, name in zip(STYLES, files):
            units, found = widths(folders[family] / name, text)
            entry["units_per_em"] = units
            entry[style] = found
        table["fonts"][family] = entry
    options.out.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{options.out}: {len(text)} characters, {len(FILES)} fonts")


if __name__ == "__main__":
    main()
