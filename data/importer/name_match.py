"""Names in published lists, compared and placed: a firm's or park's name folded to a key, and the county or
prefecture a name, an address or a region cell points at.

Keys fold what differs between two writings of one name: full- and half-width, traditional characters,
brackets, spaces, and the company forms (有限公司 / 有限责任公司 / 股份有限公司 / 集团). Places are found by
the registry's spellings (full, short and former names: 赤壁市, 汉川, 郧县), longest first, so 宜昌市夷陵区
is 夷陵区 and 宜昌市 alone is the prefecture. 仙桃、潜江、天门、神农架 are county-level and prefecture at once.
"""

from __future__ import annotations

import re
from functools import cache

from geo.registry import alias_table, normalize, prefecture_alias_table, regions

COMPANY_FORMS = re.compile(r"(股份有限公司|有限责任公司|有限公司|股份公司|集团公司|集团|公司)")
BRACKETS = re.compile(r"[()（）\[\]【】〔〕<>《》「」『』\"“”'‘’·・.,，、\-—_/]")
# Spellings too short, or short names that are common words in firm names (江汉平原, 江汉油田, 公安, 东宝),
# are not read as a place inside a longer name; the full names (江汉区, 公安县) still are.
MIN_PLACE_LENGTH = 2
COMMON_WORDS = frozenset({"江汉", "公安", "青山", "东宝"})


def name_key(text: str) -> str:
    """'湖北 XX（集团）股份有限公司' and '湖北XX集團有限責任公司' → the same key."""
    return COMPANY_FORMS.sub("", BRACKETS.sub("", normalize(text)))


@cache
def _spellings() -> tuple[tuple[str, str, str], ...]:
    """(spelling, 'county' | 'prefecture', code), longest first; on a tie the prefecture first (恩施, the stem
    of 恩施州, is 恩施州 before it is 恩施市: a name that may mean either is never guessed onto the county)."""
    usable = lambda a: not a.isdigit() and len(a) >= MIN_PLACE_LENGTH and a not in COMMON_WORDS  # noqa: E731
    found = [(a, "county", c) for a, c in alias_table().items() if usable(a)]
    prefectures = dict(prefecture_alias_table())
    prefectures |= {a.removesuffix("州"): c for a, c in prefectures.items() if a.endswith("州") and len(a) >= 3}
    found += [(a, "prefecture", c) for a, c in prefectures.items() if usable(a)]
    return tuple(sorted(found, key=lambda item: (-len(item[0]), item[1] != "prefecture")))


@cache
def prefecture_of() -> dict[str, str]:
    """Adcode → prefecture code."""
    return {r.adcode: r.prefecture_code for r in regions()}


def places_in(text: str) -> tuple[set[str], set[str]]:
    """(adcodes, prefecture codes) named inside a text (a park's or firm's name, an address); each stretch of
    the text is read once, by the longest spelling that fits it (宜昌市夷陵区 is 夷陵区, not also 宜昌市)."""
    counties, prefectures, rest = set(), set(), normalize(text)
    for spelling, kind, code in _spellings():
        if spelling in rest:
            (counties if kind == "county" else prefectures).add(code)
            rest = rest.replace(spelling, "\0")
    county_level = {p for p in prefectures if p in prefecture_of()}  # 仙桃、潜江、天门、神农架
    return counties | county_level, prefectures - county_level


def region_cell(text: str, county_alias: dict[str, str]) -> tuple[str | None, str | None]:
    """(adcode, prefecture code) a region cell names: a county (with its prefecture), a prefecture, or neither.

    county_alias is the warehouse's region_alias (normalized spelling → adcode). A cell naming 仙桃市 is
    both; a cell naming 十堰市 is a prefecture only.
    """
    key = normalize(text)
    if not key:
        return None, None
    adcode = county_alias.get(key) or county_alias.get(key.removeprefix("湖北省").removeprefix("湖北"))
    if adcode:
        return adcode, prefecture_of().get(adcode)
    prefecture = prefecture_alias_table().get(key)
    if prefecture is None:
        counties, found = places_in(key)
        if len(counties) == 1 and not found:
            adcode = next(iter(counties))
            return adcode, prefecture_of().get(adcode)
        prefecture = next(iter(found)) if len(found) == 1 else None
    if prefecture in prefecture_of():  # 仙桃、潜江、天门、神农架: a prefecture that is a county-level unit
        return prefecture, prefecture
    return None, prefecture


def region_exact(text: str, county_alias: dict[str, str]) -> tuple[str | None, str | None]:
    """Like region_cell, but only for a text that is a region's name and nothing more (a section heading)."""
    key = normalize(text)
    adcode = county_alias.get(key)
    if adcode:
        return adcode, prefecture_of().get(adcode)
    prefecture = prefecture_alias_table().get(key)
    if prefecture in prefecture_of():
        return prefecture, prefecture
    return None, prefecture
