-- The latest value per region and indicator: for each indicator, region and
-- measure (kind and unit), the point of `mart_indicator_time_series` whose
-- period ends last. On the same end date the longer period wins (the year
-- over its December), then the later publication.
--
-- Incremental: only the partitions whose facts changed are recomputed
-- (macros/incremental_marts.sql); the result equals a full refresh.
-- depends_on: {{ ref('dim_indicator') }}
-- depends_on: {{ ref('dim_region') }}
-- depends_on: {{ ref('dim_period') }}

-- the partition, indexed on PostgreSQL only (macros/postgres_indexes.sql): the night deletes and
-- reads whole partitions
{{
    config(
        meta={'bi_partition': ['indicator_code', 'region_code']},
        indexes=provind.postgres_indexes([{'columns': ['indicator_code', 'region_code']}])
    )
}}

with

points as (

    select * from {{ ref('mart_indicator_time_series') }} as series
    {%- if is_incremental() %}
    -- only the indicators and regions whose facts changed since this mart's last build
    -- (macros/incremental_marts.sql)
    where {{ provind.in_touched_partitions(['indicator_code', 'region_code'], 'series') }}
    {%- endif %}

),

keyed as (

    select
        {{ provind.surrogate_key(['indicator_code', 'region_code', 'kind', 'unit']) }} as latest_value_key,
        *
    from points

),

ranked as (

    select
        *,
        row_number() over (
            partition by latest_value_key
            order by
                period_end_date desc,
                period_start_date asc,
                published_date desc nulls last,
                series_point_key asc
        ) as recency_rank,
        count(*) over (partition by latest_value_key) as period_count,
        min(period_start_date) over (partition by latest_value_key) as first_period_start_date
    from keyed

)

select
    ---------- keys
    cast(latest_value_key as varchar) as latest_value_key,
    series_point_key,
    observation_key,
    indicator_key,
    region_key,
    period_key,
    article_id,

    ---------- indicator
    indicator_code,
    indicator_name_zh,
    indicator_name_en,
    indicator_domain,
    higher_is_better,

    ---------- region
    region_code,
    region_name,
    region_level,
    province_code,
    province_name,

    ---------- the latest figure and its period
    kind,
    unit,
    value,
    approx,
    period_code,
    period_grain,
    period_start_date,
    period_end_date,
    previous_period_code,
    previous_value,
    change_from_previous,

    ---------- history of the measure
    cast(period_count as integer) as period_count,
    first_period_start_date,

    ---------- provenance
    quote,
    article_url,
    published_date

from ranked
where recency_rank = 1
