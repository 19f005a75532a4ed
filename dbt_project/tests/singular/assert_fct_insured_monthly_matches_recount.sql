-- fct_insured_monthly must equal a direct recount from fct_insurance_spells (a different path:
-- the spells mart joined to the month spine), cell by cell. Returns the cells that differ.
-- The latest month only: the count is the same code for every month, and a recount of all of
-- them on every build grows with the years (a national month is ~25 M spell-months). That the
-- fact's incrementally kept months equal a full count is tests/integration/test_incremental.py.
with recount as (
    select
        months.month_start,
        spells.section,
        spells.province_code,
        spells.establishment_key,
        count(distinct spells.person_key) as insured_persons
    from {{ ref('fct_insurance_spells') }} as spells
    inner join (
        select * from {{ ref('int_month_spine') }}
        qualify month_start = max(month_start) over ()
    ) as months
        on
            spells.start_date <= months.month_end
            and (spells.end_date is null or spells.end_date >= months.month_start)
    group by months.month_start, spells.section, spells.province_code, spells.establishment_key
),

fact as (
    select month_start, section, province_code, establishment_key, insured_persons
    from {{ ref('fct_insured_monthly') }}
    where month_start = (select max(month_start) from {{ ref('int_month_spine') }})
)

select
    coalesce(fact.month_start, recount.month_start) as month_start,
    coalesce(fact.section, recount.section) as section,
    coalesce(fact.province_code, recount.province_code) as province_code,
    coalesce(fact.establishment_key, recount.establishment_key) as establishment_key,
    fact.insured_persons as fact_insured_persons,
    recount.insured_persons as recount_insured_persons
from fact
full outer join recount
    on
        fact.month_start = recount.month_start
        and fact.section = recount.section
        and fact.province_code = recount.province_code
        and coalesce(fact.establishment_key, '') = coalesce(recount.establishment_key, '')
where
    fact.insured_persons is null
    or recount.insured_persons is null
    or fact.insured_persons <> recount.insured_persons
