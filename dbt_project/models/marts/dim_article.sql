-- Every version of every article landed in raw (a URL with a given content
-- hash). `is_latest_version` marks the one the facts are drawn from.

with

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

versions as (

    select
        *,
        row_number() over (
            partition by url
            order by fetched_at desc, loaded_at desc, article_id desc
        ) as version_rank
    from articles

)

select
    article_id,
    url,
    title,
    publisher,
    source,
    source_region_code,
    published,
    case
        when published is null then -1
        else cast(
            extract(year from published) * 10000
            + extract(month from published) * 100
            + extract(day from published) as integer
        )
    end as published_date_key,
    language,
    content_hash,
    fetched_at,
    loaded_at,
    version_rank = 1 as is_latest_version
from versions
