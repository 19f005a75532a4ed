-- Guideline 6, linked: migrant workers with a work permit in force (Department of Employment)
-- beside the non-Thai persons insured under Section 33 (SSO), by month, province and
-- nationality. permit_holders and permit_holders_s33_insured count holders by the permit's
-- province; insured_non_thai counts insured persons with a non-Thai ID (starting with 0) by
-- their spell's province and the nationality of their permit in force that month ('none'
-- without one: insured but no permit). Persons are a stock: never sum them over months.
with permits as (
    select * from {{ ref('fct_work_permits') }}
),

holders as (
    select
        month_start,
        province_code,
        nationality_code,
        count(distinct person_key) as permit_holders,
        count(distinct case when holder_s33_insured then person_key end)
            as permit_holders_s33_insured
    from permits
    group by month_start, province_code, nationality_code
),

nationality_in_month as (
    select
        month_start,
        person_key,
        min(nationality_code) as nationality_code
    from permits
    group by month_start, person_key
),

insured as (
    select
        spells.month_start,
        spells.province_code,
        coalesce(nationality_in_month.nationality_code, 'none') as nationality_code,
        count(distinct spells.person_key) as insured_non_thai
    from {{ ref('int_insured_spells_monthly') }} as spells
    inner join {{ ref('stg_sso_registry__insured') }} as registry
        on spells.spell_key = registry.spell_key
    left join nationality_in_month
        on
            spells.month_start = nationality_in_month.month_start
            and spells.person_key = nationality_in_month.person_key
    where
        spells.section = 33
        and registry.id_non_thai
        and spells.month_start in (select distinct permits.month_start from permits)
    group by
        spells.month_start,
        spells.province_code,
        coalesce(nationality_in_month.nationality_code, 'none')
),

joined as (
    select
        coalesce(holders.month_start, insured.month_start) as month_start,
        coalesce(holders.province_code, insured.province_code) as province_code,
        coalesce(holders.nationality_code, insured.nationality_code) as nationality_code,
        cast(coalesce(holders.permit_holders, 0) as bigint) as permit_holders,
        cast(coalesce(holders.permit_holders_s33_insured, 0) as bigint)
            as permit_holders_s33_insured,
        cast(coalesce(insured.insured_non_thai, 0) as bigint) as insured_non_thai
    from holders
    full outer join insured
        on
            holders.month_start = insured.month_start
            and holders.province_code = insured.province_code
            and holders.nationality_code = insured.nationality_code
)

select
    joined.month_start,
    joined.province_code,
    provinces.province_name_th,
    provinces.province_name_en,
    joined.nationality_code,
    joined.permit_holders,
    joined.permit_holders_s33_insured,
    joined.insured_non_thai
from joined
left join {{ ref('dim_province') }} as provinces
    on joined.province_code = provinces.province_code
