"""The expectation suites, one function per table. Each returns a list of GX expectations."""

from __future__ import annotations

import great_expectations as gx

E = gx.expectations

KINDS = ["count", "amount", "ratio", "growth", "rank", "density", "other"]
APPROX = ["exact", "at_least", "about", "at_most"]
PERIOD_PATTERN = r"^\d{4}(-\d{2})?(\.\.\d{4}(-\d{2})?)?$"
REGION_CODE_PATTERN = r"^\d{6}$"


def raw_mentions() -> list:
    """What every extracted mention must satisfy before dbt may build on it."""
    return [
        *[E.ExpectColumnToExist(column=c) for c in ("mention_id", "article_id", "quote", "value", "unit", "kind")],
        E.ExpectTableRowCountToBeBetween(min_value=1),
        E.ExpectColumnValuesToBeUnique(column="mention_id"),
        *[
            E.ExpectColumnValuesToNotBeNull(column=c)
            for c in ("mention_id", "article_id", "quote", "value", "kind", "approx", "indicator")
        ],
        E.ExpectColumnValuesToBeInSet(column="kind", value_set=KINDS),
        E.ExpectColumnValuesToBeInSet(column="approx", value_set=APPROX),
        E.ExpectColumnValuesToMatchRegex(column="region_code", regex=REGION_CODE_PATTERN),
        E.ExpectColumnValuesToMatchRegex(column="period", regex=PERIOD_PATTERN),
        *_per_kind_ranges(),
    ]


def fct_indicator_observation() -> list:
    """The published fact table: every figure keyed, quoted and traceable to its article."""
    return [
        E.ExpectTableRowCountToBeBetween(min_value=1),
        E.ExpectColumnValuesToBeUnique(column="observation_key"),
        *[
            E.ExpectColumnValuesToNotBeNull(column=c)
            for c in (
                "observation_key", "article_id", "region_key", "indicator_key", "period_key",
                "value", "kind", "quote", "article_url",
            )
        ],
        E.ExpectColumnValuesToBeInSet(column="kind", value_set=KINDS),
        *_per_kind_ranges(),
    ]


def _per_kind_ranges() -> list:
    """Ratios are levels in percent, counts and amounts cannot be negative, ranks start at 1."""
    return [
        E.ExpectColumnValuesToBeBetween(
            column="value", min_value=0, max_value=100, row_condition='kind=="ratio"', condition_parser="pandas"
        ),
        E.ExpectColumnValuesToBeBetween(
            column="value", min_value=0, row_condition='kind in ["count", "amount", "density"]',
            condition_parser="pandas",
        ),
        E.ExpectColumnValuesToBeBetween(
            column="value", min_value=1, row_condition='kind=="rank"', condition_parser="pandas"
        ),
    ]


SUITES = {
    "raw_mentions": raw_mentions,
    "fct_indicator_observation": fct_indicator_observation,
}
