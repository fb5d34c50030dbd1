"""Crash-test hooks: a named point where a test can have the process killed."""

from __future__ import annotations

import os


def failpoint(name: str) -> None:
    """Crash-test hook: `PROVIND_FAILPOINT=<name>` makes the process kill itself (SIGKILL) here.

    The crash tests (tests/land/test_crash_recovery.py) use it to stop a step at an exact
    point no outside timing can hit; unset, it costs one environment lookup.
    """
    if os.environ.get("PROVIND_FAILPOINT") == name:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)
