"""The server as deployed: listens on IPv6 and IPv4, XSRF protection on, uploads capped, no usage statistics."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request

import pytest

from tests.browser.harness import ROOT, free_port

CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


def _has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def _healthy(url: str) -> bool:
    with contextlib.suppress(OSError):
        return urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200
    return False


@pytest.fixture(scope="module")
def default_server(warehouse):
    """`streamlit run app.py` as run.sh starts it: no --server.address, so every interface of both families."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
                               cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while not _healthy(f"http://127.0.0.1:{port}") and time.monotonic() < deadline:
            time.sleep(0.3)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_listens_on_ipv4(default_server):
    assert _healthy(f"http://127.0.0.1:{default_server}")


@pytest.mark.skipif(not _has_ipv6_loopback(), reason="this machine has no IPv6 loopback")
def test_listens_on_ipv6(default_server):
    assert _healthy(f"http://[::1]:{default_server}")


def test_xsrf_protection_stays_on_and_uploads_are_capped():
    assert CONFIG["server"]["enableXsrfProtection"] is True
    assert 0 < CONFIG["server"]["maxUploadSize"] <= 50  # MB: the largest statistics workbook seen is a few MB


def test_no_usage_statistics_leave_the_intranet():
    assert CONFIG["browser"]["gatherUsageStats"] is False


def test_no_full_garbage_collection_after_every_run():
    # A full gc.collect after each run held the interpreter lock for 27 % of the script thread under load
    # (.streamlit/config.toml); bench.load_test shows the heap flat without it.
    assert CONFIG["runner"]["postScriptGC"] is False
