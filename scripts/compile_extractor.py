"""Compile the extractor with mypyc into the virtual environment (`make venv` runs this).

    .venv/bin/python scripts/compile_extractor.py [--force]

Builds `provind/extract/*.py` and `provind/textprep.py` (provind/compiled.py's MODULE_GLOBS)
into `<venv>/provind-compiled/`, with a stamp of the sources' SHA-256 that `provind` checks on
import (provind/compiled.py). The build is written beside the old one and swapped in whole, so
an interrupted compile leaves the previous build or none, never half of one.

Best effort: without a C compiler, Python's headers, mypy or setuptools it says why on one
line and exits 0, and provind runs the sources (the same results, some 1.3-1.4 times slower).
Up to date (the stamp matches the sources) it does nothing unless `--force`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRAPERS = ROOT / "scrapers"
os.environ["PROVIND_PURE_PYTHON"] = "1"  # this process reads the sources, never an old build
sys.path.insert(0, str(SCRAPERS))

from provind import compiled  # noqa: E402


def missing_tools() -> str | None:
    """What the build would fail for (no C compiler, no Python headers, no mypyc), said before trying."""
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler})"
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if not headers.exists():
        return f"no Python headers ({headers})"
    try:
        import mypyc  # noqa: F401
        import setuptools  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed (the dev dependency group)"
    return None


def build(out: Path) -> None:
    """Compile the sources into `out` (which must not exist yet) and write the stamp last."""
    from mypyc.build import mypycify
    from setuptools import setup

    paths = [p.relative_to(SCRAPERS).as_posix() for p in compiled.sources()]
    with tempfile.TemporaryDirectory(prefix="provind-mypyc-") as tmp:
        cwd = os.getcwd()
        os.chdir(SCRAPERS)  # mypyc names modules by their paths from here: provind/extract/...
        try:
            ext_modules = mypycify(paths, opt_level="3", target_dir=f"{tmp}/c", group_name=compiled.GROUP_NAME)
            log = io.StringIO()
            with contextlib.redirect_stdout(log):
                setup(
                    name="provind-compiled",
                    ext_modules=ext_modules,
                    script_args=["build_ext", "--build-lib", str(out), "--build-temp", f"{tmp}/obj"],
                )
        finally:
            os.chdir(cwd)
    stamp = compiled.stamp_for()
    (out / compiled.STAMP).write_text(json.dumps(stamp, indent=1), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="compile even when the build is up to date")
    args = parser.parse_args()

    target = compiled.build_dir()
    if not args.force and compiled.stale_reason(target) is None:
        (target / compiled.STAMP).touch()  # (make compares its time with the sources')
        print(f"compiled extractor up to date: {target}")
        return 0
    missing = missing_tools()
    if missing:
        print(f"compiled extractor not built: {missing}; provind runs the sources")
        return 0
    staging = target.with_name(target.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    started = time.monotonic()
    try:
        build(staging)
    except (Exception, SystemExit) as exc:  # setuptools reports a failed compiler as SystemExit
        shutil.rmtree(staging, ignore_errors=True)
        print(
            f"compiled extractor not built ({type(exc).__name__}: {str(exc).strip()[:300]}); provind runs the sources"
        )
        return 0
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    staging.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    print(f"compiled extractor built in {time.monotonic() - started:.0f} s: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
