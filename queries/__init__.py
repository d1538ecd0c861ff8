"""The read side: one SQL file per question, run with bound parameters on a read-only warehouse.

`run("overview/indicator_by_county", indicator="output_yi", ...)` checks the parameter names
against the file's header, binds every value, runs on a cursor of one cached read-only
connection and caches the frame by name, parameters and warehouse version.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache, wraps
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

import settings
from queries import bounded

QUERY_DIR = Path(__file__).parent
NAME_RE = re.compile(r"^[a-z_]+/[a-z0-9_]+$")
PARAM_RE = re.compile(r"\$([a-z_][a-z0-9_]*)")
_lock = threading.Lock()
_connections: dict[str, tuple[tuple[str, int], duckdb.DuckDBPyConnection]] = {}


class WarehouseMissing(RuntimeError):
    """No warehouse file yet: the app builds it on first start."""


@dataclass(frozen=True)
class Query:
    name: str
    title: str
    params: dict[str, str]  # name → declared type
    returns: str
    sql: str
    optional: frozenset[str] = frozenset()  # declared "(optional, …)": null when not given

    def bind(self, params: dict) -> dict:
        """The parameters with the optional ones not given as null; refuses missing and unknown ones."""
        given = set(params)
        if not (given <= set(self.params) and set(self.params) - self.optional <= given):
            raise TypeError(f"{self.name} 需要参数 {sorted(self.params)}，收到 {sorted(params)}")
        return dict.fromkeys(self.optional) | params


def _header_value(lines: list[str], key: str) -> str:
    for line in lines:
        if line.startswith(f"-- {key}:"):
            return line.split(":", 1)[1].strip()
    raise ValueError(f"查询文件缺少头部字段 {key}")


def optional_params(text: str) -> frozenset[str]:
    """The parameters declared "(optional, …)": a caller may leave them out, and they are null."""
    return frozenset(re.findall(r"\$([a-z_][a-z0-9_]*)\s+\w+\s*\(optional\b", text))


def parse_params(text: str) -> dict[str, str]:
    """'$year integer; $prefecture varchar (null = all)' → {'year': 'integer', 'prefecture': 'varchar'}."""
    if text.strip() in ("none", ""):
        return {}
    params = {}
    for part in text.split(";"):
        match = re.match(r"\s*\$([a-z_][a-z0-9_]*)\s+(\w+)", part)
        if not match:
            raise ValueError(f"无法解析参数声明“{part.strip()}”")
        params[match.group(1)] = match.group(2)
    return params


@cache
def load(name: str) -> Query:
    """Read and check one query file: its header declares exactly the $params its body uses."""
    if not NAME_RE.match(name):
        raise ValueError(f"非法的查询名称 {name!r}")
    text = (QUERY_DIR / f"{name}.sql").read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("--")]
    declared = _header_value(header, "params")
    params = parse_params(declared)
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    used = set(PARAM_RE.findall(body))
    if used != set(params):
        raise ValueError(f"{name}: 头部声明的参数 {sorted(params)} 与语句使用的 {sorted(used)} 不一致")
    return Query(name, header[0].lstrip("- ").strip(), params, _header_value(header, "returns"), text,
                 optional_params(declared))


def all_names() -> list[str]:
    return sorted(str(p.relative_to(QUERY_DIR).with_suffix("")) for p in QUERY_DIR.glob("*/*.sql"))


def execute(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Run a query on a given connection (tests use this with an in-memory warehouse)."""
    query = load(name)
    params = query.bind(params)
    # Tuples keep run()'s cache key hashable; DuckDB binds lists as LIST values.
    bound = {k: list(v) if isinstance(v, tuple) else v for k, v in params.items()}
    return con.execute(query.sql, bound).df()


def warehouse_version() -> tuple[str, int]:
    """The published build: its versioned file (data/build.publish swaps the link) and modification time.

    Asked on every query of every run (a page asks 20–40 times), so the link itself is looked at first: publish
    swaps in a new link (a new inode), and a plain file rewritten gets a new mtime. Only then is the path resolved,
    component by component (realpath was 7 % of a warm page run on 强县考核)."""
    path = settings.WAREHOUSE_PATH
    try:
        link = os.lstat(path)
        return _resolved(str(path), link.st_dev, link.st_ino, link.st_mtime_ns)
    except FileNotFoundError:
        raise WarehouseMissing(str(path)) from None


@lru_cache(maxsize=8)
def _resolved(path: str, device: int, inode: int, mtime_ns: int) -> tuple[str, int]:
    """(real path, its mtime) of a link or file seen with this identity: the versioned builds are never rewritten."""
    real = os.path.realpath(path)
    return real, os.stat(real).st_mtime_ns


def connection() -> duckdb.DuckDBPyConnection:
    """The one read-only connection to the current build; a new one once another build is published.

    It opens the build's own file name: DuckDB returns the already-open database for a known path.
    """
    version = warehouse_version()
    key = str(settings.WAREHOUSE_PATH)
    with _lock:
        cached = _connections.get(key)
        if cached is None or cached[0] != version:
            _connections[key] = (version, _open(version[0]))
        return _connections[key][1]


def _open(path: str) -> duckdb.DuckDBPyConnection:
    """A read-only connection without DuckDB's join filter pushdown (a join's keys pushed into the other side's scan
    as a filter). On the demo warehouse it made the honour lists' revenue join 2–4× slower (detail/
    enterprises_with_honours: 28 → 13 ms without it; the pages' 195 distinct queries together 1.74 → 1.42 s); on the
    10 M-row demo the sum is the same either way (1.65 / 1.66 s). A setting of the database, not of one cursor."""
    con = duckdb.connect(path, read_only=True)
    con.execute("set disabled_optimizers = 'join_filter_pushdown'")
    return con


_answers = bounded.BoundedCache(settings.QUERY_CACHE_MB * 2**20, bounded.estimated_bytes)


def _cached(name: str, frozen: tuple, version: tuple[str, int]) -> pd.DataFrame:
    answer = _answers.get((name, frozen, version))
    if answer is bounded.MISSING:
        # DuckDB raises when two threads share a connection: one cursor per run.
        cursor = connection().cursor()
        try:
            answer = execute(cursor, name, **dict(frozen))
        finally:
            cursor.close()
        _answers.put((name, frozen, version), answer)
    return answer


def cached_answers() -> int:
    """How many answers the query cache holds now (within settings.QUERY_CACHE_MB)."""
    return len(_answers)


def run(name: str, **params) -> pd.DataFrame:
    """The answer to one question as a frame (a copy: callers may change it freely).

    A shallow copy: under pandas' copy-on-write (always on since pandas 3) a change to it copies what it changes
    and never reaches the cached answer, so the data need not be copied on every call."""
    params = load(name).bind(params)  # one cache entry whether an optional parameter is left out or null
    return _cached(name, tuple(sorted(params.items())), warehouse_version()).copy(deep=False)


T = TypeVar("T")


def per_build(derive: Callable[[], T]) -> Callable[[], T]:
    """derive() made once per published build, not on every call: lookups (names by code, labels) that captions
    and pickers ask for many times a run. What it returns is shared: callers must not change it."""
    made = lru_cache(maxsize=4)(lambda version: derive())

    @wraps(derive)
    def current() -> T:
        return made(warehouse_version())

    return current
