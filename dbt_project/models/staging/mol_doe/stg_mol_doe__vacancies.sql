-- Department of Employment vacancies: typed, one row per vacancy_id (the latest version; the
-- connector pulls at least once).
with source_rows as (
    select * from {{ source('mol_doe', 'vacancies') }}
),

typed as (
    select
        cast(vacancy_id as {{ dbt.type_string() }}) as vacancy_id,
        cast(employer_account as {{ dbt.type_string() }}) as employer_account,
        cast(branch as {{ dbt.type_string() }}) as branch,
        cast(province_code as {{ dbt.type_string() }}) as province_code,
        cast(tsic_code as {{ dbt.type_string() }}) as tsic_code,
        cast(isco_major_group as integer) as isco_major_group,
        cast(positions as integer) as positions,
        cast(wage_offered as integer) as wage_offered,
        cast(posted_on as date) as posted_on,
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
            partition by vacancy_id
            order by updated_at desc, source_file desc, source_line desc
        ) as version_rank
    from typed
)

select
    vacancy_id,
    employer_account,
    branch,
    case
        when employer_account is not null then employer_account || '-' || branch
    end as establishment_key,
    province_code,
    tsic_code,
    isco_major_group,
    positions,
    wage_offered,
    posted_on,
    updated_at,
    partition_month,
    source_file,
    source_line,
    load_id
from ranked
where version_rank = 1
