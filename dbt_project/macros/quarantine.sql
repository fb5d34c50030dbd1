{#-
    The quarantine table written by gate 1 (`raw.quarantine`), or none where it does
    not exist (a fresh warehouse, or a target loaded without it): staging then
    filters nothing.
-#}
{% macro quarantine_relation() -%}
    {%- if execute -%}
        {%- set declared = source('raw', 'quarantine') -%}
        {{ return(adapter.get_relation(database=declared.database, schema=declared.schema, identifier=declared.identifier)) }}
    {%- else -%}
        {{ return(none) }}
    {%- endif -%}
{%- endmacro %}
