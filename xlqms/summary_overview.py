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
from dataclasses import dataclass

from openpyxl.styles import Alignment, Font

from xlqms.codes import UnitState
from xlqms.overview import LIGHT_LEGEND, Light, ObjectiveStanding, UnitStanding
from xlqms.spreadsheet import column_letter
from xlqms.statuses import Status
from xlqms.streamed_sheet import CellStyle
from xlqms.summary_charts import BAR_COLOURS, UNITS_PER_CHART, Bar, anchor, bar_chart, chart_table
from xlqms.summary_sheet import (
    BORDER,
    CENTER,
    NOTE_STYLE,
    PERCENT_FORMAT,
    POINTS_PER_CM,
    SECTION_STYLE,
    TITLE_STYLE,
    WRAP,
    WRAPPED_NOTE_STYLE,
    Sheet,
    light_style,
    period_text,
    print_setup,
    wrapped_lines,
)

SHEET_NAME = "Tổng quan"
NAMES_SHOWN = 30
"""Names listed in one line (missing, late) before “… và N đơn vị khác”."""
SHORTFALLS_SHOWN = 10
CHART_COLUMNS, CHART_COLUMN_WIDTH = 10, 8.6
CHART_MIN_CM, CHART_MAX_CM = 9.5, 18.0
LINE_HEIGHT = 15.0

_TEXT_LINE = CellStyle(alignment=Alignment(wrap_text=True, vertical="top"))
_BOLD_LINE = CellStyle(font=Font(bold=True), alignment=Alignment(wrap_text=True, vertical="top"))


@dataclass(frozen=True)
class Column:
    """One column of an overview table: its header, width and how a row gives its cell."""

    header: str
    width: float
    value: Callable
    align: str = "wrap"
    number_format: str | None = None
    light: bool = False                  # filled with the row's traffic light


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
    Column("MT", 5, lambda o: o.number, "center"),
    Column("Mục tiêu", 38, lambda o: o.title),
    Column("Chỉ tiêu", 15, _targets),
    Column("Kết quả chung", 34, _results),
    Column("Đánh giá chung", 17, lambda o: o.light_label, light=True),
    Column("Đơn vị đạt", 9, lambda o: o.units_text, "center"),
]
"""The columns of section 2 (each objective); add a Column to show more (e.g. a trend)."""

SHORTFALL_COLUMNS: list[Column] = [
    Column("STT", 5, lambda item: item[0], "center"),
    Column("Đơn vị", 38, lambda item: item[1].name),
    Column("Chưa đạt", 15, lambda item: f"{len(item[1].not_met)}/{item[1].total} mục tiêu", "center"),
    Column("Mục tiêu chưa đạt (số)", 34, lambda item: ", ".join(item[1].not_met)),
    Column("Đơn vị cấp trên", 17, lambda item: item[1].parent_name),
    Column("Đạt", 9, lambda item: f"{len(item[1].met)}/{item[1].total}", "center"),
]

BODY_COLUMNS: list[Column] = [
    Column("Mã", 5, lambda body: body.code, "center"),
    Column("Đơn vị cấp trên", 38, lambda body: body.name),
    Column(UnitState.SUBMITTED.label, 15, lambda body: body.progress.ratio_text, "center"),
    Column("Đơn vị đạt mọi mục tiêu / còn mục tiêu chưa đạt", 34,
           lambda body: f"{body.units_all_met} / {body.units_with_unmet}", "center"),
    Column("Lượt mục tiêu đạt", 17, lambda body: body.share, "center", PERCENT_FORMAT, light=True),
    Column("Kết quả của chính đơn vị", 9,
           lambda body: (f"{len(body.own.met)}/{body.own.total}" if body.own.submitted else UnitState.MISSING.label)
           if body.own else "—", "center"),
]


def write_overview(sheet: Sheet) -> None:
    """Write the **Tổng quan** sheet: four sections on the left, two charts on the right, one A4 page."""
    book = sheet.book
    overview = book.overview
    widths = [column.width for column in OBJECTIVE_COLUMNS]
    last = len(widths)
    sheet.widths(widths)
    sheet.raw.column_width(last + 1, 2)
    sheet.widths([CHART_COLUMN_WIDTH] * CHART_COLUMNS, first=last + 2)
    table_width = sum(widths)

    settings = book.campaign.settings
    sheet.text(1, 1, f"KẾT QUẢ THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG {period_text(settings).upper()}", TITLE_STYLE)
    sheet.text(2, 1, book.subtitle, NOTE_STYLE)

    row = 4
    sheet.text(row, 1, "1. TIẾN ĐỘ NỘP BÁO CÁO", SECTION_STYLE)
    progress = overview.progress
    lines: list[tuple[str, CellStyle]] = [(progress.summary(), _BOLD_LINE)]
    if progress.missing:
        lines.append((_named(f"Chưa nộp ({len(progress.missing)})", [u.name for u in progress.missing]),
                      _TEXT_LINE))
    if progress.late:
        lines.append((_named(f"Nộp muộn ({len(progress.late)})",
                             [f"{u.name} ({u.received_at:%d/%m})" if u.received_at else u.name
                              for u in progress.late]), _TEXT_LINE))
    if overview.own is not None:
        lines.append((f"Kết quả của chính {overview.body_name} (đơn vị tổng hợp, không tính vào tiến độ trên): "
                      + _own_text(overview.own) + ".", _TEXT_LINE))
    for text, style in lines:
        row += 1
        _line(sheet, row, text, style, last, table_width)

    row += 2
    sheet.text(row, 1, "2. KẾT QUẢ TỪNG MỤC TIÊU", SECTION_STYLE)
    sheet.text(row, 3, "Kết quả chung của các đơn vị đã nộp: tỷ lệ = tổng tử số / tổng mẫu số; số lượng = tổng", NOTE_STYLE)
    row = _table(sheet, row + 1, OBJECTIVE_COLUMNS, overview.objectives, lambda o: o.light)
    row += 1
    _line(sheet, row, LIGHT_LEGEND, WRAPPED_NOTE_STYLE, last, table_width)

    row += 2
    sheet.text(row, 1, "3. ĐƠN VỊ CÒN NHIỀU MỤC TIÊU CHƯA ĐẠT", SECTION_STYLE)
    shortfalls = overview.shortfalls
    if shortfalls:
        shown = list(enumerate(shortfalls[:SHORTFALLS_SHOWN], start=1))
        row = _table(sheet, row + 1, SHORTFALL_COLUMNS, shown, lambda item: item[1].light)
        if len(shortfalls) > SHORTFALLS_SHOWN:
            row += 1
            sheet.text(row, 1, f"… và {len(shortfalls) - SHORTFALLS_SHOWN} đơn vị khác còn mục tiêu chưa đạt "
                               "(trang Xếp hạng).", NOTE_STYLE)
    else:
        row += 1
        sheet.text(row, 1, "Không đơn vị nào có mục tiêu chưa đạt." if progress.submitted
                   else "Chưa có đơn vị nào nộp báo cáo.")

    if len(overview.bodies) > 1 or (overview.bodies and overview.body is not None):
        row += 2
        sheet.text(row, 1, "4. THEO ĐƠN VỊ CẤP TRÊN", SECTION_STYLE)
        sheet.text(row, 3, "kết quả của chính đơn vị cấp trên để riêng, không tính vào các cột khác", NOTE_STYLE)
        row = _table(sheet, row + 1, BODY_COLUMNS, overview.bodies, lambda body: body.light)

    # Two charts on the right, sharing the height of the tables on the left (at least 9,5 cm each).
    chart_column, first_chart_row = last + 2, 4
    chart_points = min(max(CHART_MIN_CM * POINTS_PER_CM, (sheet.points(first_chart_row, row) - 20) / 2),
                       CHART_MAX_CM * POINTS_PER_CM)
    second_chart_row = sheet.row_below(first_chart_row, chart_points + 14)
    printed_rows = max(row, sheet.row_below(second_chart_row, chart_points) - 1)
    worksheet = sheet.worksheet
    worksheet.print_area = f"A1:{column_letter(chart_column + CHART_COLUMNS - 1)}{printed_rows}"
    print_setup(worksheet, landscape=True, fit_height=1)
    worksheet.oddHeader.left.text = None
    worksheet.oddFooter.center.text = None
    worksheet.oddFooter.left.text = "&A"                 # the sheet's name; the date and time it was printed
    worksheet.oddFooter.right.text = "In lúc &D &T"
    worksheet.page_margins.top = worksheet.page_margins.bottom = 0.5
    worksheet.sheet_view.showGridLines = False

    data_row = printed_rows + 3
    sheet.text(data_row, 1, "Số liệu của các biểu đồ (ngoài vùng in)", NOTE_STYLE)
    data_row += 2
    height_cm = chart_points / POINTS_PER_CM
    for draw, anchored in ((_objectives_chart, first_chart_row), (_units_chart, second_chart_row)):
        chart, data_row = draw(sheet, data_row)
        if chart is not None:
            chart.height = height_cm
        anchor(sheet, chart, anchored, chart_column)
        data_row += 2


def _named(label: str, names: Sequence[str]) -> str:
    shown = ", ".join(names[:NAMES_SHOWN])
    more = f" … và {len(names) - NAMES_SHOWN} đơn vị khác" if len(names) > NAMES_SHOWN else ""
    return f"{label}: {shown}{more}."


def _own_text(own: UnitStanding) -> str:
    if not own.submitted:
        return "chưa nộp"
    text = own.summary
    if own.met:
        text += f" (mục tiêu số {', '.join(own.met)})"
    if own.not_met:
        text += f"; chưa đạt: mục tiêu số {', '.join(own.not_met)}"
    return text


def _line(sheet: Sheet, row: int, text: str, style: CellStyle, last: int, width: float) -> None:
    sheet.styled(row, 1, text, style)
    sheet.merge(row, 1, row, last)
    lines = wrapped_lines(text, width)
    if lines > 1:
        sheet.row_height(row, LINE_HEIGHT * lines + 2)


def _table(sheet: Sheet, row: int, columns: Sequence[Column], items: Sequence, light_of: Callable) -> int:
    """A header row and one row per item; returns the last row written."""
    sheet.header_row(row, [column.header for column in columns], height=30)
    for item in items:
        row += 1
        values = [column.value(item) for column in columns]
        lines = max(wrapped_lines(value, column.width) if isinstance(value, str) else 1
                    for value, column in zip(values, columns))
        if lines > 1:
            sheet.row_height(row, LINE_HEIGHT * lines + 2)
        light: Light = light_of(item)
        for index, (value, column) in enumerate(zip(values, columns), start=1):
            if column.light:
                style = light_style(light)
                if column.number_format:
                    style = CellStyle(font=style.font, fill=style.fill, border=style.border,
                                      alignment=style.alignment, number_format=column.number_format)
                sheet.styled(row, index, value, style)
            else:
                sheet.styled(row, index, value, CellStyle(
                    border=BORDER, alignment=CENTER if column.align == "center" else WRAP,
                    number_format=column.number_format if value is not None else None))
    return row


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
