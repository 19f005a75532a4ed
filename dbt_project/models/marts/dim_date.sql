-- One row per day, from 1 January of the earliest year in the data (spell starts, partitions)
-- to 31 December of the latest, with the month attributes dashboards filter and sort on.
with bounds as (
    select
        min(first_day) as first_day,
        max(last_day) as last_day
    from (
        select
            min(start_date) as first_day,
            max(partition_month) as last_day
        from {{ ref('stg_sso_registry__insured') }}
        union all
        select
            min(partition_month) as first_day,
            max(partition_month) as last_day
        from {{ ref('stg_sso_efiling__contributions') }}
        union all
        select
            min(quarter_start_month) as first_day,
            max(quarter_start_month) as last_day
        from {{ ref('stg_nso_lfs__labour_force') }}
        union all
        select
            min(last_seen_month) as first_day,
            max(last_seen_month) as last_day
        from {{ ref('stg_sso_registry__employers') }}
    ) as source_bounds
),

year_bounds as (
    select
        cast({{ dbt.date_trunc('year', 'first_day') }} as date) as first_day,
        {{ add_days(add_months(dbt.date_trunc('year', 'last_day'), 12), -1) }} as last_day
    from bounds
),

series as (
    {{ integer_series(5) }}
),

days as (
    select {{ add_days('year_bounds.first_day', 'series.n') }} as date_day
    from year_bounds
    cross join series
    where series.n <= {{ dbt.datediff('year_bounds.first_day', 'year_bounds.last_day', 'day') }}
),

parts as (
    select
        date_day,
        cast(extract(year from date_day) as integer) as year_ce,
        cast(extract(month from date_day) as integer) as month_of_year,
        cast(extract(day from date_day) as integer) as day_of_month,
        {{ month_start('date_day') }} as month_start
    from days
)

select
    date_day,
    cast(year_ce * 10000 + month_of_year * 100 + day_of_month as integer) as date_key,
    day_of_month,
    month_start,
    {{ add_days(add_months('month_start', 1), -1) }} as month_end,
    cast(year_ce * 100 + month_of_year as integer) as month_key,
    month_of_year,
    year_ce,
    cast(year_ce + 543 as integer) as year_be,
    cast(floor((month_of_year - 1) / 3.0) as integer) + 1 as quarter,
    cast(year_ce + 543 + case when month_of_year >= 10 then 1 else 0 end as integer) as fiscal_year_be,
    cast(
        floor((case when month_of_year >= 10 then month_of_year - 10 else month_of_year + 2 end) / 3.0)
        as integer
    ) + 1 as fiscal_quarter,
    {{ month_name_th('month_of_year') }} as month_name_th,
    {{ month_abbr_th('month_of_year') }} as month_abbr_th,
    {{ month_abbr_en('month_of_year') }} as month_abbr_en,
    {{ month_abbr_th('month_of_year') }} || ' ' || cast(year_ce + 543 as {{ dbt.type_string() }}) as month_label_th,
    {{ month_abbr_en('month_of_year') }} || ' ' || cast(year_ce as {{ dbt.type_string() }}) as month_label_en,
    'Q' || cast(cast(floor((month_of_year - 1) / 3.0) as integer) + 1 as {{ dbt.type_string() }})
    || ' ' || cast(year_ce as {{ dbt.type_string() }}) as quarter_label_en,
    'ไตรมาส ' || cast(cast(floor((month_of_year - 1) / 3.0) as integer) + 1 as {{ dbt.type_string() }})
    || '/' || cast(year_ce + 543 as {{ dbt.type_string() }}) as quarter_label_th,
    day_of_month = 1 as is_month_start
from parts
