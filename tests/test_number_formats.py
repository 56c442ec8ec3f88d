"""Number formats: percent, date, text or plain (pure)."""

from __future__ import annotations

import pytest

from xlqms.number_formats import DATE, PERCENT, PLAIN, TEXT, builtin_kind, format_kind


@pytest.mark.parametrize("code, kind", [
    ("0%", PERCENT), ("0.0%", PERCENT), ("#,##0.00%;[Red]-0.00%", PERCENT), ("0.0\"%\"", PLAIN), ("0\\%", PLAIN),
    ("dd/mm/yyyy", DATE), ("d-mmm", DATE), ("[$-42A]dd/mm/yyyy", DATE), ("[h]:mm", DATE), ("mm:ss", DATE),
    ("h:mm AM/PM", DATE), ("General", PLAIN), ("0.00", PLAIN), ("#,##0", PLAIN), ("0.00E+00", PLAIN),
    ("[Red]0.00", PLAIN), ("@", TEXT), ("\"Ngày\" 0", PLAIN), ("", PLAIN), (None, PLAIN), ("# ?/?", PLAIN),
])
def test_format_kind(code, kind):
    assert format_kind(code) == kind


@pytest.mark.parametrize("number, kind", [(9, PERCENT), (10, PERCENT), (14, DATE), (22, DATE), (47, DATE),
                                          (49, TEXT), (0, PLAIN), (2, PLAIN), (164, PLAIN)])
def test_builtin_kind(number, kind):
    assert builtin_kind(number) == kind
