{#- Integers 0 .. 10^digits - 1 as column `n`, from cross-joined digits: portable (no recursive CTE,
    no generate_series), so the same model runs on DuckDB and Spark. -#}
{% macro integer_series(digits) -%}
    select
        {% for i in range(digits) -%}
            d{{ i }}.d * {{ 10 ** i }}{% if not loop.last %} + {% endif %}
        {%- endfor %} as n
    from
        {% for i in range(digits) -%}
            (
                {% for v in range(10) -%}
                    select {{ v }} as d{% if not loop.last %} union all {% endif %}
                {%- endfor %}
            ) as d{{ i }}{% if not loop.last %} cross join{% endif %}
        {% endfor %}
{%- endmacro %}
