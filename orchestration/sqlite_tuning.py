"""Dagster's local SQLite storage, tuned for a pipeline that records ~1,000 events a run.

Dagster's SQLite event log opens a connection and commits once per event (its SQLite storage
has no batch write), and each commit in SQLite's default rollback-journal mode costs several
fsyncs: on this project's 2-core machines the ~760 "check planned" events of one warehouse
refresh took ~47 s before the run even started. Write-ahead logging with `synchronous=NORMAL`
is SQLite's documented setting for this case: one fsync per checkpoint instead of per commit,
and the database cannot be corrupted by a crash (a power loss may drop the last few events,
never the file). Only databases under $DAGSTER_HOME are touched.
"""

from __future__ import annotations

import os
import sqlite3

from sqlalchemy import event
from sqlalchemy.pool import Pool

_installed = False


def _under_dagster_home(conn: sqlite3.Connection) -> bool:
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        return False
    for _, name, path in conn.execute("pragma database_list"):
        if name == "main" and path and os.path.realpath(path).startswith(os.path.realpath(home)):
            return True
    return False


def _tune(dbapi_conn, _record) -> None:
    if isinstance(dbapi_conn, sqlite3.Connection) and _under_dagster_home(dbapi_conn):
        dbapi_conn.execute("pragma journal_mode=wal")
        dbapi_conn.execute("pragma synchronous=normal")


def install() -> None:
    """Tune every SQLite connection Dagster opens from now on in this process (idempotent)."""
    global _installed
    if not _installed:
        event.listen(Pool, "connect", _tune)
        _installed = True
