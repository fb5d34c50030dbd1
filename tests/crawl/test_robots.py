"""robots.txt rules (provind.crawl.robots) on their own and as PoliteClient obeys them on real loopback servers."""

from __future__ import annotations

from itertools import pairwise

import pytest

from provind.crawl.client import ROBOTS_AGENT, FetchPolicy
from provind.crawl.robots import RobotsTxt

from .conftest import send

LOCAL = FetchPolicy(allow_private=True, rate_limit=0)
PAGE = b"<html><body>page</body></html>"

# (robots.txt, paths provind may fetch, paths it may not) — each a bug urllib.robotparser had or a rule of RFC 9309.
CASES = {
    "allow inside a disallowed site": (
        "User-agent: *\nDisallow: /\nAllow: /xwzx/\n",
        ["/xwzx/a.html", "/xwzx/2024/b.html?id=3"],
        ["/index.html", "/xwzx", "/zwgk/a.html"],
    ),
    "* matches any run of characters": (
        "User-agent: *\nDisallow: /*.jsp\n",
        ["/a/b.html?x=1", "/jsp.html"],
        ["/a/b.jsp?x=1", "/b.jsp", "/a/b.jspx"],
    ),
    "$ anchors the end": (
        "User-agent: *\nDisallow: /*.pdf$\n",
        ["/x.pdf?y=1", "/x.pdfa", "/x.html"],
        ["/x.pdf", "/files/2024/x.pdf"],
    ),
    "the longest match wins": (
        "User-agent: *\nAllow: /p\nDisallow: /page\nAllow: /page/public\nAllow: /a/\nDisallow: /a/b/\n",
        ["/pa", "/page/public/1", "/a/c"],
        ["/page/1", "/a/b/c"],
    ),
    "Allow wins a tie": (
        "User-agent: *\nDisallow: /folder\nAllow: /folder\n",
        ["/folder/x"],
        [],
    ),
    "our group replaces the * group": (
        "User-agent: *\nDisallow: /\n\nUser-agent: Provind\nDisallow: /private/\n",
        ["/a", "/news/1.html"],
        ["/private/x"],
    ),
    "one group for several agents, ours among them": (
        "User-agent: otherbot\nUser-agent: provind\nDisallow: /g/\n\nUser-agent: *\nDisallow: /\n",
        ["/a"],
        ["/g/1"],
    ),
    "a group for another crawler only": (
        "User-agent: badbot\nDisallow: /\n",
        ["/a"],
        [],
    ),
    "an empty Disallow allows everything": (
        "User-agent: *\nDisallow:\n",
        ["/a", "/b/c.pdf"],
        [],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_rules(name):
    text, allowed, refused = CASES[name]
    robots = RobotsTxt.parse(text)
    for path in allowed:
        assert robots.allowed("http://example.gov.cn" + path), path
    for path in refused:
        assert not robots.allowed("http://example.gov.cn" + path), path


def test_a_byte_order_mark_does_not_hide_the_first_group():
    robots = RobotsTxt.parse(b"\xef\xbb\xbfUser-agent: *\nDisallow: /\n")
    assert not robots.allowed("http://example.gov.cn/a")


@pytest.mark.parametrize(
    ("text", "delay"),
    [
        ("User-agent: *\nCrawl-delay: 0.5\n", 0.5),
        ("User-agent: *\nCrawl-delay: 3\n", 3.0),
        ("User-agent: *\nRequest-rate: 1/5\n", 5.0),  # one request per 5 s
        ("User-agent: *\nRequest-rate: 2/1m\n", 30.0),
        ("User-agent: *\nRequest-rate: 1/5 0600-0845\n", 5.0),  # the window is ignored: the rate holds all day
        ("User-agent: *\nCrawl-delay: 2\nRequest-rate: 1/5\n", 5.0),  # the slower of the two
        ("User-agent: *\nCrawl-delay: 10\n\nUser-agent: provind\nCrawl-delay: 1\n", 1.0),  # ours first
        ("User-agent: *\nCrawl-delay: 3\n\nUser-agent: provind\nDisallow: /x/\n", 3.0),  # ours names none
        ("User-agent: otherbot\nCrawl-delay: 30\n", None),
        ("User-agent: *\nCrawl-delay: soon\nRequest-rate: fast\n", None),
        ("User-agent: *\nDisallow: /\n", None),
    ],
)
def test_delay(text, delay):
    assert RobotsTxt.parse(text).delay() == delay


@pytest.mark.parametrize(
    ("status", "body", "allows"),
    [
        (200, b"User-agent: *\nDisallow: /a\n", False),  # a real file: its rules (here /a is out)
        (404, None, True),  # no file: everything allowed
        (403, None, True),  # RFC 9309: any 4xx is "unavailable", not "forbidden to crawl"
        (410, None, True),
        (301, None, True),  # a redirect loop, or more hops than we follow: as if there were no file
        (429, None, False),  # too many requests: the server is struggling, treat as unreachable
        (500, None, False),
        (503, None, False),
        (None, None, False),  # no answer at all
        (200, None, False),  # an answer cut short
    ],
)
def test_what_a_fetch_of_robots_txt_leaves(status, body, allows):
    assert RobotsTxt.from_fetch(status, body).allowed("http://example.gov.cn/a") is allows


def test_agent_token_is_the_client_one():
    assert ROBOTS_AGENT == "provind" and RobotsTxt.parse("").agent == ROBOTS_AGENT


# --------------------------------------------------------------------------- through the client, on loopback


def _ok(handler):
    send(handler, 200, PAGE)


def _robots(text: str):
    return lambda handler: send(handler, 200, text.encode(), Content_Type="text/plain")


@pytest.mark.parametrize("name", list(CASES))
def test_client_obeys_rules_on_a_real_server(name, scripted, client):
    text, allowed, refused = CASES[name]
    routes = {path.split("?", 1)[0]: _ok for path in allowed + refused}
    server = scripted({"/robots.txt": _robots(text), **routes})
    base = server.url.rstrip("/")
    for path in allowed:
        result = client.fetch(base + path, LOCAL)
        assert result.outcome == "ok" and result.body == PAGE, path
    for path in refused:
        result = client.fetch(base + path, LOCAL)
        assert result.outcome == "disallowed" and "robots.txt disallows" in result.error, path
    sent = {p for p, _, _ in server.requests}
    assert not sent & {path.split("?", 1)[0] for path in refused} - {p.split("?", 1)[0] for p in allowed}
    assert server.hits("/robots.txt") == 1


def _other_host(scripted, routes):
    """A server on a second loopback address (another host), or another port when 127.0.0.2 cannot be bound."""
    try:
        return scripted(routes, host="127.0.0.2")
    except OSError:
        return scripted(routes)


def test_every_redirect_hop_is_checked_against_its_own_hosts_robots(scripted, client):
    other = _other_host(
        scripted, {"/robots.txt": _robots("User-agent: *\nDisallow: /secret\n"), "/ok": _ok, "/secret": _ok}
    )
    down = scripted({"/robots.txt": lambda h: send(h, 503, b"down"), "/page": _ok})
    first = scripted(
        {
            "/robots.txt": _robots("User-agent: *\nDisallow: /private/\n"),
            "/to-other-ok": lambda h: send(h, 302, Location=other.url + "ok"),
            "/to-other-secret": lambda h: send(h, 301, Location=other.url + "secret"),
            "/to-private": lambda h: send(h, 302, Location="/private/x"),
            "/to-down": lambda h: send(h, 307, Location=down.url + "page"),
            "/private/x": _ok,
        }
    )
    policy = FetchPolicy(("127.0.0.1", "127.0.0.2"), allow_private=True, rate_limit=0)

    moved = client.fetch(first.url + "to-other-ok", policy)
    assert moved.outcome == "ok" and moved.final_url == other.url + "ok" and moved.body == PAGE
    assert [p for p, _, _ in other.requests] == ["/robots.txt", "/ok"]  # the other host's robots.txt, first

    refused = client.fetch(first.url + "to-other-secret", policy)
    assert refused.outcome == "disallowed" and "robots.txt disallows" in refused.error
    assert other.hits("/secret") == 0 and other.hits("/robots.txt") == 1  # cached, not asked again

    same_host = client.fetch(first.url + "to-private", policy)
    assert same_host.outcome == "disallowed" and first.hits("/private/x") == 0

    unreachable = client.fetch(first.url + "to-down", policy)  # its robots.txt answers 503: nothing allowed
    assert unreachable.outcome == "disallowed" and down.hits("/page") == 0 and down.hits("/robots.txt") >= 1


@pytest.mark.parametrize(
    ("text", "delay"),
    [
        ("User-agent: *\nRequest-rate: 5/1\n", 0.2),
        ("User-agent: *\nCrawl-delay: 0\n\nUser-agent: provind\nCrawl-delay: 0.25\n", 0.25),
    ],
)
def test_client_spaces_requests_as_robots_asks(text, delay, scripted, client):
    server = scripted({"/robots.txt": _robots(text), "/a": _ok})
    for _ in range(3):
        assert client.fetch(server.url + "a", LOCAL).outcome == "ok"
    assert client.delay_for(server.url + "a", LOCAL) == pytest.approx(delay)
    times = [t for _, t, _ in server.requests]
    assert len(times) == 4
    assert all(later - earlier >= delay - 0.01 for earlier, later in pairwise(times))


def test_a_redirected_robots_txt_is_followed_even_off_the_allowed_domains(scripted, client):
    """RFC 9309 §2.3.1.2: the rules are where robots.txt redirects to (http to https, to www., …)."""
    moved_here = scripted(
        {
            "/robots.txt": lambda h: send(h, 301, Location="/robots-2024.txt"),
            "/robots-2024.txt": _robots("User-agent: *\nDisallow: /secret\n"),
            "/secret": _ok,
            "/open": _ok,
        }
    )
    rules = _other_host(scripted, {"/robots.txt": _robots("User-agent: *\nDisallow: /secret\n")})
    moved_away = scripted(
        {"/robots.txt": lambda h: send(h, 302, Location=rules.url + "robots.txt"), "/secret": _ok, "/open": _ok}
    )
    only_this_host = FetchPolicy(("127.0.0.1",), allow_private=True, rate_limit=0)
    for server in (moved_here, moved_away):
        assert client.fetch(server.url + "open", only_this_host).outcome == "ok"
        assert client.fetch(server.url + "secret", only_this_host).outcome == "disallowed"
        assert server.hits("/secret") == 0
    assert rules.hits("/robots.txt") == 1  # one request off the allowed domains, for the rules only


def test_a_robots_txt_redirect_loop_counts_as_no_file(scripted, client):
    server = scripted(
        {
            "/robots.txt": lambda h: send(h, 302, Location="/robots-a.txt"),
            "/robots-a.txt": lambda h: send(h, 302, Location="/robots.txt"),
            "/page": _ok,
        }
    )
    assert client.fetch(server.url + "page", LOCAL).outcome == "ok"
