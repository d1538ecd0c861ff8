"""Column mappings of an import: map a column or indicator name to the catalog, skip it, or define a new one.

The choices live in the session, per file, and are stored by widget callbacks, so the preview
of the very next run already uses them.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

import queries
from data.importer import ingest, parse
from data.importer.indicators import DIRECTIONS, NewIndicator
from data.importer.options import Mapping
from ui.sections import lists
from ui.style import labels

SKIP, NEW, CHOOSE = "（忽略此列/此项）", "（新建指标）", "（请选择）"
DIRECTION_NAMES = {"up": "越高越好", "down": "越低越好", "none": "无方向"}


def choices_of(path: Path) -> dict:
    """What the user decided for this file (kept while the same file stays chosen)."""
    if st.session_state.get("import_file") != str(path):
        st.session_state["import_file"] = str(path)
        st.session_state["import_choices"] = {"mappings": {}, "new": {}}
    return st.session_state["import_choices"]


def mappings(result: ingest.Preview, path: Path) -> None:
    """Map a column (or an indicator name) to a catalog indicator, skip it, or define a new indicator.

    What the catalog lacks is asked for openly; every other indicator column can be changed too,
    e.g. to skip a column whose periods do not fit.
    """
    if result.dataset == "lists":  # a named list has no columns to map: its rows to place instead
        lists.placements(result)
        return
    chosen = choices_of(path)["mappings"]
    # Unknown columns left out because others were mapped can still be mapped here.
    others = [c.header for c in result.columns if (c.role in ("指标列", "未映射（忽略）") or c.header in chosen)
              and c.header not in result.unmapped]
    if result.unmapped:
        st.markdown("**未识别的指标**：请指定对应目录中的哪个指标，或忽略，或新建指标。")
        for item in result.unmapped:
            _mapping_choice(item, path)
    if others:
        with st.expander(f"调整各列对应的指标（{len(others)} 列已自动识别）"):
            for item in others:
                _mapping_choice(item, path, keep="（按自动识别）")


def _mapping_choice(item: str, path: Path, keep: str = CHOOSE) -> None:
    catalog = queries.run("common/catalog")
    names = list(catalog.loc[catalog["kind"] == "value", "name"])
    key = f"map_{path.name}_{item}"
    # Callbacks run before the rerun, so the preview of that rerun already uses the choice.
    picked = st.selectbox(labels.literal(item), [keep, SKIP, NEW, *names], key=key, on_change=_remember,
                          args=(path, item, keep))
    if picked == NEW:
        _new_indicator_form(item, path, keep)


def _remember(path: Path, item: str, keep: str) -> None:
    """Store what the user chose for one column or indicator name in the import's choices."""
    choices = choices_of(path)
    picked = st.session_state[f"map_{path.name}_{item}"]
    choices["new"].pop(item, None)
    choices["mappings"].pop(item, None)
    if picked == SKIP:
        choices["mappings"][item] = Mapping(None)
    elif picked == NEW:
        _remember_new(path, item, keep)
    elif picked != keep:
        choices["mappings"][item] = Mapping(picked)


def _new_fields(path: Path, item: str) -> dict[str, str]:
    return {field: f"new_{field}_{path.name}_{item}" for field in ("name", "unit", "direction", "area")}


def _remember_new(path: Path, item: str, keep: str) -> None:
    keys = _new_fields(path, item)
    name = str(st.session_state.get(keys["name"]) or parse.split_unit(item)[0]).strip()
    areas = _areas()
    new = NewIndicator(name, st.session_state.get(keys["unit"], "个"),
                       DIRECTIONS[st.session_state.get(keys["direction"], "up")],
                       st.session_state.get(keys["area"], areas[0]))
    choices = choices_of(path)
    choices["new"][item], choices["mappings"][item] = new, Mapping(name)


def _areas() -> list[str]:
    return queries.run("common/catalog").drop_duplicates("area_name").sort_values("area_order")["area_name"].tolist()


def _new_indicator_form(item: str, path: Path, keep: str) -> None:
    keys = _new_fields(path, item)
    callback = {"on_change": _remember_new, "args": (path, item, keep)}
    with st.container(border=True):
        a, b, c, d = st.columns(4)
        a.text_input("指标名称", value=parse.split_unit(item)[0], key=keys["name"], **callback)
        units = sorted(parse.KNOWN_UNITS)
        b.selectbox("单位", units, index=units.index("个"), key=keys["unit"], **callback)
        c.selectbox("方向", list(DIRECTION_NAMES), format_func=DIRECTION_NAMES.get, key=keys["direction"], **callback)
        d.selectbox("任务领域", _areas(), key=keys["area"], **callback)
