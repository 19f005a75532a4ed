"""สปส.1-10 contribution files (contracts §1.3) → ``raw/sso_efiling/contributions``.

``sso_efiling/<BEYYYYMM>/SPS110_<account>_<branch>_<BEYYYYMM>.txt``: one header line (record
type 1) then one detail line (record type 2) per insured, 135 bytes of Windows-874 each. The
rows of this table are the detail lines; the header supplies the employer, wage month, payment
date and rate, and its control totals are reconciled against the details.

A file is quarantined whole (``file_error``; every detail line goes to quarantine with the
reason) when it cannot be read, its first line is not a valid header, the header does not match
the file name or folder (account, branch, wage period), any detail line cannot be read (wrong
length, record type, amount format: the totals can then not be verified), or the header totals
do not reconcile with the details. Otherwise single lines are quarantined for an invalid
national ID, an unknown title code or a wage too large for the lake column.

Many files are parsed in one vectorised pass (:func:`parse_many`): the landing step hands over
a month's files in batches.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import numpy as np
import polars as pl

from ingestion.pseudonym import person_key
from ingestion.readers import FixedWidthLayout, RecordLayout, read_fixed_width_many
from ingestion.readers.fixed_width import AmountFormat, FixedWidthData
from ingestion.sources import QUARANTINE_SCHEMA, BatchResult, ParseResult
from ingestion.sources._common import (
    add_national_id,
    file_month,
    rejected_file,
)
from ingestion.thai import (
    ID_MASK,
    InvalidDateError,
    clean_national_id_expr,
    mask_national_ids,
    mask_national_ids_expr,
    parse_be_date,
    parse_be_period,
    to_arabic_digits_expr,
)
from ingestion.thai.dates import bangkok_today

SOURCE = "sso_efiling"
ENTITY = "contributions"
#: ``_R<n>``: a corrected filing for the same branch and wage period (it supersedes the
#: earlier ones: the source spec's ``files.supersede``)
FILE_PATTERN = re.compile(r"SPS110_(\d{10})_(\d{6})_(\d{6})(?:_R\d+)?\.txt")
#: The contract's amount format (open payroll software); the official spec could not be checked.
AMOUNT_FORMAT: AmountFormat = "decimal_point"

HEADER_FIELDS = (
    ("record_type", 1, "type"),
    ("employer_account", 10, "digits"),
    ("branch", 6, "digits"),
    ("payment_date", 6, "digits"),
    ("wage_period", 4, "digits"),
    ("establishment_name", 45, "text"),
    ("contribution_rate", 4, "number"),
    ("insured_count", 6, "number"),
    ("total_wages", 15, "amount"),
    ("total_contributions", 14, "amount"),
    ("employee_part", 12, "amount"),
    ("employer_part", 12, "amount"),
)
DETAIL_FIELDS = (
    ("record_type", 1, "type"),
    ("national_id", 13, "text"),  # checked by the parser (row-level), not the reader
    ("title_code", 3, "text"),
    ("first_name", 30, "text"),
    ("surname", 35, "text"),
    ("wage", 14, "amount"),
    ("employee_contribution", 12, "amount"),
    ("filler", 27, "filler"),
)
LINE_LENGTH = 135
SEX_BY_TITLE_CODE = {"003": "M", "004": "F", "005": "F"}
#: decimal(12,2) holds up to 9,999,999,999.99
MAX_WAGE = Decimal("9999999999.99")

SCHEMA: dict[str, pl.DataType] = {
    "_source_file": pl.String(),
    "_source_line": pl.Int64(),
    "employer_account": pl.String(),
    "branch": pl.String(),
    "wage_month": pl.Date(),
    "payment_date": pl.Date(),
    "contribution_rate": pl.Decimal(5, 2),
    "person_key": pl.String(),
    "id_non_thai": pl.Boolean(),
    "sex": pl.String(),
    "wage": pl.Decimal(12, 2),
    "employee_contribution": pl.Decimal(12, 2),
}


def layout(amount_format: AmountFormat = AMOUNT_FORMAT) -> FixedWidthLayout:
    out = FixedWidthLayout(
        (RecordLayout.of("1", HEADER_FIELDS), RecordLayout.of("2", DETAIL_FIELDS)),
        amount_format=amount_format,
    )
    assert all(r.length == LINE_LENGTH for r in out.records)
    return out


def partition_month(path: Path, *, today: dt.date | None = None) -> str:
    """The wage period in the file name: ``SPS110_0105500001_000000_256701.txt`` → ``2024-01``;
    ValueError naming the file for a period that is not a plausible BE month."""
    m = FILE_PATTERN.fullmatch(os.path.basename(path))
    if not m:
        raise ValueError(f"{path}: file name does not match {FILE_PATTERN.pattern}")
    try:
        return _period_month(m.group(3), today or bangkok_today())
    except ValueError:
        return file_month(path, m.group(3), today=today)  # raises, naming the file


# A month's files share one wage period and a few payment dates: each distinct value is
# checked once (the rules stay in ingestion.thai; only successes are cached, errors are raised
# again with the file's name). Landing asks the partition month of every one of ~0.5 M files
# a month at national scale.
@functools.lru_cache(maxsize=4096)
def _period_month(be_period: str, today: dt.date) -> str:
    return file_month(be_period, be_period, today=today)


@functools.lru_cache(maxsize=4096)
def _be_period(text: str, today: dt.date) -> dt.date:
    return parse_be_period(text, kind="event", today=today)


@functools.lru_cache(maxsize=4096)
def _be_date(text: str, today: dt.date) -> dt.date:
    return parse_be_date(text, kind="event", today=today)


def parse(
    path: Path, rel: str, key: bytes, *, amount_format: AmountFormat = AMOUNT_FORMAT
) -> ParseResult:
    return parse_many([path], [rel], key, amount_format=amount_format)[0]


def _mask_line(expr: pl.Expr) -> pl.Expr:
    """The raw line with the national ID (bytes 2–14) and names (bytes 18–82) masked, and any
    ID-shaped run left elsewhere (a shifted or malformed line) masked too."""
    return mask_national_ids_expr(
        pl.concat_str(
            expr.str.slice(0, 1),
            expr.str.slice(1, 13).str.replace_all(r".", "*"),
            expr.str.slice(14, 3),
            expr.str.slice(17, 65).str.replace_all(r".", "*"),
            expr.str.slice(82),
        )
    )


def _header_problem(h: dict, rel: str) -> tuple[str, str] | dict:
    """Check one header line; return (field, reason) or the typed header values."""
    if h["_error_field"] is not None:
        return h["_error_field"], f"line 1 field {h['_error_field']}: {h['_error_reason']}"
    # plain string arithmetic: a PurePosixPath per file cost more than the header's checks
    *folders, name = rel.split("/")
    m = FILE_PATTERN.fullmatch(name)
    if not m:
        return "file", (
            f"file name '{name}' does not match SPS110_<account>_<branch>_<BEYYYYMM>[_R<n>].txt"
        )
    account, branch, be_period = m.groups()
    if h["employer_account"] != account:
        return "employer_account", (
            f"header employer account {h['employer_account']} does not match the file name "
            f"({account})"
        )
    if h["branch"] != branch:
        return "branch", f"header branch {h['branch']} does not match the file name ({branch})"
    today = bangkok_today()
    try:
        wage_month = _be_period(h["wage_period"], today)
    except InvalidDateError as err:
        return "wage_period", f"line 1 field wage_period: {err}"
    try:
        name_month = dt.date.fromisoformat(_period_month(be_period, today) + "-01")
    except ValueError:
        try:
            file_month(name, be_period, today=today)  # the error, naming the file
        except ValueError as err:
            return "file", str(err)
        raise
    if wage_month != name_month:
        return "wage_period", (
            f"header wage period {h['wage_period']} ({wage_month:%Y-%m}) does not match the "
            f"file name ({be_period}, {name_month:%Y-%m})"
        )
    folder = folders[-1] if folders else ""
    if re.fullmatch(r"\d{6}", folder) and folder != be_period:
        return "wage_period", (f"file name period {be_period} does not match its folder {folder}")
    try:
        payment_date = _be_date(h["payment_date"], today)
    except InvalidDateError as err:
        return "payment_date", f"line 1 field payment_date: {err}"
    return {
        "employer_account": account,
        "branch": branch,
        "wage_month": wage_month,
        "payment_date": payment_date,
        "contribution_rate": Decimal(h["contribution_rate"]) / 100,
    }


#: the header fields :func:`_header_problem` reads
_HEADER_CHECKED = (
    "_file_idx",
    "_error_field",
    "_error_reason",
    "employer_account",
    "branch",
    "wage_period",
    "payment_date",
    "contribution_rate",
)


def _totals_reconcile() -> pl.Expr:
    """True where a header (joined with its file's detail aggregates) is readable and
    :func:`_totals_problem` would find nothing; null or false: ask it."""
    c = pl.col
    return (
        c("_error_field").is_null()
        & c("s_line").is_null()
        & (c("insured_count") == c("n").fill_null(0))
        & (c("total_wages") == c("wages").fill_null(0))
        & (c("employee_part") == c("contrib").fill_null(0))
        & (c("employer_part") == c("employee_part"))
        & (c("total_contributions") == c("employee_part") + c("employer_part"))
    )


def _totals_problem(h: dict, agg: dict | None) -> tuple[str, str] | None:
    n = agg["n"] if agg else 0
    if agg and agg["s_line"] is not None:
        return agg["s_field"], (
            f"line {agg['s_line']} field {agg['s_field']}: {agg['s_reason']}; "
            "the header totals cannot be verified"
        )
    wages = agg["wages"] if agg and agg["wages"] is not None else Decimal(0)
    contrib = agg["contrib"] if agg and agg["contrib"] is not None else Decimal(0)
    if h["insured_count"] != n:
        return "insured_count", (
            f"header insured count {h['insured_count']} does not match the {n} detail lines"
        )
    if h["total_wages"] != wages:
        return "total_wages", (
            f"header total wages {h['total_wages']} does not match the sum of detail wages {wages}"
        )
    if h["employee_part"] != contrib:
        return "employee_part", (
            f"header employee part {h['employee_part']} does not match the sum of detail "
            f"employee contributions {contrib}"
        )
    if h["employer_part"] != h["employee_part"]:
        return "employer_part", (
            f"header employer part {h['employer_part']} does not equal the employee part "
            f"{h['employee_part']}"
        )
    if h["total_contributions"] != h["employee_part"] + h["employer_part"]:
        return "total_contributions", (
            f"header total contributions {h['total_contributions']} does not equal employee "
            f"part + employer part {h['employee_part'] + h['employer_part']}"
        )
    return None


def _duplicate_people(lines: pl.DataFrame) -> dict[int, tuple[str, str]]:
    """{file: (field, reason)} for files with two detail lines for one national ID. A person has
    one line per employer branch and month, so such a file is refiled whole, not half-loaded
    (the header counted both lines, so its totals cannot tell)."""
    ids = (
        lines.filter(pl.col("_sfield").is_null())
        .select("_file_idx", "_line", id=clean_national_id_expr(pl.col("national_id")))
        .drop_nulls("id")
    )
    # one hash pass says whether any file has a duplicate at all (almost never): only then is
    # it worth grouping every line to find which lines they are
    if not ids.select(pl.struct("_file_idx", "id").is_duplicated().any()).item():
        return {}
    pairs = (
        ids.group_by("_file_idx", "id")
        .agg(pl.col("_line").sort().head(2).alias("pair"))
        .filter(pl.col("pair").list.len() > 1)
        .sort(pl.col("pair").list.get(1))
    )
    out: dict[int, tuple[str, str]] = {}
    for i, (a, b) in pairs.select("_file_idx", "pair").iter_rows():
        out.setdefault(
            i,
            (
                "national_id",
                f"lines {a} and {b} are for the same national ID twice: one line per insured "
                "person in a file",
            ),
        )
    return out


def _data_lines(fw: FixedWidthData) -> pl.DataFrame:
    """Every line after a file's header, with its structural problem (if any)."""
    details = fw.records["2"].select(
        "_file_idx",
        "_line",
        "_raw",
        "national_id",
        "title_code",
        "wage",
        "employee_contribution",
        pl.col("_error_field").alias("_sfield"),
        pl.col("_error_reason").alias("_sreason"),
    )
    extra_headers = (
        fw.records["1"]
        .filter(pl.col("_line") > 1)
        .select(
            "_file_idx",
            "_line",
            "_raw",
            _sfield=pl.lit("record_type"),
            _sreason=pl.lit("unexpected header record (type '1') after line 1"),
        )
    )
    malformed = fw.malformed.select(
        "_file_idx",
        "_line",
        "_raw",
        pl.col("_error_field").alias("_sfield"),
        pl.col("_error_reason").alias("_sreason"),
    )
    return pl.concat([details, extra_headers, malformed], how="diagonal").sort("_file_idx", "_line")


def parse_many(
    paths: Sequence[Path],
    rels: Sequence[str],
    key: bytes,
    *,
    amount_format: AmountFormat = AMOUNT_FORMAT,
) -> list[ParseResult]:
    """Parse many สปส.1-10 files in one vectorised pass; one :class:`ParseResult` per file, in
    the order given (landing takes the whole batch as one frame: :func:`parse_frames`)."""
    return [r for block, _ in _parse_blocks(paths, rels, key, amount_format) for r in _split(block)]


def parse_frames(
    paths: Sequence[Path],
    rels: Sequence[str],
    key: bytes,
    *,
    amount_format: AmountFormat = AMOUNT_FORMAT,
) -> BatchResult:
    """:func:`parse_many` as one :class:`BatchResult`: the rows of every file in one frame,
    with ``_file_idx``, not cut into a result per file. Keep batches to about a million lines
    (memory ~1–3 GB)."""
    blocks = _parse_blocks(paths, rels, key, amount_format)
    out = BatchResult(
        pl.concat([b.rows for b, _ in blocks]),
        pl.concat([b.quarantine for b, _ in blocks]),
        range(len(paths)),
    )
    for block, offset in blocks:
        out.file_errors.update({offset + i: e for i, e in block.file_errors.items()})
        out.rows_control.update({offset + i: 1 for i in block.header_files})
        for i, result in block.rejected.items():
            if result.file_error is not None:
                out.file_errors[offset + i] = result.file_error
            if result.rows_control:
                out.rows_control[offset + i] = result.rows_control
    return out


def _parse_blocks(
    paths: Sequence[Path], rels: Sequence[str], key: bytes, amount_format: AmountFormat
) -> list[tuple[Block, int]]:
    """(block, index of its first file) for the batch, in file order; ``_file_idx`` in the
    blocks' frames is already the index in the whole batch.

    A batch of at least :data:`PARALLEL_MIN_BYTES` is parsed on both cores: the second half of
    the files in a helper process (:mod:`ingestion.sources.sso_efiling._worker`), the first
    half here, at the same time. Each half is a self-contained parse (file-level checks look
    only at their own file), so the results are those of one pass over the whole batch."""
    if len(paths) != len(rels):
        raise ValueError("paths and rels differ in length")
    from ingestion.sources.sso_efiling import _worker

    cut = _worker.split_point(paths, PARALLEL_MIN_BYTES)
    if cut is None:
        return [(parse_block(paths, rels, key, amount_format), 0)]
    rest = ([str(p) for p in paths[cut:]], list(rels[cut:]), key, amount_format, cut)
    theirs = _worker.submit(parse_block, *rest)
    mine = parse_block(paths[:cut], rels[:cut], key, amount_format)
    try:
        other = theirs.result()
    except _worker.HelperDied:  # the helper died (killed, out of memory): parse its half here
        other = parse_block(*rest)
    return [(mine, 0), (other, cut)]


#: below this many input bytes a batch is parsed in this process only (a helper process costs
#: a few milliseconds a batch and ~1 s to start once)
PARALLEL_MIN_BYTES = 8 * 1024 * 1024


@dataclass
class Block:
    """What :func:`parse_block` read (picklable: a helper process returns it). ``rows`` and
    ``quarantine`` are sorted by ``_file_idx`` (the index in the whole batch: local index +
    ``offset``) and hold every file's rows, a rejected file's quarantined lines included;
    ``file_errors``, ``header_files`` and ``rejected`` are keyed by the local index."""

    n_files: int
    offset: int
    rows: pl.DataFrame
    quarantine: pl.DataFrame
    file_errors: dict[int, str]
    header_files: set[int]
    rejected: dict[int, ParseResult] = field(default_factory=dict)


def parse_block(
    paths: Sequence[Path],
    rels: Sequence[str],
    key: bytes,
    amount_format: AmountFormat = AMOUNT_FORMAT,
    offset: int = 0,
) -> Block:
    """The vectorised parse of a batch of files (see :func:`parse_many`); ``offset`` is added
    to ``_file_idx`` (the index of the first file in the caller's batch)."""
    datas = []
    for p in paths:
        with open(p, "rb") as fh:
            datas.append(fh.read())
    fw = read_fixed_width_many(list(zip(rels, datas, strict=True)), layout(amount_format))
    n_files = len(paths)
    lines = _data_lines(fw)
    # Files whose line 1 is not a valid header: every line of the file is a data line.
    headers = fw.records["1"].filter(pl.col("_line") == 1)
    header_files = set(headers.get_column("_file_idx").to_list())
    line1 = lines.filter(pl.col("_line") == 1)
    line1_problem = {
        i: (f or "record_type", r or "it is a detail record (type '2')")
        for i, f, r in line1.select("_file_idx", "_sfield", "_sreason").iter_rows()
    }
    duplicates = _duplicate_people(lines)

    agg_frame = lines.group_by("_file_idx").agg(
        n=pl.len(),
        wages=pl.col("wage").sum(),
        contrib=pl.col("employee_contribution").sum(),
        s_line=pl.col("_line").filter(pl.col("_sfield").is_not_null()).first(),
        s_field=pl.col("_sfield").drop_nulls().first(),
        s_reason=pl.col("_sreason").drop_nulls().first(),
    )
    # The totals of most files reconcile: that is decided for all files at once, and only the
    # others go through _totals_problem (which says what is wrong), so the per-file Python
    # (a dict with four Decimals per file) is paid for the few files with a problem.
    suspects = set(
        headers.join(agg_frame, on="_file_idx", how="left")
        .filter(~_totals_reconcile().fill_null(False))
        .get_column("_file_idx")
        .to_list()
    )
    aggs = {
        row["_file_idx"]: row
        for row in agg_frame.filter(pl.col("_file_idx").is_in(suspects)).iter_rows(named=True)
    }
    full = {
        h["_file_idx"]: h
        for h in headers.filter(pl.col("_file_idx").is_in(suspects)).iter_rows(named=True)
    }

    file_rows: list[dict] = []
    for h in headers.select(_HEADER_CHECKED).iter_rows(named=True):
        i = h["_file_idx"]
        checked = _header_problem(h, rels[i])
        if isinstance(checked, tuple):
            file_rows.append({"_file_idx": i, "__ffield": checked[0], "__ferr": checked[1]})
            continue
        problem = (i in full and _totals_problem(full[i], aggs.get(i))) or duplicates.get(i)
        row = {"_file_idx": i, **checked}
        if problem:
            row.update({"__ffield": problem[0], "__ferr": problem[1]})
        file_rows.append(row)
    for i in range(n_files):
        if i not in header_files and i not in fw.rejected:
            field, reason = line1_problem.get(i, ("record_type", "no lines"))
            file_rows.append(
                {
                    "_file_idx": i,
                    "__ffield": field,
                    "__ferr": f"line 1 is not a valid header record: {reason}",
                }
            )
    files = pl.DataFrame(
        file_rows,
        schema={
            "_file_idx": pl.Int32,
            "employer_account": pl.String,
            "branch": pl.String,
            "wage_month": pl.Date,
            "payment_date": pl.Date,
            "contribution_rate": pl.Decimal(5, 2),
            "__ffield": pl.String,
            "__ferr": pl.String,
        },
    )
    lines = lines.join(files, on="_file_idx", how="left", maintain_order="left")
    lines = lines.with_columns(
        _source_file=pl.Series(list(rels), dtype=pl.String).gather(lines.get_column("_file_idx")),
        __id=to_arabic_digits_expr(pl.col("national_id")).str.strip_chars(),
    )
    lines = add_national_id(lines, "__id")
    ferr = pl.col("__ferr").is_not_null()
    checks = [
        ("national_id", ~pl.col("__id_ok"), pl.col("__id_why")),
        (
            "title_code",
            ~pl.col("title_code").is_in(list(SEX_BY_TITLE_CODE)).fill_null(False),
            pl.format("unknown title code '{}' (expected 003, 004 or 005)", pl.col("title_code")),
        ),
        (
            "wage",
            (pl.col("wage") > MAX_WAGE).fill_null(False),
            pl.format("wage {} exceeds the lake column decimal(12,2)", pl.col("wage")),
        ),
    ]
    row_field = pl.coalesce([pl.when(bad).then(pl.lit(n)) for n, bad, _ in checks])
    row_reason = pl.coalesce([pl.when(bad).then(r) for _, bad, r in checks])
    file_reason = pl.concat_str(pl.lit("file quarantined: "), pl.col("__ferr"))
    lines = lines.with_columns(
        _qfield=pl.when(ferr).then(pl.coalesce("_sfield", "__ffield")).otherwise(row_field),
        _qreason=pl.when(ferr)
        .then(
            pl.when(pl.col("_sreason").is_not_null())
            .then(pl.concat_str(pl.col("_sreason"), pl.lit("; "), file_reason))
            .otherwise(file_reason)
        )
        .otherwise(row_reason),
    )

    bad = lines.filter(pl.col("_qfield").is_not_null())
    quarantine = bad.select(
        "_source_file",
        pl.col("_line").alias("_source_line"),
        pl.col("_qfield").alias("field"),
        mask_national_ids_expr(pl.col("_qreason")).alias("reason"),
        _mask_line(pl.col("_raw")).alias("record"),
        "_file_idx",
    )
    good = lines.filter(pl.col("_qfield").is_null())
    rows = good.select(
        "_source_file",
        pl.col("_line").alias("_source_line"),
        "employer_account",
        "branch",
        "wage_month",
        "payment_date",
        "contribution_rate",
        person_key(good.get_column("__id"), key).alias("person_key"),
        pl.col("__id").str.starts_with("0").alias("id_non_thai"),
        pl.col("title_code").replace_strict(SEX_BY_TITLE_CODE, return_dtype=pl.String).alias("sex"),
        pl.col("wage").cast(pl.Decimal(12, 2)),
        pl.col("employee_contribution").cast(pl.Decimal(12, 2)),
        "_file_idx",
    )
    rejected = {
        i: rejected_file(rels[i], datas[i], err, SCHEMA, skip_header=True, mask=_mask_line)
        for i, err in fw.rejected.items()
    }
    ferrs = {
        i: f"{rels[i]}: {mask_national_ids(e)}"
        for i, e in files.select("_file_idx", "__ferr").iter_rows()
        if e is not None
    }
    quarantine = quarantine.cast({**QUARANTINE_SCHEMA, "_file_idx": pl.Int32})
    if rejected:  # a rejected file's lines, in its place among the files (a stable sort)
        quarantine = pl.concat(
            [
                quarantine,
                *(
                    r.quarantine.with_columns(_file_idx=pl.lit(i, pl.Int32))
                    for i, r in rejected.items()
                ),
            ]
        ).sort("_file_idx", maintain_order=True)
    shift = pl.col("_file_idx") + pl.lit(offset, pl.Int32)
    return Block(
        n_files,
        offset,
        rows.cast({**SCHEMA, "_file_idx": pl.Int32}).with_columns(shift),
        quarantine.with_columns(shift),
        ferrs,
        header_files,
        rejected,
    )


def _offsets(frame: pl.DataFrame, n: int, offset: int) -> np.ndarray:
    """Start of each file's rows in a frame sorted by ``_file_idx`` (n + 1 offsets)."""
    counts = np.bincount(frame.get_column("_file_idx").to_numpy() - offset, minlength=n)
    return np.concatenate(([0], np.cumsum(counts)))


def _split(block: Block) -> list[ParseResult]:
    """One ParseResult per file, as zero-copy slices of the batch frames. A file whose line 1 is
    a header record accounts for it as a control record; otherwise line 1 is a data line."""
    n = block.n_files
    r_off = _offsets(block.rows, n, block.offset)
    q_off = _offsets(block.quarantine, n, block.offset)
    rows = block.rows.drop("_file_idx")
    quarantine = block.quarantine.drop("_file_idx")
    out: list[ParseResult] = []
    for i in range(n):
        if i in block.rejected:
            out.append(block.rejected[i])
            continue
        r = rows.slice(int(r_off[i]), int(r_off[i + 1] - r_off[i]))
        q = quarantine.slice(int(q_off[i]), int(q_off[i + 1] - q_off[i]))
        control = 1 if i in block.header_files else 0
        out.append(ParseResult(r, q, r.height + q.height, block.file_errors.get(i), control))
    return out


__all__ = [
    "AMOUNT_FORMAT",
    "ENTITY",
    "ID_MASK",
    "SCHEMA",
    "SOURCE",
    "layout",
    "parse",
    "parse_frames",
    "parse_many",
    "partition_month",
]
