"""Stand-ins for dbt's cross-database macros (``dbt.date_trunc`` …), for sqlfluff's jinja templater.

sqlfluff lints the models without dbt (the dbt templater is not installed): these render each
macro to the SQL that dbt-duckdb produces, so the linted SQL has the real shape. Not used by dbt.
"""


def type_string():
    return "varchar"


def date_trunc(datepart, date):
    return f"date_trunc('{datepart}', {date})"


def dateadd(datepart, interval, from_date_or_timestamp):
    return f"date_add({from_date_or_timestamp}, interval ({interval}) {datepart})"


def datediff(first_date, second_date, datepart):
    return f"date_diff('{datepart}', {first_date}, {second_date})"


def hash(field):  # the dbt macro's name
    return f"md5(cast({field} as varchar))"


def concat(fields):
    return " || ".join(fields)


def listagg(measure, delimiter_text="','", order_by_clause=None, limit_num=None):
    order = f" {order_by_clause}" if order_by_clause else ""
    return f"string_agg({measure}, {delimiter_text}{order})"
