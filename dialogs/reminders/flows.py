"""Reminder flows: `påminnelser` (overview and settings), snooze, and the weekly digest.

How features plug in (they never edit this module):

- Rules and digest sections are declared in the feature's `Feature` entry; see
  dialogs/reminders/catalogue.py. Office hours, the group's pause and the person's opt-out
  are applied to every nudge when the outbox delivers it
  (dialogs/reminders/delivery_rules.py), so rules need not check them.
- "Never to someone who already answered": in the unit of work that stores an answer,
  call `storage.outbox.operations.cancel(session, key_prefix=…)` with the prefix of that
  person's nudge keys (e.g. f"poll:{poll_id}:closing_soon:{aad_id}"). Pending rows are
  withdrawn in the same transaction as the answer.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, time, timedelta

from cards.i18n import CATALOGUE, Language, language_for_locale, t
from cards.reminders.reminder_cards import (
    DigestSection,
    OverviewView,
    PersonalDue,
    PersonalView,
    ReminderSnoozeAction,
    RuleLine,
    ScheduledLine,
    digest_card,
    kind_label,
    overview_card,
    personal_card,
    when_label,
)
from cards.swedish_format import STOCKHOLM, short_day
from dialogs.access import Permission, require_group, require_permission
from dialogs.reminders import catalogue
from dialogs.reminders.catalogue import DIGEST_RULE, Rule
from dialogs.text.dates import DateParseError, parse_dates
from dialogs.text.pii import contains_personal_number
from dialogs.text.working_time import local_date, next_office_time
from dialogs.turn import JobContext, Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.decisions import operations as decisions_store
from storage.decisions.models import DecisionKind
from storage.directory.models import Group, Member
from storage.meetings import operations as meetings_store
from storage.outbox import health as outbox_health
from storage.outbox import operations as outbox
from storage.outbox.models import OutboxStatus
from storage.outbox.operations import PendingOccasion
from storage.polls import operations as polls_store
from storage.questionnaires import operations as questionnaires_store
from storage.reminders import settings as settings_store
from storage.reminders.digest import active_group_channels
from storage.reminders.settings import MAX_LEAD_DAYS, RuleSetting

log = logging.getLogger(__name__)

DIGEST_KIND = "weekly_digest"
# Sent, cancelled and dropped rows are deleted after this long (they name people).
OUTBOX_RETENTION = timedelta(days=30)


async def rule_setting(session: AsyncSession, group_id: int, name: str) -> RuleSetting:
    """The group's choice for a rule: on/off and its lead time in days."""
    rule = catalogue.installed().rules.get(name)
    default = rule.default_lead_days or 0 if rule is not None else 0
    settings = await settings_store.group_settings(session, group_id)
    return settings.rule(name, default_lead_days=default)


# ---- who may do what ----------------------------------------------------------------------------


async def _require_organiser(session: AsyncSession, turn: TurnInput) -> tuple[Group, Member]:
    group = await require_group(session, turn, "reminders.group_only")
    member = await require_permission(
        session, group, turn, Permission.MANAGE_REMINDERS, "reminders.organiser_only"
    )
    return group, member


# ---- `påminnelser` ------------------------------------------------------------------------------

_WORDS: dict[str, tuple[str, ...]] = {
    "off": ("av", "off", "stäng av"),
    "on": ("på", "on", "slå på"),
    "pause": ("paus", "pausa", "pause"),
    "resume": ("återuppta", "fortsätt", "resume"),
    "hours": ("kontorstid", "office hours", "hours"),
    "rule": ("regel", "rule"),
}


def _subcommand(argument: str) -> tuple[str, str]:
    lowered = argument.strip().casefold()
    if not lowered:
        return "show", ""
    for name, words in _WORDS.items():
        for word in sorted(words, key=len, reverse=True):
            if lowered == word or lowered.startswith(word + " "):
                return name, argument.strip()[len(word) :].strip()
    return "usage", ""


async def handle_command(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    name, rest = _subcommand(argument)
    if name == "show":
        return await show(session, turn)
    if name in ("off", "on"):
        return await set_personal(session, turn, on=name == "on")
    if name == "pause" and rest:
        return await pause_until(session, turn, rest)
    if name in ("pause", "resume"):
        return await set_paused(session, turn, paused=name == "pause")
    if name == "hours":
        return await set_office_hours(session, turn, rest)
    if name == "rule":
        return await set_rule(session, turn, rest)
    example = next(
        (r for r in catalogue.installed().rules if r != DIGEST_RULE.name), DIGEST_RULE.name
    )
    return [Reply(text=t("reminders.usage", turn.language, rule=example))]


async def show(session: AsyncSession, turn: TurnInput) -> list[Reply]:
    if not turn.in_group:
        return [Reply(card=personal_card(await personal_view(session, turn), turn.language))]
    group = await require_group(session, turn, "reminders.group_only")
    settings = await settings_store.group_settings(session, group.id)
    failing, failed = await outbox_health.group_problems(session, group.id)
    view = OverviewView(
        group_name=group.name,
        paused=settings.paused_at(turn.now),
        paused_until=settings.paused_until if settings.paused_at(turn.now) else None,
        office_start_hour=settings.office_start_hour,
        office_end_hour=settings.office_end_hour,
        scheduled=scheduled_lines(await outbox.pending_occasions(session, group_id=group.id)),
        rules=[
            RuleLine(
                title=rule.title(turn.language),
                enabled=settings.rule(rule.name, default_lead_days=0).enabled,
                lead_days=(
                    settings.rule(rule.name, default_lead_days=rule.default_lead_days).lead_days
                    if rule.default_lead_days is not None
                    else None
                ),
            )
            for rule in catalogue.installed().sorted_rules()
        ],
        failing=failing,
        failed=failed,
        due=await due_sections(session, group, turn.now, turn.language),
    )
    return [Reply(card=overview_card(view, turn.language))]


async def personal_view(session: AsyncSession, turn: TurnInput) -> PersonalView:
    aad_id = turn.sender.aad_object_id or ""
    return PersonalView(
        personal_nudges=await settings_store.personal_nudges_on(session, turn.tenant_id, aad_id),
        scheduled=scheduled_lines(
            await outbox.pending_occasions(session, tenant_id=turn.tenant_id, user_aad_id=aad_id)
        ),
        due=await personal_due(session, turn.tenant_id, aad_id, turn.now) if aad_id else [],
    )


async def personal_due(
    session: AsyncSession, tenant_id: str, aad_id: str, now: datetime
) -> list[PersonalDue]:
    """Everything that waits for this person across their groups: their open decisions and
    tasks with a due date, questionnaires their organisation has not answered where they
    are contact or deputy, polls and meetings they have not answered. Overdue decisions
    first, then by day."""
    today = local_date(now)
    due: list[PersonalDue] = []
    for group_name, decision in await decisions_store.open_owned_by(
        session, tenant_id, aad_id, today
    ):
        if decision.due is None:
            continue
        due.append(
            PersonalDue(
                kind="task" if decision.kind == DecisionKind.TASK else "decision",
                group=group_name,
                title=decision.text,
                day=decision.due,
                overdue=decision.due < today,
            )
        )
    for group_name, questionnaire, target in await questionnaires_store.awaiting_answer_from(
        session, tenant_id, aad_id
    ):
        due.append(
            PersonalDue(
                kind="questionnaire",
                group=group_name,
                title=questionnaire.title,
                day=local_date(questionnaire.deadline_at),
                organisation=target.label,
            )
        )
    for group_name, poll in await polls_store.unanswered_by(session, tenant_id, aad_id, now):
        due.append(
            PersonalDue(
                kind="poll",
                group=group_name,
                title=poll.title or "",
                day=local_date(poll.deadline_at),
            )
        )
    for group_name, meeting in await meetings_store.unanswered_by(session, tenant_id, aad_id, now):
        due.append(
            PersonalDue(
                kind="meeting",
                group=group_name,
                title=meeting.title,
                day=local_date(meeting.starts_at),
            )
        )
    return sorted(due, key=lambda line: (not line.overdue, line.day))


def scheduled_lines(occasions: list[PendingOccasion]) -> list[ScheduledLine]:
    """Pending occasions per kind and minute: how many recipients each one has."""
    merged: dict[tuple[str, datetime], int] = {}
    for occasion in occasions:
        # Rows of one occasion may differ by seconds; show them per minute.
        minute = occasion.due_at.replace(second=0, microsecond=0)
        merged[(occasion.kind, minute)] = merged.get((occasion.kind, minute), 0) + occasion.count
    return [
        ScheduledLine(due_at=due, kind=kind, count=count)
        for (kind, due), count in sorted(merged.items(), key=lambda item: (item[0][1], item[0][0]))
    ]


async def set_personal(session: AsyncSession, turn: TurnInput, *, on: bool) -> list[Reply]:
    aad_id = turn.sender.aad_object_id
    if not aad_id:
        raise UserFacingError("reminders.personal.unknown_sender")
    changed = await settings_store.set_personal_nudges(session, turn.tenant_id, aad_id, on=on)
    log.info("personal nudges %s changed=%s", "on" if on else "off", changed)
    if not changed:
        key = "reminders.personal.already_on" if on else "reminders.personal.already_off"
        return [Reply(text=t(key, turn.language))]
    return [
        Reply(text=t("reminders.personal.on" if on else "reminders.personal.off", turn.language))
    ]


async def set_paused(session: AsyncSession, turn: TurnInput, *, paused: bool) -> list[Reply]:
    group, member = await _require_organiser(session, turn)
    changed = await settings_store.set_paused(
        session, group.id, paused=paused, by_aad_id=member.aad_object_id, now=turn.now
    )
    log.info("group reminders paused=%s group=%s changed=%s", paused, group.id, changed)
    if not changed:
        key = "reminders.already_paused" if paused else "reminders.already_running"
        return [Reply(text=t(key, turn.language))]
    return [Reply(text=t("reminders.paused" if paused else "reminders.resumed", turn.language))]


# A pause longer than this is "off", not a pause: say `påminnelser paus` without a date.
MAX_PAUSE_DAYS = 366
_UNTIL = re.compile(r"^(?:till|tills|t\.o\.m\.?|until|till och med|to)\s+", re.IGNORECASE)


def pause_end(text: str, now: datetime) -> datetime:
    """'till 7/1' -> the start of 7/1 (Stockholm) in UTC: reminders go again that day."""
    today = local_date(now)
    try:
        spans = parse_dates(_UNTIL.sub("", text.strip()), today=today)
    except DateParseError as error:
        raise UserFacingError("reminders.pause_until.invalid") from error
    if len(spans) != 1:
        raise UserFacingError("reminders.pause_until.invalid")
    day = spans[0].day
    if day <= today or (day - today).days > MAX_PAUSE_DAYS:
        raise UserFacingError("reminders.pause_until.invalid")
    return datetime.combine(day, time(0, 0), tzinfo=STOCKHOLM).astimezone(UTC)


async def pause_until(session: AsyncSession, turn: TurnInput, text: str) -> list[Reply]:
    group, member = await _require_organiser(session, turn)
    until = pause_end(text, turn.now)
    changed = await settings_store.set_paused(
        session, group.id, paused=True, by_aad_id=member.aad_object_id, now=turn.now, until=until
    )
    log.info("group reminders paused until group=%s changed=%s", group.id, changed)
    day = short_day(local_date(until), turn.language)
    key = "reminders.pause_until.set" if changed else "reminders.pause_until.already"
    return [Reply(text=t(key, turn.language, day=day))]


_HOURS = re.compile(r"^(\d{1,2})(?:[.:]00)?\s*[-–]\s*(\d{1,2})(?:[.:]00)?$")


async def set_office_hours(session: AsyncSession, turn: TurnInput, text: str) -> list[Reply]:
    group, _ = await _require_organiser(session, turn)
    match = _HOURS.match(text.strip())
    if match is None:
        raise UserFacingError("reminders.hours.invalid")
    start, end = int(match.group(1)), int(match.group(2))
    if not 0 <= start < end <= 23:
        raise UserFacingError("reminders.hours.invalid")
    await settings_store.set_office_hours(session, group.id, start=start, end=end)
    log.info("group office hours group=%s start=%s end=%s", group.id, start, end)
    return [
        Reply(text=t("reminders.hours.set", turn.language, start=f"{start:02d}", end=f"{end:02d}"))
    ]


_DAYS = re.compile(r"^(\d{1,3})\s*(dagar|dag|days|day|d)?$")


def _fold(text: str) -> str:
    """Case, å/ä/ö and spacing folded, so "Veckans Läge" finds the rule veckans_lage."""
    folded = text.casefold().replace("å", "a").replace("ä", "a").replace("ö", "o")
    return re.sub(r"[\s_]+", " ", folded).strip()


def split_rule(text: str) -> tuple[Rule | None, str]:
    """'veckans läge av' -> (the digest rule, 'av'), matching names and titles."""
    folded = _fold(text)
    labels = [
        (_fold(label), rule)
        for rule in catalogue.installed().rules.values()
        for label in (rule.name, rule.title_sv, rule.title_en)
    ]
    for label, rule in sorted(labels, key=lambda item: len(item[0]), reverse=True):
        if folded == label or folded.startswith(label + " "):
            return rule, folded[len(label) :].strip()
    return None, ""


async def set_rule(session: AsyncSession, turn: TurnInput, text: str) -> list[Reply]:
    group, _ = await _require_organiser(session, turn)
    rule, value = split_rule(text)
    if rule is None:
        names = ", ".join(r.title(turn.language) for r in catalogue.installed().sorted_rules())
        raise UserFacingError("reminders.rule.unknown", rule=text.strip()[:40] or "–", rules=names)
    title = rule.title(turn.language)
    if value in ("av", "off", "pa", "on"):
        enabled = value in ("pa", "on")
        await settings_store.set_rule(session, group.id, rule.name, enabled=enabled)
        log.info("reminder rule group=%s rule=%s enabled=%s", group.id, rule.name, enabled)
        key = "reminders.rule.enabled" if enabled else "reminders.rule.disabled"
        return [Reply(text=t(key, turn.language, rule=title))]
    days = _DAYS.match(value)
    if days is None or rule.default_lead_days is None or int(days.group(1)) > MAX_LEAD_DAYS:
        raise UserFacingError("reminders.rule.lead_invalid", max=MAX_LEAD_DAYS)
    lead = int(days.group(1))
    await settings_store.set_rule(session, group.id, rule.name, lead_days=lead)
    log.info("reminder rule group=%s rule=%s lead_days=%s", group.id, rule.name, lead)
    return [Reply(text=t("reminders.rule.lead", turn.language, rule=title, days=lead))]


# ---- snooze -----------------------------------------------------------------------------------


async def snooze(
    session: AsyncSession, turn: TurnInput, action: ReminderSnoozeAction
) -> list[Reply]:
    """The payload names an outbox row; only the person the nudge is for may move it, and
    only while it is still live (sent or pending), whatever the payload claims."""
    row = await outbox.get(session, action.message_id)
    if row is None or row.tenant_id != turn.tenant_id or not row.nudge or not row.user_aad_id:
        raise UserFacingError("reminders.snooze.stale")
    if row.user_aad_id != turn.sender.aad_object_id:
        raise UserFacingError("reminders.snooze.not_yours")
    if row.status not in (OutboxStatus.SENT, OutboxStatus.PENDING):
        raise UserFacingError("reminders.snooze.stale")
    start, end = time(8, 0), time(17, 0)
    if row.group_id is not None:
        settings = await settings_store.group_settings(session, row.group_id)
        start, end = settings.office_start, settings.office_end
    due = next_office_time(turn.now + timedelta(days=action.days), start=start, end=end)
    await outbox.snooze(session, row, due_at=due)
    log.info("nudge snoozed id=%s days=%s", row.id, action.days)
    return [Reply(text=t("reminders.snoozed", turn.language, when=when_label(due, turn.language)))]


# ---- jobs ---------------------------------------------------------------------------------------


def _week_bounds(now: datetime) -> tuple[datetime, datetime, int]:
    today = local_date(now)
    monday = today - timedelta(days=today.weekday())
    start = datetime.combine(monday, time(0, 0), tzinfo=STOCKHOLM)
    return start, start + timedelta(days=7), monday.isocalendar().week


async def reminders_this_week(
    session: AsyncSession, group: Group, now: datetime, language: Language
) -> list[str]:
    start, end, _ = _week_bounds(now)
    lines = scheduled_lines(
        await outbox.pending_occasions(
            session, group_id=group.id, except_kind=DIGEST_KIND, due_from=start, due_before=end
        )
    )
    if not lines:
        return [t("reminders.digest.reminders_none", language)]
    return [
        t(
            "reminders.digest.line",
            language,
            when=when_label(line.due_at, language),
            kind=kind_label(line.kind, language),
            count=line.count,
        )
        for line in lines
    ]


async def _digest_sections(
    session: AsyncSession, group: Group, now: datetime, language: Language
) -> list[DigestSection]:
    sections = [
        DigestSection(
            title=t("reminders.digest.section.reminders", language),
            lines=await reminders_this_week(session, group, now, language),
        )
    ]
    return sections + await due_sections(session, group, now, language)


async def due_sections(
    session: AsyncSession, group: Group, now: datetime, language: Language
) -> list[DigestSection]:
    """What the features say is due for the group (overdue decisions, questionnaires with
    organisations missing, open date polls): the digest's sections, also shown by
    `påminnelser`, so it never says "nothing" while something waits for an answer."""
    sections = []
    for declared in catalogue.installed().sections:
        name, fn = declared.title_key, declared.lines
        try:
            async with session.begin_nested():
                lines = await fn(session, group, now, language)
        except Exception as error:  # one broken section must not cost the group the rest
            log.error(
                "digest section failed name=%s group=%s error=%s",
                name,
                group.id,
                type(error).__name__,
            )
            continue
        safe = [line for line in lines if line and not contains_personal_number(line)]
        if safe:
            # A section's name is a string key when the catalogue knows it.
            title = t(name, language) if name in CATALOGUE else name
            sections.append(DigestSection(title=title, lines=safe))
    return sections


async def weekly_digest(ctx: JobContext) -> None:
    """Queue "Veckans läge" for every active group channel (cron: Monday 08:00). The key
    names the ISO week, so a second run in the same week adds nothing."""
    _, _, week = _week_bounds(ctx.now)
    year = local_date(ctx.now).isocalendar().year
    queued = 0
    for group, conversation in await active_group_channels(ctx.session):
        settings = await settings_store.group_settings(ctx.session, group.id)
        if (
            settings.paused_at(ctx.now)
            or not settings.rule(DIGEST_RULE.name, default_lead_days=0).enabled
        ):
            continue
        language = language_for_locale(conversation.locale)
        sections = await _digest_sections(ctx.session, group, ctx.now, language)
        queued += await outbox.enqueue(
            ctx.session,
            key=f"digest:{group.id}:{year}-W{week:02d}",
            tenant_id=group.tenant_id,
            kind=DIGEST_KIND,
            due_at=next_office_time(ctx.now, start=settings.office_start, end=settings.office_end),
            conversation_pk=conversation.id,
            text=t("reminders.digest.text", language, group=group.name),
            card=digest_card(
                group_name=group.name, week=week, sections=sections, language=language
            ),
            group_id=group.id,
            subject=f"digest:{group.id}",
            nudge=False,
        )
    log.info("weekly digest queued=%s week=%s", queued, week)


async def purge_outbox(ctx: JobContext) -> None:
    removed = await outbox.purge_finished(ctx.session, before=ctx.now - OUTBOX_RETENTION)
    log.info("outbox purge removed=%s", removed)
