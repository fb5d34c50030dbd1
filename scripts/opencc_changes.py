"""Write `scrapers/provind/reference/opencc_t2s_changes.txt`: the characters OpenCC's t2s may change.

    uv run --no-project --with marisa-trie --with opencc==1.4.2 python scripts/opencc_changes.py

OpenCC converts by longest match against its dictionaries (`t2s.json`: the compatibility
ideographs, then TSPhrases, TSCharactersExt, TSCharacters). A line in which no key whose value
differs from it occurs comes out unchanged, so `provind.textprep` converts only the lines that
hold one of the characters listed here (docs/decisions.md, "Traditional to simplified, only where
it changes something"). The list is:

- every character that OpenCC changes on its own (`convert(c) != c`), and
- every character that a phrase key changes although it is unchanged on its own (沈 in 沈澱,
  覆 in 反覆): such a phrase always changes one of its own characters, so that character marks it.

The dictionaries are marisa tries (`.ocd2`); `marisa-trie` reads their keys. It is needed here
only, not at run time. `tests/extract/test_simplified.py` checks the list against the installed
OpenCC (the version, and every character not listed being unchanged on its own).
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import marisa_trie
import opencc

OUT = Path(__file__).resolve().parent.parent / "scrapers" / "provind" / "reference" / "opencc_t2s_changes.txt"
DICTS = ("CJK_Compatibility_Ideographs.ocd2", "TSPhrases.ocd2", "TSCharactersExt.ocd2", "TSCharacters.ocd2")
HEADER = b"OPENCC_MARISA_0.2.5"
PER_LINE = 50


def keys(path: Path) -> list[str]:
    data = path.read_bytes()
    if not data.startswith(HEADER):
        raise SystemExit(f"{path}: not an OpenCC marisa dictionary ({data[:20]!r})")
    trie = marisa_trie.Trie()
    trie.frombytes(data[len(HEADER) :])  # (the values that follow the trie are not read)
    return list(trie.keys())


def main() -> None:
    share = Path(opencc.__file__).parent / "clib" / "share" / "opencc"
    cc = opencc.OpenCC("t2s")
    changed: set[str] = set()
    for name in DICTS:
        for key in keys(share / name):
            value = cc.convert(key)
            if value == key:
                continue
            if len(key) == 1:
                changed.add(key)
            elif len(value) == len(key):
                changed.update(a for a, b in zip(key, value, strict=True) if a != b)
            else:
                changed.update(key)  # (a phrase that changes length: every character marks it)
    chars = "".join(sorted(changed))
    lines = [chars[i : i + PER_LINE] for i in range(0, len(chars), PER_LINE)]
    OUT.write_text(
        f"# opencc {version('opencc')} t2s: the characters a conversion may change (scripts/opencc_changes.py)\n"
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )
    print(f"{OUT}: {len(chars)} characters")


if __name__ == "__main__":
    main()
