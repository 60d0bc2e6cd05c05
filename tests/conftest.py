"""Suite-wide settings: Prefect stays offline and quiet about analytics."""

from __future__ import annotations

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
