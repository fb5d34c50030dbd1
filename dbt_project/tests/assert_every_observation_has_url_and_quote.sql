-- Every fact resolves, in one join, to an article with a URL, and carries a
-- non-empty quote.
select observations.observation_key
from {{ ref('fct_indicator_observation') }} as observations
left join {{ ref('dim_article') }} as articles
    on observations.article_id = articles.article_id
where articles.url is null
    or articles.url = ''
    or observations.quote is null
    or trim(observations.quote) = ''
