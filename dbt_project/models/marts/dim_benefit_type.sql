-- Benefit types of the Social Security Act (conformed dimension), from seed ref_benefit_types:
-- names, the sections that have the benefit, and the service standard (days from a claim to its
-- payment the SSO aims for; stated in working days, compared in calendar days = working days x 7/5,
-- weekends only, public holidays ignored).
select
    cast(benefit_type_code as {{ dbt.type_string() }}) as benefit_type_code,
    cast(benefit_group as {{ dbt.type_string() }}) as benefit_group,
    cast(name_th as {{ dbt.type_string() }}) as benefit_type_name_th,
    cast(name_en as {{ dbt.type_string() }}) as benefit_type_name_en,
    cast(section_33 as boolean) as covers_section_33,
    cast(section_39 as boolean) as covers_section_39,
    cast(section_40 as boolean) as covers_section_40,
    cast(service_standard_working_days as integer) as service_standard_working_days,
    cast(service_standard_days as integer) as service_standard_days,
    cast(sort_order as integer) as sort_order
from {{ ref('ref_benefit_types') }}
