"""`xlqms collect DIR PATH...`: take in returned files, keep every one, record what they say.

For each file under PATH (folders are walked): hash it (sha256), archive the bytes untouched in
``DIR/archive/<sha256><ext>`` (atomic write, first), check it for hostile content, read and
validate it, write an annotated copy when its values have errors, and record the facts in the
store — one transaction per batch of files, so a collect killed half-way and run again ends in
the same state as one clean run. Files whose (path, size, mtime) the store already knows are not
read again, so re-collecting a folder with nothing new costs one ``stat`` per file.

Many new files are processed by worker processes (one per core); the parent alone writes SQLite.
Files are taken in ordered by modification time, then path: of two valid files of one unit
collected together, the one modified later supersedes the other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from xlqms import layout
from xlqms.annotate import annotate_workbook, correction_file_name
from xlqms.campaign import Campaign, read_campaign
from xlqms.codes import FileState
from xlqms.errors import XlqmsError
from xlqms.findings import Code, Finding, Location, finding
from xlqms.read import ReadResult, identify_oversized, read_returned_file, unreadable
from xlqms.safety import check_bytes, check_size
from xlqms.spreadsheet import replace_atomically
from xlqms.store import NewFile, Store, record_files
from xlqms.workers import run_chunks, worker_count

PARALLEL_THRESHOLD = 48      # more new files than this: worker processes

LOCK_FILE = ".xlqms-collect.lock"

FILE_STATE_LABELS = {state.value: state.label for state in FileState}
"""What became of a file taken in, as officials read it (kept for scripts; see :class:`xlqms.codes.FileState`)."""
CHUNK_SIZE = 32
BATCH_SIZE = 200             # files per SQLite transaction
HASH_BLOCK = 1 << 20


@dataclass(frozen=True)
class FileOutcome:
    """One file of this run, as the collect table shows it."""

    path: str
    name: str
    checksum: str | None
    unit_code: str | None
    state: FileState                 # the file's state after the run (see xlqms.store), or UNREADABLE
    findings: tuple[Finding, ...] = ()
    new: bool = True                 # False: the same bytes were taken in before
    annotated_path: str | None = None

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.is_error)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if not f.is_error and f.severity.value == "warning")


@dataclass(frozen=True)
class CollectReport:
    """What one collect did. ``unchanged``: files skipped because nothing changed since last time."""

    folder: Path
    outcomes: tuple[FileOutcome, ...] = ()
    unchanged: int = 0
    counts: dict[str, int] = field(default_factory=dict)   # state value -> files of this run

    @property
    def has_problems(self) -> bool:
        """Whether a file of this run was rejected, needs correction or could not be read (exit 4)."""
        problems = (FileState.REJECTED, FileState.NEEDS_CORRECTION, FileState.UNREADABLE, FileState.BLANK)
        return any(o.state in problems for o in self.outcomes)

    def to_dict(self) -> dict:
        return {
            "folder": str(self.folder), "unchanged": self.unchanged, "counts": self.counts,
            "files": [{"path": o.path, "name": o.name, "checksum": o.checksum, "unit": o.unit_code,
                       "state": o.state, "new": o.new, "annotated": o.annotated_path,
                       "findings": [f.to_dict() for f in o.findings]} for o in self.outcomes],
        }


@dataclass(frozen=True)
class _Ingested:
    path: str
    size: int
    mtime_ns: int
    checksum: str | None
    known: bool = False                  # bytes already in the store: not read again
    result: ReadResult | None = None
    annotated_path: str | None = None
    extra: tuple[Finding, ...] = ()


def find_files(paths: Iterable, folder: Path, refused: list[FileOutcome] | None = None) -> list[Path]:
    """Every file under ``paths`` (folders walked), minus xlqms's own files in the campaign folder.

    A folder walked passes over the campaign's archive and output folder (``DIR/archive``,
    ``DIR/out``) in silence. A path named explicitly is never passed over in silence: a file is
    taken in — even under ``DIR/out``, when it is not one of xlqms's own outputs — or, when it is
    xlqms's own (the archive, the store, campaign.xlsx, the generated workbooks, the annotated
    corrections, the report drafts, the summary workbook), appended to ``refused`` as a skipped
    outcome that says why (:data:`xlqms.codes.Code.OWN_OUTPUT_NOT_COLLECTED`).
    """
    folder = folder.resolve()
    walked_over = [(folder / name) for name in (layout.ARCHIVE_DIR, layout.OUTPUT_DIR)]
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise XlqmsError(f"Không có tệp hay thư mục “{raw}”. Kiểm tra lại đường dẫn.")
        resolved = path.resolve()
        if own_output(resolved, folder):
            if refused is not None:
                refused.append(_refusal(str(raw), resolved))
            continue
        if path.is_file():
            found.append(resolved)
            continue
        skip = [d for d in walked_over if not resolved.is_relative_to(d)]
        for candidate in sorted(p for p in path.rglob("*") if p.is_file()):
            inner = candidate.resolve()
            if any(inner.is_relative_to(d) for d in skip) or own_output(inner, folder):
                continue
            found.append(inner)
    return list(dict.fromkeys(found))


def own_output(path: Path, folder: Path) -> bool:
    """Whether ``path`` (resolved) is one of xlqms's own files or folders in the campaign ``folder``."""
    own_folders = [folder / layout.ARCHIVE_DIR] + [layout.output_path(folder, name) for name in
                                                   (layout.WORKBOOKS_DIR, layout.CORRECTIONS_DIR, layout.REPORTS_DIR)]
    own_files = {folder / name for name in (layout.CAMPAIGN_FILE, layout.STORE_FILE, layout.STORE_FILE + "-wal",
                                            layout.STORE_FILE + "-shm", LOCK_FILE)}
    if path in own_files or any(path.is_relative_to(d) for d in own_folders):
        return True
    summary_prefix = layout.SUMMARY_FILE.split("{", 1)[0]
    return path.parent == folder / layout.OUTPUT_DIR and path.name.startswith(summary_prefix)


def _refusal(raw: str, resolved: Path) -> FileOutcome:
    what = "thư mục" if resolved.is_dir() else "tệp"
    return FileOutcome(raw, resolved.name, None, None, FileState.SKIPPED, (finding(
        Code.OWN_OUTPUT_NOT_COLLECTED,
        f"Không thu nhận {what} “{raw}”: đó là {what} do chính xlqms tạo ra trong thư mục đợt (sổ gửi đi, bản đánh dấu "
        "lỗi, báo cáo, tổng hợp hoặc lưu trữ). Nếu đó là tệp đơn vị gửi về, chép ra thư mục khác (ví dụ nhan_ve) "
        "rồi thu nhận từ đó.", file=resolved.name,
    ),), new=False)


# -- per file work (runs in worker processes) ---------------------------------------------------------


@dataclass(frozen=True)
class IngestContext:
    """What every file of one collect run is checked against: the campaign, its folder, the known bytes."""

    campaign: Campaign
    folder: Path
    known: frozenset[str]      # checksums the store already holds: archived, not read again


def _archive(folder: Path, checksum: str, extension: str, data: bytes | None = None, source: Path | None = None):
    """Keep a file's bytes (``data``, or the file at ``source``) as ``archive/<checksum><extension>``."""
    target = folder / layout.ARCHIVE_DIR / f"{checksum}{extension}"
    if data is None:
        assert source is not None, "the bytes or their file"
        size = source.stat().st_size
    else:
        size = len(data)
    if target.exists() and target.stat().st_size == size:
        return target

    def write(temporary: str) -> None:
        if data is not None:
            Path(temporary).write_bytes(data)
            return
        assert source is not None
        with open(source, "rb") as origin, open(temporary, "wb") as stream:
            shutil.copyfileobj(origin, stream, HASH_BLOCK)

    return replace_atomically(target, write)


@contextmanager
def exclusive_collect(folder: Path):
    """Hold the campaign's collect lock; sweep what a killed run left half-written in the archive.

    A second collect on the same campaign while one runs is refused, not interleaved.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_FILE, "a+b") as handle:
        try:
            _lock(handle)
        except OSError as exc:
            raise XlqmsError(
                f"Một lần thu nhận khác đang chạy trên đợt {folder}. Đợi lần đó xong rồi chạy lại."
            ) from exc
        archive = folder / layout.ARCHIVE_DIR
        if archive.is_dir():
            for stale in archive.glob(".tmp-*"):
                stale.unlink(missing_ok=True)
        yield


def _lock(handle) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # Windows only
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _hash_stream(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(HASH_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()


def extension_of(path: Path) -> str:
    suffix = path.suffix.lower()
    return suffix if suffix.isascii() and len(suffix) <= 8 and suffix[1:].isalnum() else ""


def ingest(context: IngestContext, path_text: str) -> _Ingested:
    """Hash, archive, check, read, annotate one file. Never raises for anything in the file."""
    campaign, folder, known = context.campaign, context.folder, context.known
    path = Path(path_text)
    try:
        stat = path.stat()
    except OSError as exc:
        return _Ingested(path_text, 0, 0, None, extra=(unreadable(path.name, exc),))
    try:
        too_large = check_size(path.name, stat.st_size)
        if too_large is not None:   # streamed: never held in memory
            checksum = _hash_stream(path)
            _archive(folder, checksum, extension_of(path), source=path)
            return _Ingested(path_text, stat.st_size, stat.st_mtime_ns, checksum,
                             result=identify_oversized(path, campaign, too_large))
        data = path.read_bytes()
    except OSError as exc:
        return _Ingested(path_text, stat.st_size, stat.st_mtime_ns, None, extra=(unreadable(path.name, exc),))
    checksum = hashlib.sha256(data).hexdigest()
    _archive(folder, checksum, extension_of(path), data=data)
    if checksum in known:
        return _Ingested(path_text, len(data), stat.st_mtime_ns, checksum, known=True)
    try:
        result = read_returned_file(data, path.name, campaign, check_bytes(data, path.name))
    except Exception as exc:  # noqa: BLE001 - last resort: the file is recorded as unreadable
        result = ReadResult(path.name, "rejected", (unreadable(path.name, exc),))
    annotated = None
    extra: tuple[Finding, ...] = ()
    if result.verdict == "errors":
        annotated, extra = _annotate(folder, data, result)
    return _Ingested(path_text, len(data), stat.st_mtime_ns, checksum, result=result, annotated_path=annotated,
                     extra=extra)


def _annotate(folder: Path, data: bytes, result: ReadResult):
    out = layout.output_path(folder, layout.CORRECTIONS_DIR, correction_file_name(result.unit_code, result.file))
    try:
        written, why_not = annotate_workbook(data, result.kind, result.findings, out)
    except Exception as exc:  # noqa: BLE001 - the copy is a courtesy, never a reason to stop
        return None, (finding(Code.ANNOTATION_UNAVAILABLE,
                              f"Không tạo được bản đánh dấu lỗi ({exc.__class__.__name__}).", file=result.file),)
    if written is None:
        assert why_not is not None   # annotate_workbook says why when it writes nothing
        return None, (replace(why_not, location=Location(file=result.file)),)
    return str(written), ()


# -- orchestration -------------------------------------------------------------------------------

def _received_at(mtime_ns: int, now: dt.datetime) -> dt.datetime:
    """When the file arrived: its modification time, never later than now."""
    return min(dt.datetime.fromtimestamp(mtime_ns / 1e9).replace(microsecond=0), now)


def _new_file(item: _Ingested, now: dt.datetime) -> NewFile:
    result = item.result
    assert result is not None and item.checksum is not None   # a file read (not known, not unreadable)
    identity = result.identity
    path = Path(item.path)
    findings = tuple(result.findings) + tuple(item.extra)
    flagged = frozenset(f.indicator for f in result.findings if f.is_error and f.indicator)
    return NewFile(
        checksum=item.checksum, source_path=item.path, file_name=path.name, extension=extension_of(path),
        size=item.size, mtime_ns=item.mtime_ns, received_at=_received_at(item.mtime_ns, now),
        verdict=result.verdict, kind=result.kind, unit_code=result.unit_code, claimed_unit=result.claimed_unit,
        campaign_id=identity.get(layout.ID_CAMPAIGN) if identity else "",
        period=identity.get(layout.ID_PERIOD) if identity else "",
        template_version=identity.get(layout.ID_TEMPLATE_VERSION) if identity else "",
        identity_source=identity.source if identity else "",
        entries=tuple(result.entries.values()), unusable=flagged, findings=findings,
        annotated_path=item.annotated_path,
    )


def collect(folder, paths: Iterable, progress: Callable[[int, int], None] | None = None,
            workers: int | None = None, campaign: Campaign | None = None) -> CollectReport:
    """Take in every file under ``paths`` for the campaign in ``folder``; return what happened.

    ``progress(done, total)`` is called as files are processed. ``workers``: processes to use
    (default: every core when more than :data:`PARALLEL_THRESHOLD` files are new).
    """
    folder = Path(folder)
    campaign = campaign or read_campaign(folder)
    refused: list[FileOutcome] = []
    files = find_files(paths, folder.resolve(), refused)
    now = dt.datetime.now().replace(microsecond=0)
    with exclusive_collect(folder), Store(folder) as store:
        seen = store.sightings()
        todo: list[tuple[int, str]] = []
        unchanged = 0
        for path in files:
            try:
                stat = path.stat()
            except OSError:
                todo.append((0, str(path)))
                continue
            known = seen.get(str(path))
            if known is not None and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
                unchanged += 1
                continue
            todo.append((stat.st_mtime_ns, str(path)))
        todo.sort()
        order = [path for _, path in todo]
        known_checksums = frozenset(store.checksums())
        if progress:
            progress(0, len(order))
        items = _run(campaign, folder, order, known_checksums, workers, progress)
        outcomes = _record(store, items, now)
        state, _, _ = store.states()
        final = [_final(outcome, state) for outcome in outcomes] + refused
    counts: dict[str, int] = {}
    for outcome in final:
        counts[outcome.state.value] = counts.get(outcome.state.value, 0) + 1
    return CollectReport(folder, tuple(final), unchanged, counts)


def _run(campaign: Campaign, folder: Path, order: list[str], known: frozenset[str], workers: int | None,
         progress: Callable[[int, int], None] | None) -> Iterator[_Ingested]:
    """Yield ingested files in ``order`` (worker processes for many files)."""
    if workers is None:
        workers = worker_count(len(order), PARALLEL_THRESHOLD)
    context = IngestContext(campaign, folder, known)
    yield from run_chunks(ingest, context, order, workers, CHUNK_SIZE,
                          progress=(lambda done: progress(done, len(order))) if progress else None)


def _record(store: Store, items, now: dt.datetime) -> list[FileOutcome]:
    outcomes: list[FileOutcome] = []
    batch: list[NewFile] = []
    pending: list[FileOutcome] = []

    def flush():
        if not batch:
            return
        added = record_files(store, batch, now)
        for outcome, is_new in zip(pending, added):
            outcomes.append(outcome if is_new else FileOutcome(outcome.path, outcome.name, outcome.checksum,
                                                               outcome.unit_code, FileState.DUPLICATE, (), False))
        batch.clear()
        pending.clear()

    for item in items:
        name = Path(item.path).name
        if item.checksum is None:
            outcomes.append(FileOutcome(item.path, name, None, None, FileState.UNREADABLE, item.extra))
            continue
        if item.known:
            store.begin()
            store.add_sighting(item.path, item.size, item.mtime_ns, item.checksum, now)
            store.commit()
            outcomes.append(FileOutcome(item.path, name, item.checksum, None, FileState.DUPLICATE, (), False))
            continue
        new = _new_file(item, now)
        batch.append(new)
        pending.append(FileOutcome(item.path, name, item.checksum, new.unit_code, _AS_READ[new.verdict], new.findings, True,
                                   item.annotated_path))
        if len(batch) >= BATCH_SIZE:
            flush()
    flush()
    return outcomes


_AS_READ = {"clean": FileState.ACCEPTED, "errors": FileState.NEEDS_CORRECTION, "rejected": FileState.REJECTED,
            "skipped": FileState.SKIPPED, "blank": FileState.BLANK}
"""A file's state as read, until the store says what it is after the whole run (see :func:`_final`)."""


def _final(outcome: FileOutcome, state: dict[str, FileState]) -> FileOutcome:
    """The outcome with the file's state after the whole run (a later file may supersede it)."""
    if not outcome.new or outcome.checksum not in state:
        return outcome
    return FileOutcome(outcome.path, outcome.name, outcome.checksum, outcome.unit_code, state[outcome.checksum],
                       outcome.findings, outcome.new, outcome.annotated_path)
