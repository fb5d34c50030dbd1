-- A calendar: one row per day from var `date_spine_start` to `date_spine_end`,
-- with the Chinese public-holiday calendar (statutory days off and the weekend
-- days turned into working days, 调休) from the `cn_holidays` seed, plus the
-- `-1` member for facts whose date is unknown.
-- Reference data: rebuilt only when its seeds, its SQL or its vars changed
-- (macros/reference_state.sql); otherwise the table stays as it is.

-- depends_on: {{ source('bookkeeping', 'reference_state') }}
{{ config(meta={'reference': true, 'state_vars': ['date_spine_start', 'date_spine_end']}) }}

with

digits as (

    -- AL05 off: the alias names the VALUES list's column `n` (sqlfluff's fix would drop it)
    select n from (values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) as digits (n)  -- noqa: AL05

),

numbers as (

    select ones.n + 10 * tens.n + 100 * hundreds.n + 1000 * thousands.n + 10000 * ten_thousands.n as n
    from digits as ones
    cross join digits as tens
    cross join digits as hundreds
    cross join digits as thousands
    cross join digits as ten_thousands

),

days as (

    select cast(cast('{{ var("date_spine_start") }}' as date) + n as date) as date_day
    from numbers
    where n <= cast('{{ var("date_spine_end") }}' as date) - cast('{{ var("date_spine_start") }}' as date)

),

holidays as (

    select * from {{ ref('cn_holidays') }}

),

holiday_years as (

    -- a year whose rows are provisional (statutory days only, before the State Council's
    -- announcement: scripts/gen_holidays.py) is not a known calendar yet
    select distinct cast(extract(year from date) as integer) as year_number from holidays where is_official

),

calendar as (

    select
        days.date_day,
        cast(extract(year from days.date_day) as integer) as year_number,
        cast(extract(month from days.date_day) as integer) as month_of_year,
        cast(extract(day from days.date_day) as integer) as day_of_month,
        cast(extract(quarter from days.date_day) as integer) as quarter_of_year,
        cast(extract(isodow from days.date_day) as integer) as day_of_week,
        cast(extract(doy from days.date_day) as integer) as day_of_year,
        cast(extract(week from days.date_day) as integer) as iso_week_of_year,
        holidays.holiday_name,
        coalesce(holidays.is_holiday, false) as is_holiday,
        coalesce(holidays.is_workday_shift, false) as is_workday_shift,
        holiday_years.year_number is not null as is_holiday_calendar_known
    from days
    left join holidays
        on days.date_day = holidays.date
    left join holiday_years
        on cast(extract(year from days.date_day) as integer) = holiday_years.year_number

)

select
    year_number * 10000 + month_of_year * 100 + day_of_month as date_key,
    date_day,
    year_number,
    case when month_of_year <= 6 then 1 else 2 end as half_of_year,
    quarter_of_year,
    month_of_year,
    cast(year_number as {{ dbt.type_string() }}) || '-' || lpad(cast(month_of_year as {{ dbt.type_string() }}), 2, '0')
        as year_month,
    day_of_month,
    day_of_week,
    case day_of_week
        when 1 then '星期一' when 2 then '星期二' when 3 then '星期三' when 4 then '星期四'
        when 5 then '星期五' when 6 then '星期六' else '星期日'
    end as day_name_zh,
    day_of_year,
    iso_week_of_year,
    day_of_week >= 6 as is_weekend,
    holiday_name,
    is_holiday,
    is_workday_shift,
    case
        when is_holiday then false
        when is_workday_shift then true
        else day_of_week <= 5
    end as is_workday,
    is_holiday_calendar_known
from calendar

union all

select
    -1 as date_key,
    cast(null as date) as date_day,
    cast(null as integer) as year_number,
    cast(null as integer) as half_of_year,
    cast(null as integer) as quarter_of_year,
    cast(null as integer) as month_of_year,
    'unknown' as year_month,
    cast(null as integer) as day_of_month,
    cast(null as integer) as day_of_week,
    '未知' as day_name_zh,
    cast(null as integer) as day_of_year,
    cast(null as integer) as iso_week_of_year,
    false as is_weekend,
    cast(null as {{ dbt.type_string() }}) as holiday_name,
    false as is_holiday,
    false as is_workday_shift,
    false as is_workday,
    false as is_holiday_calendar_known
