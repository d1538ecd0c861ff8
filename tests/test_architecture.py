"""Architecture rules of design.md, checked on the source: who imports whom, no SQL built from strings, thin pages."""

import ast
import re
from pathlib import Path

import pytest

import queries

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [p for p in ROOT.rglob("*.py") if not {".venv", "var", "tests"} & set(p.relative_to(ROOT).parts)]
PAGES = sorted((ROOT / "app_pages").glob("*.py"))
SQL_WORDS = re.compile(r"\b(select|insert|update|delete|where|from)\b", re.IGNORECASE)


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def imports(path: Path) -> set[str]:
    """Top-level module names a file imports (`from ui import charts` → ui, ui.charts)."""
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


PURE = ("ui/charts.py", "ui/labels.py", "ui/theme.py", "ui/periods.py", "ui/specs.py", "ui/figure_export.py",
        "ui/meeting_pack.py", "ui/slides.py")


def test_every_pure_builder_exists():
    assert {p for p in PURE if (ROOT / p).exists()} == set(PURE)


@pytest.mark.parametrize("path", [p for p in SOURCES if rel(p) in PURE or rel(p).startswith("geo/")], ids=rel)
def test_pure_builders_never_import_streamlit(path):
    assert not any(m.split(".")[0] == "streamlit" for m in imports(path))


@pytest.mark.parametrize("path", SOURCES, ids=rel)
def test_nothing_at_run_time_imports_the_demo_generator(path):
    if rel(path) != "data/build.py" and not rel(path).startswith("data/demo/"):
        assert not any(m.startswith("data.demo") for m in imports(path))


@pytest.mark.parametrize("path", PAGES, ids=rel)
def test_pages_are_thin(path):
    text = path.read_text(encoding="utf-8")
    allowed = {"streamlit", "pandas", "queries", "ui", "geo.maps", "geo"}
    assert {m for m in imports(path) if not m.startswith(("ui.", "geo.maps"))} <= allowed
    assert not re.search(r"#[0-9a-fA-F]{6}\b", text), "colour literal in a page: use ui/theme.py"
    assert ".groupby(" not in text and not SQL_WORDS.search(" ".join(re.findall(r'"""(.*?)"""', text, re.S)[1:]))
    assert len(text.splitlines()) <= 150


@pytest.mark.parametrize("path", [p for p in SOURCES if rel(p).split("/")[0] in ("ui", "geo", "app_pages")
                                  and rel(p) != "ui/theme.py"], ids=rel)
def test_colours_come_from_the_theme(path):
    assert not re.search(r"#[0-9a-fA-F]{6}\b", path.read_text(encoding="utf-8")), "colour literal: use ui/theme.py"


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
        queries.execute(None, "common/indicator_periods", indicator="x", extra=1)


def test_sqlfluff_lints_every_query_parameter_as_a_literal():
    """A parameter missing from .sqlfluff would be linted as a bare column name."""
    config = (ROOT / ".sqlfluff").read_text(encoding="utf-8")
    configured = set(re.findall(r"^([a-z_]+) = ", config.split("[sqlfluff:templater:placeholder]")[1], re.M))
    used = {p for name in queries.all_names() for p in queries.load(name).params}
    assert used <= configured, sorted(used - configured)
