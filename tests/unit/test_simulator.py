"""Unit tests of the synthetic source simulator (ingestion.simulator).

The generated files are parsed here on their own (csv module, byte slicing, fastexcel), not with
the project's readers, and checked against docs/data-contracts.md §1 and the simulator's truth.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import itertools
import re
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import polars as pl
import pycountry
import pytest
from stdnum.th import pin

from ingestion.simulator import GenerateSummary, generate
from ingestion.simulator import reference as ref
from ingestion.simulator.world import id_check_digits
from ingestion.thai import check_digit

SCALE, MONTHS, START = 0.0002, 3, "2024-11"  # crosses a calendar and a BE year
THAI = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
SECTIONS = {"33", "39", "40"}


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GenerateSummary, list]:
    out = tmp_path_factory.mktemp("sources")
    calls: list[tuple[str, int, int]] = []
    summary = generate(
        out,
        scale=SCALE,
        months=MONTHS,
        start=START,
        seed=7,
        progress=lambda s, d, t: calls.append((s, d, t)),
    )
    return out, summary, calls


def months_of(start: str, n: int) -> list[tuple[int, int]]:
    y, m = map(int, start.split("-"))
    return [(y + (m - 1 + i) // 12, (m - 1 + i) % 12 + 1) for i in range(n)]


def is_valid_id(s: str) -> bool:
    """13 ASCII digits with the check digit of the project's one rule (any first digit)."""
    return bool(re.fullmatch(r"\d{13}", s)) and check_digit(s[:12]) == s[12]


def parse_be(s: str) -> dt.date | None:
    m = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", s.translate(THAI))
    if not m:
        return None
    try:
        return dt.date(int(m[3]) - 543, int(m[2]), int(m[1]))
    except ValueError:
        return None


def province_map() -> dict[str, str]:
    """Spelling → ISO code, built from the names (Thai with prefixes, English, codes)."""
    out: dict[str, str] = {}
    for num, th, en in zip(ref.PROV_NUM, ref.PROV_TH, ref.PROV_EN, strict=True):
        code = f"TH-{num}"
        for s in (th, f"จังหวัด{th}", f"จ.{th}", en, num, code):
            out[s] = code
    for s in ("กรุงเทพฯ", "กทม.", "Bangkok"):
        out[s] = "TH-10"
    alts = {
        "14": "Ayutthaya",
        "16": "Lopburi",
        "17": "Singburi",
        "18": "Chainat",
        "20": "Chonburi",
        "25": "Prachinburi",
        "27": "Sakaeo",
        "31": "Buriram",
        "33": "Sisaket",
        "39": "Nong Bua Lamphu",
        "72": "Suphanburi",
        "82": "Phang Nga",
    }
    for num, a in alts.items():
        out[a] = f"TH-{num}"
    return out


def read_csv_cp874(path: Path) -> tuple[list[str], list[list[str]]]:
    raw = path.read_bytes()
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(raw.decode("cp874"), newline="")))
    return rows[0], rows[1:]


def load_insured(out: Path) -> tuple[dict, int, Counter]:
    """Latest version of every valid spell by natural key; count of invalid rows."""
    pmap = province_map()
    spells: dict[tuple[str, str, dt.date], dict] = {}
    invalid = 0
    spellings: Counter = Counter()
    for f in sorted((out / "sso_registry" / "insured").glob("insured_*.csv")):
        header, rows = read_csv_cp874(f)
        assert header == [
            "เลขประจำตัวประชาชน",
            "คำนำหน้า",
            "ชื่อ",
            "นามสกุล",
            "วันเกิด",
            "มาตรา",
            "เลขที่บัญชีนายจ้าง",
            "ลำดับที่สาขา",
            "จังหวัด",
            "วันที่เริ่มต้น",
            "วันที่สิ้นสุด",
        ]
        for r in rows:
            assert len(r) == 11
            pid, title, _fn, _sn, birth, sec, acc, br, prov, start, end = r
            assert title in ("นาย", "นาง", "นางสาว") and sec in SECTIONS
            spellings[prov] += 1
            b, s = parse_be(birth), parse_be(start)
            e = parse_be(end) if end else None
            if not is_valid_id(pid) or b is None or s is None or prov not in pmap:
                invalid += 1
                continue
            assert not end or e is not None
            if sec == "33":
                assert re.fullmatch(r"\d{10}", acc) and re.fullmatch(r"\d{6}", br)
            else:
                assert acc == "" and br == ""
            spells[(pid, sec, s)] = {"prov": pmap[prov], "end": e, "acc": acc, "br": br}
    return spells, invalid, spellings


def month_bounds(y: int, m: int) -> tuple[dt.date, dt.date]:
    return dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])


def active_in(sp: dict, start: dt.date, ms: dt.date, me: dt.date) -> bool:
    return start <= me and (sp["end"] is None or sp["end"] >= ms)


# --------------------------------------------------------------------------- tests


def test_layout_and_progress(sim: tuple) -> None:
    out, summary, calls = sim
    bes = [f"{y + 543}{m:02d}" for y, m in months_of(START, MONTHS)]
    assert bes == ["256711", "256712", "256801"]
    for be in bes:
        assert (out / "sso_registry" / "insured" / f"insured_{be}.csv").is_file()
        assert (out / "sso_registry" / "employers" / f"employers_{be}.csv").is_file()
        assert any((out / "sso_efiling" / be).glob("SPS110_*.txt"))
    assert sorted(p.name for p in (out / "nso_lfs").iterdir()) == [
        "lfs_2567_q4.xlsx",
        "lfs_2568_q1.xlsx",
        "status_2567_q4.xlsx",
        "status_2568_q1.xlsx",
    ]
    for name in (
        "insured_by_province_section_month.csv",
        "contributions_by_month.csv",
        "labour_force_by_province_quarter.csv",
    ):
        assert (out / "_truth" / name).is_file()
    assert summary.months == ["2024-11", "2024-12", "2025-01"]
    assert summary.persons > 0 and summary.spells >= summary.persons
    files = [p for p in out.rglob("*") if p.is_file()]
    assert summary.files_written == len(files)
    assert summary.bytes_written == sum(p.stat().st_size for p in files)
    assert summary.files_written == sum(s.files_written for s in summary.sources.values())
    assert calls and [c[1] for c in calls] == list(range(1, len(calls) + 1))
    assert all(c[2] == calls[0][2] for c in calls) and calls[-1][1] == calls[-1][2]


def test_deterministic_and_rerun_overwrites(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    generate(a, scale=0.0001, months=2, seed=11)
    generate(b, scale=0.0001, months=4, seed=11)
    generate(b, scale=0.0001, months=2, seed=11)  # rerun into a used dir, fewer months

    def files(root: Path) -> dict[str, bytes]:
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    fa, fb = files(a), files(b)
    assert fa.keys() == fb.keys()
    assert all(fa[k] == fb[k] for k in fa)
    c = tmp_path / "c"
    generate(c, scale=0.0001, months=2, seed=12)
    assert files(c) != fa


def test_check_digit_matches_stdnum() -> None:
    rng = np.random.default_rng(0)
    body = rng.integers(10**11, 10**12, 2000, dtype=np.int64)
    ids = body * 10 + id_check_digits(body)
    for x in ids[:500]:
        # stdnum rejects a leading 0 or 9 (non-Thai numbers); compare the check digit itself
        assert pin.calc_check_digit(str(x)[:12]) == str(x)[12] and is_valid_id(str(x))


def test_sps110_lines_and_header_fields(sim: tuple) -> None:
    out, summary, _ = sim
    n_files = 0
    for (y, m), be in zip(months_of(START, MONTHS), ["256711", "256712", "256801"], strict=True):
        ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
        for f in sorted((out / "sso_efiling" / be).iterdir()):
            n_files += 1
            mt = re.fullmatch(r"SPS110_(\d{10})_(\d{6})_(\d{6})\.txt", f.name)
            assert mt and mt[3] == be
            raw = f.read_bytes()
            assert raw.endswith(b"\r\n")
            lines = raw[:-2].split(b"\r\n")
            assert all(len(x) == 135 for x in lines), f
            text = [x.decode("cp874") for x in lines]
            h = text[0]
            assert h[0] == "1" and h[1:11] == mt[1] and h[11:17] == mt[2]
            pay = dt.date(2000 + int(h[21:23]) - 43, int(h[19:21]), int(h[17:19]))
            assert (pay.year, pay.month) == (ny, nm) and pay.day <= 28
            assert h[23:27] == f"{m:02d}{(y + 543) % 100:02d}"
            assert h[27:72].strip() and not h[27].isspace()
            assert h[72:76] == "0500"
            assert re.fullmatch(
                r"\d{6}\d{12}\.\d{2}\d{11}\.\d{2}\d{9}\.\d{2}\d{9}\.\d{2}", h[76:135]
            )
            for d in text[1:]:
                assert d[0] == "2" and is_valid_id(d[1:14])
                assert d[14:17] in ("003", "004", "005")
                assert d[17:47].strip() and d[47:82].strip()
                assert re.fullmatch(r"\d{11}\.\d{2}", d[82:96])
                assert re.fullmatch(r"\d{9}\.00", d[96:108])
                assert d[108:135] == " " * 27
                wage = int(d[82:93]) * 100 + int(d[94:96])
                assert 165_000 <= wage <= 1_500_000
                assert int(d[96:105]) == (wage * 5 + 5_000) // 10_000  # 5 %, 0.50 up
    assert n_files == summary.sources["sso_efiling"].contribution_files


def test_sps110_totals_reconcile_except_recorded(sim: tuple) -> None:
    out, summary, _ = sim
    truth = {
        r["month"]: r
        for r in pl.read_csv(
            out / "_truth" / "contributions_by_month.csv", infer_schema=False
        ).to_dicts()
    }
    total_bad = 0
    for (y, m), be in zip(months_of(START, MONTHS), ["256711", "256712", "256801"], strict=True):
        files = bad = lines_ok = 0
        wages_ok = contrib_ok = 0
        for f in sorted((out / "sso_efiling" / be).iterdir()):
            text = f.read_bytes().decode("cp874").split("\r\n")[:-1]
            h, det = text[0], text[1:]
            w = sum(int(d[82:93]) * 100 + int(d[94:96]) for d in det)
            c = sum(int(d[96:105]) for d in det)
            ok = (
                int(h[76:82]) == len(det)
                and int(h[82:94]) * 100 + int(h[95:97]) == w
                and int(h[97:108]) == 2 * c
                and int(h[111:120]) == c
                and int(h[123:132]) == c
            )
            files += 1
            if ok:
                lines_ok += len(det)
                wages_ok += w
                contrib_ok += c
            else:
                bad += 1
        t = truth[f"{y:04d}-{m:02d}"]
        assert int(t["files"]) == files
        assert int(t["files_bad_totals"]) == bad
        assert int(t["insured_lines_loaded"]) == lines_ok
        assert t["wages_loaded"] == f"{wages_ok // 100}.{wages_ok % 100:02d}"
        assert t["employee_contributions_loaded"] == f"{contrib_ok}.00"
        total_bad += bad
    efiling = summary.sources["sso_efiling"]
    assert total_bad == efiling.contribution_files_bad_totals
    assert 0 < total_bad < 0.05 * efiling.contribution_files


def test_insured_truth_matches_recount(sim: tuple) -> None:
    out, summary, _ = sim
    spells, invalid, spellings = load_insured(out)
    assert invalid == summary.sources["sso_registry"].insured_error_rows > 0
    truth = pl.read_csv(out / "_truth" / "insured_by_province_section_month.csv")
    assert truth.columns == ["month", "province_code", "section", "insured_persons"]
    assert truth.height == MONTHS * 77 * 3
    want = {
        (r["month"], r["province_code"], str(r["section"])): r["insured_persons"]
        for r in truth.to_dicts()
    }
    got: Counter = Counter()
    for y, m in months_of(START, MONTHS):
        ms, me = month_bounds(y, m)
        for (_pid, sec, start), sp in spells.items():
            if active_in(sp, start, ms, me):
                got[(f"{y:04d}-{m:02d}", sp["prov"], sec)] += 1
    assert {k: v for k, v in want.items() if v} == dict(got)
    # Spellings: a mix, mostly the official Thai name; every province has a row somewhere.
    official = sum(v for k, v in spellings.items() if k in ref.PROV_TH)
    assert 0.55 < official / sum(spellings.values()) < 0.9
    assert {"TH-10", "กทม."} & spellings.keys() or "กรุงเทพฯ" in spellings
    assert any(k.startswith("จังหวัด") for k in spellings)
    assert any(re.fullmatch(r"\d{2}", k) for k in spellings)


def test_insured_ids_errors_and_quirks(sim: tuple) -> None:
    out, summary, _ = sim
    ids_bad = dates_bad = prov_bad = thai_digits = non_thai = 0
    pmap = province_map()
    for f in sorted((out / "sso_registry" / "insured").glob("*.csv")):
        _, rows = read_csv_cp874(f)
        for r in rows:
            assert re.fullmatch(r"\d{13}", r[0])
            ids_bad += not is_valid_id(r[0])
            dates_bad += parse_be(r[4]) is None or parse_be(r[9]) is None
            prov_bad += r[8] not in pmap
            thai_digits += any(ch in "๐๑๒๓๔๕๖๗๘๙" for ch in r[4] + r[9] + r[10])
            if is_valid_id(r[0]) and r[0][0] == "0":
                non_thai += 1
                assert r[5] == "33"
    assert ids_bad > 0 and dates_bad > 0 and prov_bad > 0
    registry = summary.sources["sso_registry"]
    assert ids_bad + dates_bad + prov_bad == registry.insured_error_rows
    assert registry.insured_error_rows < 0.01 * registry.insured_rows
    assert thai_digits > 0 and non_thai > 0


def test_contribution_files_match_active_s33(sim: tuple) -> None:
    out, _, _ = sim
    spells, _, _ = load_insured(out)
    # planted anomalies: lines for persons the registry never lists (and nothing else)
    planted = pl.read_csv(
        out / "_truth" / "planted_anomalies_contributions.csv", infer_schema=False
    )
    unregistered = set(planted["national_id"])
    assert len(unregistered) == planted.height >= MONTHS
    assert not unregistered & {pid for pid, _, _ in spells}
    for (y, m), be in zip(months_of(START, MONTHS), ["256711", "256712", "256801"], strict=True):
        ms, me = month_bounds(y, m)
        want = sorted(
            (pid, sp["acc"], sp["br"])
            for (pid, sec, start), sp in spells.items()
            if sec == "33" and active_in(sp, start, ms, me)
        )
        got = []
        for f in (out / "sso_efiling" / be).iterdir():
            _, acc, br, _ = f.stem.split("_")
            for d in f.read_bytes().decode("cp874").split("\r\n")[1:-1]:
                if d[1:14] in unregistered:
                    unregistered.discard(d[1:14])
                else:
                    got.append((d[1:14], acc, br))
        assert sorted(got) == want
    assert not unregistered  # every planted line was written


def test_employers_snapshot(sim: tuple) -> None:
    out, summary, _ = sim
    spells, _, _ = load_insured(out)
    pmap = province_map()
    bands = ref.SIZE_BANDS
    for (y, m), be in zip(months_of(START, MONTHS), ["256711", "256712", "256801"], strict=True):
        ms, me = month_bounds(y, m)
        per_branch = Counter(
            (sp["acc"], sp["br"])
            for (_pid, sec, start), sp in spells.items()
            if sec == "33" and active_in(sp, start, ms, me)
        )
        header, rows = read_csv_cp874(out / "sso_registry" / "employers" / f"employers_{be}.csv")
        assert header == [
            "เลขที่บัญชีนายจ้าง",
            "ลำดับที่สาขา",
            "ชื่อสถานประกอบการ",
            "รหัสประเภทกิจการ",
            "ขนาดสถานประกอบการ",
            "จังหวัด",
            "วันที่ขึ้นทะเบียน",
        ]
        keys = set()
        for acc, br, name, tsic, band, prov, reg in rows:
            assert re.fullmatch(r"\d{10}", acc) and re.fullmatch(r"\d{6}", br)
            assert name and re.fullmatch(r"\d{5}", tsic) and prov in pmap
            reg_d = parse_be(reg)
            assert reg_d is not None and reg_d <= me
            n = per_branch.get((acc, br), 0)
            lo = [1, 5, 10, 20, 50, 100, 300, 500, 1000][bands.index(band)]
            hi = [4, 9, 19, 49, 99, 299, 499, 999, 10**9][bands.index(band)]
            assert lo <= max(n, 1) <= hi
            keys.add((acc, br))
        assert set(per_branch) <= keys
        assert any(br != "000000" for _, br in keys)
        assert "000000" in {br for _, br in keys}
    assert summary.branches >= summary.employers


def test_lfs_workbooks(sim: tuple) -> None:
    out, _, _ = sim
    truth = pl.read_csv(out / "_truth" / "labour_force_by_province_quarter.csv")
    assert truth.columns == [
        "year",
        "quarter",
        "province_code",
        "labour_force",
        "informal_workforce",
    ]
    for year, q in ((2024, 4), (2025, 1)):
        df = pl.read_excel(
            out / "nso_lfs" / f"lfs_{year + 543}_q{q}.xlsx",
            sheet_name="ตาราง 1",
            engine="calamine",
            has_header=False,
            drop_empty_rows=False,
        )
        rows = [list(r) for r in df.iter_rows()]
        assert rows[0][0] == f"การสำรวจภาวะการทำงานของประชากร ไตรมาสที่ {q} พ.ศ. {year + 543}"
        assert rows[2][0] == "หน่วย: คน" and all(v is None for v in rows[3])
        assert rows[4] == ["จังหวัด", "กำลังแรงงานรวม", "แรงงานนอกระบบ"]
        assert rows[5] == ["Province", "Labour force", "Informal employment"]
        assert rows[6][0] == "ทั่วราชอาณาจักร"

        def num(v: object) -> int:
            return 0 if v == "-" else int(float(v))  # type: ignore[arg-type]

        total = (num(rows[6][1]), num(rows[6][2]))
        regions: list[tuple[str, int, int, list]] = []
        r = 7
        while rows[r][0] is not None:
            label = rows[r][0]
            if label in ref.REGIONS and (not regions or label != regions[-1][0] or regions[-1][3]):
                regions.append((label, num(rows[r][1]), num(rows[r][2]), []))
            else:
                regions[-1][3].append((label, num(rows[r][1]), num(rows[r][2])))
            r += 1
        assert [x[0] for x in regions] == ref.REGIONS
        assert rows[r + 1][0].startswith("หมายเหตุ:")
        assert rows[r + 2][0] == "ที่มา: สำนักงานสถิติแห่งชาติ"
        provinces = [p for reg in regions for p in reg[3]]
        assert len(provinces) == 77
        assert sum(1 for p in provinces if p[0].endswith("1/")) in (1, 2)
        for _, lf, inf, members in regions:
            assert lf == sum(p[1] for p in members) and inf == sum(p[2] for p in members)
        assert total == (sum(x[1] for x in regions), sum(x[2] for x in regions))
        t = truth.filter(pl.col("year") == year, pl.col("quarter") == q)
        assert t.height == 77
        assert (int(t["labour_force"].sum()), int(t["informal_workforce"].sum())) == total
        assert (t["informal_workforce"] <= t["labour_force"]).all()
        by_label = {re.sub(r"\s*1/$", "", p[0]): p for p in provinces}
        for row in t.to_dicts():
            p = by_label[ref.PROV_TH[ref.PROV_CODE.index(row["province_code"])]]
            assert (p[1], p[2]) == (row["labour_force"], row["informal_workforce"])


def test_province_table() -> None:
    assert len(ref.PROV_CODE) == len(set(ref.PROV_CODE)) == 77
    assert len(set(ref.PROV_TH)) == 77
    assert ref.PROV_TH[ref.PROV_CODE.index("TH-39")] == "หนองบัวลำภู"
    assert ref.PROV_TH[ref.PROV_CODE.index("TH-38")] == "บึงกาฬ"
    assert ref.PROV_TH[ref.PROV_CODE.index("TH-10")] == "กรุงเทพมหานคร"
    assert Counter(ref.PROV_REGION.tolist()) == {0: 1, 1: 25, 2: 17, 3: 20, 4: 14}
    iso = {
        s.code: s.name
        for s in pycountry.subdivisions.get(country_code="TH")
        if s.type.endswith("Province") or s.code == "TH-10"
    }
    assert set(iso) == set(ref.PROV_CODE)
    for code, en in zip(ref.PROV_CODE, ref.PROV_EN, strict=True):
        assert iso[code] == en
    # Each spelling names exactly one province; all are cp874-encodable.
    owner: dict[str, set[int]] = defaultdict(set)
    for p in range(77):
        for j in set(ref.SPELL_IDX[p].tolist()):
            owner[ref.SPELLINGS[j]].add(p)
    assert all(len(v) == 1 for v in owner.values())
    "".join(ref.SPELLINGS).encode("cp874")


def test_dynamics_at_default_scale(tmp_path: Path) -> None:
    """A year at a small scale: S40 grows every month, S33→S39 conversions happen."""
    out = tmp_path / "s"
    generate(out, scale=0.0005, months=6, seed=3)
    t = pl.read_csv(out / "_truth" / "insured_by_province_section_month.csv")
    tot = t.group_by("month", "section").agg(pl.col("insured_persons").sum()).sort("month")
    s40 = tot.filter(pl.col("section") == 40)["insured_persons"].to_list()
    assert all(b > a for a, b in itertools.pairwise(s40))
    s33 = tot.filter(pl.col("section") == 33)["insured_persons"].to_list()
    assert abs(s33[0] - 12_080_000 * 0.0005) < 0.1 * 12_080_000 * 0.0005
    spells, _, _ = load_insured(out)
    by_pid: dict[str, list] = defaultdict(list)
    for (pid, sec, start), sp in spells.items():
        by_pid[pid].append((sec, start, sp["end"]))
    conversions = 0
    for v in by_pid.values():
        for sec, _s, e in v:
            if sec == "33" and e is not None:
                nxt = (e.year + e.month // 12, e.month % 12 + 1)
                conversions += any(s2 == "39" and (st.year, st.month) == nxt for s2, st, _ in v)
    assert conversions > 0
