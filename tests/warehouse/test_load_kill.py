"""A load killed with SIGKILL at any moment leaves the old data or the new, never a mix, and the next load works.

Fifty loads on a private warehouse are killed, each loading a file of new values:
- COLD_RUNS real `python -m data.warehouse.load` processes, killed at seeded delays spread over the time an
  unkilled one takes from interpreter start to exit (most land in the imports and the reading);
- WARM_RUNS loads forked from a process that has done the imports (so the whole delay is the load
  itself), killed at seeded delays, one in each WARM_RUNS-th of the time an unkilled warm load takes:
  these land in the copy, the check, the write, the checkpoint and the publish;
- one load per POINT, which kills itself exactly there (the raw copy half written, the working copy
  half written, mid-transaction, after the commit, between the new build's rename and the link swap,
  after the swap, before the log line), with the outcome each must leave.
After each kill the warehouse opens and shows, for every loaded cell, exactly the values before or
exactly the file's; the raw store holds the file whole under its name or not at all; then the file
is loaded again, unkilled, in a fresh fork: it succeeds, shows the new values and leaves no working
copy of the dead process behind. The kills run once per module; each test checks one promise over
all of them. Cost: about 85 s of CPU on these 2-core machines, most of it the hundred loads' copies,
checks and checkpoints; the forks spare 42 interpreter starts.
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
from data.importer.templates import TEMPLATES
from data.warehouse import build, load
from geo import registry

ROOT = Path(__file__).resolve().parents[2]
COLD_RUNS, WARM_RUNS = 8, 30
SEED = 20261201
MONTHS = [(year, month) for year in (2024, 2025) for month in range(1, 4)]  # 1854 rows a file: a load ~0.5 s
CURRENT_SQL = ("select adcode, indicator_id, period, value from county_value_current "
               "where indicator_id in ('output_yi', 'above_scale_firm_count', 'va_growth_pct')")
# Where a load kills itself, and what readers must see after it: the old values or the new.
POINTS = {"raw_half_copied": "old", "raw_kept": "old", "working_copy_half_copied": "old",
          "working_copy_opened": "old", "checked": "old", "mid_transaction": "old", "committed": "old",
          "before_publish": "old", "new_build_renamed": "old", "link_made_not_swapped": "old",
          "link_swapped": "new", "before_log": "new"}

# A process that pays for the imports once, then forks one loader per request. The fork, not the
# test, sends the SIGKILL: it waits on its child, so the pid cannot belong to another process yet.
# A request is "path<TAB>delay<TAB>point": delay "" = do not kill; point "" = no self-kill.
FORKER = r'''
import os, shutil, signal, sys, time
from data.importer import ingest
from data.warehouse import build, edit, load

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

def after(module, name):
    original = getattr(module, name)
    def wrapper(*args, **kwargs):
        original(*args, **kwargs)
        die()
    setattr(module, name, wrapper)

def half_copy(nth):
    original, calls = shutil.copyfile, []
    def wrapper(src, dst, *args, **kwargs):
        calls.append(dst)
        if len(calls) == nth:
            with open(src, "rb") as f:
                data = f.read()
            with open(dst, "wb") as f:
                f.write(data[: len(data) // 2])
            die()
        return original(src, dst, *args, **kwargs)
    shutil.copyfile = wrapper

def on_link(then_die_after):
    original = os.replace
    def wrapper(src, dst, *args, **kwargs):
        if str(src).endswith(".link"):
            if not then_die_after:
                die()
            original(src, dst, *args, **kwargs)
            die()
        return original(src, dst, *args, **kwargs)
    os.replace = wrapper

def mid_transaction():
    original = ingest._insert
    def wrapper(con, sql, frame):
        original(con, sql, frame)
        if sql == ingest.INSERT_SQL["county_values"]:
            die()
    ingest._insert = wrapper

POINTS = {
    "raw_half_copied": lambda: half_copy(1), "raw_kept": lambda: after(ingest, "keep_raw"),
    "working_copy_half_copied": lambda: half_copy(2), "working_copy_opened": lambda: after(edit, "WorkingCopy"),
    "checked": lambda: after(ingest, "inspect"), "mid_transaction": mid_transaction,
    "committed": lambda: after(ingest, "write_batch"), "before_publish": lambda: setattr(build, "publish", die),
    "new_build_renamed": lambda: setattr(os, "symlink", die), "link_made_not_swapped": lambda: on_link(False),
    "link_swapped": lambda: on_link(True), "before_log": lambda: setattr(load, "_log", die),
}

print("ready", flush=True)
for line in sys.stdin:
    path, delay, point = line.rstrip("\n").split("\t")
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        try:
            if point:
                POINTS[point]()
            code = load.main([path, "--by", "kill-test"])
        except BaseException:
            code = 3
        os._exit(code)
    deadline = started + float(delay) if delay else None
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if deadline is not None and time.perf_counter() >= deadline:
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
            break
        time.sleep(0.002)
    print(os.waitstatus_to_exitcode(status), f"{time.perf_counter() - started:.3f}", flush=True)
'''


def county_file(path: Path, run: int) -> dict[tuple, float]:
    """All 103 counties × 6 months × 3 indicators, with values that differ from run to run; returns them."""
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


def raw_store_problems(sources: dict[str, bytes], only: str | None = None) -> list[str]:
    """Files under a final name in the raw store that are not a whole upload (partial copies are hidden .part)."""
    problems = []
    for kept in settings.RAW_DIR.iterdir():
        if kept.name.startswith(".") or kept.name == load.log_path().name or (only and not kept.name.endswith(only)):
            continue
        digest, _, name = kept.name.partition("_")
        source = sources.get(name, b"")
        if kept.read_bytes() != source or not hashlib.sha256(source).hexdigest().startswith(digest):
            problems.append(f"{kept.name}: {kept.stat().st_size} of {len(source)} bytes")
    return problems


@dataclass
class Kill:
    how: str  # cold / warm / the point it killed itself at
    delay: float | None
    exit_code: int
    outcome: str  # old / new / mix / error: what readers saw after the kill
    copies_after_kill: list[str]
    raw_problems: list[str]
    next_exit: int
    next_outcome: str
    copies_after_next: list[str]
    last_event: str

    @property
    def label(self) -> str:
        return self.how if self.delay is None else f"{self.how} kill at {self.delay:.2f} s"


def loader(path: Path, env: dict[str, str], stderr=subprocess.DEVNULL) -> subprocess.Popen:
    command = [sys.executable, "-m", "data.warehouse.load", str(path), "--by", "kill-test"]
    return subprocess.Popen(command, cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=stderr)


class Forker:
    """The forking loader process (FORKER) and its requests."""

    def __init__(self, env: dict[str, str]):
        self.proc = subprocess.Popen([sys.executable, "-c", FORKER], cwd=ROOT, env=env, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        assert self.proc.stdout.readline() == "ready\n"

    def load(self, path: Path, delay: float | None = None, point: str = "") -> tuple[int, float]:
        """(exit code, seconds) of one forked load, killed after delay or at point when given."""
        self.proc.stdin.write(f"{path}\t{'' if delay is None else delay}\t{point}\n")
        self.proc.stdin.flush()
        code, seconds = self.proc.stdout.readline().split()
        return int(code), float(seconds)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


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


STORE_AT_END: list[str] = []


@pytest.fixture(scope="module")
def kills(tmp_path_factory) -> list[Kill]:
    """Time unkilled cold and warm loads, then kill COLD_RUNS + WARM_RUNS + len(POINTS) loads, each followed
    by a normal load of the same file."""
    folder = tmp_path_factory.mktemp("kill")
    with pytest.MonkeyPatch.context() as patch:
        env = private_warehouse(folder, patch)
        forker = Forker(env)
        try:
            return _kill_all(folder, env, forker)
        finally:
            forker.close()


def _kill_all(folder: Path, env: dict[str, str], forker: Forker) -> list[Kill]:
    sources: dict[str, bytes] = {}
    runs = iter(range(1, 1000))

    def new_file() -> tuple[Path, dict]:
        path = folder / "in" / f"run-{next(runs):02d}.csv"
        values = county_file(path, int(path.stem.split("-")[1]))
        sources[path.name] = path.read_bytes()
        return path, values

    cold = min(unkilled(new_file()[0], env) for _ in range(2))  # the first may pay for cold caches
    warm = []
    for _ in range(2):
        code, seconds = forker.load(new_file()[0])
        assert code == 0
        warm.append(seconds)
    rng = random.Random(SEED)
    plan = [("cold", cold * (i + rng.random()) / COLD_RUNS, "") for i in range(COLD_RUNS)]
    plan += [("warm", min(warm) * (i + rng.random()) / WARM_RUNS, "") for i in range(WARM_RUNS)]
    plan += [(point, None, point) for point in POINTS]
    print(f"unkilled load: cold {cold:.2f} s, warm {' / '.join(f'{w:.2f}' for w in warm)} s")
    out = []
    for how, delay, point in plan:
        before = current()
        path, new = new_file()
        if how == "cold":
            proc = loader(path, env)
            time.sleep(delay)
            proc.kill()  # SIGKILL; nothing when the load has already finished
            exit_code = proc.wait(timeout=60)
        else:
            exit_code, _ = forker.load(path, delay, point)
        out.append(_after_kill(how, delay, exit_code, before, new, path, sources, forker))
    STORE_AT_END.extend(raw_store_problems(sources))  # every upload of the run, whole
    return out


def _after_kill(how, delay, exit_code, before, new, path, sources, forker) -> Kill:
    """Look at what a kill left, then load the same file normally and look again."""
    outcome, copies, raw = seen(before, new), working_copies(), raw_store_problems(sources, "_" + path.name)
    next_exit, _ = forker.load(path)
    kill = Kill(how, delay, exit_code, outcome, copies, raw, next_exit, seen(before, new), working_copies(),
                str(load.read_log()["event"].iloc[-1]))
    print(f"{kill.label}: exit {exit_code}, {outcome} data, working copies {copies or 'none'}, "
          f"raw store {'; '.join(raw) or 'whole'}; next load: exit {next_exit}, {kill.next_outcome} data, "
          f"working copies {kill.copies_after_next or 'none'}")
    return kill


def test_fifty_loads_are_killed(kills):
    assert len(kills) == COLD_RUNS + WARM_RUNS + len(POINTS) >= 50
    assert [k.label for k in kills if k.exit_code not in (0, -9)] == []


def test_every_kill_leaves_exactly_the_old_or_the_new_values(kills):
    assert [(k.label, k.outcome) for k in kills if k.outcome not in ("old", "new")] == []


def test_a_load_killed_at_each_point_leaves_what_that_point_must(kills):
    """Each point is reached (the load dies there, exit -9) and leaves the old values or, once the link
    is swapped, the new ones."""
    found = {k.how: (k.exit_code, k.outcome) for k in kills if k.how in POINTS}
    assert found == {point: (-9, expected) for point, expected in POINTS.items()}


def test_the_raw_store_never_holds_a_partial_file_under_its_name(kills):
    assert [(k.label, k.raw_problems) for k in kills if k.raw_problems] == []
    assert STORE_AT_END == []


def test_the_next_load_succeeds_and_shows_the_new_values(kills):
    assert [(k.label, k.next_exit, k.next_outcome, k.last_event) for k in kills
            if (k.next_exit, k.next_outcome) != (0, "new") or k.last_event not in ("loaded", "duplicate")] == []


def test_the_next_load_leaves_no_working_copy_of_a_dead_process(kills):
    assert [(k.label, k.copies_after_next) for k in kills if k.copies_after_next] == []


def test_a_load_in_a_fresh_process_publishes_through_the_link(tmp_path, monkeypatch):
    env = private_warehouse(tmp_path, monkeypatch)
    published = os.readlink(settings.WAREHOUSE_PATH)
    path = tmp_path / "in" / "run-01.csv"
    county_file(path, 1)
    unkilled(path, env)
    now = os.readlink(settings.WAREHOUSE_PATH)
    assert now != published and not (settings.WAREHOUSE_PATH.parent / published).is_symlink()
    assert now.count("-") == published.count("-")  # warehouse-<stamp>.duckdb, not warehouse-<stamp>-<stamp>
