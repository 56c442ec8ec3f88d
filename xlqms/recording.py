"""Recording what a collect (or a rebuild) read: journal first, then the store, batch by batch.

:class:`Recorder` turns ingested files (:class:`xlqms.collect.Ingested`) into the store's facts.
For each batch it appends the journal lines (:mod:`xlqms.journal`, fsync'd) and then records the
files in one transaction: the store never knows a file the journal does not.

**Held for review** (:func:`hold_finding`): a usable file of a unit that already has a current
file is held — recorded, but not made current (``older-content``, see :data:`xlqms.codes.HOLDING_CODES`)
— when its content is older than the current one's:

* the workbook's own last-save time is earlier than the current file's
  (:func:`xlqms.file_time.saved_before`: directly when one application saved both the same way,
  else only by more than the widest gap between two clocks); or
* its values are exactly those of an earlier version of the unit that is no longer current
  (an old version sent again as new bytes).

The rule depends only on the archive and the order of receipt, so a rebuild decides the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from xlqms import journal, layout
from xlqms.catalogue import period_and_year
from xlqms.codes import FileState
from xlqms.file_time import SavedStamp, saved_before, saved_stamp
from xlqms.findings import Code, Finding, finding
from xlqms.journal import FileEntry, JournalContents, Sighting
from xlqms.store import USABLE_VERDICTS, NewFile, Store, record_files
from xlqms.text import path_text

if TYPE_CHECKING:
    from xlqms.collect import Ingested

_AS_READ = {"clean": FileState.ACCEPTED, "errors": FileState.NEEDS_CORRECTION, "rejected": FileState.REJECTED,
            "skipped": FileState.SKIPPED, "blank": FileState.BLANK}
"""A file's state as read, until the store says what it is after the whole run."""

BATCH_SIZE = 200


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




def _extension(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix if suffix.isascii() and len(suffix) <= 8 and suffix[1:].isalnum() else ""


def _clock(moment: dt.datetime) -> str:
    return moment.strftime("%H:%M %d/%m/%Y")


def _saved_stamp_of(folder: Path, checksum: str, extension: str, kind: str, now: dt.datetime) -> SavedStamp | None:
    try:
        return saved_stamp((folder / layout.ARCHIVE_DIR / f"{checksum}{extension}").read_bytes(), kind, now)
    except OSError:
        return None


def hold_finding(store: Store, folder: Path, new: NewFile) -> Finding | None:
    """``older-content`` when ``new`` (archived, not yet recorded) is older than its unit's current file,
    else None. Only a unit that already has a current file costs anything (two small zip reads)."""
    if new.verdict not in USABLE_VERDICTS or not new.unit_code:
        return None
    current = store.current_file(new.unit_code)
    if current is None:
        return None
    files = {checksum: (verdict, kind, extension) for checksum, verdict, kind, extension
             in store.unit_files(new.unit_code)}
    _, kind, extension = files[current]
    collected = new.collected_at or dt.datetime.now()      # no save is later (the same bound in a rebuild)
    saved = _saved_stamp_of(folder, new.checksum, new.extension, new.kind, collected)
    if saved is not None:
        current_saved = _saved_stamp_of(folder, current, extension, kind, collected)
        if current_saved is not None and saved_before(saved, current_saved):
            return finding(
                Code.OLDER_CONTENT,
                f"Tệp gửi sau nhưng sổ được lưu lúc {_clock(saved.shown)}, trước bản đang dùng (lưu lúc "
                f"{_clock(current_saved.shown)}): xlqms giữ tệp này chờ xem, không thay bản đang dùng. Nếu đúng là "
                "bản mới nhất, đề nghị đơn vị mở sổ, lưu lại và gửi lại.", file=new.file_name)
    values = {entry.code: entry for entry in new.entries}
    current_values = store.entries(current, usable_only=False)
    if values == current_values:
        return None
    for checksum, (verdict, _kind, _extension) in files.items():
        if checksum != current and verdict in USABLE_VERDICTS and store.entries(checksum, usable_only=False) == values:
            return finding(
                Code.OLDER_CONTENT,
                "Tệp gửi sau nhưng số liệu giống hệt một bản cũ hơn bản đang dùng: xlqms giữ tệp này chờ xem, không "
                "thay bản đang dùng. Nếu đơn vị thực sự muốn quay lại số liệu cũ, đề nghị xác nhận rồi gửi lại.",
                file=new.file_name)
    return None


class Recorder:
    """Records ingested files and sightings, batch by batch (journal, then one store transaction).

    ``journal_contents``: the journal as it was at the start (its files are not journaled again;
    their recorded name, source and times are used). ``write_journal=False`` for a rebuild (the
    journal is the source). ``record``: the function recording a batch (tests replace it).
    """

    def __init__(self, store: Store, folder: Path, now: dt.datetime, journal_contents: JournalContents | None,
                 write_journal: bool = True, record: Callable = record_files, batch_size: int = BATCH_SIZE):
        self.store, self.folder, self.now = store, Path(folder), now
        self.journaled: dict[str, FileEntry] = {e.checksum: e for e in journal_contents.files} if journal_contents else {}
        self.write_journal = write_journal
        self._record = record
        self.batch_size = batch_size
        self.outcomes: list[FileOutcome] = []
        self._batch: list[NewFile] = []
        self._pending: list[FileOutcome] = []
        self._sightings: list[Sighting] = []
        self._lines: list[FileEntry | Sighting] = []
        self._units: set[str] = set()
        self._checksums: set[str] = set()

    # -- the journal of an older store --------------------------------------------------------------
    def backfill_journal(self, checksums: Iterable[str]) -> None:
        """Journal the files the store knows and the journal does not (a store older than the journal)."""
        wanted = set(checksums)
        if not wanted or not self.write_journal:
            return
        lines: list[FileEntry | Sighting] = []
        for record in self.store.files():
            if record.checksum not in wanted:
                continue
            if record.state is FileState.DUPLICATE:
                lines.append(Sighting(record.source_path, record.size, 0, record.checksum,
                                      record.received_at or self.now))
            else:
                lines.append(FileEntry(record.checksum, record.extension, record.file_name, record.source_path,
                                       record.size, 0, record.received_at or self.now,
                                       record.collected_at or self.now))
        journal.append(self.folder, self._recorded(lines))
        for line in lines:
            if isinstance(line, FileEntry):
                self.journaled.setdefault(line.checksum, line)

    # -- recording ----------------------------------------------------------------------------------
    def record(self, items: Iterable[Ingested], received: dict[str, tuple[dt.datetime, Finding | None]],
               entries: list[FileEntry] | None = None) -> list[FileOutcome]:
        """Record every item (``received``: path -> (received time, warning)); ``entries``: the journal
        entries the items were read for (recovery, rebuild), in the same order. Returns the outcomes."""
        for index, item in enumerate(items):
            meta = entries[index] if entries is not None else None
            received_at, warning = received.get(item.path, (self.now, None))
            self.add(item, received_at, warning, meta=meta)
        self.flush()
        outcomes, self.outcomes = self.outcomes, []
        return outcomes

    def add(self, item: Ingested, received_at: dt.datetime, warning: Finding | None = None,
            meta: FileEntry | None = None) -> None:
        name = meta.name if meta else item.file_name
        path = path_text(item.path)        # what is stored and shown (a name that is not UTF-8 escaped)
        if item.checksum is None and meta is None:
            self.outcomes.append(FileOutcome(path, name, None, None, FileState.UNREADABLE, item.extra))
            return
        if item.known:
            self.sighting(Sighting(path, item.size, item.mtime_ns, str(item.checksum), self.now))
            self.outcomes.append(FileOutcome(path, name, item.checksum, None, FileState.DUPLICATE, (), False))
            return
        checksum = meta.checksum if meta else str(item.checksum)
        if meta is not None and item.checksum != meta.checksum:
            item = replace(item, result=None)      # the archived copy is gone or was altered: never read as the file
        meta = meta or self.journaled.get(checksum)
        new = self._new_file(item, checksum, received_at, warning, meta)
        if new.unit_code and new.unit_code in self._units:
            self.flush()              # the hold rule compares with what this batch recorded before
        held = hold_finding(self.store, self.folder, new)
        if held is not None:
            new = replace(new, findings=new.findings + (held,))
        if checksum not in self.journaled and checksum not in self._checksums:
            self._lines.append(FileEntry(checksum, new.extension, new.file_name, new.source_path, new.size,
                                         new.mtime_ns, new.received_at, self.now,
                                         warning.message if warning is not None else ""))
        elif meta is None or not self.store.paths.same(meta.source, new.source_path):
            self._lines.append(Sighting(new.source_path, new.size, new.mtime_ns, checksum, self.now))
        self._checksums.add(checksum)
        if new.unit_code:
            self._units.add(new.unit_code)
        self._batch.append(new)
        self._pending.append(FileOutcome(path, name, checksum, new.unit_code, _AS_READ[new.verdict],
                                         new.findings, True, item.annotated_path))
        if len(self._batch) >= self.batch_size:
            self.flush()

    def sighting(self, seen: Sighting) -> None:
        seen = replace(seen, path=self.store.paths.resolve(seen.path))    # a journal's path: where it is now
        self._sightings.append(seen)
        self._lines.append(seen)

    def flush(self) -> None:
        if self.write_journal and self._lines:
            journal.append(self.folder, self._recorded(self._lines))
        self._lines = []
        if self._batch:
            added = self._record(self.store, self._batch, self.now)
            for outcome, is_new in zip(self._pending, added):
                self.outcomes.append(outcome if is_new else FileOutcome(
                    outcome.path, outcome.name, outcome.checksum, outcome.unit_code, FileState.DUPLICATE, (), False))
        if self._sightings:
            self.store.begin()
            try:
                for seen in self._sightings:
                    self.store.add_sighting(seen.path, seen.size, seen.mtime_ns, seen.checksum, seen.seen_at)
                self.store.commit()
            except BaseException:
                self.store.rollback()
                raise
        self._batch, self._pending, self._sightings = [], [], []
        self._units.clear()

    def _recorded(self, lines: list[FileEntry | Sighting]) -> list[FileEntry | Sighting]:
        """Journal lines with paths inside the campaign folder relative to it (as the store records them)."""
        record = self.store.paths.record
        return [replace(line, source=record(line.source)) if isinstance(line, FileEntry)
                else replace(line, path=record(line.path)) for line in lines]

    def _new_file(self, item: Ingested, checksum: str, received_at: dt.datetime, warning: Finding | None,
                  meta: FileEntry | None) -> NewFile:
        result = item.result
        name = meta.name if meta else item.file_name
        source = self.store.paths.resolve(meta.source) if meta else path_text(item.path)   # a journal's: where it is now
        base = NewFile(checksum=checksum, source_path=source, file_name=name,
                       extension=meta.extension if meta else _extension(name), size=meta.size if meta else item.size,
                       mtime_ns=meta.mtime_ns if meta else item.mtime_ns,
                       received_at=meta.received_at if meta else received_at,
                       collected_at=meta.collected_at if meta else None, verdict="rejected", kind="broken")
        if result is None:     # the archived copy is gone or altered (a rebuild or a recovery): recorded as such
            return replace(base, findings=(finding(
                Code.ARCHIVED_COPY_MISSING,
                f"Bản lưu trữ của tệp đã mất hoặc bị sửa (archive/{checksum}{base.extension} không còn đúng mã kiểm "
                "tra): không đọc lại được. Chép lại tệp gốc vào thư mục nhận rồi chạy lại xlqms collect.", file=name),))
        identity = result.identity
        findings = tuple(result.findings) + tuple(item.extra)
        if meta is not None and meta.time_note:
            findings += (finding(Code.FILE_TIME_OUT_OF_RANGE, meta.time_note, file=name),)
        elif warning is not None:
            findings += (warning,)
        flagged = frozenset(f.indicator for f in result.findings if f.is_error and f.indicator)
        return replace(
            base, verdict=result.verdict, kind=result.kind, unit_code=result.unit_code,
            claimed_unit=result.claimed_unit,
            campaign_id=identity.get(layout.ID_CAMPAIGN) if identity else "",
            period=identity.get(layout.ID_PERIOD) if identity else "",
            year=(identity.get(layout.ID_YEAR) or period_and_year(identity.get(layout.ID_PERIOD))[1]) if identity else "",
            template_version=identity.get(layout.ID_TEMPLATE_VERSION) if identity else "",
            identity_source=identity.source if identity else "",
            entries=tuple(result.entries.values()), unusable=flagged, findings=findings,
            annotated_path=item.annotated_path,
        )
