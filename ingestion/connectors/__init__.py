"""Connectors beyond file drops: an HTTP JSON API reader and a SQL-database reader.

A connector *pulls*: it fetches the records added since its incremental cursor and writes them
as one JSON-lines drop under ``data/sources/<system>/<entity>/<entity>_<YYYYMM>_<stamp>.jsonl``
(a raw drop, never modified), then saves the cursor. Landing reads those drops with the spec
(:class:`ingestion.sources._csv_spec.SpecJsonlReader`), so quarantine, manifests, conservation
and idempotency are the same as for files. Declared in the source spec::

    reader:
      kind: http_json
      options:
        url: https://api.example.go.th/v1/trainees   # or url_env: an environment variable
        records: data                 # where the list of records is in a page
        paging: {style: page, page_param: page, size_param: page_size, size: 500}
        #        {style: next, next: links.next}  — the page names the next page's URL
        cursor: {field: updated_at, param: updated_since}
        timeout: 10                   # seconds per request
        retries: 4                    # with exponential back-off (0.5 s, 1 s, 2 s …)

    reader:
      kind: sql
      options:
        dsn_env: MOL_DB_DSN           # a PostgreSQL connection string, from the environment
        query: select id, province, updated_at from training.trainees
        cursor: {column: updated_at}  # incremental: rows with updated_at > the last value
"""

from ingestion.connectors.extract import PullResult, connector_parser, pull

__all__ = ["PullResult", "connector_parser", "pull"]
