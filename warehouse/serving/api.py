"""A logged-in REST session on Superset (superset-client: login, JWT, CSRF)."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

import requests

from warehouse.serving.config import demo_credentials, superset_url


class SupersetAPIError(RuntimeError):
    pass


@dataclass
class Superset:
    """A logged-in API session (superset-client: JWT + CSRF token on a requests session)."""

    url: str = field(default_factory=superset_url)
    username: str = "admin"
    password: str = ""

    def __post_init__(self) -> None:
        os.environ.setdefault("OAUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on 127.0.0.1
        from supersetapiclient.client import SupersetClient

        self.client = SupersetClient(host=self.url, username=self.username, password=self.password)
        self.session = self.client.session  # logs in now

    def request(self, method: str, path: str, **kw: Any) -> requests.Response:
        return self.session.request(method, f"{self.url}/api/v1/{path.lstrip('/')}", **kw)

    def json(self, method: str, path: str, expect: tuple[int, ...] = (200, 201), **kw: Any) -> Any:
        r = self.request(method, path, **kw)
        if r.status_code not in expect:
            raise SupersetAPIError(f"{method} {path} -> {r.status_code}: {r.text[:800]}")
        return r.json()

    def list_all(self, path: str, columns: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        page = 0
        cols = f"columns:!({','.join(columns)})," if columns else ""
        while True:
            res = self.json("GET", f"{path}?q=({cols}page:{page},page_size:100)")
            out.extend(res["result"])
            if len(res["result"]) < 100:
                return out
            page += 1


def admin_session() -> Superset:
    creds = demo_credentials()
    user = os.environ.get("SUPERSET_ADMIN_USER", "admin")
    return Superset(username=user, password=creds[user]["password"])


def wait_healthy(url: str | None = None, timeout: float = 120) -> None:
    url = url or superset_url()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{url}/health", timeout=5).text == "OK":
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise SupersetAPIError(f"Superset at {url} is not healthy after {timeout:.0f} s")
