{{ config(materialized='view') }}
-- One row per mart row: how many source files and rows it came from, and the files by name
-- (the dashboards' "where does this number come from" table; details in lineage__mart_sources).
with sources as (
    select * from {{ ref('lineage__mart_sources') }}
)

select
    mart_model,
    grain_key,
    grain_hash,
    month_start,
    province_code,
    cast(count(distinct input_model) as bigint) as inputs,
    -- a partition rolled up (per: partition) counts the files its manifest lists
    cast(
        count(distinct source_file)
        + coalesce(sum(files_in_scope) filter (where lineage_scope = 'partition'), 0)
        as bigint
    ) as source_files,
    cast(sum(rows_contributed) as bigint) as rows_contributed,
    cast(min(partition_month) as date) as first_partition_month,
    cast(max(partition_month) as date) as last_partition_month,
    {{ dbt.listagg("distinct source_system || '/' || entity", "', '", "order by source_system || '/' || entity") }}
        as lake_tables,
    {{ dbt.listagg(
        'distinct coalesce(source_file, manifest_file)', "', '",
        'order by coalesce(source_file, manifest_file)'
    ) }} as source_file_names
from sources
group by
    mart_model,
    grain_key,
    grain_hash,
    month_start,
    province_code
