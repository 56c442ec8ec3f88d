"""How xlqms reads a target, in Vietnamese: one line (:func:`describe`) and the labelled details
(:func:`reading_lines`) that `xlqms target` and `xlqms check` show — kind, direction, levels, where
Vượt starts, change mode, where the baseline comes from. Pure."""

from __future__ import annotations

from fractions import Fraction

from xlqms.numbers import format_number, to_fraction
from xlqms.targets.model import INCREASE, Better, ChangeMode, Kind, Operator, Target
from xlqms.targets.verdict import bounds_of

KIND_LABELS = {
    Kind.THRESHOLD: "ngưỡng",
    Kind.RANGE: "khoảng",
    Kind.RATIO: "tỷ số N/M",
    Kind.CHANGE: "thay đổi so với mức cơ sở",
    Kind.RELATIVE: "tỷ lệ so với kỳ gốc",
    Kind.ZERO: "không để xảy ra (mức 0)",
    Kind.DEADLINE: "hạn hoàn thành",
    Kind.QUALITATIVE: "định tính",
}
BETTER_LABELS = {Better.HIGHER: "cao hơn là tốt", Better.LOWER: "thấp hơn là tốt"}
MODE_LABELS = {
    ChangeMode.POINTS: "điểm phần trăm",
    ChangeMode.RELATIVE: "tương đối (% của mức cơ sở)",
    ChangeMode.ABSOLUTE: "số tuyệt đối",
}
_SYMBOLS = {Operator.GT: ">", Operator.GE: "≥", Operator.LT: "<", Operator.LE: "≤"}


def show(number: Fraction | None, sign: str = "") -> str:
    if number is None:
        return ""
    return format_number(number, 4) + sign


def _kind_label(target: Target) -> str:
    if target.bare:
        return "mức (không ghi từ so sánh)"
    return KIND_LABELS[target.kind]


def _mode_label(target: Target) -> str:
    assert target.change_mode is not None, "a change target has its change mode"
    return MODE_LABELS[target.change_mode]


def _level_text(target: Target, baseline=None) -> str:
    sign, unit = target.sign, (f" {target.unit}" if target.unit and not target.sign else "")
    kind = target.kind
    if kind is Kind.QUALITATIVE:
        return "đơn vị tự đánh giá Đạt / Không đạt"
    if kind is Kind.DEADLINE:
        return f"hoàn thành trước {target.deadline}: đơn vị đánh giá Đạt / Không đạt"
    if kind is Kind.ZERO:
        return "đạt khi bằng 0, không đạt khi lớn hơn 0 (hoặc đơn vị ghi Đạt / Không đạt)"
    operator = target.operator
    assert operator is not None, f"a {kind.value} target has an operator"
    if kind is Kind.RATIO:
        assert target.ratio is not None, "a ratio target has its counts"
        n, m = target.ratio
        words = {Operator.GE: "ít nhất", Operator.GT: "hơn", Operator.LE: "nhiều nhất", Operator.LT: "ít hơn"}
        return f"{words[operator]} {n}/{m}{unit} (tỷ lệ {_SYMBOLS[operator]} {show(target.low, '%')})"
    if kind is Kind.RANGE:
        return f"khoảng {show(target.low)}–{show(target.high, sign)}{unit}"
    if kind is Kind.RELATIVE:
        return f"Kết quả ÷ Kết quả kỳ trước {_SYMBOLS[operator]} {show(target.low, '%')}"
    if kind is Kind.CHANGE:
        assert target.change_mode is not None, "a change target has its change mode"
        verb = "tăng" if target.direction == INCREASE else "giảm"
        amount = show(target.low) + (f"–{show(target.high)}" if target.high is not None else "")
        written = "" if operator is Operator.GE else f"{_SYMBOLS[operator]} "
        unit_text = {ChangeMode.POINTS: " điểm ‰" if target.per_mille else " điểm %",
                     ChangeMode.RELATIVE: "%", ChangeMode.ABSOLUTE: unit}[target.change_mode]
        return f"{verb} {written}{amount}{unit_text}"
    return f"{_SYMBOLS[operator]} {show(target.low, sign)}{unit}"


def _met_and_exceeded(target: Target, baseline=None) -> tuple[str, str]:
    """'đạt khi ≥ 14%', 'Vượt khi > 15%' (or that there is no Vượt)."""
    if target.kind in (Kind.QUALITATIVE, Kind.DEADLINE):
        return "Đạt / Không đạt do đơn vị ghi", "không có mức Vượt"
    sign = "%" if target.measures_percent else "‰" if target.measures_per_mille else ""
    bounds = bounds_of(target, baseline)
    if bounds is None:
        if target.kind is Kind.CHANGE:
            assert target.operator is not None, "a change target has an operator"
            return "tính khi có mức cơ sở (Kết quả kỳ trước) hoặc khi đơn vị ghi mức thay đổi đạt được", (
                "Vượt khi thay đổi vượt quá " + show(target.high) if target.high is not None and
                target.operator.upward else "không có mức Vượt")
        return "tính khi có Kết quả kỳ trước, hoặc đơn vị ghi thẳng tỷ lệ %", "không có mức Vượt"
    met = f"đạt khi {_SYMBOLS[bounds.operator]} {show(bounds.level, sign)}"
    if bounds.exceed_level is None:
        return met, "không có mức Vượt"
    beyond = ">" if bounds.operator.upward else "<"
    return met, f"Vượt khi {beyond} {show(bounds.exceed_level, sign)}"


def _baseline_text(target: Target, baseline=None) -> str:
    if not target.needs_baseline:
        return ""
    sign = "%" if target.change_mode is ChangeMode.POINTS and not target.per_mille else (
        "‰" if target.per_mille else "")
    if target.baseline is not None:
        where = "cột Cách đánh giá" if target.source == "formal" else "chỉ tiêu"
        return f"mức cơ sở {show(target.baseline, sign)} (ghi trong {where})"
    if baseline is not None:
        return f"mức cơ sở {show(to_fraction(baseline), sign)} (đã cho)"
    return "mức cơ sở lấy từ Kết quả kỳ trước"


def describe(target: Target, baseline=None, with_level: bool = True) -> str:
    """One line: 'Khoảng 14–15%; đạt khi ≥ 14; Vượt khi > 15; cao hơn là tốt' (without the level
    itself when ``with_level`` is False: the Cách hiểu column puts the formal form first)."""
    parts = [_level_text(target, baseline)] if with_level or target.kind in (
        Kind.QUALITATIVE, Kind.DEADLINE, Kind.ZERO) else []
    if target.kind not in (Kind.QUALITATIVE, Kind.DEADLINE, Kind.ZERO):
        met, exceeded = _met_and_exceeded(target, baseline)
        parts += [met, exceeded]
        if target.kind is Kind.CHANGE:
            parts.append(f"tính theo {_mode_label(target)}")
        base = _baseline_text(target, baseline)
        if base:
            parts.append(base)
        if target.kind not in (Kind.ZERO,):
            parts.append(BETTER_LABELS[target.better])
    if target.approximate:
        parts.append("“khoảng” đọc là đúng mức đã ghi")
    if target.source == "formal":
        parts.append("theo cột Cách đánh giá")
    text = "; ".join(part for part in parts if part)
    return text[0].upper() + text[1:]


def reading_lines(target: Target, baseline=None) -> list[tuple[str, str]]:
    """The reading as labelled lines (label, text), in Vietnamese."""
    lines = [("Loại", _kind_label(target))]
    if target.kind not in (Kind.QUALITATIVE, Kind.DEADLINE):
        direction = BETTER_LABELS[target.better]
        if target.direction_source:
            direction += f" (theo {target.direction_source})"
        lines.append(("Chiều", direction))
    lines.append(("Mức", _level_text(target, baseline)))
    if target.kind not in (Kind.QUALITATIVE, Kind.DEADLINE):
        met, exceeded = _met_and_exceeded(target, baseline)
        lines.append(("Đạt", met))
        lines.append(("Vượt", exceeded))
    if target.kind is Kind.CHANGE:
        lines.append(("Tính thay đổi", _mode_label(target)))
    base = _baseline_text(target, baseline)
    if base:
        lines.append(("Mức cơ sở", base))
    lines.append(("Nguồn", "cột Cách đánh giá" if target.source == "formal" else "chữ của chỉ tiêu"))
    lines.append(("Cách đánh giá", target.formal))
    for note in target.notes:
        lines.append(("Ghi chú", note))
    return lines


def short_reading(target: Target) -> str:
    """The reading written into the `Cách hiểu` column: the formal form and the line of describe()."""
    return f"{target.formal} — {describe(target, with_level=False)}"

