"""Pure builders: class breaks, colour scales, labels and formats, exports."""

import io

import numpy as np
import openpyxl
import pandas as pd
import pytest

from ui.figures import maps
from ui.files import export
from ui.style import labels, theme


def spec(**kw) -> maps.MapSpec:
    return maps.MapSpec(title="t", unit="亿元", period_text="2025年6月", source="s", demo=True, **kw)


def test_quantile_breaks_split_counts_evenly():
    edges = maps.quantile_breaks(np.arange(1, 101, dtype=float), 5)
    classes = maps.assign_classes(pd.Series(np.arange(1, 101, dtype=float)), edges)
    assert len(edges) == 6 and classes.value_counts().tolist() == [20] * 5


def test_jenks_finds_natural_groups():
    values = np.array([1, 2, 3, 50, 51, 52, 100, 101, 102], dtype=float)
    edges = maps.jenks_breaks(values, 3)
    classes = maps.assign_classes(pd.Series(values), edges).tolist()
    assert classes == [0, 0, 0, 1, 1, 1, 2, 2, 2]


def test_diverging_edges_split_at_zero_with_two_colour_families():
    values = np.array([-6, -3, -1, 1, 2, 4, 6, 8, 10], dtype=float)
    s = spec(diverging=True)
    edges = maps.class_edges(values, s)
    colours = maps.class_colours(edges, s)
    assert 0.0 in edges and edges[0] == -6 and edges[-1] == 10
    negative = edges.index(0.0)
    assert set(colours[:negative]) <= set(theme.DIVERGING[:3]) and set(colours[negative:]) <= set(theme.DIVERGING[3:])


def test_stepped_colorscale_maps_each_class_to_its_colour():
    scale = maps.stepped_colorscale(["a", "b", "c"])
    assert scale[0] == [0.0, "a"] and scale[-1] == [1.0, "c"] and [0.5, "b"] not in scale
    assert {c for _, c in scale} == {"a", "b", "c"}


def test_classify_lists_no_data_and_filtered_out_in_the_legend():
    frame = pd.DataFrame({"adcode": list("abcd"), "value": [1.0, 2.0, None, 3.0],
                          "in_filter": [True, True, True, False], "tier": [1, 2, None, None]})
    index, names, colours = maps.classify(frame, spec())
    assert names[-2:] == [labels.NO_DATA_LABEL, labels.FILTERED_OUT_LABEL]
    assert colours[-2:] == [theme.NO_DATA, theme.FILTERED_OUT]
    assert index.tolist()[2:] == [len(names) - 2, len(names) - 1]
    _, tier_names, _ = maps.classify(frame, spec(method="tiers"))
    assert tier_names[:3] == ["先进", "中游", "后进"]


@pytest.mark.parametrize("value,unit,text", [(1234.56, "亿元", "1,234.6 亿元"), (6.54, "%", "6.5%"),
                                             (123.0, "家", "123 家"), (None, "家", "—")])
def test_with_unit(value, unit, text):
    assert labels.with_unit(value, unit) == text


def test_any_demo_marks_a_frame_with_one_demo_row():
    assert labels.any_demo(pd.DataFrame({"is_demo": [None, False, True]}))
    assert not labels.any_demo(pd.DataFrame({"is_demo": [None, False]}))
    assert not labels.any_demo(pd.DataFrame({"is_demo": []})) and not labels.any_demo(pd.DataFrame({"value": [1.0]}))


def test_periods_changes_and_ranks():
    assert labels.period_label(pd.Timestamp(2025, 6, 1)) == "2025年6月"
    assert labels.period_label(pd.Timestamp(2025, 1, 1), "yearly") == "2025年"
    assert labels.signed(-0.4, "%") == "−0.4 个百分点" and labels.signed(2.0, "亿元") == "+2.0 亿元"
    assert labels.signed(-0.544, "分", places=2) == "−0.54 分" and labels.signed(0.0, "分", places=2) == "±0.00 分"
    assert labels.signed(1234.5, "亿元", with_unit=False) == "+1,234.5" and labels.signed(None, "%") == "—"
    assert labels.rank_change(3, 6) == "▲3" and labels.rank_change(6, 3) == "▼3" and labels.rank_change(2, 2) == "—"
    assert labels.places_moved(3, 6) == "+3 名" and labels.places_moved(2, 2) is None
    assert labels.short_prefecture("恩施土家族苗族自治州") == "恩施州" and labels.short_prefecture("黄石市") == "黄石"
    assert [labels.county_with_prefecture(n, p) for n, p in (("大冶", "黄石市"), ("仙桃", "仙桃市"),
            ("神农架", "神农架林区"), ("恩施", "恩施土家族苗族自治州"), ("荆州区", "荆州市"))] == [
        "大冶（黄石）", "仙桃", "神农架", "恩施（恩施州）", "荆州区（荆州）"]


def test_exports_neutralise_formulas_and_carry_the_demo_mark():
    frame = pd.DataFrame({"企业": ["=HYPERLINK(\"x\")", "+1", "-2", "@SUM(A1)", "正常"], "数值（亿元）": [1.0] * 5})
    csv = export.to_csv_bytes(frame, demo=True).decode("utf-8-sig").splitlines()
    assert csv[0] == "数据性质,企业,数值（亿元）"
    assert all(line.startswith("演示数据,") for line in csv[1:])
    assert "'=HYPERLINK" in csv[1] and ",'+1," in csv[2] and ",'-2," in csv[3] and ",'@SUM" in csv[4]
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(frame, title="名录", source="省经信厅", demo=True)))
    sheet = book["数据"]
    assert sheet["A1"].value == "名录（演示数据）" and sheet["B4"].value == "'=HYPERLINK(\"x\")"
    assert sheet.cell(row=sheet.max_row, column=1).value == labels.DEMO_NOTE
    plain = export.to_csv_bytes(frame, demo=False).decode("utf-8-sig")
    assert "演示数据" not in plain


def test_distance_note():
    assert labels.distance_note(0, 5.0, None) == "已达千亿"
    assert labels.distance_note(26.4, 8.1, 0.34) == "差 26.4 亿元 · 增速 8.1% · 按此增速约 0.3 年"
    assert labels.distance_note(500, -2.0, None).endswith("按此增速难以达到")


def test_hover_lines_escape_names_from_files():
    out = labels.hover_lines(pd.Series(["<a href='x'>厂</a>"]), pd.Series(["大冶市 & 阳新"]))
    assert out.iloc[0] == "&lt;a href=&#x27;x&#x27;&gt;厂&lt;/a&gt;<br>大冶市 &amp; 阳新"


def test_point_map_folds_rare_categories_so_every_point_is_drawn():
    from ui.figures import points

    frame = pd.DataFrame({"lon": [112.0] * 9, "lat": [31.0] * 9, "kind": list("aabbcdefg")})
    fig = points.point_map(frame, category="kind", hover=frame["kind"], title="t", period_text="p", source="s",
                           demo=False)
    drawn = {t.name: len(t.lon) for t in fig.data if t.type == "scattergeo"}
    assert sum(drawn.values()) == 9 and "其他（2）" in drawn  # 7 kinds, 6 colours: 5 kept, 2 folded


def test_category_map_lists_no_data():
    frame = pd.DataFrame({"adcode": ["420281", "420222"], "name": ["大冶市", "阳新县"], "prefecture": ["黄石市"] * 2,
                          "category": ["甲", None]})
    fig = maps.category_choropleth(frame, spec(), {"甲": "#000000"})
    assert [t.name for t in fig.data if t.type == "scattergeo"] == ["甲（1）", "无数据（1）"]


@pytest.mark.parametrize(("mode", "axis_colour"), [("standard", theme.MUTED_TEXT), ("elder", theme.ELDER_TEXT)])
def test_every_axis_and_the_legend_get_readable_text(monkeypatch, mode, axis_colour):
    """Streamlit's Plotly theme would draw axis text light grey; style_figure sets it on every axis there is."""
    from plotly.subplots import make_subplots

    from ui.frame import modes

    monkeypatch.setattr(modes, "current", lambda: getattr(modes, mode.upper()))
    fig = make_subplots(rows=1, cols=2)
    fig.add_bar(x=[1, 2], y=[3, 4], row=1, col=1).add_bar(x=[1, 2], y=[4, 3], row=1, col=2)
    styled = modes.style_figure(fig)
    axes = [*styled.select_xaxes(), *styled.select_yaxes()]
    assert len(axes) == 4
    assert {(a.tickfont.color, a.title.font.color) for a in axes} == {(axis_colour, axis_colour)}
    assert (styled.layout.legend.title.font.color, styled.layout.legend.font.color) == (axis_colour, theme.TEXT)


def test_long_texts_are_cut_at_their_separators_and_short_ones_stay_whole():
    title = "增长点月度监测全覆盖：各县达标情况 · 2026年10月"
    assert labels.wrap_text(title, 30, labels.TITLE_BREAKS) == [title]
    assert labels.wrap_text(title, 17, labels.TITLE_BREAKS) == ["增长点月度监测全覆盖：各县达标情况", "2026年10月"]
    footer = "数据来源：省统计局（增加值）、国网湖北省电力公司（用电量）　|　期别：2026年10月"
    lines = labels.wrap_text(footer, 20, labels.FOOTER_BREAKS)
    assert "".join(lines) == footer.replace("　|　", "") and all(labels.text_em(line) <= 20 for line in lines)


def test_a_map_reserves_more_legend_rows_for_long_entries_than_for_short_ones():
    from ui.figures import legend_space

    def entries(*names):
        return [maps.legend_entry(n, "#123456") for n in names]

    one_row = legend_space.legend_px(entries("-5.5 – -3.6", "0.0 – 4.9"), title="图例（%）")
    five = legend_space.legend_px(entries(*(f"绿色供应链管理企业（国家级）（{i}）" for i in range(5))))
    assert one_row == 2 * legend_space.ROW_PX + legend_space.PADDING_PX  # the title and one row
    assert five == 5 * legend_space.ROW_PX + legend_space.PADDING_PX  # too wide for two a row: one each


@pytest.mark.parametrize("scale", [1.0, 1.3])  # 演示模式 (1.35) hides the sidebar: its narrow charts are wider
def test_a_narrow_charts_title_and_footer_lines_fit_its_width_at_the_modes_text_size(scale):
    import plotly.graph_objects as go

    from ui.figures import charts

    fig = charts.card_layout(go.Figure(), title="三匹配：用电、税收增速与增加值增速之差 · 2026年10月", unit="百分点",
                             period_text="2026年10月（1—N月累计增速）", demo=True, narrow=True,
                             source="省统计局（增加值）、国网湖北省电力公司（用电量）")
    charts.fit_card_text(fig, scale)
    titles = fig.layout.title.text.split("<br>")
    footer = next(a for a in fig.layout.annotations if a.name == charts.FOOTER_NAME).text.split("<br>")
    assert all(labels.text_em(t) * charts.TITLE_PX * scale <= charts.NARROW_TEXT_PX for t in titles)
    assert all(labels.text_em(line) * charts.FOOTER_PX * scale <= charts.NARROW_TEXT_PX for line in footer)
    assert fig.layout.margin.t == 80 + charts.TITLE_LINE_PX * (len(titles) - 1) + charts.SUBTITLE_LINE_PX * (
        fig.layout.title.subtitle.text.count("<br>"))


def _text_bottom_px(fig, scale: float) -> float:
    """Where plotly.js draws the bottom of a card's subtitle, px under the figure's top, for text `scale` times the
    standard size (plotly.js titles and svg_text_utils, checked in chromium with Noto Sans CJK: ascent 1.16 em,
    descent 0.29 em). A one-line text's baseline sits 0.7 em under its anchor, the first line of several on it;
    lines are 1.3 em apart; the subtitle, 0.7 times the title's size, is anchored 1.6 em under the title's box."""
    from ui.figures import charts

    title_px = charts.TITLE_PX * scale
    subtitle_px = 0.7 * title_px
    titles, subtitles = (fig.layout.title.text.count("<br>") + 1, fig.layout.title.subtitle.text.count("<br>") + 1)
    baseline = fig.layout.title.pad.t + (0.7 * title_px if titles == 1 else 0)
    assert baseline - 1.16 * title_px >= 0  # the first line is not cut at the figure's top
    title_bottom = baseline + 1.3 * title_px * (titles - 1) + 0.29 * title_px
    first = title_bottom + 1.6 * subtitle_px + (0.7 * subtitle_px if subtitles == 1 else 0)
    return first + 1.3 * subtitle_px * (subtitles - 1) + 0.29 * subtitle_px


@pytest.mark.parametrize("scale", [1.0, 1.3, 1.35])  # 标准, 长者模式, 演示模式
@pytest.mark.parametrize("topics", [1, 2, 3, 4])
@pytest.mark.parametrize("unit", ["%", "万千瓦时（当月，按行业大类汇总的规上企业用电量）"], ids=["short", "long"])
def test_a_maps_top_margin_holds_its_title_and_subtitle_lines_at_the_modes_text_size(scale, topics, unit):
    """The counties start at the plot's top (a map as tall as its plot): the title and subtitle, however many
    lines they take, end above it. A three-line title once ran its subtitle over 十堰 in 演示模式."""
    import plotly.graph_objects as go

    from ui.figures import charts

    fig = go.Figure(go.Scattergeo(lon=[112], lat=[31]))
    title = "".join(f"规上工业总产值增速（累计）{i}：" for i in range(topics - 1)) + "规上工业总产值 · 2026年10月"
    charts.card_layout(fig, title=title, unit=unit, period_text="2026年10月", source="省统计局", demo=True,
                       narrow=True, plot_height=450, is_map=True)
    charts.fit_card_text(fig, scale)
    assert fig.layout.title.text.count("<br>") >= topics - 1  # a line per topic at least
    assert _text_bottom_px(fig, scale) <= fig.layout.margin.t * scale  # ui.frame.modes scales margins by `scale`
