"""PoliteClient against small real servers on loopback, each scripted by the test."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from itertools import pairwise

from provind.crawl.client import (
    USER_AGENT,
    FetchPolicy,
    PoliteClient,
    parse_retry_after,
)

from .conftest import fast_config, send

LOCAL = FetchPolicy(allow_private=True, rate_limit=0)
PAGE = "<html><body><p>页面</p></body></html>".encode()


def _ok(handler):
    send(handler, 200, PAGE)


def _flaky(statuses):
    """Answer with each status in turn, then 200."""
    pending = list(statuses)

    def route(handler):
        if pending:
            send(handler, pending.pop(0), b"busy", Retry_After="0")
        else:
            _ok(handler)

    return route


def test_retries_5xx_then_succeeds(scripted, client):
    server = scripted({"/a": _flaky([503, 500])})
    result = client.fetch(server.url + "a", LOCAL)
    assert result.outcome == "ok" and result.status == 200 and result.attempts == 3
    assert result.body == PAGE and result.encoding == "utf-8"
    assert server.hits("/a") == 3 and client.stats.retries == 2


def test_gives_up_after_max_retries_with_reason(scripted, client):
    server = scripted({"/a": _flaky([502] * 10)})
    result = client.fetch(server.url + "a", LOCAL)
    assert result.outcome == "error" and result.status == 502
    assert "gave up after 3 attempts" in result.error and server.hits("/a") == 3


def test_429_waits_for_retry_after(scripted, client):
    answers = [1]

    def route(handler):
        if answers:
            answers.pop()
            send(handler, 429, b"slow down", Retry_After="1")
        else:
            _ok(handler)

    server = scripted({"/a": route})
    started = time.monotonic()
    result = client.fetch(server.url + "a", LOCAL)
    assert result.outcome == "ok" and result.attempts == 2
    first, second = (t for path, t, _ in server.requests if path == "/a")
    gap = second - first
    assert gap >= 0.95, "the client must wait what Retry-After asks"
    assert time.monotonic() - started < 3


def test_retry_after_forms_and_cap():
    now = datetime(2024, 1, 1, tzinfo=UTC)
    assert parse_retry_after("120") == 120
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30
    assert parse_retry_after("garbage") is None
    client = PoliteClient(fast_config(retry_after_cap=2.0))
    assert client._backoff(1, 3600) == 2.0  # a huge Retry-After is capped


def test_timeout_is_retried_then_reported(scripted):
    def hang(handler):
        time.sleep(1.0)
        _ok(handler)

    server = scripted({"/slow": hang})
    with PoliteClient(fast_config(read_timeout=0.2, max_retries=1)) as client:
        result = client.fetch(server.url + "slow", LOCAL)
    assert result.outcome == "error" and "timeout" in result.error and result.attempts == 2


def test_redirect_to_disallowed_host_is_not_followed(scripted, client):
    def redirect(handler):
        send(handler, 302, Location=f"http://localhost:{handler.server.server_address[1]}/target")

    server = scripted({"/a": redirect, "/target": _ok})
    result = client.fetch(server.url + "a", FetchPolicy(("127.0.0.1",), allow_private=True, rate_limit=0))
    assert result.outcome == "disallowed" and "outside the allowed domains" in result.error
    assert server.hits("/target") == 0


def test_redirect_within_allowed_domain_is_followed_and_loops_stop(scripted, client):
    server = scripted(
        {
            "/old": lambda h: send(h, 301, Location="/new"),
            "/new": _ok,
            "/loop1": lambda h: send(h, 302, Location="/loop2"),
            "/loop2": lambda h: send(h, 302, Location="/loop1"),
        }
    )
    moved = client.fetch(server.url + "old", LOCAL)
    assert moved.outcome == "ok" and moved.final_url == server.url + "new" and moved.redirects == [moved.final_url]
    loop = client.fetch(server.url + "loop1", LOCAL)
    assert loop.outcome == "error" and "redirect loop" in loop.error


def test_oversize_body_is_cut_at_the_cap(scripted):
    big = b"x" * 300_000

    def declared(handler):
        send(handler, 200, big)

    def undeclared(handler):  # no Content-Length: the cap must hold while streaming
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            for _ in range(30):
                handler.wfile.write(big)
        except OSError:
            pass  # the client hung up at the cap, as it should

    server = scripted({"/declared": declared, "/undeclared": undeclared})
    with PoliteClient(fast_config(max_bytes=100_000)) as client:
        first = client.fetch(server.url + "declared", LOCAL)
        second = client.fetch(server.url + "undeclared", LOCAL)
    assert first.outcome == "error" and "Content-Length" in first.error
    assert second.outcome == "error" and "too large" in second.error
    assert client.stats.bytes_received < 1_000_000


def test_truncated_body_is_retried(scripted, client):
    def truncated(handler):
        handler.send_response(200)
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        handler.wfile.write(b"only part")
        handler.close_connection = True

    server = scripted({"/t": truncated})
    result = client.fetch(server.url + "t", LOCAL)
    assert result.outcome == "error" and "incomplete" in result.error and server.hits("/t") == 3


def test_private_addresses_are_refused_without_allow_private(scripted, client):
    server = scripted({"/a": _ok})
    result = client.fetch(server.url + "a", FetchPolicy(rate_limit=0))
    assert result.outcome == "disallowed" and "loopback" in result.error
    assert server.requests == []  # not even robots.txt was asked for


def test_robots_txt_is_obeyed_and_cached(scripted, client):
    robots = b"User-agent: *\nDisallow: /private/\n\nUser-agent: provind\nDisallow: /not-for-provind/\n"
    server = scripted(
        {
            "/robots.txt": lambda h: send(h, 200, robots, Content_Type="text/plain"),
            "/private/x": _ok,
            "/not-for-provind/x": _ok,
            "/public": _ok,
        }
    )
    assert client.fetch(server.url + "public", LOCAL).outcome == "ok"
    blocked = client.fetch(server.url + "not-for-provind/x", LOCAL)
    assert blocked.outcome == "disallowed" and "robots.txt" in blocked.error
    # Our own group replaces the * group, so /private/ is allowed for provind.
    assert client.fetch(server.url + "private/x", LOCAL).outcome == "ok"
    assert server.hits("/robots.txt") == 1 and server.hits("/not-for-provind/x") == 0


def test_unreachable_robots_disallows_missing_robots_allows(scripted, client):
    broken = scripted({"/robots.txt": lambda h: send(h, 503, b"down"), "/a": _ok})
    assert client.fetch(broken.url + "a", LOCAL).outcome == "disallowed"
    missing = scripted({"/a": _ok})  # robots.txt answers 404
    assert client.fetch(missing.url + "a", LOCAL).outcome == "ok"


def test_crawl_delay_spaces_requests_to_one_host(scripted, client):
    robots = b"User-agent: *\nCrawl-delay: 0.2\n"
    server = scripted({"/robots.txt": lambda h: send(h, 200, robots, Content_Type="text/plain"), "/a": _ok})
    for _ in range(3):
        assert client.fetch(server.url + "a", LOCAL).outcome == "ok"
    times = [t for _, t, _ in server.requests]  # robots.txt too: the Crawl-delay spaces what follows it
    assert len(times) == 4
    assert all(later - earlier >= 0.19 for earlier, later in pairwise(times))


def test_conditional_get_and_user_agent(demo, client):
    url = demo.url + "news/"
    first = client.fetch(url, LOCAL)
    again = client.fetch(url, LOCAL, etag=first.etag, last_modified=first.last_modified)
    assert first.outcome == "ok" and again.outcome == "not_modified" and again.body is None
    assert {entry.user_agent for entry in demo.site.log} == {USER_AGENT}
    assert USER_AGENT.startswith("provind/") and "(+https://github.com/provind/provind)" in USER_AGENT


def test_connection_refused_is_an_error_record(client):
    import socket

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = client.fetch(f"http://127.0.0.1:{port}/", LOCAL)
    assert result.outcome == "disallowed" or result.outcome == "error"
    assert "connection" in (result.error or "") or "robots" in (result.error or "")
