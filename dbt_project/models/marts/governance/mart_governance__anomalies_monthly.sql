-- Anomaly flags counted by month, province and kind (the dashboard's trend and map).
with anomalies as (
    select * from {{ ref('mart_governance__anomalies') }}
)

select
    anomaly_month,
    province_code,
    anomaly_kind,
    max(anomaly_name_th) as anomaly_name_th,
    max(anomaly_name_en) as anomaly_name_en,
    max(anomaly_sort_order) as anomaly_sort_order,
    cast(count(*) as bigint) as flagged_cases,
    cast(count(distinct person_key) as bigint) as persons,
    cast(sum(amount) as decimal(18, 2)) as amount
from anomalies
group by anomaly_month, province_code, anomaly_kind
