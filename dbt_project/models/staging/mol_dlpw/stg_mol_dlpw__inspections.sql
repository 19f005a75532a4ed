-- Labour inspections of the Department of Labour Protection and Welfare, typed: one row per
-- inspection of an establishment (SSO employer branch), the kind mapped to a code.
with source_rows as (
    select * from {{ source('mol_dlpw', 'inspections') }}
)

select
    cast(inspection_id as {{ dbt.type_string() }}) as inspection_id,
    cast(employer_account as {{ dbt.type_string() }}) as employer_account,
    cast(branch as {{ dbt.type_string() }}) as branch,
    cast(employer_account as {{ dbt.type_string() }}) || '-'
    || cast(branch as {{ dbt.type_string() }}) as establishment_key,
    cast(province_code as {{ dbt.type_string() }}) as province_code,
    cast(inspection_date as date) as inspection_date,
    {{ month_start('cast(inspection_date as date)') }} as inspection_month,
    cast(
        case inspection_kind
            when 'ตรวจตามแผน' then 'planned'
            when 'ตรวจตามคำร้อง' then 'complaint'
            when 'ตรวจติดตาม' then 'follow_up'
            when 'ตรวจความปลอดภัย' then 'safety'
        end as {{ dbt.type_string() }}
    ) as inspection_kind,
    cast(inspection_kind as {{ dbt.type_string() }}) as inspection_kind_th,
    cast(workers_covered as integer) as workers_covered,
    cast(violations_found as integer) as violations_found,
    cast(main_violation_code as {{ dbt.type_string() }}) as main_violation_code,
    cast(orders_issued as integer) as orders_issued,
    {{ partition_month('month') }} as partition_month,
    cast(_source_file as {{ dbt.type_string() }}) as source_file,
    cast(_source_line as bigint) as source_line,
    cast(_load_id as {{ dbt.type_string() }}) as load_id
from source_rows
