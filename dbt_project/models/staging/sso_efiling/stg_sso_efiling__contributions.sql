-- สปส.1-10 detail lines, typed: one row per insured per employer branch per wage month.
-- A corrected filing (a later revision of the same branch and month) replaces the earlier
-- one: the lake keeps both and marks the replaced rows, staging keeps the current ones.
with source_rows as (
    select * from {{ source('sso_efiling', 'contributions') }}
    where _superseded_by is null
)

select
    cast(employer_account as {{ dbt.type_string() }}) as employer_account,
    cast(branch as {{ dbt.type_string() }}) as branch,
    cast(employer_account as {{ dbt.type_string() }}) || '-'
    || cast(branch as {{ dbt.type_string() }}) as establishment_key,
    cast(wage_month as date) as wage_month,
    cast(payment_date as date) as payment_date,
    cast(contribution_rate as decimal(5, 2)) as contribution_rate,
    cast(person_key as {{ dbt.type_string() }}) as person_key,
    cast(id_non_thai as boolean) as id_non_thai,
    cast(sex as {{ dbt.type_string() }}) as sex,
    cast(wage as decimal(12, 2)) as wage,
    cast(employee_contribution as decimal(12, 2)) as employee_contribution,
    {{ partition_month('month') }} as partition_month,
    cast(_source_file as {{ dbt.type_string() }}) as source_file,
    cast(_source_line as bigint) as source_line,
    cast(_load_id as {{ dbt.type_string() }}) as load_id
from source_rows
