"""Small HTTP JSON APIs that serve records as a department's API would, for the simulated
API-served sources and for the connector tests. Standard library and polars only; no reader
code is shared.

Both answer pages ``{"data": [...], "page": N, "links": {"next": url|null}}`` of records sorted
by ``(updated_at, id)``, filtered by ``updated_since`` (inclusive: ``updated_at >= since``, as
such APIs filter), ``page_size`` records a page, ``page=N`` (offset paging) or none (then a
keyset client asks again with ``updated_since`` = the last value it saw). To exercise the
connectors they inject failures: the first ``fail_first`` requests answer 503, every answer can
be slow (``delay`` seconds), and chosen pages can be broken for good (``broken={2: "error"}``,
see :data:`BROKEN_PAGES`).

* :class:`SimulatedApi`: records given in memory (``api.add(...)`` while it runs), served at
  ``/api/v1/trainees``; the connector tests use it.
* :class:`StoreApi`: a simulated source system's **file store** as ``labour generate`` writes it
  (one JSON object per line, e.g. ``data/sources/sso_hotline/_api/contacts.jsonl``; folders
  starting with ``_`` hold no deliveries), served at its route (:data:`SIMULATED_APIS`, one
  entry per store: the hotline's contacts, the Department of Employment's job seekers,
  vacancies and placements, each on its own port); read
  again when the file changes, binary search on the cursor, so a national year is served
  without a scan per page.

For ``labour run`` / ``make up``: :func:`serve_simulated_apis` starts, in a background thread,
a :class:`StoreApi` for every simulated store present whose URL variable (the spec's
``url_env``) is unset, and sets the variable; ``python -m ingestion.simulator.http_api`` serves
them in the foreground (for a separate Dagster process).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import polars as pl

#: how a page can be broken: what the API answers instead of the page
BROKEN_PAGES = {
    "error": "HTTP 500 every time",
    "html": "200 with an HTML error page",
    "no_records": "200 with JSON that has no `data` list",
    "not_objects": "200 with `data` a list of strings",
    "not_utf8": "200 with a body in Windows-874",
    "cut_off": "200 whose body stops before its Content-Length",
    "record_without_id": "200, but the page's first record has no id field",
    "bad_timestamp": "200, but the page's first record has a Thai-style BE timestamp",
    "bad_utf8_text": "200, but one Thai letter of the first record's text is cut to 2 bytes",
}
#: a Thai-style timestamp with a Buddhist-Era year, as a clerk would type it
BAD_TIMESTAMP = "31/01/2567 08:00"


@dataclass(frozen=True)
class SimulatedStore:
    """A simulated source system served as an API: its file store under ``data/sources``,
    its route, the environment variable its spec reads the URL from, and its record id."""

    store: str
    route: str
    url_env: str
    id_field: str
    #: fields the ``bad_timestamp`` fault breaks (not the cursor: see StoreApi)
    timestamp_fields: tuple[str, ...] = ()
    #: the free-text field the ``bad_utf8_text`` fault breaks
    text_field: str | None = None


SIMULATED_APIS: dict[str, SimulatedStore] = {
    "sso_hotline": SimulatedStore(
        store="sso_hotline/_api/contacts.jsonl",
        route="/api/v1/hotline/contacts",
        url_env="SSO_HOTLINE_API_URL",
        id_field="contact_id",
        timestamp_fields=("contact_at",),
        text_field="issue_text",
    ),
    # Department of Employment: its job-matching system's three record types (mol_doe.py)
    **{
        f"mol_doe/{entity}": SimulatedStore(
            store=f"mol_doe/_api/{entity}.jsonl",
            route=f"/api/v1/doe/{entity}",
            url_env=f"MOL_DOE_{entity.upper()}_API_URL",
            id_field=id_field,
            timestamp_fields=("updated_at",),
        )
        for entity, id_field in (
            ("job_seekers", "seeker_id"),
            ("vacancies", "vacancy_id"),
            ("placements", "placement_id"),
        )
    },
}


class _Server:
    """The HTTP server, the fault injection and the page format both APIs share."""

    route = "/"
    id_field = "id"
    timestamp_fields: tuple[str, ...] = ("updated_at",)
    text_field: str | None = None

    def __init__(
        self,
        *,
        fail_first: int = 0,
        delay: float = 0.0,
        broken: dict[int, str] | None = None,
        port: int = 0,
    ) -> None:
        self.fail_first = fail_first
        self.delay = delay
        self.broken = dict(broken or {})
        unknown = set(self.broken.values()) - set(BROKEN_PAGES)
        if unknown:
            raise ValueError(f"unknown page faults {unknown}; known: {', '.join(BROKEN_PAGES)}")
        self.requests: list[str] = []
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                api._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{self.route}"

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _select(
        self, since: str | None, page: int | None, size: int
    ) -> tuple[list[dict[str, Any]], bool]:
        """The page's records and whether more follow (subclasses)."""
        raise NotImplementedError

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.requests.append(h.path)
            failing = len(self.requests) <= self.fail_first
        if self.delay:
            time.sleep(self.delay)
        if failing:
            h.send_response(503)
            h.send_header("Retry-After", "0")
            h.end_headers()
            return
        parts = urllib.parse.urlsplit(h.path)
        if parts.path != self.route:
            h.send_response(404)
            h.end_headers()
            return
        q = dict(urllib.parse.parse_qsl(parts.query))
        size = int(q.get("page_size", 100))
        page = int(q.get("page", 1))
        chunk, more = self._select(q.get("updated_since"), page if "page" in q else None, size)
        nxt = dict(q, page=str(page + 1)) if more else None
        body = {
            "data": chunk,
            "page": page,
            "links": {"next": f"{parts.path}?{urllib.parse.urlencode(nxt)}" if nxt else None},
        }
        self._answer(h, body, chunk, self.broken.get(self._page_number(q)))

    def _page_number(self, query: dict[str, str]) -> int:
        """Which page ``broken`` counts this answer as: the ``page`` parameter (default 1)."""
        return int(query.get("page", 1))

    def _answer(
        self, h: BaseHTTPRequestHandler, body: dict, chunk: list[dict], fault: str | None
    ) -> None:
        if fault == "error":
            h.send_response(500)
            h.end_headers()
            return
        if chunk and fault in ("record_without_id", "bad_timestamp", "bad_utf8_text"):
            first = dict(chunk[0])
            if fault == "record_without_id":
                first.pop(self.id_field, None)
            elif fault == "bad_timestamp":
                first.update({f: BAD_TIMESTAMP for f in self.timestamp_fields})
            body = {**body, "data": [first, *chunk[1:]]}
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        if fault == "bad_utf8_text" and chunk and self.text_field and chunk[0].get(self.text_field):
            text = json.dumps(chunk[0][self.text_field], ensure_ascii=False).encode("utf-8")
            at = data.index(text)
            thai = next(i for i in range(at, at + len(text)) if data[i] == 0xE0)
            data = data[:thai] + data[thai : thai + 2] + data[thai + 3 :]  # 3-byte letter cut
        length = len(data)
        if fault == "html":
            data = b"<html><body>Service temporarily unavailable</body></html>"
            length = len(data)
        elif fault == "no_records":
            data = json.dumps({"page": body["page"], "message": "ok"}).encode()
            length = len(data)
        elif fault == "not_objects":
            data = json.dumps({"data": [str(r.get(self.id_field)) for r in chunk]}).encode()
            length = len(data)
        elif fault == "not_utf8":
            data = json.dumps(body, ensure_ascii=False).encode("cp874", errors="replace")
            length = len(data)
        elif fault == "cut_off":
            length, data = len(data), data[: len(data) // 2]
        h.send_response(200)
        h.send_header("Content-Type", "application/json; charset=utf-8")
        h.send_header("Content-Length", str(length))
        h.end_headers()
        # the client may have given up (a timeout test)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            h.wfile.write(data)


class SimulatedApi(_Server):
    """Records given in memory, served at ``/api/v1/trainees`` (the connector tests)."""

    route = "/api/v1/trainees"

    def __init__(self, records: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.records = list(records)

    def add(self, *records: dict[str, Any]) -> None:
        with self._lock:
            self.records.extend(records)

    def _select(
        self, since: str | None, page: int | None, size: int
    ) -> tuple[list[dict[str, Any]], bool]:
        with self._lock:
            records = list(self.records)
        if since:
            records = [r for r in records if r["updated_at"] >= since]
        records.sort(key=lambda r: (r["updated_at"], r.get("id") is None, r.get("id") or 0))
        page = page or 1
        return records[(page - 1) * size : page * size], page * size < len(records)


class StoreApi(_Server):
    """A simulated source system's JSON-lines file store, served at its route.

    The store is read (and sorted by cursor and id) when first asked and again whenever the
    file changes (``labour generate`` rewrites it). The cursor field must be an ISO 8601 text
    with one fixed offset, so that text order is time order (the simulator writes +07:00)."""

    def __init__(
        self,
        store: Path | str,
        system: SimulatedStore,
        *,
        cursor_field: str = "updated_at",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.store = Path(store)
        self.route = system.route
        self.id_field = system.id_field
        self.timestamp_fields = system.timestamp_fields
        self.text_field = system.text_field
        self.cursor_field = cursor_field
        self._loaded: tuple[float, int] | None = None
        self._pages: dict[str, int] = {}  # keyset pages in the order first asked for
        self._frame = pl.DataFrame()

    def _page_number(self, query: dict[str, str]) -> int:
        """Keyset paging has no page numbers: the n-th distinct page asked for (a retry of a
        page is the same page, so a broken page stays broken)."""
        if "page" in query:
            return int(query["page"])
        key = urllib.parse.urlencode(sorted(query.items()))
        with self._lock:
            return self._pages.setdefault(key, len(self._pages) + 1)

    def _records(self) -> pl.DataFrame:
        stat = self.store.stat()
        with self._lock:
            if self._loaded != (stat.st_mtime, stat.st_size):
                empty = {self.cursor_field: pl.String, self.id_field: pl.String}
                frame = (
                    pl.read_ndjson(self.store, infer_schema_length=None)
                    if stat.st_size
                    else pl.DataFrame(schema=empty)
                )
                self._frame = frame.sort(self.cursor_field, self.id_field)
                self._loaded = (stat.st_mtime, stat.st_size)
            return self._frame

    def _select(
        self, since: str | None, page: int | None, size: int
    ) -> tuple[list[dict[str, Any]], bool]:
        frame = self._records()
        start = 0
        if since:
            cursor = frame.get_column(self.cursor_field)
            start = int(cursor.search_sorted(since, side="left"))
        start += ((page or 1) - 1) * size
        chunk = frame.slice(start, size)
        return chunk.to_dicts(), start + size < frame.height


def serve_background(data_root: Path | str, system: str = "sso_hotline", port: int = 0) -> str:
    """Serve the simulated store ``system`` (a key of :data:`SIMULATED_APIS`) under
    ``data_root/sources`` from a background thread of this process (it ends with the
    process); return its URL."""
    spec = SIMULATED_APIS[system]
    api = StoreApi(Path(data_root) / "sources" / spec.store, spec, port=port)
    api.start()
    _RUNNING.append(api)
    return api.url


_RUNNING: list[StoreApi] = []


def serve_simulated_apis(
    sources: Path | str, start: Callable[[Path, str], str] | None = None
) -> dict[str, str]:
    """For every simulated API-served source whose store exists under ``sources``
    (``data/sources``) and whose URL variable is unset: serve it in the background and set the
    variable. Returns ``{variable: url}`` of what it started (nothing when real URLs are set or
    nothing was simulated)."""
    started: dict[str, str] = {}
    for system, spec in SIMULATED_APIS.items():
        if os.environ.get(spec.url_env) or not (Path(sources) / spec.store).is_file():
            continue
        url = (start or _start_in_thread)(Path(sources).parent, system)
        os.environ[spec.url_env] = url
        started[spec.url_env] = url
    return started


def _start_in_thread(data_root: Path, system: str) -> str:
    return serve_background(data_root, system)


def main() -> None:
    """``python -m ingestion.simulator.http_api [--data DIR] [--port N]``: serve every
    simulated store in the foreground and print the variables to export."""
    # stopped with SIGTERM by `labour down`, whatever the disposition its parent passed on
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    ap = argparse.ArgumentParser(prog="python -m ingestion.simulator.http_api")
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("LABOUR_DATA_DIR", "data")))
    ap.add_argument("--port", type=int, default=0, help="first port (0: any free port)")
    a = ap.parse_args()
    for i, (system, spec) in enumerate(SIMULATED_APIS.items()):
        url = serve_background(a.data, system, port=a.port + i if a.port else 0)
        print(f"{spec.url_env}={url}", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        threading.Event().wait()


if __name__ == "__main__":
    main()
