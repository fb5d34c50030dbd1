with

source as (

    select * from {{ source('raw', 'articles') }}

),

renamed as (

    select

        ----------  ids
        article_id,
        url,
        content_hash,
        nullif(trim(source_region_code), '') as source_region_code,

        ---------- text
        source,
        nullif(trim(publisher), '') as publisher,
        nullif(trim(title), '') as title,
        coalesce(nullif(trim(language), ''), 'zh-Hans') as language,

        ---------- dates and timestamps
        cast(published as date) as published,
        cast(fetched_at as timestamp) as fetched_at,
        cast(loaded_at as timestamp) as loaded_at,
        run_id

    from source

)

select * from renamed
