-- Guideline 2 "restore Section-39 rights": one row per month x province, dense. Requests and
-- decisions by the month the request was received, beside the month's Section-39 lapses and the
-- Section-39 insured (a stock: never sum it over months).
with frame as (
    select * from {{ ref('int_province_months') }}
),

requests as (
    select
        {{ month_start('request_date') }} as month_start,
        province_code,
        count(*) as requested,
        sum(case when status = 'approved' then 1 else 0 end) as approved,
        sum(case when status = 'rejected' then 1 else 0 end) as rejected,
        percentile_cont(0.5) within group (
            order by {{ dbt.datediff('request_date', 'decision_date', 'day') }}
        ) as days_to_decision_median
    from {{ ref('stg_sso_benefits__s39_reinstatements') }}
    group by {{ month_start('request_date') }}, province_code
),

lapses as (
    select
        {{ month_start('end_date') }} as month_start,
        province_code,
        count(*) as s39_lapses
    from {{ ref('fct_insurance_spells') }}
    where section = 39 and end_date is not null
    group by {{ month_start('end_date') }}, province_code
),

insured as (
    select
        month_start,
        province_code,
        insured_persons
    from {{ ref('mart_coverage__province_monthly') }}
    where section = 39
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
    cast(coalesce(requests.requested, 0) as bigint) as requested,
    cast(coalesce(requests.approved, 0) as bigint) as approved,
    cast(coalesce(requests.rejected, 0) as bigint) as rejected,
    cast(requests.approved / nullif(1.0 * requests.requested, 0) as decimal(9, 4)) as approval_rate,
    cast(requests.days_to_decision_median as decimal(9, 1)) as days_to_decision_median,
    cast(coalesce(lapses.s39_lapses, 0) as bigint) as s39_lapses,
    cast(coalesce(insured.insured_persons, 0) as bigint) as s39_insured_persons,
    {{ per_1000('coalesce(requests.requested, 0)', 'insured.insured_persons') }} as requests_per_1000_s39_insured
from frame
left join requests
    on
        frame.month_start = requests.month_start
        and frame.province_code = requests.province_code
left join lapses
    on
        frame.month_start = lapses.month_start
        and frame.province_code = lapses.province_code
left join insured
    on
        frame.month_start = insured.month_start
        and frame.province_code = insured.province_code
