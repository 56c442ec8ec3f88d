"""Laying the report drafts out as Decree 30/2020/NĐ-CP asks (:mod:`xlqms.docx_writer`).

* a unit's report: :func:`unit_view` gives every text of it as printed (:class:`UnitView`);
  :func:`render_unit_report` renders a view directly with python-docx; :func:`unit_template`
  renders a layout once with the unit's texts as tokens, filled per unit with :func:`unit_values`
  (:mod:`xlqms.docx_template`) — the same document, thousands of times faster;
* the consolidated report: :func:`render_consolidated_report`, with its charts (:mod:`xlqms.charts`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from xlqms import charts
from xlqms import docx_writer as dw
from xlqms.docx_template import DocxTemplate, list_token, token
from xlqms.report_consolidated import ConsolidatedReportContent
from xlqms.report_content import FILING, REPORT_TITLE, UnitReportContent
from xlqms.statuses import Status

UNIT_TABLE_MM = (62, 78, dw.TEXT_WIDTH_MM - 140)
SUMMARY_TABLE_MM = (10, 60, 75, dw.TEXT_WIDTH_MM - 145)
TALLY_TABLE_MM = (10, 62, 30, dw.TEXT_WIDTH_MM - 102)
BODY_TABLE_MM = (10, 45, 34, 26, 24, dw.TEXT_WIDTH_MM - 139)
CHART_WIDTH_MM = 160
POOLING_NOTE = ("Kết quả chung tính trên số liệu của các đơn vị đã gửi báo cáo: tỷ lệ chung bằng tổng tử số trên tổng "
                "mẫu số của các đơn vị (không lấy trung bình các tỷ lệ); số lượng là tổng của các đơn vị; cột “Đơn vị "
                "đạt” là số đơn vị đạt mục tiêu trên số đơn vị được đánh giá.")
CHART_UNITS = 25
"""The units chart shows at most this many units (those with the most objectives not met)."""


# ---------------------------------------------------------------------------------------------
# The unit's report: a view of plain text, rendered directly or through a template


@dataclass(frozen=True)
class RowView:
    heading: str
    targets: tuple[str, ...]
    achieved: tuple[str, ...]
    notes: tuple[str, ...]
    verdict: str


@dataclass(frozen=True)
class UnitView:
    """Every text of a unit's report, as it is printed."""

    body_lines: tuple[str, ...]
    rule_mm: float                       # the line under the body's name (docx_writer.header_rule_mm)
    number: str
    place: str
    date: dt.date | None
    title: str
    intro: tuple[str, ...]               # “…” in them are blanks to fill (highlighted)
    rows: tuple[RowView, ...]
    conclusion: str
    closing: str
    recipients: tuple[str, ...]
    signing: tuple[str, ...]
    signer: str
    lines_to_confirm: bool


def intro_sentences(year: int, when: str, short_name: str, self_reference: str, *, decision: str) -> tuple[str, ...]:
    """The two sentences before the table: the decision the objectives come from, what follows."""
    return (f"Căn cứ {decision} của {short_name} về việc ban hành Mục tiêu chất lượng năm {year} thuộc Hệ thống "
            "quản lý chất lượng theo tiêu chuẩn quốc gia TCVN ISO 9001:2015;",
            f"Qua rà soát, đánh giá tình hình thực hiện Mục tiêu chất lượng trong {when}, {self_reference} "
            "báo cáo kết quả như sau:")


def unit_view(content: UnitReportContent) -> UnitView:
    issuer = content.issuer
    rows = tuple(RowView(f"{row.number}. {row.title}",
                         tuple(f"Chỉ tiêu: {target}" if len(row.targets) == 1 else target for target in row.targets),
                         row.achieved, row.explanations, row.verdict) for row in content.objectives)
    return UnitView(issuer.body_lines, dw.header_rule_mm(issuer.body_lines), issuer.number, issuer.place,
                    content.date, f"{REPORT_TITLE} {content.when}",
                    intro_sentences(content.year, content.when, issuer.short_name, issuer.self_reference,
                                    decision=content.decision),
                    rows, content.conclusion, content.closing, content.recipients, content.signature.lines,
                    content.signature.name, content.signature.lines_to_confirm)


def _keep_with_table(paragraph) -> None:
    """A paragraph that introduces a table stays on the page of the table's first rows."""
    paragraph.paragraph_format.keep_with_next = True


def render_unit_report(content: UnitReportContent | UnitView):
    """The unit's report as a python-docx Document."""
    view = content if isinstance(content, UnitView) else unit_view(content)
    document = dw.new_document()
    dw.add_header(document, view.body_lines, view.number, view.place, view.date, rule_mm=view.rule_mm)
    dw.add_title(document, "BÁO CÁO", [view.title])
    for paragraph in view.intro:
        last = dw.body(document, paragraph)
    _keep_with_table(last)
    table = dw.data_table(document, ("Nội dung công việc", "Kết quả thực hiện", "Đánh giá"), UNIT_TABLE_MM)
    for row in view.rows:
        cells = dw.add_row(table, UNIT_TABLE_MM).cells
        dw.cell_paragraph(cells[0], [(row.heading, {"bold": True})], "Nội dung bảng")
        for target in row.targets:
            dw.cell_paragraph(cells[0], target, "Nội dung bảng")
        for line in row.achieved:
            dw.cell_paragraph(cells[1], line, "Nội dung bảng")
        for note in row.notes:
            dw.cell_paragraph(cells[1], [(note, {"italic": True})], "Nội dung bảng")
        dw.cell_paragraph(cells[2], [(row.verdict, {"bold": True})], "Tiêu đề bảng")
    dw.spacer(document)
    dw.add_paragraph(document, view.conclusion)
    dw.add_paragraph(document, view.closing).paragraph_format.keep_with_next = True
    dw.add_recipients_and_signature(document, view.recipients, view.signing, view.signer, view.lines_to_confirm)
    return document


_FIXED_RECIPIENTS = (f"{dw.PLACEHOLDER};", FILING)


def template_key(view: UnitView) -> tuple | None:
    """What the layout of a unit report depends on beyond the unit's own texts; None: render it directly."""
    if view.recipients[-2:] != _FIXED_RECIPIENTS or not view.body_lines:
        return None
    return (view.number, view.date, view.title, view.signing, view.signer, view.lines_to_confirm,
            view.rule_mm,
            tuple((row.heading, row.targets, len(row.achieved)) for row in view.rows))


def unit_template(view: UnitView, intro: Callable[[str, str], tuple[str, ...]]) -> DocxTemplate:
    """The layout of ``view`` rendered once, the unit's texts as tokens (see :func:`unit_values`)."""
    rows = tuple(RowView(row.heading, row.targets, tuple(token(f"a{i}_{j}") for j in range(len(row.achieved))),
                         (list_token(f"n{i}"),), token(f"v{i}")) for i, row in enumerate(view.rows))
    tokens = replace(view, body_lines=(list_token("body"),), place=token("place"),
                     intro=intro(token("short"), token("self")), rows=rows, conclusion=token("conclusion"),
                     closing=token("closing"), recipients=(list_token("recipients"), *_FIXED_RECIPIENTS))
    document = render_unit_report(tokens)
    return DocxTemplate.from_document(document)


def unit_values(view: UnitView, short_name: str, self_reference: str) -> dict:
    """The texts that fill :func:`unit_template` for one unit."""
    values: dict = {"body": list(view.body_lines), "place": view.place, "short": short_name, "self": self_reference,
                    "conclusion": view.conclusion, "closing": view.closing,
                    "recipients": list(view.recipients[:-len(_FIXED_RECIPIENTS)])}
    for i, row in enumerate(view.rows):
        for j, line in enumerate(row.achieved):
            values[f"a{i}_{j}"] = line
        values[f"n{i}"] = list(row.notes)
        values[f"v{i}"] = row.verdict
    return values


# ---------------------------------------------------------------------------------------------
# The consolidated report


def render_consolidated_report(content: ConsolidatedReportContent):
    """The consolidated report as a python-docx Document, with its charts as pictures."""
    document = dw.new_document()
    issuer, when = content.issuer, content.when
    dw.add_header(document, issuer.body_lines, issuer.number, issuer.place, content.date)
    dw.add_title(document, "BÁO CÁO", [f"Tổng hợp {REPORT_TITLE[0].lower()}{REPORT_TITLE[1:]} {when}",
                                       f"của {content.units_word} thuộc {issuer.short_name}"])
    dw.body(document, f"Căn cứ Kế hoạch số …/KH-UBND ngày … của {issuer.short_name} về việc duy trì, cải tiến "
                      f"Hệ thống quản lý chất lượng theo tiêu chuẩn quốc gia TCVN ISO 9001:2015 năm {content.year}; "
                      f"trên cơ sở báo cáo của {content.units_word}, {issuer.self_reference} tổng hợp kết quả thực "
                      f"hiện Mục tiêu chất lượng {when} như sau:")

    dw.new_paragraph(document, "Heading 1", "I. TÌNH HÌNH GỬI BÁO CÁO")
    dw.add_paragraph(document, content.progress_text)

    dw.new_paragraph(document, "Heading 1", "II. KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU")
    number = 1
    dw.new_paragraph(document, "Heading 2", f"{number}. Kết quả chung của {content.units_word}")
    _keep_with_table(dw.add_paragraph(document, POOLING_NOTE))
    rows = content.rows
    table = dw.data_table(document, ("TT", "Mục tiêu, chỉ tiêu", "Kết quả chung", "Đơn vị đạt"), SUMMARY_TABLE_MM)
    for row in rows:
        cells = dw.add_row(table, SUMMARY_TABLE_MM).cells
        dw.cell_paragraph(cells[0], row.number, "Tiêu đề bảng")
        dw.cell_paragraph(cells[1], [(row.title, {"bold": True})], "Nội dung bảng")
        for target in row.targets:
            dw.cell_paragraph(cells[1], target if len(row.targets) > 1 else f"Chỉ tiêu: {target}", "Nội dung bảng")
        for line in row.results:
            dw.cell_paragraph(cells[2], line, "Nội dung bảng")
        dw.cell_paragraph(cells[3], row.units, "Tiêu đề bảng")
    dw.spacer(document)
    figures = [0]

    def picture(png: bytes | None, caption: str) -> None:
        """A chart with its caption “Hình N. …”, numbered in order; nothing when there is nothing to draw."""
        if png is not None:
            figures[0] += 1
            dw.add_picture(document, png, CHART_WIDTH_MM, f"Hình {figures[0]}. {caption}")

    picture(results_picture(content), "Kết quả chung từng mục tiêu so với mục tiêu (cột đỏ: chưa đạt; vạch xanh đậm: "
                                      "mức phải đạt).")
    picture(objectives_units_picture(content), "Số đơn vị đạt, chưa đạt và thiếu số liệu của từng mục tiêu (vạch "
                                               "đứt: số đơn vị đã gửi báo cáo).")
    if content.own_text:
        number += 1
        dw.new_paragraph(document, "Heading 2", f"{number}. Kết quả của chính {issuer.short_name}")
        dw.add_paragraph(document, content.own_text + " Kết quả này để riêng, không tính vào kết quả chung ở trên.")
    bodies = content.bodies
    if bodies:
        number += 1
        dw.new_paragraph(document, "Heading 2", f"{number}. Theo đơn vị cấp trên")
        table = dw.data_table(document, ("TT", "Đơn vị", "Đã gửi báo cáo", "Đơn vị đạt mọi mục tiêu / còn chưa đạt",
                                         "Lượt mục tiêu đạt", "Kết quả của chính đơn vị"), BODY_TABLE_MM)
        for index, body in enumerate(bodies, start=1):
            cells = dw.add_row(table, BODY_TABLE_MM).cells
            for cell, text in zip(cells, (str(index), body.name, body.submitted,
                                          f"{body.all_met} / {body.with_unmet}", body.share, body.own)):
                dw.cell_paragraph(cell, text, "Nội dung bảng")
        dw.spacer(document)

    dw.new_paragraph(document, "Heading 1", "III. CÁC ĐƠN VỊ CÒN MỤC TIÊU CHƯA ĐẠT")
    tallies = content.tallies
    if tallies:
        _keep_with_table(dw.add_paragraph(document, f"Có {len(tallies)} đơn vị còn mục tiêu chưa đạt (xếp theo số mục "
                                                    "tiêu chưa đạt):"))
        table = dw.data_table(document, ("TT", "Đơn vị", "Số mục tiêu chưa đạt", "Mục tiêu chưa đạt (số)"),
                              TALLY_TABLE_MM)
        for index, unit in enumerate(tallies, start=1):
            cells = dw.add_row(table, TALLY_TABLE_MM).cells
            dw.cell_paragraph(cells[0], str(index), "Tiêu đề bảng")
            dw.cell_paragraph(cells[1], unit.name, "Nội dung bảng")
            dw.cell_paragraph(cells[2], f"{len(unit.not_met)}/{unit.total}", "Tiêu đề bảng")
            dw.cell_paragraph(cells[3], ", ".join(unit.not_met), "Nội dung bảng")
        dw.spacer(document)
        shown = min(len(tallies), CHART_UNITS)
        picture(units_picture(content), "Số mục tiêu chưa đạt của " + (
            f"{shown} đơn vị có nhiều mục tiêu chưa đạt nhất." if shown < len(tallies)
            else "từng đơn vị còn mục tiêu chưa đạt."))
    else:
        dw.add_paragraph(document, "Các đơn vị đã gửi báo cáo đều đạt các mục tiêu được đánh giá."
                         if content.overview.progress.submitted else "Chưa có đơn vị nào gửi báo cáo.")

    dw.new_paragraph(document, "Heading 1", "IV. ĐÁNH GIÁ CHUNG")
    for paragraph in content.conclusion:
        dw.add_paragraph(document, paragraph)
    dw.add_paragraph(document, content.closing).paragraph_format.keep_with_next = True
    signature = content.signature
    dw.add_recipients_and_signature(document, content.recipients, signature.lines, signature.name,
                                    signature.lines_to_confirm)
    return document


def results_picture(content: ConsolidatedReportContent) -> bytes | None:
    """Hình: each objective's pooled percent against its target (objectives with a pooled percent only)."""
    bars = []
    for objective in content.overview.objectives:
        pooled = next((ind for ind in objective.indicators if ind.percent and ind.value is not None
                       and ind.verdict is not None), None)
        if pooled is not None and pooled.value is not None:
            bars.append(charts.ResultBar(f"MT {objective.number} · {objective.title}", round(pooled.value, 4),
                                         pooled.level, pooled.verdict is not Status.NOT_MET))
    return charts.results_chart(tuple(bars)) if bars else None


def objectives_units_picture(content: ConsolidatedReportContent) -> bytes | None:
    """Hình: the units meeting, missing and without data on each objective."""
    bars = tuple(charts.CountBar(f"MT {o.number} · {o.title}", o.units_met, o.units_not_met,
                                 max(o.units_submitted - o.units_assessed, 0))
                 for o in content.overview.objectives if o.units_assessed)
    if not bars:
        return None
    submitted = len(content.overview.progress.submitted)
    return charts.counts_chart(bars, "Số đơn vị", target=submitted,
                               target_label=f"Số đơn vị đã gửi báo cáo ({submitted})")


def units_picture(content: ConsolidatedReportContent) -> bytes | None:
    """Hình: the objectives each unit did not meet (the units with most of them first)."""
    tallies = content.tallies[:CHART_UNITS]
    if not tallies:
        return None
    bars = tuple(charts.CountBar(unit.name, 0, len(unit.not_met), 0) for unit in tallies)
    return charts.counts_chart(bars, "Số mục tiêu chưa đạt", names=("", "Mục tiêu chưa đạt", ""))
