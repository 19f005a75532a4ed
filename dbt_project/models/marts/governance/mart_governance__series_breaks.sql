-- Breaks in published series (Guideline 4), shown rather than hidden: published figures that
-- disagree between tables, rows missing from a table, and level shifts with their cause
-- (seed ref_published_series_breaks, from DOMAIN.md's published figures).
with breaks as (
    select * from {{ ref('ref_published_series_breaks') }}
)

select
    break_id,
    series_code,
    series_name_th,
    series_name_en,
    cast(year as integer) as year,
    cast(year as integer) + 543 as year_be,
    cast(published_value as bigint) as published_value,
    cast(compared_value as bigint) as compared_value,
    cast(compared_year as integer) as compared_year,
    case
        when compared_value > 0 then cast(published_value as double) / compared_value
    end as ratio_to_compared,
    unit,
    source_table_th,
    source_table_en,
    compared_table_en,
    break_kind,
    case break_kind
        when 'tables_disagree' then 'ตารางให้ตัวเลขไม่ตรงกัน'
        when 'missing_row' then 'แถวหายจากตาราง'
        when 'level_shift' then 'ระดับเปลี่ยนเพราะนโยบาย'
        when 'surge' then 'เพิ่มขึ้นผิดปกติ'
    end as break_kind_th,
    case break_kind
        when 'tables_disagree' then 'Tables disagree'
        when 'missing_row' then 'Row missing from the table'
        when 'level_shift' then 'Policy-driven level shift'
        when 'surge' then 'Surge'
    end as break_kind_en,
    explanation_th,
    explanation_en
from breaks
