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
    # An empty Input.Date or Input.Time: without our own text the client shows its
    # English default ("Select a date...").
    "input.date_placeholder": {"sv": "Välj ett datum", "en": "Select a date"},
    "input.time_placeholder": {"sv": "Välj en tid", "en": "Select a time"},
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
        "sv": "Påminnelser innan något ska vara klart",
        "en": "Reminders before things are due",
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
    "help.channel.start": {
        "sv": "Vad vill du göra? Knapparna öppnar ett formulär här i kanalen.",
        "en": "What would you like to do? The buttons open a form here in the channel.",
    },
    "help.job.decision": {"sv": "Logga beslut", "en": "Log a decision"},
    "help.job.minutes": {"sv": "Klistra in protokoll", "en": "Paste minutes"},
    "help.job.dates": {"sv": "Föreslå datum", "en": "Propose dates"},
    "help.job.questionnaire": {"sv": "Ny enkät", "en": "New questionnaire"},
    "help.channel.organisers": {
        "sv": "Ny enkät kan bara ordföranden och processledarna skapa.",
        "en": "Only the chair and the process leaders can create a questionnaire.",
    },
    "help.channel.more": {"sv": "Mer du kan göra", "en": "More you can do"},
    "help.channel.more_lines": {
        "sv": "Nämn mig först, t.ex. **@{bot} beslut lista**.\n\n"
        "- **beslut lista**: gruppens öppna beslut, försenade först\n"
        "- **möte 9/10 kl 10-12 Plats**: kalla till möte och se vilka som kommer\n"
        "- **påminnelser**: vad jag påminner om och när\n"
        "- **organisation Gnesta kommun**: säg vilken organisation du företräder",
        "en": "Mention me first, e.g. **@{bot} decision list**.\n\n"
        "- **decision list**: the group's open decisions, overdue first\n"
        "- **meeting 9/10 10-12 Place**: call a meeting and see who is coming\n"
        "- **reminders**: what I remind about, and when\n"
        "- **organisation Gnesta kommun**: say which organisation you represent",
    },
    "help.personal.start": {
        "sv": "Här i vår chatt ser du det som gäller dig, i alla dina grupper.",
        "en": "Here in our chat you see what concerns you, in all your groups.",
    },
    "help.job.my_decisions": {"sv": "Mina beslut", "en": "My decisions"},
    "help.job.my_questionnaires": {"sv": "Mina enkäter", "en": "My questionnaires"},
    "help.job.my_reminders": {"sv": "Mina påminnelser", "en": "My reminders"},
    "help.personal.lines": {
        "sv": "- **mina beslut**: beslut och uppgifter du är ansvarig för, per grupp\n"
        "- **enkät svara**: enkäter du ska svara på för din organisation\n"
        "- **påminnelser**: dina påminnelser; **påminnelser av** stänger av dem",
        "en": "- **my decisions**: decisions and tasks you are responsible for, per group\n"
        "- **questionnaire answer**: questionnaires to answer for your organisation\n"
        "- **reminders**: your reminders; **reminders off** turns them off",
    },
    "help.personal.group": {
        "sv": "Allt annat, som att logga beslut eller föreslå datum, gör du i gruppens kanal: "
        "skriv **@{bot} hjälp** där.",
        "en": "Everything else, such as logging decisions or proposing dates, happens in the "
        "group's channel: type **@{bot} help** there.",
    },
    "help.all.title": {"sv": "Alla kommandon", "en": "All commands"},
    "help.intro.channel": {
        "sv": "Nämn mig (@{bot}) följt av ett kommando:",
        "en": "Mention me (@{bot}) followed by a command:",
    },
    "help.intro.personal": {
        "sv": "Skriv ett kommando här. Gruppens kommandon skriver du i kanalen, efter @{bot}.",
        "en": "Type a command here. The group's commands go in the channel, after @{bot}.",
    },
    "help.section.directory": {"sv": "Hjälp och gruppen", "en": "Help and the group"},
    "help.section.decisions": {"sv": "Beslut", "en": "Decisions"},
    "help.section.polls": {"sv": "Datum", "en": "Dates"},
    "help.section.meetings": {"sv": "Möten", "en": "Meetings"},
    "help.section.questionnaires": {"sv": "Enkäter", "en": "Questionnaires"},
    "help.section.reminders": {"sv": "Påminnelser", "en": "Reminders"},
    "help.footer": {
        "sv": "Svenska är standard; jag svarar på engelska om din Teams är på engelska.",
        "en": "Swedish is the default; I answer in English when your Teams is in English.",
    },
    "help.did_you_mean": {"sv": "Menade du *{word}*?", "en": "Did you mean *{word}*?"},
    "help.not_understood": {
        "sv": "Jag förstod inte. Tryck på knappen så visar jag vad jag kan.",
        "en": "I did not understand. Press the button and I will show what I can do.",
    },
    "button.all_commands": {"sv": "Visa alla kommandon", "en": "Show all commands"},
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
    "error.group_only_command": {
        "sv": "Det gör du i gruppens kanal eller gruppchatt, inte här i vår chatt: gå dit och "
        "skriv **@{bot} {word}**. Skriv **@{bot} hjälp** där för att se allt du kan göra.",
        "en": "You do that in the group's channel or group chat, not here in our chat: go "
        "there and type **@{bot} {word}**. Type **@{bot} help** there to see everything.",
    },
    "error.group_only.decision_log": {
        "sv": "Beslut loggas i gruppens kanal, så att hela gruppen ser dem. Gå till kanalen och "
        "skriv **@{bot} beslut: Gabriel kontaktar samordnarna senast 15/3**, eller "
        "**@{bot} beslut ny** för ett formulär. Här i vår chatt ser du dina egna beslut med "
        "**mina beslut**.",
        "en": "Decisions are logged in the group's channel, so that the whole group sees "
        "them. Go to the channel and type **@{bot} decision: Gabriel contacts the "
        "coordinators by 15/3**, or **@{bot} decision new** for a form. Here in our chat you "
        "see your own decisions with **my decisions**.",
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
