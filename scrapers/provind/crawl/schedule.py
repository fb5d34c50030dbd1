"""When to look at a known article again: an adaptive revisit schedule, as Nutch's AdaptiveFetchSchedule.

Each known article carries an interval and the time it is next due. A revisit
that finds the article unchanged (a 304, or the same text) stretches its
interval by `inc_rate`, up to `max`; a revisit that finds a change shrinks it by
`dec_rate`, down to `min`. So a page that bureaus correct gets looked at often,
and a page that has not changed for months costs a 304 once a month.

Each night re-checks the due articles, oldest due first, at most `budget` of
them per source. The policy is data: `revisit:` of a source in sources.yml.

Pure functions only: no clock, no I/O. The crawler passes `now` in.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


@dataclass(frozen=True)
class RevisitPolicy:
    """How a source's known articles and list pages are revisited (see the module docstring)."""

    initial: timedelta = timedelta(days=1)  # interval after the first revisit (which is the next crawl)
    min: timedelta = timedelta(days=1)
    max: timedelta = timedelta(days=30)
    budget: int = 20  # revisits (conditional GETs of known articles) per source and night
    inc_rate: float = 1.5  # interval factor after an unchanged revisit
    dec_rate: float = 0.5  # interval factor after a changed revisit
    sweep_pages: int = 2  # list pages walked per night beyond the first all-known one

    def problem(self) -> str | None:
        """What is inconsistent about this policy, or None."""
        if self.min <= timedelta(0):
            return "min must be longer than 0"
        if self.min > self.max:
            return f"min ({format_duration(self.min)}) is longer than max ({format_duration(self.max)})"
        if not self.min <= self.initial <= self.max:
            return "initial must lie between min and max"
        if self.inc_rate < 1:
            return f"inc_rate must be >= 1, got {self.inc_rate}"
        if not 0 < self.dec_rate <= 1:
            return f"dec_rate must be > 0 and <= 1, got {self.dec_rate}"
        if self.budget < 0 or self.sweep_pages < 0:
            return "budget and sweep_pages must be >= 0"
        return None

    @property
    def grace(self) -> timedelta:
        """An article due a little after the night's start is due that night (nights do not start on the second)."""
        return min(self.min / 4, timedelta(hours=1))


DEFAULT_POLICY = RevisitPolicy()


def parse_duration(value: Any) -> timedelta:
    """'30s', '15m', '12h', '1d', '2w' (or a number of seconds) → timedelta; ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"not a duration: {value!r}")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError(f"not a duration: {value!r}")
        return timedelta(seconds=value)
    match = _DURATION.match(value) if isinstance(value, str) else None
    if not match:
        raise ValueError(f"not a duration (e.g. 12h, 1d, 2w): {value!r}")
    return timedelta(seconds=float(match.group(1)) * _UNIT_SECONDS[match.group(2)])


def format_duration(value: timedelta) -> str:
    seconds = value.total_seconds()
    for unit in ("w", "d", "h", "m"):
        if seconds and seconds % _UNIT_SECONDS[unit] == 0:
            return f"{int(seconds // _UNIT_SECONDS[unit])}{unit}"
    return f"{seconds:g}s"


# --------------------------------------------------------------------------- one article


def first_visit(now: datetime, policy: RevisitPolicy) -> dict[str, Any]:
    """Schedule fields of an article fetched for the first time: looked at again by the next crawl.

    Bureaus correct an article most often within hours of publishing it (a typo'd figure, a
    wrong date), so the first revisit does not wait for `initial`: the next night (or the next
    `provind crawl` of the same state) asks again, with a conditional GET. From then on the
    interval starts at `initial` and adapts.
    """
    return {"interval": policy.initial.total_seconds(), "next_due": now.isoformat()}


def after_revisit(
    entry: Mapping[str, Any], now: datetime, policy: RevisitPolicy, *, changed: bool | None
) -> dict[str, Any]:
    """Schedule fields after a revisit: changed True/False, or None when the revisit failed.

    A failed revisit keeps the interval and tries again after `min`.
    """
    interval = current_interval(entry, policy)
    if changed is None:
        return {"interval": interval.total_seconds(), "next_due": (now + policy.min).isoformat()}
    factor = policy.dec_rate if changed else policy.inc_rate
    interval = min(policy.max, max(policy.min, interval * factor))
    return _schedule(now, interval)


def current_interval(entry: Mapping[str, Any], policy: RevisitPolicy) -> timedelta:
    seconds = entry.get("interval")
    return timedelta(seconds=seconds) if isinstance(seconds, int | float) and seconds > 0 else policy.initial


def next_due(entry: Mapping[str, Any], policy: RevisitPolicy) -> datetime | None:
    """When the article is next due; an entry from before the schedule is due `initial` after its fetch."""
    if entry.get("next_due"):
        return datetime.fromisoformat(entry["next_due"])
    if entry.get("fetched_at"):
        return datetime.fromisoformat(entry["fetched_at"]) + policy.initial
    return None


def _schedule(now: datetime, interval: timedelta) -> dict[str, Any]:
    return {"interval": interval.total_seconds(), "next_due": (now + interval).isoformat()}


# --------------------------------------------------------------------------- one night


def due(entries: Iterable[tuple[str, Mapping[str, Any]]], now: datetime, policy: RevisitPolicy) -> list[str]:
    """URLs due for a revisit by `now` (with the policy's grace), oldest due first, at most `budget`."""
    ready = []
    for url, entry in entries:
        when = next_due(entry, policy)
        if when is not None and when <= now + policy.grace:
            ready.append((when, url))
    ready.sort()
    return [url for _, url in ready[: policy.budget]]


def sweep_bound(list_pages: int, policy: RevisitPolicy) -> int:
    """Nights within which every list page of a `list_pages`-page list is walked at least once.

    Page 1 is walked every night; the sweep walks `sweep_pages` of pages 2..N per night from a
    rotating cursor, so a page below the first is walked at least once in any ceil((N-1)/S)
    consecutive nights. 0 means never (no sweep).
    """
    if policy.sweep_pages <= 0:
        return 0
    return max(1, math.ceil((list_pages - 1) / policy.sweep_pages))
