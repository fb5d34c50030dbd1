{#-
    The validity intervals [valid_from, valid_to] (valid_to null = open) of the
    rows sharing `key` never overlap. Fails with the overlapping pairs.
-#}
{% test provind_versions_do_not_overlap(model, key, valid_from='valid_from', valid_to='valid_to') %}

select
    earlier.{{ key }},
    earlier.{{ valid_from }} as earlier_valid_from,
    later.{{ valid_from }} as later_valid_from
from {{ model }} as earlier
inner join {{ model }} as later
    on earlier.{{ key }} = later.{{ key }}
    and earlier.{{ valid_from }} < later.{{ valid_from }}
where earlier.{{ valid_to }} is null
    or earlier.{{ valid_to }} >= later.{{ valid_from }}

{% endtest %}
