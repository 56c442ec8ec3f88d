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

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from python_calamine import CalamineWorkbook

from xlqms import layout
from xlqms.campaign import Campaign, Settings, units_from_rows
from xlqms.catalogue import PERIOD_CODES, PERIODS, STANDARD_CATALOGUE, CatalogueEntry, canonical_period, period_phrase
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
from xlqms.spreadsheet import save_workbook_atomically, write_bytes_atomically, write_text
from xlqms.terminal import WIDTH, wrap
from xlqms.text import csv_cell, csv_value, header_key
from xlqms.text_fit import TextFont, needed_points
from xlqms.units import Unit

if TYPE_CHECKING:
    from xlqms.decision import DecisionImport

DEFAULT_PERIOD = "6 tháng đầu năm"
HEADER_ROW = 4          # 1-based row of every sheet's header (title in row 1, note in row 2)
SPARE_ROWS = 300        # rows below the data that keep the dropdowns and formats for new entries

_TITLE_FONT = {"bold": True, "size": 14, "color": "1F3864"}
_HEADER_FILL = "DDEBF7"
_OBJECTIVE_FILL = "F2F7FC"

SETTINGS_HELP = {
    layout.SETTING_YEAR: "Bắt buộc. Năm của mục tiêu chất lượng, ví dụ 2026.",
    layout.SETTING_PERIOD: "Bắt buộc. Chọn trong danh sách: " + ", ".join(PERIODS) + ".",
    layout.SETTING_TITLE: "Không bắt buộc. Tên đợt in trên sổ gửi đơn vị và trên báo cáo.",
    layout.SETTING_DUE: "Không bắt buộc. Ngày đơn vị phải nộp, dạng 31/07/2026.",
    layout.SETTING_CAMPAIGN_ID: "Do xlqms tạo. Không sửa sau khi đã gửi sổ cho đơn vị: sổ nộp về được nhận theo mã này.",
    layout.SETTING_ISSUER: "Cơ quan tổ chức đợt báo cáo (in trên sổ và báo cáo).",
    layout.SETTING_CONTACT: "Nơi đơn vị gửi sổ về: thư điện tử hoặc địa chỉ.",
    layout.SETTING_PREVIOUS: "Không bắt buộc. Thư mục của đợt báo cáo trước (tính từ thư mục đợt này, ví dụ "
                             "../dot-6-thang-2026): kết quả đợt đó được mang sang làm mức cơ sở và để so sánh.",
    layout.SETTING_SIGNER: "Không bắt buộc. Họ tên người ký báo cáo tổng hợp, ví dụ Nguyễn Văn A. "
                           "Để trống: dự thảo để chỗ tô vàng cho người ký điền.",
    layout.SETTING_SIGNER_TITLE: "Không bắt buộc. Chức vụ ký như trên văn bản, các dòng cách nhau dấu /, ví dụ "
                                 "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH hoặc TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH. "
                                 "Để trống: dự thảo ghi gợi ý tô vàng để sửa.",
    layout.SETTING_RECIPIENTS: "Không bắt buộc. Nơi nhận của báo cáo tổng hợp, mỗi nơi một dòng (Alt+Enter), ví dụ "
                               "UBND tỉnh; Sở Khoa học và Công nghệ; Lưu: VT, VP. Để trống: dự thảo để chỗ tô vàng.",
}
PREVIOUS_SETTING_HELP = "Chép từ đợt trước."

NOTES = {
    layout.SETTINGS_SHEET: (
        "Nhập ở cột “Giá trị”. Không đổi tên trang, tên cột và các mục ở cột “Mục”. "
        "“Năm” và “Kỳ báo cáo” là bắt buộc; “Kỳ báo cáo” chọn trong danh sách thả xuống."
    ),
    layout.UNITS_SHEET: (
        "Mỗi dòng một đơn vị. Mã đơn vị: dạng văn bản, giữ nguyên số 0 ở đầu (03388), không trùng nhau. "
        "Cấp: Tỉnh, Thành phố, Xã, Phường, Đặc khu, Huyện… (dùng được trong cột “Áp dụng cho” của trang Mục tiêu). "
        "Mã đơn vị cấp trên: mã của đơn vị tổng hợp báo cáo của đơn vị này; để trống với đơn vị cao nhất."
    ),
    layout.OLD_UNITS_SHEET: (
        "Chỉ điền khi có đơn vị đổi mã hoặc sáp nhập so với đợt trước. Mỗi dòng một đơn vị của đợt trước: "
        "Mã đơn vị cũ (mã ở đợt trước) và Mã đơn vị (mã của đơn vị tiếp nối ở đợt này). Nhiều đơn vị cũ sáp nhập "
        "vào một đơn vị: nhiều dòng cùng một Mã đơn vị; kết quả kỳ trước của chúng được gộp (tổng tử số / tổng mẫu "
        "số; số lượng được cộng). Đơn vị không ghi ở đây giữ nguyên mã."
    ),
    layout.OBJECTIVES_SHEET: (
        "Mỗi dòng một chỉ tiêu hoặc một biện pháp. Dòng có TT bắt đầu một mục tiêu; dòng để trống TT tiếp tục "
        "mục tiêu ở trên: điền “Chỉ tiêu” để thêm chỉ tiêu, điền “Biện pháp thực hiện” để thêm biện pháp. "
        "Chỉ tiêu viết như trong quyết định: trên 90%, ≥ 98%, 100%, 14-15%, 18/18 chỉ tiêu, "
        "tăng 1% so với năm 2025 (98,6%), … đạt yêu cầu. Mã chỉ tiêu: để trống để xlqms tự đặt (MT01, MT02.1…). "
        "Áp dụng cho: để trống = mọi đơn vị; hoặc các Cấp / Mã đơn vị, cách nhau dấu phẩy. "
        "Kỳ đánh giá: để trống = mọi kỳ; “Cả năm” = chỉ đánh giá cuối năm."
    ),
}

_UNIT_WIDTHS = {layout.UNIT_CODE: 14, layout.UNIT_NAME: 42, layout.UNIT_LEVEL: 12, layout.UNIT_PARENT: 20}
_OBJECTIVE_WIDTHS = {
    layout.OBJ_NUMBER: 6, layout.OBJ_TITLE: 44, layout.OBJ_TARGET: 28, layout.OBJ_MEASURE: 48,
    layout.OBJ_DEADLINE: 16, layout.OBJ_RESPONSIBLE: 24, layout.OBJ_NOTE: 18, layout.OBJ_CODE: 13,
    layout.OBJ_APPLIES_TO: 18, layout.OBJ_PERIODS: 16,
}
_LEVEL_SUGGESTIONS = ("Tỉnh", "Thành phố", "Xã", "Phường", "Đặc khu", "Huyện", "Quận", "Thị xã")


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
    if suffix in (".csv", ".txt"):
        sheet, rows = None, _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        sheet, rows = _workbook_rows(path)
    else:
        raise InputPathError(f"{path.name}: danh sách đơn vị phải là tệp .csv, .xlsx, .xls hoặc .ods.")
    units, findings = units_from_rows(rows, path.name, sheet)
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
    return [[csv_value(value) for value in row] for row in csv.reader(text.splitlines(), dialect)]


def _workbook_rows(path: Path) -> tuple[str, list[list]]:
    try:

        book = CalamineWorkbook.from_path(str(path))
        try:
            names = list(book.sheet_names)
            sheet = layout.find_sheet(names, layout.UNITS_SHEET) or names[0]
            return sheet, book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
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


# ---------------------------------------------------------------------------------------------
# The campaign.xlsx writer


def write_campaign_workbook(path, settings: Settings, units: Iterable[Unit],
                            catalogue: Iterable[CatalogueEntry] = STANDARD_CATALOGUE,
                            objective_rows: list[tuple[dict, bool]] | None = None,
                            extra_settings: Iterable[tuple[str, object]] = (),
                            old_units_sheet: bool = False,
                            successions: Iterable[tuple[str, str]] = ()) -> Path:
    """Write campaign.xlsx (sheets Thiết lập, Đơn vị, Mục tiêu) atomically; return its path.

    The `Mục tiêu` sheet holds ``objective_rows`` when given — (column → value, is an objective's
    first row), as :func:`xlqms.objective_table.objective_sheet_rows` gives them — else ``catalogue``.
    ``extra_settings``: more (key, value) rows of Thiết lập, kept as they were. ``old_units_sheet``
    adds the sheet `Đơn vị cũ` with ``successions`` ((old code, new code) rows) — empty by default.
    """


    book = Workbook()
    _settings_sheet(book.active, settings, list(extra_settings))
    _units_sheet(book.create_sheet(layout.UNITS_SHEET), list(units))
    successions = list(successions)
    if old_units_sheet or successions:
        _old_units_sheet(book.create_sheet(layout.OLD_UNITS_SHEET), successions)
    rows = objective_rows if objective_rows is not None else catalogue_rows(tuple(catalogue))
    _objectives_sheet(book.create_sheet(layout.OBJECTIVES_SHEET), rows, settings)
    book.active = 0
    save_workbook_atomically(book, path)
    return Path(path)


def _styles():

    thin = Side(style="thin", color="8EA9C1")
    return {
        "title": Font(**_TITLE_FONT),
        "note": Font(italic=True, color="595959"),
        "header_font": Font(bold=True),
        "header_fill": PatternFill("solid", fgColor=_HEADER_FILL),
        "objective_fill": PatternFill("solid", fgColor=_OBJECTIVE_FILL),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "wrap": Alignment(wrap_text=True, vertical="top"),
        "center": Alignment(wrap_text=True, vertical="center", horizontal="center"),
        "left": Alignment(horizontal="left", vertical="top"),
    }


def _frame(sheet, title: str, note: str, headers, widths) -> dict:
    """Title (row 1), note (row 2), styled header (HEADER_ROW), widths, frozen header, print setup."""


    style = _styles()
    last = get_column_letter(len(headers))
    write_text(sheet.cell(1, 1), title)
    sheet.cell(1, 1).font = style["title"]
    write_text(sheet.cell(2, 1), note)
    sheet.cell(2, 1).font = style["note"]
    sheet.cell(2, 1).alignment = style["wrap"]
    sheet.merge_cells(f"A2:{last}2")
    total_width = sum(widths.get(name, 14) for name in headers)
    sheet.row_dimensions[2].height = needed_points(note, total_width, TextFont.of(style["note"])) + 15
    for column, name in enumerate(headers, start=1):
        cell = sheet.cell(HEADER_ROW, column)
        write_text(cell, name)
        cell.font, cell.fill = style["header_font"], style["header_fill"]
        cell.border, cell.alignment = style["border"], style["center"]
        sheet.column_dimensions[get_column_letter(column)].width = widths.get(name, 14)
    _fit_row_height(sheet, HEADER_ROW)
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 1)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return style


def _fit_row_height(sheet, row: int) -> None:
    """Set a row tall enough for its wrapped text (spreadsheets do not re-measure rows on opening)."""


    height = 18.0
    for cell in sheet[row]:
        if isinstance(cell.value, str) and cell.value:
            width = sheet.column_dimensions[get_column_letter(cell.column)].width or 10
            height = max(height, needed_points(cell.value, width, TextFont.of(cell.font)) + 3)
    sheet.row_dimensions[row].height = height


def _dropdown(sheet, values, cells: str, strict: bool, prompt: str) -> None:

    validation = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                                showErrorMessage=strict, showInputMessage=True)
    validation.promptTitle = "Gợi ý"
    validation.prompt = prompt
    if strict:
        validation.errorTitle = "Giá trị không hợp lệ"
        validation.error = "Chọn một giá trị trong danh sách: " + ", ".join(values)
    sheet.add_data_validation(validation)
    validation.add(cells)


def _settings_sheet(sheet, settings: Settings, extra: list[tuple[str, object]] | None = None) -> None:

    sheet.title = layout.SETTINGS_SHEET
    headers = (layout.SETTINGS_KEY, layout.SETTINGS_VALUE, "Hướng dẫn")
    style = _frame(sheet, "THIẾT LẬP ĐỢT BÁO CÁO MỤC TIÊU CHẤT LƯỢNG", NOTES[layout.SETTINGS_SHEET], headers,
                   {layout.SETTINGS_KEY: 22, layout.SETTINGS_VALUE: 46, "Hướng dẫn": 70})
    values = {
        layout.SETTING_YEAR: settings.year,
        layout.SETTING_PERIOD: settings.period,
        layout.SETTING_TITLE: settings.title or settings.display_title,
        layout.SETTING_DUE: settings.due_date,
        layout.SETTING_CAMPAIGN_ID: settings.campaign_id,
        layout.SETTING_ISSUER: settings.issuer,
        layout.SETTING_CONTACT: settings.contact,
        layout.SETTING_PREVIOUS: settings.previous,
        layout.SETTING_SIGNER: settings.signer,
        layout.SETTING_SIGNER_TITLE: settings.signer_title,
        layout.SETTING_RECIPIENTS: settings.recipients,
    }
    for offset, (key, value) in enumerate([*values.items(), *(extra or [])], start=1):
        row = HEADER_ROW + offset
        key_cell, value_cell, help_cell = sheet.cell(row, 1), sheet.cell(row, 2), sheet.cell(row, 3)
        write_text(key_cell, key)
        key_cell.font = style["header_font"]
        write_text(value_cell, value if value not in ("", None) else None)
        write_text(help_cell, SETTINGS_HELP.get(key, PREVIOUS_SETTING_HELP))
        help_cell.font = style["note"]
        for cell in (key_cell, value_cell, help_cell):
            cell.border, cell.alignment = style["border"], style["wrap"]
        if key == layout.SETTING_YEAR:
            value_cell.number_format = "0"
            value_cell.alignment = style["left"]
        elif key == layout.SETTING_DUE:
            value_cell.number_format = "DD/MM/YYYY"
            value_cell.alignment = style["left"]
        elif key == layout.SETTING_PERIOD:
            _dropdown(sheet, PERIODS, value_cell.coordinate, strict=True,
                      prompt="Chọn kỳ báo cáo của đợt này.")
        else:
            value_cell.number_format = "@"
        _fit_row_height(sheet, row)


def _units_sheet(sheet, units: list[Unit]) -> None:


    headers = layout.UNIT_COLUMNS
    style = _frame(sheet, "DANH SÁCH ĐƠN VỊ THAM GIA BÁO CÁO", NOTES[layout.UNITS_SHEET], headers, _UNIT_WIDTHS)
    text_columns = {headers.index(layout.UNIT_CODE) + 1, headers.index(layout.UNIT_PARENT) + 1}
    for column in text_columns:
        sheet.column_dimensions[get_column_letter(column)].number_format = "@"
    for offset, unit in enumerate(units, start=1):
        row = HEADER_ROW + offset
        for column, value in enumerate((unit.code, unit.name, unit.level, unit.parent or None), start=1):
            cell = sheet.cell(row, column)
            write_text(cell, value)
            cell.border, cell.alignment = style["border"], style["wrap"]
            if column in text_columns:
                cell.number_format = "@"
        _fit_row_height(sheet, row)
    last_row = HEADER_ROW + max(len(units), 1)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(headers))}{last_row}"
    level_column = get_column_letter(headers.index(layout.UNIT_LEVEL) + 1)
    _dropdown(sheet, _LEVEL_SUGGESTIONS, f"{level_column}{HEADER_ROW + 1}:{level_column}{last_row + SPARE_ROWS}",
              strict=False, prompt="Chọn hoặc gõ cấp của đơn vị.")


def _old_units_sheet(sheet, successions: list[tuple[str, str]]) -> None:


    headers = layout.OLD_UNIT_COLUMNS
    style = _frame(sheet, "ĐƠN VỊ CŨ: ĐỔI MÃ, SÁP NHẬP SO VỚI ĐỢT TRƯỚC", NOTES[layout.OLD_UNITS_SHEET], headers,
                   {layout.OLD_UNIT_CODE: 18, layout.UNIT_CODE: 18})
    for column in range(1, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(column)].number_format = "@"
    for offset, pair in enumerate(successions, start=1):
        for column, value in enumerate(pair, start=1):
            cell = sheet.cell(HEADER_ROW + offset, column)
            write_text(cell, value)
            cell.number_format = "@"
            cell.border, cell.alignment = style["border"], style["wrap"]


def catalogue_rows(catalogue: tuple[CatalogueEntry, ...]) -> list[tuple[dict, bool]]:
    """The `Mục tiêu` rows of catalogue entries, numbered 1, 2, 3…: (column → value, first row)."""
    rows = []
    for number, entry in enumerate(catalogue, start=1):
        height = max(len(entry.indicators), len(entry.measures), 1)
        for line in range(height):
            values: dict[str, object] = {}
            if line == 0:
                values.update({layout.OBJ_NUMBER: number, layout.OBJ_TITLE: entry.title,
                               layout.OBJ_APPLIES_TO: entry.applies_to, layout.OBJ_NOTE: entry.note})
            if line < len(entry.indicators):
                target, period = entry.indicators[line]
                values[layout.OBJ_TARGET] = target
                values[layout.OBJ_PERIODS] = period
                values[layout.OBJ_CODE] = entry.codes[line] if line < len(entry.codes) else ""
            if line < len(entry.measures):
                measure, deadline, responsible = entry.measures[line]
                values.update({layout.OBJ_MEASURE: measure, layout.OBJ_DEADLINE: deadline,
                               layout.OBJ_RESPONSIBLE: responsible})
            rows.append((values, line == 0))
    return rows


def _objectives_sheet(sheet, rows: list[tuple[dict, bool]], settings: Settings) -> None:


    headers = layout.OBJECTIVE_COLUMNS + layout.OBJECTIVE_OPTIONAL_COLUMNS
    title = f"MỤC TIÊU CHẤT LƯỢNG NĂM {settings.year}"
    style = _frame(sheet, title, NOTES[layout.OBJECTIVES_SHEET], headers, _OBJECTIVE_WIDTHS)
    sheet.page_setup.orientation = "landscape"
    position = {name: index for index, name in enumerate(headers, start=1)}
    row = HEADER_ROW
    for values, first in rows:
        row += 1
        for name, column in position.items():
            cell = sheet.cell(row, column)
            value = values.get(name)
            if name == layout.OBJ_NUMBER and isinstance(value, str) and value.isdigit():
                value = int(value)          # a TT typed as a number, as the secretary would
            write_text(cell, value if value not in ("", None) else None)
            cell.border, cell.alignment = style["border"], style["wrap"]
            if first:
                cell.fill = style["objective_fill"]
            if name == layout.OBJ_NUMBER:
                cell.alignment = style["center"]
                cell.font = style["header_font"]
            elif name in (layout.OBJ_CODE, layout.OBJ_APPLIES_TO, layout.OBJ_PERIODS):
                cell.number_format = "@"
        _fit_row_height(sheet, row)
    periods_column = get_column_letter(position[layout.OBJ_PERIODS])
    _dropdown(sheet, PERIODS, f"{periods_column}{HEADER_ROW + 1}:{periods_column}{row + SPARE_ROWS}",
              strict=False, prompt="Để trống = đánh giá mọi kỳ; “Cả năm” = chỉ đánh giá cuối năm.")


def _hanging(first: str, rest: str, text: str) -> list[str]:
    """``text`` wrapped at words to 80 columns, its first line after ``first``, the others after ``rest``."""
    parts = wrap(text, WIDTH - len(rest))
    return [first + parts[0]] + [rest + part for part in parts[1:]]


def _field(label: str, value: str) -> list[str]:
    """“  Đơn vị:    39 — …” with a long value wrapped under itself (xlqms init's summary, 80 columns)."""
    return _hanging(f"  {label:<10} ", " " * 13, value)
