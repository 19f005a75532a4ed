"""Deterministic synthetic source systems: SSO registries, สปส.1-10 files, NSO LFS workbooks.

The model holds persons, employer branches and insurance spells in numpy arrays and steps
month by month; each month's deliveries are built with vectorised polars string expressions.
Output formats follow docs/data-contracts.md §1 (written here independently of the readers).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from . import formats as fm
from . import reference as ref

ProgressFn = Callable[[str, int, int], None]

NO_END = np.int32(np.iinfo(np.int32).max)
EPOCH = dt.date(1970, 1, 1)
S33, S39, S40 = 0, 1, 2
SECTION_LABEL = np.array(["33", "39", "40"])

# Magnitudes at scale 1.0 (DOMAIN.md, 2024).
N33, N39, N40 = 12_080_000, 1_720_000, 11_010_000
N_ACCOUNTS = 500_000
LABOUR_FORCE, INFORMAL = 40_000_000, 20_000_000

# Monthly dynamics.
SEP33 = 0.016  # S33 separations per open spell
GROWTH33 = 0.0013  # S33 net growth
CONVERT39 = 0.05  # share of separations that continue under S39 the next month
REHIRE = 0.62  # share of separations hired again under S33 in 1-2 months
LAPSE39 = 0.009
LAPSE40 = 0.0140
NET40 = 0.0022
NEW_ACCOUNTS = 0.004  # new employer accounts per month
NON_THAI33 = 0.02
BAD_TOTALS = 0.01
INSURED_ERRORS = 0.005
THAI_DIGIT_ROWS = 0.01
CHUNK_LINES = 1_000_000

# ID serial permutation (bijective on [0, 10**9) because gcd(A, 10) = 1).
_ID_A, _ID_B, _ID_MOD = 387_420_491, 123_456_789, 10**9
_ACC_A, _ACC_B, _ACC_MOD = 48_271_019, 7_654_321, 10**8


@dataclass
class GenerateSummary:
    out_dir: Path
    months: list[str] = field(default_factory=list)
    persons: int = 0
    spells: int = 0
    spells_s33: int = 0
    spells_s39: int = 0
    spells_s40: int = 0
    employers: int = 0  # employer accounts
    branches: int = 0
    insured_files: int = 0
    insured_rows: int = 0  # rows written, including injected errors
    insured_error_rows: int = 0  # injected junk rows (never in the truth)
    employer_files: int = 0
    employer_rows: int = 0
    contribution_files: int = 0
    contribution_files_bad_totals: int = 0
    contribution_lines: int = 0  # detail lines, all files
    lfs_workbooks: int = 0
    files_written: int = 0
    bytes_written: int = 0


def _days(d: dt.date) -> int:
    return (d - EPOCH).days


def _stochround(x: float, rng: np.random.Generator) -> int:
    f = int(np.floor(x))
    return f + int(rng.random() < x - f)


def _check_digit(body: np.ndarray) -> np.ndarray:
    """Thai national ID check digit of 12-digit int64 bodies."""
    total = np.zeros(body.shape, dtype=np.int64)
    rest = body.copy()
    for i in range(11, -1, -1):  # digit i (0 = leftmost) has weight 13 - i
        total += (rest % 10) * (13 - i)
        rest //= 10
    return (11 - total % 11) % 10


def _norm(w: np.ndarray) -> np.ndarray:
    w = np.asarray(w, dtype=np.float64)
    return w / w.sum()


class _Cols:
    """A table of equally long numpy columns that grows by blocks."""

    def __init__(self, **cols: np.ndarray) -> None:
        self.c = {k: np.asarray(v) for k, v in cols.items()}

    def __len__(self) -> int:
        return len(next(iter(self.c.values())))

    def __getitem__(self, k: str) -> np.ndarray:
        return self.c[k]

    def append(self, **cols: np.ndarray) -> np.ndarray:
        n0 = len(self)
        for k, v in self.c.items():
            self.c[k] = np.concatenate([v, np.asarray(cols[k]).astype(v.dtype, copy=False)])
        return np.arange(n0, len(self))


class _Sim:
    def __init__(self, scale: float, months: int, start: str, seed: int) -> None:
        y, m = (int(x) for x in start.split("-"))
        self.months: list[tuple[int, int]] = []
        for i in range(months):
            yy, mm = divmod(m - 1 + i, 12)
            self.months.append((y + yy, mm + 1))
        self.scale = scale
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.next_k = 1 + (seed * 7919) % 1_000_003  # ID serial counter
        self.pop_w = _norm(ref.PROV_POP)
        self.s33_w = _norm(ref.PROV_S33)
        self.s39_w = _norm(0.5 * self.pop_w + 0.5 * self.s33_w)
        self.s40_w = _norm(self.pop_w * (1.2 - ref.PROV_S33 / ref.PROV_POP))
        self.wage_factor = 0.85 + 0.5 * ref.PROV_S33 / ref.PROV_POP
        self.prov_num = np.array([int(x) for x in ref.PROV_NUM], dtype=np.int64)
        self.n_first_a = [len(ref.MALE_A), len(ref.FEMALE_A), len(ref.FOREIGN_A)]
        self.n_first_b = [len(ref.MALE_B), len(ref.FEMALE_B), len(ref.FOREIGN_B)]
        self.first_a = pl.Series(ref.MALE_A + ref.FEMALE_A + ref.FOREIGN_A)
        self.first_b = pl.Series(ref.MALE_B + ref.FEMALE_B + [" " + x for x in ref.FOREIGN_B])
        self.sur_a = pl.Series(ref.SUR_A + ref.FOREIGN_A)
        self.sur_b = pl.Series(ref.SUR_B + ref.FOREIGN_B)
        self.sur_c = pl.Series(ref.SUR_C)
        self.spellings = pl.Series(ref.SPELLINGS)

    # ------------------------------------------------------------------ persons
    def new_persons(self, n: int, home: np.ndarray, kind: str, ref_day: int) -> np.ndarray:
        """Append n persons; return their indices. kind: s33, s33new, s39, s40, s40new."""
        rng = self.rng
        age_mu, age_sd, age_lo, age_hi, female, foreign_p = {
            "s33": (37, 10, 18, 59, 0.48, NON_THAI33),
            "s33new": (25, 5, 18, 45, 0.48, NON_THAI33),
            "s39": (46, 8, 25, 64, 0.56, 0.0),
            "s40": (45, 12, 18, 65, 0.55, 0.0),
            "s40new": (38, 12, 18, 65, 0.55, 0.0),
        }[kind]
        age = np.clip(rng.normal(age_mu, age_sd, n), age_lo, age_hi + 0.99)
        birth = (ref_day - age * 365.25).astype(np.int32)
        sex = (rng.random(n) < female).astype(np.int8)
        foreign = rng.random(n) < foreign_p
        married = rng.random(n) < np.clip((age - 22) / 20, 0, 0.8)
        title = np.where(sex == 0, 0, np.where(married, 1, 2)).astype(np.int8)
        group = np.where(foreign, 2, sex)
        na = np.array(self.n_first_a)
        nb = np.array(self.n_first_b)
        off_a = np.array([0, na[0], na[0] + na[1]])
        off_b = np.array([0, nb[0], nb[0] + nb[1]])
        fa = off_a[group] + (rng.random(n) * na[group]).astype(np.int64)
        fb = off_b[group] + (rng.random(n) * nb[group]).astype(np.int64)
        sa = np.where(
            foreign,
            len(ref.SUR_A) + rng.integers(0, len(ref.FOREIGN_A), n),
            rng.integers(0, len(ref.SUR_A), n),
        )
        sb = np.where(
            foreign,
            len(ref.SUR_B) + rng.integers(0, len(ref.FOREIGN_B), n),
            rng.integers(0, len(ref.SUR_B), n),
        )
        sc = np.where(foreign, 0, rng.integers(0, len(ref.SUR_C), n))
        # National ID: type digit · registration province · permuted serial · check digit.
        birth_year = (birth.astype("datetime64[D]").astype("datetime64[Y]").astype(int)) + 1970
        d1 = np.where(birth_year >= 1984, 1, 3)
        d1 = np.where(rng.random(n) < 0.03, 5, d1)
        d1 = np.where(foreign, 0, d1)
        k = np.arange(self.next_k, self.next_k + n, dtype=np.int64)
        self.next_k += n
        serial = (k * _ID_A + _ID_B) % _ID_MOD
        body = d1 * 10**11 + self.prov_num[home] * 10**9 + serial
        pid = body * 10 + _check_digit(body)
        cols = dict(
            pid=pid,
            sex=sex,
            title=title,
            fa=fa,
            fb=fb,
            sa=sa,
            sb=sb,
            sc=sc,
            birth=birth,
            home=home,
        )
        if not hasattr(self, "persons"):
            self.persons = _Cols(
                pid=pid.astype(np.int64),
                sex=sex,
                title=title,
                fa=fa.astype(np.int16),
                fb=fb.astype(np.int16),
                sa=sa.astype(np.int16),
                sb=sb.astype(np.int16),
                sc=sc.astype(np.int16),
                birth=birth,
                home=home.astype(np.int8),
            )
            return np.arange(n)
        return self.persons.append(**cols)

    # ---------------------------------------------------------------- employers
    def make_employers(self) -> None:
        rng = self.rng
        start0 = _days(dt.date(*self.months[0], 1))
        n_old = max(3, round(N_ACCOUNTS * self.scale))
        n_new_per_month = N_ACCOUNTS * self.scale * NEW_ACCOUNTS
        reg_new = []
        for y, m in self.months:
            k = _stochround(n_new_per_month, rng)
            d0 = _days(dt.date(y, m, 1))
            reg_new.append(d0 + rng.integers(0, calendar.monthrange(y, m)[1], k))
        reg_new_a = np.concatenate(reg_new).astype(np.int64)
        n_acc = n_old + len(reg_new_a)
        acc_reg = np.concatenate(
            [
                start0 - 1 - np.minimum(rng.exponential(10 * 365.25, n_old), 40 * 365.25),
                reg_new_a,
            ]
        ).astype(np.int64)
        acc_prov = rng.choice(ref.N_PROV, n_acc, p=self.s33_w)
        tsic_w = _norm([t[2] for t in ref.TSIC])
        acc_tsic = rng.choice(len(ref.TSIC), n_acc, p=tsic_w)
        n_extra = np.where(
            rng.random(n_acc) < 0.04, 1 + np.minimum(rng.geometric(0.35, n_acc) - 1, 60), 0
        )
        n_extra[n_old:] = 0  # new accounts start with their head office only
        acc_k = np.arange(n_acc, dtype=np.int64) + 1 + (self.seed * 104_729) % 1_000_003
        serial = (acc_k * _ACC_A + _ACC_B) % _ACC_MOD
        account = self.prov_num[acc_prov] * _ACC_MOD + serial

        per = 1 + n_extra
        b_acc = np.repeat(np.arange(n_acc), per)
        first = np.repeat(np.cumsum(per) - per, per)
        b_no = np.arange(len(b_acc)) - first
        head = b_no == 0
        nb = len(b_acc)
        b_prov = np.where(
            head,
            acc_prov[b_acc],
            rng.choice(ref.N_PROV, nb, p=_norm(0.5 * self.s33_w + 0.5 * self.pop_w)),
        )
        a_reg = acc_reg[b_acc]
        b_reg = np.where(head, a_reg, a_reg + rng.random(nb) * np.maximum(start0 - 1 - a_reg, 0))
        size_factor = np.array([t[3] for t in ref.TSIC])[acc_tsic[b_acc]]
        weight = np.exp(rng.normal(np.log(5.0), 1.6, nb)) * size_factor
        weight = np.minimum(weight, 40_000) * np.where(head & (n_extra[b_acc] > 0), 2.0, 1.0)
        # Keep the heavy tail of firm sizes within a province, but make each province's share of
        # Section-33 employment its national share: at small scales one large firm drawn into a
        # small province would otherwise insure several times its whole workforce.
        prov_weight = np.bincount(b_prov, weights=weight, minlength=ref.N_PROV)
        weight = weight * self.s33_w[b_prov] / prov_weight[b_prov]

        # Establishment names.
        sect = np.array([t[1] for t in ref.TSIC])[acc_tsic]
        sections = sorted(ref.INDUSTRY_WORDS)
        words = [w for s in sections for w in ref.INDUSTRY_WORDS[s]]
        lens = np.array([len(ref.INDUSTRY_WORDS[s]) for s in sections])
        offs = np.cumsum(lens) - lens
        si = np.searchsorted(np.array(sections), sect)
        wi = offs[si] + (rng.random(n_acc) * lens[si]).astype(np.int64)
        stems = pl.Series(ref.NAME_STEMS)
        ns = len(ref.NAME_STEMS)
        kind = rng.choice(4, n_acc, p=[0.64, 0.02, 0.22, 0.12])
        punct = rng.choice(3, n_acc, p=[0.96, 0.025, 0.015])
        df = pl.DataFrame(
            {
                "a": stems.gather(rng.integers(0, ns, n_acc)),
                "b": stems.gather(rng.integers(0, ns, n_acc)),
                "two": rng.random(n_acc) < 0.3,
                "w": pl.Series(words).gather(wi),
                "kind": kind,
                "punct": punct,
            }
        )
        stem = (
            pl.when(pl.col("punct") == 1)
            .then(pl.concat_str([pl.col("a"), pl.lit(", "), pl.col("w")]))
            .otherwise(
                pl.concat_str(
                    [
                        pl.col("a"),
                        pl.when(pl.col("two")).then(pl.col("b")).otherwise(pl.lit("")),
                        pl.col("w"),
                    ]
                )
            )
        )
        stem = (
            pl.when(pl.col("punct") == 2)
            .then(pl.concat_str([pl.lit('"'), stem, pl.lit('"')]))
            .otherwise(stem)
        )
        name = (
            pl.when(pl.col("kind") == 0)
            .then(pl.concat_str([pl.lit("บริษัท "), stem, pl.lit(" จำกัด")]))
            .when(pl.col("kind") == 1)
            .then(pl.concat_str([pl.lit("บริษัท "), stem, pl.lit(" จำกัด (มหาชน)")]))
            .when(pl.col("kind") == 2)
            .then(pl.concat_str([pl.lit("ห้างหุ้นส่วนจำกัด "), stem]))
            .otherwise(pl.concat_str([pl.lit("ร้าน"), stem]))
        )
        acc_name = df.select(name.alias("n")).to_series()
        bdf = pl.DataFrame(
            {
                "n": acc_name.gather(b_acc),
                "p": pl.Series(ref.PROV_TH).gather(b_prov),
                "head": head,
            }
        )
        b_name = bdf.select(
            pl.when(pl.col("head"))
            .then(pl.col("n"))
            .otherwise(pl.concat_str([pl.col("n"), pl.lit(" (สาขา"), pl.col("p"), pl.lit(")")]))
        ).to_series()

        self.branches = _Cols(
            account=account[b_acc],
            acc=b_acc.astype(np.int64),
            no=b_no.astype(np.int64),
            prov=b_prov.astype(np.int64),
            tsic=acc_tsic[b_acc].astype(np.int64),
            reg=b_reg.astype(np.int32),
            weight=weight,
            spelling=self.spell(b_prov),
            thai_digits=rng.random(nb) < THAI_DIGIT_ROWS,
        )
        self.branch_name = b_name
        self.n_accounts = n_acc

    def spell(self, prov: np.ndarray) -> np.ndarray:
        """Index into SPELLINGS of a spelling for each province, drawn by weight."""
        u = self.rng.random(len(prov))
        j = (u[:, None] > ref.SPELL_CUM[prov]).sum(axis=1)
        j = np.minimum(j, ref.SPELL_CUM.shape[1] - 1)
        return ref.SPELL_IDX[prov, j].astype(np.int32)

    def pick_branches(self, n: int, day_hi: int) -> np.ndarray:
        w = np.where(self.branches["reg"] <= day_hi, self.branches["weight"], 0.0)
        return self.rng.choice(len(w), n, p=w / w.sum())

    # ------------------------------------------------------------------- spells
    def base_wage(self, prov: np.ndarray) -> np.ndarray:
        """Monthly wage in satang (whole baht; 10 % with a fraction of .25/.50/.75)."""
        rng = self.rng
        n = len(prov)
        w = np.exp(rng.normal(np.log(13_500), 0.55, n)) * self.wage_factor[prov]
        w = np.maximum(np.round(w), 1_000) * 100
        frac = np.where(rng.random(n) < 0.10, rng.integers(1, 4, n) * 25, 0)
        return (w + frac).astype(np.int64)

    def add_spells(
        self,
        person: np.ndarray,
        section: int,
        start: np.ndarray,
        branch: np.ndarray | None,
        prov: np.ndarray,
    ) -> np.ndarray:
        n = len(person)
        cols = dict(
            person=person.astype(np.int64),
            section=np.full(n, section, dtype=np.int8),
            start=start.astype(np.int32),
            end=np.full(n, NO_END, dtype=np.int32),
            branch=(branch if branch is not None else np.full(n, -1)).astype(np.int32),
            prov=prov.astype(np.int8),
            wage=(self.base_wage(prov) if section == S33 else np.zeros(n, dtype=np.int64)),
            ot=(self.rng.random(n) < 0.25) if section == S33 else np.zeros(n, dtype=bool),
        )
        if not hasattr(self, "spells"):
            self.spells = _Cols(**cols)
            return np.arange(n)
        return self.spells.append(**cols)

    def initial_stock(self) -> None:
        rng = self.rng
        start0 = _days(dt.date(*self.months[0], 1))
        n33 = max(1, round(N33 * self.scale))
        n39 = max(1, round(N39 * self.scale))
        n40 = max(1, round(N40 * self.scale))
        br = self.pick_branches(n33, start0 - 1)
        bprov = self.branches["prov"][br]
        home = np.where(rng.random(n33) < 0.75, bprov, rng.choice(ref.N_PROV, n33, p=self.pop_w))
        p33 = self.new_persons(n33, home, "s33", start0)
        tenure = rng.exponential(5 * 365.25, n33)
        lo = np.maximum(self.branches["reg"][br], self.persons["birth"][p33] + 6575)
        st = np.clip(start0 - 1 - tenure, lo, start0 - 1)
        self.add_spells(p33, S33, st, br, bprov)

        home39 = rng.choice(ref.N_PROV, n39, p=self.s39_w)
        p39 = self.new_persons(n39, home39, "s39", start0)
        lo = self.persons["birth"][p39] + 25 * 365
        st = np.clip(start0 - 1 - rng.exponential(4 * 365.25, n39), lo, start0 - 1)
        self.add_spells(p39, S39, st, None, home39)

        home40 = rng.choice(ref.N_PROV, n40, p=self.s40_w)
        p40 = self.new_persons(n40, home40, "s40", start0)
        lo = self.persons["birth"][p40] + 18 * 365
        st = np.clip(start0 - 1 - rng.exponential(3 * 365.25, n40), lo, start0 - 1)
        self.add_spells(p40, S40, st, None, home40)


# ============================================================================ output


class _Writer:
    def __init__(self, out_dir: Path, summary: GenerateSummary) -> None:
        self.out = out_dir
        self.summary = summary

    def write(self, path: Path, data: bytes) -> None:
        path.write_bytes(data)
        self.summary.files_written += 1
        self.summary.bytes_written += len(data)

    def write_many(self, items: Iterable[tuple[Path, bytes | memoryview]]) -> None:
        n = size = 0
        for path, data in items:
            path.write_bytes(data)
            n += 1
            size += len(data)
        self.summary.files_written += n
        self.summary.bytes_written += size


def _clean(out_dir: Path) -> None:
    """Remove the simulator's own earlier outputs (only its file patterns)."""
    patterns = [
        ("sso_registry/insured", "insured_*.csv"),
        ("sso_registry/employers", "employers_*.csv"),
        ("sso_efiling", "*/SPS110_*.txt"),
        ("nso_lfs", "lfs_*_q*.xlsx"),
    ]
    for sub, pat in patterns:
        d = out_dir / sub
        if d.is_dir():
            for f in d.glob(pat):
                f.unlink()
    efiling = out_dir / "sso_efiling"
    if efiling.is_dir():
        for d in efiling.iterdir():
            if d.is_dir() and not any(d.iterdir()):
                d.rmdir()
    for name in (
        "insured_by_province_section_month.csv",
        "contributions_by_month.csv",
        "labour_force_by_province_quarter.csv",
    ):
        (out_dir / "_truth" / name).unlink(missing_ok=True)


def _insured_frame(sim: _Sim, idx: np.ndarray) -> tuple[pl.DataFrame, int]:
    """Insured-registry rows (contracts §1.1) for spells idx, with injected error rows."""
    rng = sim.rng
    sp, pe, br = sim.spells, sim.persons, sim.branches
    p = sp["person"][idx]
    b = sp["branch"][idx]
    has_b = b >= 0
    bb = np.where(has_b, b, 0)
    n = len(idx)
    end = sp["end"][idx]
    thai = rng.random(n) < THAI_DIGIT_ROWS
    raw = pl.DataFrame(
        {
            "pid": pe["pid"][p],
            "title": pe["title"][p],
            "fa": pe["fa"][p],
            "fb": pe["fb"][p],
            "sa": pe["sa"][p],
            "sb": pe["sb"][p],
            "sc": pe["sc"][p],
            "section": sp["section"][idx],
            "account": np.where(has_b, br["account"][bb], -1),
            "branch": np.where(has_b, br["no"][bb], -1),
            "spelling": sim.spell(sp["prov"][idx].astype(np.int64)),
        }
    )
    dates = ["วันเกิด", "วันที่เริ่มต้น", "วันที่สิ้นสุด"]

    birth_s = fm.be_dates(pe["birth"][p], thai)
    start_s = fm.be_dates(sp["start"][idx], thai)
    end_s = fm.be_dates(np.where(end == NO_END, 0, end), thai, null=end == NO_END)

    df = raw.select(
        fm.fixed_int(pl.col("pid"), 13).alias("เลขประจำตัวประชาชน"),
        pl.Series(ref.TITLES).gather(raw["title"]).alias("คำนำหน้า"),
        pl.concat_str([sim.first_a.gather(raw["fa"]), sim.first_b.gather(raw["fb"])]).alias("ชื่อ"),
        pl.concat_str(
            [
                sim.sur_a.gather(raw["sa"]),
                sim.sur_b.gather(raw["sb"]),
                sim.sur_c.gather(raw["sc"]),
            ]
        ).alias("นามสกุล"),
        birth_s.alias(dates[0]),
        pl.Series(SECTION_LABEL).gather(raw["section"]).alias("มาตรา"),
        pl.when(pl.col("account") >= 0)
        .then(fm.fixed_int(pl.col("account"), 10))
        .alias("เลขที่บัญชีนายจ้าง"),
        pl.when(pl.col("branch") >= 0).then(fm.fixed_int(pl.col("branch"), 6)).alias("ลำดับที่สาขา"),
        sim.spellings.gather(raw["spelling"]).alias("จังหวัด"),
        start_s.alias(dates[1]),
        end_s.alias(dates[2]),
    )

    # Injected junk rows: copies of real rows with one field made invalid.
    k = _stochround(n * INSURED_ERRORS, rng)
    if k == 0 or n == 0:
        return df, 0
    src = rng.integers(0, n, k)
    kind = rng.integers(0, 3, k)
    junk = df.select(pl.all().gather(src)).with_columns(
        pl.Series("_kind", kind), pl.Series("_r", rng.integers(1, 10, k))
    )
    pid_col, prov_col = "เลขประจำตัวประชาชน", "จังหวัด"
    last = pl.col(pid_col).str.slice(12, 1).str.replace_many(fm.THAI_DIGITS, fm.ARABIC_DIGITS)
    bad_check = ((last.cast(pl.Int64) + pl.col("_r")) % 10).cast(pl.String)
    date_col = dates[int(rng.integers(0, 2))]
    year = pl.col(date_col).str.slice(6, 4)
    bad_day = pl.Series(["31/02/", "30/02/", "15/13/", "32/01/", "10/00/"]).gather(
        rng.integers(0, 5, k)
    )
    bad_prov = pl.Series(ref.UNKNOWN_PROVINCES).gather(
        rng.integers(0, len(ref.UNKNOWN_PROVINCES), k)
    )
    junk = junk.with_columns(
        pl.when(pl.col("_kind") == 0)
        .then(pl.concat_str([pl.col(pid_col).str.slice(0, 12), bad_check]))
        .otherwise(pl.col(pid_col))
        .alias(pid_col),
        pl.when(pl.col("_kind") == 1)
        .then(pl.concat_str([pl.lit(bad_day), year]))
        .otherwise(pl.col(date_col))
        .alias(date_col),
        pl.when(pl.col("_kind") == 2)
        .then(pl.lit(bad_prov))
        .otherwise(pl.col(prov_col))
        .alias(prov_col),
    ).drop("_kind", "_r")
    pos = np.concatenate([np.arange(n, dtype=np.float64), src + rng.random(k)])
    out = pl.concat([df, junk]).gather(np.argsort(pos, kind="stable"))
    return out, k


def _write_insured(sim: _Sim, w: _Writer, idx: np.ndarray, path: Path) -> None:
    with path.open("wb") as f:
        for c0 in range(0, max(len(idx), 1), CHUNK_LINES):
            part, k = _insured_frame(sim, idx[c0 : c0 + CHUNK_LINES])
            data = fm.csv_bytes(part, header=c0 == 0)
            f.write(data)
            w.summary.bytes_written += len(data)
            w.summary.insured_rows += part.height
            w.summary.insured_error_rows += k
    w.summary.files_written += 1
    w.summary.insured_files += 1


def _write_employers(
    sim: _Sim, w: _Writer, month_end: int, active33_per_branch: np.ndarray, path: Path
) -> None:
    br = sim.branches
    sel = np.flatnonzero(br["reg"] <= month_end)
    band = np.searchsorted(ref.SIZE_BAND_EDGES, active33_per_branch[sel], side="right")
    raw = pl.DataFrame(
        {
            "account": br["account"][sel],
            "no": br["no"][sel],
            "tsic": br["tsic"][sel],
            "band": band,
            "spelling": br["spelling"][sel],
        }
    )
    reg = fm.be_dates(br["reg"][sel], br["thai_digits"][sel])
    df = raw.select(
        fm.fixed_int(pl.col("account"), 10).alias("เลขที่บัญชีนายจ้าง"),
        fm.fixed_int(pl.col("no"), 6).alias("ลำดับที่สาขา"),
        sim.branch_name.gather(sel).alias("ชื่อสถานประกอบการ"),
        pl.Series([t[0] for t in ref.TSIC]).gather(raw["tsic"]).alias("รหัสประเภทกิจการ"),
        pl.Series(ref.SIZE_BANDS).gather(raw["band"]).alias("ขนาดสถานประกอบการ"),
        sim.spellings.gather(raw["spelling"]).alias("จังหวัด"),
        reg.alias("วันที่ขึ้นทะเบียน"),
    )
    w.write(path, fm.csv_bytes(df, header=True))
    w.summary.employer_files += 1
    w.summary.employer_rows += df.height


def _month_wages(
    sim: _Sim, idx: np.ndarray, ms: int, me: int, dim: int
) -> tuple[np.ndarray, np.ndarray]:
    """Wage subject to contribution (satang) and employee contribution (baht) in a month."""
    rng = sim.rng
    sp = sim.spells
    base = sp["wage"][idx].astype(np.float64)
    factor = np.where(sp["ot"][idx], rng.uniform(0.92, 1.18, len(idx)), 1.0)
    days = np.minimum(sp["end"][idx], me) - np.maximum(sp["start"][idx], ms) + 1
    factor *= np.minimum(days, dim) / dim
    unit = np.where(sp["wage"][idx] % 100 == 0, 100, 25)
    wage = (np.round(base * factor / unit) * unit).astype(np.int64)
    wage = np.clip(wage, 165_000, 1_500_000)
    contrib = (wage + 1_000) // 2_000  # wage × 5 %, whole baht, 0.50 up
    return wage, contrib


def _write_efiling(
    sim: _Sim,
    w: _Writer,
    idx: np.ndarray,
    ym: tuple[int, int],
    ms: int,
    me: int,
    dim: int,
    month_dir: Path,
) -> dict[str, object]:
    """สปส.1-10 files of one wage month (contracts §1.3); returns the month's truth row."""
    rng = sim.rng
    sp, pe, br = sim.spells, sim.persons, sim.branches
    b_all = sp["branch"][idx]
    order = np.lexsort((idx, b_all))
    idx = idx[order]
    b_all = b_all[order]
    wage, contrib = _month_wages(sim, idx, ms, me, dim)
    files, starts, counts = np.unique(b_all, return_index=True, return_counts=True)
    nf = len(files)
    sum_w = np.add.reduceat(wage, starts) if nf else np.zeros(0, np.int64)
    sum_c = np.add.reduceat(contrib, starts) if nf else np.zeros(0, np.int64)

    # Header values, some made not to reconcile.
    h_count, h_wage, h_emp = counts.copy(), sum_w.copy(), sum_c.copy()
    h_er = sum_c.copy()
    n_bad = _stochround(nf * BAD_TOTALS, rng)
    bad = np.zeros(nf, dtype=bool)
    if n_bad:
        bi = np.sort(rng.choice(nf, n_bad, replace=False))
        bad[bi] = True
        kind = rng.integers(0, 3, n_bad)
        h_wage[bi] += np.where(kind == 0, rng.integers(1, 5_000, n_bad) * 100, 0)
        h_emp[bi] += np.where(kind == 1, rng.integers(1, 50, n_bad), 0)
        h_count[bi] += np.where(kind == 2, 1, 0)
    y, m = ym
    ny, nm = (y + 1, 1) if m == 12 else (y, m + 1)
    pay0 = _days(dt.date(ny, nm, 1))
    pay_day = pay0 + np.where(
        rng.random(nf) < 0.9, rng.integers(0, 15, nf), rng.integers(15, 28, nf)
    )
    be_ym = f"{y + 543}{m:02d}"
    period = f"{m:02d}{(y + 543) % 100:02d}"

    hdr = pl.DataFrame(
        {
            "account": br["account"][files],
            "no": br["no"][files],
            "pay": pay_day.astype(np.int32),
            "count": h_count,
            "wage": h_wage,
            "total": (h_emp + h_er) * 100,
            "emp": h_emp * 100,
            "er": h_er * 100,
        }
    ).with_columns(sim.branch_name.gather(files).alias("name"))
    hdr_lines = hdr.select(
        pl.concat_str(
            [
                pl.lit("1"),
                fm.fixed_int(pl.col("account"), 10),
                fm.fixed_int(pl.col("no"), 6),
                fm.be_ddmmyy("pay"),
                pl.lit(period),
                fm.fixed_text(pl.col("name"), 45),
                pl.lit("0500"),
                fm.fixed_int(pl.col("count"), 6),
                fm.amount(pl.col("wage"), 15),
                fm.amount(pl.col("total"), 14),
                fm.amount(pl.col("emp"), 12),
                fm.amount(pl.col("er"), 12),
                pl.lit(fm.CRLF),
            ]
        ).alias("line")
    ).to_series()

    p = sp["person"][idx]
    det = pl.DataFrame(
        {
            "pid": pe["pid"][p],
            "title": pe["title"][p],
            "fa": pe["fa"][p],
            "fb": pe["fb"][p],
            "sa": pe["sa"][p],
            "sb": pe["sb"][p],
            "sc": pe["sc"][p],
            "wage": wage,
            "emp": contrib * 100,
        }
    )
    filler = " " * 27
    # Build and write in chunks of whole files to bound memory at large scales.
    file_lines = counts + 1
    cum_lines = np.cumsum(file_lines)
    f0 = 0
    line_len = fm.SPS_LINE + 2
    while f0 < nf:
        base_lines = cum_lines[f0 - 1] if f0 else 0
        f1 = int(np.searchsorted(cum_lines, base_lines + CHUNK_LINES, side="right"))
        f1 = max(f1, f0 + 1)
        d0 = int(starts[f0])
        d1 = int(starts[f1 - 1] + counts[f1 - 1])
        chunk = det.slice(d0, d1 - d0)
        det_lines = chunk.select(
            pl.concat_str(
                [
                    pl.lit("2"),
                    fm.fixed_int(pl.col("pid"), 13),
                    pl.Series(ref.TITLE_CODES).gather(chunk["title"]),
                    fm.fixed_text(
                        pl.concat_str(
                            [sim.first_a.gather(chunk["fa"]), sim.first_b.gather(chunk["fb"])]
                        ),
                        30,
                    ),
                    fm.fixed_text(
                        pl.concat_str(
                            [
                                sim.sur_a.gather(chunk["sa"]),
                                sim.sur_b.gather(chunk["sb"]),
                                sim.sur_c.gather(chunk["sc"]),
                            ]
                        ),
                        35,
                    ),
                    fm.amount(pl.col("wage"), 14),
                    fm.amount(pl.col("emp"), 12),
                    pl.lit(filler + fm.CRLF),
                ]
            ).alias("line")
        ).to_series()
        # Interleave: header of file j, then its details.
        nfc = f1 - f0
        cnt = counts[f0:f1]
        out_pos_hdr = np.cumsum(cnt + 1) - (cnt + 1)
        file_of_det = np.repeat(np.arange(nfc), cnt)
        det_pos = np.arange(d1 - d0) + file_of_det + 1
        perm = np.empty(nfc + (d1 - d0), dtype=np.int64)
        perm[out_pos_hdr] = np.arange(nfc)
        perm[det_pos] = nfc + np.arange(d1 - d0)
        lines = pl.concat([hdr_lines.slice(f0, nfc), det_lines]).gather(perm)
        blob = lines.str.join("").item().encode(fm.ENCODING)
        if len(blob) != len(perm) * line_len:
            raise AssertionError("สปส.1-10 line is not 135 bytes")
        off = np.concatenate([[0], np.cumsum(cnt + 1)]) * line_len
        accs = br["account"][files[f0:f1]]
        nos = br["no"][files[f0:f1]]
        view = memoryview(blob)
        w.write_many(
            (
                month_dir / f"SPS110_{accs[j]:010d}_{nos[j]:06d}_{be_ym}.txt",
                view[off[j] : off[j + 1]],
            )
            for j in range(nfc)
        )
        f0 = f1

    good = ~bad
    good_lines = np.repeat(good, counts)
    w.summary.contribution_files += nf
    w.summary.contribution_files_bad_totals += int(bad.sum())
    w.summary.contribution_lines += len(idx)
    return {
        "month": f"{y:04d}-{m:02d}",
        "files": nf,
        "files_bad_totals": int(bad.sum()),
        "insured_lines_loaded": int(counts[good].sum()),
        "wages_loaded": _money(int(wage[good_lines].sum())),
        "employee_contributions_loaded": _money(int(contrib[good_lines].sum()) * 100),
    }


def _money(satang: int) -> str:
    return f"{satang // 100}.{satang % 100:02d}"


def _labour_force(seed: int, scale: float, year: int, quarter: int) -> tuple[np.ndarray, ...]:
    """Labour force and informal employment by province for one quarter (own RNG stream, so
    a quarter's figures do not depend on the simulated months)."""
    rng = np.random.default_rng([seed, year, quarter, 1506])
    pop = ref.PROV_POP
    ratio = np.where(np.arange(ref.N_PROV) == ref.BANGKOK, 0.78, 0.58)
    lf = _norm(pop * ratio) * LABOUR_FORCE
    share = np.clip(0.75 - 0.55 * ref.PROV_S33 / (pop * ratio), 0.22, 0.72)
    inf = lf * share
    inf *= INFORMAL / inf.sum()
    trend = 1 + 0.003 * (year - 2024 + (quarter - 1) / 4)
    lf_season = [0.99, 1.0, 1.012, 1.003][quarter - 1]
    inf_season = [0.975, 1.0, 1.03, 1.01][quarter - 1]
    lf_q = lf * trend * lf_season * (1 + rng.normal(0, 0.006, ref.N_PROV))
    inf_q = inf * trend * inf_season * (1 + rng.normal(0, 0.01, ref.N_PROV))
    lf_i = np.round(lf_q * scale).astype(np.int64)
    inf_i = np.minimum(np.round(inf_q * scale).astype(np.int64), lf_i)
    return lf_i, inf_i


def generate(
    out_dir: Path,
    scale: float = 0.001,
    months: int = 12,
    start: str = "2024-01",
    seed: int = 2024,
    progress: ProgressFn | None = None,
) -> GenerateSummary:
    """Write the synthetic source deliveries of contracts §1 into out_dir (`data/sources`).

    Same arguments ⇒ byte-identical files. Earlier simulator outputs in out_dir are replaced.
    """
    if months < 1:
        raise ValueError(f"months must be ≥ 1, got {months}")
    if scale <= 0:
        raise ValueError(f"scale must be > 0, got {scale}")
    out_dir = Path(out_dir)
    sim = _Sim(scale, months, start, seed)
    quarters = sorted({(y, (m - 1) // 3 + 1) for y, m in sim.months})
    total_steps = 1 + 3 * months + len(quarters) + 1
    step = 0

    def tick(name: str) -> None:
        nonlocal step
        step += 1
        if progress is not None:
            progress(name, step, total_steps)

    summary = GenerateSummary(out_dir=out_dir, months=[f"{y:04d}-{m:02d}" for y, m in sim.months])
    w = _Writer(out_dir, summary)
    _clean(out_dir)
    ins_dir = out_dir / "sso_registry" / "insured"
    emp_dir = out_dir / "sso_registry" / "employers"
    efl_dir = out_dir / "sso_efiling"
    lfs_dir = out_dir / "nso_lfs"
    truth_dir = out_dir / "_truth"
    for d in (ins_dir, emp_dir, efl_dir, lfs_dir, truth_dir):
        d.mkdir(parents=True, exist_ok=True)

    sim.make_employers()
    sim.initial_stock()
    tick("initial population")

    rng = sim.rng
    pending_rehire: dict[int, np.ndarray] = {}
    pending_s39: dict[int, np.ndarray] = {}
    truth_ins: list[np.ndarray] = []
    truth_con: list[dict[str, object]] = []
    for mi, (y, m) in enumerate(sim.months):
        ym = f"{y:04d}-{m:02d}"
        be_ym = f"{y + 543}{m:02d}"
        dim = calendar.monthrange(y, m)[1]
        ms = _days(dt.date(y, m, 1))
        me = ms + dim - 1
        sp = sim.spells
        n_before = len(sp)

        # --- endings among spells open before this month
        open_ = (sp["end"] == NO_END) & (sp["start"] < ms)
        sec = sp["section"]
        n33_open = int((open_ & (sec == S33)).sum())
        ended = []
        for s, rate in ((S33, SEP33), (S39, LAPSE39), (S40, LAPSE40)):
            cand = np.flatnonzero(open_ & (sec == s))
            e = cand[rng.random(len(cand)) < rate]
            sp["end"][e] = ms + rng.integers(0, dim, len(e))
            ended.append(e)
        sep33, _lapse39, lapse40 = ended
        u = rng.random(len(sep33))
        movers = sp["person"][sep33]
        conv = movers[u < CONVERT39]
        rehire = movers[(u >= CONVERT39) & (u < CONVERT39 + REHIRE)]
        later = rng.random(len(rehire)) < 0.3
        pending_s39[mi + 1] = conv
        pending_rehire[mi + 2] = np.concatenate(
            [pending_rehire.get(mi + 2, np.zeros(0, np.int64)), rehire[later]]
        )
        pending_rehire[mi + 1] = np.concatenate(
            [pending_rehire.get(mi + 1, np.zeros(0, np.int64)), rehire[~later]]
        )

        # --- new spells starting this month
        def day_in_month(n: int, _ms: int = ms, _dim: int = dim) -> np.ndarray:
            return _ms + rng.integers(0, _dim, n)

        conv_now = pending_s39.pop(mi, np.zeros(0, np.int64))
        if len(conv_now):
            sim.add_spells(
                conv_now,
                S39,
                day_in_month(len(conv_now)),
                None,
                sim.persons["home"][conv_now].astype(np.int64),
            )
        re_now = pending_rehire.pop(mi, np.zeros(0, np.int64))
        target = _stochround(n33_open * (SEP33 + GROWTH33), rng)
        n_new = max(0, target - len(re_now))
        home_new = rng.choice(ref.N_PROV, n_new, p=sim.s33_w)
        p_new = sim.new_persons(n_new, home_new, "s33new", ms)
        hires = np.concatenate([re_now, p_new])
        if len(hires):
            br = sim.pick_branches(len(hires), me)
            st = np.maximum(day_in_month(len(hires)), sim.branches["reg"][br])
            # a new entrant keeps their home province only if hired there
            sim.add_spells(hires, S33, st, br, sim.branches["prov"][br])
        n40_open = int((open_ & (sec == S40)).sum())
        n_sign = len(lapse40) + max(1, _stochround(n40_open * NET40, rng))
        home40 = rng.choice(ref.N_PROV, n_sign, p=sim.s40_w)
        p40 = sim.new_persons(n_sign, home40, "s40new", ms)
        sim.add_spells(p40, S40, day_in_month(n_sign), None, home40)

        # --- deliveries of the month
        sp = sim.spells
        active = (sp["start"] <= me) & (sp["end"] >= ms)
        if mi == 0:
            changed = np.flatnonzero(active)
        else:
            changed = np.flatnonzero(
                (np.arange(len(sp)) >= n_before) | ((sp["end"] >= ms) & (sp["end"] <= me))
            )
        _write_insured(sim, w, changed, ins_dir / f"insured_{be_ym}.csv")
        tick(f"insured {ym}")

        key = sp["prov"][active].astype(np.int64) * 3 + sp["section"][active]
        truth_ins.append(np.bincount(key, minlength=ref.N_PROV * 3))
        a33 = np.flatnonzero(active & (sp["section"] == S33))
        per_branch = np.bincount(sp["branch"][a33], minlength=len(sim.branches))
        _write_employers(sim, w, me, per_branch, emp_dir / f"employers_{be_ym}.csv")
        tick(f"employers {ym}")

        month_dir = efl_dir / be_ym
        month_dir.mkdir(parents=True, exist_ok=True)
        truth_con.append(_write_efiling(sim, w, a33, (y, m), ms, me, dim, month_dir))
        tick(f"contributions {ym}")

    # --- NSO labour force workbooks
    lfs_rows = []
    for y, q in quarters:
        lf, inf = _labour_force(seed, scale, y, q)
        path = lfs_dir / f"lfs_{y + 543}_q{q}.xlsx"
        fm.write_lfs_workbook(path, y, q, lf, inf)
        summary.files_written += 1
        summary.bytes_written += path.stat().st_size
        summary.lfs_workbooks += 1
        lfs_rows.append(
            pl.DataFrame(
                {
                    "year": np.full(ref.N_PROV, y),
                    "quarter": np.full(ref.N_PROV, q),
                    "province_code": ref.PROV_CODE,
                    "labour_force": lf,
                    "informal_workforce": inf,
                }
            )
        )
        tick(f"labour force {y}-Q{q}")

    # --- truth
    counts = np.stack(truth_ins)  # (months, prov*3+section)
    nm = len(sim.months)
    ins_truth = pl.DataFrame(
        {
            "month": np.repeat(summary.months, ref.N_PROV * 3),
            "province_code": np.tile(np.repeat(ref.PROV_CODE, 3), nm),
            "section": np.tile(np.array([33, 39, 40]), nm * ref.N_PROV),
            "insured_persons": counts.reshape(-1),
        }
    ).sort("month", "province_code", "section")
    for name, df in (
        ("insured_by_province_section_month.csv", ins_truth),
        ("contributions_by_month.csv", pl.DataFrame(truth_con)),
        ("labour_force_by_province_quarter.csv", pl.concat(lfs_rows)),
    ):
        w.write(truth_dir / name, df.write_csv(None).encode("utf-8"))
    tick("truth")

    sp = sim.spells
    summary.persons = len(sim.persons)
    summary.spells = len(sp)
    summary.spells_s33 = int((sp["section"] == S33).sum())
    summary.spells_s39 = int((sp["section"] == S39).sum())
    summary.spells_s40 = int((sp["section"] == S40).sum())
    summary.employers = int(sim.n_accounts)
    summary.branches = len(sim.branches)
    return summary
