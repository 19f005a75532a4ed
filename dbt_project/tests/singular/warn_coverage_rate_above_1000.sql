-- Plausibility, not correctness: insured per 1,000 workforce above 1,000 means more insured than
-- workforce in a province (registration at a head office elsewhere, or a data problem). Warn.
{{ config(severity='warn') }}
select month_start, province_code, section, insured_per_1000_workforce, insured_per_1000_informal_workforce
from {{ ref('mart_coverage__province_monthly') }}
where insured_per_1000_workforce > 1000 or insured_per_1000_informal_workforce > 1000
