-- Training (Department of Skill Development): one row per enrolment (trainee x course), with
-- the completion and whether the trainee was insured under Section 33 within 6 months of
-- completing: a Section-33 spell of the same person (person_key, the same keyed HMAC in every
-- source) starting after the completion date and at most 183 days after it. Spells are the
-- registry's as delivered, so a recent completion's window is not yet complete
-- (is_window_complete). A flow: sum enrolments and completions freely.
with enrolments as (
    select * from {{ ref('stg_mol_dsd__enrolments') }}
),

s33_spells as (
    select
        person_key,
        start_date
    from {{ ref('stg_sso_registry__insured') }}
    where section = 33
),

registry_end as (
    select max(month_end) as covered_until from {{ ref('int_month_spine') }}
),

first_s33 as (
    select
        enrolments.enrolment_id,
        min(s33_spells.start_date) as first_s33_start
    from enrolments
    inner join s33_spells
        on
            enrolments.person_key = s33_spells.person_key
            and enrolments.end_date < s33_spells.start_date
            and s33_spells.start_date <= {{ add_days('enrolments.end_date', 183) }}
    where enrolments.is_completed
    group by enrolments.enrolment_id
)

select
    enrolments.enrolment_id,
    enrolments.person_key,
    enrolments.course_code,
    enrolments.course_type,
    enrolments.course_type_th,
    enrolments.training_provider,
    enrolments.employer_account,
    enrolments.province_code,
    enrolments.sex,
    enrolments.birth_year,
    enrolments.start_date,
    enrolments.end_date,
    {{ month_start('enrolments.end_date') }} as end_month,
    enrolments.partition_month as report_month,
    enrolments.is_completed,
    case when enrolments.is_completed then enrolments.end_date end as completion_date,
    first_s33.first_s33_start,
    coalesce(first_s33.first_s33_start is not null, false) as is_insured_s33_within_6_months,
    {{ add_days('enrolments.end_date', 183) }} <= registry_end.covered_until as is_window_complete,
    enrolments.source_file,
    enrolments.source_line
from enrolments
cross join registry_end
left join first_s33
    on enrolments.enrolment_id = first_s33.enrolment_id
