"""Online backup of the embedded SQLite database, checked after it is written.

SQLite's backup API copies a consistent snapshot while the bot keeps running (WAL
readers and the writer are not blocked for long). PostgreSQL has its own tools
(pg_dump / base backups); this module refuses it with a pointer to them.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    pass


def backup_sqlite(database_url: str, target: Path) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError("PostgreSQL: use pg_dump (see README, Backup and restore)")
    source_path = Path(url.database or "")
    if not source_path.is_file():
        raise BackupError(f"no database file at {source_path}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    destination = sqlite3.connect(partial)
    try:
        with destination:
            source.backup(destination, pages=1024)
        result = destination.execute("PRAGMA integrity_check").fetchone()
        if not result or result[0] != "ok":
            raise BackupError(f"integrity check failed on the copy: {result}")
        # The copy is a standalone file: no -wal side file needed to restore it.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()
        source.close()
    partial.replace(target)
    return target
