"""The command line as an operator runs it: `python -m bot …` in a subprocess."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from storage.db import create_engine, create_session_factory, unit_of_work
from storage.directory import conversations, groups, membership
from storage.directory.conversations import ConversationRef
from storage.directory.membership import MemberInfo
from storage.directory.models import ConversationKind, Member, Role
from tests.support import teams

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, database: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("Microsoft")}
    env["DATABASE_URL"] = f"sqlite:///{database}"
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_db_upgrade_creates_wal_database(tmp_path: Path) -> None:
    database = tmp_path / "var" / "bot.db"
    result = run_cli("db", "upgrade", database=database, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "latest revision" in result.stdout
    with sqlite3.connect(database) as connection:
        tables = {r[0] for r in connection.execute("select name from sqlite_master")}
        assert {"conversations", "groups", "organisations", "members"} <= tables
        assert connection.execute("pragma journal_mode").fetchone()[0] == "wal"


async def _seed_group(url: str) -> None:
    engine = create_engine(url)
    ref = ConversationRef(
        tenant_id=teams.TENANT,
        conversation_id=teams.TEAM_ID,
        kind=ConversationKind.CHANNEL,
        service_url="https://smba.example/",
        bot_id=teams.BOT_ID,
        team_id=teams.TEAM_ID,
        team_name="BGB Södra",
        teams_channel_name="General",
    )
    async with unit_of_work(create_session_factory(engine)) as session:
        conversation, _ = await conversations.upsert_conversation(session, ref)
        group = await groups.ensure_group(session, conversation)
        await membership.upsert_members(
            session,
            group,
            [
                MemberInfo(
                    teams.GABRIEL.aad_object_id, teams.GABRIEL.name, email="gabriel@nykoping.se"
                )
            ],
        )
    await engine.dispose()


async def _members(url: str) -> dict[str, tuple[Role, str | None]]:
    engine = create_engine(url)
    async with create_session_factory(engine)() as session:
        members = await membership.list_members(session, 1)
        result = {
            m.name: (m.role, m.organisation.name if m.organisation else None) for m in members
        }
        assert (await session.scalars(select(Member))).all()
    await engine.dispose()
    return result


def test_directory_import_sets_organisations_and_roles(tmp_path: Path) -> None:
    database = tmp_path / "bot.db"
    assert run_cli("db", "upgrade", database=database, cwd=tmp_path).returncode == 0
    url = f"sqlite+aiosqlite:///{database}"
    asyncio.run(_seed_group(url))
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "Namn;E-post;AAD;Organisation;Roll\n"
        "Gabriel Billing;GABRIEL@nykoping.se;;Nyköpings kommun;processledare\n"
        f"Kristin Wirén;kristin@regionsormland.se;{teams.KRISTIN.aad_object_id};"
        "Region Sörmland;ordförande\n"
        "Okänd Person;okand@trosa.se;;Trosa kommun;ledamot\n",
        encoding="utf-8",
    )
    result = run_cli(
        "directory",
        "import",
        str(roster),
        "--group",
        "BGB Södra / General",
        database=database,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "1 created, 1 updated, 1 not found" in result.stdout
    assert asyncio.run(_members(url)) == {
        "Gabriel Billing": (Role.PROCESS_LEADER, "Nyköpings kommun"),
        "Kristin Wirén": (Role.CHAIR, "Region Sörmland"),
    }


def test_directory_import_refuses_bad_rows_and_changes_nothing(tmp_path: Path) -> None:
    database = tmp_path / "bot.db"
    assert run_cli("db", "upgrade", database=database, cwd=tmp_path).returncode == 0
    url = f"sqlite+aiosqlite:///{database}"
    asyncio.run(_seed_group(url))
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,email,role\n"
        "Gabriel Billing,gabriel@nykoping.se,kung\n"
        "Barn Barnsson 121212-1212,barn@example.se,ledamot\n",
        encoding="utf-8",
    )
    result = run_cli(
        "directory", "import", str(roster), "--group", "1", database=database, cwd=tmp_path
    )
    assert result.returncode == 2
    assert "line 2: unknown role" in result.stderr
    assert "line 3: contains a personal identity number" in result.stderr
    assert "1212" not in result.stderr
    assert asyncio.run(_members(url)) == {"Gabriel Billing": (Role.MEMBER, None)}


def test_unknown_group_is_a_clear_error(tmp_path: Path) -> None:
    database = tmp_path / "bot.db"
    assert run_cli("db", "upgrade", database=database, cwd=tmp_path).returncode == 0
    roster = tmp_path / "roster.csv"
    roster.write_text("name,email\nA,a@example.se\n", encoding="utf-8")
    result = run_cli(
        "directory", "import", str(roster), "--group", "Finns inte", database=database, cwd=tmp_path
    )
    assert result.returncode == 2
    assert "no group matches" in result.stderr


def test_production_without_app_id_refuses_to_serve(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("Microsoft")}
    env.update({"BOT_ENV": "production", "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "MicrosoftAppId" in result.stderr


def test_db_backup_writes_a_checked_copy_that_restores(tmp_path: Path) -> None:
    database = tmp_path / "bot.db"
    assert run_cli("db", "upgrade", database=database, cwd=tmp_path).returncode == 0
    asyncio.run(_seed_group(f"sqlite+aiosqlite:///{database}"))
    target = tmp_path / "backups" / "bot-2026-11-23.db"
    result = run_cli("db", "backup", str(target), database=database, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "integrity-checked" in result.stdout
    # restore = use the copy as the database: the group and its member are there
    assert asyncio.run(_members(f"sqlite+aiosqlite:///{target}")) == {
        "Gabriel Billing": (Role.MEMBER, None)
    }


def test_db_backup_of_missing_database_fails_clearly(tmp_path: Path) -> None:
    result = run_cli(
        "db", "backup", str(tmp_path / "x.db"), database=tmp_path / "nope.db", cwd=tmp_path
    )
    assert result.returncode == 2
    assert "no database file" in result.stderr
