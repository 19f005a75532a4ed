-- Guideline 3 (hotline 1506), rising topics: one row per month x topic (the classifier's ten
-- topics, dense), the month's contacts against the average of the (up to) three months before
-- it that the data covers, and each topic's rank by the increase within its month (1 = rose
-- most). The headline is is_latest_month; earlier months show how a topic rose over time.
with monthly as (
    select
        month_start,
        topic_code,
        sum(contacts) as contacts
    from {{ ref('mart_hotline__daily') }}
    group by month_start, topic_code
),

months as (
    select distinct month_start from monthly
),

latest as (
    select max(month_start) as latest_month from months
),

topics as (
    select * from {{ ref('dim_hotline_topic') }}
    where is_classifier_topic
),

grid as (
    select
        months.month_start,
        topics.topic_code,
        topics.topic_name_th,
        topics.topic_name_en,
        topics.sort_order,
        coalesce(monthly.contacts, 0) as contacts
    from months
    cross join topics
    left join monthly
        on
            months.month_start = monthly.month_start
            and topics.topic_code = monthly.topic_code
),

month_totals as (
    select
        month_start,
        sum(contacts) as month_contacts
    from grid
    group by month_start
),

previous as (
    select
        current_month.month_start,
        current_month.topic_code,
        count(earlier.month_start) as months_compared,
        avg(1.0 * earlier.contacts) as previous_avg_contacts
    from grid as current_month
    left join grid as earlier
        on
            current_month.topic_code = earlier.topic_code
            and current_month.month_start > earlier.month_start
            and {{ add_months('current_month.month_start', -3) }} <= earlier.month_start
    group by current_month.month_start, current_month.topic_code
),

compared as (
    select
        grid.month_start,
        grid.topic_code,
        grid.topic_name_th,
        grid.topic_name_en,
        grid.sort_order,
        grid.contacts,
        month_totals.month_contacts,
        previous.months_compared,
        previous.previous_avg_contacts,
        case
            when previous.months_compared > 0
                then grid.contacts - previous.previous_avg_contacts
        end as change_contacts
    from grid
    inner join month_totals
        on grid.month_start = month_totals.month_start
    inner join previous
        on
            grid.month_start = previous.month_start
            and grid.topic_code = previous.topic_code
),

calendar as (
    select * from {{ ref('dim_date') }}
)

select
    compared.month_start,
    calendar.month_key,
    calendar.month_label_th,
    calendar.month_label_en,
    compared.month_start = latest.latest_month as is_latest_month,
    cast(compared.topic_code as {{ dbt.type_string() }}) as topic_code,
    compared.topic_name_th,
    compared.topic_name_en,
    cast(compared.contacts as bigint) as contacts,
    cast(1.0 * compared.contacts / nullif(compared.month_contacts, 0) as decimal(9, 4)) as share_of_month,
    cast(compared.months_compared as integer) as months_compared,
    cast(compared.previous_avg_contacts as decimal(18, 2)) as previous_avg_contacts,
    cast(compared.change_contacts as decimal(18, 2)) as change_contacts,
    cast(compared.change_contacts / nullif(compared.previous_avg_contacts, 0) as decimal(12, 4)) as change_ratio,
    case
        when compared.change_contacts is not null
            then cast(
                    row_number() over (
                        partition by compared.month_start, compared.change_contacts is null
                        order by compared.change_contacts desc, compared.sort_order asc
                    ) as integer
                )
    end as rising_rank
from compared
cross join latest
left join calendar
    on compared.month_start = calendar.date_day
