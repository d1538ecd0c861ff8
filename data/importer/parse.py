"""Cell parsers for imported tables: periods, numbers, units and yes/no, each failing with a reason in Chinese.

They take the cell as typed in a statistics office's table: full-width digits, thousands
separators, footnote marks stuck to numbers (12.3[注1], 45.6*), 预计 qualifiers, 2025年1-6月.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

MISSING = {"", "—", "——", "--", "-", "－", "…", "……", "...", "/", "／", "nan", "None", "无", "空", "x", "X"}
YES = {"是", "Y", "y", "1", "true", "True", "TRUE", "√"}
NO = {"否", "N", "n", "0", "false", "False", "FALSE", "×"}

# Units of one family convert by their scale: value_in_catalog_unit = value × scale[file] / scale[catalog].
UNIT_FAMILIES = (
    {"元": 1, "千元": 1e3, "万元": 1e4, "亿元": 1e8},
    {"%": 1, "‰": 0.1},
    {"个": 1, "家": 1, "户": 1, "座": 1, "项": 1, "处": 1},
    {"人": 1, "位": 1, "万人": 1e4},
    {"亩": 1, "万亩": 1e4},
    {"平方公里": 1, "km²": 1, "km2": 1, "平方千米": 1},
    {"元/亩": 1, "万元/亩": 1e4},
    {"次": 1, "场": 1},
)
KNOWN_UNITS = {u for family in UNIT_FAMILIES for u in family} | {"个/万人", "分", "标记", "类别"}

# Qualifiers and footnote marks, matched on the raw text: NFKC would turn ① into 1 and ¹ into 1.
ESTIMATE_RE = re.compile(r"[（(]?\s*(预计|估计|预估|估算)(数|值)?\s*[）)]?")
FOOTNOTE_END_RE = re.compile(
    r"(\[[^\]]*\]|【[^】]*】|[（(]\s*注[^）)]*[）)]|注\s*\d*|[*＊※#＃△▲]+|[\u2460-\u2473]|[\u00b9\u00b2\u00b3\u2070-\u2079]+)\s*$")
NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class CellError(ValueError):
    """A cell that cannot be read; the message is Chinese and shown to the user."""


def fold(text: object) -> str:
    """Half-width, trimmed text of a cell (line breaks inside a header cell removed)."""
    raw = "" if text is None else str(text)
    return unicodedata.normalize("NFKC", raw).replace("\n", "").replace("\r", "").strip()


# ---------------------------------------------------------------- periods

@dataclass(frozen=True)
class Period:
    start: date  # the month the value is for (the last month of a 1—N月 range), or the year's first day
    frequency: str  # monthly / yearly
    cumulative: bool = False  # written as a 1—N月 range (上半年 = 1—6月)

    def label(self) -> str:
        if self.frequency == "yearly":
            return f"{self.start.year}年"
        if self.cumulative and self.start.month > 1:
            return f"{self.start.year}年1—{self.start.month}月"
        return f"{self.start.year}年{self.start.month}月"


# Named spans of a year, as statistical tables write them: each is 1—N月.
NAMED_SPANS = {"上半年": 6, "一季度": 3, "第一季度": 3, "前三季度": 9, "1季度": 3, "全年": 12}
_DASH = r"\s*[-—–~～至到]\s*"
_MONTH_PATTERNS = (
    (re.compile(rf"^(\d{{4}})年?(\d{{1,2}}){_DASH}(\d{{1,2}})月?$"), "range"),
    (re.compile(r"^(\d{4})年(\d{1,2})月(份)?$"), "month"),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4})(\d{2})$"), "month"),
)
YEAR_RE = re.compile(r"^(\d{4})年?(度)?$")
SPAN_RE = re.compile(r"^(\d{4})年?(上半年|前三季度|第一季度|一季度|1季度|全年)$")
PERIOD_IN_TEXT = re.compile(
    rf"(\d{{4}}年(\d{{1,2}}{_DASH}\d{{1,2}}月|\d{{1,2}}月|上半年|前三季度|第一季度|一季度|全年)?"
    rf"|\d{{1,2}}{_DASH}\d{{1,2}}月|(?<!\d)\d{{1,2}}月|上半年|前三季度|一季度)")


def _month_period(year: int, first: int | None, last: int, name: str) -> Period:
    """A single month (first is None) or a 1—N月 range."""
    if not (2000 <= year <= 2100 and 1 <= last <= 12 and (first is None or 1 <= first <= last)):
        raise CellError(f"无法识别的期别“{name}”")
    if first not in (None, 1):
        raise CellError(f"期别“{name}”不是从1月起的累计，无法对应月度或累计指标")
    return Period(date(year, last, 1), "monthly", cumulative=first is not None and last > 1)


def to_period(text: object, default_year: int | None = None) -> Period:
    """2025年6月 / 2025-06 / 202506 → June 2025; 2025年1-6月 / 2025年上半年 → 1—6月 cumulative; 2025年 → the year."""
    raw = fold(text).replace(" ", "")
    if default_year and re.match(rf"^(\d{{1,2}}({_DASH}\d{{1,2}})?月|上半年|前三季度|第一季度|一季度|全年)$", raw):
        raw = f"{default_year}年{raw}"
    for pattern, kind in _MONTH_PATTERNS:
        match = pattern.match(raw)
        if match:
            year, a = int(match.group(1)), int(match.group(2))
            if kind == "range":
                return _month_period(year, a, int(match.group(3)), raw)
            return _month_period(year, None, a, raw)
    if match := SPAN_RE.match(raw):
        months = NAMED_SPANS[match.group(2)]
        if months == 12:
            return Period(date(int(match.group(1)), 1, 1), "yearly")
        return _month_period(int(match.group(1)), 1, months, raw)
    if (match := YEAR_RE.match(raw)) and 2000 <= int(match.group(1)) <= 2100:
        return Period(date(int(match.group(1)), 1, 1), "yearly")
    raise CellError(f"无法识别的期别“{raw}”，应写作 2025年6月、2025-06、202506、2025年1-6月 或 2025年")


def find_period_text(text: str) -> str | None:
    """The period written inside a title or header (“2025年1-6月全省各县…” → 2025年1-6月), or None."""
    match = PERIOD_IN_TEXT.search(fold(text).replace(" ", ""))
    return match.group(0) if match else None


def year_in(text: str) -> int | None:
    match = re.search(r"(20\d{2})年", fold(text))
    return int(match.group(1)) if match else None


# ---------------------------------------------------------------- numbers

def number_text(text: object) -> str:
    """The number part of a cell: qualifiers, footnote marks, signs and separators removed."""
    raw = ESTIMATE_RE.sub("", "" if text is None else str(text)).strip()
    while (stripped := FOOTNOTE_END_RE.sub("", raw).strip()) != raw:
        raw = stripped
    raw = fold(raw).replace("\u2212", "-").replace(",", "").replace(" ", "")
    return raw.rstrip("%‰")


def to_number(text: object) -> float | None:
    """A number from a cell: 1,234.5 / １２３ / 12.3[注1] / 45.6* / 预计12 / 12.5%; —, -, … or empty is missing."""
    raw = number_text(text)
    if raw in MISSING:
        return None
    if raw.startswith("="):
        raise CellError(f"“{fold(text)}”是公式，文件中没有它的计算结果：请在 Excel 中打开并保存，或改为数值后再导入")
    if not NUMBER_RE.match(raw) or not math.isfinite(value := float(raw)):
        raise CellError(f"“{fold(text)}”不是数值")
    return value


def is_estimate(text: object) -> bool:
    """True when the cell says its figure is 预计/估计."""
    return bool(ESTIMATE_RE.search("" if text is None else str(text)))


def unit_sign(text: object) -> str:
    """% or ‰ when the number is written with the sign (12.5%), else ''."""
    raw = fold(text)
    return raw[-1] if raw.endswith(("%", "‰")) else ""


def to_bool(text: object) -> bool:
    raw = fold(text)
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise CellError(f"“{raw}”应为“是”或“否”")


# ---------------------------------------------------------------- units

def unit_factor(file_unit: object, catalog_unit: str) -> float:
    """Factor that converts a value in the file's unit to the catalog's unit (1 when they agree or none given)."""
    unit = fold(file_unit)
    if unit in ("", catalog_unit):
        return 1.0
    for family in UNIT_FAMILIES:
        if unit in family and catalog_unit in family:
            return family[unit] / family[catalog_unit]
    raise CellError(f"单位“{unit}”无法换算为指标的单位“{catalog_unit}”")


UNIT_IN_HEADER = re.compile(r"[（(]\s*(单位[:：])?\s*([^（）()]+?)\s*[）)]\s*$")
UNIT_LINE = re.compile(r"^\s*(计量)?单位\s*[:：]\s*(.+?)\s*$")


def split_unit(header: str) -> tuple[str, str]:
    """'规上工业总产值（万元）' → ('规上工业总产值', '万元'); a bracket that is not a unit stays in the name."""
    text = fold(header)
    match = UNIT_IN_HEADER.search(text)
    if match and match.group(2) in KNOWN_UNITS:
        return text[: match.start()].strip(), match.group(2)
    return text, ""


def units_of_line(text: str) -> list[str]:
    """'单位：万元、%' → ['万元', '%']; [] when the text is not a unit line."""
    match = UNIT_LINE.match(fold(text))
    if not match:
        return []
    return [u for u in re.split(r"[、,，;；\s]+", match.group(2)) if u in KNOWN_UNITS]
