"""Creating and sending follow-up questionnaires (issue #5): `enkät ny`, the preview,
Skicka/Avbryt, `enkät kopiera`, contacts and deputies, the list and the status card.

Only the chair and process leaders create, send, cancel and change contacts; the check is
repeated on every card submit because payloads can be replayed or forged.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from datetime import datetime

from cards.common import card, paragraph
from cards.i18n import Language, t
from cards.questionnaires.actions import CloseQuestionnaire, CreateFromForm
from cards.questionnaires.management import (
    ListEntry,
    create_form_card,
    list_card,
    preview_card,
    status_card,
)
from cards.swedish_format import join_names
from dialogs.access import require_group
from dialogs.audit import record_action
from dialogs.questionnaires.access import (
    parse_number,
    questionnaire_in_group,
    require_organiser,
    snapshot,
)
from dialogs.questionnaires.dates import (
    DeadlineError,
    default_deadline,
    end_of_day_utc,
    local_today,
    parse_deadline,
)
from dialogs.questionnaires.delivery import enqueue_invite, enqueue_invites, enqueue_status_update
from dialogs.questionnaires.syntax import ParsedQuestionnaire, QuestionnaireSyntaxError, parse
from dialogs.text.pii import PersonalNumberFound, ensure_no_personal_number
from dialogs.turn import Person, Reply, SentHook, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.directory import groups, guests, membership
from storage.directory.models import Group, Member, Organisation, Role
from storage.questionnaires import operations as store
from storage.questionnaires.models import Questionnaire, QuestionnaireStatus
from storage.questionnaires.operations import NewQuestion, NewTarget

log = logging.getLogger(__name__)

EXAMPLE = (
    "Hur ser er implementeringsplan ut?\n"
    "Hur ser arbetet med Barnets bästa-ansvarig ut?\n"
    "Finns en utsedd ansvarig? [ja/nej]\n"
    "Antal informerade chefer [tal] (valfri) -- ungefär räcker"
)
_COMMAND_PREFIX = re.compile(r"^\s*(?:enkät|questionnaire)\s+(?:ny|new)\b[\s:]*", re.IGNORECASE)


def command_body(turn: TurnInput, argument: str) -> str:
    """The text after `enkät ny`, with its line breaks when the message had them.

    `TurnInput.text` has whitespace collapsed; `raw_text` keeps line breaks. Without
    them the parser's single-line recovery applies to `argument`."""
    raw = turn.raw_text
    if "\n" in raw.strip():
        return _COMMAND_PREFIX.sub("", raw.strip(), count=1)
    return argument


# ---- create -----------------------------------------------------------------------------


async def start_new(session: AsyncSession, turn: TurnInput, body: str) -> list[Reply]:
    group = await require_group(session, turn)
    organiser = await require_organiser(session, group, turn)
    if not body.strip():
        card_ = create_form_card(
            turn.language, default_deadline=default_deadline(turn.now), example=EXAMPLE
        )
        return [Reply(card=card_)]
    parsed = _parse(body)
    return await _create_draft(session, turn, group, organiser, parsed, turn.mentions)


async def create_from_form(
    session: AsyncSession, turn: TurnInput, form: CreateFromForm
) -> list[Reply]:
    group = await require_group(session, turn)
    organiser = await require_organiser(session, group, turn)
    parsed = _parse(form.questions)
    parsed = ParsedQuestionnaire(
        title=form.title.strip() or parsed.title,
        intro=form.intro.strip() or parsed.intro,
        deadline_text=form.deadline.strip() or parsed.deadline_text,
        target_names=parsed.target_names,
        questions=parsed.questions,
    )
    return await _create_draft(session, turn, group, organiser, parsed, ())


def _parse(text: str) -> ParsedQuestionnaire:
    try:
        return parse(text)
    except QuestionnaireSyntaxError as error:
        raise UserFacingError(
            f"questionnaires.syntax.{error.code}", line=error.line, marker=error.marker
        ) from error


def _check_pii(parsed: ParsedQuestionnaire) -> None:
    texts: list[str | None] = [parsed.title, parsed.intro]
    for question in parsed.questions:
        texts.extend([question.text, question.help, *question.options])
    try:
        ensure_no_personal_number(*texts)
    except PersonalNumberFound as error:
        raise UserFacingError("error.personal_number") from error


def _deadline(text: str | None, now: datetime, language: Language) -> datetime:
    today = local_today(now)
    if not text:
        return end_of_day_utc(default_deadline(now))
    try:
        day = parse_deadline(text, today)
    except DeadlineError as error:
        raise UserFacingError(
            "questionnaires.deadline.invalid", detail=error.message(language)
        ) from error
    if day < today:
        raise UserFacingError("questionnaires.deadline.past")
    return end_of_day_utc(day)


async def _create_draft(
    session: AsyncSession,
    turn: TurnInput,
    group: Group,
    organiser: Member,
    parsed: ParsedQuestionnaire,
    mentioned: Sequence[Person],
) -> list[Reply]:
    _check_pii(parsed)
    deadline_at = _deadline(parsed.deadline_text, turn.now, turn.language)
    members = await membership.list_members(session, group.id)
    targets = await _targets(session, group, members, parsed.target_names, mentioned)
    questionnaire = await store.create(
        session,
        tenant_id=turn.tenant_id,
        group_id=group.id,
        title=parsed.title or t("questionnaires.default_title", turn.language),
        intro=parsed.intro,
        deadline_at=deadline_at,
        created_by_aad_id=organiser.aad_object_id,
        questions=parsed.questions,
        targets=targets,
        now=turn.now,
    )
    await record_action(
        session,
        turn,
        organiser,
        "questionnaire.create",
        subject_type="questionnaire",
        subject_id=questionnaire.id,
        group_id=questionnaire.group_id,
    )
    log.info(
        "questionnaire draft created questionnaire=%s group=%s questions=%d targets=%d",
        questionnaire.id,
        group.id,
        len(parsed.questions),
        len(targets),
    )
    return [await _preview(session, turn, questionnaire)]


async def _targets(
    session: AsyncSession,
    group: Group,
    members: list[Member],
    names: Sequence[str],
    mentioned: Sequence[Person],
) -> list[NewTarget]:
    if mentioned:
        return _person_targets(members, mentioned)
    organisations = await groups.list_organisations(session, group.id)
    if names:
        by_key = {" ".join(o.name.split()).casefold(): o for o in organisations}
        folded = [" ".join(name.split()).casefold() for name in names]
        unknown = [name for name, key in zip(names, folded, strict=True) if key not in by_key]
        if unknown:
            raise UserFacingError(
                "questionnaires.unknown_organisations",
                names=", ".join(unknown),
                known=", ".join(o.name for o in organisations) or "–",
            )
        organisations = list({by_key[key].id: by_key[key] for key in folded}.values())
    if not organisations:
        raise UserFacingError("questionnaires.no_organisations")
    permissions = await guests.guest_permissions(session, group.id)
    return [_organisation_target(o, members, permissions) for o in organisations]


def _person_targets(members: list[Member], mentioned: Sequence[Person]) -> list[NewTarget]:
    by_aad = {m.aad_object_id: m for m in members}
    by_teams = {m.teams_user_id: m for m in members if m.teams_user_id}
    targets: dict[str, NewTarget] = {}
    for person in mentioned:
        member = by_aad.get(person.aad_object_id or "") or by_teams.get(person.teams_user_id)
        if member is None:
            raise UserFacingError("questionnaires.unknown_person")
        targets[member.aad_object_id] = NewTarget(
            target_key=store.person_key(member.aad_object_id),
            label=member.name,
            contact_aad_id=member.aad_object_id,
        )
    return list(targets.values())


def default_contacts(
    organisation_id: int, members: list[Member], permissions: set[tuple[int, int]]
) -> tuple[str | None, str | None]:
    """Contact: a member of the organisation (ordinary members before substitutes, then
    the longest-standing); deputy: the next one, preferring a substitute. A guest is
    picked only with the chair's permission to answer for the organisation: otherwise the
    invitation would go to someone whose answer would be refused."""
    own = [
        m
        for m in members
        if m.active
        and m.organisation_id == organisation_id
        and guests.speaks_for(m, organisation_id, permissions)
    ]
    if not own:
        return None, None
    own.sort(key=lambda m: (m.role == Role.SUBSTITUTE, m.joined_at, m.id))
    contact = own[0]
    rest = sorted(own[1:], key=lambda m: (m.role != Role.SUBSTITUTE, m.joined_at, m.id))
    return contact.aad_object_id, rest[0].aad_object_id if rest else None


def _organisation_target(
    organisation: Organisation,
    members: list[Member],
    permissions: set[tuple[int, int]],
    previous: tuple[str | None, str | None] | None = None,
) -> NewTarget:
    contact, deputy = default_contacts(organisation.id, members, permissions)
    if previous is not None:
        active = {
            m.aad_object_id
            for m in members
            if m.active and guests.speaks_for(m, organisation.id, permissions)
        }
        contact = previous[0] if previous[0] in active else contact
        deputy = previous[1] if previous[1] in active and previous[1] != contact else deputy
    return NewTarget(
        target_key=store.organisation_key(organisation.id),
        label=organisation.name,
        organisation_id=organisation.id,
        contact_aad_id=contact,
        deputy_aad_id=deputy if deputy != contact else None,
    )


async def _preview(session: AsyncSession, turn: TurnInput, questionnaire: Questionnaire) -> Reply:
    snap = await snapshot(session, questionnaire, turn.now)
    missing = [target.label for target in snap.view.targets if not target.contact]
    warnings = (
        [
            t(
                "questionnaires.preview.missing_contacts",
                turn.language,
                names=join_names(missing, turn.language),
            )
        ]
        if missing
        else []
    )
    return Reply(card=preview_card(turn.language, snap.view, warnings=warnings))


async def copy(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    """A new round with the same questions, for the group's current organisations; each
    organisation keeps last round's contact and deputy while they are still members."""
    group = await require_group(session, turn)
    organiser = await require_organiser(session, group, turn)
    number = parse_number(argument)
    if number is None:
        raise UserFacingError("questionnaires.copy.usage")
    source = await questionnaire_in_group(session, group, number)
    members = await membership.list_members(session, group.id)
    previous = {
        target.organisation_id: (target.contact_aad_id, target.deputy_aad_id)
        for target in source.targets
        if target.organisation_id is not None
    }
    organisations = await groups.list_organisations(session, group.id)
    if any(target.organisation_id is None for target in source.targets):
        targets = [
            NewTarget(
                target_key=target.target_key,
                label=target.label,
                contact_aad_id=target.contact_aad_id,
            )
            for target in source.targets
        ]
    else:
        permissions = await guests.guest_permissions(session, group.id)
        targets = [
            _organisation_target(o, members, permissions, previous.get(o.id)) for o in organisations
        ]
    if not targets:
        raise UserFacingError("questionnaires.no_organisations")
    questionnaire = await store.create(
        session,
        tenant_id=turn.tenant_id,
        group_id=group.id,
        title=source.title,
        intro=source.intro,
        deadline_at=end_of_day_utc(default_deadline(turn.now)),
        created_by_aad_id=organiser.aad_object_id,
        questions=[
            NewQuestion(
                label=q.label,
                text=q.text,
                kind=q.kind,
                required=q.required,
                help=q.help,
                options=tuple(q.options or ()),
            )
            for q in source.questions
        ],
        targets=targets,
        now=turn.now,
        copied_from=source,
    )
    await record_action(
        session,
        turn,
        organiser,
        "questionnaire.copy",
        subject_type="questionnaire",
        subject_id=questionnaire.id,
        group_id=questionnaire.group_id,
        detail=f"from:{source.id}",
    )
    return [await _preview(session, turn, questionnaire)]


# ---- send / cancel ------------------------------------------------------------------------


async def send(session: AsyncSession, turn: TurnInput, questionnaire_id: int) -> list[Reply]:
    group = await require_group(session, turn)
    organiser = await require_organiser(session, group, turn)
    questionnaire = await questionnaire_in_group(session, group, questionnaire_id)
    if questionnaire.status == QuestionnaireStatus.OPEN:
        # A double click or a redelivered submit: sent once is enough.
        return [
            Reply(text=t("questionnaires.already_sent", turn.language, number=questionnaire.id))
        ]
    if questionnaire.status != QuestionnaireStatus.DRAFT:
        raise UserFacingError("questionnaires.not_draft", number=questionnaire.id)
    if questionnaire.deadline_at <= turn.now:
        raise UserFacingError("questionnaires.deadline.past")
    if not await store.open_draft(session, questionnaire.id, turn.now):
        return [
            Reply(text=t("questionnaires.already_sent", turn.language, number=questionnaire.id))
        ]
    reloaded = await store.load(session, questionnaire.id)
    assert reloaded is not None
    questionnaire = reloaded
    invited = await enqueue_invites(session, questionnaire, turn.now)
    await record_action(
        session,
        turn,
        organiser,
        "questionnaire.send",
        subject_type="questionnaire",
        subject_id=questionnaire.id,
        group_id=questionnaire.group_id,
    )
    log.info("questionnaire sent questionnaire=%s invites=%d", questionnaire.id, invited)
    snap = await snapshot(session, questionnaire, turn.now)
    people = [snap.person(target.contact_aad_id) for target in questionnaire.targets]
    mentions = tuple(p for p in people if p is not None)
    text = t(
        "questionnaires.sent.announcement",
        turn.language,
        title=questionnaire.title,
        people=" ".join(f"<at>{p.name}</at>" for p in mentions) or "–",
    )

    replies = [
        Reply(
            text=text,
            card=status_card(turn.language, snap.view),
            mentions=mentions,
            on_sent=_remember_status_card(questionnaire.id),
        )
    ]
    if turn.reply_to_id:
        done = card(
            [
                paragraph(
                    t("questionnaires.sent.preview_done", turn.language, number=questionnaire.id)
                )
            ]
        )
        replies.insert(0, Reply(card=done, update_activity_id=turn.reply_to_id))
    return replies


async def cancel(session: AsyncSession, turn: TurnInput, questionnaire_id: int) -> list[Reply]:
    group = await require_group(session, turn)
    organiser = await require_organiser(session, group, turn)
    questionnaire = await questionnaire_in_group(session, group, questionnaire_id)
    if questionnaire.status == QuestionnaireStatus.CANCELLED:
        return [Reply(text=t("questionnaires.cancelled", turn.language, number=questionnaire.id))]
    if questionnaire.status != QuestionnaireStatus.DRAFT:
        raise UserFacingError("questionnaires.not_draft", number=questionnaire.id)
    await store.cancel_draft(session, questionnaire)
    await record_action(
        session,
        turn,
        organiser,
        "questionnaire.cancel",
        subject_type="questionnaire",
        subject_id=questionnaire.id,
        group_id=questionnaire.group_id,
    )
    text = t("questionnaires.cancelled", turn.language, number=questionnaire.id)
    if turn.reply_to_id:
        return [Reply(card=card([paragraph(text)]), update_activity_id=turn.reply_to_id)]
    return [Reply(text=text)]


async def close(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    """`enkät stäng <nr>`: no more answers; the status card says so."""
    group = await require_group(session, turn)
    organiser = await require_organiser(session, group, turn)
    questionnaire = await _chosen(session, group, argument, (QuestionnaireStatus.OPEN,))
    await _close(session, turn, organiser, questionnaire)
    return [Reply(text=t("questionnaires.closed", turn.language, number=questionnaire.id))]


async def close_button(
    session: AsyncSession, turn: TurnInput, payload: CloseQuestionnaire
) -> list[Reply]:
    """'Stäng enkäten' on an organiser's own view of the status card: the same checks as
    the command, every time (the payload may be replayed or forged). The invoke is
    answered with the clicker's redrawn view; the channel's card is updated through the
    outbox, so nothing else is posted."""
    group = await require_group(session, turn)
    organiser = await require_organiser(session, group, turn)
    questionnaire = await questionnaire_in_group(session, group, payload.questionnaire_id)
    await _close(session, turn, organiser, questionnaire)
    return []


async def _close(
    session: AsyncSession, turn: TurnInput, organiser: Member, questionnaire: Questionnaire
) -> None:
    if questionnaire.status != QuestionnaireStatus.OPEN:
        raise UserFacingError("questionnaires.not_open", number=questionnaire.id)
    await store.close(session, questionnaire, turn.now)
    await enqueue_status_update(session, questionnaire.id, turn.now)
    await record_action(
        session,
        turn,
        organiser,
        "questionnaire.close",
        subject_type="questionnaire",
        subject_id=questionnaire.id,
        group_id=questionnaire.group_id,
    )


# ---- contacts and deputies -----------------------------------------------------------------

_LEADING_NUMBER = re.compile(r"^#?(\d{1,9})\s+")


async def set_contact(
    session: AsyncSession, turn: TurnInput, argument: str, *, deputy: bool
) -> list[Reply]:
    """`enkät kontakt [nr] Gnesta kommun @person` / `enkät ersättare …`."""
    group = await require_group(session, turn)
    organiser = await require_organiser(session, group, turn)
    if len(turn.mentions) != 1:
        raise UserFacingError("questionnaires.contact.usage")
    person = turn.mentions[0]
    text = argument.replace(person.name, " ").replace("@", " ")
    number_match = _LEADING_NUMBER.match(text.strip())
    number = number_match.group(1) if number_match else ""
    organisation_name = " ".join(text.strip()[number_match.end() if number_match else 0 :].split())
    questionnaire = await _chosen(
        session, group, number, (QuestionnaireStatus.DRAFT, QuestionnaireStatus.OPEN)
    )
    if questionnaire.status not in (QuestionnaireStatus.DRAFT, QuestionnaireStatus.OPEN):
        raise UserFacingError("questionnaires.not_open", number=questionnaire.id)
    target = next(
        (
            x
            for x in questionnaire.targets
            if " ".join(x.label.split()).casefold() == organisation_name.casefold()
        ),
        None,
    )
    if target is None:
        raise UserFacingError(
            "questionnaires.contact.unknown_target",
            name=organisation_name or "–",
            known=", ".join(x.label for x in questionnaire.targets),
        )
    members = await membership.list_members(session, group.id)
    member = next(
        (
            m
            for m in members
            if (person.aad_object_id and m.aad_object_id == person.aad_object_id)
            or (m.teams_user_id and m.teams_user_id == person.teams_user_id)
        ),
        None,
    )
    if member is None:
        raise UserFacingError("role.unknown_member")
    if target.organisation_id is not None and not await guests.may_speak_for(
        session, member, target.organisation_id
    ):
        raise UserFacingError(
            "guest.may_not_be_contact", name=member.name, organisation=target.label
        )
    if deputy:
        await store.set_deputy(session, target, member.aad_object_id)
    else:
        changed = await store.set_contact(session, target, member.aad_object_id)
        if changed and questionnaire.status == QuestionnaireStatus.OPEN:
            snap = await snapshot(session, questionnaire, turn.now)
            if not snap.targets[target.id].answered:
                await enqueue_invite(session, snap, target, member.aad_object_id, turn.now)
    if questionnaire.status == QuestionnaireStatus.OPEN:
        await enqueue_status_update(session, questionnaire.id, turn.now)
    await record_action(
        session,
        turn,
        organiser,
        "questionnaire.deputy" if deputy else "questionnaire.contact",
        subject_type="questionnaire",
        subject_id=questionnaire.id,
        group_id=questionnaire.group_id,
        detail=f"target:{target.id}",
    )
    key = "questionnaires.contact.deputy_set" if deputy else "questionnaires.contact.set"
    return [Reply(text=t(key, turn.language, name=member.name, organisation=target.label))]


async def _chosen(
    session: AsyncSession,
    group: Group,
    argument: str,
    default_statuses: Sequence[QuestionnaireStatus],
) -> Questionnaire:
    """The numbered questionnaire, or the group's latest in one of `default_statuses`."""
    number = parse_number(argument) if argument.strip() else None
    if argument.strip() and number is None:
        raise UserFacingError("questionnaires.number_expected")
    if number is not None:
        return await questionnaire_in_group(session, group, number)
    latest = await store.latest_in_group(session, group.id, default_statuses)
    if latest is None:
        raise UserFacingError("questionnaires.none_yet")
    return latest


# ---- list and status ------------------------------------------------------------------------


async def show_list(session: AsyncSession, turn: TurnInput) -> list[Reply]:
    group = await require_group(session, turn)
    entries = []
    for item in await store.list_in_group(session, group.id):
        if item.status == QuestionnaireStatus.CANCELLED:
            continue
        loaded = await store.load(session, item.id)
        assert loaded is not None
        snap = await snapshot(session, loaded, turn.now)
        entries.append(
            ListEntry(
                id=loaded.id,
                title=loaded.title,
                status=loaded.status.value,
                deadline=snap.view.deadline,
                answered=snap.view.answered_count,
                total=len(snap.view.targets),
            )
        )
    return [Reply(card=list_card(turn.language, entries[:20]))]


async def show_status(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    """Post the status card again (and make the new message the one kept up to date)."""
    group = await require_group(session, turn)
    questionnaire = await _chosen(
        session, group, argument, (QuestionnaireStatus.OPEN, QuestionnaireStatus.CLOSED)
    )
    if questionnaire.status == QuestionnaireStatus.DRAFT:
        return [await _preview(session, turn, questionnaire)]
    snap = await snapshot(session, questionnaire, turn.now)
    return [
        Reply(
            card=status_card(turn.language, snap.view),
            on_sent=_remember_status_card(questionnaire.id),
        )
    ]


def _remember_status_card(questionnaire_id: int) -> SentHook:
    """Once the card is posted, its message is the one later status updates edit. The
    hook gets the id, not the row: it runs in the sender's own session."""

    async def remember(hook_session: AsyncSession, activity_id: str) -> None:
        await store.remember_status_card(hook_session, questionnaire_id, activity_id)

    return remember
