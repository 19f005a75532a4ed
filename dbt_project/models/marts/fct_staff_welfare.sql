-- SSO staff welfare (Guideline 7): one row per SSO office per report month, as the HR office
-- reports it. headcount and childcare places are stocks (never sum over months); the other
-- measures are flows of the month.
with welfare as (
    select * from {{ ref('stg_sso_hr__welfare') }}
)

select
    month_start,
    cast(year(month_start) + 543 + case when month(month_start) >= 10 then 1 else 0 end as integer)
        as fiscal_year_be,
    office_code,
    office_name,
    office_kind,
    province_code,
    headcount,
    childcare_places,
    childcare_children,
    health_checks,
    welfare_loans,
    welfare_loan_baht,
    fitness_visits,
    clinic_visits,
    source_file,
    source_line
from welfare
