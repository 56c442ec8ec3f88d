"""Vietnamese numbers: the shortcuts for ints and floats give exactly what the exact (Fraction) path gives."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from xlqms.numbers import format_number, to_fraction

AWKWARD = [0.0, -0.0, 1.0, -1.5, 0.5, 95.7, 1540.0, 2.675, 1.005, 0.1 + 0.2, 7.0000001, 1e-7, 5e-7, 1e15, 1e16,
           999999999999999.9, 123456789012345.0, 1e20, 1e-300, 5e-324, 1.7976931348623157e308, 12345678.0,
           0, -7, 1540, 10 ** 15, 10 ** 16, -(10 ** 15)]


def sample() -> list:
    rnd = random.Random(15)
    values = list(AWKWARD)
    for _ in range(3000):
        pick = rnd.random()
        if pick < 0.3:
            values.append(round(rnd.uniform(-1e6, 1e6), rnd.randint(0, 9)))
        elif pick < 0.5:
            values.append(rnd.uniform(0, 1))
        elif pick < 0.6:
            values.append(rnd.randint(-(10 ** 17), 10 ** 17))
        elif pick < 0.8:
            values.append(rnd.choice([1, -1]) * 10 ** rnd.uniform(-12, 18))
        else:
            values.append(round(rnd.uniform(0, 100), rnd.randint(0, 4)))
    return values


def exact(value) -> Fraction:
    return Fraction(repr(value)) if isinstance(value, float) else Fraction(value)


def outcome(function, *args):
    try:
        return function(*args)
    except ArithmeticError as exc:      # the exact path refuses numbers too large to round (decimal precision)
        return type(exc).__name__


@pytest.mark.parametrize("decimals", [0, 1, 2, 4, 6])
def test_format_number_of_ints_and_floats_equals_the_exact_path(decimals):
    for value in sample():
        assert outcome(format_number, value, decimals) == outcome(format_number, exact(value), decimals), value


@pytest.mark.parametrize("value, decimals, text", [
    (1540.0, 2, "1.540"), (95.7, 2, "95,7"), (-0.0, 2, "0"), (0.125, 2, "0,13"), (97.0384, 2, "97,04"),
    (1e-7, 6, "0"), (1234567, 0, "1.234.567"), (-2.5, 6, "-2,5"),
])
def test_format_number_examples(value, decimals, text):
    assert format_number(value, decimals) == text


def test_to_fraction_of_a_float_is_its_shortest_repr():
    for value in sample():
        if isinstance(value, float):
            got = to_fraction(value)
            assert type(got) is Fraction and got == Fraction(repr(value)), value
    assert to_fraction(0.1) == Fraction(1, 10)
    with pytest.raises(ValueError):
        to_fraction(float("nan"))
