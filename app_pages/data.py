"""数据管理: load the figures statistics offices send — any real table, checked cell by cell — and see every load.

Upload → what was recognised → the problems, each naming sheet, row and column → confirm → loaded
as one batch, visible whole or not at all. The log lists every batch; a batch can be rolled back.
"""

import streamlit as st

from ui.frame import access, filters
from ui.sections import column_mapping, common, data_admin, import_templates, snapshot


def render() -> None:
    st.title("数据管理")
    access.require("editor")
    st.caption("导入统计报表、长表或导入模板：先检查、后确认；原始文件全部保存，导入整批生效或整批不生效，可随时回滚。")
    who = data_admin.operator()
    data_admin.last_load()

    st.subheader("一、导入文件")
    chosen = data_admin.upload()
    if chosen is not None:
        path, name = chosen
        options = data_admin.options_form(path)
        result = data_admin.preview(path, name, options)
        st.markdown("**识别结果**")
        data_admin.recognised(result)
        column_mapping.mappings(result, path)
        data_admin.problems(result)
        data_admin.staged_sample(result)
        data_admin.confirm(path, name, options, result, who)

    st.subheader("二、导入记录")
    batches = data_admin.batch_log()
    data_admin.refused_attempts()
    data_admin.rejected_rows(batches)
    data_admin.rollback(batches, who)

    st.subheader("三、会议快照")
    st.caption("推进会前保存一份快照，之后各页可选“与会议快照对比”，查看名次、档次与数值的变化。")
    snapshot.save_form(filters.current().as_of, who)
    snapshot.saved_list()

    st.subheader("四、下载导入模板")
    st.caption("每个模板含“填写说明”和带下拉选项的“数据”工作表；县域指标宽表已预填全部县（市、区）。")
    import_templates.downloads()
    common.source_note("导入引擎与命令行 python -m data.warehouse.load 相同；"
                       "原始文件与导入日志保存在服务器的 var/raw 目录。")


render()
