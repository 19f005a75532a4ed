-- Benefit claims: one row per claim (the latest delivered version), with its month, the days
-- from claim to decision and to payment, and whether it was paid within its service standard.
with claims as (
    select * from {{ ref('stg_sso_benefits__claims') }}
),

benefit_types as (
    select * from {{ ref('dim_benefit_type') }}
)

select
    claims.claim_id,
    claims.person_key,
    claims.benefit_type_code,
    claims.section,
    claims.province_code,
    claims.claim_date,
    {{ month_start('claims.claim_date') }} as claim_month,
    claims.decision_date,
    claims.payment_date,
    cast({{ dbt.datediff('claims.claim_date', 'claims.decision_date', 'day') }} as integer)
        as days_to_decision,
    cast({{ dbt.datediff('claims.claim_date', 'claims.payment_date', 'day') }} as integer)
        as days_to_payment,
    cast(claims.amount as decimal(14, 2)) as amount_paid,
    claims.status,
    claims.status = 'approved' as is_approved,
    claims.reason_code,
    benefit_types.service_standard_days,
    case
        when claims.payment_date is not null
            then
                {{ dbt.datediff('claims.claim_date', 'claims.payment_date', 'day') }}
                <= benefit_types.service_standard_days
    end as is_paid_within_standard,
    claims.partition_month as delivery_month,
    claims.source_file,
    claims.source_line
from claims
left join benefit_types
    on claims.benefit_type_code = benefit_types.benefit_type_code
