-- Guideline 2 take-up gap ("awareness", made measurable): one row per month x province, dense.
-- Unemployment: Section-33 spells that ended in the month (leavers); those not re-employed under
-- Section 33 within 30 days (another Section-33 spell of the person starts by the 30th day after
-- the end and runs past it) were eligible; the gap is the eligible leavers with no unemployment
-- claim dated 0-30 days after the end. Child allowance: births to insured mothers (approved
-- maternity claims, by claim month); the gap is the births with no child-allowance claim of the
-- mother dated 0-60 days after the maternity claim. The last month (30 days) and the last two
-- months (60 days) are still open: the *_window_complete flags say when a gap is final.
{% set unemployment_window = 30 %}
{% set child_window = 60 %}

with frame as (
    select * from {{ ref('int_province_months') }}
),

spine as (
    select
        min(month_start) as first_month,
        max(month_end) as last_day
    from {{ ref('int_month_spine') }}
),

observed as (
    select {{ add_days(add_months('max(partition_month)', 1), -1) }} as claims_through
    from {{ ref('stg_sso_benefits__claims') }}
),

s33_spells as (
    select
        spell_key,
        person_key,
        province_code,
        start_date,
        end_date
    from {{ ref('fct_insurance_spells') }}
    where section = 33
),

leavers as (
    select
        s33_spells.spell_key,
        s33_spells.person_key,
        s33_spells.province_code,
        s33_spells.end_date,
        {{ month_start('s33_spells.end_date') }} as month_start
    from s33_spells
    cross join spine
    where s33_spells.end_date between spine.first_month and spine.last_day
),

reemployed as (
    select distinct leavers.spell_key
    from leavers
    inner join s33_spells as later_spells
        on
            leavers.person_key = later_spells.person_key
            and leavers.spell_key != later_spells.spell_key
            and {{ add_days('leavers.end_date', unemployment_window) }} >= later_spells.start_date
            and (later_spells.end_date is null or leavers.end_date < later_spells.end_date)
),

unemployment_claims as (
    select
        person_key,
        claim_date
    from {{ ref('fct_benefit_claims') }}
    where benefit_type_code = '08'
),

claimed_unemployment as (
    select distinct leavers.spell_key
    from leavers
    inner join unemployment_claims
        on
            leavers.person_key = unemployment_claims.person_key
            and leavers.end_date <= unemployment_claims.claim_date
            and {{ add_days('leavers.end_date', unemployment_window) }} >= unemployment_claims.claim_date
),

leaver_counts as (
    select
        leavers.month_start,
        leavers.province_code,
        count(*) as s33_leavers,
        sum(case when reemployed.spell_key is not null then 1 else 0 end) as s33_leavers_reemployed,
        sum(
            case when reemployed.spell_key is null and claimed_unemployment.spell_key is not null then 1 else 0 end
        ) as unemployment_claimed
    from leavers
    left join reemployed
        on leavers.spell_key = reemployed.spell_key
    left join claimed_unemployment
        on leavers.spell_key = claimed_unemployment.spell_key
    group by leavers.month_start, leavers.province_code
),

births as (
    select
        claim_id,
        person_key,
        province_code,
        claim_date,
        claim_month as month_start
    from {{ ref('fct_benefit_claims') }}
    where benefit_type_code = '02' and is_approved
),

child_claims as (
    select
        person_key,
        claim_date
    from {{ ref('fct_benefit_claims') }}
    where benefit_type_code = '05'
),

claimed_child as (
    select distinct births.claim_id
    from births
    inner join child_claims
        on
            births.person_key = child_claims.person_key
            and births.claim_date <= child_claims.claim_date
            and {{ add_days('births.claim_date', child_window) }} >= child_claims.claim_date
),

birth_counts as (
    select
        births.month_start,
        births.province_code,
        count(*) as births_insured,
        sum(case when claimed_child.claim_id is not null then 1 else 0 end) as child_allowance_claimed
    from births
    left join claimed_child
        on births.claim_id = claimed_child.claim_id
    group by births.month_start, births.province_code
),

counts as (
    select
        frame.*,
        coalesce(leaver_counts.s33_leavers, 0) as s33_leavers,
        coalesce(leaver_counts.s33_leavers_reemployed, 0) as s33_leavers_reemployed,
        coalesce(leaver_counts.unemployment_claimed, 0) as unemployment_claimed,
        coalesce(birth_counts.births_insured, 0) as births_insured,
        coalesce(birth_counts.child_allowance_claimed, 0) as child_allowance_claimed
    from frame
    left join leaver_counts
        on
            frame.month_start = leaver_counts.month_start
            and frame.province_code = leaver_counts.province_code
    left join birth_counts
        on
            frame.month_start = birth_counts.month_start
            and frame.province_code = birth_counts.province_code
)

select
    counts.month_start,
    counts.month_key,
    counts.month_label_th,
    counts.month_label_en,
    counts.year_ce,
    counts.year_be,
    counts.fiscal_year_be,
    counts.is_latest_month,
    counts.province_code,
    counts.province_name_th,
    counts.province_name_en,
    counts.region_th,
    counts.region_en,
    cast(counts.s33_leavers as bigint) as s33_leavers,
    cast(counts.s33_leavers_reemployed as bigint) as s33_leavers_reemployed,
    cast(counts.s33_leavers - counts.s33_leavers_reemployed as bigint) as s33_leavers_eligible,
    cast(counts.unemployment_claimed as bigint) as unemployment_claimed_within_30_days,
    cast(
        counts.s33_leavers - counts.s33_leavers_reemployed - counts.unemployment_claimed as bigint
    ) as unemployment_take_up_gap,
    cast(
        counts.unemployment_claimed / nullif(1.0 * (counts.s33_leavers - counts.s33_leavers_reemployed), 0)
        as decimal(9, 4)
    ) as unemployment_take_up_rate,
    {{ add_days(add_months('counts.month_start', 1), unemployment_window - 1) }} <= observed.claims_through
        as unemployment_window_complete,
    cast(counts.births_insured as bigint) as births_insured,
    cast(counts.child_allowance_claimed as bigint) as child_allowance_claimed_within_60_days,
    cast(counts.births_insured - counts.child_allowance_claimed as bigint) as child_allowance_take_up_gap,
    cast(
        counts.child_allowance_claimed / nullif(1.0 * counts.births_insured, 0) as decimal(9, 4)
    ) as child_allowance_take_up_rate,
    {{ add_days(add_months('counts.month_start', 1), child_window - 1) }} <= observed.claims_through
        as child_allowance_window_complete
from counts
cross join observed
