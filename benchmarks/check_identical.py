"""Check that an extractor change leaves its output byte-identical to a reference tree's.

    # once, with the reference tree (e.g. an unchanged checkout of main) first on the path:
    PYTHONPATH=REF/scrapers:REF python benchmarks/check_identical.py record /tmp/ref
    # after every change, with the changed tree first on the path:
    PYTHONPATH=$PWD/scrapers:$PWD python benchmarks/check_identical.py compare /tmp/ref

For speed work on the extractor (docs/extraction-grammar.md, "Speed"): an optimisation must
not change a single mention. What is recorded and compared:

- `provind extract` on the benchmark's big file (bench_extract.py: the corpus repeated to 20 MB,
  extracted in 200 000-character chunks), and on each demo article with the arguments the
  pipeline would give it: the command's bytes, line by line;
- `extract_mentions` on every string with a Chinese character in the test modules under
  tests/ (a few thousand), each under several argument sets (publisher region, publication
  date early or late in the year or none, a title naming a place or none);
- `extract_mentions` on generated articles (scripts/gen_corpus.py's generator: the demo
  sentences recombined across China and the years 2015-2025), with and without their title
  and date, and each also in markup, with full-width digits or in traditional characters;
- `extract_mentions` on articles stitched at random from the test strings and the demo
  sentences, so that the rules that look across sentences and clauses meet unusual neighbours.

Every field of every mention is compared by its repr (a Decimal's exponent too), and an
exception is an output like any other.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import os
import pickle
import random
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_extract  # noqa: E402  (the benchmark's corpus and big file)

PROVIND = Path(sys.executable).with_name("provind")
INDEX = ROOT / "scrapers" / "provind" / "demo_site" / "corpus" / "index.json"
GENERATED = 1500  # generated articles (each extracted under three argument sets)
STITCHED = 1000  # articles stitched from test strings and demo sentences

# (published, region_code, title): the argument sets each test string is extracted under.
ARGUMENT_SETS: tuple[tuple[date | None, str | None, str | None], ...] = (
    (date(2024, 6, 30), "370200", None),  # the tests' default: Qingdao, mid-year
    (date(2024, 2, 10), "370000", None),  # the province, early in the year (year-in-review rules)
    (None, None, None),  # nothing known
    (date(2023, 11, 5), "370113", "2023年济南市长清区国民经济和社会发展统计公报"),  # a county, a titled bulletin
    (date(2019, 4, 1), "371200", "莱芜市市场监管工作通报"),  # a former city (stale names, successors)
)


def test_strings() -> list[str]:
    """Every string constant with a Chinese character in the test modules, in a stable order."""
    found: set[str] = set()
    for path in sorted((ROOT / "tests").rglob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                if len(text) >= 3 and any("\u4e00" <= c <= "\u9fff" for c in text):
                    found.add(text)
    return sorted(found)


def _html(text: str) -> str:
    return "<div><p>" + text.replace("\n", "</p>\n<p>").replace("，", "&#65292;", 3) + "</p></div>"


def _full_width(text: str) -> str:
    return text.translate(str.maketrans("0123456789%.", "０１２３４５６７８９％．"))


def _traditional(text: str) -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(text)


_VARIANTS: tuple[Callable[[str], str], ...] = (_html, _full_width, _traditional)


def _cases() -> Iterator[tuple[str, Callable[[], object]]]:
    """(key, thunk) for every library case, in a stable order."""
    from provind.extract import extract_mentions

    def call(text: str, doc: str, published: date | None, region: str | None, title: str | None):
        return lambda: extract_mentions(text, doc=doc, published=published, region_code=region, title=title)

    strings = test_strings()
    for i, text in enumerate(strings):
        for j, (published, region, title) in enumerate(ARGUMENT_SETS):
            yield f"test:{i}:{j}", call(text, "t.txt", published, region, title)

    from gen_corpus import Generator

    gen = Generator(seed=7)
    for i in range(GENERATED):
        a = gen.article(i, version=i % 3 == 0)
        body, published, region = a["body_text"], a["published"], a["source_region_code"]
        yield f"gen:{i}:full", call(body, f"g{i}.txt", published, region, a["title"])
        yield f"gen:{i}:bare", call(body, f"g{i}.txt", None, region, None)
        yield f"gen:{i}:none", call(body, f"g{i}.txt", None, None, None)
        # The same article as a bureau's page may hold it: in markup, with full-width digits, in
        # traditional characters (cleaning then maps offsets back, folds and converts).
        variant = _VARIANTS[i % len(_VARIANTS)](body)
        yield f"gen:{i}:variant", call(variant, f"g{i}.txt", published, region, a["title"])

    pieces = strings + [s.text for s in gen.sentences]
    rng = random.Random(11)
    for i in range(STITCHED):
        parts = [rng.choice(pieces) for _ in range(rng.randint(2, 12))]
        text = "".join(p + rng.choice(("", "。", "，", "\n", "；", " ", "\n\n")) for p in parts)
        published, region, title = rng.choice(ARGUMENT_SETS)
        yield f"stitched:{i}", call(text, "s.txt", published, region, title)


def _outcome(thunk: Callable[[], object]) -> object:
    """The mentions as (field, repr) pairs, or the exception a case raised."""
    try:
        found = thunk()
    except Exception as exc:  # an exception must stay the same exception
        return ("raised", type(exc).__name__, str(exc))
    return [tuple((k, repr(v)) for k, v in m.items()) for m in found]  # type: ignore[attr-defined]


def _cli_runs(work: Path) -> Iterator[tuple[str, list[str]]]:
    """(key, command) of every `provind extract` run."""
    big = work / "big.txt"
    if not big.exists():
        articles = bench_extract.repeated(bench_extract.load_articles(), 20.0)
        big.write_text("".join(articles), encoding="utf-8")
    yield "cli:big", [str(PROVIND), "extract", str(big), *bench_extract.CLI_ARGS]
    import json

    corpus = next(c for c in bench_extract.CORPORA if c.is_dir())
    for entry in json.loads(INDEX.read_text(encoding="utf-8")):
        args = [str(PROVIND), "extract", str(corpus / entry["doc"]), "--region", entry["region_code"]]
        if entry["published"]:
            args += ["--published", entry["published"]]
        yield f"cli:{entry['doc']}", args
        yield f"cli:{entry['doc']}:bare", [str(PROVIND), "extract", str(corpus / entry["doc"])]


def _run_cli(args: list[str]) -> list[bytes]:
    done = subprocess.run(args, capture_output=True, check=False)
    return [f"status {done.returncode}".encode(), *done.stdout.splitlines(), b"stderr:" + done.stderr]


def record(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    library = {key: _outcome(thunk) for key, thunk in _cases()}
    (out / "library.pickle").write_bytes(pickle.dumps(library))
    cli = {key: _run_cli(args) for key, args in _cli_runs(out)}
    (out / "cli.pickle").write_bytes(pickle.dumps(cli))
    mentions = sum(len(v) for v in library.values() if isinstance(v, list))
    print(f"recorded {len(library)} library cases ({mentions} mentions) and {len(cli)} command runs in {out}")


def compare(ref: Path) -> int:
    library = pickle.loads((ref / "library.pickle").read_bytes())
    cli = pickle.loads((ref / "cli.pickle").read_bytes())
    bad = 0
    seen = 0
    mentions = 0
    for key, thunk in _cases():
        seen += 1
        got = _outcome(thunk)
        want = library.get(key)
        if isinstance(got, list):
            mentions += len(got)
        if got != want:
            bad += 1
            if bad <= 5:
                print(f"DIFFERS {key}:")
                _explain(want, got)
    if seen != len(library):
        bad += 1
        print(f"DIFFERS: {seen} cases now, {len(library)} recorded")
    lines = 0
    for key, args in _cli_runs(ref):
        got_lines = _run_cli(args)
        want_lines = cli[key]
        lines += len(got_lines)
        if got_lines != want_lines:
            bad += 1
            first = next(
                (i for i, (a, b) in enumerate(zip(want_lines, got_lines, strict=False)) if a != b),
                min(len(want_lines), len(got_lines)),
            )
            print(f"DIFFERS {key}: line {first} of {len(want_lines)} (now {len(got_lines)})")
            print("  want:", want_lines[first][:400].decode(errors="replace") if first < len(want_lines) else None)
            print("  got: ", got_lines[first][:400].decode(errors="replace") if first < len(got_lines) else None)
    digest = hashlib.sha256(pickle.dumps(cli["cli:big"])).hexdigest()[:12]
    verdict = "IDENTICAL" if not bad else f"{bad} DIFFERENCES"
    print(
        f"{verdict}: {seen} library cases ({mentions} mentions), {len(cli)} command runs "
        f"({lines} lines; big file output {digest})"
    )
    return 1 if bad else 0


def _explain(want: object, got: object) -> None:
    if not (isinstance(want, list) and isinstance(got, list)):
        print("  want:", str(want)[:400])
        print("  got: ", str(got)[:400])
        return
    if len(want) != len(got):
        print(f"  {len(want)} mentions recorded, {len(got)} now")
    for i, (w, g) in enumerate(zip(want, got, strict=False)):
        if w != g:
            wd, gd = dict(w), dict(g)
            for field in dict.fromkeys([*wd, *gd]):
                if wd.get(field) != gd.get(field):
                    print(f"  mention {i} {field}: want {wd.get(field)} got {gd.get(field)}")
            return


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("record", "compare"))
    ap.add_argument("dir", type=Path, help="where the reference outputs are kept")
    args = ap.parse_args()
    os.environ.setdefault("PYTHONHASHSEED", "0")
    import provind.extract  # before gen_corpus, which puts this tree's scrapers/ first on the path

    print("extractor from", Path(provind.extract.__file__).parent)
    if args.mode == "record":
        record(args.dir)
        return 0
    return compare(args.dir)


if __name__ == "__main__":
    raise SystemExit(main())
