"""Install flow through HTTP: references and members stored, one welcome per install."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.directory.models import Conversation, ConversationKind, Group, Member, Role
from tests.conftest import RunningBot
from tests.support import teams
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN, MARIE, TEAM_ID, USERS


def _team_roster(bot: RunningBot) -> None:
    bot.connector.members[TEAM_ID] = [u.member() for u in USERS]


async def _install_in_team(bot: RunningBot) -> None:
    url = bot.connector.url
    response = await bot.post(teams.installation_update("channel", "add", GABRIEL, url))
    assert response.status == 201
    response = await bot.post(
        teams.conversation_update("channel", GABRIEL, url, added=[teams.bot_account()])
    )
    assert response.status == 201


async def test_team_install_stores_reference_members_and_welcomes_once(bot: RunningBot) -> None:
    _team_roster(bot)
    await _install_in_team(bot)

    cards = bot.connector.cards()
    assert len(cards) == 1, "installationUpdate + conversationUpdate must welcome once"
    card_text = str(cards[0])
    assert "Hej! Jag är Samverkansboten" in card_text
    assert "@Samverkansboten hjälp" in card_text
    assert "Gabriel Billing installerade mig" in card_text

    async with bot.sessions() as session:
        conversation = await session.scalar(select(Conversation))
        assert conversation is not None
        assert conversation.tenant_id == teams.TENANT
        assert conversation.kind == ConversationKind.CHANNEL
        assert conversation.team_id == TEAM_ID
        assert conversation.team_name == teams.TEAM_NAME
        assert conversation.teams_channel_name == "General"
        assert conversation.service_url == bot.connector.url
        assert conversation.active
        members = (await session.scalars(select(Member).order_by(Member.name))).all()
        assert [m.name for m in members] == sorted(u.name for u in USERS)
        roles = {m.name: m.role for m in members}
        assert roles[GABRIEL.name] == Role.CHAIR  # first installer becomes chair
        assert all(r == Role.MEMBER for n, r in roles.items() if n != GABRIEL.name)
        group = await session.scalar(select(Group))
        assert group is not None and group.name == f"{teams.TEAM_NAME} / General"
    # the roster was read page by page (connector pages hold two members)
    paged = [c for c in bot.connector.calls if c.path.endswith("/pagedmembers")]
    assert len(paged) == 3


async def test_reinstall_is_idempotent_and_uninstall_marks_inactive(bot: RunningBot) -> None:
    _team_roster(bot)
    await _install_in_team(bot)
    await _install_in_team(bot)
    assert len(bot.connector.cards()) == 1
    url = bot.connector.url
    response = await bot.post(teams.installation_update("channel", "remove", GABRIEL, url))
    assert response.status == 201
    async with bot.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Conversation)) == 1
        assert await session.scalar(select(func.count()).select_from(Member)) == 5
        conversation = await session.scalar(select(Conversation))
        assert conversation is not None and not conversation.active
        assert conversation.uninstalled_at is not None
    # installing again welcomes again: it is a new install
    await _install_in_team(bot)
    assert len(bot.connector.cards()) == 2


async def test_personal_install_welcomes_in_english_for_english_locale(bot: RunningBot) -> None:
    url = bot.connector.url
    await bot.post(teams.installation_update("personal", "add", ANNA, url, locale="en-US"))
    cards = bot.connector.cards(teams.personal_conversation_id(ANNA))
    assert len(cards) == 1
    assert "Hi! I am Samverkansboten" in str(cards[0])
    async with bot.sessions() as session:
        conversation = await session.scalar(select(Conversation))
        assert conversation is not None
        assert conversation.kind == ConversationKind.PERSONAL
        assert conversation.user_aad_id == ANNA.aad_object_id
        assert await session.scalar(select(func.count()).select_from(Group)) == 0


async def test_members_joining_and_leaving_update_the_directory(bot: RunningBot) -> None:
    bot.connector.members[TEAM_ID] = [GABRIEL.member(), ANNA.member()]
    await _install_in_team(bot)
    url = bot.connector.url
    await bot.post(
        teams.conversation_update(
            "channel", GABRIEL, url, added=[MALIN.account(), KRISTIN.account()]
        )
    )
    await bot.post(teams.conversation_update("channel", GABRIEL, url, removed=[ANNA.account()]))
    async with bot.sessions() as session:
        active = (
            await session.scalars(select(Member.name).where(Member.active).order_by(Member.name))
        ).all()
    assert list(active) == sorted([GABRIEL.name, MALIN.name, KRISTIN.name])
    assert MARIE.name not in active


async def test_group_chat_install_without_roster_keeps_installer(bot: RunningBot) -> None:
    bot.connector.fail_next(403)  # the connector refuses the member listing
    url = bot.connector.url
    response = await bot.post(teams.installation_update("groupChat", "add", MALIN, url))
    assert response.status == 201
    assert len(bot.connector.cards(teams.GROUP_CHAT_ID)) == 1
    async with bot.sessions() as session:
        member = await session.scalar(select(Member))
        assert member is not None and member.name == MALIN.name and member.role == Role.CHAIR


async def test_simultaneous_install_events_welcome_exactly_once(bot: RunningBot) -> None:
    import asyncio

    url = bot.connector.url
    for _ in range(3):  # the race is timing-dependent: try it a few times
        await bot.post(teams.installation_update("personal", "remove", ANNA, url))
        before = len(bot.connector.cards())
        await asyncio.gather(
            bot.post(teams.installation_update("personal", "add", ANNA, url)),
            bot.post(teams.conversation_update("personal", ANNA, url, added=[teams.bot_account()])),
        )
        assert len(bot.connector.cards()) == before + 1


async def test_install_marks_guests_as_teams_member_list_describes_them(bot: RunningBot) -> None:
    roster = [u.member() for u in USERS]
    roster[1] = {**roster[1], "userRole": "guest"}
    # Older payloads: the role is missing but the UPN shows the invited external account.
    roster[2] = {**roster[2], "userRole": None, "userPrincipalName": "m_trosa.se#EXT#@x.se"}
    roster[3] = {**roster[3], "tenantId": teams.OTHER_TENANT}  # another home tenant
    bot.connector.members[TEAM_ID] = roster
    await _install_in_team(bot)
    async with bot.sessions() as session:
        guests = (await session.scalars(select(Member.name).where(Member.guest))).all()
    assert sorted(guests) == sorted([ANNA.name, MALIN.name, KRISTIN.name])
