{#- The data root (holding lake/raw/<source>/<entity>/month=YYYY-MM/*.parquet).
    The sources YAML reads the same variable: keep the default in step there. -#}
{% macro lake_root() -%}
    {{- return(env_var('LABOUR_DATA_DIR', '../data')) -}}
{%- endmacro %}

{#- on-run-start hook: stop with a clear message when no lake Parquet is found under the data root,
    instead of a bare "No files found" from a staging view. -#}
{% macro assert_lake_root() -%}
    {{- return(adapter.dispatch('assert_lake_root', 'labour')()) -}}
{%- endmacro %}

{% macro default__assert_lake_root() -%}
    select 1
{%- endmacro %}

{% macro duckdb__assert_lake_root() -%}
    {%- if execute and flags.WHICH in ('run', 'build') -%}
        {%- set root = lake_root() -%}
        {%- set result = run_query("select count(*) from glob('" ~ root ~ "/lake/raw/*/*/*/*.parquet')") -%}
        {%- if result.columns[0].values()[0] == 0 -%}
            {{ exceptions.raise_compiler_error(
                "No lake Parquet under '" ~ root ~ "/lake/raw/<source>/<entity>/month=YYYY-MM/'. "
                ~ "Set LABOUR_DATA_DIR to the absolute data root (the folder holding lake/), "
                ~ "and land the sources first.") }}
        {%- endif -%}
    {%- endif -%}
    select 1
{%- endmacro %}
