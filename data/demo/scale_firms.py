"""Firms of the scale demo: who is 规上 when, their monthly output and revenue, and new register rows.

See data/demo/scale.py for what is consistent with the county figures and what is not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import stocks
from .base import MONTHS, YEARS, Inputs, stream
from .enterprises import _prefixes
from .industries import draw_industries
from .names import COMPANY_FORMS, INDUSTRY_WORDS, ORG_WEIGHTS, TRADE_CHARS, USCC_CHARS, USCC_WEIGHTS
from .points import scatter
from .size import Size

FLOOR_YI = 0.02  # a 规上 firm's month: 2000万元 a year is the line
RATIO = (0.92, 1.02)  # 营业收入 / 工业总产值 of a new firm
BELOW_LINE_MONTH = (0.005, 0.015)  # a month of a firm before it enters (or after it leaves) 规上
ELECTRICITY_SD = 12.0  # firm electricity growth around the county figure, points
PER_SMALL_FIRM = len(MONTHS) + len(YEARS)  # rows of one 规下 firm
# GB 11714 value of each code character (A = 10 … Z = 35), for the organisation-code check.
ALNUM = np.array([int(c) if c.isdigit() else ord(c) - 55 for c in USCC_CHARS])


def stock_flows(size: Size, seed: int, stock: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The end-2022 stock and the monthly entries and exits (counties × MONTHS) the county stock was drawn from.

    Replays stocks.firm_stock draw for draw, and checks the replay against the stock it made.
    """
    rng = stream(seed, "firm_stock")
    now = stocks.allocate(stocks.PROVINCE_FIRMS_2022,
                          size.base.to_numpy() ** 0.75 * rng.lognormal(0, 0.15, len(size.base)))
    start, new, gone = now.copy(), [], []
    for year in sorted({y for y, _ in MONTHS}):
        pull = np.clip(1 + 4 * (stocks._growth_ratio(size, year) - 1.07), 0.5, 1.6)
        n_new = rng.poisson(now * stocks.NEW_RATE * pull)
        n_exit = np.minimum(rng.poisson(now * stocks.EXIT_RATE / np.sqrt(pull)), now // 2)
        entering = stocks._split_months(n_new, year, stocks.JANUARY_SHARE["new"], rng)
        leaving = stocks._split_months(n_exit, year, stocks.JANUARY_SHARE["exit"], rng)
        for i in range(entering.shape[1]):
            now = now + entering[:, i] - leaving[:, i]
            new.append(entering[:, i])
            gone.append(leaving[:, i])
    new, gone = np.column_stack(new), np.column_stack(gone)
    if not (start[:, None] + np.cumsum(new - gone, axis=1) == stock[MONTHS].to_numpy()).all():
        raise AssertionError("the replayed firm flows do not give the demo's 规上 stock")
    return start, new, gone


def memberships(n_reg: int, start: int, new: np.ndarray, gone: np.ndarray, rng) -> np.ndarray:
    """Firms × months: who is 规上 in one county. Register firms first (biggest first), then new firms."""
    cap = n_reg + start + int(new.sum())
    active = np.zeros(cap, dtype=bool)
    first = min(n_reg, start)
    active[:first] = True
    n = n_reg + start - first
    active[n_reg:n] = True
    out = np.zeros((cap, len(new)), dtype=bool)
    for t, (k_in, k_out) in enumerate(zip(new, gone)):
        others = np.flatnonzero(active[n_reg:n]) + n_reg
        leave = rng.choice(others, min(k_out, len(others)), replace=False)
        if k_out > len(others):  # no other firm to lose: a register firm leaves
            leave = np.concatenate([leave, rng.choice(np.flatnonzero(active[:n_reg]), k_out - len(others),
                                                      replace=False)])
        active[leave] = False
        waiting = np.flatnonzero(~active[:n_reg])
        waiting = waiting[~np.isin(waiting, leave)][:k_in]
        active[waiting] = True
        fresh = k_in - len(waiting)
        active[n:n + fresh] = True
        n += fresh
        out[:, t] = active
    return out[:n]


def month_output(county: np.ndarray, reg_base: np.ndarray, weight: np.ndarray, member: np.ndarray,
                 n_reg: int, rng) -> np.ndarray:
    """Firms × months 规上工业总产值 (亿元, 4 decimals) summing to the county's month: register, then the rest."""
    t = member.shape[1]
    reg = reg_base * rng.lognormal(0, 0.08, reg_base.shape) * member[:n_reg]
    others = member[n_reg:]
    room = county - 1.5 * FLOOR_YI * others.sum(axis=0)
    squeeze = np.minimum(1.0, np.maximum(room, 0) / np.maximum(reg.sum(axis=0), 1e-9))
    reg = reg * squeeze
    rest = county - reg.sum(axis=0) - FLOOR_YI * others.sum(axis=0)
    share = weight[:, None] * rng.lognormal(0, 0.1, (len(weight), t)) * others
    new = others * FLOOR_YI + share / np.maximum(share.sum(axis=0), 1e-12) * np.maximum(rest, 0)
    out = np.round(np.vstack([reg, new]), 4)
    residual = np.round(county - out.sum(axis=0), 4)
    top = out.argmax(axis=0)
    out[top, np.arange(t)] += residual
    return np.round(out, 4)


def county_firms(inputs: Inputs, size: Size, tables: dict, reg: pd.DataFrame, seed: int) -> dict:
    """Per county: the register firms that are 规上, the new firms' count, who is 规上 when, and their output."""
    start, new, gone = stock_flows(size, seed, tables["above_scale_firm_count"])
    output = tables["output_yi"][MONTHS].to_numpy()
    years = np.array([y for y, _ in MONTHS])
    annual = {y: output[:, years == y].sum(axis=1) for y in YEARS}
    rng = stream(seed, "scale_members")
    out = {}
    reg = reg.assign(_rev=reg[f"revenue_{YEARS[0]}"])
    for i, code in enumerate(inputs.adcodes):
        mine = reg[(reg["adcode"] == code) & (reg["above_scale"] == "是")].sort_values("_rev", ascending=False)
        member = memberships(len(mine), int(start[i]), new[i], gone[i], rng)
        n_new = len(member) - len(mine)
        # A register firm's month: its revenue of the year (2026: of 2025) in the county's monthly pattern.
        cap = [min(y, YEARS[-1]) for y in years]
        rev = np.column_stack([mine[f"revenue_{y}"].to_numpy() for y in cap]) if len(mine) else np.zeros((0, len(cap)))
        base = rev * output[i] / np.array([annual[y][i] for y in cap])
        weight = np.clip(rng.lognormal(0, 1.0, n_new), 0.05, 40)
        values = month_output(output[i], base, weight, member, len(mine), rng)
        out[code] = {"register": mine["enterprise_id"].to_numpy(), "n_new": n_new, "member": member, "values": values}
    return out


def credit_codes(adcodes: np.ndarray, rng) -> np.ndarray:
    """统一社会信用代码 (91 + adcode + organisation code + check), vectorised; may repeat (callers redraw)."""
    n = len(adcodes)
    body = rng.integers(0, 31, (n, 8))
    org = 11 - (ALNUM[body] * np.array(ORG_WEIGHTS)).sum(axis=1) % 11
    org = np.where(org == 10, USCC_CHARS.index("X"), np.where(org == 11, 0, org))
    area = np.array([[int(d) for d in code] for code in adcodes], dtype=np.int64).reshape(n, 6)
    head = np.column_stack([np.full(n, 9), np.full(n, 1), area, body, org])
    check = (31 - (head * np.array(USCC_WEIGHTS)).sum(axis=1) % 31) % 31
    chars = np.array(list(USCC_CHARS))[np.column_stack([head, check])]
    return np.array(["".join(row) for row in chars], dtype=object)


def firm_names(prefixes: np.ndarray, industries: np.ndarray, rng) -> np.ndarray:
    """<place><two trade characters><industry word><form>, like names.company_names; may repeat (callers redraw)."""
    n, k = len(prefixes), len(TRADE_CHARS)
    first = rng.integers(0, k, n)
    second = (first + 1 + rng.integers(0, k - 1, n)) % k
    trade = np.array(TRADE_CHARS, dtype=object)
    words = [INDUSTRY_WORDS.get(i, ("实业",)) for i in industries]
    word = np.array([w[int(u * len(w))] for w, u in zip(words, rng.random(n))], dtype=object)
    form = np.array(COMPANY_FORMS, dtype=object)[rng.integers(0, len(COMPANY_FORMS), n)]
    return np.asarray(prefixes, dtype=object) + trade[first] + trade[second] + word + form


def _clashes(ids: np.ndarray, names: np.ndarray, used_ids: set, used_names: set) -> np.ndarray:
    """Entries whose code or name is taken already, by the register or an earlier entry."""
    clash = np.zeros(len(ids), dtype=bool)
    for k, (code, name) in enumerate(zip(ids, names)):
        if code in used_ids or name in used_names:
            clash[k] = True
        else:
            used_ids.add(code)
            used_names.add(name)
    return clash


def new_register(inputs: Inputs, counts: pd.Series, leading: pd.DataFrame, taken: pd.DataFrame,
                 rng) -> pd.DataFrame:
    """Register rows for counts[adcode] new firms per county: code, name, industry, place (no honours)."""
    codes = np.repeat(counts.index.to_numpy(), counts.to_numpy()).astype(object)
    frame = pd.DataFrame({"adcode": codes})
    frame["industry_code"] = draw_industries(inputs, leading, codes, rng, own_share=0.5)
    ids = credit_codes(codes, rng)
    names = firm_names(_prefixes(inputs, frame["adcode"], rng), frame["industry_code"].to_numpy(), rng)
    for _ in range(50):  # codes and names are unique across the whole register
        clash = _clashes(ids, names, set(taken["enterprise_id"]), set(taken["enterprise_name"]))
        if not clash.any():
            break
        ids[clash] = credit_codes(codes[clash], rng)
        names[clash] = firm_names(_prefixes(inputs, frame.loc[clash, "adcode"], rng),
                                  frame.loc[clash, "industry_code"].to_numpy(), rng)
    else:
        raise AssertionError("could not draw unique credit codes and names")
    frame["enterprise_id"], frame["enterprise_name"] = ids, names
    frame["region_name"] = frame["adcode"].map(inputs.regions["name"])
    frame["lon"], frame["lat"] = scatter(inputs, frame["adcode"], rng)
    return frame


def new_revenue(values: np.ndarray, member: np.ndarray, rng) -> np.ndarray:
    """Firms × YEARS revenue (亿元) of new 规上 firms: output months × a firm ratio, plus months below the line."""
    years = np.array([y for y, _ in MONTHS])
    ratio = rng.uniform(*RATIO, len(values))
    out = []
    for y in YEARS:
        months = years == y
        below = (~member[:, months]).sum(axis=1) * rng.uniform(*BELOW_LINE_MONTH, len(values))
        out.append(values[:, months].sum(axis=1) * ratio + below)
    return np.round(np.column_stack(out), 2)


def small_firm_counts(inputs: Inputs, stock: pd.DataFrame, rows_left: int) -> pd.Series:
    """规下 firms per county: the rows left to the target, one firm per PER_SMALL_FIRM rows, like the 规上 stock."""
    total = max(rows_left, 0) // PER_SMALL_FIRM
    last = stock[MONTHS[-1]].to_numpy()
    return pd.Series(stocks.allocate(total, last), index=inputs.adcodes)


def electricity(county: np.ndarray, n: int, rng) -> np.ndarray:
    """n firms × months of 工业用电量增速（累计）: the county's figure plus noise that averages out per month."""
    noise = rng.normal(0, ELECTRICITY_SD, (n, len(county)))
    noise -= noise.mean(axis=0) if n else 0
    return np.round(np.maximum(county + noise, -100.0), 1)
