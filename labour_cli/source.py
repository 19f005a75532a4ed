"""`labour source …`: list the declared sources, scaffold a new one, sync the dbt sources YAML.

A source is declared once, in ingestion/sources/<system>/source.yaml; see
docs/adding-a-source.md.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(help="Sources: declared once in ingestion/sources/<system>/source.yaml.")
console = Console()

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_SQL_TYPES = {
    "string": "{{ dbt.type_string() }}",
    "int8": "smallint",
    "int16": "smallint",
    "int32": "integer",
    "int64": "bigint",
    "float64": "double",
    "date": "date",
    "bool": "boolean",
}


def _repo() -> Path:
    from ingestion.landing.paths import REPO_ROOT

    return REPO_ROOT


@app.command("list")
def list_sources() -> None:
    """Every declared lake table: reader, drop folder, partitioning, checks."""
    from ingestion.sources import ENTITIES

    table = Table("lake table", "reader", "files", "partition", "suite", "personal data")
    for t in ENTITIES:
        s = t.spec
        reader = s.reader.module if s.reader.kind == "python" else f"{s.reader.kind} (spec)"
        personal = ", ".join(f"{p.field}→{p.action}" for p in s.personal()) or "-"
        table.add_row(
            f"{t.source}/{t.entity}",
            reader,
            t.pattern or "-",
            s.partition,
            s.suite or "from spec",
            personal,
        )
    console.print(table)


@app.command("sync-dbt")
def sync_dbt(
    check: bool = typer.Option(False, help="Only check: exit 1 if a file differs from its spec."),
) -> None:
    """Generate dbt_project/models/staging/<system>/_<system>__sources.yml from the specs."""
    from orchestration.dbt_sources import stale_files, sync

    if check:
        stale = stale_files()
        for p in stale:
            console.print(f"[red]out of date:[/] {p.relative_to(_repo())}")
        if stale:
            console.print("run `uv run labour source sync-dbt`")
            raise typer.Exit(1)
        console.print("[green]dbt sources match the source specs[/]")
        return
    written = sync()
    for p in written:
        console.print(f"[green]wrote[/] {p.relative_to(_repo())}")
    if not written:
        console.print("dbt sources already match the source specs")


@app.command("new")
def new(
    name: str = typer.Argument(..., help="The source system, e.g. mol_dsd (lowercase, _)."),
    entity: str = typer.Option("records", help="The first entity (lake table) of the source."),
    kind: str = typer.Option(
        "csv", help="csv: the generic reader, no Python; python: a parse module to fill."
    ),
) -> None:
    """Scaffold a source: spec, reader stub, staging model, test; print the next steps."""
    for value, what in ((name, "NAME"), (entity, "--entity")):
        if not _NAME.match(value):
            raise typer.BadParameter(f"{what} must be lowercase letters, digits and _: {value!r}")
    if kind not in ("csv", "python"):
        raise typer.BadParameter("--kind is csv or python")
    repo = _repo()
    src_dir = repo / "ingestion" / "sources" / name
    if src_dir.exists():
        console.print(f"[red]{src_dir.relative_to(repo)} exists already[/]")
        raise typer.Exit(1)
    files = scaffold(repo, name, entity, kind)
    for p in files:
        console.print(f"[green]created[/] {p.relative_to(repo)}")

    from ingestion.sources.spec import load_spec
    from orchestration.dbt_sources import render_sources_yml, sources_yml_path

    spec = load_spec(src_dir / "source.yaml")
    yml = sources_yml_path(name, repo / "dbt_project" / "models" / "staging")
    yml.write_text(render_sources_yml(spec), encoding="utf-8")
    console.print(f"[green]created[/] {yml.relative_to(repo)}")
    console.print(next_steps(name, entity, kind))


def scaffold(repo: Path, name: str, entity: str, kind: str) -> list[Path]:
    src = repo / "ingestion" / "sources" / name
    stg = repo / "dbt_project" / "models" / "staging" / name
    src.mkdir(parents=True)
    stg.mkdir(parents=True, exist_ok=True)
    out = {
        src / "__init__.py": f'"""Source system {name}: declared in source.yaml."""\n',
        src / "source.yaml": spec_template(name, entity, kind),
        src / f"{entity}.py": reader_stub(name, entity),
        stg / f"stg_{name}__{entity}.sql": staging_sql(name, entity, EXAMPLE_COLUMNS),
        stg / f"_{name}__models.yml": models_yml(name, entity),
        repo / "tests" / "unit" / f"test_source_{name}.py": test_template(name, entity),
    }
    for path, text in out.items():
        path.write_text(text, encoding="utf-8")
    return list(out)


# (name, type) of the example columns the scaffold declares
EXAMPLE_COLUMNS = [("person_key", "string"), ("province_code", "string"), ("event_date", "date")]


def spec_template(name: str, entity: str, kind: str) -> str:
    if kind == "csv":
        reader = (
            "    reader:\n"
            "      kind: csv               # the generic reader: no Python needed\n"
            "      encoding: cp874         # or utf-8\n"
        )
    else:
        reader = (
            f"    reader:\n      kind: python\n      module: ingestion.sources.{name}.{entity}\n"
        )
    head = f"""\
# The source {name}, declared once: the lake asset, its checks and file-drop sensor,
# the quality suite and the dbt source are all derived from this file.
# Fields: ingestion/sources/spec.py. Walkthrough: docs/adding-a-source.md.
system: {name}
description: >
  TODO: who delivers {name}, what it holds, how often. Landed in the lake under
  $LABOUR_DATA_DIR/lake/raw/{name}/<entity>/month=YYYY-MM/.
entities:
  - name: {entity}
    description: TODO one row per … (what a row is).
"""
    tail = f"""\
    files:
      # where the files arrive, under data/sources/, and which month each one is
      pattern: {name}/{entity}/{entity}_*.csv
      month_regex: '{entity}_(\\d{{6}})\\.csv'
      month_format: be_yyyymm     # or ce_yyyymm
    partition: monthly            # or quarterly
    partition_description: Delivery month of the source file (hive partition, YYYY-MM).
    # The lake columns, in file order. `header` is the column's header in the file.
    # type: string, int8/16/32/64, float64, decimal (precision, scale), date, bool
    # normalise: thai_digits, province, be_date, iso_date, national_id, no_spaces
    # personal: pseudonymise (→ keyed HMAC person_key) or drop (never leaves ingestion)
    # checks: nullable, regex, values, min, max (a failing row is quarantined with a reason)
    columns:
      - name: person_key
        header: เลขประจำตัวประชาชน
        normalise: [national_id]
        personal: pseudonymise
        description: Keyed HMAC pseudonym of the national ID.
      - name: full_name
        header: ชื่อ-นามสกุล
        personal: drop
      - name: province_code
        header: จังหวัด
        normalise: [province]
        description: ISO 3166-2:TH province code.
      - name: event_date
        header: วันที่
        type: date
        normalise: [be_date]
        description: TODO.
    # Extra Great Expectations checks (any GX 1.x expectation), on top of those the
    # columns imply (not null, regex, values, min/max, province codes, pseudonyms).
    expectations: []
    # What must reconcile (enforced by the reader, or an expectation above).
    control_totals: []
"""
    return head + reader + tail


def reader_stub(name: str, entity: str) -> str:
    return textwrap.dedent(
        f'''\
        """Reader of {name}/{entity}, used only when source.yaml says
        `reader: {{kind: python, module: ingestion.sources.{name}.{entity}}}`. For a plain CSV,
        keep `kind: csv` in source.yaml and delete this file: no Python is needed.

        Contract (ingestion/sources/__init__.py): `partition_month(path) -> "YYYY-MM"` and
        `parse(path, rel, key) -> ParseResult` (lake rows + quarantine rows, every input row in
        one of them). Helpers: ingestion/sources/_common.py, ingestion/readers/.
        """

        from __future__ import annotations

        import re
        from pathlib import Path

        from ingestion.sources import ParseResult
        from ingestion.sources._common import month_from_name

        SOURCE = "{name}"
        ENTITY = "{entity}"
        FILE_PATTERN = re.compile(r"{entity}_(\\d{{6}})\\.csv")


        def partition_month(path: Path) -> str:
            """The partition of a delivered file, from its name (BE year and month)."""
            return month_from_name(path, FILE_PATTERN)


        def parse(path: Path, rel: str, key: bytes) -> ParseResult:
            raise NotImplementedError(
                f"{{rel}}: the reader of {name}/{entity} is not written yet: fill parse() in "
                "ingestion/sources/{name}/{entity}.py, or declare `reader: {{kind: csv}}` in "
                "ingestion/sources/{name}/source.yaml"
            )
        '''
    )


def staging_sql(name: str, entity: str, columns: list[tuple[str, str]]) -> str:
    casts = [f"        cast({c} as {_SQL_TYPES.get(t, t)}) as {c}," for c, t in columns]
    return (
        f"-- {name} {entity}: the lake table typed, one row per delivered record.\n"
        "-- Scaffolded by `labour source new`: list the columns of the spec here.\n"
        "with source_rows as (\n"
        f"    select * from {{{{ source('{name}', '{entity}') }}}}\n"
        ")\n\n"
        "select\n" + "\n".join(casts) + "\n"
        "    {{ partition_month('month') }} as partition_month,\n"
        "    cast(_source_file as {{ dbt.type_string() }}) as source_file,\n"
        "    cast(_source_line as bigint) as source_line,\n"
        "    cast(_load_id as {{ dbt.type_string() }}) as load_id\n"
        "from source_rows\n"
    ).replace("        cast(", "    cast(")


def models_yml(name: str, entity: str) -> str:
    return textwrap.dedent(
        f"""\
        version: 2

        models:
          - name: stg_{name}__{entity}
            description: {name} {entity}, typed, one row per delivered record.
            columns:
              - name: source_file
                description: The delivered file (path under data/sources/).
                data_tests: [not_null]
              - name: source_line
                description: Line of the record in the file.
                data_tests: [not_null]
        """
    )


def test_template(name: str, entity: str) -> str:
    return textwrap.dedent(
        f'''\
        """The {name} source: its spec loads and its reader parses the sample deliveries in
        tests/fixtures/sources/{name}/ (put one small real-shaped file there)."""

        from __future__ import annotations

        from pathlib import Path

        import pytest

        from ingestion.landing import get_entity

        SAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "{name}"


        def test_spec_declares_the_table():
            parser = get_entity("{name}", "{entity}")
            assert parser.spec.spec.columns, "declare the columns in source.yaml"


        @pytest.mark.skipif(
            not SAMPLES.is_dir() or not any(SAMPLES.iterdir()),
            reason="add a sample delivery under tests/fixtures/sources/{name}/",
        )
        def test_sample_deliveries_parse():
            parser = get_entity("{name}", "{entity}")
            for path in sorted(SAMPLES.iterdir()):
                assert parser.partition_month(path)
                result = parser.parse_batch([path], [path.name], b"test-key")[0]
                assert result.rows_in == result.rows.height + result.quarantine.height
                assert result.rows.height > 0, result.quarantine
        '''
    )


def next_steps(name: str, entity: str, kind: str) -> str:
    reader = (
        "the columns (headers, types, normalisers, personal data) and the file pattern"
        if kind == "csv"
        else f"then fill parse() in ingestion/sources/{name}/{entity}.py"
    )
    return textwrap.dedent(
        f"""
        [bold]Next steps[/] (docs/adding-a-source.md):
          1. ingestion/sources/{name}/source.yaml: describe the source; declare {reader}.
          2. uv run labour source sync-dbt     (regenerates _{name}__sources.yml from the spec)
          3. dbt_project/models/staging/{name}/stg_{name}__{entity}.sql: select the spec's columns.
          4. Put a sample file in tests/fixtures/sources/{name}/ and run
             uv run pytest tests/unit/test_source_{name}.py
          5. Drop a delivery in data/sources/{name}/{entity}/ and run: uv run labour run
             (the lake asset lake/{name}/{entity}, its checks and its file-drop sensor
             {name}__{entity}__file_drop appear in Dagster with no code change)
          6. Query staging.stg_{name}__{entity} in the warehouse; build a mart and a chart on it.
        """
    )
