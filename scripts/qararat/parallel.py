"""Work on documents one at a time, spread over the machine's cores.

Reading, repairing and parsing a document, linking it, and rendering it from the linked corpus need
nothing of the other documents' work, so large corpora are done by worker processes forked from the build:
a worker inherits what the build holds (the linked corpus, loaded lexicons) without copying it, and
only the items' positions go to it and the results come back. Results keep the items' order, so a
build is the same whether it ran in one process or several.
"""
from __future__ import annotations

import multiprocessing
import os
from typing import Callable, Iterable, Iterator, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

PARALLEL_FROM = 8   # fewer items than this: starting workers costs more than it saves

_job: tuple[Callable, list] | None = None   # what the forked workers inherit


def _run(index: int):
    function, items = _job
    return function(items[index])


def map_in_order(function: Callable[[Item], Result], items: Iterable[Item]) -> Iterator[Result]:
    """function(item) for each item, in order; in forked workers when there are many items and cores.
    The workers start at once, so the caller may do other work before it takes the results. `function`
    is never pickled (a closure is fine); its results are."""
    global _job
    items = list(items)
    workers = min(os.cpu_count() or 1, len(items))
    if len(items) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return map(function, items)
    _job = (function, items)
    pool = multiprocessing.get_context("fork").Pool(workers)    # the workers inherit `_job` here
    _job = None
    return _results(pool, pool.imap(_run, range(len(items)), chunksize=max(1, len(items) // (workers * 8))))


def _results(pool, results: Iterator) -> Iterator:
    with pool:
        yield from results
