"""Per-host pacing shared between processes: concurrent runs (deployments served from one
machine, each flow run in its own process) keep one host's request starts apart.

Each origin has a small file holding the wall-clock time of its last request start;
claiming a start takes an exclusive ``flock`` on it, so two processes cannot both start
within the delay. Workers on other machines share nothing this way: give each machine
its own sources, or its own share of a host's budget.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from pathlib import Path

from tasks.fetch import HostPacer


class SharedHostPacer(HostPacer):
    """A ``HostPacer`` whose last-start times live in ``folder``, shared by processes."""

    def __init__(self, folder: Path, delay: float = 0.0) -> None:
        super().__init__(delay)
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder

    def _file(self, origin: str) -> Path:
        return self.folder / (hashlib.blake2b(origin.encode(), digest_size=8).hexdigest() + ".last")

    def _last(self, fd: int) -> float | None:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, 64).strip()
        try:
            return float(raw) if raw else None
        except ValueError:  # a torn or foreign file: treat as never
            return None

    def wait_time(self, origin: str) -> float:
        fd = os.open(self._file(origin), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            last = self._last(fd)
        finally:
            os.close(fd)
        if last is None:
            return 0.0
        return max(0.0, last + self.delay_for(origin) - time.time())

    def try_start(self, origin: str) -> bool:
        fd = os.open(self._file(origin), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            last = self._last(fd)
            now = time.time()
            if last is not None and now < last + self.delay_for(origin):
                return False
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, repr(now).encode())
            return True
        finally:
            os.close(fd)  # closing releases the lock
