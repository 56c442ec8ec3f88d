"""One collect at a time per campaign, and nothing left behind by one that was killed.

* :func:`exclusive_collect` holds ``DIR/.xlqms-collect.lock`` with an ``fcntl`` record lock
  (``lockf``): the kernel releases it when the process holding it ends, however it ends, and —
  unlike ``flock`` — worker processes forked from it do not share it, so no orphan can keep the
  campaign locked.
* :func:`xlqms.temporaries.sweep_temporaries` removes the temporary files (``.tmp-<pid>-…``) a killed
  xlqms left anywhere under the campaign folder (archive, ``out/``, ``out/corrections/``…): those whose
  writer is no longer running (a pid reused by another process does not keep them), and old-style ones
  without a pid.
* :func:`terminate_as_interrupt` turns SIGTERM into KeyboardInterrupt while a collect runs, so that
  the worker pool is stopped and the store's transaction rolled back on the way out.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from xlqms import layout
from xlqms.errors import XlqmsError
from xlqms.folder_paths import refuse_record_links
from xlqms.temporaries import sweep_temporaries


@contextmanager
def exclusive_collect(folder) -> Iterator[None]:
    """Hold the campaign's collect lock and sweep stale temporary files; refuse if another holds it.

    Raises :class:`XlqmsError` when another collect runs on the same campaign, and
    :class:`~xlqms.errors.LinkOutOfFolderError` when a place it writes (the archive, the correction copies,
    the store, the lock) is a link out of the folder (:func:`xlqms.folder_paths.refuse_record_links`).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    refuse_record_links(folder)         # never written through a link out of the folder
    key = str(folder.resolve())
    busy = XlqmsError(f"Một lần thu nhận khác đang chạy trên đợt {folder}. Đợi lần đó xong rồi chạy lại.")
    with _held_guard:
        if key in _held:        # a record lock is per process: this process holds it already
            raise busy
        _held.add(key)
    try:
        handle = os.open(folder / layout.LOCK_FILE, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
        try:
            try:
                _lock(handle)
            except OSError as exc:
                raise busy from exc
            sweep_temporaries(folder)
            yield
        finally:
            os.close(handle)          # releases the lock
    finally:
        with _held_guard:
            _held.discard(key)


_held: set[str] = set()
"""Campaign folders whose lock this process holds (a second open+close of the file would release it)."""
_held_guard = threading.Lock()


def collect_running(folder) -> bool:
    """Whether a collect (or rebuild) holds ``folder``'s lock now: what the journal has ahead of the store
    is then being recorded, not lost. Probes with a shared lock for an instant (False when the lock file
    is missing or cannot be read, or where record locks do not exist)."""
    folder = Path(folder)
    with _held_guard:
        if str(folder.resolve()) in _held:
            return True
    try:
        import fcntl
    except ImportError:  # Windows: no probe
        return False
    try:
        handle = os.open(folder / layout.LOCK_FILE, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return False
    try:
        fcntl.lockf(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(handle)                  # releases the probe's lock
    return False


def _lock(handle: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # Windows only
        return
    fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)


@contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """While inside, SIGTERM raises KeyboardInterrupt in the main thread (no-op elsewhere)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
