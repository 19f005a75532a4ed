-- Spell x month: one row per insurance spell per month in which it is active
-- (start <= month end and (no end or end >= month start)), over the registry's delivery months.
-- A person can appear twice in a month (two employers, or two sections): count distinct persons.
with spells as (
    select * from {{ ref('stg_sso_registry__insured') }}
),

months as (
    select * from {{ ref('int_month_spine') }}
)

select
    months.month_start,
    spells.spell_key,
    spells.person_key,
    spells.section,
    spells.province_code,
    spells.establishment_key,
    spells.start_date,
    spells.end_date,
    -- the lake lineage of the spell's version (lineage__mart_sources reads it without a join)
    spells.source_file,
    spells.load_id
from spells
inner join months
    on
        spells.start_date <= months.month_end
        and (spells.end_date is null or spells.end_date >= months.month_start)
