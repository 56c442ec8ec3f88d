"""One workbook per unit: ``generate_workbooks(campaign)`` writes them, a manifest, and reports.

Speed without a second layout: units that share the same indicators (a *shape*) share one
workbook built once with openpyxl from the master template (:mod:`xlqms.template`), with
placeholder tokens where the unit's code and name go. Each unit's file is that workbook with the
few XML parts holding a token rewritten (shared strings, defined names, document properties),
every other part copied as already-compressed bytes (:mod:`xlqms.workbook_shape`). :func:`_build_workbook_plain` builds the same
workbook the plain way (openpyxl, real values); a test compares the two cell by cell.

Output: ``DIR/out/workbooks/<code>_<Ascii_Name>.xlsx`` and ``manifest.csv`` beside them
(``Mã đơn vị, Tên đơn vị, Tệp, SHA-256``). A unit that fails becomes a finding, not a stop.

With `Đợt trước` set, each unit's Kết quả kỳ trước cells are filled from the previous round
(:func:`xlqms.trends.previous_cells`: carried baselines, locked; previous values for reference).
Units share a shape when they also share which rows are filled that way; on the fast path those
cells hold a number sentinel and their comments a token, replaced per unit like the unit's name.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

from xlqms import layout
from xlqms.campaign import Campaign
from xlqms.catalogue import period_phrase
from xlqms.errors import OutputExistsError, describe_os_error
from xlqms.findings import Code, Finding, finding
from xlqms.inbox import refuse_own_target
from xlqms.previous import load_previous
from xlqms.signature import secret_for_generate, signature_for
from xlqms.spreadsheet import write_bytes_atomically
from xlqms.template import template_bytes
from xlqms.template_fill import fill_template
from xlqms.text import ascii_slug, csv_cell, csv_value, distinct_file_names, nfc, xml_text
from xlqms.trends import PreviousCell, PreviousRoundInfo, PreviousValues, previous_cells
from xlqms.workbook_shape import NUMBER_SENTINEL, TOKEN, ShapePart, splice_parts, split_parts
from xlqms.workers import run_chunks, worker_count
from xlqms.zip_parts import zip_stamp

PARALLEL_THRESHOLD = 200
"""Runs with more units than this use worker processes (one per core)."""

CHUNK_SIZE = 64

UNIT_PLACEHOLDERS = ("unit_code", "unit_name", "UNIT_NAME", "signature")
"""Placeholders that differ between the units of one shape (everything else is per campaign)."""

_UBND_PREFIX = re.compile(r"^\s*(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

MANIFEST_HEADERS = ("Mã đơn vị", "Tên đơn vị", "Tệp", "SHA-256")

_PREVIOUS_NOTE = "previous_note_{}"      # the placeholder of the i-th previous-round cell's comment


@dataclass(frozen=True)
class ManifestRow:
    unit_code: str
    unit_name: str
    file: str          # file name, relative to the output folder
    sha256: str


@dataclass(frozen=True)
class GenerationResult:
    out_dir: Path
    rows: tuple[ManifestRow, ...]
    findings: tuple[Finding, ...] = ()
    manifest_path: Path | None = None
    skipped: tuple[str, ...] = field(default=())   # unit codes with no applicable objective
    previous: PreviousRoundInfo | None = None      # the round the Kết quả kỳ trước cells came from
    carried: int = 0                               # cells holding a carried baseline (locked)
    for_reference: int = 0                         # cells holding a previous value for reference

    def previous_line(self) -> str:
        """What `xlqms generate` says about the previous round ('' without one)."""
        if self.previous is None:
            return ""
        return (f"Kết quả kỳ trước ({period_phrase(self.previous.period, self.previous.year)}, mã đợt "
                f"{self.previous.campaign_id}): {self.carried} ô mức cơ sở mang sang (đã khóa), "
                f"{self.for_reference} ô để tham khảo.")

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(self.out_dir / row.file for row in self.rows)

    @property
    def ok(self) -> bool:
        return not any(finding.is_error for finding in self.findings)


# ---------------------------------------------------------------------------------------------
# Names and values


def default_output_dir(campaign: Campaign) -> Path:
    """``DIR/out/workbooks``."""
    return layout.output_path(campaign.folder, layout.WORKBOOKS_DIR)


def workbook_file_name(unit) -> str:
    """``27280_Phuong_Loc_An.xlsx``: the unit code first, then an ASCII slug of the name."""
    code = re.sub(r"[^0-9A-Za-z._-]+", "_", nfc(unit.code)).strip("._") or "don_vi"
    slug = ascii_slug(unit.name)
    return f"{code}_{slug}.xlsx" if slug else f"{code}.xlsx"


def _clean(text) -> str:
    """A code or an identifier for the workbook: NFC, the characters XML cannot hold left out (it must
    read back as the campaign has it, so nothing else is touched)."""
    return _CONTROL.sub("", nfc(text))


def _shown(text) -> str:
    """A name or title the unit reads in its workbook (None: ""): :func:`xlqms.text.xml_text` (terminal sequences
    and bidirectional controls left out whole, a pasted vertical tab made a line break), NFC."""
    return nfc(xml_text(nfc(text)))


def header_name(name: str) -> str:
    """The unit's name for the header block: 'UBND Phường Lộc An' -> 'PHƯỜNG LỘC AN'."""
    return _UBND_PREFIX.sub("", _shown(name)).upper()


def unit_values(unit, campaign: Campaign | None = None) -> dict[str, str]:
    """The unit's placeholder values; with ``campaign``, its workbook's signature too (see
    :mod:`xlqms.signature`; the campaign's secret is created on first use), else '' (unsigned)."""
    values = {"unit_code": _clean(unit.code), "unit_name": _shown(unit.name), "UNIT_NAME": header_name(unit.name),
              "signature": ""}
    if campaign is not None:
        identity = {layout.ID_CAMPAIGN: _clean(campaign.id), layout.ID_YEAR: str(campaign.year),
                    layout.ID_PERIOD: campaign.period, layout.ID_UNIT_CODE: values["unit_code"],
                    layout.ID_TEMPLATE_VERSION: layout.TEMPLATE_VERSION,
                    layout.ID_INDICATORS: ",".join(shape_key(campaign.objectives_for(unit)))}
        values["signature"] = signature_for(campaign, identity)
    return values


def campaign_values(campaign: Campaign) -> dict[str, str]:
    settings = campaign.settings
    issuer = _shown(settings.issuer)
    contact = _shown(settings.contact) or (f"Thư ký ISO của {issuer}" if issuer else "nơi đã gửi tệp này")
    due = settings.due_date.strftime("%d/%m/%Y") if settings.due_date else "theo văn bản hướng dẫn của đợt báo cáo"
    period_year = period_phrase(settings.period, settings.year)
    return {
        "period": settings.period, "PERIOD": settings.period.upper(), "year": str(settings.year),
        "period_year": period_year, "PERIOD_YEAR": period_year.upper(),
        "campaign_id": _clean(campaign.id), "campaign_title": _shown(settings.display_title),
        "due_date": due, "contact": contact, "issuer": issuer or "Cơ quan chủ trì", "ISSUER": (issuer or "").upper(),
    }


def identity_values(campaign: Campaign, objectives, unit_value: dict[str, str], generated_at: str) -> dict[str, str]:
    codes = [indicator.code for objective in objectives for indicator in objective.indicators]
    return {
        layout.ID_CAMPAIGN: _clean(campaign.id),
        layout.ID_CAMPAIGN_TITLE: _shown(campaign.settings.display_title),
        layout.ID_YEAR: str(campaign.year),
        layout.ID_PERIOD: campaign.period,
        layout.ID_UNIT_CODE: unit_value["unit_code"],
        layout.ID_UNIT_NAME: unit_value["unit_name"],
        layout.ID_TEMPLATE_VERSION: layout.TEMPLATE_VERSION,
        layout.ID_INDICATORS: ",".join(codes),
        layout.ID_GENERATED_AT: generated_at,
        layout.ID_SIGNATURE: unit_value.get("signature", ""),
    }


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


# ---------------------------------------------------------------------------------------------
# Building workbooks


def shape_key(objectives) -> tuple[str, ...]:
    """The indicator codes of a unit's objectives: units with the same key share one workbook layout."""
    return tuple(indicator.code for objective in objectives for indicator in objective.indicators)


def unit_previous_cells(objectives, unit, previous: PreviousValues | None) -> dict[str, PreviousCell]:
    """The unit's Kết quả kỳ trước cells from the previous round (:func:`xlqms.trends.previous_cells`)."""
    return previous_cells([indicator for objective in objectives for indicator in objective.indicators], unit,
                          previous)


def previous_key(cells: dict[str, PreviousCell]) -> tuple[str, ...]:
    """What the units of one shape share of their previous-round cells: rows, baseline or reference, format."""
    return tuple(f"{code}:{'baseline' if cell.baseline else 'reference'}:{'percent' if cell.percent else 'number'}"
                 for code, cell in cells.items())


def _token_cells(cells: dict[str, PreviousCell]) -> dict[str, PreviousCell]:
    """The shape's stand-ins of a unit's previous-round cells: a number sentinel and a comment token each."""
    return {code: PreviousCell(NUMBER_SENTINEL - index, TOKEN.format(_PREVIOUS_NOTE.format(index)), cell.baseline,
                               cell.percent)
            for index, (code, cell) in enumerate(cells.items())}


def _cell_number(value) -> str:
    """A number as a cell's <v> holds it (as openpyxl writes it)."""
    return str(value) if isinstance(value, int) else repr(float(value))


def sizing_values(units) -> dict[str, str]:
    """The longest text of each unit placeholder among ``units`` (what rows are sized for)."""
    values = [unit_values(unit) for unit in units]
    return {key: max((value[key] for value in values), key=len, default="") for key in UNIT_PLACEHOLDERS}


def units_sharing_shape(campaign: Campaign, unit) -> list:
    """The units with the same objectives as ``unit`` (``unit`` included)."""
    key = shape_key(campaign.objectives_for(unit))
    return [other for other in campaign.units_with_objectives() if shape_key(campaign.objectives_for(other)) == key]


def _build(campaign: Campaign, objectives, unit_value: dict[str, str], generated_at: str, sizing: dict[str, str],
           previous: dict[str, PreviousCell] | None = None):
    workbook = load_workbook(io.BytesIO(template_bytes()))
    values = {**campaign_values(campaign), **unit_value}
    identity = identity_values(campaign, objectives, unit_value, generated_at)
    fill_template(workbook, campaign, objectives, values, identity, sizing, previous)
    return workbook


def _build_workbook_plain(campaign: Campaign, unit, generated_at: str | None = None,
                          previous: PreviousValues | None = None):
    """One unit's workbook built directly with openpyxl (the reference the fast path must equal).

    Its rows are sized, as on the fast path, for the longest name among the units sharing its layout.
    ``previous``: the previous round (:func:`xlqms.previous.load_previous`), for its Kết quả kỳ trước cells.
    """
    objectives = campaign.objectives_for(unit)
    return _build(campaign, objectives, unit_values(unit, campaign), generated_at or _now(),
                  sizing_values(units_sharing_shape(campaign, unit)), unit_previous_cells(objectives, unit, previous))


def _to_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class _PlainBuild:
    """What it takes to build a unit's workbook directly (a shape whose tokens could not be spliced safely)."""

    campaign: Campaign
    objectives: tuple
    generated_at: str
    sizing: dict[str, str]


@dataclass(frozen=True)
class Shape:
    """A workbook built once for every unit with these indicators, with tokens for the unit.

    ``plain`` is set instead when a token landed somewhere a splice is not known to be safe:
    each unit's workbook is then built directly (slower, the same content).
    """

    members: tuple[ShapePart, ...]
    stamp: tuple[int, int]           # zip (time, date)
    plain: _PlainBuild | None = None
    previous_codes: tuple[str, ...] = ()   # the rows whose Kết quả kỳ trước comes from the previous round


def build_shape(campaign: Campaign, objectives, generated_at: str, sizing: dict[str, str] | None = None,
                previous: dict[str, PreviousCell] | None = None) -> Shape:
    """The shape of the workbooks of every unit with ``objectives``; rows sized for ``sizing``
    (:func:`sizing_values` of the units sharing it; default: the tokens' own length). ``previous``:
    the previous-round cells of one unit of the shape (:func:`unit_previous_cells`): the shape
    holds stand-ins for them, filled per unit by :func:`fill_shape`."""
    tokens = {key: TOKEN.format(key) for key in UNIT_PLACEHOLDERS}
    sizing = dict(sizing or {})
    previous = previous or {}
    workbook = _build(campaign, objectives, tokens, generated_at, sizing, _token_cells(previous))
    codes = tuple(previous)
    members = split_parts(_to_bytes(workbook), numbers=bool(codes))
    if members is None:
        return Shape((), (0, 0), _PlainBuild(campaign, tuple(objectives), generated_at, sizing), previous_codes=codes)
    return Shape(members, zip_stamp(), previous_codes=codes)


def fill_shape(shape: Shape, values: dict[str, str], previous: dict[str, PreviousCell] | None = None) -> bytes:
    """The bytes of one unit's workbook: the shape with its tokens replaced by ``values``, and its
    previous-round cells by the unit's ``previous`` (:func:`unit_previous_cells`, same rows as the shape's)."""
    previous = previous or {}
    if shape.plain is not None:
        build = shape.plain
        return _to_bytes(_build(build.campaign, build.objectives, values, build.generated_at, build.sizing,
                                previous))
    values = dict(values)
    numbers = {}
    for index, code in enumerate(shape.previous_codes):
        values[_PREVIOUS_NOTE.format(index)] = previous[code].note
        numbers[f"<v>{NUMBER_SENTINEL - index}</v>"] = f"<v>{_cell_number(previous[code].value)}</v>"
    return splice_parts(shape.members, shape.stamp, {TOKEN.format(key): value for key, value in values.items()},
                        numbers)


def build_workbook_bytes(campaign: Campaign, unit, generated_at: str | None = None,
                         previous: PreviousValues | None = None) -> bytes:
    """One unit's workbook through the fast path (build its shape, fill it); ``previous`` as for
    :func:`_build_workbook_plain`."""
    objectives = campaign.objectives_for(unit)
    cells = unit_previous_cells(objectives, unit, previous)
    shape = build_shape(campaign, objectives, generated_at or _now(), sizing_values(units_sharing_shape(campaign, unit)),
                        cells)
    return fill_shape(shape, unit_values(unit, campaign), cells)


# ---------------------------------------------------------------------------------------------
# Writing many


@dataclass(frozen=True)
class _Job:
    shape: tuple[str, ...]
    code: str
    name: str
    values: dict
    path: str
    previous: dict = field(default_factory=dict)   # indicator code -> PreviousCell


def _write_job(shape: Shape, job: _Job):
    try:
        data = fill_shape(shape, job.values, job.previous)
        write_bytes_atomically(job.path, data)
        return ManifestRow(job.code, job.name, Path(job.path).name, hashlib.sha256(data).hexdigest())
    except Exception as exc:  # noqa: BLE001 - one bad unit must not stop the others
        return _failure(job.code, Path(job.path).name, exc, job.path)


def _failure(code: str, file: str, exc: BaseException, path=None) -> Finding:
    if isinstance(exc, OSError):        # the file could not be written (open in Excel, full disk…): say where
        where = path if exc.filename is None else None
        return finding(Code.WORKBOOK_NOT_GENERATED,
                       f"Không ghi được tệp cho đơn vị {code}. {describe_os_error(exc, where)} Sau đó chạy lại với --unit "
                       f"{code} --force.", file=file, indicator=None)
    return finding(Code.WORKBOOK_NOT_GENERATED,
                 f"Không tạo được tệp cho đơn vị {code}: {exc.__class__.__name__}: {exc}. "
                 "Kiểm tra tên, mã đơn vị và mục tiêu của đơn vị trong campaign.xlsx, rồi chạy lại với --unit "
                 f"{code} --force.", file=file, indicator=None)


def _write_job_of(shapes: dict[tuple[str, ...], Shape], job: _Job) -> ManifestRow | Finding:
    """One unit's workbook, from the shapes built once (the workers' context)."""
    return _write_job(shapes[job.shape], job)


def generate_workbooks(campaign: Campaign, out_dir=None, force: bool = False, unit_codes: Iterable[str] | None = None,
                       progress: Callable[[int, int], None] | None = None, workers: int | None = None,
                       generated_at: str | None = None, previous: PreviousValues | None = None) -> GenerationResult:
    """Write one workbook per unit that has objectives, and ``manifest.csv``; return what was done.

    ``unit_codes`` limits the run to those units (the manifest keeps the other rows).
    Raises :class:`~xlqms.errors.OutputExistsError` if a file would be overwritten without
    ``force``. ``progress(done, total)`` is called as files are written. ``workers``: processes
    to use (default: every core when there are more than :data:`PARALLEL_THRESHOLD` units).
    ``previous``: the previous round; by default read from `Đợt trước` (:func:`xlqms.previous.load_previous`),
    its findings among the result's.
    """
    out_dir = Path(out_dir) if out_dir else default_output_dir(campaign)
    generated_at = generated_at or _now()
    findings: list[Finding] = []
    if previous is None:
        previous, found = load_previous(campaign)
        findings += found
    units = campaign.units_with_objectives()
    with_objectives = {unit.code for unit in units}
    skipped = tuple(unit.code for unit in campaign.units if unit.code not in with_objectives)
    if unit_codes is not None:
        wanted = [nfc(code) for code in unit_codes]
        for code in wanted:
            if code not in campaign.units:
                findings.append(finding(Code.UNKNOWN_UNIT, f"Không có đơn vị mã “{code}” trong campaign.xlsx (trang Đơn vị). "
                                      "Kiểm tra lại mã đơn vị.", file=layout.CAMPAIGN_FILE))
            elif code not in with_objectives:
                findings.append(finding(Code.UNIT_WITHOUT_OBJECTIVES, f"Đơn vị {code} không có mục tiêu nào áp dụng, "
                                        "nên không có tệp. Xem cột “Áp dụng cho” của trang Mục tiêu.",
                                        file=layout.CAMPAIGN_FILE))
        units = [unit for unit in units if unit.code in set(wanted)]

    manifest_path = out_dir / layout.MANIFEST_FILE
    names = distinct_file_names({unit.code: workbook_file_name(unit) for unit in campaign.units_with_objectives()})
    jobs_by_unit = {unit.code: out_dir / names[unit.code] for unit in units}
    existing = [path for path in jobs_by_unit.values() if path.exists()]
    if unit_codes is None and manifest_path.exists():
        existing.append(manifest_path)
    if existing and not force:
        shown = ", ".join(path.name for path in existing[:3]) + ("…" if len(existing) > 3 else "")
        raise OutputExistsError(
            f"Thư mục {out_dir} đã có {len(existing)} tệp của lần tạo trước ({shown}). "
            "Thêm --force để ghi đè, hoặc chọn thư mục khác bằng --out."
        )
    if getattr(campaign, "folder", None) is not None:
        refuse_own_target(out_dir, campaign.folder)
    secret_for_generate(getattr(campaign, "folder", None), out_dir, whole_round=unit_codes is None, force=force)
    out_dir.mkdir(parents=True, exist_ok=True)

    shapes: dict[tuple[str, ...], Shape | Exception] = {}
    jobs: list[_Job] = []
    results: list = []
    sharing: dict[tuple[str, ...], list] = {}      # every unit of the campaign by shape: rows fit the longest name
    for unit in campaign.units_with_objectives():
        sharing.setdefault(shape_key(campaign.objectives_for(unit)), []).append(unit)
    for unit in units:
        objectives = campaign.objectives_for(unit)
        codes = shape_key(objectives)
        cells = unit_previous_cells(objectives, unit, previous)
        key = codes + previous_key(cells)
        path = jobs_by_unit[unit.code]
        if key not in shapes:
            try:
                shapes[key] = build_shape(campaign, objectives, generated_at, sizing_values(sharing[codes]), cells)
            except Exception as exc:  # noqa: BLE001 - recorded for every unit of the shape
                shapes[key] = exc
        built = shapes[key]
        if isinstance(built, Exception):
            results.append(_failure(unit.code, path.name, built))
            continue
        jobs.append(_Job(key, unit.code, _shown(unit.name), unit_values(unit, campaign), str(path), cells))
    good_shapes = {key: shape for key, shape in shapes.items() if isinstance(shape, Shape)}

    total = len(units)
    done = len(results)
    if progress:
        progress(done, total)
    if workers is None:
        workers = worker_count(len(jobs), PARALLEL_THRESHOLD)
    results.extend(run_chunks(_write_job_of, good_shapes, jobs, workers, CHUNK_SIZE,
                              progress=(lambda written: progress(done + written, total)) if progress else None))

    rows = [result for result in results if isinstance(result, ManifestRow)]
    findings += [result for result in results if isinstance(result, Finding)]
    order = {unit.code: index for index, unit in enumerate(campaign.units)}
    rows.sort(key=lambda row: order.get(row.unit_code, len(order)))
    manifest_rows = rows
    if unit_codes is not None and manifest_path.exists():
        kept = [row for row in read_manifest(manifest_path) if row.unit_code not in {r.unit_code for r in rows}]
        manifest_rows = sorted(kept + rows, key=lambda row: order.get(row.unit_code, len(order)))
    write_manifest(manifest_path, manifest_rows)
    written = {row.unit_code for row in rows}
    filled = [cell for job in jobs if job.code in written for cell in job.previous.values()]
    return GenerationResult(out_dir, tuple(rows), tuple(findings), manifest_path, skipped,
                            previous.info if previous is not None else None,
                            sum(1 for cell in filled if cell.baseline), sum(1 for cell in filled if not cell.baseline))


def write_manifest(path, rows: Iterable[ManifestRow]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MANIFEST_HEADERS)
    for row in rows:
        writer.writerow([csv_cell(value) for value in (row.unit_code, row.unit_name, row.file, row.sha256)])
    write_bytes_atomically(path, buffer.getvalue().encode("utf-8-sig"))


def read_manifest(path) -> list[ManifestRow]:
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        next(reader, None)
        return [ManifestRow(*(csv_value(value) for value in row[:4])) for row in reader if len(row) >= 4]
