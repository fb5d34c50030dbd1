{#-
    Primary keys on DuckDB (docs/incremental.md, "Primary keys on DuckDB").

    The contracts of the marts declare their primary keys. DuckDB enforces a primary
    key with an ART index, and writes that whole index again whenever a transaction
    changes the table: a night that rewrites 1% of the fact table spent 1.5 s of its
    commit on the index at 1,000,000 articles, against 0.1 s without it. So on
    DuckDB the incremental models (the large tables a night rewrites in part) keep
    their declared key as documentation, the way dbt treats a primary key on a
    platform that does not enforce one, and their `unique` data tests (narrowed to
    the night, docs/incremental.md "Data tests") are what refuses a duplicate; a
    failed test stops the run before it is published. Tables rebuilt whole, and
    every model on PostgreSQL (a B-tree updates in place), keep the enforced key.
    The published `marts.duckdb` carries no constraints either way: it is copied
    table by table (provind.publish.atomic).
-#}

{% macro duckdb__get_table_columns_and_constraints() -%}
    {%- if config.get('materialized') != 'incremental' -%}
        {{ return(table_columns_and_constraints()) }}
    {%- endif -%}
    {%- set declared = model['constraints'] | rejectattr('type', 'equalto', 'primary_key') | list -%}
    {%- set columns = adapter.render_raw_columns_constraints(raw_columns=model['columns']) -%}
    {%- set constraints = adapter.render_raw_model_constraints(raw_constraints=declared) -%}
    (
    {% for c in columns + constraints -%}
        {{ c }}{{ "," if not loop.last }}
    {% endfor -%}
    )
{%- endmacro %}
