{#- The last day of the month of a date expression, as a date (duckdb and postgres). -#}
{% macro month_end(date_expression) -%}
    cast(cast(date_trunc('month', {{ date_expression }}) as date) + interval '1 month' - interval '1 day' as date)
{%- endmacro %}
