-- Distinct insured persons per month for the whole kingdom (a person insured in two provinces
-- counts once), by section, for the coverage marts.
-- Incremental by month (macros/incremental.sql, changed_spell_months): a new month counts
-- only the months whose active spells changed, not every month of the registry again.
with spells_monthly as (
    {{ changed_spell_months() }}
),

counted as (
    {{ insured_persons_by_section('spells_monthly', ['month_start']) }}
)

select * from counted
