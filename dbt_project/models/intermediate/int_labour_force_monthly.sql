-- The quarterly Labour Force Survey applied to each month of its quarter:
-- one row per province per month (three rows per survey row).
with labour_force as (
    select * from {{ ref('stg_nso_lfs__labour_force') }}
),

offsets as (
    select 0 as month_offset
    union all
    select 1 as month_offset
    union all
    select 2 as month_offset
)

select
    {{ add_months('labour_force.quarter_start_month', 'offsets.month_offset') }} as month_start,
    labour_force.province_code,
    labour_force.year_ce,
    labour_force.quarter,
    labour_force.labour_force,
    labour_force.informal_workforce
from labour_force
cross join offsets
