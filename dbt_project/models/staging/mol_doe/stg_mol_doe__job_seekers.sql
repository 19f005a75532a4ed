-- Department of Employment job seekers: typed, one row per registration (seeker_id).
-- The connector pulls at least once, so a record can be landed twice: keep the latest version
-- (by updated_at, then the later drop and line). Timestamps are Bangkok wall-clock time (the
-- API's +07:00 offset): their first 19 characters.
with source_rows as (
    select * from {{ source('mol_doe', 'job_seekers') }}
),

typed as (
    select
        cast(seeker_id as {{ dbt.type_string() }}) as seeker_id,
        cast(person_key as {{ dbt.type_string() }}) as person_key,
        cast(sex as {{ dbt.type_string() }}) as sex,
        cast(birth_year as integer) as birth_year,
        cast(province_code as {{ dbt.type_string() }}) as province_code,
        cast(education as {{ dbt.type_string() }}) as education,
        cast(insured as boolean) as insured,
        cast(reason as {{ dbt.type_string() }}) as reason,
        cast(replace(substring(registered_at, 1, 19), 'T', ' ') as timestamp) as registered_at,
        cast(replace(substring(updated_at, 1, 19), 'T', ' ') as timestamp) as updated_at,
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
            partition by seeker_id
            order by updated_at desc, source_file desc, source_line desc
        ) as version_rank
    from typed
)

select
    seeker_id,
    person_key,
    sex,
    birth_year,
    province_code,
    education,
    insured,
    reason,
    registered_at,
    cast(registered_at as date) as registered_on,
    updated_at,
    partition_month,
    source_file,
    source_line,
    load_id
from ranked
where version_rank = 1
