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

with

articles as (

    select * from {{ ref('stg_raw__articles') }}

),

mentions as (

    select * from {{ ref('stg_raw__mentions') }}

),

article_versions as (

    select
        article_id,
        published,
        fetched_at,
        loaded_at,
        row_number() over (
            partition by url
            order by fetched_at desc, loaded_at desc, article_id desc
        ) as version_rank
    from articles

),

current_mentions as (

    select
        mentions.*,
        article_versions.published,
        article_versions.fetched_at,
        article_versions.loaded_at
    from mentions
    inner join article_versions
        on mentions.article_id = article_versions.article_id
    where article_versions.version_rank = 1

),

figures as (

    select
        {{ provind.surrogate_key([
            'region_code', 'period', 'indicator_code', 'subject',
            'value', 'unit', 'kind', 'is_target'
        ]) }} as figure_key,
        *
    from current_mentions

),

ranked as (

    select
        *,
        row_number() over (
            partition by figure_key
            order by published nulls last, fetched_at, article_id, seq
        ) as report_rank
    from figures

)

select
    figure_key,
    mention_id,
    article_id,
    seq,
    start_offset,
    end_offset,
    quote,
    sentence,
    subject,
    region_name,
    region_code,
    period,
    indicator_code,
    value,
    unit,
    kind,
    approx,
    is_target,
    published,
    extractor_version,
    extracted_at,
    case when loaded_at > extracted_at then loaded_at else extracted_at end as source_changed_at
from ranked
where report_rank = 1
