"""robots.txt as it applies to provind: parsed by protego, read with RFC 9309's rules.

protego does the matching: the group for our product token replaces the `*` group, the
longest matching rule wins (an `Allow` on a tie), and `*` and `$` work in patterns. What
this module adds is what RFC 9309 says to do when there is no usable file (see
`RobotsTxt.from_fetch`) and one delay out of `Crawl-delay` and `Request-rate`.
"""

from __future__ import annotations

from dataclasses import dataclass

from protego import Protego

ROBOTS_AGENT = "provind"  # the product token robots.txt groups are matched against
# RFC 9309 §2.3.1.3: "unavailable", crawl as if there were no file. A 3xx is what is left of a
# redirect chain that could not be followed (a loop, too many hops, no Location): §2.3.1.2 says the same.
MISSING_STATUSES = range(300, 500)
UNREACHABLE_4XX = frozenset({429})  # too many requests is the server struggling, not a missing file


@dataclass(frozen=True)
class RobotsTxt:
    """One origin's robots.txt: what `agent` may fetch there and how slowly.

    `parser` is None when there was no file to read; then `everything_allowed` decides.
    """

    parser: Protego | None
    everything_allowed: bool = True
    agent: str = ROBOTS_AGENT

    @classmethod
    def parse(cls, text: str | bytes, agent: str = ROBOTS_AGENT) -> RobotsTxt:
        if isinstance(text, bytes):
            # robots.txt is UTF-8 (RFC 9309 §2.3); a BOM would otherwise hide the first `User-agent` line.
            text = text.decode("utf-8", errors="replace")
        return cls(Protego.parse(text.removeprefix("\ufeff")), agent=agent)

    @classmethod
    def allow_all(cls, agent: str = ROBOTS_AGENT) -> RobotsTxt:
        return cls(None, everything_allowed=True, agent=agent)

    @classmethod
    def disallow_all(cls, agent: str = ROBOTS_AGENT) -> RobotsTxt:
        return cls(None, everything_allowed=False, agent=agent)

    @classmethod
    def from_fetch(cls, status: int | None, body: bytes | None, agent: str = ROBOTS_AGENT) -> RobotsTxt:
        """The rules a fetch of /robots.txt leaves us with (RFC 9309 §2.3.1).

        - a 2xx body: its rules;
        - 4xx (a missing file, or one forbidden to everybody), or a redirect chain that could not be
          followed: everything is allowed;
        - anything else, 5xx, 429 or no answer at all: the site is unreachable, nothing is allowed.
        """
        if status is not None and 200 <= status < 300 and body is not None:
            return cls.parse(body, agent)
        if status in MISSING_STATUSES and status not in UNREACHABLE_4XX:
            return cls.allow_all(agent)
        return cls.disallow_all(agent)

    def allowed(self, url: str) -> bool:
        """May `agent` fetch `url` (scheme and host are ignored: the file speaks for its own origin)?"""
        if self.parser is None:
            return self.everything_allowed
        return self.parser.can_fetch(url, self.agent)

    def delay(self) -> float | None:
        """Seconds the site asks between two requests, or None when it asks nothing.

        The larger of `Crawl-delay` (fractions allowed) and `Request-rate` (`1/5` is one request
        per 5 s; a time-of-day window on it is ignored, so the rate holds all day). Our group's
        values first; when our group names neither, what the `*` group asks of every crawler.
        """
        if self.parser is None:
            return None
        for agent in (self.agent, "*"):
            delays = [d for d in (self.parser.crawl_delay(agent), self._rate_delay(agent)) if d is not None]
            if delays:
                return max(delays)
        return None

    def _rate_delay(self, agent: str) -> float | None:
        rate = self.parser.request_rate(agent) if self.parser else None
        return rate.seconds / rate.requests if rate else None
