{#-
    History of article corrections: bureaus re-publish an article under the
    same URL with corrected figures. One row per URL and content, taken from
    the latest landed version of each URL (`stg_raw__articles`); a new
    `content_hash` closes the old row (`dbt_valid_to`) and opens a new one.
    Configuration and column docs: `_snapshots.yml`.
-#}
{% snapshot snp_articles %}

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
    url,
    article_id,
    content_hash,
    title,
    publisher,
    source,
    source_region_code,
    published,
    language,
    fetched_at,
    loaded_at
from versions
where version_rank = 1

{% endsnapshot %}
