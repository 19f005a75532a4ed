-- Guideline 3 (hotline 1506), the complaint backlog: cases still open (not resolved at first
-- contact, not closed since) as of the latest change the hotline data holds, by department
-- (menu option), contact type and age band (days since the contact). Dense: every department x
-- type x band, zero where nothing is open. A stock: one as_of_date, never summed over time.
with contacts as (
    select * from {{ ref('fct_hotline_contacts') }}
),

as_of as (
    select max(cast(updated_at as date)) as as_of_date
    from {{ ref('stg_sso_hotline__contacts') }}
),

departments as (
    select * from {{ ref('ref_hotline_menu_options') }}
),

contact_types as (
    select
        'complaint' as contact_type,
        'ร้องเรียน' as contact_type_name_th,
        'Complaint' as contact_type_name_en
    union all
    select
        'inquiry' as contact_type,
        'สอบถาม' as contact_type_name_th,
        'Inquiry' as contact_type_name_en
),

bands as (
    select
        1 as age_band_order,
        '0-7' as age_band,
        0 as min_days,
        7 as max_days,
        '0-7 วัน' as age_band_th,
        '0-7 days' as age_band_en
    union all
    select
        2 as age_band_order,
        '8-30' as age_band,
        8 as min_days,
        30 as max_days,
        '8-30 วัน' as age_band_th,
        '8-30 days' as age_band_en
    union all
    select
        3 as age_band_order,
        '31-90' as age_band,
        31 as min_days,
        90 as max_days,
        '31-90 วัน' as age_band_th,
        '31-90 days' as age_band_en
    union all
    select
        4 as age_band_order,
        '91+' as age_band,
        91 as min_days,
        1000000 as max_days,
        'มากกว่า 90 วัน' as age_band_th,
        'Over 90 days' as age_band_en
),

open_cases as (
    select
        contacts.menu_option,
        contacts.contact_type,
        {{ dbt.datediff('contacts.contact_date', 'as_of.as_of_date', 'day') }} as age_days
    from contacts
    cross join as_of
    where contacts.is_open_case
),

counted as (
    select
        open_cases.menu_option,
        open_cases.contact_type,
        bands.age_band,
        count(*) as open_cases,
        max(open_cases.age_days) as oldest_case_days
    from open_cases
    inner join bands
        on open_cases.age_days between bands.min_days and bands.max_days
    group by open_cases.menu_option, open_cases.contact_type, bands.age_band
)

select
    as_of.as_of_date,
    cast(departments.menu_option as integer) as menu_option,
    cast(departments.department_code as {{ dbt.type_string() }}) as department_code,
    cast(departments.department_name_th as {{ dbt.type_string() }}) as department_name_th,
    cast(departments.department_name_en as {{ dbt.type_string() }}) as department_name_en,
    cast(contact_types.contact_type as {{ dbt.type_string() }}) as contact_type,
    cast(contact_types.contact_type_name_th as {{ dbt.type_string() }}) as contact_type_name_th,
    cast(contact_types.contact_type_name_en as {{ dbt.type_string() }}) as contact_type_name_en,
    cast(bands.age_band as {{ dbt.type_string() }}) as age_band,
    cast(bands.age_band_order as integer) as age_band_order,
    cast(bands.age_band_th as {{ dbt.type_string() }}) as age_band_th,
    cast(bands.age_band_en as {{ dbt.type_string() }}) as age_band_en,
    cast(coalesce(counted.open_cases, 0) as bigint) as open_cases,
    cast(counted.oldest_case_days as integer) as oldest_case_days
from departments
cross join contact_types
cross join bands
cross join as_of
left join counted
    on
        departments.menu_option = counted.menu_option
        and contact_types.contact_type = counted.contact_type
        and bands.age_band = counted.age_band
