"""What a table column is by its header alone: indicator, period, value, unit, status, a column to skip, or a
level of the region hierarchy (省, 市州, 县（市、区）…) standing beside the county column.

Headers are compared without spaces and in half-width (mapping_key), as the user's --map names are.
"""

from __future__ import annotations

import re

from data.importer import parse

# Text columns that name a level of the hierarchy beside the county column (省, 市, 县（市、区）…): never indicators.
HIERARCHY_RE = re.compile(r"^(所属)?(省|省份|省区|省名|市|地市|市州|地市州|州市|市\(州\)|地区|市州名称|地区名称|"
                          r"县|县区|区县|县市区|县\(市、?区\)|县\(市\)|县级|乡镇|街道|乡镇街道|行政区|行政区划|"
                          r"区划|区划名称|城市)(名称|代码|编码|名)?$")
ROLE_PATTERNS = (  # checked in order on the header with spaces removed
    ("indicator", re.compile(r"^(指标|指标名称|指标代码|指标项|项目)$")),
    ("period", re.compile(r"^(期别|时间|期间|月份|年月|统计期|报告期|年份|年度|日期|统计时间)$")),
    ("value", re.compile(r"^(数值|值|数据|指标值|本期|本期值)$")),
    ("unit", re.compile(r"^(计量)?单位$")),
    ("status", re.compile(r"^(状态|数据状态)$")),
    ("ignore", re.compile(r"^(序号|排名|排序|位次|名次|序|备注|说明)$|(位次|排名|排位)$")),
    ("hierarchy", HIERARCHY_RE),
)


def mapping_key(text: str) -> str:
    return re.sub(r"\s+", "", parse.fold(text))


def column_role(parts: list[str]) -> str | None:
    header = mapping_key("".join(parts))
    return next((role for role, pattern in ROLE_PATTERNS if pattern.match(header)), None)


WIDE_ROLE_NAMES = {"period": "期别", "status": "状态", "hierarchy": "地区层级（忽略）"}
ROLE_NAMES = {"indicator": "指标", "period": "期别", "value": "数值", "unit": "单位", "status": "状态",
              "ignore": "忽略", "hierarchy": "地区层级（忽略）", None: "未识别（忽略）"}
