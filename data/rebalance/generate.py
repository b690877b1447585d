#!/usr/bin/env python3
"""generate.py: the rebalance day's data set for blotter, from a fixed seed.

    python3 data/rebalance/generate.py [--check]

Reads the shipped reference data next door (../accounts.csv,
../instruments.csv, ../fx.csv) and writes, into this directory:

  positions.csv   start-of-day holdings: account,symbol,qty,avg_cost
  model-old.csv   the model the accounts were built to: symbol,weight
  model.csv       the new model (equity 5 points lower, fixed income 5
                  points higher): symbol,weight
  marks.blot      one "quote SYMBOL BID ASK" line per symbol held or modelled
  rules.txt       the compliance rules shipped for the day (load rules FILE)

then prints what "rebalance model=model.csv" will stage: the trade count,
the (symbol, side) group count that "block auto" should make, the notional
bought and sold, and the figures the rules were sized against.  With
--check nothing is written: the files on disk are compared with what the
generator would write (exit 1 on a difference).  Python 3 standard library
only; the output depends on nothing but SEED and the files read (the
random numbers come from random.Random(SEED).random() alone, whose
sequence is fixed across Python versions).

How the data is built
---------------------
* Accounts: 50 of the 54 in accounts.csv, NAV and currency unchanged.  Left
  out: JAPAN01 and SMA-NAKANO (their NAVs are in yen, 1.2 and 0.6 million
  USD, below the 5 million floor) and the two smallest remaining non-USD
  accounts (SMA-KELLER, SMA-ROSSI), so 44 USD, 3 EUR, 2 GBP and 1 CHF
  accounts remain.
* Marks: the mid of each quote is the demo market's reference price
  (src/md/prices.c, copied into REF_PX), moved by a tick or two where
  that keeps every rebalance target clear of a rounding half (see
  ROUND_MARGIN); the spread is an even number of ticks, so the mid is
  exact and on the tick.
* Holdings: every account holds the OLD model exactly as the engine would
  round it at today's marks (so a symbol whose weight does not change
  trades nothing), except:
  - INFLOW accounts (pension plans that received their January
    contributions, not yet invested) hold the old model scaled down by
    their inflow fraction: they buy every model symbol the model does not
    cut;
  - LEGACY positions: symbols outside both models (transferred in, or left
    from earlier mandates) held by a few accounts each; the rebalance sells
    them to zero.
  Average costs sit a few percent around the mark (small P&L).
* Rebalance arithmetic (must match the engine): NAV converted into the
  instrument's currency as src/core/fx.c does (direct pair, inverse, cross
  through USD, each leg rounded half away from zero to 6 decimals); target
  = weight/100 x NAV / (mark x mult), rounded to the nearest lot, halves
  away from zero; trade = target - held; zero trades skipped; held symbols
  outside the model go to zero.
"""

import csv
import io
import os
import sys
from fractions import Fraction
import random

SEED = 20260105

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.dirname(HERE)

PX = 10 ** 8        # include/fixed.h: prices, rates, multipliers
MONEY = 10 ** 6     # amounts of money

# Accounts left out (see the docstring).
EXCLUDED = ["JAPAN01", "SMA-NAKANO", "SMA-KELLER", "SMA-ROSSI"]

# The models, percent of NAV: symbol -> (old weight, new weight).  Equity
# 58 -> 53 (trim the richest growth names, drop NFLX), fixed income 38 ->
# 43 (more duration, a new 7-year line, a little more corporate credit);
# 4 % cash in both.
MODEL = [
    # US equities
    ("AAPL", "5", "5"),
    ("MSFT", "5", "5"),
    ("NVDA", "3.5", "2.25"),
    ("AVGO", "2", "1"),
    ("GOOGL", "3.5", "3.5"),
    ("META", "2.5", "1.75"),
    ("NFLX", "0.75", "0"),
    ("AMZN", "3", "2.25"),
    ("HD", "2", "2"),
    ("PG", "2", "2"),
    ("WMT", "2", "2"),
    ("JPM", "3.5", "3.5"),
    ("BRK.B", "3", "3"),
    ("JNJ", "2", "2"),
    ("UNH", "2", "2"),
    ("LLY", "3", "3"),
    ("XOM", "2.5", "2.5"),
    ("CAT", "1.5", "1.5"),
    ("LIN", "1.5", "1.5"),
    # International equities, local currency
    ("SAP.DE", "2", "2"),
    ("ASML.AS", "1.5", "1"),
    ("SHEL.L", "1.5", "1.5"),
    ("NESN.SW", "1.25", "1.25"),
    ("7203.T", "1.5", "1.5"),
    # Treasuries
    ("UST2Y", "5", "5"),
    ("UST3Y", "4", "4"),
    ("UST5Y", "6", "7"),
    ("UST7Y", "0", "1.5"),
    ("UST10Y", "6", "7"),
    ("UST30Y", "3", "3.5"),
    # Corporate bonds
    ("AAPL-4.65-2046", "3", "3.25"),
    ("MSFT-3.70-2046", "3", "3.25"),
    ("JPM-4.25-2027", "3", "3.5"),
    ("XOM-4.114-2046", "2.5", "2.5"),
    ("VZ-4.862-2046", "2.5", "2.5"),
]

# Legacy symbols (in neither model): how many accounts hold each.
LEGACY = [
    ("GOOG", 12), ("BRK.A", 4), ("TSLA", 11), ("BAC", 9), ("PFE", 10),
    ("ORCL", 9), ("NKE", 8), ("SIE.DE", 9), ("HSBA.L", 8),
    ("AMZN-3.15-2027", 10),
]
LEGACY_PCT = (0.3, 1.2)     # size of a legacy position, percent of NAV
LEGACY_MAX_PCT = 2.0        # a single lot may not weigh more than this
LEGACY_ACCT_MAX = 3.0       # legacy in one account, percent of NAV at most

# Inflow accounts: drawn from these, with an inflow of 2-6 % of NAV.
INFLOW_FROM = ["PENSION01", "PENSION02", "PENSION03", "PENSION04",
               "PENSION05", "PENSION06", "PENSION07", "PENSION08"]
INFLOW_COUNT = 5
INFLOW_PCT = (2.0, 6.0)

# Average cost around the mark: model holdings and legacy holdings.
COST_SPREAD = (-0.05, 0.03)
LEGACY_COST_SPREAD = (-0.08, 0.05)

# A target whose exact lot count lies within this of a half is avoided by
# moving the mark, so no reasonable implementation can round it otherwise.
ROUND_MARGIN = Fraction(1, 1000)

# The rules shipped with the data (rules.txt); check_rules() tests every
# staged trade, and every holding before and after, against them.
RESTRICTED_ISSUER = "Boeing"
RESTRICTED_SYM = "FCX"
MAX_NOTIONAL = (10_000_000, 5_000_000)   # limit, warn_at (base currency)
MAX_QTY = (10_000_000, 5_000_000)        # units (shares, or bond face)
CONC_SYMBOL = (10, 8)                    # pct, warn_at
MAIN_SECTOR = (40, 35)                   # pct, warn_at (acct=MAIN)
ASSET_CLASS_ACCTS = ["PENSION01", "PENSION02", "PENSION03", "PENSION04",
                     "PENSION05", "PENSION06", "PENSION07", "PENSION08",
                     "ENDOW01", "ENDOW02", "FDN01", "FDN02", "FDN03",
                     "INS01"]


# ------------------------------------------------------------- arithmetic

def div_round(num, den):
    """num/den rounded half away from zero (integers, den > 0)."""
    q, r = divmod(abs(num), den)
    if 2 * r >= den:
        q += 1
    return q if num >= 0 else -q


def dec_scaled(text, scale):
    """The decimal TEXT as an integer scaled by SCALE, exactly."""
    f = Fraction(text) * scale
    if f.denominator != 1:
        raise ValueError("%s has too many decimals" % text)
    return int(f)


def fmt_scaled(v, scale, mindec=2):
    """V/SCALE as a plain decimal with at least MINDEC decimals."""
    digits = len(str(scale)) - 1
    neg = v < 0
    v = abs(v)
    s = "%d.%0*d" % (v // scale, digits, v % scale)
    whole, frac = s.split(".")
    frac = frac.rstrip("0")
    if len(frac) < mindec:
        frac += "0" * (mindec - len(frac))
    out = whole + ("." + frac if frac else "")
    return ("-" if neg else "") + out


class FX:
    """src/core/fx.c: direct pair, inverse, cross through USD."""

    def __init__(self, rates):
        self.rates = rates          # pair -> PX-scaled int

    def leg(self, amount, frm, to):
        r = self.rates.get(frm + to)
        if r:
            return div_round(amount * r, PX)
        r = self.rates.get(to + frm)
        if r:
            return div_round(amount * PX, r)
        return None

    def convert(self, amount, frm, to):
        if frm == to:
            return amount
        v = self.leg(amount, frm, to)
        if v is not None:
            return v
        if frm != "USD" and to != "USD":
            usd = self.leg(amount, frm, "USD")
            if usd is not None:
                v = self.leg(usd, "USD", to)
                if v is not None:
                    return v
        raise KeyError("no fx rate for %s to %s" % (frm, to))


def exact_lots(weight, nav_inst, mark, mult, lot):
    """The exact (unrounded) lot count of a target, as a Fraction.
    weight: Fraction percent; nav_inst: MONEY-scaled int; mark, mult:
    PX-scaled ints."""
    units = weight / 100 * Fraction(nav_inst, MONEY) / (
        Fraction(mark, PX) * Fraction(mult, PX))
    return units / lot


def round_lots(x):
    """Nearest whole number of lots, halves away from zero."""
    return div_round(x.numerator, x.denominator)


# ------------------------------------------------------------------ input

def read_csv(name):
    with open(os.path.join(DATA, name), newline="") as f:
        return list(csv.DictReader(f))


# Reference prices: the demo market's starting levels, copied from
# src/md/prices.c (kept here so the data does not move when that table does).
REF_PX = {
    "AAPL": "232.50", "MSFT": "428.00", "NVDA": "138.20", "ORCL": "168.40",
    "AVGO": "226.80", "GOOGL": "193.60", "GOOG": "195.10", "META": "612.00",
    "NFLX": "882.00", "AMZN": "224.90", "TSLA": "405.00", "HD": "402.30",
    "NKE": "74.60", "PG": "165.20", "WMT": "92.80", "JPM": "248.50",
    "BAC": "45.80", "BRK.A": "698500.00", "BRK.B": "465.40",
    "JNJ": "151.30", "UNH": "512.00", "LLY": "781.00", "PFE": "26.40",
    "XOM": "109.70", "CAT": "368.50", "LIN": "441.00", "SAP.DE": "251.40",
    "SIE.DE": "189.60", "ASML.AS": "702.30", "SHEL.L": "25.96",
    "HSBA.L": "8.21", "NESN.SW": "76.50", "7203.T": "2805",
    "UST2Y": "99.7578125", "UST3Y": "99.6875", "UST5Y": "99.5",
    "UST7Y": "99.28125", "UST10Y": "99.5", "UST30Y": "98.4375",
    "AAPL-4.65-2046": "94.625", "MSFT-3.70-2046": "83.250",
    "AMZN-3.15-2027": "98.410", "JPM-4.25-2027": "99.580",
    "XOM-4.114-2046": "86.120", "VZ-4.862-2046": "93.240",
}


class Rng:
    """random.Random(SEED).random() only: stable across Python versions."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def uniform(self, lo, hi):
        return lo + (hi - lo) * self.r.random()

    def pick(self, items, n):
        """N distinct items, in a seeded order."""
        pool = list(items)
        out = []
        while pool and len(out) < n:
            out.append(pool.pop(int(self.r.random() * len(pool))))
        return out


# -------------------------------------------------------------- building

def nice(n):
    """The 1, 2 or 5 times a power of ten nearest N (N >= 1)."""
    best, p = 1, 1
    while p <= n * 10:
        for m in (1, 2, 5):
            if abs(m * p - n) < abs(best - n):
                best = m * p
        p *= 10
    return best


def half_spread_ticks(sym, inst, mid):
    """Half the quoted spread, in ticks: about a basis point of the price
    for shares, the usual width for bonds."""
    tick = Fraction(inst["tick"])
    if inst["class"] == "bond":
        if inst["issuer"] == "US Treasury":
            return 2 if sym in ("UST10Y", "UST30Y") else 1
        # Corporates: 1/8 point wide for the long bonds, 1/20 short.
        return int(Fraction("0.0625") / tick) if sym.endswith("2046") \
            else int(Fraction("0.025") / tick)
    return nice(max(1, int(round(Fraction(mid) / 10000 / tick))))


def build():
    rng = Rng(SEED)
    accounts = [a for a in read_csv("accounts.csv")
                if a["id"] not in EXCLUDED]
    instruments = {i["symbol"]: i for i in read_csv("instruments.csv")}
    fx = FX({r["pair"]: dec_scaled(r["rate"], PX)
             for r in read_csv("fx.csv")})
    ref = REF_PX

    model_syms = [m[0] for m in MODEL]
    old_w = {s: Fraction(o) for s, o, n in MODEL if Fraction(o) > 0}
    new_w = {s: Fraction(n) for s, o, n in MODEL if Fraction(n) > 0}
    legacy_syms = [l[0] for l in LEGACY]
    for s in model_syms + legacy_syms:
        if s not in instruments:
            raise SystemExit("unknown symbol %s" % s)
        if instruments[s]["class"] not in ("equity", "bond"):
            raise SystemExit("%s is not an equity or a bond" % s)
    assert not set(model_syms) & set(legacy_syms)

    for a in accounts:
        a["nav_m"] = dec_scaled(a["nav"], MONEY)
        a["nav_usd"] = fx.convert(a["nav_m"], a["ccy"], "USD")

    def inst_nav(a, sym):
        return fx.convert(a["nav_m"], a["ccy"], instruments[sym]["ccy"])

    # Marks: reference mid, nudged by whole ticks until every target of
    # either model (and so every trade) is clear of a rounding half.
    mids, quotes = {}, {}
    for s in model_syms + legacy_syms:
        inst = instruments[s]
        tick = dec_scaled(inst["tick"], PX)
        mult = dec_scaled(inst["mult"], PX)
        lot = int(inst["lot"])
        base = dec_scaled(ref[s], PX)
        base = div_round(base, tick) * tick
        for step in [0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6]:
            mid = base + step * tick
            ok = True
            for w in (old_w.get(s), new_w.get(s)):
                if w is None:
                    continue
                for a in accounts:
                    x = exact_lots(w, inst_nav(a, s), mid, mult, lot)
                    fr = x - int(x)
                    if abs(fr - Fraction(1, 2)) < ROUND_MARGIN:
                        ok = False
                        break
                if not ok:
                    break
            if ok:
                break
        else:
            raise SystemExit("no safe mark for %s" % s)
        k = half_spread_ticks(s, inst, Fraction(mid, PX))
        mids[s] = mid
        quotes[s] = (mid - k * tick, mid + k * tick)

    def target(a, s, w):
        inst = instruments[s]
        lots = round_lots(exact_lots(w, inst_nav(a, s), mids[s],
                                     dec_scaled(inst["mult"], PX),
                                     int(inst["lot"])))
        return lots * int(inst["lot"])

    # Inflow accounts.
    cands = [a["id"] for a in accounts if a["id"] in INFLOW_FROM]
    inflow = {}
    for acct in rng.pick(cands, INFLOW_COUNT):
        inflow[acct] = round(rng.uniform(*INFLOW_PCT), 1)

    # Holdings: old model (scaled for inflow accounts).
    held = {a["id"]: {} for a in accounts}
    for a in accounts:
        for s in model_syms:
            if s not in old_w:
                continue
            w = old_w[s]
            if a["id"] in inflow:
                w = w * (1 - Fraction(str(inflow[a["id"]])) / 100)
            q = target(a, s, w)
            if q:
                held[a["id"]][s] = q

    # Legacy positions.
    by_id = {a["id"]: a for a in accounts}
    legacy_of = {}
    legacy_pct = {}
    for s, n in LEGACY:
        inst = instruments[s]
        lot = int(inst["lot"])
        mult = Fraction(inst["mult"])
        order = rng.pick([a["id"] for a in accounts], len(accounts))
        got = []
        for acct in order:
            if len(got) == n:
                break
            a = by_id[acct]
            pct = Fraction(str(round(rng.uniform(*LEGACY_PCT), 2)))
            unit_val = Fraction(mids[s], PX) * mult * lot
            navi = Fraction(inst_nav(a, s), MONEY)
            lots = round_lots(pct / 100 * navi / unit_val)
            if lots == 0:
                lots = 1
            w = lots * unit_val / navi * 100
            if w > LEGACY_MAX_PCT or legacy_pct.get(acct, 0) + w > \
                    LEGACY_ACCT_MAX:
                continue
            legacy_pct[acct] = legacy_pct.get(acct, 0) + w
            held[acct][s] = lots * lot
            got.append(acct)
        if len(got) < n:
            raise SystemExit("only %d holders for %s" % (len(got), s))
        legacy_of[s] = got

    # Average costs.
    cost = {}
    for a in accounts:
        for s in sorted(held[a["id"]], key=list(instruments).index):
            lo, hi = LEGACY_COST_SPREAD if s in legacy_of else COST_SPREAD
            c = Fraction(mids[s], PX) * Fraction(
                str(round(1 + rng.uniform(lo, hi), 6)))
            cost[(a["id"], s)] = round(c, 4)

    # The rebalance, as the engine does it.
    trades = []
    for a in accounts:
        h = held[a["id"]]
        syms = [s for s in instruments if s in new_w or s in h]
        for s in syms:
            tgt = target(a, s, new_w[s]) if s in new_w else 0
            d = tgt - h.get(s, 0)
            if d:
                trades.append((a["id"], s, d))

    return dict(accounts=accounts, instruments=instruments, fx=fx,
                mids=mids, quotes=quotes, old_w=old_w, new_w=new_w,
                held=held, cost=cost, inflow=inflow, legacy_of=legacy_of,
                trades=trades, model_syms=model_syms,
                legacy_syms=legacy_syms)


# -------------------------------------------------------------- analysis

def value(d, acct, s, qty, ccy):
    """Market value of QTY of S at the mark in CCY, as a float."""
    inst = d["instruments"][s]
    m = Fraction(d["mids"][s], PX) * Fraction(inst["mult"]) * qty
    m_int = div_round(m.numerator * MONEY, m.denominator)
    return d["fx"].convert(m_int, inst["ccy"], ccy) / MONEY


def analyse(d):
    acc = {a["id"]: a for a in d["accounts"]}
    ins = d["instruments"]
    r = {}
    r["trades"] = len(d["trades"])
    groups = {}
    for acct, s, q in d["trades"]:
        key = (s, "buy" if q > 0 else "sell")
        groups.setdefault(key, []).append((acct, q))
    r["groups"] = groups
    bought = sold = 0.0
    max_notional = (0.0, None)
    max_qty = (0, None)
    for acct, s, q in d["trades"]:
        usd = value(d, acct, s, abs(q), "USD")
        if q > 0:
            bought += usd
        else:
            sold += usd
        base = value(d, acct, s, abs(q), acc[acct]["ccy"])
        if base > max_notional[0]:
            max_notional = (base, (acct, s, q))
        if abs(q) > max_qty[0]:
            max_qty = (abs(q), (acct, s, q))
    r["bought"], r["sold"] = bought, sold
    r["max_notional"], r["max_qty"] = max_notional, max_qty
    blocks = []
    for (s, side), mem in groups.items():
        usd = sum(value(d, a, s, abs(q), "USD") for a, q in mem)
        blocks.append((usd, s, side, len(mem), sum(abs(q) for _, q in mem)))
    r["blocks"] = sorted(blocks, reverse=True)

    # Concentration: each symbol before and after, and (worst case, any
    # order of execution) each sector of MAIN.
    conc = (0.0, None)
    for a in d["accounts"]:
        nav = a["nav_m"] / MONEY
        h = d["held"][a["id"]]
        after = dict(h)
        for acct, s, q in d["trades"]:
            if acct == a["id"]:
                after[s] = after.get(s, 0) + q
        for s in sorted(set(h) | set(after)):
            m = max(h.get(s, 0), after.get(s, 0))
            pct = value(d, a["id"], s, m, a["ccy"]) / nav * 100
            if pct > conc[0]:
                conc = (pct, (a["id"], s))
        if a["id"] == "MAIN":
            sectors = {}
            for s in sorted(set(h) | set(after)):
                m = max(h.get(s, 0), after.get(s, 0))
                sec = ins[s]["sector"]
                sectors[sec] = sectors.get(sec, 0.0) + \
                    value(d, a["id"], s, m, a["ccy"]) / nav * 100
            r["main_sectors"] = sectors
    r["conc"] = conc

    # Invested fraction per account (cash left).
    inv = []
    for a in d["accounts"]:
        mv = sum(value(d, a["id"], s, q, a["ccy"])
                 for s, q in d["held"][a["id"]].items())
        inv.append(mv / (a["nav_m"] / MONEY) * 100)
    r["invested"] = (min(inv), max(inv))
    pnl = []
    for (acct, s), c in d["cost"].items():
        pnl.append(float(Fraction(d["mids"][s], PX) / c - 1) * 100)
    r["pnl"] = (min(pnl), max(pnl))
    return r


def check_rules(d, r):
    """Every staged trade against every shipped rule; returns problems."""
    bad = []
    ins = d["instruments"]
    acc = {a["id"]: a for a in d["accounts"]}
    for acct, s, q in d["trades"]:
        i = ins[s]
        if i["issuer"].lower() == RESTRICTED_ISSUER.lower() or \
                s == RESTRICTED_SYM:
            bad.append("restricted: %s %s" % (acct, s))
        if q < 0 and -q > d["held"][acct].get(s, 0):
            bad.append("short_sale: %s %s %d" % (acct, s, q))
        if acct in ASSET_CLASS_ACCTS and i["class"] not in ("equity",
                                                            "bond"):
            bad.append("asset_class: %s %s" % (acct, s))
        base = value(d, acct, s, abs(q), acc[acct]["ccy"])
        if base > MAX_NOTIONAL[1]:
            bad.append("max_notional: %s %s %.0f" % (acct, s, base))
        if abs(q) > MAX_QTY[1]:
            bad.append("max_qty: %s %s %d" % (acct, s, q))
    for a in d["accounts"]:
        for s in d["held"][a["id"]]:
            if ins[s]["issuer"].lower() == RESTRICTED_ISSUER.lower() or \
                    s == RESTRICTED_SYM:
                bad.append("restricted holding: %s %s" % (a["id"], s))
    if r["conc"][0] >= CONC_SYMBOL[1]:
        bad.append("concentration by symbol %.2f %% %s" % r["conc"])
    worst = max(r["main_sectors"].items(), key=lambda kv: kv[1])
    if worst[1] >= MAIN_SECTOR[1]:
        bad.append("MAIN sector %s %.2f %%" % worst)
    return bad


# ---------------------------------------------------------------- output

def out_positions(d):
    f = io.StringIO()
    f.write("account,symbol,qty,avg_cost\n")
    order = list(d["instruments"])
    for a in d["accounts"]:
        h = d["held"][a["id"]]
        for s in sorted(h, key=order.index):
            c = d["cost"][(a["id"], s)]
            f.write("%s,%s,%d,%s\n" % (a["id"], s, h[s],
                    fmt_scaled(int(c * 10000), 10000)))
    return f.getvalue()


def out_model(d, weights):
    f = io.StringIO()
    f.write("symbol,weight\n")
    for s in d["model_syms"]:
        if s in weights:
            f.write("%s,%s\n" % (s, fmt_scaled(int(weights[s] * 100), 100,
                                                 0)))
    return f.getvalue()


def out_marks(d):
    f = io.StringIO()
    f.write("# Start-of-day quotes for the rebalance day (written by "
            "generate.py; do not edit).\n"
            "# Every symbol held in positions.csv or named in model.csv; "
            "sizes unlimited,\n"
            "# so the sim venue fills every order in full.  The mark is "
            "the mid.\n")
    cls = None
    order = list(d["instruments"])
    for s in sorted(d["mids"], key=order.index):
        i = d["instruments"][s]
        c = "bond" if i["class"] == "bond" else "equity"
        if c != cls:
            f.write("\n# %s\n" % ("Bonds (percent of par)" if c == "bond"
                                  else "Equities (local currency)"))
            cls = c
        bid, ask = d["quotes"][s]
        dec = min(2, len(i["tick"].partition(".")[2]))
        f.write("quote %s %s %s\n" % (s, fmt_scaled(bid, PX, dec),
                                       fmt_scaled(ask, PX, dec)))
    return f.getvalue()


def out_rules(d, r):
    mn = r["max_notional"]
    mq = r["max_qty"]
    lines = []
    w = lines.append
    w("# Compliance rules for the rebalance day (data/rebalance), written "
      "by generate.py.")
    w("# Load with: load rules data/rebalance/rules.txt")
    w("# One rule a line: ID kind=KIND [params] [acct=ACCOUNT] "
      "[action=block|review|warn]")
    w("# (the words after \"rule add\").  Without acct= a rule covers "
      "every account;")
    w("# without action= it flags the order for review.")
    w("#")
    w("# None of the %d orders the rebalance stages breaks a rule, or even "
      "reaches a" % r["trades"])
    w("# warning level: generate.py checks every one of them.")
    w("")
    w("# Fat fingers, per order (a block's members are checked one by "
      "one).  The")
    w("# largest member order is %s %s %s, %s %s; the largest "
      "quantity" % (mn[1][0], "buys" if mn[1][2] > 0 else "sells",
                    mn[1][1], "{:,.0f}".format(mn[0]),
                    {a["id"]: a["ccy"] for a in d["accounts"]}[mn[1][0]]))
    w("# %s %s (bonds trade in face value)." % ("{:,}".format(mq[0]),
                                                  mq[1][1]))
    w("FAT-NOTIONAL  kind=max_notional limit=%dm warn_at=%dm action=block"
      % (MAX_NOTIONAL[0] // 10**6, MAX_NOTIONAL[1] // 10**6))
    w("FAT-QTY       kind=max_qty limit=%dm warn_at=%dm action=block"
      % (MAX_QTY[0] // 10**6, MAX_QTY[1] // 10**6))
    w("# A limit price far from the market needs a second look (market "
      "orders,")
    w("# like the rebalance's, have no limit price to check).")
    w("COLLAR        kind=price_collar pct=5 warn_at=2 action=review")
    w("")
    w("# The restricted list: %s (the firm is inside) and %s (research "
      "blackout)." % (RESTRICTED_ISSUER, RESTRICTED_SYM))
    w("# Neither is in the model or held by any account.")
    w("RESTRICT-BA   kind=restricted issuer=%s action=block"
      % RESTRICTED_ISSUER)
    w("RESTRICT-%s  kind=restricted sym=%s action=block"
      % (RESTRICTED_SYM, RESTRICTED_SYM))
    w("")
    w("# Naked shorts go through 'short', never through 'sell'.")
    w("NO-NAKED      kind=short_sale action=block")
    w("")
    w("# No account may put more than %d %% of its NAV in one symbol "
      "(warning at %d %%);" % CONC_SYMBOL)
    w("# the largest line, before or after the rebalance, is %.2f %% "
      "(%s in %s)." % (r["conc"][0], r["conc"][1][1], r["conc"][1][0]))
    w("CONC-SYMBOL   kind=concentration pct=%d by=symbol warn_at=%d "
      "action=review" % CONC_SYMBOL)
    worst = max(r["main_sectors"].items(), key=lambda kv: kv[1])
    w("# The master fund keeps any one sector under %d %% of NAV; its "
      "largest," % MAIN_SECTOR[0])
    w("# %s, is at most %.2f %% whatever order the trades fill in."
      % worst)
    w("MAIN-SECTOR   kind=concentration pct=%d by=sector warn_at=%d "
      "acct=MAIN action=review" % MAIN_SECTOR)
    w("")
    w("# Pension plans, endowments, foundations and the insurance "
      "account hold")
    w("# securities only: no futures, options or FX.")
    for acct in ASSET_CLASS_ACCTS:
        w("%-13s kind=asset_class allow=equity,bond acct=%s action=block"
          % ("CLASS-" + acct, acct))
    return "\n".join(lines) + "\n"


def main():
    check = "--check" in sys.argv[1:]
    d = build()
    r = analyse(d)
    bad = check_rules(d, r)
    files = {
        "positions.csv": out_positions(d),
        "model-old.csv": out_model(d, d["old_w"]),
        "model.csv": out_model(d, d["new_w"]),
        "marks.blot": out_marks(d),
        "rules.txt": out_rules(d, r),
    }
    differ = []
    for name, text in files.items():
        path = os.path.join(HERE, name)
        if check:
            try:
                with open(path) as f:
                    if f.read() != text:
                        differ.append(name)
            except OSError:
                differ.append(name)
        else:
            with open(path, "w") as f:
                f.write(text)

    accts = d["accounts"]
    nav = sum(a["nav_usd"] for a in accts) / MONEY
    ow, nw = d["old_w"], d["new_w"]
    ins = d["instruments"]

    def tot(w, cls):
        return sum(v for s, v in w.items() if ins[s]["class"] == cls)
    print("seed                 %d" % SEED)
    print("accounts             %d (%s)" % (len(accts), ", ".join(
        "%d %s" % (sum(1 for a in accts if a["ccy"] == c), c)
        for c in sorted({a["ccy"] for a in accts},
                        key=lambda c: (c != "USD", c)))))
    print("total NAV            %s USD" % "{:,.2f}".format(nav))
    print("old model            %d lines: equity %s %%, fixed income %s %%"
          % (len(ow), float(tot(ow, "equity")), float(tot(ow, "bond"))))
    print("new model            %d lines: equity %s %%, fixed income %s %%"
          % (len(nw), float(tot(nw, "equity")), float(tot(nw, "bond"))))
    print("positions            %d lines, %d symbols" % (
        sum(len(h) for h in d["held"].values()), len(d["mids"])))
    print("inflow accounts      %s" % ", ".join(
        "%s %.1f %%" % kv for kv in sorted(d["inflow"].items())))
    print("legacy holders       %s" % ", ".join(
        "%s %d" % (s, len(v)) for s, v in d["legacy_of"].items()))
    print("invested at open     %.2f %% to %.2f %% of NAV" % r["invested"])
    print("avg cost vs mark     %.2f %% to %.2f %% unrealized" % r["pnl"])
    print("trades               %d" % r["trades"])
    nbuy = sum(1 for k in r["groups"] if k[1] == "buy")
    print("(symbol, side) groups %d (%d buy, %d sell)" % (
        len(r["groups"]), nbuy, len(r["groups"]) - nbuy))
    two = sorted({s for s, side in r["groups"]
                  if (s, "buy") in r["groups"] and (s, "sell")
                  in r["groups"]})
    print("symbols both ways    %s" % (", ".join(two) or "none"))
    print("notional bought      %s USD" % "{:,.2f}".format(r["bought"]))
    print("notional sold        %s USD" % "{:,.2f}".format(r["sold"]))
    mn, mq = r["max_notional"], r["max_qty"]
    print("largest order        %s %s %d: %s in the account's currency"
          % (mn[1] + ("{:,.0f}".format(mn[0]),)))
    print("largest quantity     %s %s %d" % mq[1])
    b = r["blocks"][0]
    print("largest block        %s %s, %d orders, %s units, %s USD" % (
        b[2], b[1], b[3], "{:,}".format(b[4]), "{:,.0f}".format(b[0])))
    per = {}
    for acct, _, _ in d["trades"]:
        per[acct] = per.get(acct, 0) + 1
    print("trades per account   %d to %d (%d accounts trade)" % (
        min(per.values()), max(per.values()), len(per)))
    print("smallest block       %s %s, %d orders" % min(
        ((side, s, n) for _, s, side, n, _ in r["blocks"]),
        key=lambda t: t[2]))
    print("largest line         %.2f %% of NAV (%s %s)" % (
        r["conc"][0], r["conc"][1][0], r["conc"][1][1]))
    print("rule check           %s" % ("no breach, no warning" if not bad
                                       else "; ".join(bad)))
    ok = not bad and 800 <= r["trades"] <= 900 and \
        40 <= len(r["groups"]) <= 50
    if check:
        print("files                %s" % ("as generated" if not differ
                                           else "differ: " +
                                           ", ".join(differ)))
        ok = ok and not differ
    if not ok:
        print("generate.py: targets missed", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
