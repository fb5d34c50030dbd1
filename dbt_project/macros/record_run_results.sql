{#-
    on-run-end: keep one row per executed node in `meta.dbt_results`, so the run
    metadata published with the marts says what dbt built and tested, and how it went.
    The Airflow run id comes from the environment the task runs in.
    `dbt source freshness` runs this hook too: its results are not nodes that were built
    (they are kept in its sources.json, `provind.dbt_freshness`), so it records nothing.
-#}
{% macro record_run_results(results) -%}
    {%- if execute and target.type == 'duckdb' and flags.WHICH not in ('freshness', 'source') -%}
        {%- set run_id = env_var('AIRFLOW_CTX_DAG_RUN_ID', env_var('PROVIND_RUN_ID', 'dbt-cli')) -%}
        create schema if not exists meta;
        create table if not exists meta.dbt_results (
            run_id varchar, invocation_id varchar, unique_id varchar, resource_type varchar,
            status varchar, failures bigint, execution_time double, message varchar, finished_at timestamp
        );
        {%- for r in results %}
        insert into meta.dbt_results values (
            '{{ run_id }}', '{{ invocation_id }}', '{{ r.node.unique_id }}', '{{ r.node.resource_type }}',
            '{{ r.status }}', {{ r.failures if r.failures is not none else 'null' }},
            {{ r.execution_time or 0 }}, '{{ (r.message or "") | replace("'", "''") | truncate(500) }}',
            current_timestamp
        );
        {%- endfor %}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
