-- Skill-standard certification tests of the Department of Skill Development, typed: one row
-- per test. Personal data: person_key only.
with source_rows as (
    select * from {{ source('mol_dsd', 'certifications') }}
)

select
    cast(test_id as {{ dbt.type_string() }}) as test_id,
    cast(person_key as {{ dbt.type_string() }}) as person_key,
    cast(standard_code as {{ dbt.type_string() }}) as standard_code,
    cast(level as integer) as standard_level,
    cast(province_code as {{ dbt.type_string() }}) as province_code,
    cast(test_date as date) as test_date,
    result = 'ผ่าน' as is_passed,
    {{ partition_month('month') }} as partition_month,
    cast(_source_file as {{ dbt.type_string() }}) as source_file,
    cast(_source_line as bigint) as source_line,
    cast(_load_id as {{ dbt.type_string() }}) as load_id
from source_rows
