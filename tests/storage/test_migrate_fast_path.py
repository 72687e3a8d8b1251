"""The start-up migration check: Alembic runs only when the database is behind, and the
heads read from the version files' text are Alembic's own."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
from pathlib import Path

from alembic.script import ScriptDirectory

from storage.db import create_engine
from storage.migrate import (
    alembic_config,
    downgrade,
    script_heads,
    stored_revisions,
    upgrade,
    upgrade_if_behind,
)

ROOT = Path(__file__).resolve().parents[2]


def test_heads_from_the_files_are_alembics_heads() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert script_heads() == frozenset(script.get_heads())


async def test_database_at_head_is_left_alone(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        assert await stored_revisions(engine) == script_heads()
        assert await upgrade_if_behind(engine, database_url) is False
    finally:
        await engine.dispose()


async def test_new_and_behind_databases_are_migrated(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    engine = create_engine(url)
    try:
        assert await stored_revisions(engine) == frozenset()
        assert await upgrade_if_behind(engine, url) is True
        assert await stored_revisions(engine) == script_heads()
        # One revision behind, as after a deploy that brings a new migration.
        await engine.dispose()
        await asyncio.to_thread(downgrade, url, "-1")
        assert await stored_revisions(engine) not in (frozenset(), script_heads())
        assert await upgrade_if_behind(engine, url) is True
        assert await stored_revisions(engine) == script_heads()
    finally:
        await engine.dispose()


def test_restart_at_head_does_not_import_alembic(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    upgrade(url)
    probe = textwrap.dedent(
        f"""
        import asyncio, sys
        from storage.db import create_engine
        from storage.migrate import upgrade_if_behind

        async def main():
            engine = create_engine({url!r})
            ran = await upgrade_if_behind(engine, {url!r})
            await engine.dispose()
            print(ran, "alembic" in sys.modules)

        asyncio.run(main())
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "False"]
