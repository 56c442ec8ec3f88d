"""The record of a collection round: an SQLite database in the campaign folder (``xlqms.sqlite``).

Only facts are stored, never conclusions: each file taken in (by checksum, with where it came
from, when, its identity, its verdict when read, its entries and findings) and each place a file
was seen (path, size, mtime → checksum, so that an unchanged file is never hashed again). The
state of each file and the review state of each unit are computed from those facts on read, so
a collect killed half-way and run again gives the same state as one clean run.

States of a file (:attr:`FileRecord.state`, a :class:`xlqms.codes.FileState`):

* ``accepted``        the unit's current file: read with no error finding
* ``needs_correction`` identity fine, some values have errors; its clean values are used while it
                       is the unit's latest file and no clean file came after it
* ``superseded``      a later file of the same unit replaced it (history kept)
* ``rejected``        another campaign/period/unit, old template, hostile or unreadable file;
                       a rejected file never replaces anything
* ``duplicate``       the same bytes seen again at another path (counted once)
* ``skipped``         a lock file or a non-spreadsheet, kept in the archive for the record
* ``blank``           the unit's workbook sent back with nothing filled: not a submission; it never
                       replaces anything, and a unit that sent only such files is ``returned_blank``
* ``held``            usable, but held for review (a finding of :data:`xlqms.codes.HOLDING_CODES`:
                       content older than the current file's, or no signature): it does not
                       replace the unit's current file; one whose identity cannot be checked (no
                       signature, or the secret lost: :data:`xlqms.codes.WITHHOLDING_CODES`) is
                       never used, even when its unit has nothing else

The unit's current file is its latest clean file; when it has none, its latest needs-correction
file — among the files not held, held files counting only when the unit has nothing else, and
files whose identity cannot be checked never (see :func:`choose_current`). "Later" is the order
files were taken in: by collect run, then by time of receipt (:mod:`xlqms.file_time`), then by path.
The store is derived from the archive and its journal (:mod:`xlqms.journal`) and can be rebuilt from
them (:mod:`xlqms.rebuild`).

Review state of a unit (a :class:`xlqms.codes.UnitState`): ``needs_correction`` when its latest
non-rejected file has errors (or it only sent rejected files), ``returned_blank`` when it sent no
usable file and its latest file is a blank return, ``received`` when the current
file is clean but carries warnings a person should check (identity from visible cells, percent
stored as a fraction) or a file of the unit is held (an unsigned file held alone: ``received``, never
submitted), else ``accepted``.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from xlqms import layout
from xlqms.codes import HOLDING_CODES, READER_DIED, REVIEW_CODES, WITHHOLDING_CODES, Code, FileState, UnitState
from xlqms.findings import Finding, Location, Severity
from xlqms.folder_paths import FolderPaths, former_places
from xlqms.store_guards import STORE_VERSION, StoreTooNew, refuse_not_a_file, rows_read
from xlqms.store_values import EntryParser, cells_text, entry_flags, fraction_text, parse_time, storable_ns
from xlqms.submission import Entry, Submission

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    checksum TEXT PRIMARY KEY,
    seq INTEGER NOT NULL UNIQUE,
    file_name TEXT NOT NULL,
    source_path TEXT NOT NULL,
    extension TEXT NOT NULL,
    size INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    collected_at TEXT NOT NULL,
    verdict TEXT NOT NULL,
    kind TEXT NOT NULL,
    unit_code TEXT,
    claimed_unit TEXT NOT NULL DEFAULT '',
    campaign_id TEXT NOT NULL DEFAULT '',
    period TEXT NOT NULL DEFAULT '',
    year TEXT NOT NULL DEFAULT '',
    template_version TEXT NOT NULL DEFAULT '',
    identity_source TEXT NOT NULL DEFAULT '',
    annotated_path TEXT
);
CREATE INDEX IF NOT EXISTS files_unit ON files(unit_code);
CREATE TABLE IF NOT EXISTS sightings (
    path TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    checksum TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sightings_checksum ON sightings(checksum);
CREATE TABLE IF NOT EXISTS entries (
    checksum TEXT NOT NULL,
    code TEXT NOT NULL,
    numerator TEXT, denominator TEXT, value TEXT, passed INTEGER, baseline TEXT,
    explanation TEXT NOT NULL DEFAULT '',
    percent_sign INTEGER NOT NULL DEFAULT 0,
    cells TEXT NOT NULL DEFAULT '{}',
    usable INTEGER NOT NULL,
    PRIMARY KEY (checksum, code)
);
CREATE TABLE IF NOT EXISTS findings (
    checksum TEXT NOT NULL,
    ordinal INTEGER NOT NULL,
    code TEXT NOT NULL, severity TEXT NOT NULL, message TEXT NOT NULL,
    file TEXT, sheet TEXT, cell TEXT, indicator TEXT,
    PRIMARY KEY (checksum, ordinal)
);
"""


@dataclass(frozen=True)
class FileRecord:
    """One file taken in (or one more place the same bytes were seen: state 'duplicate')."""

    checksum: str
    source_path: str
    file_name: str
    received_at: dt.datetime | None
    unit_code: str | None
    state: FileState
    verdict: str = ""              # as read: 'clean', 'errors', 'rejected', 'skipped', 'blank'
    claimed_unit: str = ""         # the unit code the file says, even when not of this campaign
    collected_at: dt.datetime | None = None
    size: int = 0
    extension: str = ""
    sequence: int = 0
    annotated_path: str | None = None

    def archive_path(self, folder) -> Path:
        return Path(folder) / layout.ARCHIVE_DIR / f"{self.checksum}{self.extension}"


@dataclass(frozen=True)
class NewFile:
    """What a collect writes for one file: facts only (see :meth:`Store.add_file`)."""

    checksum: str
    source_path: str
    file_name: str
    extension: str
    size: int
    mtime_ns: int
    received_at: dt.datetime
    verdict: str
    kind: str = ""
    unit_code: str | None = None
    claimed_unit: str = ""
    campaign_id: str = ""
    period: str = ""
    year: str = ""                # the year the file says it is for ('' when it says none)
    template_version: str = ""
    identity_source: str = ""
    entries: tuple[Entry, ...] = ()
    unusable: frozenset[str] = frozenset()       # entry codes with an error finding
    findings: tuple[Finding, ...] = ()
    annotated_path: str | None = None
    collected_at: dt.datetime | None = None      # None: the time of the collect recording it


class Store:
    """``Store(folder)``: open (create) the round's database; use as a context manager.

    ``readonly=True`` opens an existing store for reading only (status, export, rollup, report):
    nothing is created or written, and a store in a folder this user cannot write is opened
    ``immutable`` (SQLite takes no lock there). ``path``: another file than ``DIR/xlqms.sqlite``
    (a store being rebuilt); ``former``: folders the campaign was in before, for a store being rebuilt
    from an older journal (see :mod:`xlqms.folder_paths`). Raises ``sqlite3.DatabaseError`` for a
    file that is no database.

    Paths inside the campaign folder (correction copies, returned files kept in the folder) are
    recorded relative to it and given back resolved against the folder where it is now
    (:mod:`xlqms.folder_paths`): a folder moved or copied keeps working. Paths outside it (where a
    returned file came from) are recorded and given back as they were.
    """

    def __init__(self, folder, path=None, readonly: bool = False, former: tuple[str, ...] = ()):
        self.folder = Path(folder)
        self.path = Path(path) if path is not None else self.folder / layout.STORE_FILE
        self.readonly = readonly
        refuse_not_a_file(self.path)       # a FIFO would block SQLite's open for ever; a folder is no store
        if readonly:
            mode = "ro" if os.access(self.path.parent, os.W_OK) else "ro&immutable=1"
            uri = f"{self.path.resolve().as_uri()}?mode={mode}"
            self.connection = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)
            self.connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
            self._refuse_newer()
        else:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.connection = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute("PRAGMA synchronous=NORMAL")
            self._refuse_newer()
            self.connection.executescript(SCHEMA)
            self._add_missing_columns()
            self.connection.execute(f"PRAGMA user_version={STORE_VERSION}")
        self._states_cache: tuple | None = None
        self.paths = FolderPaths(self.folder, former + self.former_places())

    def _refuse_newer(self) -> None:
        """Raise :class:`StoreTooNew` for a store written by a newer xlqms (its ``user_version``)."""
        version = self.connection.execute("PRAGMA user_version").fetchone()[0]
        if version > STORE_VERSION:
            self.connection.close()
            raise StoreTooNew(
                f"Sổ ghi chép của đợt ({self.path}) do một phiên bản xlqms mới hơn ghi (dạng sổ {version}; phiên bản "
                f"này chỉ biết đến dạng {STORE_VERSION}): xlqms không đọc và không ghi vào đó để khỏi làm sai. Cập nhật "
                "xlqms (pip install -U xlqms) rồi chạy lại; đừng dựng lại sổ bằng phiên bản cũ.")

    def former_places(self) -> tuple[str, ...]:
        """Folders the campaign was in before, as this store's absolute correction paths say (a store written
        before paths were relative; see :func:`xlqms.folder_paths.former_places`)."""
        try:
            rows = self.connection.execute(
                "SELECT DISTINCT annotated_path FROM files WHERE annotated_path IS NOT NULL").fetchall()
        except sqlite3.OperationalError:       # opened read-only before anything was recorded: no table yet
            return ()
        return former_places(row[0] for row in rows)

    ADDED_COLUMNS = {"year": "TEXT NOT NULL DEFAULT ''"}
    """Columns of ``files`` newer than some stores (added on a writable open; read as '' when absent)."""

    def _file_columns(self) -> set[str]:
        return {row[1] for row in self.connection.execute("PRAGMA table_info(files)")}

    def _add_missing_columns(self) -> None:
        present = self._file_columns()
        for name, kind in self.ADDED_COLUMNS.items():
            if name not in present:
                self.connection.execute(f"ALTER TABLE files ADD COLUMN {name} {kind}")

    # -- lifetime --------------------------------------------------------------------------------
    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read inside one transaction: every query sees the store as it was at the first one, whatever
        a collect commits meanwhile (SQLite's write-ahead log keeps that state for the reader)."""
        self.connection.execute("BEGIN")
        try:
            yield
        finally:
            self.connection.execute("COMMIT")

    def begin(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.connection.execute("COMMIT")
        self._states_cache = None

    def rollback(self) -> None:
        if self.connection.in_transaction:
            self.connection.execute("ROLLBACK")

    # -- writing ---------------------------------------------------------------------------------
    @rows_read
    def sightings(self) -> dict[str, tuple[int, int, str]]:
        """Every path seen (resolved: inside the folder where it is now): path -> (size, mtime_ns, checksum)."""
        rows = self.connection.execute("SELECT path, size, mtime_ns, checksum FROM sightings")
        resolve = self.paths.resolve
        return {resolve(path): (size, mtime, checksum) for path, size, mtime, checksum in rows}

    @rows_read
    def identified_rounds(self) -> dict[tuple[str, str, str], int]:
        """(campaign code, period, year) -> usable files taken in as some unit's under that identity (what
        the files said when they were read; rejected files — another campaign's, unreadable — not counted).
        The year is '' for a file that said none, and for every file of a store from before the year was
        recorded (opened read-only, not yet given the column)."""
        marks = ",".join("?" * len(USABLE_VERDICTS))
        year = "year" if "year" in self._file_columns() else "''"
        rows = self.connection.execute(
            f"SELECT campaign_id, period, {year}, COUNT(*) FROM files WHERE unit_code IS NOT NULL AND campaign_id != '' "
            f"AND verdict IN ({marks}) GROUP BY 1, 2, 3", tuple(USABLE_VERDICTS))
        return {(campaign_id, period, year): count for campaign_id, period, year, count in rows}

    @rows_read
    def rejected_rounds(self) -> dict[tuple[str, str, str], int]:
        """(campaign code, period, year) -> files rejected as another round's (``campaign-mismatch``,
        ``period-mismatch``), by the identity they said: what campaign.xlsx named then was not it."""
        year = "year" if "year" in self._file_columns() else "''"
        codes = (Code.CAMPAIGN_MISMATCH.value, Code.PERIOD_MISMATCH.value)
        rows = self.connection.execute(
            f"SELECT campaign_id, period, {year}, COUNT(*) FROM files WHERE verdict = 'rejected' AND campaign_id != '' "
            "AND checksum IN (SELECT checksum FROM findings WHERE code IN (?, ?)) GROUP BY 1, 2, 3", codes)
        return {(campaign_id, period, year): count for campaign_id, period, year, count in rows}

    def checksums(self) -> set[str]:
        return {row[0] for row in self.connection.execute("SELECT checksum FROM files")}

    def unread(self) -> set[str]:
        """Checksums of the files whose reader died (:data:`READER_DIED`: timed out, crashed): nothing in
        the bytes was read, so the same bytes arriving again are read again (:meth:`add_file`)."""
        return self._flagged(READER_DIED)

    def add_sighting(self, path: str, size: int, mtime_ns: int, checksum: str, seen_at: dt.datetime) -> None:
        self.connection.execute(
            "INSERT INTO sightings(path, size, mtime_ns, checksum, seen_at) VALUES (?,?,?,?,?) "
            "ON CONFLICT(path) DO UPDATE SET size=excluded.size, mtime_ns=excluded.mtime_ns, "
            "checksum=excluded.checksum, seen_at=CASE WHEN sightings.checksum=excluded.checksum "
            "THEN sightings.seen_at ELSE excluded.seen_at END",
            (self.paths.record(path), size, storable_ns(mtime_ns), checksum, seen_at.isoformat()),
        )

    def add_file(self, new: NewFile, collected_at: dt.datetime) -> bool:
        """Record a file and where it was seen; False if those bytes were known already (duplicate).

        Call inside :meth:`begin` / :meth:`commit`: the file, its entries, findings and sighting
        land together or not at all.
        """
        collected_at = new.collected_at or collected_at
        self.add_sighting(new.source_path, new.size, new.mtime_ns, new.checksum, collected_at)
        exists = self.connection.execute("SELECT 1 FROM files WHERE checksum=?", (new.checksum,)).fetchone()
        if exists and new.checksum not in self._flagged(READER_DIED, checksum=new.checksum):
            return False
        if exists:       # read again after its reader died: the new reading, in the place of its first receipt
            self._forget_reading(new)
            self._add_reading(new)
            return True
        seq = self.connection.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM files").fetchone()[0]
        self.connection.execute(
            "INSERT INTO files(checksum, seq, file_name, source_path, extension, size, received_at, collected_at, "
            "verdict, kind, unit_code, claimed_unit, campaign_id, period, year, template_version, identity_source, "
            "annotated_path) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (new.checksum, seq, new.file_name, self.paths.record(new.source_path), new.extension, new.size,
             new.received_at.isoformat(), collected_at.isoformat(), new.verdict, new.kind, new.unit_code,
             new.claimed_unit, new.campaign_id, new.period, new.year, new.template_version, new.identity_source,
             self.paths.record_correction(new.annotated_path)),
        )
        self._add_reading(new)
        return True

    def _forget_reading(self, new: NewFile) -> None:
        """What was read of ``new``'s bytes before, replaced by ``new``'s reading; the receipt (order, time,
        name, where it came from) stays the first one."""
        self.connection.execute(
            "UPDATE files SET verdict=?, kind=?, unit_code=?, claimed_unit=?, campaign_id=?, period=?, year=?, "
            "template_version=?, identity_source=?, annotated_path=? WHERE checksum=?",
            (new.verdict, new.kind, new.unit_code, new.claimed_unit, new.campaign_id, new.period, new.year,
             new.template_version, new.identity_source, self.paths.record_correction(new.annotated_path),
             new.checksum))
        self.connection.execute("DELETE FROM entries WHERE checksum=?", (new.checksum,))
        self.connection.execute("DELETE FROM findings WHERE checksum=?", (new.checksum,))
        self._states_cache = None

    def _add_reading(self, new: NewFile) -> None:
        self.connection.executemany(
            "INSERT INTO entries(checksum, code, numerator, denominator, value, passed, baseline, explanation, "
            "percent_sign, cells, usable) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [(new.checksum, e.code, fraction_text(e.numerator), fraction_text(e.denominator),
              fraction_text(e.change if e.change is not None else e.value),
              None if e.passed is None else int(e.passed), fraction_text(e.baseline), e.explanation,
              entry_flags(e), cells_text(e.cells), int(e.code not in new.unusable))
             for e in new.entries],
        )
        self.connection.executemany(
            "INSERT INTO findings(checksum, ordinal, code, severity, message, file, sheet, cell, indicator) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            [(new.checksum, index, f.code, f.severity.value, f.message, f.location.file, f.location.sheet,
              f.location.cell, f.indicator) for index, f in enumerate(new.findings)],
        )

    def forget_annotations(self, checksums) -> None:
        """The correction copies of these files were removed (their unit replaced them: issue 13)."""
        self.begin()
        self.connection.executemany("UPDATE files SET annotated_path=NULL WHERE checksum=?",
                                    [(checksum,) for checksum in checksums])
        self.commit()

    # -- reading ---------------------------------------------------------------------------------
    def _rows(self) -> list[sqlite3.Row]:
        cursor = self.connection.execute(
            "SELECT checksum, seq, file_name, source_path, extension, size, received_at, collected_at, verdict, "
            "unit_code, claimed_unit, annotated_path FROM files ORDER BY seq")
        return cursor.fetchall()

    def _flagged(self, codes: frozenset[str], unit: str | None = None, checksum: str | None = None) -> set[str]:
        """Checksums of the files with a finding of one of ``codes`` (of one unit's files, or one file)."""
        marks = ",".join("?" * len(codes))
        query = f"SELECT DISTINCT checksum FROM findings WHERE code IN ({marks})"
        arguments: tuple = tuple(codes)
        if unit is not None:
            query += " AND checksum IN (SELECT checksum FROM files WHERE unit_code=?)"
            arguments += (unit,)
        if checksum is not None:
            query += " AND checksum=?"
            arguments += (checksum,)
        return {row[0] for row in self.connection.execute(query, arguments)}

    def _review_flags(self) -> set[str]:
        return self._flagged(REVIEW_CODES)

    @rows_read
    def unit_files(self, unit: str) -> list[tuple[str, str, str, str]]:
        """(checksum, verdict, kind, extension) of every file of ``unit``, in the order taken in."""
        return [(row[0], row[1], row[2], row[3]) for row in self.connection.execute(
            "SELECT checksum, verdict, kind, extension FROM files WHERE unit_code=? ORDER BY seq", (unit,))]

    @rows_read
    def current_file(self, unit: str) -> str | None:
        """The checksum of ``unit``'s current file as recorded so far (in a transaction: with its rows)."""
        files = [(row[0], row[1]) for row in self.unit_files(unit)]
        if not files:
            return None               # the unit's first file (no need to look for held ones)
        chosen = choose_current(files, self._flagged(HOLDING_CODES, unit), self._flagged(WITHHOLDING_CODES, unit))
        return chosen[0] if chosen else None

    @rows_read
    def states(self) -> tuple[dict[str, FileState], dict[str, UnitState], dict[str, str]]:
        """(state by checksum, review state by unit, current checksum by unit), computed from the facts."""
        if self._states_cache is not None:
            return self._states_cache
        rows = self._rows()
        flagged = self._review_flags()
        held = self._flagged(HOLDING_CODES)
        withheld = self._flagged(WITHHOLDING_CODES)
        state: dict[str, FileState] = {}
        by_unit: dict[str, list[tuple[str, str]]] = {}
        for checksum, _seq, *_rest in rows:
            verdict, unit = _rest[6], _rest[7]
            state[checksum] = {"rejected": FileState.REJECTED, "skipped": FileState.SKIPPED,
                               "blank": FileState.BLANK}.get(verdict, FileState.SUPERSEDED)
            if unit is not None:
                by_unit.setdefault(unit, []).append((checksum, verdict))
        review: dict[str, UnitState] = {}
        current: dict[str, str] = {}
        for unit, files in by_unit.items():
            chosen_and_latest = choose_current(files, held, withheld)
            unchecked = [c for c, v in files if c in withheld and v in USABLE_VERDICTS]
            if chosen_and_latest is None and unchecked:   # only files whose identity cannot be checked: a person looks
                for checksum in unchecked:
                    state[checksum] = FileState.HELD
                review[unit] = UnitState.RECEIVED
                continue
            if chosen_and_latest is None:   # only rejected or blank files: the unit must send the right one, filled
                review[unit] = UnitState.RETURNED_BLANK if files[-1][1] == "blank" else UnitState.NEEDS_CORRECTION
                continue
            chosen, (latest_checksum, latest_verdict), clean = chosen_and_latest
            current[unit] = chosen
            waiting = [c for c, v in files if c in held and c != chosen and v in USABLE_VERDICTS]
            # A file whose identity could not be checked, followed by the unit's own checked workbook: the
            # unit did what it was asked (send its signed workbook); the unchecked one no longer waits.
            order = [c for c, _v in files]
            answered = {c for c in waiting if c in withheld and order.index(c) < order.index(latest_checksum)}
            waiting = [c for c in waiting if c not in answered]
            for checksum in answered:
                state[checksum] = FileState.ANSWERED     # never used: neither submitted nor superseded
            for checksum in waiting:
                state[checksum] = FileState.HELD
            state[chosen] = FileState.ACCEPTED if clean else FileState.NEEDS_CORRECTION
            if latest_verdict == "errors":
                state[latest_checksum] = FileState.NEEDS_CORRECTION
                review[unit] = UnitState.NEEDS_CORRECTION
            else:
                review[unit] = UnitState.RECEIVED if chosen in flagged or waiting else UnitState.ACCEPTED
        self._states_cache = (state, review, current)
        return self._states_cache

    @rows_read
    def files(self) -> list[FileRecord]:
        """Every file taken in, in the order taken in, then every duplicate sighting."""
        state, _, _ = self.states()
        records = []
        sources = {}
        resolve, resolve_correction = self.paths.resolve, self.paths.resolve_correction
        for (checksum, seq, name, source, extension, size, received, collected, verdict, unit, claimed,
             annotated) in self._rows():
            source, annotated = resolve(source), resolve_correction(annotated)
            sources[checksum] = (source, unit, claimed, extension, verdict)
            records.append(FileRecord(checksum, source, name, parse_time(received), unit, state[checksum], verdict,
                                      claimed, parse_time(collected), size, extension, seq, annotated))
        rows = self.connection.execute("SELECT path, size, checksum, seen_at FROM sightings ORDER BY seen_at, path")
        for path, size, checksum, seen_at in rows:
            path = resolve(path)
            if checksum in sources and sources[checksum][0] != path:
                source, unit, claimed, extension, verdict = sources[checksum]
                records.append(FileRecord(checksum, path, Path(path).name, parse_time(seen_at), unit, FileState.DUPLICATE,
                                          verdict, claimed, parse_time(seen_at), size, extension, 0, None))
        return records

    @rows_read
    def findings(self, checksum: str | None = None) -> list[Finding]:
        query = "SELECT code, severity, message, file, sheet, cell, indicator FROM findings"
        if checksum is None:
            rows = self.connection.execute(query + " ORDER BY checksum, ordinal")
        else:
            rows = self.connection.execute(query + " WHERE checksum=? ORDER BY ordinal", (checksum,))
        return [Finding(code, Severity(severity), message, Location(file, sheet, cell), indicator)
                for code, severity, message, file, sheet, cell, indicator in rows]

    @rows_read
    def findings_by_file(self) -> dict[str, list[Finding]]:
        found: dict[str, list[Finding]] = {}
        rows = self.connection.execute(
            "SELECT checksum, code, severity, message, file, sheet, cell, indicator FROM findings ORDER BY checksum, ordinal")
        for checksum, code, severity, message, file, sheet, cell, indicator in rows:
            found.setdefault(checksum, []).append(
                Finding(code, Severity(severity), message, Location(file, sheet, cell), indicator))
        return found

    @rows_read
    def review_states(self) -> dict[str, UnitState]:
        """Unit code -> RECEIVED | NEEDS_CORRECTION | ACCEPTED, for units that sent anything."""
        return dict(self.states()[1])

    @rows_read
    def current_files(self) -> dict[str, str]:
        """Unit code -> checksum of the file whose values are used."""
        return dict(self.states()[2])

    @rows_read
    def entries(self, checksum: str, usable_only: bool = True) -> dict[str, Entry]:
        query = ("SELECT code, numerator, denominator, value, passed, baseline, explanation, percent_sign, cells "
                 "FROM entries WHERE checksum=?" + (" AND usable=1" if usable_only else ""))
        parser = EntryParser()
        return {row[0]: parser.entry(*row) for row in self.connection.execute(query, (checksum,))}

    @rows_read
    def accepted_submissions(self) -> dict[str, Submission]:
        """The current submission of each unit, with only the values that have no error finding."""
        current = self.current_files()
        if not current:
            return {}
        info = {row[0]: row for row in self.connection.execute(
            "SELECT checksum, unit_code, campaign_id, period, template_version, file_name, received_at, source_path "
            "FROM files WHERE checksum IN (SELECT checksum FROM files WHERE verdict IN ('clean','errors'))")}
        entries: dict[str, dict[str, Entry]] = {checksum: {} for checksum in current.values()}
        parser = EntryParser()
        for (checksum, *row) in self.connection.execute(
                "SELECT checksum, code, numerator, denominator, value, passed, baseline, explanation, percent_sign, "
                "cells FROM entries WHERE usable=1"):
            found = entries.get(checksum)
            if found is not None:
                found[row[0]] = parser.entry(*row)
        submissions = {}
        for unit, checksum in current.items():
            _, unit_code, campaign_id, period, version, name, received, source = info[checksum]
            submissions[unit] = Submission(unit_code, campaign_id, period, entries[checksum], version, name, checksum,
                                           parse_time(received), self.paths.resolve(source))
        return submissions


USABLE_VERDICTS = ("clean", "errors")


def choose_current(files: list[tuple[str, str]], held: set[str],
                   withheld: set[str] | frozenset[str] = frozenset()) -> tuple[str, tuple[str, str], bool] | None:
    """(current checksum, latest (checksum, verdict) considered, whether the current is clean) of one
    unit's files ``(checksum, verdict)`` in the order taken in; None when none is usable.

    The current file is the latest clean file, else the latest needing correction, among the files
    not held for review; held files (:data:`xlqms.codes.HOLDING_CODES`) count only when the unit
    has nothing else — except ``withheld`` ones (:data:`xlqms.codes.WITHHOLDING_CODES`: an identity
    that cannot be checked), which never count: they may be another unit's file relabelled.
    """
    usable = [(c, v) for c, v in files if v in USABLE_VERDICTS]
    if not usable:
        return None
    considered = [(c, v) for c, v in usable if c not in held] or [(c, v) for c, v in usable if c not in withheld]
    if not considered:
        return None
    clean = [c for c, v in considered if v == "clean"]
    chosen = clean[-1] if clean else considered[-1][0]
    return chosen, considered[-1], bool(clean)


def record_files(store: Store, files: Iterable[NewFile], collected_at: dt.datetime) -> list[bool]:
    """Record several files in one transaction; True for each that was new."""
    store.begin()
    try:
        added = [store.add_file(new, collected_at) for new in files]
        store.commit()
    except BaseException:
        store.rollback()
        raise
    return added
