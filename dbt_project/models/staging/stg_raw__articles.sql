-- `loaded_at` also moves when a data-quality decision (quarantine or release) touches
-- one of the article's mentions, so the incremental fact table reprocesses the article.
-- One select, no CTEs: PostgreSQL cannot merge a view written with CTEs into the
-- query that reads it, so the night's lookups through this view (every version of
-- the changed URLs) scanned raw.articles instead of its indexes
-- (docs/incremental.md, "PostgreSQL at 100,000").
-- depends_on: {{ source('raw', 'quarantine') }}
{%- set quarantine = provind.quarantine_relation() %}

select

    ----------  ids
    articles.article_id,
    articles.url,
    articles.content_hash,
    nullif(trim(articles.source_region_code), '') as source_region_code,

    ---------- text
    articles.source,
    nullif(trim(articles.publisher), '') as publisher,
    nullif(trim(articles.title), '') as title,
    coalesce(nullif(trim(articles.language), ''), 'zh-Hans') as language,

    ---------- dates and timestamps
    cast(articles.published as date) as published,
    cast(articles.fetched_at as timestamp) as fetched_at,
    {%- if quarantine %}
    cast(greatest(articles.loaded_at, coalesce(decisions.decided_at, articles.loaded_at)) as timestamp) as loaded_at,
    {%- else %}
    cast(articles.loaded_at as timestamp) as loaded_at,
    {%- endif %}
    articles.run_id

from {{ source('raw', 'articles') }} as articles
{% if quarantine -%}
-- the latest quarantine decision (held or released) on any mention of each article; a subquery,
-- not a CTE, which would keep PostgreSQL from merging this view (above)
left join (  -- noqa: ST05
    select
        mentions.article_id,
        max(coalesce(q.released_at, q.quarantined_at)) as decided_at
    from {{ quarantine }} as q
    inner join {{ source('raw', 'mentions') }} as mentions
        on q.table_name = 'mentions' and q.row_id = mentions.mention_id
    group by mentions.article_id
) as decisions
    on articles.article_id = decisions.article_id
{%- endif %}
