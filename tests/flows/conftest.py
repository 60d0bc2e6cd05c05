from __future__ import annotations

from collections.abc import Iterator

import pytest
from prefect.testing.utilities import prefect_test_harness

from tests.prefect_harness import SERVER_STARTUP_TIMEOUT


@pytest.fixture(scope="session", autouse=True)
def prefect_server() -> Iterator[None]:
    """One temporary Prefect server (and database) for every flow test."""
    with prefect_test_harness(server_startup_timeout=SERVER_STARTUP_TIMEOUT):
        yield
