-- Labour cases (complaints and disputes) of the Department of Labour Protection and Welfare,
-- typed: one row per case, the kind and outcome mapped to codes.
with source_rows as (
    select * from {{ source('mol_dlpw', 'cases') }}
)

select
    cast(case_id as {{ dbt.type_string() }}) as case_id,
    cast(employer_account as {{ dbt.type_string() }}) as employer_account,
    cast(branch as {{ dbt.type_string() }}) as branch,
    cast(employer_account as {{ dbt.type_string() }}) || '-'
    || cast(branch as {{ dbt.type_string() }}) as establishment_key,
    cast(province_code as {{ dbt.type_string() }}) as province_code,
    cast(
        case case_kind when 'คำร้องทุกข์' then 'complaint' when 'ข้อพิพาทแรงงาน' then 'dispute' end
        as {{ dbt.type_string() }}
    ) as case_kind,
    cast(subject_code as {{ dbt.type_string() }}) as subject_code,
    cast(filed_date as date) as filed_date,
    cast(closed_date as date) as closed_date,
    cast(
        case outcome
            when 'ระหว่างดำเนินการ' then 'open'
            when 'ยุติ ลูกจ้างได้รับเงิน' then 'paid'
            when 'ยุติ ตกลงกันได้' then 'agreed'
            when 'ออกคำสั่ง' then 'order_issued'
            when 'ส่งฟ้องศาล' then 'to_court'
            when 'ถอนเรื่อง' then 'withdrawn'
        end as {{ dbt.type_string() }}
    ) as outcome,
    cast(outcome as {{ dbt.type_string() }}) as outcome_th,
    {{ partition_month('month') }} as partition_month,
    cast(_source_file as {{ dbt.type_string() }}) as source_file,
    cast(_source_line as bigint) as source_line,
    cast(_load_id as {{ dbt.type_string() }}) as load_id
from source_rows
