"""The source registry: `sources.yml` at the project root, validated on load.

Every error names the file, the entry and the field, so a data engineer adding a
site sees at once what to fix:

    sources.yml: entry 3 (jinan-amr): field 'region_code': must be six digits, got '3701'

Entries are checked one by one (`check_registry`). A problem in a DISABLED entry is a
warning: the pipeline skips that entry and crawls the others. A problem in an enabled
entry is an error: `load_sources` refuses the file, `get_source` refuses only that
entry (so the nightly fails that source's crawl at once, not every source's).
`provind sources check` prints every problem without loading anything else.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import idna
import yaml

from provind import defaults
from provind.crawl.schedule import DEFAULT_POLICY, RevisitPolicy, parse_duration

log = logging.getLogger(__name__)

KINDS = ("news_list", "statistics_release", "statistics_api")
SELECTOR_KEYS = ("list_links", "title", "date", "body")
API_KINDS = ("statistics_api",)  # kinds whose start URL is an API's base URL, queried as `api:` says
QUERY_KEYS = ("cid", "root_id", "dts", "indicators", "areas", "area_catalog")
DEFAULT_RATE_LIMIT = defaults.RATE_LIMIT

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_REGION = re.compile(r"^\d{6}$")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
# A period code of the NBS platform (2023YY, 202401SS, 202403MM), or a range of two.
_PERIOD_CODE = r"\d{4}(?:\d{2})?(?:YY|SS|MM)"
_DTS = re.compile(rf"^{_PERIOD_CODE}(?:-{_PERIOD_CODE})?$")
# CSS selectors made only of type, id and class selectors and combinators ("ul.news-list li a",
# "#zoom", "div.list > a"): valid CSS without asking soupsieve. Anything else is compiled.
_CSS_IDENT = r"-?[A-Za-z_][A-Za-z0-9_-]*"
_CSS_SPACE = r"[ \t\n\r\f]"  # CSS whitespace (Python's \s knows more)
_CSS_COMPOUND = rf"(?:(?:{_CSS_IDENT}|\*)(?:[#.]{_CSS_IDENT})*|(?:[#.]{_CSS_IDENT})+)"
_CSS_COMPLEX = rf"{_CSS_COMPOUND}(?:(?:{_CSS_SPACE}*[>+~]{_CSS_SPACE}*|{_CSS_SPACE}+){_CSS_COMPOUND})*"
_PLAIN_CSS = re.compile(rf"{_CSS_SPACE}*{_CSS_COMPLEX}(?:{_CSS_SPACE}*,{_CSS_SPACE}*{_CSS_COMPLEX})*{_CSS_SPACE}*")


class SourceError(ValueError):
    """The registry file is missing, unreadable, or an entry is invalid."""


class EntryError(SourceError):
    """One entry is invalid: one line per problem, each naming file, entry and field."""

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@dataclass(frozen=True)
class Selectors:
    """Site-specific CSS selectors; any left None falls back to generic parsing."""

    list_links: str | None = None
    title: str | None = None
    date: str | None = None
    body: str | None = None


@dataclass(frozen=True)
class ApiQuery:
    """One data request of a `statistics_api` source: a catalog leaf, its indicators, the periods."""

    cid: str  # the catalog leaf (a node id of queryIndexTreeAsync)
    root_id: str  # the root of that leaf's tree (rootId of esData)
    dts: tuple[str, ...]  # period codes or ranges: "2018YY-2023YY", "202401SS-202404SS"
    indicators: tuple[str, ...] = ()  # indicator ids; empty: every indicator the leaf lists
    areas: tuple[str, ...] = ()  # six-digit region codes; empty: the whole country
    area_catalog: str = ""  # daCatalogId of esData, needed with `areas` below national level


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    publisher: str
    region_code: str
    start_urls: tuple[str, ...]
    allowed_domains: tuple[str, ...]
    selectors: Selectors = field(default_factory=Selectors)
    rate_limit: float = DEFAULT_RATE_LIMIT
    allow_private: bool = False
    enabled: bool = True
    verified: bool = False
    api: tuple[ApiQuery, ...] = ()  # statistics_api only
    revisit: RevisitPolicy = DEFAULT_POLICY  # when known articles and list pages are looked at again

    def allows_host(self, host: str | None) -> bool:
        return host_allowed(host, self.allowed_domains)

    @property
    def api_kind(self) -> bool:
        """Its start URL is an API's base URL, asked what `api` says (not a list page to follow)."""
        return self.kind in API_KINDS


def host_allowed(host: str | None, allowed_domains: tuple[str, ...] | list[str]) -> bool:
    """True when `host` is one of the domains or a subdomain of one (ports ignored)."""
    if not host:
        return False
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in (d.lower().rstrip(".") for d in allowed_domains))


# --------------------------------------------------------------------------- loading


def expand_vars(text: str, env: Mapping[str, str] | None = None) -> str:
    """Expand `${VAR}` and `${VAR:-default}` (default also used when VAR is empty, as in sh)."""
    values = os.environ if env is None else env

    def replace(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        value = values.get(name)
        if value:
            return value
        if default is not None:
            return default
        raise KeyError(name)

    return _VAR.sub(replace, text)


@dataclass(frozen=True)
class Problem:
    """One problem of an entry: its located message, and whether it stops the pipeline."""

    message: str  # "sources.yml: entry 3 (jinan-amr): field 'start_urls': ..."
    entry: int  # 1-based position in the `sources:` list
    name: str | None  # the entry's `name`, when it has a usable one
    disabled: bool  # `enabled: false`: only a warning, the pipeline skips the entry

    @property
    def key(self) -> str:
        """What the nightly calls the entry: its name, or its position when it has none."""
        return self.name or f"entry-{self.entry}"


@dataclass(frozen=True)
class Registry:
    """Every entry of a registry file, checked: the valid sources and the problems of the others."""

    path: Path
    entries: int
    sources: tuple[Source, ...]  # the valid entries, in file order
    problems: tuple[Problem, ...]
    to_crawl: tuple[str, ...]  # keys of every enabled entry, valid or not, in file order

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.disabled)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.disabled)

    def raise_errors(self) -> None:
        """SourceError listing every error, one per line; warnings go to the log."""
        for problem in self.warnings:
            log.warning("skipping a disabled entry: %s", problem.message)
        if self.errors:
            raise SourceError("\n".join(p.message for p in self.errors))


def check_registry(path: str | Path) -> Registry:
    """Read the registry and check every entry; raises SourceError only when the file itself is unusable."""
    path = Path(path)
    entries = _read_entries(path)
    sources: list[Source] = []
    problems: list[Problem] = []
    to_crawl: list[str] = []
    first_at: dict[str, int] = {}  # name -> the entry that claimed it first
    running: set[str] = set()  # names of the entries that are not disabled
    for index, raw in enumerate(entries, start=1):
        name = _raw_name(raw)
        disabled = isinstance(raw, dict) and raw.get("enabled") is False
        try:
            source = _parse_entry(path, index, raw)
            if name in first_at:
                # Which of two same-named entries a crawl gets would be a guess: an error if either runs.
                disabled = disabled and name not in running
                where = f"{path}: entry {index} ({name}): field 'name'"
                raise EntryError(f"{where}: duplicate name (first at entry {first_at[name]})")
        except EntryError as exc:
            problems.extend(Problem(line, index, name, disabled) for line in exc.lines)
            if not disabled:
                to_crawl.append(problems[-1].key)
        else:
            sources.append(source)
            if source.enabled:
                to_crawl.append(source.name)
        if name is not None:
            first_at.setdefault(name, index)
            if not disabled:
                running.add(name)
    return Registry(path, len(entries), tuple(sources), tuple(problems), tuple(dict.fromkeys(to_crawl)))


def load_sources(path: str | Path) -> list[Source]:
    """Every valid entry of the registry (enabled or not); SourceError if an enabled entry is invalid.

    An invalid disabled entry is skipped with a warning in the log.
    """
    registry = check_registry(path)
    registry.raise_errors()
    return list(registry.sources)


def valid_sources(path: str | Path) -> list[Source]:
    """Every valid entry, the invalid ones logged and skipped: for steps that only look sources up."""
    registry = check_registry(path)
    for problem in registry.problems:
        log.log(logging.WARNING if problem.disabled else logging.ERROR, "invalid source entry: %s", problem.message)
    return list(registry.sources)


def enabled_sources(path: str | Path) -> list[Source]:
    return [source for source in load_sources(path) if source.enabled]


def get_source(path: str | Path, name: str) -> Source:
    """The entry called `name` (or `entry-N`); a problem in another entry does not concern it."""
    registry = check_registry(path)
    own = [problem.message for problem in registry.problems if problem.key == name]
    if own:
        raise SourceError("\n".join(own))
    for source in registry.sources:
        if source.name == name:
            return source
    raise SourceError(f"{path}: no source named {name!r}")


def _read_entries(path: Path) -> list[Any]:
    try:
        document = yaml.safe_load(path.read_text("utf-8"))
    except OSError as exc:
        raise SourceError(f"{path}: cannot read the source registry: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 text: {exc}") from exc
    except yaml.YAMLError as exc:
        raise SourceError(f"{path}: not valid YAML: {exc}") from exc
    entries = document.get("sources") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise SourceError(f"{path}: expected a top-level 'sources:' list")
    return entries


def _raw_name(raw: Any) -> str | None:
    name = raw.get("name") if isinstance(raw, dict) else None
    return name.strip() if isinstance(name, str) and name.strip() else None


# --------------------------------------------------------------------------- one entry


class _Entry:
    """Field access on one raw entry that turns every problem into a located EntryError."""

    FIELDS = (
        "name", "kind", "publisher", "region_code", "start_urls", "allowed_domains",
        "selectors", "rate_limit", "allow_private", "enabled", "verified", "api", "revisit",
    )  # fmt: skip

    def __init__(self, path: Path, index: int, raw: Any) -> None:
        self.path, self.index = path, index
        self.label = f"entry {index}"
        if not isinstance(raw, dict):
            self.fail(None, "must be a mapping of fields")
        self.raw = raw
        if isinstance(raw.get("name"), str):
            self.label = f"entry {index} ({raw['name']})"
        unknown = sorted(set(raw) - set(self.FIELDS))
        if unknown:
            self.fail(unknown[0], f"unknown field (known: {', '.join(self.FIELDS)})")

    def fail(self, field_name: str | None, message: str) -> None:
        self.fail_all([(field_name, message)])

    def fail_all(self, problems: list[tuple[str | None, str]]) -> None:
        """Raise one EntryError for several problems of the entry (field name, message), if any."""
        where = f"{self.path}: {self.label}"
        if problems:
            raise EntryError(*(f"{where}: field {f!r}: {m}" if f else f"{where}: {m}" for f, m in problems))

    def string(self, name: str, *, required: bool = True, default: str = "") -> str:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.fail(name, "is required")
            return default
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)  # an unquoted region code is still a string of digits
        if not isinstance(value, str) or not value.strip():
            self.fail(name, f"must be a non-empty string, got {value!r}")
        return self.expand(name, value.strip())

    def strings(self, name: str, *, required: bool = True) -> tuple[str, ...]:
        value = self.raw.get(name)
        if value is None:
            if required:
                self.fail(name, "is required")
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            self.fail(name, "must be a non-empty list of strings")
        return tuple(self.expand(name, v.strip()) for v in value)

    def boolean(self, name: str, default: bool) -> bool:
        value = self.raw.get(name, default)
        if not isinstance(value, bool):
            self.fail(name, f"must be true or false, got {value!r}")
        return value

    def number(self, name: str, default: float) -> float:
        value = self.raw.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            self.fail(name, f"must be a number of seconds >= 0, got {value!r}")
        return float(value)

    def expand(self, name: str, value: str) -> str:
        try:
            return expand_vars(value)
        except KeyError as exc:
            self.fail(name, f"environment variable {exc.args[0]} is not set and has no default")
            raise  # unreachable: fail() raises


def _parse_entry(path: Path, index: int, raw: Any) -> Source:
    entry = _Entry(path, index, raw)
    name = entry.string("name")
    if not _NAME.match(name):
        entry.fail("name", f"must be lowercase letters, digits, '-' or '_', got {name!r}")
    kind = entry.string("kind")
    if kind not in KINDS:
        entry.fail("kind", f"must be one of {', '.join(KINDS)}, got {kind!r}")
    region_code = entry.string("region_code")
    if not _REGION.match(region_code):
        entry.fail("region_code", f"must be six digits (GB/T 2260), got {region_code!r}")
    start_urls = entry.strings("start_urls")
    allowed = entry.strings("allowed_domains", required=False)
    entry.fail_all(
        _each_problem("start_urls", start_urls, url_problem) + _each_problem("allowed_domains", allowed, domain_problem)
    )
    allowed = allowed or tuple(dict.fromkeys(urlsplit(u).hostname or "" for u in start_urls))
    allowed = tuple(d.lower() for d in allowed)
    for url in start_urls:
        if not host_allowed(urlsplit(url).hostname, allowed):
            entry.fail("start_urls", f"{url!r} is outside allowed_domains {list(allowed)}")
    enabled = entry.boolean("enabled", True)
    return Source(
        name=name,
        kind=kind,
        publisher=entry.string("publisher"),
        region_code=region_code,
        start_urls=start_urls,
        allowed_domains=allowed,
        selectors=_parse_selectors(entry),
        rate_limit=entry.number("rate_limit", DEFAULT_RATE_LIMIT),
        allow_private=entry.boolean("allow_private", False),
        enabled=enabled,
        verified=entry.boolean("verified", False),
        api=_parse_api(entry, kind, start_urls, enabled),
        revisit=_parse_revisit(entry),
    )


def _parse_selectors(entry: _Entry) -> Selectors:
    raw = entry.raw.get("selectors")
    if raw is None:
        return Selectors()
    if not isinstance(raw, dict):
        entry.fail("selectors", "must be a mapping of list_links/title/date/body to CSS selectors")
    unknown = sorted(set(raw) - set(SELECTOR_KEYS))
    if unknown:
        entry.fail("selectors", f"unknown selector {unknown[0]!r} (known: {', '.join(SELECTOR_KEYS)})")
    for key, value in raw.items():
        if not isinstance(value, str) or not value.strip():
            entry.fail("selectors", f"{key} must be a non-empty CSS selector string")
        _check_css(entry, key, value)
    return Selectors(**{key: value.strip() for key, value in raw.items()})


def _check_css(entry: _Entry, key: str, selector: str) -> None:
    """Reject selectors soupsieve cannot compile, at load time rather than mid-crawl."""
    if _PLAIN_CSS.fullmatch(selector):
        return  # surely valid; importing soupsieve (and bs4) would cost `provind sources check` most of its second
    import soupsieve

    try:
        soupsieve.compile(selector)
    except Exception as exc:  # soupsieve raises its own SelectorSyntaxError
        entry.fail("selectors", f"{key}: invalid CSS selector {selector!r}: {exc}".splitlines()[0])


# --------------------------------------------------------------------------- URLs and hosts
# Checked on load, so that a typo (a port '879l', a space, ftp://) is reported with its entry
# and field before any crawl, instead of failing later as something else ("robots.txt disallows").


def url_problem(url: str) -> str | None:
    """Why `url` is not an http(s) URL the crawler can fetch as written, or None."""
    bad = _bad_character(url)
    if bad:
        return bad + (" (write it as %20)" if "space" in bad else "")
    try:
        parts = urlsplit(url)
    except ValueError as exc:  # an unclosed '[', characters NFKC turns into '/', '?', '@' ...
        return f"not a URL: {exc}"
    if parts.scheme not in ("http", "https"):
        what = f"scheme {parts.scheme!r}" if parts.scheme else "no scheme (write http:// or https://)"
        return f"not an http(s) URL: {what}"
    if not parts.netloc:
        return "no host after the scheme"
    if "@" in parts.netloc:
        return "holds credentials (user:password@): keep secrets out of the registry"
    if parts.netloc.startswith("["):  # an IPv6 address, [::1]:8080
        host, _, rest = parts.netloc[1:].partition("]")
        if rest and not rest.startswith(":"):
            return f"unexpected {rest!r} after the IPv6 address"
        return _port_problem(rest[1:] if rest else None) or _ipv6_problem(host)
    host, colon, port = parts.netloc.rpartition(":") if ":" in parts.netloc else (parts.netloc, "", "")
    return _port_problem(port if colon else None) or host_problem(host)


def domain_problem(domain: str) -> str | None:
    """Why `domain` is not a host name (or IP address) `allowed_domains` can hold, or None."""
    bad = _bad_character(domain)
    if bad:
        return bad
    if "/" in domain or "@" in domain:
        return "a host name, not a URL: write only the host, e.g. 'amr.shandong.gov.cn'"
    if ":" in domain:
        if _ipv6_problem(domain.strip("[]")) is None:
            return None
        return "a host name without a port (ports are not compared)"
    return host_problem(domain)


def host_problem(host: str) -> str | None:
    """Why `host` is not a valid host name or IPv4 address, or None. Unicode names are fine (IDNA)."""
    name = host[:-1] if host.endswith(".") else host  # a fully qualified name's final dot
    if not name:
        return "no host"
    if re.fullmatch(r"[0-9.]+", name):  # all digits: an IPv4 address or nothing
        try:
            ipaddress.IPv4Address(name)
        except ValueError:
            return f"host {host!r} is not a valid IPv4 address"
        return None
    try:
        idna.encode(name, uts46=True)  # the rules of host names: letters, digits, hyphens, labels <= 63
    except UnicodeError as exc:  # idna.IDNAError and its InvalidCodepoint are UnicodeErrors
        return f"host {host!r} is not a valid host name: {exc}"
    return None


def _port_problem(port: str | None) -> str | None:
    if port is None:
        return None
    if not port:
        return "empty port after ':'"
    if not (port.isascii() and port.isdigit()):
        return f"port {port!r} is not a number"
    if not 1 <= int(port) <= 65535:
        return f"port {port} is out of range 1-65535"
    return None


def _ipv6_problem(host: str) -> str | None:
    try:
        ipaddress.IPv6Address(host)
    except ValueError:
        return f"host [{host}] is not a valid IPv6 address"
    return None


def _bad_character(text: str) -> str | None:
    """Whitespace or an invisible character: YAML keeps them, a server would get another URL."""
    for position, char in enumerate(text, start=1):
        if char == " ":
            return f"contains a space at character {position}"
        if char.isspace() or unicodedata.category(char) in ("Cc", "Cf", "Zs", "Zl", "Zp"):
            return f"contains whitespace or a control character U+{ord(char):04X} at character {position}"
    return None


def _each_problem(
    name: str, values: tuple[str, ...], problem_of: Callable[[str], str | None]
) -> list[tuple[str | None, str]]:
    """(field, message) for every bad value of a list field: a typo in two URLs is reported twice."""
    problems = ((position, value, problem_of(value)) for position, value in enumerate(values))
    return [(name, f"{name}[{position}] {value!r}: {problem}") for position, value, problem in problems if problem]


# --------------------------------------------------------------------------- revisit policy

REVISIT_DURATIONS = ("initial", "min", "max")
REVISIT_COUNTS = ("budget", "sweep_pages")
REVISIT_RATES = ("inc_rate", "dec_rate")


def _parse_revisit(entry: _Entry) -> RevisitPolicy:
    """`revisit: {initial: 1d, min: 1d, max: 30d, budget: 20, inc_rate: 1.5, dec_rate: 0.5, sweep_pages: 2}`.

    Every key is optional (defaults: `schedule.DEFAULT_POLICY`); durations take s/m/h/d/w.
    """
    raw = entry.raw.get("revisit")
    if raw is None:
        return DEFAULT_POLICY
    known = (*REVISIT_DURATIONS, *REVISIT_COUNTS, *REVISIT_RATES)
    if not isinstance(raw, dict):
        entry.fail("revisit", f"must be a mapping of {', '.join(known)}")
    unknown = sorted(set(raw) - set(known))
    if unknown:
        entry.fail("revisit", f"unknown key {unknown[0]!r} (known: {', '.join(known)})")
    values: dict[str, Any] = {}
    for key in REVISIT_DURATIONS:
        if key in raw:
            try:
                values[key] = parse_duration(raw[key])
            except ValueError as exc:
                entry.fail("revisit", f"{key}: {exc}")
    for key in REVISIT_COUNTS:
        if key in raw:
            value = raw[key]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                entry.fail("revisit", f"{key} must be a whole number >= 0, got {value!r}")
            values[key] = value
    for key in REVISIT_RATES:
        if key in raw:
            value = raw[key]
            if isinstance(value, bool) or not isinstance(value, int | float):
                entry.fail("revisit", f"{key} must be a number, got {value!r}")
            values[key] = float(value)
    policy = RevisitPolicy(**{**DEFAULT_POLICY.__dict__, **values})
    problem = policy.problem()
    if problem:
        entry.fail("revisit", problem)
    return policy


# --------------------------------------------------------------------------- api queries


def _parse_api(entry: _Entry, kind: str, start_urls: tuple[str, ...], enabled: bool) -> tuple[ApiQuery, ...]:
    """`api: {queries: [...]}` of a statistics_api source (its one start URL is the API's base URL)."""
    raw = entry.raw.get("api")
    if kind not in API_KINDS:
        if raw is not None:
            entry.fail("api", f"only a source of kind {' or '.join(API_KINDS)} has API queries")
        return ()
    if len(start_urls) != 1:
        entry.fail("start_urls", f"a {kind} source has exactly one start URL: the API's base URL")
    if raw is None:
        if enabled:
            entry.fail("api", f"is required for an enabled {kind} source (what to query: api.queries)")
        return ()  # a disabled entry may wait for someone to find out what to query
    if not isinstance(raw, dict):
        entry.fail("api", "must be a mapping with one key, queries: a list of queries")
    unknown = sorted(set(raw) - {"queries"})
    if unknown:
        entry.fail("api", f"unknown key {unknown[0]!r} (known: queries)")
    queries = raw.get("queries")
    if not isinstance(queries, list) or not queries:
        entry.fail("api", "queries must be a non-empty list")
    return tuple(_parse_query(entry, number, query) for number, query in enumerate(queries, start=1))


def _parse_query(entry: _Entry, number: int, raw: Any) -> ApiQuery:
    where = f"queries[{number}]"
    if not isinstance(raw, dict):
        entry.fail("api", f"{where} must be a mapping of {', '.join(QUERY_KEYS)}")
    unknown = sorted(set(raw) - set(QUERY_KEYS))
    if unknown:
        entry.fail("api", f"{where}: unknown key {unknown[0]!r} (known: {', '.join(QUERY_KEYS)})")

    def text(key: str, *, required: bool) -> str:
        value = raw.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str | int) or isinstance(value, bool) or not str(value).strip():
            entry.fail("api", f"{where}.{key} must be a non-empty string, got {value!r}")
        return str(value).strip()

    def texts(key: str) -> tuple[str, ...]:
        value = raw.get(key)
        if value is None:
            value = []  # `indicators:` left empty means none, as leaving it out does
        elif isinstance(value, str | int) and not isinstance(value, bool):
            value = [value]  # one item may be written without brackets
        if not isinstance(value, list) or not all(isinstance(v, str | int) and str(v).strip() for v in value):
            entry.fail("api", f"{where}.{key} must be a list of non-empty strings, got {raw.get(key)!r}")
        return tuple(str(v).strip() for v in value)

    dts = texts("dts")
    if not dts:
        entry.fail("api", f"{where}.dts is required: the periods to ask for, e.g. [2018YY-2023YY]")
    for token in dts:
        if not _DTS.match(token):
            entry.fail("api", f"{where}.dts: {token!r} is no period code or range (2023YY, 202401SS-202404SS)")
    areas = texts("areas")
    for code in areas:
        if not _REGION.match(code):
            entry.fail("api", f"{where}.areas: {code!r} is not a six-digit region code (GB/T 2260)")
    return ApiQuery(
        cid=text("cid", required=True),
        root_id=text("root_id", required=True),
        dts=dts,
        indicators=texts("indicators"),
        areas=areas,
        area_catalog=text("area_catalog", required=False),
    )
