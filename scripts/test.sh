#!/usr/bin/env bash
# The test command (README "Run the tests"; .ci/run calls exactly this):
# make .venv if missing, install pressroom with its dev extra, run the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export PREFECT_SERVER_ANALYTICS_ENABLED=false
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
# The UI test drives Debian's chromium (Playwright never downloads a browser here).
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
        >/tmp/pressroom-chromium-install.log 2>&1; then
        echo "could not install chromium (see /tmp/pressroom-chromium-install.log):" \
            "the UI test will be skipped" >&2
    fi
fi
# The DuckLake tests run a throwaway cluster of Debian's PostgreSQL (tests/lake/conftest.py).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ "$(id -u)" = 0 ] \
    && command -v apt-get >/dev/null; then
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } \
        >/tmp/pressroom-postgresql-install.log 2>&1; then
        echo "could not install postgresql (see /tmp/pressroom-postgresql-install.log):" \
            "the DuckLake tests will be skipped" >&2
    fi
fi
exec .venv/bin/python -m pytest "$@"
