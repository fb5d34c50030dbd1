{#-
    The logic of `int_mentions_deduplicated` and `int_mentions_mapped` (see the
    comments in those models), as macros so that the incremental build of
    `fct_indicator_observation` can run it on the affected figures only.

    Why macros and not the models alone (issue 15 asked for the logic in the
    models unless a measured cost justifies a macro): the fact table's night
    reading the views with a filter on top was measured on the `dbtmodels`
    branch: DuckDB computes the whole deduplication window, then filters
    (0.30-0.97 of a full build at 10,000 articles, against 0.41-0.51 through the
    macro). At 1,000,000 articles the night reads only the affected figures'
    mentions and their URLs' versions (4.5 s against a full build's 105 s,
    docs/incremental.md), which a view cannot be asked to do. The models call
    the same macros without arguments, so the logic has one home.

    * `deduplicate_mentions(only_figures, only_mentions)`: with
      `only_figures`, a relation with an `observation_key` column, only those
      figure keys are ranked; whole partitions of the ranking window are kept
      or dropped, so each kept figure gets the same winner as in the full
      model. `only_mentions` (mention_id, article_id) holds every mention of
      those figures, maybe more (int_mention_figure_keys, looked up by hash):
      only they are read, and only their URLs' versions ranked.
    * `map_mentions(figures, periods)`: resolves the dimension keys of the
      rows of `figures` (a relation, or a parenthesised query with an alias);
      `periods` is `int_periods_normalised` or a table with its rows
      (`dim_period`, which the night has built: the view would parse the
      periods of every mention again).
-#}

{% macro deduplicate_mentions(only_figures=none, only_mentions=none) -%}
with

mentions as (

    select * from {{ ref('stg_raw__mentions') }}
    {%- if only_mentions %}
    -- the mentions of those figures (and a few more), found by their stored keys:
    -- the keys of all mentions are not computed again
    where mention_id in (select only_mentions.mention_id from {{ only_mentions }} as only_mentions)
    {%- endif %}

),

current_versions as (

    -- the latest version of each URL, ranked as int_article_versions ranks them
    -- (for dim_article too)
    {%- if only_mentions %}
    -- only the URLs of those mentions' articles: ranking every article's versions
    -- cost more than the rest of the night's deduplication at 1,000,000 articles
    select
        article_id,
        published,
        fetched_at,
        loaded_at
    from ({{ provind.ranked_article_versions(only_urls=
        '(select articles.url from ' ~ ref('stg_raw__articles') ~ ' as articles where articles.article_id in'
        ~ ' (select only_mentions.article_id from ' ~ only_mentions ~ ' as only_mentions))'
    ) }}) as versions
    where is_latest_version
    {%- else %}
    select
        article_id,
        published,
        fetched_at,
        loaded_at
    from {{ ref('int_article_versions') }}
    where is_latest_version
    {%- endif %}

),

current_mentions as (

    select
        mentions.*,
        current_versions.published,
        current_versions.fetched_at,
        current_versions.loaded_at
    from mentions
    inner join current_versions
        on mentions.article_id = current_versions.article_id

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

{% macro map_mentions(figures, periods=none) -%}
with

figures as (

    select * from {{ figures }}

),

periods as (

    select * from {{ periods if periods is not none else ref('int_periods_normalised') }}

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

    -- every version of the figure's region code (none: one row of nulls), ranked
    -- in the same pass: no self-join on figure_key, whose row count the planner
    -- cannot estimate (postgres, misled by the window filters above, picked a
    -- nested loop over it: quadratic in the figures)
    select
        with_periods.*,
        regions.region_code as version_region_code,
        regions.valid_from as version_valid_from,
        case
            when regions.region_code is null or with_periods.as_of_date is null then null
            when with_periods.as_of_date < regions.valid_from
                then regions.valid_from - with_periods.as_of_date
            when regions.valid_to is not null and with_periods.as_of_date > regions.valid_to
                then with_periods.as_of_date - regions.valid_to
            else 0
        end as days_outside
    from with_periods
    left join regions
        on with_periods.region_code = regions.region_code

),

region_versions as (

    select
        *,
        row_number() over (
            partition by figure_key
            order by days_outside nulls last, version_valid_from desc
        ) as match_rank
    from region_candidates

),

matched as (

    select * from region_versions where match_rank = 1

)

select
    matched.figure_key as observation_key,
    matched.mention_id,
    matched.article_id,

    ---------- dimension keys
    case
        when matched.version_region_code is null then {{ provind.surrogate_key(["'unknown'"]) }}
        else {{ provind.surrogate_key(['matched.version_region_code', 'matched.version_valid_from']) }}
    end as region_key,
    {{ provind.surrogate_key(["coalesce(indicators.indicator_code, 'unclassified')"]) }} as indicator_key,
    {{ provind.surrogate_key(['matched.period_code']) }} as period_key,
    case
        when matched.published is null then -1
        else cast(
            extract(year from matched.published) * 10000
            + extract(month from matched.published) * 100
            + extract(day from matched.published) as integer
        )
    end as published_date_key,

    ---------- the figure
    matched.value,
    matched.unit,
    matched.kind,
    matched.approx,
    matched.is_target,
    matched.quote,
    matched.sentence,
    matched.subject,

    ---------- as extracted, for audit
    matched.region_name as mentioned_region_name,
    matched.region_code as mentioned_region_code,
    case
        when matched.version_region_code is null then 'unknown'
        when matched.days_outside is null then 'latest_version'
        when matched.days_outside = 0 then 'valid_version'
        else 'nearest_version'
    end as region_match,
    matched.period_code,
    coalesce(indicators.indicator_code, 'unclassified') as indicator_code,
    matched.start_offset,
    matched.end_offset,
    matched.extractor_version,
    matched.extracted_at,
    matched.source_changed_at

from matched
left join indicators
    on matched.indicator_code = indicators.indicator_code
{%- endmacro %}
