"""Connectors beyond file drops: an HTTP JSON API reader and a SQL-database reader.

A connector *pulls* (:func:`pull`; in Dagster the asset ``["sources", <system>, <entity>]``,
orchestration/defs/connectors): it fetches the records at or after its incremental cursor,
keeps those it has not pulled yet, writes them as a JSON-lines drop
``data/sources/<system>/<entity>/<entity>_<YYYYMM>_<stamp>.jsonl`` (a raw drop, never
modified; ``YYYYMM`` and the stamp are the **Asia/Bangkok** date and time of the pull, and
``YYYYMM`` is the lake partition the drop lands in), then saves the cursor state in
``data/state/connectors/<system>/<entity>.json``. Landing reads the drops with the spec
(:class:`ingestion.sources._csv_spec.SpecJsonlReader`, strict JSON lines), so quarantine,
manifests, conservation and idempotency are the same as for files.

The cursor rule, the saved state and where duplicates go: :mod:`ingestion.connectors.cursor`
and :mod:`ingestion.connectors.extract`. Declared in the source spec::

    reader:
      kind: http_json
      options:
        url: https://api.example.go.th/v1/trainees   # or url_env: an environment variable
        records: data                 # where the list of records is in a page
        paging: {style: keyset, size_param: page_size, size: 500}
        #        {style: page, page_param: page, size_param: page_size, size: 500}
        #        {style: next, next: links.next}  — the page names the next page's URL
        cursor: {field: updated_at, param: updated_since}   # the API filters >= (inclusive)
        id: {field: trainee_id}       # the record's id: de-duplication at the cursor
        timeout: 10                   # seconds per request
        retries: 4                    # with exponential back-off (0.5 s, 1 s, 2 s …)

    reader:
      kind: sql
      options:
        dsn_env: MOL_DB_DSN           # a PostgreSQL connection string, from the environment
        query: select id, province, updated_at from training.trainees
        cursor: {column: updated_at}  # incremental: rows with updated_at >= the last value
        id: {column: id}              # or {columns: [a, b]} for a composite key
        drop_records: 100000          # records per drop (a long pull saves its progress)

Every failure is a :class:`ConnectorError` naming the source and what was wrong; the cursor
does not move past anything not written.
"""

from ingestion.connectors.errors import ConnectorError
from ingestion.connectors.extract import PullResult, connector_parser, current_state, pull
from ingestion.connectors.options import CONNECTOR_KINDS, connector_options

__all__ = [
    "CONNECTOR_KINDS",
    "ConnectorError",
    "PullResult",
    "connector_options",
    "connector_parser",
    "current_state",
    "pull",
]
