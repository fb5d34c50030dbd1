{#-
    Incremental bookkeeping for fct_indicator_observation.

    A build processes the *changed articles*: those landed, or (re-)extracted,
    since the newest `source_changed_at` already in the fact table, together with
    every other version of their URLs (a corrected re-publication supersedes the
    old version's figures). Before the build, their rows are deleted (pre-hook);
    the build then inserts the current winners for (a) the changed articles and
    (b) any figure key missing from the table (a figure whose former winner was
    just deleted and which another article still reports). With delete+insert on
    `observation_key` this gives the same table as a full refresh.

    Changing a seed (regions, indicators) changes dimension keys of old rows:
    run with `--full-refresh` then.
-#}

{% macro observation_watermark() -%}
    (select coalesce(max(source_changed_at), cast('1900-01-01' as timestamp)) from {{ this }})
{%- endmacro %}

{% macro observation_changed_articles() -%}
    select all_versions.article_id
    from {{ ref('stg_raw__articles') }} as all_versions
    where all_versions.url in (
        select articles.url
        from {{ ref('stg_raw__articles') }} as articles
        left join (
            select article_id, max(extracted_at) as extracted_at
            from {{ ref('stg_raw__mentions') }}
            group by article_id
        ) as extractions
            on articles.article_id = extractions.article_id
        where articles.loaded_at >= {{ provind.observation_watermark() }}
            or extractions.extracted_at >= {{ provind.observation_watermark() }}
    )
{%- endmacro %}

{% macro delete_changed_observations() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where article_id in ({{ provind.observation_changed_articles() }})
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
