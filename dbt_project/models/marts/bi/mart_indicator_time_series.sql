-- A time series per indicator: one point per indicator, region, measure
-- (kind and unit) and reference period, ready to plot.
--
-- Only reported results (no targets) of catalogued indicators, for a known
-- region and a period with both a start and an end date. When several
-- different figures fall on one point (two subjects mapped to the same
-- indicator, or a later article revising a figure), the most recently
-- published wins (then the lowest observation_key); `reported_figure_count`,
-- `min_reported_value` and `max_reported_value` show the disagreement.
-- A series is one indicator, region code, kind, unit and period grain, so
-- that `previous_value` is the preceding year, half, quarter or month.
--
-- Incremental: only the partitions whose facts changed are recomputed
-- (macros/incremental_marts.sql); the result equals a full refresh.

-- the partition, indexed on PostgreSQL only (macros/postgres_indexes.sql): the night deletes and
-- reads whole partitions
{{
    config(
        meta={'bi_partition': ['indicator_code', 'region_code']},
        indexes=provind.postgres_indexes([{'columns': ['indicator_code', 'region_code']}])
    )
}}

with

observations as (

    select facts.* from {{ ref('fct_indicator_observation') }} as facts
    where not facts.is_target
        {%- if is_incremental() %}
        -- only the series whose facts changed since this mart's last build (macros/incremental_marts.sql)
        and {{ provind.in_touched_partitions(['indicator_key', 'region_key'], 'facts') }}
        {%- endif %}

),

indicators as (

    select * from {{ ref('dim_indicator') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

periods as (

    select * from {{ ref('dim_period') }}

),

articles as (

    select * from {{ ref('dim_article') }}

),

reported as (

    select
        observations.observation_key,
        observations.article_id,
        observations.value,
        observations.unit,
        observations.kind,
        observations.approx,
        observations.quote,
        indicators.indicator_key,
        indicators.indicator_code,
        indicators.name_zh as indicator_name_zh,
        indicators.name_en as indicator_name_en,
        indicators.domain as indicator_domain,
        indicators.higher_is_better,
        regions.region_key,
        regions.region_code,
        regions.name as region_name,
        regions.level as region_level,
        regions.province_code,
        regions.province_name,
        periods.period_key,
        periods.period_code,
        periods.grain as period_grain,
        periods.start_date as period_start_date,
        periods.end_date as period_end_date,
        periods.period_year,
        articles.url as article_url,
        articles.published as published_date
    from observations
    inner join indicators
        on observations.indicator_key = indicators.indicator_key
    inner join regions
        on observations.region_key = regions.region_key
    inner join periods
        on observations.period_key = periods.period_key
    inner join articles
        on observations.article_id = articles.article_id
    where indicators.indicator_code <> 'unclassified'
        and regions.level <> 'unknown'
        and periods.start_date is not null
        and periods.end_date is not null

),

keyed as (

    select
        {{ provind.surrogate_key(
            ['indicator_code', 'region_code', 'kind', 'unit', 'period_code']
        ) }} as series_point_key,
        {{ provind.surrogate_key(
            ['indicator_code', 'region_code', 'kind', 'unit', 'period_grain']
        ) }} as series_key,
        *
    from reported

),

ranked as (

    select
        *,
        row_number() over (
            partition by series_point_key
            order by published_date desc nulls last, observation_key asc
        ) as figure_rank,
        count(*) over (partition by series_point_key) as reported_figure_count,
        min(value) over (partition by series_point_key) as min_reported_value,
        max(value) over (partition by series_point_key) as max_reported_value
    from keyed

),

points as (

    select * from ranked
    where figure_rank = 1

),

final as (

    select
        ---------- keys
        cast(series_point_key as varchar) as series_point_key,
        cast(series_key as varchar) as series_key,
        cast(observation_key as varchar) as observation_key,
        cast(indicator_key as varchar) as indicator_key,
        cast(region_key as varchar) as region_key,
        cast(period_key as varchar) as period_key,
        cast(article_id as varchar) as article_id,

        ---------- indicator
        cast(indicator_code as varchar) as indicator_code,
        cast(indicator_name_zh as varchar) as indicator_name_zh,
        cast(indicator_name_en as varchar) as indicator_name_en,
        cast(indicator_domain as varchar) as indicator_domain,
        higher_is_better,

        ---------- region (the version valid for the figure)
        cast(region_code as varchar) as region_code,
        cast(region_name as varchar) as region_name,
        cast(region_level as varchar) as region_level,
        cast(province_code as varchar) as province_code,
        cast(province_name as varchar) as province_name,

        ---------- period
        cast(period_code as varchar) as period_code,
        cast(period_grain as varchar) as period_grain,
        period_start_date,
        period_end_date,
        period_year,

        ---------- the figure
        cast(kind as varchar) as kind,
        cast(unit as varchar) as unit,
        cast(value as numeric(38, 6)) as value,
        cast(approx as varchar) as approx,
        cast(lag(period_code) over (
            partition by series_key order by period_end_date, period_start_date
        ) as varchar) as previous_period_code,
        cast(lag(value) over (
            partition by series_key order by period_end_date, period_start_date
        ) as numeric(38, 6)) as previous_value,
        cast(value - lag(value) over (
            partition by series_key order by period_end_date, period_start_date
        ) as numeric(38, 6)) as change_from_previous,
        cast(reported_figure_count as integer) as reported_figure_count,
        cast(min_reported_value as numeric(38, 6)) as min_reported_value,
        cast(max_reported_value as numeric(38, 6)) as max_reported_value,

        ---------- provenance
        cast(quote as varchar) as quote,
        cast(article_url as varchar) as article_url,
        published_date

    from points

)

select * from final
