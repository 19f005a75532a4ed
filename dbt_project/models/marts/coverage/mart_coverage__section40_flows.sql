-- Guideline 1 (coverage): Section 40 flows per month x province (dense). New spells started and
-- spells lapsed (ended) in the month are flows and may be summed over months and provinces;
-- insured_persons is the month's stock and may not be summed over months.
with months as (
    select month_start from {{ ref('int_month_spine') }}
),

provinces as (
    select * from {{ ref('dim_province') }}
),

spells as (
    select * from {{ ref('fct_insurance_spells') }}
    where section = 40
),

starts as (
    select
        start_month as month_start,
        province_code,
        count(*) as new_spells
    from spells
    group by start_month, province_code
),

lapses as (
    select
        end_month as month_start,
        province_code,
        count(*) as lapsed_spells
    from spells
    where end_month is not null
    group by end_month, province_code
),

stock as (
    select
        month_start,
        province_code,
        count(distinct person_key) as insured_persons
    from {{ ref('int_insured_spells_monthly') }}
    where section = 40
    group by month_start, province_code
),

calendar as (
    select * from {{ ref('dim_date') }}
)

select
    months.month_start,
    calendar.month_key,
    calendar.month_label_th,
    calendar.month_label_en,
    calendar.year_be,
    calendar.fiscal_year_be,
    provinces.province_code,
    provinces.province_name_th,
    provinces.province_name_en,
    provinces.region_th,
    provinces.region_en,
    cast(coalesce(starts.new_spells, 0) as bigint) as new_spells,
    cast(coalesce(lapses.lapsed_spells, 0) as bigint) as lapsed_spells,
    cast(coalesce(starts.new_spells, 0) - coalesce(lapses.lapsed_spells, 0) as bigint) as net_additions,
    cast(coalesce(stock.insured_persons, 0) as bigint) as insured_persons
from months
cross join provinces
inner join calendar
    on months.month_start = calendar.date_day
left join starts
    on months.month_start = starts.month_start and provinces.province_code = starts.province_code
left join lapses
    on months.month_start = lapses.month_start and provinces.province_code = lapses.province_code
left join stock
    on months.month_start = stock.month_start and provinces.province_code = stock.province_code
