"""The meeting invitation (RSVP) card, the attendance list and the meetings list.

Pure functions: views in, Adaptive Cards (or Markdown for the minutes) out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pydantic import Field

from cards.actions import CardActionModel
from cards.common import Card, card, facts, heading, paragraph, subheading, submit
from cards.i18n import Language, t
from cards.meetings.kallelse_cards import (
    Kallelse,
    kallelse_actions,
    kallelse_blocks,
    kallelse_when,
)
from cards.swedish_format import join_names, span_label

Status = Literal["coming", "not_coming", "substitute"]


class MeetingRsvpAction(CardActionModel):
    """Inputs arrive beside the button's data: the comment from the card body, the
    substitute's name from the substitute form."""

    action: Literal["meeting_rsvp"]
    meeting: int = Field(ge=1, le=2**31 - 1)
    status: Status
    comment: str = Field(default="", max_length=500)
    substitute: str = Field(default="", max_length=120)


@dataclass(frozen=True)
class PersonRsvp:
    name: str
    organisation: str | None
    status: Status | None  # None: not answered
    substitute: str | None = None
    comment: str | None = None


@dataclass(frozen=True)
class MeetingView:
    meeting_id: int
    title: str
    location: str | None
    starts_at: datetime
    ends_at: datetime | None
    has_time: bool
    people: tuple[PersonRsvp, ...]
    organisations_total: int
    today: date | None = None
    # The kallelse's agenda, follow-up list and link; None draws the plain RSVP card.
    kallelse: Kallelse | None = None

    def when(self, language: Language) -> str:
        return span_label(
            self.starts_at,
            self.ends_at,
            has_time=self.has_time,
            language=language,
            today=self.today,
        )

    def represented(self) -> list[str]:
        """Organisations with someone there: a member coming or a substitute sent."""
        return sorted(
            {
                p.organisation
                for p in self.people
                if p.organisation and p.status in ("coming", "substitute")
            }
        )


def _with_comment(text: str, person: PersonRsvp) -> str:
    return f"{text} — {person.comment}" if person.comment else text


def rsvp_card(view: MeetingView, language: Language, *, open_for_answers: bool = True) -> Card:
    """The kallelse when the view has one (see cards/meetings/kallelse_cards.py), else the
    plain invitation; the RSVP buttons while `open_for_answers`."""
    kallelse = view.kallelse
    when = (
        kallelse_when(view.starts_at, view.ends_at, view.has_time, language, view.today)
        if kallelse is not None
        else view.when(language)
    )
    body: list[dict[str, Any]] = [
        heading(t("meetings.invitation", language, title=view.title)),
        facts(
            [(t("meetings.when", language), when)]
            + ([(t("meetings.where", language), view.location)] if view.location else [])
        ),
    ]
    extra: list[dict[str, Any]] = []
    if kallelse is not None:
        body.extend(kallelse_blocks(kallelse, language))
        body.append(subheading(t("kallelse.answers", language)))
        extra = kallelse_actions(kallelse, view.meeting_id, language)
    body.extend(_summary_blocks(view, language))
    if not open_for_answers:
        return card(body, extra)
    body.append(
        {
            "type": "Input.Text",
            "id": "comment",
            "label": t("meetings.comment.label", language),
            "maxLength": 500,
        }
    )

    def payload(status: Status) -> dict[str, Any]:
        return {"action": "meeting_rsvp", "meeting": view.meeting_id, "status": status}

    substitute_form = {
        "type": "AdaptiveCard",
        "body": [
            {
                "type": "Input.Text",
                "id": "substitute",
                "label": t("meetings.substitute.label", language),
                "isRequired": True,
                "errorMessage": t("meetings.substitute_missing", language),
                "maxLength": 120,
            }
        ],
        "actions": [submit(t("meetings.substitute.submit", language), payload("substitute"))],
    }
    actions = [
        {**submit(t("meetings.status.coming", language), payload("coming")), "style": "positive"},
        submit(t("meetings.status.not_coming", language), payload("not_coming")),
        {
            "type": "Action.ShowCard",
            "title": t("meetings.status.substitute", language),
            "card": substitute_form,
        },
    ]
    return card(body, actions + extra)


def _summary_blocks(view: MeetingView, language: Language) -> list[dict[str, Any]]:
    represented = view.represented()
    if represented:
        first = t(
            "meetings.summary.represented",
            language,
            count=len(represented),
            total=view.organisations_total,
            names=join_names(represented, language),
        )
    else:
        first = t("meetings.summary.represented_none", language, total=view.organisations_total)
    # A group whose members have named no organisation: "inga än (av 0)" says nothing.
    lines = [first] if view.organisations_total else []
    coming = [_with_comment(p.name, p) for p in view.people if p.status == "coming"]
    substitutes = [
        _with_comment(
            t(
                "meetings.summary.substitute_entry",
                language,
                name=p.name,
                substitute=p.substitute or "?",
            ),
            p,
        )
        for p in view.people
        if p.status == "substitute"
    ]
    declined = [_with_comment(p.name, p) for p in view.people if p.status == "not_coming"]
    silent = [p.name for p in view.people if p.status is None]
    if coming:
        lines.append(t("meetings.summary.coming", language, names=join_names(coming, language)))
    if substitutes:
        lines.append(
            t("meetings.summary.substitutes", language, names=join_names(substitutes, language))
        )
    if declined:
        lines.append(t("meetings.summary.declined", language, names=join_names(declined, language)))
    if silent:
        lines.append(
            t("meetings.summary.not_answered", language, names=join_names(silent, language))
        )
    else:
        lines.append(t("meetings.summary.everyone_answered", language))
    return [paragraph("\n\n".join(lines))]


# ---- list of upcoming meetings ----------------------------------------------------------
def meetings_list_card(views: list[MeetingView], language: Language) -> Card:
    body: list[dict[str, Any]] = [heading(t("meetings.list.title", language))]
    if not views:
        body.append(paragraph(t("meetings.list.none", language)))
        return card(body)
    for view in views:
        body.append(subheading(view.title))
        counts = {
            "coming": sum(p.status in ("coming", "substitute") for p in view.people),
            "absent": sum(p.status == "not_coming" for p in view.people),
            "open": sum(p.status is None for p in view.people),
        }
        where = f", {view.location}" if view.location else ""
        body.append(
            paragraph(
                t(
                    "meetings.list.entry",
                    language,
                    when=view.when(language),
                    where=where,
                    coming=counts["coming"],
                    absent=counts["absent"],
                    open=counts["open"],
                )
            )
        )
    return card(body)
