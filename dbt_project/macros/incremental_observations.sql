{#-
    Incremental bookkeeping for fct_indicator_observation.

    A build processes the *changed articles*: those landed, or (re-)extracted,
    since the newest `source_changed_at` already in the fact table, together with
    every other version of their URLs (a corrected re-publication supersedes the
    old version's figures). The pre-hooks, in order:

    1. keep the changed articles in a temporary table (`fio_changed_articles`);
    2. keep the *affected figures* in another (`fio_affected_figures`): the keys
       of the table's rows drawn from a changed article, and the figure keys of
       every mention of a changed article;
    3. delete the rows of the affected figures (which include every row drawn
       from a changed article).

    The model then recomputes only the affected figures (their winner among all
    articles that report them, which may be an unchanged article) and appends
    them: no affected key is left in the table, so keys stay unique. A figure
    no longer reported by anyone stays deleted; a figure whose winner did not
    change is written again as it was. This gives the same table as a full
    refresh (tested in tests/dbt/ on both targets), while the heavy logic
    (deduplication windows, region versions) runs on the affected figures only,
    and the table is touched by one delete and one insert.

    Temporary tables live in the build's own session (duckdb and postgres run
    a model's hooks and its SQL on one connection) and are never published.

    Changing a seed (regions, indicators) changes dimension keys of old rows:
    run with `--full-refresh` then.
-#}

{% macro figure_key() -%}
    {{ provind.surrogate_key([
        'region_code', 'period', 'indicator_code', 'subject',
        'value', 'unit', 'kind', 'is_target'
    ]) }}
{%- endmacro %}

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
        -- strictly after: the articles at the watermark are the ones the last build processed
        -- (every run lands and extracts at later timestamps than the previous one)
        where articles.loaded_at > {{ provind.observation_watermark() }}
            or extractions.extracted_at > {{ provind.observation_watermark() }}
    )
{%- endmacro %}

{% macro keep_changed_articles() -%}
    {%- if is_incremental() -%}
        drop table if exists fio_changed_articles;
        create temporary table fio_changed_articles as
        {{ provind.observation_changed_articles() }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{% macro keep_affected_figures() -%}
    {%- if is_incremental() -%}
        drop table if exists fio_affected_figures;
        create temporary table fio_affected_figures as
        select observation_key
        from {{ this }}
        where article_id in (select article_id from fio_changed_articles)
        union
        select {{ provind.figure_key() }} as observation_key
        from {{ ref('stg_raw__mentions') }}
        where article_id in (select article_id from fio_changed_articles)
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{% macro delete_changed_observations() -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where observation_key in (select observation_key from fio_affected_figures)
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
