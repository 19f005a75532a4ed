-- Guideline 1 (coverage): one row per month x province, all sections side by side, with exact
-- distinct-person totals (a person in two sections in one month counts once in insured_total)
-- and informal coverage = persons in Section 39 or 40 per 1,000 informal workforce.
-- Stocks: never sum over months.
with frame as (
    select * from {{ ref('int_province_months') }}
),

insured as (
    select * from {{ ref('int_insured_persons_province_monthly') }}
)

select
    frame.month_start,
    frame.month_key,
    frame.month_label_th,
    frame.month_label_en,
    frame.year_ce,
    frame.year_be,
    frame.quarter,
    frame.fiscal_year_be,
    frame.is_latest_month,
    frame.province_code,
    frame.province_name_th,
    frame.province_name_en,
    frame.region_th,
    frame.region_en,
    cast(coalesce(insured.insured_s33, 0) as bigint) as insured_s33,
    cast(coalesce(insured.insured_s39, 0) as bigint) as insured_s39,
    cast(coalesce(insured.insured_s40, 0) as bigint) as insured_s40,
    cast(coalesce(insured.insured_informal, 0) as bigint) as insured_informal,
    cast(coalesce(insured.insured_total, 0) as bigint) as insured_total,
    cast(frame.labour_force as bigint) as labour_force,
    cast(frame.informal_workforce as bigint) as informal_workforce,
    {{ per_1000('coalesce(insured.insured_total, 0)', 'frame.labour_force') }} as insured_per_1000_workforce,
    {{ per_1000('coalesce(insured.insured_informal, 0)', 'frame.informal_workforce') }}
        as informal_insured_per_1000_informal_workforce
from frame
left join insured
    on
        frame.month_start = insured.month_start
        and frame.province_code = insured.province_code
