#!/usr/bin/env bash
# The main job (README "Run the demo"): make .venv if missing, install pressroom,
# serve the demo news sites on 127.0.0.1 and ingest them into ./pressroom.duckdb
# (or the --db PATH given after the script name).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
export PREFECT_SERVER_ANALYTICS_ENABLED=false
[ -x "$here/.venv/bin/python" ] || python3 -m venv "$here/.venv"
"$here/.venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$here"
exec "$here/.venv/bin/pressroom" demo "$@"
