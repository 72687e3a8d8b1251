"""Strings about guests in the directory (keys prefixed "guest.")."""

from __future__ import annotations

from cards.i18n import Language

TEXTS: dict[str, dict[Language, str]] = {
    "guest.usage": {
        "sv": "Skriv **roll gäst @namn får svara för Organisationens namn**, eller "
        "**roll gäst @namn får inte svara för Organisationens namn** för att ta tillbaka det.",
        "en": "Type **role guest @name may answer for Organisation name**, or "
        "**role guest @name may not answer for Organisation name** to take it back.",
    },
    "guest.not_allowed": {
        "sv": "Bara ordföranden kan låta en gäst svara för en organisation.",
        "en": "Only the chair can let a guest answer for an organisation.",
    },
    "guest.not_guest": {
        "sv": "{name} är inte gäst i gruppen och behöver inget tillstånd.",
        "en": "{name} is not a guest in the group and needs no permission.",
    },
    "guest.unknown_organisation": {
        "sv": "Jag hittar ingen organisation som heter så i gruppen. Organisationer: {known}.",
        "en": "I cannot find an organisation by that name in the group. Organisations: {known}.",
    },
    "guest.allowed": {
        "sv": "{name} (gäst) får nu svara för {organisation} i enkäter och datumförslag.",
        "en": "{name} (guest) may now answer for {organisation} in questionnaires and date polls.",
    },
    "guest.revoked": {
        "sv": "{name} (gäst) får inte längre svara för {organisation}.",
        "en": "{name} (guest) may no longer answer for {organisation}.",
    },
    "guest.label": {"sv": "gäst", "en": "guest"},
    "guest.answers_for": {
        "sv": "gäst, svarar för {organisations}",
        "en": "guest, answers for {organisations}",
    },
    "guest.hint": {
        "sv": "Gäster (externa konton) svarar inte för en organisation förrän ordföranden "
        "tillåter det: **roll gäst @namn får svara för Organisationens namn**.",
        "en": "Guests (external accounts) do not answer for an organisation until the chair "
        "allows it: **role guest @name may answer for Organisation name**.",
    },
    "guest.may_not_be_contact": {
        "sv": "{name} är gäst och får inte svara för {organisation} ännu. Ge först tillstånd: "
        "**roll gäst @namn får svara för {organisation}**. Inget har ändrats.",
        "en": "{name} is a guest and may not answer for {organisation} yet. Allow it first: "
        "**role guest @name may answer for {organisation}**. Nothing was changed.",
    },
    "guest.may_not_answer": {
        "sv": "Du är gäst i gruppen och kan inte svara för {organisation} förrän ordföranden "
        "har gett dig tillstånd. Inget har sparats.",
        "en": "You are a guest in the group and cannot answer for {organisation} until the "
        "chair has allowed it. Nothing was saved.",
    },
}
