-- Every version of every article landed in raw (a URL with a given content
-- hash). `is_latest_version` (int_article_versions ranks them) marks the one the
-- facts are drawn from.
-- Incremental by URL: the versions of every URL with a version landed (or
-- touched by a quarantine decision) since the newest `loaded_at` in the table are
-- deleted and recomputed together, or the whole table when those URLs reach var
-- `rebuild_share` of all (macros/incremental_articles.sql).
-- depends_on: {{ ref('stg_raw__articles') }}
-- depends_on: {{ ref('int_article_versions') }}

-- PostgreSQL only (macros/postgres_indexes.sql): the changed URLs, the watermark
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        indexes=provind.postgres_indexes([{'columns': ['url']}, {'columns': ['loaded_at']}]),
        pre_hook=[
            "{{ provind.keep_changed_urls() }}",
            "{{ provind.delete_changed_urls() }}",
        ]
    )
}}

with

versions as (

    -- ranked within their URL as int_article_versions ranks them for the facts; at
    -- night only the changed URLs' versions (macros/article_versions.sql)
    {%- if is_incremental() and not provind.articles_rebuild() %}
    {{ provind.ranked_article_versions(only_urls='dim_article_changed_urls') }}
    {%- else %}
    select * from {{ ref('int_article_versions') }}
    {%- endif %}

)

-- explicit casts: postgres types trimmed strings as `text`, which the incremental
-- schema check reads as a change from the contract's `varchar`
select
    cast(article_id as varchar) as article_id,
    cast(url as varchar) as url,
    cast(title as varchar) as title,
    cast(publisher as varchar) as publisher,
    cast(source as varchar) as source,
    cast(source_region_code as varchar) as source_region_code,
    published,
    case
        when published is null then -1
        else
            cast(
                extract(year from published) * 10000
                + extract(month from published) * 100
                + extract(day from published) as integer
            )
    end as published_date_key,
    cast(language as varchar) as language,
    cast(content_hash as varchar) as content_hash,
    fetched_at,
    loaded_at,
    is_latest_version
from versions
