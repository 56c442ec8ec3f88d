"""The first sheet of the consolidated workbook, **Tổng quan**: the round on one printed A4 page.

Read in a minute, top to bottom, charts on the right:

1. submission progress (:mod:`xlqms.submission_rate`): submitted, on time, late, missing — by name;
   the consolidating body's own result apart;
2. each objective's pooled result, its traffic light (:class:`xlqms.overview.Light`) and the units
   meeting it; a chart of the pooled results against their targets, bars coloured by verdict;
3. the units with the most objectives not met; a chart of every unit's share of objectives met,
   sorted, coloured by light (per parent, or the worst, when there are many);
4. each parent below the top, with its own result apart (when there are several).

The tables' columns are lists (:data:`OBJECTIVE_COLUMNS`, …): a column (a trend “so với cùng kỳ”,
say) is added by adding an entry. The charts' data are written under the printed area.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from openpyxl.styles import Alignment

from xlqms.codes import UnitState
from xlqms.overview import LIGHT_LEGEND, Light, ObjectiveStanding, Overview, UnitStanding
from xlqms.spreadsheet import column_letter
from xlqms.statuses import Status
from xlqms.streamed_sheet import CellStyle
from xlqms.summary_charts import BAR_COLOURS, UNITS_PER_CHART, Bar, anchor_between, bar_chart, chart_table
from xlqms.summary_sheet import (
    BORDER,
    CENTER,
    DEFAULT_ROW_POINTS,
    HEADER_STYLE,
    NOTE_STYLE,
    PERCENT_FORMAT,
    POINTS_PER_CM,
    SECTION_STYLE,
    TITLE_STYLE,
    WRAP,
    WRAPPED_NOTE_STYLE,
    RoundBook,
    Sheet,
    cell_points,
    fit_scale,
    font,
    light_style,
    period_text,
    print_setup,
)
from xlqms.text_fit import column_points

SHEET_NAME = "Tổng quan"

TABLE_WIDTHS = (5, 34, 22, 44, 14, 10)
"""The columns of the tables on the left, in characters (the tables share them: one grid)."""
CHART_COLUMNS, CHART_COLUMN_WIDTH = 8, 8.0
"""The charts on the right span these columns (a column of 2 between): they are as wide as these
columns in whichever application prints the page."""
CHART_MIN_CM, CHART_MAX_CM = 9.5, 18.0
CHART_GAP_POINTS = 14.0
PAGE_MARGINS = (0.4, 0.4, 0.5, 0.5)
"""Left, right, top, bottom, in inches (the footer prints in the bottom margin)."""

PRINT_SCALE_TARGET = 0.55
"""The zoom the page should print at, at least, in LibreOffice drawing Calibri with DejaVu Sans (its
widest case: 11-point text printed at 6 points; Excel prints the same page about a third larger).
When the page would need a smaller zoom, the lists are shortened — down to :data:`NAMES_SHOWN_LEAST`
names, :data:`ROWS_SHOWN_LEAST` rows a table — each ending with “… và N đơn vị khác”."""
NAMES_SHOWN = 30
"""Names listed in one line (missing, late) before “… và N đơn vị khác”."""
NAMES_SHOWN_LEAST = 10
SHORTFALLS_SHOWN = 10
ROWS_SHOWN_LEAST = 5

SPACER_POINTS = 8.0
"""The height of the blank row between two sections."""

_TEXT_LINE = CellStyle(alignment=Alignment(wrap_text=True, vertical="top"))
_BOLD_LINE = CellStyle(font=font(bold=True), alignment=Alignment(wrap_text=True, vertical="top"))
_CELL_STYLES = {"center": CellStyle(border=BORDER, alignment=CENTER), "wrap": CellStyle(border=BORDER, alignment=WRAP)}


@dataclass(frozen=True)
class Column:
    """One column of an overview table: its header, how a row gives its cell, its look."""

    header: str
    value: Callable
    align: str = "wrap"
    number_format: str | None = None
    light: bool = False                  # filled with the row's traffic light

    def style(self, light: Light, value) -> CellStyle:
        if self.light:
            style = light_style(light)
        else:
            style = _CELL_STYLES[self.align]
        if self.number_format and value is not None:
            style = replace(style, number_format=self.number_format)
        return style


def _targets(objective: ObjectiveStanding) -> str:
    return "\n".join(_lettered(objective, [ind.target for ind in objective.indicators]))


def _results(objective: ObjectiveStanding) -> str:
    """Each indicator's pooled result, and how it moved since the previous round when there was one."""
    return "\n".join(_lettered(objective, [ind.result + (f"; {ind.trend}" if ind.trend else "")
                                           for ind in objective.indicators]))


def _lettered(objective: ObjectiveStanding, lines: Sequence[str]) -> list[str]:
    if len(lines) < 2:
        return list(lines)
    return [f"{chr(ord('a') + index)}) {line}" for index, line in enumerate(lines)]


OBJECTIVE_COLUMNS: list[Column] = [
    Column("MT", lambda o: o.number, "center"),
    Column("Mục tiêu", lambda o: o.title),
    Column("Chỉ tiêu", _targets),
    Column("Kết quả chung", _results),
    Column("Đánh giá chung", lambda o: o.light_label, light=True),
    Column("Đơn vị đạt", lambda o: o.units_text, "center"),
]
"""The columns of section 2 (each objective), one per width of :data:`TABLE_WIDTHS`."""

SHORTFALL_COLUMNS: list[Column] = [
    Column("STT", lambda item: item[0], "center"),
    Column("Đơn vị", lambda item: item[1].name),
    Column("Đơn vị cấp trên", lambda item: item[1].parent_name),
    Column("Mục tiêu chưa đạt (số)", lambda item: ", ".join(item[1].not_met)),
    Column("Chưa đạt", lambda item: f"{len(item[1].not_met)}/{item[1].total} mục tiêu", "center"),
    Column("Đạt", lambda item: f"{len(item[1].met)}/{item[1].total}", "center"),
]

BODY_COLUMNS: list[Column] = [
    Column("Mã", lambda body: body.code, "center"),
    Column("Đơn vị cấp trên", lambda body: body.name),
    Column(UnitState.SUBMITTED.label, lambda body: body.progress.ratio_text, "center"),
    Column("Đơn vị đạt mọi mục tiêu / còn mục tiêu chưa đạt",
           lambda body: f"{body.units_all_met} / {body.units_with_unmet}", "center"),
    Column("Lượt mục tiêu đạt", lambda body: body.share, "center", PERCENT_FORMAT, light=True),
    Column("Kết quả riêng",
           lambda body: (f"{len(body.own.met)}/{body.own.total}" if body.own.submitted else UnitState.MISSING.label)
           if body.own else "—", "center"),
]


@dataclass(frozen=True)
class Cell:
    """A cell of the page: its column, value and look; ``last``: merged across to that column."""

    column: int
    value: object
    style: CellStyle | None = None
    last: int | None = None


@dataclass(frozen=True)
class Line:
    """A row of the page: its cells (none: a blank row) and the least height it takes, in points."""

    cells: tuple[Cell, ...] = ()
    least: float = DEFAULT_ROW_POINTS

    def points(self, widths: Sequence[float]) -> float:
        """The row's height with these column widths (characters)."""
        needed = [cell_points(cell.value, sum(widths[cell.column - 1:(cell.last or cell.column)]), cell.style)
                  for cell in self.cells]
        return max([self.least, *needed])


_SPACER = Line(least=SPACER_POINTS)


@dataclass(frozen=True)
class Limits:
    """How much of each list the page shows."""

    names: int = NAMES_SHOWN
    shortfalls: int = SHORTFALLS_SHOWN
    bodies: int | None = None            # None: every body


def write_overview(sheet: Sheet) -> None:
    """Write the **Tổng quan** sheet: four sections on the left, two charts on the right, one A4 page
    (lists shortened, if need be, so that it prints at :data:`PRINT_SCALE_TARGET` or larger)."""
    book = sheet.book
    last = len(TABLE_WIDTHS)
    widths = [*TABLE_WIDTHS, 2.0, *[CHART_COLUMN_WIDTH] * CHART_COLUMNS]
    sheet.widths(widths)
    lines = plan_page(book).lines
    for row, line in enumerate(lines, start=1):
        for cell in line.cells:
            if cell.last:
                sheet.merge(row, cell.column, row, cell.last)
        if line.least != DEFAULT_ROW_POINTS:
            sheet.row_height(row, line.least)
        for cell in line.cells:
            sheet.styled(row, cell.column, cell.value, cell.style) if cell.style is not None \
                else sheet.text(row, cell.column, str(cell.value))
    row = len(lines)

    # Two charts on the right, sharing the height of the tables on the left (at least 9,5 cm each).
    chart_column, first_chart_row = last + 2, 4
    chart_points = min(max(CHART_MIN_CM * POINTS_PER_CM, (sheet.points(first_chart_row, row) - CHART_GAP_POINTS) / 2),
                       CHART_MAX_CM * POINTS_PER_CM)
    places = [sheet.position_below(first_chart_row, offset)
              for offset in (0, chart_points, chart_points + CHART_GAP_POINTS, 2 * chart_points + CHART_GAP_POINTS)]
    end_row, end_offset = places[-1]
    printed_rows = max(row, end_row if end_offset else end_row - 1)
    worksheet = sheet.worksheet
    worksheet.print_area = f"A1:{column_letter(chart_column + CHART_COLUMNS - 1)}{printed_rows}"
    print_setup(worksheet, landscape=True, fit_height=1)
    worksheet.oddHeader.left.text = None
    worksheet.oddFooter.center.text = None
    worksheet.oddFooter.left.text = "&A"                 # the sheet's name; the date and time it was printed
    worksheet.oddFooter.right.text = "In lúc &D &T"
    margins = worksheet.page_margins
    margins.left, margins.right, margins.top, margins.bottom = PAGE_MARGINS
    worksheet.sheet_view.showGridLines = False

    data_row = printed_rows + 3
    sheet.text(data_row, 1, "Số liệu của các biểu đồ (ngoài vùng in)", NOTE_STYLE)
    data_row += 2
    for draw, (top, bottom) in ((_objectives_chart, places[0:2]), (_units_chart, places[2:4])):
        chart, data_row = draw(sheet, data_row)
        anchor_between(sheet, chart, top, bottom, chart_column, chart_column + CHART_COLUMNS)
        data_row += 2


def page_width_points(widths: Sequence[float] = TABLE_WIDTHS) -> float:
    """The printed width of the overview's columns, in points, in LibreOffice (its widest case)."""
    return column_points(sum(widths) + 2 + CHART_COLUMN_WIDTH * CHART_COLUMNS)


@dataclass(frozen=True)
class PagePlan:
    """The rows of the page's left part, the lists' lengths they show, the zoom the page prints at."""

    lines: list[Line]
    limits: Limits
    scale: float


def plan_page(book: RoundBook, widths: Sequence[float] = TABLE_WIDTHS) -> PagePlan:
    """The longest lists that keep the page at :data:`PRINT_SCALE_TARGET` or larger (else the shortest
    allowed), and the zoom LibreOffice prints the page at (:func:`~xlqms.summary_sheet.fit_scale`)."""
    overview = book.overview
    limits = Limits(bodies=len(overview.bodies))
    while True:
        lines = page_lines(book, limits)
        heights = [line.points(widths) for line in lines]
        charts = sum(heights[:3]) + 2 * CHART_MIN_CM * POINTS_PER_CM + CHART_GAP_POINTS
        scale = fit_scale(page_width_points(widths), max(sum(heights), charts), PAGE_MARGINS)
        shorter = _shorter(limits, overview)
        if scale >= PRINT_SCALE_TARGET or shorter == limits:
            return PagePlan(lines, limits, scale)
        limits = shorter


def _shorter(limits: Limits, overview: Overview) -> Limits:
    """The next step down: the rows of the units (10 → 5: the rest are on Xếp hạng), the names (30 → 20),
    the rows of the bodies (→ 5), the names (→ 10)."""
    longest_names = max(len(overview.progress.missing), len(overview.progress.late))
    if limits.shortfalls > ROWS_SHOWN_LEAST and len(overview.shortfalls) > ROWS_SHOWN_LEAST:
        return replace(limits, shortfalls=min(limits.shortfalls, len(overview.shortfalls)) - 1)
    if limits.names > NAMES_SHOWN - 10 and longest_names > NAMES_SHOWN - 10:
        return replace(limits, names=NAMES_SHOWN - 10)
    if limits.bodies is not None and limits.bodies > ROWS_SHOWN_LEAST:
        return replace(limits, bodies=limits.bodies - 1)
    if limits.names > NAMES_SHOWN_LEAST and longest_names > NAMES_SHOWN_LEAST:
        return replace(limits, names=NAMES_SHOWN_LEAST)
    return limits


def page_lines(book: RoundBook, limits: Limits) -> list[Line]:
    """The rows of the page's left part, from row 1: the title, then the four sections."""
    overview, settings, subtitle = book.overview, book.campaign.settings, book.subtitle
    last = len(TABLE_WIDTHS)
    lines = [Line((Cell(1, f"KẾT QUẢ THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG {period_text(settings).upper()}", TITLE_STYLE),)),
             Line((Cell(1, subtitle, NOTE_STYLE),)), Line()]

    lines.append(Line((Cell(1, "1. TIẾN ĐỘ NỘP BÁO CÁO", SECTION_STYLE),)))
    progress = overview.progress
    paragraphs: list[tuple[str, CellStyle]] = [(progress.summary(), _BOLD_LINE)]
    if progress.missing:
        paragraphs.append((_named(f"Chưa nộp ({len(progress.missing)})", [u.name for u in progress.missing],
                                  limits.names), _TEXT_LINE))
    if progress.late:
        paragraphs.append((_named(f"Nộp muộn ({len(progress.late)})",
                                  [f"{u.name} ({u.received_at:%d/%m})" if u.received_at else u.name
                                   for u in progress.late], limits.names), _TEXT_LINE))
    if overview.own is not None:
        paragraphs.append((f"Kết quả của chính {overview.body_name} (đơn vị tổng hợp, không tính vào tiến độ trên): "
                           + _own_text(overview.own) + ".", _TEXT_LINE))
    lines += [Line((Cell(1, text, style, last),)) for text, style in paragraphs]

    lines += [_SPACER, Line((Cell(1, "2. KẾT QUẢ TỪNG MỤC TIÊU", SECTION_STYLE),
                            Cell(3, "Kết quả chung của các đơn vị đã nộp: tỷ lệ = tổng tử số / tổng mẫu số; "
                                    "số lượng = tổng", NOTE_STYLE)))]
    lines += _table(OBJECTIVE_COLUMNS, overview.objectives, lambda o: o.light)
    lines.append(Line((Cell(1, LIGHT_LEGEND, WRAPPED_NOTE_STYLE, last),)))

    lines += [_SPACER, Line((Cell(1, "3. ĐƠN VỊ CÒN NHIỀU MỤC TIÊU CHƯA ĐẠT", SECTION_STYLE),))]
    shortfalls = overview.shortfalls
    if shortfalls:
        lines += _table(SHORTFALL_COLUMNS, list(enumerate(shortfalls[:limits.shortfalls], start=1)),
                        lambda item: item[1].light)
        if len(shortfalls) > limits.shortfalls:
            lines.append(Line((Cell(1, f"… và {len(shortfalls) - limits.shortfalls} đơn vị khác còn mục tiêu "
                                       "chưa đạt (trang Xếp hạng).", NOTE_STYLE),)))
    else:
        lines.append(Line((Cell(1, "Không đơn vị nào có mục tiêu chưa đạt." if progress.submitted
                                else "Chưa có đơn vị nào nộp báo cáo."),)))

    bodies = list(overview.bodies)
    if len(bodies) > 1 or (bodies and overview.body is not None):
        lines += [_SPACER, Line((Cell(1, "4. THEO ĐƠN VỊ CẤP TRÊN", SECTION_STYLE),
                                Cell(3, "kết quả của chính đơn vị cấp trên để riêng, không tính vào các cột khác",
                                     NOTE_STYLE)))]
        shown = bodies
        if limits.bodies is not None and len(bodies) > limits.bodies:     # the lowest shares, in round order
            lowest = sorted(bodies, key=lambda body: (body.share is None, body.share or 0))[:limits.bodies]
            shown = [body for body in bodies if body in lowest]
        lines += _table(BODY_COLUMNS, shown, lambda body: body.light)
        if len(shown) < len(bodies):
            lines.append(Line((Cell(1, f"… và {len(bodies) - len(shown)} đơn vị cấp trên khác, có tỷ lệ lượt "
                                       "mục tiêu đạt cao hơn (các trang MT).", NOTE_STYLE),)))
    return lines


def _named(label: str, names: Sequence[str], shown: int = NAMES_SHOWN) -> str:
    listed = ", ".join(names[:shown])
    more = f" … và {len(names) - shown} đơn vị khác" if len(names) > shown else ""
    return f"{label}: {listed}{more}."


def _own_text(own: UnitStanding) -> str:
    if not own.submitted:
        return "chưa nộp"
    text = own.summary
    if own.met:
        text += f" (mục tiêu số {', '.join(own.met)})"
    if own.not_met:
        text += f"; chưa đạt: mục tiêu số {', '.join(own.not_met)}"
    return text


def _table(columns: Sequence[Column], items: Sequence, light_of: Callable) -> list[Line]:
    """A header row (at least 30 points) and one row per item."""
    lines = [Line(tuple(Cell(index, column.header, HEADER_STYLE) for index, column in enumerate(columns, start=1)),
                  least=30)]
    for item in items:
        light: Light = light_of(item)
        values = [column.value(item) for column in columns]
        lines.append(Line(tuple(Cell(index, value, column.style(light, value))
                                for index, (value, column) in enumerate(zip(values, columns), start=1))))
    return lines


# -- charts ------------------------------------------------------------------------------------


def _objectives_chart(sheet: Sheet, row: int):
    """The pooled result of each objective against its target (percent indicators), bars by verdict;
    without any pooled percent, the share of units meeting each objective."""
    overview = sheet.book.overview
    bars = []
    for objective in overview.objectives:
        pooled = next((ind for ind in objective.indicators if ind.percent and ind.value is not None), None)
        if pooled is None or pooled.verdict is None:
            continue
        group = "Không đạt" if pooled.verdict is Status.NOT_MET else "Đạt, vượt"
        bars.append(Bar(f"MT {objective.number}", pooled.value, group, pooled.level))
    if bars:
        groups = [(name, colour) for name, colour in (("Đạt, vượt", BAR_COLOURS[Status.MET]),
                                                       ("Không đạt", BAR_COLOURS[Status.NOT_MET]))
                  if any(bar.group == name for bar in bars)]
        table = chart_table(sheet, row, "Biểu đồ 1: kết quả chung từng mục tiêu so với mục tiêu (%)", "Mục tiêu",
                            bars, groups, "Mục tiêu (mức phải đạt)", PERCENT_FORMAT)
        chart = bar_chart(sheet, table, "Kết quả chung so với mục tiêu", "%", True,
                          [bar.value for bar in bars] + [bar.target for bar in bars], 16, 9.5, labels=True)
        return chart, table.last_row
    shares = [(objective, 100 * objective.units_met / objective.units_assessed)
              for objective in overview.objectives if objective.units_assessed]
    bars = [Bar(f"MT {objective.number}", share, _LIGHT_GROUPS[objective.light][0], 100.0)
            for objective, share in shares]
    return _light_chart(sheet, row, bars, "Biểu đồ 1: tỷ lệ đơn vị đạt từng mục tiêu (%)", "Mục tiêu",
                        "Tỷ lệ đơn vị đạt từng mục tiêu", labels=True)


_LIGHT_GROUPS = {
    Light.GREEN: ("Đạt tất cả", "66BB6A"),
    Light.AMBER: ("Còn mục tiêu chưa đạt", "FFB300"),
    Light.RED: ("Dưới một nửa đạt", "E53935"),
    Light.GREY: ("Chưa đánh giá", "9E9E9E"),
}


def _units_chart(sheet: Sheet, row: int):
    """Each unit's share of objectives met, worst first (per parent when there are many units)."""
    overview = sheet.book.overview
    units = [unit for unit in overview.units if unit.submitted and unit.share is not None and not unit.consolidates]
    if len(units) > UNITS_PER_CHART and len(overview.bodies) > 1:
        bodies = sorted((body for body in overview.bodies if body.share is not None), key=lambda b: (b.share, b.name))
        bars = [Bar(body.name, body.share, _LIGHT_GROUPS[body.light][0], 100.0) for body in bodies]
        return _light_chart(sheet, row, bars, "Biểu đồ 2: tỷ lệ lượt mục tiêu đạt theo đơn vị cấp trên (%)",
                            "Đơn vị cấp trên", "Tỷ lệ lượt mục tiêu đạt theo đơn vị cấp trên")
    units.sort(key=lambda unit: (unit.share, -len(unit.not_met), unit.name))
    title = "Tỷ lệ mục tiêu đạt của từng đơn vị"
    if len(units) > UNITS_PER_CHART:
        units = units[:UNITS_PER_CHART]
        title = f"{UNITS_PER_CHART} đơn vị có tỷ lệ mục tiêu đạt thấp nhất"
    bars = [Bar(unit.name, unit.share, _LIGHT_GROUPS[unit.light][0], 100.0) for unit in units]
    return _light_chart(sheet, row, bars, f"Biểu đồ 2: {title.lower()} (%)", "Đơn vị", title)


def _light_chart(sheet: Sheet, row: int, bars: list[Bar], data_title: str, label_header: str, title: str,
                 labels: bool = False):
    groups = [group for light, group in _LIGHT_GROUPS.items() if any(bar.group == group[0] for bar in bars)]
    table = chart_table(sheet, row, data_title, label_header, bars, groups, "Mục tiêu (100%)", PERCENT_FORMAT)
    chart = bar_chart(sheet, table, title, "%", True, [bar.value for bar in bars] + [100.0], 16, 9.5,
                      labels=labels)
    return chart, table.last_row
