-- Every fact resolves, in one join, to an article with a URL, and carries a
-- non-empty quote.
select observations.observation_key
-- the facts written since the last passing build (macros/nightly_tests.sql): a check of each row
from {{ provind.tested_rows(ref('fct_indicator_observation')) }} as observations
left join {{ ref('dim_article') }} as articles
    on observations.article_id = articles.article_id
where articles.url is null
    or articles.url = ''
    or observations.quote is null
    or trim(observations.quote) = ''
