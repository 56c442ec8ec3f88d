"""`xlqms init --previous`: what a new campaign takes from the round before it.

Contract, "Rounds that follow each other" and the `xlqms init` options: ``--previous`` copies the
previous campaign's settings, units and objectives (target texts as they were, for the secretary to
edit), with the same indicator codes written into `Mã chỉ tiêu` and `Đợt trước` pointing back at it
(relative to the new campaign's folder). This module holds those rules; :mod:`xlqms.scaffold`
writes the workbook.

* :data:`NEXT_PERIOD` — the period of the round that follows (6 tháng đầu năm → Cả năm → the next
  year's 6 tháng đầu năm; Quý I → Quý II …);
* :func:`following_settings` — the new round's settings from the previous round's;
* :func:`extra_settings` — rows of the previous `Thiết lập` that xlqms does not write itself
  (report settings, …), kept as they were;
* :func:`with_stated_readings` — the `Cách đánh giá` and `Chiều` the previous round wrote, kept on
  the same indicators;
* :func:`keep_previous_codes` — with ``--from`` too: an imported decision's indicators take the
  previous round's codes where their objective has the same title.
"""

from __future__ import annotations

from pathlib import Path

from xlqms import layout
from xlqms.campaign import Campaign, Settings, inspect_campaign, read_campaign
from xlqms.catalogue import canonical_period
from xlqms.errors import CampaignError, XlqmsError
from xlqms.previous import relative_reference
from xlqms.spreadsheet import read_sheet_rows, text_of
from xlqms.text import header_key

NEXT_PERIOD = {"6 tháng đầu năm": (0, "Cả năm"), "9 tháng": (0, "Cả năm"), "Cả năm": (1, "6 tháng đầu năm"),
               "Quý I": (0, "Quý II"), "Quý II": (0, "Quý III"), "Quý III": (0, "Quý IV"), "Quý IV": (1, "Quý I")}
"""The round that follows a period: (years later, period)."""

OWN_SETTINGS = (layout.SETTING_YEAR, layout.SETTING_PERIOD, layout.SETTING_TITLE, layout.SETTING_DUE,
                layout.SETTING_CAMPAIGN_ID, layout.SETTING_ISSUER, layout.SETTING_CONTACT, layout.SETTING_PREVIOUS)
"""The `Thiết lập` keys xlqms writes itself (the others are copied as they were)."""


class PreviousCampaignError(XlqmsError):
    """``--previous`` does not name a campaign folder (exit code 2)."""

    exit_code = 2


def previous_campaign(previous, folder) -> Campaign:
    """The campaign of the previous round.

    Raises :class:`PreviousCampaignError` when ``previous`` has no campaign.xlsx or is ``folder``
    itself, :class:`~xlqms.errors.CampaignError` when its campaign.xlsx has errors.
    """
    previous = Path(previous)
    if not (previous / layout.CAMPAIGN_FILE).is_file():
        raise PreviousCampaignError(f"--previous {previous}: không thấy {layout.CAMPAIGN_FILE} ở thư mục này. "
                                    "Chỉ đến thư mục của đợt báo cáo trước (nơi có campaign.xlsx).")
    if previous.resolve() == Path(folder).resolve():
        raise PreviousCampaignError(f"--previous {previous} là chính thư mục của đợt mới. "
                                    "Tạo đợt mới ở thư mục khác.")
    try:
        return read_campaign(previous)
    except CampaignError as exc:
        raise CampaignError(f"Đợt trước {previous}: {exc.args[0] if exc.args else ''}", exc.findings,
                            exc.footer) from exc


PERIOD_END_MONTH = {"Quý I": 3, "6 tháng đầu năm": 6, "Quý II": 6, "9 tháng": 9, "Quý III": 9, "Cả năm": 12,
                    "Quý IV": 12}


def following_period(earlier: Campaign, year=None, period=None) -> tuple[object, object]:
    """The year and period of the new round: the period after ``earlier``'s (:data:`NEXT_PERIOD`) unless given.

    A period given alone takes the year in which it follows ``earlier`` (Cả năm after 6 tháng đầu
    năm 2026 is 2026; 6 tháng đầu năm after Cả năm 2026 is 2027); a year given alone takes the next
    period; both given are kept (and checked by the caller).
    """
    later, following = NEXT_PERIOD[earlier.period]
    if year in (None, "") and period in (None, ""):
        return earlier.year + later, following
    if year in (None, ""):
        wanted = canonical_period(period)
        ends_later = wanted is not None and PERIOD_END_MONTH[wanted] > PERIOD_END_MONTH[earlier.period]
        return earlier.year + (0 if ends_later else 1), period
    if period in (None, ""):
        return year, following
    return year, period


def following_settings(settings: Settings, earlier: Campaign, folder) -> Settings:
    """The new round's ``settings`` completed from the previous round's.

    Kept: the issuer (when ``settings`` has none), the contact, the title when it names neither the
    previous year nor its period. The year, period, campaign id and due date are the new round's;
    `Đợt trước` points back at ``earlier`` (:func:`xlqms.previous.relative_reference`).
    """
    before = earlier.settings
    title = before.title
    if title and (str(before.year) in title or header_key(before.period) in header_key(title)):
        title = ""
    return Settings(year=settings.year, period=settings.period, title=title, campaign_id=settings.campaign_id,
                    issuer=settings.issuer or before.issuer, contact=before.contact,
                    previous=relative_reference(earlier.folder, Path(folder)))


def extra_settings(earlier: Campaign) -> list[tuple[str, object]]:
    """Rows of the previous round's `Thiết lập` that xlqms does not write itself, as (key, value)."""
    try:
        rows = read_sheet_rows(earlier.path, layout.SETTINGS_SHEET)
    except Exception:  # noqa: BLE001 - a sheet named another way, or gone since: nothing extra
        return []
    header, columns = layout.find_header_row(rows, (layout.SETTINGS_KEY, layout.SETTINGS_VALUE))
    if header is None or len(columns) < 2:
        return []
    own = {header_key(key) for key in OWN_SETTINGS}
    key_column, value_column = columns[layout.SETTINGS_KEY], columns[layout.SETTINGS_VALUE]
    extra = []
    for row in rows[header + 1:]:
        key = text_of(row[key_column]) if key_column < len(row) else ""
        if key and header_key(key) not in own:
            extra.append((key, row[value_column] if value_column < len(row) else None))
    return extra


def with_stated_readings(rows: list[tuple[dict, bool]], earlier: Campaign) -> list[tuple[dict, bool]]:
    """`Mục tiêu` rows with the `Cách đánh giá` and `Chiều` the previous round wrote for the same indicator
    (matched by `Mã chỉ tiêu`): the reading stated explicitly goes on with the target text it explained."""
    stated = {reading.code: {layout.OBJ_FORMAL: reading.formal, layout.OBJ_DIRECTION: reading.direction}
              for reading in inspect_campaign(earlier.folder).readings
              if reading.code and (reading.formal or reading.direction)}
    result = []
    for values, first in rows:
        found = stated.get(str(values.get(layout.OBJ_CODE, "")))
        result.append(({**values, **{k: v for k, v in found.items() if v}} if found else values, first))
    return result


def keep_previous_codes(rows: list[tuple[dict, bool]], earlier: Campaign) -> tuple[list[tuple[dict, bool]], int]:
    """`Mục tiêu` rows (of an imported decision) with the previous round's indicator codes where it fits.

    The n-th indicator of an objective whose title is the title of a previous objective (compared
    after NFC, ignoring case and spacing) takes the previous n-th indicator's code; every other
    indicator gets a fresh code that no previous indicator has ('MT05.2', 'MT05.2b' when taken):
    indicators are the same across rounds by `Mã chỉ tiêu` (contract), so a new one must not take
    an old one's code. Returns the rows and how many kept a previous code.
    """
    previous: dict[tuple[str, int], str] = {}
    for objective in earlier.objectives:
        for position, indicator in enumerate(objective.indicators):
            previous.setdefault((header_key(objective.title), position), indicator.code)
    used = {indicator.code for indicator in earlier.indicators}
    kept, fresh, result = 0, [], []
    title, number, position = "", "", 0
    for values, first in rows:
        values = dict(values)
        if first:
            title, number, position = header_key(values.get(layout.OBJ_TITLE, "")), str(values.get(layout.OBJ_NUMBER, "")), 0
        if values.get(layout.OBJ_TARGET):
            if values.get(layout.OBJ_CODE):
                used.add(str(values[layout.OBJ_CODE]))
            elif (title, position) in previous:
                values[layout.OBJ_CODE] = previous[(title, position)]
                kept += 1
            else:
                fresh.append((values, number, position))
            position += 1
        result.append((values, first))
    for values, number, position in fresh:
        values[layout.OBJ_CODE] = _fresh_code(number, position, used)
    return result, kept


def _fresh_code(number: str, position: int, used: set[str]) -> str:
    stem = "".join(ch for ch in number if ch.isalnum()) or "X"
    base = f"MT{stem.zfill(2) if stem.isdigit() else stem}.{position + 1}"
    code, suffix = base, ord("b")
    while code in used:
        code, suffix = f"{base}{chr(suffix)}", suffix + 1
    used.add(code)
    return code
