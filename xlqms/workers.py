"""Work spread over worker processes, with the state each worker needs given once, explicitly.

:func:`run_chunks` applies ``work(context, item)`` to every item — in this process when there is
little to do, else in a pool of worker processes, chunk by chunk, yielding the results in the
order of the items. ``context`` (the campaign, the shapes built once per template…) is passed to
each worker once, through the pool's initializer, and handed to ``work`` as an argument: no module
of xlqms keeps worker state of its own. Used by :mod:`xlqms.generate` (collect, which reads
untrusted files, uses :mod:`xlqms.isolation`). :func:`run_stream` does the same for items made as
they are needed (:mod:`xlqms.report`): only a few chunks per worker exist at a time, whatever the
number of items.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

_context: list[Any] = []
"""The worker process's context, set once by the pool initializer (only ever in a worker process)."""


def _start_worker(context: Any) -> None:
    _context[:] = [context]


def _run_in_worker(work: Callable[[Any, Any], Any], chunk: Sequence[Any]) -> list[Any]:
    context = _context[0]
    return [work(context, item) for item in chunk]


def worker_count(items: int, threshold: int) -> int:
    """Every core when there are more than ``threshold`` items, else 1 (this process)."""
    return (os.cpu_count() or 1) if items > threshold else 1


def run_chunks(work: Callable[[Any, Item], Result], context: Any, items: Sequence[Item], workers: int,
               chunk_size: int, progress: Callable[[int], None] | None = None) -> Iterator[Result]:
    """``work(context, item)`` for every item, in order; ``progress(done)`` after each chunk or item.

    ``work`` must be a module-level function and ``context`` picklable when ``workers > 1``.
    """
    if workers > 1 and len(items) > 1:
        chunks = [items[index:index + chunk_size] for index in range(0, len(items), chunk_size)]
        done = 0
        with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(context,)) as pool:
            for results in pool.map(_run_in_worker, [work] * len(chunks), chunks):
                yield from results
                done += len(results)
                if progress:
                    progress(done)
        return
    for done, item in enumerate(items, start=1):
        yield work(context, item)
        if progress:
            progress(done)


def run_stream(work: Callable[[Any, Item], Result], context: Any, items: Iterable[Item], workers: int,
               chunk_size: int, progress: Callable[[int], None] | None = None, ahead: int = 2) -> Iterator[Result]:
    """:func:`run_chunks` over items taken from ``items`` as the workers need them: at most ``ahead``
    chunks per worker are made and in flight at a time. Results in the order of the items."""
    iterator = iter(items)
    if workers <= 1:
        for done, item in enumerate(iterator, start=1):
            yield work(context, item)
            if progress:
                progress(done)
        return
    done = 0
    with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker, initargs=(context,)) as pool:
        pending: deque = deque()
        while True:
            while len(pending) < ahead * workers:
                chunk = list(islice(iterator, chunk_size))
                if not chunk:
                    break
                pending.append(pool.submit(_run_in_worker, work, chunk))
            if not pending:
                return
            results = pending.popleft().result()
            yield from results
            done += len(results)
            if progress:
                progress(done)
