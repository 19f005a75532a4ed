-- The Social Security Fund's holdings: one row per month x asset class, with the class's risk
-- bucket (safe/risky) and domicile (domestic/foreign) from the reference seed, its weight in the
-- fund (computed from the values) and its monthly return. Values are stocks: never sum them over
-- months.
with positions as (
    select * from {{ ref('stg_sso_fund__positions') }}
),

classes as (
    select * from {{ ref('ref_fund_asset_classes') }}
),

totals as (
    select
        month_start,
        sum(market_value_million_baht) as fund_value_million_baht
    from positions
    group by month_start
)

select
    positions.month_start,
    positions.asset_class_code,
    cast(classes.name_th as {{ dbt.type_string() }}) as asset_class_name_th,
    cast(classes.name_en as {{ dbt.type_string() }}) as asset_class_name_en,
    cast(classes.risk_bucket as {{ dbt.type_string() }}) as risk_bucket,
    cast(classes.domicile as {{ dbt.type_string() }}) as domicile,
    cast(classes.sort_order as integer) as asset_class_order,
    positions.market_value_million_baht,
    cast(totals.fund_value_million_baht as decimal(18, 2)) as fund_value_million_baht,
    cast(
        positions.market_value_million_baht / nullif(totals.fund_value_million_baht, 0) as decimal(9, 6)
    ) as weight,
    positions.weight_pct_published,
    positions.monthly_return_pct,
    cast(
        positions.market_value_million_baht / (1 + positions.monthly_return_pct / 100) as decimal(18, 4)
    ) as start_value_million_baht,
    positions.source_file,
    positions.source_line
from positions
inner join totals
    on positions.month_start = totals.month_start
left join classes
    on positions.asset_class_code = classes.asset_class_code
