-- Contribution arrears (Guideline 4) by wage month, province and establishment size band:
-- contributions expected from the insured registry against those received in สปส.1-10 files.
--
-- The registry has no wages, so the expected amount is priced per insured line:
-- - expected insured = Section-33 spells of the branch active in the month (registry);
-- - a line is priced at the branch's own average total contribution (employee + employer) per
--   line over every month it filed (a file that reconciled); a branch that never filed is
--   priced at the month's national average per line;
-- - arrears = the lines missing from the month's filing (expected insured minus lines
--   received, never below 0) at that price; a branch with no loaded file owes all its lines.
-- Files quarantined for totals that do not reconcile count as not received.
with active_spells as (
    select * from {{ ref('int_insured_spells_monthly') }}
    where section = 33 and establishment_key is not null
),

contributions as (
    select * from {{ ref('fct_contributions') }}
),

establishments as (
    select * from {{ ref('dim_establishment') }}
),

months as (
    select month_start from {{ ref('int_month_spine') }}
),

expected as (
    select
        month_start as wage_month,
        establishment_key,
        count(*) as insured_expected
    from active_spells
    group by month_start, establishment_key
),

received as (
    select
        contributions.wage_month,
        contributions.establishment_key,
        contributions.insured_lines,
        contributions.total_contributions
    from contributions
    inner join months
        on contributions.wage_month = months.month_start
),

branch_price as (
    select
        establishment_key,
        sum(total_contributions) / sum(insured_lines) as price_per_line
    from contributions
    group by establishment_key
),

national_price as (
    select
        wage_month,
        sum(total_contributions) / sum(insured_lines) as price_per_line
    from contributions
    group by wage_month
),

branch_months as (
    select
        coalesce(expected.wage_month, received.wage_month) as wage_month,
        coalesce(expected.establishment_key, received.establishment_key) as establishment_key,
        coalesce(expected.insured_expected, 0) as insured_expected,
        coalesce(received.insured_lines, 0) as insured_received,
        coalesce(received.total_contributions, 0) as contributions_received,
        received.establishment_key is not null as has_file
    from expected
    full outer join received
        on
            expected.wage_month = received.wage_month
            and expected.establishment_key = received.establishment_key
),

priced as (
    select
        branch_months.*,
        coalesce(branch_price.price_per_line, national_price.price_per_line)
            as price_per_line,
        case
            when branch_months.insured_expected > branch_months.insured_received
                then branch_months.insured_expected - branch_months.insured_received
            else 0
        end as insured_missing
    from branch_months
    left join branch_price
        on branch_months.establishment_key = branch_price.establishment_key
    left join national_price
        on branch_months.wage_month = national_price.wage_month
)

select
    priced.wage_month,
    establishments.province_code,
    coalesce(establishments.size_band, 'unknown') as size_band,
    coalesce(establishments.size_band_order, 99) as size_band_order,
    cast(sum(case when priced.insured_expected > 0 then 1 else 0 end) as bigint)
        as branches_expected,
    cast(sum(case when priced.has_file then 1 else 0 end) as bigint) as branches_filed,
    cast(sum(case when priced.insured_expected > 0 and not priced.has_file then 1 else 0 end) as bigint)
        as branches_without_file,
    cast(sum(case when priced.insured_missing > 0 then 1 else 0 end) as bigint)
        as branches_in_arrears,
    cast(sum(priced.insured_expected) as bigint) as insured_expected,
    cast(sum(priced.insured_received) as bigint) as insured_received,
    cast(sum(priced.insured_missing) as bigint) as insured_missing,
    cast(sum(priced.insured_expected * priced.price_per_line) as decimal(18, 2))
        as contributions_expected,
    cast(sum(priced.contributions_received) as decimal(18, 2)) as contributions_received,
    cast(sum(priced.insured_missing * priced.price_per_line) as decimal(18, 2)) as arrears_amount
from priced
left join establishments
    on priced.establishment_key = establishments.establishment_key
group by
    priced.wage_month,
    establishments.province_code,
    coalesce(establishments.size_band, 'unknown'),
    coalesce(establishments.size_band_order, 99)
