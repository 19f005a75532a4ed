-- The frame every province-level coverage mart is built on: one row per month of the spine x
-- province, with the calendar labels dashboards show, the region, the latest-month flag and the
-- quarter's Labour Force Survey figures (null until NSO publishes that quarter).
with months as (
    select month_start from {{ ref('int_month_spine') }}
),

latest as (
    select max(month_start) as latest_month from months
),

provinces as (
    select * from {{ ref('dim_province') }}
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
    labour_force.labour_force,
    labour_force.informal_workforce
from months
cross join latest
cross join provinces
inner join calendar
    on months.month_start = calendar.date_day
left join labour_force
    on
        months.month_start = labour_force.month_start
        and provinces.province_code = labour_force.province_code
