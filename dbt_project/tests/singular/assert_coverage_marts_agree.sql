-- The province x section mart and the side-by-side summary must agree on every province-month.
select
    detail.month_start,
    detail.province_code
from {{ ref('mart_coverage__province_monthly') }} as detail
inner join {{ ref('mart_coverage__province_summary_monthly') }} as summary
    on detail.month_start = summary.month_start and detail.province_code = summary.province_code
group by detail.month_start, detail.province_code, summary.insured_s33, summary.insured_s39, summary.insured_s40
having
    sum(case when detail.section = 33 then detail.insured_persons else 0 end) <> max(summary.insured_s33)
    or sum(case when detail.section = 39 then detail.insured_persons else 0 end) <> max(summary.insured_s39)
    or sum(case when detail.section = 40 then detail.insured_persons else 0 end) <> max(summary.insured_s40)
