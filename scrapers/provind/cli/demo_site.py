"""`provind demo-site`: serve the embedded bureau site until SIGTERM/SIGINT."""

from __future__ import annotations

import argparse
import ipaddress
import signal
import sys
import threading

from provind.demo_site.server import make_server, server_url

DESCRIPTION = """\
Serve the embedded bureau site until Ctrl-C or SIGTERM: real bureau articles in their
original forms (an e-paper page, a GBK-encoded portal page, a traditional-Chinese page,
a blog post, a plain news page), a statistics release with tables, and recorded answers
of the National Bureau of Statistics' data API, with a robots.txt. The demo entries of
sources.yml crawl it at $PROVIND_DEMO_URL (default http://127.0.0.1:8765). Prints
`serving on URL` once it accepts connections."""

EXAMPLES = """\
examples:
  provind demo-site                         http://127.0.0.1:8765/news/
  provind demo-site --port 0 --verbose      a free port, every request logged
  provind demo-site --port 9000             then crawl it with PROVIND_DEMO_URL=http://127.0.0.1:9000"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", metavar="ADDRESS", help="address to bind (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8765, metavar="PORT", help="port to listen on (default 8765; 0 picks a free one)"
    )
    parser.add_argument(
        "--crawl-delay",
        type=float,
        default=0.5,
        metavar="SECONDS",
        help="Crawl-delay announced in robots.txt (default 0.5)",
    )
    parser.add_argument("--public", action="store_true", help="allow binding a non-loopback address")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def run(args: argparse.Namespace) -> int:
    if not is_loopback(args.host) and not args.public:
        print(
            f"provind demo-site: refusing to bind {args.host}: not a loopback address (pass --public to allow)",
            file=sys.stderr,
        )
        return 2
    server = make_server(args.host, args.port, crawl_delay=args.crawl_delay, verbose=args.verbose)
    stop = threading.Event()
    # serve_forever runs in a thread: shutdown() must not be called from the serving thread,
    # and a signal handler only sets the event, so SIGTERM and SIGINT both end cleanly.
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), name="demo-site", daemon=True)
    thread.start()
    print(f"serving on {server_url(server)}", flush=True)
    try:
        stop.wait()
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
    return 0
