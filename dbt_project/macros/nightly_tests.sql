{#-
    Data tests that follow the night (docs/incremental.md, "Data tests").

    A night rewrites a few partitions of the incremental models; every other row
    is as it was when a build last passed every data test. So the data tests of
    `models/marts/` (their `where` is the placeholder `__night__`, set in
    dbt_project.yml) and the singular tests read only the rows written since the
    last build whose tests *all* passed (`intermediate.nightly_tested`): a test that
    fails keeps failing, night after night, until its rows are fixed. Every data
    test of the project carries the placeholder (dbt_project.yml); what it reads:
    - fct_indicator_observation: the (indicator, region) partitions in the change
      log since the mark (every row the builds wrote or deleted is in one);
    - the BI marts: the partitions they recomputed from those entries;
    - dim_article: every version of the URLs with a version landed since;
    - raw articles, stg_raw__articles: the rows landed since; raw mentions,
      stg_raw__mentions: the rows extracted since; int_periods_normalised: the
      period strings of those mentions;
    - anything else (the reference dimensions, dim_period, the snapshot): all.
    These rest on the pipeline's contract that a raw row is written or rewritten
    only with a new `loaded_at` / `extracted_at`, as incremental models do.

    How a test is narrowed depends on what it checks, so that it stays sound:
    - a test of each row on its own (`not_null`, `accepted_values`,
      `relationships`, the singular tests): the rows of the touched partitions;
    - a uniqueness test (`unique`, `provind_unique_combination`): every row whose
      key is a key of a touched row, old rows included: a duplicate that the
      night brought always has one row in the touched partitions, and both of
      its rows are read; on dim_article and the BI marts, whose keys hash their
      partition's columns, every copy of a key lies in one partition, so the
      touched partitions alone are read;
    - a `unique` test whose config says `meta: {night: primary_key}` (the raw
      tables' keys, and the staging views that keep one row per raw row): no
      row, since the raw table's PRIMARY KEY refuses a duplicate when it is
      written; the weekly full test still reads the whole column;
    - any other test, and any model without a notion of touched rows: the whole
      table.

    The whole project is tested instead when var `full_tests` (or the environment
    variable PROVIND_FULL_TESTS, which the DAG's `full_tests` param sets) is true, when no
    build has tested everything for `full_tests_every_days` days (a weekly full
    test by default), on a `--full-refresh`, and before the first passing build.
-#}

{% macro tested_marks_relation() -%}
    {{ return(api.Relation.create(database=target.database, schema='intermediate', identifier='nightly_tested')) }}
{%- endmacro %}

{% macro node_relation(name) -%}
    {#- a model's relation, without ref(): a test may not depend on it -#}
    {%- set node = graph.nodes['model.provind.' ~ name] -%}
    {{ return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) }}
{%- endmacro %}

{% macro raw_relation(table) -%}
    {%- set node = graph.sources['source.provind.raw.' ~ table] -%}
    {{ return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.identifier)) }}
{%- endmacro %}

{% macro truthy(value) -%}
    {{ return((value | string | lower) in ('true', '1', 'yes')) }}
{%- endmacro %}

{% macro tested_mark() -%}
    {#-
        The last build that passed every data test: {change_id, articles_loaded_at},
        or none when the whole project must be tested this time.
    -#}
    {%- if not execute or flags.FULL_REFRESH or provind.truthy(var('full_tests', false))
        or provind.truthy(env_var('PROVIND_FULL_TESTS', 'false')) -%}
        {{ return(none) }}
    {%- endif -%}
    {#- read once per invocation (marks are written at its end): kept in the graph, which every node shares -#}
    {%- set cache = graph.setdefault('provind_tested_mark', {}) -%}
    {%- if 'mark' not in cache -%}
        {%- do cache.update({'mark': provind.read_tested_mark()}) -%}
    {%- endif -%}
    {{ return(cache['mark']) }}
{%- endmacro %}

{% macro read_tested_mark() -%}
    {%- set marks = provind.tested_marks_relation() -%}
    {%- if adapter.get_relation(database=marks.database, schema=marks.schema, identifier=marks.identifier) is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set row = run_query(
        "select max(change_id), max(articles_loaded_at), max(mentions_extracted_at), "
        ~ "count(case when full_tests and tested_at > " ~ provind.full_tests_since() ~ " then 1 end) "
        ~ "from " ~ marks
    ).rows[0] -%}
    {%- if row[0] is none or row[3] == 0 -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return({'change_id': row[0], 'articles_loaded_at': row[1], 'mentions_extracted_at': row[2]}) }}
{%- endmacro %}

{% macro full_tests_since() -%}
    cast(current_timestamp as timestamp) - interval '{{ var("full_tests_every_days", 7) | int }} days'
{%- endmacro %}

{% macro touched_condition(identifier, alias, mark) -%}
    {#-
        A condition on `alias` (a row of model `identifier`): the row sits in a partition
        written since `mark`. none: no notion of touched rows here, test everything.
    -#}
    {%- set changes = provind.observation_changes_relation() -%}
    {%- set since = 'change_id > ' ~ mark.change_id -%}
    {%- set meta = graph.nodes.get('model.provind.' ~ identifier, {}).get('config', {}).get('meta', {}) -%}
    {%- if identifier in ('dim_article', 'stg_raw__articles', 'articles') -%}
        {#- the versions of the articles landed since: dim_article recomputes their URLs whole -#}
        {%- if mark.articles_loaded_at is none -%}{{ return(none) }}{%- endif -%}
        {%- set since_loaded = "loaded_at > cast('" ~ mark.articles_loaded_at ~ "' as timestamp)" -%}
        {%- if identifier == 'dim_article' -%}
            {{ return(alias ~ ".url in (select url from " ~ provind.node_relation('dim_article') ~ " where " ~ since_loaded ~ ")") }}
        {%- endif -%}
        {{ return(alias ~ "." ~ since_loaded) }}
    {%- elif identifier in ('stg_raw__mentions', 'mentions', 'int_periods_normalised') -%}
        {#- the mentions extracted since, and the period strings they carry -#}
        {%- if mark.mentions_extracted_at is none -%}{{ return(none) }}{%- endif -%}
        {%- set since_extracted = "extracted_at > cast('" ~ mark.mentions_extracted_at ~ "' as timestamp)" -%}
        {%- if identifier == 'int_periods_normalised' -%}
            {{ return(alias ~ ".period_code in (select period from " ~ provind.raw_relation('mentions') ~ " where " ~ since_extracted ~ ")") }}
        {%- endif -%}
        {{ return(alias ~ "." ~ since_extracted) }}
    {%- elif identifier == 'fct_indicator_observation' or meta.get('bi_partition') -%}
        {#-
            read by the first test of the fact table or a BI mart, which runs after the fact
            table was built (a rebuild logs `everything` then), and kept for the invocation;
            an entry without a period (logged before the log had periods) counts as everything
        -#}
        {%- set cache = graph.setdefault('provind_tested_mark', {}) -%}
        {%- if 'everything' not in cache -%}
            {%- do cache.update({'everything': run_query(
                "select count(*) from " ~ changes ~ " where (everything or period_key is null) and "
                ~ since).rows[0][0] > 0}) -%}
        {%- endif -%}
        {%- if cache['everything'] -%}{{ return(none) }}{%- endif -%}
        {%- if identifier == 'fct_indicator_observation' -%}
            {#- the fact table's own keys: the change log holds them for every row written or deleted -#}
            {{ return("(" ~ alias ~ ".indicator_key, " ~ alias ~ ".region_key) in (select indicator_key, region_key from "
                ~ changes ~ " where " ~ since ~ ")") }}
        {%- endif -%}
        {#- a BI mart: the partitions its pre-hook recomputed (macros/incremental_marts.sql) -#}
        {%- set columns = meta['bi_partition'] -%}
        {%- set own = [] -%}{%- for c in columns -%}{%- do own.append(alias ~ '.' ~ c) -%}{%- endfor -%}
        {{ return("(" ~ own | join(', ') ~ ") in (select " ~ columns | join(', ') ~ " from ("
            ~ provind.touched_partitions_sql(changes, since) ~ ") as touched)") }}
    {%- endif -%}
    {{ return(none) }}
{%- endmacro %}

{% macro tested_rows(relation, check='rows', key_columns=[]) -%}
    {#-
        The rows of `relation` a test reads tonight, as a relation or a subquery (no alias).
        check: 'rows' (a test of each row on its own), 'keys' (uniqueness of
        `key_columns`, nulls as a value), 'key' (dbt's `unique`: one column, nulls
        skipped), 'primary_key' (a uniqueness the table's primary key enforces: no
        row at night, every row in a full test), anything else: the whole table.
    -#}
    {%- set mark = provind.tested_mark() -%}
    {%- if mark is none or check not in ('rows', 'keys', 'key', 'primary_key') -%}{{ return(relation) }}{%- endif -%}
    {%- if check == 'primary_key' -%}{{ return("(select * from " ~ relation ~ " where 1 = 0)") }}{%- endif -%}
    {%- set identifier = relation.identifier -%}
    {%- if identifier in ('articles', 'mentions') and relation.schema != provind.raw_relation(identifier).schema -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- set condition = provind.touched_condition(identifier, 'touched_row', mark) -%}
    {%- if condition is none -%}{{ return(relation) }}{%- endif -%}
    {%- set meta = graph.nodes.get('model.provind.' ~ identifier, {}).get('config', {}).get('meta', {}) -%}
    {%- if check in ('key', 'keys') and (identifier == 'dim_article' or meta.get('bi_partition')) -%}
        {#-
            their keys are hashes of their partition's columns (dim_article: of the URL and
            content; a BI mart: of columns that include its partition's), so every copy of a
            key lies in one partition, and the touched partitions hold them all: no need to
            look the night's keys up in the whole table
        -#}
        {%- set check = 'rows' -%}
    {%- endif -%}
    {%- if check == 'rows' -%}
        {{ return("(select * from " ~ relation ~ " as touched_row where " ~ condition ~ ")") }}
    {%- endif -%}
    {#- keys: every row sharing a key with a touched row -#}
    {%- if check == 'key' -%}
        {#- dbt's `unique` (one column, nulls skipped): a bare column is a cheap semi-join, no cast per row -#}
        {{ return("(select * from " ~ relation ~ " where " ~ key_columns[0] ~ " in (select " ~ key_columns[0]
            ~ " from " ~ relation ~ " as touched_row where " ~ condition ~ "))") }}
    {%- endif -%}
    {#- several: nulls as a value, like the test -#}
    {%- set keyed = [] -%}
    {%- for c in key_columns -%}
        {%- do keyed.append("coalesce(cast(" ~ c ~ " as " ~ dbt.type_string() ~ "), '_null_')") -%}
    {%- endfor -%}
    {{ return("(select * from " ~ relation ~ " where (" ~ keyed | join(', ') ~ ") in (select "
        ~ keyed | join(', ') ~ " from " ~ relation ~ " as touched_row where " ~ condition ~ "))") }}
{%- endmacro %}

{% macro get_where_subquery(relation) -%}
    {#- dbt's hook for a generic test's `where` config: `__night__` narrows the test to the night -#}
    {%- set where = config.get('where') -%}
    {%- if where and where | trim == '__night__' -%}
        {%- set test = model.get('test_metadata', {}) -%}
        {%- set kwargs = test.get('kwargs', {}) -%}
        {%- if test.get('name') in ('not_null', 'accepted_values', 'relationships') -%}
            {%- set narrowed = provind.tested_rows(relation, 'rows') -%}
        {%- elif test.get('name') == 'unique' and (config.get('meta') or {}).get('night') == 'primary_key' -%}
            {%- set narrowed = provind.tested_rows(relation, 'primary_key') -%}
        {%- elif test.get('name') == 'unique' -%}
            {%- set narrowed = provind.tested_rows(relation, 'key', [kwargs['column_name']]) -%}
        {%- elif test.get('name') == 'provind_unique_combination' -%}
            {%- set narrowed = provind.tested_rows(relation, 'keys', kwargs['columns']) -%}
        {%- else -%}
            {%- set narrowed = relation -%}
        {%- endif -%}
        {%- if narrowed is string -%}{{ return(narrowed ~ " dbt_subquery") }}{%- endif -%}
        {{ return(narrowed) }}
    {%- elif where -%}
        {{ return("(select * from " ~ relation ~ " where " ~ where ~ ") dbt_subquery") }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}

{% macro record_tested(results) -%}
    {#-
        on-run-end: when every data test of the project ran in this build and passed,
        remember how far the tables were tested (the next build tests from there).
    -#}
    {%- if not execute or flags.WHICH not in ('build', 'test') -%}
        {{ return('select 1') }}
    {%- endif -%}
    {%- set passed = [] -%}
    {%- for r in results if r.node.resource_type == 'test' and r.status in ('pass', 'warn') -%}
        {%- do passed.append(r.node.unique_id) -%}
    {%- endfor -%}
    {%- set tests = [] -%}
    {%- for node in graph.nodes.values() if node.resource_type == 'test' -%}
        {%- do tests.append(node.unique_id) -%}
    {%- endfor -%}
    {%- if tests | length == 0 or (passed | length) < (tests | length) -%}
        {{ return('select 1') }}
    {%- endif -%}
    {%- set marks = provind.tested_marks_relation() -%}
    {%- set changes = provind.observation_changes_relation() -%}
    {%- set articles = provind.node_relation('dim_article') -%}
    {%- set full = provind.tested_mark() is none -%}
    {%- set has_articles = adapter.get_relation(database=articles.database, schema=articles.schema, identifier=articles.identifier) is not none -%}
    create schema if not exists {{ marks.schema }};
    {#- created by a hook on a first build, so dbt's relation cache may not know it yet -#}
    {{ provind.create_change_log() }};
    create table if not exists {{ marks }} (
        change_id integer,
        articles_loaded_at timestamp,
        mentions_extracted_at timestamp,
        full_tests boolean,
        tested_at timestamp
    );
    insert into {{ marks }} (change_id, articles_loaded_at, mentions_extracted_at, full_tests, tested_at)
    select
        (select coalesce(max(change_id), 0) from {{ changes }}),
        {% if has_articles %}(select max(loaded_at) from {{ articles }}){% else %}cast(null as timestamp){% endif %},
        (select max(extracted_at) from {{ provind.raw_relation('mentions') }}),
        {{ full }},
        cast(current_timestamp as timestamp)
{%- endmacro %}
