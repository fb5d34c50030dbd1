"""The steps of the nightly pipeline, as plain functions the DAG's tasks call.

crawl (per source, parallel-safe: writes only its own landing file)
  → land (the one writer of raw pages, fetch log and articles)
  → extract (raw mentions of articles not yet extracted by this extractor version)
  → gate 1 → dbt build → gate 2 → publish → summary

Each step is idempotent for a given run id: running it twice changes nothing.
Crawl output is landed from files, and a landing file is only marked done once
its rows are committed, so an article fetched by a run whose land step failed is
landed by the next run instead of being lost.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import fcntl
import gzip
import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from provind import config, publish, warehouse

if TYPE_CHECKING:  # the steps import their heavy modules inside, so the DAG file parses fast
    from provind.crawl.parse import ParsedArticle
    from provind.crawl.site import FetchRecord
    from provind.crawl.sources import Selectors, Source

log = logging.getLogger(__name__)


def safe_run_id(run_id: str) -> str:
    """Airflow run ids hold colons and plus signs: keep them out of file names."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id)


# ---------------------------------------------------------------- crawl


def crawl(source_name: str, run_id: str, *, source: Source | None = None) -> dict[str, Any]:
    """Crawl one source, journalling every fetch outcome to this run's landing file for it.

    `source`: the entry already read from the registry (a batch of many sources reads the
    file once, `provind.crawl.batches`); by default it is read here by name.
    Each record is on disk (flushed and fsynced) before the crawler is asked for the next
    one, and the crawler only then takes it into its state (`crawl.site`): a crawl killed at
    any point leaves a journal that `land` lands, and no article known but unlanded.
    """
    from provind.crawl import sources

    source = source or sources.get_source(config.sources_file(), source_name)
    started = time.monotonic()
    run_dir = config.landing_dir() / safe_run_id(run_id)
    run_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    errors: list[str] = []  # the first few reasons, for the message of a source that answered nothing
    with _source_lock(source.name):
        _seal_orphans(source.name)  # journals of crawls of this source that were killed
        journal = run_dir / f"{source.name}{JOURNAL_SUFFIX}"
        with LandingJournal(journal) as out:
            for record in _crawl_records(source):
                out.write(_record_to_json(record))
                label = f"{record.kind}:{record.outcome}"
                counts[label] = counts.get(label, 0) + 1
                if record.outcome in ("error", "disallowed") and len(errors) < 3:
                    errors.append(f"{record.url}: {record.error}")
        _seal(journal)
    summary = {"source": source.name, "seconds": round(time.monotonic() - started, 2), "fetches": counts}
    log.info("crawled %s: %s", source.name, summary)
    # A news site answers through its list pages, a statistics API through its data queries.
    answered, what = (
        ("query", "no API query was answered") if source.api_kind else ("list", "no list page could be fetched")
    )
    if not counts.get(f"{answered}:ok") and not counts.get(f"{answered}:not_modified"):
        # The fetch log of the attempt is landed all the same (land runs whatever happened here);
        # failing the task makes the broken site visible and alerts, without costing the others.
        message = f"source {source.name}: {what} ({counts})" + "".join(f"\n  {e}" for e in errors)
        raise SourceUnreachable(message, summary=summary)
    return summary


# A crawl writes `<run>/<source>.jsonl.gz.part` and renames it to `<source>.jsonl.gz` (or
# `<source>.<n>.jsonl.gz`, never over another file) when it ends; `land` lands `*.jsonl.gz`.
LANDING_SUFFIX = ".jsonl.gz"
JOURNAL_SUFFIX = LANDING_SUFFIX + ".part"
# What crawls before the journal left when killed: one gzip stream, cut short. Landed the same way.
LEGACY_JOURNAL_SUFFIX = ".jsonl.tmp"
JOURNAL_SUFFIXES = (JOURNAL_SUFFIX, LEGACY_JOURNAL_SUFFIX)


def _journal_source(path: Path) -> str:
    return next(path.name.removesuffix(suffix) for suffix in JOURNAL_SUFFIXES if path.name.endswith(suffix))


class LandingJournal:
    """An append-only landing file: one gzip member per record, each flushed and fsynced.

    Concatenated gzip members are one valid gzip file (`gzip.open` reads it whole), and a
    crash can only tear the last member, which `_read_landing` leaves out.
    """

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> LandingJournal:
        self.handle = self.path.open("ab")
        return self

    def write(self, row: dict[str, Any]) -> None:
        line = json.dumps(row, ensure_ascii=False) + "\n"
        self.handle.write(gzip.compress(line.encode("utf-8"), mtime=0))
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def __exit__(self, *exc: object) -> None:
        self.handle.close()


def _seal(journal: Path) -> Path | None:
    """Turn a journal into a landing file under a name no other file has; durable in its directory."""
    if not journal.exists():
        return None
    stem = _journal_source(journal)
    target, n = journal.with_name(stem + LANDING_SUFFIX), 1
    while target.exists() or _landed_marker(target).exists():
        target, n = journal.with_name(f"{stem}.{n}{LANDING_SUFFIX}"), n + 1
    os.replace(journal, target)
    publish.fsync(target.parent)  # the rename survives a power cut
    return target


def _seal_orphans(source_name: str) -> list[Path]:
    """Seal every journal of `source_name` left by a killed crawl. Call with the source's lock held."""
    return [
        sealed
        for suffix in JOURNAL_SUFFIXES
        for journal in sorted(config.landing_dir().glob(f"*/{source_name}{suffix}"))
        if (sealed := _seal(journal)) is not None
    ]


@contextlib.contextmanager
def _source_lock(source_name: str) -> Iterator[None]:
    """One crawl of a source at a time, across runs and processes.

    A backfill runs nights side by side (its own `--max-active-runs`, beside the
    scheduled run): two crawls of one site would share its crawl state, the last
    writer losing the other's, and double the rate the site sees. The second waits.
    """
    path = config.state_dir() / f"{source_name}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes, even if the task is killed
        yield


def _seal_orphans_if_idle(source_name: str) -> list[Path]:
    """Seal a source's leftover journals unless a live crawl of it holds its lock (then they are its own)."""
    path = config.state_dir() / f"{source_name}.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return []  # crawling now: its journal is sealed when it ends, and landed by a later land
        return _seal_orphans(source_name)


def _crawl_records(source: Source) -> Iterator[FetchRecord]:
    """The crawler for the source's kind: list pages and articles, or the queries of a statistics API."""
    from provind.crawl import api as crawl_api
    from provind.crawl import site as crawler

    state_dir = config.state_dir() / source.name
    if source.api_kind:
        return crawl_api.crawl_api_source(source, state_dir)
    return crawler.crawl_source(source, state_dir)


class SourceUnreachable(RuntimeError):
    """A source none of whose list pages (API queries) answered: its crawl task fails, the others carry on."""

    def __init__(self, message: str, *, summary: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.summary = summary or {}  # the attempt's figures: its fetch log is landed all the same


def _record_to_json(record: Any) -> dict[str, Any]:
    row = dataclasses.asdict(record)
    row["body"] = base64.b64encode(record.body).decode("ascii") if record.body is not None else None
    return json.loads(json.dumps(row, default=_json_default))


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


# ---------------------------------------------------------------- land


def land(run_id: str) -> dict[str, int]:
    """Load every landing file not yet landed into the raw tables, in one transaction per file.

    Journals of killed crawls (`*.jsonl.gz.part` whose source no live crawl holds) are sealed
    and landed too. A file is marked landed after its commit; a land killed between the two
    lands the file again, which adds nothing: every raw row is keyed by its content.
    """
    from provind import textprep
    from provind.crawl import sources

    registry = {s.name: s for s in sources.valid_sources(config.sources_file())}
    totals = {"files": 0, "fetches": 0, "pages": 0, "articles": 0, "aliases": 0}
    for name in sorted(
        {_journal_source(p) for suffix in JOURNAL_SUFFIXES for p in config.landing_dir().glob(f"*/*{suffix}")}
    ):
        _seal_orphans_if_idle(name)
    pending = sorted(p for p in config.landing_dir().glob(f"*/*{LANDING_SUFFIX}") if not _landed_marker(p).exists())
    with warehouse.connect() as con:
        for path in pending:
            records = _read_landing(path)
            con.execute("BEGIN")
            try:
                counts = _land_records(con, records, registry, run_id, textprep)
                failpoint("land:before-commit")
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            failpoint("land:after-commit")
            _landed_marker(path).touch()
            totals["files"] += 1
            for name, count in zip(("fetches", "pages", "articles", "aliases"), counts, strict=True):
                totals[name] += count
    log.info("landed: %s", totals)
    return totals


def failpoint(name: str) -> None:
    """Crash-test hook: `PROVIND_FAILPOINT=<name>` makes the process kill itself (SIGKILL) here.

    The crash tests (tests/pipeline/test_crash_recovery.py) use it to stop a step at an exact
    point no outside timing can hit; unset, it costs one environment lookup.
    """
    if os.environ.get("PROVIND_FAILPOINT") == name:
        import signal

        os.kill(os.getpid(), signal.SIGKILL)


def _landed_marker(path: Path) -> Path:
    return path.with_name(path.name + ".landed")


def _read_landing(path: Path) -> list[dict[str, Any]]:
    """The records of a landing file: gzip members of JSON lines; a torn last member (a crash) is left out."""
    import zlib

    data = path.read_bytes()
    lines: list[str] = []
    while data:
        member = zlib.decompressobj(wbits=31)
        try:
            text = member.decompress(data)
        except zlib.error as exc:
            raise ValueError(f"{path}: not a landing file (gzip): {exc}") from exc
        if not member.eof:
            # A write cut short by a kill: keep its whole lines, leave out the torn last one
            # (its crawl state never took that record in, so it is fetched again).
            whole = text[: text.rfind(b"\n") + 1]
            log.warning("%s: cut short by a crash; %d whole records of its last part kept", path, whole.count(b"\n"))
            lines.extend(whole.decode("utf-8").splitlines())
            break
        lines.extend(text.decode("utf-8").splitlines())
        data = member.unused_data
    return [json.loads(line) for line in lines if line.strip()]


def _land_records(con, records: Iterable[dict], registry: dict, run_id: str, textprep) -> tuple[int, int, int, int]:
    """Rows of the raw tables from landing records: (fetches, pages, articles, aliases) added.

    An article is kept under its own URL (`canonical_url` when the crawler found the fetched
    URL to be an alias of it); the alias goes to `raw.article_urls`. A record whose text is the
    latest version's of its URL already adds no article row: one text, one row.
    """
    now = datetime.now(UTC).replace(tzinfo=None)
    fetch_rows, page_rows, article_rows, alias_rows = [], [], [], []
    latest: dict[str, tuple] = {}  # article URL -> (title, published, body) of the rows of this file
    for r in records:
        body = base64.b64decode(r["body"]) if r.get("body") else None
        fetched_at = _timestamp(r["fetched_at"])
        fetch_rows.append(
            {
                "fetch_id": warehouse.key(r["source"], r["url"], r["fetched_at"], r["outcome"]),
                "run_id": run_id,
                "source": r["source"],
                "url": r["url"],
                "kind": r.get("kind"),
                "fetched_at": fetched_at,
                "http_status": r.get("http_status"),
                "outcome": r["outcome"],
                "error": r.get("error"),
                "attempts": r.get("attempts"),
                "bytes": len(body) if body else 0,
                "content_hash": r.get("content_hash"),
            }
        )
        article_url = r.get("canonical_url") or r["url"]
        if article_url != r["url"] and r["outcome"] in ("ok", "not_modified"):
            alias_rows.append(
                {"source": r["source"], "url": r["url"], "article_url": article_url,
                 "first_seen": fetched_at, "run_id": run_id}
            )  # fmt: skip
        if body is None or not r.get("content_hash"):
            continue
        article = r.get("article") or {}
        text = (article.get("title"), article.get("published"), article.get("body_text"))
        new_version = bool(article.get("body_text")) and _is_new_version(con, latest, article_url, text)
        page_rows.append(
            {
                # The page an article row is made from is kept under the article's URL (extract joins on it).
                "url": article_url if new_version else r["url"],
                "content_hash": r["content_hash"],
                "source": r["source"],
                "fetched_at": fetched_at,
                "http_status": r.get("http_status"),
                "content_type": r.get("content_type"),
                "encoding": r.get("encoding"),
                "body_gz": gzip.compress(body, mtime=0),
            }
        )
        if new_version:
            latest[article_url] = text
            source = registry.get(r["source"])
            article_rows.append(
                {
                    "article_id": warehouse.key(article_url, r["content_hash"]),
                    "url": article_url,
                    "source": r["source"],
                    "publisher": getattr(source, "publisher", None),
                    "source_region_code": getattr(source, "region_code", None),
                    "title": article.get("title"),
                    "published": article.get("published"),
                    "language": article.get("language"),
                    "content_hash": r["content_hash"],
                    "body_text": article["body_text"],
                    "clean_text": textprep.clean_text(article["body_text"]),
                    "fetched_at": fetched_at,
                    "loaded_at": now,
                    "run_id": run_id,
                }
            )
    return (
        warehouse.insert_ignore(con, "raw.fetch_log", fetch_rows),
        warehouse.insert_ignore(con, "raw.pages", page_rows),
        warehouse.insert_ignore(con, "raw.articles", article_rows),
        warehouse.insert_ignore(con, "raw.article_urls", alias_rows),
    )


def _is_new_version(con, pending: dict[str, tuple], url: str, text: tuple) -> bool:
    """Whether `text` (title, published, body) differs from the latest version of the article at `url`."""
    if url in pending:
        return pending[url] != text
    row = con.execute(
        "SELECT title, CAST(published AS VARCHAR), body_text FROM raw.articles WHERE url = ?"
        " ORDER BY fetched_at DESC, loaded_at DESC LIMIT 1",
        [url],
    ).fetchone()
    return row is None or tuple(row) != text


def _timestamp(value: str) -> datetime:
    """ISO text → naive UTC datetime (DuckDB TIMESTAMP)."""
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


# ---------------------------------------------------------------- extract


def extract(run_id: str, reextract: bool = False) -> dict[str, int]:
    """Extract figures from articles that this extractor version has not yet processed.

    Two extractors feed `raw.mentions`: the text extractor over the article's clean
    text, and the statistics-table reader over the stored page itself (HTML tables,
    CSV/XLSX attachments, a statistics API's JSON answer), whose rows carry their
    cell as provenance (offsets -1). An API answer is read by the latter alone.
    An article's rows are replaced as a whole, so re-extraction after an extractor
    upgrade never leaves a mix of old and new rows.
    """
    from provind.extract import extract_mentions
    from provind.stats import drop_rendered, is_data_answer, observations_from_page

    version = extractor_version()
    now = datetime.now(UTC).replace(tzinfo=None)
    totals = {"articles": 0, "mentions": 0, "table_cells": 0}
    with warehouse.connect() as con:
        where = (
            ""
            if reextract
            else "WHERE a.article_id NOT IN (SELECT article_id FROM raw.mentions WHERE extractor_version = ?)"
        )
        params = [] if reextract else [version]
        articles = con.execute(
            f"""
            SELECT a.article_id, a.url, a.clean_text, a.published, a.source_region_code, a.title,
                   p.body_gz, p.content_type
            FROM raw.articles a LEFT JOIN raw.pages p ON p.url = a.url AND p.content_hash = a.content_hash
            {where}
            """,
            params,
        ).fetchall()
        for article_id, url, text, published, region_code, title, body_gz, content_type in articles:
            body = gzip.decompress(body_gz) if body_gz is not None else None
            # A statistics API's article text is our own rendering of its cells: read as prose as well,
            # every figure would be counted twice. Its figures come from the stored answer alone.
            data_answer = body is not None and is_data_answer(content_type, body)
            mentions = (
                []
                if data_answer
                else extract_mentions(text, doc=article_id, published=published, region_code=region_code, title=title)
            )
            cells = (
                observations_from_page(body, url, content_type, published=published, region_code=region_code)
                if body is not None
                else []
            )
            mentions = drop_rendered(mentions, cells)  # a table cell counts once, as a cell
            rows = [mention_row(article_id, seq, m, version, now, run_id) for seq, m in enumerate([*mentions, *cells])]
            con.execute("BEGIN")
            con.execute("DELETE FROM raw.mentions WHERE article_id = ?", [article_id])
            warehouse.insert_ignore(con, "raw.mentions", rows)
            con.execute("COMMIT")
            totals["articles"] += 1
            totals["mentions"] += len(mentions)
            totals["table_cells"] += len(cells)
    log.info("extracted: %s", totals)
    return totals


def extractor_version() -> str:
    """A fingerprint of the extractor's code and reference data.

    Any change to the extractor changes it, so the next run re-extracts every stored
    article: history improves with the extractor, without anyone remembering to ask.
    """
    import provind

    package = Path(provind.__file__).parent
    code = [*package.glob("extract/*.py"), *package.glob("stats/*.py"), package / "textprep.py"]
    files = sorted([*code, *package.glob("reference/*.csv")])
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{provind.VERSION}+{digest.hexdigest()[:12]}"


def mention_row(article_id: str, seq: int, m: dict, version: str, now: datetime, run_id: str) -> dict[str, Any]:
    """One `raw.mentions` row from an extracted mention (text or table cell), keyed by content."""
    return {
        "mention_id": warehouse.key(article_id, m["start"], m["end"], seq),
        "article_id": article_id,
        "seq": seq,
        "start_offset": m["start"],
        "end_offset": m["end"],
        "quote": m["quote"],
        "sentence": m.get("sentence"),
        "subject": m.get("subject"),
        "value": m.get("value"),
        "unit": m.get("unit"),
        "kind": m.get("kind"),
        "approx": m.get("approx"),
        "is_target": bool(m.get("target")),
        "region": m.get("region"),
        "region_code": m.get("region_code"),
        "region_source": m.get("region_source"),
        "period": m.get("period"),
        "indicator": m.get("indicator") or "unclassified",
        "extractor_version": version,
        "extracted_at": now,
        "run_id": run_id,
    }


# ---------------------------------------------------------------- reprocess


def reparse(run_id: str) -> dict[str, int]:
    """Parse every stored article page again, from `raw.pages`, without the network.

    Pages are immutable; the articles derived from them are refreshed in place
    (same key: URL + content hash), so an improved parser reaches all history.
    """
    from provind import textprep
    from provind.crawl import sources

    registry = {s.name: s for s in sources.valid_sources(config.sources_file())}
    totals = {"pages": 0, "changed": 0, "unparsable": 0}
    with warehouse.connect() as con:
        pages = con.execute(
            """
            SELECT p.url, p.content_hash, p.source, p.encoding, p.content_type, p.body_gz
            FROM raw.pages p
            WHERE EXISTS (SELECT 1 FROM raw.articles a WHERE a.url = p.url AND a.content_hash = p.content_hash)
            ORDER BY p.url
            """
        ).fetchall()
        for url, content_hash, source_name, encoding, content_type, body_gz in pages:
            totals["pages"] += 1
            source = registry.get(source_name)
            selectors = source.selectors if source else None
            try:
                article = _article_of_page(gzip.decompress(body_gz), url, encoding, content_type, selectors)
            except Exception as exc:  # a page the new parser cannot read keeps its old article row
                log.warning("cannot re-parse %s: %s", url, exc)
                totals["unparsable"] += 1
                continue
            if not article.body_text:
                totals["unparsable"] += 1
                continue
            changed = con.execute(
                """
                UPDATE raw.articles SET title = ?, published = ?, language = ?, body_text = ?, clean_text = ?,
                                        loaded_at = ?, run_id = ?
                WHERE article_id = ? AND (body_text <> ? OR title IS DISTINCT FROM ? OR published IS DISTINCT FROM ?)
                RETURNING article_id
                """,
                [
                    article.title,
                    article.published,
                    article.language,
                    article.body_text,
                    textprep.clean_text(article.body_text),
                    datetime.now(UTC).replace(tzinfo=None),
                    run_id,
                    warehouse.key(url, content_hash),
                    article.body_text,
                    article.title,
                    article.published,
                ],
            ).fetchall()
            totals["changed"] += len(changed)
    log.info("re-parsed: %s", totals)
    return totals


def _article_of_page(
    body: bytes, url: str, encoding: str | None, content_type: str | None, selectors: Selectors | None
) -> ParsedArticle:
    """A stored page as an article again: parsed HTML, or the rendering of a statistics API's answer."""
    from provind.crawl import api as crawl_api
    from provind.crawl import parse
    from provind.stats import is_data_answer

    if is_data_answer(content_type, body):
        return crawl_api.article_from_answer(json.loads(body.decode("utf-8-sig")), url)
    return parse.parse_article(body, url, encoding, selectors)


# ---------------------------------------------------------------- run metadata and summary

RUNS_DDL = """
CREATE SCHEMA IF NOT EXISTS meta;
CREATE TABLE IF NOT EXISTS meta.runs (
    run_id             VARCHAR PRIMARY KEY,
    logical_date       VARCHAR,
    sources_crawled    INTEGER,
    pages_fetched      INTEGER,
    pages_not_modified INTEGER,
    pages_failed       INTEGER,
    articles_new       INTEGER,
    articles_total     INTEGER,
    mentions_total     INTEGER,
    quarantined_rows   INTEGER,
    quarantined_by_reason JSON,
    gates_passed       BOOLEAN,
    gate_outcomes      JSON,
    dbt_nodes          INTEGER,
    dbt_failures       INTEGER,
    published_at       TIMESTAMP,
    summary            JSON
);
-- Added with run statuses; older warehouses get them here. A row of an older release has no
-- status: it is settled like a 'publishing' one, against the published file.
--   status: 'publishing' (recorded, publication under way), 'published' (the published file is
--   this run's: published_at is set), 'failed' (nothing of the run was published)
ALTER TABLE meta.runs ADD COLUMN IF NOT EXISTS status VARCHAR;
ALTER TABLE meta.runs ADD COLUMN IF NOT EXISTS failed_step VARCHAR;
ALTER TABLE meta.runs ADD COLUMN IF NOT EXISTS failed_checks JSON;
ALTER TABLE meta.runs ADD COLUMN IF NOT EXISTS failure_reasons JSON;
ALTER TABLE meta.runs ADD COLUMN IF NOT EXISTS recorded_at TIMESTAMP;
"""

# The chain of the nightly DAG, in order: the first of them that failed is the step a failed run names.
# (A crawl of one source may fail without stopping the night: `land` runs whatever happened.)
CHAIN_STEPS = ("list_sources", "land", "extract", "gate_raw", "dbt_build", "gate_marts", "publish")
GATE_STEP_OF_SUITE = {"raw_articles": "gate_raw", "raw_mentions": "gate_raw", "crawl_volume": "gate_raw"}
KILLED_PUBLISH = (
    "the publication was interrupted before the published file was replaced: the previous marts stayed published"
)


def run_metadata(con, run_id: str, progress: dict[str, Any]) -> dict[str, Any]:
    """The facts of one run, as published in `meta.runs`: what was crawled, landed, held back, built."""

    def one(sql: str, params: list | None = None) -> Any:
        return con.execute(sql, params or []).fetchone()[0]

    fetches = dict(
        con.execute(
            "SELECT outcome, count(*) FROM raw.fetch_log WHERE run_id = ? GROUP BY outcome", [run_id]
        ).fetchall()
    )
    has_quarantine = one(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'raw' AND table_name = 'quarantine'"
    )
    by_reason = (
        dict(
            con.execute(
                "SELECT check_name, count(*) FROM raw.quarantine WHERE released_at IS NULL GROUP BY 1 ORDER BY 1"
            ).fetchall()
        )
        if has_quarantine
        else {}
    )
    has_dbt = _has_table(con, "meta", "dbt_results")
    dbt = (
        con.execute(
            # the run's last dbt build (a cleared and re-run `dbt_build` adds another invocation);
            # exposures come back from `dbt build` as 'no-op': documentation, not nodes that ran;
            # a skipped node is one an earlier failure kept from building
            "SELECT count(*) FILTER (WHERE status <> 'no-op'),"
            " count(*) FILTER (WHERE status IN ('error', 'fail', 'runtime error', 'skipped'))"
            " FROM meta.dbt_results WHERE run_id = ? AND invocation_id = ("
            "   SELECT invocation_id FROM meta.dbt_results WHERE run_id = ?"
            "   ORDER BY finished_at DESC LIMIT 1)",
            [run_id, run_id],
        ).fetchone()
        if has_dbt
        else (0, 0)
    )
    return {
        "sources_crawled": one("SELECT count(DISTINCT source) FROM raw.fetch_log WHERE run_id = ?", [run_id]),
        "pages_fetched": fetches.get("ok", 0),
        "pages_not_modified": fetches.get("not_modified", 0),
        "pages_failed": fetches.get("error", 0),
        "articles_new": one("SELECT count(*) FROM raw.articles WHERE run_id = ?", [run_id]),
        "articles_total": one("SELECT count(*) FROM raw.articles"),
        "mentions_total": one("SELECT count(*) FROM raw.mentions"),
        "quarantined_rows": sum(by_reason.values()),
        "quarantined_by_reason": by_reason,
        "gates_passed": all(g.get("success") for g in progress.get("gates", [])),
        "gate_outcomes": progress.get("gates", []),
        "dbt_nodes": dbt[0],
        "dbt_failures": dbt[1],
    }


def _has_table(con, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database()"
            " AND table_schema = ? AND table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def record_run(
    con,
    run_id: str,
    logical_date: str,
    meta: dict[str, Any],
    summary: dict[str, Any],
    *,
    status: str = "publishing",
    published_at: datetime | None = None,
    failure: dict[str, Any] | None = None,
) -> None:
    """Keep one row per pipeline run in `meta.runs`, published alongside the marts.

    A run about to publish is recorded 'publishing': only `mark_published`, once the
    published file is in place, makes it 'published'. A failed run carries its step,
    its failed checks and the reasons in words.
    """
    failure = failure or {}
    con.execute(RUNS_DDL)
    con.execute("DELETE FROM meta.runs WHERE run_id = ?", [run_id])
    row = {
        "run_id": run_id,
        "logical_date": logical_date,
        **{k: meta[k] for k in ("sources_crawled", "pages_fetched", "pages_not_modified", "pages_failed")},
        **{k: meta[k] for k in ("articles_new", "articles_total", "mentions_total", "quarantined_rows")},
        "quarantined_by_reason": json.dumps(meta["quarantined_by_reason"], ensure_ascii=False),
        "gates_passed": meta["gates_passed"],
        "gate_outcomes": json.dumps(meta["gate_outcomes"], ensure_ascii=False, default=str),
        "dbt_nodes": meta["dbt_nodes"],
        "dbt_failures": meta["dbt_failures"],
        "published_at": published_at,
        "summary": json.dumps(summary, ensure_ascii=False, default=str),
        "status": status,
        "failed_step": failure.get("step"),
        "failed_checks": json.dumps(failure["checks"], ensure_ascii=False) if failure else None,
        "failure_reasons": json.dumps(failure["reasons"], ensure_ascii=False) if failure else None,
        "recorded_at": _utcnow(),
    }
    con.execute(
        f"INSERT INTO meta.runs ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
        list(row.values()),
    )


def mark_published(con, run_id: str, published_at: datetime | None) -> None:
    """The published file is this run's: say so in the warehouse too."""
    con.execute(
        "UPDATE meta.runs SET status = 'published', published_at = ?, failed_step = NULL, failed_checks = NULL,"
        " failure_reasons = NULL WHERE run_id = ?",
        [published_at, run_id],
    )


def reconcile_publications(con, target: Path | None = None) -> list[str]:
    """Settle the runs a killed publication left 'publishing', against the published file itself.

    A run the published file records as published was published (the process died just after
    the swap); any other was not: it is recorded failed at the publish step. Returns the runs settled.
    """
    con.execute(RUNS_DDL)
    pending = [
        r[0]
        for r in con.execute("SELECT run_id FROM meta.runs WHERE status IS NULL OR status = 'publishing'").fetchall()
    ]
    if not pending:
        return []
    published = published_runs(target)
    for run_id in pending:
        if run_id in published:
            mark_published(con, run_id, published[run_id])
        else:
            con.execute(
                "UPDATE meta.runs SET status = 'failed', published_at = NULL, failed_step = 'publish',"
                " failed_checks = '[]', failure_reasons = ? WHERE run_id = ?",
                [json.dumps([KILLED_PUBLISH]), run_id],
            )
            log.warning("run %s: %s", run_id, KILLED_PUBLISH)
    return pending


def published_runs(target: Path | None = None) -> dict[str, datetime | None]:
    """The runs the published file records as published, with their publication time."""
    import duckdb

    target = target or config.marts_path()
    if not target.exists():
        return {}
    with duckdb.connect(str(target), read_only=True) as con:
        columns = {
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'meta' AND table_name = 'runs'"
            ).fetchall()
        }
        if "run_id" not in columns:
            return {}
        # a file published before statuses existed holds only runs that went on to publish
        where = "WHERE status = 'published'" if "status" in columns else ""
        when = "published_at" if "published_at" in columns else "NULL"
        return dict(con.execute(f"SELECT run_id, {when} FROM meta.runs {where}").fetchall())


def last_published_run(target: Path | None = None) -> dict[str, Any] | None:
    """The run whose marts are published now: the newest published one."""
    runs = published_runs(target)
    if not runs:
        return None
    run_id = max(runs, key=lambda r: (runs[r] is not None, runs[r] or datetime.min))
    return {"run_id": run_id, "published_at": runs[run_id]}


def gate_outcomes(con, run_id: str) -> list[dict[str, Any]]:
    """The run's gate suites as `meta.gate_results` kept them, in the shape the gates return."""
    if not _has_table(con, "meta", "gate_results"):
        return []
    suites: dict[str, dict[str, Any]] = {}
    rows = con.execute(
        "SELECT suite, check_name, level, success, unexpected_count, reason FROM meta.gate_results"
        " WHERE run_id = ? ORDER BY checked_at, suite, check_name",
        [run_id],
    ).fetchall()
    for suite, check, level, success, unexpected, reason in rows:
        gate = suites.setdefault(suite, {"suite": suite, "success": True, "evaluated": 0, "failures": []})
        gate["evaluated"] += 1
        if not success:
            gate["failures"].append({"name": check, "level": level, "reason": reason, "unexpected_count": unexpected})
            gate["success"] = gate["success"] and level != "batch"
    return list(suites.values())


def failure_of(con, run_id: str, failed_tasks: Iterable[str], gates: list[dict[str, Any]]) -> dict[str, Any]:
    """Why a run did not publish: the step that failed, the failed checks, and the reasons in words."""
    failed = {"crawl" if re.fullmatch(r"crawl_\d+", t) else t for t in failed_tasks}  # mapped: crawl_<index>
    checks, reasons = [], []
    for gate in gates:
        for f in gate["failures"]:
            if f["level"] == "batch":
                checks.append(f"{gate['suite']}.{f['name']}")
                reasons.append(f"{gate['suite']}.{f['name']}: {f['reason']} ({f['unexpected_count']} rows)")
    reasons += _dbt_failures(con, run_id)
    step = next((s for s in CHAIN_STEPS if s in failed), None)
    if step is None and checks:
        step = GATE_STEP_OF_SUITE.get(checks[0].split(".")[0], "gate_marts")
    if step is None and any(r.startswith("dbt ") for r in reasons):
        step = "dbt_build"
    if not reasons:
        reasons.append(f"task {step} failed: see its log" if step else "the run failed: see the task logs")
    if "crawl" in failed:
        reasons.append("a source's crawl failed as well (its crawl task names it)")
    return {"step": step, "checks": checks, "reasons": reasons, "failed_tasks": sorted(failed_tasks)}


def _dbt_failures(con, run_id: str, limit: int = 5) -> list[str]:
    """The nodes that failed in the run's last dbt build, as reasons."""
    if not _has_table(con, "meta", "dbt_results"):
        return []
    rows = con.execute(
        "SELECT unique_id, status, message FROM meta.dbt_results WHERE run_id = ?"
        " AND status IN ('error', 'fail', 'runtime error') AND invocation_id = ("
        "   SELECT invocation_id FROM meta.dbt_results WHERE run_id = ? ORDER BY finished_at DESC LIMIT 1)"
        " ORDER BY unique_id",
        [run_id, run_id],
    ).fetchall()
    reasons = [f"dbt {uid} {status}: {(message or '').strip()[:200]}" for uid, status, message in rows[:limit]]
    if len(rows) > limit:
        reasons.append(f"dbt: {len(rows) - limit} more failed nodes (meta.dbt_results)")
    return reasons


def format_summary(summary: dict[str, Any]) -> str:
    """The few lines a person reads at the end of `make run`: what this run did, and whether it published."""
    meta = summary.get("meta", {})
    failed = summary.get("status") == "failed"
    title = "provind run summary: FAILED" if failed else "provind run summary"
    lines = ["", title, "=" * len(title)]
    lines.append(f"run id             {summary.get('run_id')}")
    if failed:
        failure = summary.get("failure") or {}
        previous = summary.get("previous")
        kept = (
            f"the marts of run {previous['run_id']} (published {previous['published_at']}) stay published"
            if previous
            else "no marts had been published before"
        )
        lines.append(f"status             FAILED at {failure.get('step') or 'an unknown step'}: nothing published")
        lines.append(f"                   {kept}")
        lines.append("reasons:")
        lines += [f"  - {reason}" for reason in failure.get("reasons") or ["unknown: see the task logs"]]
    elif summary.get("published_at"):
        lines.append(f"status             published at {summary['published_at']}")
    for crawl_summary in summary.get("crawl", []):
        fetches = ", ".join(f"{k} {v}" for k, v in sorted(crawl_summary.get("fetches", {}).items()))
        failed = " FAILED: " + crawl_summary["error"].splitlines()[0] if crawl_summary.get("error") else ""
        lines.append(f"crawled {crawl_summary['source']:<11} {fetches} in {crawl_summary.get('seconds')} s{failed}")
    if not summary.get("crawl") and meta.get("sources_crawled"):  # a failed run: from the fetch log
        lines.append(
            f"crawled            {meta['sources_crawled']} sources: {meta.get('pages_fetched', 0)} fetched, "
            f"{meta.get('pages_not_modified', 0)} not modified, {meta.get('pages_failed', 0)} failed"
        )
    lines.append(
        f"landed             {meta.get('articles_new', 0)} new articles "
        f"({meta.get('articles_total', 0)} in all), {meta.get('mentions_total', 0)} mentions"
    )
    held = meta.get("quarantined_rows", 0)
    reasons = ", ".join(f"{k} {v}" for k, v in meta.get("quarantined_by_reason", {}).items())
    lines.append(f"quarantined        {held} rows{' (' + reasons + ')' if reasons else ''}")
    for gate in summary.get("gates", []):
        findings = len(gate.get("failures", []))
        state = "passed" if gate["success"] else "FAILED"
        lines.append(
            f"gate {gate['suite']:<30} {state}, {gate['evaluated']} checks"
            f"{f', {findings} with findings' if findings else ''}"
        )
    lines.append(f"dbt                {meta.get('dbt_nodes', 0)} nodes, {meta.get('dbt_failures', 0)} failures")
    lines.extend(summary.get("freshness", {}).get("lines", []))  # provind.dbt_freshness: stale sources named
    if failed:
        lines.append("published marts:   none from this run (its failure is recorded in meta.runs)")
    else:
        lines.append("published marts:")
        for table, count in sorted(summary.get("published", {}).items()):
            lines.append(f"  {table:<34} {count:>6} rows")
    lines.append(f"marts database     {config.marts_path()}")
    lines.append(f"warehouse          {config.warehouse_path()}")
    lines.append(f"reports            {config.data_dir() / 'reports'}")
    return "\n".join(lines)


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _write_summary(summary: dict[str, Any]) -> str:
    text = format_summary(summary)
    report_dir = config.data_dir() / "reports"
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "run_summary.txt").write_text(text + "\n", encoding="utf-8")
    (report_dir / "run_summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    log.info("%s", text)
    return text


# ---------------------------------------------------------------- publish


def finish_run(run_id: str, logical_date: str, progress: dict[str, Any]) -> dict[str, Any]:
    """Record the run, publish the audited marts atomically, and write the run summary.

    The new published file carries this run's row already marked published; the warehouse
    marks it so only after the file is in place. A publication killed before the swap leaves
    the old file and a 'publishing' row, which the next run settles as failed.
    """
    from provind import publish

    summary = {**progress, "run_id": run_id, "logical_date": logical_date}
    with warehouse.connect() as con:
        reconcile_publications(con)
        summary["meta"] = run_metadata(con, run_id, progress)
        summary["marts"] = warehouse.table_counts(con, "marts")
        record_run(con, run_id, logical_date, summary["meta"], summary, status="publishing")
    published_at = _utcnow()
    summary["published"] = publish.publish(run_id=run_id, published_at=published_at)
    with warehouse.connect() as con:
        mark_published(con, run_id, published_at)
    summary.update(status="published", published_at=published_at)
    _write_summary(summary)
    return summary


def record_failed_run(run_id: str, logical_date: str, failed_tasks: Iterable[str] = ()) -> dict[str, Any]:
    """Record a run that did not publish, and make its failure visible where people look.

    `meta.runs` gets the run with status 'failed', its failed step, checks and reasons; the
    meta schema is published beside the marts already published (which stay as they were);
    `run_summary.txt` says FAILED, with the reasons, and names the run whose marts stay.
    `failed_tasks` are the task ids Airflow reports failed, to name the step.
    """
    from provind import publish

    with warehouse.connect() as con:
        reconcile_publications(con)
        status = con.execute("SELECT status FROM meta.runs WHERE run_id = ?", [run_id]).fetchone()
        if status and status[0] == "published":  # the swap happened: only a later step failed
            log.info("run %s was published: nothing to record as failed", run_id)
            return {"run_id": run_id, "status": "published"}
        gates = gate_outcomes(con, run_id)
        failure = failure_of(con, run_id, failed_tasks, gates)
        summary: dict[str, Any] = {"gates": gates, "run_id": run_id, "logical_date": logical_date}
        summary.update(status="failed", failure=failure, meta=run_metadata(con, run_id, {"gates": gates}))
        record_run(con, run_id, logical_date, summary["meta"], summary, status="failed", failure=failure)
    summary["previous"] = last_published_run()
    summary["published_meta"] = publish.publish_meta()
    _write_summary(summary)
    return summary
