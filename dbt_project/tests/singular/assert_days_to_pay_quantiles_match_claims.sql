-- The distribution mart must give the very medians and 90th percentiles of the claims behind it
-- (weighted_quantile_cont against quantile_cont over fct_benefit_claims), whatever the slice:
-- by month and benefit type, by province and benefit type, and over all months.
{%- set slices = [
    ['claim_month', 'benefit_type_code'],
    ['province_code', 'benefit_type_code'],
    ['benefit_type_code'],
] %}
{%- set mart_columns = {'claim_month': 'month_start'} %}
{% for slice in slices %}
    {%- set slice_name = slice | join(' x ') %}
    select
        '{{ slice_name }}' as slice,
        {{ slice | join(" || '/' || ") }} as slice_key,
        claims.median as claims_median,
        mart.median as mart_median,
        claims.p90 as claims_p90,
        mart.p90 as mart_p90
    from (
        select
            {% for c in slice %}cast({{ c }} as varchar) as {{ c }}, {% endfor %}
            quantile_cont(days_to_payment, 0.5) as median,
            quantile_cont(days_to_payment, 0.9) as p90
        from {{ ref('fct_benefit_claims') }}
        where days_to_payment is not null
        group by {{ slice | join(', ') }}
    ) as claims
    full outer join (
        select
            {% for c in slice %}cast({{ mart_columns.get(c, c) }} as varchar) as {{ c }}, {% endfor %}
            {{ ref('mart_benefits__days_to_pay').schema }}.weighted_quantile_cont(days_to_payment, claims, 0.5) as median,
            {{ ref('mart_benefits__days_to_pay').schema }}.weighted_quantile_cont(days_to_payment, claims, 0.9) as p90
        from {{ ref('mart_benefits__days_to_pay') }}
        group by {% for c in slice %}{{ mart_columns.get(c, c) }}{% if not loop.last %}, {% endif %}{% endfor %}
    ) as mart
        using ({{ slice | join(', ') }})
    where
        (claims.median is null) <> (mart.median is null)
        or abs(claims.median - mart.median) > 1e-9
        or abs(claims.p90 - mart.p90) > 1e-9
    {% if not loop.last %}union all{% endif %}
{% endfor %}
