-- ILO Key Indicators of the Labour Market from the Labour Force Survey: one row per quarter x
-- area (the kingdom, and each province) x indicator, with its numerator, denominator, value
-- (percent) and the written definition (seed ref_kilm_definitions). NSO's informal workforce
-- comes from LFS table 1 (stg_nso_lfs__labour_force), everything else from table 2.
with labour_status as (
    select * from {{ ref('stg_nso_lfs__labour_status') }}
),

labour_force as (
    select * from {{ ref('stg_nso_lfs__labour_force') }}
),

provinces as (
    select
        labour_status.year_ce,
        labour_status.quarter,
        labour_status.quarter_start_month,
        labour_status.province_code,
        labour_status.population_15_plus,
        labour_status.employed,
        labour_status.unemployed,
        labour_status.employed_agriculture,
        labour_status.employed_industry,
        labour_status.employed_services,
        labour_status.informal_agriculture,
        labour_force.informal_workforce,
        labour_status.employees_without_social_security
        + labour_status.own_account_informal_sector
        + labour_status.contributing_family_workers as informal_sdg
    from labour_status
    left join labour_force
        on
            labour_status.year_ce = labour_force.year_ce
            and labour_status.quarter = labour_force.quarter
            and labour_status.province_code = labour_force.province_code
),

kingdom as (
    select
        year_ce,
        quarter,
        quarter_start_month,
        cast(null as {{ dbt.type_string() }}) as province_code,
        sum(population_15_plus) as population_15_plus,
        sum(employed) as employed,
        sum(unemployed) as unemployed,
        sum(employed_agriculture) as employed_agriculture,
        sum(employed_industry) as employed_industry,
        sum(employed_services) as employed_services,
        sum(informal_agriculture) as informal_agriculture,
        -- a quarter whose LFS table 1 is missing has no NSO informal figure (not a partial sum)
        case
            when count(informal_workforce) = count(*) then sum(informal_workforce)
        end as informal_workforce,
        sum(informal_sdg) as informal_sdg
    from provinces
    group by year_ce, quarter, quarter_start_month
),

areas as (
    select
        'province' as area_level,
        provinces.*
    from provinces
    union all
    select
        'kingdom' as area_level,
        kingdom.*
    from kingdom
),

indicators as (
    select
        areas.*,
        'labour_force_participation_rate' as indicator_code,
        areas.employed + areas.unemployed as numerator,
        areas.population_15_plus as denominator
    from areas
    union all
    select
        areas.*,
        'employment_to_population_ratio' as indicator_code,
        areas.employed as numerator,
        areas.population_15_plus as denominator
    from areas
    union all
    select
        areas.*,
        'unemployment_rate' as indicator_code,
        areas.unemployed as numerator,
        areas.employed + areas.unemployed as denominator
    from areas
    union all
    select
        areas.*,
        'informal_employment_share_nso' as indicator_code,
        areas.informal_workforce as numerator,
        areas.employed as denominator
    from areas
    union all
    select
        areas.*,
        'informal_employment_share_sdg_8_3_1' as indicator_code,
        areas.informal_sdg as numerator,
        areas.employed as denominator
    from areas
    union all
    select
        areas.*,
        'informal_in_agriculture_share_nso' as indicator_code,
        areas.informal_agriculture as numerator,
        areas.informal_workforce as denominator
    from areas
    union all
    select
        areas.*,
        'employment_share_agriculture' as indicator_code,
        areas.employed_agriculture as numerator,
        areas.employed as denominator
    from areas
    union all
    select
        areas.*,
        'employment_share_industry' as indicator_code,
        areas.employed_industry as numerator,
        areas.employed as denominator
    from areas
    union all
    select
        areas.*,
        'employment_share_services' as indicator_code,
        areas.employed_services as numerator,
        areas.employed as denominator
    from areas
)

select
    indicators.year_ce,
    indicators.year_ce + 543 as year_be,
    indicators.quarter,
    indicators.quarter_start_month,
    'ไตรมาส ' || cast(indicators.quarter as {{ dbt.type_string() }})
    || '/' || cast(indicators.year_ce + 543 as {{ dbt.type_string() }}) as quarter_label_th,
    cast(indicators.year_ce as {{ dbt.type_string() }})
    || ' Q' || cast(indicators.quarter as {{ dbt.type_string() }}) as quarter_label_en,
    indicators.area_level,
    indicators.province_code,
    coalesce(dim_province.province_name_th, 'ทั่วราชอาณาจักร') as area_name_th,
    coalesce(dim_province.province_name_en, 'Whole Kingdom') as area_name_en,
    indicators.indicator_code,
    definitions.indicator_group,
    definitions.name_th as indicator_name_th,
    definitions.name_en as indicator_name_en,
    cast(indicators.numerator as bigint) as numerator,
    cast(indicators.denominator as bigint) as denominator,
    cast(
        round(cast(indicators.numerator as double) * 100 / nullif(indicators.denominator, 0), 2)
        as decimal(7, 2)
    ) as value_pct,
    definitions.definition_th,
    definitions.definition_en,
    definitions.numerator_en as numerator_definition_en,
    definitions.denominator_en as denominator_definition_en,
    definitions.reference as definition_reference,
    cast(definitions.sort_order as integer) as indicator_order
from indicators
inner join {{ ref('ref_kilm_definitions') }} as definitions
    on indicators.indicator_code = definitions.indicator_code
left join {{ ref('dim_province') }} as dim_province
    on indicators.province_code = dim_province.province_code
