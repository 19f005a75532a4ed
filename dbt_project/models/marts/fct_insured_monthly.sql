-- Insured persons (a stock) per month, section, province and establishment: distinct persons
-- with a spell active in the month. Never sum over months; summing over establishments or
-- provinces can count a person with two spells twice (use the coverage marts for exact totals).
-- Incremental by month (macros/incremental.sql, changed_spell_months): only the months whose
-- active spells changed are counted again; `spells_digest` is the XOR of the digests of the
-- spells a row counts, the lineage that finds them.
with spells_monthly as (
    {{ changed_spell_months() }}
)

select
    spells_monthly.month_start,
    cast(spells_monthly.section as integer) as section,
    spells_monthly.province_code,
    spells_monthly.establishment_key,
    cast(count(distinct spells_monthly.person_key) as bigint) as insured_persons,
    cast(count(*) as bigint) as active_spells,
    bit_xor({{ spell_digest('spells_monthly') }}) as spells_digest
from spells_monthly
group by
    spells_monthly.month_start,
    spells_monthly.section,
    spells_monthly.province_code,
    spells_monthly.establishment_key
