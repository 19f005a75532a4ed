-- Migrant work permits in force: one row per permit per month, for every month in which the
-- permit is in force on the month's last day (issued by then, not expired, not cancelled by
-- then), as the workbooks delivered up to that month describe it: the first workbook is the
-- stock, each later one the permits issued, renewed or cancelled, and a permit's latest version
-- delivered by the month wins (later month, then later file and row). The holder's Section-33
-- insurance in the month comes from the insured registry (same keyed pseudonym).
with versions as (
    select * from {{ ref('stg_mol_doe__work_permits') }}
),

months as (
    select
        spine.month_start,
        spine.month_end
    from {{ ref('int_month_spine') }} as spine
    where
        spine.month_start >= (select min(versions.partition_month) from versions)
        and spine.month_start <= (select max(versions.partition_month) from versions)
),

as_of as (
    select
        months.month_start,
        months.month_end,
        versions.*,
        row_number() over (
            partition by months.month_start, versions.permit_no
            order by
                versions.partition_month desc,
                versions.source_file desc,
                versions.source_line desc
        ) as version_rank
    from months
    inner join versions on months.month_start >= versions.partition_month
),

insured_s33 as (
    select distinct
        month_start,
        person_key
    from {{ ref('int_insured_spells_monthly') }}
    where section = 33
)

select
    as_of.month_start,
    as_of.permit_no,
    as_of.person_key,
    as_of.id_non_thai,
    as_of.nationality_code,
    as_of.permit_type,
    as_of.province_code,
    as_of.establishment_key,
    as_of.employer_account,
    as_of.branch,
    cast(as_of.employer_account is not null as boolean) as employer_sso_registered,
    as_of.issue_date,
    as_of.expiry_date,
    as_of.record_type,
    cast(insured_s33.person_key is not null as boolean) as holder_s33_insured,
    as_of.partition_month as delivered_month,
    as_of.source_file,
    as_of.source_line,
    as_of.load_id
from as_of
left join insured_s33
    on as_of.month_start = insured_s33.month_start and as_of.person_key = insured_s33.person_key
where
    as_of.version_rank = 1
    and as_of.issue_date <= as_of.month_end
    and as_of.expiry_date >= as_of.month_end
    and (as_of.cancel_date is null or as_of.cancel_date > as_of.month_end)
