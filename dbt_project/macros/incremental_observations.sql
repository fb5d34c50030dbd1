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
        -- strictly after: the articles at the watermark are the ones the last build processed
        -- (every run lands and extracts at later timestamps than the previous one)
        select landed.url
        from {{ ref('stg_raw__articles') }} as landed
        where landed.loaded_at > {{ provind.observation_watermark() }}
        -- a union, not an `or`: PostgreSQL cannot look an `or` of two conditions up in
        -- indexes, and tested the second against every article (docs/incremental.md)
        union
        -- re-extracted: a filter on the mentions' own timestamp, which skips the old
        -- row groups, rather than the latest extraction of every article
        select reextracted.url
        from {{ ref('stg_raw__articles') }} as reextracted
        where reextracted.article_id in (
            select mentions.article_id
            from {{ ref('stg_raw__mentions') }} as mentions
            where mentions.extracted_at > {{ provind.observation_watermark() }}
        )
    )
{%- endmacro %}

{% macro keep_changed_articles() -%}
    {%- if is_incremental() -%}
        drop table if exists fio_changed_articles;
        create temporary table fio_changed_articles as
        select * from ({{ provind.observation_changed_articles() }}) as changed
        {% if provind.observations_rebuild() %}where false /* rebuilt: nothing to single out */{% endif %};
        {{ provind.analyze_temporary('fio_changed_articles') }}
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
        where article_id in (select article_id from fio_changed_articles);
        {{ provind.analyze_temporary('fio_affected_figures') }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{% macro delete_changed_observations() -%}
    {%- if is_incremental() and provind.observations_rebuild() -%}
        delete from {{ this }}
    {%- elif is_incremental() -%}
        delete from {{ this }}
        where observation_key in (select observation_key from fio_affected_figures)
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#-
    int_mention_figure_keys: the figure key of each mention, kept so that the fact
    table's night finds the mentions of its affected figures without computing the
    key of every mention. Its changed articles are those landed, re-extracted or
    touched by a quarantine decision (staging moves `loaded_at` then) after the
    newest `source_changed_at` in the table: their rows are deleted and written
    again. The set is kept in a temporary table before the delete, which lowers
    the watermark.
-#}

{% macro mention_keys_watermark() -%}
    (select coalesce(max(source_changed_at), cast('1900-01-01' as timestamp)) from {{ this }})
{%- endmacro %}

{% macro keep_changed_key_articles() -%}
    {%- if is_incremental() -%}
        drop table if exists mfk_changed_articles;
        create temporary table mfk_changed_articles as
        select article_id
        from {{ ref('stg_raw__articles') }}
        where loaded_at > {{ provind.mention_keys_watermark() }}
        union
        select article_id
        from {{ ref('stg_raw__mentions') }}
        where extracted_at > {{ provind.mention_keys_watermark() }};
        {{ provind.analyze_temporary('mfk_changed_articles') }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{% macro delete_changed_key_articles() -%}
    {%- if is_incremental() -%}
        delete from {{ this }} where article_id in (select article_id from mfk_changed_articles)
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{% macro key_hash(expression) -%}
    {#- a 64-bit hash of a text, for a narrow lookup column (int_mention_figure_keys) -#}
    {%- if target.type == 'postgres' -%}
        hashtextextended({{ expression }}, 0)
    {%- else -%}
        hash({{ expression }})
    {%- endif -%}
{%- endmacro %}

{% macro keep_affected_mentions() -%}
    {#- the mentions of the affected figures, looked up by hash (a few too many, never too few) -#}
    {%- if is_incremental() -%}
        drop table if exists fio_affected_mentions;
        create temporary table fio_affected_mentions as
        select keys.mention_id, keys.article_id
        from {{ ref('int_mention_figure_keys') }} as keys
        where keys.figure_hash in (
            select {{ provind.key_hash('observation_key') }} from fio_affected_figures
        );
        {{ provind.analyze_temporary('fio_affected_mentions') }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#-
    The fact table's side of the BI marts' change log (macros/incremental_marts.sql
    reads it): the partitions of the facts about to be deleted, kept before the
    delete, and after the build one log entry per touched (indicator, region,
    period). Here, beside the other pre-hooks, because they read the same
    session's temporary tables (fio_affected_figures, fio_plan).
-#}

{% macro keep_touched_partitions() -%}
    {#- before the delete: the partitions of the facts about to go -#}
    {%- if is_incremental() -%}
        drop table if exists fio_touched;
        create temporary table fio_touched as
        select indicator_key, region_key, period_key
        from {{ this }}
        where observation_key in (select observation_key from fio_affected_figures);
        {{ provind.analyze_temporary('fio_touched') }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{% macro log_observation_changes() -%}
    {%- set changes = provind.observation_changes_relation() -%}
    {{ provind.create_change_log() }};
    drop table if exists fio_next_change;
    create temporary table fio_next_change as
    select coalesce(max(change_id), 0) + 1 as change_id from {{ changes }};
    insert into {{ changes }} (change_id, indicator_key, region_key, period_key, everything)
    {%- if is_incremental() %}
    select distinct fio_next_change.change_id, touched.indicator_key, touched.region_key, touched.period_key, false
    from (
        select indicator_key, region_key, period_key from fio_touched
        union
        select indicator_key, region_key, period_key
        from {{ this }}
        where observation_key in (select observation_key from fio_affected_figures)
    ) as touched
    cross join fio_next_change
    where not (select rebuild from fio_plan)
    union all
    -- rebuilt past its share (see observations_rebuild): everything changed
    select change_id, null, null, null, true from fio_next_change where (select rebuild from fio_plan)
    {%- else %}
    select change_id, null, null, null, true from fio_next_change
    {%- endif %}
{%- endmacro %}

{#-
    Partitions or a rebuild: past a share of the table, recomputing by partitions
    costs more than rebuilding (the deletes, the semi-joins, the per-key filters),
    so each incremental model rebuilds when its changes reach var
    `rebuild_share` (measured in docs/incremental.md). The choice is made once per
    invocation, before the pre-hooks change anything, and kept in the graph for
    the model's SQL and its other hooks; the first pre-hook also keeps it in a
    temporary table for the post-hooks.
-#}

{% macro share_at_least(changed_sql, total_sql) -%}
    {%- if not execute -%}{{ return(false) }}{%- endif -%}
    {%- set row = run_query("select (" ~ changed_sql ~ "), (" ~ total_sql ~ ")").rows[0] -%}
    {%- set total = row[1] or 0 -%}
    {{ return(total > 0 and row[0] >= var('rebuild_share') * total) }}
{%- endmacro %}

{% macro observations_rebuild() -%}
    {#-
        the fact table: changed articles (landed, re-extracted, or quarantine-touched) against
        all of them; counted once per invocation (the model's SQL and three pre-hooks ask,
        each a count of the raw tables) and kept in the graph, which every node shares
    -#}
    {%- if not is_incremental() -%}{{ return(false) }}{%- endif -%}
    {%- set plans = graph.setdefault('provind_rebuild_plans', {}) -%}
    {%- set key = this | string -%}
    {%- if key not in plans and execute -%}
        {%- do plans.update({key: provind.share_at_least(
            "select count(*) from (select article_id from " ~ ref('stg_raw__articles')
                ~ " where loaded_at > " ~ provind.observation_watermark()
                ~ " union select article_id from " ~ ref('stg_raw__mentions')
                ~ " where extracted_at > " ~ provind.observation_watermark() ~ ") as changed",
            "select count(*) from " ~ ref('stg_raw__articles')
        )}) -%}
    {%- endif -%}
    {{ return(plans.get(key, false)) }}
{%- endmacro %}

{% macro keep_observations_plan() -%}
    {%- if is_incremental() -%}
        drop table if exists fio_plan;
        create temporary table fio_plan as select {{ provind.observations_rebuild() }} as rebuild
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
