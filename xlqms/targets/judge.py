"""What `xlqms target` shows: the reading of a text and, given a value, its verdict. Pure."""

from __future__ import annotations

from xlqms.codes import Code
from xlqms.errors import ValueSyntaxError
from xlqms.numbers import format_number
from xlqms.targets.describe import describe, reading_lines
from xlqms.targets.model import Kind, plain
from xlqms.targets.values import measure, out_of_scale, parse_value
from xlqms.targets.verdict import bounds_of, evaluate


def judge_text(text: str, value=None, baseline=None, context: str = "") -> dict:
    """The reading of ``text`` (with the objective's wording ``context``) and, given a value, its verdict.

    ``value`` and ``baseline`` may be Vietnamese text ('95,7', '98,6%', 'Đạt', '1540/1587',
    'tăng 7,4%'). Raises TargetSyntaxError (a refusal) or ValueSyntaxError.
    """
    from xlqms.targets import parse_target

    base = None
    base_percent = None
    if baseline not in (None, ""):
        base_reading = parse_value(baseline)
        if base_reading.number is None and base_reading.numerator is None:
            raise ValueSyntaxError(f"Mức cơ sở “{baseline}” phải là một số.")
        if base_reading.number is not None:
            base = base_reading.number
        else:   # a ratio: parse_value gives both counts and refuses a zero denominator
            assert base_reading.numerator is not None and base_reading.denominator is not None
            base = 100 * base_reading.numerator / base_reading.denominator
        base_percent = base_reading.percent_sign or base_reading.numerator is not None
    target = parse_target(text, context=context, baseline_percent=base_percent)
    result: dict = {"target": target.to_dict()}
    if base is not None:
        result["baseline"] = plain(base)
    result["target"]["reading"] = describe(target, base)
    result["reading_lines"] = [[label, line] for label, line in reading_lines(target, base)]
    if value is not None:
        reading = parse_value(value)
        scale = out_of_scale(target, reading)
        if scale is not None:
            raise ValueSyntaxError(scale, code=Code.VALUE_OUT_OF_SCALE.value)
        status = evaluate(target, reading, baseline=base)
        compared = measure(target, reading)
        result["status"] = status.value
        result["label"] = status.label
        if reading.change is not None and target.kind is Kind.CHANGE:
            result["value"] = float(reading.change)
            verb = "tăng" if reading.change >= 0 else "giảm"
            result["value_text"] = f"{verb} {format_number(abs(reading.change), 4)}" + (
                " điểm %" if reading.change_points else "%" if reading.percent_sign else "")
        elif isinstance(compared, bool):
            result["value"] = compared
            result["value_text"] = "Đạt" if compared else "Không đạt"
        elif compared is not None:
            result["value"] = round(float(compared), 4)
            sign = "%" if target.measures_percent else "‰" if target.measures_per_mille else ""
            result["value_text"] = format_number(compared, 2) + sign
        else:
            result["value"] = None
        bounds = bounds_of(target, base)
        if bounds is not None:
            result["level"] = plain(bounds.level)
            result["exceed_level"] = plain(bounds.exceed_level)
        if status.value == "no_data" and target.needs_baseline and base is None and target.baseline is None \
                and reading.change is None:
            result["message"] = ("Chưa có mức cơ sở: nhập Kết quả kỳ trước (--baseline) hoặc ghi mức thay đổi "
                                 "đạt được, ví dụ “tăng 7,4%”")
    return result
