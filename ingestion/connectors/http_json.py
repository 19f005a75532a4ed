"""Read records from an HTTP JSON API: pagination, retries with exponential back-off, timeouts,
and an incremental cursor (only records whose cursor field is above the last value seen)."""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from typing import Any

RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


class ConnectorError(RuntimeError):
    """A source that cannot be read (after the retries); the message names the URL."""


def _dig(payload: Any, path: str | None) -> Any:
    if not path:
        return payload
    for part in path.split("."):
        payload = payload.get(part) if isinstance(payload, Mapping) else None
    return payload


def get_json(
    url: str, *, timeout: float = 10.0, retries: int = 4, backoff: float = 0.5, sleep=time.sleep
) -> Any:
    """GET `url` as JSON; retries timeouts, connection errors and 408/425/429/5xx with
    exponential back-off (honouring Retry-After), fails at once on other 4xx."""
    last: Exception | None = None
    for attempt in range(retries + 1):
        try:
            req = urllib.request.Request(url, headers={"Accept": "application/json"})
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                return json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            if exc.code not in RETRY_STATUS:
                raise ConnectorError(f"GET {url}: HTTP {exc.code} {exc.reason}") from exc
            last = exc
            wait = exc.headers.get("Retry-After") if exc.headers else None
            delay = float(wait) if wait and wait.isdigit() else backoff * 2**attempt
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            last = exc
            delay = backoff * 2**attempt
        except json.JSONDecodeError as exc:
            raise ConnectorError(f"GET {url}: the response is not JSON: {exc}") from exc
        if attempt < retries:
            sleep(delay)
    raise ConnectorError(f"GET {url}: failed after {retries + 1} attempts: {last}")


def _with_params(url: str, params: Mapping[str, Any]) -> str:
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query.update({k: str(v) for k, v in params.items() if v is not None})
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def fetch_records(
    options: Mapping[str, Any], cursor: Any = None, *, sleep=time.sleep
) -> Iterator[dict[str, Any]]:
    """Every record after `cursor`, page by page (see ingestion.connectors for the options)."""
    url = options.get("url") or os.environ.get(options.get("url_env", ""), "")
    if not url:
        raise ConnectorError(f"no url: set reader.options.url or ${options.get('url_env')}")
    paging = dict(options.get("paging") or {"style": "none"})
    cur = dict(options.get("cursor") or {})
    kw = {
        "timeout": float(options.get("timeout", 10)),
        "retries": int(options.get("retries", 4)),
        "backoff": float(options.get("backoff", 0.5)),
        "sleep": sleep,
    }
    params: dict[str, Any] = {}
    if cur.get("param") and cursor is not None:
        params[cur["param"]] = cursor
    style = paging.get("style", "none")
    size = paging.get("size")
    if style == "page":
        page = int(paging.get("first", 1))
        if size and paging.get("size_param"):
            params[paging["size_param"]] = size
        while True:
            payload = get_json(_with_params(url, {**params, paging["page_param"]: page}), **kw)
            records = _dig(payload, options.get("records")) or []
            yield from _after(records, cur.get("field"), cursor)
            if not records or (size and len(records) < int(size)):
                return
            page += 1
    next_url: str | None = _with_params(url, params)
    while next_url:
        payload = get_json(next_url, **kw)
        yield from _after(_dig(payload, options.get("records")) or [], cur.get("field"), cursor)
        nxt = _dig(payload, paging.get("next")) if style == "next" else None
        next_url = urllib.parse.urljoin(next_url, nxt) if nxt else None


def _after(records: list, field: str | None, cursor: Any) -> Iterator[dict[str, Any]]:
    """Only the records past the cursor (an API may ignore the cursor parameter)."""
    for r in records:
        if not isinstance(r, dict):
            raise ConnectorError(f"a record is not a JSON object: {str(r)[:80]}")
        if field and cursor is not None and r.get(field) is not None and r[field] <= cursor:
            continue
        yield r
