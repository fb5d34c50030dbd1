{#-
    Incremental bookkeeping for dim_article: a URL's versions are ranked
    together (`is_latest_version`), so a URL with a new version is recomputed
    whole. The *changed URLs* are those with a version whose `loaded_at` (the
    landing, or a later quarantine decision) is after the newest in the table;
    the pre-hooks keep them in a temporary table and delete their rows, the
    model appends them recomputed. Past var `rebuild_share` of all URLs the
    table is emptied and rebuilt instead.
-#}

{% macro articles_watermark() -%}
    (select coalesce(max(loaded_at), cast('1900-01-01' as timestamp)) from {{ this }})
{%- endmacro %}

{% macro articles_rebuild() -%}
    {#- counted once per invocation, like observations_rebuild (macros/incremental_observations.sql) -#}
    {%- if not is_incremental() -%}{{ return(false) }}{%- endif -%}
    {%- set plans = graph.setdefault('provind_rebuild_plans', {}) -%}
    {%- set key = this | string -%}
    {%- if key not in plans and execute -%}
        {%- do plans.update({key: provind.share_at_least(
            "select count(distinct url) from " ~ ref('stg_raw__articles') ~ " where loaded_at > " ~ provind.articles_watermark(),
            "select count(*) from " ~ this ~ " where is_latest_version"
        )}) -%}
    {%- endif -%}
    {{ return(plans.get(key, false)) }}
{%- endmacro %}

{% macro keep_changed_urls() -%}
    {%- if is_incremental() -%}
        drop table if exists dim_article_changed_urls;
        create temporary table dim_article_changed_urls as
        select distinct url
        from {{ ref('stg_raw__articles') }}
        where loaded_at > {{ provind.articles_watermark() }};
        {{ provind.analyze_temporary('dim_article_changed_urls') }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{% macro delete_changed_urls() -%}
    {%- if is_incremental() and provind.articles_rebuild() -%}
        delete from {{ this }}
    {%- elif is_incremental() -%}
        delete from {{ this }} where url in (select url from dim_article_changed_urls)
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
