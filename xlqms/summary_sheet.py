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
from dataclasses import dataclass, field, replace

from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from xlqms.attainment import RoundResult, UnitResult
from xlqms.campaign import Campaign
from xlqms.codes import UnitState
from xlqms.overview import Light, Overview, build_overview
from xlqms.rollup import RollupResult
from xlqms.spreadsheet import VIETNAMESE, column_letter
from xlqms.statuses import Status
from xlqms.streamed_sheet import CellStyle
from xlqms.text_fit import TextFont, needed_points

MISSING_LABEL = UnitState.MISSING.label
SUBMITTED_LABEL = UnitState.SUBMITTED.label
# Every number shown the Vietnamese way (1.540; 97,04%) in LibreOffice whatever the computer's locale,
# as the text cells beside them write it (xlqms.figures).
PERCENT_FORMAT = VIETNAMESE + '0.00"%"'
NUMBER_FORMAT = VIETNAMESE + "#,##0.##"
COUNT_FORMAT = VIETNAMESE + "#,##0"
DATETIME_FORMAT = VIETNAMESE + "dd/mm/yyyy hh:mm"
DATE_FORMAT = VIETNAMESE + "dd/mm/yyyy"
AXIS_PERCENT_FORMAT = VIETNAMESE + '0"%"'


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
TOP = Alignment(vertical="top")
PAPERSIZE_A4 = "9"
DEFAULT_ROW_POINTS = 15.0
POINTS_PER_CM = 28.35

FONT_NAME = "Calibri"
"""Every font of the workbook is named: LibreOffice draws a font without a name in a serif face."""


def font(size: float = 11, bold: bool = False, italic: bool = False, color: str | None = None) -> Font:
    """A font of the workbook (Calibri, as the default one: column widths are measured in its digits)."""
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic, color=color)


TITLE_STYLE = CellStyle(font=font(14, bold=True))
NOTE_STYLE = CellStyle(font=font(italic=True, color="595959"))
BOLD_STYLE = CellStyle(font=font(bold=True))
SECTION_STYLE = CellStyle(font=font(12, bold=True, color="1F3864"))
HEADER_STYLE = CellStyle(font=font(bold=True), fill=HEADER_FILL, border=BORDER, alignment=CENTER)
GROUP_STYLE = CellStyle(font=font(bold=True), fill=HEADER_FILL, alignment=CENTER)
TARGET_STYLE = CellStyle(font=font(8), border=BORDER,
                         alignment=Alignment(wrap_text=True, vertical="bottom", horizontal="center"))
WRAPPED_NOTE_STYLE = CellStyle(font=font(italic=True, color="595959"), alignment=WRAP)
WRAPPED_STYLE = CellStyle(alignment=WRAP)
DEFAULT_COLUMN_WIDTH = 8.43
"""The width of a column given none (Calibri 11's default), in characters."""


def light_style(light: Light, bold: bool = True) -> CellStyle:
    """A bordered cell filled with the traffic light's colour (static: the overview is a printed page)."""
    fill, colour = light.colours
    return CellStyle(font=font(bold=bold, color=colour), fill=PatternFill(fill_type="solid", fgColor=fill),
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
    """One sheet being written: its looks (style ids looked up once) and helpers; rows go in order.

    A row holding wrapped text is made as tall as its tallest cell needs (:mod:`xlqms.text_fit`):
    spreadsheets do not measure rows again when they open a file. Set a column's width (and merge
    cells) before writing text in it.
    """

    def __init__(self, raw, book: RoundBook):
        self.raw = raw
        self.worksheet = raw.worksheet
        self.book = book
        self._styles: dict = {}
        self._put_looks: dict[tuple[str, str | None], CellStyle] = {}    # (align, number format) → look
        self.heights: dict[int, float] = {}      # rows given a height, in points (others: DEFAULT_ROW_POINTS)
        self.column_widths: dict[int, float] = {}
        self._spans: dict[tuple[int, int], int] = {}     # (row, first column) of a merged range → its last column
        self._wrapping: dict[CellStyle, TextFont | None] = {}   # a look → the font it wraps text in (None: no wrap)
        self._fitted: dict[tuple[str, float, TextFont], float] = {}   # (text, width, font) → points needed

    def style(self, style: CellStyle) -> int:
        found = self._styles.get(style)
        if found is None:
            found = self._styles[style] = self.raw.style(style)
        return found

    def text(self, row: int, column: int, text: str, style: CellStyle | None = None) -> None:
        """A line of text (never a formula) with an optional look."""
        if style is not None:
            self.fit(row, column, text, style)
        self.raw.put(row, column, text, self.style(style) if style is not None else 0)

    def put(self, row: int, column: int, value, number_format: str | None = None, align: str = "") -> None:
        """A value (text stays text) in a bordered cell with a number format and an alignment (``align``:
        "center", "wrap" — at the top, the row made as tall as the text —, "top", or "" at the bottom); a
        number given none is shown the Vietnamese way all the same (``3.321``, ``12,5``)."""
        if number_format is None and isinstance(value, (int, float)) and not isinstance(value, bool):
            number_format = COUNT_FORMAT if isinstance(value, int) else NUMBER_FORMAT
        key = (align, number_format if value is not None else None)
        look = self._put_looks.get(key)
        if look is None:
            look = self._put_looks[key] = CellStyle(
                border=BORDER, alignment={"center": CENTER, "wrap": WRAP, "top": TOP}.get(align), number_format=key[1])
        if align and isinstance(value, str):
            self.fit(row, column, value, look)
        self.raw.put(row, column, value, self.style(look))

    def styled(self, row: int, column: int, value, style: CellStyle) -> None:
        self.fit(row, column, value, style)
        self.raw.put(row, column, value, self.style(style))

    def fit(self, row: int, column: int, value, style: CellStyle) -> None:
        """Make ``row`` tall enough for ``value`` wrapped in its cell (or merged range) with ``style``
        (:func:`cell_points`; a national roll-up fits about 600.000 cells, most of them repeated texts)."""
        if not isinstance(value, str) or not value:
            return
        if style not in self._wrapping:
            self._wrapping[style] = TextFont.of(style.font) if _wraps(style) else None
        font = self._wrapping[style]
        if font is None:
            return
        last = self._spans.get((row, column), column)
        width = self.column_widths.get(column, DEFAULT_COLUMN_WIDTH) if last == column else self.width(column, last)
        key = (value, width, font)
        needed = self._fitted.get(key)
        if needed is None:
            needed = self._fitted[key] = needed_points(value, width, font)
        if needed > self.heights.get(row, DEFAULT_ROW_POINTS):
            self.row_height(row, needed)

    def width(self, first: int, last: int | None = None) -> float:
        """The width of columns ``first``…``last`` (default: ``first`` alone), in characters."""
        return sum(self.column_widths.get(column, DEFAULT_COLUMN_WIDTH) for column in range(first, (last or first) + 1))

    def title(self, title: str, subtitle: str = "") -> None:
        self.text(1, 1, title, TITLE_STYLE)
        self.text(2, 1, subtitle or self.book.subtitle, NOTE_STYLE)

    def banner(self, row: int, text: str, style: CellStyle, last_column: int) -> None:
        """A line of text above a table (a title, a sentence) that wraps within the table's width:
        columns 1…``last_column`` merged and the row made as tall as the text needs, so that a long
        line is neither cut at the printed area's edge nor spilled past it. Set the widths first."""
        if last_column > 1:
            self.merge(row, 1, row, last_column)
        self.text(row, 1, text, replace(style, alignment=WRAP))

    def header_row(self, row: int, headers: Sequence[str], height: float = 32) -> None:
        """A row of headers at least ``height`` points tall (taller when a header needs it)."""
        self.row_height(row, height)
        style = self.style(HEADER_STYLE)
        for column, header in enumerate(headers, start=1):
            self.fit(row, column, header, HEADER_STYLE)
            self.raw.put(row, column, header, style)

    def widths(self, widths: Sequence[float], first: int = 1) -> None:
        for column, width in enumerate(widths, start=first):
            self.column_width(column, width)

    def column_width(self, column: int, width: float) -> None:
        self.column_widths[column] = width
        self.raw.column_width(column, width)

    def merge(self, first_row: int, first_column: int, last_row: int, last_column: int) -> None:
        """Merge a range; set before writing its text, so that its row is fitted to the range's width."""
        self.raw.merge(first_row, first_column, last_row, last_column)
        if first_row == last_row:
            self._spans[(first_row, first_column)] = last_column

    def row_height(self, row: int, height: float) -> None:
        self.heights[row] = height
        self.raw.row_height(row, height)

    def points(self, first: int, last: int) -> float:
        """The height of rows ``first``…``last``, in points."""
        return sum(self.heights.get(row, DEFAULT_ROW_POINTS) for row in range(first, last + 1))

    def position_below(self, first: int, points: float) -> tuple[int, float]:
        """Where the point ``points`` below the top of row ``first`` is: (its row, points below that row's top)."""
        row, covered = first, 0.0
        while covered + self.heights.get(row, DEFAULT_ROW_POINTS) <= points:
            covered += self.heights.get(row, DEFAULT_ROW_POINTS)
            row += 1
        return row, points - covered

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
        for label, (fill, colour) in VERDICT_COLOURS.items():
            self.worksheet.conditional_formatting.add(cell_range, CellIsRule(
                operator="equal", formula=[f'"{label}"'],
                fill=PatternFill(fill_type="solid", fgColor=fill, bgColor=fill), font=Font(color=colour),
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


def cell_points(value, width: float, style: CellStyle | None) -> float:
    """The height, in points, a row needs for ``value`` in a cell ``width`` characters wide with ``style``
    (0 when it does not wrap: it takes one line, whatever its length)."""
    if style is None or not isinstance(value, str) or not value or not _wraps(style):
        return 0.0
    return needed_points(value, width, TextFont.of(style.font))


def _wraps(style: CellStyle) -> bool:
    return bool(getattr(style.alignment, "wrap_text", False))


A4_POINTS = (595.28, 841.89)
"""The A4 sheet, portrait (width, height), in points."""


def fit_scale(width_points: float, height_points: float, margins: tuple[float, float, float, float],
              landscape: bool = True) -> float:
    """The zoom (0–1) at which a printed range ``width_points`` × ``height_points`` fits one A4 page
    (``margins``: left, right, top, bottom, in inches; the header and footer print in the margins), as
    LibreOffice and Excel compute it for "fit to 1 × 1 page": whole percents, rounded down, at most 100 %."""
    paper_width, paper_height = reversed(A4_POINTS) if landscape else A4_POINTS
    left, right, top, bottom = margins
    room_width, room_height = paper_width - 72 * (left + right), paper_height - 72 * (top + bottom)
    zoom = min(1.0, room_width / max(width_points, 1e-9), room_height / max(height_points, 1e-9))
    return int(zoom * 100 + 1e-9) / 100


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
