"""The `provind` command explains itself: a newcomer can use it from its help alone.

Checked generically over `provind.cli.COMMANDS` (and any sub-actions, such as `sources
check`), so a command added later is held to the same bar: a description, every option
explained with a real metavar, and examples in the epilog.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from provind import VERSION, cli

ROOT = Path(__file__).resolve().parents[1]
PROVIND = Path(sys.executable).parent / "provind"


def _env(**extra: str) -> dict[str, str]:
    # The console script must import this checkout's provind (a worktree, or the installed one).
    path = os.pathsep.join(
        [str(ROOT / "scrapers"), str(ROOT / "expectations"), str(ROOT), os.environ.get("PYTHONPATH", "")]
    )
    return {**os.environ, "PYTHONPATH": path, **extra}


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.update(action.choices)
    return found


def _command_parsers(name: str) -> list[tuple[str, argparse.ArgumentParser]]:
    """`provind NAME` as the CLI builds it (its module loaded), and every nested action of it."""
    todo = [(name, _subparsers(cli.build_parser([name]))[name])]
    out = []
    while todo:
        label, parser = todo.pop()
        out.append((label, parser))
        todo += [(f"{label} {sub}", p) for sub, p in _subparsers(parser).items()]
    return out


ALL_PARSERS = [pair for name in cli.COMMANDS for pair in _command_parsers(name)]


@pytest.mark.parametrize(("label", "parser"), ALL_PARSERS, ids=[label for label, _ in ALL_PARSERS])
def test_every_command_explains_itself(label: str, parser: argparse.ArgumentParser) -> None:
    text = parser.format_help()
    assert parser.description and len(parser.description) > 40, f"provind {label}: no description"
    assert parser.epilog and "example" in parser.epilog.lower(), f"provind {label}: no examples in the epilog"
    assert f"provind {label.split()[0]} " in parser.epilog, f"provind {label}: examples do not show the command"
    # Examples are laid out by hand: the formatter must keep their lines.
    assert isinstance(parser.formatter_class, type) and issubclass(
        parser.formatter_class, argparse.RawDescriptionHelpFormatter
    ), f"provind {label}: the epilog would be re-wrapped"
    arguments = [a for a in parser._actions if not isinstance(a, argparse._HelpAction)]
    assert any(a.help for a in arguments), f"provind {label}: no option has help text"
    for action in arguments:
        name = "/".join(action.option_strings) or action.dest
        assert action.help and action.help != argparse.SUPPRESS, f"provind {label}: {name} is not explained"
        if action.nargs == 0:  # a flag: no value, no metavar
            continue
        # Left alone, argparse shows the dest (`--run-id RUN_ID`, `step`): a name for the
        # author, not a hint for the user. Every value gets a metavar saying what to type.
        assert action.metavar, f"provind {label}: {name} shows its dest {action.dest!r} as metavar"
        assert "_" not in action.metavar, f"provind {label}: {name} metavar {action.metavar!r} looks like a dest"
    assert not re.search(r"--[a-z-]+ [A-Z]+_[A-Z_]+\b", text), f"provind {label}: dest-like metavar in\n{text}"


def test_help_via_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    for name in cli.COMMANDS:
        with pytest.raises(SystemExit) as done:
            cli.main([name, "--help"])
        assert done.value.code == 0
        out = capsys.readouterr().out
        assert out.startswith(f"usage: provind {name}") and "examples:" in out


def test_bare_provind_prints_help_and_exits_0() -> None:
    proc = subprocess.run([str(PROVIND)], capture_output=True, text=True, env=_env(), timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: provind") and proc.stderr == ""
    for name, (_, one_line) in cli.COMMANDS.items():
        assert re.search(rf"^\s+{re.escape(name)}\b", proc.stdout, re.MULTILINE), f"{name} is not listed"
        assert one_line.split()[0] in proc.stdout
    assert "examples:" in proc.stdout and "environment:" in proc.stdout


def test_every_environment_variable_is_documented() -> None:
    """Every PROVIND_* variable the code, DAGs, scripts or dbt profiles read is in `provind --help`."""
    names: set[str] = set()
    for folder in ("scrapers", "dags", "scripts", "dbt_project"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".sh", ".yml", ".sql") and path.name != "cli.py" and "target" not in path.parts:
                names |= set(re.findall(r"\bPROVIND_[A-Z_]*[A-Z]\b", path.read_text(encoding="utf-8")))
    names |= set(re.findall(r"\bPROVIND_[A-Z_]*[A-Z]\b", (ROOT / "sources.yml").read_text(encoding="utf-8")))
    assert {"PROVIND_DATA_DIR", "PROVIND_SOURCES", "PROVIND_DEMO_URL"} <= names
    help_text = cli.build_parser([]).format_help()
    assert sorted(n for n in names if n not in help_text) == []


def test_version() -> None:
    proc = subprocess.run([str(PROVIND), "--version"], capture_output=True, text=True, env=_env(), timeout=60)
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"provind {VERSION}"


def test_unknown_command_is_an_error() -> None:
    proc = subprocess.run([str(PROVIND), "nonsense"], capture_output=True, text=True, env=_env(), timeout=60)
    assert proc.returncode == 2 and "invalid choice: 'nonsense'" in proc.stderr


# ---------------------------------------------------------------------- make help


def _makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    named = set(re.findall(r"^([A-Za-z0-9_-]+)\s*:(?!=)", text, re.MULTILINE))
    phony = {t for line in re.findall(r"^\.PHONY\s*:(.*)$", text, re.MULTILINE) for t in line.split()}
    return named | phony


def test_make_help_lists_every_target() -> None:
    targets = _makefile_targets()
    assert {"run", "test", "lint", "clean", "manifest", "venv"} <= targets  # the parse itself works
    proc = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    listed = dict(re.findall(r"^\s+make (\S+)\s+(\S.*)$", proc.stdout, re.MULTILINE))
    assert sorted(targets - set(listed)) == [], proc.stdout
    assert all(len(text) > 10 for text in listed.values()), proc.stdout


# ---------------------------------------------------------------------- provind run, report


def _fake_checkout(tmp_path: Path) -> Path:
    root = tmp_path / "checkout"
    (root / "scripts").mkdir(parents=True)
    script = root / "scripts" / "run-nightly.sh"
    script.write_text('#!/usr/bin/env bash\necho "cwd=$PWD"\nprintf "arg=%s\\n" "$@"\nexit 7\n')
    script.chmod(0o755)
    return root


def _run_with_root(root: Path, *argv: str) -> subprocess.CompletedProcess:
    """`provind run` in a real process whose project root is `root` (PROVIND_HOME)."""
    code = "import sys\nfrom provind import cli\nsys.exit(cli.main(sys.argv[1:]))\n"
    return subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        env=_env(PROVIND_HOME=str(root)),
        timeout=60,
    )


def test_run_execs_the_nightly_script_from_the_checkout(tmp_path: Path) -> None:
    root = _fake_checkout(tmp_path)
    proc = _run_with_root(root, "run", "--reextract", "--", "2026-01-31", "two words")
    assert proc.returncode == 7, proc.stderr  # the script's own exit status
    lines = proc.stdout.splitlines()
    assert lines[0] == f"cwd={root}"
    assert lines[1:] == ["arg=2026-01-31", "arg=two words", "arg=--conf", 'arg={"reextract": true}']


def test_run_outside_a_checkout_says_what_it_needs(tmp_path: Path) -> None:
    proc = _run_with_root(tmp_path, "run")
    assert proc.returncode == 2
    assert "needs the project checkout" in proc.stderr and "Traceback" not in proc.stderr


def test_report_without_published_marts_is_a_clear_error(tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(PROVIND), "report"], capture_output=True, text=True, env=_env(PROVIND_DATA_DIR=str(tmp_path)), timeout=120
    )
    assert proc.returncode == 1
    assert "no published marts" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "report").exists()


def test_python_m_provind_report_is_the_same_command() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "provind.report", "--help"], capture_output=True, text=True, env=_env(), timeout=60
    )
    assert proc.returncode == 0 and "--marts FILE" in proc.stdout


# ---------------------------------------------------------------------- run-nightly.sh progress


def test_nightly_progress_shows_airflow_task_starts_and_ends() -> None:
    """Lines rendered from the installed Airflow's own messages reach the terminal as start/end."""
    # The installed file, read without importing Airflow (find_spec of a submodule imports its parents).
    packages = importlib.util.find_spec("airflow").submodule_search_locations
    dag_py = next(p for p in (Path(d) / "sdk" / "definitions" / "dag.py" for d in packages) if p.exists())
    source = dag_py.read_text(encoding="utf-8")
    formats = re.findall(r'log\.info\("(\[DAG TEST\] (?:start|end)[^"]*task_id=%s map_index=%s)"', source)
    assert len(formats) == 2, "Airflow's `dags test` task messages changed"
    start, end = formats
    log = "\n".join(
        [
            "2026-12-06T02:00:01 [info     ] " + start % ("list_sources", -1) + " [airflow.sdk.definitions.dag]",
            "[DAG TEST] running task <TaskInstance: provind_nightly.list_sources>",
            end % ("list_sources", -1),
            start % ("crawl", 0),
            "unrelated line",
            end % ("crawl", 0),
            "provind_expectations.runner.GateFailed: gate raw_mentions failed",
            "2026-12-06 [info] DagRun Finished: dag_id=provind_nightly, logical_date=2026-12-06 08:34:19+00:00, "
            "run_id=manual__2026, run_duration=129.2, state=success, run_type=manual, [airflow.models.dagrun.DagRun]",
        ]
    )
    proc = subprocess.run(
        [str(ROOT / "scripts" / "dag-test-progress.sh")], input=log + "\n", capture_output=True, text=True, timeout=30
    )
    assert proc.returncode == 0
    assert proc.stdout.splitlines() == [
        "  start task_id=list_sources",
        "  end   task_id=list_sources",
        "  start task_id=crawl map_index=0",
        "  end   task_id=crawl map_index=0",
        "  GateFailed: gate raw_mentions failed",
        "  DagRun Finished: dag_id=provind_nightly, state=success",
    ]
