"""Delivers the outbox: claims due rows with a lease, sends them through bot/teams/proactive.py,
records each outcome right away.

Several sends are under way at once (up to `max_in_flight`), each to a different
conversation: a backlog of nudges to many channels then goes out at Teams' tenant pace
(bot/outbox/rate_limit.py) rather than at one round trip per message. Rows of one batch that go
to the same place (a conversation, or a person) form a lane and are sent one after
another, in claim order (due time, then id); the sender also never has two sends in
flight to one conversation. When a row of a lane has to wait for a retry (429, network),
the lane's later rows are handed back behind it, so they do not overtake it.

The guarantee, honestly stated:
- Nothing is lost. A row leaves `pending` only as sent, cancelled, dropped (nowhere to
  deliver, with a reason) or failed (dead-lettered after repeated failures, with the
  last error code; `påminnelser` shows how many). A bot that was down sends what fell
  due meanwhile when it comes back.
- Exactly once, except after a hard crash: each message is recorded as sent in its own
  transaction straight after its send, so a crash (SIGKILL, power loss) leaves at most
  the messages then in flight unrecorded — up to `max_in_flight` (10). Their leases
  expire and they are sent again: at most that many duplicates per crashed process
  (measured: exactly 10 when killed with every send slot busy,
  tests/bot/test_dispatch_processes.py). A
  send whose answer never arrives (timeout) is retried too, which can also repeat that
  one message. Claims made but not yet started are not sent twice: the lease stops
  everyone else until it expires, and a dispatcher never starts a send after its own
  lease has run short (nor after `close()` began).
- With several instances (PostgreSQL), claims use SKIP LOCKED, so each row is claimed
  by one dispatcher at a time, and every send takes a slot of the tenant's one budget
  kept in the database (bot/outbox/tenant_budget.py).
- A conversation Teams calls gone (403/404) is written to once: it is marked inactive,
  the rest of the round skips it (round state, not the batch's ORM rows), and a gone
  1:1 chat is neither re-created through the connector nor reactivated here — only
  the person writing to the bot or reinstalling it does that (inbound).

Order of checks for a row: too many attempts → dead letter; then the rules of
dialogs/reminders/delivery_rules.py: group paused (nudges) → dropped; outside the
group's office hours on Swedish working days (nudges) → moved to the next office
morning; then the target: a conversation, or a person's personal chat (the stored one,
else created here through the connector) with a fallback @mention in the group's
channel for guests and people the bot cannot reach 1:1. This module carries those
decisions out; it does not make them.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import random
import socket
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.log_codes import where
from bot.outbox.lanes import LaneEnd, Lanes
from bot.outbox.rate_limit import OutboundLimiter, RateLimits
from bot.outbox.tenant_budget import SharedTenantSlots
from bot.settings import Settings
from bot.teams.proactive import (
    CreatedChat,
    Destination,
    Message,
    Outcome,
    ProactiveSender,
    Result,
)
from cards.i18n import Language, language_for_locale
from cards.reminders.reminder_cards import with_snooze
from dialogs.reminders import delivery_rules as rules
from dialogs.reminders.delivery_rules import Defer, Drop, ForPerson, ToConversation, ToPerson
from dialogs.turn import Person
from storage.db import is_sqlite, unit_of_work
from storage.directory import conversations
from storage.directory.conversations import ConversationRef
from storage.directory.models import Conversation, ConversationKind
from storage.outbox.delivery import (
    claim_due,
    finish,
    mark_sent,
    next_claimable_at,
    postpone,
    release,
    reschedule,
)
from storage.outbox.health import NOT_FAILURES
from storage.outbox.models import OutboxMessage, OutboxStatus
from storage.outbox.recipients import conversations_by_pk, person_reach
from storage.reminders.settings import GroupReminderSettings, many_group_settings

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class DispatchOptions:
    batch_size: int = 50
    # Sends under way at once (to different conversations). A Teams send takes about
    # 100–200 ms, so 10 keep the tenant budget of 47/s busy; it is also how many
    # messages a crash can repeat.
    max_in_flight: int = 10
    # `run_once` keeps claiming while batches come back full, for up to this long: a
    # backlog drains at Teams' pace, not one batch per scheduler tick.
    tick_seconds: float = 60.0
    lease_seconds: float = 120.0
    # Stop starting sends this long before the lease ends (a send may take its timeout).
    lease_margin_seconds: float = 40.0
    max_attempts: int = 8
    backoff_base_seconds: float = 10.0
    backoff_cap_seconds: float = 1800.0
    limits: RateLimits | None = None
    request_timeout_seconds: float = 30.0
    # Take the tenant's send slots from the database, shared by every instance: None
    # means on PostgreSQL (several instances possible), not on SQLite (one instance).
    shared_tenant_budget: bool | None = None


def new_owner_id() -> str:
    return f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _people(mentions: Sequence[object]) -> tuple[Person, ...]:
    people = []
    for mention in mentions:
        if isinstance(mention, dict) and mention.get("teams_user_id") and mention.get("name"):
            people.append(Person(teams_user_id=mention["teams_user_id"], name=mention["name"]))
    return tuple(people)


def mention_text(text: str | None, people: tuple[Person, ...]) -> str | None:
    """Teams shows a mention only where its `<at>name</at>` appears in the text: put the
    missing ones in front."""
    missing = [p for p in people if f"<at>{p.name}</at>" not in (text or "")]
    if not missing:
        return text
    prefix = " ".join(f"<at>{p.name}</at>" for p in missing)
    return f"{prefix} {text}" if text else prefix


def _destination(conversation: Conversation) -> Destination:
    return Destination(
        tenant_id=conversation.tenant_id,
        conversation_id=conversation.conversation_id,
        service_url=conversation.service_url,
        bot_id=conversation.bot_id,
    )


_Plan = Drop | Defer | ToConversation | ToPerson


@dataclass(frozen=True)
class _Delivered:
    sent: bool = False
    # Set when the row went back to the queue to be retried at that moment (throttled,
    # network, server error): the rest of its lane must stay behind it.
    retry_at: datetime | None = None


_SETTLED = _Delivered()  # not sent and not to be retried: dropped, deferred or dead


@dataclass(frozen=True)
class _Batch:
    """Claimed rows and what planning them needs, as read when they were claimed: a
    group paused or a conversation removed meanwhile is seen by the next batch (the
    send to a removed conversation fails with "gone" anyway). `gone` is shared by the
    batches of one round: conversations Teams called gone since, so no later row of the
    round writes there (the rows read at claim time are left as read)."""

    rows: list[OutboxMessage]
    conversations: dict[int, Conversation]
    group_settings: dict[int, GroupReminderSettings]
    gone: set[int]


class Dispatcher:
    def __init__(
        self,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock = system_clock,
        *,
        options: DispatchOptions | None = None,
        sender: ProactiveSender | None = None,
        owner: str | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.options = options or DispatchOptions()
        if self.options.lease_margin_seconds < self.options.request_timeout_seconds:
            # Otherwise a send started just inside the lease could outlive it, and another
            # dispatcher would claim and send the same row meanwhile.
            raise ValueError("lease_margin_seconds must cover request_timeout_seconds")
        self.sender = sender or ProactiveSender(
            settings,
            limiter=self._limiter(settings, sessions),
            request_timeout=self.options.request_timeout_seconds,
        )
        self.owner = owner or new_owner_id()
        self._random = random.Random()
        self._stopping = False
        self._idle = asyncio.Event()
        self._idle.set()

    def _limiter(
        self, settings: Settings, sessions: async_sessionmaker[AsyncSession]
    ) -> OutboundLimiter:
        limits = self.options.limits or RateLimits()
        shared = self.options.shared_tenant_budget
        if shared is None:
            shared = not is_sqlite(settings.database_url)
        slots = SharedTenantSlots(sessions, per_second=limits.tenant_per_second) if shared else None
        return OutboundLimiter(limits, tenant_slots=slots)

    async def close(self) -> None:
        """Start no more sends, let those under way finish (within the request timeout),
        hand back the rest of the claim, then close the connections."""
        self._stopping = True
        try:
            await asyncio.wait_for(self._idle.wait(), self.options.request_timeout_seconds)
        except TimeoutError:
            log.warning("outbox dispatcher closed with sends still under way")
        await self.sender.close()

    # ---- the tick -------------------------------------------------------------------------
    async def run_once(self) -> int:
        """Claim due rows and deliver them; returns how many were sent. While batches
        come back full (a backlog), the next one is claimed as the current one runs low,
        for up to `tick_seconds`: the sends never pause for a claim, and a backlog drains
        at Teams' pace rather than one batch per scheduler tick."""
        lanes = Lanes(self.options.max_in_flight)
        self._idle.clear()
        try:
            try:
                await self._claim_into(lanes, gone=set())
            finally:
                sent = await lanes.finish()
        finally:
            self._idle.set()
        return sent

    async def _claim_into(self, lanes: Lanes, *, gone: set[int]) -> None:
        started = time.monotonic()
        while not self._stopping:
            batch = await self._claim(gone)
            lanes.start(
                batch.rows,
                functools.partial(
                    self._run_lane, batch=batch, slots=lanes.slots, claimed_at=time.monotonic()
                ),
            )
            if (
                len(batch.rows) < self.options.batch_size
                or time.monotonic() - started >= self.options.tick_seconds
            ):
                return
            # Not earlier: rows claimed long before their turn would idle under a lease.
            await lanes.until_at_most(self.options.batch_size // 2)

    async def _claim(self, gone: set[int]) -> _Batch:
        """The due rows, with what planning them needs, read in the claim's transaction:
        one round trip for the whole batch instead of one per row."""
        async with unit_of_work(self._sessions) as session:
            rows = await claim_due(
                session,
                owner=self.owner,
                now=self._clock(),
                lease=timedelta(seconds=self.options.lease_seconds),
                limit=self.options.batch_size,
            )
            if not rows:
                return _Batch([], {}, {}, gone)
            conversations = await conversations_by_pk(
                session, {r.conversation_pk for r in rows if r.conversation_pk is not None}
            )
            settings = await many_group_settings(
                session, {r.group_id for r in rows if r.nudge and r.group_id is not None}
            )
            return _Batch(rows, conversations, settings, gone)

    async def _run_lane(
        self,
        rows: list[OutboxMessage],
        before: LaneEnd | None,
        *,
        batch: _Batch,
        slots: asyncio.Semaphore,
        claimed_at: float,
    ) -> LaneEnd:
        if before is not None and before.released:
            await self._release(rows)
            return LaneEnd(released=True)
        if before is not None and before.postponed_until is not None:
            return LaneEnd(postponed_until=await self._postpone(rows, before.postponed_until))
        budget = self.options.lease_seconds - self.options.lease_margin_seconds
        sent = 0
        for index, row in enumerate(rows):
            async with slots:
                if self._stopping or time.monotonic() - claimed_at > budget:
                    # A send started now could outlive the lease (or the process).
                    await self._release(rows[index:])
                    return LaneEnd(sent, released=True)
                delivered = await self._deliver_safely(row, batch)
            sent += int(delivered.sent)
            if delivered.retry_at is not None:
                later = rows[index + 1 :]
                until = await self._postpone(later, delivered.retry_at) if later else None
                return LaneEnd(sent, postponed_until=until or delivered.retry_at)
        return LaneEnd(sent)

    async def _deliver_safely(self, row: OutboxMessage, batch: _Batch) -> _Delivered:
        try:
            return await self._deliver(row, batch)
        except Exception as error:  # one bad row must not stop the others
            log.error(
                "outbox delivery crashed id=%s kind=%s error=%s",
                row.id,
                row.kind,
                where(error),
            )
            return await self._retry(row, Outcome(Result.RETRY, "internal_error"))

    async def drain(self, *, max_seconds: float = 60.0, horizon_seconds: float = 0.0) -> int:
        """Run until nothing is due, or due within `horizon_seconds` (retries after a 429,
        say), bounded by `max_seconds` of real time. For tests and tools; the running bot
        just ticks `run_once`."""
        deadline = time.monotonic() + max_seconds
        total = 0
        while time.monotonic() < deadline:
            sent = await self.run_once()
            total += sent
            if sent:
                continue
            next_due = await self._next_due()
            if next_due is None:
                break
            wait = (next_due - self._clock()).total_seconds()
            if wait > horizon_seconds:
                break
            await asyncio.sleep(min(max(wait, 0.05), 0.5))
        return total

    async def _next_due(self) -> datetime | None:
        """The earliest moment a pending row becomes claimable (due and unleased)."""
        async with unit_of_work(self._sessions) as session:
            return await next_claimable_at(session, scan=self.options.batch_size)

    async def _release(self, rows: list[OutboxMessage]) -> None:
        async with unit_of_work(self._sessions) as session:
            await release(session, [r.id for r in rows], owner=self.owner)

    async def _postpone(self, rows: list[OutboxMessage], behind: datetime) -> datetime:
        async with unit_of_work(self._sessions) as session:
            return await postpone(session, [r.id for r in rows], owner=self.owner, behind=behind)

    # ---- one row ----------------------------------------------------------------------------
    async def _deliver(self, row: OutboxMessage, batch: _Batch) -> _Delivered:
        if row.attempts > self.options.max_attempts:
            await self._finish(row, OutboxStatus.FAILED, row.last_error or "too_many_attempts")
            return _SETTLED
        plan = await self._plan(row, batch)
        if isinstance(plan, Drop):
            await self._finish(row, OutboxStatus.DROPPED, plan.reason)
            return _SETTLED
        if isinstance(plan, Defer):
            async with unit_of_work(self._sessions) as session:
                await reschedule(
                    session,
                    row.id,
                    owner=self.owner,
                    due_at=plan.until,
                    error=plan.reason,
                    refund_attempt=True,
                )
            return _SETTLED
        if isinstance(plan, ToConversation):
            return await self._to_conversation(row, plan.conversation, batch.gone)
        return await self._to_person(row, plan, batch.gone)

    async def _plan(self, row: OutboxMessage, batch: _Batch) -> _Plan:
        settings = batch.group_settings.get(row.group_id) if row.group_id else None
        held = rules.hold_back(row, settings, self._clock())
        if held is not None:
            return held
        route = rules.route(row, batch.conversations, batch.gone)
        if not isinstance(route, ForPerson):
            return route
        assert row.user_aad_id is not None  # route() said the row names a person
        # A person's chats change while a batch is sent (created, blocked), so they are
        # read fresh for each row.
        async with unit_of_work(self._sessions) as session:
            reach = await person_reach(
                session,
                tenant_id=row.tenant_id,
                user_aad_id=row.user_aad_id,
                fallback_conversation_pk=row.fallback_conversation_pk,
                group_id=row.group_id,
            )
        return rules.reach_person(row, reach, batch.gone)

    # ---- sending ----------------------------------------------------------------------------
    def _message(
        self, row: OutboxMessage, *, language: Language, mentions: Sequence[object]
    ) -> Message:
        """`mentions` as stored on rows; none in a 1:1 chat."""
        card = row.card
        if rules.offers_snooze(row):
            card = with_snooze(card, message_id=row.id, language=language)
        people = _people(mentions)
        text = mention_text(row.text, people) if people else row.text
        return Message(text=text, card=card, mentions=people)

    async def _to_conversation(
        self, row: OutboxMessage, conversation: Conversation, gone: set[int]
    ) -> _Delivered:
        language = language_for_locale(conversation.locale)
        message = self._message(row, language=language, mentions=row.mentions or [])
        destination = _destination(conversation)
        if row.update_activity_id:
            outcome = await self.sender.update(destination, row.update_activity_id, message)
        else:
            outcome = await self.sender.post(destination, message)
        if outcome.result == Result.GONE:
            await self._conversation_gone(conversation, outcome.code, gone)
            await self._finish(row, OutboxStatus.DROPPED, f"gone:{outcome.code}")
            return _SETTLED
        return await self._record(row, outcome, via="conversation")

    async def _to_person(self, row: OutboxMessage, plan: ToPerson, gone: set[int]) -> _Delivered:
        """The 1:1 chat, else the fallback @mention. Teams hears from us about a gone
        chat once: it is marked gone, and later rows (and a retry of this row's
        fallback) go straight to the fallback without asking the connector for the
        chat again."""
        personal = plan.personal
        if (
            personal is None
            and plan.may_create_personal
            and plan.teams_user_id
            and plan.anchor is not None
        ):
            created = await self.sender.create_personal_chat(
                tenant_id=row.tenant_id,
                service_url=plan.anchor.service_url,
                bot_id=plan.anchor.bot_id,
                user_teams_id=plan.teams_user_id,
            )
            if isinstance(created, CreatedChat):
                personal = await self._remember_personal_chat(row, plan.anchor, created)
                if personal is None:
                    log.info("created chat is a gone one id=%s, falling back", row.id)
            elif created.result == Result.RETRY:
                return await self._record(row, created, via="personal")
            else:
                log.info(
                    "personal chat not possible id=%s code=%s, falling back", row.id, created.code
                )
        if personal is not None:
            language = language_for_locale(personal.locale)
            message = self._message(row, language=language, mentions=())
            outcome = await self.sender.post(_destination(personal), message)
            if outcome.result != Result.GONE:
                return await self._record(row, outcome, via="personal")
            await self._conversation_gone(personal, outcome.code, gone)
        return await self._to_fallback(row, plan, gone)

    async def _to_fallback(self, row: OutboxMessage, plan: ToPerson, gone: set[int]) -> _Delivered:
        if plan.fallback is None:
            await self._finish(row, OutboxStatus.DROPPED, "unreachable")
            return _SETTLED
        language = language_for_locale(plan.fallback.locale)
        mentions = rules.fallback_mentions(row, plan)
        message = self._message(row, language=language, mentions=mentions)
        outcome = await self.sender.post(_destination(plan.fallback), message)
        if outcome.result == Result.GONE:
            await self._conversation_gone(plan.fallback, outcome.code, gone)
            await self._finish(row, OutboxStatus.DROPPED, f"gone:{outcome.code}")
            return _SETTLED
        return await self._record(row, outcome, via="fallback")

    async def _remember_personal_chat(
        self, row: OutboxMessage, anchor: Conversation, created: CreatedChat
    ) -> Conversation | None:
        """The stored chat, or None when Teams handed back a chat known to be gone."""
        assert row.user_aad_id is not None
        ref = ConversationRef(
            tenant_id=row.tenant_id,
            conversation_id=created.conversation_id,
            kind=ConversationKind.PERSONAL,
            service_url=created.service_url,
            bot_id=anchor.bot_id,
            bot_name=anchor.bot_name,
            user_aad_id=row.user_aad_id,
        )
        async with unit_of_work(self._sessions) as session:
            conversation = await conversations.remember_created_chat(session, ref)
        if conversation is not None:
            log.info("personal chat created conversation=%s", conversation.id)
        return conversation

    # ---- outcomes ---------------------------------------------------------------------------
    async def _record(self, row: OutboxMessage, outcome: Outcome, *, via: str) -> _Delivered:
        if outcome.sent:
            async with unit_of_work(self._sessions) as session:
                await mark_sent(
                    session,
                    row.id,
                    now=self._clock(),
                    activity_id=outcome.activity_id,
                    via=via,
                )
            log.info("outbox sent id=%s kind=%s via=%s", row.id, row.kind, via)
            return _Delivered(sent=True)
        if outcome.result == Result.REJECTED:
            await self._finish(row, OutboxStatus.FAILED, outcome.code)
            return _SETTLED
        return await self._retry(row, outcome)

    def backoff(self, attempts: int) -> float:
        """Exponential with "equal jitter": half fixed, half random, so retries of many
        rows after one outage spread out instead of arriving together."""
        options = self.options
        ceiling = min(
            options.backoff_cap_seconds, options.backoff_base_seconds * 2 ** max(0, attempts - 1)
        )
        return ceiling / 2 + self._random.uniform(0, ceiling / 2)

    async def _retry(self, row: OutboxMessage, outcome: Outcome) -> _Delivered:
        if not outcome.throttled and row.attempts >= self.options.max_attempts:
            await self._finish(row, OutboxStatus.FAILED, outcome.code or "retries_exhausted")
            return _SETTLED
        if outcome.retry_after is not None:
            # Honour Retry-After, plus a little jitter so a burst does not return as one.
            delay = outcome.retry_after * self._random.uniform(1.0, 1.2)
        else:
            delay = self.backoff(row.attempts)
        due_at = self._clock() + timedelta(seconds=delay)
        async with unit_of_work(self._sessions) as session:
            await reschedule(
                session,
                row.id,
                owner=self.owner,
                due_at=due_at,
                error=outcome.code,
                refund_attempt=outcome.throttled,
            )
        if not outcome.throttled and (row.last_error is None or row.last_error in NOT_FAILURES):
            # It was not failing until now: say so once, loudly; the retries after are INFO.
            log.warning(
                "outbox message failing id=%s kind=%s code=%s attempt=%d retry_in=%.0fs",
                row.id,
                row.kind,
                outcome.code,
                row.attempts,
                delay,
            )
        else:
            log.info(
                "outbox retry id=%s kind=%s code=%s in=%.1fs", row.id, row.kind, outcome.code, delay
            )
        return _Delivered(retry_at=due_at)

    async def _finish(self, row: OutboxMessage, status: OutboxStatus, reason: str) -> None:
        async with unit_of_work(self._sessions) as session:
            await finish(session, row.id, owner=self.owner, status=status, error=reason[:64])
        if status == OutboxStatus.FAILED:
            # A warning, not an error: the bot works as designed, a message did not go.
            log.warning(
                "outbox dead letter id=%s kind=%s code=%s attempts=%d",
                row.id,
                row.kind,
                reason,
                row.attempts,
            )
        else:
            log.info("outbox %s id=%s kind=%s reason=%s", status.value, row.id, row.kind, reason)

    async def _conversation_gone(
        self, conversation: Conversation, code: str, gone: set[int]
    ) -> None:
        async with unit_of_work(self._sessions) as session:
            await conversations.deactivate_conversations(
                session,
                conversation.tenant_id,
                conversation_id=conversation.conversation_id,
                team_id=None,
            )
        # The round's later rows to this conversation are dropped (or fall back) unsent.
        gone.add(conversation.id)
        log.warning("conversation gone conversation=%s code=%s", conversation.id, code)
