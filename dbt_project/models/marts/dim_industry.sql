-- One row per TSIC 2009 code seen in the employer registry, with its 2-digit division and
-- TSIC section (A-U) from the reference seed. Codes whose division matches no section get
-- section_code null.
with codes as (
    select distinct tsic_code
    from {{ ref('stg_sso_registry__employers') }}
    where tsic_code is not null
),

sections as (
    select * from {{ ref('ref_tsic_sections') }}
)

select
    codes.tsic_code,
    cast(substring(codes.tsic_code, 1, 2) as {{ dbt.type_string() }}) as tsic_division,
    cast(sections.section_code as {{ dbt.type_string() }}) as tsic_section_code,
    cast(sections.name_th as {{ dbt.type_string() }}) as tsic_section_name_th,
    cast(sections.name_en as {{ dbt.type_string() }}) as tsic_section_name_en
from codes
left join sections
    on cast(substring(codes.tsic_code, 1, 2) as integer) between sections.division_from and sections.division_to
