-- Guideline 5 (fund investment): the fund's return each month, compounded over the year so far
-- and over the last 12 months, against the stated target (seed ref_fund_strategic_allocation:
-- 4 % a year). The month's return is Σ b·r / Σ b over the asset classes, b = the class's value at
-- the start of the month (value / (1 + r)): the workbook's total row. One row per month.
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

monthly as (
    select
        month_start,
        cast(extract(year from month_start) as integer) as year_ce,
        cast(extract(month from month_start) as integer) as month_of_year,
        sum(market_value_million_baht) as fund_value,
        cast(sum(start_value_million_baht * monthly_return_pct / 100) as double)
        / cast(nullif(sum(start_value_million_baht), 0) as double) as portfolio_return
    from positions
    group by month_start
),

compounded as (
    select
        monthly.*,
        exp(sum(ln(1 + monthly.portfolio_return)) over (
            partition by monthly.year_ce order by monthly.month_start rows between unbounded preceding and current row
        )) - 1 as ytd_return,
        count(*) over (
            partition by monthly.year_ce order by monthly.month_start rows between unbounded preceding and current row
        ) as months_in_ytd,
        exp(sum(ln(1 + monthly.portfolio_return)) over (
            order by monthly.month_start rows between 11 preceding and current row
        )) - 1 as trailing_return,
        min(monthly.month_start) over (
            order by monthly.month_start rows between 11 preceding and current row
        ) as trailing_first_month
    from monthly
),

latest as (
    select max(month_start) as latest_month from monthly
)

select
    compounded.month_start,
    calendar.month_key,
    calendar.month_label_th,
    calendar.month_label_en,
    compounded.year_ce,
    compounded.year_ce + 543 as year_be,
    compounded.month_of_year,
    compounded.month_start = latest.latest_month as is_latest_month,
    cast(compounded.fund_value as decimal(18, 2)) as fund_value_million_baht,
    cast(100 * compounded.portfolio_return as decimal(9, 4)) as portfolio_return_pct,
    cast(100 * compounded.ytd_return as decimal(9, 4)) as ytd_return_pct,
    cast(compounded.months_in_ytd as integer) as months_in_ytd,
    compounded.months_in_ytd = compounded.month_of_year as is_ytd_complete,
    case
        when compounded.trailing_first_month = {{ add_months('compounded.month_start', -11) }}
            then cast(100 * compounded.trailing_return as decimal(9, 4))
    end as trailing_12m_return_pct,
    cast(100 * targets.target_return_annual as decimal(9, 4)) as target_return_annual_pct,
    cast(100 * (power(1 + cast(targets.target_return_annual as double), 1.0 / 12) - 1) as decimal(9, 4))
        as target_monthly_return_pct,
    cast(
        100 * (power(1 + cast(targets.target_return_annual as double), compounded.month_of_year / 12.0) - 1)
        as decimal(9, 4)
    ) as target_ytd_return_pct,
    cast(
        100 * (
            compounded.ytd_return
            - (power(1 + cast(targets.target_return_annual as double), compounded.month_of_year / 12.0) - 1)
        ) as decimal(9, 4)
    ) as excess_ytd_return_pp
from compounded
cross join latest
cross join target_bounds
left join calendar
    on compounded.month_start = calendar.date_day
left join targets
    on targets.year = least(greatest(compounded.year_ce, target_bounds.first_year), target_bounds.last_year)
