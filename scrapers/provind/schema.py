"""Every table the pipeline writes itself, in one place: the writers and the tests read it from here.

dbt builds the rest (`dbt_project/`); its sources (`models/staging/_sources.yml`) describe
these tables for dbt. Each DDL is idempotent (`IF NOT EXISTS`) and ends with the `ALTER`s
that bring a warehouse of an older release up to date, so opening it is the migration.

- `RAW_DDL`: the immutable raw schema (`provind.land`, `provind.extract.step`).
- `META_DDL`: the quarantine and the gate results (`provind.gates`, `provind.quarantine`).
- `RUNS_DDL`: one row per run (`provind.publish.runs`).
- `PROGRESS_DDL`: how far each extraction job has come, to carry on after a kill (`provind.reextract`).
"""

RAW_DDL = """
CREATE SCHEMA IF NOT EXISTS raw;

CREATE TABLE IF NOT EXISTS raw.pages (
    url           VARCHAR NOT NULL,
    content_hash  VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    fetched_at    TIMESTAMP NOT NULL,
    http_status   INTEGER,
    content_type  VARCHAR,
    encoding      VARCHAR,
    body_gz       BLOB NOT NULL,
    PRIMARY KEY (url, content_hash)
);

CREATE TABLE IF NOT EXISTS raw.fetch_log (
    fetch_id      VARCHAR PRIMARY KEY,
    run_id        VARCHAR NOT NULL,
    source        VARCHAR NOT NULL,
    url           VARCHAR NOT NULL,
    kind          VARCHAR,
    fetched_at    TIMESTAMP NOT NULL,
    http_status   INTEGER,
    outcome       VARCHAR NOT NULL,
    error         VARCHAR,
    attempts      INTEGER,
    bytes         BIGINT,
    content_hash  VARCHAR
);

CREATE TABLE IF NOT EXISTS raw.articles (
    article_id          VARCHAR PRIMARY KEY,
    url                 VARCHAR NOT NULL,
    source              VARCHAR NOT NULL,
    publisher           VARCHAR,
    source_region_code  VARCHAR,
    title               VARCHAR,
    published           DATE,
    language            VARCHAR,
    content_hash        VARCHAR NOT NULL,
    body_text           VARCHAR NOT NULL,
    clean_text          VARCHAR NOT NULL,
    fetched_at          TIMESTAMP NOT NULL,
    loaded_at           TIMESTAMP NOT NULL,
    run_id              VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS raw.mentions (
    mention_id         VARCHAR PRIMARY KEY,
    article_id         VARCHAR NOT NULL,
    seq                INTEGER NOT NULL,
    start_offset       INTEGER NOT NULL,
    end_offset         INTEGER NOT NULL,
    quote              VARCHAR NOT NULL,
    sentence           VARCHAR,
    subject            VARCHAR,
    value              DECIMAL(38, 6),
    unit               VARCHAR,
    kind               VARCHAR,
    approx             VARCHAR,
    is_target          BOOLEAN,
    region             VARCHAR,
    region_code        VARCHAR,
    period             VARCHAR,
    indicator          VARCHAR,
    extractor_version  VARCHAR NOT NULL,
    extracted_at       TIMESTAMP NOT NULL,
    run_id             VARCHAR,
    region_source      VARCHAR  -- text | title | publisher | successor | unresolved (NULL: a table cell)
);
-- Every other URL an article was found under (a pinned `?from=index` copy, a page whose
-- rel=canonical names the article, the same text at a second path): one article, one row.
CREATE TABLE IF NOT EXISTS raw.article_urls (
    source       VARCHAR NOT NULL,
    url          VARCHAR NOT NULL,
    article_url  VARCHAR NOT NULL,   -- raw.articles.url (every version of the article)
    first_seen   TIMESTAMP NOT NULL,
    run_id       VARCHAR NOT NULL,
    PRIMARY KEY (source, url)
);

-- Added after the first release: databases created before it get the columns here.
ALTER TABLE raw.mentions ADD COLUMN IF NOT EXISTS run_id VARCHAR;
ALTER TABLE raw.mentions ADD COLUMN IF NOT EXISTS region_source VARCHAR;
"""

META_DDL = """
CREATE SCHEMA IF NOT EXISTS meta;
CREATE TABLE IF NOT EXISTS raw.quarantine (
    table_name       VARCHAR NOT NULL,
    row_id           VARCHAR NOT NULL,
    check_name       VARCHAR NOT NULL,
    reason           VARCHAR NOT NULL,
    first_run_id     VARCHAR NOT NULL,
    last_run_id      VARCHAR NOT NULL,
    quarantined_at   TIMESTAMP NOT NULL,
    released_at      TIMESTAMP,
    released_run_id  VARCHAR,
    PRIMARY KEY (table_name, row_id, check_name)
);
-- Added with deliberate releases and batch holds (provind.quarantine); older warehouses get them here.
-- level: 'row' (the row failed a row check) or 'batch' (held with a batch that failed a batch check).
-- row_hash: the row's content when it was last held or released: a deliberate release lasts while it holds.
ALTER TABLE raw.quarantine ADD COLUMN IF NOT EXISTS level VARCHAR DEFAULT 'row';
ALTER TABLE raw.quarantine ADD COLUMN IF NOT EXISTS row_hash VARCHAR;
ALTER TABLE raw.quarantine ADD COLUMN IF NOT EXISTS released_by VARCHAR;
ALTER TABLE raw.quarantine ADD COLUMN IF NOT EXISTS release_reason VARCHAR;
CREATE TABLE IF NOT EXISTS meta.gate_results (
    run_id            VARCHAR NOT NULL,
    suite             VARCHAR NOT NULL,
    check_name        VARCHAR NOT NULL,
    level             VARCHAR NOT NULL,
    success           BOOLEAN NOT NULL,
    unexpected_count  BIGINT,
    reason            VARCHAR,
    expectation       VARCHAR,
    column_name       VARCHAR,
    examples          VARCHAR,
    checked_at        TIMESTAMP NOT NULL
);
"""

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

PROGRESS_DDL = """
CREATE SCHEMA IF NOT EXISTS meta;
CREATE TABLE IF NOT EXISTS meta.reextract_progress (
    job_id             VARCHAR PRIMARY KEY,
    extractor_version  VARCHAR NOT NULL,
    scope              VARCHAR NOT NULL,    -- 'all' | 'pending'
    run_id             VARCHAR NOT NULL,    -- the run that started the job
    status             VARCHAR NOT NULL,    -- 'running' | 'done' | 'superseded'
    started_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL,
    finished_at        TIMESTAMP,
    articles_total     BIGINT NOT NULL,     -- the articles in scope when the job started
    articles_done      BIGINT NOT NULL,
    chars_done         BIGINT NOT NULL,
    mentions           BIGINT NOT NULL,
    table_cells        BIGINT NOT NULL,
    last_article_id    VARCHAR NOT NULL     -- keyset cursor: every article up to it is extracted
);
"""
