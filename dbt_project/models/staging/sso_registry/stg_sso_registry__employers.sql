-- Employer branches: typed, the latest monthly snapshot of each (employer_account, branch).
with source_rows as (
    select * from {{ source('sso_registry', 'employers') }}
),

typed as (
    select
        cast(employer_account as {{ dbt.type_string() }}) as employer_account,
        cast(branch as {{ dbt.type_string() }}) as branch,
        cast(establishment_name as {{ dbt.type_string() }}) as establishment_name,
        cast(tsic_code as {{ dbt.type_string() }}) as tsic_code,
        cast(size_band as {{ dbt.type_string() }}) as size_band,
        cast(province_code as {{ dbt.type_string() }}) as province_code,
        cast(registered_on as date) as registered_on,
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
            partition by employer_account, branch
            order by partition_month desc, source_file desc, source_line desc
        ) as snapshot_rank,
        min(partition_month) over (partition by employer_account, branch) as first_seen_month
    from typed
)

select
    employer_account || '-' || branch as establishment_key,
    employer_account,
    branch,
    establishment_name,
    tsic_code,
    size_band,
    province_code,
    registered_on,
    first_seen_month,
    partition_month as last_seen_month,
    source_file,
    source_line,
    load_id
from ranked
where snapshot_rank = 1
