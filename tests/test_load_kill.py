"""A load killed with SIGKILL at any moment leaves the old data or the new, never a mix, and the next load works.

`python -m data.load` runs as a real process on a private warehouse and is killed at seeded
random delays, one in each twelfth of the time an unkilled load takes, so the kills land
before, during and after the write and the publish. After each kill the warehouse opens and
shows, for every loaded cell, exactly the values before or exactly the file's; the raw store
holds the file whole under its name or not at all; the next normal load (in this process)
succeeds and leaves no working copy of the dead process behind. The kills run once per module;
each test below checks one of those promises over all of them.
"""

from __future__ import annotations

import hashlib
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

import settings
from data import build, load
from data.templates import TEMPLATES
from geo import registry

ROOT = Path(__file__).resolve().parents[1]
RUNS = 12
SEED = 20261201
MONTHS = [(year, month) for year in (2024, 2025) for month in range(1, 13)]
CURRENT_SQL = ("select adcode, indicator_id, period, value from county_value_current "
               "where indicator_id in ('output_yi', 'above_scale_firm_count', 'va_growth_pct')")


def county_file(path: Path, run: int) -> dict[tuple, float]:
    """All 103 counties × 24 months × 3 indicators, with values that differ from run to run; returns them."""
    values, lines = {}, [",".join(TEMPLATES["county_values"].headers)]
    for i, region in enumerate(registry.regions()):
        for year, month in MONTHS:
            for indicator, unit, text in (("output_yi", "亿元", f"{100 * run + i + month / 10:.1f}"),
                                          ("above_scale_firm_count", "家", f"{100 * run + i}"),
                                          ("va_growth_pct", "%", f"{run + month / 10:.1f}")):
                lines.append(f"{region.adcode},{region.name},{indicator},,{year}年{month}月,{text},{unit},最终")
                values[(region.adcode, indicator, f"{year}-{month:02d}")] = float(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return values


def current() -> dict[tuple, float]:
    """The loaded cells as readers see them: the published link, followed, opened read-only."""
    con = duckdb.connect(os.path.realpath(settings.WAREHOUSE_PATH), read_only=True)
    try:
        rows = con.execute(CURRENT_SQL).fetchall()
    finally:
        con.close()
    return {(adcode, indicator, f"{period:%Y-%m}"): value for adcode, indicator, period, value in rows}


def working_copies() -> list[str]:
    """Every working copy beside the warehouse, whatever name its process gave the warehouse."""
    return sorted(p.name for p in settings.WAREHOUSE_PATH.parent.glob(".*.loading*"))


def raw_store_problems(sources: dict[str, bytes]) -> list[str]:
    """Files under a final name in the raw store that are not a whole upload (partial copies are hidden .part)."""
    problems = []
    for kept in settings.RAW_DIR.iterdir():
        if kept.name.startswith(".") or kept.name == load.log_path().name:
            continue
        digest, _, name = kept.name.partition("_")
        source = sources.get(name, b"")
        if kept.read_bytes() != source or not hashlib.sha256(source).hexdigest().startswith(digest):
            problems.append(f"{kept.name}: {kept.stat().st_size} of {len(source)} bytes")
    return problems


@dataclass
class Kill:
    delay: float
    exit_code: int
    outcome: str  # old / new / mix / error: what readers saw after the kill
    copies_after_kill: list[str]
    raw_problems: list[str]
    next_exit: int
    next_outcome: str
    copies_after_next: list[str]
    last_event: str


def loader(path: Path, env: dict[str, str], stderr=subprocess.DEVNULL) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "data.load", str(path), "--by", "kill-test"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=stderr)


def seen(before: dict, new: dict) -> str:
    try:
        after = current()
    except duckdb.Error as error:
        return f"error: {error}"
    return "new" if after == new else "old" if after == before else "mix"


def private_warehouse(folder: Path, patch: pytest.MonkeyPatch) -> dict[str, str]:
    """A warehouse with the values of run 0, and this process and the loader's environment pointing at it."""
    var = folder / "var"
    paths = {"HUBEI_VAR_DIR": var, "HUBEI_WAREHOUSE": var / "warehouse.duckdb", "HUBEI_RAW_DIR": var / "raw"}
    patch.setattr(settings, "VAR_DIR", var)
    patch.setattr(settings, "WAREHOUSE_PATH", paths["HUBEI_WAREHOUSE"])
    patch.setattr(settings, "RAW_DIR", folder / "build-raw")  # the build's own copies stay apart
    county_file(folder / "base" / TEMPLATES["county_values"].file_name, 0)
    build.build(settings.WAREHOUSE_PATH, folder / "base")
    patch.setattr(settings, "RAW_DIR", paths["HUBEI_RAW_DIR"])
    return {**os.environ, **{k: str(v) for k, v in paths.items()}}


def unkilled(path: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    proc = loader(path, env, stderr=subprocess.PIPE)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    return time.perf_counter() - started


@pytest.fixture(scope="module")
def kills(tmp_path_factory) -> list[Kill]:
    """Two unkilled loads to time one, then RUNS loads each killed once and followed by a normal load."""
    folder = tmp_path_factory.mktemp("kill")
    with pytest.MonkeyPatch.context() as patch:
        env = private_warehouse(folder, patch)
        sources, found = {}, []
        for run in (1, 2):  # the first may pay for cold caches: time both, keep the faster
            path = folder / "in" / f"run-{run:02d}.csv"
            county_file(path, run)
            sources[path.name] = path.read_bytes()
            found.append(unkilled(path, env))
        duration = min(found)
        rng = random.Random(SEED)
        delays = [duration * (i + rng.random()) / RUNS for i in range(RUNS)]
        print(f"unkilled load: {' / '.join(f'{d:.2f}' for d in found)} s; kill delays: "
              f"{', '.join(f'{d:.2f}' for d in delays)} s")
        out = [kill_once(folder / "in" / f"run-{run:02d}.csv", run, delay, env, sources)
               for run, delay in enumerate(delays, start=3)]
    return out


def kill_once(path: Path, run: int, delay: float, env: dict[str, str], sources: dict[str, bytes]) -> Kill:
    """Start a load of a new file, SIGKILL it after delay, look at what is left, then load the file normally."""
    before = current()
    new = county_file(path, run)
    sources[path.name] = path.read_bytes()
    proc = loader(path, env)
    time.sleep(delay)
    proc.kill()  # SIGKILL; nothing when the load has already finished
    exit_code = proc.wait(timeout=60)
    outcome, copies, raw = seen(before, new), working_copies(), raw_store_problems(sources)
    next_exit = load.main([str(path), "--by", "kill-test"])
    kill = Kill(delay, exit_code, outcome, copies, raw, next_exit, seen(before, new), working_copies(),
                str(load.read_log()["event"].iloc[-1]))
    print(f"kill at {delay:.2f} s: exit {exit_code}, {outcome} data, working copies {copies or 'none'}, "
          f"raw store {'; '.join(raw) or 'whole'}; next load: exit {next_exit}, {kill.next_outcome} data, "
          f"working copies {kill.copies_after_next or 'none'}")
    return kill


def test_every_kill_leaves_exactly_the_old_or_the_new_values(kills):
    assert [(k.delay, k.outcome) for k in kills if k.outcome not in ("old", "new")] == []


def test_the_raw_store_never_holds_a_partial_file_under_its_name(kills):
    assert [(k.delay, k.raw_problems) for k in kills if k.raw_problems] == []


def test_the_next_load_succeeds_and_shows_the_new_values(kills):
    assert [(k.delay, k.next_exit, k.next_outcome, k.last_event) for k in kills
            if (k.next_exit, k.next_outcome) != (0, "new") or k.last_event not in ("loaded", "duplicate")] == []


def test_the_next_load_leaves_no_working_copy_of_a_dead_process(kills):
    assert [(k.delay, k.copies_after_next) for k in kills if k.copies_after_next] == []


def test_a_load_in_a_fresh_process_publishes_through_the_link(tmp_path, monkeypatch):
    env = private_warehouse(tmp_path, monkeypatch)
    published = os.readlink(settings.WAREHOUSE_PATH)
    path = tmp_path / "in" / "run-01.csv"
    county_file(path, 1)
    unkilled(path, env)
    now = os.readlink(settings.WAREHOUSE_PATH)
    assert now != published and not (settings.WAREHOUSE_PATH.parent / published).is_symlink()
    assert now.count("-") == published.count("-")  # warehouse-<stamp>.duckdb, not warehouse-<stamp>-<stamp>
