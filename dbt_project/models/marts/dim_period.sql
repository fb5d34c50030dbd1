-- Reference periods of the figures: one row per distinct period string
-- (`2024`, `2024-06`, `2024-01..2024-06`, ...), with its dates and grain,
-- plus the `unknown` member for figures whose article fixes no period.

with

periods as (

    select * from {{ ref('int_periods_normalised') }}

),

members as (

    select
        period_code,
        grain,
        start_date,
        end_date
    from periods

    union all

    select
        'unknown' as period_code,
        'unknown' as grain,
        cast(null as date) as start_date,
        cast(null as date) as end_date

)

select
    {{ provind.surrogate_key(['period_code']) }} as period_key,
    period_code,
    grain,
    start_date,
    end_date,
    cast(extract(year from coalesce(end_date, start_date)) as integer) as period_year,
    case
        when start_date is null or end_date is null then null
        else cast(end_date - start_date + 1 as integer)
    end as day_count,
    period_code = 'unknown' as is_unknown
from members
