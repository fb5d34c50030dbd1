{#-
    Reference data built only when it changed (docs/incremental.md, "Reference data").

    The seeds (regions, indicators, the holiday calendar) and the dimensions made
    from them alone (dim_region, dim_indicator, dim_date) change a few times a
    year, not nightly. Each keeps, in `intermediate.reference_state`, the *state*
    it was last built from: the checksum dbt keeps of its own file (a seed's CSV,
    a model's SQL), those of the seeds it reads, and the vars it names in
    `meta.state_vars`. A build whose state is the one recorded keeps the table as
    it is (the materializations below wrap dbt's own, for seeds and for tables
    with `meta.reference`); any change, a missing table, a missing record or `--full-refresh`
    rebuilds it and records the new state after the build succeeded.

    A macro's change is not in the state: after editing one, build with
    `--full-refresh` (as for any incremental model).
-#}

{% macro reference_state_relation() -%}
    {{ return(api.Relation.create(database=target.database, schema='intermediate', identifier='reference_state')) }}
{%- endmacro %}

{% macro reference_state_key(node=model) -%}
    {%- set parts = [node.unique_id ~ '=' ~ node.checksum.checksum] -%}
    {%- for upstream in node.depends_on.nodes if upstream.startswith('seed.') -%}
        {%- do parts.append(upstream ~ '=' ~ graph.nodes[upstream].checksum.checksum) -%}
    {%- endfor -%}
    {%- for name in node.config.get('meta', {}).get('state_vars', []) -%}
        {%- do parts.append(name ~ '=' ~ var(name)) -%}
    {%- endfor -%}
    {{ return(local_md5(parts | join(';'))) }}
{%- endmacro %}

{% macro reference_unchanged() -%}
    {#- true: the relation exists and was built from the state it would be built from now -#}
    {%- if not execute or should_full_refresh() -%}{{ return(false) }}{%- endif -%}
    {%- set state = provind.reference_state_relation() -%}
    {%- if adapter.get_relation(database=this.database, schema=this.schema, identifier=this.identifier) is none
        or adapter.get_relation(database=state.database, schema=state.schema, identifier=state.identifier) is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set found = run_query(
        "select count(*) from " ~ state ~ " where node_id = '" ~ model.unique_id
        ~ "' and state_key = '" ~ provind.reference_state_key() ~ "'"
    ).rows[0][0] -%}
    {{ return(found > 0) }}
{%- endmacro %}

{% macro remember_reference_state() -%}
    {#- post-hook: this node now holds what its current state gives -#}
    {%- set state = provind.reference_state_relation() -%}
    create schema if not exists {{ state.schema }};
    create table if not exists {{ state }} (node_id {{ dbt.type_string() }}, state_key {{ dbt.type_string() }});
    delete from {{ state }} where node_id = '{{ model.unique_id }}';
    insert into {{ state }} (node_id, state_key) values ('{{ model.unique_id }}', '{{ provind.reference_state_key() }}')
{%- endmacro %}

{#-
    Seeds, and tables with `meta.reference`: dbt's own materialization (which
    rebuilds the table every time), unless the state is the one last built.
-#}
{% macro unless_reference_unchanged(materialization) -%}
    {%- if provind.reference_unchanged() -%}
        {#- a seed's runner reads the loaded rows back: none were loaded -#}
        {%- do store_result('agate_table', response='OK', agate_table=run_query('select 1 as unchanged where 1 = 0')) -%}
        {%- call noop_statement('main', 'UNCHANGED 0', 'UNCHANGED', 0) -%}select 1{%- endcall -%}
        {{ return({'relations': [this.incorporate(type='table')]}) }}
    {%- endif -%}
    {%- set result = materialization() -%}
    {%- call statement('remember_reference_state') -%}{{ provind.remember_reference_state() }}{%- endcall -%}
    {%- do adapter.commit() -%}
    {{ return(result) }}
{%- endmacro %}

{% materialization seed, adapter='duckdb' %}
    {{ return(provind.unless_reference_unchanged(dbt.materialization_seed_default)) }}
{% endmaterialization %}

{% materialization seed, adapter='postgres' %}
    {{ return(provind.unless_reference_unchanged(dbt.materialization_seed_default)) }}
{% endmaterialization %}

{% materialization table, adapter='duckdb', supported_languages=['sql', 'python'] %}
    {%- if config.get('meta', {}).get('reference') -%}
        {{ return(provind.unless_reference_unchanged(dbt.materialization_table_duckdb)) }}
    {%- endif -%}
    {{ return(dbt.materialization_table_duckdb()) }}
{% endmaterialization %}

{% materialization table, adapter='postgres' %}
    {%- if config.get('meta', {}).get('reference') -%}
        {{ return(provind.unless_reference_unchanged(dbt.materialization_table_default)) }}
    {%- endif -%}
    {{ return(dbt.materialization_table_default()) }}
{% endmaterialization %}
