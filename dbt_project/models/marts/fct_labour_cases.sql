-- Labour cases (complaints and disputes, Department of Labour Protection and Welfare): one row
-- per case, by establishment, with its industry, closing date, outcome and days to close.
with cases as (
    select * from {{ ref('stg_mol_dlpw__cases') }}
),

establishments as (
    select * from {{ ref('dim_establishment') }}
)

select
    cases.case_id,
    cases.filed_date,
    {{ month_start('cases.filed_date') }} as filed_month,
    cases.partition_month as report_month,
    cases.establishment_key,
    cases.employer_account,
    cases.branch,
    cases.province_code,
    establishments.tsic_section_code,
    cases.case_kind,
    cases.subject_code,
    cases.closed_date,
    cases.closed_date is null as is_open,
    cast({{ dbt.datediff('cases.filed_date', 'cases.closed_date', 'day') }} as integer) as days_to_close,
    cases.outcome,
    cases.outcome_th,
    cases.source_file,
    cases.source_line
from cases
left join establishments
    on cases.establishment_key = establishments.establishment_key
