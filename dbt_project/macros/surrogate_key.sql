{#-
    A portable surrogate key: md5 over the given expressions, cast to text,
    nulls made explicit, separated by '|'. Same result on duckdb and postgres.
    (A dependency-free stand-in for dbt_utils.generate_surrogate_key.)
-#}
{% macro surrogate_key(expressions) -%}
    md5(
    {%- for expression in expressions %}
        coalesce(cast({{ expression }} as {{ dbt.type_string() }}), '_null_')
        {%- if not loop.last %} || '|' || {% endif %}
    {%- endfor %}
    )
{%- endmacro %}
