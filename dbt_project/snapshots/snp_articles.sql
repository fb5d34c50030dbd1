{#-
    History of article corrections: bureaus re-publish an article under the
    same URL with corrected figures. One row per URL and content, taken from
    the latest landed version of each URL (`dim_article.is_latest_version`); a new
    `content_hash` closes the old row (`dbt_valid_to`) and opens a new one.
    A nightly snapshot reads the articles landed since the last one, not all
    of history (measured: docs/incremental.md).
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
{%- if execute and adapter.get_relation(database=this.database, schema=this.schema, identifier=this.identifier) %}
    -- only the URLs with a version landed since the last snapshot: no other can have changed,
    -- and with `hard_deletes: ignore` an article left out of the select stays as it is
    and loaded_at >= (select max(loaded_at) from {{ this }})
{%- endif %}

{% endsnapshot %}
