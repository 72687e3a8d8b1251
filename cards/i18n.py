"""User-facing strings in Swedish (default) and English, in one catalogue.

Every string a user sees comes from here, so a translator works in one file and a test
can check that both languages have every key.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Literal

Language = Literal["sv", "en"]

CATALOGUE: dict[str, dict[Language, str]] = {
    "app.name": {"sv": "Samverkansboten", "en": "Samverkansboten"},
    # Welcome
    "welcome.title": {"sv": "Hej! Jag är Samverkansboten", "en": "Hi! I am Samverkansboten"},
    "welcome.intro": {
        "sv": "Jag hjälper samverkansgruppen att följa upp det ni kommer överens om, "
        "så att inget faller mellan stolarna mellan mötena.",
        "en": "I help the collaboration group follow up what you agree on, "
        "so that nothing falls between the cracks between meetings.",
    },
    "welcome.feature.decisions": {
        "sv": "Beslutslogg: vem gör vad och till när",
        "en": "Decision register: who does what, and by when",
    },
    "welcome.feature.dates": {
        "sv": "Datumförslag och kallelser med svar per organisation",
        "en": "Date polls and invitations with answers per organisation",
    },
    "welcome.feature.questionnaires": {
        "sv": "Uppföljningsenkäter till huvudmännen",
        "en": "Follow-up questionnaires to the member organisations",
    },
    "welcome.feature.reminders": {
        "sv": "Påminnelser inför deadlines",
        "en": "Reminders before deadlines",
    },
    "welcome.start.channel": {
        "sv": "Kom igång: nämn mig med **@{bot} hjälp**, och berätta vilken organisation "
        "du representerar med **@{bot} organisation Gnesta kommun**.",
        "en": "Get started: mention me with **@{bot} help**, and tell me which organisation "
        "you represent with **@{bot} organisation Gnesta kommun**.",
    },
    "welcome.start.personal": {
        "sv": "Kom igång: skriv **hjälp**. Här i vår chatt får du dina egna påminnelser "
        "och enkäter.",
        "en": "Get started: type **help**. Here in our chat you get your own reminders "
        "and questionnaires.",
    },
    "welcome.chair": {
        "sv": "{name} installerade mig och är gruppens ordförande i boten. Ordföranden kan ge "
        "andra roller med **roll**.",
        "en": "{name} installed me and is the group's chair in the bot. The chair can give "
        "others roles with **role**.",
    },
    # Help
    "help.title": {"sv": "Det här kan jag", "en": "What I can do"},
    "help.intro.channel": {
        "sv": "Nämn mig (@{bot}) följt av ett kommando:",
        "en": "Mention me (@{bot}) followed by a command:",
    },
    "help.intro.personal": {"sv": "Skriv ett kommando:", "en": "Type a command:"},
    "help.footer": {
        "sv": "Svenska är standard; jag svarar på engelska om din Teams är på engelska.",
        "en": "Swedish is the default; I answer in English when your Teams is in English.",
    },
    "button.help": {"sv": "Visa hjälp", "en": "Show help"},
    "button.members": {"sv": "Visa medlemmar", "en": "Show members"},
    # Members
    "members.title": {"sv": "Medlemmar i {group}", "en": "Members of {group}"},
    "members.no_organisation": {"sv": "Ingen organisation angiven", "en": "No organisation given"},
    "members.empty": {
        "sv": "Jag känner inte till några medlemmar än.",
        "en": "I do not know any members yet.",
    },
    "members.hint": {
        "sv": "Saknas din organisation? Skriv **organisation** och namnet, t.ex. "
        "**organisation Trosa kommun**.",
        "en": "Organisation missing? Type **organisation** and its name, e.g. "
        "**organisation Trosa kommun**.",
    },
    # Organisation
    "organisation.set": {
        "sv": "Noterat: du representerar {organisation}.",
        "en": "Noted: you represent {organisation}.",
    },
    "organisation.show": {
        "sv": "Du representerar {organisation}.",
        "en": "You represent {organisation}.",
    },
    "organisation.none": {
        "sv": "Du har inte angett någon organisation. Skriv t.ex. **organisation Gnesta kommun**.",
        "en": "You have not given an organisation. Type e.g. **organisation Gnesta kommun**.",
    },
    "organisation.missing": {
        "sv": "Skriv organisationens namn efter kommandot, t.ex. **organisation Gnesta kommun**.",
        "en": "Type the organisation's name after the command, e.g. "
        "**organisation Gnesta kommun**.",
    },
    "organisation.too_long": {
        "sv": "Organisationens namn får vara högst 128 tecken.",
        "en": "The organisation's name can be at most 128 characters.",
    },
    # Roles
    "role.set": {"sv": "{name} är nu {role}.", "en": "{name} is now {role}."},
    "role.usage": {
        "sv": "Skriv **roll @namn rollnamn**. Roller: ordförande, sekreterare, processledare, "
        "ledamot, ersättare.",
        "en": "Type **role @name role**. Roles: chair, secretary, process leader, member, "
        "substitute.",
    },
    "role.not_allowed": {
        "sv": "Bara ordföranden och processledarna kan ändra roller.",
        "en": "Only the chair and the process leaders can change roles.",
    },
    "role.only_chair": {
        "sv": "Bara ordföranden kan ge eller ta bort ordföranderollen.",
        "en": "Only the chair can grant or remove the chair role.",
    },
    "role.last_chair": {
        "sv": "Gruppen måste ha minst en ordförande. Utse en ny ordförande först.",
        "en": "The group needs at least one chair. Appoint a new chair first.",
    },
    "role.unknown_member": {
        "sv": "Jag hittar inte den personen bland gruppens medlemmar.",
        "en": "I cannot find that person among the group's members.",
    },
    "role.name.ordförande": {"sv": "ordförande", "en": "chair"},
    "role.name.sekreterare": {"sv": "sekreterare", "en": "secretary"},
    "role.name.processledare": {"sv": "processledare", "en": "process leader"},
    "role.name.ledamot": {"sv": "ledamot", "en": "member"},
    "role.name.ersättare": {"sv": "ersättare", "en": "substitute"},
    # General
    "error.group_only": {
        "sv": "Det kommandot fungerar i gruppens kanal eller gruppchatt, inte här.",
        "en": "That command works in the group's channel or group chat, not here.",
    },
    "error.unknown_command": {
        "sv": "Det förstod jag inte. Skriv **hjälp** för att se vad jag kan.",
        "en": "I did not understand that. Type **help** to see what I can do.",
    },
    "error.invalid_action": {
        "sv": "Den knappen går inte att använda längre. Skriv **hjälp** för att börja om.",
        "en": "That button cannot be used any more. Type **help** to start again.",
    },
    "error.personal_number": {
        "sv": "Jag sparade inget: texten verkar innehålla ett personnummer eller "
        "samordningsnummer. Skriv aldrig uppgifter om enskilda barn eller ärenden här.",
        "en": "Nothing was saved: the text seems to contain a Swedish personal identity or "
        "coordination number. Never write about individual children or cases here.",
    },
    "error.tenant_not_allowed": {
        "sv": "Samverkansboten är inte aktiverad för er organisation.",
        "en": "Samverkansboten is not enabled for your organisation.",
    },
    "card.done": {"sv": "Klart.", "en": "Done."},
    "error.throttled": {
        "sv": "Du har skickat många meddelanden på kort tid. Vänta en minut och försök igen.",
        "en": "You have sent many messages in a short time. Wait a minute and try again.",
    },
    "download.links": {
        "sv": "Ladda ner (länken gäller i 7 dagar): {links}",
        "en": "Download (the link is valid for 7 days): {links}",
    },
    "error.internal": {
        "sv": "Något gick fel hos mig. Försök igen om en stund.",
        "en": "Something went wrong on my side. Please try again in a moment.",
    },
}


def _feature_texts() -> None:
    """Each feature keeps its strings in cards/<feature>/texts.py as `TEXTS`."""
    import cards

    modules = pkgutil.walk_packages(cards.__path__, prefix="cards.")
    for info in sorted(modules, key=lambda i: i.name):
        if not info.name.endswith(".texts"):
            continue
        texts: dict[str, dict[Language, str]] = importlib.import_module(info.name).TEXTS
        clash = CATALOGUE.keys() & texts.keys()
        if clash:
            raise RuntimeError(f"string keys defined twice: {sorted(clash)}")
        CATALOGUE.update(texts)


_feature_texts()


def language_for_locale(locale: str | None) -> Language:
    """English only when the user's Teams says English; Swedish for everything else."""
    return "en" if locale and locale.lower().startswith("en") else "sv"


def t(key: str, language: Language = "sv", **values: object) -> str:
    entry = CATALOGUE[key]
    text = entry.get(language) or entry["sv"]
    return text.format(**values) if values else text
