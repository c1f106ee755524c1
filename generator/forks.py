"""Work shared among processes forked from the build, which see its memory without copying it.

Used wherever the build has thousands of independent items and two or more cores: the pages
(`render.pages`), the photos, share cards and catalogue beside MkDocs (`render.artifacts`) and the
policy pass over the finished site (`security`).
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .messages import say


@contextlib.contextmanager
def forked_map(
    function: Callable[..., Any], *arguments: Iterable[Any], workers: int, nice: int = 0
) -> Iterator[Iterator[Any]]:
    """function over arguments (as `map` takes them) in worker processes forked from this one,
    which share its memory until they write to it; with nice > 0 they run at that lower priority.
    Yields the results, in order, as they come.

    Leaving the block stops the workers, done or not (an error, Ctrl+C). A worker killed (the
    kernel does so when memory runs out) loses its part: that is an error for staff, not a wait
    for ever. The objects that exist now are frozen out of the garbage collector first: a
    collection in a worker would otherwise touch every object of the model and copy each memory
    page it sits on, and the workers would soon hold copies of the whole model.
    """
    frozen_before = gc.get_freeze_count() > 0  # the caller's freeze is the caller's to undo
    gc.freeze()
    before = set(multiprocessing.active_children())
    fork = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(workers, mp_context=fork, initializer=_start_worker, initargs=(nice,))
    started = []
    try:
        # Forked workers all start with the first task: a trivial one lists them while they are
        # alive, before a real task can get one killed (a dead process is listed no more).
        pool.submit(int)
        started = [process for process in multiprocessing.active_children() if process not in before]
        # Not pool.map: its results cancel the tasks left when they stop early, and a cancelled
        # task makes the pool's thread fail on Python 3.11 once a worker is gone (gh-107219).
        tasks = [pool.submit(function, *task) for task in zip(*arguments, strict=True)]
        yield (task.result() for task in tasks)
    except BrokenProcessPool as error:
        _stop(pool, before)  # first: then the exit code of every worker is known
        raise RuntimeError(say("build.worker-killed", code=_exit_code(started))) from error
    finally:
        _stop(pool, before)
        if not frozen_before:
            gc.unfreeze()


def workers_for(items: int, per_worker: int, processes: int | None = None) -> int:
    """How many processes pay for items: one per per_worker items, at most processes (else one
    per core), and at least one (the caller's own)."""
    return max(1, min(processes or os.cpu_count() or 1, items // per_worker))


def _stop(pool: ProcessPoolExecutor, before: set[multiprocessing.process.BaseProcess]) -> None:
    """End the processes pool started (those not in before), done or not, then wait for the
    pool's thread, which sees them gone and ends: nothing of the pool runs on. (The executor
    has no public terminate before Python 3.14.)"""
    running = [process for process in multiprocessing.active_children() if process not in before]
    for process in running:
        process.terminate()
    for process in running:
        process.join()
    pool.shutdown(cancel_futures=True)


def _start_worker(nice: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the parent, which stops the pool
    if nice:
        os.nice(nice)


def _exit_code(workers: list[multiprocessing.process.BaseProcess]) -> int | str:
    """The exit code of the worker that died ("?" when unknown): once one is dead, the pool
    stops the others with SIGTERM."""
    codes = [worker.exitcode for worker in workers if worker.exitcode]
    return min(codes, key=lambda code: code == -signal.SIGTERM, default="?")
