"""A wheel of provind, installed in a fresh virtualenv, works outside the checkout.

`uv build --wheel` builds it, `uv venv` makes an empty environment, `uv pip install` puts the
wheel there with the versions of uv.lock (from uv's cache when it holds them all, else from
the registry). Then, from a directory outside the checkout and with no PYTHONPATH: the command
runs, `provind extract` finds figures in a demo article (the reference data ships in the
wheel), and a command that needs the checkout says to set PROVIND_HOME instead of a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from provind import VERSION

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "scrapers" / "provind" / "demo_site" / "corpus"
# where `make venv` (pip install --user uv) puts uv when it is not on PATH
UV = shutil.which("uv") or str(Path.home() / ".local" / "bin" / "uv")
# What could point the installed provind back at the checkout: none of it may be set.
CHECKOUT_VARIABLES = ("PYTHONPATH", "PROVIND_HOME", "PROVIND_DATA_DIR", "PROVIND_SOURCES", "VIRTUAL_ENV")


def _uv(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([UV, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def _outside_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CHECKOUT_VARIABLES and not k.startswith("UV_")}
    return {**env, **extra}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with provind installed from a wheel; returns its bin/ directory."""
    if not Path(UV).is_file():
        pytest.fail(f"uv not found (looked on PATH and at {UV}); `make venv` installs it")
    tmp = tmp_path_factory.mktemp("wheel")
    built = _uv("build", "--wheel", "--out-dir", str(tmp / "dist"))
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp / "dist").glob("provind-*.whl")

    venv = tmp / "venv"
    made = _uv("venv", "--quiet", "--python", f"{sys.version_info.major}.{sys.version_info.minor}", str(venv))
    assert made.returncode == 0, made.stderr
    # the lock's versions, as constraints: the wheel's own metadata still decides what is needed
    constraints = tmp / "constraints.txt"
    exported = _uv("export", "--frozen", "--no-dev", "--no-emit-project", "--no-hashes", "-q", "-o", str(constraints))
    assert exported.returncode == 0, exported.stderr
    install = ["pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), "-c", str(constraints)]
    done = _uv(*install, "--offline", str(wheel), cwd=tmp)
    if done.returncode != 0:  # the cache lacks a package (or the index metadata uv pip needs)
        done = _uv(*install, str(wheel), cwd=tmp)
    assert done.returncode == 0, done.stderr
    return venv / "bin"


@pytest.fixture()
def elsewhere(tmp_path: Path) -> Path:
    """A working directory outside the checkout."""
    cwd = tmp_path / "elsewhere"
    cwd.mkdir()
    assert not cwd.resolve().is_relative_to(ROOT)
    return cwd


def _run(argv: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, env=_outside_env(**env), timeout=300)


def test_the_installed_package_is_the_wheel_not_the_checkout(installed: Path, elsewhere: Path) -> None:
    code = "import provind, provind_expectations; print(provind.__file__); print(provind_expectations.__file__)"
    proc = _run([str(installed / "python"), "-c", code], elsewhere)
    assert proc.returncode == 0, proc.stderr
    for line in proc.stdout.splitlines():
        assert Path(line).is_relative_to(installed.parent), line  # site-packages of the fresh venv


def test_version(installed: Path, elsewhere: Path) -> None:
    proc = _run([str(installed / "provind"), "--version"], elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == f"provind {VERSION}"


def test_extract_finds_the_figures_of_a_demo_article(installed: Path, elsewhere: Path) -> None:
    article = elsewhere / "article.txt"
    shutil.copyfile(sorted(CORPUS.glob("*.txt"))[0], article)
    proc = _run(
        [str(installed / "provind"), "extract", "--published", "2024-08-14", "--region", "371600", article.name],
        elsewhere,
    )
    assert proc.returncode == 0, proc.stderr
    mentions = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(mentions) >= 3
    # the gazetteer and the indicator catalog are read from the wheel's package data
    assert all(m["region_code"] for m in mentions)
    assert any(m["indicator"] != "unclassified" for m in mentions)
    text = article.read_text(encoding="utf-8")
    assert all(text[m["start"] : m["end"]] == m["quote"] for m in mentions)


def test_the_quality_rules_ship_with_their_data_docs_assets(installed: Path, elsewhere: Path) -> None:
    code = (
        "from provind_expectations.docs import VENDOR, VENDORED\n"
        "print(all((VENDOR / f).is_file() for f in VENDORED.values()))"
    )
    proc = _run([str(installed / "python"), "-c", code], elsewhere)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "True"


def test_what_needs_the_checkout_names_provind_home(installed: Path, elsewhere: Path) -> None:
    for argv in (["sources", "check"], ["pipeline", "dbt"], ["report"], ["run"]):
        proc = _run([str(installed / "provind"), *argv], elsewhere)
        assert proc.returncode == 2, (argv, proc.stdout, proc.stderr)
        assert "PROVIND_HOME" in proc.stderr and "Traceback" not in proc.stderr, (argv, proc.stderr)


def test_provind_home_points_the_wheel_at_a_checkout(installed: Path, elsewhere: Path) -> None:
    proc = _run([str(installed / "provind"), "sources", "check"], elsewhere, PROVIND_HOME=str(ROOT))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert str(ROOT / "sources.yml") in proc.stdout + proc.stderr
