"""The 强县工程 assessment's rules (方案三(一)): checked and saved as numbered versions; and the key-county list.

The scores themselves are computed in SQL (data/warehouse/schema/6*_assessment_*.sql, queries/assess/):
a saved version never changes, so scoring with the version in force at any moment reproduces
what was shown then. Saving writes through data/edit.working_copy, like loads and snapshots.
The key-county list (重点县, 能进能出) is a pure function of the monthly ranks.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

import settings
from data import audit
from data.actor import Actor, NotPermitted, require_province_wide
from data.warehouse import edit

RULES_CSV = settings.CATALOG_DIR / "assessment_rules.csv"
METHODS = ("minmax", "rank", "target")
RULE_COLUMNS = ["indicator_id", "weight", "method", "target_value", "floor_points", "cap_points", "clause"]
MAX_CAP = 150.0  # a cap above 100 lets a county earn a bonus for beating a target, within reason
MAX_NOTE = 200

NEXT_ID = "select coalesce(max(version_id), 0) + 1 from assessment_version"
LATEST_RULES = """
select indicator_id, weight, method, target_value, floor_points, cap_points, clause
from assessment_rule
where version_id = (select max(version_id) from assessment_version)
order by indicator_id
"""
KNOWN = "select id from indicator where direction in ('up', 'down')"
INSERT_VERSION = """
insert into assessment_version (version_id, created_at, created_by, note)
values ($id, $created_at, $created_by, $note)
"""
INSERT_RULES = "insert into assessment_rule by name select $id as version_id, * from staged_rules"


class RulesRefused(Exception):
    """Rules that cannot be saved; the message is Chinese and names the indicator."""


def default_rules() -> pd.DataFrame:
    """Version 1 as documented in data/warehouse/catalog/assessment_rules.csv (with each weight's rationale)."""
    frame = pd.read_csv(RULES_CSV, dtype={"indicator_id": str, "method": str, "clause": str})
    return frame.astype({c: float for c in ("weight", "target_value", "floor_points", "cap_points")})


def _number(value) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value) \
        else float(value)


def check(rules: pd.DataFrame, known: set[str]) -> pd.DataFrame:
    """The rules as they will be stored, or RulesRefused with every problem in Chinese."""
    rules = rules[RULE_COLUMNS].copy()
    rules = rules[rules["indicator_id"].notna() & (rules["indicator_id"].astype(str).str.strip() != "")]
    problems = []
    if rules.empty:
        raise RulesRefused("评分细则至少需要一项指标。")
    duplicated = rules["indicator_id"][rules["indicator_id"].duplicated()].unique()
    problems += [f"指标 {i} 出现了不止一次。" for i in duplicated]
    for _, rule in rules.iterrows():
        problems += _rule_problems(rule, known)
    if not problems and sum(_number(w) or 0 for w in rules["weight"]) <= 0:
        problems.append("权重合计须大于 0。")
    if problems:
        raise RulesRefused("\n".join(problems))
    for column in ("weight", "target_value", "floor_points", "cap_points"):
        rules[column] = [_number(v) for v in rules[column]]
    rules["clause"] = rules["clause"].fillna("—").astype(str).str.strip().replace("", "—")
    rules.loc[rules["method"] != "target", "target_value"] = None
    return rules.sort_values("indicator_id").reset_index(drop=True)


def _rule_problems(rule: pd.Series, known: set[str]) -> list[str]:
    """What is wrong with one rule, in Chinese."""
    name = rule["indicator_id"]
    weight, floor, cap = (_number(rule[c]) for c in ("weight", "floor_points", "cap_points"))
    target = _number(rule["target_value"])
    problems = []
    if name not in known:
        problems.append(f"{name}：指标目录中没有这项可排序（有方向）的指标。")
    if rule["method"] not in METHODS:
        problems.append(f"{name}：计分方法须为 最小—最大、名次 或 目标达成。")
    if weight is None or weight < 0:
        problems.append(f"{name}：权重须为不小于 0 的数。")
    if floor is None or cap is None or not 0 <= floor < cap <= MAX_CAP:
        problems.append(f"{name}：须 0 ≤ 保底分 < 封顶分 ≤ {MAX_CAP:.0f}。")
    if rule["method"] == "target" and (target is None or target == 0):
        problems.append(f"{name}：按目标达成计分须填写不为 0 的目标值。")
    return problems


def clean_note(note: str) -> str:
    """The version's note as stored: what changed and why, one line, at most MAX_NOTE characters."""
    note = unicodedata.normalize("NFC", (note or "").strip())
    if not note:
        raise RulesRefused("请写明本次调整的内容和理由（将记入版本记录）。")
    if any(unicodedata.category(c).startswith("C") for c in note) or len(note) > MAX_NOTE:
        raise RulesRefused(f"说明须为一行、最多 {MAX_NOTE} 个字。")
    return note


def save_version(rules: pd.DataFrame, *, note: str, by: str | Actor) -> int:
    """Save the rules as a new version, in force from now; returns its number.

    Every county is scored by them: a province-wide editor or an admin only (data/actor), checked here.
    """
    try:
        actor = require_province_wide(by, "修改强县考核评分细则")
    except NotPermitted as refused:
        raise RulesRefused(str(refused)) from None
    note = clean_note(note)
    with edit.working_copy(publish=True) as work:
        con = work.con
        rules = check(rules, {r[0] for r in con.execute(KNOWN).fetchall()})
        latest = con.execute(LATEST_RULES).df()
        if _same(latest, rules):
            raise RulesRefused("与现行版本完全相同，未保存新版本。")
        version_id = con.execute(NEXT_ID).fetchall()[0][0]
        con.execute(INSERT_VERSION, {"id": version_id, "created_at": datetime.now().replace(microsecond=0),
                                     "created_by": actor.name, "note": note})
        con.register("staged_rules", rules)
        con.execute(INSERT_RULES, {"id": version_id})
        con.unregister("staged_rules")
    audit.record("rules_saved", actor, f"第 {version_id} 版：{note}")
    return version_id


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    if len(a) != len(b):
        return False
    left, right = (f[RULE_COLUMNS].sort_values("indicator_id").reset_index(drop=True) for f in (a, b))
    return left.astype(object).where(left.notna(), None).equals(right.astype(object).where(right.notna(), None))


@dataclass(frozen=True)
class KeyListRule:
    """能进能出: top `enter_top` for `periods` months running enters; bottom `exit_bottom` as long leaves."""
    enter_top: int = 20
    exit_bottom: int = 40
    periods: int = 3


def key_list(history: pd.DataFrame, rule: KeyListRule) -> pd.DataFrame:
    """The key-county list month by month from monthly ranks (month, adcode, rank, ranked_count).

    The list starts as the top `enter_top` of the first month. Returns one row per month and county
    on the list or leaving it: month, adcode, on_list (after the month's changes) and event
    (首批 / 进入 / 退出 / None).
    """
    ranks = history.pivot(index="month", columns="adcode", values="rank").sort_index()
    counts = history.groupby("month")["ranked_count"].max().reindex(ranks.index)
    top = ranks.le(rule.enter_top)
    bottom = ranks.gt(counts - rule.exit_bottom, axis=0)
    top_run, bottom_run = _runs(top), _runs(bottom)
    rows, members = [], set()
    for i, month in enumerate(ranks.index):
        if i == 0:
            members = set(top.columns[top.iloc[0]])
            rows += [(month, a, True, "首批") for a in sorted(members)]
            continue
        entering = {a for a in top.columns[top_run.iloc[i] >= rule.periods] if a not in members}
        leaving = {a for a in bottom.columns[bottom_run.iloc[i] >= rule.periods] if a in members}
        members = (members | entering) - leaving
        rows += [(month, a, a in members, "进入" if a in entering else "退出" if a in leaving else None)
                 for a in sorted(members | leaving)]
    return pd.DataFrame(rows, columns=["month", "adcode", "on_list", "event"])


def _runs(flags: pd.DataFrame) -> pd.DataFrame:
    """For each month and county, how many months in a row up to it the flag has held."""
    held = flags.fillna(False).to_numpy(dtype=bool)
    runs = np.zeros(held.shape, dtype=int)
    for i in range(len(held)):  # months: a few dozen; counties stay vectorised
        runs[i] = np.where(held[i], (runs[i - 1] if i else 0) + 1, 0)
    return pd.DataFrame(runs, index=flags.index, columns=flags.columns)
