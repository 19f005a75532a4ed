-- Migrant work permits: typed, one row per permit version as delivered. Unlike the other
-- staging models this keeps every version: the first workbook is the stock, later ones the
-- permits issued, renewed or cancelled, and the stock of a month is each permit's latest
-- version delivered by then (fct_work_permits). Within one workbook a permit number appears
-- once (a second row is quarantined at landing); parts of one month (_p2 …) hold other permits.
with source_rows as (
    select * from {{ source('mol_doe', 'work_permits') }}
)

select
    cast(permit_no as {{ dbt.type_string() }}) as permit_no,
    cast(person_key as {{ dbt.type_string() }}) as person_key,
    cast(id_non_thai as boolean) as id_non_thai,
    cast(sex as {{ dbt.type_string() }}) as sex,
    cast(birth_year as integer) as birth_year,
    cast(nationality_code as {{ dbt.type_string() }}) as nationality_code,
    cast(permit_type as {{ dbt.type_string() }}) as permit_type,
    cast(employer_account as {{ dbt.type_string() }}) as employer_account,
    cast(branch as {{ dbt.type_string() }}) as branch,
    case
        when employer_account is not null
            then cast(employer_account as {{ dbt.type_string() }}) || '-' || branch
    end as establishment_key,
    cast(province_code as {{ dbt.type_string() }}) as province_code,
    cast(issue_date as date) as issue_date,
    cast(expiry_date as date) as expiry_date,
    cast(record_type as {{ dbt.type_string() }}) as record_type,
    cast(cancel_date as date) as cancel_date,
    {{ partition_month('month') }} as partition_month,
    cast(_source_file as {{ dbt.type_string() }}) as source_file,
    cast(_source_line as bigint) as source_line,
    cast(_load_id as {{ dbt.type_string() }}) as load_id
from source_rows
