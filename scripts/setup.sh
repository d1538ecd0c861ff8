#!/usr/bin/env bash
# Shared setup for run.sh and test.sh: a virtual environment with exactly the locked, hashed packages.
# Usage: scripts/setup.sh requirements.txt|requirements-dev.txt  (both generated from pyproject.toml by scripts/lock.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
requirements="${1:-requirements.txt}"
python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=".venv/.installed-$(basename "$requirements")"
# Reinstall only when the lock changed since the last install.
if [ ! -f "$stamp" ] || [ "$requirements" -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet --require-hashes -r "$requirements"
  touch "$stamp"
fi
