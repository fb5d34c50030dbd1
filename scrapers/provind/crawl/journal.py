"""The landing journal: how a crawl hands what it fetched to `land`, safe against kills.

A crawl writes `<run>/<source>.jsonl.gz.part`, one gzip member per fetch record, each
flushed and fsynced before the crawler is asked for the next one; when the crawl ends the
journal is sealed (renamed to `<source>.jsonl.gz`, or `<source>.<n>.jsonl.gz`, never over
another file). `land` lands sealed files and seals the journals of crawls that were
killed. A landed file gets a `.landed` marker once its rows are committed.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import fcntl
import gzip
import json
import logging
import os
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from provind import config
from provind.publish.atomic import fsync

log = logging.getLogger(__name__)


def safe_run_id(run_id: str) -> str:
    """Airflow run ids hold colons and plus signs: keep them out of file names."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id)


LANDING_SUFFIX = ".jsonl.gz"


JOURNAL_SUFFIX = LANDING_SUFFIX + ".part"


# What crawls before the journal left when killed: one gzip stream, cut short. Landed the same way.
LEGACY_JOURNAL_SUFFIX = ".jsonl.tmp"


JOURNAL_SUFFIXES = (JOURNAL_SUFFIX, LEGACY_JOURNAL_SUFFIX)


def journal_source(path: Path) -> str:
    return next(path.name.removesuffix(suffix) for suffix in JOURNAL_SUFFIXES if path.name.endswith(suffix))


class LandingJournal:
    """An append-only landing file: one gzip member per record, each flushed and fsynced.

    Concatenated gzip members are one valid gzip file (`gzip.open` reads it whole), and a
    crash can only tear the last member, which `read_landing` leaves out.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> LandingJournal:
        self.handle = self.path.open("ab")
        return self

    def write(self, row: dict[str, Any]) -> None:
        line = json.dumps(row, ensure_ascii=False) + "\n"
        self.handle.write(gzip.compress(line.encode("utf-8"), mtime=0))
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


def seal(journal: Path) -> Path | None:
    """Turn a journal into a landing file under a name no other file has; durable in its directory."""
    if not journal.exists():
        return None
    stem = journal_source(journal)
    target, n = journal.with_name(stem + LANDING_SUFFIX), 1
    while target.exists() or landed_marker(target).exists():
        target, n = journal.with_name(f"{stem}.{n}{LANDING_SUFFIX}"), n + 1
    os.replace(journal, target)
    fsync(target.parent)  # the rename survives a power cut
    return target


def seal_orphans(source_name: str) -> list[Path]:
    """Seal every journal of `source_name` left by a killed crawl. Call with the source's lock held."""
    return [
        sealed
        for suffix in JOURNAL_SUFFIXES
        for journal in sorted(config.landing_dir().glob(f"*/{source_name}{suffix}"))
        if (sealed := seal(journal)) is not None
    ]


@contextlib.contextmanager
def source_lock(source_name: str) -> Iterator[None]:
    """One crawl of a source at a time, across runs and processes.

    A backfill runs nights side by side (its own `--max-active-runs`, beside the
    scheduled run): two crawls of one site would share its crawl state, the last
    writer losing the other's, and double the rate the site sees. The second waits.
    """
    path = config.state_dir() / f"{source_name}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes, even if the task is killed
        yield


def seal_orphans_if_idle(source_name: str) -> list[Path]:
    """Seal a source's leftover journals unless a live crawl of it holds its lock (then they are its own)."""
    path = config.state_dir() / f"{source_name}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return []  # crawling now: its journal is sealed when it ends, and landed by a later land
        return seal_orphans(source_name)


def landed_marker(path: Path) -> Path:
    return path.with_name(path.name + ".landed")


def read_landing(path: Path) -> list[dict[str, Any]]:
    """The records of a landing file: gzip members of JSON lines; a torn last member (a crash) is left out."""
    import zlib

    data = path.read_bytes()
    lines: list[str] = []
    while data:
        member = zlib.decompressobj(wbits=31)
        try:
            text = member.decompress(data)
        except zlib.error as exc:
            raise ValueError(f"{path}: not a landing file (gzip): {exc}") from exc
        if not member.eof:
            # A write cut short by a kill: keep its whole lines, leave out the torn last one
            # (its crawl state never took that record in, so it is fetched again).
            whole = text[: text.rfind(b"\n") + 1]
            log.warning("%s: cut short by a crash; %d whole records of its last part kept", path, whole.count(b"\n"))
            lines.extend(whole.decode("utf-8").splitlines())
            break
        lines.extend(text.decode("utf-8").splitlines())
        data = member.unused_data
    return [json.loads(line) for line in lines if line.strip()]


def record_to_json(record: Any) -> dict[str, Any]:
    row = dataclasses.asdict(record)
    row["body"] = base64.b64encode(record.body).decode("ascii") if record.body is not None else None
    return json.loads(json.dumps(row, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
