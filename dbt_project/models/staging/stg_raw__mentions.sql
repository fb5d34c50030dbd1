-- Mentions held by a row-level data-quality check (raw.quarantine) are left out
-- until a later run releases them.
-- depends_on: {{ source('raw', 'quarantine') }}
{%- set quarantine = provind.quarantine_relation() %}

with
{%- if quarantine %}

held_mentions as (

    select row_id from {{ quarantine }}
    where table_name = 'mentions' and released_at is null

),
{%- endif %}

source as (

    select * from {{ source('raw', 'mentions') }}
    {%- if quarantine %}
    where mention_id not in (select held_mentions.row_id from held_mentions)
    {%- endif %}

),

renamed as (

    select

        ----------  ids
        mention_id,
        article_id,
        cast(seq as integer) as seq,
        cast(start_offset as integer) as start_offset,
        cast(end_offset as integer) as end_offset,

        ---------- text
        quote,
        sentence,
        nullif(trim(subject), '') as subject,
        nullif(trim(region), '') as region_name,
        nullif(trim(region_code), '') as region_code,
        case when lower(trim(period)) in ('', 'unknown', 'null', 'none') then null else trim(period) end as period,
        coalesce(nullif(trim(indicator), ''), 'unclassified') as indicator_code,

        ---------- the figure
        cast(value as numeric(38, 6)) as value,
        nullif(trim(unit), '') as unit,
        lower(trim(kind)) as kind,
        coalesce(lower(nullif(trim(approx), '')), 'exact') as approx,
        coalesce(is_target, false) as is_target,

        ---------- lineage
        extractor_version,
        cast(extracted_at as timestamp) as extracted_at

    from source

)

select * from renamed
