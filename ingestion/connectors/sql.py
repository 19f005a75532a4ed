"""Read records from a SQL database (PostgreSQL), read-only, by query, incremental on a column.

The query runs in a READ ONLY transaction (a write fails in the database), wrapped as::

    select * from (<query>) as q
    where q.<cursor> >= %(cursor)s or q.<cursor> is null
    order by q.<cursor> nulls first

``>=``, not ``>``: rows at the last cursor value come back and are de-duplicated by id
(:mod:`ingestion.connectors.cursor`), so a row committed later with the same timestamp is not
skipped. Rows whose cursor is null are selected too, so that the pull fails loudly on them
(it cannot place them) instead of skipping them for ever. The rows are streamed with a
server-side cursor in batches, so a large table never sits in memory; one statement sees one
snapshot of the database."""

from __future__ import annotations

import datetime as dt
import decimal
import os
from collections.abc import Iterator, Mapping
from typing import Any

from ingestion.connectors.errors import ConnectorError


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def fetch_rows(options: Mapping[str, Any], cursor: Any = None) -> Iterator[dict[str, Any]]:
    import psycopg
    from psycopg import sql

    dsn = options.get("dsn") or os.environ.get(options.get("dsn_env", ""), "")
    if not dsn:
        raise ConnectorError(f"no database: set reader.options.dsn_env (${options.get('dsn_env')})")
    query = str(options["query"]).strip().rstrip(";")
    column = (options.get("cursor") or {}).get("column") or (options.get("cursor") or {}).get(
        "field"
    )
    inner = sql.SQL(query)  # the spec's own query, written by the data engineer
    if column:
        ident = sql.Identifier("q", column)
        stmt = sql.SQL("select * from ({}) as q").format(inner)
        if cursor is not None:
            stmt = sql.SQL("{} where {} >= %(cursor)s or {} is null").format(stmt, ident, ident)
        stmt = sql.SQL("{} order by {} nulls first").format(stmt, ident)
    else:
        stmt = inner
    timeout_ms = int(float(options.get("timeout", 60)) * 1000)
    try:
        with psycopg.connect(
            dsn,
            connect_timeout=int(options.get("connect_timeout", 10)),
            options=f"-c statement_timeout={timeout_ms} -c default_transaction_read_only=on",
        ) as conn:
            conn.read_only = True
            with conn.transaction(), conn.cursor(name="labour_pull") as cur:
                cur.itersize = int(options.get("batch_rows", 10_000))
                cur.execute(stmt, {"cursor": cursor} if cursor is not None else None)
                names = [d.name for d in cur.description]
                for row in cur:
                    yield {n: _plain(v) for n, v in zip(names, row, strict=True)}
    except psycopg.Error as exc:
        raise ConnectorError(f"{options.get('dsn_env') or 'database'}: {exc}".strip()) from exc
