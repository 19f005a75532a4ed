-- The Social Security Fund's monthly cash flow, typed: one row per item (contributions by
-- section, benefits by type) per month, million baht.
with source_rows as (
    select * from {{ source('sso_fund', 'cash_flow') }}
)

select
    cast(report_month as date) as month_start,
    cast(flow_group as {{ dbt.type_string() }}) as flow_group,
    cast(flow_code as {{ dbt.type_string() }}) as flow_code,
    cast(item_label as {{ dbt.type_string() }}) as item_label,
    cast(amount_million_baht as decimal(18, 2)) as amount_million_baht,
    {{ partition_month('month') }} as partition_month,
    cast(_source_file as {{ dbt.type_string() }}) as source_file,
    cast(_source_line as bigint) as source_line,
    cast(_load_id as {{ dbt.type_string() }}) as load_id
from source_rows
