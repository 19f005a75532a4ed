"""The shared world every source system draws from: persons, employer branches, insurance spells
and the calendar of simulated months.

Several source systems describe the same people: the insured registry lists a spell, the
สปส.1-10 files carry that spell's wages, and a benefit claim must come from someone insured. So
the population lives here, once, and each source module (`sso_registry.py`, `sso_efiling.py`,
…) only reads it. The world holds persons, branches and spells in numpy arrays (`Table`) and
steps month by month; every number is an int, days are counted from 1970-01-01 (`day_number`).

What a source author reads (after `world.step(month)`):

- `world.months`: the calendar, a list of `Month` (first and last day, BE label, quarter).
- `world.active(month, section)`: spells insured on at least one day of the month; their persons
  are `world.spells["person"][idx]` (or `world.insured_persons(month, section)`, each once).
- `world.started(month)`, `world.ended(month)`: spells that began or ended within the month.
- `world.registered_branches(month)`: employer branches registered by the month's last day.
- Columns: `persons` pid (13-digit national ID), sex (0 male, 1 female), title, birth (day),
  home (province index), name parts fa/fb/sa/sb/sc (render with `first_names` / `surnames`);
  `branches` account, no, prov, tsic (index into reference.TSIC), reg (day), spelling;
  `spells` person, section (S33/S39/S40), start, end (`NO_END` while open), branch (-1 if none),
  prov, wage (satang a month, Section 33 only), ot (paid overtime).

Randomness: `world.rng` is the world's own stream. The world draws from it while it is built and
in `step`; the SSO registry and e-filing simulators draw from it too, between the steps, in a
fixed order (that order is what keeps same seed ⇒ same bytes, so it must never change). Any
other source takes its own stream, `world.stream("<system>", ...)`, so that adding, removing or
changing a source never changes another source's bytes.
"""

from __future__ import annotations

import calendar
import datetime as dt
import zlib
from dataclasses import dataclass

import numpy as np
import polars as pl

from . import reference as ref

NO_END = np.int32(np.iinfo(np.int32).max)
EPOCH = dt.date(1970, 1, 1)
S33, S39, S40 = 0, 1, 2  # values of spells["section"]

# Magnitudes at scale 1.0 (DOMAIN.md, 2024).
N33, N39, N40 = 12_080_000, 1_720_000, 11_010_000
N_ACCOUNTS = 500_000

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
THAI_DIGIT_ROWS = 0.01  # share of rows a clerk typed with Thai digits

#: World.hand_off key: the unemployment-benefit claims sso_benefits settled and wrote this month
#: (its claims frame filtered to benefit type unemployment: spell, claim_day, prov, approved, …)
HANDOFF_UNEMPLOYMENT_CLAIMS = "sso_benefits.unemployment_claims"

# ID serial permutation (bijective on [0, 10**9) because gcd(A, 10) = 1).
_ID_A, _ID_B, _ID_MOD = 387_420_491, 123_456_789, 10**9
_ACC_A, _ACC_B, _ACC_MOD = 48_271_019, 7_654_321, 10**8


def day_number(d: dt.date) -> int:
    """The simulator's day unit: days since 1970-01-01."""
    return (d - EPOCH).days


def stochastic_round(x: float, rng: np.random.Generator) -> int:
    """floor(x), plus 1 with probability frac(x): the expected value stays x at small scales."""
    f = int(np.floor(x))
    return f + int(rng.random() < x - f)


def id_check_digits(body: np.ndarray) -> np.ndarray:
    """Thai national ID check digit of 12-digit int64 bodies (the simulator's own copy of the
    rule, on purpose: it shares no code with the readers, see DESIGN.md)."""
    total = np.zeros(body.shape, dtype=np.int64)
    rest = body.copy()
    for i in range(11, -1, -1):  # digit i (0 = leftmost) has weight 13 - i
        total += (rest % 10) * (13 - i)
        rest //= 10
    return (11 - total % 11) % 10


def normalise(w: np.ndarray) -> np.ndarray:
    w = np.asarray(w, dtype=np.float64)
    return w / w.sum()


@dataclass(frozen=True)
class Month:
    """One simulated month; days are `day_number`s."""

    index: int  # 0 for the first simulated month
    year: int  # CE
    month: int
    first_day: int
    last_day: int

    @classmethod
    def of(cls, index: int, year: int, month: int) -> Month:
        first = day_number(dt.date(year, month, 1))
        return cls(index, year, month, first, first + calendar.monthrange(year, month)[1] - 1)

    @property
    def ym(self) -> tuple[int, int]:
        return self.year, self.month

    @property
    def days(self) -> int:
        return self.last_day - self.first_day + 1

    @property
    def label(self) -> str:
        """`YYYY-MM` (CE), as the truth tables write months."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def be_label(self) -> str:
        """`YYYYMM` with a BE year, as the agencies name monthly files."""
        return f"{self.year + 543}{self.month:02d}"

    @property
    def quarter(self) -> int:
        return (self.month - 1) // 3 + 1


def month_calendar(start: str, months: int) -> list[Month]:
    """`months` consecutive months from `start` (`YYYY-MM`, CE)."""
    y, m = (int(x) for x in start.split("-"))
    out = []
    for i in range(months):
        yy, mm = divmod(m - 1 + i, 12)
        out.append(Month.of(i, y + yy, mm + 1))
    return out


class Table:
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


class World:
    """Persons, employer branches and insurance spells; built in the constructor (employers
    first, then the stock insured before the first month), then advanced by `step`."""

    persons: Table
    branches: Table  # employer branches (each account's head office is branch no 0)
    branch_name: pl.Series  # establishment name of each branch
    n_accounts: int  # employer accounts
    spells: Table

    def __init__(self, scale: float, months: list[Month], seed: int) -> None:
        self.months = months
        self.scale = scale
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.next_k = 1 + (seed * 7919) % 1_000_003  # ID serial counter
        self.pop_w = normalise(ref.PROV_POP)
        self.s33_w = normalise(ref.PROV_S33)
        self.s39_w = normalise(0.5 * self.pop_w + 0.5 * self.s33_w)
        self.s40_w = normalise(self.pop_w * (1.2 - ref.PROV_S33 / ref.PROV_POP))
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
        # Section-33 leavers who come back later: month index → persons.
        self._pending_rehire: dict[int, np.ndarray] = {}
        self._pending_s39: dict[int, np.ndarray] = {}
        self._stepped = 0  # months stepped so far
        # What a source simulator hands to the ones after it in SOURCES (see `hand_off`).
        self.handoff: dict[str, list[pl.DataFrame]] = {}
        self._make_employers()
        self._initial_stock()

    # ------------------------------------------------------------------ streams
    def stream(self, name: str, *key: int) -> np.random.Generator:
        """An independent random stream for source system `name` (and optional int keys, e.g.
        a year and month, to make a month's draws independent of the months before it)."""
        return np.random.default_rng([self.seed, zlib.crc32(name.encode()), *key])

    # ----------------------------------------------------------------- hand-offs
    def hand_off(self, key: str, frame: pl.DataFrame) -> None:
        """Publish `frame` under `key` for the source simulators that run after this one.

        Some records are born in one source system and have consequences in another (an
        unemployment-benefit claimant registers with the Department of Employment). The world
        holds only persons, branches and spells, so a simulator that decides such records hands
        them on here, once a month, in `SOURCES` order: a later simulator reads
        `world.handoff[key]` (one frame per month so far, the current month's last). Handing
        off draws no random numbers, so it changes no source's bytes.

        Keys in use: `HANDOFF_UNEMPLOYMENT_CLAIMS` (sso_benefits → mol_doe)."""
        self.handoff.setdefault(key, []).append(frame)

    # ------------------------------------------------------------------ persons
    def _new_persons(self, n: int, home: np.ndarray, kind: str, ref_day: int) -> np.ndarray:
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
        pid = body * 10 + id_check_digits(body)
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
            self.persons = Table(
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
    def _make_employers(self) -> None:
        rng = self.rng
        start0 = self.months[0].first_day
        n_old = max(3, round(N_ACCOUNTS * self.scale))
        n_new_per_month = N_ACCOUNTS * self.scale * NEW_ACCOUNTS
        reg_new = []
        for month in self.months:
            k = stochastic_round(n_new_per_month, rng)
            reg_new.append(month.first_day + rng.integers(0, month.days, k))
        reg_new_a = np.concatenate(reg_new).astype(np.int64)
        n_acc = n_old + len(reg_new_a)
        acc_reg = np.concatenate(
            [
                start0 - 1 - np.minimum(rng.exponential(10 * 365.25, n_old), 40 * 365.25),
                reg_new_a,
            ]
        ).astype(np.int64)
        acc_prov = rng.choice(ref.N_PROV, n_acc, p=self.s33_w)
        tsic_w = normalise([t[2] for t in ref.TSIC])
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
            rng.choice(ref.N_PROV, nb, p=normalise(0.5 * self.s33_w + 0.5 * self.pop_w)),
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

        self.branches = Table(
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

    def spell(self, prov: np.ndarray, rng: np.random.Generator | None = None) -> np.ndarray:
        """Index into `spellings` of how a clerk wrote each province (official name, English,
        code, abbreviation…), drawn by weight from `rng` (default: the world's stream)."""
        u = (rng or self.rng).random(len(prov))
        j = (u[:, None] > ref.SPELL_CUM[prov]).sum(axis=1)
        j = np.minimum(j, ref.SPELL_CUM.shape[1] - 1)
        return ref.SPELL_IDX[prov, j].astype(np.int32)

    def _pick_branches(self, n: int, day_hi: int) -> np.ndarray:
        w = np.where(self.branches["reg"] <= day_hi, self.branches["weight"], 0.0)
        return self.rng.choice(len(w), n, p=w / w.sum())

    # ------------------------------------------------------------------- spells
    def _base_wage(self, prov: np.ndarray) -> np.ndarray:
        """Monthly wage in satang (whole baht; 10 % with a fraction of .25/.50/.75)."""
        rng = self.rng
        n = len(prov)
        w = np.exp(rng.normal(np.log(13_500), 0.55, n)) * self.wage_factor[prov]
        w = np.maximum(np.round(w), 1_000) * 100
        frac = np.where(rng.random(n) < 0.10, rng.integers(1, 4, n) * 25, 0)
        return (w + frac).astype(np.int64)

    def _add_spells(
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
            wage=(self._base_wage(prov) if section == S33 else np.zeros(n, dtype=np.int64)),
            ot=(self.rng.random(n) < 0.25) if section == S33 else np.zeros(n, dtype=bool),
        )
        if not hasattr(self, "spells"):
            self.spells = Table(**cols)
            return np.arange(n)
        return self.spells.append(**cols)

    def _initial_stock(self) -> None:
        rng = self.rng
        start0 = self.months[0].first_day
        n33 = max(1, round(N33 * self.scale))
        n39 = max(1, round(N39 * self.scale))
        n40 = max(1, round(N40 * self.scale))
        br = self._pick_branches(n33, start0 - 1)
        bprov = self.branches["prov"][br]
        home = np.where(rng.random(n33) < 0.75, bprov, rng.choice(ref.N_PROV, n33, p=self.pop_w))
        p33 = self._new_persons(n33, home, "s33", start0)
        tenure = rng.exponential(5 * 365.25, n33)
        lo = np.maximum(self.branches["reg"][br], self.persons["birth"][p33] + 6575)
        st = np.clip(start0 - 1 - tenure, lo, start0 - 1)
        self._add_spells(p33, S33, st, br, bprov)

        home39 = rng.choice(ref.N_PROV, n39, p=self.s39_w)
        p39 = self._new_persons(n39, home39, "s39", start0)
        lo = self.persons["birth"][p39] + 25 * 365
        st = np.clip(start0 - 1 - rng.exponential(4 * 365.25, n39), lo, start0 - 1)
        self._add_spells(p39, S39, st, None, home39)

        home40 = rng.choice(ref.N_PROV, n40, p=self.s40_w)
        p40 = self._new_persons(n40, home40, "s40", start0)
        lo = self.persons["birth"][p40] + 18 * 365
        st = np.clip(start0 - 1 - rng.exponential(3 * 365.25, n40), lo, start0 - 1)
        self._add_spells(p40, S40, st, None, home40)

    # -------------------------------------------------------------------- step
    def step(self, month: Month) -> None:
        """Advance the population into `month`: spells end (separations, lapses), leavers
        convert to Section 39 or are hired again, new entrants are hired and Section-40
        members sign up. Call once per month, in calendar order, before any source writes it."""
        if month.index != self._stepped:
            raise ValueError(f"step {month.label} out of order (expected month {self._stepped})")
        self._stepped += 1
        rng = self.rng
        mi, ms, me, dim = month.index, month.first_day, month.last_day, month.days
        sp = self.spells

        # endings among spells open before this month
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
        pending_rehire, pending_s39 = self._pending_rehire, self._pending_s39
        pending_s39[mi + 1] = conv
        pending_rehire[mi + 2] = np.concatenate(
            [pending_rehire.get(mi + 2, np.zeros(0, np.int64)), rehire[later]]
        )
        pending_rehire[mi + 1] = np.concatenate(
            [pending_rehire.get(mi + 1, np.zeros(0, np.int64)), rehire[~later]]
        )

        # new spells starting this month
        def day_in_month(n: int) -> np.ndarray:
            return ms + rng.integers(0, dim, n)

        conv_now = pending_s39.pop(mi, np.zeros(0, np.int64))
        if len(conv_now):
            self._add_spells(
                conv_now,
                S39,
                day_in_month(len(conv_now)),
                None,
                self.persons["home"][conv_now].astype(np.int64),
            )
        re_now = pending_rehire.pop(mi, np.zeros(0, np.int64))
        target = stochastic_round(n33_open * (SEP33 + GROWTH33), rng)
        n_new = max(0, target - len(re_now))
        home_new = rng.choice(ref.N_PROV, n_new, p=self.s33_w)
        p_new = self._new_persons(n_new, home_new, "s33new", ms)
        hires = np.concatenate([re_now, p_new])
        if len(hires):
            br = self._pick_branches(len(hires), me)
            st = np.maximum(day_in_month(len(hires)), self.branches["reg"][br])
            # a new entrant keeps their home province only if hired there
            self._add_spells(hires, S33, st, br, self.branches["prov"][br])
        n40_open = int((open_ & (sec == S40)).sum())
        n_sign = len(lapse40) + max(1, stochastic_round(n40_open * NET40, rng))
        home40 = rng.choice(ref.N_PROV, n_sign, p=self.s40_w)
        p40 = self._new_persons(n_sign, home40, "s40new", ms)
        self._add_spells(p40, S40, day_in_month(n_sign), None, home40)

    # ----------------------------------------------------------------- queries
    def active(self, month: Month, section: int | None = None) -> np.ndarray:
        """Spells insured on at least one day of `month` (ascending indices into `spells`),
        of one section (S33, S39, S40) or all."""
        sp = self.spells
        mask = (sp["start"] <= month.last_day) & (sp["end"] >= month.first_day)
        return np.flatnonzero(self._of_section(mask, section))

    def started(self, month: Month, section: int | None = None) -> np.ndarray:
        """Spells that began within `month` (every spell `step` added for it)."""
        sp = self.spells
        mask = (sp["start"] >= month.first_day) & (sp["start"] <= month.last_day)
        return np.flatnonzero(self._of_section(mask, section))

    def ended(self, month: Month, section: int | None = None) -> np.ndarray:
        """Spells that ended within `month` (separations and lapses of that month)."""
        sp = self.spells
        mask = (sp["end"] >= month.first_day) & (sp["end"] <= month.last_day)
        return np.flatnonzero(self._of_section(mask, section))

    def insured_persons(self, month: Month, section: int | None = None) -> np.ndarray:
        """Persons (indices into `persons`, each once) insured on some day of `month`."""
        return np.unique(self.spells["person"][self.active(month, section)])

    def registered_branches(self, month: Month) -> np.ndarray:
        """Employer branches (indices into `branches`) registered by the month's last day."""
        return np.flatnonzero(self.branches["reg"] <= month.last_day)

    def first_names(self, fa: pl.Series, fb: pl.Series) -> pl.Expr:
        """Given names of persons from their name parts (polars, vectorised)."""
        return pl.concat_str([self.first_a.gather(fa), self.first_b.gather(fb)])

    def surnames(self, sa: pl.Series, sb: pl.Series, sc: pl.Series) -> pl.Expr:
        return pl.concat_str([self.sur_a.gather(sa), self.sur_b.gather(sb), self.sur_c.gather(sc)])

    def _of_section(self, mask: np.ndarray, section: int | None) -> np.ndarray:
        return mask if section is None else mask & (self.spells["section"] == section)
