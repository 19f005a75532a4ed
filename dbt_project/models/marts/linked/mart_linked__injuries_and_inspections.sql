-- Guideline 6, linked measure: work injuries per 1,000 Section-33 insured beside labour
-- inspections and the violations they found, by month, province and TSIC section. Insured
-- persons (a stock: never sum over months) from the registry's spells and the employer's
-- industry; injuries from fct_work_injuries (month of injury); inspections from
-- fct_inspections. One row per month of the registry x province x section with any of them.
with months as (
    select month_start from {{ ref('int_month_spine') }}
),

establishments as (
    select
        establishment_key,
        tsic_section_code
    from {{ ref('dim_establishment') }}
),

insured as (
    select
        spells.month_start,
        spells.province_code,
        coalesce(establishments.tsic_section_code, '?') as tsic_section_code,
        count(distinct spells.person_key) as insured_s33
    from {{ ref('int_insured_spells_monthly') }} as spells
    left join establishments
        on spells.establishment_key = establishments.establishment_key
    where spells.section = 33
    group by spells.month_start, spells.province_code, coalesce(establishments.tsic_section_code, '?')
),

injuries as (
    select
        injury_month as month_start,
        province_code,
        coalesce(tsic_section_code, '?') as tsic_section_code,
        count(*) as injuries,
        sum(case when is_serious then 1 else 0 end) as serious_injuries
    from {{ ref('fct_work_injuries') }}
    group by injury_month, province_code, coalesce(tsic_section_code, '?')
),

inspections as (
    select
        inspection_month as month_start,
        province_code,
        coalesce(tsic_section_code, '?') as tsic_section_code,
        count(distinct establishment_key) as establishments_inspected,
        count(*) as inspections,
        sum(violations_found) as violations_found,
        sum(case when has_violation then 1 else 0 end) as inspections_with_violations,
        sum(orders_issued) as orders_issued
    from {{ ref('fct_inspections') }}
    group by inspection_month, province_code, coalesce(tsic_section_code, '?')
),

keys as (
    select
        month_start,
        province_code,
        tsic_section_code
    from insured
    union
    select
        month_start,
        province_code,
        tsic_section_code
    from injuries
    union
    select
        month_start,
        province_code,
        tsic_section_code
    from inspections
),

provinces as (
    select * from {{ ref('dim_province') }}
)

select
    keys.month_start,
    cast(year(keys.month_start) * 100 + month(keys.month_start) as integer) as month_key,
    keys.province_code,
    provinces.province_name_th,
    provinces.province_name_en,
    keys.tsic_section_code,
    cast(coalesce(insured.insured_s33, 0) as bigint) as insured_s33,
    cast(coalesce(injuries.injuries, 0) as bigint) as injuries,
    cast(coalesce(injuries.serious_injuries, 0) as bigint) as serious_injuries,
    {{ per_1000('coalesce(injuries.injuries, 0)', 'insured.insured_s33') }} as injuries_per_1000_insured,
    cast(coalesce(inspections.establishments_inspected, 0) as bigint) as establishments_inspected,
    cast(coalesce(inspections.inspections, 0) as bigint) as inspections,
    cast(coalesce(inspections.inspections_with_violations, 0) as bigint) as inspections_with_violations,
    cast(coalesce(inspections.violations_found, 0) as bigint) as violations_found,
    cast(coalesce(inspections.orders_issued, 0) as bigint) as orders_issued
from keys
inner join months
    on keys.month_start = months.month_start
left join insured
    on
        keys.month_start = insured.month_start
        and keys.province_code = insured.province_code
        and keys.tsic_section_code = insured.tsic_section_code
left join injuries
    on
        keys.month_start = injuries.month_start
        and keys.province_code = injuries.province_code
        and keys.tsic_section_code = injuries.tsic_section_code
left join inspections
    on
        keys.month_start = inspections.month_start
        and keys.province_code = inspections.province_code
        and keys.tsic_section_code = inspections.tsic_section_code
left join provinces
    on keys.province_code = provinces.province_code
