"""Region registry: the 103 county-level units, their prefectures and every spelling of their names.

The registry is data (CSV files in geo/registry/), so flags such as the in-scope set or the
network programme are edited in a file, not in code. This module reads those files and
resolves any spelling a statistics table may use to one adcode.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from opencc import OpenCC

REGISTRY_DIR = Path(__file__).parent / "registry"
SUFFIXES = ("土家族苗族自治州", "土家族自治县", "自治县", "林区", "市", "县", "区")
# U+5DFF 巿 looks like 市 and turns up in scanned or hand-typed tables.
LOOKALIKES = str.maketrans({"巿": "市"})
_T2S = OpenCC("t2s")


@dataclass(frozen=True)
class Region:
    adcode: str
    name: str
    short_name: str
    prefecture_code: str
    prefecture: str
    county_type: str
    metro_circle: str
    wehh_core: bool
    in_scope: bool
    network_programme: bool


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(REGISTRY_DIR / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def normalize(text: str) -> str:
    """Fold a name to its canonical spelling: half-width, simplified, no spaces, 巿 → 市."""
    folded = unicodedata.normalize("NFKC", str(text)).translate(LOOKALIKES)
    return re.sub(r"\s+", "", _T2S.convert(folded))


def strip_suffix(name: str) -> str:
    """Name without its administrative suffix: 大冶市 → 大冶, 长阳土家族自治县 → 长阳."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@cache
def prefectures() -> dict[str, dict[str, str]]:
    """Prefecture-level units by code, with short name, metro circle and core flag."""
    return {row["code"]: row for row in _read_csv("prefectures.csv")}


def _short_name(name: str, taken: set[str]) -> str:
    """Short display name; keeps the suffix where dropping it would clash with a prefecture (荆州区)."""
    short = strip_suffix(name)
    return name if short in taken else short


@cache
def regions() -> tuple[Region, ...]:
    """The 103 county-level units in adcode order."""
    prefs = prefectures()
    # 仙桃/潜江/天门/神农架 are their own prefecture: their short name may equal it.
    taken = {p["short_name"] for code, p in prefs.items() if not code.startswith("429")}
    out = []
    for row in _read_csv("regions.csv"):
        pref = prefs[row["prefecture_code"]]
        out.append(Region(
            adcode=row["adcode"], name=row["name"], short_name=_short_name(row["name"], taken),
            prefecture_code=row["prefecture_code"], prefecture=pref["name"],
            county_type=row["county_type"], metro_circle=pref["metro_circle"],
            wehh_core=pref["wehh_core"] == "true", in_scope=row["in_scope"] == "true",
            network_programme=row["network_programme"] == "true",
        ))
    return tuple(sorted(out, key=lambda r: r.adcode))


@cache
def _prefecture_spellings() -> dict[str, frozenset[str]]:
    """Prefecture code → its name, short name and every alias, former names included (襄樊市, 荆沙市)."""
    spellings = {code: {row["name"], row["short_name"]} for code, row in prefectures().items()}
    for row in _read_csv("prefecture_aliases.csv"):
        spellings[row["code"]].add(row["alias"])
    return {code: frozenset(names) for code, names in spellings.items()}


@cache
def _former_names() -> dict[str, frozenset[str]]:
    """Adcode → the former names aliases.csv records for it (郧县 → 420304)."""
    names: dict[str, set[str]] = {}
    for row in _read_csv("aliases.csv"):
        if row["kind"] == "former_name":
            names.setdefault(row["adcode"], set()).add(row["alias"])
    return {adcode: frozenset(found) for adcode, found in names.items()}


def _generated_aliases(region: Region) -> set[str]:
    """Spellings that follow from the names: full, short, code, and each name behind any prefix.

    A prefix is the province, a spelling of the prefecture (current or former: 襄樊市樊城区), or
    both (湖北省襄樊市樊城区); the names are the current one and the former ones (十堰市郧县).
    """
    pref_spellings = _prefecture_spellings()[region.prefecture_code]
    prefixes = {prov + pref for prov in ("", "湖北省", "湖北") for pref in ("", *pref_spellings)} - {""}
    names = {region.name} | _former_names().get(region.adcode, frozenset())
    # A former name that already carries its prefecture (襄樊市襄阳区) takes only the province.
    carried = {n for n in names if any(n.removeprefix(p) in names - {n} for p in pref_spellings)}
    prefixed = {p + n for p in prefixes for n in names - carried}
    prefixed |= {p + n for p in ("湖北省", "湖北") for n in carried}
    return {region.name, region.short_name, region.adcode} | prefixed


@cache
def alias_table() -> dict[str, str]:
    """Every known spelling (normalized) → adcode. Raises if one spelling names two units."""
    table: dict[str, str] = {}
    entries = [(a, r.adcode, "generated") for r in regions() for a in _generated_aliases(r)]
    entries += [(row["alias"], row["adcode"], row["kind"]) for row in _read_csv("aliases.csv")]
    for alias, adcode, kind in entries:
        key = normalize(alias)
        if table.get(key, adcode) != adcode:
            raise ValueError(f"别名“{alias}”同时指向 {table[key]} 和 {adcode}（{kind}）")
        table[key] = adcode
    return table


def alias_rows() -> list[tuple[str, str]]:
    """(alias, adcode) pairs for the warehouse's region_alias table."""
    return sorted(alias_table().items())


def resolve(name: str) -> str | None:
    """The adcode a county-level name or code stands for, or None when it names no unit."""
    return alias_table().get(normalize(name))


@cache
def prefecture_alias_table() -> dict[str, str]:
    """Every known spelling (normalized) of a prefecture-level unit → its code (襄樊市 → 420600)."""
    table = {}
    for code, row in prefectures().items():
        for spelling in (row["name"], row["short_name"], code):
            table[normalize(spelling)] = code
    for row in _read_csv("prefecture_aliases.csv"):
        table[normalize(row["alias"])] = row["code"]
    return table


def resolve_prefecture(name: str) -> str | None:
    """The code of the prefecture-level unit a name stands for, or None."""
    return prefecture_alias_table().get(normalize(name))
