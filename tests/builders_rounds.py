"""Builders for rounds that follow each other: campaigns on disk, returns filled as units would, collected.

``make_round(folder, …)`` writes a campaign.xlsx (with `Đợt trước` and `Đơn vị cũ` when given);
``play_returns(folder, returns)`` generates the workbooks, fills copies the way a unit types
(:func:`xlqms.demo.fill_workbook`: Tử số / Mẫu số / Kết quả / Kết quả kỳ trước by header) and
collects them.
"""

from __future__ import annotations

import os
from pathlib import Path

from xlqms import layout
from xlqms.campaign import Settings, read_campaign
from xlqms.campaign_workbook import write_campaign_workbook
from xlqms.catalogue import PERIOD_CODES
from xlqms.collect import collect
from xlqms.demo import fill_workbook
from xlqms.generate import generate_workbooks
from xlqms.objective_table import objective_sheet_rows
from xlqms.units import Unit

N, D, V, B = layout.RESULT_NUMERATOR, layout.RESULT_DENOMINATOR, layout.RESULT_VALUE, layout.RESULT_BASELINE

UNITS_BEFORE = [("T1", "Tỉnh Thử", "Tỉnh", None), ("X1", "Xã Một", "Xã", "T1"), ("X2", "Xã Hai", "Xã", "T1"),
                ("X3", "Xã Ba", "Xã", "T1"), ("X4", "Xã Bốn", "Xã", "T1")]
UNITS_AFTER = [("T1", "Tỉnh Thử", "Tỉnh", None), ("X1", "Xã Một", "Xã", "T1"), ("X9", "Xã Hợp Nhất", "Xã", "T1")]
MERGER = (("X2", "X9"), ("X3", "X9"), ("X4", "X9"))      # three communes became X9


class _Objective:
    def __init__(self, number, title, indicators):
        self.number, self.title, self.note, self.measures = number, title, "", ()
        self.indicators = [_Indicator(code, text) for code, text in indicators]


class _Indicator:
    def __init__(self, code, text):
        self.code, self.text = code, text


def make_round(folder, objectives, *, units=UNITS_BEFORE, year=2026, period="6 tháng đầu năm", previous="",
               successions=(), campaign_id=None, applies_to=None):
    """A campaign.xlsx in ``folder``; ``objectives``: (number, title, [(code, target text), …]); returns it read."""
    folder = Path(folder)
    settings = Settings(year=year, period=period, title="", campaign_id=campaign_id or f"{year}-{PERIOD_CODES[period]}-t",
                        previous=previous)
    rows = objective_sheet_rows([_Objective(*objective) for objective in objectives])
    write_campaign_workbook(folder / layout.CAMPAIGN_FILE, settings, [Unit(*unit) for unit in units],
                            objective_rows=rows, old_units_sheet=bool(successions), successions=successions)
    return read_campaign(folder)


def play_returns(folder, returns: dict[str, dict[str, dict]], inbox=None):
    """Generate ``folder``'s workbooks, fill the units' copies with ``returns`` ({unit: {indicator:
    {header: value}}}) and collect them; return (generation result, collect report)."""
    folder = Path(folder)
    campaign = read_campaign(folder)
    generated = generate_workbooks(campaign, force=True)
    inbox = Path(inbox or folder.parent / f"inbox-{folder.name}")
    inbox.mkdir(parents=True, exist_ok=True)
    files = {path.name.split("_", 1)[0]: path for path in generated.files}
    for unit, values in returns.items():
        fill_workbook(files[unit], inbox / files[unit].name, values)
    return generated, collect(folder, [inbox])


def relative(path, start) -> str:
    return Path(os.path.relpath(path, start)).as_posix()
