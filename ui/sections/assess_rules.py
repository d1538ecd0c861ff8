"""The 强县考核 rules: a version's weights and scoring rules, the version record, a score's parts, a new version.

Editing is for province-wide editors and admins: `editing()` draws the editor only for them, and
assessment.save_version checks the actor again where it writes; a version records its author.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import queries
from data.actor import Actor
from data.warehouse import assessment
from ui.figures import memo
from ui.frame import access
from ui.style import labels

METHOD_NAMES = {"minmax": "最小—最大", "rank": "名次", "target": "目标达成"}
METHOD_HELP = ("最小—最大：100×(数值−全省最差)/(全省最好−全省最差)；名次：100×(参评县数−名次)/(参评县数−1)；"
               "目标达成：100×(1+(数值−目标)/|目标|)，即正目标时 数值÷目标。“越低越好”的指标方向相反。")
CHANGES = {"added": "新增", "removed": "删除", "changed": "修改"}
SAVED = "assess_saved_version"  # a version just saved: the next run shows it


def version_label(row: pd.Series, latest: int) -> str:
    """第2版（现行）· 2026-12-01 · 张三."""
    current = "（现行）" if int(row.name) == latest else ""
    return f"第{int(row.name)}版{current} · {str(row['created_at'])[:10]} · {row['created_by']}"


def _method_text(part: pd.Series) -> str:
    """How one indicator was scored for this county, in words."""
    if pd.isna(part["value"]):
        return "无数据，不计分"
    unit = part["unit"]
    if part["method"] == "minmax":
        text = (f"最小—最大（全省最差 {labels.with_unit(part['worst_value'], unit)}，"
                f"最好 {labels.with_unit(part['best_value'], unit)}）")
    elif part["method"] == "rank":
        text = f"名次（第 {int(part['place'])}/{int(part['counted'])} 名）"
    else:
        text = f"目标达成（目标 {labels.with_unit(part['target_value'], unit)}）"
    if part["raw_points"] > part["points"] + 1e-9:
        text += f"，超过封顶分，按 {part['cap_points']:g} 分计"
    elif part["raw_points"] < part["points"] - 1e-9:
        text += f"，低于保底分，按 {part['floor_points']:g} 分计"
    return text


def explain_table(parts: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator and a 合计 row: the contributions add up to the score exactly."""
    table = pd.DataFrame({
        "指标": parts["name"],
        "期别": [labels.period_label(p, f) for p, f in zip(parts["period"], parts["frequency"])],
        "数值": [labels.with_unit(v, u) for v, u in zip(parts["value"], parts["unit"])],
        "计分方法": [_method_text(p) for _, p in parts.iterrows()],
        "单项得分": parts["points"], "权重": parts["weight"], "有效权重（%）": parts["share_pct"],
        "贡献（分）": parts["contribution"], "方案条款": parts["clause"],
    })
    total = pd.DataFrame({"指标": ["合计"], "期别": [""], "数值": [""], "计分方法": ["综合得分"],
                          "单项得分": [float("nan")], "权重": [parts["weight"].sum()],
                          "有效权重（%）": [parts["share_pct"].sum()],
                          "贡献（分）": [parts["score"].iloc[0] if len(parts) else float("nan")], "方案条款": [""]})
    return pd.concat([table, total], ignore_index=True)


EXPLAIN_CONFIG = {
    "单项得分": st.column_config.NumberColumn(format="%.1f", help="0—100分，已限定在保底分与封顶分之间"),
    "权重": st.column_config.NumberColumn(format="%g"),
    "有效权重（%）": st.column_config.NumberColumn(format="%.1f", help="权重 ÷ 该县有数据指标的权重合计"),
    "贡献（分）": st.column_config.NumberColumn(format="%.2f", help="单项得分 × 有效权重，取两位小数"),
    "计分方法": st.column_config.TextColumn(width="large", help=METHOD_HELP),
}


def rules_table(version_id: int, version_text: str) -> None:
    """The weights and scoring rules of a version, each with the plan clause it serves."""
    rules = queries.run("assess/rules", version=version_id)
    st.markdown(f"**{version_text}评分细则**（权重合计 {rules['weight'].sum():g}）")
    st.dataframe(_rules_rows(rules), hide_index=True, width="stretch", height=38 + 35 * len(rules), placeholder="",
                 column_config={"占比（%）": st.column_config.NumberColumn(format="%.1f"),
                                "权重": st.column_config.NumberColumn(format="%g"),
                                "计分方法": st.column_config.TextColumn(help=METHOD_HELP)})


@memo.table  # a version's rules do not change: the table is not rebuilt on every run of the page
def _rules_rows(rules: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "任务": rules["area_name"].fillna("（目录中已无此指标）"), "指标": rules["name"],
        "方向": rules["direction"].map(labels.DIRECTION).fillna("—"), "计分方法": rules["method"].map(METHOD_NAMES),
        "目标值": [labels.with_unit(v, u) if pd.notna(v) else "" for v, u in zip(rules["target_value"], rules["unit"])],
        "保底分": rules["floor_points"], "封顶分": rules["cap_points"], "权重": rules["weight"],
        "占比（%）": rules["share_pct"], "方案条款": rules["clause"], "数据来源": rules["source"],
    })


@memo.table  # the same versions give the same rows: not rebuilt on every run of the page
def _version_rows(versions: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "版本": versions["version_id"].map(lambda v: f"第{v}版"),
        "施行时间": versions["created_at"].astype(str).str[:16],
        "制定人": versions["created_by"], "说明": versions["note"], "指标数": versions["rules"],
        "权重合计": versions["weight_total"]})


def version_record(version_id: int) -> None:
    """Every saved version (who, when, why) and what the viewed version changed against the one before."""
    st.dataframe(_version_rows(queries.run("assess/versions")), hide_index=True, width="stretch")
    changes = queries.run("assess/version_changes", version=version_id)
    if changes.empty:
        st.caption(f"第{version_id}版为首个版本，或与上一版相同。")
        return
    st.markdown(f"**第{version_id}版较上一版的调整**")
    st.dataframe(pd.DataFrame({
        "指标": changes["name"], "调整": changes["change"].map(CHANGES),
        "权重": [_before_after(b, a) for b, a in zip(changes["weight_before"], changes["weight_after"])],
        "计分方法": [_before_after(METHOD_NAMES.get(b), METHOD_NAMES.get(a))
                 for b, a in zip(changes["method_before"], changes["method_after"])],
        "目标值": [_before_after(b, a) for b, a in zip(changes["target_before"], changes["target_after"])],
        "保底/封顶": [_before_after(_bounds(fb, cb), _bounds(fa, ca)) for fb, cb, fa, ca in zip(
            changes["floor_before"], changes["cap_before"], changes["floor_after"], changes["cap_after"])],
    }), hide_index=True, width="stretch")


def _bounds(floor, cap) -> str | None:
    return f"{floor:g}/{cap:g}" if pd.notna(floor) else None


def _shown(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _before_after(before, after) -> str:
    """2 → 3, or the value once when it did not change."""
    return _shown(after) if _shown(before) == _shown(after) else f"{_shown(before)} → {_shown(after)}"


def editing(latest: int) -> None:
    """The rules editor, for province-wide editors and admins (the save checks again); nothing for viewers."""
    if access.may_change_province():
        editor(latest, by=access.actor())
    elif access.can_edit():
        st.caption("评分细则对全省各县生效，仅全省编辑或管理员可调整。")


def _editor_columns(names: dict[str, str]) -> dict:
    """The editor's columns: an indicator from the catalog, a weight, a method, the target, floor, cap and clause."""
    column = st.column_config
    return {
        "indicator_id": column.SelectboxColumn("指标", options=list(names), format_func=names.get, required=True,
                                               width="large"),
        "weight": column.NumberColumn("权重", min_value=0.0, max_value=100.0, step=0.5, required=True),
        "method": column.SelectboxColumn("计分方法", options=list(METHOD_NAMES), format_func=METHOD_NAMES.get,
                                         required=True, help=METHOD_HELP),
        "target_value": column.NumberColumn("目标值", help="仅“目标达成”使用：达到即得100分"),
        "floor_points": column.NumberColumn("保底分", min_value=0.0, max_value=149.0, default=0.0),
        "cap_points": column.NumberColumn("封顶分", min_value=1.0, max_value=assessment.MAX_CAP, default=100.0),
        "clause": column.TextColumn("方案条款", help="该项权重依据的方案条款，如 二(一)1"),
    }


def editor(latest: int, *, by: Actor) -> None:
    """Edit the current rules and save them as a new version, with a note of what changed and why."""
    choices = queries.run("assess/indicator_choices")
    names = dict(zip(choices["id"], choices["area_name"] + " · " + choices["name"] + "（" + choices["unit"] + "）"))
    current = queries.run("assess/rules", version=latest)[assessment.RULE_COLUMNS]
    st.markdown(f"**调整评分细则**（以现行第{latest}版为底稿，保存后成为第{latest + 1}版并立即施行）")
    edited = st.data_editor(current, num_rows="dynamic", key="assess_rules_editor", hide_index=True, placeholder="",
                            column_config=_editor_columns(names))
    with st.form("assess_save", border=False):
        note = st.text_input("调整说明（必填，记入版本记录）", max_chars=assessment.MAX_NOTE,
                             placeholder="例如：提高技改投资权重至10，落实万企万亿技改")
        if st.form_submit_button("保存为新版本", icon=":material/save:", type="primary"):
            try:
                version_id = assessment.save_version(edited, note=note, by=by)
            except assessment.RulesRefused as refused:
                st.error(str(refused).replace("\n", "  \n"))
            else:  # the new build is published: the next run reads it, and shows the new version
                st.session_state[SAVED] = version_id
                st.session_state.pop("assess_rules_editor", None)  # the edits are the new base now
                st.rerun()
