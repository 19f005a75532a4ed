"""The data dictionary's folder and server (warehouse/docs_site.py), without dbt: a build is
swapped in behind the `docs` symlink, the server follows each swap, old builds are cleared."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from ingestion.landing.paths import DataPaths
from warehouse import docs_site


def _build(paths: DataPaths, name: str, text: str) -> Path:
    build = paths.root / docs_site.BUILDS / name
    build.mkdir(parents=True)
    (build / "index.html").write_text(text)
    return build


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode()


def test_the_server_shows_each_build_swapped_in(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    first = _build(paths, "0001", "first build")
    docs_site._swap_in(docs_site.docs_dir(paths), first)
    url, server = docs_site.serve(0, paths)
    try:
        assert _get(url) == "first build"
        second = _build(paths, "0002", "second build")
        docs_site._swap_in(docs_site.docs_dir(paths), second)
        assert _get(url + "index.html") == "second build"
        # the link is relative: the data root can move
        assert not Path(docs_site.docs_dir(paths).readlink()).is_absolute()
    finally:
        server.shutdown()


def test_old_builds_are_cleared_but_the_previous_is_kept(tmp_path: Path) -> None:
    paths = DataPaths(tmp_path)
    builds = [_build(paths, f"{i:04d}", str(i)) for i in range(4)]
    docs_site._clear_old(paths.root / docs_site.BUILDS, keep=builds[-1])
    assert sorted(p.name for p in (paths.root / docs_site.BUILDS).iterdir()) == ["0002", "0003"]


def test_build_docs_refuses_a_missing_warehouse(tmp_path: Path) -> None:
    with pytest.raises(docs_site.DocsError, match="no warehouse"):
        docs_site.build_docs(DataPaths(tmp_path))


def test_model_url_opens_the_models_page() -> None:
    assert (
        docs_site.model_url("http://127.0.0.1:8580/", "mart_coverage__province_monthly")
        == "http://127.0.0.1:8580/#!/model/model.labour.mart_coverage__province_monthly"
    )
