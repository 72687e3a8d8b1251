"""Concurrent turns: no "database is locked", every write lands exactly once."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from storage.directory.models import Member, Organisation
from tests.conftest import RunningBot
from tests.support import teams
from tests.support.teams import GABRIEL, TEAM_ID, User


async def test_fifty_members_writing_at_once(bot: RunningBot) -> None:
    people = [User(f"Person {i:02d}", f"22222222-aaaa-4bbb-8ccc-{i:012d}") for i in range(50)]
    bot.connector.members[TEAM_ID] = [GABRIEL.member()]
    await bot.post(teams.installation_update("channel", "add", GABRIEL, bot.connector.url))
    bot.connector.clear()
    organisations = ["Gnesta kommun", "Trosa kommun", "Nyköpings kommun", "Region Sörmland"]
    responses = await asyncio.gather(
        *(
            bot.post(
                teams.message(
                    "channel", f"organisation {organisations[i % 4]}", person, bot.connector.url
                )
            )
            for i, person in enumerate(people)
        )
    )
    assert [r.status for r in responses] == [201] * 50
    texts = bot.connector.texts()
    assert len(texts) == 50
    assert all(text.startswith("Noterat: du representerar") for text in texts)
    async with bot.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Organisation)) == 4
        with_org = await session.scalar(
            select(func.count()).select_from(Member).where(Member.organisation_id.is_not(None))
        )
        assert with_org == 50
