"""Mask personal identity numbers in everything the bot posts, whatever put them there.

The PII guard (dialogs/text/pii.py) keeps personnummer out of the database, but a reply
can quote what the user just typed without storing it: a search title (“Beslut om
”198112189876””), an unknown name, a status word, a date the parser could not read. A
number posted back into a channel is disclosed to everyone in it, so every outgoing
activity, in a turn and proactive, passes through here (bot/teams/outbound.py): any
string in its text or card that the guard would refuse to store is replaced by the
guard's mask ("************", "******-****"), which carries no digit of it.

Stored content has passed the same guard, so in practice only echoes are changed. The
check is cheap for ordinary strings: the guard runs only on strings with at least ten
decimal digits. A card's action data is masked too (a "show more" button can carry the
query); such a query could never have matched anything stored.
"""

from __future__ import annotations

from typing import Any

from dialogs.text.pii import mask_personal_numbers

# One masking for messages and exported files (dialogs/text/pii.py).
mask_text = mask_personal_numbers


def mask_tree(value: Any) -> Any:
    """A copy of a JSON tree (an Adaptive Card) with every string masked."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, list):
        return [mask_tree(item) for item in value]
    if isinstance(value, dict):
        return {key: mask_tree(item) for key, item in value.items()}
    return value
