-- LFS table 2 splits table 1: per province and quarter, employed + unemployed + seasonally
-- inactive = table 1's total labour force, and table 1's informal workforce fits within the
-- employed (contracts §1.14). A quarter with only one of the two workbooks is not compared.
select
    status.year_ce,
    status.quarter,
    status.province_code
from {{ ref('stg_nso_lfs__labour_status') }} as status
inner join {{ ref('stg_nso_lfs__labour_force') }} as labour_force
    on
        status.year_ce = labour_force.year_ce
        and status.quarter = labour_force.quarter
        and status.province_code = labour_force.province_code
where
    status.employed + status.unemployed + status.seasonally_inactive <> labour_force.labour_force
    or labour_force.informal_workforce > status.employed
