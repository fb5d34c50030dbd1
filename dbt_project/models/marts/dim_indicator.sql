-- The indicator catalog the extractor maps subjects to (seed `indicators`,
-- shared with the extractor through a symlink), plus the `unclassified` member
-- that keeps every mention whose subject maps to no catalog entry.

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
        keywords
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
        cast(null as {{ dbt.type_string() }}) as keywords
    where not exists (
        select 1 from catalog where indicator_code = 'unclassified'
    )

)

select * from indicators
union all
select * from unclassified
