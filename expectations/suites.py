# ruff: noqa: E712  (GX row conditions are built with `== True` / `== False`)
"""The expectation suites, as code.

Every suite is a list of `Check`s. A check is one GX expectation plus what a
failure means:

- `row`: the failing rows are quarantined (kept, with the check and the reason)
  and everything else carries on;
- `batch`: the batch is wrong as a whole; nothing downstream is published;
- `warn`: reported in the run summary and metadata, but publication goes on.

The DataFrames are prepared by `provind.gates`, which adds the derived columns
the checks read (`region_known`, `unresolved_place`, `published_in_future`,
`history_ratio`, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import great_expectations as gx
from great_expectations.expectations.row_conditions import Column

E = gx.expectations
Level = Literal["row", "batch", "warn"]

KINDS = ["count", "amount", "ratio", "growth", "rank", "density", "other"]
APPROX = ["exact", "at_least", "about", "at_most"]
PERIOD_PATTERN = r"^\d{4}(?:-\d{2})?(?:\.\.\d{4}(?:-\d{2})?)?$"
REGION_CODE_PATTERN = r"^\d{6}$"

# Thresholds a data engineer may want to tune, in one place.
MAX_QUARANTINED_SHARE = 0.2  # more than this share of mentions quarantined: the batch is suspect
MAX_UNPARSED_SHARE = 0.5  # more than this share of article fetches failing in one night: stop
MAX_JUMP = 10.0  # a value ten times its own history (or a tenth of it) is held back
MAX_DENSITY = 100_000  # per 10 000 people: anything above is not a density


@dataclass(frozen=True)
class Check:
    name: str
    level: Level
    reason: str
    expectation: Any
    # A row's quarantine reason ends with the failing value itself (`…: 莱芜市 in 2023`).
    reason_names_value: bool = False


def raw_mentions() -> list[Check]:
    """Every extracted figure, before dbt builds on it. Row-level checks quarantine single figures."""
    return [
        *[
            Check(
                f"column_{c}_exists",
                "batch",
                f"raw.mentions has no column {c}",
                E.ExpectColumnToExist(column=c),
            )
            for c in ("mention_id", "article_id", "quote", "value", "unit", "kind", "region_code", "period")
        ],
        Check("has_rows", "batch", "no mention at all", E.ExpectTableRowCountToBeBetween(min_value=1)),
        Check(
            "mention_id_unique",
            "batch",
            "duplicate mention keys",
            E.ExpectColumnValuesToBeUnique(column="mention_id"),
        ),
        *[
            Check(f"{c}_not_null", "row", f"{c} is missing", E.ExpectColumnValuesToNotBeNull(column=c))
            for c in ("quote", "value", "kind", "unit")
        ],
        Check("kind_known", "row", "unknown kind", E.ExpectColumnValuesToBeInSet(column="kind", value_set=KINDS)),
        Check(
            "approx_known",
            "row",
            "unknown approximation",
            E.ExpectColumnValuesToBeInSet(column="approx", value_set=APPROX),
        ),
        *value_ranges("row"),
        Check(
            "rank_at_least_1",
            "row",
            "a rank below 1",
            E.ExpectColumnValuesToBeBetween(column="value", min_value=1, row_condition=Column("kind") == "rank"),
        ),
        Check(
            "density_plausible",
            "row",
            f"a density outside 0-{MAX_DENSITY} per 10 000 people",
            E.ExpectColumnValuesToBeBetween(
                column="value",
                min_value=0,
                max_value=MAX_DENSITY,
                row_condition=Column("kind") == "density",
            ),
        ),
        Check(
            "growth_not_below_minus_100",
            "row",
            "a decrease of more than 100%",
            E.ExpectColumnValuesToBeBetween(
                column="value",
                min_value=-100,
                row_condition=(Column("kind") == "growth") & (Column("unit") == "%"),
            ),
        ),
        Check(
            "region_code_format",
            "row",
            "a region code that is not six digits",
            E.ExpectColumnValuesToMatchRegex(column="region_code", regex=REGION_CODE_PATTERN),
        ),
        Check(
            "region_code_exists",
            "row",
            "a region code that does not exist in dim_region for the figure's year",
            E.ExpectColumnValuesToBeInSet(
                column="region_known",
                value_set=[True],
                row_condition=Column("has_region_code") == True,
            ),
        ),
        Check(
            "region_resolved",
            "row",
            "a place named in the text that did not exist in the figure's year and has no unambiguous successor",
            E.ExpectColumnValuesToBeNull(column="unresolved_place"),
            reason_names_value=True,
        ),
        Check(
            "period_format",
            "row",
            "a malformed period",
            E.ExpectColumnValuesToMatchRegex(column="period", regex=PERIOD_PATTERN),
        ),
        Check(
            "published_not_in_future",
            "row",
            "the article's publication date is in the future",
            E.ExpectColumnValuesToBeInSet(column="published_in_future", value_set=[False]),
        ),
        Check(
            "article_exists",
            "row",
            "the mention's article is not in raw.articles",
            E.ExpectColumnValuesToBeInSet(column="article_known", value_set=[True]),
        ),
        Check(
            "no_order_of_magnitude_jump",
            "row",
            f"the value jumps more than {MAX_JUMP:g}x against the indicator's own history in that region",
            E.ExpectColumnValuesToBeBetween(
                column="history_ratio",
                min_value=1 / MAX_JUMP,
                max_value=MAX_JUMP,
                row_condition=Column("has_history") == True,
            ),
        ),
    ]


def value_ranges(level: Level) -> list[Check]:
    """Ratios are levels in percent, counts and amounts cannot be negative: for raw rows and published facts."""
    return [
        Check(
            "ratio_within_0_100",
            level,
            "a ratio outside 0-100% (and its indicator does not allow more)",
            E.ExpectColumnValuesToBeBetween(
                column="value",
                min_value=0,
                max_value=100,
                row_condition=(Column("kind") == "ratio") & (Column("ratio_may_exceed_100") == False),
            ),
        ),
        Check(
            "count_amount_not_negative",
            level,
            "a negative count or amount",
            E.ExpectColumnValuesToBeBetween(
                column="value", min_value=0, row_condition=Column("kind").is_in(["count", "amount"])
            ),
        ),
    ]


def raw_articles() -> list[Check]:
    """Every landed article: its shape is a batch matter; gaps in what a page told us are warnings."""
    columns = ("article_id", "url", "title", "published", "content_hash", "clean_text", "source")
    return [
        *[
            Check(f"column_{c}_exists", "batch", f"raw.articles has no column {c}", E.ExpectColumnToExist(column=c))
            for c in columns
        ],
        Check("has_rows", "batch", "no article at all", E.ExpectTableRowCountToBeBetween(min_value=1)),
        Check(
            "article_id_unique", "batch", "duplicate article keys", E.ExpectColumnValuesToBeUnique(column="article_id")
        ),
        Check("url_not_null", "batch", "an article without its URL", E.ExpectColumnValuesToNotBeNull(column="url")),
        Check(
            "title_present", "warn", "an article page without a title", E.ExpectColumnValuesToNotBeNull(column="title")
        ),
        Check(
            "published_present",
            "warn",
            "an article page that gives no publication date",
            E.ExpectColumnValuesToNotBeNull(column="published"),
        ),
        Check(
            "text_not_empty",
            "warn",
            "an article whose clean text is shorter than 20 characters",
            E.ExpectColumnValueLengthsToBeBetween(column="clean_text", min_value=20),
        ),
        # body_is_boilerplate: provind.crawl.parse.looks_like_boilerplate(clean_text), added by gates.gate_raw.
        Check(
            "body_not_boilerplate",
            "warn",
            "an article whose body is the site's navigation bar, header or footer, not the article",
            E.ExpectColumnValuesToBeInSet(column="body_is_boilerplate", value_set=[False]),
        ),
    ]


def raw_mentions_after_quarantine() -> list[Check]:
    """Batch checks over the outcome of the row checks: too much held back means the batch is wrong."""
    return [
        Check(
            "quarantined_share",
            "batch",
            f"more than {MAX_QUARANTINED_SHARE:.0%} of this run's new mentions were quarantined",
            E.ExpectColumnMeanToBeBetween(column="passes_row_checks", min_value=1 - MAX_QUARANTINED_SHARE),
        ),
    ]


def crawl_volume() -> list[Check]:
    """One row per enabled source for this run: did the site answer, did its pages parse?"""
    return [
        Check(
            "source_list_reachable",
            "warn",
            "a source whose list pages yielded nothing this run",
            E.ExpectColumnValuesToBeBetween(column="list_pages_reachable", min_value=1),
        ),
        Check(
            "unparsed_share",
            "batch",
            f"more than {MAX_UNPARSED_SHARE:.0%} of a source's article fetches failed or did not parse",
            E.ExpectColumnValuesToBeBetween(column="unparsed_share", max_value=MAX_UNPARSED_SHARE),
        ),
    ]


def fct_indicator_observation() -> list[Check]:
    """The published fact table: every figure keyed, quoted and traceable to its article."""
    keys = (
        "observation_key",
        "article_id",
        "region_key",
        "indicator_key",
        "period_key",
        "value",
        "kind",
        "quote",
    )
    return [
        Check("has_rows", "batch", "an empty fact table", E.ExpectTableRowCountToBeBetween(min_value=1)),
        Check(
            "observation_key_unique",
            "batch",
            "duplicate facts",
            E.ExpectColumnValuesToBeUnique(column="observation_key"),
        ),
        *[
            Check(f"{c}_not_null", "batch", f"facts without {c}", E.ExpectColumnValuesToNotBeNull(column=c))
            for c in keys
        ],
        Check(
            "article_url_resolves",
            "batch",
            "facts whose article URL is missing",
            E.ExpectColumnValuesToNotBeNull(column="article_url"),
        ),
        Check(
            "region_resolves",
            "batch",
            "facts whose region key is not in dim_region",
            E.ExpectColumnValuesToBeInSet(column="region_found", value_set=[True]),
        ),
        Check(
            "indicator_resolves",
            "batch",
            "facts whose indicator key is not in dim_indicator",
            E.ExpectColumnValuesToBeInSet(column="indicator_found", value_set=[True]),
        ),
        Check(
            "period_resolves",
            "batch",
            "facts whose period key is not in dim_period",
            E.ExpectColumnValuesToBeInSet(column="period_found", value_set=[True]),
        ),
        Check(
            "kind_known",
            "batch",
            "unknown kind",
            E.ExpectColumnValuesToBeInSet(column="kind", value_set=KINDS),
        ),
        *value_ranges("batch"),
    ]


def dimension(key: str, not_null: tuple[str, ...]) -> list[Check]:
    """What every published dimension must hold: a unique, non-null key and its named attributes."""
    return [
        Check("has_rows", "batch", "an empty dimension", E.ExpectTableRowCountToBeBetween(min_value=1)),
        Check(f"{key}_unique", "batch", f"duplicate {key}", E.ExpectColumnValuesToBeUnique(column=key)),
        *[
            Check(f"{c}_not_null", "batch", f"{c} is missing", E.ExpectColumnValuesToNotBeNull(column=c))
            for c in (key, *not_null)
        ],
    ]


SUITES: dict[str, Any] = {
    "raw_articles": raw_articles,
    "raw_mentions": raw_mentions,
    "raw_mentions_after_quarantine": raw_mentions_after_quarantine,
    "crawl_volume": crawl_volume,
    "fct_indicator_observation": fct_indicator_observation,
    "dim_article": lambda: dimension("article_id", ("url", "content_hash")),
    "dim_region": lambda: dimension("region_key", ("region_code", "name", "level")),
    "dim_indicator": lambda: dimension("indicator_key", ("indicator_code", "name_zh")),
    "dim_period": lambda: dimension("period_key", ("period_code", "grain")),
    "dim_date": lambda: dimension("date_key", ()),  # the unknown member (-1) has no calendar day
}
