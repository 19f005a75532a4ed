-- Guideline 3 (hotline 1506), monthly: one row per month x department (menu option) x channel x
-- topic that had contacts, summed from the daily mart (so the two always agree), with the month's
-- labels. Counts add up over any rows; recompute a rate over several rows as a sum over a sum.
with daily as (
    select * from {{ ref('mart_hotline__daily') }}
),

latest as (
    select max(month_start) as latest_month from daily
),

grouped as (
    select
        month_start,
        menu_option,
        department_code,
        department_name_th,
        department_name_en,
        channel,
        channel_name_th,
        channel_name_en,
        topic_code,
        topic_name_th,
        topic_name_en,
        sum(contacts) as contacts,
        sum(answered) as answered,
        sum(abandoned) as abandoned,
        sum(auto_answered) as auto_answered,
        sum(answered_by_agent) as answered_by_agent,
        sum(resolved_first_contact) as resolved_first_contact,
        sum(resolved_automatically) as resolved_automatically,
        sum(complaints) as complaints,
        sum(wait_seconds_answered) as wait_seconds_answered,
        sum(wait_seconds_abandoned) as wait_seconds_abandoned,
        sum(handle_seconds) as handle_seconds
    from daily
    group by
        month_start, menu_option, department_code, department_name_th, department_name_en,
        channel, channel_name_th, channel_name_en, topic_code, topic_name_th, topic_name_en
),

calendar as (
    select * from {{ ref('dim_date') }}
)

select
    grouped.month_start,
    calendar.month_key,
    calendar.month_label_th,
    calendar.month_label_en,
    calendar.year_ce,
    calendar.year_be,
    calendar.fiscal_year_be,
    grouped.month_start = latest.latest_month as is_latest_month,
    grouped.menu_option,
    grouped.department_code,
    grouped.department_name_th,
    grouped.department_name_en,
    grouped.channel,
    grouped.channel_name_th,
    grouped.channel_name_en,
    grouped.topic_code,
    grouped.topic_name_th,
    grouped.topic_name_en,
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
        1.0 * grouped.handle_seconds / nullif(grouped.answered, 0) as decimal(12, 1)
    ) as avg_handle_seconds,
    cast(
        1.0 * grouped.resolved_first_contact / nullif(grouped.answered, 0) as decimal(9, 4)
    ) as first_contact_resolution_rate,
    cast(
        1.0 * grouped.resolved_automatically / nullif(grouped.answered, 0) as decimal(9, 4)
    ) as automated_resolution_rate
from grouped
cross join latest
left join calendar
    on grouped.month_start = calendar.date_day
