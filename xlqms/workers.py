"""Work spread over worker processes, with the state each worker needs given once, explicitly.

:func:`run_chunks` applies ``work(context, item)`` to every item — in this process when there is
little to do, else in a pool of worker processes, chunk by chunk, yielding the results in the
order of the items. ``context`` (the campaign, the shapes built once per template…) is passed to
each worker once, through the pool's initializer, and handed to ``work`` as an argument: no module
of xlqms keeps worker state of its own. Used by :mod:`xlqms.generate` (collect, which reads
untrusted files, uses :mod:`xlqms.isolation`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
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
