"""Cell parsers for imported tables: periods, numbers, units and yes/no, each failing with a reason."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

MISSING = {"", "—", "--", "-", "…", "...", "nan", "None", "无"}
YES = {"是", "Y", "y", "1", "true", "True", "TRUE"}
NO = {"否", "N", "n", "0", "false", "False", "FALSE"}

# Unit → (catalog unit, factor that turns the file's unit into the catalog's).
UNIT_FACTORS = {
    ("元", "亿元"): 1e-8, ("万元", "亿元"): 1e-4, ("亿元", "万元"): 1e4, ("元", "万元"): 1e-4,
    ("‰", "%"): 0.1, ("个", "家"): 1.0, ("家", "个"): 1.0,
}


class CellError(ValueError):
    """A cell that cannot be read; the message is Chinese and shown to the user."""


@dataclass(frozen=True)
class Period:
    start: date
    frequency: str  # monthly / yearly

    def label(self) -> str:
        if self.frequency == "yearly":
            return f"{self.start.year}年"
        return f"{self.start.year}年{self.start.month}月"


_PATTERNS = (
    (re.compile(r"^(\d{4})年(\d{1,2})月$"), "monthly"),
    (re.compile(r"^(\d{4})[-/.](\d{1,2})$"), "monthly"),
    (re.compile(r"^(\d{4})(\d{2})$"), "monthly"),
    (re.compile(r"^(\d{4})年?$"), "yearly"),
)


def fold(text: object) -> str:
    """Half-width, trimmed text of a cell."""
    return unicodedata.normalize("NFKC", "" if text is None else str(text)).strip()


def to_period(text: object) -> Period:
    """2025年6月 / 2025-06 / 202506 → June 2025; 2025年 / 2025 → the year 2025."""
    raw = fold(text)
    for pattern, frequency in _PATTERNS:
        match = pattern.match(raw)
        if not match:
            continue
        year = int(match.group(1))
        month = int(match.group(2)) if frequency == "monthly" else 1
        if not 2000 <= year <= 2100 or not 1 <= month <= 12:
            break
        return Period(date(year, month, 1), frequency)
    raise CellError(f"无法识别的期别“{raw}”，应写作 2025年6月、2025-06、202506 或 2025年")


def to_number(text: object) -> float | None:
    """A number from a cell: thousands separators and full-width digits allowed; —, - or empty is missing."""
    raw = fold(text).replace(",", "").replace(" ", "")
    if raw in MISSING:
        return None
    try:
        return float(raw)
    except ValueError:
        raise CellError(f"“{raw}”不是数值") from None


def to_bool(text: object) -> bool:
    raw = fold(text)
    if raw in YES:
        return True
    if raw in NO:
        return False
    raise CellError(f"“{raw}”应为“是”或“否”")


def unit_factor(file_unit: object, catalog_unit: str) -> float:
    """Factor that converts a value in the file's unit to the catalog's unit (1 when they agree or none given)."""
    unit = fold(file_unit)
    if unit in ("", catalog_unit):
        return 1.0
    if (unit, catalog_unit) in UNIT_FACTORS:
        return UNIT_FACTORS[(unit, catalog_unit)]
    raise CellError(f"单位“{unit}”无法换算为指标的单位“{catalog_unit}”")
