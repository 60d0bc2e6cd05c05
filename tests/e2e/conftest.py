"""Fixtures shared by the end-to-end tests (defined in ``prefect_fixtures``)."""

from __future__ import annotations

from tests.e2e.prefect_fixtures import demo_site, prefect_server, served

__all__ = ["demo_site", "prefect_server", "served"]
