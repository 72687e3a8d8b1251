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
