-- Guideline 5 (fund investment): the year the fund would be depleted (the first projected year
-- whose end balance is <= 0; null if it lasts to 2100) under each scenario of this model, beside
-- the published projections (seed ref_fund_published_projections). One row per projection.
with projection as (
    select * from {{ ref('mart_fund__projection') }}
),

published as (
    select * from {{ ref('ref_fund_published_projections') }}
),

by_scenario as (
    select
        scenario_code,
        min(scenario_order) as scenario_order,
        min(scenario_name_th) as scenario_name_th,
        min(scenario_name_en) as scenario_name_en,
        min(base_month) as base_month,
        min(case when is_depleted and years_ahead > 0 then year_ce end) as depletion_year,
        max(fund_balance_million_baht) as peak_balance_million_baht,
        max(case when is_base_year then fund_balance_million_baht end) as base_balance_million_baht
    from projection
    group by scenario_code
),

peaks as (
    select
        projection.scenario_code,
        min(projection.year_ce) as peak_year
    from projection
    inner join by_scenario
        on
            projection.scenario_code = by_scenario.scenario_code
            and projection.fund_balance_million_baht = by_scenario.peak_balance_million_baht
    group by projection.scenario_code
)

select
    'this_model' as projection_source,
    by_scenario.scenario_code as projection_code,
    cast(by_scenario.scenario_order as integer) as projection_order,
    cast(by_scenario.scenario_name_th as {{ dbt.type_string() }}) as projection_name_th,
    cast(by_scenario.scenario_name_en as {{ dbt.type_string() }}) as projection_name_en,
    cast(extract(year from by_scenario.base_month) as integer) as projected_from_year,
    by_scenario.base_month,
    cast(by_scenario.depletion_year as integer) as depletion_year,
    cast(peaks.peak_year as integer) as peak_year,
    cast(by_scenario.peak_balance_million_baht as decimal(18, 2)) as peak_balance_million_baht,
    cast(by_scenario.base_balance_million_baht as decimal(18, 2)) as base_balance_million_baht,
    cast(null as {{ dbt.type_string() }}) as note
from by_scenario
inner join peaks
    on by_scenario.scenario_code = peaks.scenario_code

union all

select
    'published' as projection_source,
    cast(published.projection_code as {{ dbt.type_string() }}) as projection_code,
    cast(100 + row_number() over (order by published.published_year desc) as integer) as projection_order,
    cast(published.published_by_th as {{ dbt.type_string() }}) as projection_name_th,
    cast(published.published_by_en as {{ dbt.type_string() }}) as projection_name_en,
    cast(published.published_year as integer) as projected_from_year,
    cast(null as date) as base_month,
    cast(published.depletion_year as integer) as depletion_year,
    cast(null as integer) as peak_year,
    cast(null as decimal(18, 2)) as peak_balance_million_baht,
    cast(null as decimal(18, 2)) as base_balance_million_baht,
    cast(published.note as {{ dbt.type_string() }}) as note
from published
