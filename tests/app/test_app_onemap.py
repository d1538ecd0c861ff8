"""AppTest of 全省一张图's named-list layers: each loaded list (名单) is a point layer of its own; a member
sits at its park's or firm's registered point where one of that name is loaded, else inside its county."""

import json
import os

import duckdb

import settings
from data.importer.options import Options
from data.warehouse import load
from tests.app.test_app import open_app
from tests.importer.test_import_lists import CHEMICAL_PARKS, write

LIST = "湖北省化工园区名单"


def test_a_loaded_list_is_a_layer_of_its_own(private_warehouse, tmp_path):
    load.load(write(tmp_path / "化工园区名单.csv", CHEMICAL_PARKS), Options(list_name=LIST), loaded_by="editor")
    at = open_app("app_pages/onemap.py")
    assert not at.exception, at.exception
    at.session_state["onemap_layers"] = ["parks", f"list:{LIST}"]
    at.run()
    assert not at.exception, at.exception
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    (layer,) = [layer for layer in spec["layers"] if layer["id"].startswith("list_")]
    points = layer["data"]
    assert len(points) == 7  # placed in a county: 青山, 大冶, 赤壁, 汉川, 郧阳, 仙桃, 潜江 (not 十堰市, 荆州, 无名)
    registered = {p["tooltip"].split("<br/>")[0]: (p["lon"], p["lat"]) for p in points if "登记位置" in p["tooltip"]}
    with duckdb.connect(os.path.realpath(settings.WAREHOUSE_PATH), read_only=True) as con:
        parks = dict(con.execute("select park_name, (lon, lat) from park where park_name in "
                                 "('武汉化学工业区', '潜江经济开发区', '大冶市化工园区')").fetchall())
    assert registered == {n: tuple(xy) for n, xy in parks.items()} and "武汉化学工业区" in registered  # by name
    assert all(110 < p["lon"] < 117 and 29 < p["lat"] < 34 for p in points)  # inside Hubei
    assert len({(p["lon"], p["lat"]) for p in points}) == 7  # none on top of another
    assert f"名单：{LIST}" in " ".join(m.value for m in at.markdown)  # its legend row
