"""The periods as workbooks write them (xlqms.catalogue)."""

import pytest

from xlqms.catalogue import period_and_year


@pytest.mark.parametrize(("text", "expected"), [
    ("6 tháng đầu năm", ("6 tháng đầu năm", "")),
    ("H1", ("6 tháng đầu năm", "")),
    ("6 tháng đầu năm 2026", ("6 tháng đầu năm", "2026")),
    ("6 tháng đầu năm năm 2026", ("6 tháng đầu năm", "2026")),
    ("Cả năm 2026", ("Cả năm", "2026")),          # 'năm' belongs to the period: not cut with the year
    ("năm 2026", ("Cả năm", "2026")),
    ("Quý II năm 2025", ("Quý II", "2025")),
    ("quý 2  2025 ", ("Quý II", "2025")),
    ("9 tháng 2026", ("9 tháng", "2026")),
    ("Cả năm", ("Cả năm", "")),
    ("xyz 2026", (None, "2026")),
    ("12026", (None, "")),                         # not a year of four digits
    ("", (None, "")),
    (None, (None, "")),
])
def test_a_period_and_the_year_written_after_it(text, expected):
    assert period_and_year(text) == expected
