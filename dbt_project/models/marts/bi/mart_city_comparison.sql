-- Which city ranks first? A provincial comparison of prefecture-level cities:
-- one row per province, indicator, measure (kind and unit), period and city
-- that reported it, ranked within the province. The order follows the
-- indicator's direction: highest first when higher is better or neutral,
-- lowest first when lower is better. Ties share a rank. The province's own
-- figure for the same indicator, measure and period sits beside each row.
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
        meta={'bi_partition': ['province_code', 'indicator_code', 'period_code']},
        indexes=provind.postgres_indexes([{'columns': ['province_code', 'indicator_code', 'period_code']}])
    )
}}

with

points as (

    select * from {{ ref('mart_indicator_time_series') }} as series
    {%- if is_incremental() %}
    -- only the (province, indicator, period) partitions whose facts changed since this
    -- mart's last build (macros/incremental_marts.sql): a city's rank compares the cities
    -- of one period, and a point of the series depends only on that period's figures
    where {{ provind.in_touched_partitions(['province_code', 'indicator_code', 'period_code'], 'series') }}
    {%- endif %}

),

cities as (

    select * from points
    where region_level = 'prefecture'

),

province_figures as (

    select
        region_code as province_code,
        indicator_code,
        kind,
        unit,
        period_code,
        value as province_value
    from points
    where region_level = 'province'

),

ranked as (

    select
        cities.*,
        case
            when cities.higher_is_better is false then 'lower_is_better'
            when cities.higher_is_better then 'higher_is_better'
            else 'larger_value_first'
        end as ranking_basis,
        rank() over (
            partition by cities.province_code, cities.indicator_code, cities.kind, cities.unit, cities.period_code
            order by case when cities.higher_is_better is false then cities.value else -cities.value end
        ) as rank_in_province,
        count(*) over (
            partition by cities.province_code, cities.indicator_code, cities.kind, cities.unit, cities.period_code
        ) as cities_compared
    from cities

)

select
    ---------- keys
    cast({{ provind.surrogate_key([
        'ranked.province_code', 'ranked.indicator_code', 'ranked.kind', 'ranked.unit',
        'ranked.period_code', 'ranked.region_code'
    ]) }} as varchar) as comparison_key,
    ranked.series_point_key,
    ranked.observation_key,
    ranked.indicator_key,
    ranked.region_key,
    ranked.period_key,

    ---------- what is compared
    ranked.province_code,
    ranked.province_name,
    ranked.indicator_code,
    ranked.indicator_name_zh,
    ranked.indicator_name_en,
    ranked.indicator_domain,
    ranked.kind,
    ranked.unit,
    ranked.period_code,
    ranked.period_grain,
    ranked.period_start_date,
    ranked.period_end_date,

    ---------- the city and its place
    ranked.region_code as city_code,
    ranked.region_name as city_name,
    ranked.value,
    ranked.approx,
    cast(ranked.ranking_basis as varchar) as ranking_basis,
    cast(ranked.rank_in_province as integer) as rank_in_province,
    cast(ranked.cities_compared as integer) as cities_compared,
    ranked.rank_in_province = 1 as is_first,
    province_figures.province_value,

    ---------- provenance
    ranked.quote,
    ranked.article_url,
    ranked.published_date

from ranked
left join province_figures
    on ranked.province_code = province_figures.province_code
    and ranked.indicator_code = province_figures.indicator_code
    and coalesce(ranked.kind, '') = coalesce(province_figures.kind, '')
    and coalesce(ranked.unit, '') = coalesce(province_figures.unit, '')
    and ranked.period_code = province_figures.period_code
