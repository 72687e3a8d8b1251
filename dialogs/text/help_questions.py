"""Is an unrecognised message a request for help ("Vad kan du göra?", "hjälp mig",
"how do I …")?

Deliberately plain: a message that asks a question (ends with "?" or opens with a
question phrase) or names help anywhere is answered with the help card. It cannot tell
what the question is about ("hur loggar jag ett beslut?" gets the general help, not the
decision form); the help card's buttons take the user the rest of the way.
"""

from __future__ import annotations

import re

_QUESTION_OPENINGS = (
    "vad",
    "hur",
    "var",
    "när",
    "vem",
    "vilka",
    "vilken",
    "kan du",
    "kan jag",
    "går det",
    "what",
    "how",
    "where",
    "when",
    "which",
    "can you",
    "can i",
)
_OPENING = re.compile(r"^(?:" + "|".join(map(re.escape, _QUESTION_OPENINGS)) + r")\b")
_HELP_WORD = re.compile(r"\b(?:hjälp|hjälpa|help|instruktion(?:er)?|manual)\b")


def asks_for_help(text: str) -> bool:
    lowered = " ".join(text.casefold().split())
    if not lowered:
        return False
    return lowered.endswith("?") or bool(_OPENING.match(lowered) or _HELP_WORD.search(lowered))
