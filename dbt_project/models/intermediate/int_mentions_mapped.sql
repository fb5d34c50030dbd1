-- Deduplicated figures with the keys of every dimension resolved:
--   * period   -> int_periods_normalised (null period -> the `unknown` member);
--   * indicator -> the catalog seed, anything not in it -> `unclassified`;
--   * region   -> the version of the region code valid on the figure's as-of
--                 date (period end, else period start, else publication date);
--                 failing that the nearest version of the code (the latest
--                 when there is no date at all); a code not in
--                 the gazetteer (or none) -> the `unknown` member;
--   * date     -> the article's publication date (`-1` when unknown).

with

figures as (

    select * from {{ ref('int_mentions_deduplicated') }}

),

periods as (

    select * from {{ ref('int_periods_normalised') }}

),

indicators as (

    select indicator_code from {{ ref('indicators') }}

),

regions as (

    select region_code, valid_from, valid_to from {{ ref('regions') }}

),

with_periods as (

    select
        figures.*,
        coalesce(periods.period_code, 'unknown') as period_code,
        coalesce(periods.end_date, periods.start_date, figures.published) as as_of_date
    from figures
    left join periods
        on figures.period = periods.period_code

),

region_candidates as (

    select
        with_periods.figure_key,
        regions.region_code,
        regions.valid_from,
        case
            when with_periods.as_of_date is null then null
            when with_periods.as_of_date < regions.valid_from
                then regions.valid_from - with_periods.as_of_date
            when regions.valid_to is not null and with_periods.as_of_date > regions.valid_to
                then with_periods.as_of_date - regions.valid_to
            else 0
        end as days_outside
    from with_periods
    inner join regions
        on with_periods.region_code = regions.region_code

),

region_versions as (

    select
        figure_key,
        region_code,
        valid_from,
        days_outside,
        row_number() over (
            partition by figure_key
            order by days_outside nulls last, valid_from desc
        ) as match_rank
    from region_candidates

)

select
    with_periods.figure_key as observation_key,
    with_periods.mention_id,
    with_periods.article_id,

    ---------- dimension keys
    case
        when region_versions.region_code is null then {{ provind.surrogate_key(["'unknown'"]) }}
        else {{ provind.surrogate_key(['region_versions.region_code', 'region_versions.valid_from']) }}
    end as region_key,
    {{ provind.surrogate_key(["coalesce(indicators.indicator_code, 'unclassified')"]) }} as indicator_key,
    {{ provind.surrogate_key(['with_periods.period_code']) }} as period_key,
    case
        when with_periods.published is null then -1
        else cast(
            extract(year from with_periods.published) * 10000
            + extract(month from with_periods.published) * 100
            + extract(day from with_periods.published) as integer
        )
    end as published_date_key,

    ---------- the figure
    with_periods.value,
    with_periods.unit,
    with_periods.kind,
    with_periods.approx,
    with_periods.is_target,
    with_periods.quote,
    with_periods.sentence,
    with_periods.subject,

    ---------- as extracted, for audit
    with_periods.region_name as mentioned_region_name,
    with_periods.region_code as mentioned_region_code,
    case
        when region_versions.region_code is null then 'unknown'
        when region_versions.days_outside is null then 'latest_version'
        when region_versions.days_outside = 0 then 'valid_version'
        else 'nearest_version'
    end as region_match,
    with_periods.period_code,
    coalesce(indicators.indicator_code, 'unclassified') as indicator_code,
    with_periods.start_offset,
    with_periods.end_offset,
    with_periods.extractor_version,
    with_periods.extracted_at,
    with_periods.source_changed_at

from with_periods
left join region_versions
    on with_periods.figure_key = region_versions.figure_key
    and region_versions.match_rank = 1
left join indicators
    on with_periods.indicator_code = indicators.indicator_code
