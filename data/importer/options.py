"""What a user tells an import beyond the file: sheet, period, column mappings, new indicators, valid rows only.

The 数据管理 page builds these from its widgets; the command line parses them from its flags.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from data.importer import parse
from data.importer.indicators import DIRECTIONS, NewIndicator


class BadOption(ValueError):
    """An option written so it cannot be read; the message is Chinese."""


@dataclass(frozen=True)
class Mapping:
    """What the user says a column (or an indicator name in a long table) is: an indicator, or None to skip."""
    indicator: str | None
    unit: str = ""


@dataclass
class Options:
    sheet: str | None = None
    period: str | None = None
    mappings: dict[str, Mapping] = field(default_factory=dict)
    new_indicators: tuple[NewIndicator, ...] = ()
    valid_only: bool = False
    list_name: str | None = None  # the file is a named list (名单) of parks or enterprises
    list_kind: str | None = None  # 园区 / 企业 (or park / enterprise); None: recognised from the headers
    assigned: dict[str, str] = field(default_factory=dict)  # an editor's placements: name key → adcode
    as_targets: bool = False  # the file holds responsibility targets (任务分解), whatever its title says


def parse_mapping(text: str) -> tuple[str, Mapping]:
    """'规上总产值（万元）=output_yi:万元' → the column and what it is; '列=-' skips the column."""
    if "=" not in text:
        raise BadOption(f"映射“{text}”应写作 列名=指标[:单位]")
    column, target = (part.strip() for part in text.split("=", 1))
    indicator, _, unit = target.rpartition(":") if target.rpartition(":")[2] in parse.KNOWN_UNITS else (target, "", "")
    if indicator in ("-", "忽略", ""):
        return column, Mapping(None)
    return column, Mapping(indicator, unit)


def parse_new(text: str) -> NewIndicator:
    """'技改项目数:个:up:growth' (名称:单位:方向:领域) → a new indicator for this load."""
    parts = [p.strip() for p in text.split(":")]
    if len(parts) != 4 or not all(parts):
        raise BadOption(f"新指标“{text}”应写作 名称:单位:方向:领域，如 技改项目数:个:up:growth")
    name, unit, direction, area = parts
    if direction not in DIRECTIONS:
        raise BadOption(f"方向“{direction}”应为 up（越高越好）、down（越低越好）或 none")
    return NewIndicator(name, unit, DIRECTIONS[direction], area)


def parse_kind(text: str | None) -> str | None:
    """'园区' / 'park' / '企业' / 'enterprise' → 园区 or 企业; None lets the headers tell."""
    if text is None:
        return None
    kinds = {"园区": "园区", "park": "园区", "企业": "企业", "enterprise": "企业"}
    if text.strip() not in kinds:
        raise BadOption(f"名单类型“{text}”应为 园区 或 企业")
    return kinds[text.strip()]
