{#-
    Use a node's custom schema exactly as configured (`marts`, `staging`,
    `intermediate`, `reference`) instead of dbt's default `<target_schema>_<custom>`.
    Nodes without a custom schema fall back to the target's schema.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
