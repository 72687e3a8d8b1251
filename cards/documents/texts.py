"""Strings of the documents the bot writes (cards/documents): the minutes draft and the
archival export. The Swedish labels of the draft are the ones the minutes import reads
back (dialogs/text/minutes_vocabulary.py), so they change together."""

from __future__ import annotations

from cards.i18n import Language

TEXTS: dict[str, dict[Language, str]] = {
    "documents.draft.title": {"sv": "Minnesanteckningar – {title}", "en": "Minutes – {title}"},
    "documents.draft.group": {"sv": "Grupp: {group}", "en": "Group: {group}"},
    "documents.draft.date": {"sv": "Datum: {date}", "en": "Date: {date}"},
    "documents.draft.time": {"sv": "Tid: kl {start}–{end}", "en": "Time: {start}–{end}"},
    "documents.draft.time_from": {"sv": "Tid: kl {start}", "en": "Time: {start}"},
    "documents.draft.place": {"sv": "Plats: {place}", "en": "Place: {place}"},
    "documents.draft.online": {"sv": "Teamsmöte: {url}", "en": "Teams meeting: {url}"},
    "documents.draft.hint": {
        "sv": "Utkast från Samverkansboten. Skriv anteckningarna under varje punkt. Skriv "
        "varje beslut på en egen rad som börjar med ”Beslut:” och varje uppgift som en "
        "mening som börjar med namnet, till exempel ”Anna skickar underlaget till alla”. "
        "Skicka sedan filen till boten, så läser den in besluten och uppgifterna.",
        "en": "Draft from Samverkansboten. Write the notes under each item. Write each "
        "decision on a line of its own starting with “Beslut:” and each task as a sentence "
        "starting with the name, e.g. “Anna skickar underlaget till alla”. Then send the "
        "file to the bot and it reads the decisions and tasks.",
    },
    "documents.draft.present": {"sv": "Närvarande", "en": "Present"},
    "documents.draft.absent": {"sv": "Frånvarande", "en": "Absent"},
    "documents.draft.nobody": {"sv": "Ingen har anmält sig.", "en": "Nobody has said so."},
    "documents.draft.col.organisation": {"sv": "Organisation", "en": "Organisation"},
    "documents.draft.col.name": {"sv": "Namn", "en": "Name"},
    "documents.draft.col.note": {"sv": "Anmärkning", "en": "Note"},
    "documents.draft.substitute_for": {"sv": "ersätter {name}", "en": "replaces {name}"},
    "documents.draft.partial": {"sv": "del av mötet", "en": "part of the meeting"},
    "documents.draft.no_organisation": {"sv": "Övriga", "en": "Others"},
    "documents.draft.open_items": {
        "sv": "Öppna beslut och uppgifter i beslutsloggen:",
        "en": "Open decisions and tasks in the register:",
    },
    "documents.draft.no_open_items": {
        "sv": "Inga öppna beslut eller uppgifter i beslutsloggen.",
        "en": "No open decisions or tasks in the register.",
    },
    "documents.draft.col.reference": {"sv": "Nummer", "en": "Number"},
    "documents.draft.col.text": {"sv": "Beslut eller uppgift", "en": "Decision or task"},
    "documents.draft.col.owners": {"sv": "Ansvarig", "en": "Responsible"},
    "documents.draft.col.status": {"sv": "Status", "en": "Status"},
    "documents.draft.col.due": {"sv": "Klart", "en": "Due"},
    "documents.draft.next_meeting": {"sv": "Nästa möte: {date}", "en": "Next meeting: {date}"},
    "documents.draft.next_meeting_unknown": {"sv": "Nästa möte:", "en": "Next meeting:"},
    "documents.draft.signature": {"sv": "Vid minnesanteckningarna", "en": "Minutes taken by"},
}
