"""The derived columns the checks of `provind_expectations.suites` read, computed by DuckDB.

GX validates DataFrames; what a check compares (a figure against its catalog
bounds, its publication date, its whole, its peers and its own history) is
worked out here in SQL, next to the suites, with the thresholds of
`provind_expectations.thresholds` and the bounds of the indicator catalog
(`provind_expectations.bounds`). `provind.gates` only calls:

- `mentions_frame`: every raw mention with its flags, for gate 1's row checks;
- `marts_findings`: a handful of aggregate rows over what is about to be
  published, for gate 2.

The comparisons take every mention landed so far, from every source and every
run: a figure is judged against all that is known, not only against its night.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from provind_expectations import bounds
from provind_expectations.thresholds import (
    MIN_HISTORY,
    MIN_PEERS,
    PART_WHOLE_TOLERANCE,
    PEER_KINDS,
    PEER_MAX_FACTOR,
    PEER_MIN_FACTOR,
    SLIP_FIT_FACTOR,
    SLIP_MIN_SHARE,
    SLIP_POWERS,
    SUSPECT_WHOLE_PARTS,
)

# Periods are `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or ranges `A..B` of those (either side may be empty).
MACROS = r"""
CREATE OR REPLACE TEMP MACRO gate_endpoint_start(x) AS CASE
    WHEN regexp_full_match(x, '\d{4}') THEN try_strptime(x, '%Y')::DATE
    WHEN regexp_full_match(x, '\d{4}-\d{2}') THEN try_strptime(x, '%Y-%m')::DATE
    WHEN regexp_full_match(x, '\d{4}-\d{2}-\d{2}') THEN try_strptime(x, '%Y-%m-%d')::DATE
END;
CREATE OR REPLACE TEMP MACRO gate_endpoint_end(x) AS CASE
    WHEN regexp_full_match(x, '\d{4}') THEN make_date(try_cast(x AS INTEGER), 12, 31)
    WHEN regexp_full_match(x, '\d{4}-\d{2}') THEN last_day(try_strptime(x, '%Y-%m')::DATE)
    WHEN regexp_full_match(x, '\d{4}-\d{2}-\d{2}') THEN try_strptime(x, '%Y-%m-%d')::DATE
END;
CREATE OR REPLACE TEMP MACRO gate_period_start(p) AS
    gate_endpoint_start(CASE WHEN contains(p, '..') THEN split_part(p, '..', 1) ELSE p END);
CREATE OR REPLACE TEMP MACRO gate_period_end(p) AS
    gate_endpoint_end(CASE WHEN contains(p, '..') THEN split_part(p, '..', 2) ELSE p END);
"""


def _regions_csv() -> Path:
    from provind import config

    return config.REFERENCE_DIR / "regions.csv"


def _prepare(con, regions_csv: Path | None, catalog_csv: Path | None) -> str:
    """Macros, the bounds table, and the `regions` CTE text (every version of every code)."""
    con.execute("SET enable_progress_bar = false")
    con.execute(MACROS)
    bounds.register(con, path=catalog_csv)
    path = str(regions_csv or _regions_csv()).replace("'", "''")
    return f"""
        regions AS (
            SELECT region_code AS code, name, level, nullif(parent_code, '') AS parent_code,
                   nullif(province_code, '') AS province_code, valid_from::DATE AS valid_from,
                   try_cast(nullif(valid_to, '') AS DATE) AS valid_to
            FROM read_csv('{path}', header = true, all_varchar = true)
        )"""


def _bounded_and_placed(source: str) -> str:
    """CTEs `bounded` (bounds joined by indicator and kind) and `placed` (+ the region version) over `source`.

    `source` must give: row_id, article_id, published, arrived_at (when it landed), indicator, kind,
    unit, value, period, target, region_code, figure_year.
    """
    measure = bounds.MEASURE_SQL.format(kind="s.kind", unit="s.unit", value="s.value")
    return f"""
        bounded AS (
            SELECT s.*, {measure} AS measure,
                   coalesce(c.min_value, CASE WHEN c.kind IS NULL THEN d.min_value END) AS min_allowed,
                   coalesce(c.max_value, CASE WHEN c.kind IS NULL THEN d.max_value END) AS max_allowed,
                   CASE WHEN c.kind IS NULL THEN d.max_growth ELSE c.max_growth END AS max_growth,
                   coalesce(CASE WHEN c.kind IS NULL THEN d.additive ELSE c.additive END, false) AS additive,
                   coalesce(c.bound_source, 'kind default') AS bound_source,
                   c.indicator_name
            FROM {source} s
            LEFT JOIN gate_bounds c ON c.indicator_code = s.indicator AND c.kind = s.kind
            LEFT JOIN gate_bounds d ON d.indicator_code IS NULL AND d.kind = s.kind
        ),
        placed AS (
            -- the version of the region valid in the figure's year, else its latest
            SELECT b.*, r.name AS region_name, r.level AS region_level, r.parent_code, r.province_code,
                   (b.measure IS NULL) IS NOT TRUE
                   AND (b.min_allowed IS NULL OR b.measure >= b.min_allowed)
                   AND (b.max_allowed IS NULL OR b.measure <= b.max_allowed) AS in_bounds
            FROM bounded b LEFT JOIN regions r ON r.code = b.region_code
            QUALIFY row_number() OVER (
                PARTITION BY b.row_id
                ORDER BY (r.valid_from <= make_date(b.figure_year, 12, 31)
                          AND (r.valid_to IS NULL OR r.valid_to >= make_date(b.figure_year, 1, 1))) DESC NULLS LAST,
                         r.valid_from DESC NULLS LAST
            ) = 1
        ),
        figures AS (
            -- what the cross-sectional and history checks compare: a classified figure, with a value,
            -- of a known region and period
            SELECT row_id, article_id, published, arrived_at, region_code, region_name, region_level, parent_code,
                   province_code, indicator, unit, kind, period, target, measure AS v, in_bounds, additive, max_growth,
                   date_diff('month', gate_period_start(period), gate_period_end(period) + 1) AS span
            FROM placed
            WHERE indicator IS NOT NULL AND indicator <> 'unclassified' AND region_level IS NOT NULL
              AND period IS NOT NULL AND measure > 0
        )"""


def _part_whole() -> str:
    """CTEs `pool`, `pairs`, `wholes`, `parts`, `suspect_wholes`: additive figures above their whole.

    A region's whole is its parent's (or its province's) largest figure for the same indicator, unit,
    kind, period and target flag: a whole that also reports a subset (其中…) is judged by its total.
    """
    key = "indicator, unit, kind, period, target"
    return f"""
        pool AS (SELECT * FROM figures WHERE in_bounds),
        whole_figures AS (
            SELECT {key}, region_code, any_value(region_name) AS region_name, max(v) AS v
            FROM pool GROUP BY {key}, region_code
        ),
        pairs AS (
            SELECT c.row_id AS part_id, c.region_code AS part_region, c.region_name AS part_name, c.v AS part_v,
                   c.in_bounds AS part_in_bounds, w.region_code AS whole_region, w.region_name AS whole_name,
                   w.v AS whole_v, c.indicator, c.unit, c.kind, c.period, c.target
            FROM figures c JOIN whole_figures w
              ON w.indicator = c.indicator AND w.unit = c.unit AND w.kind = c.kind AND w.period = c.period
             AND w.target = c.target AND w.region_code IN (c.parent_code, c.province_code)
             AND w.region_code <> c.region_code
            WHERE c.additive AND c.v > w.v * (1 + {PART_WHOLE_TOLERANCE})
        ),
        wholes AS (
            SELECT whole_region, {key}, count(DISTINCT part_region) FILTER (WHERE part_in_bounds) AS parts_above,
                   arg_max(part_name, part_v) AS largest_part_name, max(part_v) AS largest_part_v
            FROM pairs GROUP BY whole_region, {key}
        ),
        parts AS (
            -- a part above a whole that its other parts agree with
            SELECT p.part_id, arg_max(p.whole_name, p.part_v / p.whole_v) AS whole_name,
                   arg_max(p.whole_v, p.part_v / p.whole_v) AS whole_v
            FROM pairs p JOIN wholes w USING (whole_region, indicator, unit, kind, period, target)
            WHERE w.parts_above < {SUSPECT_WHOLE_PARTS}
            GROUP BY p.part_id
        ),
        suspect_wholes AS (
            -- a whole exceeded by several of its parts is itself the suspect: every figure it gave
            SELECT f.row_id, w.parts_above, w.largest_part_name, w.largest_part_v
            FROM figures f JOIN wholes w
              ON w.whole_region = f.region_code AND w.indicator = f.indicator AND w.unit = f.unit
             AND w.kind = f.kind AND w.period = f.period AND w.target = f.target
            WHERE w.parts_above >= {SUSPECT_WHOLE_PARTS}
        )"""


def mentions_frame(con, today: date, regions_csv: Path | None = None, catalog_csv: Path | None = None):
    """Every raw mention with the derived columns the `raw_mentions` suite reads (a pandas DataFrame)."""
    regions = _prepare(con, regions_csv, catalog_csv)
    peer_kinds = ", ".join(f"'{k}'" for k in PEER_KINDS)
    powers = ", ".join(f"({p})" for p in SLIP_POWERS)
    return con.execute(
        f"""
        WITH {regions},
        names AS (SELECT code, arg_max(name, valid_from) AS name FROM regions GROUP BY code),
        source AS (
            SELECT m.*, m.mention_id AS row_id, a.published, a.loaded_at AS arrived_at,
                   a.article_id IS NOT NULL AS article_known, coalesce(m.is_target, false) AS target,
                   coalesce(try_cast(left(m.period, 4) AS INTEGER), year(a.published), year(DATE '{today}'))
                       AS figure_year
            FROM raw.mentions m LEFT JOIN raw.articles a USING (article_id)
        ),
        {_bounded_and_placed("source")},
        {_part_whole()},
        region_figures AS (
            SELECT indicator, unit, kind, period, target, region_code, region_level, parent_code, median(v) AS v
            FROM pool GROUP BY indicator, unit, kind, period, target, region_code, region_level, parent_code
        ),
        peers AS (
            -- the other regions of the same level under the same parent, same indicator, unit, kind, period
            SELECT c.row_id, median(f.v) AS peer_median, count(*) AS peer_count
            FROM figures c JOIN region_figures f
              ON f.indicator = c.indicator AND f.unit = c.unit AND f.kind = c.kind AND f.period = c.period
             AND f.target = c.target AND f.parent_code = c.parent_code AND f.region_level = c.region_level
             AND f.region_code <> c.region_code
            WHERE c.kind IN ({peer_kinds})
            GROUP BY c.row_id HAVING count(*) >= {MIN_PEERS}
        ),
        history AS (
            -- the region's own earlier figures: dated, older by publication date (ties: landing time,
            -- then article id) and landed no later, so a later arrival never changes a verdict
            SELECT c.row_id, median(h.v) AS typical, count(DISTINCT h.article_id) AS history_articles
            FROM figures c JOIN pool h
              ON h.indicator = c.indicator AND h.region_code = c.region_code AND h.unit = c.unit
             AND h.kind = c.kind AND h.target = c.target AND h.span = c.span AND h.article_id <> c.article_id
             AND h.published IS NOT NULL AND h.arrived_at <= c.arrived_at
             AND (c.published IS NULL
                  OR (h.published, h.arrived_at, h.article_id) < (c.published, c.arrived_at, c.article_id))
            WHERE c.max_growth IS NOT NULL
            GROUP BY c.row_id HAVING count(DISTINCT h.article_id) >= {MIN_HISTORY}
        ),
        judged AS (
            SELECT c.row_id, c.v, pe.peer_median, pe.peer_count, pa.whole_name, pa.whole_v, hi.typical,
                   hi.history_articles, 1 + c.max_growth / 100 AS band,
                   coalesce(c.v > pe.peer_median * {PEER_MAX_FACTOR} OR c.v * {PEER_MIN_FACTOR} < pe.peer_median,
                            false) AS off_peers,
                   pa.part_id IS NOT NULL AS above_whole,
                   coalesce(c.v > hi.typical * (1 + c.max_growth / 100)
                            OR c.v * (1 + c.max_growth / 100) < hi.typical, false) AS off_history
            FROM figures c
            LEFT JOIN peers pe USING (row_id)
            LEFT JOIN parts pa ON pa.part_id = c.row_id
            LEFT JOIN history hi USING (row_id)
        ),
        slip_options AS (
            -- value ÷ 10^power fits the reference the value itself is far from
            SELECT row_id, power, 1 AS priority, 'peers' AS slip_reference, peer_median AS reference_value,
                   abs(log10(v / pow(10, power) / peer_median)) AS distance
            FROM judged, (VALUES {powers}) s(power)
            WHERE off_peers AND abs(log10(v / pow(10, power) / peer_median)) <= log10({SLIP_FIT_FACTOR})
            UNION ALL
            SELECT row_id, power, 2, 'whole', whole_v, abs(log10(v / pow(10, power) / whole_v))
            FROM judged, (VALUES {powers}) s(power)
            WHERE above_whole AND v >= whole_v * {SLIP_FIT_FACTOR} AND v / pow(10, power) <= whole_v
              AND v / pow(10, power) >= whole_v * {SLIP_MIN_SHARE}
            UNION ALL
            SELECT row_id, power, 3, 'history', typical, abs(log10(v / pow(10, power) / typical))
            FROM judged, (VALUES {powers}) s(power)
            WHERE off_history AND v / pow(10, power) <= typical * band AND v / pow(10, power) * band >= typical
        ),
        slips AS (
            SELECT row_id, power AS slip_power, slip_reference, reference_value AS slip_reference_value
            FROM slip_options
            QUALIFY row_number() OVER (PARTITION BY row_id ORDER BY priority, distance, power) = 1
        )
        SELECT
            p.mention_id, p.article_id, p.run_id, p.quote, p.value::DOUBLE AS value, p.unit, p.kind, p.approx,
            p.region_code, p.period, p.indicator, p.is_target, p.published,
            p.region_code IS NOT NULL AS has_region_code,
            -- a place the extractor could not resolve for the figure's year (never the publisher's region)
            if(p.region_source = 'unresolved', concat(p.region, ' in ', p.figure_year), NULL) AS unresolved_place,
            p.region_code = '100000' OR EXISTS (
                SELECT 1 FROM regions r
                WHERE r.code = p.region_code
                  AND r.valid_from <= make_date(p.figure_year, 12, 31)
                  AND (r.valid_to IS NULL OR r.valid_to >= make_date(p.figure_year, 1, 1))
            ) AS region_known,
            coalesce(p.published > DATE '{today}', false) AS published_in_future,
            p.article_known,
            -- bounds
            p.measure, p.min_allowed, p.max_allowed, p.bound_source, p.indicator_name,
            CASE WHEN p.measure IS NOT NULL THEN p.in_bounds END AS within_bounds,
            -- honest time: the publication year itself is year to date
            gate_period_end(p.period) AS period_end,
            CASE WHEN p.published IS NOT NULL AND NOT p.target AND gate_period_end(p.period) IS NOT NULL
                 THEN gate_period_end(p.period) > last_day(p.published) AND p.period <> year(p.published)::VARCHAR
            END AS period_after_publication,
            -- part and whole, peers
            p.region_name, p.region_level, parent.name AS parent_name,
            j.whole_name, j.whole_v AS whole_value, w.parts_above, w.largest_part_name,
            w.largest_part_v AS largest_part_value, w.row_id IS NOT NULL AS whole_suspect,
            (j.above_whole OR w.row_id IS NOT NULL) AND s.row_id IS NULL AS part_larger_than_whole,
            j.peer_median, j.peer_count, j.off_peers AND s.row_id IS NULL AS off_peers,
            -- history
            j.typical, j.history_articles, p.max_growth, j.typical IS NOT NULL AS has_history,
            j.v / j.typical AS history_ratio, j.off_history AND s.row_id IS NULL AS off_history,
            -- slips
            s.slip_power, s.slip_reference, s.slip_reference_value, s.row_id IS NOT NULL AS scale_slip
        FROM placed p
        LEFT JOIN judged j ON j.row_id = p.row_id
        LEFT JOIN suspect_wholes w ON w.row_id = p.row_id
        LEFT JOIN slips s ON s.row_id = p.row_id
        LEFT JOIN names parent ON parent.code = p.parent_code
        ORDER BY p.mention_id
        """
    ).df()


MART_TABLES = ("fct_indicator_observation", "dim_region", "dim_indicator", "dim_period", "dim_date", "dim_article")


def marts_findings(con):
    """Gate 2's aggregate rows: one per finding kind (and per mart table), with a count and examples.

    Computed by DuckDB over the marts as dbt built them; only these few rows reach pandas. What dbt's
    tests and contracts already guarantee (keys unique and not null, relationships, accepted values,
    every fact with its URL and quote) is not checked again. What they cannot see:

    - `marts_not_empty`: a mart with no row (dbt's tests pass on an empty table);
    - `no_quarantined_figure_published`: a fact whose mention gate 1 holds (the staging filter is
      all that stands between raw.quarantine and the marts);
    - `figures_audited_by_gate_1`: a fact whose mention was extracted after gate 1 last validated
      raw.mentions, so no row check ever saw it.
    """
    counts = "\n            UNION ALL ".join(
        f"SELECT 'marts_not_empty', '{t}', (count(*) = 0)::BIGINT, NULL FROM marts.{t}" for t in MART_TABLES
    )
    return con.execute(
        f"""
        WITH last_audit AS (
            SELECT max(checked_at) AS checked_at FROM meta.gate_results WHERE suite = 'raw_mentions'
        ),
        findings (check_name, subject, violations, examples) AS (
            SELECT 'no_quarantined_figure_published', 'fct_indicator_observation', count(*),
                   array_to_string(list(f.mention_id || ' ' || f.quote || ' (' || q.check_name || ')'
                                        ORDER BY f.mention_id)[1:3], '; ')
            FROM marts.fct_indicator_observation f JOIN raw.quarantine q
              ON q.table_name = 'mentions' AND q.row_id = f.mention_id AND q.released_at IS NULL
            UNION ALL
            SELECT 'figures_audited_by_gate_1', 'fct_indicator_observation', count(*),
                   array_to_string(list(f.mention_id || ' ' || f.quote ORDER BY f.mention_id)[1:3], '; ')
            FROM marts.fct_indicator_observation f
            LEFT JOIN raw.mentions m USING (mention_id), last_audit
            WHERE last_audit.checked_at IS NULL OR m.extracted_at > last_audit.checked_at
            UNION ALL {counts}
        )
        SELECT row_number() OVER () AS finding_id, * FROM findings
        """
    ).df()
