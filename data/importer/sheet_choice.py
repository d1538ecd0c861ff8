"""Which sheet of a file holds which dataset: a template's header row, or a county table to recognise."""

from __future__ import annotations

from data.importer.lists import list_roles
from data.importer.options import Options
from data.importer.prepare import Context, Problem
from data.importer.readers import Sheet
from data.importer.sheet_layout import column_letter, template_near_miss, template_score, template_table
from data.importer.sheet_table import county_table
from data.importer.targets import DATASET as TARGETS
from data.importer.templates import TEMPLATES

# The first sheet of a published template workbook (data/template_xlsx.INSTRUCTIONS): one row per column
# with an example of each, so its 示例 column passes for a county table. Read only when named.
INSTRUCTIONS = "填写说明"
LIST_HINT = "请作为名单导入（命令行 --list 名单名称，数据管理页选“名单”）"
# Read as county tables (long or wide), never by a template's header row alone.
COUNTY_TABLES = ("county_values", TARGETS)


class NoTable(Exception):
    """No sheet holds a table the import knows; .problem says why."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.text())


def choose(sheets: list[Sheet], ctx: Context, options: Options, dataset: str | None, file_name: str):
    """(sheet, dataset, records, other sheet names): the sheet named, else the first recognisable one.

    Sheets carrying a template's header row come first: a template workbook opens with its
    填写说明 sheet, whose example column would otherwise pass for a county table.
    """
    if options.sheet is not None:
        sheets = [s for s in sheets if s.name == options.sheet] or _no_such_sheet(sheets, options.sheet, file_name)
    else:
        sheets = [s for s in sheets if s.name != INSTRUCTIONS]
    names = [dataset] if dataset else list(TEMPLATES)
    ranked = sorted(sheets, key=lambda s: -max(template_score(s, TEMPLATES[d]) for d in names))
    for sheet in ranked:
        found = _recognise(sheet, ctx, options, dataset, file_name)
        if found is not None:
            return sheet, *found, [s.name for s in sheets if s is not sheet and s.name]
    wanted = f"“{TEMPLATES[dataset].title}”模板的表头" if dataset else \
        "可识别的县（市、区）名称或代码，或导入模板的表头"
    hint = next((f"；如果这是按名称排列的园区或企业名单，{LIST_HINT}" for s in sheets if _looks_like_list(s)), "")
    raise NoTable(Problem(file_name, None, None, f"没有找到{wanted}，无法判断这是什么数据{hint}"))


def _list_header(sheet: Sheet) -> tuple[int, str] | None:
    """(row, name column's header) of a header row with a name column (园区名称 / 企业名称 / 名称): a list by name."""
    for row in sheet.cells.index[:20]:
        roles = list_roles(sheet.cells.loc[row])
        found = next((roles[r] for r in ("park_name", "enterprise_name", "name") if r in roles), None)
        if found is not None:
            return int(row), f"{sheet.cells.at[row, found]}（{column_letter(found)}列）"
    return None


def _looks_like_list(sheet: Sheet) -> bool:
    return _list_header(sheet) is not None


def _no_such_sheet(sheets: list[Sheet], wanted: str, file_name: str):
    listed = "、".join(s.name or "" for s in sheets)
    raise NoTable(Problem(file_name, None, None, f"找不到工作表“{wanted}”，文件中有：{listed}"))


def _recognise(sheet: Sheet, ctx: Context, options: Options, dataset: str | None, file_name: str):
    """(dataset, records) for a sheet, or None when it holds no table this import knows.

    A header row of a record template that lacks required columns raises NoTable naming them:
    read as a county table, it would only say its headers are unknown indicators.
    """
    names = [dataset] if dataset else list(TEMPLATES)
    scores = {d: template_score(sheet, TEMPLATES[d]) for d in names if d not in COUNTY_TABLES}
    best = max(scores, key=scores.get, default=None)
    if best is not None and scores[best] > 0:
        return best, template_table(sheet, TEMPLATES[best])
    near = {d: m for d in scores if (m := template_near_miss(sheet, TEMPLATES[d]))}
    if near:
        closest = max(near, key=lambda d: near[d][1])
        row, _, missing = near[closest]
        listed = "、".join(f"“{h}”" for h in missing)
        hint = f"；如果这是按名称排列的园区或企业名单，{LIST_HINT}" if _looks_like_list(sheet) else ""
        raise NoTable(Problem(file_name, row, None, f"缺少必填列{listed}（模板：{TEMPLATES[closest].title}）{hint}",
                              sheet.name))
    if dataset in (None, *COUNTY_TABLES):
        as_targets = {None: None, TARGETS: True}.get(dataset, False)
        table = county_table(sheet, ctx, options, file_name, as_targets)
        header = _list_header(sheet) if table is not None and table.records.empty else None
        if header is not None:  # 园区名称 is no indicator: the sheet is a list
            message = f"这像是按名称排列的园区或企业名单，不是县域指标表：{LIST_HINT}"
            raise NoTable(Problem(file_name, header[0], header[1], message, sheet.name))
        if table is not None:
            return (TARGETS if table.targets else "county_values"), table
    return None
