"""Attainment as data: the contract's JSON, a CSV for Excel, and pandas DataFrames for analysts.

:func:`xlqms.round.load_round` (re-exported here) reads a campaign and its collected returns (the
store) and computes the round; ``export_data`` gives the contract's JSON object (``xlqms export --format json``);
``export_csv`` one row per unit × indicator, UTF-8 with a byte-order mark so Excel shows the
Vietnamese correctly; ``export_frames`` the same as DataFrames (``units``, ``indicators``,
``rollup``, ``objectives``).

JSON numbers: an indicator's ``value`` is the number compared with the target (a percent as
0–100), rounded to 2 decimals; for a qualitative target ``value`` is null and ``passed`` is
true (Đạt) / false (Không đạt). ``pooled_value`` is Σ Tử số / Σ Mẫu số × 100, rounded to 2.
With `Đợt trước` (contract, "Rounds that follow each other") each indicator has ``previous_value`` —
the value compared with the target in that round, pooled for a merged unit (rounded to 2), or null
(for a qualitative target ``previous_passed``) — ``trend`` and ``trend_unit`` (``points`` for a
value in percent, ``percent`` of the previous value otherwise: :mod:`xlqms.trends`) and
``previous_sources`` (the previous units it comes from); each roll-up indicator
``previous_pooled_value`` and ``pooled_trend`` (points); ``campaign.previous`` names that round.
In the CSV, free text a unit typed that starts with = + - @ (or a tab, a carriage return) is
prefixed with an apostrophe so that Excel never runs it as a formula (:func:`xlqms.text.csv_cell`,
shared by every CSV xlqms writes).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from fractions import Fraction
from pathlib import Path

import pandas as pd

from xlqms.attainment import IndicatorResult, RoundResult, UnitResult
from xlqms.campaign import Campaign
from xlqms.errors import XlqmsError, describe_os_error
from xlqms.inbox import refuse_own_target
from xlqms.rollup import RollupResult, roll_up, rollup_frame
from xlqms.round import LoadedRound, load_round
from xlqms.spreadsheet import replace_atomically
from xlqms.terminal import require_stdout
from xlqms.text import csv_cell, json_text
from xlqms.trends import comparison_words

__all__ = ["FORMATS", "LoadedRound", "export_csv", "export_data", "export_frames", "load_round", "render_export",
           "write_export"]   # LoadedRound and load_round: their old home, kept for scripts

FORMATS = ("json", "csv")


# ---------------------------------------------------------------------------------------------
# JSON


def plain(number, decimals: int | None = None):
    """A Fraction/float as a JSON number: an int when whole, else a float (rounded if asked)."""
    if number is None or isinstance(number, bool):
        return None
    if isinstance(number, Fraction) and number.denominator == 1:
        return int(number)
    value = float(number)
    if decimals is not None:
        value = round(value, decimals)
    return int(value) if value.is_integer() and decimals is None else value


def _previous_data(result: IndicatorResult) -> dict:
    """The previous round's side of an indicator (contract: ``previous_value``)."""
    before, change = result.previous, result.trend
    return {
        "previous_value": plain(before.value, 2) if before is not None else None,
        "previous_passed": before.value if before is not None and isinstance(before.value, bool) else None,
        "previous_sources": list(before.sources) if before is not None else [],
        "trend": plain(change.amount, 2) if change is not None else None,
        "trend_unit": change.unit.value if change is not None else None,
        "baseline_source": result.baseline_source.value if result.baseline_source is not None else None,
    }


def _indicator_data(result: IndicatorResult) -> dict:
    return {
        "code": result.code,
        "target": result.target,
        "value": plain(result.value, 2),
        "status": result.status.value,
        "label": result.label,
        "passed": result.passed,
        "numerator": plain(result.numerator),
        "denominator": plain(result.denominator),
        "baseline": plain(result.baseline),
        "percent": result.percent,
        "due": result.due,
        "explanation": result.explanation,
        "cells": dict(result.cells),
        **_previous_data(result),
    }


def _unit_data(unit: UnitResult) -> dict:
    provenance = unit.provenance
    return {
        "code": unit.code,
        "name": unit.name,
        "level": unit.level,
        "parent": unit.parent,
        "expected": unit.expected,
        "submitted": unit.submitted,
        "objectives_met": unit.objectives_met,
        "objectives_total": unit.objectives_total,
        "objectives_met_numbers": list(unit.met_numbers),
        "objectives_not_met_numbers": list(unit.not_met_numbers),
        "summary": unit.summary,
        "file": provenance.file_name if provenance else None,
        "checksum": provenance.checksum if provenance else None,
        "received_at": provenance.received_at.isoformat() if provenance and provenance.received_at else None,
        "objectives": [
            {"number": objective.number, "title": objective.title, "status": objective.status.value,
             "label": objective.label, "indicators": [_indicator_data(ind) for ind in objective.indicators]}
            for objective in unit.objectives
        ],
    }


def export_data(campaign: Campaign, round_result: RoundResult, rollup: RollupResult) -> dict:
    """The contract's JSON object: ``campaign``, ``units`` (every unit) and ``rollup`` (every parent)."""
    settings = campaign.settings
    before = round_result.previous
    return {
        "campaign": {"id": settings.campaign_id, "title": settings.display_title, "year": settings.year,
                     "period": settings.period, "period_code": settings.period_code,
                     "previous": None if before is None else {
                         "id": before.campaign_id, "year": before.year, "period": before.period,
                         "folder": settings.previous,
                         "comparison": comparison_words(settings.year, settings.period, before)}},
        "units": [_unit_data(unit) for unit in round_result.units],
        "rollup": [
            {
                "code": parent.code,
                "name": parent.name,
                "level": parent.level,
                "units_expected": parent.units_expected,
                "units_submitted": parent.units_submitted,
                "units_missing": list(parent.missing),
                "completeness": plain(parent.completeness, 2),
                "indicators": [
                    {
                        "code": ind.code, "objective": ind.objective, "target": ind.target,
                        "units_expected": ind.units_expected, "units_submitted": ind.units_submitted,
                        "units_assessed": ind.units_assessed, "units_met": ind.units_met,
                        "units_exceeded": ind.units_exceeded, "units_not_met": ind.units_not_met,
                        "units_no_data": ind.units_no_data, "units_not_due": ind.units_not_due,
                        "pooled_value": plain(ind.pooled_value, 2),
                        "pooled_status": ind.pooled_status.value if ind.pooled_status else None,
                        "numerator_total": plain(ind.numerator_total),
                        "denominator_total": plain(ind.denominator_total),
                        "min": plain(ind.minimum, 2), "median": plain(ind.median, 2),
                        "max": plain(ind.maximum, 2),
                        "previous_pooled_value": plain(ind.previous_pooled_value, 2),
                        "pooled_trend": plain(ind.pooled_trend, 2),
                    }
                    for ind in parent.indicators
                ],
                "objectives": [
                    {"number": obj.number, "units_expected": obj.units_expected,
                     "units_submitted": obj.units_submitted, "units_assessed": obj.units_assessed,
                     "units_met": obj.units_met, "units_not_met": obj.units_not_met}
                    for obj in parent.objectives
                ],
            }
            for parent in rollup.parents
        ],
    }


# ---------------------------------------------------------------------------------------------
# Tables


INDICATOR_COLUMNS = (
    "unit_code", "unit_name", "level", "parent", "submitted", "objective", "objective_status",
    "indicator", "target", "numerator", "denominator", "value", "passed", "baseline", "status", "label",
    "due", "explanation", "file", "received_at", "checksum", "cells",
    "previous_value", "previous_passed", "previous_sources", "trend", "trend_unit", "baseline_source",
)


def indicator_rows(round_result: RoundResult) -> list[dict]:
    """One row per unit × indicator (units with objectives), in campaign order."""
    rows = []
    for unit in round_result.units:
        provenance = unit.provenance
        for objective in unit.objectives:
            for ind in objective.indicators:
                rows.append({
                    "unit_code": unit.code, "unit_name": unit.name, "level": unit.level,
                    "parent": unit.parent, "submitted": unit.submitted,
                    "objective": objective.number, "objective_status": objective.status.value,
                    "indicator": ind.code, "target": ind.target,
                    "numerator": plain(ind.numerator), "denominator": plain(ind.denominator),
                    "value": ind.number, "passed": ind.passed, "baseline": plain(ind.baseline),
                    "status": ind.status.value, "label": ind.label, "due": ind.due,
                    "explanation": ind.explanation,
                    "file": provenance.file_name if provenance else None,
                    "received_at": provenance.received_at.isoformat() if provenance and provenance.received_at else None,
                    "checksum": provenance.checksum if provenance else None,
                    "cells": "; ".join(f"{header}={cell}" for header, cell in ind.cells),
                    **_previous_row(ind),
                })
    return rows


def _previous_row(result: IndicatorResult) -> dict:
    """The previous round's columns of one CSV / DataFrame row (unrounded numbers)."""
    data = _previous_data(result)
    change = result.trend
    return {**data, "previous_value": result.previous_number, "trend": change.number if change is not None else None,
            "previous_sources": ", ".join(data["previous_sources"])}


def unit_rows(round_result: RoundResult) -> list[dict]:
    rows = []
    for unit in round_result.units:
        provenance = unit.provenance
        rows.append({
            "unit_code": unit.code, "unit_name": unit.name, "level": unit.level, "parent": unit.parent,
            "expected": unit.expected, "submitted": unit.submitted,
            "objectives_met": unit.objectives_met, "objectives_total": unit.objectives_total,
            "objectives_met_numbers": ", ".join(unit.met_numbers),
            "objectives_not_met_numbers": ", ".join(unit.not_met_numbers),
            "summary": unit.summary,
            "file": provenance.file_name if provenance else None,
            "received_at": provenance.received_at if provenance else None,
            "checksum": provenance.checksum if provenance else None,
        })
    return rows


def export_csv(round_result: RoundResult) -> str:
    """The CSV text (with a leading BOM): one row per unit × indicator, dot decimals."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.DictWriter(buffer, fieldnames=INDICATOR_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in indicator_rows(round_result):
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def export_frames(source, round_result: RoundResult | None = None, rollup: RollupResult | None = None) -> dict:
    """DataFrames for analysts: ``units``, ``indicators``, ``objectives`` and ``rollup``.

    ``source`` is a campaign folder (read with :func:`load_round`) or a Campaign given with its
    ``round_result`` (and optionally ``rollup``).
    """
    if isinstance(source, (str, Path)):
        loaded = load_round(source)
        campaign, round_result, rollup = loaded.campaign, loaded.round_result, loaded.rollup
    else:
        campaign = source
        if round_result is None:
            raise TypeError("export_frames(campaign, round_result[, rollup])")
        rollup = rollup if rollup is not None else roll_up(campaign, round_result)
    objectives = [
        {"unit_code": unit.code, "objective": objective.number, "title": objective.title,
         "status": objective.status.value, "label": objective.label, "submitted": unit.submitted}
        for unit in round_result.units for objective in unit.objectives
    ]
    return {
        "units": pd.DataFrame(unit_rows(round_result)),
        "indicators": pd.DataFrame(indicator_rows(round_result), columns=list(INDICATOR_COLUMNS)),
        "objectives": pd.DataFrame(objectives, columns=["unit_code", "objective", "title", "status", "label",
                                                        "submitted"]),
        "rollup": rollup_frame(rollup),
    }


# ---------------------------------------------------------------------------------------------


def render_export(campaign: Campaign, round_result: RoundResult, rollup: RollupResult, format: str) -> str:
    if format == "json":
        return json_text(json.dumps(export_data(campaign, round_result, rollup), ensure_ascii=False,
                                    separators=JSON_SEPARATORS)) + "\n"
    if format == "csv":
        return export_csv(round_result)
    raise XlqmsError(f"Định dạng “{format}” không được hỗ trợ. Chọn: {', '.join(FORMATS)}.")


JSON_SEPARATORS = (",", ":")
"""Compact JSON (no indentation): the standard library then encodes in C, several times faster."""


def dump_json(data, stream) -> None:
    """Write ``data`` as compact JSON (UTF-8 text, not ASCII-escaped) and a newline to ``stream``.

    The export of a national round is ~30 MB: one ``json.dumps`` call (the C encoder; ``indent``
    would switch to the pure-Python one) and one write. Raises TypeError for what JSON cannot hold.
    """
    stream.write(json_text(json.dumps(data, ensure_ascii=False, separators=JSON_SEPARATORS)) + "\n")


def write_export(folder, format: str, out=None, stream=None) -> Path | None:
    """Export ``folder``'s round as ``format`` to ``out`` (atomically) or to ``stream`` (stdout).

    JSON is written by :func:`dump_json` into the temporary file that then replaces ``out``.
    """
    if format not in FORMATS:
        raise XlqmsError(f"Định dạng “{format}” không được hỗ trợ. Chọn: {', '.join(FORMATS)}.")
    loaded = load_round(folder)
    if format == "json":
        data = export_data(loaded.campaign, loaded.round_result, loaded.rollup)

        def write_to(target) -> None:
            dump_json(data, target)
    else:
        text = export_csv(loaded.round_result)

        def write_to(target) -> None:
            target.write(text)

    if out is None:
        if stream is None:
            require_stdout()
        write_to(stream or sys.stdout)
        return None
    path = Path(out)
    refuse_own_target(path, folder)

    def write(temporary: str) -> None:
        with open(temporary, "w", encoding="utf-8", newline="") as target:
            write_to(target)

    try:
        replace_atomically(path, write)
    except OSError as exc:
        raise XlqmsError(describe_os_error(exc, path)) from exc
    return path
