"""The archive's journal: what it takes to rebuild the record from the archive alone.

``DIR/archive/journal.jsonl`` is append-only, one JSON object per line, written and fsync'd
*before* the store records the same facts (so the store never knows more than the journal):

* ``{"kind": "file", "checksum", "extension", "name", "source", "size", "mtime_ns", "received_at",
  "collected_at"[, "time_note"]}`` — a file taken in for the first time, in the order taken in (its
  archived copy is ``archive/<checksum><extension>``; ``time_note``: why its received time is not
  its own modification time);
* ``{"kind": "seen", "path", "size", "mtime_ns", "checksum", "seen_at"}`` — the same bytes seen at
  another path (or a path seen again with known bytes).

``source`` and ``path``: relative to the campaign folder (POSIX) for a file inside it, else as
given (:mod:`xlqms.folder_paths`; a journal written before that keeps absolute paths). Times are
ISO 8601, to the second. A line cut short by a kill is ignored (and never the last
again: the next append starts on a new line). A checksum's first ``file`` line wins.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from xlqms import layout
from xlqms.errors import XlqmsError

FILE = "file"
SEEN = "seen"


def journal_path(folder) -> Path:
    return Path(folder) / layout.ARCHIVE_DIR / layout.JOURNAL_FILE


@dataclass(frozen=True)
class FileEntry:
    """A file taken in, as the journal keeps it."""

    checksum: str
    extension: str
    name: str
    source: str
    size: int
    mtime_ns: int
    received_at: dt.datetime
    collected_at: dt.datetime
    time_note: str = ""        # why the received time is not the file's own (file-time-out-of-range)

    def to_line(self) -> dict:
        line = {"kind": FILE, "checksum": self.checksum, "extension": self.extension, "name": self.name,
                "source": self.source, "size": self.size, "mtime_ns": self.mtime_ns,
                "received_at": self.received_at.isoformat(), "collected_at": self.collected_at.isoformat()}
        if self.time_note:
            line["time_note"] = self.time_note
        return line


@dataclass(frozen=True)
class Sighting:
    """A path where known bytes were seen."""

    path: str
    size: int
    mtime_ns: int
    checksum: str
    seen_at: dt.datetime

    def to_line(self) -> dict:
        return {"kind": SEEN, "path": self.path, "size": self.size, "mtime_ns": self.mtime_ns,
                "checksum": self.checksum, "seen_at": self.seen_at.isoformat()}


@dataclass(frozen=True)
class JournalContents:
    files: tuple[FileEntry, ...]          # first line of each checksum, in order
    events: tuple[FileEntry | Sighting, ...]   # every usable line, in order
    damaged_lines: int = 0

    @property
    def checksums(self) -> frozenset[str]:
        return frozenset(entry.checksum for entry in self.files)


def _time(text: str) -> dt.datetime:
    """A journal time: naive local time (a line edited to hold an offset is read in local time, so that it
    compares with the others)."""
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo is None else moment.astimezone().replace(tzinfo=None)


_CHECKSUM = re.compile(r"[0-9a-f]{64}")
_EXTENSION = re.compile(r"(\.[A-Za-z0-9]{1,7})?")


def _archive_name(checksum: str, extension: str) -> tuple[str, str]:
    """(checksum, extension) when they name a copy in the archive (``<sha256><.ext>``, as collect writes
    them), else ValueError: a line edited to hold ``../..`` or a path would make a rebuild read a file
    outside the archive."""
    if not _CHECKSUM.fullmatch(checksum) or not _EXTENSION.fullmatch(extension):
        raise ValueError(f"not an archived copy: {checksum!r}{extension!r}")
    return checksum, extension


_INT64 = 1 << 63


def _integer(value) -> int:
    """A size or a time in nanoseconds as SQLite keeps it (a signed 64-bit integer); ValueError for a line
    edited to hold another (a number past it would stop the rebuild that reads the line)."""
    number = int(value)
    if not -_INT64 <= number < _INT64:
        raise ValueError(f"out of range: {number}")
    return number


def _entry(data: dict) -> FileEntry | Sighting | None:
    if data.get("kind") == FILE:
        checksum, extension = _archive_name(str(data["checksum"]), str(data.get("extension", "")))
        return FileEntry(checksum, extension, str(data["name"]),
                         str(data.get("source", "")), _integer(data.get("size", 0)), _integer(data.get("mtime_ns", 0)),
                         _time(data["received_at"]), _time(data["collected_at"]), str(data.get("time_note", "")))
    if data.get("kind") == SEEN:
        checksum, _ = _archive_name(str(data["checksum"]), "")
        return Sighting(str(data["path"]), _integer(data.get("size", 0)), _integer(data.get("mtime_ns", 0)),
                        checksum, _time(data["seen_at"]))
    return None


def read_journal(folder) -> JournalContents | None:
    """The journal of the campaign in ``folder``, or None when there is none."""
    path = journal_path(folder)
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):     # a folder, a FIFO that would block every command, a link
            raise _not_a_file(path)
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    files: dict[str, FileEntry] = {}
    events: list[FileEntry | Sighting] = []
    damaged = 0
    for line in raw.splitlines():
        if not line.strip():
            continue
        try:
            entry = _entry(json.loads(line))
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError, RecursionError):   # edited, cut short
            damaged += 1
            continue
        if entry is None:
            continue
        if isinstance(entry, FileEntry):
            if entry.checksum in files:
                continue
            files[entry.checksum] = entry
        events.append(entry)
    return JournalContents(tuple(files.values()), tuple(events), damaged)


def _not_a_file(path: Path) -> XlqmsError:
    return XlqmsError(
        f"Nhật ký kho lưu trữ ({path}) không phải một tệp thường (là thư mục, FIFO, liên kết tới nơi khác…): xlqms "
        "không đọc và không ghi vào đó. Chuyển nó ra khỏi thư mục archive rồi chạy lại; nhật ký được ghi lại từ sổ "
        "ghi chép ở lần thu nhận sau.")


def append(folder, entries: Iterable[FileEntry | Sighting]) -> None:
    """Append ``entries`` to the journal and fsync it (the archive folder must exist)."""
    lines = [json.dumps(entry.to_line(), ensure_ascii=False, separators=(",", ":")) for entry in entries]
    if not lines:
        return
    path = journal_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:      # never through a link: a journal linked out of the folder would write into someone's file
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_NOFOLLOW", 0), 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _not_a_file(path) from exc
        raise
    if not stat.S_ISREG(os.fstat(handle).st_mode):      # a FIFO or a device put in its place
        os.close(handle)
        raise _not_a_file(path)
    try:
        size = os.fstat(handle).st_size
        prefix = b""
        if size:
            with open(path, "rb") as stream:
                stream.seek(size - 1)
                if stream.read(1) != b"\n":       # a line cut short by a kill: start anew
                    prefix = b"\n"
        data = memoryview(prefix + ("\n".join(lines) + "\n").encode("utf-8"))
        while data:
            data = data[os.write(handle, data):]
        os.fsync(handle)
    finally:
        os.close(handle)
