-- สปส.1-10 contributions per wage month and establishment (employer branch), from the detail
-- lines of the files that reconciled. Line-level detail (with person_key) stays in
-- staging.stg_sso_efiling__contributions for analysts who need it.
-- Incremental by wage month (macros/incremental.sql): only the months whose lake partitions
-- changed since the published build are read and replaced.
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='wage_month',
        on_schema_change='fail',
        post_hook="{{ drop_months_without_inputs(ref('stg_sso_efiling__contributions'), 'wage_month') }}"
    )
}}

with

{% if is_incremental() %}
    rebuild as (
        {{ months_to_rebuild(ref('stg_sso_efiling__contributions'), 'wage_month') }}
    ),
{% endif %}

lines as (
    select * from {{ ref('stg_sso_efiling__contributions') }}
    {% if is_incremental() %}
        where wage_month in (select rebuild.month from rebuild)
    {% endif %}
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
    max(lines.source_file) as source_file,
    {{ input_loads('lines.partition_month', 'lines.load_id') }} as input_loads
from lines
group by
    lines.wage_month,
    lines.establishment_key,
    lines.employer_account,
    lines.branch
