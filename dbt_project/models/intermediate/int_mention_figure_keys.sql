-- The figure key of every mention staging passes (held mentions are left out), as
-- a 64-bit hash, so that a night finds the mentions of the figures it touched by
-- scanning one narrow column, instead of computing the key of every mention in
-- history (measured in docs/incremental.md, "The figure keys"). Two figures may
-- share a hash: a lookup by hash finds a few mentions too many, and the
-- deduplication keeps only those whose figure key it asked for.
-- Incremental: the rows of the articles landed, re-extracted or touched by a
-- quarantine decision since the last build are deleted and written again
-- (macros/incremental_observations.sql).

-- PostgreSQL only (macros/postgres_indexes.sql): the night's lookup by hash, the
-- changed articles' rows, the watermark; DuckDB scans the narrow columns
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook=[
            "{{ provind.keep_changed_key_articles() }}",
            "{{ provind.delete_changed_key_articles() }}",
        ],
        indexes=provind.postgres_indexes([
            {'columns': ['figure_hash']},
            {'columns': ['article_id']},
            {'columns': ['source_changed_at']},
        ])
    )
}}

with

mentions as (

    select * from {{ ref('stg_raw__mentions') }}
    {%- if is_incremental() %}
    where article_id in (select changed.article_id from mfk_changed_articles as changed)
    {%- endif %}

),

articles as (

    select
        article_id,
        loaded_at
    from {{ ref('stg_raw__articles') }}
    {%- if is_incremental() %}
    -- the same articles: joining all of them cost a third of the night's key update
    where article_id in (select changed.article_id from mfk_changed_articles as changed)
    {%- endif %}

),

final as (

    select
        {{ provind.key_hash(provind.figure_key()) }} as figure_hash,
        mentions.mention_id,
        mentions.article_id,
        greatest(articles.loaded_at, mentions.extracted_at) as source_changed_at
    from mentions
    inner join articles
        on mentions.article_id = articles.article_id

)

select * from final
