{#-
    No two rows share the combination of `columns` (nulls compare equal, so a
    null unit is one value). Fails with each duplicated combination and its count.
    (A dependency-free stand-in for dbt_utils.unique_combination_of_columns.)
-#}
{% test provind_unique_combination(model, columns) %}

select
    {% for column in columns -%}
    coalesce(cast({{ column }} as {{ dbt.type_string() }}), '_null_') as {{ column }},
    {% endfor -%}
    count(*) as row_count
from {{ model }}
group by
    {% for column in columns -%}
    coalesce(cast({{ column }} as {{ dbt.type_string() }}), '_null_'){% if not loop.last %},{% endif %}
    {% endfor %}
having count(*) > 1

{% endtest %}
