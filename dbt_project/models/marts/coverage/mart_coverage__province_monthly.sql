-- Guideline 1 (coverage): one row per month x province x section (33, 39, 40), dense (zeros
-- where no one is insured). Insured persons are a stock: show one month (e.g. the latest) or an
-- average, never a sum over months. labour_force / informal_workforce repeat on the three section
-- rows of a province-month: never sum them across sections.
with months as (
    select month_start from {{ ref('int_month_spine') }}
),

latest as (
    select max(month_start) as latest_month from months
),

provinces as (
    select * from {{ ref('dim_province') }}
),

sections as (
    select 33 as section
    union all
    select 39 as section
    union all
    select 40 as section
),

insured as (
    select
        month_start,
        province_code,
        section,
        count(distinct person_key) as insured_persons
    from {{ ref('int_insured_spells_monthly') }}
    group by month_start, province_code, section
),

labour_force as (
    select * from {{ ref('int_labour_force_monthly') }}
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
    provinces.province_code,
    provinces.province_name_th,
    provinces.province_name_en,
    provinces.region_th,
    provinces.region_en,
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
cross join provinces
cross join sections
inner join calendar
    on months.month_start = calendar.date_day
left join insured
    on
        months.month_start = insured.month_start
        and provinces.province_code = insured.province_code
        and sections.section = insured.section
left join labour_force
    on
        months.month_start = labour_force.month_start
        and provinces.province_code = labour_force.province_code
