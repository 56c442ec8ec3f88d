"""What every sheet of the consolidated workbook shares: the round's figures, the looks, the print setup.

:class:`RoundBook` holds the round once (campaign, results, roll-up, :class:`~xlqms.overview.Overview`,
findings, files); :class:`Sheet` wraps one :class:`~xlqms.streamed_sheet.StreamedSheet` (or
:class:`~xlqms.streamed_sheet.PlainSheet`) with the looks of the workbook: titles, bordered cells,
header rows, verdict colours by conditional formatting, traffic-light fills, frozen headers,
auto-filters and A4 print setup. Values are written as values; text a unit typed stays text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from xlqms.attainment import RoundResult, UnitResult
from xlqms.campaign import Campaign
from xlqms.codes import UnitState
from xlqms.overview import Light, Overview, build_overview
from xlqms.rollup import RollupResult
from xlqms.spreadsheet import column_letter
from xlqms.statuses import Status
from xlqms.streamed_sheet import CellStyle

MISSING_LABEL = UnitState.MISSING.label
SUBMITTED_LABEL = UnitState.SUBMITTED.label
PERCENT_FORMAT = '0.00"%"'
NUMBER_FORMAT = "#,##0.##"
COUNT_FORMAT = "#,##0"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
DATE_FORMAT = "dd/mm/yyyy"

# Colours of the verdict labels: (fill, font).
VERDICT_COLOURS = {
    Status.EXCEEDED.label: ("A9D08E", "1E4620"),
    Status.MET.label: ("C6EFCE", "006100"),
    Status.NOT_MET.label: ("FFC7CE", "9C0006"),
    Status.NOT_DUE.label: ("E7E6E6", "595959"),
    Status.NO_DATA.label: ("FFEB9C", "9C5700"),
    MISSING_LABEL: ("D9E1F2", "1F3864"),
}

HEADER_FILL = PatternFill(fill_type="solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
PAPERSIZE_A4 = "9"
DEFAULT_ROW_POINTS = 15.0
POINTS_PER_CM = 28.35

TITLE_STYLE = CellStyle(font=Font(bold=True, size=14))
NOTE_STYLE = CellStyle(font=Font(italic=True, color="595959"))
BOLD_STYLE = CellStyle(font=Font(bold=True))
SECTION_STYLE = CellStyle(font=Font(bold=True, size=12, color="1F3864"))
HEADER_STYLE = CellStyle(font=Font(bold=True), fill=HEADER_FILL, border=BORDER, alignment=CENTER)
GROUP_STYLE = CellStyle(font=Font(bold=True), fill=HEADER_FILL, alignment=CENTER)
TARGET_STYLE = CellStyle(font=Font(size=8), border=BORDER,
                         alignment=Alignment(wrap_text=True, vertical="bottom", horizontal="center"))
WRAPPED_NOTE_STYLE = CellStyle(font=Font(italic=True, color="595959"), alignment=WRAP)
WRAPPED_STYLE = CellStyle(alignment=WRAP)


def light_style(light: Light, bold: bool = True) -> CellStyle:
    """A bordered cell filled with the traffic light's colour (static: the overview is a printed page)."""
    fill, font = light.colours
    return CellStyle(font=Font(bold=bold, color=font), fill=PatternFill(fill_type="solid", fgColor=fill),
                     border=BORDER, alignment=CENTER)


def period_text(settings) -> str:
    """'6 tháng đầu năm 2020', 'Cả năm 2020', 'Quý I năm 2020'."""
    period = settings.period
    return f"{period} {settings.year}" if period.endswith("năm") else f"{period} năm {settings.year}"


@dataclass
class RoundBook:
    """The round, computed once for every sheet of the workbook."""

    campaign: Campaign
    round_result: RoundResult
    rollup: RollupResult
    findings: list = field(default_factory=list)
    files: list = field(default_factory=list)
    made_at: dt.datetime = field(default_factory=dt.datetime.now)

    def __post_init__(self) -> None:
        self.overview: Overview = build_overview(self.campaign, self.round_result, self.rollup, self.files)
        self.names = {unit.code: unit.name for unit in self.campaign.units}
        self.results: dict[str, UnitResult] = {unit.code: unit for unit in self.round_result.units}
        self.parents = {unit.code for unit in self.campaign.units.parents()}
        expected = [unit for unit in self.round_result.units if unit.expected]
        # Units below the bodies, never a body: the rows of the tables a reader scans and ranks.
        self.members: list[UnitResult] = [unit for unit in expected if unit.code not in self.parents]
        # The bodies' own results, shown apart.
        self.bodies_own: list[UnitResult] = [unit for unit in expected if unit.code in self.parents]

    def name(self, code) -> str:
        return self.names.get(code, code or "")

    @property
    def subtitle(self) -> str:
        settings = self.campaign.settings
        parts = [self.overview.body_name or settings.issuer, f"Kỳ báo cáo: {period_text(settings)}"]
        if settings.due_date:
            parts.append(f"hạn nộp {settings.due_date:%d/%m/%Y}")
        parts += [f"số liệu đến {self.made_at:%d/%m/%Y %H:%M}", f"mã đợt {settings.campaign_id}"]
        return " · ".join(part for part in parts if part)


class Sheet:
    """One sheet being written: its looks (style ids looked up once) and helpers; rows go in order."""

    def __init__(self, raw, book: RoundBook):
        self.raw = raw
        self.worksheet = raw.worksheet
        self.book = book
        self._styles: dict = {}
        self.heights: dict[int, float] = {}      # rows given a height, in points (others: DEFAULT_ROW_POINTS)

    def style(self, style: CellStyle) -> int:
        found = self._styles.get(style)
        if found is None:
            found = self._styles[style] = self.raw.style(style)
        return found

    def text(self, row: int, column: int, text: str, style: CellStyle | None = None) -> None:
        """A line of text (never a formula) with an optional look."""
        self.raw.put(row, column, text, self.style(style) if style is not None else 0)

    def put(self, row: int, column: int, value, number_format: str | None = None, align: str = "") -> None:
        """A value (text stays text) in a bordered cell with a number format and an alignment."""
        look = CellStyle(border=BORDER, alignment={"center": CENTER, "wrap": WRAP}.get(align),
                         number_format=number_format if value is not None else None)
        self.raw.put(row, column, value, self.style(look))

    def styled(self, row: int, column: int, value, style: CellStyle) -> None:
        self.raw.put(row, column, value, self.style(style))

    def title(self, title: str, subtitle: str = "") -> None:
        self.text(1, 1, title, TITLE_STYLE)
        self.text(2, 1, subtitle or self.book.subtitle, NOTE_STYLE)

    def header_row(self, row: int, headers: Sequence[str], height: float = 32) -> None:
        self.row_height(row, height)
        style = self.style(HEADER_STYLE)
        for column, header in enumerate(headers, start=1):
            self.raw.put(row, column, header, style)

    def widths(self, widths: Sequence[float], first: int = 1) -> None:
        for column, width in enumerate(widths, start=first):
            self.raw.column_width(column, width)

    def merge(self, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
        self.raw.merge(first_row, first_column, last_row, last_column)

    def row_height(self, row: int, height: float) -> None:
        self.heights[row] = height
        self.raw.row_height(row, height)

    def points(self, first: int, last: int) -> float:
        """The height of rows ``first``…``last``, in points."""
        return sum(self.heights.get(row, DEFAULT_ROW_POINTS) for row in range(first, last + 1))

    def row_below(self, first: int, points: float) -> int:
        """The first row starting at least ``points`` below the top of row ``first``."""
        row, covered = first, 0.0
        while covered < points:
            covered += self.heights.get(row, DEFAULT_ROW_POINTS)
            row += 1
        return row

    def verdict_rules(self, cell_range: str) -> None:
        """Colour the verdict labels with conditional formatting rules on the text (not fills), so a
        re-sorted or edited table keeps its colours."""
        for label, (fill, font) in VERDICT_COLOURS.items():
            self.worksheet.conditional_formatting.add(cell_range, CellIsRule(
                operator="equal", formula=[f'"{label}"'],
                fill=PatternFill(fill_type="solid", fgColor=fill, bgColor=fill), font=Font(color=font),
            ))

    def finish(self, header_row: int, last_row: int, last_column: int, freeze_column: int = 1,
               first_header_row: int | None = None) -> None:
        """Frozen header, auto-filter over the table, print setup (A4 landscape, fit to width)."""
        worksheet = self.worksheet
        worksheet.freeze_panes = f"{column_letter(freeze_column)}{header_row + 1}"
        end = column_letter(max(last_column, 1))
        worksheet.auto_filter.ref = f"A{header_row}:{end}{max(last_row, header_row)}"
        print_setup(worksheet, landscape=True, fit_height=0)
        worksheet.print_title_rows = f"{first_header_row or header_row}:{header_row}"

    def close(self) -> None:
        self.raw.close()


def print_setup(worksheet, landscape: bool = True, fit_height: int = 0) -> None:
    """A4, fit to one page wide (and ``fit_height`` pages high, 0: as many as needed), centred, with the
    sheet's name in the header and the page number in the footer."""
    worksheet.page_setup.orientation = "landscape" if landscape else "portrait"
    worksheet.page_setup.paperSize = PAPERSIZE_A4
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = fit_height
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.print_options.horizontalCentered = True
    worksheet.page_margins.left = worksheet.page_margins.right = 0.4
    worksheet.oddFooter.center.text = "Trang &P / &N"
    worksheet.oddHeader.left.text = "&A"


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` characters wide (rows are sized by
    xlqms: spreadsheets do not re-measure rows of a file on opening)."""
    usable = max(int(width * 1.15) - 1, 4)
    lines = 0
    for part in str(text).split("\n"):
        words, length, count = part.split(), 0, 1
        for word in words:
            if length and length + 1 + len(word) > usable:
                count += 1
                length = len(word)
            else:
                length += (1 if length else 0) + len(word)
        lines += count
    return max(lines, 1)
