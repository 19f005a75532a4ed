-- Training enrolments of the Department of Skill Development, typed: one row per enrolment
-- (trainee x course), the Thai labels mapped to codes. Personal data: person_key only.
with source_rows as (
    select * from {{ source('mol_dsd', 'enrolments') }}
)

select
    cast(enrolment_id as {{ dbt.type_string() }}) as enrolment_id,
    cast(person_key as {{ dbt.type_string() }}) as person_key,
    cast(course_code as {{ dbt.type_string() }}) as course_code,
    cast(
        case course_type
            when 'ฝึกเตรียมเข้าทำงาน' then 'pre_employment'
            when 'ฝึกยกระดับฝีมือ' then 'upskilling'
            when 'ฝึกเสริมทักษะ' then 'retraining'
        end as {{ dbt.type_string() }}
    ) as course_type,
    cast(course_type as {{ dbt.type_string() }}) as course_type_th,
    cast(
        case provider when 'กรมพัฒนาฝีมือแรงงาน' then 'dsd' when 'สถานประกอบกิจการ' then 'employer' end
        as {{ dbt.type_string() }}
    ) as training_provider,
    cast(employer_account as {{ dbt.type_string() }}) as employer_account,
    cast(case sex when 'ชาย' then 'M' when 'หญิง' then 'F' end as {{ dbt.type_string() }}) as sex,
    cast(birth_year_be as integer) - 543 as birth_year,
    cast(province_code as {{ dbt.type_string() }}) as province_code,
    cast(start_date as date) as start_date,
    cast(end_date as date) as end_date,
    result = 'จบหลักสูตร' as is_completed,
    {{ partition_month('month') }} as partition_month,
    cast(_source_file as {{ dbt.type_string() }}) as source_file,
    cast(_source_line as bigint) as source_line,
    cast(_load_id as {{ dbt.type_string() }}) as load_id
from source_rows
