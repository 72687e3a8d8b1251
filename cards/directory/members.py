"""The members card: who is in the group, grouped by organisation, with roles."""

from __future__ import annotations

from dataclasses import dataclass

from cards.common import Card, card, heading, paragraph, subheading
from cards.i18n import Language, t
from cards.swedish_format import join_names


@dataclass(frozen=True)
class MemberView:
    name: str
    role: str  # the stored role value, e.g. "ordförande"
    organisation: str | None
    guest: bool = False
    # Organisations the chair allowed this guest to answer for.
    answers_for: tuple[str, ...] = ()


def role_label(role: str, language: Language) -> str:
    return t(f"role.name.{role}", language)


def members_card(language: Language, *, group_name: str, members: list[MemberView]) -> Card:
    body = [heading(t("members.title", language, group=group_name))]
    if not members:
        body.append(paragraph(t("members.empty", language)))
    by_organisation: dict[str, list[MemberView]] = {}
    for member in members:
        key = member.organisation or t("members.no_organisation", language)
        by_organisation.setdefault(key, []).append(member)
    # Organisations alphabetically; people without one last, so they notice.
    no_org = t("members.no_organisation", language)
    for organisation in sorted(by_organisation, key=lambda name: (name == no_org, name)):
        body.append(subheading(organisation))
        lines = [_member_line(m, language) for m in by_organisation[organisation]]
        body.append(paragraph("\n".join(lines)))
    body.append(paragraph(t("members.hint", language), subtle=True))
    if any(m.guest for m in members):
        body.append(paragraph(t("guest.hint", language), subtle=True))
    return card(body)


def _member_line(member: MemberView, language: Language) -> str:
    notes = [] if member.role == "ledamot" else [role_label(member.role, language)]
    if member.answers_for:
        notes.append(
            t("guest.answers_for", language, organisations=join_names(member.answers_for, language))
        )
    elif member.guest:
        notes.append(t("guest.label", language))
    return f"- {member.name}" + (f" ({', '.join(notes)})" if notes else "")
