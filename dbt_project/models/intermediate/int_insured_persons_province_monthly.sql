-- Distinct insured persons per month x province, by section, for the coverage marts.
-- Incremental by month (macros/incremental.sql, spell_months_to_rebuild): a new month counts
-- only the months whose active spells changed, not every month of the registry again.
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='month_start',
        on_schema_change='fail',
        post_hook="{{ drop_months_without_spells(ref('stg_sso_registry__insured'), ref('int_month_spine')) }}"
    )
}}

with

{% if is_incremental() %}
    rebuild as (
        {{ spell_months_to_rebuild(ref('stg_sso_registry__insured'), ref('int_month_spine')) }}
    ),
{% endif %}

spells_monthly as (
    select * from {{ ref('int_insured_spells_monthly') }}
    {% if is_incremental() %}
        where month_start in (select rebuild.month from rebuild)
    {% endif %}
),

counted as (
    {{ insured_persons_by_section('spells_monthly', ['month_start', 'province_code']) }}
)

select * from counted
