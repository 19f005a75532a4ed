"""Read records from an HTTP JSON API: pagination, retries with exponential back-off, timeouts.

Every failure ends in a :class:`ConnectorError` that names the URL and what was wrong: an
answer that is an HTTP error after the retries, no answer within the timeout, a body that is
not UTF-8 JSON, a page without its list of records, a record that is not a JSON object, or
paging that goes round in circles. The records are only yielded here; the caller
(:func:`ingestion.connectors.extract.pull`) writes nothing until the last page has been read,
so a failure on any page leaves no drop and the cursor where it was.

Paging styles (``paging.style``):

* ``page``: ``?page=N&page_size=M`` until a page shorter than ``size`` (or empty). Offsets
  shift if records change while the pull runs; prefer ``keyset`` when the API allows it.
* ``keyset``: ``?<cursor param>=<highest value so far>&page_size=M``: each page starts at the
  cursor value the previous one ended with (the API must filter ``>=`` and sort by the
  cursor field); stable while records change.
* ``next``: the page names the next page's URL (``next: links.next``).
* ``none``: one request.

The cursor parameter must be inclusive (``updated_since`` = ``>=``): the records at the cursor
come back and are de-duplicated by id (:mod:`ingestion.connectors.cursor`).
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from typing import Any

from ingestion.connectors.errors import ConnectorError
from ingestion.readers.jsonl import BOM

RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}
PAGING_STYLES = ("none", "page", "keyset", "next")

__all__ = ["RETRY_STATUS", "ConnectorError", "fetch_records", "get_json"]


def _dig(payload: Any, path: str | None) -> tuple[bool, Any]:
    """(found, value) at the dotted ``path`` of ``payload``."""
    if not path:
        return True, payload
    for part in path.split("."):
        if not isinstance(payload, Mapping) or part not in payload:
            return False, None
        payload = payload[part]
    return True, payload


def _decode(url: str, body: bytes, content_type: str) -> Any:
    """The answer as JSON (UTF-8, strictly; a leading byte-order mark is only a mark)."""
    try:
        text = body.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConnectorError(
            f"GET {url}: the answer is not UTF-8 (byte 0x{body[exc.start]:02X} at byte "
            f"{exc.start + 1}; Content-Type {content_type or 'not given'})"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConnectorError(
            f"GET {url}: the answer is not JSON ({exc.msg.removesuffix(' at')} at character "
            f"{exc.pos + 1}; Content-Type {content_type or 'not given'}, {len(body)} bytes)"
        ) from None


def get_json(
    url: str, *, timeout: float = 10.0, retries: int = 4, backoff: float = 0.5, sleep=time.sleep
) -> Any:
    """GET ``url`` as JSON. Retries timeouts, broken connections and 408/425/429/5xx with
    exponential back-off (honouring Retry-After); fails at once on other 4xx and on an answer
    that is not JSON (a broken page does not mend by asking again)."""
    problem = ""
    for attempt in range(retries + 1):
        delay = backoff * 2**attempt
        try:
            req = urllib.request.Request(url, headers={"Accept": "application/json"})
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                body = resp.read()  # may time out or end early: caught below
                content_type = resp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            if exc.code not in RETRY_STATUS:
                raise ConnectorError(f"GET {url}: HTTP {exc.code} {exc.reason}") from None
            problem = f"HTTP {exc.code} {exc.reason}"
            wait = exc.headers.get("Retry-After") if exc.headers else None
            delay = float(wait) if wait and wait.isdigit() else delay
        except TimeoutError:
            problem = f"no answer within the timeout of {timeout:g} s"
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, TimeoutError):
                problem = f"no answer within the timeout of {timeout:g} s"
            else:
                problem = f"cannot connect ({exc.reason})"
        except http.client.IncompleteRead as exc:
            problem = f"the answer was cut off ({len(exc.partial)} bytes received)"
        except (ConnectionError, http.client.HTTPException) as exc:
            problem = f"the connection broke ({type(exc).__name__}: {exc})"
        else:
            return _decode(url, body, content_type)
        if attempt < retries:
            sleep(delay)
    raise ConnectorError(f"GET {url}: {problem}; gave up after {retries + 1} attempts")


def _with_params(url: str, params: Mapping[str, Any]) -> str:
    parts = urllib.parse.urlsplit(url)
    query = dict(urllib.parse.parse_qsl(parts.query))
    query.update({k: str(v) for k, v in params.items() if v is not None})
    return urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query)))


def _records(url: str, payload: Any, path: str | None) -> list[dict[str, Any]]:
    """The page's records, checked: a list of JSON objects at ``path``."""
    found, records = _dig(payload, path)
    where = f"'{path}'" if path else "the top level"
    if not found:
        got = (
            f"its keys: {', '.join(sorted(payload)) or 'none'}"
            if isinstance(payload, Mapping)
            else f"it is a {type(payload).__name__}"
        )
        raise ConnectorError(f"GET {url}: the page has no {where} ({got})")
    if not isinstance(records, list):
        raise ConnectorError(
            f"GET {url}: {where} is a {type(records).__name__}, not a list of records"
        )
    for i, r in enumerate(records, start=1):
        if not isinstance(r, dict):
            raise ConnectorError(
                f"GET {url}: record {i} of the page is a {type(r).__name__}, not a JSON object"
            )
    return records


def _page_digest(records: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(records, sort_keys=True).encode()).hexdigest()


def fetch_records(
    options: Mapping[str, Any], cursor: Any = None, *, sleep=time.sleep
) -> Iterator[dict[str, Any]]:
    """Every record the API returns from ``cursor`` on (``>=``), page by page, as it sends
    them (the caller de-duplicates). See the module docstring for the options."""
    url = options.get("url") or os.environ.get(options.get("url_env", ""), "")
    if not url:
        raise ConnectorError(f"no url: set reader.options.url or ${options.get('url_env')}")
    paging = dict(options.get("paging") or {"style": "none"})
    style = paging.get("style", "none")
    if style not in PAGING_STYLES:
        raise ConnectorError(f"{url}: paging style {style!r} is not one of {PAGING_STYLES}")
    cur = dict(options.get("cursor") or {})
    path = options.get("records")
    kw = {
        "timeout": float(options.get("timeout", 10)),
        "retries": int(options.get("retries", 4)),
        "backoff": float(options.get("backoff", 0.5)),
        "sleep": sleep,
    }
    params: dict[str, Any] = {}
    if cur.get("param") and cursor is not None:
        params[cur["param"]] = cursor
    size = int(paging["size"]) if paging.get("size") else None
    if size and paging.get("size_param"):
        params[paging["size_param"]] = size
    asked: set[str] = set()

    def page_at(page_url: str) -> tuple[Any, list[dict[str, Any]]]:
        if page_url in asked:  # a loop would pull for ever
            raise ConnectorError(
                f"GET {page_url}: the paging asks for this page a second time ({style} paging"
                + (
                    f": more than {size} records share {cur.get('field')}; raise paging.size)"
                    if style == "keyset"
                    else ")"
                )
            )
        asked.add(page_url)
        payload = get_json(page_url, **kw)
        return payload, _records(page_url, payload, path)

    if style == "page":
        number, previous = int(paging.get("first", 1)), None
        while True:
            page_url = _with_params(url, {**params, paging.get("page_param", "page"): number})
            _, records = page_at(page_url)
            digest = _page_digest(records)
            if records and digest == previous:
                raise ConnectorError(
                    f"GET {page_url}: the same records as the page before: the API seems to "
                    f"ignore '{paging.get('page_param', 'page')}'"
                )
            yield from records
            if not records or (size and len(records) < size):
                return
            number, previous = number + 1, digest
    elif style == "keyset":
        if not (cur.get("param") and cur.get("field") and size and paging.get("size_param")):
            raise ConnectorError(
                f"{url}: keyset paging needs cursor.param, cursor.field, paging.size and "
                "paging.size_param"
            )
        since = cursor
        while True:
            page_url = _with_params(url, {**params, cur["param"]: since})
            _, records = page_at(page_url)
            yield from records
            if len(records) < size:
                return
            values = [r[cur["field"]] for r in records if r.get(cur["field"]) is not None]
            try:
                since = max(values) if values else since
            except TypeError:
                raise ConnectorError(
                    f"GET {page_url}: {cur['field']} values of different types cannot be ordered"
                ) from None
    else:
        next_url: str | None = _with_params(url, params)
        while next_url:
            payload, records = page_at(next_url)
            yield from records
            _, nxt = _dig(payload, paging.get("next")) if style == "next" else (False, None)
            if nxt is not None and not isinstance(nxt, str):
                raise ConnectorError(f"GET {next_url}: the next-page link is not a URL: {nxt!r}")
            next_url = urllib.parse.urljoin(next_url, nxt) if nxt else None
