"""Score the extractor on the demo corpus against an annotated gold set.

    python scripts/score_corpus.py [--eval ../shared/eval] [--corpus ../shared/corpus]

Runs `provind extract` (the command users run) on each article listed in the demo
site's `corpus/index.json`, with the publication date and the bureau's region the
pipeline would know, writes the predictions to a JSONL file and runs the gold set's
own `score.py --per-doc` on them. The gold set is not part of this repository.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INDEX = ROOT / "scrapers" / "provind" / "demo_site" / "corpus" / "index.json"
PROVIND = Path(sys.executable).with_name("provind")


def predict(corpus: Path, out: Path) -> None:
    with out.open("w", encoding="utf-8") as sink:
        for entry in json.loads(INDEX.read_text(encoding="utf-8")):
            args = [str(PROVIND), "extract", str(corpus / entry["doc"]), "--region", entry["region_code"]]
            if entry["published"]:
                args += ["--published", entry["published"]]
            done = subprocess.run(args, capture_output=True, text=True, check=True)
            sink.write(done.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        predict(args.corpus, pred)
        score = [sys.executable, str(args.eval / "score.py"), "--gold", str(args.eval / "gold"), "--pred", str(pred)]
        return subprocess.run([*score, "--per-doc"]).returncode


if __name__ == "__main__":
    raise SystemExit(main())
