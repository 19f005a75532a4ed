-- Guideline 1 (coverage): one row per month x province, all sections side by side, with exact
-- distinct-person totals (a person in two sections in one month counts once in insured_total)
-- and informal coverage = persons in Section 39 or 40 per 1,000 informal workforce.
-- Stocks: never sum over months.
with months as (
    select month_start from {{ ref('int_month_spine') }}
),

latest as (
    select max(month_start) as latest_month from months
),

provinces as (
    select * from {{ ref('dim_province') }}
),

insured as (
    select
        month_start,
        province_code,
        count(distinct case when section = 33 then person_key end) as insured_s33,
        count(distinct case when section = 39 then person_key end) as insured_s39,
        count(distinct case when section = 40 then person_key end) as insured_s40,
        count(distinct case when section in (39, 40) then person_key end) as insured_informal,
        count(distinct person_key) as insured_total
    from {{ ref('int_insured_spells_monthly') }}
    group by month_start, province_code
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
    cast(coalesce(insured.insured_s33, 0) as bigint) as insured_s33,
    cast(coalesce(insured.insured_s39, 0) as bigint) as insured_s39,
    cast(coalesce(insured.insured_s40, 0) as bigint) as insured_s40,
    cast(coalesce(insured.insured_informal, 0) as bigint) as insured_informal,
    cast(coalesce(insured.insured_total, 0) as bigint) as insured_total,
    cast(labour_force.labour_force as bigint) as labour_force,
    cast(labour_force.informal_workforce as bigint) as informal_workforce,
    {{ per_1000('coalesce(insured.insured_total, 0)', 'labour_force.labour_force') }} as insured_per_1000_workforce,
    {{ per_1000('coalesce(insured.insured_informal, 0)', 'labour_force.informal_workforce') }}
        as informal_insured_per_1000_informal_workforce
from months
cross join latest
cross join provinces
inner join calendar
    on months.month_start = calendar.date_day
left join insured
    on
        months.month_start = insured.month_start
        and provinces.province_code = insured.province_code
left join labour_force
    on
        months.month_start = labour_force.month_start
        and provinces.province_code = labour_force.province_code
