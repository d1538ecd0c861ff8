"""Region registry: the 103 units, their prefectures and circles, and every spelling resolving to one adcode."""

import csv
from collections import Counter

import pytest

from geo import boundaries, registry

REQUIRED_SPELLINGS = {
    "大冶": "420281", "大冶市": "420281", "  大冶市": "420281", "　大冶市": "420281", "大冶巿": "420281",
    "长阳": "420528", "长阳县": "420528", "长阳土家族自治县": "420528", "長陽土家族自治縣": "420528",
    "五峰县": "420529", "京山县": "420882", "420821": "420882", "京山市": "420882",
    "监利县": "421088", "421023": "421088", "郧县": "420304", "420321": "420304", "襄阳区": "420607",
    "神农架": "429021", "神農架林區": "429021", "黄石市大冶市": "420281", "湖北省大冶市": "420281",
    "４２０２８１": "420281", "漢陽區": "420105", "房县": "420325", "荆州区": "421003",
}


def test_103_units_with_the_expected_types():
    units = registry.regions()
    assert len(units) == 103 == len({u.adcode for u in units})
    assert Counter(u.county_type for u in units) == {"市辖区": 39, "县": 35, "县级市": 26, "自治县": 2, "林区": 1}


def test_prefectures_and_circles():
    prefectures = registry.prefectures()
    assert len(prefectures) == 17
    assert {p["metro_circle"] for p in prefectures.values()} == {"武汉都市圈", "襄十随神", "宜荆荆恩"}
    core = {p["short_name"] for p in prefectures.values() if p["wehh_core"] == "true"}
    assert core == {"武汉", "鄂州", "黄石", "黄冈"}
    assert {u.prefecture_code for u in registry.regions()} == set(prefectures)


def test_network_programme_counties_are_in_the_five_named_prefectures():
    flagged = [u for u in registry.regions() if u.network_programme]
    assert len(flagged) == 22
    assert {u.prefecture for u in flagged} == {"襄阳市", "宜昌市", "十堰市", "随州市", "荆门市"}


def test_every_region_has_a_boundary():
    assert {u.adcode for u in registry.regions()} == set(boundaries.read_counties()["adcode"])


@pytest.mark.parametrize("spelling,adcode", REQUIRED_SPELLINGS.items())
def test_required_spellings_resolve(spelling, adcode):
    assert registry.resolve(spelling) == adcode


def test_every_alias_in_the_file_resolves_to_a_unit():
    codes = {u.adcode for u in registry.regions()}
    with open(registry.REGISTRY_DIR / "aliases.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            assert registry.resolve(row["alias"]) == row["adcode"] in codes


@pytest.mark.parametrize("unit", registry.regions(), ids=lambda u: u.adcode)
def test_each_unit_resolves_by_name_short_name_and_code(unit):
    assert registry.resolve(unit.name) == registry.resolve(unit.short_name) == registry.resolve(unit.adcode) \
        == unit.adcode


@pytest.mark.parametrize("text", ["荆州", "湖北省", "武汉市", "东湖高新区", "", "大冶县城"])
def test_aggregates_and_unknown_names_do_not_resolve(text):
    assert registry.resolve(text) is None


def test_a_spelling_that_names_two_units_is_refused(monkeypatch):
    original = registry._read_csv

    def with_clash(name):
        return [{"alias": "大冶", "adcode": "420222", "kind": "test"}] if name == "aliases.csv" else original(name)

    monkeypatch.setattr(registry, "_read_csv", with_clash)
    registry.alias_table.cache_clear()
    try:
        with pytest.raises(ValueError, match="大冶"):
            registry.alias_table()
    finally:
        registry.alias_table.cache_clear()


@pytest.mark.parametrize("spelling,code", {"襄樊市": "420600", "襄阳": "420600", "恩施州": "422800",
                                           "恩施土家族苗族自治州": "422800", "黃岡市": "421100",
                                           "荆州": "421000", "神农架林区": "429021"}.items())
def test_prefecture_spellings_resolve(spelling, code):
    assert registry.resolve_prefecture(spelling) == code


def _prefecture_alias_rows() -> list[dict[str, str]]:
    with open(registry.REGISTRY_DIR / "prefecture_aliases.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("row", _prefecture_alias_rows(), ids=lambda row: row["alias"])
def test_every_prefecture_alias_prefixes_each_of_its_counties(row):
    units = [u for u in registry.regions() if u.prefecture_code == row["code"]]
    assert units
    for unit in units:
        for spelling in (row["alias"] + unit.name, "湖北省" + row["alias"] + unit.name):
            assert registry.resolve(spelling) == unit.adcode, spelling


@pytest.mark.parametrize("spelling,adcode", {
    "襄樊市樊城区": "420606", "襄樊樊城区": "420606", "荆沙市沙市区": "421002", "十堰市郧县": "420304",
    "十堰郧县": "420304", "湖北省十堰市郧县": "420304", "荆门市京山县": "420882", "荆沙市监利县": "421088",
    "咸宁市蒲圻市": "421281", "襄樊市襄阳区": "420607", "湖北省襄樊市樊城区": "420606",
}.items())
def test_former_prefecture_and_former_county_names_combine(spelling, adcode):
    assert registry.resolve(spelling) == adcode


def test_every_former_name_takes_each_prefecture_spelling():
    prefix_spellings = registry._prefecture_spellings()
    with open(registry.REGISTRY_DIR / "aliases.csv", encoding="utf-8") as f:
        former = [row for row in csv.DictReader(f) if row["kind"] == "former_name"]
    for row in former:
        unit = next(u for u in registry.regions() if u.adcode == row["adcode"])
        for prefix in prefix_spellings[unit.prefecture_code]:
            assert registry.resolve(prefix + row["alias"]) in (unit.adcode, None), prefix + row["alias"]
            if row["alias"] != "襄樊市襄阳区":  # carries its prefecture already
                assert registry.resolve(prefix + row["alias"]) == unit.adcode, prefix + row["alias"]
