"""The data literals of a script as Python values, without executing anything.

Dashboards keep their figures in scripts: JSON, or JS literals (`{name:'地区生产总值', value:
1234.5}`: unquoted keys, single quotes, trailing commas, comments). chompjs converts one literal to
JSON (the parser Scrapy's documentation recommends for data in scripts; a hand-written one is what
the style guide warns against), numbers kept as `Decimal`s (no float noise in a figure). What it
does not do is done here: finding where the literals a script assigns or passes start and end
(`var data = [...]`, `option = {...}`, `chart.setOption({...})`) and the names they are assigned,
JSON a template wrote into `JSON.parse('…')`, and bounds on the work.

chompjs copies what is code, not data, into a string (a function's source, `new …(…)`, a call, a
bare name). A function, a `new …`, `undefined`, a template's `${…}` and a string built by code
(`city + '生产总值'`) are `None` here, so none becomes a figure or a label; a bare name that names a
literal the script assigned earlier is that literal (`xAxis: {data: months}`). A literal chompjs
cannot convert (operators between numbers, an elision) is skipped, never guessed.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import chompjs

MAX_LITERAL_CHARS = 1_000_000
MAX_LITERALS = 64  # per script
MAX_ATTEMPTS = 256  # literal openings tried per script (with the parsing budget: a bound on the work)
MAX_NESTING = 40
# Where a data literal starts: after an assignment (its name kept: `xAxis: {data: months}` refers
# to it), an opening parenthesis (`setOption({…})`), a comma, a colon or `return`.
_OPENING = re.compile(
    r"(?:(?:\b(?:var|let|const)\s+|\bwindow\.)?([A-Za-z_$][\w$]*)\s*=(?!=)|[(,:]|\breturn\b)\s*([\[{])"
)
_JSON_PARSE = re.compile(r"(?:\b([A-Za-z_$][\w$]*)\s*=\s*)?JSON\.parse\(\s*(['\"`])")
# What chompjs left of code: a function (`function (p) {…}`, `(p) => …`), `new X(…)`, a template
# string's placeholder, or a string literal inside an expression (`f('…')`, `a + '…'`: code never
# starts with a quote, a label that quotes a phrase does: `"十四五"规划`).
_CODE = re.compile(
    r"""\s*(?:async\b|function\s*[\w$]*\s*\(|new\s+[\w$.]+\s*\(|(?:\([^()]*\)|[\w$]+)\s*=>)"""
    r"""|.*\$\{|[^'"`].*(?:[(+,?]\s*['"`]|['"`]\s*[)+,])""",
    re.S,
)
_UNDEFINED = frozenset({"undefined", "Infinity", "-Infinity", "NaN", "null"})
_CLOSE = {"{": "}", "[": "]", "(": ")"}
_INTERESTING = re.compile(r"['\"`/{}\[\]()]")
_STRING_STOPS = {"'": re.compile(r"[\\'\n]"), '"': re.compile(r'[\\"\n]'), "`": re.compile(r"[\\`]")}


def literals(script: str) -> list[object]:
    """The data literals of a script in the order written, references resolved.

    The brackets are matched in one pass over the script; the literals tried are converted within
    a budget of twice the script's length, and references are resolved within a budget of values
    as large, so a garbled or hostile script costs linear time.
    """
    closing = _matching_brackets(script)
    budget = 2 * len(script) + 1000
    found: list[tuple[int, str | None, object]] = []
    pos = 0
    for _ in range(MAX_ATTEMPTS):
        match = _OPENING.search(script, pos)
        if match is None or len(found) >= MAX_LITERALS or budget <= 0:
            break
        start = match.start(2)
        end = closing.get(start)
        if end is None or end - start > MAX_LITERAL_CHARS:
            pos = start + 1  # an inner literal may still be plain data
            continue
        budget -= end - start
        try:
            value = _convert(script[start:end])
        except (ValueError, RecursionError):
            pos = start + 1
            continue
        found.append((start, match.group(1), value))
        pos = end
    found.extend(_json_strings(script))
    found.sort(key=lambda item: item[0])
    resolver = _Resolver(2 * len(script) + 1000)
    resolved = [(name, resolver.assign(name, value)) for _, name, value in found]
    # `var pie = [...]` read inside `series: [{data: pie}]`: once, where the chart says what it is
    return [value for name, value in resolved if name not in resolver.used]


def parse(text: str) -> object:
    """One JS literal (JSON included) as Python data, code as `None`; raises `ValueError`."""
    return _Resolver(2 * len(text) + 1000).assign(None, _convert(text))


def _convert(text: str) -> object:
    return chompjs.parse_js_object(text, loader_kwargs=_LENIENT)


_DECIMALS: dict[str, Any] = {"parse_float": Decimal, "parse_int": Decimal, "parse_constant": lambda _: None}
# (a template string may hold a line break: chompjs keeps it, so its JSON is read leniently)
_LENIENT = {**_DECIMALS, "strict": False}


def _json_strings(script: str) -> list[tuple[int, str | None, object]]:
    """`var data = JSON.parse('[{"name": …}]')`: the JSON a page's template wrote into a string."""
    found: list[tuple[int, str | None, object]] = []
    for match in _JSON_PARSE.finditer(script):
        if len(found) >= MAX_LITERALS:
            break
        start = match.end() - 1
        end, closed = _string_end(script, start)
        if not closed or end - start > MAX_LITERAL_CHARS:
            continue
        try:
            # the string read as a JS literal (its escapes undone), then its text as JSON
            text: object = chompjs.parse_js_object("[" + script[start:end] + "]", loader_kwargs=_LENIENT)[0]
            if not isinstance(text, str) or (script[start] == "`" and "${" in text):
                continue  # (a template's placeholder: not JSON as written)
            value = json.loads(text, **_DECIMALS)
        except (ValueError, RecursionError, IndexError, KeyError, TypeError):
            continue
        found.append((start, match.group(1), value))
    return found


class _Resolver:
    """A script's literals in the order written: code made `None`, a bare name replaced by the
    literal assigned to it earlier, each value counted against a budget (a literal referred to
    many times counts as often)."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.names: dict[str, tuple[object, int]] = {}  # name: (value, how many values it holds)
        self.used: set[str] = set()
        self.count = 0  # values in the literal being cleaned

    def assign(self, name: str | None, value: object) -> object:
        self.count = 0
        value = self._clean(value, 0)
        if name:
            self.names[name] = (value, self.count)
        return value

    def _clean(self, value: object, nesting: int) -> object:
        self.count += 1
        self.budget -= 1
        if nesting > MAX_NESTING or self.budget < 0:
            return None
        if isinstance(value, dict):
            return {k: self._clean(v, nesting + 1) for k, v in value.items()}
        if isinstance(value, list):
            return [self._clean(v, nesting + 1) for v in value]
        if not isinstance(value, str):
            return value
        if value in _UNDEFINED or _CODE.match(value):
            return None
        # chompjs writes a bare name as the string of its name, so a string equal to the name of a
        # literal assigned earlier is taken for that literal. Safe enough: such a string is an ASCII
        # identifier, never a figure or a label that is read, whether it was quoted or not. (A
        # name assigned later was `undefined` when the literal was evaluated: it stays a string.)
        if value in self.names:
            target, size = self.names[value]
            self.count += size
            self.budget -= size
            if self.budget < 0:
                return None
            self.used.add(value)
            return target
        return value


def _matching_brackets(script: str) -> dict[int, int]:
    """{index of an opening bracket: index after its closing one}, strings and comments skipped.

    A string that does not end on its line (a regular expression's quote: `/'/`) is one character,
    and so is every later quote of its kind before the point where that string ran over (a string
    opened there would run over there too: nothing is scanned twice, which an escaped quote repeated
    on one line made quadratic); a closing bracket of the wrong kind leaves the brackets it would
    close unmatched.
    """
    pairs: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    unclosed = {"'": -1, '"': -1, "`": -1}  # where a string of that kind that ran over stopped
    i, n = 0, len(script)
    while i < n:
        found = _INTERESTING.search(script, i)
        if found is None:
            break
        i = found.start()
        ch = script[i]
        if ch in "'\"`":
            end, closed = _string_end(script, i) if i >= unclosed[ch] else (i, False)
            if not closed:
                unclosed[ch] = max(unclosed[ch], end)
            i = end if closed else i + 1
            continue
        if ch == "/" and i + 1 < n and script[i + 1] in "/*":
            close = script.find("\n" if script[i + 1] == "/" else "*/", i + 2)
            i = n if close < 0 else close + (1 if script[i + 1] == "/" else 2)
            continue
        if ch in _CLOSE:
            stack.append((_CLOSE[ch], i))
        elif ch in ")]}":
            while stack and stack[-1][0] != ch:
                stack.pop()
            if stack:
                pairs[stack.pop()[1]] = i + 1
        i += 1
    return pairs


def _string_end(text: str, start: int) -> tuple[int, bool]:
    """(the index after the quote closing the string at `start`, True), or (where it ran over, False)."""
    quote = text[start]
    stop = _STRING_STOPS[quote]
    i = start + 1
    while True:
        found = stop.search(text, i)
        if found is None:
            return len(text), False
        ch = found.group()
        if ch == "\\":
            i = found.end() + 1
        elif ch == quote:
            return found.end(), True
        else:
            return found.start(), False
