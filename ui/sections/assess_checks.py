"""Sections of the 强县考核 page that follow the scores over time and across sources: the key-county list and 三匹配.

能进能出 (方案二(一)1): the key-county list moves by rules the user sets; 三匹配: value-added growth
should agree with industrial electricity and tax growth, and counties where it does not are listed.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import queries
from data.warehouse import assessment
from ui.figures import assess_charts, maps, memo
from ui.frame import filters
from ui.sections import assess, common
from ui.style import labels, theme

MATCHED, POWER_OFF, TAX_OFF, BOTH_OFF = "三项匹配", "用电量偏离", "税收偏离", "用电量、税收均偏离"
MATCH_COLOURS = {MATCHED: theme.SEQUENTIAL[1], POWER_OFF: theme.COMPARE_COLOURS[3], TAX_OFF: theme.TARGET_BEHIND,
                 BOTH_OFF: theme.DIVERGING[0], labels.FILTERED_OUT_LABEL: theme.FILTERED_OUT}


def key_list_rule() -> assessment.KeyListRule:
    """N, M and K of 能进能出, bound to the URL."""
    default = assessment.KeyListRule()
    top, bottom, periods = st.columns(3)
    n = top.number_input("入选：全省前 N 名", 1, 60, default.enter_top, key="assess_enter_top", bind=filters.URL)
    m = bottom.number_input("退出：全省后 M 名", 1, 100, default.exit_bottom, key="assess_exit_bottom",
                            bind=filters.URL)
    k = periods.number_input("连续 K 个月", 1, 12, default.periods, key="assess_periods", bind=filters.URL)
    return assessment.KeyListRule(int(n), int(m), int(k))


def key_counties(view: assess.View) -> None:
    """The key-county list now, this month's entries and exits, and every change since the first month."""
    rule = key_list_rule()
    history = queries.run("assess/rank_history", version=view.version_id, as_of=view.period)
    if history.empty:
        st.info("尚无可计算名单的月度得分。", icon=":material/info:")
        return
    now, current, changes = _key_list_tables(history, rule)
    first = history["month"].min()
    a, b, c = st.columns(3)
    a.metric("重点县名单", f"{len(current)} 个")
    b.metric(f"{view.period_text}进入", f"{int((now['event'] == '进入').sum())} 个")
    c.metric(f"{view.period_text}退出", f"{int((now['event'] == '退出').sum())} 个")
    left, right = st.columns([5, 4])
    with left:
        st.markdown(f"**现行名单** · {view.period_text}")
        st.dataframe(current, hide_index=True, height=420, width="stretch",
                     column_config={"得分": st.column_config.NumberColumn(format="%.2f")})
        assess.downloads(current, title=f"重点县名单_{view.period_text}", demo=labels.any_demo(history),
                                  key="assess_key_list")
    with right:
        st.markdown("**名单变动记录**")
        st.dataframe(changes, hide_index=True, height=420, width="stretch")
        assess.downloads(changes, title=f"重点县名单变动_{view.period_text}",
                                  demo=labels.any_demo(history), key="assess_key_changes")
    common.source_note(
        f"首批名单为{labels.period_label(first)}（方案实施首月）全省前 {rule.enter_top} 名；"
        f"此后连续 {rule.periods} 个月位居前 {rule.enter_top} 名的县进入，"
        f"连续 {rule.periods} 个月排在后 {rule.exit_bottom} 名的县退出。"
        f"名次为强县工程范围内的全省名次，不随市州等筛选改变；依据{view.version_text}评分细则。")


@memo.table  # the same ranks and rule give the same list: made once, not on every click
def _key_list_tables(history: pd.DataFrame, rule: assessment.KeyListRule) -> tuple[pd.DataFrame, ...]:
    """This month's list events, the list now (as shown) and the months in which it changed."""
    events = assessment.key_list(history, rule)
    first = history["month"].min()
    now = events[events["month"] == events["month"].max()]
    info = history[history["month"] == history["month"].max()].drop(columns="month").set_index("adcode")
    since = events[events["event"].notna()].groupby("adcode")["month"].max()  # the latest entry into the list
    members = now[now["on_list"]].join(info, on="adcode").sort_values("rank")
    current = pd.DataFrame({
        "本月名次": members["rank"], "县（市、区）": members["name"], "市州": members["prefecture"],
        "得分": members["score"], "入选": [_since_text(since.get(a), first) for a in members["adcode"]],
        "本月": members["event"].fillna("")})
    return now, current, _changes(events, history)


def _since_text(month, first) -> str:
    return f"首批（{labels.period_label(first)}）" if month is None or month == first else labels.period_label(month)


def _changes(events: pd.DataFrame, history: pd.DataFrame) -> pd.DataFrame:
    """One row per month in which the list changed: who entered, who left, and how many are on it after."""
    names = history.drop_duplicates("adcode").set_index("adcode")["short_name"]
    rows = []
    for month, group in events.groupby("month"):
        entered = group.loc[group["event"] == "进入", "adcode"].map(names)
        left = group.loc[group["event"] == "退出", "adcode"].map(names)
        if len(entered) or len(left) or (group["event"] == "首批").any():
            rows.append({"月份": labels.period_label(month),
                         "进入": "首批" if (group["event"] == "首批").any() else "、".join(entered),
                         "退出": "、".join(left), "名单县数": int(group["on_list"].sum())})
    return pd.DataFrame(rows[::-1], columns=["月份", "进入", "退出", "名单县数"])


def _category(frame: pd.DataFrame) -> pd.Series:
    power, tax = frame["electricity_off"].fillna(False), frame["tax_off"].fillna(False)
    category = pd.Series(MATCHED, index=frame.index)
    category[power & ~tax], category[tax & ~power], category[power & tax] = POWER_OFF, TAX_OFF, BOTH_OFF
    category[frame["va_growth_pct"].isna()] = None
    category[~frame["in_filter"]] = labels.FILTERED_OUT_LABEL
    return category


def three_match(f: filters.Filters) -> None:
    """三匹配 in the as-of month: the scatter of the two gaps, the map, and the counties to follow up."""
    threshold = st.number_input("偏离阈值（百分点）", 0.5, 30.0, 5.0, 0.5, key="assess_threshold", bind=filters.URL,
                                width=240, help="用电量或税收增速与增加值增速之差的绝对值超过此值，即列入核查")
    frame = queries.run("assess/three_match_by_county", period=f.as_of, threshold=float(threshold),
                        **f.query_params())
    kept = frame[frame["in_filter"]]
    demo, month = labels.any_demo(frame), labels.period_label(f.as_of)
    flagged = kept[kept["flagged"]]
    st.markdown(f"**{month}：筛选范围内 {len(kept)} 个县（市、区）中，"
                f"{len(flagged)} 个偏离超过 {threshold:g} 个百分点**"
                f"（用电量 {int(kept['electricity_off'].sum())} 个，税收 {int(kept['tax_off'].sum())} 个）")
    left, right = st.columns(2)
    with left:  # a scatter has no county outline to draw: it selects, as the secondary maps do
        common.clickable_map(assess_charts.three_match_scatter(kept, threshold=threshold, period_text=month,
                                                                 demo=demo), key="assess_three_match_scatter",
                             outline=False)
    with right:
        spec = maps.MapSpec(title="三匹配核查", unit="", period_text=month, source=assess_charts.THREE_MATCH_SOURCE,
                            demo=demo)
        common.category_map(frame.assign(category=_category(frame)), spec, MATCH_COLOURS, key="assess_three_match_map")
    follow_up(flagged, month, demo)


def follow_up(flagged: pd.DataFrame, month: str, demo: bool) -> None:
    """The counties to follow up, most divergent first, exportable."""
    table = pd.DataFrame({
        "县（市、区）": flagged["name"], "市州": flagged["prefecture"], "偏离项": _category(flagged),
        "增加值增速（%）": flagged["va_growth_pct"], "用电量增速（%）": flagged["electricity_growth_pct"],
        "税收增速（%）": flagged["tax_growth_pct"], "用电−增加值（百分点）": flagged["electricity_gap_pp"],
        "税收−增加值（百分点）": flagged["tax_gap_pp"], "近6个月偏离月数": flagged["months_flagged"]})
    if table.empty:
        st.caption("本月无偏离超过阈值的县。")
        return
    one_place = st.column_config.NumberColumn(format="%.1f")
    st.dataframe(table, hide_index=True, width="stretch", height=min(420, 38 + 35 * len(table)),
                 column_config={c: one_place for c in table.columns if "（" in c and c != "县（市、区）"}
                 | {"近6个月偏离月数": st.column_config.NumberColumn(help="截至本月的6个月中偏离超过阈值的月数")})
    assess.downloads(table, title=f"三匹配核查清单_{month}", demo=demo, key="assess_three_match")
