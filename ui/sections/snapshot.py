"""Sections of the meeting snapshots (会议快照): save one, and compare a view with it — "since the last meeting"."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import queries
from data.warehouse import snapshots
from ui.frame import access, filters
from ui.sections import change, detail
from ui.style import labels

NO_SNAPSHOT = 0  # the picker's 不对比
MOVERS = 5


def _snapshots() -> pd.DataFrame:
    return queries.run("snapshot/snapshots")


def picker(key: str) -> pd.Series | None:
    """A snapshot to compare with (bound to the URL), or None."""
    saved = _snapshots()
    if saved.empty:
        return None
    by_id = saved.set_index("snapshot_id")
    chosen = st.selectbox("与会议快照对比", [NO_SNAPSHOT, *by_id.index], key=key, bind=filters.URL,
                          format_func=lambda i: "不对比" if i == NO_SNAPSHOT else
                          f"{by_id.at[i, 'name']}（截至{labels.period_label(by_id.at[i, 'as_of'])}）")
    return None if chosen == NO_SNAPSHOT else by_id.loc[chosen]


def compare(f: filters.Filters, indicator: pd.Series, period, key: str) -> None:
    """Values, ranks and tiers then (at the snapshot) and now, and the movers up and down since."""
    snapshot = picker(f"{key}_snapshot")
    if snapshot is None:
        return
    frame = queries.run("snapshot/indicator_vs_snapshot", indicator=indicator.name, period=period,
                        snapshot=int(snapshot.name), **f.query_params())
    if frame["value_then"].isna().all():
        st.info(f"快照“{snapshot['name']}”中没有“{indicator['name']}”的数据。", icon=":material/info:")
        return
    frame["moved"] = frame["rank_then"] - frame["rank"]  # positive: up the table since the meeting
    unit, frequency = indicator["unit"], indicator["frequency"]
    then_text = labels.period_label(frame["period_then"].dropna().max(), frequency)
    now_text = labels.period_label(period, frequency)
    st.markdown(f"**自“{labels.literal(snapshot['name'])}”以来：{indicator['name']}**　"
                f":gray[快照期别 {then_text} → 当前 {now_text} · {f.describe()}]")
    up, down = st.columns(2)
    _movers(up, frame[frame["moved"] > 0].nlargest(MOVERS, "moved"), "名次上升最多", unit)
    _movers(down, frame[frame["moved"] < 0].nsmallest(MOVERS, "moved"), "名次下降最多", unit)
    span = f"自“{snapshot['name']}”（{then_text}）至{now_text}"
    change.change_view(change.since_snapshot(f, frame), indicator, span, key=f"{key}_since_snapshot")
    detail.records(_table(frame), TABLE_COLUMNS | {"then": f"快照时（{unit}）", "now": f"当前（{unit}）",
                                                           "change": f"变化（{labels.change_unit(unit)}）"},
                            key=f"{key}_vs_snapshot", title=f"{indicator['name']}：与{snapshot['name']}对比",
                            source=f"{indicator['source']}；快照保存于{str(snapshot['created_at'])[:16]}")


def _movers(slot, rows: pd.DataFrame, title: str, unit: str) -> None:
    slot.markdown(f"**{title}**")
    if rows.empty:
        slot.caption("无")
    for _, row in rows.iterrows():
        slot.markdown(f"{labels.literal(row['name'])}：第 {int(row['rank_then'])} → 第 {int(row['rank'])} 名"
                      f"　:gray[{labels.with_unit(row['value_then'], unit)} → {labels.with_unit(row['value'], unit)}]")


TABLE_COLUMNS = {"name": "县（市、区）", "prefecture": "市州", "rank_then": "快照时排名", "rank": "当前排名",
                 "moved": "名次变化", "tier_then": "快照时档次", "tier": "当前档次"}


def _table(frame: pd.DataFrame) -> pd.DataFrame:
    """The comparison as a reader's table: a county without a value then or now shows — (not None)."""
    out = frame.rename(columns={"value_then": "then", "value": "now"})
    out["change"] = out["now"] - out["then"]
    for column in ("tier", "tier_then"):
        out[column] = out[column].map(labels.TIERS).fillna("—")
    for column in ("rank", "rank_then"):
        out[column] = [str(int(r)) if pd.notna(r) else "—" for r in out[column]]
    out["moved"] = [labels.rank_change(r, p) for r, p in zip(frame["rank"], frame["rank_then"])]
    return out[["name", "prefecture", "then", "now", "change", "rank_then", "rank", "moved", "tier_then", "tier",
                "is_demo"]]


def save_form(as_of, who: str) -> None:
    """Save the figures as they stand at the as-of month under a meeting's name (province-wide editors, admins)."""
    if not access.may_change_province():
        st.caption("会议快照对全省用户可见，仅全省编辑或管理员可保存。")
        return
    default = f"{labels.period_label(as_of)}推进会"
    with st.form("save_snapshot", border=True):
        name = st.text_input("快照名称", value=default, max_chars=snapshots.MAX_NAME)
        note = st.text_input("备注（可选）", max_chars=200)
        st.caption(f"保存截至{labels.period_label(as_of)}（左侧“期别”）各指标最新一期的县域数值；此后的导入与修订不改变快照。")
        if st.form_submit_button("保存快照", icon=":material/bookmark_add:", type="primary"):
            try:
                snapshot_id = snapshots.save(name, as_of, by=access.actor(who or "未署名"), note=note)
            except snapshots.SnapshotRefused as refused:
                st.error(str(refused))
            else:  # the new build is published: the next query reads it
                st.success(f"已保存快照“{labels.literal(name.strip())}”（编号 {snapshot_id}）；"
                           "各页“与会议快照对比”可选用。")


def saved_list() -> None:
    """The saved snapshots, newest first."""
    saved = _snapshots()
    if saved.empty:
        st.caption("尚未保存快照。")
        return
    table = pd.DataFrame({"编号": saved["snapshot_id"], "名称": saved["name"],
                          "截至": saved["as_of"].map(labels.period_label), "指标数": saved["indicators"],
                          "保存人": saved["created_by"], "保存时间": saved["created_at"].astype(str).str[:16],
                          "备注": saved["note"].fillna("")})
    st.dataframe(table, hide_index=True, width="stretch")
