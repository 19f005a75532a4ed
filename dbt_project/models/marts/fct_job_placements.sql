-- Department of Employment placements: one row per placement (a registered job seeker placed
-- in a notified vacancy), with the seeker's registration and the vacancy it filled.
with placements as (
    select * from {{ ref('stg_mol_doe__placements') }}
),

seekers as (
    select * from {{ ref('stg_mol_doe__job_seekers') }}
),

vacancies as (
    select * from {{ ref('stg_mol_doe__vacancies') }}
)

select
    placements.placement_id,
    placements.placed_on,
    {{ month_start('placements.placed_on') }} as month_start,
    placements.person_key,
    placements.seeker_id,
    placements.vacancy_id,
    placements.province_code,
    placements.establishment_key,
    placements.employer_account,
    placements.branch,
    cast(placements.employer_account is not null as boolean) as employer_sso_registered,
    vacancies.tsic_code,
    placements.isco_major_group,
    placements.wage_agreed,
    seekers.registered_on as seeker_registered_on,
    seekers.insured as seeker_insured,
    cast(
        {{ dbt.datediff('seekers.registered_on', 'placements.placed_on', 'day') }} as integer
    ) as days_registration_to_placement,
    placements.source_file,
    placements.source_line,
    placements.load_id
from placements
left join seekers on placements.seeker_id = seekers.seeker_id
left join vacancies on placements.vacancy_id = vacancies.vacancy_id
