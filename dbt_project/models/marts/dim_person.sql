-- Persons: one row per keyed pseudonym (person_key), conformed across the SSO insured
-- registry, the Department of Employment (job seekers, work permits) and the Department of
-- Skill Development (trainees). No clear personal data: a ten-year birth band, sex, a
-- nationality group and a home province. Where sources disagree the registry wins, then the
-- work permits, then the DSD trainees, then the job seekers; within a source the latest record.
-- Nationality: the work permit's, else 'thai' for a Thai ID, 'non_thai' for a non-Thai ID
-- (starting with 0) without a permit; job seekers and trainees are taken as Thai.
with registry as (
    select
        person_key,
        sex,
        birth_year,
        cast(case when id_non_thai then 'non_thai' else 'thai' end as {{ dbt.type_string() }})
            as nationality_group,
        province_code,
        1 as source_rank,
        start_date as seen_on
    from {{ ref('stg_sso_registry__insured') }}
),

permits as (
    select
        person_key,
        sex,
        birth_year,
        nationality_code as nationality_group,
        province_code,
        2 as source_rank,
        issue_date as seen_on
    from {{ ref('stg_mol_doe__work_permits') }}
),

trainees as (
    select
        person_key,
        sex,
        birth_year,
        cast('thai' as {{ dbt.type_string() }}) as nationality_group,
        province_code,
        3 as source_rank,
        start_date as seen_on
    from {{ ref('stg_mol_dsd__enrolments') }}
),

seekers as (
    select
        person_key,
        sex,
        birth_year,
        cast('thai' as {{ dbt.type_string() }}) as nationality_group,
        province_code,
        4 as source_rank,
        registered_on as seen_on
    from {{ ref('stg_mol_doe__job_seekers') }}
),

everyone as (
    select * from registry
    union all
    select * from permits
    union all
    select * from trainees
    union all
    select * from seekers
),

ranked as (
    select
        *,
        row_number() over (
            partition by person_key
            order by source_rank asc, seen_on desc, province_code asc
        ) as preference
    from everyone
),

nationality as (
    -- a permit names the nationality even where the registry knows only "non-Thai"
    select
        person_key,
        min(nationality_code) as nationality_code
    from {{ ref('stg_mol_doe__work_permits') }}
    group by person_key
),

membership as (
    select
        person_key,
        max(case when source_rank = 1 then 1 else 0 end) = 1 as in_sso_registry,
        max(case when source_rank = 2 then 1 else 0 end) = 1 as in_doe_work_permits,
        max(case when source_rank = 3 then 1 else 0 end) = 1 as in_dsd_training,
        max(case when source_rank = 4 then 1 else 0 end) = 1 as in_doe_job_seekers
    from everyone
    group by person_key
)

select
    ranked.person_key,
    ranked.sex,
    cast(
        cast(floor(ranked.birth_year / 10) * 10 as integer) as {{ dbt.type_string() }}
    ) || '-' || cast(
        cast(floor(ranked.birth_year / 10) * 10 + 9 as integer) as {{ dbt.type_string() }}
    ) as birth_year_band,
    cast(coalesce(nationality.nationality_code, ranked.nationality_group) as {{ dbt.type_string() }})
        as nationality_group,
    ranked.province_code as home_province_code,
    membership.in_sso_registry,
    membership.in_doe_job_seekers,
    membership.in_doe_work_permits,
    membership.in_dsd_training
from ranked
inner join membership on ranked.person_key = membership.person_key
left join nationality on ranked.person_key = nationality.person_key
where ranked.preference = 1
