-- Labour Force Survey table 3, typed and unpivoted: one row per province per calendar quarter
-- per TSIC 2009 section (A-U), with the province's employed (all sections) beside it.
with source_rows as (
    select * from {{ source('nso_lfs', 'employment_by_industry') }}
)

{% for section in 'ABCDEFGHIJKLMNOPQRSTU' %}
    select
        cast(year as integer) as year_ce,
        cast(quarter as integer) as quarter,
        {{ add_months(
            "cast(cast(cast(year as integer) as " ~ dbt.type_string() ~ ") || '-01-01' as date)",
            "(cast(quarter as integer) - 1) * 3"
        ) }} as quarter_start_month,
        cast(province_code as {{ dbt.type_string() }}) as province_code,
        '{{ section }}' as tsic_section_code,
        cast(section_{{ section | lower }} as bigint) as employed,
        cast(employed as bigint) as employed_all_sections,
        {{ partition_month('month') }} as partition_month,
        cast(_source_file as {{ dbt.type_string() }}) as source_file,
        cast(_source_line as bigint) as source_line,
        cast(_load_id as {{ dbt.type_string() }}) as load_id
    from source_rows
    {% if not loop.last %}union all{% endif %}
{% endfor %}
