"""The exact value of a constant formula a unit typed (:mod:`xlqms.arithmetic`): pure."""

from __future__ import annotations

from fractions import Fraction

import pytest

from xlqms.arithmetic import constant_value


@pytest.mark.parametrize("typed, expected", [
    ("=1540/1587*100", Fraction(154000, 1587)),
    ("= (1540 / 1587) * 100", Fraction(154000, 1587)),
    ("=98,6+1,1", Fraction("99.7")),          # typed in a Vietnamese Excel: decimal comma
    ("=-2+5", Fraction(3)),
    ("=50%*2", Fraction(1)),
    ("1540/1587*100", Fraction(154000, 1587)),
])
def test_constant_arithmetic_typed(typed, expected):
    assert constant_value(typed, typed=True) == expected


@pytest.mark.parametrize("formula", [
    "=G11/H11*100", "=SUM(1,2)", "=1/0", "=2**10", "=1,5.5", "=", "=abc", "=1<2", "=7//2",
    "=" + "1+" * 150 + "1",
])
def test_anything_else_is_no_constant(formula):
    assert constant_value(formula, typed=True) is None


def test_a_stored_formula_never_takes_a_comma_for_a_decimal():
    assert constant_value("ROUND(1,1)") is None and constant_value("1540/1587*100") == Fraction(154000, 1587)
