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

{#- Incremental by key over versioned rows (a spell delivered again in a later month): the keys
    (column `key`) of `rows` (a CTE of the typed lake rows, with partition_month and load_id) to
    rank again. A new load (a new month's change extract) re-ranks only the keys it delivers.
    When a load the table was built from is gone from the lake (a partition landed again, or
    removed), every key is re-ranked: a version dropped from an old month can change the
    version count of a spell whose latest version sits in a later month. Not the months named
    in `rebuild_months`: a spell is not a month's row, and forcing the month of the registry's
    first extract would rank every spell again (~25 M nationally) for a refresh that only
    recounts months (a backfill rebuilds the month-keyed facts; `--full-refresh` ranks every
    spell again). Only called when is_incremental(). -#}
{% macro spell_versions_to_rebuild(rows, key) -%}
    with now_loads as (
        select distinct partition_month, load_id from {{ rows }}
    ),

    built_loads as (
        select distinct partition_month, load_id from {{ this }}
    ),

    gone as (
        select count(*) > 0 as any_gone
        from (select * from built_loads except select * from now_loads) as gone_loads
    ),

    new_loads as (
        select * from now_loads except select * from built_loads
    )

    select distinct {{ rows }}.{{ key }}
    from {{ rows }}
    where
        (select gone.any_gone from gone)
        or exists (
            select 1 from new_loads
            where
                new_loads.partition_month = {{ rows }}.partition_month
                and new_loads.load_id = {{ rows }}.load_id
        )
{%- endmacro %}

{#- post-hook of a table incremental by key (spell_versions_to_rebuild): a key whose every
    version went with a load no longer in the lake (`inputs`, the lake source with its hive
    `month` and `_load_id`) has no new row to replace it; drop such rows. -#}
{% macro drop_rows_of_gone_loads(inputs) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where strftime(partition_month, '%Y-%m') || '@' || load_id in (
            select strftime(partition_month, '%Y-%m') || '@' || load_id from {{ this }}
            except
            select month || '@' || _load_id from {{ inputs }}
        )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- Spell-month facts incremental by month: a month is rebuilt when the spells active in it
    changed. Each fact row carries `spells_digest`, the XOR of spell_digest() over the
    spell-months it counts, so XOR over a month's rows is the digest of the spells active in it;
    the same digest is computed from the spells now, grouped by start and end month (a few
    thousand groups however many spells and months), and the months where the two differ are
    rebuilt: a new month, a spell added, removed or changed in a way the fact sees. The digest
    is of the spell's content, not its load: the same for a full and an incremental build, and a
    partition landed again with the same spells rebuilds nothing. -#}
{#- What a month sees of an active spell; not its dates: they only decide which months count
    it, so an end date filled in later changes the months after it and no others. -#}
{% macro spell_digest(spells) -%}
    hash(
        {{ spells }}.spell_key, {{ spells }}.person_key, {{ spells }}.section,
        {{ spells }}.province_code, {{ spells }}.establishment_key
    )
{%- endmacro %}

{#- A query of the months (column `month`) whose active spells differ from what {{ this }}
    counted; `spells` is the spells relation, `months` the month spine (month_start,
    month_end). Only called when is_incremental(). -#}
{% macro spell_months_to_rebuild(spells, months) -%}
    with spell_groups as (
        select
            {{ month_start('spells.start_date') }} as start_month,
            {{ month_start('spells.end_date') }} as end_month,
            bit_xor({{ spell_digest('spells') }}) as digest
        from {{ spells }} as spells
        group by start_month, end_month
    ),

    now_digests as (
        select
            months.month_start as month,
            bit_xor(spell_groups.digest) as digest
        from {{ months }} as months
        inner join spell_groups
            on
                spell_groups.start_month <= months.month_start
                and (spell_groups.end_month is null or spell_groups.end_month >= months.month_start)
        group by months.month_start
    ),

    built_digests as (
        select
            month_start as month,
            bit_xor(spells_digest) as digest
        from {{ this }}
        group by month_start
    )

    select coalesce(now_digests.month, built_digests.month) as month
    from now_digests
    full outer join built_digests on now_digests.month = built_digests.month
    where now_digests.digest is distinct from built_digests.digest
    {%- for forced in var('rebuild_months', []) %}
        union select cast('{{ forced }}-01' as date)
    {%- endfor %}
{%- endmacro %}

{#- post-hook of a spell-month fact: delete+insert replaces the months its new rows have, so a
    month with no active spell left (or gone from the spine) would keep its old rows. -#}
{% macro drop_months_without_spells(spells, months) -%}
    {%- if is_incremental() -%}
        delete from {{ this }}
        where month_start not in (
            select months.month_start
            from {{ months }} as months
            inner join (
                select distinct
                    {{ month_start('spells.start_date') }} as start_month,
                    {{ month_start('spells.end_date') }} as end_month
                from {{ spells }} as spells
            ) as spell_groups
                on
                    spell_groups.start_month <= months.month_start
                    and (
                        spell_groups.end_month is null
                        or spell_groups.end_month >= months.month_start
                    )
        )
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}

{#- The body of a spell-month count, incremental by month: configures the calling model
    (delete+insert on month_start, months without spells dropped after) and selects the
    int_insured_spells_monthly rows of the months to count again (all of them on a full build).
    The model groups them and keeps XOR of spell_digest() as `spells_digest`. -#}
{% macro changed_spell_months() -%}
    {{ config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='month_start',
        on_schema_change='fail',
        post_hook="{{ drop_months_without_spells(ref('stg_sso_registry__insured'), ref('int_month_spine')) }}"
    ) }}
    select * from {{ ref('int_insured_spells_monthly') }}
    {%- if is_incremental() %}
        where month_start in (
            {{ spell_months_to_rebuild(ref('stg_sso_registry__insured'), ref('int_month_spine')) }}
        )
    {%- endif %}
{%- endmacro %}
