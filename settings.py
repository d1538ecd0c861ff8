"""Paths and options of the dashboard, each overridable by an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _path(env: str, default: Path) -> Path:
    # Absolute but not resolved: the warehouse path is a symlink swapped on every publish, and a
    # resolved path would pin this process to one dated build.
    return Path(os.path.abspath(os.environ.get(env, default)))


# Everything the app writes lives under VAR_DIR (git-ignored).
VAR_DIR = _path("HUBEI_VAR_DIR", ROOT / "var")
WAREHOUSE_PATH = _path("HUBEI_WAREHOUSE", VAR_DIR / "warehouse.duckdb")
RAW_DIR = _path("HUBEI_RAW_DIR", VAR_DIR / "raw")
# The indicator catalog and the schema: data files of the warehouse, read by build, importer, demo and templates.
CATALOG_DIR = ROOT / "data" / "warehouse" / "catalog"
SCHEMA_DIR = ROOT / "data" / "warehouse" / "schema"
USERS_PATH = _path("HUBEI_USERS", VAR_DIR / "users.json")  # accounts: not in the warehouse, which every load replaces
DEMO_SEED = int(os.environ.get("HUBEI_DEMO_SEED", "20240605"))
# Memory for the query cache (queries.run) and for figures and tables built once and shared by every session
# (ui/figures/memo.py), in MiB, each bounded by its values' estimated size (queries/bounded.py). Eight pages × 18
# 市州 took ~80 MiB of figures and tables (640 of them) and ~11 MiB of answers (670).
QUERY_CACHE_MB = float(os.environ.get("HUBEI_QUERY_CACHE_MB", "128"))
FIGURE_CACHE_MB = float(os.environ.get("HUBEI_FIGURE_CACHE_MB", "256"))
# One line per finished script run (page, seconds), for bench.load_test; unset, nothing is written.
RUN_LOG = Path(os.path.abspath(os.environ["HUBEI_RUN_LOG"])) if os.environ.get("HUBEI_RUN_LOG") else None
# A first-start build that prints no progress for this long is ended and the waiting visitors told (ui/frame/first_run).
BUILD_STALL_SECONDS = float(os.environ.get("HUBEI_BUILD_STALL_SECONDS", "300"))
# The chromium that draws chart images for exports (kaleido; ui/files/figure_export.py).
CHROMIUM = os.environ.get("HUBEI_CHROMIUM", "/usr/bin/chromium")
# The demo's size when no --scale is given: small (the default), 1m or 10m rows (data/demo/scale.py).
DEMO_SCALE = os.environ.get("HUBEI_DEMO_SCALE", "")
# Behind a reverse proxy on the same machine every browser looks local: set HUBEI_TRUST_LOCAL=0 there.
TRUST_LOCAL = os.environ.get("HUBEI_TRUST_LOCAL", "1") != "0"
SESSION_HOURS = float(os.environ.get("HUBEI_SESSION_HOURS", "8"))  # a sign-in lasts this long at most
IDLE_MINUTES = float(os.environ.get("HUBEI_IDLE_MINUTES", "60"))  # and ends after this long without a click
# Behind a reverse proxy every browser has the proxy's address; name the header it sets (X-Forwarded-For,
# X-Real-IP) so sign-in throttling and the audit log see the browser's own address. Unset: Streamlit's.
CLIENT_HEADER = os.environ.get("HUBEI_CLIENT_HEADER") or None
AUDIT_PATH = _path("HUBEI_AUDIT", VAR_DIR / "audit.jsonl")  # the audit log: beside the accounts, outlives rebuilds
# Uploads no batch needs (refused, abandoned) are removed this many days after their last upload, and one
# user keeps at most this many MB of them (data/warehouse/uploads).
UPLOAD_RETENTION_DAYS = float(os.environ.get("HUBEI_UPLOAD_RETENTION_DAYS", "7"))
UPLOAD_USER_MB = float(os.environ.get("HUBEI_UPLOAD_USER_MB", "200"))
# Everything the service writes (warehouse builds, raw files, uploads, accounts, audit log) is readable by
# the service's account only: files 0600, folders 0700.
os.umask(0o077)
if VAR_DIR.is_dir() and VAR_DIR.stat().st_uid == os.getuid():  # a var/ made before this rule: close it too
    VAR_DIR.chmod(0o700)
