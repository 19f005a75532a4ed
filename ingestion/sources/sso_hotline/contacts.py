"""Landing of the hotline 1506 contacts: the connector's JSON-lines drops → lake rows.

The drops are read by the generic, spec-driven JSON-lines reader
(:class:`ingestion.sources._csv_spec.SpecJsonlReader`: strict lines, the spec's types, values
and ranges, the caller's national ID pseudonymised, quarantine with file, line, field and
reason). This module adds what a spec cannot say and SQL cannot do:

* **timestamps** (``contact_at``, ``updated_at``, ``closed_at``): ISO 8601 with an offset (the
  spec's regex) that is also a real instant in a plausible Christian-Era year (no 30 February,
  no Buddhist-Era 2567): otherwise the row is quarantined, field and value named. Kept as
  Bangkok wall-clock time with its offset, ``YYYY-MM-DDTHH:MM:SS+07:00`` (the same instant
  whatever offset the API used; whole seconds), so staging reads the first 19 characters as
  a Bangkok timestamp on any engine;
* **the caller's national ID is optional**: an ID that fails its check digit is *not* a reason
  to lose the contact (the counts would drop): it is left out, the row kept, and
  ``caller_id_status`` says ``invalid`` (``given`` / ``absent`` otherwise);
* **IDs typed into the free text** are masked (the one masking rule, ingestion.thai);
* **the topic**: ``topic_code`` from the classifier (:func:`topics.classify`, null where there
  is no text) and ``topic_model_version``, so every lake row says which model labelled it.

``reader.module`` in the spec names this module; it has the parse-module interface
(``partition_month``, ``parse``, ``parse_chunks``, ``SCHEMA``).
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path
from typing import Any

import polars as pl

from ingestion.readers.csv_cp874 import CsvData
from ingestion.sources import ParseResult
from ingestion.sources._common import concat_results, csv_record
from ingestion.sources._csv_spec import SpecJsonlReader, lake_schema
from ingestion.sources.spec import SPEC_FILE, load_spec
from ingestion.thai import (
    compact_national_id_expr,
    mask_national_ids_expr,
    to_arabic_digits_expr,
    valid_national_id_expr,
    year_bounds,
)

SOURCE, ENTITY = "sso_hotline", "contacts"
SPEC = Path(__file__).resolve().parent / SPEC_FILE
#: lake columns this module computes (declared in the spec, not read from the records)
DERIVED = ("caller_id_status", "topic_code", "topic_model_version")
TIMESTAMPS = ("contact_at", "updated_at", "closed_at")
TEXT = "issue_text"
ID_FIELD = "national_id"  # the record's field (lake column person_key)
BANGKOK = "Asia/Bangkok"  # UTC+7 all year
ISO_FORMAT = "%Y-%m-%dT%H:%M:%S%.f%z"


class ContactsReader(SpecJsonlReader):
    """The generic JSON-lines reader of the spec's record columns, plus the checks and derived
    columns above. ``SCHEMA`` is the whole lake schema (with the derived columns)."""

    def __init__(self, entity: Any) -> None:
        read = entity.model_copy(
            update={"columns": [c for c in entity.columns if c.name not in DERIVED]}
        )
        super().__init__(SOURCE, read)
        self.entity = entity
        self.SCHEMA = lake_schema(entity)
        self.id_column = next(c.name for c in read.columns if (c.header or c.name) == ID_FIELD)

    # ------------------------------------------------------------ the parse interface
    def parse(self, path: Path, rel: str, key: bytes) -> ParseResult:
        return concat_results(self.parse_chunks(path, rel, key), self.SCHEMA)

    def parse_chunks(self, path: Path, rel: str, key: bytes, *, chunk_lines: int | None = None):
        """The generic reader's chunks; records go through :meth:`process`, a rejected or empty
        file's result only gets the derived columns (it has no rows)."""
        for result in super().parse_chunks(path, rel, key, chunk_lines=chunk_lines):
            if result.rows.columns != list(self.SCHEMA):
                result = dataclasses.replace(result, rows=_with_nulls(result.rows, self.SCHEMA))
            yield result

    def process(self, csv: CsvData, rel: str, key: bytes) -> ParseResult:
        """One chunk of records: the checks above, the generic ones, then the derived columns."""
        rows, bad = self._timestamps(csv.rows)
        rows = self._optional_id(rows)
        status = rows.select(pl.col("_line").alias("_source_line"), "caller_id_status")
        errors = pl.concat([csv.errors, bad]) if bad.height else csv.errors
        checked = CsvData(csv.file, rows.drop("caller_id_status"), errors)
        result = super().process(checked, rel, key)
        return dataclasses.replace(result, rows=self._derive(result.rows, status))

    def _timestamps(self, rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Rows whose timestamps are real instants; the others as ragged-style errors."""
        low, high = year_bounds("event", era="ce")
        checks = []
        for name in TIMESTAMPS:
            raw = pl.col(name).str.strip_chars()
            parsed = _instant(raw)
            year = parsed.dt.year()
            bad = (raw != "") & (parsed.is_null() | ~year.is_between(low, high))
            checks.append((name, bad))
        field = pl.coalesce([pl.when(bad).then(pl.lit(name)) for name, bad in checks])
        flagged = rows.with_columns(__field=field)
        bad_rows = flagged.filter(pl.col("__field").is_not_null())
        good = flagged.filter(pl.col("__field").is_null()).drop("__field")
        good = good.with_columns(
            _instant(pl.col(name).str.strip_chars())
            .dt.strftime("%Y-%m-%dT%H:%M:%S+07:00")
            .alias(name)
            for name in TIMESTAMPS
        )
        if not bad_rows.height:
            empty = {"_line": pl.Int64, "_raw": pl.String}
            schema = {**empty, "_error_field": pl.String, "_error_reason": pl.String}
            return good, pl.DataFrame(schema=schema)
        value = pl.coalesce(
            [pl.when(pl.col("__field") == n).then(pl.col(n)) for n in TIMESTAMPS]
        ).fill_null("")
        errors = bad_rows.select(
            pl.col("_line"),
            csv_record(self.names, self.masked).alias("_raw"),
            pl.col("__field").alias("_error_field"),
            pl.concat_str(
                [
                    pl.lit("invalid timestamp '"),
                    value,
                    pl.lit(
                        f"': expected ISO 8601 with an offset, a real date and time, a "
                        f"Christian-Era year in [{low}, {high}]"
                    ),
                ]
            ).alias("_error_reason"),
        )
        return good, errors

    def _optional_id(self, rows: pl.DataFrame) -> pl.DataFrame:
        """An ID that is not a valid national ID is dropped (the contact is kept)."""
        raw = pl.col(self.id_column)
        clean = compact_national_id_expr(to_arabic_digits_expr(raw).str.strip_chars())
        given = clean.is_not_null() & (clean != "")
        valid = valid_national_id_expr(clean).fill_null(False)
        status = (
            pl.when(~given)
            .then(pl.lit("absent"))
            .when(valid)
            .then(pl.lit("given"))
            .otherwise(pl.lit("invalid"))
        )
        return rows.with_columns(caller_id_status=status).with_columns(
            pl.when(pl.col("caller_id_status") == "invalid")
            .then(pl.lit(None, pl.String))
            .otherwise(raw)
            .alias(self.id_column)
        )

    # ------------------------------------------------------------ after them
    def _derive(self, rows: pl.DataFrame, status: pl.DataFrame) -> pl.DataFrame:
        """Loaded rows with the caller ID's status, the masked text and the topic."""
        from ingestion.sources.sso_hotline.topics import classify, model_version

        rows = rows.join(status, on="_source_line", how="left", maintain_order="left")
        rows = rows.with_columns(mask_national_ids_expr(pl.col(TEXT)).alias(TEXT))
        texts = rows.get_column(TEXT)
        topics = pl.Series(classify(texts.to_list()) if rows.height else [], dtype=pl.String)
        rows = rows.with_columns(
            topic_code=pl.when(texts.is_not_null()).then(topics),
            topic_model_version=pl.lit(model_version() if rows.height else None, pl.String),
        )
        return rows.select(list(self.SCHEMA)).cast(self.SCHEMA)


def _instant(text: pl.Expr) -> pl.Expr:
    """ISO 8601 with an offset (``Z`` for UTC, optional fraction) → the instant in Bangkok time;
    null if it is not one (an explicit format: polars would otherwise guess one from the first
    value and apply it to all)."""
    iso = text.str.replace(r"Z$", "+00:00")
    return iso.str.to_datetime(ISO_FORMAT, strict=False, time_zone=BANGKOK)


def _with_nulls(rows: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    missing = [pl.lit(None, t).alias(n) for n, t in schema.items() if n not in rows.columns]
    return rows.with_columns(missing).select(list(schema)).cast(schema)


@cache
def reader() -> ContactsReader:
    spec = load_spec(SPEC)
    return ContactsReader(next(e for e in spec.entities if e.name == ENTITY))


def partition_month(path: Path | str) -> str:
    """The month of the pull in Bangkok, from the drop's name (see ingestion.connectors.drops)."""
    return reader().partition_month(path)


def parse(path: Path, rel: str, key: bytes) -> ParseResult:
    return reader().parse(path, rel, key)


def parse_chunks(path: Path, rel: str, key: bytes, *, chunk_lines: int | None = None):
    yield from reader().parse_chunks(path, rel, key, chunk_lines=chunk_lines)


def __getattr__(name: str) -> Any:
    if name == "SCHEMA":  # the lake schema, for the spec-versus-reader test
        return reader().SCHEMA
    raise AttributeError(name)
