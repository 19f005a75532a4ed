-- SSO staff welfare by office and month, typed: one row per office per report month.
with source_rows as (
    select * from {{ source('sso_hr', 'welfare') }}
)

select
    cast(report_month as date) as month_start,
    cast(office_code as {{ dbt.type_string() }}) as office_code,
    cast(office_name as {{ dbt.type_string() }}) as office_name,
    cast(office_kind as {{ dbt.type_string() }}) as office_kind,
    cast(province_code as {{ dbt.type_string() }}) as province_code,
    cast(headcount as integer) as headcount,
    cast(childcare_places as integer) as childcare_places,
    cast(childcare_children as integer) as childcare_children,
    cast(health_checks as integer) as health_checks,
    cast(welfare_loans as integer) as welfare_loans,
    cast(welfare_loan_baht as bigint) as welfare_loan_baht,
    cast(fitness_visits as integer) as fitness_visits,
    cast(clinic_visits as integer) as clinic_visits,
    {{ partition_month('month') }} as partition_month,
    cast(_source_file as {{ dbt.type_string() }}) as source_file,
    cast(_source_line as bigint) as source_line,
    cast(_load_id as {{ dbt.type_string() }}) as load_id
from source_rows
