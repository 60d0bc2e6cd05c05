"""Suite-wide settings: Prefect stays offline; the loopback test servers are allowed."""

from __future__ import annotations

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
# The fetcher refuses non-public addresses; the suite's servers listen on loopback, and
# this allows exactly those names (tests of the guard itself set their own lists).
os.environ["PRESSROOM_ALLOW_HOSTS"] = "127.0.0.1,localhost"
