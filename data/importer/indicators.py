"""Finding the catalog indicator a file means: by id, by Chinese name however it is written, or by alias.

Statistics tables write one indicator many ways: 规模以上 for 规上, 增长 for 增速, the measure
as （累计）, 1-6月 or 本月, the unit in brackets. Names are compared by a key that folds those
differences; a name that still matches two indicators is reported, never guessed.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass

import duckdb
import pandas as pd

from data.importer import parse

MEASURE_WORDS = {"当月": "当月", "本月": "当月", "累计": "累计", "全年": "全年", "本年": "全年", "年度": "全年"}
MEASURE_RE = re.compile(r"[（(]?(当月|本月|累计|全年|本年|年度)(值|数)?[）)]?")
DIRECTIONS = {"up": "up", "越高越好": "up", "正向": "up", "down": "down", "越低越好": "down", "逆向": "down",
              "none": "none", "无": "none"}
_KEY_RULES = ((re.compile(r"规模以上"), "规上"), (re.compile(r"(同比增长率?|同比增速|增长率|增幅|增长)$"), "增速"),
              (re.compile(r"(个数|数量|数)$"), ""), (re.compile(r"[\s“”\"'‘’·・、/（）()]"), ""))


def name_key(text: str) -> str:
    """The comparison key of an indicator name: 规模以上工业增加值同比增长 → 规上工业增加值增速."""
    key = parse.fold(text)
    for pattern, replacement in _KEY_RULES:
        key = pattern.sub(replacement, key)
    return key


def split_measure(text: str) -> tuple[str, str | None]:
    """'规上工业增加值增速（累计）' → ('规上工业增加值增速', '累计'); a 1—N月 range in the text means 累计."""
    name, _ = parse.split_unit(text)
    period = parse.find_period_text(name)
    measure = None
    if period:
        name = name.replace(period, "")
        if re.search(r"\d\s*[-—–~～至到]\s*\d|上半年|季度", period):
            measure = "累计"
    words = MEASURE_RE.findall(name)
    if words:
        measure = MEASURE_WORDS[words[-1][0]]
        name = MEASURE_RE.sub("", name)
    return name, measure


@dataclass(frozen=True)
class NewIndicator:
    """An indicator a file brings that the catalog lacks, as the user describes it."""
    name: str
    unit: str
    direction: str  # up / down / none
    area: str  # task area id

    @property
    def id(self) -> str:
        # Stable across loads and builds: the same name always gets the same id.
        return "user_" + hashlib.sha1(parse.fold(self.name).encode()).hexdigest()[:10]


class IndicatorLookup:
    """The catalog (plus the user's new indicators) and every way of naming its entries."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.indicators = con.execute("select * from indicator").df().set_index("id")
        self.areas = dict(con.execute("select name, id from area").fetchall())
        aliases = con.execute("select alias, indicator_id from indicator_alias").fetchall()
        self._by_key: dict[tuple[str, str | None], set[str]] = {}
        self.pending: dict[str, NewIndicator] = {}  # defined by the user for this load, not yet in the catalog
        for indicator_id, name in self.indicators["name"].items():
            self._add(name, indicator_id)
        for alias, indicator_id in aliases:
            self._add(alias, indicator_id)

    def _add(self, name: str, indicator_id: str) -> None:
        base, measure = split_measure(name)
        self._by_key.setdefault((name_key(base), measure), set()).add(indicator_id)
        self._by_key.setdefault((name_key(base), None), set()).add(indicator_id)

    def define(self, new: NewIndicator) -> str:
        """Add a user-defined indicator (in memory until its batch is written; monthly until
        set_frequency says otherwise); returns its id. A name the catalog has is refused."""
        try:
            existing = self.find(new.name)
        except parse.CellError:
            existing = None
        if existing is not None and existing != new.id:
            name = self.indicators.at[existing, "name"]
            raise parse.CellError(f"新指标“{new.name}”与目录中的“{name}”同名，请直接映射到该指标")
        if not parse.fold(new.name) or not parse.fold(new.unit):
            raise parse.CellError("新指标须写明名称和单位")
        if new.direction not in ("up", "down", "none"):
            raise parse.CellError(f"新指标“{new.name}”的方向“{new.direction}”应为 up、down 或 none")
        area = self.area_id(new.area)
        if new.id not in self.indicators.index:
            self.indicators.loc[new.id] = pd.Series({
                "area": area, "name": parse.fold(new.name), "unit": new.unit, "direction": new.direction,
                "kind": "value", "clause": "用户定义", "source": "用户导入",
                "definition": f"用户导入时定义的指标：{parse.fold(new.name)}",
                "sort_order": 10_000 + len(self.indicators), "user_defined": True})
            self.set_frequency(new.id, "monthly")
            self.pending[new.id] = new
        self._add(new.name, new.id)
        return new.id

    def set_frequency(self, indicator_id: str, frequency: str) -> None:
        monthly = frequency == "monthly"
        self.indicators.loc[indicator_id, ["frequency", "grain", "measure"]] = \
            [frequency, "C-M" if monthly else "C-Y", "当月" if monthly else "期末"]

    def new_rows(self) -> pd.DataFrame:
        """The catalog rows of this load's new indicators, to insert with its batch."""
        return self.indicators.loc[list(self.pending)].reset_index(names="id")

    def find(self, text: str, *, frequency: str | None = None, cumulative: bool | None = None,
             target: bool = False) -> str:
        """The id of the indicator a cell or header names; raises CellError with a suggestion.

        target: a responsibility target, which a derived indicator (规上企业净增数) may have too.
        """
        raw = parse.fold(text)
        if raw in self.indicators.index:
            return self._importable(raw, target)
        base, measure = split_measure(raw)
        candidates = self._by_key.get((name_key(base), measure)) or set()
        if len(candidates) > 1:
            candidates = self._narrow(candidates, frequency, cumulative)
        if len(candidates) == 1:
            return self._importable(next(iter(candidates)), target)
        if candidates:
            names = "、".join(sorted(self.indicators.loc[list(candidates), "name"]))
            raise parse.CellError(f"“{raw}”可能是 {names}，请在表头注明“当月”或“累计”，或用映射指定")
        raise parse.CellError(f"指标目录中没有“{raw}”{self.suggest(raw)}")

    def _narrow(self, candidates: set[str], frequency: str | None, cumulative: bool | None) -> set[str]:
        meta = self.indicators.loc[sorted(candidates)]
        if frequency:
            meta = meta[meta["frequency"] == frequency]
        if cumulative is not None and len(meta) > 1:
            meta = meta[(meta["measure"] == "累计") == cumulative]
        return set(meta.index) or candidates

    def _importable(self, indicator_id: str, target: bool = False) -> str:
        refused = ("industry", "flag", "category") if target else ("derived", "industry", "flag", "category")
        if self.indicators.at[indicator_id, "kind"] in refused:
            name = self.indicators.at[indicator_id, "name"]
            raise parse.CellError(f"“{name}”不是按县导入的数值指标（由系统计算或另有模板），不能在此导入")
        return indicator_id

    def suggest(self, text: str) -> str:
        names = list(self.indicators["name"])
        near = difflib.get_close_matches(parse.fold(text), names, n=2, cutoff=0.5)
        return f"，是否为“{'”或“'.join(near)}”？" if near else ""

    def area_id(self, text: str) -> str:
        value = parse.fold(text)
        if value in self.areas.values():
            return value
        if value in self.areas:
            return self.areas[value]
        raise parse.CellError(f"未知的任务领域“{value}”，可选：{'、'.join(self.areas)}")
