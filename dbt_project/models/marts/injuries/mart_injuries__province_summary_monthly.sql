-- Work injuries by province and month of injury, all severities together (the map's measure):
-- cases, deaths, serious cases, per 1,000 Section-33 insured (monthly and annualised x 12), and
-- the amounts paid. One row per month of the insured registry x province (77). Built on
-- mart_injuries__province_monthly, so the two cannot disagree.
with by_severity as (
    select * from {{ ref('mart_injuries__province_monthly') }}
),

severities as (
    select * from {{ ref('ref_injury_severity') }}
),

summed as (
    select
        by_severity.month_start,
        by_severity.province_code,
        sum(by_severity.injuries) as injuries,
        sum(case when by_severity.severity_code = 'death' then by_severity.injuries else 0 end) as deaths,
        sum(case when severities.is_serious then by_severity.injuries else 0 end) as serious_injuries,
        sum(by_severity.compensation_baht) as compensation_baht,
        sum(by_severity.medical_expenses_baht) as medical_expenses_baht
    from by_severity
    inner join severities
        on by_severity.severity_code = severities.severity_code
    group by by_severity.month_start, by_severity.province_code
),

frame as (
    -- the insured and labels are the same on the five severity rows of a province-month
    select distinct
        month_start,
        month_key,
        month_label_th,
        month_label_en,
        year_ce,
        year_be,
        fiscal_year_be,
        is_latest_month,
        province_code,
        province_name_th,
        province_name_en,
        region_th,
        region_en,
        insured_s33
    from by_severity
)

select
    frame.month_start,
    frame.month_key,
    frame.month_label_th,
    frame.month_label_en,
    frame.year_ce,
    frame.year_be,
    frame.fiscal_year_be,
    frame.is_latest_month,
    frame.province_code,
    frame.province_name_th,
    frame.province_name_en,
    frame.region_th,
    frame.region_en,
    cast(summed.injuries as bigint) as injuries,
    cast(summed.deaths as bigint) as deaths,
    cast(summed.serious_injuries as bigint) as serious_injuries,
    frame.insured_s33,
    {{ per_1000('summed.injuries', 'frame.insured_s33') }} as injuries_per_1000_insured,
    {{ per_1000('12 * summed.injuries', 'frame.insured_s33') }} as injuries_per_1000_insured_annualised,
    cast(summed.compensation_baht as decimal(18, 2)) as compensation_baht,
    cast(summed.medical_expenses_baht as decimal(18, 2)) as medical_expenses_baht
from frame
inner join summed
    on
        frame.month_start = summed.month_start
        and frame.province_code = summed.province_code
