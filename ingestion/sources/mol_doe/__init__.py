"""Department of Employment (กรมการจัดหางาน, MOL): job seekers, vacancies and placements pulled
from its JSON API by the connectors (no Python: the spec), and the monthly migrant work-permit
workbook (:mod:`.work_permits`). Contracts §1.9."""
