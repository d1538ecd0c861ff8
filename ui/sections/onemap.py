"""Sections of 全省一张图: what to show, the deck.gl map itself (a click selects a county everywhere), its legend."""

from __future__ import annotations

import html
import zlib

import pandas as pd
import streamlit as st

import queries
from ui.figures import deck, maps, specs
from ui.frame import filters
from ui.sections import common, industry
from ui.style import labels, theme

POINT_LAYERS = {"parks": "工业园区（按产值大小）", "green": "绿色工厂（按梯度）", "growth": "工业增长点（按状态）"}
GREEN_FACTORY = "绿色工厂"
LIST_LAYER = "list:"  # a pill per loaded named list: list:<list name>


def controls(f: filters.Filters, indicators: pd.DataFrame) -> tuple[pd.Series, pd.Series | None, list[str]]:
    """The colouring indicator, an optional indicator to raise the counties by, and the point layers shown;
    with an industry chosen, its measures first (industry.offer), named with it."""
    indicators, default = industry.offer(f, indicators, "output_yi", key="onemap")
    colour_col, raise_col = st.columns(2)
    with colour_col:
        colour = industry.named(f, common.indicator_picker(indicators, key="onemap_indicator", default=default))
    with raise_col:
        options = ["—", *indicators["id"]]
        names = dict(zip(indicators["id"], indicators["name"]))
        raised_id = st.selectbox("三维高度（可选）", options, format_func=lambda i: names.get(i, "不抬高"),
                                 key="onemap_raise", bind=filters.URL)
    offered = POINT_LAYERS | {f"{LIST_LAYER}{n}": f"名单：{n}" for n in queries.run("lists/lists", prefecture=None)
                              .sort_values("list_name")["list_name"]}  # every loaded list, a layer each
    layers = st.pills("点图层", list(offered), format_func=offered.get, selection_mode="multi",
                      default=["parks"], key="onemap_layers", bind=filters.URL) or []
    raised = industry.named(f, indicators.set_index("id").loc[raised_id]) if raised_id != "—" else None
    industry.note(f, colour)
    return colour, raised, list(layers)


def _county_values(f: filters.Filters, indicator: pd.Series) -> tuple[pd.DataFrame, str] | None:
    period = filters.period_for(indicator, f.as_of, f.industry)
    if period is None:
        return None
    frame = queries.run("overview/indicator_by_county", indicator=indicator.name, period=period, **f.figure_params())
    return frame, labels.period_label(period, indicator["frequency"])


def _list_points(f: filters.Filters, list_name: str) -> deck.Points:
    """A named list's members placed in a county of the filter: at the park's or firm's registered point
    where one of that name is loaded, else inside their county (said in the tooltip)."""
    frame = queries.run("lists/member_points", list_name=list_name, **f.query_params())
    located = frame["lon"].notna() & frame["lat"].notna()
    notes = [" · ".join(html.escape(t) for t in (c, lv) if isinstance(t, str) and t)
             for c, lv in zip(frame["category"], frame["level"])]
    frame = deck.at_counties(frame.assign(category=located.map({True: "登记位置", False: "县域示意位置"})))
    frame["tooltip"] = [f"{html.escape(n)}<br/>{html.escape(c)} · {'登记位置' if here else '位置为县域示意'}"
                        + (f"<br/>{note}" if note else "")
                        for n, c, here, note in zip(frame["name"], frame["county"], located, notes)]
    return deck.Points(f"list_{zlib.crc32(list_name.encode())}", f"名单：{list_name}", frame,
                       theme.LIST_POINT_COLOURS, radius_px=4.5)  # a list has few members: larger than the rest


def _points(f: filters.Filters, layer: str) -> deck.Points | None:
    """One point layer's rows in the filters, with its category colours and tooltips."""
    if layer.startswith(LIST_LAYER):
        return _list_points(f, layer.removeprefix(LIST_LAYER))
    year = filters.latest_period("park_output_yi" if layer == "parks" else "srdi_count", f.as_of)
    if layer == "growth":
        frame = queries.run("detail/growth_points", period=f.as_of, industry=f.industry, adcode=None,
                            **f.query_params())
        frame = frame.assign(category=frame["status"], tooltip=[
            f"{html.escape(n)}<br/>{c} · {s} · 预计产值 {labels.with_unit(v, '亿元')}"
            for n, c, s, v in zip(frame["project_name"], frame["county"], frame["status"],
                                  frame["expected_output_yi"])])
        return deck.Points("growth", POINT_LAYERS[layer], frame, theme.GROWTH_STATUS_COLOURS, "expected_output_yi")
    if year is None:
        return None
    if layer == "parks":
        frame = queries.run("detail/parks", period=year, adcode=None, **f.query_params())
        frame = frame.assign(category=frame["park_kind"], tooltip=[
            f"{html.escape(n)}<br/>{c} · {k}园区 · 产值 {labels.with_unit(v, '亿元')}"
            for n, c, k, v in zip(frame["park_name"], frame["county"], frame["park_kind"], frame["output_yi"])])
        return deck.Points("parks", POINT_LAYERS[layer], frame, theme.PARK_KIND_COLOURS, "output_yi", 3.0)
    frame = queries.run("detail/enterprises_with_honours", honours=(GREEN_FACTORY,), year=year.year,
                        industry=f.industry, adcode=None, **f.query_params())
    tiers = frame["category"].str.extract(r"（(.+)）", expand=False).fillna("")
    frame = frame.assign(category=tiers, tooltip=[f"{html.escape(n)}<br/>{c} · 绿色工厂（{t}）"
                                                  for n, c, t in zip(frame["enterprise_name"], frame["county"], tiers)])
    return deck.Points("green", POINT_LAYERS[layer], frame, theme.HONOUR_TIER_COLOURS, radius_px=2.5)


def one_map(f: filters.Filters, colour: pd.Series, raised: pd.Series | None, layers: list[str]) -> None:
    """The deck, its legend and what it holds; a click on a county selects it for every page."""
    shown = _county_values(f, colour)
    if shown is None:
        st.info(f"截至{labels.period_label(f.as_of)}，“{colour['name']}”尚无数据。", icon=":material/info:")
        return
    frame, period_text = shown
    demo = labels.any_demo(frame)
    spec = specs.map_spec(colour, period_text, "quantile", demo=demo)
    raise_by = None
    if raised is not None and (values := _county_values(f, raised)) is not None:
        raise_by = values[0].set_index("adcode")["value"]
    features = deck.county_features(frame, spec, raise_by, raised["name"] if raised is not None else "",
                                    raised["unit"] if raised is not None else "")
    points = [p for p in (_points(f, layer) for layer in layers) if p is not None]
    st.markdown(f"**全省一张图：{colour['name']}** · {f.describe()} · {period_text}"
                + (f" · 高度：{raised['name']}" if raised is not None else ""))
    event = st.pydeck_chart(deck.one_map(features, points, raised=raise_by is not None), height=720,
                            on_select="rerun", selection_mode="single-object", key="onemap_deck")
    _select_clicked(event)
    legend(frame, spec, points, demo)


def _select_clicked(event) -> None:
    objects = (getattr(getattr(event, "selection", None), "objects", None) or {}).get("counties") or []
    clicked = (objects[0].get("properties") or objects[0]).get("adcode") if objects else None
    if clicked and clicked != filters.selected_county():
        filters.select_county(clicked)
        st.rerun()


def _swatch(colour: str, text: str) -> str:
    return (f'<span style="display:inline-block;width:0.9em;height:0.9em;background:{colour};'
            f'vertical-align:middle;margin:0 0.3em 0 0.8em"></span>{html.escape(text)}')


def legend(frame: pd.DataFrame, spec, points: list[deck.Points], demo: bool) -> None:
    """deck.gl draws no legend: the county classes and each point layer's categories, as a caption under it."""
    _, names, colours = maps.classify(frame, spec)
    rows = [f"**{spec.title}（{spec.unit}）**" + "".join(_swatch(c, n) for n, c in zip(names, colours))]
    for layer in points:
        present = [c for c in layer.colours if c in set(layer.frame["category"])]
        counts = layer.frame["category"].value_counts()
        rows.append(f"**{layer.name}**" + "".join(_swatch(layer.colours[c], f"{c} {counts[c]}") for c in present))
    for row in rows:
        st.markdown(row, unsafe_allow_html=True)
    note = labels.source_line(spec.source, spec.period_text, demo)
    st.caption(f"{note} 县界为底图，无在线瓦片；拖动平移，滚轮缩放，按住右键旋转；点击县域即在各页选中该县。"
               "本图仅供内部参考，不作为标准地图。")
