"""The consolidated workbook (bảng tổng hợp) that `xlqms rollup` writes, in Vietnamese.

Sheets:

- **Tổng quan**: the round in a few lines, completeness per parent (units expected, submitted,
  missing), and how many units met each objective under each parent;
- **Xếp hạng**: every unit's objectives met ("6/10 mục tiêu đạt và vượt"), ranked;
- **Ma trận**: unit × indicator, the verdicts as text coloured by conditional-formatting rules
  on that text (so a re-sorted or edited sheet keeps its colours);
- **MT 1**, **MT 2**, …: one sheet per objective with its numbers across units, the roll-up per
  parent and a native Excel bar chart;
- **Chưa nộp**: the units expected that have not submitted (with a note for those whose workbook came
  back blank: "Nộp tệp trống");
- **Lỗi thu thập**: the findings of collection, with file, sheet and cell;
- **Nguồn số liệu**: the provenance of every figure (file, cells, received when, checksum).

With a previous round (`Đợt trước`, :mod:`xlqms.trends`): each indicator of the **MT n** sheets has
two more columns, the unit's previous value and the change (points for a percent, relative % for a
count or amount); the roll-up per parent the previous pooled value and its change; **Tổng quan**
says how each pooled indicator moved ("so với cùng kỳ" / "so với kỳ trước"); **Nguồn số liệu**
where each previous value came from (the old units of `Đơn vị cũ`, pooled or summed).

Values are written as values; any text a unit typed is written as text (as
:func:`xlqms.spreadsheet.write_text` does) and never becomes a formula. Every table has a frozen
header and an auto-filter; every sheet prints on A4 landscape, fit to width, with its header rows
repeated. The sheets are streamed (:class:`xlqms.streamed_sheet.StreamedSheet`): a national round,
~900,000 cells, takes a few seconds and little memory; with an openpyxl the streamed writer was not
written for, or in ``_write_rollup_workbook_plain``, the same workbook is written cell by cell
with openpyxl's public API (the reference the tests compare it with).
The default output is ``DIR/out/tong_hop_<period code>_<year>.xlsx`` (e.g. ``tong_hop_H1_2026.xlsx``),
regenerated (atomically) on every run.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from xlqms import layout
from xlqms.attainment import RoundResult
from xlqms.campaign import Campaign
from xlqms.codes import FileState, UnitState, label_of
from xlqms.errors import OutputExistsError, XlqmsError, describe_os_error
from xlqms.numbers import as_float
from xlqms.rollup import RollupResult
from xlqms.round import LoadedRound, load_round
from xlqms.spreadsheet import column_letter, save_workbook_atomically
from xlqms.statuses import Status
from xlqms.streamed_sheet import CellStyle, new_workbook
from xlqms.trends import BASELINE_WORDS, ChangeUnit, comparison_label, pooled_trend_text, value_text

MISSING_LABEL = UnitState.MISSING.label
SUBMITTED_LABEL = UnitState.SUBMITTED.label
PERCENT_FORMAT = '0.00"%"'
NUMBER_FORMAT = "#,##0.##"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
CHANGE_FORMATS = {ChangeUnit.POINTS: '+0.00" điểm %";-0.00" điểm %";0" điểm %"',
                  ChangeUnit.PERCENT: '+0.00"%";-0.00"%";0"%"'}
TREND_HEADERS = ("Kỳ trước", "Thay đổi")     # beside each indicator's Kết quả, with a previous round

# Colours of the verdict labels: (fill, font).
VERDICT_COLOURS = {
    Status.EXCEEDED.label: ("A9D08E", "1E4620"),
    Status.MET.label: ("C6EFCE", "006100"),
    Status.NOT_MET.label: ("FFC7CE", "9C0006"),
    Status.NOT_DUE.label: ("E7E6E6", "595959"),
    Status.NO_DATA.label: ("FFEB9C", "9C5700"),
    MISSING_LABEL: ("D9E1F2", "1F3864"),
}

_HEADER_FILL = PatternFill(fill_type="solid", fgColor="DDEBF7")
_HEADER_FONT = Font(bold=True)
_TITLE_FONT = Font(bold=True, size=14)
_THIN = Side(style="thin", color="A6A6A6")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_PAPERSIZE_A4 = "9"

_TITLE_STYLE = CellStyle(font=_TITLE_FONT)
_NOTE_STYLE = CellStyle(font=Font(italic=True, color="595959"))
_BOLD_STYLE = CellStyle(font=Font(bold=True))
_HEADER_STYLE = CellStyle(font=_HEADER_FONT, fill=_HEADER_FILL, border=_BORDER, alignment=_CENTER)
_GROUP_STYLE = CellStyle(font=_HEADER_FONT, fill=_HEADER_FILL, alignment=_CENTER)
_TARGET_STYLE = CellStyle(font=Font(size=8), border=_BORDER,
                          alignment=Alignment(wrap_text=True, vertical="bottom", horizontal="center"))


def default_output(campaign: Campaign) -> Path:
    """``DIR/out/tong_hop_<period code>_<year>.xlsx``."""
    settings = campaign.settings
    return layout.summary_path(campaign.folder, settings.period_code, settings.year)


def build_rollup_workbook(folder, out=None, force: bool = False) -> tuple[Path, LoadedRound]:
    """Read ``folder``'s round (campaign + store), write the consolidated workbook; return (path, round).

    Never replaces, without ``force``, a consolidated workbook that counted more submitted units
    than this round has (a store rebuilt poorer, a wrong folder): raises
    :class:`~xlqms.errors.OutputExistsError` saying so. (A missing or damaged store is refused
    before, by :func:`xlqms.store.read_records`.)
    """
    loaded = load_round(folder)
    path = Path(out) if out else default_output(loaded.campaign)
    before = recorded_submissions(path)
    now = len(loaded.round_result.submitted)
    if before is not None and now < before and not force:
        raise OutputExistsError(
            f"Bảng tổng hợp hiện có ({path}) tính {before} đơn vị đã nộp, nhưng sổ ghi chép bây giờ chỉ có {now}. "
            "xlqms không ghi đè bằng một đợt ít số liệu hơn. Kiểm tra thư mục đợt và kho lưu trữ (xlqms status); "
            "nếu đúng là muốn thay, chạy lại với --force.")
    write_rollup_workbook(loaded.campaign, loaded.round_result, loaded.rollup, loaded.findings, loaded.files, path)
    return path, loaded


def write_rollup_workbook(campaign: Campaign, round_result: RoundResult, rollup: RollupResult, findings, files,
                          out_path) -> Path:
    """Write the consolidated workbook to ``out_path`` (atomically) and return its path.

    The sheets are streamed (:class:`xlqms.streamed_sheet.StreamedSheet` in a write-only workbook):
    a national round (~900,000 cells) is written in a few seconds with flat memory. With an openpyxl
    the streamed writer does not support, they are written cell by cell (same content, slower).
    """
    book, sheet_class = new_workbook()
    _write_sheets(book, sheet_class, campaign, round_result, rollup, findings, files)
    return _save(book, campaign, out_path, len(round_result.submitted))


def _write_rollup_workbook_plain(campaign: Campaign, round_result: RoundResult, rollup: RollupResult, findings, files,
                                 out_path) -> Path:
    """The same workbook written cell by cell with openpyxl: the reference the tests compare with."""
    book, sheet_class = new_workbook(fast=False)
    _write_sheets(book, sheet_class, campaign, round_result, rollup, findings, files)
    return _save(book, campaign, out_path, len(round_result.submitted))


def _write_sheets(book, sheet_class, campaign: Campaign, round_result: RoundResult, rollup: RollupResult, findings,
                  files) -> None:
    writer = _Writer(campaign, round_result, rollup, list(findings or ()), list(files or ()))
    titles = (["Tổng quan", "Xếp hạng", "Ma trận"]
              + [objective_sheet_name(objective.number) for objective in campaign.objectives]
              + [MISSING_LABEL, "Lỗi thu thập", "Nguồn số liệu"])
    writers = ([writer.overview, writer.ranking, writer.matrix]
               + [lambda sheet, objective=objective: writer.objective_sheet(sheet, objective)
                  for objective in campaign.objectives]
               + [writer.missing, writer.findings_sheet, writer.sources])
    for title, write in zip(titles, writers):
        sheet = sheet_class(book, title)
        write(sheet)
        sheet.close()


SUBMITTED_PROPERTY = "xlqms_units_submitted"
"""Custom document property of the consolidated workbook: how many units had submitted."""


def recorded_submissions(path) -> int | None:
    """The units submitted that an existing consolidated workbook counted (None: no such file or record)."""
    try:
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("docProps/custom.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile, ValueError):
        return None
    match = re.search(r'name="' + SUBMITTED_PROPERTY + r'"[^>]*>\s*<vt:\w+[^>]*>\s*(\d+)\s*<', xml)
    return int(match.group(1)) if match else None


def _save(book, campaign: Campaign, out_path, submitted: int) -> Path:
    book.properties.title = campaign.settings.display_title
    book.properties.creator = "xlqms"
    book.custom_doc_props.append(StringProperty(name=SUBMITTED_PROPERTY, value=str(submitted)))
    path = Path(out_path)
    try:
        save_workbook_atomically(book, path)
    except OSError as exc:
        raise XlqmsError(describe_os_error(exc, path)) from exc
    return path


def period_text(settings) -> str:
    """'6 tháng đầu năm 2020', 'Cả năm 2020', 'Quý I năm 2020'."""
    period = settings.period
    return f"{period} {settings.year}" if period.endswith("năm") else f"{period} năm {settings.year}"


def objective_sheet_name(number: str) -> str:
    cleaned = "".join(ch for ch in str(number) if ch not in "[]:*?/\\")
    return f"MT {cleaned}"[:31]


# ---------------------------------------------------------------------------------------------


class _Writer:
    """Writes each sheet through a :class:`StreamedSheet` (or :class:`PlainSheet`): put, style, close."""

    def __init__(self, campaign: Campaign, round_result: RoundResult, rollup: RollupResult, findings, files):
        self.campaign = campaign
        self.round = round_result
        self.rollup = rollup
        self.findings = findings
        self.files = files
        self.units = {unit.code: unit for unit in campaign.units}
        self.expected = [unit for unit in round_result.units if unit.expected]
        self._style_ids: dict = {}

    # -- helpers ----------------------------------------------------------------------------------
    def _name(self, code) -> str:
        unit = self.units.get(code)
        return unit.name if unit else (code or "")

    def _style(self, sheet, style: CellStyle) -> int:
        key = (sheet, style)
        found = self._style_ids.get(key)
        if found is None:
            found = self._style_ids[key] = sheet.style(style)
        return found

    def _text(self, sheet, row: int, column: int, text: str, style: CellStyle | None = None) -> None:
        """A line of text (never a formula) with an optional look."""
        sheet.put(row, column, text, self._style(sheet, style) if style is not None else 0)

    def _title(self, sheet, title: str, subtitle: str = "") -> None:
        self._text(sheet, 1, 1, title, _TITLE_STYLE)
        settings = self.campaign.settings
        line = subtitle or (f"Kỳ báo cáo: {period_text(settings)} · Mã đợt: {settings.campaign_id}"
                            f" · Lập lúc {dt.datetime.now():%d/%m/%Y %H:%M}")
        self._text(sheet, 2, 1, line, _NOTE_STYLE)

    def _put(self, sheet, row: int, column: int, value, number_format: str | None = None, align: str = "") -> None:
        """Write a value (text stays text) with a border, a number format and an alignment."""
        key = (sheet, number_format if value is not None else None, align)
        style = self._style_ids.get(key)
        if style is None:
            style = self._style_ids[key] = sheet.style(CellStyle(
                border=_BORDER, alignment={"center": _CENTER, "wrap": _WRAP}.get(align),
                number_format=key[1] or None))
        sheet.put(row, column, value, style)

    def _header(self, sheet, row: int, headers, widths=None) -> None:
        self._header_row(sheet, row, headers)
        for column, width in enumerate(widths or (), start=1):
            sheet.column_width(column, width)

    def _header_row(self, sheet, row, headers) -> None:
        sheet.row_height(row, 32)
        style = self._style(sheet, _HEADER_STYLE)
        for column, header in enumerate(headers, start=1):
            sheet.put(row, column, header, style)

    @staticmethod
    def _finish(sheet, header_row: int, last_row: int, last_column: int, freeze_column: int = 1,
                first_header_row: int | None = None) -> None:
        """Frozen header, auto-filter over the table, print setup (A4 landscape, fit to width)."""
        sheet = sheet.worksheet
        sheet.freeze_panes = f"{column_letter(freeze_column)}{header_row + 1}"
        end = column_letter(max(last_column, 1))
        sheet.auto_filter.ref = f"A{header_row}:{end}{max(last_row, header_row)}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = _PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_title_rows = f"{first_header_row or header_row}:{header_row}"
        sheet.print_options.horizontalCentered = True
        sheet.page_margins.left = sheet.page_margins.right = 0.4
        sheet.oddFooter.center.text = "Trang &P / &N"
        sheet.oddHeader.left.text = "&A"

    @staticmethod
    def _verdict_rules(sheet, cell_range: str) -> None:
        """Colour the verdict labels with conditional formatting rules on the text (not fills)."""
        for label, (fill, font) in VERDICT_COLOURS.items():
            sheet.worksheet.conditional_formatting.add(cell_range, CellIsRule(
                operator="equal", formula=[f'"{label}"'],
                fill=PatternFill(fill_type="solid", fgColor=fill, bgColor=fill), font=Font(color=font),
            ))

    # -- Tổng quan ----------------------------------------------------------------------------
    def overview(self, sheet) -> None:
        settings = self.campaign.settings
        self._title(sheet, settings.display_title.upper())
        total, submitted = len(self.expected), sum(1 for u in self.expected if u.submitted)
        share = f" ({100 * submitted / total:.2f}%)".replace(".", ",") if total else ""
        self._text(sheet, 3, 1, f"Đã nộp {submitted}/{total} đơn vị{share}; chưa nộp {total - submitted}. "
                                f"Lỗi thu thập: {sum(1 for f in self.findings if f.is_error)}.", _BOLD_STYLE)
        self._text(sheet, 4, 1, "Mỗi đơn vị cấp trên: tiến độ nộp của các đơn vị cấp dưới (mọi cấp) và, với từng "
                                "mục tiêu, số đơn vị đạt và vượt / số đơn vị đã đánh giá.", _NOTE_STYLE)
        header_row = 5
        objectives = list(self.campaign.objectives)
        headers = (["Mã đơn vị", "Đơn vị cấp trên", "Cấp", "Số đơn vị phải nộp", SUBMITTED_LABEL, MISSING_LABEL,
                    "Tỷ lệ đã nộp"] + [f"MT {objective.number} đạt" for objective in objectives]
                   + ["Đơn vị chưa nộp"])
        widths = (12, 30, 10, 11, 9, 9, 11) + (9,) * len(objectives) + (60,)
        self._header(sheet, header_row, headers, widths)
        row = header_row
        for parent in self.rollup.parents:
            row += 1
            self._put(sheet, row, 1, parent.code)
            self._put(sheet, row, 2, parent.name)
            self._put(sheet, row, 3, parent.level)
            self._put(sheet, row, 4, parent.units_expected)
            self._put(sheet, row, 5, parent.units_submitted)
            self._put(sheet, row, 6, parent.units_expected - parent.units_submitted)
            self._put(sheet, row, 7, parent.completeness, PERCENT_FORMAT)
            for column, objective in enumerate(objectives, start=8):
                found = parent.objective(objective.number)
                text = f"{found.units_met}/{found.units_assessed}" if found else "—"
                self._put(sheet, row, column, text, align="center")
            missing = ", ".join(self._name(code) for code in parent.missing)
            self._put(sheet, row, len(headers), missing, align="wrap")
        self._finish(sheet, header_row, row, len(headers), freeze_column=3)
        if self.round.previous is not None:
            self._trend_lines(sheet, row + 2)

    def _trend_lines(self, sheet, row: int) -> None:
        """How each pooled indicator of each top unit moved since the previous round, one line each."""
        settings, before = self.campaign.settings, self.round.previous
        assert before is not None
        compared = comparison_label(settings.year, settings.period, before)
        self._text(sheet, row, 1, f"Xu hướng {compared} (tỷ lệ chung = tổng tử số / tổng mẫu số)", _BOLD_STYLE)
        roots = {unit.code for unit in self.campaign.units.roots()}
        for parent in self.rollup.parents:
            if parent.code not in roots:
                continue
            for found in parent.indicators:
                if found.pooled_value is None and found.previous_pooled_value is None:
                    continue
                row += 1
                self._text(sheet, row, 1, f"{parent.name} · {pooled_trend_text(found)}")

    # -- Xếp hạng -------------------------------------------------------------------------------
    def ranking(self, sheet) -> None:
        self._title(sheet, "KẾT QUẢ THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG THEO ĐƠN VỊ (XẾP HẠNG)")
        header_row = 4
        headers = ["Hạng", "Mã đơn vị", "Tên đơn vị", "Cấp", "Đơn vị cấp trên", "Tình trạng", "Số MT đạt và vượt",
                   "Tổng số MT", "Tỷ lệ MT đạt", "Mục tiêu đạt (số)", "Mục tiêu không đạt (số)",
                   "Thiếu số liệu (số)", "Chưa đánh giá (số)", "Kết luận"]
        self._header(sheet, header_row, headers, (7, 12, 30, 10, 26, 11, 11, 9, 11, 20, 20, 16, 16, 50))
        ranked = sorted((u for u in self.expected if u.submitted),
                        key=lambda u: (-(u.objectives_met / u.objectives_total), -u.objectives_met, u.code))
        missing = [u for u in self.expected if not u.submitted]
        row, rank, previous = header_row, 0, None
        put = self._put
        for position, unit in enumerate(ranked + missing, start=1):
            row += 1
            key = (unit.objectives_met / unit.objectives_total, unit.objectives_met)
            if unit.submitted:
                if key != previous:
                    rank, previous = position, key
                put(sheet, row, 1, rank)
            else:
                put(sheet, row, 1, None)
            put(sheet, row, 2, unit.code)
            put(sheet, row, 3, unit.name)
            put(sheet, row, 4, unit.level)
            put(sheet, row, 5, self._name(unit.parent) if unit.parent else "")
            put(sheet, row, 6, SUBMITTED_LABEL if unit.submitted else MISSING_LABEL)
            put(sheet, row, 7, unit.objectives_met if unit.submitted else None)
            put(sheet, row, 8, unit.objectives_total)
            put(sheet, row, 9, 100 * unit.objectives_met / unit.objectives_total if unit.submitted else None,
                PERCENT_FORMAT)
            put(sheet, row, 10, ", ".join(unit.met_numbers))
            put(sheet, row, 11, ", ".join(unit.not_met_numbers))
            put(sheet, row, 12, ", ".join(unit.no_data_numbers) if unit.submitted else "")
            put(sheet, row, 13, ", ".join(unit.not_due_numbers))
            put(sheet, row, 14, unit.summary)
        self._finish(sheet, header_row, row, len(headers), freeze_column=4)

    # -- Ma trận --------------------------------------------------------------------------------
    def matrix(self, sheet) -> None:
        self._title(sheet, "MA TRẬN ĐÁNH GIÁ: ĐƠN VỊ × CHỈ TIÊU")
        indicators = self.campaign.indicators
        fixed = ["Mã đơn vị", "Tên đơn vị", "Đơn vị cấp trên", "MT đạt và vượt"]
        # Row 4: the objective and target of each indicator; row 5: the indicator codes.
        sheet.row_height(4, 75)
        for column, indicator in enumerate(indicators, start=len(fixed) + 1):
            self._text(sheet, 4, column, f"MT {indicator.objective}: {indicator.text}", _TARGET_STYLE)
            sheet.column_width(column, 14)
        header_row = 5
        self._header_row(sheet, header_row, fixed + [indicator.code for indicator in indicators])
        for column, width in enumerate((12, 30, 24, 10), start=1):
            sheet.column_width(column, width)
        row = header_row
        put = self._put
        for unit in self.expected:
            row += 1
            put(sheet, row, 1, unit.code)
            put(sheet, row, 2, unit.name)
            put(sheet, row, 3, self._name(unit.parent) if unit.parent else "")
            put(sheet, row, 4, f"{unit.objectives_met}/{unit.objectives_total}" if unit.submitted else MISSING_LABEL)
            results = {ind.code: ind for ind in unit.indicators}
            for column, indicator in enumerate(indicators, start=len(fixed) + 1):
                result = results.get(indicator.code)
                if result is None:
                    value = "—"            # the indicator does not apply to this unit
                elif not unit.submitted and result.status is Status.NO_DATA:
                    value = MISSING_LABEL
                else:
                    value = result.label
                put(sheet, row, column, value, align="center")
        last_column = len(fixed) + len(indicators)
        if row > header_row and indicators:
            first = column_letter(len(fixed) + 1)
            self._verdict_rules(sheet, f"{first}{header_row + 1}:{column_letter(last_column)}{row}")
        self._verdict_rules(sheet, f"D{header_row + 1}:D{max(row, header_row + 1)}")
        self._finish(sheet, header_row, row, last_column, freeze_column=3, first_header_row=4)

    # -- MT n -----------------------------------------------------------------------------------
    def objective_sheet(self, sheet, objective) -> None:
        self._title(sheet, f"MỤC TIÊU {objective.number}: {objective.title}")
        self._text(sheet, 3, 1, " · ".join(f"{ind.code}: {ind.text}" for ind in objective.indicators))
        units = [u for u in self.expected if u.objective(objective.number) is not None]
        fixed = ["Mã đơn vị", "Tên đơn vị", "Đơn vị cấp trên", "Đánh giá mục tiêu"]
        trend = self.round.previous is not None
        sub = ["Tử số", "Mẫu số", "Kết quả", *(TREND_HEADERS if trend else ()), "Đánh giá", "Thuyết minh"]
        at = {name: offset for offset, name in enumerate(sub)}
        group_row, header_row = 4, 5
        sheet.row_height(group_row, 45)
        headers = list(fixed)
        for ind in objective.indicators:
            start = len(headers) + 1
            headers += sub
            sheet.merge(group_row, start, group_row, start + len(sub) - 1)
            self._text(sheet, group_row, start, f"{ind.code}: {ind.text}", _GROUP_STYLE)
        self._header_row(sheet, header_row, headers)
        widths = [12, 28, 22, 14] + [10, 10, 11, *((11, 13) if trend else ()), 13, 34] * len(objective.indicators)
        for column, width in enumerate(widths, start=1):
            sheet.column_width(column, width)

        row = header_row
        put = self._put
        verdict_columns = [4] + [len(fixed) + 1 + at["Đánh giá"] + len(sub) * i for i in range(len(objective.indicators))]
        for unit in units:
            row += 1
            result = unit.objective(objective.number)
            assert result is not None   # units were chosen for having this objective
            put(sheet, row, 1, unit.code)
            put(sheet, row, 2, unit.name)
            put(sheet, row, 3, self._name(unit.parent) if unit.parent else "")
            put(sheet, row, 4, result.label if unit.submitted else MISSING_LABEL)
            by_code = {ind.code: ind for ind in result.indicators}
            for index, ind in enumerate(objective.indicators):
                column = len(fixed) + 1 + len(sub) * index
                value = by_code.get(ind.code)
                if value is None:
                    for offset in range(len(sub)):
                        put(sheet, row, column + offset, "—" if offset == at["Đánh giá"] else None)
                    continue
                put(sheet, row, column, as_float(value.numerator) if value.ratio else None, NUMBER_FORMAT)
                put(sheet, row, column + 1, as_float(value.denominator) if value.ratio else None, NUMBER_FORMAT)
                if value.passed is not None:
                    put(sheet, row, column + 2, "Đạt" if value.passed else "Không đạt")
                else:
                    put(sheet, row, column + 2, value.number, PERCENT_FORMAT if value.percent else NUMBER_FORMAT)
                if trend:
                    self._trend_cells(sheet, row, column + at["Kỳ trước"], value)
                label = MISSING_LABEL if not unit.submitted and value.status is Status.NO_DATA else value.label
                put(sheet, row, column + at["Đánh giá"], label, align="center")
                put(sheet, row, column + at["Thuyết minh"], value.explanation, align="wrap")
        last_row = row
        for column in verdict_columns:
            letter = column_letter(column)
            self._verdict_rules(sheet, f"{letter}{header_row + 1}:{letter}{max(last_row, header_row + 1)}")
        self._finish(sheet, header_row, last_row, len(headers), freeze_column=3, first_header_row=group_row)

        # Roll-up per parent, below the units.
        row = last_row + 2
        self._text(sheet, row, 1, "Tổng hợp theo đơn vị cấp trên (tỷ lệ chung = tổng tử số / tổng mẫu số)",
                   _BOLD_STYLE)
        row += 1
        pooled_header = row
        self._header_row(sheet, row, ["Mã đơn vị", "Đơn vị cấp trên", "Mã chỉ tiêu", "Phải nộp", SUBMITTED_LABEL,
                                      "Đã đánh giá", "Đạt và vượt", "Không đạt", "Tỷ lệ chung", "Đánh giá chung",
                                      "Thấp nhất", "Trung vị", "Cao nhất",
                                      *(("Tỷ lệ chung kỳ trước", "Thay đổi") if trend else ())])
        for parent in self.rollup.parents:
            for ind in objective.indicators:
                found = parent.indicator(ind.code)
                if found is None:
                    continue
                row += 1
                fmt = PERCENT_FORMAT if ind.target.measures_percent else NUMBER_FORMAT
                values = [parent.code, parent.name, ind.code, found.units_expected, found.units_submitted,
                          found.units_assessed, found.units_met, found.units_not_met]
                for column, value in enumerate(values, start=1):
                    put(sheet, row, column, value)
                put(sheet, row, 9, found.pooled_value, PERCENT_FORMAT)
                put(sheet, row, 10, found.pooled_status.label if found.pooled_status else "", align="center")
                put(sheet, row, 11, found.minimum, fmt)
                put(sheet, row, 12, found.median, fmt)
                put(sheet, row, 13, found.maximum, fmt)
                if trend:
                    put(sheet, row, 14, found.previous_pooled_value, PERCENT_FORMAT)
                    put(sheet, row, 15, found.pooled_trend, CHANGE_FORMATS[ChangeUnit.POINTS])
        if row > pooled_header:
            self._verdict_rules(sheet, f"J{pooled_header + 1}:J{row}")
        self._chart(sheet, objective, units, header_row, last_row, pooled_header, row, len(headers), len(sub))

    def _trend_cells(self, sheet, row: int, column: int, value) -> None:
        """The previous value and the change of one indicator of one unit (two cells from ``column``)."""
        before, change = value.previous, value.trend
        if before is not None and isinstance(before.value, bool):
            self._put(sheet, row, column, value_text(before.value, False), align="center")
        else:
            self._put(sheet, row, column, value.previous_number, PERCENT_FORMAT if value.percent else NUMBER_FORMAT)
        self._put(sheet, row, column + 1, change.number if change is not None else None,
                  CHANGE_FORMATS[change.unit] if change is not None else None)

    def _chart(self, sheet, objective, units, header_row, last_row, pooled_header, pooled_last, width,
               group: int = 5) -> None:
        """A native bar chart: each unit's value of the objective's first numeric indicator when there
        are few units, else the pooled value per parent; for a qualitative objective, units met per parent."""
        worksheet = sheet.worksheet
        numeric = [i for i, ind in enumerate(objective.indicators) if ind.target.is_quantitative]
        chart = BarChart()
        chart.type = "col"
        chart.style = 10
        chart.legend = None
        if numeric and units and len(units) <= 60:
            index = numeric[0]
            column = 4 + 1 + group * index + 2
            indicator = objective.indicators[index]
            data = Reference(worksheet, min_col=column, min_row=header_row + 1, max_row=last_row)
            categories = Reference(worksheet, min_col=2, min_row=header_row + 1, max_row=last_row)
            chart.add_data(data, titles_from_data=False)
            chart.set_categories(categories)
            chart.title = f"MT {objective.number} — {indicator.code}: kết quả theo đơn vị"
            chart.y_axis.title = "%" if indicator.target.measures_percent else "Giá trị"
            count = len(units)
        elif pooled_last > pooled_header:
            value_column = 9 if numeric else 7
            data = Reference(worksheet, min_col=value_column, min_row=pooled_header + 1, max_row=pooled_last)
            categories = Reference(worksheet, min_col=2, min_row=pooled_header + 1, max_row=pooled_last)
            chart.add_data(data, titles_from_data=False)
            chart.set_categories(categories)
            chart.title = (f"MT {objective.number}: tỷ lệ chung theo đơn vị cấp trên" if numeric
                           else f"MT {objective.number}: số đơn vị đạt theo đơn vị cấp trên")
            chart.y_axis.title = "%" if numeric else "Số đơn vị"
            count = pooled_last - pooled_header
        else:
            return
        chart.x_axis.title = "Đơn vị"
        chart.y_axis.scaling.min = 0
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.width = min(max(16, 1.1 * count + 6), 40)
        chart.height = 9
        worksheet.add_chart(chart, f"{column_letter(width + 2)}{header_row}")

    # -- Chưa nộp ---------------------------------------------------------------------------------
    def missing(self, sheet) -> None:
        self._title(sheet, "ĐƠN VỊ CHƯA NỘP BÁO CÁO")
        header_row = 4
        headers = ["STT", "Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên", "Đơn vị cấp trên", "Số mục tiêu",
                   "Ghi chú"]
        self._header(sheet, header_row, headers, (6, 12, 34, 10, 14, 30, 11, 40))
        blank: dict[str, str] = {}
        for record in self.files:
            if record.state is FileState.BLANK and record.unit_code:
                blank[record.unit_code] = f"{FileState.BLANK.label}: {record.file_name}"
        row = header_row
        for number, unit in enumerate(self.round.missing, start=1):
            row += 1
            for column, value in enumerate((number, unit.code, unit.name, unit.level, unit.parent or "",
                                            self._name(unit.parent) if unit.parent else "", unit.objectives_total,
                                            blank.get(unit.code, "")),
                                           start=1):
                self._put(sheet, row, column, value)
        if row == header_row:
            self._text(sheet, row + 1, 1, "Tất cả đơn vị đã nộp báo cáo.")
        self._finish(sheet, header_row, row, len(headers))

    # -- Lỗi thu thập -----------------------------------------------------------------------------
    def findings_sheet(self, sheet) -> None:
        self._title(sheet, "LỖI VÀ CẢNH BÁO KHI THU THẬP")
        header_row = 4
        headers = ["STT", "Mức độ", "Mã lỗi", "Tệp", "Trang tính", "Ô", "Mã chỉ tiêu", "Nội dung, cách sửa"]
        self._header(sheet, header_row, headers, (6, 11, 26, 34, 14, 8, 12, 80))
        row = header_row
        for number, finding in enumerate(self.findings, start=1):
            row += 1
            location = finding.location
            values = (number, finding.severity.label, finding.code, location.file or "", location.sheet or "",
                      location.cell or "", finding.indicator or "")
            for column, value in enumerate(values, start=1):
                self._put(sheet, row, column, value)
            self._put(sheet, row, 8, finding.message, align="wrap")
        if row == header_row:
            self._text(sheet, row + 1, 1, "Không có lỗi nào khi thu thập.")
        self._finish(sheet, header_row, row, len(headers))

    # -- Nguồn số liệu ----------------------------------------------------------------------------
    def sources(self, sheet) -> None:
        self._title(sheet, "NGUỒN SỐ LIỆU: TỆP, Ô VÀ THỜI ĐIỂM NHẬN CỦA TỪNG SỐ LIỆU")
        header_row = 4
        headers = ["Mã đơn vị", "Tên đơn vị", "Mã chỉ tiêu", "Tử số", "Mẫu số", "Kết quả", "Ô trong trang Kết quả",
                   "Tệp đã nhận", "Nhận lúc", "Mã kiểm tra (SHA-256)"]
        self._header(sheet, header_row, headers, (12, 28, 12, 10, 10, 11, 34, 34, 17, 66))
        row = header_row
        put = self._put
        for unit in self.round.submitted:
            provenance = unit.provenance
            file_name = provenance.file_name if provenance else ""
            checksum = provenance.checksum if provenance else ""
            received = provenance.received_at if provenance else None
            if isinstance(received, dt.datetime) and received.tzinfo is not None:
                received = received.astimezone().replace(tzinfo=None)
            for ind in unit.indicators:
                if not ind.has_value and not ind.cells:
                    continue
                row += 1
                put(sheet, row, 1, unit.code)
                put(sheet, row, 2, unit.name)
                put(sheet, row, 3, ind.code)
                put(sheet, row, 4, as_float(ind.numerator) if ind.ratio else None, NUMBER_FORMAT)
                put(sheet, row, 5, as_float(ind.denominator) if ind.ratio else None, NUMBER_FORMAT)
                if ind.passed is not None:
                    put(sheet, row, 6, "Đạt" if ind.passed else "Không đạt")
                else:
                    put(sheet, row, 6, ind.number, PERCENT_FORMAT if ind.percent else NUMBER_FORMAT)
                put(sheet, row, 7, ", ".join(f"{header}: {layout.RESULTS_SHEET}!{cell}" for header, cell in ind.cells))
                put(sheet, row, 8, file_name)
                put(sheet, row, 9, received, DATETIME_FORMAT)
                put(sheet, row, 10, checksum)
        self._finish(sheet, header_row, row, len(headers), freeze_column=3)
        row = self._files_table(sheet, row + 2)
        if self.round.previous is not None:
            self._previous_sources(sheet, row + 2)

    def _previous_sources(self, sheet, row: int) -> None:
        """Where each previous value came from: the previous round, and the old units merged (Đơn vị cũ)."""
        before = self.round.previous
        assert before is not None
        self._text(sheet, row, 1, f"Kết quả kỳ trước: đợt {before.campaign_id} (thư mục "
                                  f"{self.campaign.settings.previous}); đơn vị sáp nhập "
                                  "hay đổi mã lấy kết quả của các đơn vị cũ (trang Đơn vị cũ của campaign.xlsx)",
                   _BOLD_STYLE)
        row += 1
        self._header_row(sheet, row, ["Mã đơn vị", "Tên đơn vị", "Mã chỉ tiêu", "Tử số kỳ trước", "Mẫu số kỳ trước",
                                      "Kết quả kỳ trước", "Cách tính", "Từ đơn vị cũ", "Mức cơ sở"])
        for unit in self.round.units:
            for ind in unit.indicators:
                previous = ind.previous
                if previous is None:
                    continue
                row += 1
                values = (unit.code, unit.name, ind.code, as_float(previous.numerator), as_float(previous.denominator))
                for column, value in enumerate(values, start=1):
                    self._put(sheet, row, column, value, NUMBER_FORMAT if column > 3 else None)
                if isinstance(previous.value, bool):
                    self._put(sheet, row, 6, value_text(previous.value, False))
                else:
                    self._put(sheet, row, 6, previous.number, PERCENT_FORMAT if previous.percent else NUMBER_FORMAT)
                self._put(sheet, row, 7, previous.combination.label)
                self._put(sheet, row, 8, previous.origin, align="wrap")
                self._put(sheet, row, 9, BASELINE_WORDS[ind.baseline_source] if ind.baseline_source is not None else "")

    def _files_table(self, sheet, row: int) -> int:
        """Every file the store took in (accepted or not), when the store gives them; returns the last row."""
        if not self.files:
            return row
        self._text(sheet, row, 1, "Các tệp đã nhận (mọi phiên bản được lưu nguyên vẹn trong kho)", _BOLD_STYLE)
        row += 1
        self._header_row(sheet, row, ["Mã đơn vị", "Tên đơn vị", "Tệp", "Nhận lúc", "Trạng thái", "Mã kiểm tra (SHA-256)"])
        for record in self.files:
            row += 1
            unit_code = record.unit_code or ""
            received = record.received_at
            if isinstance(received, dt.datetime) and received.tzinfo is not None:
                received = received.astimezone().replace(tzinfo=None)
            values = (unit_code, self._name(unit_code) if unit_code else "", record.file_name, received,
                      label_of(record.state), record.checksum)
            for column, value in enumerate(values, start=1):
                self._put(sheet, row, column, value, DATETIME_FORMAT if isinstance(value, dt.datetime) else None)
        return row
