{#-
    Indexes on PostgreSQL (docs/incremental.md, "PostgreSQL at 100,000").

    DuckDB scans one column and skips row groups by their min and max, so a
    night's lookups (the articles landed since a watermark, the mentions of
    those articles, the facts of the touched partitions) cost it little
    without an index, and an index would slow every insert
    (macros/primary_keys.sql). PostgreSQL reads whole rows: without an index
    each lookup is a scan of the table, and at 100,000 articles those scans
    were most of the night. So on PostgreSQL, and there only:

    - the raw tables get an index on each column the night filters them by,
      at the start of every invocation (`if not exists`: free once built);
    - each incremental model declares the indexes its night uses through
      dbt-postgres's `indexes` config, built when the table is (re)created.

    A warehouse whose tables were built before an index was declared gets it
    at its next `--full-refresh`.
-#}

{% macro postgres_indexes(indexes) -%}
    {#- a model's `indexes` config: the given ones on PostgreSQL, none on DuckDB -#}
    {{ return(indexes if target.type == 'postgres' else []) }}
{%- endmacro %}

{% macro index_raw_tables() -%}
    {#-
        on-run-start: the raw columns the night looks rows up by (the changed articles
        and every version of their URLs, their mentions, the watermarks). The raw tables
        are loaded by whoever feeds the PostgreSQL target (docs/operations.md); a role
        that does not own them may not index them, and is told so without failing.
    -#}
    {%- if target.type != 'postgres' or not execute -%}
        select 1
    {%- else -%}
        {%- set wanted = [
            ('articles', 'url'), ('articles', 'loaded_at'),
            ('mentions', 'article_id'), ('mentions', 'extracted_at'),
        ] -%}
        {%- set statements = [] -%}
        {%- for table, column in wanted -%}
            {%- set declared = source('raw', table) -%}
            {%- if adapter.get_relation(database=declared.database, schema=declared.schema, identifier=declared.identifier) -%}
                {%- do statements.append(
                    "create index if not exists raw_" ~ table ~ "__" ~ column ~ " on " ~ declared ~ " (" ~ column ~ ")"
                ) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if statements -%}
        do $$
        begin
            {%- for statement in statements %}
            {{ statement }};
            {%- endfor %}
        exception when insufficient_privilege then
            raise notice 'provind: the raw tables are not indexed (not their owner); the nights scan them';
        end
        $$
        {%- else -%}
        select 1
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}

{% macro analyze_temporary(name) -%}
    {#-
        PostgreSQL never analyzes a temporary table by itself, and plans a lookup in an
        unanalyzed one as if it held a thousand rows: a scan of the whole table instead of
        its index. DuckDB needs nothing.
    -#}
    {%- if target.type == 'postgres' -%}
        analyze {{ name }}
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
