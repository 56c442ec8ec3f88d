"""The inputs ``xlqms verify`` types into a row: a pure function of the row's target.

:func:`trials_for` gives every kind of thing a commune types into Tử số, Mẫu số, Kết quả and Kết
quả kỳ trước for a target — blank, 0, negative, the levels and just either side of them
(:data:`STEP`), text numbers (``85,3``, ``1.540``, ``96,5 %``), the % key, a date, Đạt / Không đạt in
NFD and capitals, Tử số > Mẫu số, Mẫu số 0, 0/0, over 100%, huge numbers, an achieved change — each
a :class:`Trial`. :mod:`xlqms.verify` types them in a real spreadsheet application and compares its
live verdict with collect's.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

from xlqms import layout
from xlqms.engines.base import Typed
from xlqms.numbers import format_number
from xlqms.targets import ChangeMode, Kind, Target, bounds_of
from xlqms.targets.values import magnitude

STEP = Fraction(1, 100)
"""How far 'just above' and 'just below' a level are."""

INPUT_HEADERS = (layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR, layout.RESULT_VALUE, layout.RESULT_BASELINE)

# Baselines typed into Kết quả kỳ trước when a change target takes its baseline from there.
SAMPLE_BASELINES: dict[tuple[ChangeMode | None, str | None], Fraction] = {
    (ChangeMode.POINTS, "increase"): Fraction("90.5"),
    (ChangeMode.POINTS, "decrease"): Fraction(5),
}
DEFAULT_BASELINE = Fraction(120)

NFD_PASSED, NFD_FAILED = (unicodedata.normalize("NFD", word) for word in ("Đạt", "Không đạt"))


# ---------------------------------------------------------------------------------------------
# The input matrix: a pure function of the target


@dataclass(frozen=True)
class Trial:
    """The values typed into one row — Tử số, Mẫu số, Kết quả, Kết quả kỳ trước (None: blank) — and
    what the trial is about. A value is a number, text, a date, a boolean or a :class:`Typed`."""

    numerator: object = None
    denominator: object = None
    value: object = None
    baseline: object = None
    note: str = ""

    def inputs(self) -> dict[str, object]:
        """The values by contract header."""
        return dict(zip(INPUT_HEADERS, (self.numerator, self.denominator, self.value, self.baseline)))

    def key(self) -> tuple:
        return tuple(shown_input(value) for value in (self.numerator, self.denominator, self.value, self.baseline))


def trials_for(target: Target) -> tuple[Trial, ...]:
    """The inputs typed into a row of ``target``: every kind of thing a commune types (pure)."""
    unique: dict[tuple, Trial] = {}
    for trial in _all_trials(target):
        unique.setdefault(trial.key(), trial)
    return tuple(unique.values())


def _all_trials(target: Target) -> list[Trial]:
    if not target.is_quantitative:
        return _pass_fail_trials() + [
            Trial(value=95, note="số thay vì Đạt/Không đạt"), Trial(value="95", note="số dạng chữ"),
            Trial(value="17/18", note="tỷ số"), Trial(value="abc", note="chữ"), Trial(value="tăng 5%"),
            Trial(value=Typed(dt.datetime(2026, 5, 1), "dd/mm/yyyy"), note="ngày"),
            Trial(numerator=5, denominator=10, value="Đạt", note="Tử số/Mẫu số bị bỏ qua"),
            Trial(numerator=Typed(dt.datetime(2026, 9, 10), "dd/mm/yyyy"), value="Đạt", note="ngày ở Tử số"),
            Trial(value=Typed("=1/0", formula=True), note="công thức ra lỗi"),
            Trial(value="§¹t", note="Đạt gõ bằng bảng mã TCVN3"),
        ]
    base = _plain(_sample_baseline(target))
    bounds = bounds_of(target, _sample_baseline(target))
    assert bounds is not None      # quantitative, with a baseline
    trials = [Trial(baseline=base, note="để trống")]
    levels = [bounds.level] + ([bounds.exceed_level] if bounds.exceed_level not in (None, bounds.level) else [])
    values: list[Fraction] = []
    for level in levels:
        if _short_decimal(level):
            values.append(level)
        near = _rounded(level, 4)
        values += [near + STEP, near - STEP]
    for value in values:
        if value >= 0:
            trials.append(Trial(value=_plain(value), baseline=base, note="quanh mức"))
    level = _rounded(bounds.level, 2)
    trials += [
        Trial(value=format_number(level, 4), baseline=base, note="mức, số dạng chữ kiểu Việt Nam"),
        Trial(value=0, baseline=base, note="0"),
        Trial(value=-5, baseline=base, note="số âm"),
        Trial(value="85,3", baseline=base, note="chữ 85,3"),
        Trial(value="1.540", baseline=base, note="chữ 1.540"),
        Trial(value="96,5%", baseline=base, note="chữ 96,5%"),
        Trial(value="96,5\u00a0%", baseline=base, note="chữ 96,5 % (khoảng trắng không ngắt)"),
        Trial(value="  95.7 ", baseline=base, note="dấu chấm thập phân, khoảng trắng"),
        Trial(value="1 540", baseline=base, note="nhóm nghìn bằng khoảng trắng"),
        Trial(value="12,", baseline=base, note="dấu phẩy cuối"),
        Trial(value="+5", baseline=base, note="dấu +"),
        Trial(value="5‰", baseline=base, note="phần nghìn"),
        Trial(value=Typed(0.99, "0%"), baseline=base, note="gõ 99% (phím %)"),
        Trial(value=Typed(0.965, "0.00%"), baseline=base, note="gõ 96,50% (phím %)"),
        Trial(value=Typed(1.5, "0%"), baseline=base, note="gõ 150% (phím %)"),
        Trial(value=150, baseline=base, note="trên 100"),
        Trial(value=10 ** 15, baseline=base, note="rất lớn"),
        Trial(value="abc", baseline=base, note="chữ"),
        Trial(value=Typed(dt.datetime(2026, 5, 1), "dd/mm/yyyy"), baseline=base, note="ngày (gõ 1/5)"),
        Trial(value=NFD_PASSED, baseline=base, note="Đạt (NFD)"),
        Trial(value=True, baseline=base, note="TRUE"),
        Trial(value=Typed("=1540/15.87", formula=True), baseline=base, note="công thức gõ vào ô"),
        Trial(value=Typed("=1/0", formula=True), baseline=base, note="công thức ra lỗi #DIV/0!"),
        Trial(numerator=Typed(0.5, "0%"), denominator=1, baseline=base, note="Tử số gõ 50% (phím %)"),
        Trial(value="§¹t", baseline=base, note="chữ TCVN3"),
        Trial(value="17/18", baseline=base, note="tỷ số trong Kết quả"),
        Trial(value="5/0", baseline=base, note="tỷ số mẫu 0"),
        Trial(value="tăng 7,4%", baseline=base, note="mức tăng đạt được"),
        # Tử số / Mẫu số
        Trial(numerator=1540, denominator=1587, baseline=base, note="1540/1587 (97,04%)"),
        Trial(numerator=1286, denominator=1278, baseline=base, note="Tử số > Mẫu số"),
        Trial(numerator=5, denominator=0, baseline=base, note="Mẫu số 0"),
        Trial(numerator=0, denominator=0, baseline=base, note="0/0"),
        Trial(numerator=0, denominator=0, value=_plain(level), baseline=base, note="0/0 và Kết quả"),
        Trial(numerator=5, baseline=base, note="thiếu Mẫu số"),
        Trial(numerator=5, value=_plain(level), baseline=base, note="thiếu Mẫu số, có Kết quả"),
        Trial(numerator="1.540", denominator="1.587", baseline=base, note="Tử số, Mẫu số dạng chữ"),
        Trial(numerator=-1, denominator=10, baseline=base, note="Tử số âm"),
        Trial(numerator="abc", denominator=10, baseline=base, note="Tử số chữ"),
    ]
    trials += _level_ratios(target, bounds.level, base)
    if target.needs_baseline and target.baseline is None:
        trials += [
            Trial(value=_plain(level), note="thiếu Kết quả kỳ trước"),
            Trial(value=_plain(level), baseline=format_number(_sample_baseline(target) or 0, 4),
                  note="Kết quả kỳ trước dạng chữ"),
            Trial(value=_plain(level), baseline=-1, note="Kết quả kỳ trước âm"),
            Trial(value=_plain(level), baseline="abc", note="Kết quả kỳ trước chữ"),
            Trial(value="112%", note="tỷ lệ so với kỳ trước, dạng chữ"),
        ]
    if target.kind is Kind.CHANGE:
        trials += _achieved_changes(target, base)
    if target.kind is Kind.RATIO:
        assert target.ratio is not None
        n, m = target.ratio
        trials += [Trial(value=count, note=f"số lượng trên {m}") for count in (n, n - 1, m, m + 1) if count >= 0]
        trials.append(Trial(value="94,4%", note="tỷ lệ dạng chữ"))
    if target.kind is Kind.ZERO:
        trials += _pass_fail_trials() + [Trial(value=2, note="2 trường hợp"), Trial(value="0", note="0 dạng chữ")]
    factor = magnitude(target)
    if factor is not None:      # '1,5 triệu lượt' typed as 1.400.000, 1.500.000, and as 1,4
        for level in (bounds.level, bounds.level - STEP):
            trials.append(Trial(value=_plain(level * factor), note=f"gõ số đơn vị lẻ (× {format_number(factor)})"))
            trials.append(Trial(value=format_number(level * factor), note="số đơn vị lẻ dạng chữ"))
    return trials


def _pass_fail_trials() -> list[Trial]:
    return [
        Trial(note="để trống"), Trial(value="Đạt"), Trial(value="Không đạt"),
        Trial(value=" đạt ", note="chữ thường, khoảng trắng"), Trial(value="KHÔNG ĐẠT", note="chữ hoa"),
        Trial(value=NFD_PASSED, note="Đạt (NFD)"), Trial(value=NFD_FAILED, note="Không đạt (NFD)"),
        Trial(value="Đạt.", note="dấu chấm cuối"), Trial(value="x"), Trial(value="Chưa đạt"),
        Trial(value=True, note="TRUE"), Trial(value=False, note="FALSE"),
    ]


def _achieved_changes(target: Target, base) -> list[Trial]:
    assert target.low is not None and target.change_mode is not None
    verb = "tăng" if target.direction == "increase" else "giảm"
    other = "giảm" if verb == "tăng" else "tăng"
    amount = format_number(target.low, 4)
    above = format_number(target.low + STEP * 10, 4)
    below = format_number(max(target.low - STEP * 10, Fraction(0)), 4)
    unit = {ChangeMode.POINTS: " điểm %", ChangeMode.RELATIVE: "%", ChangeMode.ABSOLUTE: ""}[target.change_mode]
    if target.per_mille and target.change_mode is ChangeMode.POINTS:
        unit = " điểm ‰"
    return [
        Trial(value=f"{verb} {amount}{unit}", note="mức thay đổi đạt được, đúng mức"),
        Trial(value=f"{verb} {above}{unit}", note="mức thay đổi trên mức"),
        Trial(value=f"{verb} {below}{unit}", note="mức thay đổi dưới mức"),
        Trial(value=f"{other} {amount}{unit}", note="thay đổi ngược chiều"),
        Trial(value=f"{verb.upper()} THÊM {amount}{unit.upper()}", note="chữ hoa, “thêm”"),
        Trial(value=unicodedata.normalize("NFD", f"{verb} {amount}%"), note="NFD, dấu %"),
        Trial(value=f"{verb} {amount} điểm", note="điểm"),
        Trial(value=f"{verb} {amount}‰", note="phần nghìn"),
        Trial(value=f"{verb} {amount}", note="không đơn vị"),
        Trial(value=f"{verb} abc", note="không phải số"),
    ] + [Trial(value=f"{verb} {amount}{unit}", baseline=base, note="mức thay đổi và Kết quả kỳ trước")]


def _level_ratios(target: Target, level: Fraction, base) -> list[Trial]:
    """Tử số / Mẫu số exactly at the level and one case either side (a rate), or a count as Tử số."""
    if not (target.measures_percent or target.measures_per_mille):
        count = int(_rounded(level, 0))
        return [Trial(numerator=count, denominator=count + 10, baseline=base, note="Tử số là số lượng")]
    scale = target.ratio_scale
    exact = level * 10000 / scale
    if exact.denominator != 1 or exact <= 0 or exact > 10000:
        return []
    n = int(exact)
    return [Trial(numerator=count, denominator=10000, baseline=base, note=f"Tử số/Mẫu số {note}")
            for count, note in ((n, "đúng mức"), (n + 1, "ngay trên mức"), (n - 1, "ngay dưới mức"))
            if 0 <= count <= 10000]


def _sample_baseline(target: Target) -> Fraction | None:
    if not (target.needs_baseline and target.baseline is None):
        return None
    return SAMPLE_BASELINES.get((target.change_mode, target.direction), DEFAULT_BASELINE)


def _plain(number: Fraction | None):
    """A value as it is typed into a cell: int when whole, else the nearest float."""
    if number is None:
        return None
    return int(number) if number.denominator == 1 else float(number)


def _rounded(number: Fraction, decimals: int) -> Fraction:
    return Fraction(round(number * 10**decimals), 10**decimals)


def _short_decimal(number: Fraction) -> bool:
    """Whether ``number`` is exactly a decimal of at most 6 places (so a cell can hold it exactly)."""
    return (number * 10**6).denominator == 1


def shown_input(value) -> str:
    """A typed input as a report shows it: “85,3”, 1.540, (trống), công thức …, a date dd/mm/yyyy."""
    if value is None:
        return "(trống)"
    if isinstance(value, Typed):
        if value.formula:
            return f"công thức {value.value}"
        return f"{shown_input(value.value)} [định dạng {value.number_format}]"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return format_number(value, 6)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d/%m/%Y")
    return f"“{value}”"
