-- One row per calendar month for which the insured registry has been delivered: from the first
-- delivery (the full extract) to the latest. Monthly snapshots are only complete inside this range.
with bounds as (
    select
        min(partition_month) as first_month,
        max(partition_month) as last_month
    from {{ ref('stg_sso_registry__insured') }}
),

series as (
    {{ integer_series(4) }}
),

months as (
    select {{ add_months('bounds.first_month', 'series.n') }} as month_start
    from bounds
    cross join series
    where series.n <= {{ dbt.datediff('bounds.first_month', 'bounds.last_month', 'month') }}
)

select
    month_start,
    {{ add_months('month_start', 1) }} as next_month_start,
    {{ add_days(add_months('month_start', 1), -1) }} as month_end
from months
