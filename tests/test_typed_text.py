"""What a unit typed that is no plain number (:mod:`xlqms.typed_text`): pure."""

from __future__ import annotations

from fractions import Fraction

import pytest

from xlqms.typed_text import english_grouping, suggestion


@pytest.mark.parametrize("text, expected", [
    ("1540 trên 1587", "Tử số 1.540 và Mẫu số 1.587 vào hai cột Tử số, Mẫu số"),
    ("1540/1587 (97,04%)", "Tử số 1.540 và Mẫu số 1.587 vào hai cột Tử số, Mẫu số"),
    ("9.85E+01", "98,5"),
    ("1,5e3", "1.500"),
    ("khoảng 98,5", "98,5"),
])
def test_what_to_type_instead(text, expected):
    assert suggestion(text) == expected


@pytest.mark.parametrize("raw, expected", [
    ("1,540", (Fraction(1540), Fraction("1.54"), 0)),
    (" 12,345,678 ", (Fraction(12345678), None, 0)),
    ("1,540.25", (Fraction("1540.25"), None, 2)),
    ("1.540", None), ("1,54", None), ("97,04%", None), (1540.0, None), ("1,5400", None),
])
def test_english_grouping(raw, expected):
    assert english_grouping(raw) == expected
