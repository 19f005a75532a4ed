"""The bad-input corpus: every file of tests/bad_inputs/<folder>/ runs through exactly what
landing runs, and must give the outcome its folder's ``cases.yaml`` states (see README.md).

For every file: never an exception, rows in = loaded + quarantined, the rows and quarantine
hold no national ID in any form, and (text files) every physical data line, counted here from
the bytes, ends either in the lake or in quarantine exactly once.
"""

from __future__ import annotations

import datetime as dt
import http.server
import re
import shutil
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl
import pytest
import yaml

from ingestion.connectors import connector_parser, pull
from ingestion.connectors.http_json import ConnectorError
from ingestion.landing import DataPaths
from ingestion.landing.partition import discover, land_partition, unrecognised_deliveries
from ingestion.landing.registry import EntityParser, get_entity
from ingestion.pseudonym import person_key
from ingestion.sources import EntitySpec as RegistryEntry
from ingestion.sources import ParseResult
from ingestion.sources.spec import SourceSpec
from quality.pii import find_national_ids
from tests.bad_inputs import make_cases

CORPUS = Path(__file__).resolve().parent
KEY = b"bad-inputs-test-key-0123456789"
OUTCOMES = ("loaded", "rows_quarantined", "rejected")
#: files of the corpus that are not cases
NOT_CASES = {"README.md", "cases.yaml", "make_cases.py", "test_bad_inputs.py", "__init__.py"}


# --------------------------------------------------------------------------- the manifests


@dataclass(frozen=True)
class Folder:
    path: Path
    meta: dict[str, Any]

    @property
    def kind(self) -> str:
        return self.meta.get("reader", "file")


@cache
def folders() -> tuple[Folder, ...]:
    return tuple(
        Folder(p.parent, yaml.safe_load(p.read_text(encoding="utf-8")))
        for p in sorted(CORPUS.glob("*/cases.yaml"))
    )


def _params(kind: str) -> list[Any]:
    return [
        pytest.param(f, c, id=f"{f.path.name}/{c['case']}")
        for f in folders()
        if f.kind == kind
        for c in f.meta["cases"]
    ]


def _case_file(folder: Folder, case: dict) -> Path:
    return folder.path / case["case"] / case.get("file", folder.meta.get("file"))


# --------------------------------------------------------------------------- parsing as landing


@cache
def _spec_parser(spec_file: str, entity: str) -> EntityParser:
    """A parser for a test-only spec, built as ingestion.landing.registry.entities() builds it."""
    spec = SourceSpec.model_validate(
        yaml.safe_load((CORPUS / spec_file).read_text(encoding="utf-8"))
    )
    e = next(x for x in spec.entities if x.name == entity)
    entry = RegistryEntry(spec.system, e.name, e.files.pattern, e.reader.batch_bytes, e)
    return EntityParser(entry, entry.load())


def parser_of(meta: dict) -> EntityParser:
    if meta.get("spec"):
        return _spec_parser(meta["spec"], meta["entity"])
    return get_entity(meta["source"], meta["entity"])


@dataclass
class Outcome:
    """A file's results summed over its chunks, as land_partition accounts them."""

    rel: str
    rows: pl.DataFrame
    quarantine: pl.DataFrame
    rows_in: int
    file_error: str | None


def account(rel: str, results: list[ParseResult]) -> Outcome:
    assert results, f"{rel}: the parser gave no result at all"
    errors = [r.file_error for r in results if r.file_error is not None]
    if errors:
        assert all(r.file_error is not None for r in results), (
            f"{rel}: some chunks loaded rows, others were rejected: {errors[0]}"
        )
    rows = pl.concat([r.rows for r in results], how="vertical_relaxed")
    quarantine = pl.concat([r.quarantine for r in results], how="vertical_relaxed")
    rows_in = sum(r.rows_in for r in results)
    assert rows_in == rows.height + quarantine.height, (
        f"{rel}: rows in {rows_in} != loaded {rows.height} + quarantined {quarantine.height}"
    )
    return Outcome(rel, rows, quarantine, rows_in, errors[0] if errors else None)


def deliver(root: Path, meta: dict, case: dict, data: bytes) -> tuple[DataPaths, Path, str]:
    """Put the file where landing looks for it; check landing finds it and places it in a
    month, as ingestion.landing.partition.discover does."""
    name = case.get("file", meta.get("file"))
    rel = case.get("deliver_to", meta["deliver_to"]).format(name=name)
    paths = DataPaths(root)
    path = paths.sources / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    parser = parser_of(meta)
    assert path in set(paths.sources.glob(parser.pattern)), (
        f"{rel} is not named as landing expects ({parser.pattern})"
    )
    parser.partition_month(path)  # raises for a file name that gives no month
    return paths, path, rel


def parse_as_landing(meta: dict, paths: list[Path], rels: list[str]) -> list[Outcome]:
    parser = parser_of(meta)
    per_file: list[list[ParseResult]] = [[] for _ in paths]
    try:
        for i, result in parser.parse_stream(paths, rels, KEY):
            per_file[i].append(result)
    except Exception as exc:  # a crash is a failure, with what crashed
        pytest.fail(f"{', '.join(rels)}: the parser crashed: {type(exc).__name__}: {exc}")
    return [account(rel, results) for rel, results in zip(rels, per_file, strict=True)]


# --------------------------------------------------------------------------- expectations


def physical_lines(data: bytes) -> int:
    """Lines of a text file counted from its bytes (a last line without a line end counts)."""
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def _line_where(line: int) -> str:
    return rf"\b(line|row) {line}\b"


def _same(actual: Any, expected: Any) -> bool:
    if isinstance(actual, Decimal) and expected is not None:
        return actual == Decimal(str(expected))
    if isinstance(actual, dt.date) and isinstance(expected, str):
        return actual.isoformat() == expected
    return actual == expected


def check_values(out: Outcome, values: list[dict]) -> None:
    for want in values:
        want = dict(want)
        line = want.pop("line")
        rows = out.rows.filter(pl.col("_source_line") == line)
        assert rows.height == 1, f"{out.rel}: expected one lake row from line {line}"
        row = rows.row(0, named=True)
        if "person_of" in want:
            nid = str(want.pop("person_of"))
            expected_key = person_key(pl.Series([nid]), KEY).item()
            assert row["person_key"] == expected_key, (
                f"{out.rel} line {line}: person_key is not the pseudonym of its national ID"
            )
        for column, expected in want.items():
            assert _same(row[column], expected), (
                f"{out.rel} line {line} column {column}: got {row[column]!r}, expected {expected!r}"
            )


def check_outcome(meta: dict, case: dict, out: Outcome, data: bytes | None) -> None:
    expect = case["expect"]
    assert expect in OUTCOMES, f"unknown outcome {expect!r}"
    rel = out.rel
    q = out.quarantine

    # Nothing leaks: no national ID in any form, in the lake rows or in quarantine.
    assert find_national_ids(q) == {}, f"{rel}: national ID in quarantine: {find_national_ids(q)}"
    assert find_national_ids(out.rows) == {}, f"{rel}: national ID in the lake rows"
    for frame in (out.rows, q):
        if frame.height:
            assert set(frame.get_column("_source_file")) == {rel}, f"{rel}: wrong _source_file"

    # Every physical data line ends in the lake or in quarantine, exactly once.
    if data is not None and not meta.get("excel"):
        header = case.get("header_lines", meta.get("header_lines", 0))
        data_lines = list(range(header + 1, physical_lines(data) + 1))
        if "records" in case:  # records spanning lines (RFC-4180 quoted line breaks)
            assert out.rows_in == case["records"], f"{rel}: rows in {out.rows_in}"
        else:
            seen = sorted(
                out.rows.get_column("_source_line").to_list()
                + q.get_column("_source_line").to_list()
            )
            assert seen == data_lines, (
                f"{rel}: data lines {data_lines} but lake + quarantine hold lines {seen}"
            )
            assert out.rows_in == len(data_lines), f"{rel}: rows in {out.rows_in}"

    if expect == "rejected":
        assert out.file_error is not None, (
            f"{rel}: expected the file to be rejected; loaded {out.rows.height}, "
            f"quarantined {q.height}: {q.select('_source_line', 'field', 'reason').to_dicts()}"
        )
        message = out.file_error
        assert Path(rel).name in message, f"{rel}: the message does not name the file: {message}"
        assert re.search(case["reason"], message, re.IGNORECASE), (
            f"{rel}: the message does not say /{case['reason']}/: {message}"
        )
        if "line" in case:
            assert re.search(_line_where(case["line"]), message), (
                f"{rel}: the message does not name line {case['line']}: {message}"
            )
        if "field" in case and q.height:
            assert set(q.get_column("field")) == {case["field"]}, (
                f"{rel}: quarantine fields {set(q.get_column('field'))}, expected {case['field']}"
            )
        if "quarantined" in case:
            assert q.height == case["quarantined"], f"{rel}: quarantined {q.height}"
        assert out.rows.height == 0
        for reason in q.get_column("reason").to_list():
            assert re.search(case["reason"], reason, re.IGNORECASE), (
                f"{rel}: a quarantined line does not say why: {reason}"
            )
        return

    assert out.file_error is None, f"{rel}: rejected: {out.file_error}"
    got = q.select("_source_line", "field", "reason").sort("_source_line").to_dicts()
    assert out.rows.height == case["loaded"], (
        f"{rel}: loaded {out.rows.height}, expected {case['loaded']}; quarantined {got}"
    )
    expected_q = case.get("quarantined", []) if expect == "rows_quarantined" else []
    assert expect == "loaded" or expected_q, f"{rel}: rows_quarantined lists no rows"
    assert [(g["_source_line"], g["field"]) for g in got] == [
        (w["line"], w["field"]) for w in expected_q
    ], f"{rel}: quarantined {got}, expected {expected_q}"
    for g, w in zip(got, expected_q, strict=True):
        assert re.search(w["reason"], g["reason"], re.IGNORECASE), (
            f"{rel} line {g['_source_line']}: reason {g['reason']!r} does not say /{w['reason']}/"
        )
    check_values(out, case.get("values", []))


def case_bytes(folder: Folder, case: dict) -> bytes:
    if "generate" in case:
        return make_cases.generated(case["generate"])
    return _case_file(folder, case).read_bytes()


# --------------------------------------------------------------------------- file readers


@pytest.mark.parametrize(("folder", "case"), _params("file"))
def test_file_case(folder: Folder, case: dict, tmp_path: Path) -> None:
    data = case_bytes(folder, case)
    _paths, path, rel = deliver(tmp_path, folder.meta, case, data)
    (out,) = parse_as_landing(folder.meta, [path], [rel])
    check_outcome(folder.meta, case, out, data)


@pytest.mark.parametrize(
    "folder", [f for f in folders() if f.meta.get("batch")], ids=lambda f: f.path.name
)
def test_files_parsed_together_give_the_same_outcomes(folder: Folder, tmp_path: Path) -> None:
    """Landing hands many small files to one parse call: each keeps its own outcome."""
    cases = folder.meta["cases"]
    paths, rels, datas = [], [], []
    for n, case in enumerate(cases):
        data = case_bytes(folder, case)
        _p, path, rel = deliver(tmp_path / str(n), folder.meta, case, data)
        paths.append(path)
        rels.append(rel)
        datas.append(data)
    outcomes = parse_as_landing(folder.meta, paths, rels)
    failures = []
    for case, out, data in zip(cases, outcomes, datas, strict=True):
        try:
            check_outcome(folder.meta, case, out, data)
        except AssertionError as exc:
            failures.append(f"{case['case']}: {exc}")
    assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------- HTTP API


class _Api:
    """A local HTTP server answering each case's pages from the corpus files."""

    def __init__(self, folder: Folder) -> None:
        self.folder = folder
        self.release = threading.Event()  # frees handlers that hang (timeout cases)
        api = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # http.server's name
                api.answer(self)

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, h: http.server.BaseHTTPRequestHandler) -> None:
        url = urllib.parse.urlsplit(h.path)
        name = url.path.strip("/").split("/")[0]
        case = next(c for c in self.folder.meta["cases"] if c["case"] == name)
        page = int(dict(urllib.parse.parse_qsl(url.query)).get("page", 1))
        responses = case["responses"]
        r = responses[min(page, len(responses)) - 1]
        if r.get("hang"):
            self.release.wait(30)
            return
        body = (self.folder.path / name / r["body"]).read_bytes() if r.get("body") else b""
        try:
            h.send_response(r.get("status", 200))
            h.send_header("Content-Type", r.get("type", "application/json"))
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
        except OSError:  # the client gave up
            pass

    def __enter__(self) -> _Api:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def http_api() -> Iterator[_Api]:
    folder = next(f for f in folders() if f.kind == "http")
    with _Api(folder) as api:
        yield api


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (drops and cursor state), locks aside."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.name.endswith(".lock")
    }


@pytest.mark.parametrize(("folder", "case"), _params("http"))
def test_http_case(folder: Folder, case: dict, http_api: _Api, tmp_path: Path) -> None:
    meta = folder.meta
    spec = SourceSpec.model_validate(
        yaml.safe_load((CORPUS / meta["spec"]).read_text(encoding="utf-8"))
    )
    spec_entity = next(e for e in spec.entities if e.name == meta["entity"])

    def entity_for(name: str, extra: dict) -> Any:
        options = {**spec_entity.reader.options, "url": f"{http_api.base}/{name}/trainees", **extra}
        reader = spec_entity.reader.model_copy(update={"options": options})
        return spec_entity.model_copy(update={"reader": reader})

    paths = DataPaths(tmp_path)
    entity = entity_for(case["case"], case.get("options", {}))
    url = entity.reader.options["url"]
    if case["expect"] == "pulled":
        result = pull(paths, spec.system, entity)
        assert result.records == case["records"]
        assert result.cursor_after == case["cursor_after"]
        parser = connector_parser(spec.system, entity)
        out = account(result.file.name, [parser.parse(result.file, result.file.name, KEY)])
        assert (out.rows.height, out.quarantine.height) == (case["records"], 0)
        return

    assert case["expect"] == "connector_error"
    # A first pull saves a cursor; the failing pull must leave it, and the drops, as they were.
    seed = pull(paths, spec.system, entity_for(meta["seed_case"], {}))
    assert seed.records > 0
    state_before = _snapshot(paths.sources / spec.system)
    try:
        pull(paths, spec.system, entity)
    except ConnectorError as exc:
        message = str(exc)
    except Exception as exc:  # a crash, not a ConnectorError
        pytest.fail(f"{url}: expected a ConnectorError, got {type(exc).__name__}: {exc}")
    else:
        pytest.fail(f"{url}: expected a ConnectorError, the pull succeeded")
    assert url.split("?")[0] in message, f"the error does not name the URL {url}: {message}"
    assert re.search(case["reason"], message, re.IGNORECASE), (
        f"the error does not say /{case['reason']}/: {message}"
    )
    assert _snapshot(paths.sources / spec.system) == state_before, (
        "the failed pull wrote a drop or moved the cursor"
    )


# --------------------------------------------------------------------------- file names


@pytest.mark.parametrize(
    "folder", [f for f in folders() if f.kind == "file_names"], ids=lambda f: f.path.name
)
def test_file_names(folder: Folder, tmp_path: Path) -> None:
    """Files whose name gives no valid partition are reported with a reason; the rest lands."""
    shutil.copytree(folder.path / "sources", tmp_path / "sources")
    paths = DataPaths(tmp_path)
    failures: list[str] = []
    tables = {(d["source"], d["entity"]) for d in folder.meta["deliveries"]}
    found: dict[str, str] = {}
    reported: dict[str, str] = {}
    for source, entity in sorted(tables):
        try:
            for month, files in discover(paths, source, entity).items():
                found.update({p.relative_to(paths.sources).as_posix(): month for p in files})
            reported.update(dict(unrecognised_deliveries(paths, source, entity)))
        except Exception as exc:
            failures.append(f"{source}/{entity}: discovery crashed: {type(exc).__name__}: {exc}")
    for d in folder.meta["deliveries"]:
        f = d["file"]
        if d["expect"] == "unrecognised":
            if f in found:
                failures.append(f"{f}: placed in partition {found[f]}, expected it reported")
            elif f not in reported:
                failures.append(f"{f}: neither landed nor reported")
            elif not re.search(d["reason"], reported[f], re.IGNORECASE) or (
                Path(f).name not in reported[f]
            ):
                failures.append(f"{f}: reason {reported[f]!r} does not say /{d['reason']}/")
        elif found.get(f) != d["month"]:
            failures.append(f"{f}: in partition {found.get(f)}, expected {d['month']}")
        else:
            try:
                manifest = land_partition(
                    d["source"], d["entity"], d["month"], key=KEY, paths=paths
                )
            except Exception as exc:
                failures.append(f"{f}: landing crashed: {type(exc).__name__}: {exc}")
                continue
            if manifest.rows_loaded != d["loaded"]:
                failures.append(f"{f}: landed {manifest.rows_loaded} rows, expected {d['loaded']}")
    assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------- the corpus itself


def _corpus_files() -> set[str]:
    return {
        p.relative_to(CORPUS).as_posix()
        for p in CORPUS.rglob("*")
        if p.is_file()
        and p.name not in NOT_CASES
        # the case-writer modules and their shared kit
        and not (p.parent == CORPUS and p.name.startswith(("make_cases", "_kit")))
        and "__pycache__" not in p.parts
        and p.parent.name != "specs"
    }


def _referenced_files() -> set[str]:
    out: set[str] = set()
    for f in folders():
        base = f.path.relative_to(CORPUS).as_posix()
        for c in f.meta.get("cases", []):
            if f.kind == "http":
                out |= {f"{base}/{c['case']}/{r['body']}" for r in c["responses"] if r.get("body")}
            elif "generate" not in c:
                out.add(f"{base}/{c['case']}/{c.get('file', f.meta.get('file'))}")
        for d in f.meta.get("deliveries", []):
            out.add(f"{base}/sources/{d['file']}")
    return out


def test_every_corpus_file_has_an_expected_outcome() -> None:
    files, referenced = _corpus_files(), _referenced_files()
    assert not files - referenced, f"files without a case in a cases.yaml: {files - referenced}"
    assert not referenced - files, f"cases whose file is missing: {referenced - files}"


def test_the_corpus_is_what_make_cases_writes() -> None:
    """The committed files are reproducible: make_cases.py writes exactly them."""
    built = make_cases.build_all()
    assert set(built) == _corpus_files()
    stale = [rel for rel, data in built.items() if (CORPUS / rel).read_bytes() != data]
    assert not stale, f"run `uv run python -m tests.bad_inputs.make_cases`; stale: {stale}"


def test_the_corpus_covers_every_reader_and_stays_small() -> None:
    kinds = {f.path.name for f in folders()}
    for required in (
        "sso_registry__insured",
        "sso_registry__employers",
        "sso_efiling__contributions",
        "nso_lfs__labour_force",
        "demo_csv__trainees",
        "demo_api__trainees",
        "demo_api__http",
        "file_names",
    ):
        assert required in kinds
    files = _corpus_files()
    assert len(files) >= 40
    assert sum((CORPUS / f).stat().st_size for f in files) < 3 * 1024 * 1024
