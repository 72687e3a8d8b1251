"""Turn flow replies into Bot Framework activities."""

from __future__ import annotations

from botbuilder.core import CardFactory, MessageFactory
from botbuilder.schema import Activity, ChannelAccount, Mention

from dialogs.turn import Reply


def to_activity(reply: Reply) -> Activity:
    if reply.card is not None:
        activity = MessageFactory.attachment(CardFactory.adaptive_card(reply.card))
        if reply.text:
            activity.text = reply.text
    else:
        activity = MessageFactory.text(reply.text or "")
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
