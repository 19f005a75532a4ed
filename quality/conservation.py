"""Row conservation over the lake manifests: every input row is loaded or quarantined.

For a partition `manifests/<source>/<entity>/month=YYYY-MM.json` (data-contracts §2) it checks:
- per file: the physical records counted from the file's bytes at landing, apart from the
  parser (records_counted), == rows_in + rows_control (the control records the parser
  consumed: header rows, header records, subtotals): a parser that skips a record is caught;
- per file: rows_in == rows_loaded + rows_quarantined, and the status agrees with the numbers;
- per file: the rows in the partition's Parquet (and in quarantine) whose `_source_file` is
  that file number exactly its rows_loaded (rows_quarantined);
- the manifest's totals equal the per-file sums;
- the partition's Parquet row count == Σ rows_loaded; its quarantine Parquet row count ==
  Σ rows_quarantined (no quarantine directory means 0);
- the Parquet rows carry the manifest's `_load_id` (a partition and its manifest are one swap).
Only Parquet footers and two small columns are read, so it is cheap at national scale.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .validate import month_key, parquet_files, partition_dir

STATUSES = ("loaded", "partly_quarantined", "quarantined")


@dataclass
class FileConservation:
    file: str
    rows_in: int | None
    rows_loaded: int | None
    rows_quarantined: int | None
    status: str | None
    records_counted: int | None = None
    rows_control: int | None = None
    parquet_rows: int | None = None  # rows in the partition with this _source_file
    quarantine_rows: int | None = None  # rows in quarantine with this _source_file
    problems: list[str] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.problems

    def line(self) -> str:
        return (
            f"`{self.file}`: in {self.rows_in}, loaded {self.rows_loaded}, quarantined "
            f"{self.rows_quarantined} (Parquet {self.parquet_rows}, quarantine "
            f"{self.quarantine_rows}): " + "; ".join(self.problems)
        )


@dataclass
class ConservationResult:
    source: str
    entity: str
    month: str
    manifest_path: Path
    rows_in: int = 0  # Σ per-file rows_in
    rows_loaded: int | None = None  # manifest total
    rows_quarantined: int | None = None  # manifest total
    parquet_rows: int = 0
    quarantine_rows: int = 0
    files: list[FileConservation] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # partition-level

    @property
    def failing_files(self) -> list[FileConservation]:
        return [f for f in self.files if not f.success]

    @property
    def success(self) -> bool:
        return not self.problems and not self.failing_files

    @property
    def partition(self) -> str:
        return f"{self.source}/{self.entity}/month={self.month}"

    def summary(self) -> str:
        verdict = "conserved" if self.success else "NOT conserved"
        lines = [
            f"**{self.partition}** rows {verdict}: {self.rows_in:,} in = "
            f"{self.rows_loaded if self.rows_loaded is not None else '?'} loaded + "
            f"{self.rows_quarantined if self.rows_quarantined is not None else '?'} quarantined "
            f"(Parquet {self.parquet_rows:,}, quarantine {self.quarantine_rows:,}; "
            f"{len(self.files)} files)",
            "",
        ]
        lines += [f"- ❌ {p}" for p in self.problems]
        lines += [f"- ❌ {f.line()}" for f in self.failing_files]
        return "\n".join(lines).rstrip() + "\n"

    def metadata(self) -> dict[str, Any]:
        return {
            "partition": self.partition,
            "rows_in": self.rows_in,
            "rows_loaded": self.rows_loaded,
            "rows_quarantined": self.rows_quarantined,
            "parquet_rows": self.parquet_rows,
            "quarantine_rows": self.quarantine_rows,
            "files": len(self.files),
            "failing_files": len(self.failing_files),
            "summary": self.summary(),
        }


def manifest_path(lake_root: Path, source: str, entity: str, month: str | dt.date) -> Path:
    return Path(lake_root) / "manifests" / source / entity / f"month={month_key(month)}.json"


def _row_count(files: list[Path]) -> int:
    import pyarrow.parquet as pq

    return sum(pq.ParquetFile(f).metadata.num_rows for f in files)


def _column_counts(files: list[Path], *columns: str) -> list[Counter[str] | None]:
    """Value counts of each column over the files (None for a column some file lacks), the
    columns of a file read together in one pass, as dictionaries: a lineage column holds few
    distinct values, so counting the dictionary codes is several times cheaper than the text."""
    import pyarrow.parquet as pq

    counts: list[Counter[str] | None] = [Counter() for _ in columns]
    for f in files:
        names = set(pq.read_schema(f).names)
        wanted = [c for i, c in enumerate(columns) if c in names and counts[i] is not None]
        table = pq.ParquetFile(f, read_dictionary=wanted).read(columns=wanted) if wanted else None
        for i, column in enumerate(columns):
            into = counts[i]
            if into is None:
                continue
            if column not in names:
                counts[i] = None
                continue
            # chunk by chunk: each row group's dictionary is its own
            for chunk in table.column(column).chunks:
                vc = chunk.value_counts()
                for value, n in zip(
                    vc.field("values").to_pylist(), vc.field("counts").to_pylist(), strict=True
                ):
                    into[value] += n
    return counts


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def check_partition_conservation(
    lake_root: Path, source: str, entity: str, month: str | dt.date, *, per_file: bool = True
) -> ConservationResult:
    """Check one partition's manifest against its Parquet and quarantine files.
    `per_file=False` skips reading `_source_file`/`_load_id` (footers only)."""
    lake_root = Path(lake_root)
    month = month_key(month)
    path = manifest_path(lake_root, source, entity, month)
    res = ConservationResult(source=source, entity=entity, month=month, manifest_path=path)

    raw_files = parquet_files(partition_dir(lake_root, "raw", source, entity, month))
    q_files = parquet_files(partition_dir(lake_root, "quarantine", source, entity, month))
    res.parquet_rows = _row_count(raw_files)
    res.quarantine_rows = _row_count(q_files)

    if not path.is_file():
        res.problems.append(f"manifest missing: {path}")
        return res
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        res.problems.append(f"manifest unreadable: {path}: {exc}")
        return res

    for key, want in (("source", source), ("entity", entity), ("month", month)):
        if manifest.get(key) != want:
            res.problems.append(f"manifest {key} is {manifest.get(key)!r}, expected {want!r}")

    res.rows_loaded = _int(manifest.get("rows_loaded"))
    res.rows_quarantined = _int(manifest.get("rows_quarantined"))
    if res.rows_loaded is None or res.rows_quarantined is None:
        res.problems.append(
            "manifest totals rows_loaded / rows_quarantined missing or not integers"
        )

    loaded_by_file = quarantined_by_file = None
    if per_file:
        loaded_by_file, load_ids = _column_counts(raw_files, "_source_file", "_load_id")
        (quarantined_by_file,) = _column_counts(q_files, "_source_file")
        want_id = manifest.get("load_id")
        if load_ids and want_id is not None and set(load_ids) != {want_id}:
            others = sorted(str(x) for x in set(load_ids) - {want_id})[:3]
            res.problems.append(
                f"Parquet rows carry _load_id {', '.join(others)}, manifest says {want_id}"
            )

    seen: set[str] = set()
    sum_in = sum_loaded = sum_quarantined = 0
    for entry in manifest.get("files") or []:
        name = str(entry.get("file"))
        fc = FileConservation(
            file=name,
            rows_in=_int(entry.get("rows_in")),
            rows_loaded=_int(entry.get("rows_loaded")),
            rows_quarantined=_int(entry.get("rows_quarantined")),
            status=entry.get("status"),
            records_counted=_int(entry.get("records_counted")),
            rows_control=_int(entry.get("rows_control")),
        )
        if name in seen:
            fc.problems.append("listed twice in the manifest")
        seen.add(name)
        if None in (fc.rows_in, fc.rows_loaded, fc.rows_quarantined):
            fc.problems.append("rows_in / rows_loaded / rows_quarantined missing or not integers")
        else:
            sum_in += fc.rows_in
            sum_loaded += fc.rows_loaded
            sum_quarantined += fc.rows_quarantined
            if min(fc.rows_in, fc.rows_loaded, fc.rows_quarantined) < 0:
                fc.problems.append("negative row count")
            if fc.rows_in != fc.rows_loaded + fc.rows_quarantined:
                fc.problems.append(
                    f"rows_in {fc.rows_in} != rows_loaded {fc.rows_loaded} + rows_quarantined "
                    f"{fc.rows_quarantined} (difference "
                    f"{fc.rows_in - fc.rows_loaded - fc.rows_quarantined:+})"
                )
            if fc.records_counted is None or fc.rows_control is None:
                fc.problems.append("no independent record count (records_counted, rows_control)")
            elif fc.records_counted != fc.rows_in + fc.rows_control:
                fc.problems.append(
                    f"{fc.records_counted} physical records ({entry.get('count_unit', 'lines')}) "
                    f"counted in the file, but the parser accounts for {fc.rows_in} in + "
                    f"{fc.rows_control} control records (difference "
                    f"{fc.records_counted - fc.rows_in - fc.rows_control:+}): records were "
                    "skipped or invented"
                )
            if fc.status not in STATUSES:
                fc.problems.append(f"unknown status {fc.status!r}")
            elif fc.status == "loaded" and fc.rows_quarantined:
                fc.problems.append("status 'loaded' but rows were quarantined")
            elif fc.status == "quarantined" and fc.rows_loaded:
                fc.problems.append("status 'quarantined' but rows were loaded")
            elif fc.status == "partly_quarantined" and not fc.rows_quarantined:
                fc.problems.append("status 'partly_quarantined' but no rows were quarantined")
        if loaded_by_file is not None:
            fc.parquet_rows = loaded_by_file.get(name, 0)
            if fc.rows_loaded is not None and fc.parquet_rows != fc.rows_loaded:
                fc.problems.append(
                    f"{fc.parquet_rows} rows in the partition, manifest says {fc.rows_loaded}"
                )
        if quarantined_by_file is not None:
            fc.quarantine_rows = quarantined_by_file.get(name, 0)
            if fc.rows_quarantined is not None and fc.quarantine_rows != fc.rows_quarantined:
                fc.problems.append(
                    f"{fc.quarantine_rows} rows in quarantine, manifest says {fc.rows_quarantined}"
                )
        res.files.append(fc)
    res.rows_in = sum_in

    if res.rows_loaded is not None and res.rows_loaded != sum_loaded:
        res.problems.append(
            f"manifest rows_loaded {res.rows_loaded} != Σ files' rows_loaded {sum_loaded}"
        )
    if res.rows_quarantined is not None and res.rows_quarantined != sum_quarantined:
        res.problems.append(
            f"manifest rows_quarantined {res.rows_quarantined} != Σ files' rows_quarantined "
            f"{sum_quarantined}"
        )
    if res.parquet_rows != sum_loaded:
        res.problems.append(
            f"partition Parquet has {res.parquet_rows} rows, Σ rows_loaded is {sum_loaded}"
        )
    if res.quarantine_rows != sum_quarantined:
        res.problems.append(
            f"quarantine Parquet has {res.quarantine_rows} rows, Σ rows_quarantined is "
            f"{sum_quarantined}"
        )
    for counts, what in ((loaded_by_file, "partition"), (quarantined_by_file, "quarantine")):
        stray = ", ".join(map(str, sorted(set(counts or ()) - seen)[:5]))
        if stray:
            res.problems.append(f"{what} rows from files the manifest does not list: {stray}")
        if counts is None and per_file and (raw_files if what == "partition" else q_files):
            res.problems.append(f"{what} Parquet has no _source_file column")
    return res


@dataclass
class LakeConservationResult:
    lake_root: Path
    partitions: list[ConservationResult]
    problems: list[str] = field(default_factory=list)  # e.g. data without a manifest

    @property
    def success(self) -> bool:
        return not self.problems and all(p.success for p in self.partitions)

    @property
    def failing(self) -> list[ConservationResult]:
        return [p for p in self.partitions if not p.success]

    def summary(self) -> str:
        rows_in = sum(p.rows_in for p in self.partitions)
        loaded = sum(p.parquet_rows for p in self.partitions)
        quarantined = sum(p.quarantine_rows for p in self.partitions)
        verdict = "conserved" if self.success else "NOT conserved"
        lines = [
            f"**lake** rows {verdict}: {len(self.partitions)} partitions, {rows_in:,} rows in, "
            f"{loaded:,} in Parquet, {quarantined:,} in quarantine",
            "",
        ]
        lines += [f"- ❌ {p}" for p in self.problems]
        for part in self.failing:
            lines += ["", part.summary().rstrip()]
        return "\n".join(lines).rstrip() + "\n"

    def metadata(self) -> dict[str, Any]:
        return {
            "partitions": len(self.partitions),
            "failing_partitions": len(self.failing),
            "rows_in": sum(p.rows_in for p in self.partitions),
            "summary": self.summary(),
        }


def _partitions_with_data(lake_root: Path, area: str) -> set[tuple[str, str, str]]:
    base = lake_root / area
    if not base.is_dir():
        return set()
    return {
        (d.parent.parent.name, d.parent.name, d.name.removeprefix("month="))
        for d in base.glob("*/*/month=*")
        if d.is_dir() and parquet_files(d)
    }


def check_lake_conservation(lake_root: Path, *, per_file: bool = True) -> LakeConservationResult:
    """Check every partition that has a manifest, and that no raw or quarantine partition
    holds data without one."""
    lake_root = Path(lake_root)
    with_manifest: set[tuple[str, str, str]] = set()
    base = lake_root / "manifests"
    if base.is_dir():
        for f in base.glob("*/*/month=*.json"):
            if not f.name.startswith("."):
                month = f.name.removeprefix("month=").removesuffix(".json")
                with_manifest.add((f.parent.parent.name, f.parent.name, month))
    result = LakeConservationResult(
        lake_root=lake_root,
        partitions=[
            check_partition_conservation(lake_root, s, e, m, per_file=per_file)
            for s, e, m in sorted(with_manifest)
        ],
    )
    for area in ("raw", "quarantine"):
        for s, e, m in sorted(_partitions_with_data(lake_root, area) - with_manifest):
            result.problems.append(f"{area}/{s}/{e}/month={m} holds data but has no manifest")
    return result


@dataclass
class QuarantineShareResult:
    partition: str
    rows_loaded: int
    rows_quarantined: int
    threshold: float
    files: int

    @property
    def share(self) -> float:
        total = self.rows_loaded + self.rows_quarantined
        return self.rows_quarantined / total if total else 0.0

    @property
    def success(self) -> bool:
        # a partition with deliveries but no row loaded is refused whatever the threshold:
        # publishing it would show the month as empty
        if self.files and not self.rows_loaded:
            return False
        return self.files > 0 and self.share <= self.threshold

    def summary(self) -> str:
        if not self.files:
            return f"**{self.partition}**: ❌ no files delivered for this partition\n"
        verdict = "✅" if self.success else "❌ refused:"
        return (
            f"**{self.partition}**: {verdict} {self.rows_quarantined:,} of "
            f"{self.rows_loaded + self.rows_quarantined:,} rows quarantined ({self.share:.2%}; "
            f"the spec allows {self.threshold:.2%}) from {self.files} files\n"
        )


def check_quarantine_share(manifest: dict[str, Any], threshold: float) -> QuarantineShareResult:
    """Refuse a partition whose quarantined share of rows exceeds the spec's threshold, or
    that loaded no rows at all: a delivery that broke wholesale must stop the pipeline, not
    publish a month that looks small."""
    return QuarantineShareResult(
        partition=f"{manifest['source']}/{manifest['entity']}/month={manifest['month']}",
        rows_loaded=int(manifest["rows_loaded"]),
        rows_quarantined=int(manifest["rows_quarantined"]),
        threshold=threshold,
        files=len(manifest["files"]),
    )
