"""The compiled extractor (provind/compiled.py): used only while it matches the sources, and the same.

`make venv` compiles the extractor with mypyc; `make test` installs a C compiler first, so under
CI the compiled build must be the one the suite runs. These tests check that the build and the
sources print the same mentions byte for byte, and that an edited source turns the build off.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from provind import compiled

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "scrapers" / "provind"
CORPUS = PACKAGE / "demo_site" / "corpus"
PROVIND = Path(sys.executable).with_name("provind")

needs_build = pytest.mark.skipif(not compiled.ACTIVE, reason=f"no compiled extractor: {compiled.REASON}")


def test_the_suite_runs_the_compiled_build_under_ci():
    """Under CI `make test` has installed a compiler and compiled: a silent fallback would hide a broken build."""
    if not os.environ.get("CI"):
        pytest.skip("outside CI the build is best effort")
    assert compiled.ACTIVE, compiled.REASON
    import provind.extract.mentions
    import provind.textprep

    for module in (provind.extract.mentions, provind.textprep):
        assert Path(module.__file__ or "").suffix == ".so", module.__file__


def _extract(files: list[Path], pure: bool) -> str:
    env = {**os.environ, "PROVIND_PURE_PYTHON": "1" if pure else "0"}
    args = ["--region", "370000", "--published", "2024-01-01"]
    proc = subprocess.run(
        [str(PROVIND), "extract", *map(str, files), *args], capture_output=True, text=True, env=env, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@needs_build
def test_compiled_and_sources_print_the_same_mentions(tmp_path):
    """Every mention of the demo corpus, and of a text of edge cases, is the same line either way."""
    edge = tmp_path / "edge.txt"
    edge.write_text(
        "2023年，全市新登记市场主体31.2万户，市场主体总量142.3万户，同比增长8.1%。\n"
        "截至6月底，全省有效发明专利拥有量达5.6万件，居全国第三位。\n"
        "全年完成年度计划82.3%，计划到2025年达到90%以上。第二十八次会议9:00起召开。\n"
        "1—8月份，抽检食品12,345批次，合格率98.7%；其中3项获批省级标准化试点项目。\n"
        "營業收入約1万2千元，下降−3.5个百分点，青島市黄岛区增长+2.1%。\n",
        encoding="utf-8",
    )
    files = [*sorted(CORPUS.glob("*.txt")), edge]
    compiled_out = _extract(files, pure=False)
    assert compiled_out.count("\n") > 150  # the corpus has some two hundred figures
    assert compiled_out == _extract(files, pure=True)


def _copy_package(to: Path) -> Path:
    """The modules `provind.compiled` checks, copied elsewhere (the build's stamp names paths, not places)."""
    package = to / "provind"
    shutil.copytree(PACKAGE / "extract", package / "extract", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("__init__.py", "compiled.py", "config.py", "textprep.py"):
        shutil.copy2(PACKAGE / name, package / name)
    return package


def _imported_from(scrapers: Path) -> list[str]:
    code = (
        "import provind.compiled as c, provind.extract.numbers as n, provind.textprep as t;"
        "print(c.ACTIVE); print(c.REASON); print(n.__file__); print(t.__file__)"
    )
    env = {**os.environ, "PYTHONPATH": str(scrapers), "PROVIND_PURE_PYTHON": "0"}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.splitlines()


@needs_build
def test_an_edited_source_turns_the_whole_build_off(tmp_path):
    package = _copy_package(tmp_path)
    active, _, numbers_file, textprep_file = _imported_from(tmp_path)
    assert active == "True"  # the same sources elsewhere: the build stands in for them
    assert numbers_file.endswith(".so") and textprep_file.endswith(".so")

    with open(package / "extract" / "units.py", "a", encoding="utf-8") as fh:
        fh.write("\n# an edit\n")
    active, reason, numbers_file, textprep_file = _imported_from(tmp_path)
    assert active == "False"
    assert "provind/extract/units.py" in reason
    # not only the edited module: the compiled modules call each other directly
    assert numbers_file == str(package / "extract" / "numbers.py")
    assert textprep_file == str(package / "textprep.py")


def test_stale_reason_names_what_differs(tmp_path):
    package = _copy_package(tmp_path / "src")
    build = tmp_path / "build"
    build.mkdir()
    assert "no compiled build" in (compiled.stale_reason(build, package) or "")

    (build / compiled.STAMP).write_text("{not json", encoding="utf-8")
    assert "unreadable stamp" in (compiled.stale_reason(build, package) or "")

    import json

    stamp = compiled.stamp_for(package)
    (build / compiled.STAMP).write_text(json.dumps(stamp), encoding="utf-8")
    assert compiled.stale_reason(build, package) is None

    (build / compiled.STAMP).write_text(json.dumps({**stamp, "soabi": "cpython-39-x86_64-linux-gnu"}), encoding="utf-8")
    assert "compiled for cpython-39" in (compiled.stale_reason(build, package) or "")

    (build / compiled.STAMP).write_text(json.dumps(stamp), encoding="utf-8")
    (package / "extract" / "new_module.py").write_text("X = 1\n", encoding="utf-8")
    assert (compiled.stale_reason(build, package) or "").endswith("provind/extract/new_module.py")
