-- Guideline 7: the staff-welfare rates an executive reads, per SSO office and month: childcare
-- use, health-check coverage over the fiscal year to date (October-September; the annual
-- check), loans per 100 staff and their average size, fitness and clinic visits per staff.
with welfare as (
    select * from {{ ref('fct_staff_welfare') }}
),

fiscal_to_date as (
    select
        office_code,
        month_start,
        sum(health_checks) over (
            partition by office_code, fiscal_year_be order by month_start
            rows between unbounded preceding and current row
        ) as health_checks_fytd
    from welfare
)

select
    welfare.month_start,
    cast(year(welfare.month_start) * 100 + month(welfare.month_start) as integer) as month_key,
    welfare.fiscal_year_be,
    welfare.office_code,
    welfare.office_name,
    welfare.office_kind,
    welfare.province_code,
    welfare.headcount,
    welfare.childcare_places,
    welfare.childcare_children,
    cast(100.0 * welfare.childcare_children / nullif(welfare.childcare_places, 0) as decimal(7, 2))
        as childcare_use_pct,
    welfare.health_checks,
    cast(fiscal_to_date.health_checks_fytd as integer) as health_checks_fytd,
    cast(100.0 * fiscal_to_date.health_checks_fytd / nullif(welfare.headcount, 0) as decimal(7, 2))
        as health_check_coverage_fytd_pct,
    welfare.welfare_loans,
    welfare.welfare_loan_baht,
    cast(100.0 * welfare.welfare_loans / nullif(welfare.headcount, 0) as decimal(9, 2))
        as loans_per_100_staff,
    cast(1.0 * welfare.welfare_loan_baht / nullif(welfare.welfare_loans, 0) as decimal(14, 2))
        as average_loan_baht,
    welfare.fitness_visits,
    cast(1.0 * welfare.fitness_visits / nullif(welfare.headcount, 0) as decimal(9, 2))
        as fitness_visits_per_staff,
    welfare.clinic_visits,
    cast(100.0 * welfare.clinic_visits / nullif(welfare.headcount, 0) as decimal(9, 2))
        as clinic_visits_per_100_staff
from welfare
inner join fiscal_to_date
    on
        welfare.office_code = fiscal_to_date.office_code
        and welfare.month_start = fiscal_to_date.month_start
