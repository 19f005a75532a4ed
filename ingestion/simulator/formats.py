"""Vectorised text building for the source formats (contracts §1.1–1.5).

Every helper returns a polars expression or writes a file; nothing loops over lines in Python.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import xlsxwriter

from . import reference as ref

THAI_DIGITS = list("๐๑๒๓๔๕๖๗๘๙")
ARABIC_DIGITS = list("0123456789")
CRLF = "\r\n"
SPS_LINE = 135  # bytes per line, without CRLF
ENCODING = "cp874"


def be_date(col: str) -> pl.Expr:
    """Int32 days since 1970-01-01 → `dd/mm/yyyy` with a BE year (null stays null)."""
    d = pl.col(col).cast(pl.Date)
    return pl.concat_str([d.dt.strftime("%d/%m/"), (d.dt.year() + 543).cast(pl.String)])


def be_ddmmyy(col: str) -> pl.Expr:
    """Int32 days → `ddMMyy` with a two-digit BE year."""
    d = pl.col(col).cast(pl.Date)
    return pl.concat_str(
        [d.dt.strftime("%d%m"), ((d.dt.year() + 543) % 100).cast(pl.String).str.zfill(2)]
    )


def thai_digits(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_many(ARABIC_DIGITS, THAI_DIGITS)


def fixed_text(expr: pl.Expr, width: int) -> pl.Expr:
    """Left-aligned, space-padded, truncated text. cp874 is one byte per character, so
    characters are bytes (every string the simulator writes is cp874-encodable)."""
    return expr.str.slice(0, width).str.pad_end(width)


def fixed_int(expr: pl.Expr, width: int) -> pl.Expr:
    return expr.cast(pl.String).str.zfill(width)


def amount(expr_satang: pl.Expr, width: int) -> pl.Expr:
    """Satang (int) → `000015000.00`-style amount of `width` characters."""
    baht = (expr_satang // 100).cast(pl.String).str.zfill(width - 3)
    sat = (expr_satang % 100).cast(pl.String).str.zfill(2)
    return pl.concat_str([baht, pl.lit("."), sat])


def be_dates(days: np.ndarray, thai: np.ndarray, null: np.ndarray | None = None) -> pl.Series:
    """BE `dd/mm/yyyy` strings of int days, in Thai digits where `thai`, null where `null`.

    Formats each distinct day once and gathers (far fewer dates than rows)."""
    uniq, inv = np.unique(days, return_inverse=True)
    table = pl.DataFrame({"d": uniq.astype(np.int32)}).select(
        be_date("d").alias("a"), thai_digits(be_date("d")).alias("t")
    )
    out = pl.DataFrame({"a": table["a"].gather(inv), "t": table["t"].gather(inv), "thai": thai})
    expr = pl.when(pl.col("thai")).then(pl.col("t")).otherwise(pl.col("a"))
    if null is not None:
        out = out.with_columns(pl.Series("null", null))
        expr = pl.when(~pl.col("null")).then(expr)
    return out.select(expr).to_series()


def csv_bytes(df: pl.DataFrame, header: bool) -> bytes:
    text = df.write_csv(None, include_header=header, line_terminator=CRLF, quote_style="necessary")
    return text.encode(ENCODING)


def write_lfs_workbook(
    path: Path, year: int, quarter: int, labour_force: np.ndarray, informal: np.ndarray
) -> None:
    """One NSO LFS workbook in the layout of contracts §1.4 (numbers as numbers, `-` for 0)."""
    be = year + 543
    wb = xlsxwriter.Workbook(str(path))
    # Fixed metadata so the same inputs give the same bytes.
    created = dt.datetime(year, 3 * quarter, 1) + dt.timedelta(days=75)
    wb.set_properties(
        {"title": f"Labour Force Survey {year} Q{quarter}", "author": "NSO", "created": created}
    )
    ws = wb.add_worksheet("ตาราง 1")
    bold = wb.add_format({"bold": True})
    num = wb.add_format({"num_format": "#,##0", "align": "right"})
    num_b = wb.add_format({"num_format": "#,##0", "align": "right", "bold": True})
    dash = wb.add_format({"align": "right"})
    ws.set_column(0, 0, 30)
    ws.set_column(1, 2, 18)

    ws.write_string(0, 0, f"การสำรวจภาวะการทำงานของประชากร ไตรมาสที่ {quarter} พ.ศ. {be}", bold)
    ws.write_string(1, 0, "ตาราง 1 จำนวนผู้อยู่ในกำลังแรงงานและแรงงานนอกระบบ จำแนกตามภาคและจังหวัด")
    ws.write_string(2, 0, "หน่วย: คน")
    ws.write_string(4, 0, "จังหวัด", bold)
    ws.write_string(4, 1, "กำลังแรงงานรวม", bold)
    ws.write_string(4, 2, "แรงงานนอกระบบ", bold)
    ws.write_string(5, 0, "Province", bold)
    ws.write_string(5, 1, "Labour force", bold)
    ws.write_string(5, 2, "Informal employment", bold)

    def put(r: int, label: str, a: int, b: int, strong: bool) -> None:
        ws.write_string(r, 0, label, bold if strong else None)
        for c, v in ((1, a), (2, b)):
            if v == 0:
                ws.write_string(r, c, "-", dash)
            else:
                ws.write_number(r, c, int(v), num_b if strong else num)

    lf = labour_force.astype(np.int64)
    inf = informal.astype(np.int64)
    region_of = ref.PROV_REGION
    put(6, "ทั่วราชอาณาจักร", int(lf.sum()), int(inf.sum()), True)
    r = 7
    for reg, reg_name in enumerate(ref.REGIONS):
        members = np.flatnonzero(region_of == reg)
        put(r, reg_name, int(lf[members].sum()), int(inf[members].sum()), True)
        r += 1
        for p in members:
            label = ref.PROV_TH[p]
            if p == ref.BANGKOK:
                label += " 1/"  # footnote mark, with a space
            elif ref.PROV_NUM[p] == "38":
                label += "1/"  # and glued to the label
            put(r, label, int(lf[p]), int(inf[p]), False)
            r += 1
    r += 1
    ws.write_string(
        r,
        0,
        "หมายเหตุ: 1/ ค่าประมาณจากตัวอย่างขนาดเล็ก ควรใช้ด้วยความระมัดระวัง",
    )
    ws.write_string(r + 1, 0, "ที่มา: สำนักงานสถิติแห่งชาติ")
    wb.close()
