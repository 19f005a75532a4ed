-- Recorded result of every lake check (Guideline 4 data-quality scorecard): one row per check
-- per lake partition, read from the partition manifests the landing writes
-- ($LABOUR_DATA_DIR/lake/manifests/<source>/<entity>/month=YYYY-MM.json, ingestion/landing/
-- partition.py). A manifest belongs to the published version of a partition: the checks that
-- let it through (every blocking check passed) and any non-blocking check that failed.
with manifests as (
    select
        source,
        entity,
        month,
        load_id,
        checks
    from {{ lake_manifests() }}
),

checks as (
    select
        manifests.source,
        manifests.entity,
        manifests.month,
        manifests.load_id,
        unnest(manifests.checks) as check_result
    from manifests
)

select
    checks.source || '.' || checks.entity || '.' || checks.month || '.' || check_result.name as check_key,
    checks.source,
    checks.entity,
    {{ partition_month('month') }} as partition_month,
    'lake' as check_layer,
    check_result.name as check_name,
    check_result.blocking as is_blocking,
    check_result.passed,
    checks.load_id
from checks
