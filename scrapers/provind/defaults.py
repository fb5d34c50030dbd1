"""Every default a user can meet, in one place: the crawl's politeness, its scale, its patience.

Each is overridable where it applies (a `sources.yml` field, a `provind` option, an
environment variable); the modules that use them import them from here, so a default
is never set twice.
"""

from __future__ import annotations

# Seconds between two requests to one host when the source names no `rate_limit` (a
# robots.txt Crawl-delay may raise it, up to MAX_CRAWL_DELAY). Also `provind crawl --rate-limit`.
RATE_LIMIT = 2.0
# The national statistics release platform answers a query per indicator: asked more gently.
NBS_RATE_LIMIT = 5.0
# A robots.txt Crawl-delay above this is capped (a site asking for an hour would never be crawled).
MAX_CRAWL_DELAY = 60.0

MAX_PAGES = 50  # list pages followed per start URL and run (`max_pages`, `provind crawl --max-pages`)
GIVE_UP_AFTER = 5  # runs a failing article URL is retried before it is given up with its reason

CRAWL_THREADS = 64  # hosts one crawl task asks at once, each at its own pace (PROVIND_CRAWL_THREADS)
CRAWL_BATCHES = 4  # crawl tasks a night's sources are spread over, whole hosts each (PROVIND_CRAWL_BATCHES)

EXTRACT_BATCH = 2000  # articles an extraction batch holds (PROVIND_EXTRACT_BATCH)
EXTRACT_LOG_SECONDS = 30.0  # seconds between an extraction's progress lines (PROVIND_EXTRACT_LOG_SECONDS)
