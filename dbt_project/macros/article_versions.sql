{#-
    The versions of article URLs, ranked within their URL (int_article_versions
    is this query over every URL). `only_urls`: a query or relation with a `url`
    column; only those URLs' versions are read and ranked, each URL whole, so
    the ranks are those of the full view. dim_article's night and the fact
    table's night rank the URLs they touch this way.
-#}

{% macro version_order() -%}
    {#- the later fetch, then the later landing, then the higher article_id -#}
    fetched_at desc, loaded_at desc, article_id desc
{%- endmacro %}

{% macro ranked_article_versions(only_urls=none) -%}
with

articles as (

    select * from {{ ref('stg_raw__articles') }}
    {%- if only_urls %}
    where url in (select only_urls.url from {{ only_urls }} as only_urls)
    {%- endif %}

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

-- the ranked columns, in their order, and the flag the facts are drawn by
select
    ranked.*,
    ranked.version_rank = 1 as is_latest_version
from ranked
{%- endmacro %}
