"""What a load recognised and did, in Chinese lines: for the command line and the 数据管理 page alike."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from data.importer.lists import RESOLUTIONS
from data.importer.templates import TEMPLATES
from geo.registry import prefectures as registry_prefectures

if TYPE_CHECKING:
    from data.importer.ingest import Preview, RejectedFile
    from data.warehouse.load import Outcome

MAX_LISTED = 12


def dataset_title(dataset: str | None) -> str:
    if dataset is None:
        return "未识别"
    return {"county_values": "县域指标", "lists": "名单"}.get(dataset) or TEMPLATES[dataset].title


def _listed(items: list[str]) -> str:
    shown = "、".join(items[:MAX_LISTED])
    return shown + (f" 等 {len(items)} 个" if len(items) > MAX_LISTED else "")


def period_labels(preview: Preview) -> list[str]:
    staged = preview.staged
    if "period" not in staged or staged.empty:
        return []
    yearly = set(preview.units.loc[preview.units["frequency"] == "yearly", "indicator_id"]) \
        if len(preview.units) else set()
    labels = {f"{p.year}年" if i in yearly else f"{p.year}年{p.month}月"
              for i, p in zip(staged.get("indicator_id", [""] * len(staged)), pd.to_datetime(staged["period"]))}
    return sorted(labels, key=lambda t: (len(t.split("年")[0]), t))


def unmatched_names(preview: Preview) -> list[str]:
    prefix = "无法识别的地区"
    found = [p.message.removeprefix(prefix) for p in preview.problems if p.message.startswith(prefix)]
    return list(dict.fromkeys(found))


AREA_LEVELS = {"county": "县（市、区）", "prefecture": "市州", "province": "全省"}


def describe(preview: Preview) -> list[str]:
    """What was recognised: sheet and layout, rows, regions, columns with units, periods, what was left out."""
    where = f"工作表“{preview.sheet}”，" if preview.sheet else ""
    dataset = dataset_title(preview.dataset)
    lines = [f"文件“{preview.file_name}”：{where}{dataset}（{preview.kind or '—'}）"]
    if preview.title:
        lines.append(f"标题：{preview.title}")
    lines.append(f"读取 {preview.rows_read} 行数据")
    if preview.dataset == "lists":
        return lines + list_lines(preview)
    if "adcode" in preview.staged:
        lines.append(f"匹配县（市、区）{preview.staged['adcode'].nunique()} 个")
    if "area_level" in preview.staged:  # responsibility targets: whose, and for which years
        levels = preview.staged.groupby("area_level")["area_code"].nunique()
        named = [f"{name} {int(levels[level])} 个" for level, name in AREA_LEVELS.items() if level in levels]
        years = sorted({f"{int(y)}年" for y in preview.staged["year"].dropna()})
        lines.append(f"目标地区：{'、'.join(named)}；目标年份：{'、'.join(years)}")
    if preview.aggregates:
        lines.append(f"汇总行（不作为县导入）：{_listed(preview.aggregates)}")
    if preview.non_county:
        lines.append(f"非县级单位（未导入）：{_listed(preview.non_county)}")
    for name in unmatched_names(preview):
        lines.append(f"未识别的地区：{name}")
    for row in preview.units.itertuples():
        conversion = f"，{row.file_unit} → {row.catalog_unit} ×{row.factor:g}" if row.factor != 1 else \
            f"（{row.catalog_unit}）"
        lines.append(f"指标：{row.name}{conversion}，{row.rows} 条")
    if periods := period_labels(preview):
        lines.append(f"期别：{_listed(periods)}")
    if "estimated" in preview.staged and (estimates := int(preview.staged["estimated"].sum())):
        lines.append(f"标注“预计/估计”的数值：{estimates} 个（已记录标记）")
    if preview.missing_cells:
        lines.append(f"空值（—、… 或空白，未导入）：{preview.missing_cells} 个")
    if len(preview.new_indicators):
        lines.append(f"新建指标：{_listed(list(preview.new_indicators['name']))}")
    if preview.ignored_columns:
        lines.append(f"未映射、已忽略的列：{_listed(preview.ignored_columns)}")
    if preview.other_sheets:
        lines.append(f"其他工作表未读取：{_listed(preview.other_sheets)}（可用 --sheet 指定）")
    return lines


def list_outcomes(staged: pd.DataFrame) -> dict[str, int]:
    """Rows of a list by outcome: placed in a county, kept at the prefecture, not placed."""
    placed = staged["adcode"].notna()
    return {"县": int(placed.sum()), "市州": int((~placed & staged["prefecture_code"].notna()).sum()),
            "未定位": int(staged["prefecture_code"].isna().sum())}


def list_lines(preview: Preview) -> list[str]:
    """A list's outcome counts, how the county rows were placed, and every row not placed in a county."""
    staged = preview.staged
    if staged.empty:
        return []
    counts = list_outcomes(staged)
    lines = [f"名单“{staged['list_name'].iloc[0]}”：定位到县（市、区）{counts['县']} 行，"
             f"仅到市州 {counts['市州']} 行，未定位 {counts['未定位']} 行"]
    ways = staged.loc[staged["adcode"].notna(), "resolution"].value_counts()
    if len(ways):
        lines.append("定位依据：" + "、".join(f"{label} {ways[w]} 行" for w, label in RESOLUTIONS.items() if w in ways))
    prefectures = {code: row['name'] for code, row in registry_prefectures().items()}
    for row in staged[staged["adcode"].isna()].itertuples():
        where = f"仅到{prefectures.get(row.prefecture_code, row.prefecture_code)}" if pd.notna(row.prefecture_code) \
            else "未定位"
        lines.append(f"  第 {row.row_number} 行 {row.name}：{where}")
    return lines


def summary(outcome: Outcome) -> str:
    preview = outcome.preview
    if outcome.duplicate_of is not None:
        return f"文件“{preview.file_name}”与第 {outcome.duplicate_of} 批内容相同，已加载过，未重复导入。"
    lines = describe(preview)
    if outcome.dry_run:
        lines.append(f"检查通过（试运行，未发布）：可导入 {len(preview.staged)} 行。")
    else:
        lines.append(f"已导入 {len(preview.staged)} 行，批次 {outcome.batch_id}。")
    if outcome.rejected_path:
        lines.append(f"未导入 {len(preview.rejected)} 行，连同原因另存为：{outcome.rejected_path}")
    return "\n".join(lines)


def rejected(error: RejectedFile) -> str:
    lines = describe(error.preview) if error.preview is not None else []
    lines.append(f"未导入，数据仓库未改变。发现 {len(error.problems)} 处问题：")
    lines += [f"  - {p.text()}" for p in error.problems]
    lines += what_to_do(error)
    return "\n".join(lines)


def what_to_do(error: RejectedFile) -> list[str]:
    """The way out of the problems at hand: a mapping for a column, --valid-only only for bad rows."""
    lines = []
    letters = [p.column.rpartition("（")[2].removesuffix("列）") for p in error.problems if p.whole_column and p.column]
    if letters:
        first = letters[0]
        lines.append(f"无法识别的列（{_listed(letters)}）：用 --map {first}=指标[:单位] 按列字母映射到目录中的指标，"
                     f"或 --map {first}=- 忽略此列；映射了所需的列后，其余未识别的列自动忽略。")
    row_problems = [p for p in error.problems if not p.whole_column and p.row is not None]
    preview = error.preview
    if row_problems and preview is not None and preview.dataset and len(preview.staged):
        lines.append(f"其中 {len(preview.staged)} 行检查通过；如只导入这些行，请加 --valid-only。")
    return lines


def log_table(log: pd.DataFrame) -> str:
    if log.empty:
        return "导入日志为空。"
    names = {"loaded": "已导入", "rejected": "被拒绝", "duplicate": "重复文件", "dry_run": "试运行",
             "rolled_back": "已回滚"}
    return "\n".join(f"{r.get('at', '')}  {names.get(r.get('event'), r.get('event'))}  {r.get('file_name') or ''}  "
                     f"批次 {int(r['batch_id']) if pd.notna(r.get('batch_id')) else '—'}  {r.get('by') or ''}"
                     for r in log.to_dict("records"))
