-- One row per employer branch (establishment), as in its latest registry snapshot.
-- Establishment names are business names, not personal data.
with employers as (
    select * from {{ ref('stg_sso_registry__employers') }}
),

industries as (
    select * from {{ ref('dim_industry') }}
),

latest as (
    select max(last_seen_month) as latest_snapshot_month from employers
)

select
    employers.establishment_key,
    employers.employer_account,
    employers.branch,
    employers.branch = '000000' as is_head_office,
    employers.establishment_name,
    employers.tsic_code,
    industries.tsic_section_code,
    employers.size_band,
    cast(
        case employers.size_band
            when '1-4' then 1 when '5-9' then 2 when '10-19' then 3 when '20-49' then 4
            when '50-99' then 5 when '100-299' then 6 when '300-499' then 7
            when '500-999' then 8 when '1000+' then 9
        end as integer
    ) as size_band_order,
    employers.province_code,
    employers.registered_on,
    employers.first_seen_month,
    employers.last_seen_month,
    employers.last_seen_month = latest.latest_snapshot_month as is_in_latest_snapshot,
    employers.source_file,
    employers.source_line
from employers
cross join latest
left join industries
    on employers.tsic_code = industries.tsic_code
