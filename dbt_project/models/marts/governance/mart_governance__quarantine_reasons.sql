-- Quarantined rows by source, table, month and reason (Guideline 4 scorecard: top reasons).
-- Row-level reasons come from the quarantine Parquet ($LABOUR_DATA_DIR/lake/quarantine/...);
-- a reason's first clause (before ':'), with quoted values and numbers blanked out, groups rows
-- that differ only in the value quoted (the full reason stays in the lake).
-- Quarantined records are masked at landing: no raw ID or name is read here.
{%- set quarantine_glob = lake_root() ~ '/lake/quarantine/*/*/*/*.parquet' -%}
{#- no quarantine file at all (a clean lake): an empty relation of the same shape -#}
{%- if lake_files_exist(quarantine_glob) -%}
    {%- set quarantine_rows = "read_parquet('" ~ quarantine_glob ~ "', hive_partitioning = true, "
        ~ "hive_types_autocast = false, union_by_name = true, filename = true)" -%}
{%- else -%}
    {%- set quarantine_rows = "(select cast(null as varchar) as filename, "
        ~ "cast(null as varchar) as month, cast(null as varchar) as field, "
        ~ "cast(null as varchar) as reason where false)" -%}
{%- endif %}

with quarantined as (
    select
        regexp_extract(filename, '/quarantine/([^/]+)/([^/]+)/', 1) as source,  -- noqa: RF04
        regexp_extract(filename, '/quarantine/([^/]+)/([^/]+)/', 2) as entity,
        month,
        coalesce(field, '(file)') as field,
        -- the reason's first clause, with quoted values and numbers blanked out
        trim(split_part(
            regexp_replace(regexp_replace(reason, '''[^'']*''', '''…''', 'g'), '[0-9]+', '#', 'g'),
            ':',
            1
        )) as reason_group
    from {{ quarantine_rows }}
),

grouped as (
    select
        source,
        entity,
        {{ partition_month('month') }} as partition_month,
        field,
        reason_group,
        count(*) as rows_quarantined
    from quarantined
    group by
        source,
        entity,
        {{ partition_month('month') }},
        field,
        reason_group
)

select
    source || '.' || entity || '.' || cast(partition_month as varchar) || '.' || field
    || '.' || reason_group as reason_key,
    source,
    entity,
    partition_month,
    field,
    reason_group,
    cast(rows_quarantined as bigint) as rows_quarantined,
    cast(
        row_number() over (
            partition by source, partition_month
            order by rows_quarantined desc, reason_group asc, field asc
        ) as integer
    ) as rank_in_source_month
from grouped
