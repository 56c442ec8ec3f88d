"""The verdict's memo of fixed bounds (xlqms.targets.verdict): never the bounds of another target."""

from __future__ import annotations

import gc

import pytest

from xlqms.targets import bounds_of, evaluate, parse_target, verdict


@pytest.mark.parametrize("kept", [1, 3, verdict.FIXED_BOUNDS_KEPT])
def test_bounds_follow_each_target_even_when_ids_are_reused(monkeypatch, kept):
    monkeypatch.setattr(verdict, "FIXED_BOUNDS_KEPT", kept)
    monkeypatch.setattr(verdict, "_FIXED_BOUNDS", {})
    for level in range(60, 100):
        target = parse_target(f"trên {level}%")          # made and dropped: its id is soon another's
        assert bounds_of(target) == verdict._bounds(target, None)
        assert bounds_of(target).level == level
        assert evaluate(target, level + 0.5).value == "met"
        assert evaluate(target, level).value == "not_met"
        del target
        gc.collect()
    assert len(verdict._FIXED_BOUNDS) <= kept


def test_change_targets_are_never_memoised():
    target = parse_target("tăng 1 điểm % so với kỳ trước")
    assert bounds_of(target, 98) != bounds_of(target, 90)
    assert id(target) not in verdict._FIXED_BOUNDS
