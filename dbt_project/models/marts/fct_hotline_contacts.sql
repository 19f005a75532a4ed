-- Hotline 1506: one row per contact (its latest version), the grain every hotline mart
-- aggregates. Topic 'unknown' where there was no text to classify (a call abandoned in the
-- queue). Measures are flags and seconds: rates are sums of flags over sums of contacts.
with contacts as (
    select * from {{ ref('stg_sso_hotline__contacts') }}
),

departments as (
    select * from {{ ref('ref_hotline_menu_options') }}
)

select
    contacts.contact_id,
    contacts.contacted_at,
    cast(contacts.contacted_at as date) as contact_date,
    {{ month_start('contacts.contacted_at') }} as month_start,
    cast(extract(hour from contacts.contacted_at) as integer) as contact_hour,
    contacts.menu_option,
    cast(departments.department_code as {{ dbt.type_string() }}) as department_code,
    contacts.channel,
    cast(coalesce(contacts.topic_code, 'unknown') as {{ dbt.type_string() }}) as topic_code,
    contacts.topic_model_version,
    contacts.agent_category,
    case
        when contacts.agent_category is not null and contacts.topic_code is not null
            then contacts.agent_category = contacts.topic_code
    end as topic_agrees_with_agent,
    contacts.contact_type,
    contacts.answered,
    cast(not contacts.answered as boolean) as abandoned,
    contacts.auto_answered,
    cast(contacts.answered and not contacts.auto_answered as boolean) as answered_by_agent,
    contacts.resolved_first_contact,
    cast(contacts.auto_answered and contacts.resolved_first_contact as boolean) as resolved_automatically,
    contacts.wait_seconds,
    contacts.handle_seconds,
    contacts.case_status,
    cast(contacts.case_status = 'open' as boolean) as is_open_case,
    contacts.closed_at,
    case
        when contacts.closed_at is not null
            then cast(
                    {{ dbt.datediff('cast(contacts.contacted_at as date)', 'cast(contacts.closed_at as date)', 'day') }}
                    as integer
                )
    end as days_to_close,
    contacts.has_text,
    contacts.person_key,
    contacts.caller_id_status,
    contacts.versions,
    contacts.source_file,
    contacts.source_line,
    contacts.load_id
from contacts
left join departments
    on contacts.menu_option = departments.menu_option
