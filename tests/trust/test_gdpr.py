"""Data-subject export and pseudonymisation round-trip on a populated database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from storage import gdpr
from storage.audit_models import AuditEvent
from storage.db import unit_of_work
from storage.directory.models import Member
from storage.outbox import operations as outbox
from tests.conftest import RunningBot
from tests.support import teams
from tests.support.teams import ANNA, GABRIEL, MALIN, TEAM_ID, USERS


async def _populate(bot: RunningBot) -> None:
    bot.connector.members[TEAM_ID] = [u.member() for u in USERS]
    url = bot.connector.url
    await bot.post(teams.installation_update("channel", "add", GABRIEL, url))
    await bot.post(teams.installation_update("personal", "add", ANNA, url))
    await bot.post(teams.message("channel", "organisation Gnesta kommun", ANNA, url))
    await bot.post(
        teams.message(
            "channel", "roll @Anna-Karin Hammar processledare", GABRIEL, url, mentions=(ANNA,)
        )
    )


async def test_export_contains_everything_about_the_person_and_nobody_else(bot: RunningBot) -> None:
    await _populate(bot)
    async with bot.sessions() as session:
        exported = await gdpr.export_person(session, ANNA.aad_object_id)
    tables = exported["tables"]
    assert [m["name"] for m in tables["members"]] == [ANNA.name]
    assert tables["members"][0]["role"] == "processledare"
    assert [c["kind"] for c in tables["conversations"]] == ["personal"]
    assert [e["action"] for e in tables["audit_events"]] == ["organisation.set"]
    assert GABRIEL.name not in json.dumps(exported, ensure_ascii=False)
    assert MALIN.aad_object_id not in json.dumps(exported)


async def test_pseudonymise_keeps_records_and_removes_identity(bot: RunningBot) -> None:
    await _populate(bot)
    async with unit_of_work(bot.sessions) as session:
        for key, mentioned in (("to-anna", ANNA), ("to-gabriel", GABRIEL)):
            await outbox.enqueue(
                session,
                key=key,
                tenant_id=teams.TENANT,
                kind="test_notice",
                due_at=datetime.now(UTC),
                conversation_pk=1,
                text="Påminnelse",
                mentions=[outbox.OutboxMention(mentioned.teams_id, mentioned.name)],
            )
    async with unit_of_work(bot.sessions) as session:
        changed = await gdpr.pseudonymise_person(session, ANNA.aad_object_id)
    assert changed["outbox_messages"] == 1  # only the message naming Anna is withdrawn
    assert changed["members"] == 1 and changed["audit_events"] == 1
    async with bot.sessions() as session:
        assert (await gdpr.export_person(session, ANNA.aad_object_id))["tables"] == {}
        members = (await session.scalars(select(Member).order_by(Member.id))).all()
        assert len(members) == 5  # the record stays
        pseudonymised = [m for m in members if m.name == gdpr.PSEUDONYM_NAME]
        assert len(pseudonymised) == 1
        assert pseudonymised[0].email is None and pseudonymised[0].teams_user_id is None
        assert pseudonymised[0].organisation_id is not None  # the organisation's record stays
        actors = {e.actor_aad_id for e in (await session.scalars(select(AuditEvent))).all()}
        assert ANNA.aad_object_id not in actors and GABRIEL.aad_object_id in actors


async def test_cli_export_and_pseudonymise(
    bot: RunningBot, database_url: str, tmp_path: Path
) -> None:
    await _populate(bot)
    env = {k: v for k, v in os.environ.items() if not k.startswith("Microsoft")}
    env["DATABASE_URL"] = database_url

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "bot", "gdpr", *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )

    out = tmp_path / "anna.json"
    result = cli("export", "--user", ANNA.aad_object_id, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["tables"]["members"][0]["name"] == ANNA.name
    refused = cli("pseudonymise", "--user", ANNA.aad_object_id)
    assert refused.returncode == 2 and "--yes" in refused.stderr
    done = cli("pseudonymise", "--user", ANNA.aad_object_id, "--yes")
    assert done.returncode == 0, done.stderr
    assert json.loads(cli("export", "--user", ANNA.aad_object_id).stdout)["tables"] == {}
