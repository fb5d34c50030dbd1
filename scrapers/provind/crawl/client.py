"""`PoliteClient`: the only way provind talks to a website.

Downloading only: no parsing, no crawl decisions. What it guarantees for every
request it sends:

- an identifying user agent;
- robots.txt obeyed (`robots.RobotsTxt`: fetched once per origin and cached; a 4xx
  robots.txt allows all, an unreachable one disallows all, as RFC 9309 says);
- one request at a time per host, spaced by max(source rate limit, Crawl-delay or
  Request-rate), across every provind process on the machine (`pacing.HostPacer`);
- connect/read timeouts and an overall download deadline;
- retries with exponential backoff and jitter on 408, 429, 5xx and connection
  errors, waiting at least what `Retry-After` asks (capped);
- conditional requests (`If-None-Match`, `If-Modified-Since`) so that an
  unchanged page costs a 304;
- a size cap enforced while streaming (a 50 MB page is cut at the cap);
- redirects followed by hand, each hop checked against the allowed domains,
  robots.txt and the private-address guard (loopback, private, link-local and
  other non-global addresses are refused unless the source allows them).

Nothing here raises on a bad site: every outcome is a `FetchResult`.
"""

from __future__ import annotations

import ipaddress
import random
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import requests

from provind import VERSION, defaults
from provind.config import state_dir
from provind.crawl.pacing import HostPacer
from provind.crawl.robots import ROBOTS_AGENT as ROBOTS_AGENT  # re-exported: the token robots.txt groups name
from provind.crawl.robots import RobotsTxt
from provind.crawl.sources import Source, host_allowed

USER_AGENT = f"provind/{VERSION} (+https://github.com/provind/provind)"
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"
JSON_ACCEPT = "application/json, text/plain;q=0.8, */*;q=0.5"


@dataclass
class ClientConfig:
    """Every knob of the client; tests shrink the delays so they run fast."""

    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 120.0  # whole download of one response, against slow drips
    max_retries: int = 3  # retries after the first attempt
    backoff_base: float = 2.0  # first retry waits about this long, then doubles
    backoff_max: float = 120.0
    jitter: float = 0.3  # each backoff is stretched by up to this fraction, at random
    retry_after_cap: float = 300.0  # never wait longer than this for one Retry-After
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    default_delay: float = defaults.RATE_LIMIT  # per-host spacing when the caller names no rate limit
    max_crawl_delay: float = defaults.MAX_CRAWL_DELAY  # a robots.txt Crawl-delay above this is capped
    obey_robots: bool = True
    # Lock files that pace each host across processes; None: <state dir>/hosts, read when the client starts.
    pacing_dir: Path | None = None


@dataclass(frozen=True)
class FetchPolicy:
    """What one source allows: hosts, private addresses, its rate limit."""

    allowed_domains: tuple[str, ...] = ()  # empty: only the requested URL's own host
    allow_private: bool = False
    rate_limit: float | None = None  # None: ClientConfig.default_delay

    @classmethod
    def for_source(cls, source: Source) -> FetchPolicy:
        return cls(tuple(source.allowed_domains), source.allow_private, source.rate_limit)

    def domains_for(self, url: str) -> tuple[str, ...]:
        return self.allowed_domains or ((urlsplit(url).hostname or "").lower(),)


@dataclass
class FetchResult:
    url: str
    final_url: str
    outcome: str  # "ok" | "not_modified" | "error" | "disallowed"
    status: int | None = None
    error: str | None = None
    attempts: int = 0
    body: bytes | None = None
    content_type: str | None = None
    encoding: str | None = None  # charset named by the Content-Type header, if any
    etag: str | None = None
    last_modified: str | None = None
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    redirects: list[str] = field(default_factory=list)


@dataclass
class ClientStats:
    requests: int = 0
    retries: int = 0
    bytes_received: int = 0
    not_modified: int = 0
    errors: int = 0


class Refused(Exception):
    """A request the policy forbids (host, address, robots.txt): never retried."""


class Failed(Exception):
    """A request that failed for good (oversize, bad status): never retried."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class Retryable(Exception):
    """A transient failure: 408/429/5xx or a connection problem."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


@dataclass
class _Response:
    status: int
    url: str
    headers: requests.structures.CaseInsensitiveDict
    body: bytes


# --------------------------------------------------------------------------- small pure helpers


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def charset_of(content_type: str | None) -> str | None:
    from provind.crawl.content import charset_of as declared_charset

    return declared_charset(content_type)


def address_problem(host: str, port: int) -> str | None:
    """Why `host` must not be fetched without allow_private, or None when all its addresses are global."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise Retryable(f"cannot resolve {host}: {exc.strerror}") from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])  # an IPv6 address may carry %scope
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if not address.is_global:
            return f"{host} resolves to {_address_kind(address)} address {address}"
    return None


def _address_kind(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    for kind in ("loopback", "link_local", "private", "multicast", "unspecified", "reserved"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return "non-global"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc.lower(), "", "", ""))


# --------------------------------------------------------------------------- the client


class PoliteClient:
    """A requests session wrapped in the politeness rules above. Thread-safe per host."""

    def __init__(
        self,
        config: ClientConfig | None = None,
        *,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.config = config or ClientConfig()
        self.session = session or requests.Session()
        # No proxies from the environment: the address guard must see the host really connected to.
        self.session.trust_env = False
        self.stats = ClientStats()
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._robots: dict[str, RobotsTxt] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._lock = threading.Lock()
        self._pacer = HostPacer(self.config.pacing_dir or state_dir() / "hosts", sleep=sleep)

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.session.close()

    # ----------------------------------------------------------------------- public API

    def fetch(
        self,
        url: str,
        policy: FetchPolicy | None = None,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """GET `url` politely. Conditional when `etag`/`last_modified` are given."""
        policy = policy or FetchPolicy()
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._fetch(url, policy, headers, check_robots=True)

    def post_json(self, url: str, payload: object, policy: FetchPolicy | None = None) -> FetchResult:
        """POST `payload` as JSON (a read-only query API such as the NBS platform's), as politely as a GET.

        Same robots.txt, pacing, retries, size cap and address checks; a redirect is not followed.
        """
        return self._fetch(url, policy or FetchPolicy(), {"Accept": JSON_ACCEPT}, check_robots=True, json_body=payload)

    def fetch_robots(self, url: str, policy: FetchPolicy | None = None) -> FetchResult | None:
        """Make sure robots.txt of `url`'s host is loaded; the FetchResult if it was fetched now."""
        if not self.config.obey_robots:
            return None
        policy = policy or FetchPolicy()
        origin = _origin(url)
        with self._lock:
            robots_lock = self._robots_locks.setdefault(origin, threading.Lock())
        with robots_lock:
            if origin in self._robots:
                return None
            result = self._fetch(origin + "/robots.txt", policy, {}, check_robots=False)
            self._robots[origin] = self._robots_from(result)
            return result

    def allowed_by_robots(self, url: str, policy: FetchPolicy | None = None) -> bool:
        if not self.config.obey_robots:
            return True
        self.fetch_robots(url, policy)
        return self._robots[_origin(url)].allowed(url)

    def delay_for(self, url: str, policy: FetchPolicy) -> float:
        """Seconds between two requests to this host: max(rate limit, robots.txt's delay capped)."""
        rate = self.config.default_delay if policy.rate_limit is None else policy.rate_limit
        robots = self._robots.get(_origin(url))
        asked = robots.delay() if robots else None
        return max(rate, min(asked or 0.0, self.config.max_crawl_delay))

    # ----------------------------------------------------------------------- retries

    def _fetch(
        self,
        url: str,
        policy: FetchPolicy,
        headers: dict[str, str],
        *,
        check_robots: bool,
        json_body: object = None,
    ) -> FetchResult:
        attempts = 0
        while True:
            attempts += 1
            try:
                response, redirects = self._follow(url, policy, headers, check_robots=check_robots, json_body=json_body)
                return self._result(url, response, redirects, attempts)
            except Refused as exc:
                return FetchResult(url, url, "disallowed", error=str(exc), attempts=attempts - 1)
            except Failed as exc:
                self.stats.errors += 1
                return FetchResult(url, url, "error", status=exc.status, error=str(exc), attempts=attempts)
            except Retryable as exc:
                if attempts > self.config.max_retries:
                    self.stats.errors += 1
                    message = f"{exc} (gave up after {attempts} attempts)"
                    return FetchResult(url, url, "error", status=exc.status, error=message, attempts=attempts)
                self.stats.retries += 1
                self._sleep(self._backoff(attempts, exc.retry_after))

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        config = self.config
        delay = min(config.backoff_max, config.backoff_base * 2 ** (attempt - 1))
        delay *= 1 + self._rng.uniform(0, config.jitter)
        if retry_after is not None:
            delay = max(delay, min(retry_after, config.retry_after_cap))
        return delay

    def _result(self, url: str, response: _Response, redirects: list[str], attempts: int) -> FetchResult:
        content_type = response.headers.get("Content-Type")
        outcome = "not_modified" if response.status == 304 else "ok"
        if outcome == "not_modified":
            self.stats.not_modified += 1
        return FetchResult(
            url=url,
            final_url=response.url,
            outcome=outcome,
            status=response.status,
            attempts=attempts,
            body=response.body if outcome == "ok" else None,
            content_type=content_type,
            encoding=charset_of(content_type),
            etag=response.headers.get("ETag"),
            last_modified=response.headers.get("Last-Modified"),
            redirects=redirects,
        )

    # ----------------------------------------------------------------------- redirects and checks

    def _follow(
        self,
        url: str,
        policy: FetchPolicy,
        headers: dict[str, str],
        *,
        check_robots: bool,
        json_body: object = None,
    ) -> tuple[_Response, list[str]]:
        """One attempt: the request and every redirect hop, each hop checked before it is sent.

        robots.txt itself (`check_robots` False) may be redirected to any public host, as RFC 9309
        §2.3.1.2 asks (http to https, example.gov.cn to www.example.gov.cn): following it costs one
        request and leaves us obeying the rules the site meant rather than none.
        """
        domains = policy.domains_for(url) if check_robots else None
        redirects: list[str] = []
        current = url
        while True:
            self._check(current, policy, domains, check_robots=check_robots)
            response = self._send(current, policy, headers, json_body)
            if response.status not in REDIRECT_STATUSES:
                return response, redirects
            if json_body is not None:
                raise Failed(f"HTTP {response.status}: a redirect of a POST is not followed", response.status)
            location = response.headers.get("Location")
            if not location:
                raise Failed(f"HTTP {response.status} without a Location header", response.status)
            target = urljoin(current, location.strip())
            if target in redirects or target == url:
                raise Failed(f"redirect loop at {target}", response.status)
            redirects.append(target)
            if len(redirects) > self.config.max_redirects:
                raise Failed(f"more than {self.config.max_redirects} redirects", response.status)
            current = target

    def _check(self, url: str, policy: FetchPolicy, domains: tuple[str, ...] | None, *, check_robots: bool) -> None:
        """Refuse `url` unless http(s), on `domains` (None: any), public (or allowed private) and allowed by robots."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise Refused(f"not an http(s) URL: {url}")
        if domains is not None and not host_allowed(parts.hostname, domains):
            raise Refused(f"host {parts.hostname} is outside the allowed domains {list(domains)}")
        if not policy.allow_private:
            problem = address_problem(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
            if problem:
                raise Refused(f"refusing {problem} (the source does not allow private addresses)")
        if check_robots and not self.allowed_by_robots(url, policy):
            raise Refused(f"robots.txt disallows {url}")

    # ----------------------------------------------------------------------- one HTTP exchange

    def _send(self, url: str, policy: FetchPolicy, headers: dict[str, str], json_body: object = None) -> _Response:
        # The delay is the one known now: a Crawl-delay learnt from robots.txt also spaces
        # the first request after robots.txt itself.
        with self._pacer.turn(url, self.delay_for(url, policy)):
            self.stats.requests += 1
            try:
                response = self.session.request(
                    "GET" if json_body is None else "POST",
                    url,
                    json=json_body,
                    headers={"User-Agent": self.config.user_agent, "Accept": ACCEPT, **headers},
                    timeout=(self.config.connect_timeout, self.config.read_timeout),
                    allow_redirects=False,
                    stream=True,
                )
            except requests.Timeout as exc:
                raise Retryable(f"timeout: {type(exc).__name__}") from exc
            except requests.ConnectionError as exc:
                raise Retryable(f"connection error: {_short(exc)}") from exc
            except requests.RequestException as exc:
                raise Failed(f"request failed: {_short(exc)}") from exc
            with response:
                if response.status_code in RETRY_STATUSES:
                    retry_after = parse_retry_after(response.headers.get("Retry-After"))
                    raise Retryable(f"HTTP {response.status_code}", response.status_code, retry_after)
                if response.status_code >= 400:
                    raise Failed(f"HTTP {response.status_code}", response.status_code)
                body = b"" if response.status_code in (304, *REDIRECT_STATUSES) else self._read(response)
                return _Response(response.status_code, url, response.headers, body)

    def _read(self, response: requests.Response) -> bytes:
        """The body, streamed, cut at max_bytes and at the total deadline."""
        cap = self.config.max_bytes
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > cap:
            raise Failed(f"body too large: Content-Length {declared} exceeds the cap of {cap} bytes", 200)
        deadline = time.monotonic() + self.config.total_timeout
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(chunk_size=65536):
                size += len(chunk)
                self.stats.bytes_received += len(chunk)
                if size > cap:
                    raise Failed(f"body too large: more than the cap of {cap} bytes", response.status_code)
                if time.monotonic() > deadline:
                    raise Retryable(f"download took longer than {self.config.total_timeout:g} s")
                chunks.append(chunk)
        except requests.RequestException as exc:  # truncated body, reset, read timeout mid-body
            raise Retryable(f"body incomplete: {_short(exc)}", response.status_code) from exc
        return b"".join(chunks)

    # ----------------------------------------------------------------------- robots

    @staticmethod
    def _robots_from(result: FetchResult) -> RobotsTxt:
        if result.outcome == "disallowed":
            # Our own policy refused the file (a redirect to a private address or not to http(s)):
            # as if there were none, the way RFC 9309 treats a redirect chain it cannot follow.
            return RobotsTxt.allow_all()
        return RobotsTxt.from_fetch(result.status, result.body if result.outcome == "ok" else None)


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "…"
