-- The indicator catalog the extractor maps subjects to (seed `indicators`,
-- shared with the extractor through a symlink), plus the `unclassified` member
-- that keeps every mention whose subject maps to no catalog entry. The plausibility
-- bounds (min_value, max_value, max_growth, additive) are the ones gate 1 applies
-- (expectations/provind_expectations/bounds.py); empty means the default of the indicator's kind.
-- Reference data: rebuilt only when its seed, its SQL changed
-- (macros/reference_state.sql); otherwise the table stays as it is.

-- depends_on: {{ source('bookkeeping', 'reference_state') }}
{{ config(meta={'reference': true}) }}

with

catalog as (

    select * from {{ ref('indicators') }}

),

indicators as (

    select
        {{ provind.surrogate_key(['indicator_code']) }} as indicator_key,
        indicator_code,
        name_zh,
        name_en,
        domain,
        unit,
        kind,
        higher_is_better,
        keywords,
        min_value,
        max_value,
        max_growth,
        additive
    from catalog

),

unclassified as (

    select
        {{ provind.surrogate_key(["'unclassified'"]) }} as indicator_key,
        'unclassified' as indicator_code,
        '未分类' as name_zh,
        'Unclassified' as name_en,
        'unclassified' as domain,
        cast(null as {{ dbt.type_string() }}) as unit,
        cast(null as {{ dbt.type_string() }}) as kind,
        cast(null as boolean) as higher_is_better,
        cast(null as {{ dbt.type_string() }}) as keywords,
        cast(null as numeric(38, 6)) as min_value,
        cast(null as numeric(38, 6)) as max_value,
        cast(null as numeric(38, 6)) as max_growth,
        cast(null as boolean) as additive
    where not exists (select 1 from catalog where indicator_code = 'unclassified')

)

select * from indicators
union all
select * from unclassified
