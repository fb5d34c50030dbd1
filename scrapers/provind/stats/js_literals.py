"""JavaScript object and array literals as Python values, without executing anything.

Dashboards keep their figures in scripts: JSON, or JS literals (`{name:'地区生产总值', value:
1234.5}`: unquoted keys, single quotes, trailing commas, comments). `literals(script)` finds the
literals assigned or passed in a script (`var data = [...]`, `option = {...}`,
`chart.setOption({...})`) and converts each to JSON text for the standard library's parser:
numbers stay `Decimal`s (no float noise in a figure). A function, a `new …(…)` or a call inside
a literal is `None`; a bare name is a reference (`{"$ref": name}`), resolved against the
literals the script assigned to that name (`xAxis: {data: months}`). Anything else (operators,
template strings with `${…}`) makes that literal unreadable: it is skipped, never guessed.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

MAX_LITERAL_CHARS = 1_000_000
MAX_JS_CHARS = 200_000  # a JS literal (not JSON) converted by hand: a chart's option is a few kB
MAX_LITERALS = 64  # per script
MAX_ATTEMPTS = 256  # literal openings tried per script (with the parsing budget: a bound on the work)
_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# Where a data literal starts: after an assignment (its name kept: `xAxis: {data: months}` refers
# to it), an opening parenthesis (`setOption({…})`), a comma, a colon or `return`.
_OPENING = re.compile(
    r"(?:(?:\b(?:var|let|const)\s+|\bwindow\.)?([A-Za-z_$][\w$]*)\s*=(?!=)|[(,:]|\breturn\b)\s*([\[{])"
)
_JSON_PARSE = re.compile(r"(?:\b([A-Za-z_$][\w$]*)\s*=\s*)?JSON\.parse\(\s*(['\"`])")
_CLOSE = {"{": "}", "[": "]", "(": ")"}
_SPACE = re.compile(r"\s*")
_INTERESTING = re.compile(r"['\"`/{}\[\]()]")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


class Unreadable(ValueError):
    """A literal that is not plain data."""


def literals(script: str) -> list[object]:
    """The data literals of a script, outermost first, references resolved.

    The brackets are matched in one pass over the script; the literals tried are parsed within a
    budget of twice the script's length, so a garbled or hostile script costs linear time.
    """
    closing = _matching_brackets(script)
    budget = 2 * len(script) + 1000
    found: list[tuple[str | None, object]] = []
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
            value = parse(script[start:end])
        except (ValueError, RecursionError):  # (Unreadable is a ValueError)
            pos = start + 1
            continue
        found.append((match.group(1), value))
        pos = end
    found.extend(_json_strings(script))
    names = {name: value for name, value in found if name}
    used: set[str] = set()
    resolved = [(name, _resolve(value, names, 0, 0, used)) for name, value in found]
    # `var pie = [...]` read inside `series: [{data: pie}]`: once, where the chart says what it is
    return [value for name, value in resolved if name not in used]


def _json_strings(script: str) -> list[tuple[str | None, object]]:
    """`var data = JSON.parse('[{"name": …}]')`: the JSON a page's template wrote into a string."""
    found: list[tuple[str | None, object]] = []
    for match in _JSON_PARSE.finditer(script):
        if len(found) >= MAX_LITERALS:
            break
        try:
            end = _string_end(script, match.end() - 1)
            if end - match.end() > MAX_LITERAL_CHARS:
                continue
            text = _unescape(script[match.end() : end - 1], match.group(2))
            value = json.loads(text, parse_float=Decimal, parse_int=Decimal)
        except (ValueError, RecursionError):
            continue
        found.append((match.group(1), value))
    return found


def parse(text: str) -> object:
    """One JS literal (JSON included) as Python data; raises `Unreadable`."""
    try:
        return json.loads(text, parse_float=Decimal, parse_int=Decimal)
    except ValueError:
        pass
    if len(text) > MAX_JS_CHARS:
        raise Unreadable("too long to convert")  # (JSON of any size up to the limit: JS is slower to read)
    return json.loads(_to_json(text), parse_float=Decimal, parse_int=Decimal)


MAX_NESTING = 40
MAX_REFERENCES = 4  # references followed through one another (a → b → c)


def _resolve(value: object, names: dict[str, object], nesting: int, hops: int, used: set[str]) -> object:
    if nesting > MAX_NESTING:
        return value
    if isinstance(value, dict):
        if set(value) == {"$ref"}:
            name = str(value["$ref"])
            if name not in names or hops >= MAX_REFERENCES:
                return None
            used.add(name)
            return _resolve(names[name], names, nesting, hops + 1, used)
        return {k: _resolve(v, names, nesting + 1, hops, used) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, names, nesting + 1, hops, used) for v in value]
    return value


def _matching_brackets(script: str) -> dict[int, int]:
    """{index of an opening bracket: index after its closing one}, strings and comments skipped.

    A string that does not end on its line (a regular expression's quote: `/'/`) is one character;
    a closing bracket of the wrong kind leaves the brackets it would close unmatched.
    """
    pairs: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    i, n = 0, len(script)
    while i < n:
        found = _INTERESTING.search(script, i)
        if found is None:
            break
        i = found.start()
        ch = script[i]
        if ch in "'\"`":
            try:
                i = _string_end(script, i)
            except Unreadable:
                i += 1
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


# --------------------------------------------------------------------------- scanning


def _balanced_end(text: str, start: int) -> int:
    """The index after the bracket closing the one at `start` (strings and comments skipped)."""
    stack = [_CLOSE[text[start]]]
    i = start + 1
    limit = min(len(text), start + MAX_LITERAL_CHARS + 1)
    while i < limit:
        ch = text[i]
        if ch in "'\"`":
            i = _string_end(text, i)
            continue
        if text.startswith("//", i):
            i = text.find("\n", i)
            i = len(text) if i < 0 else i
            continue
        if text.startswith("/*", i):
            i = text.find("*/", i)
            if i < 0:
                raise Unreadable("open comment")
            i += 2
            continue
        if ch in _CLOSE:
            stack.append(_CLOSE[ch])
        elif ch in ")]}":
            if ch != stack.pop():
                raise Unreadable("unbalanced")
            if not stack:
                return i + 1
        i += 1
    raise Unreadable("unclosed")


def _string_end(text: str, start: int) -> int:
    quote = text[start]
    stop = _STRING_STOPS[quote]
    i = start + 1
    while True:
        found = stop.search(text, i)
        if found is None:
            raise Unreadable("unclosed string")
        ch = found.group()
        if ch == "\\":
            i = found.end() + 1
        elif ch == quote:
            return found.end()
        else:
            raise Unreadable("string runs over its line")


_STRING_STOPS = {"'": re.compile(r"[\\'\n]"), '"': re.compile(r'[\\"\n]'), "`": re.compile(r"[\\`]")}


# --------------------------------------------------------------------------- JS → JSON


def _to_json(text: str) -> str:
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            end = text.find("*/", i)
            if end < 0:
                raise Unreadable("open comment")
            i = end + 2
        elif ch in "{[:":
            out.append(ch)
            i += 1
        elif ch == ",":
            if out and out[-1] not in ",[{":
                out.append(ch)  # (an elision or a doubled comma is dropped, not read as a hole)
            i += 1
        elif ch in "}]":
            if out and out[-1] == ",":
                out.pop()  # a trailing comma
            out.append(ch)
            i += 1
        elif ch in "'\"`":
            end = _string_end(text, i)
            out.append(json.dumps(_unescape(text[i + 1 : end - 1], ch)))
            i = end
        elif ch.isdigit() or (ch in "-+." and i + 1 < n and (text[i + 1].isdigit() or text[i + 1] == ".")):
            i = _number(text, i, out)
        else:
            match = _IDENT.match(text, i)
            if match is None:
                raise Unreadable(f"unexpected {ch!r}")
            i = _identifier(text, match, out)
    return "".join(out)


def _unescape(body: str, quote: str) -> str:
    if quote == "`" and "${" in body:
        raise Unreadable("template string")
    if "\\" not in body:
        return body
    chars: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\" or i + 1 >= len(body):
            chars.append(ch)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", body[i + 2 : i + 6]):
            chars.append(chr(int(body[i + 2 : i + 6], 16)))
            i += 6
        elif nxt == "x" and re.fullmatch(r"[0-9a-fA-F]{2}", body[i + 2 : i + 4]):
            chars.append(chr(int(body[i + 2 : i + 4], 16)))
            i += 4
        else:
            chars.append(_ESCAPES.get(nxt, nxt))
            i += 2
    return "".join(chars)


def _number(text: str, i: int, out: list[str]) -> int:
    match = _NUMBER.match(text, i)
    if match is None:
        raise Unreadable("bad number")
    raw = match.group().lstrip("+")
    end = match.end()
    if end < len(text) and (text[end].isalnum() or text[end] in "_$"):
        raise Unreadable("number run into a name")
    mantissa, _, exponent = raw.partition("e") if "e" in raw else raw.partition("E")
    sign = "-" if mantissa.startswith("-") else ""
    mantissa = mantissa.lstrip("-")
    if mantissa.startswith("."):
        mantissa = "0" + mantissa
    if mantissa.endswith("."):
        mantissa += "0"
    if len(mantissa) > 1 and mantissa[0] == "0" and mantissa[1].isdigit():
        mantissa = mantissa.lstrip("0") or "0"  # (JSON allows no leading zero)
        mantissa = "0" + mantissa if mantissa.startswith(".") else mantissa
    number = sign + mantissa + (f"e{exponent}" if exponent else "")
    out.append(json.dumps(number) if _next_char(text, end) == ":" else number)  # {1: …}: a key
    return end


def _identifier(text: str, match: re.Match[str], out: list[str]) -> int:
    name = match.group()
    end = match.end()
    if _next_char(text, end) == ":" and (not out or out[-1] in "{,"):
        out.append(json.dumps(name))  # an unquoted key
        return end
    if name in ("true", "false", "null"):
        out.append(name)
        return end
    if name in ("undefined", "NaN", "Infinity"):
        out.append("null")
        return end
    if name == "function":
        paren = text.find("(", end)
        if paren < 0:
            raise Unreadable("function without parameters")
        body = text.find("{", _balanced_end(text, paren))
        if body < 0:
            raise Unreadable("function without a body")
        out.append("null")
        return _balanced_end(text, body)
    if name == "new":
        callee = _IDENT.match(text, _SPACE.match(text, end).end())  # type: ignore[union-attr]
        if callee is None:
            raise Unreadable("new without a name")
        return _member_chain(text, callee.end(), out, called=False)
    return _member_chain(text, end, out, called=False, name=name)


def _member_chain(text: str, i: int, out: list[str], *, called: bool, name: str | None = None) -> int:
    """Past `a.b.c(…)[0]`: a reference when it is one bare name, else `null`."""
    while True:
        j = _SPACE.match(text, i).end()  # type: ignore[union-attr]
        following = text[j : j + 1]
        if following == ".":
            member = _IDENT.match(text, j + 1)
            if member is None:
                raise Unreadable("bad member")
            i, name, called = member.end(), None, True
        elif following == "(":
            i, name, called = _balanced_end(text, j), None, True
        else:
            break
    out.append(json.dumps({"$ref": name}) if name and not called else "null")
    return i


def _next_char(text: str, i: int) -> str:
    """The first character at or after `i` that is no space ('' at the end)."""
    j = _SPACE.match(text, i).end()  # type: ignore[union-attr]
    return text[j : j + 1]
