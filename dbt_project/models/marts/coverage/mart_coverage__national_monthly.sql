-- Guideline 1 (coverage), the headline: one row per month x section (33, 39, 40) for the whole
-- kingdom, counting distinct persons nationally (a person insured in two provinces in one month
-- counts once). Stocks: show the latest month, never a sum over months.
with months as (
    select month_start from {{ ref('int_month_spine') }}
),

latest as (
    select max(month_start) as latest_month from months
),

sections as (
    select 33 as section
    union all
    select 39 as section
    union all
    select 40 as section
),

insured as (
    -- one row per section, from the distinct persons counted once per month nationally
    select
        month_start,
        33 as section,
        insured_s33 as insured_persons
    from {{ ref('int_insured_persons_national_monthly') }}
    union all
    select
        month_start,
        39 as section,
        insured_s39 as insured_persons
    from {{ ref('int_insured_persons_national_monthly') }}
    union all
    select
        month_start,
        40 as section,
        insured_s40 as insured_persons
    from {{ ref('int_insured_persons_national_monthly') }}
),

labour_force as (
    select
        month_start,
        sum(labour_force) as labour_force,
        sum(informal_workforce) as informal_workforce
    from {{ ref('int_labour_force_monthly') }}
    group by month_start
),

calendar as (
    select * from {{ ref('dim_date') }}
)

select
    months.month_start,
    calendar.month_key,
    calendar.month_label_th,
    calendar.month_label_en,
    calendar.year_ce,
    calendar.year_be,
    calendar.quarter,
    calendar.fiscal_year_be,
    months.month_start = latest.latest_month as is_latest_month,
    cast(sections.section as integer) as section,
    cast(coalesce(insured.insured_persons, 0) as bigint) as insured_persons,
    cast(labour_force.labour_force as bigint) as labour_force,
    cast(labour_force.informal_workforce as bigint) as informal_workforce,
    {{ per_1000('coalesce(insured.insured_persons, 0)', 'labour_force.labour_force') }} as insured_per_1000_workforce,
    case
        when sections.section in (39, 40)
            then {{ per_1000('coalesce(insured.insured_persons, 0)', 'labour_force.informal_workforce') }}
    end as insured_per_1000_informal_workforce
from months
cross join latest
cross join sections
inner join calendar
    on months.month_start = calendar.date_day
left join insured
    on
        months.month_start = insured.month_start
        and sections.section = insured.section
left join labour_force
    on months.month_start = labour_force.month_start
