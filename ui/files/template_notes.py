"""What the import templates tell the people who fill them in: each column's note and example, fixed choices.

The layouts live in data/importer/templates.py; every column of every template must have a note here
(template_xlsx checks it at import).
"""

from __future__ import annotations

from collections.abc import Iterable

from data.importer.templates import Column, Template

PERIOD_EXAMPLES = ("2025年6月", "2025-06", "202506", "2025年1-6月", "2025年")
YES_NO = ("是", "否")

# Internal column name → (说明, 示例). "dataset.column" overrides where one name means different things.
COLUMN_NOTES: dict[str, tuple[str, str]] = {
    "adcode": ("6 位行政区划代码；与地区名称至少填一项", "420281"),
    "region_name": ("县（市、区）名称；与地区代码至少填一项。大冶、大冶市等常见写法都能识别", "大冶市"),
    "indicator_id": ("指标目录中的指标代码，可从下拉列表选择", "park_output_yi"),
    "county_values.indicator_id": ("指标目录中的指标代码；与指标名称至少填一项", "output_yi"),
    "indicator_name": ("指标目录中的指标名称，须与目录一致，可从下拉列表选择", "规上工业总产值（当月）"),
    "period": ("统计期别：月度写作 2025年6月、2025-06 或 202506，1—N月累计写作 2025年1-6月，年度写作 2025年；"
               "须与指标的统计频率一致", "2025年6月"),
    "growth_point_reports.period": ("报送月份，写作 2025年6月、2025-06 或 202506", "2025年6月"),
    "value": ("只填数字，不带单位；缺失留空", "123.45"),
    "unit": ("数值的单位；留空即按指标目录的单位，万元、元等常见单位会自动换算", "亿元"),
    "county_values.status": ("数据状态：初步 或 最终；留空视为最终", "最终"),
    "park_id": ("园区唯一代码，各表引用同一园区时须一致", "P420281001"),
    "park_name": ("园区全称", "大冶经济开发区"), "park_kind": ("园区类型：综合 或 化工", "综合"),
    "parent_park_id": ("所属上级园区的园区代码（一区多园时填写）；无则留空", "P420281001"),
    "park_level": ("园区级别，如 国家级、省级", "省级"),
    "planned_area_mu": ("规划面积，单位：亩", "6500"),
    "developed_area_mu": ("已开发工业用地面积，单位：亩，应为正数", "3200"),
    "lon": ("经度（十进制度），如无留空", "114.974755"), "lat": ("纬度（十进制度），如无留空", "30.098804"),
    "enterprise_id": ("18 位统一社会信用代码；企业须已在企业名录中", "91420281MA4XXXXXXX"),
    "enterprises.enterprise_id": ("18 位统一社会信用代码", "91420281MA4XXXXXXX"),
    "enterprise_name": ("企业全称", "湖北某某机械有限公司"),
    "industry_code": ("国民经济行业分类（GB/T 4754-2017）制造业大类代码 C13–C43", "C34"),
    "above_scale": ("是否规模以上工业企业：是 或 否", "是"),
    "honour": ("荣誉类型，与级别的组合须在荣誉目录中", "专精特新中小企业"),
    "tier": ("荣誉级别，如 国家级、省级", "省级"), "year_awarded": ("认定年份，4 位数字", "2024"),
    "project_id": ("项目唯一代码，月度报送时引用", "G4202810001"),
    "project_name": ("项目名称", "大冶某某技改扩能项目"),
    "expected_output_yi": ("预计新增产值，单位：亿元，不得为负", "3.5"),
    "growth_points.status": ("项目状态：在建、投产 或 达效", "在建"),
    "start_month": ("投产月份，写作 2025年6月；未投产留空", "2025年6月"),
    "reported": ("当月是否报送：是 或 否", "是"),
    "year": ("年份，4 位数字", "2025"), "rank": ("主导产业序号，1 为第一主导产业", "1"),
    "villages.year": ("统计年份，4 位数字：该年末的通达情况", "2025"),
    "village_code": ("12 位统计用区划代码，前 6 位为所在县（市、区）的行政区划代码", "420281101201"),
    "village_name": ("行政村（社区）名称", "铜山口村"), "township": ("所属乡镇（街道）", "金山店镇"),
    "has_5g": ("行政村是否已通5G：是 或 否", "是"),
    "natural_villages": ("该行政村下辖的自然村数，不得为负", "6"),
    "fibre_natural_villages": ("其中光纤有效通达的自然村数，不超过自然村数", "5"),
}

# Columns the importer accepts only fixed values for, in the order the drop-down shows them.
CHOICES: dict[str, tuple[str, ...]] = {
    "county_values.status": ("初步", "最终"), "growth_points.status": ("在建", "投产", "达效"),
    "park_kind": ("综合", "化工"), "above_scale": YES_NO, "reported": YES_NO, "has_5g": YES_NO,
}


def lookup(table: dict, template: Template, column: Column):
    return table.get(f"{template.dataset}.{column.name}", table.get(column.name))


def column_note(template: Template, column: Column) -> tuple[str, str]:
    """(说明, 示例) of a template column; raises KeyError when the column is undocumented."""
    note = lookup(COLUMN_NOTES, template, column)
    if note is None:
        raise KeyError(f"template {template.dataset!r} column {column.name!r} ({column.header}) has no "
                       f"description: add it to COLUMN_NOTES in ui/files/template_notes.py")
    return note


def check_notes(templates: Iterable[Template]) -> None:
    """Raise KeyError if any column of these templates lacks a description."""
    for template in templates:
        for column in template.columns:
            column_note(template, column)
