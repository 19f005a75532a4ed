-- Labour inspections (Department of Labour Protection and Welfare): one row per inspection of
-- an establishment (SSO employer branch), with its industry from dim_establishment and whether
-- the Workmen's Compensation Fund had an injury there in the inspection's month or the two
-- before. A flow: sum inspections, violations and orders freely.
with inspections as (
    select * from {{ ref('stg_mol_dlpw__inspections') }}
),

establishments as (
    select * from {{ ref('dim_establishment') }}
),

injuries as (
    select
        establishment_key,
        injury_month
    from {{ ref('fct_work_injuries') }}
),

injured_before as (
    select
        inspections.inspection_id,
        count(*) as injuries_3_months
    from inspections
    inner join injuries
        on
            inspections.establishment_key = injuries.establishment_key
            and inspections.inspection_month >= injuries.injury_month
            and injuries.injury_month >= {{ add_months('inspections.inspection_month', -2) }}
    group by inspections.inspection_id
)

select
    inspections.inspection_id,
    inspections.inspection_date,
    inspections.inspection_month,
    inspections.partition_month as report_month,
    inspections.establishment_key,
    inspections.employer_account,
    inspections.branch,
    inspections.province_code,
    establishments.tsic_code,
    establishments.tsic_section_code,
    establishments.size_band,
    inspections.inspection_kind,
    inspections.inspection_kind_th,
    inspections.workers_covered,
    inspections.violations_found,
    inspections.violations_found > 0 as has_violation,
    inspections.main_violation_code,
    inspections.orders_issued,
    cast(coalesce(injured_before.injuries_3_months, 0) as integer) as injuries_in_3_months,
    inspections.source_file,
    inspections.source_line
from inspections
left join establishments
    on inspections.establishment_key = establishments.establishment_key
left join injured_before
    on inspections.inspection_id = injured_before.inspection_id
