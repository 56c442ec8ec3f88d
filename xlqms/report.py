"""Report drafts (.docx) officials must write: one per unit that reported, one consolidated per parent.

The unit's report is seed 001: “Báo cáo kết quả thực hiện Mục tiêu chất lượng 6 tháng đầu năm 2020”,
the table “Nội dung công việc | Kết quả thực hiện”, the conclusion “Như vậy, trong 6 tháng đầu năm
2020 đã có 6/10 mục tiêu đạt và vượt so với kế hoạch đề ra (mục tiêu số 2, 5, 6, 8, 9, 10); …”. The
consolidated report of a unit with units below it gives who has reported, each objective with the
units that met it and the pooled figures, the units with the most objectives not met, and a chart.

Three steps, each usable alone:

1. content — frozen dataclasses (:class:`UnitReportContent`, :class:`ConsolidatedReportContent`)
   built from the results by :func:`unit_content` and :func:`consolidated_content` (pure);
2. rendering — :func:`render_unit_report` / :func:`render_consolidated_report` lay the content out
   as Decree 30/2020/NĐ-CP asks (:mod:`xlqms.docx_writer`);
3. files — :func:`write_round_reports` / :func:`write_reports` name and write them
   (default ``DIR/out/bao_cao/``), never overwriting without ``force``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from xlqms import charts, layout
from xlqms import docx_writer as dw
from xlqms.attainment import ObjectiveNumbers, RoundResult, UnitResult
from xlqms.campaign import Campaign
from xlqms.catalogue import PERIOD_CODES, Indicator, period_phrase
from xlqms.docx_writer import Issuer, issuer_of, split_body_name
from xlqms.errors import OutputExistsError, describe_os_error
from xlqms.numbers import format_number, format_percent, to_fraction
from xlqms.rollup import RollupResult
from xlqms.round import load_round
from xlqms.statuses import Status
from xlqms.text import ascii_slug, header_key, nfc
from xlqms.trends import PreviousRoundInfo, PreviousValue, compared_text

REPORTS_FOLDER = Path(layout.OUTPUT_DIR, layout.REPORTS_DIR)   # relative to the campaign folder
REPORT_TITLE = "Kết quả thực hiện Mục tiêu chất lượng"

# ---------------------------------------------------------------------------------------------
# Content


@dataclass(frozen=True)
class ObjectiveRow:
    """One row of “Nội dung công việc | Kết quả thực hiện”."""

    number: str
    title: str
    targets: tuple[str, ...]           # the indicators' targets as written
    achieved: tuple[str, ...]          # per indicator: figures and verdict, “1540/1587, tỷ lệ 97,04% – Đạt”
    status: Status
    explanations: tuple[str, ...] = () # the unit's Thuyết minh
    year_end: bool = True              # when not due: judged at year end

    @property
    def verdict(self) -> str:
        return self.status.label


@dataclass(frozen=True)
class UnitReportContent(ObjectiveNumbers):
    issuer: Issuer
    parent: Issuer | None
    year: int
    period: str
    date: dt.date | None
    objectives: tuple[ObjectiveRow, ...]
    decision: str = "Quyết định số …/QĐ-UBND ngày …"   # the unit's objectives decision, to fill
    recipients: tuple[str, ...] = ()

    @property
    def conclusion(self) -> str:
        return conclusion(self)


@dataclass(frozen=True)
class ObjectiveSummary:
    """One objective across the units below a parent."""

    number: str
    title: str
    targets: tuple[str, ...]
    units_met: int                     # units whose objective is met or exceeded
    units_assessed: int                # units with a verdict (met, exceeded, not met)
    units_submitted: int
    pooled: tuple[str, ...] = ()       # per indicator: pooled figures, “3080/3174, tỷ lệ 97,04% – Đạt”

    @property
    def share(self) -> float | None:
        return 100 * self.units_met / self.units_assessed if self.units_assessed else None


@dataclass(frozen=True)
class UnitTally:
    """A unit below the parent that reported: its objectives by verdict."""

    code: str
    name: str
    total: int
    met: tuple[str, ...]
    not_met: tuple[str, ...]
    not_due: tuple[str, ...] = ()
    no_data: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConsolidatedReportContent:
    issuer: Issuer
    parent: Issuer | None
    year: int
    period: str
    date: dt.date | None
    units_expected: int
    submitted: tuple[str, ...]         # names of the units below that reported
    missing: tuple[str, ...]           # names of those that have not
    objectives: tuple[ObjectiveSummary, ...]
    units: tuple[UnitTally, ...]       # most objectives not met first
    recipients: tuple[str, ...] = ()

    @property
    def completeness(self) -> str:
        return f"{len(self.submitted)}/{self.units_expected} đơn vị đã gửi báo cáo"

    @property
    def most_not_met(self) -> tuple[UnitTally, ...]:
        """The units with the most objectives not met (none when every unit met all it could)."""
        worst = max((len(unit.not_met) for unit in self.units), default=0)
        return tuple(unit for unit in self.units if worst and len(unit.not_met) == worst)

    @property
    def chart_bars(self) -> tuple[charts.Bar, ...]:
        return tuple(charts.Bar(row.number, row.share, f"{row.units_met}/{row.units_assessed}"
                                if row.units_assessed else "") for row in self.objectives)


# ---------------------------------------------------------------------------------------------
# Words


def _numbers_list(numbers: Sequence[str]) -> str:
    return ", ".join(numbers)


def conclusion(content: UnitReportContent) -> str:
    """“Như vậy, trong 6 tháng đầu năm 2020 đã có 6/10 mục tiêu đạt và vượt so với kế hoạch đề ra
    (mục tiêu số 2, 5, 6, 8, 9, 10); 3/10 mục tiêu chưa đạt (…); …” and what follows."""
    total = len(content.objectives)
    when = period_phrase(content.period, content.year)
    met = content.met_numbers
    if met:
        clauses = [f"đã có {len(met)}/{total} mục tiêu đạt và vượt so với kế hoạch đề ra "
                   f"(mục tiêu số {_numbers_list(met)})"]
    else:
        clauses = ["chưa có mục tiêu nào đạt so với kế hoạch đề ra"]
    groups = (
        (content.not_met_numbers, "chưa đạt"),
        (tuple(r.number for r in content.objectives if r.status is Status.NOT_DUE and r.year_end),
         "đánh giá vào cuối năm"),
        (tuple(r.number for r in content.objectives if r.status is Status.NOT_DUE and not r.year_end),
         "chưa đến kỳ đánh giá"),
        (content.no_data_numbers, "chưa đủ số liệu để đánh giá"),
    )
    for numbers, words in groups:
        if numbers:
            clauses.append(f"{len(numbers)}/{total} mục tiêu {words} (mục tiêu số {_numbers_list(numbers)})")
    text = f"Như vậy, trong {when} " + "; ".join(clauses) + "."
    who = content.issuer.self_reference
    if len(met) == total:
        return text + f" Thời gian tới, {who} tiếp tục phấn đấu duy trì có hiệu quả các mục tiêu đã đạt được."
    return (text + f" Thời gian tới, {who} tiếp tục phấn đấu duy trì có hiệu quả các mục tiêu đã đạt được; "
            "đồng thời có giải pháp thực hiện để đạt các mục tiêu còn lại theo kế hoạch đề ra.")


def _issuer_for_unit(campaign: Campaign, code: str) -> Issuer:
    unit = campaign.units[code]
    place = ""
    for above in campaign.units.ancestors(code):
        word, above_place, committee = split_body_name(above.name, above.level)
        if committee and above_place:
            place = above_place
            break
    return issuer_of(unit.code, unit.name, unit.level, place)


def _figure(value) -> str:
    """A count as the seeds write it inside a ratio: 1540, 9, 12,5."""
    exact = to_fraction(value)
    return str(exact.numerator) if exact.denominator == 1 else format_number(exact)


def achieved_text(result, indicator=None) -> str:
    """What was achieved for one indicator, in figures, and the verdict: “1540/1587, tỷ lệ 97,04% – Đạt”."""
    status = result.status
    if status is Status.NOT_DUE:
        periods = indicator.periods if indicator is not None else ()
        if not periods or "Cả năm" in periods:
            return "Chỉ tiêu đánh giá vào cuối năm"
        return "Chỉ tiêu đánh giá vào kỳ " + ", ".join(p.lower() for p in periods)
    unit = ""
    if indicator is not None and indicator.target.unit and not result.percent:
        unit = f" {indicator.target.unit}"
    if isinstance(result.value, bool):
        return "Đơn vị tự đánh giá: " + status.label
    elif result.ratio and result.numerator is not None and result.denominator:
        figures = f"{_figure(result.numerator)}/{_figure(result.denominator)}{unit}"
        if result.percent:
            figures += f", tỷ lệ {format_percent(result.value)}"
    elif result.value is not None:
        figures = format_percent(result.value) if result.percent else f"{format_number(result.value)}{unit}"
    else:
        return Status.NO_DATA.label
    if result.baseline is not None:
        base = format_percent(result.baseline) if result.percent else format_number(result.baseline)
        figures += f" (mức cơ sở {base})"
    elif status is Status.NO_DATA:
        return f"{figures}; chưa có kết quả kỳ trước để so sánh – {status.label}"
    return f"{figures} – {status.label}"


def _letters(count: int) -> list[str]:
    """“a) ”, “b) ”, … before each of several indicators of one objective; nothing before a single one."""
    if count == 1:
        return [""]
    return [f"{chr(ord('a') + index)}) " if index < 26 else f"{index + 1}) " for index in range(count)]


def unit_content(campaign: Campaign, unit_result, date: dt.date | None = None,
                 previous: PreviousRoundInfo | None = None) -> UnitReportContent:
    """The content of a unit's report from its :class:`~xlqms.attainment.UnitResult`; with ``previous``
    (the round named by `Đợt trước`), each indicator says how it moved "so với cùng kỳ" / "so với kỳ trước"."""
    issuer = _issuer_for_unit(campaign, unit_result.code)
    parent = _issuer_for_unit(campaign, unit_result.parent) if unit_result.parent in campaign.units else None
    rows = []
    for objective in unit_result.objectives:
        indicators: list[Indicator | None] = []
        for result in objective.indicators:
            try:
                indicators.append(campaign.indicator(result.code))
            except KeyError:
                indicators.append(None)
        letters = _letters(len(objective.indicators))
        explanations = []
        for result in objective.indicators:
            text = nfc(result.explanation)
            if text and text not in explanations:
                explanations.append(text)
        year_end = all(ind is None or not ind.periods or "Cả năm" in ind.periods for ind in indicators)
        rows.append(ObjectiveRow(
            number=objective.number, title=objective.title,
            targets=tuple(f"{letter}{result.target}" for letter, result in zip(letters, objective.indicators)),
            achieved=tuple(f"{letter}{achieved_text(result, ind)}{_trend(result, ind, campaign, previous)}"
                           for letter, result, ind in zip(letters, objective.indicators, indicators)),
            status=objective.status, explanations=tuple(explanations), year_end=year_end,
        ))
    recipients = []
    if parent is not None:
        recipients.append(f"{parent.short_name};")
    contact = re.sub(r"\s*\([^()]*@[^()]*\)", "", nfc(getattr(campaign.settings, "contact", "")))  # no e-mail
    if contact and (parent is None or header_key(contact) != header_key(parent.short_name)):
        recipients.append(f"{contact};")
    recipients.append("Lưu: VT.")
    return UnitReportContent(issuer, parent, campaign.year, campaign.period, date, tuple(rows),
                             recipients=tuple(recipients))


def _trend(result, indicator, campaign: Campaign, previous: PreviousRoundInfo | None) -> str:
    """'; so với kỳ trước (6 tháng đầu năm 2026: 95,28%), tăng 1,72 điểm %' after an indicator's result."""
    if previous is None or result.previous is None:
        return ""
    unit = (indicator.target.unit or "") if indicator is not None else ""
    return "; " + compared_text(campaign.year, campaign.period, previous, result.value, result.previous,
                                result.percent, unit)


def _pooled_text(rollup_row, indicator) -> str:
    """The figures of one indicator across the units below: pooled ratio, or the spread of values."""
    if rollup_row is None:
        return "chưa có số liệu"
    counted = f"{rollup_row.units_met}/{rollup_row.units_assessed} đơn vị đạt" if rollup_row.units_assessed else ""
    if rollup_row.pooled_value is not None and rollup_row.denominator_total:
        text = (f"chung {_figure(rollup_row.numerator_total)}/{_figure(rollup_row.denominator_total)}, "
                f"tỷ lệ {format_percent(rollup_row.pooled_value)}")
        if rollup_row.pooled_status is not None:
            text += f" – {rollup_row.pooled_status.label}"
        return "; ".join(part for part in (text, counted) if part)
    if rollup_row.minimum is not None and rollup_row.maximum is not None:
        percent = indicator.target.measures_percent
        unit = f" {indicator.target.unit}" if indicator.target.unit and not percent else ""

        def show(value):
            return format_percent(value) if percent else f"{format_number(value)}{unit}"

        spread = (show(rollup_row.minimum) if rollup_row.minimum == rollup_row.maximum
                  else f"từ {show(rollup_row.minimum)} đến {show(rollup_row.maximum)}")
        return "; ".join(part for part in (spread, counted) if part)
    return counted or "chưa có số liệu"


def _pooled_trend(rollup_row, campaign: Campaign, previous: PreviousRoundInfo | None) -> str:
    """'; so với kỳ trước (6 tháng đầu năm 2026: 95,21%), tăng 1,44 điểm %' after a pooled figure."""
    if previous is None or rollup_row is None or rollup_row.previous_pooled_value is None:
        return ""
    before = PreviousValue(to_fraction(rollup_row.previous_pooled_value), percent=True)
    now = to_fraction(rollup_row.pooled_value) if rollup_row.pooled_value is not None else None
    return "; " + compared_text(campaign.year, campaign.period, previous, now, before, True)


def consolidated_content(campaign: Campaign, round_result: RoundResult, rollup: RollupResult, parent_code: str,
                         date: dt.date | None = None) -> ConsolidatedReportContent:
    """The consolidated report of ``parent_code`` over every unit below it (any depth)."""
    issuer = _issuer_for_unit(campaign, parent_code)
    above = campaign.units[parent_code].parent
    parent = _issuer_for_unit(campaign, above) if above is not None and above in campaign.units else None
    parent_rollup = rollup.parent(parent_code)
    by_code = {unit.code: unit for unit in round_result.units}
    below = [by_code[unit.code] for unit in campaign.units.descendants(parent_code) if unit.code in by_code]
    expected = [unit for unit in below if unit.expected]
    submitted = [unit for unit in expected if unit.submitted]
    names = {unit.code: _issuer_for_unit(campaign, unit.code).short_name for unit in expected}

    summaries = []
    for objective in campaign.objectives:
        results = [r for r in (u.objective(objective.number) for u in submitted) if r is not None]
        if not results and not any(u.objective(objective.number) for u in expected):
            continue
        assessed = [r for r in results if r.status in (Status.MET, Status.EXCEEDED, Status.NOT_MET)]
        letters = _letters(len(objective.indicators))
        summaries.append(ObjectiveSummary(
            number=objective.number, title=objective.title,
            targets=tuple(f"{letter}{ind.text}" for letter, ind in zip(letters, objective.indicators)),
            units_met=sum(1 for r in assessed if r.status.attained), units_assessed=len(assessed),
            units_submitted=len(results),
            pooled=tuple(f"{letter}{_pooled_text(parent_rollup.indicator(ind.code), ind)}"
                         f"{_pooled_trend(parent_rollup.indicator(ind.code), campaign, round_result.previous)}"
                         for letter, ind in zip(letters, objective.indicators)),
        ))
    tallies = [UnitTally(u.code, names[u.code], u.objectives_total, u.met_numbers, u.not_met_numbers,
                         u.not_due_numbers, u.no_data_numbers) for u in submitted]
    tallies.sort(key=lambda tally: (-len(tally.not_met), -len(tally.no_data)))
    recipients = ([f"{parent.short_name};"] if parent is not None else []) + ["Lưu: VT."]
    return ConsolidatedReportContent(
        issuer, parent, campaign.year, campaign.period, date, parent_rollup.units_expected,
        tuple(names[u.code] for u in submitted), tuple(names[code] for code in parent_rollup.missing if code in names),
        tuple(summaries), tuple(tallies), tuple(recipients))


# ---------------------------------------------------------------------------------------------
# Rendering

UNIT_TABLE_MM = (72, dw.TEXT_WIDTH_MM - 72)
SUMMARY_TABLE_MM = (12, 64, 24, dw.TEXT_WIDTH_MM - 100)
TALLY_TABLE_MM = (12, 63, 30, dw.TEXT_WIDTH_MM - 105)


def _short_date(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}" if day.month < 3 else f"{day.day:02d}/{day.month}/{day.year}"


def render_unit_report(content: UnitReportContent):
    """The unit's report as a python-docx Document."""
    document = dw.new_document()
    issuer, when = content.issuer, period_phrase(content.period, content.year)
    dw.add_header(document, issuer.body_lines, issuer.number, issuer.place, content.date)
    dw.add_title(document, "BÁO CÁO", [f"{REPORT_TITLE} {when}"])
    dw.body(document, f"Căn cứ {content.decision} của {issuer.short_name} về việc ban hành Mục tiêu chất lượng "
                      f"năm {content.year} thuộc Hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia "
                      "TCVN ISO 9001:2015;")
    dw.body(document, f"Qua rà soát, đánh giá tình hình thực hiện Mục tiêu chất lượng trong {when}, "
                      f"{issuer.self_reference} báo cáo kết quả như sau:")
    table = dw.data_table(document, ("Nội dung công việc", "Kết quả thực hiện"), UNIT_TABLE_MM)
    for row in content.objectives:
        cells = dw.add_row(table, UNIT_TABLE_MM).cells
        dw.cell_paragraph(cells[0], [(f"{row.number}. {row.title}", {"bold": True})], "Nội dung bảng")
        for target in row.targets:
            dw.cell_paragraph(cells[0], f"Chỉ tiêu: {target}" if len(row.targets) == 1 else target,
                              "Nội dung bảng")
        for line in row.achieved:
            dw.cell_paragraph(cells[1], line if len(row.achieved) > 1 else f"Kết quả: {line}", "Nội dung bảng")
        for text in row.explanations:
            dw.cell_paragraph(cells[1], [(text, {"italic": True})], "Nội dung bảng")
        dw.cell_paragraph(cells[1], [("Đánh giá: ", {"bold": True}), (row.verdict, {"bold": True})],
                          "Nội dung bảng")
    dw.spacer(document)
    dw.body(document, content.conclusion)
    recipients_text = content.parent.short_name if content.parent else ""
    closing = (f"Trên đây là Báo cáo kết quả thực hiện Mục tiêu chất lượng {when} của {issuer.short_name}"
               + (f", kính báo cáo {recipients_text} biết và chỉ đạo./." if recipients_text else "./."))
    dw.body(document, closing)
    dw.add_recipients_and_signature(document, content.recipients, issuer.signing)
    return document


def render_consolidated_report(content: ConsolidatedReportContent):
    """The consolidated report as a python-docx Document (with the chart as a picture)."""
    document = dw.new_document()
    issuer, when = content.issuer, period_phrase(content.period, content.year)
    dw.add_header(document, issuer.body_lines, issuer.number, issuer.place, content.date)
    dw.add_title(document, "BÁO CÁO", [f"Tổng hợp {REPORT_TITLE[0].lower()}{REPORT_TITLE[1:]}",
                                       f"{when} của các đơn vị cấp dưới"])
    dw.body(document, f"Căn cứ Kế hoạch số …/KH-UBND ngày … của {issuer.short_name} về việc duy trì, cải tiến "
                      f"Hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia TCVN ISO 9001:2015 năm {content.year}; "
                      f"trên cơ sở báo cáo của các đơn vị, {issuer.self_reference} tổng hợp kết quả thực hiện "
                      f"Mục tiêu chất lượng {when} như sau:")

    dw.new_paragraph(document, "Heading 1", "I. Tình hình gửi báo cáo")
    until = f"Đến ngày {_short_date(content.date)}" if content.date else "Đến nay"
    text = f"{until}, {content.completeness} kết quả thực hiện Mục tiêu chất lượng {when}"
    if content.missing:
        text += f". Đơn vị chưa gửi báo cáo: {', '.join(content.missing)}."
    else:
        text += ", đầy đủ các đơn vị."
    dw.body(document, text)

    dw.new_paragraph(document, "Heading 1", "II. Kết quả thực hiện các mục tiêu")
    dw.body(document, "Số đơn vị đạt từng mục tiêu (trên số đơn vị đã gửi báo cáo và được đánh giá) và kết quả "
                      "chung của các đơn vị (tỷ lệ chung tính bằng tổng tử số trên tổng mẫu số):")
    table = dw.data_table(document, ("TT", "Mục tiêu, chỉ tiêu", "Số đơn vị đạt", "Kết quả chung"),
                          SUMMARY_TABLE_MM)
    for row in content.objectives:
        cells = dw.add_row(table, SUMMARY_TABLE_MM).cells
        dw.cell_paragraph(cells[0], row.number, "Tiêu đề bảng")
        dw.cell_paragraph(cells[1], [(row.title, {"bold": True})], "Nội dung bảng")
        for target in row.targets:
            dw.cell_paragraph(cells[1], target if len(row.targets) > 1 else f"Chỉ tiêu: {target}", "Nội dung bảng")
        met = f"{row.units_met}/{row.units_assessed}" if row.units_assessed else "–"
        dw.cell_paragraph(cells[2], met, "Tiêu đề bảng")
        for line in row.pooled:
            dw.cell_paragraph(cells[3], line, "Nội dung bảng")
    if content.objectives:
        dw.spacer(document)
        dw.add_picture(document, charts.bar_chart_png(content.chart_bars), 150,
                       "Hình 1. Tỷ lệ đơn vị đạt theo từng mục tiêu (trục ngang: số thứ tự mục tiêu; "
                       "trên mỗi cột: số đơn vị đạt/số đơn vị được đánh giá).")

    dw.new_paragraph(document, "Heading 1", "III. Các đơn vị còn nhiều mục tiêu chưa đạt")
    worst = content.most_not_met
    if worst:
        named = "; ".join(f"{unit.name} ({len(unit.not_met)}/{unit.total} mục tiêu chưa đạt: mục tiêu số "
                          f"{_numbers_list(unit.not_met)})" for unit in worst)
        dw.body(document, f"Đơn vị có nhiều mục tiêu chưa đạt nhất: {named}.")
    elif content.units:
        dw.body(document, "Các đơn vị đã gửi báo cáo không có mục tiêu nào chưa đạt.")
    if content.units:
        table = dw.data_table(document, ("TT", "Đơn vị", "Đạt và vượt", "Mục tiêu chưa đạt"), TALLY_TABLE_MM)
        for index, unit in enumerate(content.units, start=1):
            cells = dw.add_row(table, TALLY_TABLE_MM).cells
            dw.cell_paragraph(cells[0], str(index), "Tiêu đề bảng")
            dw.cell_paragraph(cells[1], unit.name, "Nội dung bảng")
            dw.cell_paragraph(cells[2], f"{len(unit.met)}/{unit.total}", "Tiêu đề bảng")
            detail = f"{len(unit.not_met)} (mục tiêu số {_numbers_list(unit.not_met)})" if unit.not_met else "0"
            dw.cell_paragraph(cells[3], detail, "Nội dung bảng")
        dw.spacer(document)

    to = content.parent.short_name if content.parent else ""
    dw.body(document, f"Trên đây là Báo cáo tổng hợp kết quả thực hiện Mục tiêu chất lượng {when} của các đơn vị "
                      f"thuộc {issuer.short_name}" + (f", kính báo cáo {to} biết và chỉ đạo./." if to else "./."))
    dw.add_recipients_and_signature(document, content.recipients, issuer.signing)
    return document


# ---------------------------------------------------------------------------------------------
# Files


def report_file_name(code: str, name: str, period: str, year: int, consolidated: bool = False) -> str:
    """ASCII, beginning with the unit code: “LOCAN_Xa_Loc_An_bao_cao_H1_2020.docx”."""
    kind = "tong_hop" if consolidated else "bao_cao"
    slug = ascii_slug(name, 40)
    return f"{ascii_slug(code, 30) or 'don_vi'}_{slug + '_' if slug else ''}{kind}_{PERIOD_CODES.get(period, 'ky')}_{year}.docx"


def write_round_reports(campaign: Campaign, round_result: RoundResult, rollup: RollupResult, out_dir, *,
                        date: dt.date | None = None, force: bool = False, progress=None) -> list[Path]:
    """One report per unit that submitted and one consolidated report per unit with units below.

    ``progress(done, total)`` is called after each file, for a progress bar. A file that cannot be
    written (OSError) does not stop the others: it is listed in the result's ``failed``.
    """
    out_dir = Path(out_dir)
    planned: list[tuple[Path, tuple[str, UnitResult | str]]] = []
    for unit in round_result.units:
        if unit.expected and unit.submitted:
            path = out_dir / report_file_name(unit.code, unit.name, campaign.period, campaign.year)
            planned.append((path, ("unit", unit)))
    for parent in rollup.parents:
        if parent.units_expected:
            path = out_dir / report_file_name(parent.code, parent.name, campaign.period, campaign.year, True)
            planned.append((path, ("consolidated", parent.code)))
    existing = [path for path, _ in planned if path.exists()]
    if existing and not force:
        shown = ", ".join(path.name for path in existing[:5]) + (" …" if len(existing) > 5 else "")
        raise OutputExistsError(f"Đã có {len(existing)} báo cáo trong {out_dir} ({shown}). "
                                "Chạy lại với --force để ghi đè, hoặc chọn thư mục khác bằng --out.")
    written = ReportsWritten()
    for done, (path, (_kind, subject)) in enumerate(planned, start=1):
        if isinstance(subject, UnitResult):
            document = render_unit_report(unit_content(campaign, subject, date, round_result.previous))
        else:
            document = render_consolidated_report(consolidated_content(campaign, round_result, rollup, subject, date))
        try:
            written.append(dw.save_document(document, path))
        except OSError as exc:       # a locked or unwritable .docx: the others are still written
            written.failed.append((path, describe_os_error(exc, path)))
        if progress is not None:
            progress(done, len(planned))
    return written


class ReportsWritten(list):
    """The reports written (a list of paths, unit reports first); ``failed``: (path, Vietnamese
    reason) of each one that could not be written (a .docx open in Word, a full disk…)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.failed: list[tuple[Path, str]] = []


def write_reports(folder, out_dir=None, *, date: dt.date | None = None, force: bool = False,
                  progress=None) -> list[Path]:
    """Draft every report of the campaign in ``folder`` (default into ``folder/out/bao_cao/``), dated
    ``date`` (default today). Returns the files written, unit reports first."""
    folder = Path(folder)
    loaded = load_round(folder)
    target = Path(out_dir) if out_dir is not None else folder / REPORTS_FOLDER
    return write_round_reports(loaded.campaign, loaded.round_result, loaded.rollup, target,
                               date=date or dt.date.today(), force=force, progress=progress)
