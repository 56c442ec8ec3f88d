"""One sheet per objective of the consolidated workbook (**MT 1**, **MT 2**, …).

Top to bottom: the objective and its indicators; its pooled result in one line (the total a reader
expects first, never a body's own row); the units below the bodies with their figures; the pooled
figures per parent (and for the whole round, when there are several); the bodies' own results
apart; then the data of the charts. Each quantitative indicator gets a chart on the right: the
units' values sorted, bars coloured by verdict, the target as a line, the axis fitted to them — or
the parents' pooled values when the units are too many to read. An objective judged at year end
gets a note instead of an empty chart.

With a previous round (`Đợt trước`, :mod:`xlqms.trends`) each indicator has two more columns,
:data:`TREND_COLUMNS` (the unit's previous value, the change: points for a percent, relative % for a
count or amount), and the pooled table :data:`POOLED_TREND_COLUMNS`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from xlqms.attainment import IndicatorResult, UnitResult
from xlqms.catalogue import Indicator, Objective
from xlqms.figures import counted_noun, pooled_figures, pooled_margin, ratio_count
from xlqms.numbers import as_float
from xlqms.overview import ObjectiveStanding
from xlqms.rollup import IndicatorRollup
from xlqms.spreadsheet import VIETNAMESE, column_letter
from xlqms.statuses import Status
from xlqms.summary_charts import BAR_COLOURS, UNITS_PER_CHART, Bar, anchor, bar_chart, chart_table
from xlqms.summary_sheet import (
    BOLD_STYLE,
    COUNT_FORMAT,
    GROUP_STYLE,
    MISSING_LABEL,
    NOTE_STYLE,
    NUMBER_FORMAT,
    PERCENT_FORMAT,
    SUBMITTED_LABEL,
    TITLE_STYLE,
    WRAPPED_STYLE,
    RoundBook,
    Sheet,
)
from xlqms.targets import Kind
from xlqms.trends import ChangeUnit, value_text

FIXED_COLUMNS = ["Mã đơn vị", "Tên đơn vị", "Đơn vị cấp trên", "Đánh giá mục tiêu"]
INDICATOR_COLUMNS = ["Tử số", "Mẫu số", "Kết quả", "Đánh giá", "Thuyết minh"]
INDICATOR_WIDTHS = {"Tử số": 10, "Mẫu số": 10, "Kết quả": 11, "Kỳ trước": 11, "Thay đổi": 13, "Đánh giá": 13,
                    "Thuyết minh": 34}
TREND_COLUMNS = ["Kỳ trước", "Thay đổi"]
"""Beside each indicator's Kết quả, with a previous round."""
POOLED_TREND_COLUMNS = ["Tỷ lệ chung kỳ trước", "Thay đổi"]
CHANGE_FORMATS = {ChangeUnit.POINTS: '+0.00" điểm %";-0.00" điểm %";0" điểm %"',
                  ChangeUnit.PERCENT: '+0.00"%";-0.00"%";0"%"'}
POOLED_COLUMNS = ["Mã đơn vị", "Đơn vị cấp trên", "Mã chỉ tiêu", "Phải nộp", SUBMITTED_LABEL, "Đã đánh giá",
                  "Đạt và vượt", "Không đạt", "Kết quả chung", "Tỷ lệ chung", "Tổng", "Đánh giá chung",
                  "Thấp nhất", "Trung vị", "Cao nhất"]
"""The pooled table's columns (then :data:`POOLED_TREND_COLUMNS` with a previous round)."""
POOLED_FIGURES_WIDTH = 26
"""The least width of the pooled table's “Kết quả chung” column (a sentence)."""
CHART_WIDTH_CM, CHART_HEIGHT_CM = 18.0, 9.5
CHART_ROWS = 21                          # rows a chart covers, to stack the next one under it

_VERDICT_GROUPS = (("Vượt", Status.EXCEEDED), ("Đạt", Status.MET), ("Không đạt", Status.NOT_MET))


def objective_sheet_name(number: str) -> str:
    cleaned = "".join(ch for ch in str(number) if ch not in "[]:*?/\\")
    return f"MT {cleaned}"[:31]


def value_format(indicator: Indicator) -> str:
    """The number format of an indicator's result: a percent, a count out of M (“17/18”), a number."""
    target = indicator.target
    if target.kind is Kind.RATIO and target.ratio:
        return f'{VIETNAMESE}#,##0.##"/{target.ratio[1]}"'
    return PERCENT_FORMAT if target.measures_percent else NUMBER_FORMAT


def shown_value(result: IndicatorResult, indicator: Indicator):
    """The number written in the Kết quả column: the count of a ``N/M`` target, else the value."""
    count = ratio_count(result.value, indicator.target)
    return float(count) if count is not None else result.number


def indicator_columns(trend: bool) -> list[str]:
    """The columns of one indicator on an objective's sheet (with the trend's after Kết quả)."""
    if not trend:
        return list(INDICATOR_COLUMNS)
    at = INDICATOR_COLUMNS.index("Kết quả") + 1
    return INDICATOR_COLUMNS[:at] + TREND_COLUMNS + INDICATOR_COLUMNS[at:]


def write_objective_sheet(sheet: Sheet, objective: Objective) -> None:
    book = sheet.book
    trend = book.round_result.previous is not None
    columns = indicator_columns(trend)
    standing = next((o for o in book.overview.objectives if o.number == objective.number), None)
    widths = [12, 28, 22, 14] + [INDICATOR_WIDTHS[name] for name in columns] * len(objective.indicators)
    at = POOLED_COLUMNS.index("Kết quả chung")             # the pooled table shares the columns: its sentence
    widths[at] = max(widths[at], POOLED_FIGURES_WIDTH)     # needs room
    sheet.widths(widths)
    span = len(FIXED_COLUMNS) + len(columns) * len(objective.indicators)    # the unit table's columns
    # The lines above the table wrap within its width: a long objective is never cut off in print.
    sheet.banner(1, f"MỤC TIÊU {objective.number}: {objective.title}", TITLE_STYLE, span)
    sheet.banner(2, book.subtitle, NOTE_STYLE, span)
    sheet.banner(3, "Chỉ tiêu: " + " · ".join(f"{ind.code}: {ind.text}" for ind in objective.indicators),
                 WRAPPED_STYLE, span)
    year_end = standing is not None and standing.not_due
    sheet.banner(4, _pooled_line(objective, standing), BOLD_STYLE, span)
    if year_end:
        sheet.banner(5, "Mục tiêu đánh giá vào cuối năm: kỳ này chưa có số liệu để tổng hợp, nên không có biểu đồ.",
                     NOTE_STYLE, span)
    members = [unit for unit in book.members if unit.objective(objective.number) is not None]
    group_row, header_row = 6, 7
    pooled_headers = POOLED_COLUMNS + (POOLED_TREND_COLUMNS if trend else [])
    if len(pooled_headers) > len(widths):                              # the pooled table is wider: its own widths
        sheet.widths([13] * (len(pooled_headers) - len(widths)), first=len(widths) + 1)
    sheet.row_height(group_row, 45)
    headers = list(FIXED_COLUMNS)
    for ind in objective.indicators:
        start = len(headers) + 1
        headers += columns
        sheet.merge(group_row, start, group_row, start + len(columns) - 1)
        sheet.text(group_row, start, f"{ind.code}: {ind.text}", GROUP_STYLE)
    sheet.header_row(header_row, headers)

    row = _unit_rows(sheet, header_row, members, objective, columns)
    last_row = row
    verdict_columns = [4] + [len(FIXED_COLUMNS) + 1 + columns.index("Đánh giá") + len(columns) * i
                             for i in range(len(objective.indicators))]
    for column in verdict_columns:
        letter = column_letter(column)
        sheet.verdict_rules(f"{letter}{header_row + 1}:{letter}{max(last_row, header_row + 1)}")
    sheet.finish(header_row, last_row, len(headers), freeze_column=3, first_header_row=group_row)

    row = last_row + 2
    sheet.text(row, 1, "Tổng hợp theo đơn vị cấp trên (tỷ lệ chung = tổng tử số / tổng mẫu số; số lượng: tổng "
                       "của các đơn vị)", BOLD_STYLE)
    row += 1
    pooled_header = row
    sheet.header_row(row, pooled_headers)
    pooled_rows = []
    if len(book.rollup.parents) > 1 and book.rollup.round is not None:
        pooled_rows.append(("", "Cả đợt (mọi đơn vị phải nộp)", book.rollup.round))
    pooled_rows += [(parent.code, parent.name, parent) for parent in book.rollup.parents]
    for code, name, parent in pooled_rows:
        for ind in objective.indicators:
            found = parent.indicator(ind.code)
            if found is not None:
                row += 1
                _pooled_row(sheet, row, code, name, ind, found, objective, trend)
    if row > pooled_header:
        sheet.verdict_rules(f"L{pooled_header + 1}:L{row}")

    bodies = [unit for unit in book.bodies_own if unit.objective(objective.number) is not None]
    if bodies:
        row += 2
        sheet.text(row, 1, "Kết quả của chính các đơn vị tổng hợp (để riêng, không tính vào các bảng trên)",
                   BOLD_STYLE)
        row += 1
        own_header = row
        sheet.header_row(row, headers)
        row = _unit_rows(sheet, row, bodies, objective, columns)
        for column in verdict_columns:
            letter = column_letter(column)
            sheet.verdict_rules(f"{letter}{own_header + 1}:{letter}{row}")

    chart_column = len(headers) + 2
    printed_rows, printed_columns = row, len(headers)
    if not year_end:
        row += 2
        chart_row = header_row
        for ind in objective.indicators:
            if not ind.target.is_quantitative:
                continue
            chart, row = _indicator_chart(sheet, row, ind, members, objective)
            if chart is not None:
                anchor(sheet, chart, chart_row, chart_column)
                chart_row += CHART_ROWS
                printed_rows = max(printed_rows, chart_row)
                printed_columns = max(printed_columns, chart_column + math.ceil(chart.width / 1.65))
                row += 2
    # The charts' data (below the tables) are not printed.
    sheet.worksheet.print_area = f"A1:{column_letter(printed_columns)}{printed_rows}"


def _pooled_line(objective: Objective, standing: ObjectiveStanding | None) -> str:
    if standing is None:
        return "Mục tiêu không áp dụng cho đơn vị nào phải nộp."
    if standing.not_due:
        return "Kết quả chung: mục tiêu đánh giá vào cuối năm (Kỳ đánh giá: Cả năm)."
    parts = []
    for ind in standing.indicators:
        text = ind.figures + (f", {ind.margin}" if ind.figures and ind.margin else "")
        if text:
            parts.append((f"{ind.code}: " if len(standing.indicators) > 1 else "") + text)
    figures = "; ".join(parts) or "không có số liệu chung (chỉ tiêu định tính hoặc so với kỳ trước của từng đơn vị)"
    return (f"Kết quả chung: {figures} — {standing.light_label}; {standing.units_text} đơn vị đạt"
            f" (đã nộp {standing.units_submitted}/{standing.units_expected}).")


def _unit_rows(sheet: Sheet, row: int, units: Sequence[UnitResult], objective: Objective,
               columns: Sequence[str]) -> int:
    book = sheet.book
    put = sheet.put
    indicators = {ind.code: ind for ind in objective.indicators}
    at = {name: offset for offset, name in enumerate(columns)}
    for unit in units:
        row += 1
        result = unit.objective(objective.number)
        assert result is not None   # units were chosen for having this objective
        put(row, 1, unit.code)
        put(row, 2, unit.name, align="wrap")
        put(row, 3, book.name(unit.parent) if unit.parent else "", align="wrap")
        put(row, 4, result.label if unit.submitted else MISSING_LABEL)
        by_code = {ind.code: ind for ind in result.indicators}
        for index, ind in enumerate(objective.indicators):
            column = len(FIXED_COLUMNS) + 1 + len(columns) * index
            value = by_code.get(ind.code)
            if value is None:
                for offset in range(len(columns)):
                    put(row, column + offset, "—" if offset == at["Đánh giá"] else None)
                continue
            put(row, column, as_float(value.numerator) if value.ratio else None, NUMBER_FORMAT)
            put(row, column + 1, as_float(value.denominator) if value.ratio else None, NUMBER_FORMAT)
            if value.passed is not None:
                put(row, column + 2, "Đạt" if value.passed else "Không đạt")
            else:
                put(row, column + 2, shown_value(value, indicators[ind.code]), value_format(indicators[ind.code]))
            if "Kỳ trước" in at:
                _trend_cells(sheet, row, column + at["Kỳ trước"], value)
            label = MISSING_LABEL if not unit.submitted and value.status is Status.NO_DATA else value.label
            put(row, column + at["Đánh giá"], label, align="center")
            put(row, column + at["Thuyết minh"], value.explanation, align="wrap")
    return row


def _trend_cells(sheet: Sheet, row: int, column: int, value: IndicatorResult) -> None:
    """The previous value and the change of one indicator of one unit (two cells from ``column``)."""
    before, change = value.previous, value.trend
    if before is not None and isinstance(before.value, bool):
        sheet.put(row, column, value_text(before.value, False), align="center")
    else:
        sheet.put(row, column, value.previous_number, PERCENT_FORMAT if value.percent else NUMBER_FORMAT)
    sheet.put(row, column + 1, change.number if change is not None else None,
              CHANGE_FORMATS[change.unit] if change is not None else None)


def _pooled_row(sheet: Sheet, row: int, code: str, name: str, ind: Indicator, found: IndicatorRollup,
                objective: Objective, trend: bool = False) -> None:
    noun = counted_noun(ind.text, objective.title)
    figures = pooled_figures(found, ind.target, noun)
    margin = pooled_margin(found, ind.target)
    text = figures + (f", {margin}" if figures and margin else "")
    fmt = value_format(ind)
    values = [code, name, ind.code, found.units_expected, found.units_submitted, found.units_assessed,
              found.units_met, found.units_not_met]
    for column, value in enumerate(values, start=1):
        sheet.put(row, column, value)
    sheet.put(row, 9, text, align="wrap")
    sheet.put(row, 10, found.pooled_value, PERCENT_FORMAT)
    sheet.put(row, 11, found.total, COUNT_FORMAT if found.total is not None and float(found.total).is_integer()
              else NUMBER_FORMAT)
    sheet.put(row, 12, found.verdict.label if found.verdict else "", align="center")
    for column, value in ((13, found.minimum), (14, found.median), (15, found.maximum)):
        count = ratio_count(value, ind.target) if value is not None else None
        sheet.put(row, column, float(count) if count is not None else value, fmt)
    if trend:
        sheet.put(row, 16, found.previous_pooled_value, PERCENT_FORMAT)
        sheet.put(row, 17, found.pooled_trend, CHANGE_FORMATS[ChangeUnit.POINTS])


def _indicator_chart(sheet: Sheet, row: int, ind: Indicator, members: Sequence[UnitResult], objective: Objective):
    """The chart of one quantitative indicator and the row after its data; (None, row) when nothing to draw.

    Per unit (sorted, the failures first); per parent when the units are more than a chart can show.
    """
    book: RoundBook = sheet.book
    target = ind.target
    results = [(unit, found) for unit in members if unit.submitted
               for found in [unit.indicator(ind.code)]
               if found is not None and found.number is not None
               and found.status in (Status.EXCEEDED, Status.MET, Status.NOT_MET)]
    if not results:
        return None, row
    parents = [parent for parent in book.rollup.parents if parent.indicator(ind.code) is not None]
    if len(results) > UNITS_PER_CHART and len(parents) > 1:
        bars, percent = _parent_bars(parents, ind)
        fmt = PERCENT_FORMAT if percent else NUMBER_FORMAT
        title, label_header = f"{ind.code}: kết quả chung theo đơn vị cấp trên", "Đơn vị cấp trên"
    else:
        bars = _unit_bars(results, ind)
        percent = target.measures_percent and target.kind is not Kind.RATIO
        fmt = value_format(ind)
        title, label_header = f"{ind.code}: kết quả của từng đơn vị", "Đơn vị"
    if not bars:
        return None, row
    bars.sort(key=lambda bar: ((bar.value or 0) if target.higher_is_better else -(bar.value or 0), bar.label))
    groups = [(name, BAR_COLOURS[status]) for name, status in _VERDICT_GROUPS if any(bar.group == name for bar in bars)]
    table = chart_table(sheet, row, f"Số liệu biểu đồ {ind.code} (đã sắp xếp)", label_header, bars, groups,
                        f"Mục tiêu ({ind.text})", fmt)
    width = min(max(CHART_WIDTH_CM, 0.45 * len(bars) + 6), 60)
    chart = bar_chart(sheet, table, f"{title} — mục tiêu {ind.text}", "%" if percent else (target.unit or "Giá trị"),
                      percent, [bar.value for bar in bars] + [bar.target for bar in bars], width, CHART_HEIGHT_CM,
                      labels=len(bars) <= 15)
    return chart, table.last_row


def _unit_bars(results: Sequence[tuple[UnitResult, IndicatorResult]], ind: Indicator) -> list[Bar]:
    """A bar per unit: its value (a count for ``N/M``), its verdict, the level it had to reach."""
    target = ind.target
    bars = []
    for unit, found in results:
        count = ratio_count(found.value, target)
        value = float(count) if count is not None else found.number
        bounds = target.bounds(found.baseline)
        level = None
        if bounds is not None:
            level = float(target.ratio[0]) if count is not None and target.ratio else float(bounds.level)
        bars.append(Bar(unit.name, value, _group(found.status), level))
    return bars


def _parent_bars(parents, ind: Indicator) -> tuple[list[Bar], bool]:
    """A bar per parent: its pooled ratio (percent) or total (the target: the sum of its units' targets)."""
    bounds = ind.target.bounds()
    bars, percent = [], True
    for parent in parents:
        pooled = parent.indicator(ind.code)
        if pooled is None or pooled.verdict is None:
            continue
        if pooled.pooled_value is not None:
            value, scale = pooled.pooled_value, 1
        elif pooled.total is not None:
            value, scale, percent = pooled.total, pooled.units_totalled, False
        else:
            continue
        level = None if bounds is None else float(bounds.level) * scale
        bars.append(Bar(parent.name, value, _group(pooled.verdict), level))
    return bars, percent and bool(bars)


def _group(status: Status) -> str:
    return {Status.EXCEEDED: "Vượt", Status.MET: "Đạt"}.get(status, "Không đạt")
