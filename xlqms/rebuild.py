"""`xlqms collect DIR --rebuild`: the record rebuilt from the archive alone.

The archive keeps every file taken in (``archive/<sha256><ext>``, untouched) and its journal
(:mod:`xlqms.journal`): the name each file arrived under, where it came from, when it was received
and collected, in the order taken in, and every other place the same bytes were seen. A rebuild
reads every archived file again — in isolated workers, as a collect does — and records the same
facts in the same order into a new store, which then replaces ``DIR/xlqms.sqlite`` (the old one and
its ``-wal``/``-shm`` are discarded). Reading is deterministic, so the same files give the same
accepted submissions, findings and states as before (for the same campaign.xlsx and secret).

An archive older than the journal is rebuilt from its files alone, in the order of their
modification time, under their archive names (the original names were only in the store); so are
archived copies whose journal line was lost or damaged, after the journal's files. An archived copy
deleted or altered by hand is recorded as ``archived-copy-missing``.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from xlqms import layout
from xlqms.campaign import Campaign, read_campaign
from xlqms.campaign_lock import exclusive_collect, terminate_as_interrupt
from xlqms.collect import CollectReport, IngestContext, drop_replaced_corrections, extension_of, run_ingest
from xlqms.file_time import received_time
from xlqms.isolation import Limits
from xlqms.journal import FileEntry, JournalContents, Sighting, read_journal
from xlqms.record_check import archived_files
from xlqms.recording import Recorder
from xlqms.store import Store


@dataclass(frozen=True)
class RebuildReport:
    """What a rebuild did: files recorded, sightings replayed, whether names came from a journal."""

    folder: Path
    files: int
    sightings: int
    from_journal: bool
    missing: tuple[str, ...] = ()          # archived copies the journal names but the archive lacks (or altered)
    collect: CollectReport | None = None
    unjournaled: tuple[str, ...] = ()      # archived copies whose journal line was lost: taken in last, by archive name

    def to_dict(self) -> dict:
        return {"folder": str(self.folder), "files": self.files, "sightings": self.sightings,
                "from_journal": self.from_journal, "missing": list(self.missing),
                "unjournaled": list(self.unjournaled)}


def _from_archive(folder: Path, now: dt.datetime) -> JournalContents:
    """A journal made from the archive's files alone (an archive older than the journal)."""
    entries = []
    for path in sorted(archived_files(folder), key=lambda p: (p.stat().st_mtime_ns, p.name)):
        stat = path.stat()
        received, _ = received_time(stat.st_mtime_ns, stat.st_ctime_ns, now, path.name)
        entries.append(FileEntry(path.stem, extension_of(path), path.name, str(path), stat.st_size,
                                 stat.st_mtime_ns, received, received))
    return JournalContents(tuple(entries), tuple(entries))


def _with_unjournaled(contents: JournalContents, archive: JournalContents) -> tuple[JournalContents, tuple[str, ...]]:
    """The journal's files, then the archived copies it does not name (a journal line lost or damaged):
    never a file of the archive left out of the record. Returns (contents, the names of the latter)."""
    known = contents.checksums
    extra = tuple(entry for entry in archive.files if entry.checksum not in known)
    if not extra:
        return contents, ()
    return (JournalContents(contents.files + extra, contents.events + extra, contents.damaged_lines),
            tuple(entry.name for entry in extra))


def rebuild_record(folder, progress: Callable[[int, int], None] | None = None, workers: int | None = None,
                   campaign: Campaign | None = None, limits: Limits | None = None) -> RebuildReport:
    """Rebuild ``DIR/xlqms.sqlite`` from ``DIR/archive``; return what was done.

    Holds the collect lock (raises :class:`xlqms.errors.XlqmsError` when a collect runs).
    """
    folder = Path(folder)
    campaign = campaign or read_campaign(folder)
    now = dt.datetime.now().replace(microsecond=0)
    with terminate_as_interrupt(), exclusive_collect(folder):
        contents = read_journal(folder)
        from_journal = contents is not None and bool(contents.files)
        unjournaled: tuple[str, ...] = ()
        if not from_journal:
            contents = _from_archive(folder, now)
        else:
            assert contents is not None
            contents, unjournaled = _with_unjournaled(contents, _from_archive(folder, now))
        assert contents is not None
        entries = list(contents.files)
        archive = folder / layout.ARCHIVE_DIR
        jobs = [(str(archive / f"{entry.checksum}{entry.extension}"), entry.name) for entry in entries]
        if progress:
            progress(0, len(jobs))
        items = run_ingest(IngestContext(campaign, folder, frozenset(), from_archive=True), jobs, workers,
                           (lambda done: progress(done, len(jobs))) if progress else None, limits)
        read = {entry.checksum: item for entry, item in zip(entries, items)}
        missing = tuple(entry.name for entry in entries if read[entry.checksum].checksum != entry.checksum)   # gone or altered
        temporary = folder / f".tmp-{os.getpid()}-rebuild.sqlite"
        sightings = 0
        try:
            with Store(folder, path=temporary, former=_former_places(folder)) as store:
                recorder = Recorder(store, folder, now, contents, write_journal=False)
                for event in contents.events:
                    if isinstance(event, Sighting):
                        recorder.sighting(event)
                        sightings += 1
                    else:
                        recorder.add(read[event.checksum], event.received_at, meta=event)
                recorder.flush()
            _replace_store(folder, temporary)
            with Store(folder) as store:
                drop_replaced_corrections(store)     # no correction copy of a file its unit replaced
        finally:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(temporary) + suffix).unlink(missing_ok=True)
    return RebuildReport(folder, len(entries), sightings, from_journal, missing, unjournaled=unjournaled)


def _former_places(folder: Path) -> tuple[str, ...]:
    """Where the campaign folder was before, as the store being replaced says when it can still be read (an
    older journal keeps absolute paths: the rebuilt store records those inside the folder relative to it)."""
    try:
        with Store(folder, readonly=True) as old:
            return old.former_places()
    except (sqlite3.Error, OSError):        # lost or damaged: nothing to learn from it
        return ()


def _replace_store(folder: Path, rebuilt: Path) -> None:
    """Put the rebuilt store in place; the old store's write-ahead log must not be applied to it."""
    store = folder / layout.STORE_FILE
    for suffix in ("-wal", "-shm", "-journal"):
        Path(str(store) + suffix).unlink(missing_ok=True)
    try:
        os.replace(rebuilt, store)
    except OSError as exc:            # a folder in its place, say: the message names the store, not the temporary
        exc.filename = str(store)
        raise
