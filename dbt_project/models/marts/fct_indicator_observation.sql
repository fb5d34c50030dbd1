-- One row per reported figure: a value with its unit, kind, approximation and
-- target flag, the quote and sentence it came from, and keys to the region
-- version, indicator, period, publication date and article.
-- Incremental: only the figures of changed articles are recomputed (see
-- macros/incremental_observations.sql), or all of them when the changed articles
-- reach var `rebuild_share` of all; the result equals a full refresh.
-- Each build logs the partitions it touched for the BI marts (macros/incremental_marts.sql).
-- depends_on: {{ ref('stg_raw__articles') }}
-- depends_on: {{ ref('int_article_versions') }}
-- depends_on: {{ ref('stg_raw__mentions') }}
-- depends_on: {{ ref('int_mention_figure_keys') }}
-- depends_on: {{ ref('int_periods_normalised') }}
-- depends_on: {{ ref('dim_period') }}
-- depends_on: {{ ref('indicators') }}
-- depends_on: {{ ref('regions') }}

-- PostgreSQL only (macros/postgres_indexes.sql): the touched partitions, the changed
-- articles' facts, the watermark
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        indexes=provind.postgres_indexes([
            {'columns': ['indicator_key', 'region_key']},
            {'columns': ['article_id']},
            {'columns': ['source_changed_at']},
        ]),
        pre_hook=[
            "{{ provind.keep_observations_plan() }}",
            "{{ provind.keep_changed_articles() }}",
            "{{ provind.keep_affected_figures() }}",
            "{{ provind.keep_affected_mentions() }}",
            "{{ provind.keep_touched_partitions() }}",
            "{{ provind.delete_changed_observations() }}",
        ],
        post_hook=["{{ provind.log_observation_changes() }}"]
    )
}}

with

observations as (

    {% if is_incremental() and not provind.observations_rebuild() -%}
    -- the logic of int_mentions_mapped, on the affected figures only (see the pre-hooks)
    {{ provind.map_mentions(
        figures='(' ~ provind.deduplicate_mentions(
            only_figures='fio_affected_figures', only_mentions='fio_affected_mentions'
        ) ~ ') as affected',
        periods=ref('dim_period')
    ) }}
    {%- else -%}
    select * from {{ ref('int_mentions_mapped') }}
    {%- endif %}

),

dates as (

    select date_key from {{ ref('dim_date') }}

),

final as (

    -- explicit casts: postgres would otherwise type expressions as `text`,
    -- which the incremental schema check reads as a change from the
    -- contract's `varchar`
    select
        ---------- keys
        cast(observations.observation_key as varchar) as observation_key,
        cast(observations.mention_id as varchar) as mention_id,
        cast(observations.article_id as varchar) as article_id,
        cast(observations.region_key as varchar) as region_key,
        cast(observations.indicator_key as varchar) as indicator_key,
        cast(observations.period_key as varchar) as period_key,
        coalesce(dates.date_key, -1) as published_date_key,

        ---------- the figure
        observations.value,
        cast(observations.unit as varchar) as unit,
        cast(observations.kind as varchar) as kind,
        cast(observations.approx as varchar) as approx,
        observations.is_target,
        cast(observations.quote as varchar) as quote,
        cast(observations.sentence as varchar) as sentence,
        cast(observations.subject as varchar) as subject,

        ---------- audit
        cast(observations.mentioned_region_name as varchar) as mentioned_region_name,
        cast(observations.mentioned_region_code as varchar) as mentioned_region_code,
        cast(observations.region_match as varchar) as region_match,
        observations.start_offset,
        observations.end_offset,
        cast(observations.extractor_version as varchar) as extractor_version,
        observations.extracted_at,
        observations.source_changed_at

    from observations
    left join dates
        on observations.published_date_key = dates.date_key

)

select * from final
