"""A small HTTP JSON API that serves records as a department's API would: pages
(``?page=N&page_size=M`` → ``{"data": [...], "page": N, "links": {"next": url|null}}``), an
``updated_since`` filter (inclusive: ``updated_at >= since``, as such APIs filter), sorted by
``(updated_at, id)``, and, to exercise the connectors, injected failures: the first
``fail_first`` requests answer 503, every answer can be slow (``delay`` seconds), and chosen
pages can be broken for good (``broken={2: "error"}``, see :data:`BROKEN_PAGES`). Records can
be added while it runs (``api.add(...)``). Standard library only; no reader code is shared."""

from __future__ import annotations

import contextlib
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

#: how a page can be broken: what the API answers instead of the page
BROKEN_PAGES = {
    "error": "HTTP 500 every time",
    "html": "200 with an HTML error page",
    "no_records": "200 with JSON that has no `data` list",
    "not_objects": "200 with `data` a list of strings",
    "not_utf8": "200 with a body in Windows-874",
    "cut_off": "200 whose body stops before its Content-Length",
}


class SimulatedApi:
    def __init__(
        self,
        records: list[dict[str, Any]],
        *,
        fail_first: int = 0,
        delay: float = 0.0,
        broken: dict[int, str] | None = None,
    ) -> None:
        self.records = list(records)
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

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/v1/trainees"

    def add(self, *records: dict[str, Any]) -> None:
        with self._lock:
            self.records.extend(records)

    def __enter__(self) -> SimulatedApi:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.requests.append(h.path)
            failing = len(self.requests) <= self.fail_first
            records = list(self.records)
        if self.delay:
            time.sleep(self.delay)
        if failing:
            h.send_response(503)
            h.send_header("Retry-After", "0")
            h.end_headers()
            return
        parts = urllib.parse.urlsplit(h.path)
        if parts.path != "/api/v1/trainees":
            h.send_response(404)
            h.end_headers()
            return
        q = dict(urllib.parse.parse_qsl(parts.query))
        since = q.get("updated_since")
        if since:
            records = [r for r in records if r["updated_at"] >= since]
        records.sort(key=lambda r: (r["updated_at"], r.get("id") is None, r.get("id") or 0))
        size = int(q.get("page_size", 100))
        page = int(q.get("page", 1))
        chunk = records[(page - 1) * size : page * size]
        more = page * size < len(records)
        nxt = dict(q, page=str(page + 1)) if more else None
        body = {
            "data": chunk,
            "page": page,
            "links": {"next": f"{parts.path}?{urllib.parse.urlencode(nxt)}" if nxt else None},
        }
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        fault = self.broken.get(page)
        if fault == "error":
            h.send_response(500)
            h.end_headers()
            return
        length = len(data)
        if fault == "html":
            data = b"<html><body>Service temporarily unavailable</body></html>"
            length = len(data)
        elif fault == "no_records":
            data = json.dumps({"page": page, "message": "ok"}).encode()
            length = len(data)
        elif fault == "not_objects":
            data = json.dumps({"data": [str(r["id"]) for r in chunk]}).encode()
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
