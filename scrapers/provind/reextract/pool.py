"""The process pool that extracts batches: spawned workers that end with their parent.

One worker needs no pool: its batches are extracted in this process (`_InProcess`).
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any


class _InProcess:
    """The executor of a one-worker run: each batch extracted here, when submitted."""

    def submit(self, fn: Any, *args: Any) -> Future:
        future: Future = Future()
        future.set_result(fn(*args))
        return future


@contextlib.contextmanager
def executor(workers: int) -> Iterator[Any]:
    """A pool of `workers` spawned processes (one: this process), shut down with the block."""
    if workers <= 1:
        yield _InProcess()
        return
    # spawn, not fork: this process holds a DuckDB connection and threads, which a fork would copy mid-use
    spawn = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(workers, mp_context=spawn, initializer=_start_worker, initargs=(os.getpid(),))
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # a failed or stopped task does not wait for the batches queued
        raise
    pool.shutdown(wait=True)


def _start_worker(parent: int) -> None:
    """Set up a worker: it ends when its parent does, and loads the extractor before the first batch.

    A pool's workers outlive a parent killed by SIGKILL (they wait for work that never comes):
    a killed extract task would leave them behind. They watch their parent instead.
    """
    import threading

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    for module in ("provind.extract", "provind.stats"):  # the first batch's imports, while the parent reads it
        importlib.import_module(module)
