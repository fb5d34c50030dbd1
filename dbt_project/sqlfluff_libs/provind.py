"""Stand-ins for the project's macros (`{{ provind.NAME(...) }}`) when sqlfluff renders a model
with its jinja templater (dbt_project/.sqlfluff: `library_path`). Each returns SQL of the same
shape as the real macro, so sqlfluff parses and lints the model around it; what the macro
computes does not matter to the linter. A model calling a macro missing here fails `sqlfluff
lint` with "Undefined jinja template variable": add a stand-in."""

from __future__ import annotations


def surrogate_key(expressions: list[str]) -> str:
    return "md5(" + " || '|' || ".join(f"coalesce(cast({e} as varchar), '_null_')" for e in expressions) + ")"


def figure_key() -> str:
    return surrogate_key(["region_code", "period", "indicator_code", "subject", "value", "unit", "kind", "is_target"])


def key_hash(expression: str) -> str:
    return f"hash({expression})"


def ranked_article_versions(only_urls: str | None = None) -> str:
    return "select article_id, url, published, fetched_at, loaded_at, is_latest_version from stg_raw__articles"


def quarantine_relation() -> str:
    # truthy, so the quarantine branch of the staging models is linted too
    return "raw_quarantine"


def tested_rows(relation: object, check: str = "rows", key_columns: list[str] | None = None) -> str:
    return str(relation)


def articles_rebuild() -> bool:
    return False


def observations_rebuild() -> bool:
    return False


# observation_logic.sql: each returns a whole query, as the real macro does
def deduplicate_mentions(only_figures: str | None = None, only_mentions: str | None = None) -> str:
    where = f" where figure_key in (select observation_key from {only_figures})" if only_figures else ""
    return f"select figure_key, mention_id, article_id, published, source_changed_at from current_mentions{where}"


def map_mentions(figures: str, periods: object = None) -> str:
    return f"select figure_key as observation_key, mention_id, article_id, region_key from {figures}"


# period_endpoint.sql and month_end.sql: each returns an expression
def period_endpoint_kind(endpoint: str) -> str:
    return f"case when {endpoint} is not null then 'year' end"


def period_endpoint_start(endpoint: str) -> str:
    return f"cast({endpoint} as date)"


def period_endpoint_end(endpoint: str) -> str:
    return f"cast({endpoint} as date)"


def month_end(date_expression: str) -> str:
    return f"cast({date_expression} as date)"


# incremental_marts.sql: a row filter on a BI mart's partition
def in_touched_partitions(key_columns: list[str], relation: str) -> str:
    columns = ", ".join(f"{relation}.{c}" for c in key_columns)
    return f"({columns}) in (select {', '.join(key_columns)} from touched_partitions)"


# postgres_indexes.sql: a model's `indexes` config (none on DuckDB)
def postgres_indexes(indexes: list[dict]) -> list[dict]:
    return []
