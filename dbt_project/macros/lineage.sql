{#- Lineage for every number (docs/lineage.md).

    A mart declares where its rows come from in its yml, once:

        config:
          meta:
            lineage:
              grain: [month_start, province_code, section]   # the columns that identify a row
              inputs:
                - label: "insured persons: spells active in the month"
                  model: int_insured_spells_monthly           # the rows the mart aggregates
                  match: [month_start, province_code, section]  # or {mart column: input expression}
                  where: "section = 40"                        # optional filter on the input
                  mart_where: "section = 40"                   # optional: the mart rows it feeds
                  trace: {model: stg_sso_registry__insured, key: [spell_key]}
                  per: partition                               # optional: see below

    `trace` names the staging model that carries the lake's lineage columns (source_file,
    load_id) and the key that joins the input to it, or `carried: true` when the input selected
    those two columns from it already (no join: int_insured_spells_monthly is ~25 M rows a
    national month, and the join cost ~25 s per scope); an input that is itself a staging model (or a
    seed) needs none. `match` defaults to every grain column; `match: {}` puts every input row in
    the scope of every mart row (a projection built from the whole history).

    lineage__mart_sources calls mart_lineage() with a ref() to every mart that has lineage (dbt must
    see the refs when it parses, before the yml's meta is readable), and the macro writes one
    select per mart and input from the graph. A mart row and input with no source row in scope
    (a dense zero) still get a row: rows_contributed = 0 and no file.
-#}

{#- The readable key of a row: "col=value|col=value", from the grain columns of relation alias
    `alias`. Marts may select it too (as lineage_key) so a dashboard can link a row to its lineage. -#}
{% macro lineage_grain_key(grain, alias=none) -%}
    {%- set prefix = alias ~ '.' if alias else '' -%}
    {%- for col in grain -%}
        '{{ col }}=' || coalesce(cast({{ prefix }}{{ col }} as {{ dbt.type_string() }}), '')
        {%- if not loop.last %} || '|' || {% endif -%}
    {%- endfor -%}
{%- endmacro %}


{#- The staging model name stg_<system>__<entity> -> (system, entity), as in the lake's paths. -#}
{% macro _lineage_system_entity(name) -%}
    {%- set parts = name[4:].split('__') -%}
    {{- return((parts[0], parts[1] if parts | length > 1 else '')) -}}
{%- endmacro %}


{% macro _lineage_nodes() -%}
    {%- set nodes = {} -%}
    {%- for node in graph.nodes.values() if node.resource_type in ('model', 'seed') and node.package_name == project_name -%}
        {%- do nodes.update({node.name: node}) -%}
    {%- endfor -%}
    {{- return(nodes) -}}
{%- endmacro %}


{% macro _lineage_relation(node) -%}
    {{- return(api.Relation.create(database=node.database, schema=node.schema, identifier=node.alias)) -}}
{%- endmacro %}


{#- The source rows in scope of one input, grouped by the mart's grain columns and the file they
    came from: (g0, g1, …, source_file, load_id, rows_contributed). -#}
{% macro _lineage_scope_sql(input, match, nodes) -%}
    {%- set node = nodes[input.model] -%}
    {%- if node.resource_type == 'seed' %}
        {%- set rows = "select i.*, '" ~ node.original_file_path ~ "' as lineage_source_file, cast(null as " ~ dbt.type_string() ~ ") as lineage_load_id from " ~ _lineage_relation(node) ~ " as i" -%}
    {%- elif input.trace is defined and input.trace and input.trace.model != input.model and not input.trace.get('carried') -%}
        {%- set traced = nodes[input.trace.model] -%}
        {#- `key`; a quoted "on" is read too (a bare on is YAML's true) -#}
        {%- set keys = input.trace.get('key') or input.trace.get('on') -%}
        {%- if not keys -%}
            {{ exceptions.raise_compiler_error("lineage: the trace of input '" ~ input.model ~ "' names no key: trace: {model: " ~ input.trace.model ~ ", key: [...]} (or carried: true when the input has the staging model's source_file and load_id)") }}
        {%- endif -%}
        {%- set rows -%}
            select i.*, t.source_file as lineage_source_file, t.load_id as lineage_load_id
            from {{ _lineage_relation(node) }} as i
            inner join {{ _lineage_relation(traced) }} as t
                on {% for k in keys %}i.{{ k }} = t.{{ k }}{% if not loop.last %} and {% endif %}{% endfor %}
        {%- endset -%}
    {%- else -%}
        {#- a staging model, or an input that selected the staging row's source_file and load_id
            itself (trace: {..., carried: true}): no join -#}
        {%- set rows = "select i.*, i.source_file as lineage_source_file, i.load_id as lineage_load_id from " ~ _lineage_relation(node) ~ " as i" -%}
    {%- endif %}
    {#- lineage__lake_files (the manifests' files) names its lake table on each row -#}
    {%- set per_row = input.model == 'lineage__lake_files' %}
    {%- set per_partition = _lineage_per(input) == 'partition' %}
    select
        {% for mart_col, expr in match.items() -%}
            {{ expr }} as g{{ loop.index0 }},
        {% endfor -%}
        {% if per_row %}source_system{% else %}cast(null as {{ dbt.type_string() }}){% endif %} as lineage_system,
        {% if per_row %}entity{% else %}cast(null as {{ dbt.type_string() }}){% endif %} as lineage_entity,
        {% if per_partition %}cast(null as {{ dbt.type_string() }}){% else %}lineage_source_file{% endif %} as source_file,
        lineage_load_id as load_id,
        count(*) as rows_contributed
    from ({{ rows }}) as input_rows
    {% if input.where is defined and input.where %}where {{ input.where }}{% endif %}
    group by
        {% for mart_col, expr in match.items() -%}
            {{ expr }},
        {% endfor -%}
        {% if per_row %}source_system, entity, {% endif -%}
        {% if not per_partition %}lineage_source_file, {% endif -%}
        lineage_load_id
{%- endmacro %}


{#- 'file' (the default) or 'partition' -#}
{% macro _lineage_per(input) -%}
    {%- set per = input.get('per') or 'file' -%}
    {%- if per not in ('file', 'partition') -%}
        {{ exceptions.raise_compiler_error("lineage: per must be file or partition, not '" ~ per ~ "' (input '" ~ input.model ~ "')") }}
    {%- endif -%}
    {{- return(per) -}}
{%- endmacro %}


{#- Validate one input and return (match as {mart column: input expression}, system, entity). -#}
{% macro _lineage_input(mart, grain, input, nodes) -%}
    {%- if input.model not in nodes -%}
        {{ exceptions.raise_compiler_error("lineage of " ~ mart ~ ": input model '" ~ input.model ~ "' does not exist") }}
    {%- endif -%}
    {%- set node = nodes[input.model] -%}
    {%- if node.resource_type == 'seed' and _lineage_per(input) == 'partition' -%}
        {{ exceptions.raise_compiler_error("lineage of " ~ mart ~ ": input '" ~ input.model ~ "' is a seed, which has no lake partition: drop per: partition") }}
    {%- endif -%}
    {%- if node.resource_type == 'seed' -%}
        {%- set system_entity = ('reference', input.model) -%}
    {%- elif input.trace is defined and input.trace -%}
        {%- if input.trace.model not in nodes or not input.trace.model.startswith('stg_') -%}
            {{ exceptions.raise_compiler_error("lineage of " ~ mart ~ ": trace model '" ~ input.trace.model ~ "' must be a staging model (stg_<system>__<entity>)") }}
        {%- endif -%}
        {%- set system_entity = _lineage_system_entity(input.trace.model) -%}
    {%- elif input.model.startswith('stg_') -%}
        {%- set system_entity = _lineage_system_entity(input.model) -%}
    {%- elif input.model == 'lineage__lake_files' -%}
        {#- the lake's files themselves (marts built from the partition manifests): each row
            names its source system and entity -#}
        {%- set system_entity = ('', '') -%}
    {%- else -%}
        {{ exceptions.raise_compiler_error("lineage of " ~ mart ~ ": input '" ~ input.model ~ "' carries no lake lineage columns: add trace: {model: stg_<system>__<entity>, key: [key]}") }}
    {%- endif -%}
    {%- set match = {} -%}
    {%- if input.match is not defined or input.match is none -%}
        {%- for col in grain -%}{%- do match.update({col: col}) -%}{%- endfor -%}
    {%- elif input.match is mapping -%}
        {%- do match.update(input.match) -%}
    {%- else -%}
        {%- for col in input.match -%}{%- do match.update({col: col}) -%}{%- endfor -%}
    {%- endif -%}
    {%- for col in match -%}
        {%- if col not in grain -%}
            {{ exceptions.raise_compiler_error("lineage of " ~ mart ~ ": input '" ~ input.model ~ "' matches on '" ~ col ~ "', which is not in the grain " ~ grain) }}
        {%- endif -%}
    {%- endfor -%}
    {{- return((match, system_entity[0], system_entity[1])) -}}
{%- endmacro %}


{% macro mart_lineage(marts) -%}
    {#- outside the branch below: dbt records this ref while parsing -#}
    {%- set lake_files = ref('lineage__lake_files') -%}
    {%- if not execute -%}
        {#- parsing: the refs in the caller are what dbt needs; the graph is not readable yet -#}
        select 1 as parsing
    {%- else -%}
    {%- set nodes = _lineage_nodes() -%}
    {%- set listed = marts | map(attribute='identifier') | list -%}
    {%- for name, node in nodes.items() if name.startswith('mart_') and name not in listed -%}
        {%- do exceptions.warn("mart " ~ name ~ " has no lineage: declare meta.lineage in its yml and ref it in lineage__mart_sources (docs/lineage.md)") -%}
    {%- endfor -%}
    {%- set scopes = {} -%}
    {%- set selects = [] -%}
    {%- for mart_relation in marts -%}
        {%- set mart = mart_relation.identifier -%}
        {%- set meta = nodes[mart].config.meta.get('lineage') or nodes[mart].meta.get('lineage') -%}
        {%- if not meta -%}
            {{ exceptions.raise_compiler_error("mart " ~ mart ~ " is listed in lineage__mart_sources but declares no meta.lineage in its yml") }}
        {%- endif -%}
        {%- for input in meta.inputs -%}
            {%- set checked = _lineage_input(mart, meta.grain, input, nodes) -%}
            {%- set match = checked[0] -%}
            {%- set scope_sql = _lineage_scope_sql(input, match, nodes) -%}
            {%- if scope_sql not in scopes -%}
                {%- do scopes.update({scope_sql: 'scope_' ~ (scopes | length)}) -%}
            {%- endif -%}
            {%- set select_sql -%}
                select
                    cast('{{ mart }}' as {{ dbt.type_string() }}) as mart_model,
                    {{ lineage_grain_key(meta.grain, 'm') }} as grain_key,
                    {% if 'month_start' in meta.grain %}cast(m.month_start as date){% else %}cast(null as date){% endif %} as month_start,
                    {% if 'province_code' in meta.grain %}cast(m.province_code as {{ dbt.type_string() }}){% else %}cast(null as {{ dbt.type_string() }}){% endif %} as province_code,
                    cast('{{ input.label | replace("'", "''") }}' as {{ dbt.type_string() }}) as input_label,
                    cast('{{ input.model }}' as {{ dbt.type_string() }}) as input_model,
                    cast(coalesce(s.lineage_system, '{{ checked[1] }}') as {{ dbt.type_string() }}) as source_system,
                    cast(coalesce(s.lineage_entity, '{{ checked[2] }}') as {{ dbt.type_string() }}) as entity,
                    cast('{{ _lineage_per(input) }}' as {{ dbt.type_string() }}) as lineage_scope,
                    cast(s.source_file as {{ dbt.type_string() }}) as source_file,
                    cast(s.load_id as {{ dbt.type_string() }}) as load_id,
                    cast(coalesce(s.rows_contributed, 0) as bigint) as rows_contributed
                from {{ mart_relation }} as m
                left join {{ scopes[scope_sql] }} as s
                    on {% for mart_col in match %}m.{{ mart_col }} is not distinct from s.g{{ loop.index0 }} and {% endfor %}true
                {% if input.mart_where is defined and input.mart_where %}where {{ input.mart_where }}{% endif %}
            {%- endset -%}
            {%- do selects.append(select_sql) -%}
        {%- endfor -%}
    {%- endfor %}
    with
    {% for scope_sql, scope_name in scopes.items() -%}
        {{ scope_name }} as materialized (
            {{ scope_sql }}
        ),
    {% endfor -%}
    lineage as (
        {% for select_sql in selects -%}
            {{ select_sql }}
            {% if not loop.last %}union all{% endif %}
        {% endfor %}
    ),
    {#- a partition rolled up: its manifest, and how many files it lists -#}
    partitions as (
        select
            source_system,
            entity,
            load_id,
            min(partition_month) as partition_month,
            'lake/manifests/' || source_system || '/' || entity || '/month=' || min(partition_key) || '.json'
                as manifest_file,
            count(*) as files
        from {{ lake_files }}
        group by source_system, entity, load_id
    )
    select
        lineage.mart_model,
        lineage.grain_key,
        {{ dbt.hash('lineage.grain_key') }} as grain_hash,
        lineage.month_start,
        lineage.province_code,
        lineage.input_label,
        lineage.input_model,
        lineage.source_system,
        lineage.entity,
        coalesce(files.partition_month, parts.partition_month) as partition_month,
        lineage.lineage_scope,
        lineage.source_file,
        parts.manifest_file,
        case
            when lineage.lineage_scope = 'partition' then coalesce(parts.files, 0)
            when lineage.source_file is not null then 1
            else 0
        end as files_in_scope,
        lineage.load_id,
        files.file_sha256,
        lineage.rows_contributed
    from lineage
    left join {{ lake_files }} as files
        {# one workbook can feed two lake tables in one load (LFS tables 2 and 3) #}
        on
            lineage.source_file = files.source_file
            and lineage.load_id = files.load_id
            and lineage.source_system = files.source_system
            and lineage.entity = files.entity
    left join partitions as parts
        on
            lineage.lineage_scope = 'partition'
            and lineage.load_id = parts.load_id
            and lineage.source_system = parts.source_system
            and lineage.entity = parts.entity
    {%- endif -%}
{%- endmacro %}


{#- Every file of every partition the lake holds now, from the partitions' manifests
    (lake/manifests/<source>/<entity>/month=YYYY-MM.json). DuckDB reads JSON natively; another
    engine needs its own branch here (e.g. Spark's json reader with multiLine). -#}
{% macro lake_manifest_files() -%}
    {%- if target is defined and target.type != 'duckdb' -%}
        {{ exceptions.raise_compiler_error("lake_manifest_files: no manifest reader for adapter " ~ target.type) }}
    {%- endif -%}
    {#- sqlfluff renders this without dbt (no env_var): a stand-in path there -#}
    {%- set root = lake_root() if env_var is defined else '../data' -%}
    {%- set pattern = root ~ '/lake/manifests/*/*/*.json' -%}
    {%- set found = 1 -%}
    {%- if execute -%}
        {#- read_json fails on a pattern that matches nothing: a lake without manifests yet -#}
        {%- set found = run_query("select count(*) from glob('" ~ pattern ~ "')").columns[0].values()[0] -%}
    {%- endif -%}
    {%- if found == 0 %}
    select
        cast(null as varchar) as source_system,
        cast(null as varchar) as entity,
        cast(null as varchar) as partition_key,
        cast(null as date) as partition_month,
        cast(null as varchar) as source_file,
        cast(null as varchar) as load_id,
        cast(null as varchar) as file_sha256,
        cast(null as bigint) as file_bytes,
        cast(null as varchar) as file_status,
        cast(null as bigint) as rows_in,
        cast(null as bigint) as rows_loaded,
        cast(null as bigint) as rows_quarantined
    where false
    {%- else %}
    with manifests as (
        select
            source,
            entity,
            month,
            load_id,
            unnest(files) as delivered
        from read_json(
            '{{ pattern }}',
            format = 'auto',
            union_by_name = true,
            maximum_object_size = {{ manifest_max_bytes() }}
        )
    )

    select
        cast(source as varchar) as source_system,
        cast(entity as varchar) as entity,
        cast(month as varchar) as partition_key,
        cast(month || '-01' as date) as partition_month,
        cast(delivered.file as varchar) as source_file,
        cast(load_id as varchar) as load_id,
        cast(delivered.sha256 as varchar) as file_sha256,
        cast(delivered.bytes as bigint) as file_bytes,
        cast(delivered.status as varchar) as file_status,
        cast(delivered.rows_in as bigint) as rows_in,
        cast(delivered.rows_loaded as bigint) as rows_loaded,
        cast(delivered.rows_quarantined as bigint) as rows_quarantined
    from manifests
    {%- endif %}
{%- endmacro %}
