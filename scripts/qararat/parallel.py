"""Work on documents one at a time, spread over the machine's cores.

Reading, repairing and parsing a document, linking it, and rendering it from the linked corpus need
nothing of the other documents' work, so large corpora are done by worker processes forked from the build:
a worker inherits what the build holds (the linked corpus, loaded lexicons) without copying it, and
only the items' positions go to it and the results come back. Results keep the items' order, so a
build is the same whether it ran in one process or several.
"""
from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
from typing import Callable, Iterable, Iterator, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

PARALLEL_FROM = 8   # fewer items than this: starting workers costs more than it saves
BATCHES_PER_WORKER = 2   # of the 8 per worker the items are sent in

_jobs: dict[int, tuple[Callable, list]] = {}   # what the forked workers inherit, by job number
_numbers = itertools.count()


def _run(task: tuple[int, int]):
    job, index = task
    function, items = _jobs[job]
    return function(items[index])


def map_in_order(function: Callable[[Item], Result], items: Iterable[Item], renew_workers: bool = True
                 ) -> Iterator[Result]:
    """function(item) for each item, in order; in forked workers when there are many items and cores.
    The workers start at once, so the caller may do other work before it takes the results. `function`
    is never pickled (a closure is fine); its results are. `renew_workers=False` keeps each worker to
    the end, for work that inherits little and whose caches serve every item."""
    items = list(items)
    workers = min(os.cpu_count() or 1, len(items))
    if len(items) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return map(function, items)
    job = next(_numbers)
    _jobs[job] = (function, items)     # kept while the pool lasts: a replacement worker inherits it too
    # What the workers inherit is shared with this process until one of them writes to it; the cyclic
    # garbage collector writes to every object it visits, so the objects alive now are set aside from it
    # (gc.freeze) and the workers do not each end up with a copy of the whole corpus.
    gc.freeze()
    # A worker is replaced after a few batches (unless renew_workers is False): what it copied of the
    # corpus (reading an object writes its reference count) and what it cached is given back, so memory
    # does not grow with the corpus.
    renewal = BATCHES_PER_WORKER if renew_workers else None
    pool = multiprocessing.get_context("fork").Pool(workers, maxtasksperchild=renewal)
    tasks = ((job, index) for index in range(len(items)))
    return _results(job, pool, pool.imap(_run, tasks, chunksize=max(1, len(items) // (workers * 8))))


def _results(job: int, pool, results: Iterator) -> Iterator:
    try:
        with pool:
            yield from results
    finally:
        del _jobs[job]
        gc.unfreeze()
