"""Run a suite (`quality.suites`) over a pandas or polars frame with Great Expectations 1.x.

GX 1.x has no DuckDB data source, so frames are validated as pandas through an *ephemeral*
context (nothing is written to disk). `import great_expectations` costs several seconds, so it
happens on the first call only, inside this module's functions; the context, the pandas data
source and its whole-dataframe batch definition are cached for the life of the process.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .pii import mask_national_ids, national_id_columns_per_row
from .suites import PII_COLUMN, Check, Suite, get_suite

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl

N_EXAMPLES = 5


@dataclass
class ExpectationOutcome:
    """The result of one expectation, reduced to what a person needs."""

    key: str
    description: str
    success: bool
    severity: str  # "error" fails the suite, "warn" is only reported
    expectation: str  # GX expectation type, e.g. expect_column_values_to_match_regex
    columns: list[str] = field(default_factory=list)
    unexpected_count: int | None = None
    unexpected_percent: float | None = None
    examples: list[str] = field(default_factory=list)  # a few unexpected values, IDs masked
    observed: str | None = None  # for aggregate expectations (row count, distinct set …)
    error: str | None = None  # the expectation could not run (e.g. a missing column)

    def line(self) -> str:
        mark = "✅" if self.success else ("❌" if self.severity == "error" else "⚠️")
        text = f"{mark} {self.description}"
        if self.error:
            return f"{text}: **{self.error}**"
        if not self.success:
            bits = []
            if self.unexpected_count is not None:
                pct = f" ({self.unexpected_percent:.2f} %)" if self.unexpected_percent else ""
                bits.append(f"{self.unexpected_count:,} rows{pct}")
            if self.observed is not None:
                bits.append(f"observed {self.observed}")
            if self.examples:
                bits.append("e.g. " + ", ".join(f"`{e}`" for e in self.examples))
            if bits:
                text += ": " + "; ".join(bits)
        return text


@dataclass
class QualityResult:
    suite: str
    success: bool  # every error-severity expectation passed
    rows_checked: int
    results: list[ExpectationOutcome]
    seconds: float = 0.0
    target: str | None = None  # what was validated (a lake partition, a warehouse table)

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [r for r in self.results if not r.success and r.severity == "error"]

    @property
    def warnings(self) -> list[ExpectationOutcome]:
        return [r for r in self.results if not r.success and r.severity != "error"]

    def summary(self, max_passed: int = 0) -> str:
        """Short markdown (for Dagster metadata): the verdict, every failure and warning, and
        optionally the first `max_passed` passing checks."""
        verdict = "passed" if self.success else "FAILED"
        head = f"**{self.suite}** {verdict}"
        if self.target:
            head += f" on `{self.target}`"
        passed = [r for r in self.results if r.success]
        head += f": {self.rows_checked:,} rows, {len(passed)}/{len(self.results)} expectations met"
        lines = [head, ""]
        lines += [f"- {r.line()}" for r in self.failures + self.warnings]
        lines += [f"- {r.line()}" for r in passed[:max_passed]]
        return "\n".join(lines).rstrip() + "\n"

    def metadata(self) -> dict[str, Any]:
        """Plain values for asset-check metadata (the caller wraps the markdown)."""
        return {
            "suite": self.suite,
            "rows_checked": self.rows_checked,
            "expectations": len(self.results),
            "failed": len(self.failures),
            "warnings": len(self.warnings),
            "seconds": round(self.seconds, 3),
            "summary": self.summary(),
        }


# ---- GX, imported lazily and cached ------------------------------------------------------

_LOCK = threading.RLock()
_GX: dict[str, Any] = {}


def _gx() -> dict[str, Any]:
    """The GX module, an ephemeral context and a pandas batch definition (created once)."""
    with _LOCK:
        if not _GX:
            os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
            t = time.perf_counter()
            import great_expectations as gx
            from great_expectations.data_context.types.base import ProgressBarsConfig
            from great_expectations.execution_engine import pandas_execution_engine
            from great_expectations.expectations.row_conditions import Column

            # GX fingerprints every pandas batch it is given (hashing all its values, and a
            # validation fetches the batch twice) unless the frame is at least HASH_THRESHOLD
            # bytes; the fingerprint is only a batch marker, read by nothing here (an ephemeral
            # context stores no results), and was a third of a partition's validation
            pandas_execution_engine.HASH_THRESHOLD = 0
            context = gx.get_context(mode="ephemeral")
            context.variables.progress_bars = ProgressBarsConfig(globally=False)
            source = context.data_sources.add_pandas(name="quality")
            asset = source.add_dataframe_asset(name="frame")
            batch_definition = asset.add_batch_definition_whole_dataframe("whole_frame")
            _GX.update(
                gx=gx,
                Column=Column,
                context=context,
                batch_definition=batch_definition,
                import_seconds=time.perf_counter() - t,
            )
        return _GX


def gx_import_seconds() -> float | None:
    """How long importing GX and making the context took in this process (None: not yet)."""
    return _GX.get("import_seconds")


_OPS = {
    "==": lambda c, v: c == v,
    "!=": lambda c, v: c != v,
    ">": lambda c, v: c > v,
    ">=": lambda c, v: c >= v,
    "<": lambda c, v: c < v,
    "<=": lambda c, v: c <= v,
}


def _build(check: Check, cols: Mapping[str, str], g: Mapping[str, Any]) -> Any:
    kwargs: dict[str, Any] = {}
    for k, v in check.kwargs.items():
        if k in ("column", "column_A", "column_B"):
            v = cols.get(v, v)
        elif k == "column_list":
            v = [cols.get(x, x) for x in v]
        kwargs[k] = v
    if check.row_condition is not None:
        name, op, value = check.row_condition
        kwargs["row_condition"] = _OPS[op](g["Column"](name=cols.get(name, name)), value)
    cls = getattr(g["gx"].expectations, check.expectation)
    return cls(**kwargs, description=check.description, meta={"check": check.key})


def _short(value: Any) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "null"
    if value is None:
        return "null"
    if isinstance(value, tuple | list):
        return "(" + ", ".join(_short(v) for v in value) + ")"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}={_short(v)}" for k, v in value.items()) + "}"
    if isinstance(value, dt.datetime) and value == value.replace(hour=0, minute=0, second=0):
        value = value.date()
    text = mask_national_ids(str(value))
    return text if len(text) <= 60 else text[:57] + "…"


def _exception_message(info: Any) -> str | None:
    if not info:
        return None
    if isinstance(info, Mapping) and "raised_exception" in info:
        return (info.get("exception_message") or "error") if info["raised_exception"] else None
    if isinstance(info, Mapping):
        for v in info.values():
            msg = _exception_message(v)
            if msg:
                return msg
    return None


def _to_pandas(df: Any) -> pd.DataFrame:
    import pandas as pd

    if isinstance(df, pd.DataFrame):
        return df
    import polars as pl

    if isinstance(df, pl.LazyFrame):
        df = df.collect()
    if isinstance(df, pl.DataFrame):
        # Decimal columns would become columns of Python Decimal objects (slow to check);
        # float64 holds decimal(12,2) amounts exactly enough to compare and round to satang.
        decimals = [n for n, t in df.schema.items() if isinstance(t, pl.Decimal)]
        return df.with_columns(pl.col(decimals).cast(pl.Float64)).to_pandas()
    raise TypeError(f"validate() takes a pandas or polars DataFrame, not {type(df).__name__}")


def _pii_check() -> Check:
    return Check(
        "no_national_id",
        "ExpectColumnValuesToBeNull",
        {"column": PII_COLUMN},
        "no text column holds a valid 13-digit national ID",
    )


def validate(
    df: pd.DataFrame | pl.DataFrame,
    suite_name: str,
    params: Mapping[str, Any] | None = None,
    *,
    target: str | None = None,
    skip_expectations: frozenset[str] = frozenset(),
) -> QualityResult:
    """Validate a frame against the named suite (see `quality.suites.SUITES`).

    `params` override the suite's defaults (e.g. `{"wage_ceiling": 17500}`). Missing
    columns make their expectations fail with a clear message rather than raise.
    `skip_expectations`: GX expectation types not run here (the chunked validation of a large
    partition checks its cross-row expectations over the whole partition instead).
    """
    started = time.perf_counter()
    suite: Suite = get_suite(suite_name)
    p = {**suite.defaults, **(params or {})}
    unknown = set(params or {}) - set(suite.defaults) - {"pii_exclude"}
    if unknown:
        raise KeyError(f"unknown parameter(s) for suite {suite_name!r}: {sorted(unknown)}")

    pdf = _to_pandas(df)
    cols = suite.resolve([str(c) for c in pdf.columns])
    frame = suite.derive(pdf, cols, p) if suite.derive else pdf
    checks = [c for c in suite.checks(p) if c.expectation not in skip_expectations]
    if suite.pii:
        pii = national_id_columns_per_row(df, exclude=tuple(p.get("pii_exclude", ())))
        frame = frame.assign(**{PII_COLUMN: pii.to_pandas().to_numpy()})
        checks.append(_pii_check())

    present = {str(c) for c in frame.columns}
    outcomes: dict[str, ExpectationOutcome] = {}
    runnable: list[Check] = []
    for check in checks:
        logical = check.columns()
        if any(c in suite.optional and cols.get(c, c) not in present for c in logical):
            continue  # optional column absent: not applicable
        missing = sorted({cols.get(c, c) for c in logical} - present)
        outcomes[check.key] = ExpectationOutcome(
            key=check.key,
            description=check.description,
            success=not missing,
            severity=check.severity,
            expectation=_snake(check.expectation),
            columns=[cols.get(c, c) for c in logical],
            error=f"missing column(s) {', '.join(missing)}" if missing else None,
        )
        if not missing:
            runnable.append(check)
            # overwritten below by GX's result; stays a failure if GX returns none for it
            outcomes[check.key].success = False
            outcomes[check.key].error = "no result from Great Expectations"

    if runnable:
        with _LOCK:
            g = _gx()
            gx_suite = g["gx"].ExpectationSuite(
                name=suite.name, expectations=[_build(c, cols, g) for c in runnable]
            )
            batch = g["batch_definition"].get_batch(batch_parameters={"dataframe": frame})
            result = batch.validate(
                gx_suite,
                result_format={
                    "result_format": "BASIC",
                    "partial_unexpected_count": N_EXAMPLES,
                },
            )
        for r in result.results:
            key = (r.expectation_config.meta or {}).get("check")
            out = outcomes.get(key)
            if out is None:
                continue
            res = r.result or {}
            out.success = bool(r.success)
            out.error = _exception_message(r.exception_info)
            out.unexpected_count = res.get("unexpected_count")
            out.unexpected_percent = res.get("unexpected_percent")
            out.examples = [_short(v) for v in (res.get("partial_unexpected_list") or [])][
                :N_EXAMPLES
            ]
            if "observed_value" in res:
                out.observed = _short(res["observed_value"])

    ordered = [outcomes[c.key] for c in checks if c.key in outcomes]
    return QualityResult(
        suite=suite.name,
        success=all(o.success for o in ordered if o.severity == "error"),
        rows_checked=len(pdf),
        results=ordered,
        seconds=time.perf_counter() - started,
        target=target,
    )


def _snake(name: str) -> str:
    return "".join("_" + ch.lower() if ch.isupper() else ch for ch in name).lstrip("_")


# ---- lake partitions and warehouse tables ------------------------------------------------


def month_key(month: str | dt.date) -> str:
    """'YYYY-MM' from a date or a 'YYYY-MM[-DD]' string."""
    if isinstance(month, dt.date):
        return f"{month.year:04d}-{month.month:02d}"
    text = str(month)
    dt.date(int(text[:4]), int(text[5:7]), 1)  # raises on a malformed month
    return text[:7]


def partition_dir(lake_root: Path, area: str, source: str, entity: str, month: str) -> Path:
    return Path(lake_root) / area / source / entity / f"month={month_key(month)}"


def parquet_files(directory: Path) -> list[Path]:
    """The data files of a partition directory (hidden and temporary files ignored)."""
    if not directory.is_dir():
        return []
    return sorted(
        f for f in directory.glob("*.parquet") if f.is_file() and not f.name.startswith((".", "_"))
    )


def validate_lake_partition(
    lake_root: Path,
    source: str,
    entity: str,
    month: str | dt.date,
    params: Mapping[str, Any] | None = None,
) -> QualityResult:
    """Validate `raw/<source>/<entity>/month=YYYY-MM/` with the table's suite. The partition
    month is passed to suites that can check it (`partition_month`)."""
    from .suites import LAKE_SUITES

    suite_name = LAKE_SUITES.get((source, entity))
    if suite_name is None:
        raise KeyError(f"no quality suite for lake table {source}/{entity}")
    directory = partition_dir(lake_root, "raw", source, entity, month)
    target = str(directory)
    files = parquet_files(directory)
    if not files:
        return QualityResult(
            suite=suite_name,
            success=False,
            rows_checked=0,
            target=target,
            results=[
                ExpectationOutcome(
                    key="partition_exists",
                    description="the partition has Parquet files",
                    success=False,
                    severity="error",
                    expectation="partition_exists",
                    error=f"no Parquet files in {directory}",
                )
            ],
        )
    p = dict(params or {})
    if "partition_month" in get_suite(suite_name).defaults:
        p.setdefault("partition_month", month_key(month))
    # every size goes the chunked way (one chunk up to CHUNK_ROWS rows): the cross-row
    # expectations then run in DuckDB over the files, several times cheaper than GX's pandas
    # uniqueness, and a partition gets the same kind of result whatever its size
    return validate_in_chunks(files, suite_name, p, target=target)


# ---- large partitions in bounded memory ---------------------------------------------------

#: rows validated at a time (as pandas, with the derived columns: ~1 GB); a partition of up to
#: this many rows is validated in one frame
CHUNK_ROWS = 1_000_000
#: expectations about the whole table rather than each row: over a large partition they are
#: computed in DuckDB over all its files (bounded memory), never per chunk
CROSS_ROW = frozenset(
    {
        "ExpectCompoundColumnsToBeUnique",
        "ExpectColumnValuesToBeUnique",
        "ExpectTableRowCountToEqual",
        "ExpectColumnDistinctValuesToEqualSet",
    }
)


def _chunks(files: list[Path], rows: int) -> Any:
    """Frames of at most ``rows`` rows over all the files in order; a chunk spans files, so
    a partition of many small files is validated in few GX calls (each has a fixed cost)."""
    import polars as pl
    import pyarrow as pa
    import pyarrow.parquet as pq

    pending: list[pa.RecordBatch] = []
    held = 0
    for f in files:
        for batch in pq.ParquetFile(f).iter_batches(batch_size=rows):
            if pending and (held + batch.num_rows > rows or batch.schema != pending[0].schema):
                yield pl.from_arrow(pa.Table.from_batches(pending))
                pending, held = [], 0
            pending.append(batch)
            held += batch.num_rows
    if pending:
        yield pl.from_arrow(pa.Table.from_batches(pending))


def validate_in_chunks(
    files: list[Path],
    suite_name: str,
    params: Mapping[str, Any] | None = None,
    *,
    target: str | None = None,
    chunk_rows: int | None = None,
) -> QualityResult:
    """The same verdict as :func:`validate` on all the files at once, in bounded memory:
    row-level expectations run through GX on chunks of ``chunk_rows`` and their counts are
    summed; cross-row ones (:data:`CROSS_ROW`: uniqueness, row count, distinct set) run in
    DuckDB over every file, so duplicates in different chunks are still found."""
    rows = chunk_rows or CHUNK_ROWS
    return _validate_chunked(
        _chunks(files, rows), _ParquetRows(files), suite_name, params, target=target
    )


def _validate_chunked(
    chunks: Any,
    rows: _RowSource,
    suite_name: str,
    params: Mapping[str, Any] | None = None,
    *,
    target: str | None = None,
) -> QualityResult:
    started = time.perf_counter()
    suite = get_suite(suite_name)
    p = {**suite.defaults, **(params or {})}
    merged: dict[str, ExpectationOutcome] = {}
    order: list[str] = []
    total = 0
    for chunk in chunks:
        part = validate(chunk, suite_name, params, target=target, skip_expectations=CROSS_ROW)
        total += part.rows_checked
        for o in part.results:
            if o.key not in merged:
                merged[o.key] = o
                order.append(o.key)
            else:
                _merge(merged[o.key], o)
    mostly = {c.key: c.kwargs["mostly"] for c in suite.checks(p) if "mostly" in c.kwargs}
    for o in merged.values():
        if o.unexpected_count is not None and total:
            o.unexpected_percent = 100 * o.unexpected_count / total
            if o.key in mostly and o.error is None:  # a share: of the whole, not of a chunk
                o.success = o.unexpected_count / total <= 1 - mostly[o.key]
    cross = [c for c in suite.checks(p) if c.expectation in CROSS_ROW]
    outcomes = {**merged, **_cross_row(rows, suite, cross)}
    keys = [c.key for c in suite.checks(p) if c.key in outcomes]
    keys += [k for k in order if k not in keys]  # the PII check comes last, as in validate()
    ordered = [outcomes[k] for k in keys]
    return QualityResult(
        suite=suite.name,
        success=all(o.success for o in ordered if o.severity == "error"),
        rows_checked=total,
        results=ordered,
        seconds=time.perf_counter() - started,
        target=target,
    )


def _merge(into: ExpectationOutcome, o: ExpectationOutcome) -> None:
    into.success = into.success and o.success
    into.error = into.error or o.error
    if o.unexpected_count is not None:
        into.unexpected_count = (into.unexpected_count or 0) + o.unexpected_count
    room = N_EXAMPLES - len(into.examples)
    into.examples += [e for e in o.examples if e not in into.examples][:room]
    if not o.success and o.observed is not None and into.observed is None:
        into.observed = o.observed


#: the landing's column naming the file that replaces a row's file (null: the file is current)
SUPERSEDED = "_superseded_by"


class _RowSource:
    """What the cross-row expectations read in DuckDB: a view ``t`` of the rows with the
    columns ``_dq_file`` and ``file_row_number`` (GX lists examples in the frame's order), and
    a macro ``_dq_file_index(f)`` ordering the files."""

    def columns(self) -> list[str]:
        raise NotImplementedError

    def create_view(self, con: Any, where: str) -> None:
        raise NotImplementedError


class _ParquetRows(_RowSource):
    def __init__(self, files: list[Path]) -> None:
        self.files = files

    def columns(self) -> list[str]:
        import pyarrow.parquet as pq

        return list(pq.ParquetFile(self.files[0]).schema_arrow.names)

    def create_view(self, con: Any, where: str) -> None:
        listed = ", ".join(_literal(str(f)) for f in self.files)  # a view cannot take parameters
        con.execute(
            f"""create view t as select * from read_parquet([{listed}], union_by_name = true,
                filename = '_dq_file', file_row_number = true) {where}"""
        )
        con.execute(f"create macro _dq_file_index(f) as list_position([{listed}], f)")


class _TableRows(_RowSource):
    """A table of a DuckDB file (the build warehouse), attached read-only."""

    def __init__(self, database: Path | str, table: str) -> None:
        self.database, self.table = str(database), table

    def _ident(self) -> str:
        return ".".join(_ident(part) for part in ["w", *self.table.split(".")])

    def columns(self) -> list[str]:
        import duckdb

        with duckdb.connect(self.database, read_only=True) as con:
            schema, _, name = self.table.rpartition(".")
            return [
                r[0]
                for r in con.execute(
                    "select column_name from information_schema.columns where table_name = ? "
                    "and (? = '' or table_schema = ?) order by ordinal_position",
                    [name, schema, schema],
                ).fetchall()
            ]

    def create_view(self, con: Any, where: str) -> None:
        con.execute(f"attach {_literal(self.database)} as w (read_only)")
        schema, _, name = self.table.rpartition(".")
        ((kind,),) = con.execute(
            "select table_type from information_schema.tables where table_catalog = 'w' "
            "and table_name = ? and (? = '' or table_schema = ?)",
            [name, schema, schema],
        ).fetchall()
        # a base table numbers its rows itself; a view is numbered in its own order
        number = "rowid" if kind == "BASE TABLE" else "row_number() over ()"
        con.execute(
            f"""create view t as select *, '' as _dq_file, {number} as file_row_number
                from {self._ident()} {where}"""
        )
        con.execute("create macro _dq_file_index(f) as 1")


def _cross_row(
    rows: _RowSource, suite: Suite, checks: list[Check]
) -> dict[str, ExpectationOutcome]:
    """Cross-row expectations over all the rows in DuckDB, with GX's semantics: uniqueness
    ignores nulls (a compound key: rows whose columns are all null) and counts every row of a
    duplicated value as unexpected."""
    import duckdb

    present = rows.columns()
    cols = suite.resolve(present)
    out: dict[str, ExpectationOutcome] = {}
    con = duckdb.connect()
    try:
        con.execute("set memory_limit = '2GB'")
        con.execute(f"set temp_directory = {_literal(tempfile.gettempdir())}")
        # a revised filing supersedes its earlier file in the same partition; the superseded
        # rows stay in the lake (lineage), but keys must be unique among the current rows only
        rows.create_view(con, "where _superseded_by is null" if SUPERSEDED in present else "")
        for check in checks:
            logical = check.columns()
            if any(c in suite.optional and cols.get(c, c) not in present for c in logical):
                continue  # optional column absent: not applicable (as in validate())
            physical = [cols.get(c, c) for c in logical]
            outcome = ExpectationOutcome(
                key=check.key,
                description=check.description,
                success=False,
                severity=check.severity,
                expectation=_snake(check.expectation),
                columns=physical,
            )
            missing = sorted(set(physical) - set(present))
            if missing:
                outcome.error = f"missing column(s) {', '.join(missing)}"
            else:
                _run_cross_row(con, check, cols, outcome)
            out[check.key] = outcome
    finally:
        con.close()
    return out


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _run_cross_row(con: Any, check: Check, cols: Mapping[str, str], o: ExpectationOutcome) -> None:
    kw = check.kwargs
    where, args = "true", []
    if check.row_condition is not None:
        name, op, value = check.row_condition
        where, args = f"{_ident(cols.get(name, name))} {op} ?", [value]
    if check.expectation == "ExpectTableRowCountToEqual":
        (n,) = con.execute(f"select count(*) from t where {where}", args).fetchone()
        o.success, o.observed = n == kw["value"], _short(n)
        return
    if check.expectation == "ExpectColumnDistinctValuesToEqualSet":
        c = _ident(o.columns[0])
        rows = con.execute(
            f"select distinct {c} from t where {where} and {c} is not null order by 1", args
        ).fetchall()
        seen = [r[0] for r in rows]
        o.success, o.observed = set(seen) == set(kw["value_set"]), _short(seen)
        return
    key = ", ".join(_ident(c) for c in o.columns)
    if check.expectation == "ExpectColumnValuesToBeUnique":
        counted = f"{key} is not null"
    else:  # compound: GX's default ignore_row_if="all_values_are_missing"
        counted = "not (" + " and ".join(f"{_ident(c)} is null" for c in o.columns) + ")"
    # one hash aggregate over every row (the expensive part) keeps only the duplicated keys,
    # a small table that gives both their row count and the examples
    (n_counted,) = con.execute(
        f"select count(*) from t where {where} and {counted}", args
    ).fetchone()
    con.execute(
        f"""create or replace temp table _dups as
            select {key}, count(*) as _n from t where {where} and {counted}
            group by {key} having count(*) > 1""",
        args,
    )
    (n_dup,) = con.execute("select coalesce(sum(_n), 0) from _dups").fetchone()
    examples = []
    if n_dup:  # GX's examples: the first rows of duplicated keys, in the frame's order
        same = " and ".join(f"t.{_ident(c)} is not distinct from d.{_ident(c)}" for c in o.columns)
        examples = con.execute(
            f"""select {", ".join(f"t.{_ident(c)}" for c in o.columns)}
                from (select * from t where {where} and {counted}) t join _dups d on {same}
                order by _dq_file_index(t._dq_file), t.file_row_number limit {N_EXAMPLES}""",
            args,
        ).fetchall()
    o.unexpected_count = int(n_dup)
    o.unexpected_percent = 100 * n_dup / n_counted if n_counted else 0.0
    mostly = kw.get("mostly", 1.0)
    o.success = (1 - o.unexpected_percent / 100) >= mostly if n_counted else True
    if len(o.columns) == 1:
        o.examples = [_short(r[0]) for r in examples]
    else:
        o.examples = [_short(dict(zip(o.columns, r, strict=True))) for r in examples]


def validate_warehouse_table(
    duckdb_path: Path | str,
    table: str,
    suite_name: str | None = None,
    params: Mapping[str, Any] | None = None,
    *,
    chunk_rows: int | None = None,
) -> QualityResult:
    """Validate a warehouse table (`schema.table`) read through a read-only DuckDB connection.
    The suite defaults to the table's own (`marts.x`), else the PII-only suite.

    A table of up to ``chunk_rows`` rows (:data:`CHUNK_ROWS`) is validated as one frame; a
    larger one (a national dim_person is ~26 M rows: ~15 GB as one pandas frame) in chunks
    streamed from DuckDB, with its cross-row expectations computed in DuckDB over the table,
    as a large lake partition is."""
    import duckdb

    from .suites import SUITES

    if suite_name is None:
        suite_name = table if table in SUITES else "pii"
    rows = chunk_rows or CHUNK_ROWS
    target = f"{duckdb_path}:{table}"
    schema, _, name = table.rpartition(".")
    ident = ".".join(f'"{part}"' for part in ([schema] if schema else []) + [name])
    con = duckdb.connect(str(duckdb_path), read_only=True)
    try:
        ((count,),) = con.execute(f"select count(*) from {ident}").fetchall()
        if count <= rows:
            df = con.sql(f"select * from {ident}").df()
            return validate(df, suite_name, params, target=target)
        con.execute("set memory_limit = '2GB'")
        reader = con.sql(f"select * from {ident}").to_arrow_reader(rows)
        return _validate_chunked(
            _batches(reader),
            _TableRows(duckdb_path, table),
            suite_name,
            params,
            target=target,
        )
    finally:
        con.close()


def _batches(reader: Any) -> Any:
    """Polars frames from an Arrow record-batch reader (its batch size bounds them)."""
    import polars as pl

    for batch in reader:
        if batch.num_rows:
            yield pl.from_arrow(batch)
