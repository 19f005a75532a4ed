-- Work injuries (Workmen's Compensation Fund): one row per case, with its severity, industry
-- (TSIC section from the reference seed), province and the amounts paid. Personal data is the
-- pseudonym only. A flow: cases can be summed over months and provinces.
with injuries as (
    select * from {{ ref('stg_sso_wcf__injuries') }}
),

severities as (
    select * from {{ ref('ref_injury_severity') }}
),

sections as (
    select * from {{ ref('ref_tsic_sections') }}
)

select
    injuries.case_id,
    injuries.person_key,
    injuries.injury_date,
    injuries.injury_month,
    injuries.partition_month as report_month,
    injuries.province_code,
    injuries.establishment_key,
    injuries.employer_account,
    injuries.branch,
    injuries.tsic_code,
    cast(sections.section_code as {{ dbt.type_string() }}) as tsic_section_code,
    injuries.severity_code,
    cast(severities.severity_name_th as {{ dbt.type_string() }}) as severity_name_th,
    cast(severities.severity_name_en as {{ dbt.type_string() }}) as severity_name_en,
    cast(severities.severity_order as integer) as severity_order,
    cast(severities.is_serious as boolean) as is_serious,
    injuries.days_off,
    injuries.medical_expenses,
    injuries.compensation,
    cast(injuries.medical_expenses + injuries.compensation as decimal(15, 2)) as total_paid,
    injuries.source_file,
    injuries.source_line
from injuries
left join severities
    on injuries.severity_code = severities.severity_code
left join sections
    on cast(substring(injuries.tsic_code, 1, 2) as integer) between sections.division_from and sections.division_to
