"""Turn flow replies into Bot Framework activities: the one way out for every message,
in a turn and proactive, so personal identity numbers are masked here (echo_guard)."""

from __future__ import annotations

from botbuilder.core import CardFactory, MessageFactory
from botbuilder.schema import Activity, ChannelAccount, Mention

from bot.teams.echo_guard import mask_text, mask_tree
from dialogs.turn import Reply


def to_activity(reply: Reply) -> Activity:
    text = mask_text(reply.text) if reply.text else reply.text
    if reply.card is not None:
        activity = MessageFactory.attachment(CardFactory.adaptive_card(mask_tree(reply.card)))
        if text:
            activity.text = text
    else:
        activity = MessageFactory.text(text or "")
    if reply.mentions:
        entities = []
        for person in reply.mentions:
            entities.append(
                Mention(
                    mentioned=ChannelAccount(id=person.teams_user_id, name=person.name),
                    text=f"<at>{person.name}</at>",
                    type="mention",
                )
            )
        activity.entities = entities
    return activity
