# ruff: noqa: E712  (GX row conditions are built with `== True` / `== False`)
"""The expectation suites, as code.

Every suite is a list of `Check`s. A check is one GX expectation plus what a
failure means:

- `row`: the failing rows are quarantined (kept, with the check and the reason)
  and everything else carries on;
- `batch`: the batch is wrong as a whole; nothing downstream is published;
- `warn`: reported in the run summary and metadata, but publication goes on.

The DataFrames come from `provind_expectations.derived`, which computes in DuckDB the
derived columns the checks read (`within_bounds`, `period_after_publication`,
`off_peers`, `scale_slip`, ...) with the thresholds of `provind_expectations.thresholds`
and the per-indicator bounds of the indicator catalog (`provind_expectations.bounds`). A
check with an `explain` gives each failing row its own reason
(`provind_expectations.explain`), which is what `raw.quarantine` keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import great_expectations as gx
from great_expectations.expectations.row_conditions import Column

from provind_expectations import explain

E = gx.expectations
Level = Literal["row", "batch", "warn"]

KINDS = ["count", "amount", "ratio", "growth", "rank", "density", "other"]
APPROX = ["exact", "at_least", "about", "at_most"]
PERIOD_PATTERN = r"^\d{4}(?:-\d{2})?(?:\.\.\d{4}(?:-\d{2})?)?$"
REGION_CODE_PATTERN = r"^\d{6}$"

# Thresholds a data engineer may want to tune, in one place.
MAX_QUARANTINED_SHARE = 0.2  # more than this share of mentions quarantined: the batch is suspect
MAX_UNPARSED_SHARE = 0.5  # more than this share of article fetches failing in one night: stop
# Plausibility thresholds (bounds, peers, wholes, history, slips): `provind_expectations.thresholds`.


@dataclass(frozen=True)
class Check:
    name: str
    level: Level
    reason: str
    expectation: Any
    explain: Callable[[Mapping[str, Any]], str] | None = None  # one failing row's own reason


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
        *within_bounds(),
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
            explain=lambda row: (
                "a place named in the text that did not exist in the figure's year and has no unambiguous"
                f" successor (it is not given the publisher's region): {row['unresolved_place']}"
            ),
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
        *plausibility(),
    ]


def within_bounds() -> list[Check]:
    """A figure within its indicator's range (catalog columns min_value/max_value, else its kind's default)."""
    return [
        Check(
            # the ratio check keeps the name it always had: dashboards and runbooks refer to it
            "ratio_within_0_100" if kind == "ratio" else f"{kind}_within_bounds",
            "row",
            f"a {kind} outside its indicator's plausible range (indicator catalog, else the {kind} default)",
            E.ExpectColumnValuesToBeInSet(
                column="within_bounds", value_set=[True], row_condition=Column("kind") == kind
            ),
            explain=explain.bounds,
        )
        for kind in KINDS
    ]


def plausibility() -> list[Check]:
    """A figure against time, its whole, its peers and its own history (see `provind_expectations.derived`)."""
    return [
        Check(
            "period_not_after_publication",
            "row",
            "a reported result for a period that had not ended when the article was published",
            E.ExpectColumnValuesToBeInSet(column="period_after_publication", value_set=[False]),
            explain=explain.period,
        ),
        Check(
            "no_scale_slip",
            "row",
            "a figure off its peers, its whole or its history by orders of magnitude that fits once "
            "multiplied or divided by 10⁴ or 10⁸ (a 万/亿 slip)",
            E.ExpectColumnValuesToBeInSet(column="scale_slip", value_set=[False]),
            explain=explain.slip,
        ),
        Check(
            "part_not_larger_than_whole",
            "row",
            "an additive figure larger than its parent region's for the same indicator and period",
            E.ExpectColumnValuesToBeInSet(column="part_larger_than_whole", value_set=[False]),
            explain=explain.part_whole,
        ),
        Check(
            "in_line_with_peers",
            "row",
            "a figure orders of magnitude off the median of the other regions under the same parent",
            E.ExpectColumnValuesToBeInSet(column="off_peers", value_set=[False]),
            explain=explain.peers,
        ),
        Check(
            "no_order_of_magnitude_jump",
            "row",
            "a figure further from its region's own history than the indicator's max_growth allows",
            E.ExpectColumnValuesToBeInSet(column="off_history", value_set=[False]),
            explain=explain.history,
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
            f"more than {MAX_QUARANTINED_SHARE:.0%} of the mentions under review"
            " (this run's, and any held with a failed batch) held back",
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


# Gate 2's findings (`provind_expectations.derived.marts_findings`): only what dbt's tests and contracts
# cannot see. Keys, relationships, accepted values and quotes are dbt's (dbt_project/models/marts/).
MARTS_FINDINGS = {
    "marts_not_empty": "a published table with no row",
    "no_quarantined_figure_published": "a published figure that gate 1 holds in quarantine",
    "figures_audited_by_gate_1": "a published figure extracted after gate 1 last validated raw.mentions",
}


def marts() -> list[Check]:
    """The marts as dbt built them, before publication: every finding here stops the night."""
    return [
        Check(
            name,
            "batch",
            reason,
            E.ExpectColumnValuesToBeBetween(
                column="violations", max_value=0, row_condition=Column("check_name") == name
            ),
            explain=explain.finding,
        )
        for name, reason in MARTS_FINDINGS.items()
    ]


SUITES: dict[str, Any] = {
    "raw_articles": raw_articles,
    "raw_mentions": raw_mentions,
    "raw_mentions_after_quarantine": raw_mentions_after_quarantine,
    "crawl_volume": crawl_volume,
    "marts": marts,
}
