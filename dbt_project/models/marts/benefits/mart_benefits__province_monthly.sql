-- Guideline 2 (benefits) by province: one row per month x province x benefit type x section
-- (33, 39, 40), dense (zeros where no one claimed; is_eligible marks the benefit-section pairs
-- the law has). Claims are flows: they sum over months, provinces and sections. insured_persons
-- is a stock (mart_coverage__province_monthly): never sum it over months or benefit types.
with frame as (
    select * from {{ ref('int_province_months') }}
),

benefit_types as (
    select * from {{ ref('dim_benefit_type') }}
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
        insured_persons
    from {{ ref('mart_coverage__province_monthly') }}
),

claims as (
    select
        claim_month as month_start,
        province_code,
        benefit_type_code,
        section,
        count(*) as claims,
        sum(case when is_approved then 1 else 0 end) as approved_claims,
        sum(case when is_approved then 0 else 1 end) as rejected_claims,
        sum(amount_paid) as amount_paid,
        sum(case when is_paid_within_standard then 1 else 0 end) as paid_within_standard,
        percentile_cont(0.5) within group (order by days_to_payment) as days_to_pay_median,
        percentile_cont(0.9) within group (order by days_to_payment) as days_to_pay_p90
    from {{ ref('fct_benefit_claims') }}
    group by claim_month, province_code, benefit_type_code, section
)

select
    frame.month_start,
    frame.month_key,
    frame.month_label_th,
    frame.month_label_en,
    frame.year_ce,
    frame.year_be,
    frame.fiscal_year_be,
    frame.is_latest_month,
    frame.province_code,
    frame.province_name_th,
    frame.province_name_en,
    frame.region_th,
    frame.region_en,
    benefit_types.benefit_type_code,
    benefit_types.benefit_type_name_th,
    benefit_types.benefit_type_name_en,
    benefit_types.benefit_group,
    benefit_types.sort_order as benefit_type_order,
    cast(sections.section as integer) as section,
    case sections.section
        when 33 then benefit_types.covers_section_33
        when 39 then benefit_types.covers_section_39
        else benefit_types.covers_section_40
    end as is_eligible,
    cast(coalesce(claims.claims, 0) as bigint) as claims,
    cast(coalesce(claims.approved_claims, 0) as bigint) as approved_claims,
    cast(coalesce(claims.rejected_claims, 0) as bigint) as rejected_claims,
    cast(claims.rejected_claims / nullif(1.0 * claims.claims, 0) as decimal(9, 4)) as rejection_rate,
    cast(coalesce(claims.amount_paid, 0) as decimal(18, 2)) as amount_paid,
    cast(coalesce(insured.insured_persons, 0) as bigint) as insured_persons,
    {{ per_1000('coalesce(claims.claims, 0)', 'insured.insured_persons') }} as claims_per_1000_insured,
    cast(claims.days_to_pay_median as decimal(9, 1)) as days_to_pay_median,
    cast(claims.days_to_pay_p90 as decimal(9, 1)) as days_to_pay_p90,
    benefit_types.service_standard_days,
    cast(coalesce(claims.paid_within_standard, 0) as bigint) as paid_within_standard,
    cast(
        claims.paid_within_standard / nullif(1.0 * claims.approved_claims, 0) as decimal(9, 4)
    ) as share_paid_within_standard
from frame
cross join benefit_types
cross join sections
left join claims
    on
        frame.month_start = claims.month_start
        and frame.province_code = claims.province_code
        and benefit_types.benefit_type_code = claims.benefit_type_code
        and sections.section = claims.section
left join insured
    on
        frame.month_start = insured.month_start
        and frame.province_code = insured.province_code
        and sections.section = insured.section
