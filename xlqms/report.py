"""Report drafts (.docx) officials sign: one per unit that reported, one consolidated per body with units below.

Three steps, each usable alone:

1. content — :mod:`xlqms.report_content` (pure): what the drafts say, in the officials' prose;
2. rendering — :func:`render_unit_report` / :func:`render_consolidated_report` lay it out as
   Decree 30/2020/NĐ-CP asks (:mod:`xlqms.docx_writer`), the consolidated report with its charts
   (:mod:`xlqms.charts`, matplotlib);
3. files — :func:`write_round_reports` / :func:`write_reports` name and write them (default
   ``DIR/out/bao_cao/``), never overwriting without ``force``.

A national round has thousands of unit reports: each layout (the same objectives, the same kind of
issuer) is rendered once with tokens and filled per unit (:mod:`xlqms.docx_template`), the
consolidated reports are rendered directly, all of it spread over the cores (:mod:`xlqms.workers`),
nothing kept per report once it is written — time and memory stay flat in the number of reports.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from xlqms import charts, layout
from xlqms import docx_writer as dw
from xlqms.attainment import RoundResult
from xlqms.campaign import Campaign
from xlqms.catalogue import PERIOD_CODES
from xlqms.docx_template import DocxTemplate, list_token, token
from xlqms.errors import OutputExistsError, XlqmsError
from xlqms.overview import build_overview
from xlqms.report_consolidated import ConsolidatedReportContent, consolidated_content
from xlqms.report_content import (
    FILING,
    REPORT_TITLE,
    ObjectiveRow,
    UnitReportContent,
    achieved_text,
    period_phrase,
    unit_content,
)
from xlqms.rollup import RollupResult
from xlqms.round import load_round
from xlqms.spreadsheet import write_bytes_atomically
from xlqms.statuses import Status
from xlqms.text import ascii_slug
from xlqms.workers import run_chunks, worker_count

__all__ = ["ConsolidatedReportContent", "ObjectiveRow", "UnitReportContent", "achieved_text", "consolidated_content",
           "period_phrase", "render_consolidated_report", "render_unit_report", "report_file_name", "unit_content",
           "write_reports", "write_round_reports"]

REPORTS_FOLDER = Path(layout.OUTPUT_DIR, layout.REPORTS_DIR)   # relative to the campaign folder
PARALLEL_THRESHOLD = 200
"""Reports written in this process up to this many; beyond, spread over the cores."""
CHUNK_SIZE = 64

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


def _intro(year: int, when: str, short_name: str, self_reference: str, *, decision: str) -> tuple[str, ...]:
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
                    _intro(content.year, content.when, issuer.short_name, issuer.self_reference, decision=content.decision),
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


# ---------------------------------------------------------------------------------------------
# Files


def report_file_name(code: str, name: str, period: str, year: int, consolidated: bool = False) -> str:
    """ASCII, beginning with the unit code: “LOCAN_Xa_Loc_An_bao_cao_H1_2020.docx”."""
    kind = "tong_hop" if consolidated else "bao_cao"
    slug = ascii_slug(name, 40)
    return f"{ascii_slug(code, 30) or 'don_vi'}_{slug + '_' if slug else ''}{kind}_{PERIOD_CODES.get(period, 'ky')}_{year}.docx"


@dataclass(frozen=True)
class _UnitJob:
    path: str
    template: int | None                 # index of the shared template; None: rendered directly
    values: dict | None = None
    view: UnitView | None = None


@dataclass(frozen=True)
class _BodyJob:
    path: str
    content: ConsolidatedReportContent


def _write_job(templates: dict, job) -> str:
    """Write one draft (in a worker process, or here): its bytes built, then replaced atomically."""
    try:
        if isinstance(job, _BodyJob):
            document = render_consolidated_report(job.content)
            dw.save_document(document, Path(job.path))
        elif job.template is not None:
            write_bytes_atomically(Path(job.path), templates[job.template].fill(job.values))
        else:
            dw.save_document(render_unit_report(job.view), Path(job.path))
    except OSError as exc:
        raise XlqmsError(f"Không ghi được {job.path}: {exc.strerror or exc}. Đóng tệp nếu đang mở "
                         "trong Word, kiểm tra quyền ghi của thư mục, rồi chạy lại.") from exc
    return job.path


def plan_reports(campaign: Campaign, round_result: RoundResult, rollup: RollupResult, out_dir, *,
                 date: dt.date | None = None, files=(), as_of: dt.date | None = None):
    """(jobs, templates): every draft to write and the layouts shared by the unit reports."""
    out_dir = Path(out_dir)
    jobs: list = []
    templates: dict[int, DocxTemplate] = {}
    indexes: dict[tuple, int] = {}                # a layout's key -> its template (jobs hold the index only)
    for parent in rollup.parents:
        if parent.units_expected:
            path = out_dir / report_file_name(parent.code, parent.name, campaign.period, campaign.year, True)
            overview = build_overview(campaign, round_result, rollup, files, body=parent.code)
            jobs.append(_BodyJob(str(path), consolidated_content(campaign, round_result, rollup, parent.code, date,
                                                                 files, as_of, overview)))
    for unit in round_result.units:
        if not (unit.expected and unit.submitted):
            continue
        path = out_dir / report_file_name(unit.code, unit.name, campaign.period, campaign.year)
        content = unit_content(campaign, unit, date)
        view = unit_view(content)
        key = template_key(view)
        if key is None:
            jobs.append(_UnitJob(str(path), None, view=view))
            continue
        issuer = content.issuer
        index = indexes.get(key)
        if index is None:
            index = indexes[key] = len(indexes)
            templates[index] = unit_template(view, partial(_intro, content.year, content.when,
                                                           decision=content.decision))
        jobs.append(_UnitJob(str(path), index, unit_values(view, issuer.short_name, issuer.self_reference)))
    return jobs, templates


def write_round_reports(campaign: Campaign, round_result: RoundResult, rollup: RollupResult, out_dir, *,
                        date: dt.date | None = None, force: bool = False, progress=None, files=(),
                        as_of: dt.date | None = None, workers: int | None = None) -> list[Path]:
    """One report per unit that submitted and one consolidated report per unit with units below.

    ``date`` None leaves the documents' date to fill; ``as_of`` is the day the figures stand at
    (default today); ``files`` the store's records (who was late). ``progress(done, total)`` is
    called as files are written. ``workers``: processes (default: every core for a large round).
    Returns the paths, unit reports first.
    """
    out_dir = Path(out_dir)
    jobs, templates = plan_reports(campaign, round_result, rollup, out_dir, date=date, files=files, as_of=as_of)
    return write_planned(jobs, templates, out_dir, force=force, progress=progress, workers=workers)


def write_planned(jobs: list, templates: dict, out_dir: Path, *, force: bool = False, progress=None,
                  workers: int | None = None) -> list[Path]:
    """Write the drafts :func:`plan_reports` planned (refusing to overwrite without ``force``).

    The worker processes are forked with the objects made so far frozen (:func:`gc.freeze`): the
    collector never touches them in a worker, so their memory stays shared, not copied per worker.
    """
    existing = [Path(job.path) for job in jobs if Path(job.path).exists()]
    if existing and not force:
        shown = ", ".join(path.name for path in existing[:5]) + (" …" if len(existing) > 5 else "")
        raise OutputExistsError(f"Đã có {len(existing)} báo cáo trong {out_dir} ({shown}). "
                                "Chạy lại với --force để ghi đè, hoặc chọn thư mục khác bằng --out.")
    if workers is None:
        workers = worker_count(len(jobs), PARALLEL_THRESHOLD)
    total = len(jobs)
    if workers > 1:
        gc.collect()
        gc.freeze()
    try:
        written = [Path(path) for path in run_chunks(_write_job, templates, jobs, workers, CHUNK_SIZE,
                                                     (lambda done: progress(done, total)) if progress else None)]
    finally:
        if workers > 1:
            gc.unfreeze()
    units = [path for path, job in zip(written, jobs) if isinstance(job, _UnitJob)]
    return units + [path for path, job in zip(written, jobs) if isinstance(job, _BodyJob)]


def write_reports(folder, out_dir=None, *, date: dt.date | None = None, force: bool = False,
                  progress=None, workers: int | None = None) -> list[Path]:
    """Draft every report of the campaign in ``folder`` (default into ``folder/out/bao_cao/``).

    ``date``: the documents' date (None, the default: left to fill, highlighted); the figures stand
    at today. Returns the files written, unit reports first.
    """
    folder = Path(folder)
    target = Path(out_dir) if out_dir is not None else folder / REPORTS_FOLDER
    jobs, templates = _plan_folder(folder, target, date)          # the round is released once planned
    return write_planned(jobs, templates, target, force=force, progress=progress, workers=workers)


def _plan_folder(folder: Path, out_dir: Path, date: dt.date | None):
    loaded = load_round(folder)
    return plan_reports(loaded.campaign, loaded.round_result, loaded.rollup, out_dir, date=date, files=loaded.files,
                        as_of=dt.date.today())


def reports_summary(paths: Sequence[Path]) -> tuple[int, int]:
    """(unit reports, consolidated reports) among ``paths``."""
    consolidated = sum(1 for path in paths if "_tong_hop_" in path.name)
    return len(paths) - consolidated, consolidated
