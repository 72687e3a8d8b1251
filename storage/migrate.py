"""Apply Alembic migrations programmatically (used by `serve`, `db upgrade` and the tests).

Alembic is imported only when there is something to do: a restart on a database already
at the head (every restart but the first after a deploy) checks the stored revision
against the version files' own text, which costs milliseconds where importing Alembic
and running its environment costs a noticeable part of the start-up (issue #8).
"""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Full-text search objects are written by hand in d001/d002 (FTS5 tables and
    triggers on SQLite, the generated `search_document` column on PostgreSQL), not
    modelled: autogenerate must not propose dropping them."""
    return not (
        reflected
        and compare_to is None
        and name is not None
        and (name.startswith("decisions_fts") or name in ("ix_decisions_search", "search_document"))
    )


def alembic_config(database_url: str) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # '%' must be escaped for ConfigParser interpolation (URL-encoded passwords).
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "heads") -> None:
    """Blocking: env.py runs its own event loop, so call this outside a running loop."""
    from alembic import command

    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(database_url), revision)


async def upgrade_async(database_url: str, revision: str = "heads") -> None:
    await asyncio.to_thread(upgrade, database_url, revision)


def _assigned(tree: ast.Module, name: str) -> object:
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            if node.target.id == name and node.value is not None:
                return ast.literal_eval(node.value)
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise LookupError(name)


def script_heads() -> frozenset[str] | None:
    """The heads of the migration history, read from the version files without importing
    them; None when a file does not state its revisions plainly (then ask Alembic)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS_DIR.glob("*.py"):
        if path.name.startswith("_"):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
            revision = _assigned(tree, "revision")
            down = _assigned(tree, "down_revision")
        except (LookupError, SyntaxError, ValueError):
            return None
        if not isinstance(revision, str):
            return None
        revisions.add(revision)
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, tuple | list):
            parents.update(str(d) for d in down)
        elif down is not None:
            return None
    return frozenset(revisions - parents) or None


async def stored_revisions(engine: AsyncEngine) -> frozenset[str]:
    """What `alembic_version` says; empty for a database never migrated."""
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT version_num FROM alembic_version"))
            return frozenset(str(row[0]) for row in rows)
    except DBAPIError:  # no such table yet
        return frozenset()


async def upgrade_if_behind(engine: AsyncEngine, database_url: str) -> bool:
    """Migrate unless the database is already at the head; True if Alembic ran."""
    heads = script_heads()
    if heads is not None and await stored_revisions(engine) == heads:
        return False
    await upgrade_async(database_url)
    return True
