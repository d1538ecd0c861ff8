"""Two slides of the 会议材料 deck that look back and across: the 强县考核 赛马 and what moved since the last meeting.

Pure (no streamlit): the same queries as the 强县考核 page (assess/score_by_county, score_by_prefecture, in the
rules' newest version) and the snapshot comparison of the task pages (snapshot/indicator_vs_snapshot).
"""

from __future__ import annotations

from datetime import date

import pandas as pd

import queries
from ui.files import slides
from ui.style import labels, theme

RACE_TOP = 10  # counties at the head of the 赛马 table
RACE_SOURCE = "强县工程考核：省经信厅（按现行评分细则计算）"


def title(slide, number: int, title: str, subtitle: str, demo: bool) -> None:
    """A slide's numbered title, its subtitle line and the demo tag (the race, since and targets slides)."""
    slides.add_text(slide, (0.45, 0.28, 10.8, 0.6), f"{number}. {title}", size=26, bold=True, colour=theme.PRIMARY)
    slides.add_text(slide, (0.45, 0.88, 12.0, 0.4), subtitle, size=14, colour=theme.MUTED_TEXT)
    if demo:
        slides.add_demo_tag(slide)


def _rank_rows(frame: pd.DataFrame, name_of, limit: int | None = None) -> list[list[str]]:
    shown = frame[frame["value"].notna() & frame.get("in_filter", True)].sort_values("rank")
    shown = shown.head(limit) if limit else shown
    return [[str(int(r["rank"])), name_of(r), labels.number(r["value"], "分"),
             labels.rank_change(r["rank"], r["prev_rank"])] for _, r in shown.iterrows()]


def race_slide(prs, *, number: int, as_of: date, params: dict, scope: str, as_of_line: str, demo: bool) -> None:
    """赛马 (方案 二(一)1、三): the leading counties and every prefecture by the assessment score of the month."""
    slide = slides.add_blank_slide(prs)
    versions = queries.run("assess/versions")
    if versions.empty:
        title(slide, number, "强县考核 · 赛马", f"尚无评分细则 · {scope}", demo)
        slides.add_footer(slide, [as_of_line], demo)
        return
    version = int(versions["version_id"].iloc[0])
    score = {"version": version, "period": as_of, "snapshot": None, "cut_high": None, "cut_low": None, **params}
    counties = queries.run("assess/score_by_county", **score)
    prefectures = queries.run("assess/score_by_prefecture", **score)
    title(slide, number, "强县考核 · 赛马",
           f"方案二（一）1、三 · 考核得分 · {labels.period_label(as_of)} · 第{version}版评分细则 · {scope}", demo)
    header = ["排名", "县（市、区）", "得分", "名次\n变化"]
    county_rows = _rank_rows(counties, lambda r: labels.county_with_prefecture(r["short_name"], r["prefecture"]),
                             RACE_TOP)
    slides.add_text(slide, (0.45, 1.32, 5.8, 0.32), f"县域前{RACE_TOP}名", size=13, bold=True)
    slides.add_table(slide, (0.45, 1.66, 5.8, 0.3), header, county_rows, [0.7, 2.6, 1.2, 1.3], size=11,
                     right=(0, 2, 3), header_height=0.46)
    prefecture_rows = _rank_rows(prefectures, lambda r: f"{r['prefecture']}（{r['leader']}领先）"
                                 if r["counties"] > 1 else r["prefecture"])  # 仙桃 leads only itself
    slides.add_text(slide, (6.75, 1.32, 6.1, 0.32), "市州（所辖县域平均分）", size=13, bold=True)
    slides.add_table(slide, (6.75, 1.66, 6.1, 0.26), header, prefecture_rows, [0.7, 3.1, 1.1, 1.2], size=10,
                     right=(0, 2, 3), header_height=0.46)
    slides.add_footer(slide, [f"{RACE_SOURCE}；名次变化较上月；{as_of_line}"], demo)


SINCE_HEADER = ["任务", "指标 · 期别", "名次上升", "名次下降", "升档", "降档", "进步最大"]


def since_row(title: str, indicator: pd.Series, frame: pd.DataFrame, period_text: str) -> list[str]:
    """One task's line: how many counties rose or fell in rank and tier since the snapshot, and who rose most."""
    both = frame[frame["rank"].notna() & frame["rank_then"].notna()]
    rise = both["rank_then"] - both["rank"]
    best = both.assign(rise=rise).sort_values("rise", ascending=False).head(2)
    movers = "、".join(f"{r['short_name']}（↑{int(r['rise'])}）" for _, r in best.iterrows() if r["rise"] > 0)
    tiers = both[both["tier"].notna() & both["tier_then"].notna()]
    return [title, f"{indicator['name']} · {period_text}", str(int((rise > 0).sum())), str(int((rise < 0).sum())),
            str(int((tiers["tier"] < tiers["tier_then"]).sum())), str(int((tiers["tier"] > tiers["tier_then"]).sum())),
            movers or "—"]


def since_slide(prs, contents, snapshot: pd.Series, *, number: int, params: dict, scope: str, as_of_line: str,
                demo: bool) -> None:
    """自上次会议以来: per task, the mapped indicator now against the meeting snapshot."""
    slide = slides.add_blank_slide(prs)
    when = labels.period_label(pd.Timestamp(snapshot["as_of"]).date())
    title(slide, number, "自上次会议以来",
           f"对比会议快照“{snapshot['name']}”（截至{when}，{snapshot['created_at']:%Y-%m-%d}保存）· {scope}", demo)
    rows = []
    for content in contents:
        if not content.mapped:
            continue
        frame = queries.run("snapshot/indicator_vs_snapshot", indicator=content.indicator.name,
                            period=content.period, snapshot=int(snapshot.name), **params)
        if frame["rank_then"].notna().any():
            rows.append(since_row(content.area.title, content.indicator, frame, content.period_text))
    if rows:
        slides.add_table(slide, (0.45, 1.45, 12.4, 0.42), SINCE_HEADER, rows,
                         [1.3, 3.9, 1.05, 1.05, 0.85, 0.85, 3.4], size=11, right=(2, 3, 4, 5), header_height=0.46)
    else:
        slides.add_text(slide, (0.45, 1.6, 12.0, 0.5), "快照中没有这些指标的数据，无法对比。", size=16)
    slides.add_footer(slide, ["名次与档次（先进/中游/后进，按名次三分）均在当前筛选范围内计算；" + as_of_line], demo)
