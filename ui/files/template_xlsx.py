"""Import templates as Excel workbooks: filling instructions, a data sheet with drop-downs, and the option lists.

The layouts themselves live in data/importer/templates.py; this module only dresses them for people who fill
them in by hand (their words: template_notes; the sheets: template_sheets). Callers pass regions and
indicators in, so nothing here touches the warehouse.
"""

from __future__ import annotations

import argparse
import csv
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

import settings
from data.importer.templates import TEMPLATES, Template
from ui.files import template_sheets as sheets
from ui.files.template_notes import CHOICES, PERIOD_EXAMPLES, check_notes, column_note, lookup
from ui.files.template_sheets import DATA, INSTRUCTIONS, OPTIONS, Choice

__all__ = ["DATA", "INSTRUCTIONS", "check_notes", "main", "to_wide_xlsx", "to_xlsx", "write_all"]
LAST_ROW = 5000  # drop-downs reach this far: more rows than one hand-filled table needs, no cells created
# Text format: Excel would drop leading zeros of codes and turn 2025-06 into a date the importer cannot read.
TEXT_COLUMNS = {"adcode", "enterprise_id", "industry_code", "park_id", "parent_park_id", "project_id",
                "period", "start_month", "village_code"}

# At import, so a template added to data/importer/templates.py without a description fails every build and test.
check_notes(TEMPLATES.values())


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
        fixed = lookup(CHOICES, template, column)
        choice = (Choice(fixed, True, f"可选：{'、'.join(fixed)}", f"只能填写：{'、'.join(fixed)}。")
                  if fixed else lists.get(column.name))
        if choice and choice.values:
            out[column.name] = choice
    return out


def to_xlsx(template: Template, *, regions: list[tuple[str, str]], indicators: list[tuple[str, str, str]],
            examples: list[list[str]] | None = None) -> bytes:
    """A template as an xlsx workbook: 填写说明, 数据 (header, examples, drop-downs) and the hidden 选项 lists."""
    check_notes([template])
    if any(len(row) != len(template.columns) for row in examples or []):
        raise ValueError(f"every example row of {template.dataset} needs {len(template.columns)} cells")
    wb = Workbook()
    table = [[c.header, "是" if c.required else "否", *column_note(template, c)] for c in template.columns]
    sheets.instructions_sheet(wb, template.title, _rules(template), table)
    ws, options = wb.create_sheet(DATA), wb.create_sheet(OPTIONS)
    options.sheet_state = "hidden"
    choices = _choices(template, regions, indicators)
    listed = [(i, c) for i, c in enumerate(template.columns, start=1) if c.name in choices]
    text_cols = {i for i, c in enumerate(template.columns, start=1) if c.name in TEXT_COLUMNS}
    sheets.data_sheet(ws, template.headers, [list(row) for row in examples or []], text_cols,
                {i: choices[c.name].values for i, c in listed})
    for slot, (i, column) in enumerate(listed, start=1):
        dv = sheets.validation(options, slot, column.header, choices[column.name])
        dv.add(f"{get_column_letter(i)}2:{get_column_letter(i)}{LAST_ROW}")
        ws.add_data_validation(dv)
    return sheets.to_bytes(wb)


def to_wide_xlsx(*, regions: list[tuple[str, str]], indicators: list[tuple[str, str, str]],
                 period_label: str, targets: bool = False) -> bytes:
    """The wide county template: one row per county (prefilled), one column per indicator, one period.

    targets: the responsibility-target sheet prefectures send (目标年份, 目标 columns; prefecture rows allowed).
    """
    wb = Workbook()
    period, what = ("目标年份", "目标") if targets else ("期别", "")
    rules = ["每行一个县（市、区），已预填全部地区代码、名称和期别；每列一个指标。",
             "表头括号中是该指标的单位，数值按此单位只填数字；没有数据的单元格留空。",
             f"{period}已填 {period_label}；同一行的指标须是同一期别、同一统计频率（月度或年度）。",
             f"在「{DATA}」工作表填写；表头须保持原样，不要改名或删除；不填的指标整列留空即可。",
             "地区代码与期别列为文本格式，请勿改为数值或日期。",
             "保存为 Excel（.xlsx），或另存为 CSV（UTF-8 或 GBK 编码）后导入。",
             "演示数据只用于演示，切勿混入要导入的正式数据。"]
    if targets:
        rules[0] = ("每行一个县（市、区）的责任目标（方案三(二) 任务分解）；"
                    "市州、全省目标可另起一行，地区名称填市州名或“全省”。")
        rules[2] = f"目标年份已填 {period_label}；增速类目标填全年累计增速，总量类目标填全年目标值。"
    fixed = [("地区代码", "6 位行政区划代码（已预填）"), ("地区名称", "县（市、区）名称（已预填）"),
             (period, f"{'目标年份' if targets else '统计期别'}（已预填 {period_label}）")]
    table = [[h, "是", note, ""] for h, note in fixed]
    headers = ["地区代码", "地区名称", period, *(f"{n}{what}（{u}）" for _, n, u in indicators)]
    table += [[h, "否", f"指标代码 {i}；单位：{u}", ""] for h, (i, _, u) in zip(headers[3:], indicators)]
    sheets.instructions_sheet(wb, "责任目标（宽表）" if targets else "县域指标（宽表）", rules, table)
    ws = wb.create_sheet(DATA)
    # Frozen at D2: code, name and period stay in view while scrolling across the indicators.
    sheets.data_sheet(ws, headers, [[code, name, period_label] for code, name in regions], {1, 3}, freeze="D2")
    return sheets.to_bytes(wb)


def write_all(out_dir: Path, period_label: str) -> list[Path]:
    """Write one workbook per template plus the wide county template; returns the paths written."""
    from geo.registry import regions as registry_regions  # the CLI's only need for the registry

    out_dir.mkdir(parents=True, exist_ok=True)
    regions = [(r.adcode, r.name) for r in registry_regions()]
    with open(settings.CATALOG_DIR / "indicators.csv", encoding="utf-8", newline="") as f:
        # Derived and industry indicators are computed from others and the importer refuses them.
        catalog = [(r["id"], r["name"], r["unit"], r["frequency"]) for r in csv.DictReader(f)
                   if r["kind"] not in ("derived", "industry")]
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
