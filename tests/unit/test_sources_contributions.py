"""สปส.1-10 parser; files written by hand in cp874 from data-contracts §1.3."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import polars as pl

from ingestion.sources.sso_efiling import contributions as c
from ingestion.thai import with_check_digit

KEY = b"test-key-0123456789"
ACCT, BR = "0105500001", "000000"


nid = with_check_digit  # the project's one check-digit rule


def header(n, wages, contrib, *, acct=ACCT, br=BR, period="0167", count=None, er=None) -> str:
    er = contrib if er is None else er
    return (
        f"1{acct}{br}150267{period}"
        + "บริษัท ตัวอย่าง จำกัด".ljust(45)
        + "0500"
        + f"{n if count is None else count:06d}{wages:015.2f}{contrib + er:014.2f}"
        + f"{contrib:012.2f}{er:012.2f}"
    )


def detail(national_id, wage, contrib, title="003", first="สมชาย", last="ใจดี") -> str:
    return (
        f"2{national_id}{title}"
        + first.ljust(30)
        + last.ljust(35)
        + f"{wage:014.2f}{contrib:012.2f}"
        + " " * 27
    )


DETAILS = [
    (nid("110170023070"), Decimal("15000"), Decimal("750"), "003"),
    (nid("010170023070"), Decimal("20000"), Decimal("750"), "004"),  # non-Thai; wage as given
    (nid("310170023070"), Decimal("1650"), Decimal("83"), "005"),
]


def write_file(
    root: Path,
    lines: list[str],
    *,
    acct=ACCT,
    br=BR,
    be="256701",
    folder=None,
    raw_tail: bytes = b"",
) -> tuple[Path, str]:
    rel = f"sso_efiling/{folder or be}/SPS110_{acct}_{br}_{be}.txt"
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    content = "".join(ln + "\r\n" for ln in lines).encode("cp874") + raw_tail
    for ln in lines:
        assert len(ln.encode("cp874")) == 135
    path.write_bytes(content)
    return path, rel


def good_lines(details=DETAILS, **kw) -> list[str]:
    wages = sum(d[1] for d in details)
    contrib = sum(d[2] for d in details)
    return [header(len(details), wages, contrib, **kw)] + [
        detail(i, w, e, t) for i, w, e, t in details
    ]


def test_good_file(tmp_path):
    path, rel = write_file(tmp_path, good_lines())
    assert c.partition_month(path) == "2024-01"
    res = c.parse(path, rel, KEY)
    assert res.file_error is None and res.quarantine.height == 0 and res.rows_in == 3
    assert dict(res.rows.schema) == c.SCHEMA
    first = res.rows.row(0, named=True)
    assert first["_source_line"] == 2 and first["_source_file"] == rel
    assert first["wage_month"].isoformat() == "2024-01-01"
    assert first["payment_date"].isoformat() == "2024-02-15"
    assert first["contribution_rate"] == Decimal("5.00")
    assert first["wage"] == Decimal("15000.00") and first["sex"] == "M"
    assert res.rows.get_column("id_non_thai").to_list() == [False, True, False]
    assert res.rows.get_column("sex").to_list() == ["M", "F", "F"]
    # no clear IDs or names in the rows
    text = res.rows.write_csv()
    assert all(d[0] not in text for d in DETAILS) and "สมชาย" not in text


def test_bad_national_id_and_title_code_quarantine_one_line(tmp_path):
    details = [
        *DETAILS,
        ("1101700230705", Decimal("1650"), Decimal("83"), "003"),
        (nid("510170023070"), Decimal("1650"), Decimal("83"), "009"),
    ]
    path, rel = write_file(tmp_path, good_lines(details))
    res = c.parse(path, rel, KEY)
    assert res.file_error is None and res.rows.height == 3 and res.rows_in == 5
    q = res.quarantine.sort("_source_line")
    assert q.get_column("field").to_list() == ["national_id", "title_code"]
    assert "bad check digit" in q.get_column("reason").item(0)
    assert q.get_column("record").item(0)[1:14] == "*" * 13
    assert "สมชาย" not in q.get_column("record").item(0)
    assert len(q.get_column("record").item(0)) == 135


def test_header_totals_not_reconciling_quarantine_every_line(tmp_path):
    lines = good_lines()
    lines[0] = header(3, Decimal("36650.00"), Decimal("1584"))
    path, rel = write_file(tmp_path, lines)
    res = c.parse(path, rel, KEY)
    assert res.rows.height == 0 and res.quarantine.height == 3 and res.rows_in == 3
    assert res.file_error.startswith(f"{rel}: header employee part 1584.00 does not match")
    assert res.quarantine.get_column("reason").str.starts_with("file quarantined: ").all()


def test_insured_count_mismatch(tmp_path):
    lines = good_lines()
    lines[0] = header(3, Decimal("36650.00"), Decimal("1583"), count=4)
    path, rel = write_file(tmp_path, lines)
    res = c.parse(path, rel, KEY)
    assert "insured count 4 does not match the 3 detail lines" in res.file_error


def test_letters_in_an_amount_quarantine_the_file_with_line_and_field(tmp_path):
    lines = good_lines()
    lines[2] = lines[2][:82] + "00001500O.00".rjust(14, "0") + lines[2][96:]
    path, rel = write_file(tmp_path, lines)
    res = c.parse(path, rel, KEY)
    assert res.file_error == (
        f"{rel}: line 3 field wage: expected 14 bytes 'NNNNNNNNNNN.NN', got '0000001500O.00'; "
        "the header totals cannot be verified"
    )
    q = res.quarantine.filter(pl.col("_source_line") == 3)
    assert q.get_column("field").item() == "wage"


def test_wrong_length_and_wrong_record_type(tmp_path):
    lines = good_lines()
    lines[1] = lines[1][:-1]
    lines[3] = "3" + lines[3][1:]
    rel = "sso_efiling/256701/SPS110_0105500001_000000_256701.txt"
    path = tmp_path / rel
    path.parent.mkdir(parents=True)
    path.write_bytes("".join(ln + "\r\n" for ln in lines).encode("cp874"))
    res = c.parse(path, rel, KEY)
    assert res.file_error.startswith(
        f"{rel}: line 2 field line: wrong line length: expected 135 bytes for record type '2', "
        "got 134"
    )
    fields = dict(res.quarantine.select("_source_line", "field").iter_rows())
    assert fields[2] == "line" and fields[4] == "record_type"


def test_truncated_file(tmp_path):
    lines = good_lines()
    path, rel = write_file(tmp_path, lines[:-1], raw_tail=lines[-1][:60].encode("cp874"))
    res = c.parse(path, rel, KEY)
    assert "truncated" in res.file_error and "line 4" in res.file_error
    assert res.rows.height == 0 and res.rows_in == 3 == res.quarantine.height
    assert "สมชาย" not in "".join(res.quarantine.get_column("record").to_list())


def test_utf8_file(tmp_path):
    rel = "sso_efiling/256701/SPS110_0105500001_000000_256701.txt"
    path = tmp_path / rel
    path.parent.mkdir(parents=True)
    path.write_bytes("".join(ln + "\r\n" for ln in good_lines()).encode("utf-8"))
    res = c.parse(path, rel, KEY)
    assert "UTF-8, expected Windows-874" in res.file_error


def test_header_period_or_account_not_matching_file_name(tmp_path):
    path, rel = write_file(tmp_path, good_lines(period="0267"))
    assert (
        "wage period 0267 (2024-02) does not match the file name"
        in c.parse(path, rel, KEY).file_error
    )
    path, rel = write_file(tmp_path, good_lines(), folder="256702")
    assert "does not match its folder 256702" in c.parse(path, rel, KEY).file_error
    path, rel = write_file(tmp_path, good_lines(acct="0105500002"))
    assert "employer account 0105500002" in c.parse(path, rel, KEY).file_error


def test_implied_decimals_setting(tmp_path):
    lines = [ln.replace(".", "") for ln in good_lines()]
    lines = [ln + " " * (135 - len(ln.encode("cp874"))) for ln in lines]
    # re-pad amounts as digits-only of the full width
    wages = sum(d[1] for d in DETAILS)
    contrib = sum(d[2] for d in DETAILS)
    head = (
        f"1{ACCT}{BR}1502670167"
        + "บริษัท ตัวอย่าง จำกัด".ljust(45)
        + "0500000003"
        + f"{int(wages * 100):015d}{int(contrib * 200):014d}{int(contrib * 100):012d}"
        + f"{int(contrib * 100):012d}"
    )
    dets = [
        f"2{i}{t}"
        + "ก".ljust(30)
        + "ข".ljust(35)
        + f"{int(w * 100):014d}{int(e * 100):012d}"
        + " " * 27
        for i, w, e, t in DETAILS
    ]
    path, rel = write_file(tmp_path, [head, *dets])
    res = c.parse(path, rel, KEY, amount_format="implied_decimals")
    assert res.file_error is None
    assert res.rows.get_column("wage").to_list()[0] == Decimal("15000.00")


def test_parse_many_matches_parse_and_keeps_order(tmp_path):
    good, rel_good = write_file(tmp_path, good_lines())
    bad_lines = good_lines(br="000001")
    bad_lines[0] = header(3, Decimal("1.00"), Decimal("1583"), br="000001")
    bad, rel_bad = write_file(tmp_path, bad_lines, br="000001")
    results = c.parse_many([good, bad, good], [rel_good, rel_bad, rel_good], KEY)
    assert [r.file_error is None for r in results] == [True, False, True]
    assert results[0].rows.equals(c.parse(good, rel_good, KEY).rows)
    assert results[2].rows.equals(results[0].rows)
    assert results[1].quarantine.get_column("_source_file").unique().to_list() == [rel_bad]


def make_batch(root: Path, n_files: int, lines_per_file: int) -> tuple[list[Path], list[str]]:
    """Generated files for the speed measurement (independent of the simulator)."""
    paths, rels = [], []
    ids = [nid(f"1{k:011d}") for k in range(lines_per_file)]
    for f in range(n_files):
        br = f"{f:06d}"
        dets = [(i, Decimal("15000"), Decimal("750"), "003") for i in ids]
        p, r = write_file(root, good_lines(dets, br=br), br=br)
        paths.append(p)
        rels.append(r)
    return paths, rels


def test_batch_speed_is_reported(tmp_path, capsys):
    paths, rels = make_batch(tmp_path, 200, 50)
    t = time.perf_counter()
    results = c.parse_many(paths, rels, KEY)
    dt_ = time.perf_counter() - t
    assert sum(r.rows.height for r in results) == 10_000
    with capsys.disabled():
        print(f"\ncontributions parse_many: {10_000 / dt_:,.0f} lines/s (10k lines, 200 files)")


THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def test_no_id_in_any_form_reaches_quarantine(tmp_path):
    """An ID typed into the wage field (in Thai digits) is outside the positional mask, and the
    reader's reason quotes the field: masked anyway, in every record and reason and in the file
    error."""
    the_id = nid("310170023070")
    lines = good_lines()
    bad = detail(nid("110170023070"), Decimal("15000"), Decimal("750"))
    lines[1] = bad[:82] + the_id.translate(THAI) + " " + bad[96:]
    path, rel = write_file(tmp_path, lines)
    res = c.parse(path, rel, KEY)
    assert "line 2 field wage" in res.file_error and res.quarantine.height == 3
    text = res.file_error + "".join(
        res.quarantine.select(pl.concat_str(pl.all(), separator="|")).to_series()
    )
    assert "*" * 13 in res.file_error
    for form in (the_id, the_id.translate(THAI), *(d[0] for d in DETAILS)):
        assert form not in text
    assert "สมชาย" not in text


def test_a_file_name_month_out_of_range_quarantines_the_file(tmp_path):
    path, rel = write_file(tmp_path, good_lines(), be="256713")
    res = c.parse(path, rel, KEY)  # no crash: the file is quarantined with the reason
    assert res.rows.height == 0 and res.quarantine.height == 3
    assert "SPS110_0105500001_000000_256713.txt" in res.file_error
    assert "month 13 is not between 1 and 12" in res.file_error


def test_one_person_twice_in_a_file_rejects_the_file(tmp_path):
    details = [*DETAILS, DETAILS[0]]  # the header counts both lines: the totals agree
    path, rel = write_file(tmp_path, good_lines(details))
    res = c.parse(path, rel, KEY)
    assert res.rows.height == 0 and res.quarantine.height == 4
    assert res.file_error == (
        f"{rel}: lines 2 and 5 are for the same national ID twice: one line per insured person "
        "in a file"
    )
    assert set(res.quarantine.get_column("field")) == {"national_id"}
    assert DETAILS[0][0] not in res.file_error
