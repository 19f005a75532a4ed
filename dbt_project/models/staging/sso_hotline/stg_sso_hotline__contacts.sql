-- Hotline 1506 contacts: typed, the latest version of each contact only.
-- The connector pulls at least once (a crash between a drop and its cursor, state restored from
-- a backup) and a contact changes after it is first pulled (its case closes): the lake keeps
-- every version, this model keeps one row per contact_id, the latest by updated_at (then the
-- later drop, then the later line). The free text stays in the lake: a caller's text can name
-- people and phone numbers, so the warehouse keeps only whether there was one (has_text) and
-- the topic the classifier gave it at landing. Landing writes every timestamp as Bangkok wall-clock
-- time with its offset (YYYY-MM-DDTHH:MM:SS+07:00): its first 19 characters are the Bangkok time.
with source_rows as (
    select * from {{ source('sso_hotline', 'contacts') }}
),

typed as (
    select
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        cast(replace(substring(contact_at, 1, 19), 'T', ' ') as timestamp) as contacted_at,
        cast(replace(substring(updated_at, 1, 19), 'T', ' ') as timestamp) as updated_at,
        cast(replace(substring(closed_at, 1, 19), 'T', ' ') as timestamp) as closed_at,
        cast(menu_option as integer) as menu_option,
        cast(channel as {{ dbt.type_string() }}) as channel,
        cast(issue_text is not null as boolean) as has_text,
        cast(topic_code as {{ dbt.type_string() }}) as topic_code,
        cast(topic_model_version as {{ dbt.type_string() }}) as topic_model_version,
        cast(agent_category as {{ dbt.type_string() }}) as agent_category,
        cast(answered as boolean) as answered,
        cast(auto_answered as boolean) as auto_answered,
        cast(wait_seconds as integer) as wait_seconds,
        cast(handle_seconds as integer) as handle_seconds,
        cast(resolved_first_contact as boolean) as resolved_first_contact,
        cast(contact_type as {{ dbt.type_string() }}) as contact_type,
        cast(case_status as {{ dbt.type_string() }}) as case_status,
        cast(person_key as {{ dbt.type_string() }}) as person_key,
        cast(caller_id_status as {{ dbt.type_string() }}) as caller_id_status,
        {{ partition_month('month') }} as partition_month,
        cast(_source_file as {{ dbt.type_string() }}) as source_file,
        cast(_source_line as bigint) as source_line,
        cast(_load_id as {{ dbt.type_string() }}) as load_id
    from source_rows
),

ranked as (
    select
        *,
        row_number() over (
            partition by contact_id
            order by updated_at desc, source_file desc, source_line desc
        ) as version_rank,
        count(*) over (partition by contact_id) as versions
    from typed
)

select
    contact_id,
    contacted_at,
    updated_at,
    closed_at,
    menu_option,
    channel,
    has_text,
    topic_code,
    topic_model_version,
    agent_category,
    answered,
    auto_answered,
    wait_seconds,
    handle_seconds,
    resolved_first_contact,
    contact_type,
    case_status,
    person_key,
    caller_id_status,
    partition_month,
    cast(versions as integer) as versions,
    source_file,
    source_line,
    load_id
from ranked
where version_rank = 1
