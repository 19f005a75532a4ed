-- Insured persons (a stock) per month, section, province and establishment: distinct persons
-- with a spell active in the month. Never sum over months; summing over establishments or
-- provinces can count a person with two spells twice (use the coverage marts for exact totals).
select
    spells_monthly.month_start,
    cast(spells_monthly.section as integer) as section,
    spells_monthly.province_code,
    spells_monthly.establishment_key,
    cast(count(distinct spells_monthly.person_key) as bigint) as insured_persons,
    cast(count(*) as bigint) as active_spells
from {{ ref('int_insured_spells_monthly') }} as spells_monthly
group by
    spells_monthly.month_start,
    spells_monthly.section,
    spells_monthly.province_code,
    spells_monthly.establishment_key
