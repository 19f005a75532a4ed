-- Guideline 2 rejection reasons: one row per month x province x benefit type x section x reason
-- with at least one rejected claim (sparse). Rejections are flows: they sum over every column.
with rejected as (
    select
        claim_month as month_start,
        province_code,
        benefit_type_code,
        section,
        reason_code,
        count(*) as rejected_claims
    from {{ ref('fct_benefit_claims') }}
    where not is_approved
    group by claim_month, province_code, benefit_type_code, section, reason_code
),

reasons as (
    select * from {{ ref('ref_benefit_rejection_reasons') }}
),

calendar as (
    select * from {{ ref('dim_date') }}
),

provinces as (
    select * from {{ ref('dim_province') }}
),

benefit_types as (
    select * from {{ ref('dim_benefit_type') }}
)

select
    rejected.month_start,
    calendar.month_key,
    calendar.month_label_th,
    calendar.month_label_en,
    calendar.year_ce,
    calendar.fiscal_year_be,
    rejected.province_code,
    provinces.province_name_th,
    provinces.province_name_en,
    provinces.region_th,
    provinces.region_en,
    rejected.benefit_type_code,
    benefit_types.benefit_type_name_th,
    benefit_types.benefit_type_name_en,
    cast(rejected.section as integer) as section,
    cast(coalesce(rejected.reason_code, 'unknown') as {{ dbt.type_string() }}) as reason_code,
    coalesce(reasons.name_th, 'ไม่ระบุเหตุผล') as reason_name_th,
    coalesce(reasons.name_en, 'No reason given') as reason_name_en,
    cast(rejected.rejected_claims as bigint) as rejected_claims,
    cast(
        rejected.rejected_claims / sum(1.0 * rejected.rejected_claims) over (
            partition by rejected.month_start, rejected.province_code, rejected.benefit_type_code, rejected.section
        ) as decimal(9, 4)
    ) as share_of_rejections
from rejected
left join calendar
    on rejected.month_start = calendar.date_day
left join provinces
    on rejected.province_code = provinces.province_code
left join benefit_types
    on rejected.benefit_type_code = benefit_types.benefit_type_code
left join reasons
    on rejected.reason_code = reasons.reason_code
