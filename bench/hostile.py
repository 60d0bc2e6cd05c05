"""Time and memory of each hostile page through the pipeline's extraction (``extract_page``).

    .venv/bin/python bench/hostile.py [NAME ...]

Each page runs in a fresh process: the page is generated first, then extracted once;
the figures are the wall time of ``extract_page`` and the growth of peak RSS (VmHWM,
reset just before) over the RSS the process had once the page was in memory: what
extracting the page costs, not its own bytes. The goal: under 1 s and a bounded RSS each.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.load import MAX_PAGE_BYTES, load_file
from tasks.pipeline import extract_page
from tests.hostile import nasty
from tests.hostile.support import fetched

PAGES = {**nasty.GIANT_PAGES, **nasty.WITHIN_LIMITS}


def _status_mb(field: str) -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def _rss_mb() -> float:
    """RSS now, after resetting the peak (VmHWM) to it, so that making the page is not
    counted in the peak that extracting it reaches."""
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    return _status_mb("VmRSS")


def _peak_mb() -> float:
    return _status_mb("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(name: str) -> dict[str, object]:
    """Extract one page in this process; return its figures."""
    if name == "gzip_bomb_file":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bomb.html.gz"
            path.write_bytes(nasty.gzip_bomb(20 * MAX_PAGE_BYTES))
            size = path.stat().st_size
            base, started = _rss_mb(), time.perf_counter()
            result = extract_page(load_file(path))
    else:
        body = PAGES[name]()
        size = len(body)
        base, started = _rss_mb(), time.perf_counter()
        result = extract_page(fetched(body))
    elapsed = time.perf_counter() - started
    outcome = type(result).__name__
    why = getattr(result, "reason", None) or getattr(result, "message", None)
    if why is None:
        why = f"{getattr(result, 'word_count', 0)} words"
    return {
        "page": name,
        "input_mb": round(size / 1e6, 1),
        "seconds": round(elapsed, 3),
        "rss_delta_mb": round(max(_peak_mb() - base, 0.0), 1),
        "outcome": outcome,
        "why": str(why)[:70],
    }


def main(names: list[str]) -> None:
    if names[:1] == ["--one"]:
        print(json.dumps(measure(names[1])))
        return
    chosen = names or [*PAGES, "gzip_bomb_file"]
    print(f"{'page':28} {'input MB':>8} {'seconds':>8} {'ΔRSS MB':>8}  outcome: why")
    slow = 0
    for name in chosen:
        done = subprocess.run(
            [sys.executable, __file__, "--one", name], capture_output=True, text=True, timeout=600
        )
        if done.returncode != 0:
            print(f"{name:28} FAILED: {done.stderr.strip().splitlines()[-1:]}")
            continue
        row = json.loads(done.stdout)
        slow += float(row["seconds"]) > 1.0  # type: ignore[arg-type]
        print(
            f"{row['page']:28} {row['input_mb']:>8} {row['seconds']:>8} {row['rss_delta_mb']:>8}"
            f"  {row['outcome']}: {row['why']}"
        )
    print(f"{len(chosen)} pages, {slow} over 1 s")


if __name__ == "__main__":
    main(sys.argv[1:])
