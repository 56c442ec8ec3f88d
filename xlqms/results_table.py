"""The Kết quả table of a returned workbook, as :mod:`xlqms.read` finds and judges it: its header row
(headers the unit annotated included), the columns read below it, the percent-format probe of its
cells, what makes a blank return, and the finding for text typed in a legacy encoding.
"""

from __future__ import annotations

import datetime as dt

from xlqms import layout
from xlqms.findings import Code, Finding, finding
from xlqms.legacy_text import LegacyText
from xlqms.number_formats import PERCENT
from xlqms.sheet_cells import SheetCells
from xlqms.spreadsheet import is_blank, text_of
from xlqms.submission import Entry
from xlqms.text import header_key
from xlqms.xlsx_cells import split_reference


def results_focus(row: list) -> frozenset[int] | None:
    """The columns of Kết quả read below its header row — Mã chỉ tiêu, Chỉ tiêu and the input columns, all that
    :mod:`xlqms.read` reads there — once ``row`` is that header (as :func:`find_results_header`
    finds it); None for any other row. (Identity from the visible cells reads the sheet again, whole.)"""
    if not any(isinstance(value, str) and header_key(value) == _CODE_KEY for value in row):
        return None
    index, columns = layout.find_header_row([row], layout.RESULT_REQUIRED, layout.RESULT_COLUMNS,
                                            match=layout.find_annotated_columns)
    if index is None:
        return None
    return frozenset(column for header, column in columns.items() if header in _READ_BELOW_HEADER)


_READ_BELOW_HEADER = frozenset((layout.RESULT_CODE, layout.RESULT_TARGET, *layout.RESULT_INPUT_COLUMNS))


_CODE_KEY = header_key(layout.RESULT_CODE)


def find_results_header(rows: list[list]) -> tuple[int | None, dict[str, int]]:
    """The 0-based index of the Kết quả header row (found by its text, headers the unit annotated
    included: :func:`xlqms.layout.find_annotated_columns`) and the column of each header."""
    return layout.find_header_row(rows, layout.RESULT_REQUIRED, layout.RESULT_COLUMNS, match=layout.find_annotated_columns)


def blank_to_none(value):
    return None if is_blank(value) else value


def percent_probe(cells: SheetCells):
    """(A1 cell, raw value) → True when the cell has a percent format, False when not, None when unknown."""
    def probe(reference: str | None, raw) -> bool | None:
        position = split_reference(reference) if reference else None
        if position is None:
            return None
        kind = cells.format_of(*position)
        return None if kind is None else kind == PERCENT
    return probe


def is_blank_return(entries: dict[str, Entry], findings) -> bool:
    """Nothing filled: every row read, none with a value or an explanation, and no error in any cell."""
    return bool(entries) and all(entry.is_blank and not entry.explanation and entry.baseline is None
                                 for entry in entries.values()) and not any(f.is_error for f in findings)


def legacy_finding(legacy: LegacyText, file: str, sheet: str, cell: str, indicator: str | None = None) -> Finding:
    """The finding for a text typed in TCVN3 / VNI: converted (what it became) or suspect (retype it)."""
    if legacy.converted:
        return finding(
            Code.LEGACY_ENCODING_CONVERTED,
            f"Chữ gõ bằng bảng mã {legacy.encoding_label} (“{short_text(legacy.original)}”): xlqms đã chuyển sang Unicode "
            f"“{short_text(legacy.text)}”. Kiểm tra lại; lần sau gõ bằng bảng mã Unicode (Unikey, EVKey).",
            file=file, sheet=sheet, cell=cell, indicator=indicator,
        )
    return finding(
        Code.LEGACY_ENCODING_UNCERTAIN,
        f"Chữ có vẻ gõ bằng bảng mã {legacy.encoding_label} (“{short_text(legacy.original)}”) nhưng xlqms không chuyển "
        "chắc chắn được, nên không dùng nội dung này. Gõ lại bằng bảng mã Unicode (Unikey, EVKey) rồi gửi lại.",
        file=file, sheet=sheet, cell=cell, indicator=indicator,
    )


def short_text(value, limit: int = 60) -> str:
    text = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else text_of(value) if not isinstance(value, str) \
        else value
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
