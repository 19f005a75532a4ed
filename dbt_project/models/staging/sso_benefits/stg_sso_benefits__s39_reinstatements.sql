-- Section-39 reinstatement requests: typed, the decision in English words, one row per request
-- number (the latest delivery of it wins, as for claims).
with source_rows as (
    select * from {{ source('sso_benefits', 's39_reinstatements') }}
),

typed as (
    select
        cast(request_id as {{ dbt.type_string() }}) as request_id,
        cast(person_key as {{ dbt.type_string() }}) as person_key,
        cast(province_code as {{ dbt.type_string() }}) as province_code,
        cast(lapse_date as date) as lapse_date,
        cast(request_date as date) as request_date,
        cast(decision_date as date) as decision_date,
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
            partition by request_id
            order by partition_month desc, source_file desc, source_line desc
        ) as version_rank
    from typed
)

select
    request_id,
    person_key,
    province_code,
    lapse_date,
    request_date,
    decision_date,
    status,
    reason_code,
    partition_month,
    source_file,
    source_line,
    load_id
from ranked
where version_rank = 1
