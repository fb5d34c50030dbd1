{#-
    Parse one endpoint of a period string: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    `period_endpoint_start` gives the first day it covers, `period_endpoint_end`
    the last; both are null for anything else (empty or malformed).
-#}
{% macro period_endpoint_kind(endpoint) -%}
    case
        when {{ provind.regexp_full_match(endpoint, '[12][0-9]{3}') }} then 'year'
        when {{ provind.regexp_full_match(endpoint, '[12][0-9]{3}-(0[1-9]|1[0-2])') }} then 'month'
        when {{ provind.regexp_full_match(endpoint, '[12][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])') }} then 'day'
    end
{%- endmacro %}

{% macro period_endpoint_start(endpoint) -%}
    case {{ provind.period_endpoint_kind(endpoint) }}
        when 'year' then make_date(cast(substr({{ endpoint }}, 1, 4) as integer), 1, 1)
        when 'month' then make_date(cast(substr({{ endpoint }}, 1, 4) as integer), cast(substr({{ endpoint }}, 6, 2) as integer), 1)
        when 'day' then cast({{ endpoint }} as date)
    end
{%- endmacro %}

{% macro period_endpoint_end(endpoint) -%}
    case {{ provind.period_endpoint_kind(endpoint) }}
        when 'year' then make_date(cast(substr({{ endpoint }}, 1, 4) as integer), 12, 31)
        when 'month' then {{ provind.month_end("make_date(cast(substr(" ~ endpoint ~ ", 1, 4) as integer), cast(substr(" ~ endpoint ~ ", 6, 2) as integer), 1)") }}
        when 'day' then cast({{ endpoint }} as date)
    end
{%- endmacro %}
