"""数据管理 sections: upload → what was recognised → problems → confirm → loaded; the load log; templates.

Every load goes through data.warehouse.load, the same engine as `python -m data.warehouse.load`: the page only
collects what the user decides (sheet, period, column mappings, new indicators, valid rows
only) and shows what the engine found. Text from files is shown in tables, never as markup.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

import queries
from data import files
from data.importer import ingest, readers
from data.importer.lists import RESOLUTIONS
from data.importer.options import Options
from data.warehouse import batch_scope, list_assignments, load, load_report, uploads
from ui.frame import access
from ui.sections import column_mapping, lists
from ui.style import labels

UPLOAD_TYPES = ["xlsx", "xls", "csv", "tsv", "txt"]
# Streamlit's uploader has no Chinese text of its own (streamlit#13500): its two English lines are replaced.
UPLOADER_CSS = """<style>
[data-testid='stFileUploaderDropzone'] [data-testid='stBaseButton-secondary'] p {font-size:0}
[data-testid='stFileUploaderDropzone'] [data-testid='stBaseButton-secondary'] p::after {content:'选择文件';
  font-size:0.875rem}
[data-testid='stFileUploaderDropzoneInstructions'] span {font-size:0}
[data-testid='stFileUploaderDropzoneInstructions'] span::after {content:'或把文件拖到此处 · 单个文件不超过 50 MB';
  font-size:0.875rem}
</style>"""
OUTCOMES = {"loaded": "已导入", "rolled_back": "已回滚"}


def operator() -> str:
    """Who loads: the signed-in account, or on the server itself (no accounts yet) the name typed in."""
    signed_in = access.current()
    if signed_in.how != "local":
        st.caption(f"操作人：{labels.literal(signed_in.name)}（记入导入日志）")
        return signed_in.name
    return st.text_input("操作人", key="operator", placeholder="姓名（记入导入日志）", max_chars=40).strip()


class UploadRefused(Exception):
    """An upload that cannot be saved; the message is Chinese."""


def _saved_upload(upload) -> tuple[Path, str]:
    """The upload on disk, once, in the raw store (data/warehouse/uploads), written whole before anything reads it."""
    data = upload.getvalue()
    name = Path(upload.name).name
    if len(name.encode("utf-8")) > files.NAME_MAX:  # no file system here could have held it: a forged name
        raise UploadRefused(f"文件名过长（{len(name.encode('utf-8'))} 字节，上限 {files.NAME_MAX} 字节）："
                            f"“{files.fit_name(name, 60)}…”，请改短文件名后重新上传。")
    return uploads.keep_upload(data, name, by=access.current_user()), name


def upload() -> tuple[Path, str] | None:
    st.html(UPLOADER_CSS)
    round_ = st.session_state.setdefault("upload_round", 0)  # a new key empties the uploader after a load
    chosen = st.file_uploader("选择文件（xlsx、xls 或 csv，50 MB 以内）", type=UPLOAD_TYPES, key=f"upload_{round_}",
                              help="统计报表（宽表：每行一个县、每列一个指标）、长表或本页下载的导入模板均可。")
    if chosen is None:
        return None
    try:
        return _saved_upload(chosen)
    except UploadRefused as refused:
        st.error(str(refused), icon=":material/error:")
        return None


def _sheet_names(path: Path) -> list[str]:
    if st.session_state.get("sheets_of") != str(path):
        try:
            names = [s.name for s in readers.read_sheets(path) if s.name]
        except readers.UnreadableFile:
            names = []
        st.session_state["sheets_of"], st.session_state["sheet_names"] = str(path), names
    return st.session_state["sheet_names"]


def options_form(path: Path) -> Options:
    """Sheet, period and valid-rows-only, plus the mappings chosen below; returns the import options."""
    choices = column_mapping.choices_of(path)
    list_name, list_kind = lists.options(path.name)  # a named list (名单) instead of a table of figures
    sheets = _sheet_names(path)
    if len(sheets) > 1:
        left, middle, right = st.columns(3, vertical_alignment="bottom")
        sheet = left.selectbox("工作表", sheets, key=f"sheet_{path.name}")
    else:
        (middle, right), sheet = st.columns(2, vertical_alignment="bottom"), None
    period = middle.text_input("期别（表中未写明时）", key=f"period_{path.name}",
                               placeholder="如 2025年6月、2025年1-6月")
    valid_only = right.toggle("只导入检查通过的行", key=f"valid_{path.name}",
                              help="其余行连同原因另存为 Excel，可下载修改后再导入")
    as_targets = right.toggle("这是责任目标（任务分解）表", key=f"targets_{path.name}",
                              help="各县（市、区）、市州的年度目标，而不是统计数据；标题写明“目标任务分解”时自动识别")
    return Options(sheet=sheet, period=period.strip() or None, valid_only=valid_only,
                   mappings=dict(choices["mappings"]), new_indicators=tuple(choices["new"].values()),
                   list_name=list_name, list_kind=list_kind, as_targets=as_targets)


def preview(path: Path, name: str, options: Options) -> ingest.Preview:
    # The editors' placements of list names are part of what a list's preview depends on.
    key = (str(path), ingest.options_json(list_assignments.with_assignments(options)), queries.warehouse_version())
    if st.session_state.get("preview_key") != key:
        with st.spinner("正在读取并检查文件…"):
            st.session_state["preview"] = load.preview(path, options, file_name=name)
        st.session_state["preview_key"] = key
    return st.session_state["preview"]


def recognised(result: ingest.Preview) -> None:
    """What the engine recognised, line by line, and each column's role, indicator, unit and period."""
    with st.container(border=True):
        st.markdown("\n".join(f"- {labels.literal(line)}" for line in load_report.describe(result)))
    if result.columns:
        names = queries.run("common/catalog").set_index("id")["name"].to_dict()
        table = pd.DataFrame([{"列": c.letter, "表头": c.header, "识别为": c.role,
                               "指标": names.get(c.indicator_id, c.indicator_id or ""),
                               "文件单位": c.file_unit or ("按目录" if c.indicator_id else ""),
                               "表头期别": c.period} for c in result.columns])
        st.dataframe(table, hide_index=True, width="stretch", height=_height(len(table)))
    if len(result.units):
        st.dataframe(result.units.rename(columns={"name": "指标", "file_unit": "文件单位", "catalog_unit": "目录单位",
                                                  "factor": "换算系数", "rows": "条数"})
                     [["指标", "文件单位", "目录单位", "换算系数", "条数"]], hide_index=True, width="stretch")


def _height(rows: int, most: int = 420) -> int:
    """A table tall enough for its rows (Streamlit's rows are 35 px and the header 38 px), up to most."""
    return min(38 + 35 * rows + 2, most)


def problems(result: ingest.Preview) -> None:
    if not result.problems:
        st.success(f"检查通过：{len(result.staged)} 行可以导入。", icon=":material/check_circle:")
        return
    st.error(f"发现 {len(result.problems)} 处问题（每处注明文件、工作表、行和列）。", icon=":material/error:")
    table = pd.DataFrame([{"工作表": p.sheet or "", "行": p.row, "列": p.column or "", "问题": p.message}
                          for p in result.problems])
    st.dataframe(table, hide_index=True, width="stretch", height=_height(len(table)))
    if len(result.rejected):
        st.download_button(f"下载未通过检查的 {len(result.rejected)} 行（Excel，含原因）",
                           lambda: load.rejected_xlsx(result), file_name=f"{Path(result.file_name).stem}_未导入行.xlsx",
                           icon=":material/download:", on_click="ignore")


def staged_sample(result: ingest.Preview) -> None:
    if result.staged.empty:
        return
    with st.expander(f"将导入的数据（共 {len(result.staged)} 行，显示前 200 行）"):
        st.dataframe(_readable(result.staged.head(200), result), hide_index=True, width="stretch")


def _readable(staged: pd.DataFrame, result: ingest.Preview) -> pd.DataFrame:
    """Staged rows with Chinese headers and names in place of codes."""
    out = staged.drop(columns=[c for c in ("row_seq",) if c in staged])
    if "adcode" in out:
        names = queries.run("common/regions").set_index("adcode")["name"]
        out.insert(0, "县（市、区）", out["adcode"].map(names))
    if "indicator_id" in out and len(result.units):
        out["indicator_id"] = out["indicator_id"].map(result.units.drop_duplicates("indicator_id")
                                                      .set_index("indicator_id")["name"])
    if "resolution" in out:  # a named list: how each row was placed, in words
        out["resolution"] = out["resolution"].map(RESOLUTIONS)
    return out.rename(columns={"adcode": "地区代码", "indicator_id": "指标", "period": "期别", "value": "数值",
                               "status": "状态", "estimated": "预计/估计", **lists.ROW_HEADERS})


def confirm(path: Path, name: str, options: Options, result: ingest.Preview, who: str) -> None:
    """The load button: runs the engine with a progress bar and reports the batch."""
    if result.duplicate_of is not None:
        st.info(f"这个文件已在第 {result.duplicate_of} 批导入过，不会重复导入（如需重新导入，请先回滚该批次）。",
                icon=":material/content_copy:")
        return
    ready = result.loadable(options.valid_only)
    if not who:
        st.caption("填写操作人后才能导入。")
    label = f"确认导入 {len(result.staged)} 行" if ready else "不能导入：请先处理上面的问题，或选择只导入检查通过的行"
    if not st.button(label, type="primary", disabled=not (ready and who), icon=":material/upload:"):
        return
    bar = st.progress(0.0, text="开始导入…")
    try:
        outcome = load.load(path, options, loaded_by=who, file_name=name, prefecture=access.current().prefecture,
                            progress=lambda f, m: bar.progress(f, text=m))
    except ingest.RejectedFile as rejected:
        st.error(load_report.rejected(rejected))
        return
    except load.LoadRefused as refused:
        st.error(str(refused))
        return
    st.session_state["last_load"] = load_report.summary(outcome)
    st.session_state["upload_round"] += 1
    st.rerun()


def last_load() -> None:
    if text := st.session_state.pop("last_load", None):
        lines = text.splitlines()
        headline = next((line for line in lines if line.startswith(("已导入", "第 "))), lines[-1])
        st.success(labels.literal(headline), icon=":material/task_alt:")
        with st.expander("导入摘要"):
            st.dataframe(pd.DataFrame({"摘要": text.splitlines()}), hide_index=True, width="stretch")


def batch_log() -> pd.DataFrame:
    """Every batch in the warehouse with its outcome, newest first."""
    batches = queries.run("data/batches")
    table = pd.DataFrame({
        "批次": batches["batch_id"], "数据集": batches["dataset"].map(load_report.dataset_title),
        "文件": batches["file_name"], "工作表": batches["sheet"].fillna(""), "版式": batches["layout"].fillna(""),
        "导入人": batches["loaded_by"], "导入时间": batches["loaded_at"].dt.strftime("%Y-%m-%d %H:%M"),
        "读取行": batches["rows_read"], "导入行": batches["rows_loaded"], "未导入行": batches["rows_rejected"],
        "结果": batches["outcome"].map(OUTCOMES), "演示数据": batches["is_demo"].map({True: "是", False: ""}),
        "回滚人": batches["rolled_back_by"].fillna("")})
    st.dataframe(table, hide_index=True, width="stretch", height=_height(len(table)))
    return batches


def refused_attempts() -> None:
    log = load.read_log()
    refused = log[log["event"] == "rejected"] if len(log) else log
    if len(refused):
        with st.expander(f"被拒绝的导入（{len(refused)} 次，数据仓库未改变，原始文件已保存）"):
            st.dataframe(refused.rename(columns={"at": "时间", "file_name": "文件", "by": "操作人",
                                                 "problems": "问题数", "raw_path": "原始文件"})
                         [["时间", "文件", "操作人", "问题数", "原始文件"]], hide_index=True, width="stretch")


def rejected_rows(batches: pd.DataFrame) -> None:
    """The rows a valid-rows-only load left out, with their reasons, as kept beside the raw file."""
    kept = batches[batches["rejected_path"].notna()]
    kept = kept[[Path(p).exists() for p in kept["rejected_path"]]]
    if kept.empty:
        return
    options = dict(zip(kept["batch_id"], kept["batch_id"].astype(str) + " · " + kept["file_name"] + " · 未导入 "
                       + kept["rows_rejected"].astype(str) + " 行"))
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    chosen = left.selectbox("未导入的行", list(options), format_func=options.get, key="rejected_batch")
    path = Path(kept.set_index("batch_id").at[chosen, "rejected_path"])
    right.download_button("下载（Excel，含原因）", path.read_bytes, file_name=path.name, icon=":material/download:",
                          on_click="ignore", key="rejected_download")


def rollback(batches: pd.DataFrame, who: str) -> None:
    """Offer the loaded batches this user may take back (a limited editor: those wholly in their prefecture)."""
    actor = access.actor(who)
    loaded = batches[batches["outcome"] == "loaded"]
    allowed = batch_scope.may_roll_back(actor)
    if allowed is not None:
        hidden = len(loaded) - int(loaded["batch_id"].isin(allowed).sum())
        loaded = loaded[loaded["batch_id"].isin(allowed)]
        if hidden:
            st.caption(f"另有 {hidden} 个批次含本市州以外的数据，只能由全省编辑回滚。")
    if loaded.empty:
        return
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    options = dict(zip(loaded["batch_id"], loaded["batch_id"].astype(str) + " · " + loaded["file_name"]))
    chosen = left.selectbox("回滚批次", list(options), format_func=options.get, index=None, placeholder="选择批次",
                            key="rollback_batch")
    if right.button("回滚", disabled=chosen is None or not who, icon=":material/undo:"):
        try:
            dataset = load.rollback(int(chosen), by=actor)
        except load.LoadRefused as refused:
            st.error(str(refused))
            return
        st.session_state["last_load"] = f"第 {chosen} 批（{load_report.dataset_title(dataset)}）已回滚。"
        st.rerun()
