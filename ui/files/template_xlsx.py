"""Import templates as Excel workbooks: filling instructions, a data sheet with drop-downs, and the option lists.

The layouts themselves live in data/importer/templates.py; this module only dresses them for people who fill
them in by hand. Callers pass regions and indicators in, so nothing here touches the warehouse.
"""

from __future__ import annotations

import argparse
import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

import settings
from data.importer.templates import TEMPLATES, Column, Template
from ui.style import theme

INSTRUCTIONS, DATA, OPTIONS = "填写说明", "数据", "选项"
LAST_ROW = 5000  # drop-downs reach this far: more rows than one hand-filled table needs, no cells created
# Text format: Excel would drop leading zeros of codes and turn 2025-06 into a date the importer cannot read.
TEXT_COLUMNS = {"adcode", "enterprise_id", "industry_code", "park_id", "parent_park_id", "project_id",
                "period", "start_month", "village_code"}
PERIOD_EXAMPLES = ("2025年6月", "2025-06", "202506", "2025年1-6月", "2025年")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor=theme.SEQUENTIAL[0].lstrip("#"))
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


@dataclass(frozen=True)
class Choice:
    """One drop-down: the list it offers and whether other entries are refused or only warned about."""
    values: tuple[str, ...]
    strict: bool
    prompt: str
    error: str


def _lookup(table: dict, template: Template, column: Column):
    return table.get(f"{template.dataset}.{column.name}", table.get(column.name))


def column_note(template: Template, column: Column) -> tuple[str, str]:
    """(说明, 示例) of a template column; raises KeyError when the column is undocumented."""
    note = _lookup(COLUMN_NOTES, template, column)
    if note is None:
        raise KeyError(f"template {template.dataset!r} column {column.name!r} ({column.header}) has no "
                       f"description: add it to COLUMN_NOTES in ui/files/template_xlsx.py")
    return note


def check_notes(templates: Iterable[Template]) -> None:
    """Raise KeyError if any column of these templates lacks a description."""
    for template in templates:
        for column in template.columns:
            column_note(template, column)


# At import, so a template added to data/importer/templates.py without a description fails every build and test.
check_notes(TEMPLATES.values())


def _width(text: str) -> int:
    """Display width in Excel character units: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def _header_row(ws: Worksheet, row: int, values: list[str]) -> None:
    for col, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=col, value=value)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL


def _fit_columns(ws: Worksheet, columns: list[list[str]], cap: int = 60) -> None:
    """Column widths from the longest text in each column, capped so a long note wraps off-screen, not the sheet."""
    for i, texts in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(cap, max(8, *map(_width, texts)) + 2)


def _instructions(wb: Workbook, title: str, rules: list[str], table: list[list[str]]) -> None:
    """The 填写说明 sheet: title, numbered rules, then one row per column of the data sheet."""
    ws = wb.active
    ws.title = INSTRUCTIONS
    ws["A1"] = f"导入模板：{title}"
    ws["A1"].font = Font(bold=True, size=14, color=theme.PRIMARY.lstrip("#"))
    for i, rule in enumerate(rules, start=1):
        ws.cell(row=i + 2, column=1, value=f"{i}. {rule}")  # overflows into the empty cells to its right
    first = len(rules) + 4
    _header_row(ws, first, ["列名", "必填", "说明", "示例"])
    for offset, row in enumerate(table, start=1):
        for col, value in enumerate(row, start=1):
            ws.cell(row=first + offset, column=col, value=value)
    _fit_columns(ws, [[h, *(r[i] for r in table)] for i, h in enumerate(["列名", "必填", "说明", "示例"])])


def _rules(template: Template) -> list[str]:
    """General filling rules, with the region and unit rules only where the template has those columns."""
    names = {c.name for c in template.columns}
    monthly, dashed, compact, cumulative, yearly = PERIOD_EXAMPLES
    rules = [f"一个文件只装一个数据集：本文件只填写「{template.title}」，其他数据请使用对应的模板。",
             f"在「{DATA}」工作表填写，从第 2 行起每行一条记录；第 1 行表头须保持原样，不要改名或删除。"]
    if "period" in names:
        rules.append(f"期别：月度数据写作 {monthly}、{dashed} 或 {compact}；1—N月累计数写作 {cumulative}；"
                     f"年度数据写作 {yearly}。")
    rules.append("数值只填数字，不带单位" + ("；单位写在「单位」列，留空即按指标目录的单位。" if "unit" in names
                                           else "；单位见表头括号。"))
    if "adcode" in names:
        rules.append("地区：填写地区代码或地区名称，任填其一；常见写法（如 大冶、大冶市）都能识别。")
    rules += ["代码与期别列已设为文本格式，请勿改为数值或日期，以免丢失前导零或被改写。",
              "带下拉箭头的列请从列表中选择；地区名称也可填写列表以外的常见写法。",
              "保存为 Excel（.xlsx），或另存为 CSV（UTF-8 或 GBK 编码）后导入。",
              "演示数据只用于演示，切勿混入要导入的正式数据。"]
    return rules


def _choices(template: Template, regions: list[tuple[str, str]],
             indicators: list[tuple[str, str, str]]) -> dict[str, Choice]:
    """Drop-downs of a template keyed by internal column name; empty lists are left out."""
    lists = {"region_name": Choice(tuple(n for _, n in regions), False, "从列表选择，或填写其他常见写法（如 大冶）",
                                   "列表中没有这个名称。导入时会按常见写法识别，无法识别的会在导入检查中列出。"),
             "indicator_name": Choice(tuple(n for _, n, _ in indicators), True, "从列表选择指标目录中的指标名称",
                                      "请从下拉列表选择指标目录中的指标名称。"),
             "indicator_id": Choice(tuple(i for i, _, _ in indicators), True, "从列表选择指标目录中的指标代码",
                                    "请从下拉列表选择指标目录中的指标代码。")}
    out = {}
    for column in template.columns:
        fixed = _lookup(CHOICES, template, column)
        choice = (Choice(fixed, True, f"可选：{'、'.join(fixed)}", f"只能填写：{'、'.join(fixed)}。")
                  if fixed else lists.get(column.name))
        if choice and choice.values:
            out[column.name] = choice
    return out


def _validation(options: Worksheet, slot: int, header: str, choice: Choice) -> DataValidation:
    """Write the list into column `slot` of the options sheet and return a validation that refers to it."""
    letter = get_column_letter(slot)
    options.cell(row=1, column=slot, value=header)
    for row, value in enumerate(choice.values, start=2):
        options.cell(row=row, column=slot, value=value)
    # A range on a sheet, not an inline list: Excel caps inline lists at 255 characters.
    formula = f"{quote_sheetname(OPTIONS)}!${letter}$2:${letter}${len(choice.values) + 1}"
    return DataValidation(type="list", formula1=formula, allow_blank=True, showDropDown=False,
                          showErrorMessage=True, errorStyle="stop" if choice.strict else "warning",
                          errorTitle=f"{header}不在列表中", error=choice.error,
                          showInputMessage=True, promptTitle=header, prompt=choice.prompt)


def _data_sheet(ws: Worksheet, headers: list[str], rows: list[list[str]], text_cols: set[int],
                lists: dict[int, tuple[str, ...]] | None = None, freeze: str = "A2") -> None:
    """Header row (bold, filled, frozen), then the rows as given; text columns keep codes as typed."""
    _header_row(ws, 1, headers)
    ws.freeze_panes = freeze
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value if value != "" else None)
            if c in text_cols:
                cell.number_format = "@"
    for c in text_cols:
        ws.column_dimensions[get_column_letter(c)].number_format = "@"  # cells typed in later
    # Widths follow the examples and the drop-down values, so a chosen indicator name is readable.
    _fit_columns(ws, [[h, *(str(r[i]) for r in rows[:200] if i < len(r)), *(lists or {}).get(i + 1, ())]
                      for i, h in enumerate(headers)], cap=40)


def _to_bytes(wb: Workbook) -> bytes:
    wb.save(buffer := io.BytesIO())
    return buffer.getvalue()


def to_xlsx(template: Template, *, regions: list[tuple[str, str]], indicators: list[tuple[str, str, str]],
            examples: list[list[str]] | None = None) -> bytes:
    """A template as an xlsx workbook: 填写说明, 数据 (header, examples, drop-downs) and the hidden 选项 lists."""
    check_notes([template])
    if any(len(row) != len(template.columns) for row in examples or []):
        raise ValueError(f"every example row of {template.dataset} needs {len(template.columns)} cells")
    wb = Workbook()
    table = [[c.header, "是" if c.required else "否", *column_note(template, c)] for c in template.columns]
    _instructions(wb, template.title, _rules(template), table)
    ws, options = wb.create_sheet(DATA), wb.create_sheet(OPTIONS)
    options.sheet_state = "hidden"
    choices = _choices(template, regions, indicators)
    listed = [(i, c) for i, c in enumerate(template.columns, start=1) if c.name in choices]
    text_cols = {i for i, c in enumerate(template.columns, start=1) if c.name in TEXT_COLUMNS}
    _data_sheet(ws, template.headers, [list(row) for row in examples or []], text_cols,
                {i: choices[c.name].values for i, c in listed})
    for slot, (i, column) in enumerate(listed, start=1):
        dv = _validation(options, slot, column.header, choices[column.name])
        dv.add(f"{get_column_letter(i)}2:{get_column_letter(i)}{LAST_ROW}")
        ws.add_data_validation(dv)
    return _to_bytes(wb)


def to_wide_xlsx(*, regions: list[tuple[str, str]], indicators: list[tuple[str, str, str]],
                 period_label: str) -> bytes:
    """The wide county template: one row per county (prefilled), one column per indicator, one period."""
    wb = Workbook()
    rules = ["每行一个县（市、区），已预填全部地区代码、名称和期别；每列一个指标。",
             "表头括号中是该指标的单位，数值按此单位只填数字；没有数据的单元格留空。",
             f"期别已填 {period_label}；同一行的指标须是同一期别、同一统计频率（月度或年度）。",
             f"在「{DATA}」工作表填写；表头须保持原样，不要改名或删除；不填的指标整列留空即可。",
             "地区代码与期别列为文本格式，请勿改为数值或日期。",
             "保存为 Excel（.xlsx），或另存为 CSV（UTF-8 或 GBK 编码）后导入。",
             "演示数据只用于演示，切勿混入要导入的正式数据。"]
    fixed = [("地区代码", "6 位行政区划代码（已预填）"), ("地区名称", "县（市、区）名称（已预填）"),
             ("期别", f"统计期别（已预填 {period_label}）")]
    table = [[h, "是", note, ""] for h, note in fixed]
    headers = ["地区代码", "地区名称", "期别", *(f"{n}（{u}）" for _, n, u in indicators)]
    table += [[h, "否", f"指标代码 {i}；单位：{u}", ""] for h, (i, _, u) in zip(headers[3:], indicators)]
    _instructions(wb, "县域指标（宽表）", rules, table)
    ws = wb.create_sheet(DATA)
    # Frozen at D2: code, name and period stay in view while scrolling across the indicators.
    _data_sheet(ws, headers, [[code, name, period_label] for code, name in regions], {1, 3}, freeze="D2")
    return _to_bytes(wb)


def write_all(out_dir: Path, period_label: str) -> list[Path]:
    """Write one workbook per template plus the wide county template; returns the paths written."""
    from geo.registry import regions as registry_regions  # the CLI's only need for the registry

    out_dir.mkdir(parents=True, exist_ok=True)
    regions = [(r.adcode, r.name) for r in registry_regions()]
    with open(settings.CATALOG_DIR / "indicators.csv", encoding="utf-8", newline="") as f:
        # Derived indicators are computed from others and the importer refuses them.
        catalog = [(r["id"], r["name"], r["unit"], r["frequency"]) for r in csv.DictReader(f) if r["kind"] != "derived"]
    indicators = [(i, n, u) for i, n, u, _ in catalog]
    paths = []
    for template in TEMPLATES.values():
        path = out_dir / f"{template.dataset}.xlsx"
        path.write_bytes(to_xlsx(template, regions=regions, indicators=indicators))
        paths.append(path)
    # One period per row: the wide sheet carries the yearly indicators only, so every column fits 2025年.
    yearly = [(i, n, u) for i, n, u, freq in catalog if freq == "yearly"]
    path = out_dir / "county_values_wide.xlsx"
    path.write_bytes(to_wide_xlsx(regions=regions, indicators=yearly, period_label=period_label))
    return [*paths, path]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m ui.files.template_xlsx", description="写出导入模板（Excel）")
    parser.add_argument("out_dir", type=Path, help="output folder (created if missing)")
    parser.add_argument("--period", default=f"{date.today().year - 1}年", help="期别 of the wide template")
    args = parser.parse_args(argv)
    for path in write_all(args.out_dir, args.period):
        print(path)


if __name__ == "__main__":
    main()
