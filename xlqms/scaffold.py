"""`xlqms init`: a new campaign folder with a campaign.xlsx ready to edit (contract: The campaign).

``init_campaign(folder, …)`` writes ``folder/campaign.xlsx`` with the settings, the units (from a
CSV/XLSX file, from the official province list, or the built-in sample province) and the standard
catalogue of objectives — or, with ``decision``, the objectives table of the decision the body
issued, with its year, period and issuing body (:mod:`xlqms.decision`) — or, with ``previous``, the
previous round's settings, units and objectives (contract, "Rounds that follow each other"):
the next period by default, the same indicator codes written into `Mã chỉ tiêu`, `Đợt trước`
set, and an empty sheet `Đơn vị cũ` for units that changed code or merged. ``write_campaign_workbook``
is the writer; it uses the names of :mod:`xlqms.layout`, the same ones
:func:`xlqms.campaign.read_campaign` reads.

Options combine as the contract says: ``previous`` gives the settings, units and objectives;
``decision`` the objectives and the year, period and issuing body; ``units_file`` / ``province``
the units; an explicit ``year`` / ``period`` wins over both.
"""

from __future__ import annotations

import csv
import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import TYPE_CHECKING

from python_calamine import CalamineWorkbook

from xlqms import layout
from xlqms.campaign import Campaign, Settings
from xlqms.campaign_workbook import write_campaign_workbook
from xlqms.catalogue import PERIOD_CODES, PERIODS, STANDARD_CATALOGUE, canonical_period, period_phrase
from xlqms.check import check_campaign
from xlqms.decision import read_decision
from xlqms.errors import CampaignError, InputPathError, OutputExistsError, XlqmsError
from xlqms.findings import Finding
from xlqms.next_round import (
    extra_settings,
    following_period,
    following_settings,
    keep_previous_codes,
    previous_campaign,
    with_stated_readings,
)
from xlqms.objective_table import objective_sheet_rows
from xlqms.provinces import PROVINCES_EDITION, province_units, sample_units_path
from xlqms.spreadsheet import write_bytes_atomically
from xlqms.terminal import WIDTH, wrap
from xlqms.text import csv_cell, csv_value, header_key
from xlqms.unit_list import units_from_rows
from xlqms.units import Unit

if TYPE_CHECKING:
    from xlqms.decision import DecisionImport

DEFAULT_PERIOD = "6 tháng đầu năm"
class InitOptionError(XlqmsError):
    """An option of `xlqms init` that cannot be used (year, period, --units with --province)."""

    exit_code = 2


@dataclass(frozen=True)
class ScaffoldResult:
    """What `xlqms init` made: the campaign.xlsx, its settings and units, and warnings to show."""

    path: Path
    settings: Settings
    units: tuple[Unit, ...]
    objectives: int
    indicators: int
    units_source: str                  # Vietnamese: where the units came from
    warnings: tuple[Finding, ...] = ()
    decision: DecisionImport | None = None   # what `--from` read, with its import report
    previous: Campaign | None = None         # the previous round `--previous` started from
    previous_units_gone: tuple[Unit, ...] = ()   # its units not in this round's list (merged? see Đơn vị cũ)
    codes_kept: int = 0                      # with --from and --previous: indicators given the previous code

    def to_dict(self) -> dict:
        """What `xlqms init --json` prints."""
        settings = self.settings
        previous = None
        if self.previous is not None:
            previous = {"folder": settings.previous, "campaign_id": self.previous.id, "year": self.previous.year,
                        "period": self.previous.period,
                        "units_not_in_this_round": [unit.code for unit in self.previous_units_gone],
                        "codes_kept": self.codes_kept}
        return {"path": str(self.path), "campaign_id": settings.campaign_id, "year": settings.year,
                "period": settings.period, "issuer": settings.issuer, "units": len(self.units),
                "units_source": self.units_source, "objectives": self.objectives, "indicators": self.indicators,
                "warnings": [finding.to_dict() for finding in self.warnings],
                "decision": self.decision.to_dict() if self.decision is not None else None,
                "previous": previous}

    def summary_lines(self) -> list[str]:
        """What `xlqms init` prints (Vietnamese), with the decision's import report after `--from`."""
        settings, folder = self.settings, self.path.parent
        source = (f"quyết định {self.decision.source}" if self.decision is not None
                  else "đợt trước, giữ nguyên chỉ tiêu và mã chỉ tiêu" if self.previous is not None else "danh mục chuẩn")
        lines = [f"Đã tạo đợt báo cáo: {self.path}",
                 f"  Mã đợt:    {settings.campaign_id}",
                 f"  Năm, kỳ:   {settings.year} · {settings.period}"]
        if (self.decision is not None or self.previous is not None) and settings.issuer:
            lines.append(f"  Cơ quan:   {settings.issuer}")
        lines += _field("Đơn vị:", f"{len(self.units)} — {self.units_source}")
        lines += _field("Mục tiêu:", f"{self.objectives} mục tiêu, {self.indicators} chỉ tiêu ({source})")
        if self.previous is not None:
            lines += self._previous_lines()
        for finding in self.warnings:
            lines += _hanging("  ", "    ", f"{finding.severity.label}: {finding.describe()}")
        if self.decision is not None:
            lines += self.decision.summary_lines()
        first = _hanging("  1. ", "     ", f"Mở {self.path} bằng Excel hoặc LibreOffice: sửa trang Thiết lập, danh "
                         "sách Đơn vị và bảng Mục tiêu.")
        if self.previous is not None:
            first = [f"  1. Mở {self.path} bằng Excel hoặc LibreOffice: sửa năm, kỳ, hạn nộp",
                     "     (Thiết lập), chỉ tiêu của kỳ này (Mục tiêu); đơn vị đổi mã hay sáp nhập:",
                     f"     trang {layout.OLD_UNITS_SHEET}. Kết quả đợt trước là mức cơ sở và để so sánh."]
        return lines + ["Bước tiếp theo:", *first, f"  2. Tạo sổ gửi từng đơn vị: xlqms generate {folder}"]

    def _previous_lines(self) -> list[str]:
        earlier = self.previous
        assert earlier is not None
        lines = [f"  Đợt trước: {self.settings.previous} ({period_phrase(earlier.period, earlier.year)}, "
                 f"mã đợt {earlier.id})"]
        if self.decision is not None:
            lines.append(f"  Mã chỉ tiêu: {self.codes_kept}/{self.indicators} chỉ tiêu giữ mã của đợt trước "
                         "(cùng tên mục tiêu); các chỉ tiêu khác có mã mới")
        if self.previous_units_gone:
            gone = ", ".join(f"{unit.code} {unit.name}" for unit in self.previous_units_gone[:10])
            more = f" và {len(self.previous_units_gone) - 10} đơn vị khác" if len(self.previous_units_gone) > 10 else ""
            lines.append(f"  {len(self.previous_units_gone)} đơn vị của đợt trước không có trong danh sách mới "
                         f"({gone}{more}): nếu đã sáp nhập hay đổi mã, ghi vào trang {layout.OLD_UNITS_SHEET}.")
        return lines


def new_campaign_id(year: int, period: str) -> str:
    """A fresh campaign id: '2026-H1-3fa9c2' (year, period code, 6 random hex digits)."""
    return f"{year}-{PERIOD_CODES[period]}-{secrets.token_hex(3)}"


def init_campaign(folder, year=None, period=None, units_file=None, province=None, force=False,
                  decision=None, soffice=None, previous=None) -> Path:
    """Create ``folder/campaign.xlsx``; refuse (OutputExistsError) if it exists and not ``force``."""
    return scaffold_campaign(folder, year, period, units_file, province, force, decision, soffice, previous).path


def scaffold_campaign(folder, year=None, period=None, units_file=None, province=None,
                      force=False, decision=None, soffice=None, previous=None) -> ScaffoldResult:
    """:func:`init_campaign`, returning everything the command line shows.

    ``decision`` (a .docx/.doc/.odt path) takes the objectives from its objectives table and the
    year, period and issuing body from its title and header; ``previous`` (a campaign folder) the
    settings, units and objectives of that round, for the period after it (:data:`NEXT_PERIOD`),
    with `Đợt trước` pointing back at it; an explicit ``year`` / ``period`` wins (CONTRACT.md,
    `xlqms init` options). Raises DecisionError (exit 2) for a decision without an objectives
    table, or a .doc/.odt when LibreOffice (``soffice``) is missing; InitOptionError (exit 2) when
    ``previous`` is not a campaign folder, CampaignError (exit 2) when its campaign.xlsx has errors.
    """
    folder = Path(folder)
    path = folder / layout.CAMPAIGN_FILE
    if folder.exists() and not folder.is_dir():
        raise XlqmsError(f"{folder} là một tệp, không phải thư mục. Chọn thư mục khác cho đợt báo cáo.")
    if path.exists() and not force:
        raise OutputExistsError(
            f"Đã có {path}: không ghi đè đợt báo cáo đang có. "
            "Chọn thư mục khác, hoặc thêm --force nếu thật sự muốn tạo lại (tệp cũ sẽ bị thay)."
        )
    if units_file is not None and province is not None:
        raise InitOptionError("Chỉ dùng một trong hai: --units (tệp danh sách đơn vị) hoặc --province (tỉnh, thành phố).")
    earlier = previous_campaign(previous, folder) if previous is not None else None
    imported = None
    if decision is not None:

        imported = read_decision(decision, soffice=soffice)
        year = year if year not in (None, "") else imported.year
        period = period if period not in (None, "") else imported.period
    if earlier is not None:
        year, period = following_period(earlier, year, period)
    year = _valid_year(year)
    period_name = canonical_period(period if period not in (None, "") else DEFAULT_PERIOD)
    if period_name is None:
        raise InitOptionError(f"Kỳ báo cáo “{period}” không hợp lệ. Chọn một trong: {', '.join(PERIODS)}.")

    findings: list[Finding] = []
    if units_file is not None:
        units, findings = read_units_file(units_file)
        source = f"tệp {Path(units_file).name}"
    elif province is not None:

        units = province_units(province)
        source = f"danh sách tỉnh, xã từ 01/7/2025 (vietnam-provinces {PROVINCES_EDITION}): {units[0].name}"
    elif earlier is not None:
        units = [Unit(u.code, u.name, u.level, u.parent) for u in earlier.units]
        source = f"danh sách của đợt trước ({period_phrase(earlier.period, earlier.year)})"
    else:

        units, findings = read_units_file(sample_units_path())
        source = f"danh sách mẫu: {units[0].name} (thay bằng đơn vị của bạn)"

    issuer = (imported.issuer if imported is not None and imported.issuer
              else earlier.settings.issuer if earlier is not None and earlier.settings.issuer else _issuer_for(units))
    settings = Settings(
        year=year, period=period_name, title="", campaign_id=new_campaign_id(year, period_name), issuer=issuer,
    )
    codes_kept = 0
    if earlier is not None:
        settings = following_settings(settings, earlier, folder)
    if imported is not None:
        rows = imported.sheet_rows()
        if earlier is not None:
            rows, codes_kept = keep_previous_codes(rows, earlier)
        objectives, indicators = len(imported.objectives), imported.indicator_count
    elif earlier is not None:
        rows = with_stated_readings(objective_sheet_rows(earlier.objectives), earlier)
        objectives, indicators = len(earlier.objectives), len(earlier.indicators)
    else:
        rows = None
        objectives = len(STANDARD_CATALOGUE)
        indicators = sum(len(entry.indicators) for entry in STANDARD_CATALOGUE)
    write_campaign_workbook(path, settings, units, objective_rows=rows,
                            extra_settings=extra_settings(earlier) if earlier is not None else (),
                            old_units_sheet=earlier is not None)
    check_campaign(folder)   # the Cách hiểu column: the catalogue as xlqms reads it, as `check` would
    current = {unit.code for unit in units}
    gone = tuple(unit for unit in earlier.units if unit.code not in current) if earlier is not None else ()
    return ScaffoldResult(
        path=path, settings=settings, units=tuple(units), objectives=objectives, indicators=indicators,
        units_source=source, warnings=tuple(findings), decision=imported, previous=earlier,
        previous_units_gone=gone, codes_kept=codes_kept,
    )


def _valid_year(year) -> int:
    if year in (None, ""):
        return dt.date.today().year
    try:
        value = int(str(year).strip())
    except ValueError:
        value = 0
    if not 2000 <= value <= 2100:
        raise InitOptionError(f"Năm “{year}” không hợp lệ. Nhập năm dạng 2026.")
    return value


def _issuer_for(units: list[Unit]) -> str:
    """'Ủy ban nhân dân tỉnh Lai Châu' when the units have one root; else blank."""
    roots = [unit for unit in units if unit.parent is None]
    if len(roots) != 1:
        return ""
    name = roots[0].name
    if header_key(name).startswith(("ubnd", "ủy ban", "uỷ ban")):
        return name
    first, _, rest = name.partition(" ")
    if header_key(first) in {"tỉnh", "thành", "xã", "phường", "huyện", "quận", "thị", "đặc"}:
        name = first.lower() + (" " + rest if rest else "")
    return f"Ủy ban nhân dân {name}"


# ---------------------------------------------------------------------------------------------
# Units from a file


def read_units_file(path) -> tuple[list[Unit], list[Finding]]:
    """Units from a CSV (UTF-8) or a workbook (.xlsx/.xls/.ods) with the contract's unit columns.

    Headers are found as in every xlqms table (:func:`xlqms.layout.find_header_row`). Codes stay text
    ('03388'); a code stored as a number in a workbook is kept with a warning (its leading zeros
    are lost). Raises CampaignError with every located problem when the list cannot be used.
    """
    path = Path(path)
    if not path.is_file():
        raise InputPathError(f"Không tìm thấy tệp danh sách đơn vị {path}.")
    suffix = path.suffix.lower()
    merged: list = []
    if suffix in (".csv", ".txt"):
        sheet, rows = None, _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        sheet, rows, merged = _workbook_rows(path)
    else:
        raise InputPathError(f"{path.name}: danh sách đơn vị phải là tệp .csv, .xlsx, .xls hoặc .ods.")
    units, findings = units_from_rows(rows, path.name, sheet, merged)
    units = [Unit(u.code, u.name, u.level, u.parent) for u in units]
    errors = [finding for finding in findings if finding.is_error]
    if errors:
        raise CampaignError(f"Danh sách đơn vị {path.name} có {len(errors)} lỗi cần sửa:", findings)
    return units, findings


def _csv_rows(path: Path) -> list[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CampaignError(
            f"{path.name} không phải tệp CSV mã UTF-8. Trong Excel chọn Lưu thành “CSV UTF-8 (Comma delimited)”."
        ) from exc
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # read as one stream: a quoted name holding a line break stays one field with its break (split into
    # lines first, "Phường⏎Một" came back as "PhườngMột"), and U+2028 or a form feed in a name ends no row
    return [[csv_value(value) for value in row] for row in csv.reader(StringIO(text, newline=""), dialect)]


def _workbook_rows(path: Path) -> tuple[str, list[list], list]:
    try:

        book = CalamineWorkbook.from_path(str(path))
        try:
            names = list(book.sheet_names)
            sheet = layout.find_sheet(names, layout.UNITS_SHEET) or names[0]
            found = book.get_sheet_by_name(sheet)
            return sheet, found.to_python(skip_empty_area=False), list(found.merged_cell_ranges or [])
        finally:
            book.close()
    except Exception as exc:  # noqa: BLE001 - any reader failure means the file is unusable
        raise CampaignError(f"Không mở được {path.name}: {exc}. Mở và lưu lại tệp bằng Excel hoặc LibreOffice.") from exc


def write_units_csv(path, units: Iterable[Unit]) -> Path:
    """Write units as a UTF-8 CSV with the contract's unit columns (what --units reads back)."""


    buffer = StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(layout.UNIT_COLUMNS)
    for unit in units:
        writer.writerow([csv_cell(value) for value in (unit.code, unit.name, unit.level, unit.parent or "")])
    write_bytes_atomically(path, buffer.getvalue().encode("utf-8"))
    return Path(path)


def _hanging(first: str, rest: str, text: str) -> list[str]:
    """``text`` wrapped at words to 80 columns, its first line after ``first``, the others after ``rest``."""
    parts = wrap(text, WIDTH - len(rest))
    return [first + parts[0]] + [rest + part for part in parts[1:]]


def _field(label: str, value: str) -> list[str]:
    """“  Đơn vị:    39 — …” with a long value wrapped under itself (xlqms init's summary, 80 columns)."""
    return _hanging(f"  {label:<10} ", " " * 13, value)
