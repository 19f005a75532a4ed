{#- True unless the DuckDB glob `pattern` matches no file (checked only when dbt executes;
    while parsing or linting, assume files exist). The governance marts read lake bookkeeping
    (quarantine Parquet) that a clean lake may not have. -#}
{% macro lake_files_exist(pattern) -%}
    {%- if execute and run_query is defined -%}
        {%- set found = run_query("select count(*) from glob('" ~ pattern ~ "')") -%}
        {%- set n_files = found.columns[0].values()[0] -%}
        {%- if n_files is number and n_files == 0 -%}
            {{- return(false) -}}
        {%- endif -%}
    {%- endif -%}
    {{- return(true) -}}
{%- endmacro %}

{#- A manifest lists every file of its partition: a national month of สปส.1-10 is ~464 k files,
    ~33 MB of JSON, twice read_json's default object limit (16 MB). -#}
{% macro manifest_max_bytes() -%}
    268435456
{%- endmacro %}

{#- The lake's partition manifests ($LABOUR_DATA_DIR/lake/manifests/<source>/<entity>/
    month=YYYY-MM.json, ingestion/landing/partition.py) as a relation: one row per published
    partition with its checks and files; with no manifest yet, an empty relation of the columns
    the governance marts read. DuckDB only (read_json). -#}
{% macro lake_manifests() -%}
    {%- set pattern = lake_root() ~ '/lake/manifests/*/*/*.json' -%}
    {%- if lake_files_exist(pattern) -%}
        read_json('{{ pattern }}', union_by_name = true, maximum_object_size = {{ manifest_max_bytes() }})
    {%- else -%}
        (
            select
                cast(null as varchar) as source,
                cast(null as varchar) as entity,
                cast(null as varchar) as month,
                cast(null as varchar) as load_id,
                cast(null as struct(blocking boolean, name varchar, passed boolean)[]) as checks,
                cast(
                    null as struct(
                        status varchar, rows_in bigint, rows_loaded bigint, rows_quarantined bigint
                    )[]
                ) as files
            where false
        )
    {%- endif -%}
{%- endmacro %}

{#- on-run-end hook: the result of every dbt test of this build (the warehouse's checks) goes into
    marts.mart_governance__check_results beside the lake checks the model read from the
    manifests, with check_layer 'warehouse' (the Guideline 4 scorecard's recorded results).
    Runs after every model and test of `dbt build` / `dbt test`; skipped when the table is not
    there (a selection without it). -#}
{% macro record_warehouse_test_results(results) -%}
    {%- if execute and flags.WHICH in ('build', 'test') and target.type == 'duckdb' -%}
        {%- set relation = adapter.get_relation(
            database=target.database, schema='marts', identifier='mart_governance__check_results'
        ) -%}
        {%- if relation is not none -%}
            {%- set rows = [] -%}
            {%- for result in results if result.node.resource_type == 'test' -%}
                {%- set models = [] -%}
                {%- for node in result.node.depends_on.nodes -%}
                    {%- if node.startswith('model.') or node.startswith('seed.') -%}
                        {%- do models.append(node.split('.')[-1]) -%}
                    {%- endif -%}
                {%- endfor -%}
                {%- set tested = models | first if models else 'unknown' -%}
                {%- set name = result.node.name | replace("'", "''") -%}
                {%- do rows.append(
                    "('warehouse." ~ tested ~ "." ~ name ~ "', 'warehouse', '" ~ tested
                    ~ "', cast(null as date), 'warehouse', '" ~ name ~ "', "
                    ~ ('true' if (result.node.config.severity | lower) == 'error' else 'false') ~ ", "
                    ~ ('true' if result.status in ('pass', 'success') else 'false')
                    ~ ", cast(null as varchar))"
                ) -%}
            {%- endfor -%}
            {%- if rows %}
    delete from {{ relation }} where check_layer = 'warehouse';
    insert into {{ relation }}
        (check_key, source, entity, partition_month, check_layer, check_name,
         is_blocking, passed, load_id)
    values {{ rows | join(', ') }};
    {{ _record_warehouse_check_lineage(relation) }}
            {%- endif -%}
        {%- endif -%}
    {%- endif %}
    select 1
{%- endmacro %}


{#- The rows the hook above adds come after lineage__mart_sources was built: give each its
    lineage row there too (the check is a dbt test of this build: no lake file), with the grain
    the mart declares in its yml (docs/lineage.md), so every mart row keeps its lineage. -#}
{% macro _record_warehouse_check_lineage(checks) -%}
    {%- set lineage = adapter.get_relation(
        database=target.database, schema='marts', identifier='lineage__mart_sources'
    ) -%}
    {%- set mart = 'mart_governance__check_results' -%}
    {%- set node = graph.nodes.get('model.' ~ project_name ~ '.' ~ mart) -%}
    {%- if lineage is not none and node is not none and node.config.meta.get('lineage') -%}
        {%- set grain = node.config.meta.lineage.grain -%}
    delete from {{ lineage }}
    where mart_model = '{{ mart }}' and grain_key like 'source=warehouse|%';
    insert into {{ lineage }}
        (mart_model, grain_key, grain_hash, month_start, province_code, input_label,
         input_model, source_system, entity, partition_month, source_file, load_id,
         file_sha256, rows_contributed)
    select
        '{{ mart }}',
        {{ lineage_grain_key(grain, 'c') }},
        {{ dbt.hash(lineage_grain_key(grain, 'c')) }},
        cast(null as date),
        cast(null as varchar),
        'dbt test of the build that made this warehouse (no lake file)',
        c.entity,
        'warehouse',
        c.entity,
        cast(null as date),
        cast(null as varchar),
        cast(null as varchar),
        cast(null as varchar),
        cast(0 as bigint)
    from {{ checks }} as c
    where c.check_layer = 'warehouse';
    {%- endif -%}
{%- endmacro %}
