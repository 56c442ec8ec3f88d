"""What a unit typed that is no plain number: read where its meaning is certain, else what to say (pure).

* :func:`english_grouping`: ``1,540,000`` / ``1,540.5`` (only English grouping reads so) and the
  ambiguous ``1,540`` (1,54 in Vietnamese, 1540 in English);
* :func:`number_shown_as_date`: a number typed into a cell that kept a date format;
* :func:`suggestion`, :func:`not_a_number_message`, :func:`date_message`: what to type instead.

:mod:`xlqms.validate` decides what each means for a row (a finding, a value read).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction

from xlqms.numbers import format_number, to_fraction
from xlqms.targets import read_typed
from xlqms.text import nfc

_DIGITS = re.compile(r"-?\d[\d.,]*")
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d{1,3}")
_RATIO_IN_TEXT = re.compile(r"(\d[\d.,]*)\s*(?:/|trên|:)\s*(\d[\d.,]*)", re.IGNORECASE)
_COMMA_GROUPED = re.compile(r"\+?([0-9０-９]{1,3}(?:,[0-9０-９]{3})+)(\.[0-9０-９]+)?")   # 1,540 / 1,540,000 / 1,540.5


def english_grouping(raw) -> tuple[Fraction, Fraction | None, int] | None:
    """A text number grouped by commas the English way: (its English value, its Vietnamese value when
    the text is ambiguous — one group and no decimals, ``1,540`` — else None, decimals shown); None
    for any other value (a Vietnamese number, text, a cell that is no text). Digits are ASCII or
    full-width, as the live formula reads them (:func:`xlqms.formula_values.english_mask`)."""
    if not isinstance(raw, str) or "," not in raw:
        return None
    match = _COMMA_GROUPED.fullmatch("".join(nfc(raw).split()))
    if match is None:
        return None
    grouped, decimals = match.groups()
    english = Fraction(Decimal(grouped.replace(",", "") + (decimals or "")))
    if grouped.count(",") == 1 and not decimals:
        return english, Fraction(Decimal(grouped.replace(",", "."))), 0
    return english, None, len(decimals) - 1 if decimals else 0


def suggestion(text: str) -> str:
    """What to type instead of ``text``: the number inside it, written the Vietnamese way; for a ratio
    written in words or with a note (``1540 trên 1587``, ``1540/1587 (97,04%)``) its Tử số and Mẫu số;
    for a number in scientific notation (``9.85E+01``, exported as text) its value."""
    text = text or ""
    scientific = _SCIENTIFIC.fullmatch(text.strip())
    if scientific:
        try:
            return format_number(Fraction(Decimal(scientific.group(0).replace(",", "."))), 4)
        except ArithmeticError:
            pass
    ratio = _RATIO_IN_TEXT.search(text)
    if ratio:
        top, bottom = (read_typed(part.rstrip(".,")) for part in ratio.groups())
        if top is not None and bottom is not None and top.number is not None and bottom.number is not None:
            return (f"Tử số {format_number(top.number, 4)} và Mẫu số {format_number(bottom.number, 4)} vào hai cột "
                    "Tử số, Mẫu số")
    match = _DIGITS.search(text)
    if match:
        reading = read_typed(match.group(0).rstrip(".,"))
        if reading is not None and reading.number is not None:
            return format_number(reading.number, 4)
    return "một số, ví dụ 95,7"


def not_a_number_message(text: str, label: str = "") -> str:
    """The message for a text that is no number: what to type instead (a formula typed as text, which
    the spreadsheet never computed, is named as such)."""
    shown = f"{label} “{text}”" if label else f"“{text}”"
    if text.lstrip().startswith("="):
        return (f"{shown} là công thức gõ dạng chữ (ô định dạng Văn bản nên bảng tính không tính) — xóa công thức, "
                "nhập số (hoặc Tử số và Mẫu số)")
    return f"{shown} không phải là số — nhập {suggestion(text)}"



SHOWN_AS_DATE_BELOW = 18_264
"""Day numbers under this (dates before 1950) in a value cell are numbers typed into a cell that kept
a date format (typing 97,04 where 9/10 had become a date shows 06/04/1900); a ratio the spreadsheet
turned into a date falls in the round's own years, far above."""


def number_shown_as_date(value) -> Fraction | None:
    """The number a date cell stores when it is a number typed into a date-formatted cell: a day
    number from 1 to :data:`SHOWN_AS_DATE_BELOW` (a time of day, under 1, is no such number); else None."""
    serial = getattr(value, "serial", None)
    if not isinstance(serial, (int, float)) or not 1 <= serial < SHOWN_AS_DATE_BELOW:
        return None
    return to_fraction(float(serial))


_SERIAL_ZERO_DAYS = (dt.date(1899, 12, 30), dt.date(1899, 12, 31), dt.date(1904, 1, 1))
"""The day of serial 0 (1900 and 1904 date systems; 31/12/1899 as some readers count the 1900 system)."""


def date_message(value) -> str:
    """What to say of a date found in a value cell: most often a ratio typed as 9/10 and turned into a date."""
    if isinstance(value, dt.datetime) and value.date() in _SERIAL_ZERO_DAYS:
        value = value.time()            # a serial under 1: a time of day (9:10 typed), shown on no date
    if isinstance(value, dt.time) and not isinstance(value, dt.datetime):
        return (f"Ô chứa giờ {value.strftime('%H:%M')}, không phải số: có lẽ bảng tính đã đổi chữ gõ vào thành giờ — "
                "nhập Tử số và Mẫu số vào hai cột riêng, hoặc nhập Kết quả bằng số (ví dụ 95,7)")
    day, month = value.day, value.month
    ratio = f"“{day}/{month}”" + (f" (hoặc “{month}/{day}”)" if day != month and day <= 12 else "")
    return (f"Ô chứa ngày {value.strftime('%d/%m/%Y')}, không phải số: có lẽ tỷ số {ratio} đã bị bảng tính tự đổi "
            f"thành ngày. Nhập Tử số ({day}) và Mẫu số ({month}) vào hai cột Tử số, Mẫu số, hoặc nhập Kết quả bằng số; "
            "muốn gõ tỷ số vào một ô thì gõ dấu nháy đơn trước (ví dụ '9/10)")
