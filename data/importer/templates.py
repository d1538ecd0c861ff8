"""Import templates: the published file layouts, their Chinese headers and internal column names.

Official files and the demo generator both write these layouts, and the importer reads them,
so the demo exercises the path real figures take. A template is a dataset name, the file
name it is published under, and its columns in order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str  # internal column name (English, carries its unit)
    header: str  # Chinese header printed in the template
    required: bool = True


@dataclass(frozen=True)
class Template:
    dataset: str
    title: str
    file_name: str
    columns: tuple[Column, ...]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def rename_map(self) -> dict[str, str]:
        """Chinese header → internal name."""
        return {c.header: c.name for c in self.columns}


def _t(dataset: str, title: str, *columns: tuple) -> Template:
    return Template(dataset, title, f"{dataset}.csv", tuple(Column(*c) for c in columns))


REGION_COLUMNS = (("adcode", "地区代码", False), ("region_name", "地区名称", False))

TEMPLATES: dict[str, Template] = {t.dataset: t for t in (
    _t("county_values", "县域指标（长表）", *REGION_COLUMNS,
       ("indicator_id", "指标代码", False), ("indicator_name", "指标名称", False),
       ("period", "期别"), ("value", "数值"), ("unit", "单位", False), ("status", "状态", False)),
    _t("responsibility_targets", "责任目标（任务分解）", *REGION_COLUMNS,
       ("indicator_id", "指标代码", False), ("indicator_name", "指标名称", False),
       ("period", "目标年份"), ("value", "目标值"), ("unit", "单位", False)),
    _t("parks", "工业园区", ("park_id", "园区代码"), ("park_name", "园区名称"), *REGION_COLUMNS,
       ("park_kind", "园区类型"), ("parent_park_id", "上级园区代码", False), ("park_level", "级别", False),
       ("planned_area_mu", "规划面积（亩）", False), ("developed_area_mu", "已开发工业用地（亩）"),
       ("lon", "经度", False), ("lat", "纬度", False)),
    _t("park_values", "园区指标", ("park_id", "园区代码"), ("indicator_id", "指标代码"),
       ("period", "期别"), ("value", "数值"), ("unit", "单位", False)),
    _t("enterprises", "企业名录", ("enterprise_id", "统一社会信用代码"), ("enterprise_name", "企业名称"),
       *REGION_COLUMNS, ("industry_code", "行业代码"), ("above_scale", "是否规上", False),
       ("lon", "经度", False), ("lat", "纬度", False)),
    _t("enterprise_values", "企业指标", ("enterprise_id", "统一社会信用代码"), ("indicator_id", "指标代码"),
       ("period", "期别"), ("value", "数值"), ("unit", "单位", False)),
    _t("honours", "企业荣誉", ("enterprise_id", "统一社会信用代码"), ("honour", "荣誉类型"),
       ("tier", "级别"), ("year_awarded", "认定年份")),
    _t("growth_points", "工业增长点", ("project_id", "项目代码"), ("project_name", "项目名称"),
       *REGION_COLUMNS, ("industry_code", "行业代码"), ("expected_output_yi", "预计新增产值（亿元）"),
       ("status", "状态"), ("start_month", "投产月份", False), ("lon", "经度", False), ("lat", "纬度", False)),
    _t("growth_point_reports", "增长点月度报送", ("project_id", "项目代码"), ("period", "期别"),
       ("reported", "是否报送")),
    _t("leading_industries", "主导产业", *REGION_COLUMNS, ("year", "年份"), ("rank", "序号"),
       ("industry_code", "行业代码")),
    _t("villages", "行政村5G与光纤", ("village_code", "村代码"), ("village_name", "行政村名称"), *REGION_COLUMNS,
       ("township", "乡镇"), ("year", "年份"), ("has_5g", "是否通5G"), ("natural_villages", "自然村数"),
       ("fibre_natural_villages", "光纤通达自然村数")),
)}

# Load order: records before the values that refer to them.
LOAD_ORDER = ("parks", "enterprises", "county_values", "responsibility_targets", "park_values", "enterprise_values",
              "honours", "growth_points", "growth_point_reports", "leading_industries", "villages")
