"""The benchmark scripts' own arithmetic: quantiles, the memory slope, CPU accounting, the end of a run."""

import asyncio
import os

import pytest

from bench import common, load_test


def test_quantiles_are_median_and_nearest_rank_p95():
    assert common.quantiles([float(v) for v in range(1, 101)]) == (50.5, 95.0)
    assert common.quantiles([3.0]) == (3.0, 3.0)


def test_slope_is_mib_per_minute():
    growing = [(seconds, 100 + seconds // 6) for seconds in range(0, 600, 5)]  # 10 MiB a minute
    assert common.slope(growing) == pytest.approx(10, rel=0.02)
    assert common.slope([(0, 50), (60, 50), (120, 50)]) == 0
    assert common.slope([(0, 50)]) == 0.0


def test_cpu_seconds_grow_with_work():
    server, machine = common.cpu_seconds(os.getpid())
    sum(i * i for i in range(3_000_000))
    server_after, machine_after = common.cpu_seconds(os.getpid())
    assert server_after > server and machine_after >= machine


def test_a_run_is_settled_only_after_it_finished_and_no_rerun_followed(monkeypatch):
    monkeypatch.setattr(load_test, "SETTLE", 0.05)
    monkeypatch.setattr(load_test, "TIMEOUT", 0.5)
    runs = load_test.Runs()

    async def finish_later():
        runs.running = True
        await asyncio.sleep(0.1)
        runs.running, runs.finished = False, runs.finished + 1
        runs.changed = load_test.time.monotonic()

    async def scenario():
        asyncio.get_running_loop().create_task(finish_later())
        await runs.settled(0)
        assert runs.finished == 1
        with pytest.raises(TimeoutError):
            await runs.settled(1)  # nothing more finishes

    asyncio.run(scenario())


def test_the_load_tests_clients_go_to_the_lowest_priority_and_the_servers_stay():
    import subprocess

    client = subprocess.Popen(["sleep", "30"])
    kept = subprocess.Popen(["sleep", "30"])
    try:
        assert {client.pid, kept.pid} <= common.descendants({os.getpid()})
        common.to_lowest_priority({client.pid}, keep={kept.pid})
        assert os.getpriority(os.PRIO_PROCESS, client.pid) == 19
        assert os.getpriority(os.PRIO_PROCESS, kept.pid) == os.getpriority(os.PRIO_PROCESS, os.getpid())
    finally:
        client.kill()
        kept.kill()


def test_the_clients_are_still_niced_where_the_kernel_leaves_autogroup_empty(monkeypatch):
    """The CI runner has /proc/<pid>/autogroup but leaves it empty."""
    import subprocess

    real_read_text = common.Path.read_text

    def read_text(path, *args, **kwargs):
        return "" if path.name == "autogroup" else real_read_text(path, *args, **kwargs)

    monkeypatch.setattr(common.Path, "read_text", read_text)
    client = subprocess.Popen(["sleep", "30"])
    try:
        common.to_lowest_priority({client.pid}, keep={os.getpid()})
        assert os.getpriority(os.PRIO_PROCESS, client.pid) == 19
    finally:
        client.kill()


def test_by_stretch_gives_the_last_value_of_each_equal_stretch_of_time():
    points = [(0, 1), (5, 2), (10, 3), (25, 4), (30, 5)]  # stretches of 10 s: [0,10) [10,20) [20,30]
    assert common.by_stretch(points, parts=3) == [2, 3, 5]
    assert common.by_stretch([(0, 7), (1, 8), (60, 9)], parts=3) == [8, 8, 9]  # an empty stretch repeats
    assert common.by_stretch([(4, 7)], parts=2) == [7, 7]
