-- Reported figures, each once.
--
-- 1. Only the latest version of each article URL counts: when a page is
--    re-published with corrections (new content hash, so a new article_id),
--    the mentions of the superseded version drop out.
-- 2. A figure reported several times (the same region, period, indicator,
--    subject, value, unit, kind and target flag), in one article (headline and
--    body) or across articles (a city bureau re-posting the province's release),
--    is kept once: the earliest publication wins, then the earliest fetch,
--    then the lowest article_id, then the first position in the article.


{{ provind.deduplicate_mentions() }}
