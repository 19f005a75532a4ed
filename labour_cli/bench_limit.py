"""The yardstick of `make bench`: the fastest plain parse of สปส.1-10 files to typed Parquet.

No validation, no pseudonyms, no quarantine, no manifests: only what any reader of these files
must do (read every file, find the lines, type the fields, write Parquet), written as fast as
this machine allows, so that the project's ingestion can be stated as a ratio to it.

How (docs/data-contracts.md §1.3): a file is one 135-byte header record and 135-byte detail
records, each ended by CRLF, so a block of files concatenated is a (lines × 137) byte matrix
(numpy, no decoding: every field the lake keeps is ASCII or Thai digits, and names are not
kept). Digits are read through a 256-entry table (Arabic and Thai digits, one byte each in
Windows-874), amounts become int64 satang, then Decimal(12,2) without a Python object per
value. A file whose length is not a multiple of 137 or whose lines do not end in CRLF falls back
to a newline search for that block. Files are split between two worker processes (the
machine's two cores); each writes its own Parquet parts of up to ~1 M lines.

Output columns (one row per detail line): ``_source_file``, ``_source_line``,
``employer_account``, ``branch``, ``wage_month``, ``payment_date``, ``contribution_rate``,
``national_id`` (int64 of its 13 digits), ``title_code`` (int16), ``wage``,
``employee_contribution``.

    uv run python -m labour_cli.bench_limit <files or folders> --out /tmp/limit
"""

from __future__ import annotations

import argparse
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow as pa

LINE = 137  # 135 bytes + CRLF
BLOCK_BYTES = 128 * 1024 * 1024  # ~0.93 M lines a block
_DIGIT = np.full(256, 255, dtype=np.uint8)
_DIGIT[0x30:0x3A] = np.arange(10)
_DIGIT[0xF0:0xFA] = np.arange(10)  # Thai digits ๐-๙ in Windows-874


def _number(m: np.ndarray, start: int, width: int) -> np.ndarray:
    """Unsigned integer of the digit columns [start, start+width) of a byte matrix."""
    d = _DIGIT[m[:, start : start + width]].astype(np.int64)
    return d @ (10 ** np.arange(width - 1, -1, -1, dtype=np.int64))


def _amount(m: np.ndarray, start: int, width: int) -> np.ndarray:
    """``NNNN.NN`` in satang (the point is skipped)."""
    return _number(m, start, width - 3) * 100 + _number(m, start + width - 2, 2)


def _decimal(satang: np.ndarray, precision: int) -> pa.Array:
    """int64 satang → decimal128(precision, 2), built from the buffer (no Python objects)."""
    wide = np.empty((len(satang), 2), dtype=np.int64)
    wide[:, 0] = satang
    wide[:, 1] = satang >> 63  # sign extension of the high word
    return pa.Array.from_buffers(
        pa.decimal128(precision, 2), len(satang), [None, pa.py_buffer(wide)]
    )


def _be_dates(year2: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Two-digit BE years (``67`` = 2567 = 2024) → datetime64[D]."""
    year = 2500 + year2 - 543
    months = ((year - 1970) * 12 + month - 1).astype("datetime64[M]")
    return months.astype("datetime64[D]") + (day - 1).astype("timedelta64[D]")


def _matrix(buf: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(lines × 135 matrix, start offset of each line): fixed stride when the block is regular,
    a newline search when it is not."""
    a = np.frombuffer(buf, dtype=np.uint8)
    if len(a) % LINE == 0:
        m = a.reshape(-1, LINE)
        if (m[:, 135] == 13).all() and (m[:, 136] == 10).all():
            return m[:, :135], np.arange(0, len(a), LINE, dtype=np.int64)
    ends = np.flatnonzero(a == 10)
    starts = np.concatenate(([0], ends[:-1] + 1))
    keep = (ends - starts) == LINE - 1  # only well-formed lines: this is not a validator
    starts = starts[keep]
    return a[starts[:, None] + np.arange(135)], starts


def _parse_block(paths: list[str], out: Path, part: int) -> int:
    datas = []
    for p in paths:
        with open(p, "rb") as fh:
            datas.append(fh.read())
    sizes = np.fromiter((len(d) for d in datas), dtype=np.int64, count=len(datas))
    m, starts = _matrix(b"".join(datas))
    file_of = np.searchsorted(np.cumsum(sizes), starts, side="right")
    first = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    line_no = (starts - first[file_of]) // LINE + 1
    rtype = m[:, 0]
    h, d = rtype == ord("1"), rtype == ord("2")
    hm, dm = m[h], m[d]
    h_file, d_file = file_of[h], file_of[d]
    # header fields broadcast to the detail lines of their file (one header per file)
    slot = np.full(len(paths), -1, dtype=np.int64)
    slot[h_file] = np.arange(len(h_file))
    hi = slot[d_file]
    dm, d_file, hi, d_line = dm[hi >= 0], d_file[hi >= 0], hi[hi >= 0], line_no[d][hi >= 0]
    pay = _be_dates(_number(hm, 21, 2), _number(hm, 19, 2), _number(hm, 17, 2))
    wage_month = _be_dates(_number(hm, 25, 2), _number(hm, 23, 2), np.ones(len(hm), np.int64))
    # codes with leading zeros stay strings (one per file: cheap); Thai digits read as Arabic
    codes = pl.DataFrame({"a": _number(hm, 1, 10), "b": _number(hm, 11, 6)}).select(
        pl.col("a").cast(pl.String).str.zfill(10), pl.col("b").cast(pl.String).str.zfill(6)
    )
    account, branch = codes["a"].to_arrow(), codes["b"].to_arrow()
    names = pa.array(paths).take(pa.array(d_file))
    table = pa.table(
        {
            "_source_file": names,
            "_source_line": pa.array(d_line),
            "employer_account": account.take(pa.array(hi)),
            "branch": branch.take(pa.array(hi)),
            "wage_month": pa.array(wage_month[hi]),
            "payment_date": pa.array(pay[hi]),
            "contribution_rate": _decimal(_number(hm, 72, 4)[hi], 5),
            "national_id": pa.array(_number(dm, 1, 13)),  # 13 digits (Thai ones too)
            "title_code": pa.array(_number(dm, 14, 3).astype(np.int16)),
            "wage": _decimal(_amount(dm, 82, 14), 12),
            "employee_contribution": _decimal(_amount(dm, 96, 12), 12),
        }
    )
    pl.from_arrow(table).write_parquet(
        out / f"part-{os.getpid()}-{part:05d}.parquet", compression="zstd", statistics=True
    )
    return table.num_rows


def _worker(paths: list[str], out: str) -> tuple[int, int]:
    """Parse a share of the files in blocks of ~BLOCK_BYTES; (detail lines, input bytes)."""
    rows = size = part = 0
    block: list[str] = []
    block_bytes = 0
    for p in paths:
        n = os.path.getsize(p)
        block.append(p)
        block_bytes += n
        if block_bytes >= BLOCK_BYTES:
            rows += _parse_block(block, Path(out), part)
            size, part, block, block_bytes = size + block_bytes, part + 1, [], 0
    if block:
        rows += _parse_block(block, Path(out), part)
        size += block_bytes
    return rows, size


def collect(inputs: list[Path]) -> list[str]:
    """The สปส.1-10 files among the inputs (files, or folders searched recursively)."""
    files: list[str] = []
    for p in inputs:
        if p.is_dir():
            files.extend(str(f) for f in sorted(p.rglob("SPS110_*.txt")))
        else:
            files.append(str(p))
    return files


def parse_limit(files: list[str], out: Path, workers: int = 2) -> dict:
    """Parse the files to Parquet under ``out`` with ``workers`` processes; timings and counts.
    The process start-up (importing numpy, polars, pyarrow) is not timed: only the parse."""
    out.mkdir(parents=True, exist_ok=True)
    shares = [files[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_warm, range(workers)))  # imports done before the clock starts
        started = time.perf_counter()
        results = list(pool.map(_worker, shares, [str(out)] * workers))
        seconds = time.perf_counter() - started
    lines = sum(r for r, _ in results)
    size = sum(s for _, s in results)
    return {
        "files": len(files),
        "detail_lines": lines,
        "input_mb": size / 1e6,
        "seconds": seconds,
        "lines_per_s": lines / seconds if seconds else 0.0,
        "workers": workers,
    }


def _warm(_: int) -> int:
    import pandas  # noqa: F401  (pyarrow imports it on first use: ~1.5 s, not parsing)

    return os.getpid()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    print(json.dumps(parse_limit(collect(args.inputs), args.out, args.workers)))


if __name__ == "__main__":
    main()
