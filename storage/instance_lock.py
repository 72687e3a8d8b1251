"""One bot process per SQLite database.

SQLite serves one writer at a time and the outbox's claims rely on that; two `serve`
processes against one file would also both run the weekly digest and the reminder
rules. So `serve` takes an exclusive lock on a file next to the database before it
starts, and a second process refuses to start with a clear message. The operating
system releases the lock when the process dies, even by SIGKILL, so a crash never
leaves a stale lock behind. PostgreSQL needs no lock: several instances share the
outbox safely (claims use SELECT … FOR UPDATE SKIP LOCKED).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from filelock import FileLock, Timeout
from sqlalchemy.engine import make_url

from storage.db import ensure_sqlite_directory, is_sqlite


class InstanceLockError(RuntimeError):
    """Another process already runs the bot against this SQLite database."""


class Releasable(Protocol):
    def release(self) -> None: ...


class _NoLock:
    def release(self) -> None:
        return None


class _FileInstanceLock:
    def __init__(self, lock: FileLock) -> None:
        self._lock = lock

    def release(self) -> None:
        self._lock.release(force=True)


def lock_path(url: str) -> Path | None:
    database = make_url(url).database
    if not is_sqlite(url) or not database or database == ":memory:":
        return None
    return Path(f"{Path(database).resolve()}.instance.lock")


def acquire(url: str) -> Releasable:
    """Call once at start-up; keep the result and `release()` it at shutdown."""
    path = lock_path(url)
    if path is None:
        return _NoLock()
    ensure_sqlite_directory(url)
    lock = FileLock(str(path), timeout=0, is_singleton=False)
    try:
        lock.acquire()
    except Timeout as error:
        raise InstanceLockError(
            f"Another Samverkansboten process is already running against the SQLite database "
            f"{make_url(url).database} (lock file {path}). SQLite supports one "
            f"bot instance: stop the other process, or use PostgreSQL (DATABASE_URL) to run "
            f"several instances."
        ) from error
    return _FileInstanceLock(lock)
