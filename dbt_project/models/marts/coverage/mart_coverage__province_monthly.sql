-- Guideline 1 (coverage): one row per month x province x section (33, 39, 40), dense (zeros
-- where no one is insured). Insured persons are a stock: show one month (e.g. the latest) or an
-- average, never a sum over months. labour_force / informal_workforce repeat on the three section
-- rows of a province-month: never sum them across sections.
with frame as (
    select * from {{ ref('int_province_months') }}
),

sections as (
    select 33 as section
    union all
    select 39 as section
    union all
    select 40 as section
),

insured as (
    -- one row per section, from the distinct persons counted once per month and province
    select
        month_start,
        province_code,
        33 as section,
        insured_s33 as insured_persons
    from {{ ref('int_insured_persons_province_monthly') }}
    union all
    select
        month_start,
        province_code,
        39 as section,
        insured_s39 as insured_persons
    from {{ ref('int_insured_persons_province_monthly') }}
    union all
    select
        month_start,
        province_code,
        40 as section,
        insured_s40 as insured_persons
    from {{ ref('int_insured_persons_province_monthly') }}
)

select
    frame.month_start,
    frame.month_key,
    frame.month_label_th,
    frame.month_label_en,
    frame.year_ce,
    frame.year_be,
    frame.quarter,
    frame.fiscal_year_be,
    frame.is_latest_month,
    frame.province_code,
    frame.province_name_th,
    frame.province_name_en,
    frame.region_th,
    frame.region_en,
    cast(sections.section as integer) as section,
    cast(coalesce(insured.insured_persons, 0) as bigint) as insured_persons,
    cast(frame.labour_force as bigint) as labour_force,
    cast(frame.informal_workforce as bigint) as informal_workforce,
    {{ per_1000('coalesce(insured.insured_persons, 0)', 'frame.labour_force') }} as insured_per_1000_workforce,
    case
        when sections.section in (39, 40)
            then {{ per_1000('coalesce(insured.insured_persons, 0)', 'frame.informal_workforce') }}
    end as insured_per_1000_informal_workforce
from frame
cross join sections
left join insured
    on
        frame.month_start = insured.month_start
        and frame.province_code = insured.province_code
        and sections.section = insured.section
