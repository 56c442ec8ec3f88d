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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from xlqms import docx_writer as dw
from xlqms import layout
from xlqms.attainment import RoundResult
from xlqms.campaign import Campaign
from xlqms.catalogue import PERIOD_CODES, period_phrase
from xlqms.docx_template import DocxTemplate
from xlqms.errors import OutputExistsError, describe_os_error
from xlqms.inbox import refuse_own_target
from xlqms.overview import build_overview
from xlqms.report_consolidated import ConsolidatedReportContent, consolidated_content
from xlqms.report_content import (
    ObjectiveRow,
    UnitReportContent,
    achieved_text,
    issuer_for_unit,
    unit_content,
)
from xlqms.report_render import (
    UnitView,
    intro_sentences,
    render_consolidated_report,
    render_unit_report,
    template_key,
    unit_template,
    unit_values,
    unit_view,
)
from xlqms.rollup import RollupResult
from xlqms.round import load_round
from xlqms.spreadsheet import write_bytes_atomically
from xlqms.text import ascii_slug, distinct_file_names
from xlqms.workers import run_stream, worker_count

__all__ = ["ConsolidatedReportContent", "ObjectiveRow", "ReportsWritten", "UnitReportContent", "achieved_text",
           "consolidated_content", "period_phrase", "render_consolidated_report", "render_unit_report",
           "report_file_name", "unit_content", "write_reports", "write_round_reports"]

REPORTS_FOLDER = Path(layout.OUTPUT_DIR, layout.REPORTS_DIR)   # relative to the campaign folder
PARALLEL_THRESHOLD = 200
"""Reports written in this process up to this many; beyond, spread over the cores."""
CHUNK_SIZE = 64

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


def write_job(templates: dict, job) -> tuple[str, str]:
    """Write one draft (in a worker process, or here): its bytes built, then replaced atomically.

    Returns (path, "") when written, (path, why in Vietnamese) when it could not be (a .docx open in
    Word, a full disk): one draft that cannot be written never stops the others.
    """
    path = Path(job.path)
    try:
        if isinstance(job, _BodyJob):
            dw.save_document(render_consolidated_report(job.content), path)
        elif job.template is not None:
            write_bytes_atomically(path, templates[job.template].fill(job.values))
        else:
            dw.save_document(render_unit_report(job.view), path)
    except OSError as exc:
        return job.path, describe_os_error(exc, path)
    return job.path, ""


class ReportsWritten(list):
    """The reports written (a list of paths, unit reports first); ``failed``: (path, Vietnamese
    reason) of each one that could not be written (a .docx open in Word, a full disk…)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.failed: list[tuple[Path, str]] = []


@dataclass
class ReportPlan:
    """Every draft of a round: the consolidated reports' content, the unit reports' layouts, and the
    units whose drafts are made as they are written (:meth:`jobs`) — nothing held per unit meanwhile."""

    campaign: Campaign
    round_result: RoundResult
    out_dir: Path
    date: dt.date | None
    bodies: list[_BodyJob] = field(default_factory=list)
    templates: dict[int, DocxTemplate] = field(default_factory=dict)
    units: list[tuple[str, str, int | None]] = field(default_factory=list)   # (unit code, path, template)

    @property
    def paths(self) -> list[Path]:
        return [Path(path) for _code, path, _template in self.units] + [Path(job.path) for job in self.bodies]

    def __len__(self) -> int:
        return len(self.units) + len(self.bodies)

    def jobs(self) -> Iterator[_UnitJob | _BodyJob]:
        """The consolidated reports first (the slowest), then each unit's, its texts made just in time."""
        yield from self.bodies
        results = {unit.code: unit for unit in self.round_result.units}
        for code, path, template in self.units:
            view = unit_view(unit_content(self.campaign, results[code], self.date, self.round_result.previous))
            if template is None:
                yield _UnitJob(path, None, view=view)
            else:
                issuer = issuer_for_unit(self.campaign, code)
                yield _UnitJob(path, template, unit_values(view, issuer.short_name, issuer.self_reference))


def plan_reports(campaign: Campaign, round_result: RoundResult, rollup: RollupResult, out_dir, *,
                 date: dt.date | None = None, files=(), as_of: dt.date | None = None) -> ReportPlan:
    """The drafts to write: each consolidated report's content, each unit report's layout (rendered
    once per distinct layout, :func:`xlqms.report_render.unit_template`)."""
    plan = ReportPlan(campaign, round_result, Path(out_dir), date)
    names = distinct_file_names(
        {**{("body", parent.code): report_file_name(parent.code, parent.name, campaign.period, campaign.year, True)
            for parent in rollup.parents},
         **{("unit", unit.code): report_file_name(unit.code, unit.name, campaign.period, campaign.year)
            for unit in round_result.units}})
    for parent in rollup.parents:
        if parent.units_expected:
            body_path = plan.out_dir / names[("body", parent.code)]
            overview = build_overview(campaign, round_result, rollup, files, body=parent.code)
            plan.bodies.append(_BodyJob(str(body_path), consolidated_content(campaign, round_result, rollup, parent.code,
                                                                        date, files, as_of, overview)))
    indexes: dict[tuple, int] = {}                # a layout's key -> its template
    for unit in round_result.units:
        if not (unit.expected and unit.submitted):
            continue
        path = str(plan.out_dir / names[("unit", unit.code)])
        content = unit_content(campaign, unit, date, round_result.previous)
        view = unit_view(content)
        key = template_key(view)
        index = indexes.get(key) if key is not None else None
        if key is not None and index is None:
            index = indexes[key] = len(indexes)
            plan.templates[index] = unit_template(view, partial(intro_sentences, content.year, content.when,
                                                                decision=content.decision))
        plan.units.append((unit.code, path, index))
    return plan


def write_round_reports(campaign: Campaign, round_result: RoundResult, rollup: RollupResult, out_dir, *,
                        date: dt.date | None = None, force: bool = False, progress=None, files=(),
                        as_of: dt.date | None = None, workers: int | None = None) -> ReportsWritten:
    """One report per unit that submitted and one consolidated report per unit with units below.

    ``date`` None leaves the documents' date to fill; ``as_of`` is the day the figures stand at
    (default today); ``files`` the store's records (who was late). ``progress(done, total)`` is
    called as files are written. ``workers``: processes (default: every core for a large round).
    Returns the paths written, unit reports first; a file that cannot be written (OSError) does not
    stop the others: it is listed in the result's ``failed``.
    """
    plan = plan_reports(campaign, round_result, rollup, out_dir, date=date, files=files, as_of=as_of)
    return write_planned(plan, force=force, progress=progress, workers=workers)


def write_planned(plan: ReportPlan, *, force: bool = False, progress=None,
                  workers: int | None = None) -> ReportsWritten:
    """Write the drafts of ``plan`` (refusing to overwrite without ``force``), unit reports first.

    The jobs are made as the workers take them (a bounded number in flight): memory does not grow
    with the number of reports. The worker processes start with the objects made so far frozen
    (:func:`gc.freeze`): the collector never touches them in a worker, so with a forking start
    their memory stays shared, not copied per worker.
    """
    existing = [path for path in plan.paths if path.exists()]
    if existing and not force:
        shown = ", ".join(path.name for path in existing[:5]) + (" …" if len(existing) > 5 else "")
        raise OutputExistsError(f"Đã có {len(existing)} báo cáo trong {plan.out_dir} ({shown}). "
                                "Chạy lại với --force để ghi đè, hoặc chọn thư mục khác bằng --out.")
    total = len(plan)
    if workers is None:
        workers = worker_count(total, PARALLEL_THRESHOLD)
    if workers > 1:
        gc.collect()
        gc.freeze()
    failed: dict[str, str] = {}
    try:
        for path, why in run_stream(write_job, plan.templates, plan.jobs(), workers, CHUNK_SIZE,
                                    (lambda done: progress(done, total)) if progress else None):
            if why:
                failed[path] = why
    finally:
        if workers > 1:
            gc.unfreeze()
    written = ReportsWritten(path for path in plan.paths if str(path) not in failed)
    written.failed = [(Path(path), why) for path, why in failed.items()]
    return written


def write_reports(folder, out_dir=None, *, date: dt.date | None = None, force: bool = False,
                  progress=None, workers: int | None = None) -> ReportsWritten:
    """Draft every report of the campaign in ``folder`` (default into ``folder/out/bao_cao/``).

    ``date``: the documents' date (None, the default: left to fill, highlighted); the figures stand
    at today. Returns the files written, unit reports first, and those that could not be (``failed``).
    """
    folder = Path(folder)
    target = Path(out_dir) if out_dir is not None else folder / REPORTS_FOLDER
    refuse_own_target(target, folder)
    loaded = load_round(folder)
    plan = plan_reports(loaded.campaign, loaded.round_result, loaded.rollup, target, date=date, files=loaded.files,
                        as_of=dt.date.today())
    del loaded                                    # the plan keeps the campaign and results, not the store's records
    return write_planned(plan, force=force, progress=progress, workers=workers)


def reports_summary(paths: Sequence[Path]) -> tuple[int, int]:
    """(unit reports, consolidated reports) among ``paths``."""
    consolidated = sum(1 for path in paths if "_tong_hop_" in path.name)
    return len(paths) - consolidated, consolidated
