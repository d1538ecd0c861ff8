"""数据管理: load the figures statistics offices send — any real table, checked cell by cell — and see every load.

Upload → what was recognised → the problems, each naming sheet, row and column → confirm → loaded
as one batch, visible whole or not at all. The log lists every batch; a batch can be rolled back.
"""

import streamlit as st

from ui import access, column_mapping, data_sections, filters, sections, snapshot_sections


def render() -> None:
    st.title("数据管理")
    access.require("editor")
    st.caption("导入统计报表、长表或导入模板：先检查、后确认；原始文件全部保存，导入整批生效或整批不生效，可随时回滚。")
    who = data_sections.operator()
    data_sections.last_load()

    st.subheader("一、导入文件")
    chosen = data_sections.upload()
    if chosen is not None:
        path, name = chosen
        options = data_sections.options_form(path)
        result = data_sections.preview(path, name, options)
        st.markdown("**识别结果**")
        data_sections.recognised(result)
        column_mapping.mappings(result, path)
        data_sections.problems(result)
        data_sections.staged_sample(result)
        data_sections.confirm(path, name, options, result, who)

    st.subheader("二、导入记录")
    batches = data_sections.batch_log()
    data_sections.refused_attempts()
    data_sections.rejected_rows(batches)
    data_sections.rollback(batches, who)

    st.subheader("三、会议快照")
    st.caption("推进会前保存一份快照，之后各页可选“与会议快照对比”，查看名次、档次与数值的变化。")
    snapshot_sections.save_form(filters.current().as_of, who)
    snapshot_sections.saved_list()

    st.subheader("四、下载导入模板")
    st.caption("每个模板含“填写说明”和带下拉选项的“数据”工作表；县域指标宽表已预填全部县（市、区）。")
    data_sections.templates()
    sections.source_note("导入引擎与命令行 python -m data.load 相同；原始文件与导入日志保存在服务器的 var/raw 目录。")


render()
