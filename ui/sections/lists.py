"""Named lists (名单) of parks and enterprises: placing a list's rows on 数据管理, the county count map with its
league table on the task pages, and a county's members on its profile.

Loaded lists are real data and are shown on their own, beside (never mixed into) the demo honours.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import queries
from data.importer import ingest
from data.importer.lists import RESOLUTIONS
from data.warehouse import list_assignments
from ui.figures import maps
from ui.frame import access, filters
from ui.sections import common
from ui.style import labels, theme

KIND_NAMES = {"park": "园区", "enterprise": "企业"}
PICK = "（请选择县（市、区））"
# Chinese headers of a list's staged rows in the 数据管理 preview.
ROW_HEADERS = {"row_number": "行号", "list_name": "名单", "kind": "类型", "name": "名称", "name_key": "比对名",
               "prefecture_code": "市州代码", "resolution": "定位依据", "region_text": "表中地区", "address": "地址",
               "category": "类别", "level": "级别", "list_batch": "批次", "year": "年份"}


def options(path_name: str) -> tuple[str | None, str | None]:
    """On 数据管理: whether the file is a named list, its name and kind; (None, None) for any other table."""
    is_list = st.toggle("这是园区或企业名单（按名称，无代码）", key=f"is_list_{path_name}",
                        help="如化工园区名单、绿色制造名单、专精特新企业名单；每行按地区列、名称或地址定位到县（市、区）。")
    if not is_list:
        return None, None
    left, right = st.columns([3, 1])
    name = left.text_input("名单名称", key=f"list_name_{path_name}", placeholder="如 湖北省化工园区名单").strip()
    kind = right.selectbox("名单类型", ["自动识别", "园区", "企业"], key=f"list_kind_{path_name}")
    if not name:
        st.caption("填写名单名称后开始识别。")
    return name or None, None if kind == "自动识别" else kind


def _operator() -> str:
    signed_in = access.current()
    return signed_in.name if signed_in.how != "local" else st.session_state.get("operator", "").strip()


def _county_choices(prefecture_code: str | None) -> dict[str, str]:
    """Adcode → label of the counties an editor may pick: the row's prefecture's when it is known."""
    regions = queries.run("common/regions")
    if prefecture_code:
        regions = regions[regions["prefecture_code"] == prefecture_code]
    return {a: f"{n}（{p}）" for a, n, p in zip(regions["adcode"], regions["name"], regions["prefecture"])}


def placements(result: ingest.Preview) -> None:
    """On 数据管理: every row not placed in a county, and a county picker that places a name (remembered)."""
    staged = result.staged
    open_rows = staged[staged["adcode"].isna()]
    prefectures = queries.run("common/regions").drop_duplicates("prefecture_code") \
        .set_index("prefecture_code")["prefecture"]
    if open_rows.empty:
        st.success("名单中每一行都已定位到县（市、区）。", icon=":material/check_circle:")
    else:
        st.markdown(f"**未定位到县（市、区）的 {len(open_rows)} 行**：可逐行指定县（市、区），指定会被记住，"
                    "以后的名单和导入同样使用；也可不指定，按市州或未定位导入。")
        table = pd.DataFrame({"行": open_rows["row_number"], "名称": open_rows["name"],
                              "表中地区": open_rows["region_text"].fillna(""),
                              "结果": [f"仅到{prefectures.get(p, p)}" if pd.notna(p) else "未定位"
                                     for p in open_rows["prefecture_code"]]})
        st.dataframe(table, hide_index=True, width="stretch")
        _assign_form(open_rows)
    assigned_list()


def _assign_form(open_rows: pd.DataFrame) -> None:
    names = dict(zip(open_rows["name"], open_rows["prefecture_code"]))
    left, middle, right = st.columns([2, 2, 1], vertical_alignment="bottom")
    name = left.selectbox("名称", list(names), key="assign_name")
    prefecture = names.get(name)
    counties = _county_choices(prefecture if pd.notna(prefecture) else None)
    adcode = middle.selectbox("指定到县（市、区）", [PICK, *counties], key="assign_county",
                              format_func=lambda a: counties.get(a, a))
    who = _operator()
    if right.button("指定", key="assign_button", disabled=adcode == PICK or not who, icon=":material/pin_drop:"):
        list_assignments.assign_name(name, adcode, by=who)
        st.rerun()
    if not who:
        st.caption("填写操作人后才能指定。")


def assigned_list() -> None:
    """The placements in force, with who made them; one can be undone."""
    table = list_assignments.table()
    if table.empty:
        return
    names = queries.run("common/regions").set_index("adcode")["name"]
    with st.expander(f"已指定的名称（{len(table)} 个，以后的名单同样使用）"):
        st.dataframe(pd.DataFrame({"名称": table["name"], "县（市、区）": table["adcode"].map(names),
                                   "指定人": table["by"], "时间": table["at"]}), hide_index=True, width="stretch")
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        name = left.selectbox("撤销指定", list(table["name"]), key="undo_name")
        who = _operator()
        if right.button("撤销", key="undo_button", disabled=not who, icon=":material/undo:"):
            list_assignments.undo(name, by=who)
            st.rerun()


def list_map(f: filters.Filters, key: str) -> None:
    """On a task page: any loaded list as a county count map with its league table; what it leaves out, said."""
    st.markdown("**名单分布**（导入的园区、企业名单，按县（市、区）计数；与上方演示名录分开）")
    loaded = queries.run("lists/lists", prefecture=f.prefecture)
    if loaded.empty:
        st.caption("尚未导入名单。在“数据管理”页导入园区或企业名单（按名称）后，可在此按县（市、区）查看名单分布。")
        return
    chosen = st.selectbox("名单", list(loaded["list_name"]), key=f"{key}_list")
    row = loaded.set_index("list_name").loc[chosen]
    frame = queries.run("lists/members_by_county", list_name=chosen, **f.query_params())
    frame["prev_value"] = frame["prev_value"].astype("float64")  # a list has no earlier period: empty, not None
    unit, kind = ("个" if row["kind"] == "park" else "家"), KIND_NAMES.get(row["kind"], "")
    year = f"{int(row['latest_year'])}年" if pd.notna(row["latest_year"]) else "名单"
    spec = maps.MapSpec(title=f"{chosen}（{kind}数）", unit=unit, period_text=year,
                        source="导入名单", demo=False,
                        # Classes cut from the distinct counts: mostly zeros would leave one class (0 – 2).
                        class_values=tuple(sorted(set(frame.loc[frame["in_filter"], "value"]))))
    left, right = st.columns([11, 9])
    with left:
        _count_map(frame, spec, key=f"{key}_map")
    with right:
        st.markdown(f"**{labels.literal(chosen)}** · 各县（市、区）{kind}数 · {f.describe()}")
        common.league_table(frame, unit, key=f"{key}_league", title=f"{chosen}_{f.describe()}", source="导入名单")
    common.source_note(_left_out(row, unit))


def _count_map(frame: pd.DataFrame, spec: maps.MapSpec, key: str) -> None:
    """A few distinct counts (0, 1, 2 …) each get their own colour and legend entry; many are classed."""
    counts = sorted(set(frame.loc[frame["in_filter"], "value"]))
    if len(counts) > len(theme.SEQUENTIAL):
        common.county_map(frame, spec, key=key)
        return
    names = {v: f"{int(v)} {spec.unit}" for v in counts}
    shown = frame.assign(category=[names[v] if kept else None for v, kept in zip(frame["value"], frame["in_filter"])])
    colours = dict(zip(names.values(), theme.sequential(len(names)), strict=True))
    common.clickable_map(maps.category_choropleth(shown, spec, colours), key)


def _left_out(row: pd.Series, unit: str) -> str:
    parts = [f"名单共 {row['members']} {unit}，定位到县（市、区）{row['in_county']} {unit}"]
    if row["prefecture_only"]:
        parts.append(f"仅到市州 {row['prefecture_only']} {unit}（未计入地图）")
    if row["unresolved"]:
        parts.append(f"未定位 {row['unresolved']} {unit}（未计入地图，可在“数据管理”页指定）")
    return "；".join(parts) + "。来源：导入名单（非演示数据）。"


def county_members(adcode: str) -> None:
    """On the county profile: the county's members of every loaded list."""
    members = queries.run("lists/county_members", adcode=adcode)
    if members.empty:
        st.caption("本县（市、区）不在已导入的名单中（或尚未导入名单）。")
        return
    st.dataframe(pd.DataFrame({"名单": members["list_name"], "名称": members["name"],
                               "类别": members["category"].fillna(""), "级别": members["level"].fillna(""),
                               "年份": members["year"].astype("Int64"),
                               "定位依据": members["resolution"].map(RESOLUTIONS)}),
                 hide_index=True, width="stretch")
    common.source_note(f"来源：导入名单（{labels.literal('、'.join(members['list_name'].unique()))}），非演示数据。")
