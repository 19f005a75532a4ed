-- Freshness of each source table against its delivery calendar (seed
-- ref_source_delivery_calendar [E: assumed calendars]: a period's delivery is due on `due_day`
-- of the month `due_months_after` months after the period's last month).
--
-- "Now" (as_of_date) is var('governance_as_of') when given (production: the run date), else the
-- data's own clock: the last day of the month after the latest month delivered by any monthly
-- source due a month later, so a demo or test lake is judged against its own deliveries.
with calendar as (
    select * from {{ ref('ref_source_delivery_calendar') }}
),

manifests as (
    select
        source,
        entity,
        {{ partition_month('month') }} as partition_month
    from {{ lake_manifests() }}
),

latest as (
    select
        source,
        entity,
        max(partition_month) as latest_period,
        count(*) as periods_delivered
    from manifests
    group by source, entity
),

clock as (
    {%- if var('governance_as_of', none) %}
        select cast('{{ var("governance_as_of") }}' as date) as as_of_date
    {%- else %}
        select {{ add_days(add_months('max(latest.latest_period)', 2), -1) }} as as_of_date
        from latest
        inner join calendar
            on latest.source = calendar.source and latest.entity = calendar.entity
        where calendar.cadence = 'monthly' and calendar.due_months_after = 1
    {%- endif %}
),

due as (
    -- last_due_month: the latest month whose due day has passed by as_of_date;
    -- due_period_end: the last month of the latest period due by then
    select
        calendar.*,
        clock.as_of_date,
        {{ add_months(
            month_start(add_days('clock.as_of_date', '1 - calendar.due_day')),
            '-1 * calendar.due_months_after'
        ) }} as due_period_end
    from calendar
    cross join clock
),

expected as (
    select
        due.*,
        case
            when due.cadence = 'quarterly'
                -- the quarter (labelled by its first month) that ends at or before due_period_end
                then {{ add_months(
                    'due.due_period_end',
                    '-1 * (cast(extract(month from due.due_period_end) as integer) % 3) - 2'
                ) }}
            else due.due_period_end
        end as expected_period
    from due
)

select
    expected.source || '.' || expected.entity as source_entity_key,
    expected.source,
    expected.entity,
    expected.cadence,
    cast(expected.due_months_after as integer) as due_months_after,
    cast(expected.due_day as integer) as due_day,
    expected.description_th,
    expected.description_en,
    expected.as_of_date,
    expected.expected_period,
    latest.latest_period,
    cast(coalesce(latest.periods_delivered, 0) as integer) as periods_delivered,
    case
        when latest.latest_period is null then 'never_delivered'
        when latest.latest_period >= expected.expected_period then 'on_time'
        else 'late'
    end as freshness_status,
    case
        when latest.latest_period is null then 'ยังไม่เคยส่ง'
        when latest.latest_period >= expected.expected_period then 'ตรงเวลา'
        else 'ล่าช้า'
    end as freshness_status_th,
    case
        when latest.latest_period < expected.expected_period
            then cast(
                    {{ dbt.datediff('latest.latest_period', 'expected.expected_period', 'month') }}
                    as integer
                )
        else 0
    end as months_behind
from expected
left join latest
    on expected.source = latest.source and expected.entity = latest.entity
