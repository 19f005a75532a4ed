-- Guideline 1 (coverage): Section 40 flows per month x province (dense). New spells started and
-- spells lapsed (ended) in the month are flows and may be summed over months and provinces;
-- insured_persons is the month's stock and may not be summed over months.
with frame as (
    select * from {{ ref('int_province_months') }}
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
)

select
    frame.month_start,
    frame.month_key,
    frame.month_label_th,
    frame.month_label_en,
    frame.year_be,
    frame.fiscal_year_be,
    frame.province_code,
    frame.province_name_th,
    frame.province_name_en,
    frame.region_th,
    frame.region_en,
    cast(coalesce(starts.new_spells, 0) as bigint) as new_spells,
    cast(coalesce(lapses.lapsed_spells, 0) as bigint) as lapsed_spells,
    cast(coalesce(starts.new_spells, 0) - coalesce(lapses.lapsed_spells, 0) as bigint) as net_additions,
    cast(coalesce(stock.insured_persons, 0) as bigint) as insured_persons
from frame
left join starts
    on frame.month_start = starts.month_start and frame.province_code = starts.province_code
left join lapses
    on frame.month_start = lapses.month_start and frame.province_code = lapses.province_code
left join stock
    on frame.month_start = stock.month_start and frame.province_code = stock.province_code
