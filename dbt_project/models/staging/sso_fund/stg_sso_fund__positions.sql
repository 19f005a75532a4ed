-- The Social Security Fund's holdings by asset class at each month's end, typed: one row per
-- asset class per month (million baht; returns in percent).
with source_rows as (
    select * from {{ source('sso_fund', 'positions') }}
)

select
    cast(report_month as date) as month_start,
    cast(asset_class_code as {{ dbt.type_string() }}) as asset_class_code,
    cast(asset_class_label as {{ dbt.type_string() }}) as asset_class_label,
    cast(market_value_million_baht as decimal(18, 2)) as market_value_million_baht,
    cast(weight_pct as decimal(7, 2)) as weight_pct_published,
    cast(monthly_return_pct as decimal(9, 4)) as monthly_return_pct,
    {{ partition_month('month') }} as partition_month,
    cast(_source_file as {{ dbt.type_string() }}) as source_file,
    cast(_source_line as bigint) as source_line,
    cast(_load_id as {{ dbt.type_string() }}) as load_id
from source_rows
