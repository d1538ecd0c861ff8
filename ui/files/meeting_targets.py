"""The 目标责任 slide of the 会议材料 deck (方案三(二)): for every indicator with county targets, in its newest
target year, how many counties of the filter keep pace and who is furthest behind.

Pure (no streamlit): the 目标责任 page's queries (targets/choices, targets/pace_by_county) in the newest version.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

import queries
from ui.files import meeting_race, slides
from ui.style import labels

HEADER = ["指标 · 目标年份", "下达目标", "达到序时进度", "落后序时进度", "全年完成", "全年未完成", "暂无数据",
          "落后最多"]
STATUSES = HEADER[2:7]
BEHIND_SHOWN = 3
SOURCE = ("目标：各市州分解下达的责任目标（最新版本）；完成情况按序时进度计算"
          "（增速比目标、累计量比目标×已过月数/12、存量比上年末至目标的直线）")


def target_rows(as_of: date, params: dict) -> list[list[str]]:
    """One line per indicator, in its newest target year with figures (a yearly total's year is out only after
    December): counts by status and the counties furthest behind."""
    choices = queries.run("targets/choices", version=None).sort_values(["sort_order", "year"], ascending=[True, False])
    rows = []
    for _, years in choices.groupby("indicator_id", sort=False):
        for choice in years.itertuples():
            frame = queries.run("targets/pace_by_county", indicator=choice.indicator_id, year=int(choice.year),
                                as_of=as_of, version=None, **params)
            kept = frame[frame["in_filter"] & frame["target"].notna()]
            if kept["actual"].notna().any() or choice.Index == years.index[-1]:
                rows.append(_row(choice, kept))
                break
    return rows


def _row(choice, kept: pd.DataFrame) -> list[str]:
    counts = kept["status"].value_counts()
    behind = kept[kept["status"].isin(["落后序时进度", "全年未完成"])].sort_values("gap").head(BEHIND_SHOWN)
    unit = labels.change_unit(choice.unit)
    names = "、".join(f"{r.short_name}（{labels.signed(r.gap, unit, with_unit=False)}）"
                     for r in behind.itertuples())
    status_counts = [str(int(counts.get(s if s != "暂无数据" else "暂无当年数据", 0))) for s in STATUSES]
    return [f"{choice.name} · {int(choice.year)}年", str(len(kept)), *status_counts, names or "—"]


def targets_slide(prs, *, number: int, as_of: date, params: dict, scope: str, as_of_line: str, demo: bool) -> None:
    slide = slides.add_blank_slide(prs)
    subtitle = f"方案三(二) · 各县（市、区）责任目标完成情况 · 截至{labels.period_label(as_of)} · {scope}"
    meeting_race.title(slide, number, "目标责任 · 序时进度", subtitle, demo)
    rows = target_rows(as_of, params)
    if rows:
        slides.add_table(slide, (0.45, 1.45, 12.4, 0.5), HEADER, rows,
                         [3.1, 0.95, 1.2, 1.2, 0.95, 1.05, 0.95, 3.0], size=11, right=(1, 2, 3, 4, 5, 6),
                         header_height=0.46)
        note = "落后最多：落后序时进度或全年未完成的县中，与序时进度差距最大的三个（括号内为差距）。"
        slides.add_text(slide, (0.45, 1.95 + 0.5 * len(rows) + 0.3, 12.4, 0.4), note, size=11)
    else:
        slides.add_text(slide, (0.45, 1.6, 12.0, 0.5), "尚未导入责任目标（数据管理 → 责任目标模板）。", size=16)
    slides.add_footer(slide, [f"{SOURCE}；{as_of_line}"], demo)
