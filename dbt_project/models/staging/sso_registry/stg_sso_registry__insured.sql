-- A table, not a view like the other staging models: the latest-version window over every
-- delivered spell (~25 M a national month) is read by the spell-month view, the spell fact, the
-- person dimension and the lineage scopes, and as a view each of them ran the window again.
-- Incremental by spell (macros/incremental.sql, spell_versions_to_rebuild): a month's change
-- extract (~0.8 M spells nationally) replaces only the spells it delivers, instead of ranking
-- and writing all ~25 M again.
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='spell_key',
        on_schema_change='fail',
        post_hook="{{ drop_rows_of_gone_loads(source('sso_registry', 'insured')) }}"
    )
}}
-- Insured-person spells: typed, the latest version of each spell only.
-- A spell's natural key is (person_key, section, start_date, employer branch): a person can
-- hold two Section-33 jobs from the same day. A later delivery month's version
-- replaces an earlier one (e.g. the same spell again with its end date filled), and within one
-- month the later source line wins.
with source_rows as (
    select * from {{ source('sso_registry', 'insured') }}
),

typed as (
    select
        cast(person_key as {{ dbt.type_string() }}) as person_key,
        cast(section as integer) as section,
        cast(start_date as date) as start_date,
        cast(end_date as date) as end_date,
        cast(id_non_thai as boolean) as id_non_thai,
        cast(sex as {{ dbt.type_string() }}) as sex,
        cast(birth_year as integer) as birth_year,
        cast(nullif(trim(employer_account), '') as {{ dbt.type_string() }}) as employer_account,
        cast(nullif(trim(branch), '') as {{ dbt.type_string() }}) as branch,
        cast(province_code as {{ dbt.type_string() }}) as province_code,
        {{ partition_month('month') }} as partition_month,
        cast(_source_file as {{ dbt.type_string() }}) as source_file,
        cast(_source_line as bigint) as source_line,
        cast(_load_id as {{ dbt.type_string() }}) as load_id
    from source_rows
),

keyed as (
    select
        *,
        person_key || '-' || cast(section as {{ dbt.type_string() }})
        || '-' || cast(start_date as {{ dbt.type_string() }})
        || coalesce('-' || employer_account || '-' || branch, '') as spell_key
    from typed
),

{% if is_incremental() %}
    rebuild as (
        {{ spell_versions_to_rebuild('keyed', 'spell_key') }}
    ),
{% endif %}

to_rank as (
    select * from keyed
    {% if is_incremental() %}
        where spell_key in (select rebuild.spell_key from rebuild)
    {% endif %}
),

ranked as (
    select
        *,
        row_number() over (
            partition by person_key, section, start_date, employer_account, branch
            order by partition_month desc, source_file desc, source_line desc
        ) as version_rank,
        count(*) over (
            partition by person_key, section, start_date, employer_account, branch
        ) as versions
    from to_rank
)

select
    spell_key,
    person_key,
    section,
    start_date,
    end_date,
    id_non_thai,
    sex,
    birth_year,
    employer_account,
    branch,
    case
        when employer_account is not null
            then employer_account || '-' || coalesce(branch, '000000')
    end as establishment_key,
    province_code,
    partition_month,
    versions,
    source_file,
    source_line,
    load_id
from ranked
where version_rank = 1
