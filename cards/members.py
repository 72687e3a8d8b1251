"""The members card: who is in the group, grouped by organisation, with roles."""

from __future__ import annotations

from dataclasses import dataclass

from cards.common import Card, card, heading, paragraph, subheading
from cards.i18n import Language, t


@dataclass(frozen=True)
class MemberView:
    name: str
    role: str  # the stored role value, e.g. "ordförande"
    organisation: str | None


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
        lines = [
            f"- {m.name}" + ("" if m.role == "ledamot" else f" ({role_label(m.role, language)})")
            for m in by_organisation[organisation]
        ]
        body.append(paragraph("\n".join(lines)))
    body.append(paragraph(t("members.hint", language), subtle=True))
    return card(body)
