-- Employment by TSIC 2009 section from the Labour Force Survey (table 3): one row per quarter x
-- area (the kingdom, and each province) x section, with the employed, the area's employed in
-- all sections and the section's share (ILO KILM 4 at section level).
with by_section as (
    select * from {{ ref('stg_nso_lfs__employment_by_industry') }}
),

areas as (
    select
        'province' as area_level,
        year_ce,
        quarter,
        quarter_start_month,
        province_code,
        tsic_section_code,
        employed,
        employed_all_sections
    from by_section
    union all
    select
        'kingdom' as area_level,
        year_ce,
        quarter,
        quarter_start_month,
        cast(null as {{ dbt.type_string() }}) as province_code,
        tsic_section_code,
        sum(employed) as employed,
        sum(employed_all_sections) as employed_all_sections
    from by_section
    group by year_ce, quarter, quarter_start_month, tsic_section_code
)

select
    areas.year_ce,
    areas.year_ce + 543 as year_be,
    areas.quarter,
    areas.quarter_start_month,
    'ไตรมาส ' || cast(areas.quarter as {{ dbt.type_string() }})
    || '/' || cast(areas.year_ce + 543 as {{ dbt.type_string() }}) as quarter_label_th,
    cast(areas.year_ce as {{ dbt.type_string() }})
    || ' Q' || cast(areas.quarter as {{ dbt.type_string() }}) as quarter_label_en,
    areas.area_level,
    areas.province_code,
    coalesce(dim_province.province_name_th, 'ทั่วราชอาณาจักร') as area_name_th,
    coalesce(dim_province.province_name_en, 'Whole Kingdom') as area_name_en,
    areas.tsic_section_code,
    sections.name_th as tsic_section_name_th,
    sections.name_en as tsic_section_name_en,
    case
        when areas.tsic_section_code = 'A' then 'agriculture'
        when areas.tsic_section_code in ('B', 'C', 'D', 'E', 'F') then 'industry'
        else 'services'
    end as sector,
    cast(areas.employed as bigint) as employed,
    cast(areas.employed_all_sections as bigint) as employed_all_sections,
    cast(
        round(
            cast(areas.employed as double) * 100 / nullif(areas.employed_all_sections, 0), 2
        ) as decimal(7, 2)
    ) as share_pct
from areas
inner join {{ ref('ref_tsic_sections') }} as sections
    on areas.tsic_section_code = sections.section_code
left join {{ ref('dim_province') }} as dim_province
    on areas.province_code = dim_province.province_code
