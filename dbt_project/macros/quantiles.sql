{#- The DuckDB aggregate macro `<schema>.weighted_quantile_cont(v, w, q)`: the quantile q of v as
    if each row were w rows (`quantile_cont` over the rows a histogram counts, interpolated the same
    way). A distribution mart (one row per value and count) then serves medians that filters can
    slice, without the dashboard reading every claim: at national scale the chart read ~3.7 M
    claim rows a month per request (mart_benefits__days_to_pay).
    How: the distinct values, sorted (few: days are integers); the weight of each (a vectorised
    filter of the group's rows); then one pass that carries the running count and picks the
    values at positions floor and ceil of q * (n - 1). A post-hook of the mart that uses it, so
    the published warehouse file holds it for Superset. DuckDB only. -#}
{% macro create_weighted_quantile_cont(schema) -%}
    {%- if target.type != 'duckdb' -%}
        {{ exceptions.raise_compiler_error("weighted_quantile_cont: a DuckDB macro; no definition for adapter " ~ target.type) }}
    {%- endif -%}
    create or replace macro {{ schema }}.weighted_quantile_cont(v, w, q) as (
        list_reduce(
            list_transform(
                list_sort(list_distinct(list(v::double) filter (where v is not null and w > 0))),
                lambda d: struct_pack(
                    v := d,
                    w := list_sum(list_transform(
                        list_filter(
                            list(struct_pack(v := v::double, w := w::bigint))
                                filter (where v is not null and w > 0),
                            lambda e: e.v = d
                        ),
                        lambda e: e.w
                    ))
                )
            ),
            lambda acc, e: struct_pack(
                lo_i := acc.lo_i,
                hi_i := acc.hi_i,
                frac := acc.frac,
                cum := acc.cum + e.w,
                lo := case when acc.lo is null and acc.cum + e.w > acc.lo_i then e.v else acc.lo end,
                val := case
                    when acc.val is null and acc.cum + e.w > acc.hi_i
                        then coalesce(acc.lo, e.v) + acc.frac * (e.v - coalesce(acc.lo, e.v))
                    else acc.val
                end
            ),
            struct_pack(
                lo_i := floor(q * (sum(w) filter (where v is not null and w > 0) - 1))::bigint,
                hi_i := ceil(q * (sum(w) filter (where v is not null and w > 0) - 1))::bigint,
                frac := (
                    q * (sum(w) filter (where v is not null and w > 0) - 1)
                    - floor(q * (sum(w) filter (where v is not null and w > 0) - 1))
                )::double,
                cum := 0::bigint,
                lo := null::double,
                val := null::double
            )
        ).val
    )
{%- endmacro %}
