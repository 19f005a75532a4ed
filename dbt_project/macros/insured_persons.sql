{#- Distinct insured persons by section in the months of `spells_monthly` (int_insured_spells_monthly
    rows), grouped by `group_by` (month_start first): one pass per person first, so each count is
    a sum of flags rather than five distinct-count hash tables over every spell-month. With the
    spells_digest of what it counted (macros/incremental.sql). -#}
{% macro insured_persons_by_section(spells_monthly, group_by) -%}
    with persons as (
        select
            {{ group_by | join(', ') }},
            person_key,
            max(case when section = 33 then 1 else 0 end) as in_s33,
            max(case when section = 39 then 1 else 0 end) as in_s39,
            max(case when section = 40 then 1 else 0 end) as in_s40,
            bit_xor({{ spell_digest(spells_monthly) }}) as spells_digest
        from {{ spells_monthly }}
        group by {{ group_by | join(', ') }}, person_key
    )

    select
        {{ group_by | join(', ') }},
        cast(sum(in_s33) as bigint) as insured_s33,
        cast(sum(in_s39) as bigint) as insured_s39,
        cast(sum(in_s40) as bigint) as insured_s40,
        cast(sum(greatest(in_s39, in_s40)) as bigint) as insured_informal,
        cast(count(*) as bigint) as insured_total,
        bit_xor(spells_digest) as spells_digest
    from persons
    group by {{ group_by | join(', ') }}
{%- endmacro %}
