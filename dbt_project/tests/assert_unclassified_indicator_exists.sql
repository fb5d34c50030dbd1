-- dim_indicator always holds the `unclassified` member.
select 'missing' as problem
where not exists (select 1 from {{ ref('dim_indicator') }} where indicator_code = 'unclassified')
