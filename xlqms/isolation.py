"""Work on untrusted files in worker processes that cannot take the run down with them.

:func:`run_isolated` applies ``work(context, item)`` to every item in a pool of worker processes
(pebble's :class:`~pebble.ProcessPool`), a chunk of items per task, and yields the results in the
order of the items. Each worker runs under limits set when it starts (:func:`_start_worker`):

* **memory**: its address space may grow by at most :attr:`Limits.memory_bytes` beyond what it
  had when it started (``RLIMIT_AS``, Linux/Unix): a reader that tries to allocate a dense range
  of a sheet "as large as Excel allows" fails there instead of exhausting the machine;
* **time**: each item is stopped after :attr:`Limits.file_seconds` inside its worker (:func:`_run_item`: an
  alarm that interrupts Python code and the regular-expression engine, then, should native code not
  give the alarm a chance, the worker ends itself at most that time again plus
  :data:`HARD_GRACE_SECONDS` later); the other items of its chunk go on. pebble's timeout on the
  whole chunk stays as the last resort;
* **its parent**: a worker dies with the process that started it (``PR_SET_PDEATHSIG`` on Linux,
  and a watchdog thread on the parent's pid everywhere), so a killed collect leaves no worker
  behind to hold files or locks.

A chunk whose worker died (a native abort, out of memory, a timeout, or anything else that lost the
task) is run again one item per task to find the culprit; an item that kills its worker alone is
handed to ``fallback(context, item, reason)`` *in this process*, which must not parse it (it records
the item as a finding). A pool that breaks is replaced: the run always ends with one result per item.
"""

from __future__ import annotations

import ctypes
import faulthandler
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]

Item = TypeVar("Item")
Result = TypeVar("Result")

MB = 1024 * 1024
CHUNKS_AHEAD_PER_WORKER = 3
"""Chunks given to the pool ahead of the one being handed back, per worker: enough to keep every
worker busy, few enough that results wait in memory for a few chunks only, not for the whole run."""


@dataclass(frozen=True)
class Limits:
    """What one worker may use. ``memory_bytes``: address space beyond its size at start (None: no
    limit); ``file_seconds``: time allowed per item (a chunk of n items gets n times that, plus one)."""

    memory_bytes: int | None = 256 * MB
    file_seconds: float = 30.0


DEFAULT_LIMITS = Limits()

TIMEOUT = "timeout"      # the item took longer than Limits.file_seconds
CRASHED = "crashed"      # the worker died on it (native abort, out of memory, killed)
FAILED = "failed"        # the task failed for another reason (an exception that escaped ``work``)
HARD_GRACE_SECONDS = 5.0
"""How long past its time an item stuck in native code (which the alarm cannot interrupt) may run before
its worker ends itself (the chunk is then run again one item per task, the culprit alone timing out)."""


class ItemTimedOut(BaseException):
    """Raised in a worker by the alarm of :func:`_run_item`. A BaseException, so that the ``except
    Exception`` of a reader that keeps going past a bad file does not swallow it."""


@dataclass(frozen=True)
class TimedOut:
    """What a worker hands back for an item stopped at its time limit (the parent calls the fallback)."""

_context: list[Any] = []
"""The worker process's context, set once by :func:`_start_worker` (only ever in a worker process)."""


# -- in the worker ------------------------------------------------------------------------------

def _start_worker(context: Any, memory_bytes: int | None, parent: int) -> None:
    _context[:] = [context]
    _die_with_parent(parent)
    _silence_native_errors()
    if memory_bytes is not None:
        _limit_address_space(memory_bytes)


def _die_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends: a kernel signal on Linux, a watchdog thread anywhere."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)    # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:                         # the parent died before we got here
        os._exit(1)

    def watch() -> None:
        while True:
            threading.Event().wait(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="xlqms-parent-watchdog", daemon=True).start()


def _silence_native_errors() -> None:
    """A native reader that dies writes its own report (a Rust backtrace) on the standard error, over
    the user's terminal: the worker's is sent nowhere (what failed becomes a finding instead)."""
    faulthandler.disable()
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    except OSError:
        pass


def _address_space() -> int | None:
    """This process's virtual size in bytes (Linux /proc), or None."""
    try:
        with open("/proc/self/status") as stream:
            for line in stream:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _limit_address_space(extra: int) -> None:
    if resource is None:  # Windows: no rlimits; the time limit still applies
        return
    current = _address_space()
    if current is None:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = current + extra
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ValueError, OSError):
        pass


def _run_chunk(work: Callable[[Any, Any], Any], chunk: Sequence[Any], seconds: float | None = None) -> list[Any]:
    context = _context[0]
    try:
        return [_run_item(work, context, item, seconds) for item in chunk]
    finally:
        if _watchdog_until[0]:
            faulthandler.cancel_dump_traceback_later()    # an idle worker is never ended by it
            _watchdog_until[0] = 0.0


_quiet: list[int] = []
_watchdog_until = [0.0]
"""When the worker's watchdog (faulthandler) will end it, on the monotonic clock; 0: not armed."""


def _quiet_fd() -> int:
    """A descriptor on os.devnull for the watchdog's report (``sys.stderr`` may be anything: a test's capture)."""
    if not _quiet:
        _quiet.append(os.open(os.devnull, os.O_WRONLY))
    return _quiet[0]


def _raise_timed_out(_signal: int, _frame: Any) -> None:
    raise ItemTimedOut


def _run_item(work: Callable[[Any, Any], Any], context: Any, item: Any, seconds: float | None) -> Any:
    """``work(context, item)`` stopped after ``seconds`` (None: no limit): :class:`TimedOut` then.

    The alarm (``SIGALRM``, set for each item) interrupts Python code and the regular-expression
    engine. Native code that never returns to Python is ended with the whole worker by
    ``faulthandler``'s watchdog thread, which needs no lock Python holds: between ``seconds`` +
    :data:`HARD_GRACE_SECONDS` and twice ``seconds`` + that after the item began (the watchdog is
    re-armed only when it would fire sooner than that: arming it costs a thread start, too dear for
    every one of 3,000 small files). Unix only (no SIGALRM on Windows: there, pebble's timeout on
    the chunk is the limit).
    """
    if not seconds or not hasattr(signal, "setitimer"):
        return work(context, item)
    now = time.monotonic()
    if _watchdog_until[0] - now < seconds + HARD_GRACE_SECONDS:
        horizon = 2 * seconds + HARD_GRACE_SECONDS
        faulthandler.dump_traceback_later(horizon, exit=True, file=_quiet_fd())
        _watchdog_until[0] = now + horizon
    previous = signal.signal(signal.SIGALRM, _raise_timed_out)
    finished, result = False, None
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            result = work(context, item)
            finished = True
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except ItemTimedOut:       # raised in the work, or as it ended, before the cancel: never beyond this item
        if not finished:
            return TimedOut()
    finally:
        signal.signal(signal.SIGALRM, previous)
    return result


# -- in the parent ------------------------------------------------------------------------------

class _Pool:
    """A pebble ProcessPool that is replaced when it breaks."""

    def __init__(self, workers: int, context: Any, limits: Limits):
        self.workers, self.context, self.limits = workers, context, limits
        self.pool: ProcessPool | None = None

    def schedule(self, work, chunk, timeout: float):
        """Run ``chunk`` as one task; each item under the per-item limit, the task under ``timeout``."""
        for attempt in (1, 2):
            if self.pool is None or not self.pool.active:
                self.close()
                self.pool = ProcessPool(max_workers=self.workers, initializer=_start_worker,
                                        initargs=(self.context, self.limits.memory_bytes, os.getpid()))
            try:
                return self.pool.schedule(_run_chunk, args=(work, list(chunk), self.limits.file_seconds),
                                          timeout=timeout)
            except RuntimeError:
                if attempt == 2:
                    raise
                self.pool = None
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.pool is not None:
            self.pool.stop()
            self.pool.join()
            self.pool = None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, (FutureTimeout, TimeoutError, ItemTimedOut)):
        return TIMEOUT
    if isinstance(exc, (ProcessExpired, MemoryError)):
        return CRASHED
    return FAILED


def run_isolated(work: Callable[[Any, Item], Result], context: Any, items: Sequence[Item], workers: int,
                 chunk_size: int, fallback: Callable[[Any, Item, str], Result], limits: Limits = DEFAULT_LIMITS,
                 progress: Callable[[int], None] | None = None,
                 weigh: Callable[[Item], int] | None = None, chunk_weight: int = 0) -> Iterator[Result]:
    """``work(context, item)`` for every item, in order, each in a worker process under ``limits``.

    ``work`` must be a module-level function and ``context`` picklable. An item whose worker dies or
    times out even alone gives ``fallback(context, item, reason)`` (reason :data:`TIMEOUT`,
    :data:`CRASHED` or :data:`FAILED`), run in this process. ``progress(done)`` after each chunk.
    Stopping the generator (an exception, SIGTERM turned into one) stops every worker.

    A chunk holds at most ``chunk_size`` items and, with ``weigh`` (run here, e.g. a file's size in
    bytes), items weighing at most ``chunk_weight`` together (an item heavier alone is a chunk of
    one): what a chunk's results hold — in the worker, then here while they wait for their turn —
    stays bounded by weight, not by count.
    """
    if not items:
        return
    chunks = _chunks(items, chunk_size, weigh, chunk_weight)
    pool = _Pool(max(1, min(workers, len(chunks))), context, limits)
    ahead = CHUNKS_AHEAD_PER_WORKER * pool.workers
    try:
        pending: deque = deque()          # (chunk, future), in order; a chunk's results are let go once yielded
        scheduled = done = 0
        while scheduled < len(chunks) or pending:
            while scheduled < len(chunks) and len(pending) < ahead:
                chunk = chunks[scheduled]
                pending.append((chunk, pool.schedule(work, chunk, limits.file_seconds * (len(chunk) + 1))))
                scheduled += 1
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except (Exception, ItemTimedOut):  # noqa: BLE001 - the chunk's worker died or timed out: find the culprit
                results = list(_one_by_one(pool, work, context, chunk, fallback, limits))
            del future
            yield from (fallback(context, item, TIMEOUT) if isinstance(result, TimedOut) else result
                        for item, result in zip(chunk, results))
            done += len(chunk)
            if progress:
                progress(done)
    finally:
        pool.close()


def _chunks(items: Sequence[Item], size: int, weigh: Callable[[Item], int] | None, limit: int) -> list[Sequence[Item]]:
    if weigh is None or limit <= 0:
        return [items[index:index + size] for index in range(0, len(items), size)]
    chunks: list[Sequence[Item]] = []
    start, total = 0, 0
    for index, item in enumerate(items):
        weight = max(0, weigh(item))
        if index > start and (index - start >= size or total + weight > limit):
            chunks.append(items[start:index])
            start, total = index, 0
        total += weight
    chunks.append(items[start:])
    return chunks


def _one_by_one(pool: _Pool, work, context, chunk, fallback, limits: Limits) -> Iterator:
    # each alone, under the chunks' rule (an item's own limit, and as much again for the worker to start: the
    # item's alarm, not the task's timeout, is what stops a slow item — at exactly its limit the two raced,
    # and an item of a worker still starting could be called timed out)
    futures = [pool.schedule(work, (item,), limits.file_seconds * 2) for item in chunk]
    for item, future in zip(chunk, futures):
        try:
            result = future.result()[0]
        except (Exception, ItemTimedOut) as exc:  # noqa: BLE001 - this item kills its worker: the fallback records it
            yield fallback(context, item, _reason(exc))
            continue
        yield fallback(context, item, TIMEOUT) if isinstance(result, TimedOut) else result
