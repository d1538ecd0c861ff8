"""会议材料: a 16:9 PPTX deck in Chinese — a cover, per task area its county map, league table and targets, the
赛马, and what moved since the last meeting (ui/files/meeting_race). What each area slide shows is chosen in
ui/files/meeting_content.

Pure (no streamlit): it reads the warehouse through `queries.run` with the same query files and
defaults the task-area pages use (tests check the defaults against app_pages/), picks periods and
map specs with the pages' own ui.frame.periods and ui.figures.specs, draws the maps with ui.figures.maps through
ui.files.figure_export, and the slides with ui.files.slides (native text in the CJK font).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pandas as pd
import plotly.graph_objects as go
from pptx.util import Inches

import queries
from ui.figures import maps, overlays, specs
from ui.files import figure_export, meeting_race, meeting_targets, slides
from ui.files.meeting_content import (  # noqa: F401  (the deck's callers and tests name them here)
    AREAS,
    TARGET_HEADER,
    Area,
    AreaContent,
    Choice,
    area_content,
    describe_scope,
    industry_name,
)
from ui.style import labels, theme

DECK_TITLE = "湖北省县域工业高质量发展监测 · 会议材料"
# The map image: 720 × 700 layout pixels, the map figure's own height (its title and legend rows sit above and
# below the map), placed 5.2 × 5.1 in, so its 12 px legend reads as about 8 pt and scale 2 gives some 220 dpi.
MAP_PX, MAP_SCALE, MAP_HEIGHT_IN = (720, 700), 2, 5.1
RIGHT, RIGHT_WIDTH = 7.25, 5.65  # the column of the league table and the targets, inches
LEAGUE_EACH = 5  # counties shown at the top and at the bottom of the league table
NO_TARGET_NOTE = "方案对本项任务未设定量化目标：见各县排名。"
TARGET_SOURCE = "目标进展：省经信厅（按指标目录）"


def map_spec(indicator: pd.Series, period_text: str, demo: bool, layers: tuple[str, ...],
             method: str = "quantile", class_values: tuple[float, ...] | None = None) -> maps.MapSpec:
    """The page's map of an indicator (specs.map_spec), classed as the page was (quantiles when it was not opened,
    cut from every period's values)."""
    return specs.map_spec(indicator, period_text, method, demo, layers, class_values)


def league_rows(frame: pd.DataFrame, unit: str, each: int = LEAGUE_EACH) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the top and bottom counties in the filter (a row of … between them when some are left out)."""
    shown = frame[frame["in_filter"] & frame["value"].notna()].sort_values("rank")
    # Units on a second header line: a narrow column keeps its header in two short lines.
    header = ["排名", "县（市、区）", f"数值\n（{unit}）", f"较上期\n（{labels.change_unit(unit)}）", "名次\n变化"]
    places = labels.decimals(unit)

    def row(r: pd.Series) -> list[str]:
        change = r["value"] - r["prev_value"]
        return [str(int(r["rank"])), labels.county_with_prefecture(r["short_name"], r["prefecture"]),
                labels.number(r["value"], unit), "—" if pd.isna(change) else f"{change:+,.{places}f}",
                labels.rank_change(r["rank"], r["prev_rank"])]

    if len(shown) <= 2 * each:
        return header, [row(r) for _, r in shown.iterrows()]
    return header, ([row(r) for _, r in shown.head(each).iterrows()] + [["…"] * len(header)]
                    + [row(r) for _, r in shown.tail(each).iterrows()])


def cover_slide(prs, *, period_text: str, scope: str, as_of_line: str, demo: bool) -> None:
    """The cover: the deck's title, the plan, period, scope and as-of date, and the list of task areas."""
    slide = slides.add_blank_slide(prs)
    slides.add_text(slide, (0.8, 1.5, 11.7, 1.0), DECK_TITLE, size=36, bold=True, colour=theme.PRIMARY)
    slides.add_text(slide, (0.8, 2.5, 11.7, 0.5), labels.PLAN_LINE, size=15, colour=theme.MUTED_TEXT)
    slides.add_text(slide, (0.8, 3.25, 11.7, 1.7), [(f"期别：{period_text}", 24, True, theme.TEXT),
                                                    (f"范围：{scope}", 18, False, theme.TEXT),
                                                    (f"{as_of_line}（数据仓库更新时间）", 18, False, theme.TEXT)],
                    gap=8)
    contents = "　".join(f"{i}. {a.title}" for i, a in enumerate(AREAS, start=1))
    slides.add_text(slide, (0.8, 5.0, 11.7, 0.5), f"内容：{contents}", size=15, colour=theme.MUTED_TEXT)
    if demo:
        slides.add_demo_tag(slide)
        slides.add_text(slide, (0.8, 5.7, 11.7, 0.5), labels.DEMO_NOTE, size=18, bold=True, colour=theme.DEMO_BADGE)
    made = f"生成于 {pd.Timestamp.now():%Y-%m-%d %H:%M}"
    slides.add_footer(slide, [f"{made}；各页地图仅供内部参考，不作为标准地图"], demo)


def area_slide(prs, content: AreaContent, *, number: int, scope: str, as_of_line: str, demo: bool) -> None:
    """Map on the left; league table and targets on the right; sources and the demo note at the foot."""
    slide = slides.add_blank_slide(prs)
    area, indicator = content.area, content.indicator
    clause = area.clause.replace("(", "（").replace(")", "）")
    slides.add_text(slide, (0.45, 0.28, 10.8, 0.6), f"{number}. {area.title}", size=26, bold=True,
                    colour=theme.PRIMARY)
    what = f"{indicator['name']} · {content.period_text}" if indicator is not None else "尚无已加载的县域数据"
    slides.add_text(slide, (0.45, 0.88, 10.8, 0.4), f"方案{clause} · {what} · {scope}", size=14,
                    colour=theme.MUTED_TEXT)
    if demo:
        slides.add_demo_tag(slide)
    sources = [TARGET_SOURCE, as_of_line]
    if content.mapped:
        _map_and_league(slide, content, scope, as_of_line, demo)
        source = labels.source_line(indicator["source"], content.period_text, False)
        sources.insert(0, f"{indicator['definition']}。{source}")
    else:
        slides.add_text(slide, (0.45, 3.5, 6.5, 0.6), f"截至{content.period_text}尚无县域数据。", size=16)
    slides.add_text(slide, (RIGHT, 4.88, RIGHT_WIDTH, 0.32), "方案目标（全省）", size=13, bold=True)
    if content.targets:
        slides.add_table(slide, (RIGHT, 5.22, RIGHT_WIDTH, 0.27), TARGET_HEADER, list(content.targets),
                         [1.75, 1.45, 0.85, 0.9, 0.7], size=9)
    else:
        slides.add_text(slide, (RIGHT, 5.22, RIGHT_WIDTH, 0.5), NO_TARGET_NOTE, size=11,
                        colour=theme.MUTED_TEXT)
    slides.add_footer(slide, ["；".join(sources)], demo)


def overlay_legend_inside(shared):
    """Overlay outlines get a legend of their own in the map's empty top-right corner, see-through.

    In the class legend they wrap onto a second row at slide width and run over the source lines
    under the map (ui/figures/maps.py reserves one legend row).
    """
    fig = go.Figure(shared)  # the builder's figure is shared with the pages (ui/figures/memo): change a copy
    for trace in fig.data:
        if trace.legendgroup in overlays.LAYERS:
            trace.legend = "legend2"
            fig.update_layout(legend2=dict(x=1, y=1, xanchor="right", yanchor="top", font_size=11,
                                           bgcolor="rgba(0,0,0,0)"))
    return fig


def _map_and_league(slide, content: AreaContent, scope: str, as_of_line: str, demo: bool) -> None:
    """The county map as a picture (figure_export) and the top and bottom of its league table."""
    indicator, frame = content.indicator, content.frame
    layers = content.area.layers if content.choice.layers is None else content.choice.layers
    spec = map_spec(indicator, content.period_text, demo, layers, content.choice.method, content.class_values)
    fig = overlay_legend_inside(maps.choropleth(frame, spec))
    png = figure_export.to_png(fig, width=MAP_PX[0], height=MAP_PX[1], scale=MAP_SCALE, as_of_text=as_of_line)
    slide.shapes.add_picture(io.BytesIO(png), Inches(0.45), Inches(1.4), height=Inches(MAP_HEIGHT_IN))
    header, rows = league_rows(frame, indicator["unit"])
    counted = int((frame["in_filter"] & frame["value"].notna()).sum())
    slides.add_text(slide, (RIGHT, 1.32, RIGHT_WIDTH, 0.32), f"排行（{scope}，{counted} 个县市区）", size=13,
                    bold=True)
    slides.add_table(slide, (RIGHT, 1.66, RIGHT_WIDTH, 0.24), header, rows, [0.55, 1.85, 1.15, 1.25, 0.85],
                     size=10.5, right=(0, 2, 3, 4), header_height=0.46)


def build_deck(as_of: date, filters_params: dict, *, choices: dict[str, Choice] | None = None,
               snapshot: pd.Series | None = None, progress: Callable[[float, str], None] | None = None,
               industry: str | None = None) -> bytes:
    """The meeting deck for the as-of month and the global filters (Filters.query_params() and the industry), as
    PPTX bytes.

    choices: what the presenter chose on each task page (area id → Choice), so the deck shows the maps that
    were shown; snapshot: a row of snapshot/snapshots (name: its id) for the 自上次会议以来 slide, or None.
    progress(fraction, message) is called before each slide and once at the end (1.0).
    """
    report, choices = progress or (lambda fraction, message: None), choices or {}
    info = queries.run("common/warehouse_info").iloc[0]
    demo, as_of_line = bool(info["has_demo"]), figure_export.as_of_text(info["built_at"])
    scope = describe_scope(filters_params) + (f" · {industry_name(industry)}" if industry else "")
    prs = slides.new_deck()
    steps = len(AREAS) + 3 + (snapshot is not None)
    report(0.0, "封面")
    cover_slide(prs, period_text=labels.period_label(as_of), scope=scope, as_of_line=as_of_line, demo=demo)
    contents = []
    for i, area in enumerate(AREAS, start=1):
        report(i / steps, f"{area.title}：地图、排行与目标（{i}/{len(AREAS)}）")
        contents.append(area_content(area, as_of, filters_params, choices.get(area.id, Choice()), industry))
        area_slide(prs, contents[-1], number=i, scope=scope, as_of_line=as_of_line, demo=demo)
    report((len(AREAS) + 1) / steps, "强县考核：赛马")
    meeting_race.race_slide(prs, number=len(AREAS) + 1, as_of=as_of, params=filters_params, scope=scope,
                            as_of_line=as_of_line, demo=demo)
    report((len(AREAS) + 2) / steps, "目标责任：序时进度")
    meeting_targets.targets_slide(prs, number=len(AREAS) + 2, as_of=as_of, params=filters_params, scope=scope,
                                  as_of_line=as_of_line, demo=demo)
    if snapshot is not None:
        report((len(AREAS) + 3) / steps, "自上次会议以来")
        meeting_race.since_slide(prs, contents, snapshot, number=len(AREAS) + 3, params=filters_params, scope=scope,
                                 as_of_line=as_of_line, demo=demo)
    out = io.BytesIO()
    prs.save(out)
    report(1.0, "会议材料已生成")
    return out.getvalue()
