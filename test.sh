#!/usr/bin/env bash
# Set up and pass the tests: ./test.sh  (lint, SQL lint, unit, query cases, AppTest, browser)
# Installs Debian's chromium, CJK fonts and npm when missing (needs root or sudo), then the Python packages
# and axe-core (npm ci).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || ! command -v npm >/dev/null; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  node=""; command -v npm >/dev/null || node="nodejs npm"
  $sudo apt-get update -q
  # shellcheck disable=SC2086  # $node is empty or two package names
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk \
    fontconfig $node
fi
scripts/setup.sh requirements-dev.txt
# axe-core for the accessibility test, exactly as package-lock.json pins it; again only when the lock changed.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
.venv/bin/ruff check .
.venv/bin/sqlfluff lint queries data/warehouse/schema
# Three workers on two cores (pytest-xdist): the browser tests mostly wait on chromium and the servers, and
# two workers kept the cores about 40 % busy; work-stealing evens out the long tests at the end. A full run:
# 16 min with two workers, 12 with three (2026-12-04). Each worker has its own warehouse and servers.
.venv/bin/python -m pytest -q -p no:cacheprovider -n "${TEST_WORKERS:-3}" --dist worksteal "$@"
