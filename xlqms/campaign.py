"""The campaign: its settings, units and objectives, read from campaign.xlsx (contract: The campaign).

``read_campaign(folder)`` returns a :class:`Campaign` or raises :class:`CampaignError` carrying
every problem found at once, each with its sheet and cell and what to do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from xlqms import layout
from xlqms.campaign_extent import scan_campaign
from xlqms.catalogue import PERIOD_CODES, Indicator, Measure, Objective, applies, canonical_period
from xlqms.errors import CampaignError, TargetSyntaxError
from xlqms.findings import Code, Finding, finding
from xlqms.lineage import Succession, successions_from_rows
from xlqms.objective_table import loose_header_columns
from xlqms.pasted_table import pasted_header_row, percent_numbers_shown, read_pasted_rows
from xlqms.results_table import short_text
from xlqms.spreadsheet import cell_ref, is_blank, read_sheet, text_of
from xlqms.targets import UNDERSTOOD_FORMS, Target, parse_direction, parse_target
from xlqms.text import header_key, nfc
from xlqms.unit_list import units_from_rows
from xlqms.units import Hierarchy, Unit


@dataclass(frozen=True)
class Settings:
    year: int
    period: str                       # canonical: "6 tháng đầu năm", "Cả năm", "Quý I", …
    title: str = ""
    due_date: dt.date | None = None
    campaign_id: str = ""
    issuer: str = ""                  # Cơ quan chủ trì
    contact: str = ""                 # Nơi nhận báo cáo
    previous: str = ""                # Đợt trước as written: the previous campaign's folder (see xlqms.previous)
    signer: str = ""                  # Người ký (report settings): the signer's name
    signer_title: str = ""            # Chức vụ người ký, as written: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
    recipients: str = ""              # Nơi nhận of the reports, one recipient per line

    @property
    def period_code(self) -> str:
        return PERIOD_CODES[self.period]

    @property
    def display_title(self) -> str:
        return self.title or f"Báo cáo kết quả thực hiện Mục tiêu chất lượng {self.period.lower()} {self.year}"


@dataclass(frozen=True)
class Campaign:
    folder: Path
    settings: Settings
    units: Hierarchy
    objectives: tuple[Objective, ...]
    warnings: tuple[Finding, ...] = field(default=(), compare=False)
    successions: tuple[Succession, ...] = ()    # sheet Đơn vị cũ (xlqms.lineage)

    @property
    def id(self) -> str:
        return self.settings.campaign_id

    @property
    def period(self) -> str:
        return self.settings.period

    @property
    def year(self) -> int:
        return self.settings.year

    @property
    def indicators(self) -> list[Indicator]:
        return [indicator for objective in self.objectives for indicator in objective.indicators]

    def indicator(self, code: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)

    def objectives_for(self, unit: Unit) -> list[Objective]:
        """The objectives that apply to ``unit``, each holding only the indicators that apply."""
        chosen = []
        for objective in self.objectives:
            indicators = tuple(ind for ind in objective.indicators if applies(ind.applies_to, unit))
            if indicators and len(indicators) == len(objective.indicators):
                chosen.append(objective)          # all apply: the objective itself (frozen, equal to a copy)
            elif indicators:
                chosen.append(Objective(objective.number, objective.title, indicators,
                                        objective.measures, objective.note, objective.row))
        return chosen

    def units_with_objectives(self) -> list[Unit]:
        return [unit for unit in self.units if self.objectives_for(unit)]

    @property
    def path(self) -> Path:
        return self.folder / layout.CAMPAIGN_FILE


@dataclass(frozen=True)
class IndicatorReading:
    """How one Chỉ tiêu row of sheet Mục tiêu is read: its target, or the refusal with its fix."""

    row: int                          # 1-based row of sheet Mục tiêu
    cell: str                         # A1 of its Chỉ tiêu cell
    objective: str                    # TT of its objective
    text: str                         # Chỉ tiêu as written
    formal: str = ""                  # Cách đánh giá as written
    direction: str = ""               # Chiều as written
    target: Target | None = None
    error: TargetSyntaxError | None = None
    code: str | None = None           # Mã chỉ tiêu (given or generated), when read

    @property
    def ok(self) -> bool:
        return self.target is not None


@dataclass(frozen=True)
class Inspection:
    """Everything read from campaign.xlsx, problems included (what `xlqms check` shows)."""

    path: Path
    campaign: Campaign | None
    readings: tuple[IndicatorReading, ...]
    findings: tuple[Finding, ...]
    objectives_sheet: str | None = None
    header_row: int | None = None     # 1-based header row of sheet Mục tiêu
    columns: dict = field(default_factory=dict)   # header -> 0-based column of sheet Mục tiêu

    @property
    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.is_error]


def derive_campaign_id(year: int, period: str, title: str) -> str:
    """A stable id when campaign.xlsx gives none: 2026-H1-<hash of the title>."""
    digest = hashlib.sha1(nfc(title).encode()).hexdigest()[:6]
    return f"{year}-{PERIOD_CODES[period]}-{digest}"


def read_campaign(folder) -> Campaign:
    """Read ``folder/campaign.xlsx``; raise CampaignError listing every problem at once.

    Each target is read with its objective's wording as context, and the optional columns
    `Cách đánh giá` and `Chiều` (TARGETS.md: Saying it explicitly); the understood forms are
    listed once at the end when some target could not be read.
    """
    inspection = inspect_campaign(folder)
    if inspection.errors or inspection.campaign is None:
        footer: tuple[str, ...] = ()
        if any(finding.code.startswith("target-") for finding in inspection.errors):
            footer = ("Các cách viết chỉ tiêu xlqms hiểu (hoặc ghi cột Cách đánh giá):",) + tuple(
                f"    {form}" for form in UNDERSTOOD_FORMS)
        raise CampaignError(f"campaign.xlsx có {len(inspection.errors)} lỗi cần sửa:", inspection.findings, footer)
    return inspection.campaign


def inspect_campaign(folder) -> Inspection:
    """Read ``folder/campaign.xlsx`` as far as it goes: the campaign (None when it has errors),
    how every indicator is read, and every problem. Raises CampaignError only when the file is
    missing or cannot be opened."""
    folder = Path(folder)
    path = folder / layout.CAMPAIGN_FILE
    if not path.is_file():
        raise CampaignError(
            f"Không tìm thấy {path}. Tạo đợt báo cáo mới bằng: xlqms init {folder}"
        )
    scan = scan_campaign(path)     # a value at XFD1048576 would make the reader below claim the whole extent
    if scan.far:
        raise CampaignError(f"campaign.xlsx có {len(scan.far)} trang có ô nằm rất xa bảng:", scan.far)
    try:
        # imported here, not at the top: `import xlqms` (and so the command line) stays light
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(str(path))
        sheet_names = list(book.sheet_names)
        book.close()
    except Exception as exc:  # noqa: BLE001 - any reader failure means the file is unusable
        raise CampaignError(f"Không mở được {path}: {exc}. Mở và lưu lại tệp bằng Excel hoặc LibreOffice.") from exc

    reader = _CampaignReader(path, sheet_names, scan.formats, scan.unsaved, scan.errors)
    settings = reader.settings()
    units = reader.units()
    objectives = reader.objectives(units)
    successions = reader.successions(units)
    reader.unreadable_cells()
    campaign = None
    if settings is not None and not any(finding.is_error for finding in reader.findings):
        campaign = Campaign(folder, settings, Hierarchy(units), tuple(objectives),
                            tuple(f for f in reader.findings if not f.is_error), successions)
    return Inspection(path, campaign, tuple(reader.readings), tuple(reader.findings), reader.objectives_sheet,
                      reader.objectives_header, dict(reader.objectives_columns))


class _CampaignReader:
    def __init__(self, path: Path, sheet_names: list[str], formats: dict[str, dict[tuple[int, int], str]],
                 unsaved: dict[str, dict[tuple[int, int], str]] | None = None,
                 errors: dict[str, dict[tuple[int, int], str]] | None = None):
        self.path = path
        self.formats = formats          # number-format kinds by sheet (xlqms.campaign_extent.scan_campaign)
        self.unsaved = unsaved or {}    # formulas without a stored result, by sheet (the same scan)
        self.errors = errors or {}      # error values (#N/A…), by sheet (the same scan)
        self.sheets_read: list[str] = []
        self.merges: dict[str, list] = {}   # merged ranges by sheet read
        self.file = path.name
        self.sheet_names = sheet_names
        self.findings: list[Finding] = []
        self.readings: list[IndicatorReading] = []
        self.objectives_sheet: str | None = None
        self.objectives_header: int | None = None
        self.objectives_columns: dict[str, int] = {}

    # -- helpers -------------------------------------------------------------------------------
    def _rows(self, wanted: str) -> tuple[str, list[list]] | None:
        name = layout.find_sheet(self.sheet_names, wanted)
        if name is None:
            self.findings.append(finding(
                Code.MISSING_SHEET, f"Thiếu trang tính “{wanted}”. Thêm trang “{wanted}” theo mẫu của xlqms init.",
                file=self.file,
            ))
            return None
        return name, self._read(name)

    def _read(self, name: str) -> list[list]:
        """The rows of sheet ``name``, its merged ranges kept in :attr:`merges` (one opening of the file)."""
        self.sheets_read.append(name)
        rows, self.merges[name] = read_sheet(self.path, name)
        return rows

    def _header(self, sheet: str, rows: list[list], required, optional=(), match=layout.find_header_columns):
        """Find the header row (:func:`xlqms.layout.find_header_row`) and columns; report what is missing."""
        index, columns = layout.find_header_row(rows, required, optional, match=match)
        if index is None:
            self.findings.append(finding(
                Code.MISSING_HEADER,
                f"Không tìm thấy dòng tiêu đề ({', '.join(required)}) trong {layout.HEADER_SEARCH_ROWS} dòng đầu. "
                "Giữ nguyên dòng tiêu đề theo mẫu.", file=self.file, sheet=sheet,
            ))
            return None, {}
        for name in required:
            if name not in columns:
                self.findings.append(finding(
                    Code.MISSING_COLUMN, f"Thiếu cột “{name}” ở dòng tiêu đề {index + 1}. Thêm cột có đúng tiêu đề này.",
                    file=self.file, sheet=sheet, cell=f"{index + 1}:{index + 1}",
                ))
        return index, columns

    def unreadable_cells(self) -> None:
        """An error at every cell of the sheets read holding a formula whose result the file does not
        hold (a campaign.xlsx written by a program, never opened in a spreadsheet application): the
        reader sees such a cell empty — a unit whose code is one would be left out in silence, a
        setting taken as not given. A warning at every error value (``#N/A``): read as empty too,
        which what depends on it says (a name missing…)."""
        for sheet in self.sheets_read:
            for (row, column), formula in sorted(self.unsaved.get(sheet, {}).items()):
                place = (sheet, cell_ref(row, column))      # what was said of it read it as empty: replaced
                self.findings[:] = [f for f in self.findings if (f.location.sheet, f.location.cell) != place]
                self.findings.append(finding(
                    Code.CAMPAIGN_FORMULA_WITHOUT_VALUE,
                    f"Ô có công thức ({short_text(formula)}) mà {self.file} không lưu kết quả của nó (tệp do một "
                    "chương trình tạo ra, chưa mở bằng Excel hay LibreOffice): xlqms không biết giá trị của ô. Mở tệp "
                    "bằng Excel hoặc LibreOffice rồi lưu lại, hoặc gõ giá trị thay cho công thức.",
                    file=self.file, sheet=sheet, cell=cell_ref(row, column)))
            for (row, column), code in sorted(self.errors.get(sheet, {}).items()):
                self.findings.append(finding(
                    Code.CAMPAIGN_ERROR_VALUE,
                    f"Ô có giá trị lỗi {code}: xlqms đọc như ô trống. Sửa công thức của ô, hoặc gõ giá trị thay cho "
                    "công thức.", file=self.file, sheet=sheet, cell=cell_ref(row, column)))

    # -- Thiết lập -----------------------------------------------------------------------------
    def settings(self) -> Settings | None:
        found = self._rows(layout.SETTINGS_SHEET)
        if found is None:
            return None
        sheet, rows = found
        header, columns = self._header(sheet, rows, (layout.SETTINGS_KEY, layout.SETTINGS_VALUE))
        if header is None or len(columns) < 2:
            return None
        key_col, value_col = columns[layout.SETTINGS_KEY], columns[layout.SETTINGS_VALUE]
        values: dict[str, tuple[object, str]] = {}
        for index in range(header + 1, len(rows)):
            row = rows[index]
            key = header_key(row[key_col]) if key_col < len(row) else ""
            if key:
                value = row[value_col] if value_col < len(row) else ""
                values[key] = (value, cell_ref(index, value_col))

        def get(name):
            return values.get(header_key(name), ("", f"{layout.SETTINGS_VALUE}"))

        ok = True
        year_value, year_cell = get(layout.SETTING_YEAR)
        year = None
        try:
            year = int(float(text_of(year_value).replace(".", "")))
            if not 2000 <= year <= 2100:
                raise ValueError
        except ValueError:
            ok = False
            self.findings.append(finding(
                Code.INVALID_YEAR, f"“Năm” phải là một năm, ví dụ 2026 (đang là “{text_of(year_value)}”).",
                file=self.file, sheet=sheet, cell=year_cell if header_key(layout.SETTING_YEAR) in values else None,
            ))
        period_value, period_cell = get(layout.SETTING_PERIOD)
        period = canonical_period(period_value)
        if period is None:
            ok = False
            self.findings.append(finding(
                Code.INVALID_PERIOD,
                f"“Kỳ báo cáo” không hợp lệ (“{text_of(period_value)}”). Chọn một trong: "
                "6 tháng đầu năm, 9 tháng, Cả năm, Quý I, Quý II, Quý III, Quý IV.",
                file=self.file, sheet=sheet, cell=period_cell if header_key(layout.SETTING_PERIOD) in values else None,
            ))
        due_value, due_cell = get(layout.SETTING_DUE)
        due = None
        if not is_blank(due_value):
            due = _as_date(due_value)
            if due is None:
                self.findings.append(finding(
                    Code.INVALID_DATE, f"“Hạn nộp” không phải là ngày (“{text_of(due_value)}”). Nhập dạng 31/07/2026 (từ năm "
                    f"{DUE_DATES[0].year} đến {DUE_DATES[1].year}).",
                    file=self.file, sheet=sheet, cell=due_cell,
                ))
        if not ok:
            return None
        assert year is not None and period is not None   # both read, else not ok
        title = text_of(get(layout.SETTING_TITLE)[0])
        campaign_id = text_of(get(layout.SETTING_CAMPAIGN_ID)[0]) or derive_campaign_id(year, period, title)
        return Settings(
            year=year, period=period, title=title, due_date=due, campaign_id=campaign_id,
            issuer=text_of(get(layout.SETTING_ISSUER)[0]), contact=text_of(get(layout.SETTING_CONTACT)[0]),
            previous=text_of(get(layout.SETTING_PREVIOUS)[0]),
            signer=text_of(get(layout.SETTING_SIGNER)[0]), signer_title=text_of(get(layout.SETTING_SIGNER_TITLE)[0]),
            recipients=text_of(get(layout.SETTING_RECIPIENTS)[0]),
        )

    # -- Đơn vị --------------------------------------------------------------------------------
    def units(self) -> list[Unit]:
        found = self._rows(layout.UNITS_SHEET)
        if found is None:
            return []
        sheet, rows = found
        units, findings = units_from_rows(rows, self.file, sheet, self.merges[sheet])
        self.findings.extend(findings)
        return units

    # -- Đơn vị cũ (optional) ------------------------------------------------------------------
    def successions(self, units: list[Unit]) -> tuple[Succession, ...]:
        sheet = layout.find_sheet(self.sheet_names, layout.OLD_UNITS_SHEET)
        if sheet is None:
            return ()
        successions, findings = successions_from_rows(self._read(sheet), [u.code for u in units],
                                                      self.file, sheet, self.merges[sheet])
        self.findings.extend(findings)
        return successions

    # -- Mục tiêu ------------------------------------------------------------------------------
    def objectives(self, units: list[Unit]) -> list[Objective]:
        found = self._rows(layout.OBJECTIVES_SHEET)
        if found is None:
            return []
        sheet, rows = found
        rows = percent_numbers_shown(rows, self.formats.get(sheet, {}))   # “97,5%” a paste turned into 0.975
        merged = self.merges[sheet]
        wanted = layout.OBJECTIVE_COLUMNS + layout.OBJECTIVE_OPTIONAL_COLUMNS
        header = pasted_header_row(rows, merged)
        if header is not None:         # the table as the decision importer reads it (decision_header)
            columns = _objective_header_columns(rows[header], wanted)
        else:
            header, columns = self._header(
                sheet, rows, (layout.OBJ_NUMBER, layout.OBJ_TITLE, layout.OBJ_TARGET),
                wanted[3:], match=_objective_header_columns,
            )
            if header is None or any(name not in columns for name in (layout.OBJ_NUMBER, layout.OBJ_TARGET)):
                return []
        # the paste path: a table pasted from Word reads as `init --from` reads the same table in the decision
        data_rows, findings = read_pasted_rows(rows, header, columns, merged, self.file, sheet)
        self.findings.extend(findings)
        self.objectives_sheet, self.objectives_header, self.objectives_columns = sheet, header + 1, columns
        unit_codes = {header_key(unit.code) for unit in units}
        levels = {header_key(unit.level) for unit in units if unit.level}

        def where(index, name):
            if name == layout.OBJ_TARGET and name not in columns:      # no Chỉ tiêu: read from the Mục tiêu cells
                name = layout.OBJ_TITLE
            return cell_ref(index, columns.get(name, 0))

        groups: list[dict] = []
        for index, values in data_rows:
            number = values.get(layout.OBJ_NUMBER, "")
            if not any(values.values()):
                continue
            if number:
                groups.append({"number": number, "title": values.get(layout.OBJ_TITLE, ""), "row": index,
                               "indicators": [], "measures": [], "note": values.get(layout.OBJ_NOTE, ""),
                               "applies": values.get(layout.OBJ_APPLIES_TO, ""),
                               "periods": values.get(layout.OBJ_PERIODS, "")})
            elif not groups:
                self.findings.append(finding(
                    Code.CONTINUATION_WITHOUT_OBJECTIVE,
                    "Dòng này không có TT nhưng chưa có mục tiêu nào ở trên. Nhập TT cho mục tiêu đầu tiên.",
                    file=self.file, sheet=sheet, cell=where(index, layout.OBJ_NUMBER),
                ))
                continue
            group = groups[-1]
            if not number and values.get(layout.OBJ_TITLE):
                group["title"] = (group["title"] + " " + values[layout.OBJ_TITLE]).strip()
            if values.get(layout.OBJ_TARGET):
                group["indicators"].append((index, values))
            if values.get(layout.OBJ_MEASURE):
                group["measures"].append(Measure(
                    values[layout.OBJ_MEASURE], values.get(layout.OBJ_DEADLINE, ""),
                    values.get(layout.OBJ_RESPONSIBLE, ""), values.get(layout.OBJ_NOTE, "") if not number else "",
                ))

        objectives: list[Objective] = []
        codes_seen: dict[str, str] = {}
        numbers_seen: dict[str, str] = {}
        for group in groups:
            number = group["number"]
            if number in numbers_seen:
                self.findings.append(finding(
                    Code.DUPLICATE_OBJECTIVE,
                    f"TT “{number}” bị trùng (đã có ở ô {numbers_seen[number]}). Đánh số mục tiêu không trùng nhau.",
                    file=self.file, sheet=sheet, cell=where(group["row"], layout.OBJ_NUMBER),
                ))
            numbers_seen.setdefault(number, where(group["row"], layout.OBJ_NUMBER))
            if not group["indicators"]:
                self.findings.append(finding(
                    Code.OBJECTIVE_WITHOUT_INDICATOR,
                    f"Mục tiêu {number} chưa có chỉ tiêu nào. Nhập ít nhất một Chỉ tiêu đo được (ví dụ “trên 90%”).",
                    file=self.file, sheet=sheet, cell=where(group["row"], layout.OBJ_TARGET),
                ))
                continue
            indicators = []
            for position, (index, values) in enumerate(group["indicators"], start=1):
                text = values[layout.OBJ_TARGET]
                target = self._read_target(sheet, index, values, group["title"], number, where)
                if target is None:
                    continue
                code = values.get(layout.OBJ_CODE) or _generated_code(number, position, len(group["indicators"]))
                self.readings[-1] = _with_code(self.readings[-1], code)
                if code in codes_seen:
                    self.findings.append(finding(
                        Code.DUPLICATE_INDICATOR_CODE,
                        f"Mã chỉ tiêu “{code}” bị trùng (đã có ở ô {codes_seen[code]}). "
                        "Đặt mã khác hoặc để trống cho xlqms tự sinh.",
                        file=self.file, sheet=sheet, cell=where(index, layout.OBJ_CODE),
                    ))
                    continue
                codes_seen[code] = where(index, layout.OBJ_CODE)
                applies_text = values.get(layout.OBJ_APPLIES_TO) or group["applies"]
                applies_to = _split_list(applies_text)
                for item in applies_to:
                    if header_key(item) not in unit_codes and header_key(item) not in levels:
                        self.findings.append(finding(
                            Code.UNKNOWN_APPLIES_TO,
                            f"“Áp dụng cho” có “{item}” không phải Cấp hay Mã đơn vị nào trong trang Đơn vị. "
                            f"Dùng các cấp: {', '.join(sorted({u.level for u in units if u.level})) or '(chưa có)'} "
                            "hoặc mã đơn vị.",
                            file=self.file, sheet=sheet, cell=where(index, layout.OBJ_APPLIES_TO),
                        ))
                periods_text = values.get(layout.OBJ_PERIODS) or group["periods"]
                periods = []
                for item in _split_list(periods_text):
                    period = canonical_period(item)
                    if period is None:
                        self.findings.append(finding(
                            Code.INVALID_EVALUATION_PERIOD,
                            f"“Kỳ đánh giá” có “{item}” không phải kỳ báo cáo. Để trống (mọi kỳ) hoặc ghi: Cả năm, "
                            "6 tháng đầu năm, 9 tháng, Quý I…IV.",
                            file=self.file, sheet=sheet, cell=where(index, layout.OBJ_PERIODS),
                        ))
                    else:
                        periods.append(period)
                indicators.append(Indicator(code, number, text, target, applies_to, tuple(periods), index + 1))
            if indicators:
                objectives.append(Objective(number, group["title"], tuple(indicators), tuple(group["measures"]),
                                            group["note"], group["row"] + 1))
        if not groups:
            self.findings.append(finding(
                Code.NO_OBJECTIVES, "Trang “Mục tiêu” chưa có mục tiêu nào. Nhập bảng mục tiêu (TT, Mục tiêu, Chỉ tiêu…).",
                file=self.file, sheet=sheet,
            ))
        return objectives


    def _read_target(self, sheet, index, values, title, number, where) -> Target | None:
        """Read one Chỉ tiêu with its objective's wording, Cách đánh giá and Chiều; record the reading."""
        text, formal = values[layout.OBJ_TARGET], values.get(layout.OBJ_FORMAL, "")
        direction_text = values.get(layout.OBJ_DIRECTION, "")
        reading = IndicatorReading(index + 1, where(index, layout.OBJ_TARGET), number, text, formal, direction_text)
        try:
            direction = parse_direction(direction_text)
        except ValueError:
            self.findings.append(finding(
                Code.INVALID_DIRECTION, f"“Chiều” là “{direction_text}”: ghi “Cao hơn là tốt” hoặc “Thấp hơn là tốt” "
                "(hoặc để trống)", file=self.file, sheet=sheet, cell=where(index, layout.OBJ_DIRECTION)))
            direction = None
        try:
            target = parse_target(text, context=title, direction=direction, formal=formal or None)
        except TargetSyntaxError as exc:
            column = layout.OBJ_FORMAL if formal else layout.OBJ_TARGET
            self.findings.append(finding(exc.code, str(exc), file=self.file, sheet=sheet, cell=where(index, column)))
            self.readings.append(replace(reading, error=exc))
            return None
        self.readings.append(replace(reading, target=target))
        return target



def _with_code(reading: IndicatorReading, code: str) -> IndicatorReading:
    return replace(reading, code=code)


def _objective_header_columns(row, wanted) -> dict[str, int]:
    """The `Mục tiêu` header: xlqms's names exactly, the contract's seven also as officials head them."""
    found = layout.find_header_columns(row, wanted)
    loose = loose_header_columns(row, known=wanted)
    taken = set(found.values())
    found.update({name: index for name, index in loose.items() if name not in found and index not in taken})
    return found


def _generated_code(number: str, position: int, count: int) -> str:
    stem = re.sub(r"[^0-9A-Za-z]+", "", number) or "X"
    stem = stem.zfill(2) if stem.isdigit() else stem
    return f"MT{stem}" if count == 1 else f"MT{stem}.{position}"


def _split_list(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in re.split(r"[,;\n]", text or "") if item.strip())


DUE_DATES = (dt.date(1990, 1, 1), dt.date(2100, 12, 31))
"""A `Hạn nộp` outside these is a slip (a stray number, a serial read as a date), never a due date."""
_DAY_MONTH_YEAR = re.compile(r"\s*(?:ngày\s*)?(\d{1,2})\s*(?:[/.-]\s*(\d{1,2})\s*[/.-]|tháng\s*(\d{1,2})\s*,?\s*năm)"
                             r"\s*(\d{4})\s*\.?\s*", re.IGNORECASE)


def _as_date(value) -> dt.date | None:
    """A `Hạn nộp` cell as a date: a date cell, an Excel serial, or text as officials write it —
    31/07/2026, 31.7.2026, 2026-07-31, “ngày 31 tháng 7 năm 2026” (Decree 30/2020's way of writing
    a date). None when it is none of these, or falls outside :data:`DUE_DATES`."""
    found: dt.date | None = None
    if isinstance(value, dt.datetime):
        found = value.date()
    elif isinstance(value, dt.date):
        found = value
    elif isinstance(value, (int, float)) and not isinstance(value, bool):   # an Excel serial that arrived as a number
        serials = [(day - dt.date(1899, 12, 30)).days for day in DUE_DATES]
        if serials[0] <= value <= serials[1]:
            found = dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
    else:
        text = nfc(str(value))
        match = _DAY_MONTH_YEAR.fullmatch(text)
        iso = re.fullmatch(r"\s*(\d{4})-(\d{2})-(\d{2})\s*", text)
        try:
            if match:
                found = dt.date(int(match.group(4)), int(match.group(2) or match.group(3)), int(match.group(1)))
            elif iso:
                found = dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        except ValueError:
            return None
    return found if found is not None and DUE_DATES[0] <= found <= DUE_DATES[1] else None
    match = re.fullmatch(r"\s*(\d{4})-(\d{2})-(\d{2})\s*", str(value))
    if match:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return None
