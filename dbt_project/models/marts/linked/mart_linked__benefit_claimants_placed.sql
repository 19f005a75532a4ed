-- Guideline 6, linked: unemployment-benefit claimants (SSO) by claim month and province, and
-- those the Department of Employment placed in a job within 90 days of their claim (a placement
-- dated 0-90 days after a claim of theirs). The link is the keyed pseudonym of the national ID.
-- Persons are counted once per month and province; a claim of the last three months can still
-- be placed later: the rate of recent months rises as placements arrive.
with claims as (
    select
        person_key,
        claim_date,
        province_code,
        {{ month_start('claim_date') }} as month_start
    from {{ ref('stg_sso_benefits__claims') }}
    where benefit_type_code = '08'
),

placements as (
    select
        person_key,
        placed_on
    from {{ ref('fct_job_placements') }}
),

flagged as (
    select
        claims.month_start,
        claims.province_code,
        claims.person_key,
        max(
            case
                when
                    placements.placed_on >= claims.claim_date
                    and placements.placed_on <= {{ add_days('claims.claim_date', 90) }}
                    then 1
                else 0
            end
        ) as placed_within_90_days
    from claims
    left join placements on claims.person_key = placements.person_key
    group by claims.month_start, claims.province_code, claims.person_key
)

select
    flagged.month_start,
    flagged.province_code,
    provinces.province_name_th,
    provinces.province_name_en,
    cast(count(*) as bigint) as unemployment_claimants,
    cast(sum(flagged.placed_within_90_days) as bigint) as placed_within_90_days,
    cast(sum(flagged.placed_within_90_days) as double) / count(*) as placed_within_90_days_rate
from flagged
left join {{ ref('dim_province') }} as provinces
    on flagged.province_code = provinces.province_code
group by
    flagged.month_start,
    flagged.province_code,
    provinces.province_name_th,
    provinces.province_name_en
