-- The Social Security Fund's cash flow: one row per month x flow type (contributions received
-- by section, benefits paid by type), million baht. signed_amount is + for contributions and -
-- for benefits, so its sum over a month is the net cash flow (the workbook's net row).
with flows as (
    select * from {{ ref('stg_sso_fund__cash_flow') }}
),

types as (
    select * from {{ ref('ref_fund_flow_types') }}
)

select
    flows.month_start,
    flows.flow_code,
    flows.flow_group,
    cast(types.section as integer) as section,
    cast(types.benefit_group as {{ dbt.type_string() }}) as benefit_group,
    cast(types.name_th as {{ dbt.type_string() }}) as flow_name_th,
    cast(types.name_en as {{ dbt.type_string() }}) as flow_name_en,
    cast(types.sort_order as integer) as flow_order,
    flows.amount_million_baht,
    cast(
        case when flows.flow_group = 'benefit' then -flows.amount_million_baht else flows.amount_million_baht end
        as decimal(18, 2)
    ) as signed_amount_million_baht,
    flows.source_file,
    flows.source_line
from flows
left join types
    on flows.flow_code = types.flow_code
