"""Logging a decision through a form: `beslut ny`, and the "Logga som beslut" message
action (composeExtension/fetchTask opens the form prefilled with the message's text,
composeExtension/submitAction stores it and posts the decision card).

Submits are idempotent by origin: one form card, or one Teams message, makes at most
one decision, however often the submit arrives.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html.parser import HTMLParser
from typing import Any

from pydantic import ValidationError

from cards.decisions.actions import DecisionForm, parse_iso_date, parse_member_ids
from cards.decisions.forms import MemberChoice, decision_form_card, task_continue
from cards.i18n import t
from dialogs.decisions import copies
from dialogs.decisions.owners import recognise_owners
from dialogs.decisions.register import (
    candidates,
    card_reply,
    deadline_in,
    require_sender,
    store,
    updated_card_reply,
)
from dialogs.turn import Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.decisions.models import MAX_DECISION_TEXT, DecisionSource
from storage.decisions.operations import NewDecision
from storage.directory import membership

MAX_MESSAGE_HTML = 50_000
_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})
_SKIPPED_TAGS = frozenset({"script", "style"})
_DECISION_LABEL = re.compile(r"^(?:beslut|decision)\s*[:;]\s*", re.IGNORECASE)


class _TextOfHtml(HTMLParser):
    """Teams message HTML to plain text: block elements become line breaks, mentions
    and formatting keep their text, scripts and styles are dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(self._skipping - 1, 0)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def text_of_html(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html[:MAX_MESSAGE_HTML])
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)


async def member_choices(session: AsyncSession, group_id: int) -> list[MemberChoice]:
    return [
        MemberChoice(
            member_id=m.id,
            label=f"{m.name} ({m.organisation.name})" if m.organisation else m.name,
        )
        for m in await membership.list_members(session, group_id)
    ]


async def open_form(session: AsyncSession, turn: TurnInput) -> list[Reply]:
    sender = await require_sender(session, turn)
    card = decision_form_card(turn.language, members=await member_choices(session, sender.group.id))
    return [Reply(card=card)]


def _new_decision(form: DecisionForm) -> NewDecision:
    if not form.text.strip():
        raise UserFacingError("decisions.error.text_missing")
    return NewDecision(
        text=form.text,
        item=form.item or None,
        owner_member_ids=parse_member_ids(form.owners),
        due=parse_iso_date(form.due),
    )


async def submit_form(session: AsyncSession, turn: TurnInput, form: DecisionForm) -> list[Reply]:
    sender = await require_sender(session, turn)
    # One form card makes one decision; the card then turns into the decision's card.
    origin = f"form:{turn.reply_to_id}" if turn.reply_to_id else None
    decision, _ = await store(
        session, turn, sender, _new_decision(form), DecisionSource.FORM, origin_key=origin
    )
    if turn.reply_to_id:
        # The form's message is now the decision's card: remember it like a posted one.
        await copies.remember(session, turn, decision, turn.reply_to_id, primary=True)
        return [await updated_card_reply(session, turn, decision)]
    return [await card_reply(session, turn, decision)]


# ---- the "Logga som beslut" message action -----------------------------------------------


def _message_payload(value: Mapping[str, Any] | None) -> Mapping[str, Any]:
    payload = (value or {}).get("messagePayload")
    return payload if isinstance(payload, dict) else {}


def _message_text(value: Mapping[str, Any] | None) -> str:
    body = _message_payload(value).get("body")
    content = body.get("content") if isinstance(body, dict) else None
    if not isinstance(content, str):
        return ""
    kind = body.get("contentType") if isinstance(body, dict) else None
    text = content if kind == "text" else text_of_html(content)
    # "Beslut: Gabriel kontaktar …": the dialog is the decision, the label is not needed.
    return _DECISION_LABEL.sub("", text.strip())[:MAX_DECISION_TEXT]


async def fetch_task(session: AsyncSession, turn: TurnInput) -> dict[str, Any]:
    """The dialog's card, prefilled: the message text, and owners and due date read from
    it the same way as for `beslut: …`."""
    sender = await require_sender(session, turn)
    text = _message_text(turn.value)
    owners: Sequence[int] = ()
    due = None
    if text:
        owners = recognise_owners(text, await candidates(session, sender.group.id)).member_ids
        try:
            due = deadline_in(turn, text)
        except UserFacingError:
            due = None  # an odd date in the message: the user picks one in the form
    form = decision_form_card(
        turn.language,
        members=await member_choices(session, sender.group.id),
        text=text,
        owner_ids=owners,
        due=due,
        title=False,
    )
    return task_continue(t("decisions.action.title", turn.language), form)


def parse_action_form(value: Mapping[str, Any] | None) -> DecisionForm:
    data = (value or {}).get("data")
    if not isinstance(data, dict):
        raise UserFacingError("error.invalid_action")
    try:
        return DecisionForm.model_validate(data)
    except ValidationError as exc:
        raise UserFacingError("error.invalid_action") from exc


async def submit_action(session: AsyncSession, turn: TurnInput) -> list[Reply]:
    sender = await require_sender(session, turn)
    form = parse_action_form(turn.value)
    message_id = _message_payload(turn.value).get("id")
    origin = f"message:{message_id}" if isinstance(message_id, str) and message_id else None
    decision, created = await store(
        session, turn, sender, _new_decision(form), DecisionSource.MESSAGE, origin_key=origin
    )
    note = None if created else t("decisions.action.already", turn.language)
    return [await card_reply(session, turn, decision, note=note)]
