-- Guideline 2, days from claim to payment as a distribution: one row per month x province x
-- section x benefit type x number of days, counting the paid claims that took that many days.
-- Medians and 90th percentiles cannot be added up from per-province medians, but they can be
-- computed exactly from these counts under any filter (marts.weighted_quantile_cont, created by
-- this model's post-hook): the dashboard reads ~36 k rows for two national months instead of
-- ~7.4 M claims.
{{
    config(
        post_hook="{{ create_weighted_quantile_cont(this.schema) }}"
    )
}}

with claims as (
    select
        claim_month,
        province_code,
        section,
        benefit_type_code,
        service_standard_days,
        days_to_payment,
        count(*) as claims
    from {{ ref('fct_benefit_claims') }}
    where days_to_payment is not null
    group by
        claim_month,
        province_code,
        section,
        benefit_type_code,
        service_standard_days,
        days_to_payment
)

select
    claims.claim_month as month_start,
    dates.month_key,
    dates.month_label_th,
    claims.province_code,
    provinces.province_name_th,
    provinces.region_th,
    claims.section,
    claims.benefit_type_code,
    benefit_types.benefit_type_name_th,
    benefit_types.sort_order as benefit_type_order,
    claims.service_standard_days,
    claims.days_to_payment,
    claims.claims
from claims
left join {{ ref('dim_date') }} as dates
    on claims.claim_month = dates.date_day
left join {{ ref('dim_province') }} as provinces
    on claims.province_code = provinces.province_code
left join {{ ref('dim_benefit_type') }} as benefit_types
    on claims.benefit_type_code = benefit_types.benefit_type_code
