{#- Incremental facts by month (materialized='incremental', delete+insert on the month).

    A fact row records the lake partitions it was built from in `input_loads` (partition month
    '@' load id of each, comma-separated: input_loads(...)). The months to rebuild are those
    whose (partition, load id) pairs in the staging input differ from the pairs recorded in
    {{ this }}: a new month, a re-landed partition (a superseding re-delivery, a rejected row
    now loaded, a new pseudonymisation key) or a partition gone; plus the months named in the
    dbt var `rebuild_months` (['YYYY-MM', ...], a forced backfill). Built from a copy of the
    published warehouse (warehouse/publish.py `building`), so an unchanged month is never read
    from the lake again. -#}

{#- The lineage value of one fact row: its input partitions and their load ids. -#}
{% macro input_loads(partition_month, load_id) -%}
    string_agg(
        distinct strftime({{ partition_month }}, '%Y-%m') || '@' || {{ load_id }},
        ',' order by strftime({{ partition_month }}, '%Y-%m') || '@' || {{ load_id }}
    )
{%- endmacro %}

{#- A query of the months (column `month`, a date) of `inputs` to rebuild in {{ this }};
    `month_column` is the fact's month in both. Only called when is_incremental(). -#}
{% macro months_to_rebuild(inputs, month_column) -%}
    with now_loads as (
        select distinct
            {{ month_column }} as month,
            strftime(partition_month, '%Y-%m') || '@' || load_id as input_load
        from {{ inputs }}
    ),

    built_loads as (
        select distinct
            {{ month_column }} as month,
            unnest(string_split(input_loads, ',')) as input_load
        from {{ this }}
    ),

    changed as (
        (select * from now_loads except select * from built_loads)
        union all
        (select * from built_loads except select * from now_loads)
    )

    select distinct month from changed
    {%- for forced in var('rebuild_months', []) %}
        union select cast('{{ forced }}-01' as date)
    {%- endfor %}
{%- endmacro %}

{#- post-hook of an incremental fact: delete+insert replaces the months its new rows have, so
    a month left with no input row at all would stay; drop such months. -#}
{% macro drop_months_without_inputs(inputs, month_column) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where {{ month_column }} not in (
            select distinct {{ month_column }} from {{ inputs }}
            where {{ month_column }} is not null
        )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
