"""The target language: the Vietnamese phrases officials write as targets, their verdicts, and the
values units type (TARGETS.md, second edition; the domain README).

``parse_target("trên 90%")`` reads a target into a :class:`Target` — or raises
:class:`~xlqms.errors.TargetSyntaxError`, a refusal that says what to write instead;
``evaluate(target, value)`` gives its :class:`~xlqms.statuses.Status` for a value.

The package, in reading order: :mod:`.clean` (step 1), :mod:`.lexicon` (the words, as data),
:mod:`.tokens` (numbers, phrases, spans set aside — step 2), :mod:`.rules`, :mod:`.choice` and :mod:`.reader`
(step 3: levels, kind, direction, change mode), :mod:`.cues` (direction and rate/amount cues),
:mod:`.formal` (the `Cách đánh giá` syntax), :mod:`.values` (what units type), :mod:`.verdict`,
:mod:`.describe` (the reading in Vietnamese), :mod:`.judge` (`xlqms target`). Everything is pure.
"""

from __future__ import annotations

from xlqms.targets.clean import normalise
from xlqms.targets.describe import describe, reading_lines, short_reading
from xlqms.targets.formal import FORMAL_FORMS, parse_formal, render_formal
from xlqms.targets.judge import judge_text
from xlqms.targets.lexicon import PASSED_WORDS
from xlqms.targets.model import DECREASE, INCREASE, Better, Bounds, ChangeMode, Kind, Operator, Reading, Target
from xlqms.targets.reader import REFUSAL_CODES, read_text
from xlqms.targets.values import measure, out_of_scale, parse_qualitative, parse_value, read_typed
from xlqms.targets.verdict import bounds_of, evaluate, judge_change
from xlqms.text import header_key

UNDERSTOOD_FORMS = (
    "trên 90%  ·  > 90%  ·  hơn 90%  ·  dưới 5%  ·  < 5%",
    "≥ 98%  ·  từ 98% trở lên  ·  1.200 lao động trở lên  ·  tối thiểu 98%",
    "≤ 2%  ·  không quá 2%  ·  tối đa 2%  ·  xuống còn 12%  ·  lên 90%",
    "100%  ·  đạt 97%  ·  900 lao động  ·  khoảng 5%  (một mức)",
    "14-15%  ·  3 ÷ 5 mô hình  ·  từ 14% đến 15%  (khoảng)",
    "18/18 chỉ tiêu  ·  31/38 trường  (ít nhất N trên M)",
    "tăng 1% so với năm 2021 (98,6%)  ·  Tỷ lệ hộ nghèo giảm 1%",
    "Thu ngân sách tăng 12%  ·  bằng 110% so với năm 2024",
    "0 hồ sơ trễ hạn  ·  không để xảy ra …  ·  trước ngày 15/12",
    "… đạt yêu cầu  (định tính: Đạt / Không đạt)",
)
"""Wordings xlqms reads, shown once per run when something cannot be read (never once per error)."""

_DIRECTIONS = {
    "cao hơn là tốt": Better.HIGHER, "cao hơn": Better.HIGHER, "cao": Better.HIGHER, "tăng": Better.HIGHER,
    "càng cao càng tốt": Better.HIGHER, "higher": Better.HIGHER,
    "thấp hơn là tốt": Better.LOWER, "thấp hơn": Better.LOWER, "thấp": Better.LOWER, "giảm": Better.LOWER,
    "càng thấp càng tốt": Better.LOWER, "lower": Better.LOWER,
}
DIRECTION_WORDS = ("Cao hơn là tốt", "Thấp hơn là tốt")
"""The values of the `Chiều` column."""


def parse_direction(text) -> Better | None:
    """The `Chiều` column: 'Cao hơn là tốt' / 'Thấp hơn là tốt' (blank: None). Raises ValueError."""
    if isinstance(text, Better):
        return text
    key = header_key(text or "").rstrip(".")
    if not key:
        return None
    if key in _DIRECTIONS:
        return _DIRECTIONS[key]
    raise ValueError(text)


def parse_target(text, context: str = "", direction=None, formal: str | None = None,
                 baseline_percent: bool | None = None) -> Target:
    """Read a target (TARGETS.md). ``formal`` is the `Cách đánh giá` column: when given it wins over
    the text. ``direction`` is the `Chiều` column (a :class:`Better` or its Vietnamese text),
    ``context`` the objective's and indicator's wording (direction and rate/amount cues),
    ``baseline_percent`` whether the baseline is known to be a percent (points for a change).

    Raises :class:`~xlqms.errors.TargetSyntaxError`: a refusal with ``code``, ``fixes`` and ``split``.
    """
    better = parse_direction(direction) if not isinstance(direction, Better) else direction
    if formal is not None and str(formal).strip():

        return parse_formal(formal, text=normalise(text).strip(), better=better)
    return read_text(text, context=context, better=better, baseline_percent=baseline_percent)


__all__ = [
    "Better", "Bounds", "ChangeMode", "DECREASE", "DIRECTION_WORDS", "FORMAL_FORMS", "INCREASE", "Kind",
    "Operator", "PASSED_WORDS", "REFUSAL_CODES", "Reading", "Target", "UNDERSTOOD_FORMS", "bounds_of",
    "describe", "evaluate", "judge_change", "judge_text", "measure", "parse_direction", "parse_formal",
    "out_of_scale", "parse_qualitative", "parse_target", "parse_value", "read_typed", "reading_lines", "render_formal",
    "short_reading",
]
