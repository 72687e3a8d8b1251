"""Migrations: one linear history, models and migrations agree, and down/up works."""

from __future__ import annotations

import asyncio
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage.db import create_engine
from storage.migrate import alembic_config, downgrade, include_object, upgrade
from storage.schema import metadata


def test_history_is_linear() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1
    assert len(script.get_bases()) == 1


async def _differences(url: str) -> list[Any]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(
                        sync, opts={"include_object": include_object, "compare_type": False}
                    ),
                    metadata,
                )
            )
    finally:
        await engine.dispose()


def test_models_match_the_migrations(database_url: str) -> None:
    """The session database was built by the migrations alone."""
    assert asyncio.run(_differences(database_url)) == []


def test_downgrade_to_base_and_upgrade_again(tmp_path: Any) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'roundtrip.db'}"
    upgrade(url)
    downgrade(url, "base")
    upgrade(url)
    assert asyncio.run(_differences(url)) == []


def test_d003_keeps_old_decisions_and_indexes_their_stems(tmp_path: Any) -> None:
    """A decision stored before d003 stays a valid decision (kind 'decision', no meeting
    date) and is found by an inflected word once the index holds Swedish stems; the
    triggers keep stemming for rows written afterwards, and the downgrade restores d002's
    index of words as written."""
    import sqlite3

    path = tmp_path / "d003.db"
    url = f"sqlite+aiosqlite:///{path}"
    upgrade(url, "d002")
    raw = sqlite3.connect(path)  # no foreign keys: the group row is beside the point
    raw.execute(
        "INSERT INTO decisions (id, tenant_id, group_id, year, number, text, status, revision,"
        " source, logged_by_aad_id, created_at, updated_at) VALUES (1, 't', 7, 2025, 1,"
        " 'Gabriel kontaktar samordnare i VITS', 'öppen', 0, 'text', 'aad', '2025-01-01',"
        " '2025-01-01')"
    )
    raw.commit()
    raw.close()
    upgrade(url)

    def query(sql: str) -> list[Any]:
        connection = sqlite3.connect(path)
        try:
            return connection.execute(sql).fetchall()
        finally:
            connection.close()

    assert query("SELECT kind, meeting_date FROM decisions") == [("decision", None)]
    stemmed = "SELECT rowid FROM decisions_fts WHERE decisions_fts MATCH '\"samordn\"*'"
    assert query(stemmed) == [(1,)]
    downgrade(url, "d002")
    as_written = "SELECT rowid FROM decisions_fts WHERE decisions_fts MATCH '\"samordnare\"'"
    assert query(as_written) == [(1,)]
