-- สปส.1-10 contributions per wage month and establishment (employer branch), from the detail
-- lines of the files that reconciled. Line-level detail (with person_key) stays in
-- staging.stg_sso_efiling__contributions for analysts who need it.
with lines as (
    select * from {{ ref('stg_sso_efiling__contributions') }}
)

select
    lines.wage_month,
    lines.establishment_key,
    lines.employer_account,
    lines.branch,
    cast(max(lines.contribution_rate) as decimal(5, 2)) as contribution_rate,
    max(lines.payment_date) as payment_date,
    cast(count(*) as bigint) as insured_lines,
    cast(count(distinct lines.person_key) as bigint) as insured_persons,
    cast(sum(lines.wage) as decimal(18, 2)) as total_wages,
    cast(sum(lines.employee_contribution) as decimal(18, 2)) as employee_contributions,
    cast(sum(lines.employee_contribution) as decimal(18, 2)) as employer_contributions,
    cast(2 * sum(lines.employee_contribution) as decimal(18, 2)) as total_contributions,
    max(lines.source_file) as source_file
from lines
group by
    lines.wage_month,
    lines.establishment_key,
    lines.employer_account,
    lines.branch
