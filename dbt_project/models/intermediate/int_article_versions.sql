-- Every version of every article URL (a URL with a given content hash), ranked
-- within its URL: `version_rank` 1, `is_latest_version`, is the one the facts are
-- drawn from. A page re-published with corrections (new content hash, so a new
-- article_id) supersedes the earlier version: the later fetch wins, then the later
-- landing, then the higher article_id.
--
-- Read by `dim_article` (every version of the URLs a night touched) and by the
-- deduplication (`int_mentions_deduplicated` and the fact table's incremental
-- build, macros/observation_logic.sql: the current versions), so that both rank
-- the versions alike.
--
-- A view, not a table: a table would rank and write every version every night.
-- dim_article's night filters the view by URL after the ranking (DuckDB does not
-- push the semi-join below the window): at 100,000 articles ranking them all
-- costs about 70 ms more than ranking the night's URLs only (measured).

with

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

ranked as (

    select
        article_id,
        url,
        content_hash,
        source_region_code,
        source,
        publisher,
        title,
        language,
        published,
        fetched_at,
        loaded_at,
        run_id,
        row_number() over (
            partition by url
            order by {{ provind.version_order() }}
        ) as version_rank
    from articles

)

select
    article_id,
    url,
    content_hash,
    source_region_code,
    source,
    publisher,
    title,
    language,
    published,
    fetched_at,
    loaded_at,
    run_id,
    version_rank,
    version_rank = 1 as is_latest_version
from ranked
