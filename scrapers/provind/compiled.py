"""The extractor compiled to C with mypyc, used only while it matches the sources beside it.

`make venv` compiles the extractor (`provind/extract/*.py` and `provind/textprep.py`, the
modules every figure passes through) with mypyc into `<venv>/provind-compiled/`
(`scripts/compile_extractor.py`). The compiled modules run the same code 1.3-1.4 times faster
(docs/extraction-grammar.md, "Seventh round: compiled"); the sources stay the truth.

`activate()`, called when `provind` is imported, puts that folder ahead of the sources only when
its stamp names this interpreter's ABI and the SHA-256 of every compiled source equals the
source's as it is now. An edited module, a checkout of another commit or another interpreter
turns the whole compiled build off (never part of it: compiled modules call each other
directly), and the sources run as they are until `make venv` compiles them again. Nothing
is compiled on import; a machine without a C compiler runs the sources.

`PROVIND_PURE_PYTHON=1` runs the sources whatever the stamp says (to compare the two, or to
debug with breakpoints in the extractor).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import sysconfig
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# What is compiled, relative to the folder that holds the `provind` package.
MODULE_GLOBS = ("provind/textprep.py", "provind/extract/*.py")
GROUP_NAME = "provind_native"  # the shared library every compiled module links to
STAMP = "stamp.json"
SOABI = sysconfig.get_config_var("SOABI")  # this interpreter's extension ABI (cpython-311-x86_64-linux-gnu)

# Set by activate(): whether the compiled modules are in use, and why not when they are not.
ACTIVE = False
REASON = "not checked"


def build_dir(prefix: str | None = None) -> Path:
    """Where `make venv` puts the compiled build: inside the virtual environment it belongs to."""
    return Path(prefix or sys.prefix) / "provind-compiled"


def sources(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """The compiled modules' sources, in a stable order."""
    root = package_dir.parent
    return sorted(p for pattern in MODULE_GLOBS for p in root.glob(pattern))


def fingerprint(package_dir: Path = PACKAGE_DIR) -> dict[str, str]:
    """Each compiled source's path (relative to the package's parent) and the SHA-256 of its bytes."""
    root = package_dir.parent
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sources(package_dir)}


def stamp_for(package_dir: Path = PACKAGE_DIR) -> dict[str, object]:
    """What a build records of what it compiled (`stale_reason` compares it with the same two things)."""
    return {"soabi": SOABI, "sources": fingerprint(package_dir)}


def stale_reason(build: Path, package_dir: Path = PACKAGE_DIR) -> str | None:
    """Why the build in `build` cannot stand in for the sources in `package_dir`; None when it can."""
    try:
        recorded = json.loads((build / STAMP).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return f"no compiled build in {build} (make venv builds one where a C compiler is installed)"
    except (OSError, ValueError) as exc:
        return f"unreadable stamp in {build}: {exc}"
    if recorded.get("soabi") != SOABI:
        return f"compiled for {recorded.get('soabi')}, running {SOABI}"
    built: dict[str, str] = recorded.get("sources") or {}
    now = fingerprint(package_dir)
    if built != now:
        changed = sorted({name for name in built.keys() | now.keys() if built.get(name) != now.get(name)})
        return "sources changed since the build: " + ", ".join(changed)
    return None


def activate() -> None:
    """Put the compiled build ahead of the sources when it matches them (see the module docstring)."""
    global ACTIVE, REASON
    if os.environ.get("PROVIND_PURE_PYTHON", "") not in ("", "0"):
        REASON = "PROVIND_PURE_PYTHON is set"
        return
    if "provind.extract" in sys.modules or "provind.textprep" in sys.modules:
        REASON = "the extractor was imported before the compiled build was checked"
        return
    build = build_dir()
    reason = stale_reason(build)
    if reason is not None:
        REASON = reason
        return
    import provind

    # Submodules of `provind` are looked for in the build first (the compiled `textprep` and
    # `extract`), then in the sources (everything else); the shared library is a top-level module.
    provind.__path__.insert(0, str(build / "provind"))
    sys.path.append(str(build))
    ACTIVE, REASON = True, f"compiled build in {build}"
