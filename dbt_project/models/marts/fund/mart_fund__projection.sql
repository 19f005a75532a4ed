-- Guideline 5 (fund investment): the fund balance projected year by year to 2100 under each
-- scenario of seed ref_fund_projection_scenarios (docs/kpi-fund-projection.md). One row per
-- scenario x year; million baht of the data's scale.
--
-- Base (years_ahead = 0): the fund's value at the last observed month, and the cash flows of the
-- last 12 observed months (or fewer, annualised). Then 12-month steps from that month, each
-- labelled by the calendar year it ends in:
--   contributions = base x ((1 + insured growth)(1 + contributory wage growth))^k, Section 33 times
--     the levers: contribution rate (base + increase) / base from its start year, wage ceiling
--     (1 + uplift) from its start year, (1 + uplift per year) x years of pension-age increase;
--   old-age benefits = base x claimants(year - pension-age increase) / claimants(base year)
--     x (1 + pension level growth)^k x the ceiling's pension uplift, phased in; claimants follow
--     a logistic curve through the published 760 k (2022) and 2.3 M (2032) up to a cap;
--   other benefits = base x (1 + other benefit growth)^k;
--   balance_k = (1 + r)^k x [balance_0 + sum over j <= k of net_j x (1 + r)^(0.5 - j)]
--     (cash flows at mid-year; a closed form, so no recursive SQL is needed). After depletion
--     the balance goes negative: the shortfall, compounded at the same rate.
with positions as (
    select * from {{ ref('fct_fund_positions') }}
),

flows as (
    select * from {{ ref('fct_fund_cash_flow') }}
),

scenarios as (
    select * from {{ ref('ref_fund_projection_scenarios') }}
),

last_month as (
    select max(month_start) as base_month
    from positions
),

base_balance as (
    select
        last_month.base_month,
        cast(extract(year from last_month.base_month) as integer) as base_year,
        cast(sum(positions.market_value_million_baht) as double) as balance
    from positions
    inner join last_month
        on positions.month_start = last_month.base_month
    group by last_month.base_month
),

base_flows as (
    select
        cast(count(distinct flows.month_start) as integer) as months_observed,
        12.0 * cast(
            sum(case when flows.flow_code = 'contribution_s33' then flows.amount_million_baht else 0 end)
            as double
        ) / count(distinct flows.month_start
        ) as contributions_s33,
        12.0 * cast(sum(case
            when flows.flow_group = 'contribution' and flows.flow_code <> 'contribution_s33'
                then flows.amount_million_baht
            else 0
        end) as double) / count(distinct flows.month_start) as contributions_other,
        12.0 * cast(
            sum(case when flows.flow_code = 'benefit_old_age' then flows.amount_million_baht else 0 end)
            as double
        ) / count(distinct flows.month_start
        ) as benefits_old_age,
        12.0 * cast(sum(case
            when flows.flow_group = 'benefit' and flows.flow_code <> 'benefit_old_age'
                then flows.amount_million_baht
            else 0
        end) as double) / count(distinct flows.month_start) as benefits_other
    from flows
    cross join last_month
    where
        flows.month_start <= last_month.base_month
        and flows.month_start > {{ add_months('last_month.base_month', -12) }}
),

series as (
    {{ integer_series(3) }}
),

steps as (
    select
        scenarios.*,
        base_balance.base_month,
        base_balance.base_year,
        base_balance.balance as base_balance,
        base_flows.months_observed,
        base_flows.contributions_s33 as base_contributions_s33,
        base_flows.contributions_other as base_contributions_other,
        base_flows.benefits_old_age as base_benefits_old_age,
        base_flows.benefits_other as base_benefits_other,
        series.n as years_ahead,
        base_balance.base_year + series.n as year_ce,
        -- logistic claimants curve N(t) = cap / (1 + a exp(-g (t - 2022))) through the two points
        scenarios.old_age_claimants_cap / scenarios.old_age_claimants_2022 - 1 as logistic_a,
        -ln(
            (scenarios.old_age_claimants_cap / scenarios.old_age_claimants_2032 - 1)
            / (scenarios.old_age_claimants_cap / scenarios.old_age_claimants_2022 - 1)
        ) / 10 as logistic_g,
        case
            when
                scenarios.pension_age_increase_years > 0
                and base_balance.base_year + series.n >= scenarios.pension_age_start_year
                then least(
                        scenarios.pension_age_increase_years,
                        floor(
                            (base_balance.base_year + series.n - scenarios.pension_age_start_year)
                            / scenarios.pension_age_step_years
                        ) + 1
                    )
            else 0
        end as pension_age_increase
    from scenarios
    cross join base_balance
    cross join base_flows
    cross join series
    where base_balance.base_year + series.n <= 2100
),

flows_by_year as (
    select
        steps.*,
        case
            when steps.years_ahead = 0 then steps.base_contributions_s33
            else steps.base_contributions_s33
                * power((1 + steps.insured_growth) * (1 + steps.contributory_wage_growth), steps.years_ahead)
                * case
                    when steps.year_ce >= steps.contribution_rate_start_year
                        then (steps.base_contribution_rate_points + steps.contribution_rate_increase_points)
                            / steps.base_contribution_rate_points
                    else 1
                end
                * case
                    when steps.year_ce >= steps.ceiling_start_year then 1 + steps.ceiling_contribution_uplift
                    else 1
                end
                * (1 + steps.contribution_uplift_per_pension_year * steps.pension_age_increase)
        end as contributions_s33,
        steps.base_contributions_other
        * power((1 + steps.insured_growth) * (1 + steps.contributory_wage_growth), steps.years_ahead)
            as contributions_other,
        case
            when steps.years_ahead = 0 then steps.base_benefits_old_age
            else steps.base_benefits_old_age
                * (1 + steps.logistic_a * exp(-steps.logistic_g * (steps.base_year - 2022)))
                / (1 + steps.logistic_a * exp(
                    -steps.logistic_g * (steps.year_ce - steps.pension_age_increase - 2022)
                ))
                * power(1 + steps.pension_level_growth, steps.years_ahead)
                * case
                    when steps.year_ce >= steps.ceiling_start_year
                        then 1 + steps.ceiling_contribution_uplift
                            * least(
                                1.0,
                                (steps.year_ce - steps.ceiling_start_year) * 1.0 / steps.ceiling_pension_phase_years
                            )
                    else 1
                end
        end as benefits_old_age,
        steps.base_benefits_other * power(1 + steps.other_benefit_growth, steps.years_ahead) as benefits_other,
        steps.old_age_claimants_cap / (1 + steps.logistic_a * exp(
            -steps.logistic_g * (steps.year_ce - steps.pension_age_increase - 2022)
        )) as old_age_claimants_national
    from steps
),

discounted as (
    select
        flows_by_year.*,
        flows_by_year.contributions_s33 + flows_by_year.contributions_other
        - flows_by_year.benefits_old_age - flows_by_year.benefits_other as net_cash_flow,
        sum(case
            when flows_by_year.years_ahead = 0 then 0
            else (
                flows_by_year.contributions_s33 + flows_by_year.contributions_other
                - flows_by_year.benefits_old_age - flows_by_year.benefits_other
            ) * power(1 + flows_by_year.investment_return, 0.5 - flows_by_year.years_ahead)
        end) over (
            partition by flows_by_year.scenario_code order by flows_by_year.years_ahead
            rows between unbounded preceding and current row
        ) as discounted_net
    from flows_by_year
),

balances as (
    select
        discounted.*,
        power(1 + discounted.investment_return, discounted.years_ahead)
        * (discounted.base_balance + discounted.discounted_net) as fund_balance
    from discounted
)

select
    balances.scenario_code,
    cast(balances.scenario_order as integer) as scenario_order,
    cast(balances.name_th as {{ dbt.type_string() }}) as scenario_name_th,
    cast(balances.name_en as {{ dbt.type_string() }}) as scenario_name_en,
    cast(balances.year_ce as integer) as year_ce,
    cast(balances.year_ce + 543 as integer) as year_be,
    cast(balances.years_ahead as integer) as years_ahead,
    balances.years_ahead = 0 as is_base_year,
    balances.base_month,
    cast(balances.months_observed as integer) as base_months_observed,
    cast(55 + balances.pension_age_increase as integer) as pension_age,
    cast(balances.investment_return as decimal(9, 4)) as investment_return,
    cast(balances.old_age_claimants_national as bigint) as old_age_claimants_national,
    cast(balances.contributions_s33 + balances.contributions_other as decimal(18, 2)) as contributions_million_baht,
    cast(balances.contributions_s33 as decimal(18, 2)) as contributions_s33_million_baht,
    cast(balances.contributions_other as decimal(18, 2)) as contributions_s39_s40_million_baht,
    cast(balances.benefits_old_age + balances.benefits_other as decimal(18, 2)) as benefits_million_baht,
    cast(balances.benefits_old_age as decimal(18, 2)) as benefits_old_age_million_baht,
    cast(balances.benefits_other as decimal(18, 2)) as benefits_other_million_baht,
    cast(balances.net_cash_flow as decimal(18, 2)) as net_cash_flow_million_baht,
    case
        when balances.years_ahead > 0
            then cast(
                    balances.fund_balance
                    - lag(balances.fund_balance)
                        over (partition by balances.scenario_code order by balances.years_ahead)
                    - balances.net_cash_flow
                    as decimal(18, 2)
                )
    end as investment_income_million_baht,
    cast(balances.fund_balance as decimal(18, 2)) as fund_balance_million_baht,
    balances.fund_balance <= 0 as is_depleted
from balances
