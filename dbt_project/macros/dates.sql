{#- Portable date helpers over dbt's cross-database macros. dbt.date_trunc / dbt.dateadd return
    timestamps on some engines (Spark, and DuckDB for month arithmetic): always cast to date. -#}

{% macro month_start(expr) -%}
    cast({{ dbt.date_trunc('month', expr) }} as date)
{%- endmacro %}

{% macro add_months(expr, n) -%}
    cast({{ dbt.dateadd('month', n, expr) }} as date)
{%- endmacro %}

{% macro add_days(expr, n) -%}
    cast({{ dbt.dateadd('day', n, expr) }} as date)
{%- endmacro %}

{#- 'YYYY-MM' (the lake's hive partition value) -> date of the 1st of that month. -#}
{% macro partition_month(col) -%}
    cast({{ col }} || '-01' as date)
{%- endmacro %}

{#- Thai and English month abbreviations for a month number 1..12. -#}
{% macro month_abbr_th(month_number) -%}
    case {{ month_number }}
        when 1 then 'ม.ค.' when 2 then 'ก.พ.' when 3 then 'มี.ค.' when 4 then 'เม.ย.'
        when 5 then 'พ.ค.' when 6 then 'มิ.ย.' when 7 then 'ก.ค.' when 8 then 'ส.ค.'
        when 9 then 'ก.ย.' when 10 then 'ต.ค.' when 11 then 'พ.ย.' when 12 then 'ธ.ค.'
    end
{%- endmacro %}

{% macro month_name_th(month_number) -%}
    case {{ month_number }}
        when 1 then 'มกราคม' when 2 then 'กุมภาพันธ์' when 3 then 'มีนาคม' when 4 then 'เมษายน'
        when 5 then 'พฤษภาคม' when 6 then 'มิถุนายน' when 7 then 'กรกฎาคม' when 8 then 'สิงหาคม'
        when 9 then 'กันยายน' when 10 then 'ตุลาคม' when 11 then 'พฤศจิกายน' when 12 then 'ธันวาคม'
    end
{%- endmacro %}

{% macro month_abbr_en(month_number) -%}
    case {{ month_number }}
        when 1 then 'Jan' when 2 then 'Feb' when 3 then 'Mar' when 4 then 'Apr'
        when 5 then 'May' when 6 then 'Jun' when 7 then 'Jul' when 8 then 'Aug'
        when 9 then 'Sep' when 10 then 'Oct' when 11 then 'Nov' when 12 then 'Dec'
    end
{%- endmacro %}

{#- Per-1,000 rate, null when the denominator is missing or zero, as decimal(18,2). -#}
{% macro per_1000(numerator, denominator) -%}
    cast(1000.0 * {{ numerator }} / nullif({{ denominator }}, 0) as decimal(18, 2))
{%- endmacro %}
