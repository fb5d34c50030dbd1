{#-
    History of article corrections: bureaus re-publish an article under the
    same URL with corrected figures. One row per URL and content, taken from
    the latest landed version of each URL (`dim_article.is_latest_version`); a new
    `content_hash` closes the old row (`dbt_valid_to`) and opens a new one.
    Configuration and column docs: `_snapshots.yml`.
-#}
{% snapshot snp_articles %}

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
from {{ ref('dim_article') }}
where is_latest_version

{% endsnapshot %}
