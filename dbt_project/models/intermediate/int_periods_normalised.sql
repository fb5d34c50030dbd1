-- One row per distinct period string the extractor produced, parsed into a
-- start date, an end date and a grain. Forms: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`
-- and ranges `A..B` of those (either side may be empty: an open range).
-- Strings that parse to nothing keep their text with grain `unparsed`.

with

periods as (

    select distinct period as period_code
    from {{ ref('stg_raw__mentions') }}
    where period is not null

),

split as (

    select
        period_code,
        position('..' in period_code) > 0 as is_range,
        case
            when position('..' in period_code) > 0 then split_part(period_code, '..', 1)
            else period_code
        end as first_part,
        case
            when position('..' in period_code) > 0 then split_part(period_code, '..', 2)
            else period_code
        end as last_part
    from periods

),

parsed as (

    select
        period_code,
        is_range,
        first_part,
        last_part,
        {{ provind.period_endpoint_kind('first_part') }} as first_kind,
        {{ provind.period_endpoint_kind('last_part') }} as last_kind,
        {{ provind.period_endpoint_start('first_part') }} as start_date,
        {{ provind.period_endpoint_end('last_part') }} as end_date
    from split

),

graded as (

    select
        period_code,
        start_date,
        end_date,
        case
            when not is_range then coalesce(first_kind, 'unparsed')
            when first_part = '' and last_kind is not null then 'open_start'
            when last_part = '' and first_kind is not null then 'open_end'
            when first_kind is null or last_kind is null or start_date > end_date then 'unparsed'
            when extract(year from start_date) <> extract(year from end_date) then 'range'
            when extract(month from start_date) = 1 and extract(day from start_date) = 1
                and extract(month from end_date) = 12 and extract(day from end_date) = 31 then 'year'
            when extract(day from start_date) = 1
                and extract(month from start_date) in (1, 7)
                and end_date = {{ provind.month_end("start_date + interval '5 month'") }} then 'half'
            when extract(day from start_date) = 1
                and extract(month from start_date) in (1, 4, 7, 10)
                and end_date = {{ provind.month_end("start_date + interval '2 month'") }} then 'quarter'
            when extract(day from start_date) = 1 and extract(month from start_date) = 1
                and end_date = {{ provind.month_end('end_date') }} then 'year_to_date'
            when start_date = end_date then 'day'
            when extract(day from start_date) = 1
                and end_date = {{ provind.month_end('start_date') }} then 'month'
            else 'range'
        end as grain
    from parsed

)

select
    period_code,
    grain,
    case when grain = 'unparsed' then null else start_date end as start_date,
    case when grain = 'unparsed' then null else end_date end as end_date
from graded
