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
-- The ranking is a macro (macros/article_versions.sql) because the nights rank
-- the versions of a few URLs only, which a filter on this view cannot do: DuckDB
-- does not push a semi-join below the window, and ranking every version cost
-- dim_article 3 s a night at 1,000,000 articles (docs/incremental.md).

{{ provind.ranked_article_versions() }}
