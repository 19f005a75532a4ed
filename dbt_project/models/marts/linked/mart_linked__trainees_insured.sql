-- Guideline 6, linked measure: trainees who completed a Department of Skill Development
-- course, by completion month and province of the training, and those insured under Section 33
-- within 6 months (183 days) of completing. Built on fct_training; a flow (sum freely).
with training as (
    select * from {{ ref('fct_training') }}
    where is_completed
),

provinces as (
    select * from {{ ref('dim_province') }}
),

by_month as (
    select
        end_month as completion_month,
        province_code,
        count(*) as completions,
        sum(case when is_insured_s33_within_6_months then 1 else 0 end) as insured_s33_within_6_months,
        sum(case when course_type = 'pre_employment' then 1 else 0 end) as completions_pre_employment,
        sum(
            case when course_type = 'pre_employment' and is_insured_s33_within_6_months then 1 else 0 end
        ) as insured_s33_within_6_months_pre_employment,
        min(case when is_window_complete then 1 else 0 end) = 1 as is_window_complete
    from training
    group by end_month, province_code
)

select
    by_month.completion_month,
    cast(year(by_month.completion_month) * 100 + month(by_month.completion_month) as integer) as month_key,
    by_month.province_code,
    provinces.province_name_th,
    provinces.province_name_en,
    provinces.region_th,
    provinces.region_en,
    cast(by_month.completions as bigint) as completions,
    cast(by_month.insured_s33_within_6_months as bigint) as insured_s33_within_6_months,
    cast(
        100.0 * by_month.insured_s33_within_6_months / nullif(by_month.completions, 0)
        as decimal(7, 2)
    ) as insured_s33_within_6_months_pct,
    cast(by_month.completions_pre_employment as bigint) as completions_pre_employment,
    cast(by_month.insured_s33_within_6_months_pre_employment as bigint)
        as insured_s33_within_6_months_pre_employment,
    by_month.is_window_complete
from by_month
left join provinces
    on by_month.province_code = provinces.province_code
