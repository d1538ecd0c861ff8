#!/usr/bin/env bash
# Regenerate the hashed locks from pyproject.toml: requirements.txt (run.sh) and requirements-dev.txt (test.sh).
# Needs uv (pip install uv); reaches PyPI. Commit both files with the pyproject change.
set -euo pipefail
cd "$(dirname "$0")/.."
uv="${UV:-uv}"
common=(--python-version 3.11 --python-platform x86_64-manylinux_2_28 --generate-hashes --quiet
        --custom-compile-command scripts/lock.sh)
"$uv" pip compile pyproject.toml "${common[@]}" -o requirements.txt
"$uv" pip compile pyproject.toml --extra dev "${common[@]}" -o requirements-dev.txt
