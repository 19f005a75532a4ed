-- Work-injury cases of the Workmen's Compensation Fund, typed: one row per case. The severity
-- as the fund writes it (a Thai label) is mapped to a code by the reference seed.
with source_rows as (
    select * from {{ source('sso_wcf', 'injuries') }}
),

severities as (
    select * from {{ ref('ref_injury_severity') }}
)

select
    cast(source_rows.case_id as {{ dbt.type_string() }}) as case_id,
    cast(source_rows.person_key as {{ dbt.type_string() }}) as person_key,
    cast(source_rows.employer_account as {{ dbt.type_string() }}) as employer_account,
    cast(source_rows.branch as {{ dbt.type_string() }}) as branch,
    cast(source_rows.employer_account as {{ dbt.type_string() }}) || '-'
    || cast(source_rows.branch as {{ dbt.type_string() }}) as establishment_key,
    cast(source_rows.tsic_code as {{ dbt.type_string() }}) as tsic_code,
    cast(source_rows.province_code as {{ dbt.type_string() }}) as province_code,
    cast(source_rows.injury_date as date) as injury_date,
    {{ month_start('cast(source_rows.injury_date as date)') }} as injury_month,
    cast(severities.severity_code as {{ dbt.type_string() }}) as severity_code,
    cast(source_rows.severity as {{ dbt.type_string() }}) as severity_label_th,
    cast(source_rows.days_off as integer) as days_off,
    cast(source_rows.medical_expenses as decimal(14, 2)) as medical_expenses,
    cast(source_rows.compensation as decimal(14, 2)) as compensation,
    {{ partition_month('source_rows.month') }} as partition_month,
    cast(source_rows._source_file as {{ dbt.type_string() }}) as source_file,
    cast(source_rows._source_line as bigint) as source_line,
    cast(source_rows._load_id as {{ dbt.type_string() }}) as load_id
from source_rows
left join severities
    on source_rows.severity = severities.severity_name_th
