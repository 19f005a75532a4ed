-- Guideline 3 (hotline 1506), daily: one row per day x department (menu option) x channel x
-- topic that had contacts. Counts and second totals add up over any rows; the rates are for
-- this row only (recompute a rate over several rows as a sum over a sum, e.g.
-- sum(answered) / sum(contacts)).
with contacts as (
    select * from {{ ref('fct_hotline_contacts') }}
),

departments as (
    select * from {{ ref('ref_hotline_menu_options') }}
),

topics as (
    select * from {{ ref('dim_hotline_topic') }}
),

grouped as (
    select
        contact_date,
        month_start,
        menu_option,
        channel,
        topic_code,
        count(*) as contacts,
        sum(case when answered then 1 else 0 end) as answered,
        sum(case when abandoned then 1 else 0 end) as abandoned,
        sum(case when auto_answered then 1 else 0 end) as auto_answered,
        sum(case when answered_by_agent then 1 else 0 end) as answered_by_agent,
        sum(case when resolved_first_contact then 1 else 0 end) as resolved_first_contact,
        sum(case when resolved_automatically then 1 else 0 end) as resolved_automatically,
        sum(case when contact_type = 'complaint' then 1 else 0 end) as complaints,
        sum(case when answered then wait_seconds else 0 end) as wait_seconds_answered,
        sum(case when abandoned then wait_seconds else 0 end) as wait_seconds_abandoned,
        sum(coalesce(handle_seconds, 0)) as handle_seconds
    from contacts
    group by contact_date, month_start, menu_option, channel, topic_code
)

select
    grouped.contact_date,
    grouped.month_start,
    grouped.menu_option,
    cast(departments.department_code as {{ dbt.type_string() }}) as department_code,
    cast(departments.department_name_th as {{ dbt.type_string() }}) as department_name_th,
    cast(departments.department_name_en as {{ dbt.type_string() }}) as department_name_en,
    grouped.channel,
    cast(case grouped.channel
        when 'phone' then 'โทรศัพท์'
        when 'line' then 'ไลน์ (LINE)'
        when 'web' then 'เว็บไซต์'
    end as {{ dbt.type_string() }}) as channel_name_th,
    cast(case grouped.channel
        when 'phone' then 'Phone'
        when 'line' then 'LINE'
        when 'web' then 'Web'
    end as {{ dbt.type_string() }}) as channel_name_en,
    grouped.topic_code,
    topics.topic_name_th,
    topics.topic_name_en,
    cast(grouped.contacts as bigint) as contacts,
    cast(grouped.answered as bigint) as answered,
    cast(grouped.abandoned as bigint) as abandoned,
    cast(grouped.auto_answered as bigint) as auto_answered,
    cast(grouped.answered_by_agent as bigint) as answered_by_agent,
    cast(grouped.resolved_first_contact as bigint) as resolved_first_contact,
    cast(grouped.resolved_automatically as bigint) as resolved_automatically,
    cast(grouped.complaints as bigint) as complaints,
    cast(grouped.wait_seconds_answered as bigint) as wait_seconds_answered,
    cast(grouped.wait_seconds_abandoned as bigint) as wait_seconds_abandoned,
    cast(grouped.handle_seconds as bigint) as handle_seconds,
    cast(1.0 * grouped.answered / grouped.contacts as decimal(9, 4)) as answer_rate,
    cast(1.0 * grouped.abandoned / grouped.contacts as decimal(9, 4)) as abandonment_rate,
    cast(
        1.0 * grouped.wait_seconds_answered / nullif(grouped.answered, 0) as decimal(12, 1)
    ) as avg_wait_seconds,
    cast(
        1.0 * grouped.resolved_first_contact / nullif(grouped.answered, 0) as decimal(9, 4)
    ) as first_contact_resolution_rate,
    cast(
        1.0 * grouped.resolved_automatically / nullif(grouped.answered, 0) as decimal(9, 4)
    ) as automated_resolution_rate
from grouped
left join departments
    on grouped.menu_option = departments.menu_option
left join topics
    on grouped.topic_code = topics.topic_code
