"""Sessions on Superset: `Superset` for administration through the REST API (superset-client:
JWT + CSRF), `WebSession` for what a browser does (the login form's cookie + CSRF header),
which also reaches the legacy views (/superset/explore_json/ for map charts) that a JWT cannot.
"""

from __future__ import annotations

import os
import re
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


# The login page (spa.html) carries the session's CSRF token in a hidden input.
_CSRF_INPUT = re.compile(
    r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"'
)


@dataclass
class WebSession:
    """A browser-like session: logged in through /login/ when `username` is given, anonymous
    otherwise; every request carries the session's CSRF token, so writes are judged on
    permissions, not rejected for a missing token. Paths are absolute ("/api/v1/chart/")."""

    url: str = field(default_factory=superset_url)
    username: str | None = None
    password: str = field(default="", repr=False)
    timeout: float = 60

    def __post_init__(self) -> None:
        self.session = requests.Session()
        page = self.session.get(f"{self.url}/login/", timeout=self.timeout)
        match = _CSRF_INPUT.search(page.text)
        if page.status_code != 200 or not match:
            raise SupersetAPIError(f"no login form at {self.url}/login/ ({page.status_code})")
        form_token = match.group(1) or match.group(2)
        self.session.headers["X-CSRFToken"] = form_token
        if self.username is None:
            return
        r = self.session.post(
            f"{self.url}/login/",
            data={"username": self.username, "password": self.password, "csrf_token": form_token},
            allow_redirects=False,
            timeout=self.timeout,
        )
        me = self.request("GET", "/api/v1/me/")
        if r.status_code not in (200, 302) or me.status_code != 200:
            raise SupersetAPIError(f"login as {self.username} failed ({r.status_code})")
        token = self.request("GET", "/api/v1/security/csrf_token/").json()["result"]
        self.session.headers["X-CSRFToken"] = token

    def request(self, method: str, path: str, **kw: Any) -> requests.Response:
        kw.setdefault("timeout", self.timeout)
        kw.setdefault("allow_redirects", False)  # a redirect to /login/ is an answer too
        return self.session.request(method, f"{self.url}{path}", **kw)


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
