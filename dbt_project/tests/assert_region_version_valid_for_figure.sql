-- A figure matched to a `valid_version` region really falls inside that
-- version's validity interval (at its period end, else start, else publication).
select observations.observation_key
-- the facts written since the last passing build (macros/nightly_tests.sql): a check of each row
from {{ provind.tested_rows(ref('fct_indicator_observation')) }} as observations
inner join {{ ref('dim_region') }} as regions
    on observations.region_key = regions.region_key
inner join {{ ref('dim_period') }} as periods
    on observations.period_key = periods.period_key
inner join {{ ref('dim_article') }} as articles
    on observations.article_id = articles.article_id
where observations.region_match = 'valid_version'
    and not (
        coalesce(periods.end_date, periods.start_date, articles.published) >= regions.valid_from
        and (
            regions.valid_to is null
            or coalesce(periods.end_date, periods.start_date, articles.published) <= regions.valid_to
        )
    )
