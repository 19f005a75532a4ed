-- Department of Employment vacancies: one row per vacancy notified, with its positions and the
-- placements made into it so far (a vacancy can receive more placements than it had positions:
-- the department does not cap them).
with vacancies as (
    select * from {{ ref('stg_mol_doe__vacancies') }}
),

filled as (
    select
        vacancy_id,
        count(*) as placements
    from {{ ref('stg_mol_doe__placements') }}
    group by vacancy_id
)

select
    vacancies.vacancy_id,
    vacancies.posted_on,
    {{ month_start('vacancies.posted_on') }} as month_start,
    vacancies.province_code,
    vacancies.establishment_key,
    vacancies.employer_account,
    vacancies.branch,
    cast(vacancies.employer_account is not null as boolean) as employer_sso_registered,
    vacancies.tsic_code,
    vacancies.isco_major_group,
    vacancies.positions,
    vacancies.wage_offered,
    cast(coalesce(filled.placements, 0) as integer) as placements,
    vacancies.source_file,
    vacancies.source_line,
    vacancies.load_id
from vacancies
left join filled on vacancies.vacancy_id = filled.vacancy_id
