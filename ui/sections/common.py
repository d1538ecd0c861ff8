"""Streamlit sections shared by every page: frame, demo banner, pickers, county map, league table, source note.

Sections (this module, filters, task_sections, detail_sections, profile) call `st.*`;
chart and map builders stay pure.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import queries
from ui.figures import maps, memo, overlays
from ui.files import export, figure_export
from ui.frame import county_sections, filters, modes
from ui.sections import map_clicks
from ui.style import labels

# Plotly's geo maps fetch a world outline from a CDN unless told where to look: serve empty ones locally.
PLOTLY_CONFIG = {
    "topojsonURL": "app/static/topojson/",
    "displaylogo": False,
    "locale": "zh-CN",
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
LEAGUE_HEIGHT = 650  # a county map's height (ui.figures.maps) less the table's title: they end on one line
CLASS_METHODS = {"quantile": "分位数", "jenks": "自然断点", "tiers": "先进/中游/后进"}


# Streamlit's default top padding (6rem) pushes the map below the fold on a 1366×768 screen.
COMPACT_CSS = "<style>[data-testid='stMainBlockContainer']{padding-top:2.2rem;padding-bottom:2rem}</style>"


def compact_frame() -> None:
    st.html(COMPACT_CSS)


def app_header(*, built_at: str, demo: bool) -> None:
    """The product line above every page: name, the plan it serves, and the 演示数据 mark while demo data is loaded."""
    st.markdown(f"**湖北省县域工业高质量发展监测**　:gray[{labels.PLAN_LINE}]")
    if demo:
        demo_banner()
    with st.sidebar:
        st.caption(f"数据仓库更新于 {str(built_at).replace('T', ' ')[:16]}")


def demo_banner() -> None:
    """The 演示数据 mark at the top of every page while any demo batch is loaded."""
    st.markdown(f":red-badge[:material/science: {labels.DEMO_MARK}]　:red[{labels.DEMO_NOTE}]")


def indicator_picker(indicators: pd.DataFrame, key: str, default: str | None = None) -> pd.Series:
    """A picker over every indicator with county values, labelled by task area; returns the chosen row."""
    by_id = indicators.set_index("id")
    options = list(by_id.index)
    index = options.index(default) if default in options else 0
    # One pass over the rows, not three .at lookups per option per run (the picker formats ~80 options).
    texts = {i: f"{a} · {labels.indicator_name(n, u)}（{unit}）" for i, a, n, u, unit in
             zip(options, by_id["area_name"], by_id["name"], by_id["user_defined"], by_id["unit"])}
    chosen = st.selectbox("指标", options, index=index, key=key, bind=filters.URL,
                          format_func=lambda i: texts.get(i, i))
    return by_id.loc[chosen]


def class_method(key: str) -> str:
    return st.segmented_control("着色", list(CLASS_METHODS), format_func=CLASS_METHODS.get, bind=filters.URL,
                                default="quantile", key=key) or "quantile"


def names_toggle(key: str) -> bool:
    """County names on the province map (a prefecture's map always has them)."""
    return st.toggle("县名", key=key, bind=filters.URL, help="在全省地图上标注放得下的县名；选定市州时总是标注")


def overlay_picker(key: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
    """Outline layers to draw over the county map: 都市圈, 产业集群, 国家基地."""
    chosen = st.pills("叠加图层", overlays.LAYERS, selection_mode="multi", default=list(default), key=key,
                      bind=filters.URL)
    return tuple(chosen or ())


def show_figure(fig: go.Figure, key: str, *, selectable: bool = False, outline: bool = True,
                on_click: Callable[[str], None] | None = None, added: tuple[dict, ...] = ()) -> None:
    """A figure at full width with the offline Plotly config and its image export. A selectable one is a county
    map: a click on a county selects it for every page (or, given on_click, does that with the clicked county's
    adcode), and it outlines the selected county unless outline is False. added: trace dicts drawn over the
    (shared) figure, in the export too."""
    shown = memo.styled(fig, modes.current(), modes.style_figure)  # once per figure and mode
    if selectable:
        shown = maps.with_selection(shown, filters.selected_county() if outline else None)
        st.plotly_chart(shown, key=key, config=PLOTLY_CONFIG, selection_mode="points", width="stretch",
                        on_select=map_clicks.on_select(key, on_click, outline=outline))
    else:
        st.plotly_chart(memo.joined(shown, added), key=key, config=PLOTLY_CONFIG, width="stretch")
    image_export(fig, key, added)


EXPORT_NOTE = "服务器按原样绘制：含标题、单位、期别、来源与数据截至日期"


def image_export(fig: go.Figure, key: str, added: tuple[dict, ...] = ()) -> None:
    """PNG and SVG of the figure as built, with the traces added over it (title, unit, period, source, as-of date,
    demo mark), drawn on the server only when the user asks: each image costs about half a second.

    The popover's contents are made only while it is open (opening it reruns the page): closed, a chart's export
    is one element instead of five, and every element costs the server ~0.4 ms on every run of the page; with six
    to nine charts a page, that was 10–20 % of a click's CPU (bench.click_cpu). A fragment for the popover cost
    more than it saved."""
    with st.popover("导出图片", icon=":material/image:", type="tertiary", key=f"{key}_export", on_change="rerun",
                    help=EXPORT_NOTE) as popover:
        if popover.open:
            _export_buttons(fig, key, added)


def _export_buttons(fig: go.Figure, key: str, added: tuple[dict, ...]) -> None:
    info = queries.run("common/warehouse_info").iloc[0]
    as_of = figure_export.as_of_text(info["built_at"])
    title = labels.plain_text(str(fig.layout.title.text or "图表"))
    drawn = memo.joined(fig, added).to_dict() if added else fig
    demo = bool(info["has_demo"])
    st.caption(EXPORT_NOTE + ("，并带演示数据标记" if demo else ""))
    row = st.container(horizontal=True, gap="small")  # one row, not st.columns: two elements fewer
    row.download_button("PNG", lambda: figure_export.to_png(drawn, as_of_text=as_of), key=f"{key}_png",
                        file_name=figure_export.file_name(title, "png", demo=demo), mime="image/png",
                        icon=":material/download:")
    row.download_button("SVG", lambda: figure_export.to_svg(drawn, as_of_text=as_of), key=f"{key}_svg",
                        file_name=figure_export.file_name(title, "svg", demo=demo), mime="image/svg+xml",
                        icon=":material/download:")


def county_map(frame: pd.DataFrame, spec: maps.MapSpec, key: str) -> None:
    """The choropleth; a click selects the county for every page."""
    with st.spinner("正在绘制地图…"):  # shown only past half a second (e.g. the first classes of pooled months)
        fig = maps.choropleth(frame, spec)
    clickable_map(fig, key)


def clickable_map(fig: go.Figure, key: str, *, outline: bool = True) -> None:
    """Any county map (choropleth, categories, points over counties): a click on a county selects it everywhere,
    and the selected county is outlined on it.

    outline=False for a page's secondary maps (points, who meets a target, programme members): a figure that
    changes is mounted afresh in the browser, ~0.1 s a map, and outlining the county on every map of 数字化转型
    took a click from about 0.4 s to 0.9 s. The page's own map outlines it."""
    show_figure(fig, key, selectable=True, outline=outline)


def category_map(frame: pd.DataFrame, spec: maps.MapSpec, colours: dict[str, str], key: str) -> None:
    """A secondary map of a category per county (frame: adcode, name, category …), clickable, not outlined
    (clickable_map): under it, the selected county's category in words."""
    clickable_map(maps.category_choropleth(frame, spec, colours), key, outline=False)
    county_sections.section(f"{key}_named", _named_category, frame)


def _named_category(frame: pd.DataFrame) -> None:
    named = _category_by_county(frame).get(filters.selected_county())
    if named:
        st.caption(f"已选 {named}")


@memo.table  # a lookup made once per map, instead of filtering its frame on every run
def _category_by_county(frame: pd.DataFrame) -> dict[str, str]:
    """adcode → '县名：类别' (无数据 where the county has none); a county's first row where it has several."""
    named: dict[str, str] = {}
    for adcode, name, category in zip(frame["adcode"], frame["name"], frame["category"]):
        named.setdefault(adcode, f"{name}：{category if pd.notna(category) else labels.NO_DATA_LABEL}")
    return named


COUNTY_HEADER, PREFECTURE_HEADER = "县（市、区）", "市州"


def league_table(frame: pd.DataFrame, unit: str, key: str, tiers: bool = False, *, title: str = "排行",
                 source: str = "", place: str = COUNTY_HEADER) -> None:
    """Rank, county (with its prefecture) or prefecture, value with unit, change and rank change for those in
    the filter, with its CSV and Excel."""
    value_header, change_header = labels.with_unit_title("数值", unit), "较上期"
    table, demo = _league_rows(frame, value_header, change_header, tiers, place)
    places = labels.decimals(unit)
    # No row-selection column: at 1366 px it pushes 名次 out of view; a click on the map selects.
    st.dataframe(
        table, hide_index=True, height=LEAGUE_HEIGHT, key=key,
        column_config={value_header: st.column_config.NumberColumn(format=f"%,.{places}f", width=80),
                       place: st.column_config.TextColumn(width=120),
                       change_header: st.column_config.NumberColumn(
                           format=f"%+.{places}f", help=f"与上一期相比的增减（{labels.change_unit(unit)}）", width=64),
                       "排名": st.column_config.NumberColumn(width=44),
                       "名次变化": st.column_config.TextColumn("名次", width=48, help="较上一期的名次变化"),
                       "档次": st.column_config.TextColumn(width=48, help="按排名三等分：先进、中游、后进")},
    )
    table_downloads(table.rename(columns={change_header: f"较上期（{labels.change_unit(unit)}）"}), title=title,
                    source=source, demo=demo, key=key)


def selected_county_card(frame: pd.DataFrame, unit: str) -> pd.Series | None:
    """Name, value, rank and change of the selected county, with a button to clear it.

    In a container that is there with or without a county: elements a selection adds or removes would move every
    element after them to another place in the page, and the browser mounts a moved chart afresh."""
    card = st.container()
    adcode = filters.selected_county()
    rows = frame[frame["adcode"] == adcode]
    if rows.empty:
        return None
    row = rows.iloc[0]
    head, clear = card.columns([5, 1], vertical_alignment="center")
    head.markdown(f"#### 已选：{row['name']}\n"
                  f":gray[{row['prefecture']} · {row['county_type']} · {row['metro_circle']}]")
    clear.page_link("app_pages/county.py", label="县域画像", icon=":material/location_city:")
    clear.button("清除选择", key="clear_county", icon=":material/close:", on_click=map_clicks.choose, args=(None,))
    a, b, c = card.columns(3)
    a.metric("数值", labels.with_unit(row["value"], unit))
    ranked = pd.notna(row["rank"])
    rank_text = f"{int(row['rank'])} / {int(row['ranked_count'])}" if ranked else labels.FILTERED_OUT_LABEL
    b.metric("筛选范围内排名", rank_text, delta=labels.places_moved(row["rank"], row["prev_rank"]))
    c.metric("较上期", labels.signed(row["value"] - row["prev_value"], unit) if pd.notna(row["prev_value"]) else "—")
    return row


def table_downloads(table: pd.DataFrame, *, title: str, source: str, demo: bool, key: str, note: str = "") -> None:
    """CSV and Excel of a table as shown (Chinese headers with units; no cell runs as a formula; demo marked).

    The files are made on click (deferred data), not on every run: the Excel of the 23,000 villages
    takes 2.6 s to write, several times the rest of its page's run.
    """
    # A wrapping row, not fixed columns: in a half-width column (a league table beside its map) sixths
    # of it were narrower than the labels, which were cut to the icon.
    row = st.container(horizontal=True, vertical_alignment="center", gap="small")
    row.download_button("下载 CSV", lambda: export.to_csv_bytes(table, demo=demo), file_name=f"{title}.csv",
                        mime="text/csv", key=f"{key}_csv", icon=":material/download:", on_click="ignore")
    row.download_button("下载 Excel", lambda: export.to_xlsx_bytes(table, title=title, source=source, demo=demo),
                        file_name=f"{title}.xlsx", key=f"{key}_xlsx", icon=":material/download:",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        on_click="ignore")
    if note:
        row.caption(note)


@memo.table  # the same ranking gives the same rows: not rebuilt on every run (each task page has two)
def _league_rows(frame: pd.DataFrame, value_header: str, change_header: str, tiers: bool,
                 place: str) -> tuple[pd.DataFrame, bool]:
    """The ranked rows in the filter as the table shows them, and whether any is demo data."""
    shown = frame[frame["in_filter"] & frame["value"].notna()].sort_values("rank")
    # Short names (长阳, not 长阳土家族自治县) keep the table within 1366 px; the map hover has full names.
    names = shown["short_name"] if place == PREFECTURE_HEADER else \
        [labels.county_with_prefecture(n, p) for n, p in zip(shown["short_name"], shown["prefecture"])]
    table = pd.DataFrame({
        "排名": shown["rank"].astype("Int64"),
        place: names,
        value_header: shown["value"],
        change_header: shown["value"] - shown["prev_value"],
        "名次变化": [labels.rank_change(r, p) for r, p in zip(shown["rank"], shown["prev_rank"])],
        "档次": shown["tier"].map(labels.TIERS),
    })
    # The tier column only when the map is coloured by tier.
    return (table if tiers else table.drop(columns="档次")), labels.any_demo(shown)


def source_note(text: str) -> None:
    st.caption(text)


def catalog_table(catalog: pd.DataFrame) -> None:
    """The indicator catalog as a searchable table with Chinese headers."""
    table = pd.DataFrame({
        "任务": catalog["area_name"], "指标": catalog["name"], "单位": catalog["unit"],
        "粒度": catalog["grain"], "频率": catalog["frequency"].map(labels.FREQUENCY),
        "口径": catalog["measure"], "方向": catalog["direction"].map(labels.DIRECTION),
        "方案条款": catalog["clause"], "数据来源": catalog["source"], "定义": catalog["definition"],
        "已有期数": catalog["periods"], "代码": catalog["id"],
    })
    st.dataframe(table, hide_index=True, height=640, width="stretch")
    table_downloads(table, title="指标目录", source="本系统指标目录（依据实施方案）", demo=False, key="catalog")
