-- Data-quality scorecard by source and month (Guideline 4): the pass rate of the recorded lake
-- checks, and rows in / loaded / quarantined with the files set aside, from the manifests.
with check_results as (
    select * from {{ ref('mart_governance__check_results') }}
),

manifests as (
    select
        source,
        entity,
        month,
        files
    from {{ lake_manifests() }}
),

file_rows as (
    select
        manifests.source,
        {{ partition_month('manifests.month') }} as partition_month,
        unnest(manifests.files) as file_entry
    from manifests
),

files as (
    select
        file_rows.source,
        file_rows.partition_month,
        count(*) as files_delivered,
        sum(case when file_entry.status = 'quarantined' then 1 else 0 end) as files_quarantined,
        sum(file_entry.rows_in) as rows_in,
        sum(file_entry.rows_loaded) as rows_loaded,
        sum(file_entry.rows_quarantined) as rows_quarantined
    from file_rows
    group by file_rows.source, file_rows.partition_month
),

checks as (
    select
        source,
        partition_month,
        count(distinct entity) as entities,
        count(*) as checks_run,
        sum(case when passed then 1 else 0 end) as checks_passed
    from check_results
    group by source, partition_month
)

select
    checks.source,
    checks.partition_month,
    cast(checks.entities as integer) as entities,
    cast(checks.checks_run as bigint) as checks_run,
    cast(checks.checks_passed as bigint) as checks_passed,
    cast(checks.checks_passed as double) / checks.checks_run as pass_rate,
    cast(coalesce(files.files_delivered, 0) as bigint) as files_delivered,
    cast(coalesce(files.files_quarantined, 0) as bigint) as files_quarantined,
    cast(coalesce(files.rows_in, 0) as bigint) as rows_in,
    cast(coalesce(files.rows_loaded, 0) as bigint) as rows_loaded,
    cast(coalesce(files.rows_quarantined, 0) as bigint) as rows_quarantined,
    case
        when files.rows_in > 0 then cast(files.rows_quarantined as double) / files.rows_in
    end as quarantine_share
from checks
left join files
    on
        checks.source = files.source
        and checks.partition_month = files.partition_month
