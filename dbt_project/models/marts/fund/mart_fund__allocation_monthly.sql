-- Guideline 5 (fund investment): the fund's mix each month, safe/risky and domestic/foreign,
-- beside the strategic allocation of the month's year (seed ref_fund_strategic_allocation; years
-- outside the seed take its nearest year). One row per month. Values are stocks: show one month.
with positions as (
    select * from {{ ref('fct_fund_positions') }}
),

targets as (
    select * from {{ ref('ref_fund_strategic_allocation') }}
),

target_bounds as (
    select
        min(year) as first_year,
        max(year) as last_year
    from targets
),

calendar as (
    select * from {{ ref('dim_date') }}
),

months as (
    select
        month_start,
        cast(extract(year from month_start) as integer) as year_ce,
        sum(market_value_million_baht) as fund_value,
        sum(case when risk_bucket = 'safe' then market_value_million_baht else 0 end) as safe_value,
        sum(case when risk_bucket = 'risky' then market_value_million_baht else 0 end) as risky_value,
        sum(case when domicile = 'domestic' then market_value_million_baht else 0 end) as domestic_value,
        sum(case when domicile = 'foreign' then market_value_million_baht else 0 end) as foreign_value
    from positions
    group by month_start
),

latest as (
    select max(month_start) as latest_month from months
),

shares as (
    select
        months.*,
        months.safe_value / nullif(months.fund_value, 0) as safe_share,
        months.domestic_value / nullif(months.fund_value, 0) as domestic_share
    from months
)

select
    shares.month_start,
    calendar.month_key,
    calendar.month_label_th,
    calendar.month_label_en,
    shares.year_ce,
    shares.year_ce + 543 as year_be,
    shares.month_start = latest.latest_month as is_latest_month,
    cast(shares.fund_value as decimal(18, 2)) as fund_value_million_baht,
    cast(shares.safe_value as decimal(18, 2)) as safe_value_million_baht,
    cast(shares.risky_value as decimal(18, 2)) as risky_value_million_baht,
    cast(shares.domestic_value as decimal(18, 2)) as domestic_value_million_baht,
    cast(shares.foreign_value as decimal(18, 2)) as foreign_value_million_baht,
    cast(shares.safe_share as decimal(9, 6)) as safe_share,
    cast(1 - shares.safe_share as decimal(9, 6)) as risky_share,
    cast(shares.domestic_share as decimal(9, 6)) as domestic_share,
    cast(1 - shares.domestic_share as decimal(9, 6)) as foreign_share,
    cast(targets.year as integer) as target_year,
    cast(targets.target_safe_share as decimal(9, 6)) as target_safe_share,
    cast(1 - targets.target_safe_share as decimal(9, 6)) as target_risky_share,
    cast(targets.target_domestic_share as decimal(9, 6)) as target_domestic_share,
    cast(1 - targets.target_domestic_share as decimal(9, 6)) as target_foreign_share,
    cast(100 * (shares.safe_share - targets.target_safe_share) as decimal(9, 2)) as safe_gap_pp,
    cast(100 * (shares.domestic_share - targets.target_domestic_share) as decimal(9, 2)) as domestic_gap_pp
from shares
cross join latest
cross join target_bounds
left join calendar
    on shares.month_start = calendar.date_day
left join targets
    on targets.year = least(greatest(shares.year_ce, target_bounds.first_year), target_bounds.last_year)
