"""数据管理: the import templates, one download each (填写说明, 数据 with drop-downs), made on click."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import queries
from data.importer.templates import TEMPLATES
from ui.files import template_xlsx

# The wide target template's columns: what county targets are most often handed down for.
TARGET_TEMPLATE_INDICATORS = ("va_growth_ytd_pct", "output_year_yi", "invest_growth_pct", "techinv_growth_pct",
                              "above_scale_firm_count", "above_scale_net_count")


@st.cache_data(show_spinner=False)
def _template_bytes(dataset: str, version: tuple) -> bytes:
    regions = queries.run("common/regions")
    catalog = queries.run("common/catalog")
    values = catalog[catalog["kind"] == "value"]
    region_pairs = list(zip(regions["adcode"], regions["name"]))
    if dataset == "county_values_wide":  # one period per row: the yearly indicators, for last year
        yearly = values[values["frequency"] == "yearly"]
        last_year = f"{pd.Timestamp.today().year - 1}年"
        return template_xlsx.to_wide_xlsx(regions=region_pairs, period_label=last_year,
                                          indicators=list(zip(yearly["id"], yearly["name"], yearly["unit"])))
    if dataset == "targets_wide":  # next year's targets of the indicators most often handed down
        chosen = catalog.set_index("id").loc[list(TARGET_TEMPLATE_INDICATORS)].reset_index()
        return template_xlsx.to_wide_xlsx(regions=region_pairs, period_label=f"{pd.Timestamp.today().year + 1}年",
                                          indicators=list(zip(chosen["id"], chosen["name"], chosen["unit"])),
                                          targets=True)
    return template_xlsx.to_xlsx(TEMPLATES[dataset], regions=region_pairs,
                                 indicators=list(zip(values["id"], values["name"], values["unit"])))


def downloads() -> None:
    """One download per template: 填写说明, 数据 with drop-downs, and the wide county sheet (made on click)."""
    version = queries.warehouse_version()
    entries = [("county_values_wide", "县域指标（宽表）"), ("targets_wide", "责任目标（宽表）")] + \
        [(d, t.title) for d, t in TEMPLATES.items()]
    columns = st.columns(4)
    for i, (dataset, title) in enumerate(entries):
        columns[i % 4].download_button(title, lambda d=dataset: _template_bytes(d, version),
                                       file_name=f"导入模板_{title}.xlsx", icon=":material/description:",
                                       on_click="ignore", key=f"template_{dataset}", width="stretch")
