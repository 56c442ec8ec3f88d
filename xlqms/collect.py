"""`xlqms collect DIR PATH...`: take in returned files, keep every one, record what they say.

For each file under PATH (folders are walked; see :mod:`xlqms.inbox` for what is taken in): hash it
(sha256), check it for hostile content, read and validate it, write an annotated copy when its
values have errors; then archive the bytes untouched in ``DIR/archive/<sha256><ext>`` (atomic
write), journal the file (:mod:`xlqms.journal`, fsync'd) and record the facts in the store, in that
order — one transaction per batch of files, so a collect killed half-way and run again ends in the
same state as one clean run. Files whose (path, size, mtime) the store already knows are not read again, so
re-collecting a folder with nothing new costs one ``stat`` per file.

Every file is read in a worker process under memory and time limits (:mod:`xlqms.isolation`): a
file that kills its reader (a native abort, out of memory, a timeout) is archived and recorded as
rejected (``reader-crashed``, ``reading-timed-out``), and the others are recorded as usual. The
parent alone writes SQLite and the archive (a worker hands the bytes it read back with its
result). Killing collect ends its workers; its lock dies with it (:mod:`xlqms.campaign_lock`), and
the next run sweeps what it left half-written.

Files are taken in in the order they were received (:func:`xlqms.file_time.received_time`, then
path): of two valid files of one unit collected together, the one received later supersedes the
other — unless its content is older than the current one (:mod:`xlqms.recording`: held for review).
``collect(DIR, rebuild=…)``: see :mod:`xlqms.rebuild`.
"""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from stat import S_ISREG

from xlqms import layout
from xlqms.annotate import annotate_workbook, correction_file_name, resend_date
from xlqms.campaign import Campaign, read_campaign
from xlqms.campaign_lock import exclusive_collect, terminate_as_interrupt
from xlqms.codes import FileState
from xlqms.errors import describe_os_error
from xlqms.file_time import received_time
from xlqms.findings import Code, Finding, Location, finding
from xlqms.folder_paths import removable_correction
from xlqms.inbox import find_inbox
from xlqms.isolation import CRASHED, TIMEOUT, Limits, run_isolated
from xlqms.read import ReadResult, identify_oversized, read_returned_file, unreadable
from xlqms.record_check import check_record, check_same_round
from xlqms.recording import FileOutcome, Recorder
from xlqms.safety import check_bytes, check_size
from xlqms.spreadsheet import copy_named_by_content, write_bytes_atomically
from xlqms.store import Store, record_files
from xlqms.store_values import storable_ns
from xlqms.text import path_text
from xlqms.workers import worker_count

__all__ = ["CollectReport", "FileOutcome", "IngestContext", "collect", "drop_replaced_corrections", "exclusive_collect",
           "find_files", "ingest"]

PARALLEL_THRESHOLD = 48      # more new files than this: one worker per core (else one worker)

LOCK_FILE = layout.LOCK_FILE

FILE_STATE_LABELS = {state.value: state.label for state in FileState}
"""What became of a file taken in, as officials read it (kept for scripts; see :class:`xlqms.codes.FileState`)."""
CHUNK_SIZE = 32
CHUNK_BYTES = 16 * 1024 * 1024
"""Bytes of files in one chunk at most: a worker hands each file's bytes back for archiving, so a chunk's
results (in the worker, then in the parent while a few chunks wait their turn) are bounded by this, not
by 32 files of up to 20 MB each (100 files of 8 MB took collect to 800 MB)."""
BATCH_SIZE = 200             # files per SQLite transaction
HASH_BLOCK = 1 << 20


@dataclass(frozen=True)
class CollectReport:
    """What one collect did. ``unchanged``: files skipped because nothing changed since last time;
    ``skipped``: paths passed over (links, special files); ``recovered``: files a killed collect had
    archived and journaled but not recorded, recorded now from the archive."""

    folder: Path
    outcomes: tuple[FileOutcome, ...] = ()
    unchanged: int = 0
    counts: dict[str, int] = field(default_factory=dict)   # state value -> files of this run
    skipped: tuple[Finding, ...] = ()
    recovered: int = 0
    unit_names: dict[str, str] = field(default_factory=dict)   # unit code -> name, for the units of this run

    @property
    def has_problems(self) -> bool:
        """Whether a file of this run was rejected, needs correction or could not be read (exit 4)."""
        problems = (FileState.REJECTED, FileState.NEEDS_CORRECTION, FileState.UNREADABLE, FileState.HELD,
                    FileState.BLANK)
        return any(o.state in problems for o in self.outcomes)

    def to_dict(self) -> dict:
        return {
            "folder": str(self.folder), "unchanged": self.unchanged, "counts": self.counts,
            "recovered": self.recovered, "skipped": [f.to_dict() for f in self.skipped],
            "files": [{"path": o.path, "name": o.name, "checksum": o.checksum, "unit": o.unit_code,
                       "unit_name": self.unit_names.get(o.unit_code or ""),
                       "state": o.state, "new": o.new, "annotated": o.annotated_path,
                       "findings": [f.to_dict() for f in o.findings]} for o in self.outcomes],
        }


@dataclass(frozen=True)
class Ingested:
    """One file after a worker (or the fallback) handled it: what the recorder needs."""

    path: str
    size: int
    mtime_ns: int
    checksum: str | None
    known: bool = False                  # bytes already in the store: not read again
    result: ReadResult | None = None
    annotated_path: str | None = None
    extra: tuple[Finding, ...] = ()
    name: str = ""                       # the name it arrived under ('' = the path's)
    unarchived: bytes | None = None      # the bytes, for the parent to archive (see :func:`run_ingest`)

    @property
    def file_name(self) -> str:
        return self.name or Path(self.path).name


def find_files(paths: Iterable, folder: Path) -> list[Path]:
    """Every file under ``paths`` (folders walked, links not followed), minus xlqms's own files."""
    return list(find_inbox(paths, folder).files)


# -- per file work (runs in worker processes) ---------------------------------------------------------


@dataclass(frozen=True)
class IngestContext:
    """What every file of one collect run is checked against: the campaign, its folder, the known bytes."""

    campaign: Campaign
    folder: Path
    known: frozenset[str]      # checksums the store already holds: archived, not read again
    today: dt.date | None = None   # the collect's date: a correction copy's resend date counts from it
    from_archive: bool = False     # reading the archive's own copies (rebuild, recovery): a link there is not
                                   # followed (a copy is a file, never a way to another place), nothing is written there


def _archive(folder: Path, checksum: str, extension: str, data: bytes) -> Path:
    """Keep a file's bytes as ``archive/<checksum><extension>`` (a copy already there is kept)."""
    target = folder / layout.ARCHIVE_DIR / f"{checksum}{extension}"
    try:
        found = os.lstat(target)           # a link put there is replaced by the copy, never taken for it
        if S_ISREG(found.st_mode) and found.st_size == len(data):
            return target
    except FileNotFoundError:
        pass
    return write_bytes_atomically(target, data)


def extension_of(path: Path | str) -> str:
    suffix = Path(path).suffix.lower()
    return suffix if suffix.isascii() and len(suffix) <= 8 and suffix[1:].isalnum() else ""


def _job_of(job) -> tuple[str, str]:
    """(path to read, name it arrived under) of a job: a path, or such a pair (a rebuild's)."""
    if isinstance(job, tuple):
        return job
    return str(job), path_text(Path(str(job)).name)


def _regular_stat(path: Path, follow: bool = True) -> os.stat_result:
    """``path``'s stat; OSError when it is not a regular file (by now: a FIFO would block its reader), nor
    a link when ``follow`` is False."""
    found = path.stat() if follow else path.lstat()
    if not S_ISREG(found.st_mode):
        raise OSError(errno.EINVAL, "không phải tệp thường (thư mục, FIFO, thiết bị…)", str(path))
    return found


def ingest(context: IngestContext, job) -> Ingested:
    """Hash, check, read, annotate one file. Never raises for anything in the file.

    ``job`` is the file's path, or (path, the name it arrived under). The bytes come back in
    :attr:`Ingested.unarchived` for :func:`run_ingest` to archive in the parent, one writer for the
    archive folder (a file too large to hold in memory is archived here, copied from its path).
    """
    campaign, folder, known = context.campaign, context.folder, context.known
    path_text, name = _job_of(job)
    path = Path(path_text)
    try:
        stat = _regular_stat(path, follow=not context.from_archive)
    except OSError as exc:
        return Ingested(path_text, 0, 0, None, extra=(unreadable(name, exc),), name=name)
    try:
        too_large = check_size(name, stat.st_size)
        if too_large is not None:   # streamed: never held in memory; the bytes as they were when seen
            checksum, _ = copy_named_by_content(path, folder / layout.ARCHIVE_DIR, extension_of(name), stat.st_size)
            return Ingested(path_text, stat.st_size, stat.st_mtime_ns, checksum,
                            result=identify_oversized(path, campaign, too_large, name=name), name=name)
        with open(path, "rb") as stream:
            data = stream.read(stat.st_size)      # a file still growing is read as it was when seen
    except OSError as exc:
        return Ingested(path_text, stat.st_size, stat.st_mtime_ns, None, extra=(unreadable(name, exc),), name=name)
    checksum = hashlib.sha256(data).hexdigest()
    if checksum in known:
        return Ingested(path_text, len(data), stat.st_mtime_ns, checksum, known=True, name=name, unarchived=data)
    try:
        result = read_returned_file(data, name, campaign, check_bytes(data, name))
    except Exception as exc:  # noqa: BLE001 - last resort: the file is recorded as unreadable
        result = ReadResult(name, "rejected", (unreadable(name, exc),))
    annotated = None
    extra: tuple[Finding, ...] = ()
    if result.verdict == "errors":
        annotated, extra = _annotate(context, data, result)
    return Ingested(path_text, len(data), stat.st_mtime_ns, checksum, result=result, annotated_path=annotated,
                    extra=extra, name=name, unarchived=data)


def _annotate(context: IngestContext, data: bytes, result: ReadResult):
    out = layout.output_path(context.folder, layout.CORRECTIONS_DIR,
                             correction_file_name(result.unit_code, result.file))
    unit = context.campaign.units.get(result.unit_code) if result.unit_code else None
    resend_by = resend_date(context.campaign.settings.due_date, context.today or dt.date.today())
    try:
        written, why_not = annotate_workbook(data, result.kind, result.findings, out,
                                             unit=f"{unit.name} (mã {unit.code})" if unit else "",
                                             resend_by=resend_by)
    except OSError as exc:        # a full disk, a missing permission: this machine's, said with the path
        return None, (finding(Code.ANNOTATION_UNAVAILABLE,
                              f"Không tạo được bản đánh dấu lỗi: {describe_os_error(exc, path=out, out_option=False)}",
                              file=result.file),)
    except Exception as exc:  # noqa: BLE001 - the copy is a courtesy, never a reason to stop
        return None, (finding(Code.ANNOTATION_UNAVAILABLE,
                              f"Không tạo được bản đánh dấu lỗi ({exc.__class__.__name__}).", file=result.file),)
    if written is None:
        assert why_not is not None   # annotate_workbook says why when it writes nothing
        return None, (replace(why_not, location=Location(file=result.file)),)
    return str(written), ()


def reader_died(context: IngestContext, job, reason: str) -> Ingested:
    """A file whose reader died even alone (run in the parent, never parsed): archived and rejected."""
    path_text, name = _job_of(job)
    path = Path(path_text)
    try:
        stat = _regular_stat(path, follow=not context.from_archive)
        checksum, _ = copy_named_by_content(path, context.folder / layout.ARCHIVE_DIR, extension_of(name), stat.st_size)
    except OSError as exc:
        return Ingested(path_text, 0, 0, None, extra=(unreadable(name, exc),), name=name)
    if checksum in context.known:
        return Ingested(path_text, stat.st_size, stat.st_mtime_ns, checksum, known=True, name=name)
    if reason == TIMEOUT:
        problem = finding(Code.READING_TIMED_OUT,
                          "Đọc tệp quá lâu nên xlqms đã dừng (có thể do trang tính quá lớn hoặc bất thường). Đề nghị "
                          "đơn vị mở sổ, xóa các ô, dòng, cột thừa, lưu lại và gửi lại. Nếu lúc đọc máy đang quá bận, "
                          "chép lại tệp vào thư mục nhận rồi chạy lại xlqms collect: tệp gửi lại, kể cả đúng tệp này, "
                          "được đọc lại.", file=name)
    else:
        why = "hết bộ nhớ cho phép hoặc lỗi bên trong trình đọc" if reason == CRASHED else "lỗi khi đọc"
        problem = finding(Code.READER_CRASHED,
                          f"Tệp làm trình đọc dừng đột ngột ({why}; thường do một ô ở rất xa hoặc nội dung bất thường). "
                          "Các tệp khác vẫn được nhận. Đề nghị đơn vị mở sổ, xóa các ô, dòng, cột thừa, lưu lại và gửi lại "
                          "(tệp gửi lại, kể cả đúng tệp này, được đọc lại).",
                          file=name)
    return Ingested(path_text, stat.st_size, stat.st_mtime_ns, checksum,
                    result=ReadResult(name, "rejected", (problem,), kind="broken"), name=name)


def run_ingest(context: IngestContext, jobs: list, workers: int | None, progress: Callable[[int], None] | None,
               limits: Limits | None = None) -> Iterator[Ingested]:
    """Ingest ``jobs`` in order, in isolated worker processes (``workers=0``: in this process, unprotected —
    for tests and debugging only), each file archived here as its result comes back: before the
    recorder journals it, and by this process alone (workers writing into one folder at the same
    time slow each other down)."""
    if workers == 0:
        items: Iterable[Ingested] = (ingest(context, job) for job in jobs)
        for done, item in enumerate(_archived(context, items), start=1):
            yield item
            if progress:
                progress(done)
        return
    if workers is None:
        workers = worker_count(len(jobs), PARALLEL_THRESHOLD)
    yield from _archived(context, run_isolated(ingest, context, jobs, workers, CHUNK_SIZE, reader_died,
                                               limits or Limits(), progress=progress, weigh=job_size,
                                               chunk_weight=CHUNK_BYTES))


def job_size(job) -> int:
    """The size in bytes of a job's file as it is now (0 when it cannot be seen: its reader will say why)."""
    try:
        return os.stat(_job_of(job)[0]).st_size
    except (OSError, ValueError):
        return 0


def _archived(context: IngestContext, items: Iterable[Ingested]) -> Iterator[Ingested]:
    """``items`` with the bytes a worker read archived; a file whose copy the archive cannot take (a full
    disk: a large file may not fit where small ones still do) is not taken in this time — said as this
    machine's problem, never as the file's (:func:`not_archived`) — and the others are. Copies read from
    the archive itself are not written again."""
    folder = context.folder
    for item in items:
        if item.unarchived is not None and context.from_archive:
            item = replace(item, unarchived=None)
        elif item.unarchived is not None:
            try:
                _archive(folder, str(item.checksum), extension_of(item.file_name), data=item.unarchived)
            except OSError as exc:
                item = Ingested(item.path, 0, 0, None, extra=(not_archived(item.file_name, exc, folder),),
                                name=item.name)
            else:
                item = replace(item, unarchived=None)
        yield item


def not_archived(name: str, exc: OSError, folder: Path) -> Finding:
    """A file not taken in because ``DIR/archive`` could not keep its copy: the path, why, and that the
    secretary — not the unit — acts (the next collect takes the file in)."""
    archive = folder / layout.ARCHIVE_DIR
    why = describe_os_error(exc, path=archive, out_option=False)
    return finding(Code.UNREADABLE_FILE,
                   f"Chưa nhận tệp này ({exc.strerror or exc}) — {why} Lỗi ở máy này, không phải ở tệp: đơn vị không "
                   "cần làm gì.", file=name)


# -- orchestration -------------------------------------------------------------------------------

def collect(folder, paths: Iterable, progress: Callable[[int, int], None] | None = None,
            workers: int | None = None, campaign: Campaign | None = None, limits: Limits | None = None) -> CollectReport:
    """Take in every file under ``paths`` for the campaign in ``folder``; return what happened.

    ``progress(done, total)`` is called as files are processed. ``workers``: worker processes to
    use (default: every core when more than :data:`PARALLEL_THRESHOLD` files are new, else one;
    0: read in this process, without isolation). ``limits``: each worker's memory and time
    (:class:`xlqms.isolation.Limits`). Raises :class:`xlqms.record_check.RecordDamaged` when the
    store is missing or damaged while the archive says files were received (the way out:
    :func:`xlqms.rebuild.rebuild_record`).
    """
    folder = Path(folder)
    campaign = campaign or read_campaign(folder)
    inbox = find_inbox(paths, folder.resolve())
    now = dt.datetime.now().replace(microsecond=0)
    with terminate_as_interrupt(), exclusive_collect(folder):
        health = check_record(folder)
        with Store(folder) as store:
            check_same_round(store, campaign)
            recorder = Recorder(store, folder, now, health.journal, record=_record_files, batch_size=BATCH_SIZE)
            recorder.backfill_journal(health.unjournaled)
            recovered = _recover(store, recorder, campaign, folder, health.behind, workers, limits)
            seen = store.sightings()
            todo: list[tuple[dt.datetime, int, str]] = []
            received: dict[str, tuple[dt.datetime, Finding | None]] = {}
            unchanged = 0
            for path in inbox.files:
                try:
                    stat = path.stat()
                except OSError:
                    todo.append((now, 0, str(path)))
                    continue
                known = seen.get(path_text(path))
                if known is not None and known[0] == stat.st_size and known[1] == storable_ns(stat.st_mtime_ns):
                    unchanged += 1
                    continue
                received[str(path)] = received_time(stat.st_mtime_ns, stat.st_ctime_ns, now, path.name)
                todo.append((received[str(path)][0], stat.st_mtime_ns, str(path)))
            todo.sort()
            order = [path for _, _, path in todo]
            # bytes whose reader died are not known: arriving again (sent again, copied again) they are read again
            context = IngestContext(campaign, folder, frozenset(store.checksums() - store.unread()), now.date())
            if progress:
                progress(0, len(order))
            items = run_ingest(context, order, workers,
                               (lambda done: progress(done, len(order))) if progress else None, limits)
            outcomes = recorder.record(items, received)
            state, _, _ = store.states()
            final = [_final(outcome, state) for outcome in outcomes]
            final = drop_replaced_corrections(store, final)
    skipped = tuple(FileOutcome(str(f.location.file), str(f.location.file), None, None, FileState.SKIPPED, (f,), False)
                    for f in inbox.skipped)
    counts: dict[str, int] = {}
    for outcome in final:
        counts[outcome.state.value] = counts.get(outcome.state.value, 0) + 1
    names = {o.unit_code: campaign.units[o.unit_code].name for o in final
             if o.unit_code and o.unit_code in campaign.units}
    return CollectReport(folder, tuple(final) + skipped, unchanged, counts, inbox.skipped, recovered, names)


def _recover(store: Store, recorder: Recorder, campaign: Campaign, folder: Path, behind, workers, limits) -> int:
    """Record the journal's last files that a killed collect archived but did not record."""
    if not behind:
        return 0
    jobs = [(str(folder / layout.ARCHIVE_DIR / f"{entry.checksum}{entry.extension}"), entry.name) for entry in behind]
    items = run_ingest(IngestContext(campaign, folder, frozenset(), from_archive=True), jobs, workers, None, limits)
    recorder.record(items, {}, entries=list(behind))
    return len(behind)


def drop_replaced_corrections(store: Store, outcomes: Sequence[FileOutcome] = ()) -> list[FileOutcome]:
    """Keep a correction copy only for a file that still needs correction (issue 13).

    A copy of a file the unit has since replaced — superseded in this run or by this run's file —
    is removed from ``out/corrections`` and forgotten by the store, so that no outdated copy is sent;
    unless the file that now needs correction wrote the same copy (a resend under the same name).
    Returns ``outcomes`` without the copies removed. Run after a collect and after a rebuild.
    """
    records = store.files()
    current = {r.annotated_path for r in records if r.annotated_path and r.state is FileState.NEEDS_CORRECTION}
    replaced = {r.checksum: r.annotated_path for r in records
                if r.annotated_path and r.state is not FileState.NEEDS_CORRECTION and r.state is not FileState.DUPLICATE}
    if not replaced:
        return list(outcomes)
    for path in set(replaced.values()) - current:
        removable = removable_correction(store.folder, path)     # never anything outside DIR/out/corrections
        if removable is not None:
            Path(removable).unlink(missing_ok=True)
    store.forget_annotations(replaced)
    return [replace(outcome, annotated_path=None) if outcome.checksum in replaced else outcome
            for outcome in outcomes]


def _final(outcome: FileOutcome, state: dict[str, FileState]) -> FileOutcome:
    """The outcome with the file's state after the whole run (a later file may supersede it)."""
    if not outcome.new or outcome.checksum not in state:
        return outcome
    return FileOutcome(outcome.path, outcome.name, outcome.checksum, outcome.unit_code, state[outcome.checksum],
                       outcome.findings, outcome.new, outcome.annotated_path)


def _record_files(store: Store, files, collected_at: dt.datetime) -> list[bool]:
    """:func:`xlqms.store.record_files`, looked up here at each call (tests replace it to stop a run)."""
    return record_files(store, files, collected_at)
