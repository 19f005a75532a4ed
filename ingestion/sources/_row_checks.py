"""The spec-driven CSV reader with checks across the fields of a row.

A column spec says what one field must be; some rules of a file tie fields together (a benefit
claim is not decided before it was received; a rejected claim has a reason and pays nothing; a
course does not end before it starts; a claim or case number appears once in a file). Shared by
the readers of sso_benefits, mol_dsd and mol_dlpw. :class:`RowCheckedCsvReader` runs the
generic reader (:class:`ingestion.sources._csv_spec.SpecCsvReader`: types, Thai normalisers,
column checks, pseudonymisation), then these row checks on the typed rows it accepted, and moves
a failing row to quarantine with its field, reason and the raw record (personal fields
masked), the same quarantine the column checks give. Rows in = loaded + quarantined still
holds: a row only moves.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import polars as pl

from ingestion.readers.csv_cp874 import CsvData
from ingestion.sources import ParseResult
from ingestion.sources._common import (
    Check,
    SeenKeys,
    concat_results,
    first_error,
    mark_duplicates,
    process_csv_chunks,
    quarantine_frame,
)
from ingestion.sources._csv_spec import SpecCsvReader
from ingestion.sources.spec import get_entity_spec


class RowCheckedCsvReader(SpecCsvReader):
    """A spec'd CSV entity plus `row_checks` over its lake columns (a check is (field, bad
    row, reason), as :func:`ingestion.sources._common.first_error` takes them) and a natural
    key that must be unique within a file (`unique_key`; `what` names it in the reason)."""

    def __init__(
        self, source: str, entity: str, row_checks: Sequence[Check], unique_key: str, what: str
    ) -> None:
        super().__init__(source, get_entity_spec(source, entity))
        self.row_checks = list(row_checks)
        self.unique_key, self.what = unique_key, what

    def parse(self, path: Path, rel: str, key: bytes) -> ParseResult:
        return concat_results(self.parse_chunks(path, rel, key), self.schema)

    def parse_chunks(
        self, path: Path, rel: str, key: bytes, *, chunk_lines: int | None = None
    ) -> Iterator[ParseResult]:
        seen = SeenKeys()  # keys accepted so far from this file, across its chunks
        yield from process_csv_chunks(
            self.read_chunks(path, rel, chunk_lines=chunk_lines),
            lambda read: self.check_rows(read, self.process(read, rel, key), rel, seen),
        )

    def check_rows(
        self, csv: CsvData, result: ParseResult, rel: str, seen: SeenKeys
    ) -> ParseResult:
        """`result` (the column-checked chunk) with rows failing a row check, or repeating the
        key of an earlier row of the file, moved to quarantine."""
        rows = result.rows.with_columns(_line=pl.col("_source_line"))
        checked = first_error(rows, self.row_checks)
        checked = mark_duplicates(
            checked, [pl.col(self.unique_key)], self.unique_key, self.what, seen
        )
        failed = checked.filter(pl.col("__field").is_not_null())
        if failed.height == 0:
            return result
        raw = csv.rows.join(failed.select("_line", "__field", "__reason"), on="_line", how="inner")
        moved = quarantine_frame(raw, rel, "_line", "__field", "__reason", self.record())
        kept = checked.filter(pl.col("__field").is_null()).select(result.rows.columns)
        quarantine = pl.concat([result.quarantine, moved]).sort("_source_line")
        return ParseResult(kept, quarantine, result.rows_in, None, result.rows_control)
