{#-
    Incremental bookkeeping for the BI marts (models/marts/bi/).

    Each BI mart is computed over *partitions* of the facts that its windows
    never cross: the time series and the latest values over an indicator and a
    region (all its versions), the city comparison over an indicator, a
    province and a period (its ranks compare the cities of one period, and it
    reads only the point's own figure from the time series, never the previous
    period's). A partition can be recomputed alone and gives the rows a full
    refresh would. The finer the partition, the less a batch spread over the
    history recomputes: by (indicator, province) alone, 100 articles spread over
    100,000 touched most of the city comparison (docs/incremental.md).

    1. `fct_indicator_observation` records, after each build, the indicator,
       region and period keys of every fact it deleted or wrote in a change log
       (`intermediate.fct_indicator_observation_changes`, one `change_id` per
       build; a full build logs one `everything` row).
    2. Each BI mart keeps how far it has read that log
       (`intermediate.bi_mart_watermarks`). Its pre-hooks take the entries it
       has not read yet (`<mart>__pending`) and the partitions they touch
       (`<mart>__touched`), delete those partitions, and the model appends
       them, recomputed from all their facts. Its post-hook moves its
       watermark.
    3. When the touched partitions reach var `rebuild_share_marts` of the mart's, the
       pre-hook adds an `everything` entry: the mart is recomputed whole.

    A mart that fails keeps its watermark, so the next build reads the same
    changes again; a mart without a watermark (built before the log existed)
    recomputes everything. As for the fact table, changing a seed (regions,
    indicators) changes dimension attributes of old facts: build with
    `--full-refresh` then.
-#}

{% macro observation_changes_relation() -%}
    {{ return(api.Relation.create(
        database=target.database, schema='intermediate', identifier='fct_indicator_observation_changes'
    )) }}
{%- endmacro %}

{% macro bi_watermarks_relation() -%}
    {{ return(api.Relation.create(database=target.database, schema='intermediate', identifier='bi_mart_watermarks')) }}
{%- endmacro %}

{% macro create_change_log() -%}
    create table if not exists {{ provind.observation_changes_relation() }} (
        change_id integer,
        indicator_key {{ dbt.type_string() }},
        region_key {{ dbt.type_string() }},
        everything boolean
    );
    -- added after the first release: a log written before has no period (read as everything)
    alter table {{ provind.observation_changes_relation() }}
        add column if not exists period_key {{ dbt.type_string() }};
    create table if not exists {{ provind.bi_watermarks_relation() }} (
        model_name {{ dbt.type_string() }},
        consumed_change_id integer
    )
{%- endmacro %}

{# ---------------------------------------------------------------- the marts' side #}

{% macro take_pending_changes() -%}
    {#-
        First pre-hook of a BI mart: the change-log entries it has not read yet
        (`<mart>__pending`), and the partitions they touch (`<mart>__touched`).
    -#}
    {%- set pending = this.identifier ~ '__pending' -%}
    {%- set touched = this.identifier ~ '__touched' -%}
    {{ provind.create_change_log() }};
    drop table if exists {{ pending }};
    create temporary table {{ pending }} as
    select changes.change_id, changes.indicator_key, changes.region_key, changes.period_key, changes.everything
    from {{ provind.observation_changes_relation() }} as changes
    where changes.change_id > (
        select coalesce(max(consumed_change_id), 0)
        from {{ provind.bi_watermarks_relation() }}
        where model_name = '{{ this.identifier }}'
    )
    union all
    -- never built with the log: recompute everything
    select 0, null, null, null, true
    where not exists (
        select 1 from {{ provind.bi_watermarks_relation() }} where model_name = '{{ this.identifier }}'
    );
    -- an entry logged before the log had periods: its period is unknown, recompute everything
    insert into {{ pending }} (change_id, indicator_key, region_key, period_key, everything)
    select 0, null, null, null, true
    where exists (select 1 from {{ pending }} where not everything and period_key is null)
        and not exists (select 1 from {{ pending }} where everything);
    drop table if exists {{ touched }};
    create temporary table {{ touched }} as
    {{ provind.touched_partitions_sql(pending, from_hook=true) }};
    {{ provind.analyze_temporary(touched) }}
    {%- if is_incremental() %};
    -- past var `rebuild_share_marts` of the mart's partitions, recompute them all (a rebuild)
    {%- set partition = config.get('meta')['bi_partition'] | join(', ') %}
    insert into {{ pending }} (change_id, indicator_key, region_key, period_key, everything)
    select 0, null, null, null, true
    where not exists (select 1 from {{ pending }} where everything)
        and (select count(*) from (select distinct {{ partition }} from {{ touched }}) as touched_partitions)
            >= {{ var('rebuild_share_marts') }}
            * (select count(*) from (select distinct {{ partition }} from {{ this }}) as all_partitions)
    {%- endif %}
{%- endmacro %}

{% macro touched_partitions_sql(changes, since=none, from_hook=false) -%}
    {#-
        The partitions that the entries of `changes` (the change log or a copy of some of
        its rows) touch: each (indicator, region, period) with its codes, the region's
        province and every version of the region's code, so that a filter on any of these
        columns takes whole partitions. `since`: a condition on the entries' change_id.
        Used by the marts' pre-hooks (`from_hook`: the dimensions by ref(), which dbt
        resolves when it parses the hook) and by the nightly data tests
        (macros/nightly_tests.sql: by name, for a test may not depend on them).
    -#}
    {%- if from_hook -%}
        {%- set indicators, regions, periods = ref('dim_indicator'), ref('dim_region'), ref('dim_period') -%}
    {%- else -%}
        {%- set indicators = provind.node_relation('dim_indicator') -%}
        {%- set regions = provind.node_relation('dim_region') -%}
        {%- set periods = provind.node_relation('dim_period') -%}
    {%- endif -%}
    select distinct
        indicators.indicator_key,
        indicators.indicator_code,
        versions.region_key,
        versions.region_code,
        versions.province_code,
        periods.period_code
    from {{ changes }} as changes
    inner join {{ indicators }} as indicators
        on changes.indicator_key = indicators.indicator_key
    inner join {{ regions }} as regions
        on changes.region_key = regions.region_key
    inner join {{ regions }} as versions
        on regions.region_code = versions.region_code
    -- a left join: a period without its dimension row still touches its (indicator, region)
    left join {{ periods }} as periods
        on changes.period_key = periods.period_key
    {%- if since %}
    where changes.{{ since }}
    {%- endif %}
{%- endmacro %}

{% macro in_touched_partitions(key_columns, relation) -%}
    {#-
        A row filter: the row of `relation` (an alias) belongs to a partition
        to recompute. `key_columns` name the partition, from indicator_key,
        region_key, indicator_code, region_code, province_code, period_code:
        an (indicator, region) pair or an (indicator, province, period), as
        coarse as the mart's windows or coarser, so whole partitions are always
        taken.
    -#}
    (
        exists (select 1 from {{ this.identifier }}__pending where everything)
        {%- if target.type == 'postgres' %}
        -- PostgreSQL runs a correlated `exists` under an `or` once per row; a row `in` is
        -- looked up in one hash of the touched partitions
        or ({% for column in key_columns %}{{ relation }}.{{ column }}{% if not loop.last %}, {% endif %}{% endfor %}) in (
            select {{ key_columns | join(', ') }} from {{ this.identifier }}__touched
        )
        {%- else %}
        or exists (
            select 1
            from {{ this.identifier }}__touched as touched
            where
            {%- for column in key_columns %}
                {% if not loop.first %}and {% endif %}touched.{{ column }} = {{ relation }}.{{ column }}
            {%- endfor %}
        )
        {%- endif %}
    )
{%- endmacro %}

{% macro delete_touched_partitions() -%}
    {%- if is_incremental() -%}
        {%- set key_columns = config.get('meta')['bi_partition'] -%}
        delete from {{ this }} as mart where {{ provind.in_touched_partitions(key_columns, 'mart') }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{% macro move_watermark() -%}
    {#- post-hook: every pending change is now in the mart -#}
    {%- set watermarks = provind.bi_watermarks_relation() -%}
    drop table if exists {{ this.identifier }}__consumed;
    create temporary table {{ this.identifier }}__consumed as
    select coalesce(max(change_id), 0) as consumed_change_id
    from (
        select change_id from {{ this.identifier }}__pending
        union all
        select consumed_change_id from {{ watermarks }} where model_name = '{{ this.identifier }}'
    ) as read_so_far;
    delete from {{ watermarks }} where model_name = '{{ this.identifier }}';
    insert into {{ watermarks }} (model_name, consumed_change_id)
    select '{{ this.identifier }}', consumed_change_id from {{ this.identifier }}__consumed
{%- endmacro %}
