-- Guideline 1 (coverage): Section 33 -> 39 conversions per month x province (dense).
-- A conversion is a Section 39 spell that starts on or after the end of one of the same person's
-- Section 33 spells and at most 6 months after it; it is counted in the month and province of
-- the Section 39 start (once per person and month). s33_exits counts Section 33 spells ending in
-- the month (province of the Section 33 spell). Both are flows: summable over months.
with frame as (
    select * from {{ ref('int_province_months') }}
),

spells as (
    select * from {{ ref('fct_insurance_spells') }}
),

s33_ends as (
    select
        person_key,
        end_date,
        end_month,
        province_code
    from spells
    where section = 33 and end_date is not null
),

s39_starts as (
    select
        person_key,
        start_date,
        start_month,
        province_code
    from spells
    where section = 39
),

converted as (
    select distinct
        s39_starts.start_month as month_start,
        s39_starts.province_code,
        s39_starts.person_key
    from s39_starts
    inner join s33_ends
        on
            s39_starts.person_key = s33_ends.person_key
            and s39_starts.start_date >= s33_ends.end_date
            and s39_starts.start_date <= {{ add_months('s33_ends.end_date', 6) }}
),

conversions as (
    select
        month_start,
        province_code,
        count(*) as conversions
    from converted
    group by month_start, province_code
),

exits as (
    select
        end_month as month_start,
        province_code,
        count(*) as s33_exits
    from s33_ends
    group by end_month, province_code
)

select
    frame.month_start,
    frame.month_key,
    frame.month_label_th,
    frame.month_label_en,
    frame.year_be,
    frame.fiscal_year_be,
    frame.province_code,
    frame.province_name_th,
    frame.province_name_en,
    frame.region_th,
    frame.region_en,
    cast(coalesce(conversions.conversions, 0) as bigint) as conversions,
    cast(coalesce(exits.s33_exits, 0) as bigint) as s33_exits
from frame
left join conversions
    on frame.month_start = conversions.month_start and frame.province_code = conversions.province_code
left join exits
    on frame.month_start = exits.month_start and frame.province_code = exits.province_code
