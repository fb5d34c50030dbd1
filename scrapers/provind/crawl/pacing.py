"""Per-host pacing shared by every provind process on this machine.

Two crawls of one host in parallel (two Airflow tasks for two sources of one bureau, a
backfill beside the nightly run) must not double the rate the host sees. So the turn to
talk to a host is a lock file per origin, `<pacing dir>/<slug>-<hash>.lock`, taken with
`fcntl.flock`: the holder reads the time the previous request to that host ended and the
delay its sender knew (both written in the file by whichever process sent it), sleeps until
that time plus the larger of that delay and its own (a crawl's first request, robots.txt,
is sent before it knows the host's Crawl-delay, which another crawl of the host may have
learnt), sends its one request, writes the time it ended and lets go. The lock is held
through the request, so a host gets one request at a time from all of provind, and the
kernel drops it if a process dies. Threads of one process queue on a thread lock first.

The lock files live in a directory on this machine (`data/state/hosts/` by default): workers
on other machines are paced apart only if they share that directory on a file system with
working `flock` (a local disk; not every NFS).
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger(__name__)

DEFAULT_PORTS = {"http": 80, "https": 443}


def host_key(url: str) -> str:
    """`scheme://host:port` of `url`, the port always written, so that equal origins share one turn."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port or DEFAULT_PORTS.get(scheme, 0)
    return f"{scheme}://[{host}]:{port}" if ":" in host else f"{scheme}://{host}:{port}"


def lock_file_name(key: str) -> str:
    """A file name readable by a person and safe on any file system: a slug of the key and its hash."""
    slug = re.sub(r"[^a-z0-9.-]+", "_", key.lower()).strip("_")[:80]
    return f"{slug}-{hashlib.sha256(key.encode()).hexdigest()[:16]}.lock"


class HostPacer:
    """Hands out turns to talk to a host, `delay` seconds after the previous request to it ended.

    With `directory` None (or one that cannot be written) turns are shared only by the
    threads of this process.
    """

    def __init__(
        self,
        directory: Path | None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.directory = self._usable(directory)
        self._sleep = sleep
        self._clock = clock  # wall time: the file is read by other processes, maybe after a restart
        self._lock = threading.Lock()
        self._thread_locks: dict[str, threading.Lock] = {}
        self._last_end: dict[str, tuple[float, float]] = {}  # (end, delay), used only without a directory

    @contextmanager
    def turn(self, url: str, delay: float) -> Iterator[None]:
        """Hold `url`'s host for one request, started at least `delay` s after the previous one ended."""
        key = host_key(url)
        with self._lock:
            thread_lock = self._thread_locks.setdefault(key, threading.Lock())
        with thread_lock:
            fd = self._open(key)
            if fd is None:
                last_end, asked = self._last_end.get(key, (None, 0.0))
                self._wait(last_end, max(delay, asked))
                try:
                    yield
                finally:
                    self._last_end[key] = (self._clock(), delay)
                return
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)  # released when fd is closed, or when this process dies
                last_end, asked = _read_turn(fd)
                # The host's delay as the previous requester knew it: a crawl whose first request
                # is robots.txt does not know the Crawl-delay yet, and another crawl of the host
                # (another source, another batch or process) may have just learnt it.
                self._wait(last_end, max(delay, asked))
                try:
                    yield
                finally:
                    _write_turn(fd, self._clock(), delay)
            finally:
                os.close(fd)

    def _open(self, key: str) -> int | None:
        """The host's lock file, opened; None when pacing is per process only."""
        if self.directory is None:
            return None
        try:
            return os.open(self.directory / lock_file_name(key), os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            log.warning("cannot open a pacing file in %s (%s): pacing within this process only", self.directory, exc)
            return None

    def _wait(self, last_end: float | None, delay: float) -> None:
        if last_end is None:
            return
        # min(): a wall clock set back (or a garbled file) must not make us wait longer than the delay.
        wait = min(delay, last_end + delay - self._clock())
        if wait > 0:
            self._sleep(wait)

    @staticmethod
    def _usable(directory: Path | None) -> Path | None:
        if directory is None:
            return None
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            log.warning("cannot create pacing directory %s (%s): pacing within this process only", directory, exc)
            return None
        if not os.access(directory, os.W_OK | os.X_OK):
            log.warning("pacing directory %s is not writable: pacing within this process only", directory)
            return None
        return directory


def _read_turn(fd: int) -> tuple[float | None, float]:
    """(when the previous request ended, the delay its sender knew); (None, 0) for a new or garbled file."""
    try:
        fields = os.pread(fd, 64, 0).decode("ascii").split()
        return float(fields[0]), float(fields[1]) if len(fields) > 1 else 0.0  # one field: an older provind
    except (UnicodeDecodeError, ValueError, IndexError):
        return None, 0.0  # a new (empty) file, or one garbled by a crash while it was written


def _write_turn(fd: int, when: float, delay: float) -> None:
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{when:.6f} {delay:.3f}\n".encode("ascii"), 0)
    except OSError as exc:  # a full disk must not fail the fetch; the next request just is not spaced
        log.warning("cannot record the time of a request in the pacing file: %s", exc)
