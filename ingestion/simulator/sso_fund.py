"""SSO investment office and fund accounts: one Excel workbook a month,
`sso_fund/portfolio/portfolio_<BEYYYYMM>.xlsx` (contracts §1.8), with two sheets written with
Thai title rows and merged header cells:

- `สินทรัพย์ลงทุน`: the Social Security Fund's holdings by asset class at the month's end
  (market value, million baht; weight; monthly return, %), and a total row;
- `กระแสเงินสด`: the month's cash flow (million baht): contributions received by section, benefits
  paid by type, with subtotals and the net.

Scale: the fund is national money, but the simulator scales it with the persons, like every other
source (value × scale), so that at any scale its contributions are those the same world's
สปส.1-10 filings carry and its size stays in proportion to them.

Calibration at scale 1.0 (DOMAIN.md):

- market value 2.35 T baht (June 2023), 2.66 T (December 2024), 2.86 T (December 2025),
  log-linear between them, and at the same pace before and after; the mix by asset class
  (`WEIGHTS`) gives low-risk 71.6 % / high-risk 28.4 % and domestic 67.7 % at the end of 2024,
  69.0 / 31.0 % and domestic 60.5 % at the end of 2025, and moves on linearly towards
  60 / 40 % and 50 / 50 % domestic / foreign by the end of 2031 (the strategic allocation);
- monthly returns by class from each class's mean and volatility ([E]), shifted per year so
  that the fund's return compounds to 2.0 % a year up to 2023 ("about 2 % a year before"),
  5.34 % in 2024 and 4.5 % in 2025 ([E], what 2.66 → 2.86 T implies); later years as drawn.
  The month's fund return is Σ b·r / Σ b over the classes, with b = value / (1 + r) the value at
  the start of the month, which is what the total row shows and what the warehouse computes.
  Values follow the calibrated path, not the returns: the change in value is not forced to equal
  the return plus the net cash flow (rebalancing, valuation and accrual differences);
- contributions of Section 33 for a wage month = (employee + employer + government) parts of
  the สปส.1-10 filings the SSO accepted for that month: 2 × the employee part (the employer pays
  the same) + 0.55 × the employee part (the government's 2.75 % against the employee's 5 %). The
  employee part is read from the e-filing simulator's truth (`contributions_by_month.csv`,
  filings whose header totals reconcile: the ones the warehouse loads), so the fund reconciles
  with the สปส.1-10 data exactly, up to the rounding to 0.01 million baht. sso_efiling must run
  before this source;
- Section 39: (432 + 120 government) baht × 93 % paying × spells active in the month; Section 40:
  143 baht (insured + government, the 70/100/300 options in a 62/30/8 mix) × 45 % paying ×
  spells active in the month ([E]);
- benefits paid by type: national amounts of 2024 (million baht a year, `BENEFITS`, [E], about
  139 bn a year in 2024 against about 252 bn of contributions with the government's part;
  DOMAIN.md: ~135 bn against ~220 bn), growing
  by type (old age 13 % a year: 760 k claimants in 2022 → 2.3 M in 2032), an unemployment surge
  in 2020-22, ± 3 % noise a month. The benefit-claims source (sso_benefits) is simulated apart,
  at the same time; these totals are the fund's own and are not reconciled with it yet.

Randomness comes only from `world.stream("sso_fund", …)`. The workbooks are written in
`finish()`, after the e-filing simulator has written its truth.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import polars as pl
import xlsxwriter

from .source_system import TRUTH_DIR, SourceSimulator, SourceSummary, Tick
from .world import S39, S40, Month, World

POSITIONS_TRUTH = "fund_positions.csv"
CASH_FLOW_TRUTH = "fund_cash_flow.csv"
EFILING_TRUTH = "contributions_by_month.csv"  # written by sso_efiling.finish()

POSITIONS_SHEET = "สินทรัพย์ลงทุน"
CASH_FLOW_SHEET = "กระแสเงินสด"
TITLE = "สำนักงานประกันสังคม (กองทุนประกันสังคม)"
MONTHS_TH = [
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
]  # fmt: skip

# Asset classes: code, label in the workbook, mean annual return, annual volatility ([E]).
ASSET_CLASSES: list[tuple[str, str, float, float]] = [
    ("deposits", "เงินฝาก", 0.015, 0.002),
    ("government_bonds", "พันธบัตรรัฐบาล", 0.025, 0.03),
    ("state_corporate_bonds", "หุ้นกู้รัฐวิสาหกิจและหุ้นกู้เอกชน", 0.030, 0.025),
    ("domestic_equities", "ตราสารทุนในประเทศ", 0.060, 0.16),
    ("foreign_equities", "ตราสารทุนต่างประเทศ", 0.080, 0.15),
    ("foreign_bonds", "ตราสารหนี้ต่างประเทศ", 0.030, 0.06),
    ("real_assets", "อสังหาริมทรัพย์และการลงทุนทางเลือก", 0.060, 0.08),
]
TOTAL_LABEL = "รวมทั้งสิ้น"

# Market value at scale 1.0 (million baht) at the end of (year, month).
VALUES: list[tuple[tuple[int, int], float]] = [
    ((2023, 6), 2_350_000.0),
    ((2024, 12), 2_660_000.0),
    ((2025, 12), 2_860_000.0),
]
# Weights (%) by asset class at the end of (year, month), in ASSET_CLASSES order. Low risk =
# deposits + bonds (incl. foreign bonds); domestic = deposits, Thai bonds, Thai equities.
WEIGHTS: list[tuple[tuple[int, int], list[float]]] = [
    ((2023, 6), [3.5, 45.0, 13.5, 10.5, 12.0, 11.5, 4.0]),  # 73.5/26.5, domestic 72.5
    ((2024, 12), [3.0, 42.0, 12.7, 10.0, 14.0, 13.9, 4.4]),  # 71.6/28.4, domestic 67.7
    ((2025, 12), [2.5, 37.5, 12.0, 8.5, 16.5, 17.0, 6.0]),  # 69.0/31.0, domestic 60.5
    ((2031, 12), [2.0, 29.0, 10.0, 9.0, 20.0, 19.0, 11.0]),  # 60/40, domestic 50.0
]
# The fund's return by calendar year (None: as drawn).
YEAR_RETURN = {2024: 0.0534, 2025: 0.045}
RETURN_BEFORE_2024 = 0.02

# Contributions.
S33_FACTOR = Decimal("2.55")  # (employee + employer + government) / employee = (5 + 5 + 2.75) / 5
S39_BAHT = Decimal("552") * Decimal("0.93")  # (432 + 120) baht × share paying
S40_BAHT = Decimal("143") * Decimal("0.45")  # mean (insured + government) × share paying
CONTRIBUTIONS: list[tuple[str, str]] = [
    ("contribution_s33", "มาตรา 33"),
    ("contribution_s39", "มาตรา 39"),
    ("contribution_s40", "มาตรา 40"),
]
# Benefits: code, label, national amount of 2024 (million baht a year), growth a year ([E]).
BENEFITS: list[tuple[str, str, float, float]] = [
    ("benefit_sickness", "กรณีเจ็บป่วย", 55_000.0, 0.04),
    ("benefit_maternity", "กรณีคลอดบุตร", 6_500.0, 0.0),
    ("benefit_invalidity", "กรณีทุพพลภาพ", 4_500.0, 0.03),
    ("benefit_death", "กรณีตาย", 4_500.0, 0.03),
    ("benefit_child_allowance", "กรณีสงเคราะห์บุตร", 17_500.0, 0.02),
    ("benefit_old_age", "กรณีชราภาพ", 42_000.0, 0.13),
    ("benefit_unemployment", "กรณีว่างงาน", 9_000.0, 0.0),
]
UNEMPLOYMENT_SURGE = {2020: 3.5, 2021: 4.0, 2022: 2.0, 2023: 1.1}
CONTRIBUTIONS_LABEL = "เงินสมทบรับ"
BENEFITS_LABEL = "ประโยชน์ทดแทนจ่าย"
NET_LABEL = "เงินสมทบรับสูง (ต่ำ) กว่าประโยชน์ทดแทนจ่าย"

CENT = Decimal("0.01")


@dataclass
class FundSummary(SourceSummary):
    fund_workbooks: int = 0


def month_number(year: int, month: int) -> int:
    return year * 12 + month - 1


def fund_value(year: int, month: int, scale: float) -> float:
    """Market value (million baht) at the end of the month: log-linear through `VALUES`,
    extended at the pace of the nearest segment."""
    t = month_number(year, month)
    ts = [month_number(*ym) for ym, _ in VALUES]
    logs = [math.log(v) for _, v in VALUES]
    k = int(np.clip(np.searchsorted(ts, t) - 1, 0, len(ts) - 2))
    slope = (logs[k + 1] - logs[k]) / (ts[k + 1] - ts[k])
    return math.exp(logs[k] + slope * (t - ts[k])) * scale


def weights(year: int, month: int) -> np.ndarray:
    """Weights (fractions, by asset class) at the end of the month: linear through `WEIGHTS`,
    held constant outside."""
    t = month_number(year, month)
    ts = np.array([month_number(*ym) for ym, _ in WEIGHTS], dtype=np.float64)
    table = np.array([w for _, w in WEIGHTS], dtype=np.float64)
    w = np.array([np.interp(t, ts, table[:, c]) for c in range(table.shape[1])])
    return w / w.sum()


def _portfolio_return(values: np.ndarray, returns: np.ndarray) -> np.ndarray:
    """The fund's return of each month from month-end values and class returns (fractions):
    Σ b·r / Σ b with b = value / (1 + r), the value at the start of the month."""
    start = values / (1 + returns)
    return (start * returns).sum(axis=-1) / start.sum(axis=-1)


def class_returns(world: World, year: int) -> np.ndarray:
    """Monthly returns (fractions), shape (12, classes), of one calendar year: drawn from the
    year's own stream (so a month's returns do not depend on which months are simulated), then
    shifted equally across classes so that the year compounds to its published return."""
    rng = world.stream("sso_fund", year)
    mu = np.array([c[2] for c in ASSET_CLASSES]) / 12
    sd = np.array([c[3] for c in ASSET_CLASSES]) / math.sqrt(12)
    r = mu + sd * rng.standard_normal((12, len(ASSET_CLASSES)))
    target = YEAR_RETURN.get(year, RETURN_BEFORE_2024 if year < 2024 else None)
    if target is None:
        return r
    values = np.array([weights(year, m) * fund_value(year, m, 1.0) for m in range(1, 13)])

    def gap(shift: float) -> float:
        return float(np.prod(1 + _portfolio_return(values, r + shift)) - (1 + target))

    lo, hi = -0.05, 0.05
    for _ in range(80):  # bisection: the year's return rises with the shift
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if gap(mid) < 0 else (lo, mid)
    return r + (lo + hi) / 2


def benefits_paid(world: World, month: Month) -> list[Decimal]:
    """Benefits paid in the month by type (million baht, 2 decimals)."""
    rng = world.stream("sso_fund", month.year, month.month)
    noise = 1 + 0.03 * rng.standard_normal(len(BENEFITS))
    out = []
    for (code, _label, base, growth), e in zip(BENEFITS, noise, strict=True):
        level = base * (1 + growth) ** (month.year - 2024)
        if code == "benefit_unemployment":
            level *= UNEMPLOYMENT_SURGE.get(month.year, 1.0)
        out.append(_million(level / 12 * world.scale * e))
    return out


def _million(x: float | Decimal) -> Decimal:
    return Decimal(str(x)).quantize(CENT, rounding=ROUND_HALF_UP)


class Simulator(SourceSimulator):
    name = "sso_fund"
    outputs = ("portfolio/portfolio_*.xlsx",)
    truth_files = (POSITIONS_TRUTH, CASH_FLOW_TRUTH)
    Summary = FundSummary
    summary: FundSummary

    def __init__(self, world: World, out_dir: Path, tick: Tick) -> None:
        super().__init__(world, out_dir, tick)
        self.portfolio_dir = self.out.dir / "portfolio"
        self.portfolio_dir.mkdir(exist_ok=True)
        self._members: dict[str, tuple[int, int]] = {}  # month → active S39, S40 spells

    @classmethod
    def progress_steps(cls, months: list[Month]) -> int:
        return len(months)

    def month(self, month: Month) -> None:
        # The world moves on each month: count the voluntary members now, write at the end.
        self._members[month.label] = (
            len(self.world.active(month, S39)),
            len(self.world.active(month, S40)),
        )

    def finish(self) -> None:
        employee = self._employee_contributions()
        positions: list[dict[str, object]] = []
        flows: list[dict[str, object]] = []
        returns_of: dict[int, np.ndarray] = {}
        for month in self.world.months:
            if month.year not in returns_of:
                returns_of[month.year] = class_returns(self.world, month.year)
            holdings = self._holdings(month, returns_of[month.year][month.month - 1])
            cash = self._cash_flow(month, employee.get(month.label))
            path = self.portfolio_dir / f"portfolio_{month.be_label}.xlsx"
            write_workbook(path, month, holdings, cash)
            self.out.written(path)
            self.summary.fund_workbooks += 1
            positions += [
                {
                    "month": month.label,
                    "asset_class_code": code,
                    "market_value_million_baht": str(value),
                    "monthly_return_pct": str(ret),
                }
                for code, _label, value, ret in holdings
            ]
            flows += [
                {"month": month.label, "flow_code": code, "amount_million_baht": str(amount)}
                for code, _label, amount in cash
            ]
            self.out.tick(f"fund {month.label}")
        self.out.write_truth(POSITIONS_TRUTH, pl.DataFrame(positions))
        self.out.write_truth(CASH_FLOW_TRUTH, pl.DataFrame(flows))

    def _employee_contributions(self) -> dict[str, Decimal]:
        """Employee contributions (baht) of the accepted สปส.1-10 filings, by wage month."""
        path = self.out.dir.parent / TRUTH_DIR / EFILING_TRUTH
        if not path.is_file():
            raise RuntimeError(
                f"sso_fund reconciles its Section-33 contributions with the สปส.1-10 filings: "
                f"{path} is missing (run sso_efiling before sso_fund in SOURCES)"
            )
        truth = pl.read_csv(path, infer_schema=False)
        return {
            m: Decimal(v)
            for m, v in zip(truth["month"], truth["employee_contributions_loaded"], strict=True)
        }

    def _holdings(
        self, month: Month, returns: np.ndarray
    ) -> list[tuple[str, str, Decimal, Decimal]]:
        """(code, label, value in million baht, monthly return in %) by asset class."""
        total = fund_value(month.year, month.month, self.world.scale)
        values = weights(month.year, month.month) * total
        return [
            (code, label, _million(v), Decimal(str(100 * r)).quantize(Decimal("0.0001")))
            for (code, label, _mu, _sd), v, r in zip(ASSET_CLASSES, values, returns, strict=True)
        ]

    def _cash_flow(self, month: Month, employee: Decimal | None) -> list[tuple[str, str, Decimal]]:
        """(code, label, amount in million baht) of contributions, then benefits."""
        if employee is None:
            raise RuntimeError(f"no สปส.1-10 contributions for {month.label} in {EFILING_TRUTH}")
        n39, n40 = self._members[month.label]
        amounts = [
            _million(employee * S33_FACTOR / 1_000_000),
            _million(S39_BAHT * n39 / 1_000_000),
            _million(S40_BAHT * n40 / 1_000_000),
        ]
        out = [(c, lbl, a) for (c, lbl), a in zip(CONTRIBUTIONS, amounts, strict=True)]
        paid = benefits_paid(self.world, month)
        out += [(c, lbl, a) for (c, lbl, _b, _g), a in zip(BENEFITS, paid, strict=True)]
        return out


def portfolio_return(holdings: list[tuple[str, str, Decimal, Decimal]]) -> Decimal:
    """The total row's monthly return (%, 4 decimals) from the rounded class figures."""
    values = np.array([float(h[2]) for h in holdings])
    returns = np.array([float(h[3]) / 100 for h in holdings])
    return Decimal(str(100 * float(_portfolio_return(values, returns)))).quantize(Decimal("0.0001"))


def write_workbook(
    path: Path,
    month: Month,
    holdings: list[tuple[str, str, Decimal, Decimal]],
    cash: list[tuple[str, str, Decimal]],
) -> None:
    """One month's workbook in the layout of contracts §1.8 (numbers as numbers)."""
    wb = xlsxwriter.Workbook(str(path))
    # Fixed metadata so the same inputs give the same bytes.
    created = dt.datetime(month.year, month.month, 1) + dt.timedelta(days=40)
    wb.set_properties({"title": "Social Security Fund", "author": "SSO", "created": created})
    f = _Formats(wb)
    period = f"{MONTHS_TH[month.month - 1]} พ.ศ. {month.year + 543}"
    _positions_sheet(wb.add_worksheet(POSITIONS_SHEET), f, period, holdings)
    _cash_flow_sheet(wb.add_worksheet(CASH_FLOW_SHEET), f, period, cash)
    wb.close()


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.title = wb.add_format({"bold": True, "align": "center"})
        self.head = wb.add_format(
            {"bold": True, "align": "center", "valign": "vcenter", "border": 1, "text_wrap": True}
        )
        self.label = wb.add_format({"border": 1, "indent": 1})
        self.group = wb.add_format({"border": 1, "bold": True})
        money = "#,##0.00;(#,##0.00);-"
        self.money = wb.add_format({"num_format": money, "border": 1})
        self.money_b = wb.add_format({"num_format": money, "border": 1, "bold": True})
        self.pct = wb.add_format({"num_format": "0.00", "border": 1})
        self.ret = wb.add_format({"num_format": "0.0000;(0.0000)", "border": 1})
        self.ret_b = wb.add_format({"num_format": "0.0000;(0.0000)", "border": 1, "bold": True})


def _positions_sheet(ws, f: _Formats, period: str, holdings: list) -> None:
    ws.set_column(0, 0, 36)
    ws.set_column(1, 3, 18)
    ws.merge_range(0, 0, 0, 3, TITLE, f.title)
    ws.merge_range(1, 0, 1, 3, f"รายงานสินทรัพย์ลงทุนของกองทุนประกันสังคม ณ สิ้นเดือน{period}", f.title)
    ws.write_string(2, 0, "หน่วย: ล้านบาท")
    ws.merge_range(4, 0, 5, 0, "ประเภทสินทรัพย์", f.head)
    ws.merge_range(4, 1, 4, 2, "มูลค่าตามราคาตลาด", f.head)
    ws.merge_range(4, 3, 5, 3, "อัตราผลตอบแทนรายเดือน (ร้อยละ)", f.head)
    ws.write_string(5, 1, "ล้านบาท", f.head)
    ws.write_string(5, 2, "ร้อยละ", f.head)
    total = sum((h[2] for h in holdings), Decimal(0))
    r = 6
    for _code, label, value, ret in holdings:
        ws.write_string(r, 0, label, f.label)
        ws.write_number(r, 1, float(value), f.money)
        ws.write_number(r, 2, float((100 * value / total).quantize(CENT)), f.pct)
        ws.write_number(r, 3, float(ret), f.ret)
        r += 1
    ws.write_string(r, 0, TOTAL_LABEL, f.group)
    ws.write_number(r, 1, float(total), f.money_b)
    ws.write_number(r, 2, 100.0, f.pct)
    ws.write_number(r, 3, float(portfolio_return(holdings)), f.ret_b)
    ws.write_string(
        r + 2,
        0,
        "หมายเหตุ: มูลค่าตามราคาตลาด ณ วันสิ้นเดือน อัตราผลตอบแทนเป็นรายเดือน ยังไม่ปรับเป็นอัตราต่อปี",
    )
    ws.write_string(r + 3, 0, "ที่มา: สำนักงานประกันสังคม")


def _cash_flow_sheet(ws, f: _Formats, period: str, cash: list) -> None:
    ws.set_column(0, 0, 48)
    ws.set_column(1, 1, 18)
    ws.merge_range(0, 0, 0, 1, TITLE, f.title)
    ws.merge_range(1, 0, 1, 1, f"รายงานเงินสมทบรับและประโยชน์ทดแทนจ่าย ประจำเดือน{period}", f.title)
    ws.write_string(2, 0, "หน่วย: ล้านบาท")
    ws.write_string(4, 0, "รายการ", f.head)
    ws.write_string(4, 1, "จำนวนเงิน", f.head)
    contributions = [c for c in cash if c[0].startswith("contribution_")]
    benefits = [c for c in cash if c[0].startswith("benefit_")]
    r = 5
    sums = []
    for group_label, items in ((CONTRIBUTIONS_LABEL, contributions), (BENEFITS_LABEL, benefits)):
        subtotal = sum((a for _c, _l, a in items), Decimal(0))
        sums.append(subtotal)
        ws.write_string(r, 0, group_label, f.group)
        ws.write_number(r, 1, float(subtotal), f.money_b)
        r += 1
        for _code, label, amount in items:
            ws.write_string(r, 0, label, f.label)
            ws.write_number(r, 1, float(amount), f.money)
            r += 1
    ws.write_string(r, 0, NET_LABEL, f.group)
    ws.write_number(r, 1, float(sums[0] - sums[1]), f.money_b)
    ws.write_string(
        r + 2,
        0,
        "หมายเหตุ: เงินสมทบมาตรา 33 รวมส่วนของผู้ประกันตน นายจ้าง และรัฐบาล ตามแบบ สปส.1-10 ที่ตรวจรับแล้ว",
    )
    ws.write_string(r + 3, 0, "ที่มา: สำนักงานประกันสังคม")
