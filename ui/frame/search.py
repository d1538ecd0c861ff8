"""County search text: option labels that carry the name, short name, pinyin initials and full pinyin.

Pure (no streamlit): the profile page puts these labels in an `st.selectbox` with
`filter_mode="contains"`, so typing 大冶, dy or daye finds 大冶市 in Streamlit's own filter;
`find` applies the same rule for tests and for any other caller.
"""

from __future__ import annotations

import pandas as pd
from pypinyin import Style, lazy_pinyin

# Place names read differently from the dictionary's first reading (长阳 is changyang, not zhangyang).
READINGS = {"长阳": ["chang", "yang"], "宜都": ["yi", "du"], "曾都": ["zeng", "du"]}
SEPARATOR = " · "
PROVINCE_RUN = "省直管"  # 仙桃, 潜江, 天门, 神农架: their own prefecture-level unit


def syllables(short_name: str) -> list[str]:
    """The pinyin syllables of a short place name, with the place-name readings above."""
    return READINGS.get(short_name) or lazy_pinyin(short_name, style=Style.NORMAL, errors="ignore")


def pinyin_keys(short_name: str) -> str:
    """Initials and full pinyin of a short name: 大冶 → 'dy daye'."""
    parts = syllables(short_name)
    return f"{''.join(p[0] for p in parts if p)} {''.join(parts)}"


def short_prefecture(prefecture: str) -> str:
    """恩施土家族苗族自治州 → 恩施州: the long form crowds the option list."""
    return prefecture.replace("土家族苗族自治州", "州")


def search_label(name: str, short_name: str, prefecture: str) -> str:
    """One option's text: 大冶市 · 黄石市 · dy daye (仙桃市 · 省直管 · xt xiantao)."""
    place = PROVINCE_RUN if prefecture == name else short_prefecture(prefecture)
    return SEPARATOR.join([name, place, pinyin_keys(short_name)])


def search_labels(regions: pd.DataFrame) -> dict[str, str]:
    """adcode → search label for every region (frame: adcode, name, short_name, prefecture), in adcode order."""
    ordered = regions.sort_values("adcode")
    return {str(r.adcode): search_label(r.name, r.short_name, r.prefecture) for r in ordered.itertuples()}


def find(labels: dict[str, str], text: str) -> list[str]:
    """The adcodes whose label contains the typed text, ignoring case and surrounding spaces (Streamlit's rule)."""
    needle = text.strip().lower()
    if not needle:
        return []
    return [adcode for adcode, label in labels.items() if needle in label.lower()]
