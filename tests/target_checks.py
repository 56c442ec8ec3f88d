"""Checks shared by the table-driven target-language tests (fieldwork and held-out phrasings).

A reading table row is ``(text, context, formal, [(value, baseline, Status), …])``: the text read with
its context gives the `Cách đánh giá` ``formal``, and each value (with its baseline) its verdict, the
same through the formal text. A refusal row is ``(text, context, code)``.
"""

from __future__ import annotations

import pytest

from xlqms.errors import TargetSyntaxError
from xlqms.targets import evaluate, parse_target


def reading_cases(tables):
    """One pytest parameter per (row, value) of reading tables."""
    for text, context, formal, values in tables:
        for value, baseline, status in values:
            yield pytest.param(text, context, formal, value, baseline, status, id=f"{text[:40]}|{value}|{baseline}")


def check_reading_and_verdict(text, context, formal, value, baseline, expected) -> None:
    target = parse_target(text, context=context, baseline_percent=bool(baseline and baseline.endswith("%")))
    assert target.formal == formal
    assert evaluate(target, value, baseline=baseline) is expected
    assert evaluate(parse_target(text, formal=formal), value, baseline=baseline) is expected


def check_refused(text, context, code) -> TargetSyntaxError:
    """Refused with ``code``, in one line naming the text; every fix is a valid `Cách đánh giá` and
    every proposed split row reads on its own. Returns the refusal."""
    with pytest.raises(TargetSyntaxError) as caught:
        parse_target(text, context=context)
    assert caught.value.code == code
    assert text.strip(" -;") in str(caught.value) and "\n" not in str(caught.value)
    for fix in caught.value.fixes:
        parse_target(text, formal=fix)
    for row in caught.value.split:
        parse_target(row)
    return caught.value
