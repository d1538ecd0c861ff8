"""Architecture rules of design.md, checked on the source: who imports whom, no SQL built from strings, thin pages."""

import ast
import re
import sys
from pathlib import Path

import pytest

import queries

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [p for p in ROOT.rglob("*.py") if not {".venv", "var", "tests"} & set(p.relative_to(ROOT).parts)]
PAGES = sorted((ROOT / "app_pages").glob("*.py"))
SQL_WORDS = re.compile(r"\b(select|insert|update|delete|where|from)\b", re.IGNORECASE)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imports(path: Path) -> set[str]:
    """Top-level module names a file imports (`from ui import charts` → ui, ui.figures.charts)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
    return found


def test_sources_found():
    assert len(SOURCES) > 20 and PAGES


@pytest.mark.parametrize("path", SOURCES, ids=rel)
def test_only_queries_and_data_import_duckdb(path):
    if rel(path).split("/")[0] not in ("queries", "data"):
        assert "duckdb" not in imports(path)


# The layers, top to bottom. A module may import its own layer and those beneath it, never one above:
# the presentation (ui) sits on the read side (queries) and the write side (data), which sit on geography
# as data (geo) and settings. Within ui, pages' sections and the frame sit on the pure figures and files,
# which sit on the style. Within data, the warehouse drives the importer; accounts stand apart.
LAYERS = {
    "app": 0, "app_pages": 0, "ui": 1, "data": 4,  # the package roots: docstrings only
    "ui.sections": 1, "ui.frame": 1,
    "ui.files": 2, "ui.figures": 2,
    "ui.style": 3,
    "queries": 4, "data.warehouse": 4, "data.accounts": 4,
    "data.importer": 5, "data.demo": 5,
    "data.files": 6, "data.spreadsheet": 6, "geo": 6,
    "settings": 7,
}
# Packages on one layer that still must not know each other.
APART = {("ui.frame", "ui.sections"), ("ui.figures", "ui.files"), ("data.warehouse", "data.accounts"),
         ("data.accounts", "data.warehouse"), ("queries", "data"), ("data", "queries")}


def layer_of(module: str) -> str | None:
    """The most specific layer a dotted module name belongs to (`ui.figures.maps` → ui.figures)."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in LAYERS:
            return ".".join(parts[:n])
    return None


def module_of(path: Path) -> str:
    return rel(path).removesuffix(".py").removesuffix("/__init__").replace("/", ".")


def wrong_way_imports(path: Path) -> list[str]:
    """The imports of a source file that go up a layer or across to a package it must stay apart from."""
    own = layer_of(module_of(path))
    if own is None:
        return []
    bad = []
    for imported in imports(path) - {"ui", "data"}:  # `from data import files` also lists the bare package
        theirs = layer_of(imported)
        if theirs is None or theirs == own:
            continue
        across = any(own.startswith(a) and theirs.startswith(b) for a, b in APART)
        if LAYERS[theirs] < LAYERS[own] or (LAYERS[theirs] == LAYERS[own] and across):
            bad.append(imported)
    return sorted(bad)


def test_every_source_has_a_layer():
    assert [rel(p) for p in SOURCES if layer_of(module_of(p)) is None and not rel(p).startswith("bench/")] == []


@pytest.mark.parametrize("path", SOURCES, ids=rel)
def test_imports_go_down_the_layers(path):
    assert wrong_way_imports(path) == []


def test_the_layer_check_can_fail(tmp_path, monkeypatch):
    """geo importing a map builder was the cycle of 2026 (geo.maps → ui.charts → … → geo)."""
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    (tmp_path / "geo").mkdir()
    (tmp_path / "data" / "importer").mkdir(parents=True)
    geo_file = tmp_path / "geo" / "registry.py"
    geo_file.write_text("from ui.style import labels\nfrom geo import boundaries\nimport settings\n")
    importer = tmp_path / "data" / "importer" / "ingest.py"
    importer.write_text("from data.warehouse import edit\nfrom data.importer import parse\n")
    assert wrong_way_imports(geo_file) == ["ui.style", "ui.style.labels"]
    assert wrong_way_imports(importer) == ["data.warehouse", "data.warehouse.edit"]


PURE_LAYERS = ("ui/style/", "ui/figures/", "ui/files/", "geo/", "data/", "queries/")


@pytest.mark.parametrize("path", [p for p in SOURCES if rel(p).startswith(PURE_LAYERS)], ids=rel)
def test_pure_layers_never_import_streamlit(path):
    """Figures, files, style and everything beneath the presentation work without a Streamlit session."""
    assert not any(m.split(".")[0] == "streamlit" for m in imports(path))


@pytest.mark.parametrize("path", SOURCES, ids=rel)
def test_nothing_at_run_time_imports_the_demo_generator(path):
    if rel(path) != "data/warehouse/build.py" and not rel(path).startswith("data/demo/"):
        assert not any(m.startswith("data.demo") for m in imports(path))


# The app reads its options in settings.py only; bench/ scripts set them for the app they start.
# ui/frame/access.py is still being moved there by its owner.
ENV_READERS = {"settings.py", "ui/frame/access.py"}


@pytest.mark.parametrize("path", [p for p in SOURCES if rel(p).split("/")[0] != "bench"
                                  and rel(p) not in ENV_READERS], ids=rel)
def test_options_are_read_in_settings_only(path):
    assert not re.search(r"\bos\.(environ|getenv)\b", path.read_text(encoding="utf-8")), "read it in settings.py"


# House style: modules up to 300 lines, SQL files up to 80.
@pytest.mark.parametrize("path", SOURCES
                         + sorted(ROOT.glob("queries/*/*.sql")) + sorted(ROOT.glob("data/warehouse/schema/*.sql")),
                         ids=rel)
def test_files_are_short(path):
    most = 80 if path.suffix == ".sql" else 300
    assert len(path.read_text(encoding="utf-8").splitlines()) <= most, f"split it by concern (at most {most} lines)"


@pytest.mark.parametrize("path", PAGES, ids=rel)
def test_pages_are_thin(path):
    text = path.read_text(encoding="utf-8")
    allowed = {"streamlit", "pandas", "queries", "ui"}
    assert {m for m in imports(path) if not m.startswith("ui.")} <= allowed
    assert not re.search(r"#[0-9a-fA-F]{6}\b", text), "colour literal in a page: use ui/style/theme.py"
    assert ".groupby(" not in text and not SQL_WORDS.search(" ".join(re.findall(r'"""(.*?)"""', text, re.S)[1:]))
    assert len(text.splitlines()) <= 150


@pytest.mark.parametrize("path", [p for p in SOURCES if rel(p).split("/")[0] in ("ui", "geo", "app_pages")
                                  and rel(p) != "ui/style/theme.py"], ids=rel)
def test_colours_come_from_the_theme(path):
    colour = re.search(r"#[0-9a-fA-F]{6}\b", path.read_text(encoding="utf-8"))
    assert not colour, "colour literal: use ui/style/theme.py"


# Literal text that reads as SQL: a statement with its clause, or a where clause on its own.
SQL_TEXT = re.compile(r"\b(select|insert|update|delete)\b.*\b(from|into|set|where)\b|\bwhere\b",
                      re.IGNORECASE | re.DOTALL)


def _builds_a_string(node: ast.AST) -> bool:
    """An f-string, `.format()`, `%` or `+` on a string, or `str.join`: a string assembled at run time."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        return any(isinstance(n, (ast.Constant, ast.JoinedStr)) and not isinstance(getattr(n, "value", ""), bytes)
                   for n in (node.left, node.right))
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
        "format", "join")


def _literal_text(node: ast.AST) -> str:
    """The string constants inside an expression, in source order (ast.walk goes breadth first)."""
    parts = [n for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return " ".join(n.value for n in sorted(parts, key=lambda n: (n.lineno, n.col_offset)))


def _sql_built_from_strings(path: Path) -> list[int]:
    """Lines where a string holding SQL words is assembled (f-string, format, %, +, join), wherever it goes.

    Checking the assembly rather than the call catches SQL built into a variable first, passed as
    `query=`, wrapped in `textwrap.dedent` or given to `pd.read_sql`; SQL written as one constant
    and bound with parameters passes.
    """
    bad: set[int] = set()

    def visit(node: ast.AST) -> None:
        if _builds_a_string(node) and SQL_TEXT.search(_literal_text(node)):
            bad.add(node.lineno)
            return  # the outermost expression names the line; its parts are the same offence
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return sorted(bad)


@pytest.mark.parametrize("path", SOURCES, ids=rel)
def test_no_sql_built_from_strings(path):
    assert _sql_built_from_strings(path) == []


SQL_EVASIONS = '''\
import textwrap
import pandas as pd
con.execute(f"select * from t where a = {x}")
con.execute("select " + x + " from t")
sql = f"select a from {table}"
con.execute(sql)
con.execute(query="delete from t where id = {}".format(x))
con.sql(textwrap.dedent(f"""
    select a
    from {table}
"""))
pd.read_sql("select * from t where a = %s" % x, con)
clause = " where " + condition
q = " ".join(["select a", "from t", extra])
cur.executemany(sql="insert into t values " + rows)
update = "update t set a = {a}".format(a=1)
parts = " and ".join(conditions) + " where 1 = 1"
'''

LEGITIMATE = '''\
raise ValueError(f"别名“{alias}”同时指向 {table[key]} 和 {adcode}（{kind}）")
print(f"{name} · 打开 → 地图可见: median {value:.2f} s over {len(values)} runs")
label = "第" + str(row) + "行：" + message
note = "%d 家企业" % count
title = "{}年{}月".format(year, month)
names = "、".join(sorted(missing))
SQL = "select adcode, value from county_value_current where indicator_id = $indicator"
con.execute(SQL, {"indicator": indicator})
con.execute("insert into region_alias by name select * from staged")
con.execute("select * from t where a = $a", {"a": x})
print(f"selected {n} counties from the map")
message = f"已选：{county}，请更新设置"
'''


def test_the_sql_check_can_fail(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text(SQL_EVASIONS, encoding="utf-8")
    assert _sql_built_from_strings(sample) == [3, 4, 5, 7, 8, 12, 13, 14, 15, 16, 17]


def test_the_sql_check_passes_legitimate_code(tmp_path):
    sample = tmp_path / "good.py"
    sample.write_text(LEGITIMATE, encoding="utf-8")
    assert _sql_built_from_strings(sample) == []


@pytest.mark.parametrize("name", queries.all_names())
def test_query_headers_declare_their_params(name):
    query = queries.load(name)  # raises when a $param is used but not declared, or declared but unused
    assert query.title and query.returns


def test_an_undeclared_param_is_refused(tmp_path, monkeypatch):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "bad.sql").write_text("-- t\n-- grain: g\n-- params: none\n-- returns: a\nselect $oops\n")
    monkeypatch.setattr(queries, "QUERY_DIR", tmp_path)
    queries.load.cache_clear()
    with pytest.raises(ValueError, match="oops"):
        queries.load("x/bad")
    queries.load.cache_clear()


def test_run_refuses_unknown_params():
    with pytest.raises(TypeError):
        queries.execute(None, "common/latest_period", indicator="x", as_of=None, extra=1)


def test_an_optional_param_may_be_left_out_and_is_null_a_required_one_may_not():
    query = queries.load("common/latest_period")
    assert query.optional == {"industry"}
    assert query.bind({"indicator": "x", "as_of": None}) == {"indicator": "x", "as_of": None, "industry": None}
    with pytest.raises(TypeError):
        query.bind({"indicator": "x", "industry": "auto"})  # as_of is required
    assert queries.optional_params("$a varchar (null = all); $b date (optional, null = none)") == {"b"}


def test_sqlfluff_lints_every_query_parameter_as_a_literal():
    """A parameter missing from .sqlfluff would be linted as a bare column name."""
    config = (ROOT / ".sqlfluff").read_text(encoding="utf-8")
    configured = set(re.findall(r"^([a-z_]+) = ", config.split("[sqlfluff:templater:placeholder]")[1], re.M))
    used = {p for name in queries.all_names() for p in queries.load(name).params}
    assert used <= configured, sorted(used - configured)
