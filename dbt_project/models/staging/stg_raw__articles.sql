-- `loaded_at` also moves when a data-quality decision (quarantine or release) touches
-- one of the article's mentions, so the incremental fact table reprocesses the article.
-- depends_on: {{ source('raw', 'quarantine') }}
{%- set quarantine = provind.quarantine_relation() %}

with
{%- if quarantine %}

-- the latest quarantine decision (held or released) on any mention of each article
decisions as (

    select
        mentions.article_id,
        max(coalesce(q.released_at, q.quarantined_at)) as decided_at
    from {{ quarantine }} as q
    inner join {{ source('raw', 'mentions') }} as mentions
        on q.table_name = 'mentions' and q.row_id = mentions.mention_id
    group by mentions.article_id

),

source as (

    select
        articles.*,
        greatest(articles.loaded_at, coalesce(decisions.decided_at, articles.loaded_at)) as changed_at
    from {{ source('raw', 'articles') }} as articles
    left join decisions
        on articles.article_id = decisions.article_id

),
{%- else %}

source as (

    select
        articles.*,
        articles.loaded_at as changed_at
    from {{ source('raw', 'articles') }} as articles

),
{%- endif %}

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
        cast(changed_at as timestamp) as loaded_at,
        run_id

    from source

)

select * from renamed
