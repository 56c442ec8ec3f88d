"""The temporary files of xlqms's safe writes, and sweeping those a killed writer left behind.

Every temporary file xlqms writes is named ``.tmp-<pid>-<12 hex digits><suffix>`` beside its target
(:data:`xlqms.errors.TEMPORARY_PREFIX`). A writer killed (SIGKILL, a power cut) leaves it there; it is
stale once its writer is gone. A pid is reused by the system, so "a process with that pid runs" is not
enough: a temporary file older than the process now holding its pid was not written by it (Linux:
the process's start time, ``/proc/<pid>/stat``; elsewhere the pid alone is asked).

* :func:`sweep_temporaries` (collect, rebuild: the whole campaign folder, links not followed) also
  removes the rebuild's ``.tmp-<pid>-rebuild.sqlite`` (and SQLite's ``-wal``/``-shm``/``-journal``
  beside it) whose writer is gone, and, where xlqms writes (the folder's top, ``archive/``, ``out/``),
  the old-style names of ``tempfile.mkstemp`` without a pid (``.tmp-`` and 8 of ``[a-z0-9_]``);
* :func:`sweep_beside` (every safe write, once per folder and process) removes only names of the
  exact form above whose writer is gone: it runs in any folder a user gives (``--out``).

A file that merely starts with ``.tmp-`` is never removed: the campaign folder holds a person's own
files too (returned files kept in ``DIR/nhan_ve``, notes beside the outputs), and one named
``.tmp-notes.xlsx`` or ``.tmp-2024-bao-cao.xlsx`` is theirs, not a temporary of xlqms.
"""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

from xlqms.errors import TEMPORARY_PREFIX

_TEMPORARY = re.compile(r"^\.tmp-(?:(\d+)-)?")
_EXACT = re.compile(r"^\.tmp-(\d+)-[0-9a-f]{12}(?:\.[A-Za-z0-9]{1,8})?$")
_REBUILD = re.compile(r"^\.tmp-(\d+)-rebuild\.sqlite(?:-wal|-shm|-journal)?$")
_OLD_STYLE = re.compile(r"^\.tmp-[a-z0-9_]{8}(?:\.[A-Za-z0-9]{1,8})?$")
_OLD_STYLE_PLACES = ("archive", "out")
"""Where xlqms wrote old-style temporaries besides the campaign folder's top (and below them)."""
START_MARGIN_SECONDS = 3600.0
"""How much older than its pid's process a temporary file must be to be another writer's: file times
come from the file system's clock (a network drive's may be minutes off this machine's), so only a
file clearly older than the process counts as left by an earlier one; a younger one waits for a later
sweep."""


def temporary_owner(name: str) -> int | None:
    """The pid that wrote a temporary file named ``name`` (None: not a temporary file of ours, or an
    old-style name without a pid)."""
    match = _TEMPORARY.match(name)
    return int(match.group(1)) if match and match.group(1) else None


def is_temporary(name: str) -> bool:
    return name.startswith(TEMPORARY_PREFIX)


def _boot_time() -> float | None:
    try:
        with open("/proc/stat", "rb") as stream:
            for line in stream:
                if line.startswith(b"btime "):
                    return float(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def process_start(pid: int) -> float | None:
    """When process ``pid`` started (seconds since the epoch), where the system says (Linux), else None."""
    boot = _boot_time()
    if boot is None:
        return None
    try:
        with open(f"/proc/{pid}/stat", "rb") as stream:
            fields = stream.read().rsplit(b")", 1)[1].split()
        return boot + int(fields[19]) / os.sysconf("SC_CLK_TCK")   # field 22 of the line: starttime
    except (OSError, ValueError, IndexError):
        return None


def writer_running(pid: int, written_at: float | None = None) -> bool:
    """Whether the writer ``pid`` of a temporary file last written at ``written_at`` (its mtime) still runs:
    a live process with that pid that started before the file was written (a zombie is not live)."""
    if pid == os.getpid():
        return True
    if os.path.isdir("/proc/self"):
        try:
            with open(f"/proc/{pid}/stat", "rb") as stream:
                state = stream.read().rsplit(b")", 1)[1].split()[0]
        except FileNotFoundError:
            return False
        except (OSError, IndexError):
            state = b""            # unreadable: ask the kernel
        if state in (b"Z", b"X"):
            return False
        if state:
            started = process_start(pid)
            return written_at is None or started is None or written_at >= started - START_MARGIN_SECONDS
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _stale(entry: os.DirEntry, exact: bool, old_style: bool = False) -> bool:
    """Whether ``entry`` is a temporary file xlqms wrote whose writer is gone: of the exact form only
    (``exact``), else also the rebuild's, and (``old_style``: in a place xlqms wrote them) pid-less ones."""
    match = _EXACT.match(entry.name) or (None if exact else _REBUILD.match(entry.name))
    if match is None:
        return not exact and old_style and _OLD_STYLE.match(entry.name) is not None
    owner = int(match.group(1))
    try:
        written_at = entry.stat(follow_symlinks=False).st_mtime
    except OSError:
        return False
    return not writer_running(owner, written_at)


def sweep_temporaries(folder) -> list[Path]:
    """Remove the temporary files of writers no longer running, anywhere under ``folder``; return them.

    Symbolic links are not followed.
    """
    removed: list[Path] = []
    top = os.fspath(folder)
    pending = [(top, True)]     # (folder, whether old-style names are xlqms's there)
    while pending:            # a list of folders still to see, not recursion: any depth is walked
        place, old_style = pending.pop()
        for entry in _listing(place):
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, old_style and (place != top or entry.name in _OLD_STYLE_PLACES)))
                    continue
            except OSError:
                continue
            if _stale(entry, exact=False, old_style=old_style) and _remove(entry.path):
                removed.append(Path(entry.path))
    return removed


def _listing(folder: str) -> list[os.DirEntry]:
    """The entries of ``folder``; none when it cannot be listed (gone, not allowed)."""
    try:
        with os.scandir(folder) as listing:
            return list(listing)
    except OSError:
        return []


_swept: set[str] = set()
_swept_guard = threading.Lock()


def sweep_beside(folder) -> None:
    """Once per folder and process: remove the stale temporary files (exact names of ours only, writer
    gone) directly in ``folder``, where a safe write is about to put its own."""
    key = os.path.abspath(folder)
    with _swept_guard:
        if key in _swept:
            return
        _swept.add(key)
    for entry in _listing(key):
        try:
            if entry.is_file(follow_symlinks=False) and _stale(entry, exact=True):
                _remove(entry.path)
        except OSError:
            continue


def _remove(path: str) -> bool:
    try:
        os.unlink(path)
    except OSError:
        return False
    return True
