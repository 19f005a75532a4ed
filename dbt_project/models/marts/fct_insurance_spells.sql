-- One row per person and coverage spell (latest version of each spell), keyed by person_key.
-- A view: the spells table (staging.stg_sso_registry__insured, incremental by spell) under the
-- marts' names; copying its ~25 M national rows into a second table took ~90 s a build.
{{ config(materialized='view') }}
select
    spell_key,
    person_key,
    cast(section as integer) as section,
    establishment_key,
    employer_account,
    branch,
    province_code,
    start_date,
    end_date,
    {{ month_start('start_date') }} as start_month,
    case when end_date is not null then {{ month_start('end_date') }} end as end_month,
    end_date is null as is_open,
    id_non_thai,
    sex,
    birth_year,
    partition_month as last_delivery_month,
    cast(versions as integer) as versions_delivered,
    source_file,
    source_line,
    load_id
from {{ ref('stg_sso_registry__insured') }}
