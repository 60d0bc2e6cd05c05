#!/usr/bin/env bash
# The test command (README "Run the tests"; .ci/run calls exactly this):
# make .venv if missing, install pressroom with its dev extra, run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export PREFECT_SERVER_ANALYTICS_ENABLED=false
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
exec .venv/bin/python -m pytest "$@"
