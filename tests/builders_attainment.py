"""Builders for attainment / roll-up / export tests: campaigns and submissions made in memory."""

from __future__ import annotations

import datetime as dt
import hashlib
from fractions import Fraction

from builders_generate import campaign_of

from xlqms.campaign import Settings
from xlqms.submission import Entry, Submission


def make_campaign(units, objectives, *, year=2020, period="6 tháng đầu năm", folder="dot", campaign_id="2020-H1-test",
                  title="Đợt thử"):
    """``units``: (code, name, level, parent) tuples; ``objectives``: (number, title, [indicator, …])
    with each indicator (code, target text) or (code, target text, applies_to tuple, periods tuple)."""
    settings = Settings(year=year, period=period, title=title, campaign_id=campaign_id)
    return campaign_of(folder, settings, units, objectives)


def number(value):
    if value is None:
        return None
    return value if isinstance(value, Fraction) else Fraction(str(value))


def entry(code, *, num=None, den=None, value=None, passed=None, baseline=None, explanation="", row=None):
    cells = {}
    if row is not None:
        cells = {"Tử số": f"E{row}", "Mẫu số": f"F{row}", "Kết quả": f"G{row}", "Thuyết minh": f"I{row}"}
    return Entry(code, number(num), number(den), number(value), passed, number(baseline), explanation, cells=cells)


def submission(unit_code, entries, *, campaign_id="2020-H1-test", period="6 tháng đầu năm", file_name=None,
               received_at=dt.datetime(2020, 8, 26, 9, 30)):
    entries = list(entries)
    return Submission(
        unit_code=unit_code, campaign_id=campaign_id, period=period,
        entries={e.code: e for e in entries}, template_version="1",
        file_name=file_name or f"{unit_code}_ket_qua.xlsx", checksum=hashlib.sha256(unit_code.encode()).hexdigest(),
        received_at=received_at, source_path=f"/thu/{unit_code}.xlsx",
    )
