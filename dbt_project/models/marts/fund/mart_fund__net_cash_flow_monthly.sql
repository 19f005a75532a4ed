-- Guideline 5 (fund investment): contributions minus benefits, each month (million baht), by
-- section and by benefit type, with the year-to-date net; and the reconciliation of Section-33
-- contributions with the สปส.1-10 filings loaded for the same wage month: the fund's Section-33
-- line = (employee + employer + government) parts = (5 + 5 + 2.75) / 5 = 2.55 × the employee
-- contributions of the accepted filings, rounded to 0.01 million baht. One row per month.
with flows as (
    select * from {{ ref('fct_fund_cash_flow') }}
),

filings as (
    select
        wage_month as month_start,
        sum(employee_contributions) as employee_contributions
    from {{ ref('fct_contributions') }}
    group by wage_month
),

calendar as (
    select * from {{ ref('dim_date') }}
),

monthly as (
    select
        month_start,
        cast(extract(year from month_start) as integer) as year_ce,
        sum(case when flow_group = 'contribution' then amount_million_baht else 0 end) as contributions,
        sum(case when flow_code = 'contribution_s33' then amount_million_baht else 0 end) as contributions_s33,
        sum(case when flow_code = 'contribution_s39' then amount_million_baht else 0 end) as contributions_s39,
        sum(case when flow_code = 'contribution_s40' then amount_million_baht else 0 end) as contributions_s40,
        sum(case when flow_group = 'benefit' then amount_million_baht else 0 end) as benefits,
        sum(case when flow_code = 'benefit_sickness' then amount_million_baht else 0 end) as benefits_sickness,
        sum(case when flow_code = 'benefit_maternity' then amount_million_baht else 0 end) as benefits_maternity,
        sum(case when flow_code = 'benefit_invalidity' then amount_million_baht else 0 end) as benefits_invalidity,
        sum(case when flow_code = 'benefit_death' then amount_million_baht else 0 end) as benefits_death,
        sum(
            case when flow_code = 'benefit_child_allowance' then amount_million_baht else 0 end
        ) as benefits_child_allowance,
        sum(case when flow_code = 'benefit_old_age' then amount_million_baht else 0 end) as benefits_old_age,
        sum(
            case when flow_code = 'benefit_unemployment' then amount_million_baht else 0 end
        ) as benefits_unemployment,
        sum(signed_amount_million_baht) as net_cash_flow
    from flows
    group by month_start
),

latest as (
    select max(month_start) as latest_month from monthly
)

select
    monthly.month_start,
    calendar.month_key,
    calendar.month_label_th,
    calendar.month_label_en,
    monthly.year_ce,
    monthly.year_ce + 543 as year_be,
    calendar.fiscal_year_be,
    monthly.month_start = latest.latest_month as is_latest_month,
    cast(monthly.contributions as decimal(18, 2)) as contributions_million_baht,
    cast(monthly.contributions_s33 as decimal(18, 2)) as contributions_s33_million_baht,
    cast(monthly.contributions_s39 as decimal(18, 2)) as contributions_s39_million_baht,
    cast(monthly.contributions_s40 as decimal(18, 2)) as contributions_s40_million_baht,
    cast(monthly.benefits as decimal(18, 2)) as benefits_million_baht,
    cast(monthly.benefits_sickness as decimal(18, 2)) as benefits_sickness_million_baht,
    cast(monthly.benefits_maternity as decimal(18, 2)) as benefits_maternity_million_baht,
    cast(monthly.benefits_invalidity as decimal(18, 2)) as benefits_invalidity_million_baht,
    cast(monthly.benefits_death as decimal(18, 2)) as benefits_death_million_baht,
    cast(monthly.benefits_child_allowance as decimal(18, 2)) as benefits_child_allowance_million_baht,
    cast(monthly.benefits_old_age as decimal(18, 2)) as benefits_old_age_million_baht,
    cast(monthly.benefits_unemployment as decimal(18, 2)) as benefits_unemployment_million_baht,
    cast(monthly.net_cash_flow as decimal(18, 2)) as net_cash_flow_million_baht,
    cast(
        sum(monthly.net_cash_flow) over (
            partition by monthly.year_ce order by monthly.month_start
            rows between unbounded preceding and current row
        ) as decimal(18, 2)
    ) as net_cash_flow_ytd_million_baht,
    cast(monthly.benefits / nullif(monthly.contributions, 0) as decimal(9, 4)) as benefits_to_contributions,
    cast(round(2.55 * filings.employee_contributions / 1000000, 2) as decimal(18, 2))
        as contributions_s33_from_filings_million_baht,
    cast(
        monthly.contributions_s33 - round(2.55 * filings.employee_contributions / 1000000, 2) as decimal(18, 2)
    ) as s33_reconciliation_gap_million_baht
from monthly
cross join latest
left join filings
    on monthly.month_start = filings.month_start
left join calendar
    on monthly.month_start = calendar.date_day
