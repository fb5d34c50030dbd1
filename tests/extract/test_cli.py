"""The real `provind extract` command on awkward files: never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

# runs `provind extract` as a process, one per test (and one on 20 MB of text)
pytestmark = pytest.mark.slow

PROVIND = Path(sys.executable).parent / "provind"
ARTICLE = "今年1月至8月,全市发明专利授权936件,同比增长44.2%;知识产权质押融资9.8亿元。\n"


def run(*args: str | Path, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(PROVIND), "extract", *map(str, args)], capture_output=True, text=True, timeout=timeout)


def assert_no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr, proc.stderr


def test_prints_json_lines(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    proc = run(f, "--published", "2023-11-23", "--region", "370900")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["value"] for r in rows] == [936, 44.2, 980000000]
    assert isinstance(rows[0]["value"], int)
    first = rows[0]
    assert first["doc"] == "a.txt" and first["region_code"] == "370900" and first["period"] == "2023-01..2023-08"
    for key in (
        "quote",
        "subject",
        "unit",
        "kind",
        "approx",
        "target",
        "region",
        "region_source",
        "indicator",
        "start",
        "end",
    ):
        assert key in first
    assert ARTICLE[first["start"] : first["end"]] == first["quote"]


def test_title_and_region_source(tmp_path):
    """--title names the county whose 全县 figures a provincial bureau publishes; region_source says so."""
    f = tmp_path / "county.txt"
    f.write_text("2023年，全县实现地区生产总值300亿元。2023年，莱芜市新增企业1200家。\n", encoding="utf-8")
    args = (f, "--published", "2024-03-01", "--region", "370000")
    titled = [json.loads(line) for line in run(*args, "--title", "2023年平阴县统计公报").stdout.splitlines()]
    plain = [json.loads(line) for line in run(*args).stdout.splitlines()]
    assert [(r["region_code"], r["region_source"]) for r in titled] == [("370124", "title"), (None, "unresolved")]
    assert [(r["region_code"], r["region_source"]) for r in plain] == [("370000", "publisher"), (None, "unresolved")]


def test_garbage_bytes(tmp_path):
    f = tmp_path / "garbage.bin"
    f.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(5000)))
    proc = run(f)
    assert_no_traceback(proc)
    assert proc.returncode != 0 and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "garbage.bin" in proc.stderr


def test_empty_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    proc = run(f)
    assert_no_traceback(proc)
    assert proc.returncode == 0 and proc.stdout == ""


def test_gb18030_file(tmp_path):
    f = tmp_path / "gb.txt"
    f.write_bytes(ARTICLE.encode("gb18030"))
    proc = run(f, "--published", "2023-11-23")
    assert_no_traceback(proc)
    assert proc.returncode == 0
    assert [json.loads(line)["value"] for line in proc.stdout.splitlines()] == [936, 44.2, 980000000]


def test_missing_file_and_bad_arguments(tmp_path):
    proc = run(tmp_path / "nope.txt")
    assert_no_traceback(proc)
    assert proc.returncode != 0 and "nope.txt" in proc.stderr
    proc = run(tmp_path / "nope.txt", "--published", "yesterday")
    assert_no_traceback(proc)
    assert proc.returncode != 0


@pytest.mark.timeout(300)
def test_twenty_megabyte_file(tmp_path):
    f = tmp_path / "big.txt"
    block = ARTICLE * 200
    with f.open("w", encoding="utf-8") as fh:
        written = 0
        while written < 20_000_000:
            fh.write(block)
            written += len(block.encode("utf-8"))
    proc = run(f, "--published", "2023-11-23", timeout=300)
    assert_no_traceback(proc)
    assert proc.returncode == 0 or (proc.returncode != 0 and len(proc.stderr.splitlines()) == 1)
    if proc.returncode == 0:
        assert proc.stdout.count("\n") > 1000
