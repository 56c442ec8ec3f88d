"""Reading the round named by `Đợt trước`: its campaign and accepted results, seen by this round's units.

Contract, "Rounds that follow each other". ``load_previous(campaign)`` resolves `Đợt trước` (relative
to the campaign's folder, as `xlqms init --previous` writes it, or absolute), reads that campaign
(:func:`xlqms.campaign.read_campaign`) and what its collection recorded (:func:`xlqms.store.read_records`,
read only), judges it (:func:`xlqms.attainment.evaluate_round`: the values its roll-up and export
use) and maps its units onto this round's through sheet `Đơn vị cũ` (:mod:`xlqms.lineage`), each
unit's values combined by :func:`xlqms.trends.combine`.

It never raises for the previous round: a missing or unreadable folder, a campaign.xlsx with errors,
an unreadable store are each a ``previous-round-unavailable`` finding located at the `Đợt trước`
cell, and the round goes on without previous values (baselines stay open for units to type).
Old codes of `Đơn vị cũ` that were not units of the previous round are ``old-unit-unknown``
findings; the new unit of such a row gets no previous values at all (a pool missing a commune would
be wrong, and carried baselines are locked).
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import replace
from pathlib import Path

from xlqms import layout
from xlqms.attainment import IndicatorResult, RoundResult, evaluate_round
from xlqms.campaign import Campaign, read_campaign
from xlqms.catalogue import period_phrase
from xlqms.errors import XlqmsError, os_error_reason
from xlqms.findings import Code, Finding, finding
from xlqms.lineage import predecessors
from xlqms.record_check import read_records
from xlqms.spreadsheet import cell_ref, read_sheet_rows
from xlqms.text import header_key
from xlqms.trends import (
    PreviousRoundInfo,
    PreviousValue,
    PreviousValues,
    carried_baseline,
    combine,
    not_carried_reason,
    reference_mismatch,
)

MAX_LISTED = 8
"""Units named in one finding before '…'."""


def previous_folder(campaign: Campaign) -> Path | None:
    """The folder `Đợt trước` names (relative to the campaign's folder, or absolute), or None when blank."""
    text = campaign.settings.previous.strip()
    if not text:
        return None
    path = Path(os.path.expanduser(text))
    return path if path.is_absolute() else Path(campaign.folder) / path


def relative_reference(previous: Path, campaign_folder: Path) -> str:
    """How `xlqms init --previous` writes `Đợt trước`: the path from the new campaign's folder, with '/'.

    An absolute path when there is no relative one (another drive on Windows).
    """
    try:
        return Path(os.path.relpath(Path(previous).resolve(), Path(campaign_folder).resolve())).as_posix()
    except ValueError:
        return str(Path(previous).resolve())


def load_previous(campaign: Campaign) -> tuple[PreviousValues | None, list[Finding]]:
    """The previous round's values for this round's units, and every finding (module docstring).

    Returns ``(None, [])`` when `Đợt trước` is blank, ``(None, [finding])`` when the round it names
    cannot be used.
    """
    folder = previous_folder(campaign)
    if folder is None:
        return None, []
    where = _setting_cell(campaign)

    def unavailable(why: str) -> tuple[None, list[Finding]]:
        return None, [finding(Code.PREVIOUS_ROUND_UNAVAILABLE,
                              f"Đợt trước “{campaign.settings.previous}” ({folder}): {why}. Không có kết quả kỳ trước "
                              "nào được mang sang; đơn vị tự nhập Kết quả kỳ trước.", **where)]

    try:
        if not (folder / layout.CAMPAIGN_FILE).is_file():
            return unavailable(f"không có tệp {layout.CAMPAIGN_FILE} ở thư mục này" if folder.is_dir()
                               else "không có thư mục này")
    except (OSError, ValueError) as exc:      # a name too long, a NUL, a folder not allowed: not a round to use
        why = os_error_reason(exc) if isinstance(exc, OSError) else "đường dẫn có ký tự không hợp lệ"
        return unavailable(f"không mở được đường dẫn này ({why})")
    if _same_folder(folder, campaign.folder):
        return unavailable("đây chính là đợt này, không phải đợt trước")
    try:
        earlier = read_campaign(folder)
    except XlqmsError as exc:
        problems = [f.describe() for f in getattr(exc, "findings", []) if f.is_error][:3]
        return unavailable(f"không đọc được campaign.xlsx của đợt trước ({'; '.join(problems) or exc})")
    if earlier.id == campaign.id:
        return unavailable(f"đợt trước có cùng mã đợt {campaign.id} với đợt này")
    try:
        records = read_records(folder, campaign=earlier)
    except (sqlite3.Error, OSError, XlqmsError, ValueError) as exc:
        return unavailable(f"không đọc được dữ liệu đã thu nhận ({layout.STORE_FILE}: {exc})")
    findings: list[Finding] = []
    if not records.submissions:
        findings.append(finding(
            Code.PREVIOUS_ROUND_UNAVAILABLE,
            f"Đợt trước “{campaign.settings.previous}” chưa có báo cáo nào được chấp nhận: chưa có kết quả kỳ trước để "
            "mang sang.", **where))
    judged = evaluate_round(earlier, records.submissions)
    info = PreviousRoundInfo(earlier.id, earlier.year, earlier.period, earlier.settings.display_title,
                             str(folder.resolve()))
    values, more = _values(campaign, earlier, judged, info)
    return values, findings + more


def _values(campaign: Campaign, earlier: Campaign, judged: RoundResult, info: PreviousRoundInfo,
            ) -> tuple[PreviousValues, list[Finding]]:
    findings: list[Finding] = []
    previous_codes = {unit.code for unit in earlier.units}
    broken: set[str] = set()
    for succession in campaign.successions:
        if succession.old not in previous_codes:
            broken.add(succession.new)
            findings.append(finding(
                Code.OLD_UNIT_UNKNOWN,
                f"Mã đơn vị cũ “{succession.old}” không có trong trang {layout.UNITS_SHEET} của đợt trước "
                f"({period_phrase(info.period, info.year)}). Đơn vị {succession.new} chưa có kết quả kỳ trước nào "
                "cho đến khi sửa dòng này.", file=layout.CAMPAIGN_FILE, sheet=layout.OLD_UNITS_SHEET,
                cell=succession.old_cell or None))
    current_codes = [unit.code for unit in campaign.units]
    sources = predecessors(campaign.successions, previous_codes, current_codes)
    by_code = {unit.code: unit for unit in judged.units}
    names = {unit.code: unit.name for unit in earlier.units}
    not_combined: dict[str, list[str]] = {}        # indicator code -> "unit: why"
    not_carried: dict[str, tuple[str, list[str]]] = {}
    values: dict[str, dict[str, PreviousValue]] = {}
    for unit in campaign.units:
        if unit.code in broken or not sources.get(unit.code):
            continue
        found: dict[str, PreviousValue] = {}
        for objective in campaign.objectives_for(unit):
            for indicator in objective.indicators:
                parts = [(old, _own_value(by_code.get(old), indicator.code)) for old in sources[unit.code]]
                combined = combine(unit.code, parts)
                if combined.value is not None:
                    named = tuple(names.get(code, "") for code in combined.value.sources)
                    combined = replace(combined, value=replace(combined.value, source_names=named))
                if combined.value is None:
                    if combined.why:
                        not_combined.setdefault(indicator.code, []).append(f"{unit.code} ({combined.why})")
                    continue
                found[indicator.code] = combined.value
                why = not_carried_reason(indicator.target, combined.value)
                if why:
                    not_carried.setdefault(indicator.code, (why, []))[1].append(unit.code)
        if found:
            values[unit.code] = found
    for code, units in not_combined.items():
        findings.append(finding(
            Code.PREVIOUS_VALUE_NOT_COMBINED,
            f"Chỉ tiêu {code}: không gộp được kết quả kỳ trước cho {len(units)} đơn vị: {_listed(units)}. "
            "Ô Kết quả kỳ trước của các đơn vị đó để mở.", file=layout.CAMPAIGN_FILE, sheet=layout.OLD_UNITS_SHEET,
            indicator=code))
    for code, (why, units) in not_carried.items():
        findings.append(finding(
            Code.BASELINE_NOT_CARRIED,
            f"Chỉ tiêu {code}: kết quả kỳ trước không dùng làm mức cơ sở ({why}) cho {len(units)} đơn vị: "
            f"{_listed(units)}. Ô Kết quả kỳ trước để mở cho đơn vị tự nhập.", **_target_cell(campaign, code)))
    findings.extend(_reference_findings(campaign, values, info))
    return PreviousValues(info, values, {code: found for code, found in sources.items() if found}, names), findings


def _reference_findings(campaign: Campaign, values, info: PreviousRoundInfo) -> list[Finding]:
    """A target that names another year (or 'cùng kỳ') than the previous round, where a baseline is carried."""
    findings = []
    for indicator in campaign.indicators:
        carried = [code for code, found in values.items()
                   if carried_baseline(indicator.target, found.get(indicator.code)) is not None]
        if not carried:
            continue
        why = reference_mismatch(indicator.text, campaign.year, campaign.period, info)
        if why:
            findings.append(finding(
                Code.BASELINE_FROM_OTHER_PERIOD,
                f"Chỉ tiêu {indicator.code} “{indicator.text}”: {why}. Mức cơ sở của {len(carried)} đơn vị vẫn lấy "
                "từ đợt trước; nếu cần mức của năm khác, ghi mức đó trong chỉ tiêu, ví dụ “(98,6%)”.",
                **_target_cell(campaign, indicator.code)))
    return findings


def _own_value(result, code: str) -> PreviousValue | None:
    """A previous unit's own value of one indicator (None: not its indicator, not submitted, blank)."""
    if result is None or not result.submitted:
        return None
    found: IndicatorResult | None = result.indicator(code)
    if found is None or found.value is None:
        return None
    return PreviousValue(found.value, found.percent, found.numerator if found.ratio else None,
                         found.denominator if found.ratio else None, (result.code,), status=found.status)


def _listed(items: list[str]) -> str:
    return ", ".join(items[:MAX_LISTED]) + ("…" if len(items) > MAX_LISTED else "")


def _setting_cell(campaign: Campaign) -> dict:
    """Where `Đợt trước` is written (file, sheet Thiết lập, the cell of its value when found)."""
    where = {"file": layout.CAMPAIGN_FILE, "sheet": layout.SETTINGS_SHEET}
    try:
        rows = read_sheet_rows(campaign.path, layout.SETTINGS_SHEET)
    except Exception:  # noqa: BLE001 - a campaign made in memory, or an odd file: the sheet is enough
        return where
    header, columns = layout.find_header_row(rows, (layout.SETTINGS_KEY, layout.SETTINGS_VALUE))
    if header is None or layout.SETTINGS_VALUE not in columns:
        return where
    key = header_key(layout.SETTING_PREVIOUS)
    for index in range(header + 1, len(rows)):
        row = rows[index]
        if row and columns[layout.SETTINGS_KEY] < len(row) and header_key(row[columns[layout.SETTINGS_KEY]]) == key:
            return {**where, "cell": cell_ref(index, columns[layout.SETTINGS_VALUE])}
    return where


def _target_cell(campaign: Campaign, code: str) -> dict:
    row = next((indicator.row for indicator in campaign.indicators if indicator.code == code), None)
    return {"file": layout.CAMPAIGN_FILE, "sheet": layout.OBJECTIVES_SHEET,
            "cell": f"{row}:{row}" if row else None, "indicator": code}


def _same_folder(left: Path, right: Path) -> bool:
    try:
        return Path(left).resolve() == Path(right).resolve()
    except OSError:
        return False
