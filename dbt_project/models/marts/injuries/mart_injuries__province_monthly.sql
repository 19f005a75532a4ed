-- Guideline 6 (big data: injuries per 1,000 insured): work injuries by province, month of injury
-- and severity, per 1,000 Section-33 insured (the employees the Workmen's Compensation Fund
-- covers; from fct_insured_monthly, a stock). Dense over the months of the insured registry x
-- 77 provinces x 5 severities (zero where no case). Cases injured outside those months are in
-- fct_work_injuries only. Never sum insured_s33 over severities or months.
with frame as (
    select * from {{ ref('int_province_months') }}
),

severities as (
    select * from {{ ref('ref_injury_severity') }}
),

injuries as (
    select
        injury_month as month_start,
        province_code,
        severity_code,
        count(*) as injuries,
        sum(compensation) as compensation,
        sum(medical_expenses) as medical_expenses
    from {{ ref('fct_work_injuries') }}
    group by injury_month, province_code, severity_code
),

insured as (
    -- summed over establishments: a person with two Section-33 jobs in one province and month
    -- counts twice (rare; the coverage marts count persons exactly)
    select
        month_start,
        province_code,
        sum(insured_persons) as insured_s33
    from {{ ref('fct_insured_monthly') }}
    where section = 33
    group by month_start, province_code
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
    cast(severities.severity_code as {{ dbt.type_string() }}) as severity_code,
    cast(severities.severity_name_th as {{ dbt.type_string() }}) as severity_name_th,
    cast(severities.severity_name_en as {{ dbt.type_string() }}) as severity_name_en,
    cast(severities.severity_order as integer) as severity_order,
    cast(coalesce(injuries.injuries, 0) as bigint) as injuries,
    cast(coalesce(insured.insured_s33, 0) as bigint) as insured_s33,
    {{ per_1000('coalesce(injuries.injuries, 0)', 'insured.insured_s33') }} as injuries_per_1000_insured,
    {{ per_1000('12 * coalesce(injuries.injuries, 0)', 'insured.insured_s33') }}
        as injuries_per_1000_insured_annualised,
    cast(coalesce(injuries.compensation, 0) as decimal(18, 2)) as compensation_baht,
    cast(coalesce(injuries.medical_expenses, 0) as decimal(18, 2)) as medical_expenses_baht
from frame
cross join severities
left join injuries
    on
        frame.month_start = injuries.month_start
        and frame.province_code = injuries.province_code
        and severities.severity_code = injuries.severity_code
left join insured
    on
        frame.month_start = insured.month_start
        and frame.province_code = insured.province_code
