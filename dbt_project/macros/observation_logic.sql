{#-
    The logic of `int_mentions_deduplicated` and `int_mentions_mapped` (see the
    comments in those models), as macros so that the incremental build of
    `fct_indicator_observation` can run it on the affected figures only:

    * `deduplicate_mentions(only_figures)`: with `only_figures`, a relation
      with an `observation_key` column, only those figure keys are ranked;
      whole partitions of the ranking window are kept or dropped, so each
      kept figure gets the same winner as in the full model.
    * `map_mentions(figures)`: resolves the dimension keys of the rows of
      `figures` (a relation, or a parenthesised query with an alias).
-#}

{% macro deduplicate_mentions(only_figures=none) -%}
with

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

mentions as (

    select * from {{ ref('stg_raw__mentions') }}

),

article_versions as (

    select
        article_id,
        published,
        fetched_at,
        loaded_at,
        row_number() over (
            partition by url
            order by fetched_at desc, loaded_at desc, article_id desc
        ) as version_rank
    from articles

),

current_mentions as (

    select
        mentions.*,
        article_versions.published,
        article_versions.fetched_at,
        article_versions.loaded_at
    from mentions
    inner join article_versions
        on mentions.article_id = article_versions.article_id
    where article_versions.version_rank = 1

),

figures as (

    select
        {{ provind.figure_key() }} as figure_key,
        *
    from current_mentions

),

ranked as (

    select
        *,
        row_number() over (
            partition by figure_key
            order by published nulls last, fetched_at, article_id, seq
        ) as report_rank
    from figures
    {%- if only_figures %}
    -- whole partitions of the window: the ranks are those of the full model
    where figure_key in (select observation_key from {{ only_figures }})
    {%- endif %}

)

select
    figure_key,
    mention_id,
    article_id,
    seq,
    start_offset,
    end_offset,
    quote,
    sentence,
    subject,
    region_name,
    region_code,
    period,
    indicator_code,
    value,
    unit,
    kind,
    approx,
    is_target,
    published,
    extractor_version,
    extracted_at,
    case when loaded_at > extracted_at then loaded_at else extracted_at end as source_changed_at
from ranked
where report_rank = 1
{%- endmacro %}

{% macro map_mentions(figures) -%}
with

figures as (

    select * from {{ figures }}

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
{%- endmacro %}
