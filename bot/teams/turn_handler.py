"""The bot's turn logic: tenant gate, install flow, commands, card actions and invokes.

One unit of work per turn: all database changes of a turn commit together, and replies
are sent after the commit, so a reply never announces something that was rolled back.
Network calls (member listing) happen before the transaction opens, so a slow connector
never holds SQLite's write lock.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import UTC, datetime

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes, InvokeResponse
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.features.types import InvokeResult, Route
from bot.inbound_limits import InboundLimits
from bot.log_codes import activity_type_code, invoke_name_code
from bot.routing.router import (
    file_route,
    find_invoke,
    parse_card_action,
    route_card_action,
    route_text,
)
from bot.settings import Settings
from bot.teams.card_refresh import CardRefresher
from bot.teams.files import FileFetcher, file_attachments
from bot.teams.inbound import person_of, tenant_of, turn_input
from bot.teams.outbound import to_activity
from bot.teams.roster import fetch_members, fetch_roster, fetch_team_name
from bot.teams.universal_actions import card_response, execute_data, message_response
from cards.i18n import language_for_locale, t
from dialogs.directory import install
from dialogs.turn import DownloadFile, Person, Reply, TurnInput, UserFacingError
from storage import downloads
from storage.db import unit_of_work
from storage.directory import conversations

log = logging.getLogger(__name__)

Flow = Callable[[Route], Awaitable[list[Reply]]]
Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


class SamverkansBot:
    def __init__(
        self,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock = system_clock,
        files: FileFetcher | None = None,
    ) -> None:
        self._settings = settings
        self._files = files or FileFetcher(settings)
        self._sessions = sessions
        self._clock = clock
        self._card_refresher = CardRefresher()
        self._limits = InboundLimits(
            user_per_minute=settings.user_turns_per_minute,
            user_burst=settings.user_turn_burst,
            tenant_per_second=settings.tenant_turns_per_second,
            tenant_burst=settings.tenant_turn_burst,
        )

    async def on_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        tenant_id = tenant_of(activity)
        if not self._settings.tenant_allowed(tenant_id):
            await self._refuse_tenant(turn_context)
            return
        turn = replace(turn_input(activity, tenant_id or "local"), now=self._clock())
        if self._settings.force_language in ("sv", "en"):
            # Stored as the conversation's locale too, so cards rendered later by jobs
            # (reminders, status cards) speak the same language.
            forced = {"sv": "sv-SE", "en": "en-US"}[self._settings.force_language]
            turn = replace(
                turn,
                language=self._settings.force_language,  # type: ignore[arg-type]
                ref=replace(turn.ref, locale=forced),
            )
        if activity.type in (ActivityTypes.message, ActivityTypes.invoke) and not (
            await self._within_limits(turn_context, turn)
        ):
            return
        if activity.type == ActivityTypes.message:
            await self._on_message(turn_context, turn)
        elif activity.type == ActivityTypes.conversation_update:
            await self._on_conversation_update(turn_context, turn)
        elif activity.type == ActivityTypes.installation_update:
            await self._on_installation_update(turn_context, turn)
        elif activity.type == ActivityTypes.invoke:
            await self._on_invoke(turn_context, turn)
        else:
            log.debug("ignored activity type=%s", activity_type_code(activity.type))

    async def _refuse_tenant(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        log.warning(
            "refused activity from a tenant not on the allow-list type=%s",
            activity_type_code(activity.type),
        )
        language = language_for_locale(activity.locale)
        if activity.type == ActivityTypes.message:
            await turn_context.send_activity(t("error.tenant_not_allowed", language))
        elif activity.type == ActivityTypes.invoke:
            await _send_invoke_response(turn_context, 403, {"error": "tenant_not_allowed"})

    async def _within_limits(self, turn_context: TurnContext, turn: TurnInput) -> bool:
        sender = turn.sender.aad_object_id or turn.sender.teams_user_id
        if self._limits.allow(turn.tenant_id, sender):
            return True
        log.warning(
            "inbound turn throttled type=%s", activity_type_code(turn_context.activity.type)
        )
        if turn_context.activity.type == ActivityTypes.invoke:
            await _send_invoke_response(turn_context, 429, {"error": "too_many_requests"})
        elif self._limits.should_tell(turn.tenant_id, sender):
            await turn_context.send_activity(t("error.throttled", turn.language))
        return False

    # ---- messages ------------------------------------------------------------------------
    async def _on_message(self, turn_context: TurnContext, turn: TurnInput) -> None:
        attachments = file_attachments(turn_context.activity)
        flow = file_route(turn.text) if attachments and turn.value is None else None
        if flow is not None:
            # Downloaded before the turn's transaction opens (a slow file host must not
            # hold the database), then read; the flow gets text or a reason per file.
            files = await self._files.fetch(attachments)
            await self._run(turn_context, replace(turn, files=files), flow)
            return
        if turn.value is not None and not turn.text:
            await self._run(turn_context, turn, route_card_action)
        elif turn.text:
            await self._run(turn_context, turn, route_text)

    async def _run(self, turn_context: TurnContext, turn: TurnInput, flow: Flow) -> None:
        """Run one flow in one transaction; user-facing refusals roll back and are told."""
        new_sender = False
        try:
            async with unit_of_work(self._sessions) as session:
                new_sender = await install.note_activity(session, turn)
                replies = await flow(Route(session, turn))
                replies = await self._attach_downloads(session, turn, replies)
        except UserFacingError as refusal:
            new_sender = False  # rolled back: the sender was not stored
            replies = [Reply(text=t(refusal.key, turn.language, **refusal.values))]
        await self._deliver(turn_context, replies)
        if new_sender:
            await self._learn_sender(turn_context, turn)

    async def _learn_sender(self, turn_context: TurnContext, turn: TurnInput) -> None:
        """Someone first met in a turn: ask Teams' member list whether they are a guest
        (after the reply, outside the turn's transaction; a newcomer is nobody's contact
        and represents no organisation yet, so nothing they did could need it)."""
        for member in await fetch_members(turn_context, [turn.sender]):
            async with unit_of_work(self._sessions) as session:
                await install.record_member_details(session, turn.ref, member)

    async def _attach_downloads(
        self, session: AsyncSession, turn: TurnInput, replies: list[Reply]
    ) -> list[Reply]:
        """Store offered files in the same unit of work and append their links."""
        result = []
        for reply in replies:
            if reply.images is not None:
                urls = {
                    file.name: await self._offer(session, turn, file) for file in reply.images.files
                }
                reply = replace(reply, card=reply.images.build(urls), images=None)
            if not reply.files:
                result.append(reply)
                continue
            links = []
            for file in reply.files:
                url = await self._offer(session, turn, file)
                links.append(f"[{file.name}]({url})")
            note = t("download.links", turn.language, links=" · ".join(links))
            text = f"{reply.text}\n\n{note}" if reply.text else note
            result.append(replace(reply, text=text, files=()))
        return result

    async def _offer(self, session: AsyncSession, turn: TurnInput, file: DownloadFile) -> str:
        """Store one file as a short-lived download; its public URL."""
        download = await downloads.offer(
            session,
            tenant_id=turn.tenant_id,
            file_name=file.name,
            content_type=file.content_type,
            data=file.data,
            now=turn.now,
        )
        return f"{self._settings.download_base_url}/downloads/{download.token}"

    async def _deliver(self, turn_context: TurnContext, replies: list[Reply]) -> None:
        for reply in replies:
            if reply.update_activity_id and reply.render is not None:
                await self._refresh_card(turn_context, reply)
                continue
            activity = to_activity(reply)
            if reply.update_activity_id:
                activity.id = reply.update_activity_id
                await turn_context.update_activity(activity)
                continue
            if reply.on_sent and reply.text and reply.card is not None:
                # A card whose id we must remember goes alone: some channels (the Agents
                # Playground) split text + card into two messages and return no id.
                await turn_context.send_activity(to_activity(replace(reply, card=None)))
                activity = to_activity(replace(reply, text=None, mentions=()))
            response = await turn_context.send_activity(activity)
            if reply.on_sent and response and response.id:
                async with unit_of_work(self._sessions) as session:
                    await reply.on_sent(session, response.id)

    async def close(self) -> None:
        """Let card refreshes still running reach Teams (shutdown, tests)."""
        await self._card_refresher.idle()
        await self._files.close()

    async def _refresh_card(self, turn_context: TurnContext, reply: Reply) -> None:
        """Render the card from committed state and update it, coalesced per card."""
        render, activity_id = reply.render, reply.update_activity_id
        assert render is not None and activity_id is not None

        async def job() -> None:
            async with self._sessions() as session:
                card = await render(session)
            if card is not None:
                activity = to_activity(replace(reply, card=card, render=None))
                activity.id = activity_id
                await turn_context.update_activity(activity)

        conversation_id = turn_context.activity.conversation.id
        await self._card_refresher.refresh((conversation_id, activity_id), job)

    # ---- install and membership ----------------------------------------------------------
    async def _on_conversation_update(self, turn_context: TurnContext, turn: TurnInput) -> None:
        activity = turn_context.activity
        bot_id = activity.recipient.id if activity.recipient else None
        added = [person_of(a) for a in activity.members_added or []]
        removed = [person_of(a) for a in activity.members_removed or []]
        if any(p.teams_user_id == bot_id for p in removed):
            async with unit_of_work(self._sessions) as session:
                await install.record_uninstall(session, turn.ref)
            return
        if any(p.teams_user_id == bot_id for p in added):
            # `from` is whoever added the bot, as on installationUpdate: either event may
            # be the one that welcomes, so both name the installer.
            await self._install(turn_context, turn, installer=turn.sender)
            return
        others_added = [p for p in added if p.teams_user_id != bot_id]
        others_removed = [p for p in removed if p.teams_user_id != bot_id]
        if others_added or others_removed:
            # Only Teams' member list tells guests apart: ask it before the transaction.
            joined = await fetch_members(turn_context, others_added) if others_added else []
            async with unit_of_work(self._sessions) as session:
                await install.record_members_added(session, turn.ref, joined)
                await install.record_members_removed(session, turn.ref, others_removed)

    async def _on_installation_update(self, turn_context: TurnContext, turn: TurnInput) -> None:
        action = (turn_context.activity.action or "").lower()
        if action.startswith("remove"):
            async with unit_of_work(self._sessions) as session:
                await install.record_uninstall(session, turn.ref)
        elif action.startswith("add"):
            await self._install(turn_context, turn, installer=turn.sender)

    async def _install(
        self, turn_context: TurnContext, turn: TurnInput, installer: Person | None
    ) -> None:
        # installationUpdate and conversationUpdate both announce one install: read the
        # roster (a network call, outside any transaction) only for the first of them.
        members = None
        if turn.in_group and not await self._already_active(turn):
            members = await fetch_roster(turn_context)
            if turn.ref.team_id and not turn.ref.team_name:
                team_name = await fetch_team_name(turn_context)
                turn = replace(turn, ref=replace(turn.ref, team_name=team_name))
        async with unit_of_work(self._sessions) as session:
            replies = await install.record_install(
                session, turn, members=members, installer=installer
            )
        await self._deliver(turn_context, replies)

    async def _already_active(self, turn: TurnInput) -> bool:
        async with self._sessions() as session:
            conversation = await conversations.find_conversation(
                session, turn.tenant_id, turn.ref.conversation_id
            )
            return conversation is not None and conversation.active

    # ---- invokes -------------------------------------------------------------------------
    async def _on_invoke(self, turn_context: TurnContext, turn: TurnInput) -> None:
        name = turn_context.activity.name or ""
        if name == "adaptiveCard/action":
            await self._on_card_execute(turn_context, turn)
            return
        handler = find_invoke(name, turn.value)
        if handler is None:
            # 400, not botbuilder's customary 501: a request we do not understand is the
            # client's problem, and 5xx would read as our outage in monitoring.
            log.info("unsupported invoke name=%s", invoke_name_code(name))
            await _send_invoke_response(turn_context, 400, {"error": "unsupported invoke"})
            return
        new_sender = False
        try:
            async with unit_of_work(self._sessions) as session:
                new_sender = await install.note_activity(session, turn)
                result = await handler(Route(session, turn))
                replies = await self._attach_downloads(session, turn, result.replies)
        except UserFacingError as refusal:
            new_sender = False
            # Dialog invokes show a message in the dialog; Teams wants 200 with a message.
            text = t(refusal.key, turn.language, **refusal.values)
            result, replies = InvokeResult(body={"task": {"type": "message", "value": text}}), []
        await _send_invoke_response(turn_context, result.status, result.body)
        await self._deliver(turn_context, replies)
        if new_sender:
            await self._learn_sender(turn_context, turn)

    async def _on_card_execute(self, turn_context: TurnContext, turn: TurnInput) -> None:
        """Action.Execute: the same validation, flow and role checks as Action.Submit
        (bot/teams/universal_actions.py); answered within Teams' 5 s with the sender's
        own view of the card when the action has one, or with the card the flow meant for
        the clicker only (`Reply.to_sender`). A refusal is the invoke's answer, not a
        message in the conversation, and changes nothing."""
        execute_turn = replace(turn, value=execute_data(turn.value), text="", via_execute=True)
        new_sender = False
        try:
            action, payload = parse_card_action(execute_turn.value)
            async with unit_of_work(self._sessions) as session:
                new_sender = await install.note_activity(session, execute_turn)
                replies = await action.handler(Route(session, execute_turn), payload)
                replies = await self._attach_downloads(session, execute_turn, replies)
        except UserFacingError as refusal:
            text = t(refusal.key, turn.language, **refusal.values)
            await _send_invoke_response(turn_context, 200, message_response(text))
            return
        own = [r.card for r in replies if r.to_sender and r.card is not None]
        await self._deliver(turn_context, [r for r in replies if not r.to_sender])
        body = message_response(t("card.done", turn.language))
        if own:
            body = card_response(own[-1])
        elif action.view is not None:
            try:
                async with self._sessions() as session:
                    body = card_response(await action.view(session, execute_turn, payload))
            except UserFacingError as refusal:
                body = message_response(t(refusal.key, turn.language, **refusal.values))
        await _send_invoke_response(turn_context, 200, body)
        if new_sender:
            await self._learn_sender(turn_context, execute_turn)


async def _send_invoke_response(turn_context: TurnContext, status: int, body: object) -> None:
    """The adapter picks this 'invokeResponse' activity up and returns it as the HTTP answer."""
    await turn_context.send_activity(
        Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=status, body=body))
    )
