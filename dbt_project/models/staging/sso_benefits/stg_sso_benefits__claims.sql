-- Benefit claims: typed, the decision in English words, one row per claim number. A claim
-- delivered again (a re-sent or corrected monthly file) keeps its latest version: the later
-- delivery month, then the later file and line.
with source_rows as (
    select * from {{ source('sso_benefits', 'claims') }}
),

typed as (
    select
        cast(claim_id as {{ dbt.type_string() }}) as claim_id,
        cast(benefit_type_code as {{ dbt.type_string() }}) as benefit_type_code,
        cast(person_key as {{ dbt.type_string() }}) as person_key,
        cast(section as integer) as section,
        cast(province_code as {{ dbt.type_string() }}) as province_code,
        cast(claim_date as date) as claim_date,
        cast(decision_date as date) as decision_date,
        cast(payment_date as date) as payment_date,
        cast(amount as decimal(14, 2)) as amount,
        case status
            when 'อนุมัติ' then 'approved'
            when 'ไม่อนุมัติ' then 'rejected'
        end as status,
        cast(reason_code as {{ dbt.type_string() }}) as reason_code,
        {{ partition_month('month') }} as partition_month,
        cast(_source_file as {{ dbt.type_string() }}) as source_file,
        cast(_source_line as bigint) as source_line,
        cast(_load_id as {{ dbt.type_string() }}) as load_id
    from source_rows
),

ranked as (
    select
        *,
        row_number() over (
            partition by claim_id
            order by partition_month desc, source_file desc, source_line desc
        ) as version_rank
    from typed
)

select
    claim_id,
    benefit_type_code,
    person_key,
    section,
    province_code,
    claim_date,
    decision_date,
    payment_date,
    amount,
    status,
    reason_code,
    partition_month,
    source_file,
    source_line,
    load_id
from ranked
where version_rank = 1
