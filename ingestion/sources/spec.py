"""Source specifications: every source system is declared once, in
``ingestion/sources/<system>/source.yaml``, and everything else is derived from it: the landing
registry (:data:`ingestion.sources.ENTITIES`), the Dagster lake assets, their checks and
file-drop sensors, the Great Expectations suite (``quality.suites.from_spec``) and the dbt source
YAML (``labour source sync-dbt``). See docs/adding-a-source.md.

A spec names, per entity (lake table ``raw/<system>/<entity>``):

* ``reader``: the format and reader with its options. ``kind: csv`` is read by the generic,
  spec-driven CSV reader (no Python needed); ``kind: python`` names a parse module (the
  fixed-width สปส.1-10 and NSO Excel readers); ``http_json`` and ``sql`` are connectors.
* ``files``: where deliveries arrive (a glob under ``data/sources/``) and how a file name gives
  its partition month; ``partition``: ``monthly`` or ``quarterly``.
* ``columns``: the lake schema with types; for CSV also the header each column is read from,
  its Thai normalisers and checks, and whether it is personal data (``pseudonymise``/``drop``).
* ``expectations`` (extra Great Expectations checks) or ``suite`` (a hand-written suite in
  ``quality/suites``), and ``control_totals`` (what must reconcile, and who enforces it).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

SOURCES_DIR = Path(__file__).resolve().parent
SPEC_FILE = "source.yaml"

ColumnType = Literal[
    "string", "int8", "int16", "int32", "int64", "float64", "decimal", "date", "bool"
]
#: ``be_date``: an event date (two-digit years pivot around today); ``be_birth_date``: a birth
#: date (never in the future; ingestion.thai.dates.be_year)
Normaliser = Literal[
    "thai_digits", "province", "be_date", "be_birth_date", "iso_date", "national_id", "no_spaces"
]
PersonalAction = Literal["pseudonymise", "drop"]
_NAME = r"^[a-z][a-z0-9_]*$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReaderSpec(_Model):
    """How the deliveries are read."""

    kind: Literal["csv", "python", "http_json", "sql"]
    #: ``python``: the parse module (``partition_month(path)``, ``parse(path, rel, key)``)
    module: str | None = None
    #: ``csv``: the file encoding (Windows-874 or UTF-8); one header row, comma-separated
    encoding: Literal["cp874", "utf-8"] = "cp874"
    #: bytes of input per parse call (small files are parsed many at a time); 1 = one per call
    batch_bytes: int = 1
    #: reader options: documented layout details (fixed-width layout, sheet and header rows,
    #: amount format) or connector settings (url, paging, query, cursor column, timeouts)
    options: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _module_for_python(self) -> ReaderSpec:
        if self.kind == "python" and not self.module:
            raise ValueError("reader kind 'python' needs `module:` (the parse module)")
        return self


class SupersedeSpec(_Model):
    """Corrected deliveries: a later revision of the same report replaces the earlier one.
    Both stay in the lake; rows of a replaced file carry ``_superseded_by`` (the file that
    replaced it), and staging keeps only rows where it is null."""

    #: regex over the file name; its groups together identify the report (e.g. employer
    #: account, branch and wage period of a สปส.1-10 filing)
    key: str
    #: regex over the file name whose first group is the revision number (no match: 0); the
    #: highest revision wins, then the later file name
    revision: str | None = None


class FilesSpec(_Model):
    """Where files arrive and which partition each belongs to."""

    #: glob relative to data/sources/, e.g. ``mol_dsd/training/training_*.csv``
    pattern: str
    #: regex over the file name; its first group is the month (``month_format``)
    month_regex: str | None = None
    month_format: Literal["be_yyyymm", "ce_yyyymm"] = "be_yyyymm"
    supersede: SupersedeSpec | None = None


class ColumnSpec(_Model):
    """A lake column (name = the lake column)."""

    name: str = Field(pattern=_NAME)
    type: ColumnType = "string"
    description: str = ""
    #: csv: the header the column is read from (default: the name)
    header: str | None = None
    nullable: bool = False
    normalise: list[Normaliser] = Field(default_factory=list)
    #: personal data: ``pseudonymise`` (a keyed HMAC person_key replaces it) or ``drop``
    personal: PersonalAction | None = None
    #: checks (a failing row is quarantined with file, line, field and reason)
    regex: str | None = None
    values: list[str | int] | None = None
    min: float | None = None
    max: float | None = None
    #: decimal(precision, scale); date format for ``iso_date`` (strftime)
    precision: int = 18
    scale: int = 2
    date_format: str = "%Y-%m-%d"

    @property
    def in_lake(self) -> bool:
        return self.personal != "drop"


class PersonalField(_Model):
    """A personal field of the delivery and what ingestion does with it."""

    field: str
    action: PersonalAction
    #: the lake column that replaces it (pseudonymise), if any
    into: str | None = None


class ExpectationSpec(_Model):
    """One extra Great Expectations check: a GX 1.x expectation class and its arguments."""

    key: str = Field(pattern=_NAME)
    expectation: str
    kwargs: dict[str, Any] = Field(default_factory=dict)
    description: str
    severity: Literal["error", "warn"] = "error"


class ControlTotalSpec(_Model):
    """A control total that must reconcile; ``enforced_by: reader`` means a file that does not
    reconcile is quarantined whole by the reader."""

    name: str
    description: str
    enforced_by: Literal["reader", "expectation"] = "reader"


class EntitySpec(_Model):
    name: str = Field(pattern=_NAME)
    description: str
    reader: ReaderSpec
    files: FilesSpec | None = None
    partition: Literal["monthly", "quarterly"] = "monthly"
    #: what the ``month`` hive partition of the lake table means (dbt docs)
    partition_description: str = "Delivery month of the source file (hive partition, YYYY-MM)."
    columns: list[ColumnSpec]
    #: python readers: the personal fields of the delivery (csv: declared on the columns)
    personal_fields: list[PersonalField] = Field(default_factory=list)
    #: python readers: the Thai normalisers the reader applies (csv: declared on the columns)
    normalisers: list[Normaliser] = Field(default_factory=list)
    #: a hand-written suite in quality/suites; default: built from this spec
    suite: str | None = None
    expectations: list[ExpectationSpec] = Field(default_factory=list)
    control_totals: list[ControlTotalSpec] = Field(default_factory=list)
    #: a landed partition whose quarantined share of rows exceeds this is refused (blocks)
    quarantine_threshold: float = Field(default=0.05, ge=0, le=1)

    @model_validator(mode="after")
    def _consistent(self) -> EntitySpec:
        if self.reader.kind in ("csv", "python") and self.files is None:
            raise ValueError(f"entity {self.name}: a file reader needs `files:`")
        if self.reader.kind != "python":
            if not self.files or not self.files.month_regex:
                raise ValueError(f"entity {self.name}: {self.reader.kind} needs files.month_regex")
            re.compile(self.files.month_regex)
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"entity {self.name}: duplicate column names")
        return self

    @property
    def record_unit(self) -> Literal["csv", "lines", "excel"]:
        """What a physical record of a delivery is, for counting it apart from the parser
        (ingestion.landing.records)."""
        if self.reader.kind == "csv":
            return "csv"
        if self.reader.kind in ("http_json", "sql"):
            return "lines"  # JSON-lines drops
        fmt = self.reader.options.get("format")
        return {"csv": "csv", "excel": "excel"}.get(fmt, "lines")

    @property
    def lake_columns(self) -> list[ColumnSpec]:
        return [c for c in self.columns if c.in_lake]

    def personal(self) -> list[PersonalField]:
        declared = [
            PersonalField(
                field=c.header or c.name,
                action=c.personal,
                into=c.name if c.personal == "pseudonymise" else None,
            )
            for c in self.columns
            if c.personal
        ]
        return [*self.personal_fields, *declared]

    def all_normalisers(self) -> list[str]:
        out = list(self.normalisers)
        for c in self.columns:
            out += [n for n in c.normalise if n not in out]
        return out


class SourceSpec(_Model):
    system: str = Field(pattern=_NAME)
    description: str
    entities: list[EntitySpec]

    @model_validator(mode="before")
    @classmethod
    def _connector_drops(cls, raw: Any) -> Any:
        """A connector (http_json, sql) writes what it pulls as JSON-lines drops under
        data/sources/<system>/<entity>/ (raw drops, never modified), named by the date of the
        pull in Asia/Bangkok (the drop lands in that month's partition); landing reads them
        like any other delivery (ingestion.connectors.drops)."""
        if not isinstance(raw, dict):
            return raw
        for e in raw.get("entities") or []:
            kind = (e.get("reader") or {}).get("kind") if isinstance(e, dict) else None
            if kind in ("http_json", "sql") and "files" not in e:
                e["files"] = {
                    "pattern": f"{raw.get('system')}/{e.get('name')}/{e.get('name')}_*.jsonl",
                    "month_regex": rf"{e.get('name')}_(\d{{6}})_.*\.jsonl",
                    "month_format": "ce_yyyymm",
                }
        return raw

    @property
    def path(self) -> Path:
        return SOURCES_DIR / self.system / SPEC_FILE


class SpecError(ValueError):
    """A source.yaml that does not validate; the message names the file."""


def load_spec(path: Path) -> SourceSpec:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        spec = SourceSpec.model_validate(raw)
    except (ValidationError, yaml.YAMLError) as exc:
        raise SpecError(f"{path}: {exc}") from exc
    if spec.system != path.parent.name:
        raise SpecError(f"{path}: system {spec.system!r} must equal its folder name")
    return spec


def spec_paths(root: Path = SOURCES_DIR) -> list[Path]:
    return sorted(root.glob(f"*/{SPEC_FILE}"))


@cache
def source_specs() -> tuple[SourceSpec, ...]:
    """Every source system's spec, discovered from ``ingestion/sources/*/source.yaml``."""
    return tuple(load_spec(p) for p in spec_paths())


def get_source_spec(system: str) -> SourceSpec:
    for s in source_specs():
        if s.system == system:
            return s
    raise KeyError(f"no source spec {system!r}")


def get_entity_spec(system: str, entity: str) -> EntitySpec:
    for e in get_source_spec(system).entities:
        if e.name == entity:
            return e
    raise KeyError(f"no entity {entity!r} in source spec {system!r}")
