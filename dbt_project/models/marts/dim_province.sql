-- The 77 provinces (ISO 3166-2:TH codes = interior-ministry numbers), from the reference seed.
select
    cast(province_code as {{ dbt.type_string() }}) as province_code,
    cast(province_numeric as integer) as province_numeric,
    cast(name_th as {{ dbt.type_string() }}) as province_name_th,
    cast(name_en as {{ dbt.type_string() }}) as province_name_en,
    cast(region_th as {{ dbt.type_string() }}) as region_th,
    cast(region_en as {{ dbt.type_string() }}) as region_en
from {{ ref('ref_provinces') }}
