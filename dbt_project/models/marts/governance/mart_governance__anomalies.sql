-- Anomaly flags (Guideline 4): one row per flagged case, by rules the natural data never breaks
-- (seed ref_anomaly_kinds states each rule; docs/data-contracts.md the planted cases):
-- benefits paid after the insured's death, duplicate claims, contributions for persons the
-- insured registry never lists, and claims whose dates contradict the registry.
-- Persons appear only as their pseudonym (person_key).
with claims as (
    select * from {{ ref('fct_benefit_claims') }}
),

spells as (
    select * from {{ ref('fct_insurance_spells') }}
),

contribution_lines as (
    select * from {{ ref('stg_sso_efiling__contributions') }}
),

establishments as (
    select * from {{ ref('dim_establishment') }}
),

kinds as (
    select * from {{ ref('ref_anomaly_kinds') }}
),

paid as (
    select * from claims
    where is_approved and payment_date is not null
),

-- The death record: the person's first death claim (type 04), whatever its decision.
first_death as (
    select
        person_key,
        claim_id as death_claim_id,
        claim_date as death_date
    from (
        select
            person_key,
            claim_id,
            claim_date,
            row_number() over (
                partition by person_key order by claim_date, claim_id
            ) as death_rank
        from claims
        where benefit_type_code = '04'
    ) as deaths
    where death_rank = 1
),

paid_after_death as (
    select
        'paid_after_death' as anomaly_kind,
        paid.claim_id,
        first_death.death_claim_id as related_claim_id,
        paid.person_key,
        paid.province_code,
        paid.claim_date as event_date,
        paid.amount_paid as amount,
        paid.benefit_type_code,
        cast(null as {{ dbt.type_string() }}) as establishment_key,
        'ลงวันที่ ' || cast(paid.claim_date as {{ dbt.type_string() }})
        || ' หลังคำขอกรณีตาย ' || first_death.death_claim_id
        || ' (' || cast(first_death.death_date as {{ dbt.type_string() }}) || ')' as reason_th,
        'Dated ' || cast(paid.claim_date as {{ dbt.type_string() }})
        || ', after death claim ' || first_death.death_claim_id
        || ' (' || cast(first_death.death_date as {{ dbt.type_string() }}) || ')' as reason_en,
        paid.source_file,
        paid.source_line
    from paid
    inner join first_death
        on
            paid.person_key = first_death.person_key
            and paid.claim_date > first_death.death_date
),

paid_copies as (
    select
        paid.*,
        row_number() over (
            partition by paid.person_key, paid.benefit_type_code, paid.claim_date
            order by paid.claim_id
        ) as copy_rank,
        min(paid.claim_id) over (
            partition by paid.person_key, paid.benefit_type_code, paid.claim_date
        ) as first_claim_id
    from paid
),

duplicate_claims as (
    select
        'duplicate_claim' as anomaly_kind,
        claim_id,
        first_claim_id as related_claim_id,
        person_key,
        province_code,
        claim_date as event_date,
        amount_paid as amount,
        benefit_type_code,
        cast(null as {{ dbt.type_string() }}) as establishment_key,
        'ซ้ำกับคำขอ ' || first_claim_id || ' (ผู้ประกันตน ประเภท และวันที่ยื่นเดียวกัน จ่ายแล้วทั้งคู่)'
            as reason_th,
        'Repeats claim ' || first_claim_id
        || ' (same person, benefit and claim date, both paid)' as reason_en,
        source_file,
        source_line
    from paid_copies
    where copy_rank > 1
),

outside_insurance as (
    select
        'claim_outside_insurance' as anomaly_kind,
        claims.claim_id,
        cast(null as {{ dbt.type_string() }}) as related_claim_id,
        claims.person_key,
        claims.province_code,
        claims.claim_date as event_date,
        claims.amount_paid as amount,
        claims.benefit_type_code,
        cast(null as {{ dbt.type_string() }}) as establishment_key,
        'ยื่นเดือน ' || cast(claims.claim_month as {{ dbt.type_string() }})
        || ' แต่ทะเบียนไม่มีความคุ้มครองในเดือนนั้น' as reason_th,
        'Claimed in ' || cast(claims.claim_month as {{ dbt.type_string() }})
        || ', a month with no insured spell in the registry' as reason_en,
        claims.source_file,
        claims.source_line
    from claims
    where
        claims.benefit_type_code in ('01', '02', '03')
        and not exists (
            select 1 from spells
            where
                spells.person_key = claims.person_key
                and spells.start_month <= claims.claim_month
                and (spells.end_month is null or spells.end_month >= claims.claim_month)
        )
),

unemployment_without_end as (
    select
        'unemployment_without_s33_end' as anomaly_kind,
        claims.claim_id,
        cast(null as {{ dbt.type_string() }}) as related_claim_id,
        claims.person_key,
        claims.province_code,
        claims.claim_date as event_date,
        claims.amount_paid as amount,
        claims.benefit_type_code,
        cast(null as {{ dbt.type_string() }}) as establishment_key,
        'ไม่มีช่วงมาตรา 33 ที่สิ้นสุดภายในวันที่ '
        || cast(claims.claim_date as {{ dbt.type_string() }}) as reason_th,
        'No Section-33 spell ended by '
        || cast(claims.claim_date as {{ dbt.type_string() }}) as reason_en,
        claims.source_file,
        claims.source_line
    from claims
    where
        claims.benefit_type_code = '08'
        and not exists (
            select 1 from spells
            where
                spells.person_key = claims.person_key
                and spells.section = 33
                and spells.end_date <= claims.claim_date
        )
),

not_in_registry as (
    select
        'contribution_not_in_registry' as anomaly_kind,
        cast(null as {{ dbt.type_string() }}) as claim_id,
        cast(null as {{ dbt.type_string() }}) as related_claim_id,
        contribution_lines.person_key,
        establishments.province_code,
        contribution_lines.wage_month as event_date,
        cast(2 * contribution_lines.employee_contribution as decimal(14, 2)) as amount,
        cast(null as {{ dbt.type_string() }}) as benefit_type_code,
        contribution_lines.establishment_key,
        'เงินสมทบค่าจ้างเดือน ' || cast(contribution_lines.wage_month as {{ dbt.type_string() }})
        || ' จากสถานประกอบการ ' || contribution_lines.establishment_key
        || ' ของบุคคลที่ไม่มีในทะเบียนผู้ประกันตน' as reason_th,
        'Contribution for ' || cast(contribution_lines.wage_month as {{ dbt.type_string() }})
        || ' from establishment ' || contribution_lines.establishment_key
        || ' for a person the insured registry never lists' as reason_en,
        contribution_lines.source_file,
        contribution_lines.source_line
    from contribution_lines
    left join establishments
        on contribution_lines.establishment_key = establishments.establishment_key
    where not exists (
            select 1 from spells
            where spells.person_key = contribution_lines.person_key
        )
),

flagged as (
    select * from paid_after_death
    union all
    select * from duplicate_claims
    union all
    select * from not_in_registry
    union all
    select * from outside_insurance
    union all
    select * from unemployment_without_end
)

select
    flagged.anomaly_kind || ':' || coalesce(
        flagged.claim_id,
        flagged.source_file || ':' || cast(flagged.source_line as {{ dbt.type_string() }})
    ) as anomaly_key,
    flagged.anomaly_kind,
    kinds.name_th as anomaly_name_th,
    kinds.name_en as anomaly_name_en,
    cast(kinds.sort_order as integer) as anomaly_sort_order,
    {{ month_start('flagged.event_date') }} as anomaly_month,
    flagged.event_date,
    flagged.claim_id,
    flagged.related_claim_id,
    flagged.benefit_type_code,
    flagged.establishment_key,
    flagged.person_key,
    flagged.province_code,
    cast(flagged.amount as decimal(14, 2)) as amount,
    flagged.reason_th,
    flagged.reason_en,
    flagged.source_file,
    cast(flagged.source_line as bigint) as source_line
from flagged
inner join kinds
    on flagged.anomaly_kind = kinds.anomaly_kind
