-- Labour Force Survey table 2 (labour-force status, sector, informal-employment components),
-- typed: one row per province per calendar quarter.
with source_rows as (
    select * from {{ source('nso_lfs', 'labour_status') }}
)

select
    cast(year as integer) as year_ce,
    cast(quarter as integer) as quarter,
    {{ add_months(
        "cast(cast(cast(year as integer) as " ~ dbt.type_string() ~ ") || '-01-01' as date)",
        "(cast(quarter as integer) - 1) * 3"
    ) }} as quarter_start_month,
    cast(province_code as {{ dbt.type_string() }}) as province_code,
    cast(population_15_plus as bigint) as population_15_plus,
    cast(employed as bigint) as employed,
    cast(unemployed as bigint) as unemployed,
    cast(seasonally_inactive as bigint) as seasonally_inactive,
    cast(not_in_labour_force as bigint) as not_in_labour_force,
    cast(employed_agriculture as bigint) as employed_agriculture,
    cast(employed_industry as bigint) as employed_industry,
    cast(employed_services as bigint) as employed_services,
    cast(informal_agriculture as bigint) as informal_agriculture,
    cast(employees_without_social_security as bigint) as employees_without_social_security,
    cast(own_account_informal_sector as bigint) as own_account_informal_sector,
    cast(contributing_family_workers as bigint) as contributing_family_workers,
    {{ partition_month('month') }} as partition_month,
    cast(_source_file as {{ dbt.type_string() }}) as source_file,
    cast(_source_line as bigint) as source_line,
    cast(_load_id as {{ dbt.type_string() }}) as load_id
from source_rows
