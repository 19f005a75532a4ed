-- Labour Force Survey province rows, typed: one row per province per calendar quarter.
with source_rows as (
    select * from {{ source('nso_lfs', 'labour_force') }}
)

select
    cast(year as integer) as year_ce,
    cast(quarter as integer) as quarter,
    {{ add_months(
        "cast(cast(cast(year as integer) as " ~ dbt.type_string() ~ ") || '-01-01' as date)",
        "(cast(quarter as integer) - 1) * 3"
    ) }} as quarter_start_month,
    cast(province_code as {{ dbt.type_string() }}) as province_code,
    cast(labour_force as bigint) as labour_force,
    cast(informal_workforce as bigint) as informal_workforce,
    {{ partition_month('month') }} as partition_month,
    cast(_source_file as {{ dbt.type_string() }}) as source_file,
    cast(_source_line as bigint) as source_line,
    cast(_load_id as {{ dbt.type_string() }}) as load_id
from source_rows
