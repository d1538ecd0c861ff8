#!/usr/bin/env bash
# Set up and start the dashboard: ./run.sh  (then open http://localhost:8501)
# The first start builds the demo warehouse (var/warehouse.duckdb) with a progress bar.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh requirements.txt
exec .venv/bin/python -m streamlit run app.py --server.port "${PORT:-8501}" "$@"
