-- Department of Employment placements: typed, one row per placement_id (the latest version;
-- the connector pulls at least once).
with source_rows as (
    select * from {{ source('mol_doe', 'placements') }}
),

typed as (
    select
        cast(placement_id as {{ dbt.type_string() }}) as placement_id,
        cast(seeker_id as {{ dbt.type_string() }}) as seeker_id,
        cast(vacancy_id as {{ dbt.type_string() }}) as vacancy_id,
        cast(person_key as {{ dbt.type_string() }}) as person_key,
        cast(employer_account as {{ dbt.type_string() }}) as employer_account,
        cast(branch as {{ dbt.type_string() }}) as branch,
        cast(province_code as {{ dbt.type_string() }}) as province_code,
        cast(isco_major_group as integer) as isco_major_group,
        cast(wage_agreed as integer) as wage_agreed,
        cast(placed_on as date) as placed_on,
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
            partition by placement_id
            order by updated_at desc, source_file desc, source_line desc
        ) as version_rank
    from typed
)

select
    placement_id,
    seeker_id,
    vacancy_id,
    person_key,
    employer_account,
    branch,
    case
        when employer_account is not null then employer_account || '-' || branch
    end as establishment_key,
    province_code,
    isco_major_group,
    wage_agreed,
    placed_on,
    updated_at,
    partition_month,
    source_file,
    source_line,
    load_id
from ranked
where version_rank = 1
