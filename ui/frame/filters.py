"""Global filters: drawn once in the sidebar by app.py, read by every page from one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd
import streamlit as st

import queries
from queries.periods import latest_period, period_for, published_periods  # noqa: F401  (pages and sections call them here)
from ui.frame import county_sections
from ui.style import labels

ALL = "全部"
URL = "query-params"  # widgets bound to the URL: a copied link reopens the same view
CORE = "武鄂黄黄"
COUNTY_TYPES = ("市辖区", "县级市", "县", "自治县", "林区")
METRO_CIRCLES = ("武汉都市圈", CORE, "襄十随神", "宜荆荆恩")


@dataclass(frozen=True)
class Filters:
    as_of: date  # the latest month a page shows; yearly indicators show the latest year up to it
    prefecture: str | None  # prefecture code
    metro_circle: str | None  # a circle, or 武鄂黄黄 for the core
    county_type: str | None
    in_scope_only: bool
    industry: str | None = None  # an industry_choice id: the plan's named industry or a GB/T 4754 division

    def query_params(self) -> dict:
        """The filter parameters every county query takes."""
        return {"prefecture": self.prefecture, "metro_circle": self.metro_circle,
                "county_type": self.county_type, "in_scope_only": self.in_scope_only}

    def figure_params(self) -> dict:
        """The parameters of the queries of mappable county figures: the filters and the industry."""
        return self.query_params() | {"industry": self.industry}

    def describe(self) -> str:
        """The filters in words, for captions: 全省 / 黄石市 · 县级市."""
        parts = [p for p in (self.prefecture_name, self.metro_circle, self.county_type) if p]
        if self.in_scope_only:
            parts.append("强县工程范围")
        return " · ".join(parts) or "全省"

    @property
    def industry_name(self) -> str | None:
        """汽车 / C36 汽车制造业, or None without an industry."""
        return industry_label(self.industry) if self.industry else None

    @property
    def prefecture_name(self) -> str | None:
        return _prefecture_names().get(self.prefecture) if self.prefecture else None


def _none_if_all(value: str) -> str | None:
    return None if value in (ALL, None) else value


def industry_label(industry_id: str) -> str:
    """A choice of the industry filter as the sidebar shows it: 汽车（C36）, C36 汽车制造业."""
    return _industry_labels().get(industry_id, industry_id)


@queries.per_build
def _prefecture_names() -> dict[str, str]:
    """Code → name: captions ask for it several times a run."""
    prefectures = queries.run("common/prefectures")
    return dict(zip(prefectures["code"], prefectures["name"]))


@queries.per_build
def county_names() -> dict[str, str]:
    """adcode → county name (the full name: 长阳土家族自治县), in the regions' order."""
    regions = queries.run("common/regions")
    return dict(zip(regions["adcode"], regions["name"]))


@queries.per_build
def _industry_labels() -> dict[str, str]:
    """Every choice's label: the picker formats its 40 choices on every run."""
    choices = queries.run("common/industry_choices").set_index("id")
    return {i: labels.industry_label(i, choices) for i in choices.index}


INDUSTRY_PARAM = "industry"
LEVEL_PARAM = "level"  # county / prefecture: the maps' level (ui.sections.prefecture)
PREFECTURE_KEY = "prefecture"


def take_linked_code(param: str, choices: list[str], default: str) -> None:
    """Before a widget keyed `param` whose link value is its code (param=C36), not its label as bind= would
    write: a fresh session takes the link's code when it is one of the choices (else the default, and
    drop_unknown_params says so)."""
    if param not in st.session_state:
        linked = st.query_params.get(param)
        st.session_state[param] = linked if linked in choices else default


def write_linked_code(param: str, value: str, default: str) -> None:
    """After the widget: its code in the link, none for the default."""
    if value == default:
        st.query_params.pop(param, None)
    else:
        st.query_params[param] = value


def industry_picker() -> str:
    """The industry filter, in the link by its code (industry=C36, industry=auto)."""
    choices = [ALL, *queries.run("common/industry_choices")["id"]]
    take_linked_code(INDUSTRY_PARAM, choices, ALL)
    chosen = st.selectbox("行业", choices, key=INDUSTRY_PARAM,
                          format_func=lambda i: "全部行业" if i == ALL else industry_label(i),
                          help="方案点名的产业（按国民经济行业大类汇总）或任一制造业大类；地图与排行显示该行业各县的企业汇总数")
    write_linked_code(INDUSTRY_PARAM, chosen, ALL)
    return chosen


def sidebar() -> Filters:
    """Draw the global filters in the sidebar and return them."""
    months = [p.date() for p in pd.to_datetime(queries.run("common/months")["period"])]
    prefectures = queries.run("common/prefectures")
    pref_names = dict(zip(prefectures["code"], prefectures["name"]))
    with st.sidebar:
        st.markdown("#### 筛选")
        as_of = st.selectbox("期别（截至）", months, format_func=labels.period_label, key="as_of", bind=URL)
        prefecture = st.selectbox("市州", [ALL, *pref_names], key=PREFECTURE_KEY, bind=URL,
                                  format_func=lambda c: pref_names.get(c, c))
        circle = st.selectbox("都市圈", [ALL, *METRO_CIRCLES], key="circle", bind=URL,
                              format_func=lambda c: f"{c}（核心）" if c == CORE else c)
        county_type = st.selectbox("县域类型", [ALL, *COUNTY_TYPES], key="county_type", bind=URL)
        industry = industry_picker()
        in_scope = st.toggle("仅强县工程范围", key="in_scope", bind=URL,
                             help="强县工程范围在地区名录中维护，缺省为全部103个县（市、区）")
    return Filters(as_of=as_of, prefecture=_none_if_all(prefecture), metro_circle=_none_if_all(circle),
                   county_type=_none_if_all(county_type), in_scope_only=bool(in_scope),
                   industry=_none_if_all(industry))


def current() -> Filters:
    """The filters app.py drew for this run."""
    return st.session_state["filters"]


SELECTED_COUNTY = "selected_county"
COUNTY_PARAM = "county"


def selected_county() -> str | None:
    """The county a click selected on any map, until cleared."""
    county_sections.note_read()
    return st.session_state.get(SELECTED_COUNTY)


def select_county(adcode: str | None) -> None:
    """Select a county on every page, and in the URL so a shared link opens with it."""
    st.session_state[SELECTED_COUNTY] = adcode
    if adcode:
        st.query_params[COUNTY_PARAM] = adcode
    else:
        st.query_params.pop(COUNTY_PARAM, None)


def county_from_url(known: set[str]) -> None:
    """Sync the selected county with the link: a session's own selection wins (and is written to the URL);
    a fresh session takes ?county=<adcode>, and a code that names no county is dropped with a notice."""
    code, selected = st.query_params.get(COUNTY_PARAM), st.session_state.get(SELECTED_COUNTY)
    if selected:
        if code != selected:  # e.g. a page switch cleared the URL's own parameters
            st.query_params[COUNTY_PARAM] = selected
        return
    if code is None:
        return
    if code in known:
        st.session_state[SELECTED_COUNTY] = code
    else:
        st.query_params.pop(COUNTY_PARAM, None)
        st.toast("链接中的县（市、区）代码无法识别，已忽略。", icon=":material/link_off:")


LINK_OPENED = "link_opened"  # session state: the parameters the session's first run found in the link


def remember_link() -> None:
    """Keep the link a session opened with, before any widget reads (and possibly clears) it."""
    if LINK_OPENED not in st.session_state:
        st.session_state[LINK_OPENED] = st.query_params.to_dict()


def drop_unknown_params() -> None:
    """Parameters no widget or selection uses (mistyped or forged links) are removed, with a notice;
    so are values a widget refused (Streamlit drops them and the widget shows its default)."""
    unknown = [k for k in st.query_params if k != COUNTY_PARAM and k not in st.session_state]
    for key in unknown:
        st.query_params.pop(key, None)
    opened = st.session_state.get(LINK_OPENED) or {}
    refused = [k for k in opened if k in st.session_state and k not in st.query_params and k not in unknown]
    st.session_state[LINK_OPENED] = {}  # only the link's own values are checked, once
    if unknown or refused:
        st.toast("已忽略无法识别的链接参数，相关选项已恢复默认。", icon=":material/link_off:")
