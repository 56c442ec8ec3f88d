"""Native charts of the consolidated workbook (openpyxl): bars coloured by verdict, a target line, a fitted axis.

A chart reads a small table written on its sheet (:func:`chart_table`): one row per bar, sorted,
with the value in the column of its colour group (Vượt / Đạt / Không đạt …, one series each, so the
legend says what each colour means) and the target in a last column drawn as a line (or as marks
when the target differs from bar to bar, as for a change against each unit's own baseline). Bars
of one category are overlaid (overlap 100): each looks like a single bar of its colour. The value
axis is fitted to the data and the target (:func:`xlqms.figures.axis_range`), not fixed at 0–120%.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.legend import Legend
from openpyxl.chart.marker import Marker
from openpyxl.chart.shapes import GraphicalProperties
from openpyxl.chart.text import RichText
from openpyxl.drawing.spreadsheet_drawing import AnchorMarker, TwoCellAnchor
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RichTextProperties

from xlqms.figures import axis_range
from xlqms.spreadsheet import column_letter
from xlqms.statuses import Status
from xlqms.summary_sheet import (
    AXIS_PERCENT_FORMAT,
    BOLD_STYLE,
    COUNT_FORMAT,
    HEADER_STYLE,
    NUMBER_FORMAT,
    PERCENT_FORMAT,
    Sheet,
)

BAR_COLOURS = {
    Status.EXCEEDED: "2E7D32",
    Status.MET: "66BB6A",
    Status.NOT_MET: "E53935",
    Status.NO_DATA: "FFB300",
    Status.NOT_DUE: "9E9E9E",
}
"""Bar colours by verdict (darker than the cell fills: bars are small)."""
TARGET_COLOUR = "1F3864"
UNITS_PER_CHART = 60
"""Above this many bars, a chart shows the groups (parents) instead, or the worst of the units."""
EMU_PER_POINT = 12700


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value, its colour group (a series) and the target it is compared with."""

    label: str
    value: float | None
    group: str
    target: float | None = None


@dataclass(frozen=True)
class ChartTable:
    """Where :func:`chart_table` wrote a chart's data: rows, the label column, the series' columns."""

    header_row: int
    first_row: int
    last_row: int
    label_column: int
    series: tuple[tuple[int, str], ...]      # (column, colour) per colour group
    target_column: int | None
    target_constant: bool


def chart_table(sheet: Sheet, row: int, title: str, label_header: str, bars: Sequence[Bar],
                groups: Sequence[tuple[str, str]], target_header: str | None, number_format: str) -> ChartTable:
    """Write the data of a chart from ``row``: a title line, a header (label, one column per colour
    group in ``groups`` — (name, colour) —, the target), one row per bar. Returns where it is."""
    sheet.text(row, 1, title, BOLD_STYLE)
    header_row = row + 1
    names = [name for name, _colour in groups]
    headers = [label_header, *names] + ([target_header] if target_header else [])
    style = sheet.style(HEADER_STYLE)
    for column, header in enumerate(headers, start=1):
        sheet.raw.put(header_row, column, header, style)
    current = header_row
    for bar in bars:
        current += 1
        sheet.put(current, 1, bar.label)
        for offset, name in enumerate(names, start=2):
            sheet.put(current, offset, bar.value if bar.group == name else None, number_format)
        if target_header:
            sheet.put(current, len(names) + 2, bar.target, number_format)
    targets = {bar.target for bar in bars}
    return ChartTable(header_row, header_row + 1, current, 1,
                      tuple((column, colour) for column, (_name, colour) in enumerate(groups, start=2)),
                      len(names) + 2 if target_header else None, len(targets) == 1)


def bar_chart(sheet: Sheet, table: ChartTable, title: str, axis_title: str, percent: bool,
              values: Iterable[float | None], width_cm: float, height_cm: float, labels: bool = False,
              horizontal: bool = False) -> BarChart | None:
    """A bar chart of ``table`` (None when it has no row): one series per colour group, overlaid, the
    target as a line, the value axis fitted to ``values`` (bars and targets)."""
    if table.last_row < table.first_row:
        return None
    worksheet = sheet.worksheet
    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.grouping = "clustered"
    chart.overlap = 100
    chart.gapWidth = 40 if horizontal else 60
    chart.style = 10
    chart.title = title
    chart.title.tx.rich.p[0].pPr = ParagraphProperties(defRPr=CharacterProperties(sz=1100, b=True))
    categories = Reference(worksheet, min_col=table.label_column, min_row=table.first_row, max_row=table.last_row)
    for column, colour in table.series:
        data = Reference(worksheet, min_col=column, min_row=table.header_row, max_row=table.last_row)
        chart.add_data(data, titles_from_data=True)
        series = chart.series[-1]
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.set_categories(categories)
    if labels:
        chart.dataLabels = DataLabelList(showVal=True, showSerName=False, showCatName=False, showLegendKey=False,
                                         showPercent=False, showLeaderLines=False)
        chart.dataLabels.numFmt = PERCENT_FORMAT if percent else NUMBER_FORMAT
        chart.dataLabels.position = "outEnd"
    if table.target_column is not None:
        line = LineChart()
        data = Reference(worksheet, min_col=table.target_column, min_row=table.header_row, max_row=table.last_row)
        line.add_data(data, titles_from_data=True)
        target = line.series[0]
        target.smooth = False
        if table.target_constant:
            target.graphicalProperties.line.solidFill = TARGET_COLOUR
            target.graphicalProperties.line.width = 28575         # 2,25 pt
            target.graphicalProperties.line.dashStyle = "dash"
            target.marker = Marker(symbol="none")
        else:                                                     # a mark per bar: targets differ
            target.graphicalProperties.line.noFill = True
            target.marker = Marker(symbol="dash", size=16)
            target.marker.graphicalProperties = GraphicalProperties(solidFill=TARGET_COLOUR)
            target.marker.graphicalProperties.line.solidFill = TARGET_COLOUR
            target.marker.graphicalProperties.line.width = 28575
        line.set_categories(categories)
        chart += line
    low, high, step = axis_range(values, percent)
    chart.y_axis.scaling.min = low
    chart.y_axis.scaling.max = high
    chart.y_axis.majorUnit = step
    chart.y_axis.number_format = AXIS_PERCENT_FORMAT if percent else COUNT_FORMAT
    chart.y_axis.title = axis_title
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.x_axis.tickLblPos = "low"
    count = table.last_row - table.first_row + 1
    if count > 12 and not horizontal:
        chart.x_axis.txPr = _rotated(-45 if count <= 40 else -90, 700 if count > 40 else 800)
    chart.legend = Legend()
    chart.legend.position = "b"
    chart.width, chart.height = width_cm, height_cm
    return chart


def _rotated(degrees: int, size: int) -> RichText:
    """Category labels turned by ``degrees`` (so 40 names stay readable), ``size`` in hundredths of a point."""
    return RichText(bodyPr=RichTextProperties(rot=degrees * 60000, vert="horz"),
                    p=[Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(sz=size)),
                                 endParaRPr=CharacterProperties(sz=size))])


def anchor(sheet: Sheet, chart: BarChart | None, row: int, column: int) -> None:
    """Place ``chart`` (its own size, in cm) with its top left corner at (row, column)."""
    if chart is not None:
        sheet.worksheet.add_chart(chart, f"{column_letter(column)}{row}")


def anchor_between(sheet: Sheet, chart: BarChart | None, top: tuple[int, float], bottom: tuple[int, float],
                   first_column: int, end_column: int) -> None:
    """Stretch ``chart`` over columns ``first_column`` … ``end_column - 1``, from ``top`` to ``bottom``
    ((row, points below its top)): as wide as those columns in whichever application shows it."""
    if chart is None:
        return
    chart.anchor = TwoCellAnchor(
        _from=AnchorMarker(col=first_column - 1, row=top[0] - 1, rowOff=round(top[1] * EMU_PER_POINT)),
        to=AnchorMarker(col=end_column - 1, row=bottom[0] - 1, rowOff=round(bottom[1] * EMU_PER_POINT)))
    sheet.worksheet.add_chart(chart)
