-- Mentions held by a row-level data-quality check (raw.quarantine) are left out
-- until a later run releases them.
-- One select, no CTEs: PostgreSQL cannot merge a view written with CTEs into the
-- query that reads it, so the night's lookups through this view (the mentions of
-- the changed articles) scanned all of raw.mentions instead of its index
-- (docs/incremental.md, "PostgreSQL at 100,000").
-- depends_on: {{ source('raw', 'quarantine') }}
{%- set quarantine = provind.quarantine_relation() %}

select

    ----------  ids
    mentions.mention_id,
    mentions.article_id,
    cast(mentions.seq as integer) as seq,
    cast(mentions.start_offset as integer) as start_offset,
    cast(mentions.end_offset as integer) as end_offset,

    ---------- text
    mentions.quote,
    mentions.sentence,
    nullif(trim(mentions.subject), '') as subject,
    nullif(trim(mentions.region), '') as region_name,
    nullif(trim(mentions.region_code), '') as region_code,
    case
        when lower(trim(mentions.period)) in ('', 'unknown', 'null', 'none') then null
        else trim(mentions.period)
    end as period,
    coalesce(nullif(trim(mentions.indicator), ''), 'unclassified') as indicator_code,

    ---------- the figure
    cast(mentions.value as numeric(38, 6)) as value,
    nullif(trim(mentions.unit), '') as unit,
    lower(trim(mentions.kind)) as kind,
    coalesce(lower(nullif(trim(mentions.approx), '')), 'exact') as approx,
    coalesce(mentions.is_target, false) as is_target,

    ---------- lineage
    mentions.extractor_version,
    cast(mentions.extracted_at as timestamp) as extracted_at

from {{ source('raw', 'mentions') }} as mentions
{%- if quarantine %}
-- held: quarantined and not released yet
where mentions.mention_id not in (
        select held.row_id
        from {{ quarantine }} as held
        where held.table_name = 'mentions' and held.released_at is null
    )
{%- endif %}
