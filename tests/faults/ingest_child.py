"""The flow process the kill tests start (and kill): one ``ingest`` run of a URL list,
in small batches, against the Prefect server named by PREFECT_API_URL."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from flows.ingest import ingest

if __name__ == "__main__":
    config, url_file = sys.argv[1:3]
    ingest(kind="urls", location=[url_file], config=config, batch_size=10, workers=1)
