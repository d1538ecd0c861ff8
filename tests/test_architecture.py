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


@pytest.mark.parametrize("path", [p for p in SOURCES if rel(p) in
                                  ("ui/charts.py", "ui/labels.py", "ui/theme.py") or rel(p).startswith("geo/")],
                         ids=rel)
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


def _sql_built_from_strings(path: Path) -> list[int]:
    """Lines where execute()/sql() is called with an f-string, a .format() call or string concatenation."""
    bad = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
                "execute", "executemany", "sql", "query") and node.args:
            first = node.args[0]
            formatted = isinstance(first, (ast.JoinedStr, ast.BinOp)) or (
                isinstance(first, ast.Call) and isinstance(first.func, ast.Attribute) and first.func.attr == "format")
            if formatted:
                bad.append(node.lineno)
    return bad


@pytest.mark.parametrize("path", SOURCES, ids=rel)
def test_no_sql_built_from_strings(path):
    assert _sql_built_from_strings(path) == []


def test_the_sql_check_can_fail(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text('con.execute(f"select * from t where a = {x}")\ncon.execute("select " + x)\n')
    assert _sql_built_from_strings(sample) == [1, 2]


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
