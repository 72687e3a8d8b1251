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
    "minutes_draft.file": {"sv": "minnesanteckningar-utkast", "en": "minutes-draft"},
    "minutes_draft.ready": {
        "sv": "Här är utkastet till minnesanteckningar för **{title}**. Öppna det i Word, "
        "skriv anteckningarna under varje punkt och skicka sedan filen till mig, så läser "
        "jag in besluten och uppgifterna.",
        "en": "Here is the minutes draft for **{title}**. Open it in Word, write the notes "
        "under each item, then send the file to me and I will read the decisions and tasks.",
    },
    "minutes_draft.no_meeting": {
        "sv": "Gruppen har inget möte att skriva minnesanteckningar för än. Kalla till ett "
        "med till exempel **möte 9/10 kl 10-12 Stadshuset**.",
        "en": "The group has no meeting to write minutes for yet. Call one with e.g. "
        "**meeting 9/10 10-12 Stadshuset**.",
    },
    "minutes_draft.not_member": {
        "sv": "Utkastet till minnesanteckningar är för gruppens medlemmar. Be gruppens "
        "ordförande lägga till dig.",
        "en": "The minutes draft is for the group's members. Ask the group's chair to add you.",
    },
    "documents.archive.register_title": {"sv": "Beslutslogg", "en": "Decision register"},
    "documents.archive.meeting_title": {
        "sv": "Beslut från mötet {date}",
        "en": "Decisions of the meeting on {date}",
    },
    "documents.archive.group": {"sv": "Grupp", "en": "Group"},
    "documents.archive.made": {"sv": "Utskriven", "en": "Made"},
    "documents.archive.count": {"sv": "Antal beslut och uppgifter", "en": "Decisions and tasks"},
    "documents.archive.none": {
        "sv": "Inga beslut eller uppgifter finns registrerade.",
        "en": "No decisions or tasks are registered.",
    },
    "documents.archive.kind.decision": {"sv": "Beslut", "en": "Decision"},
    "documents.archive.kind.task": {"sv": "Uppgift", "en": "Task"},
    "documents.archive.no_meeting": {"sv": "Loggat i Teams", "en": "Logged in Teams"},
    "documents.archive.field.meeting": {"sv": "Mötesdatum", "en": "Meeting date"},
    "documents.archive.field.item": {"sv": "Dagordningspunkt", "en": "Agenda item"},
    "documents.archive.field.text": {"sv": "Text", "en": "Text"},
    "documents.archive.field.owners": {"sv": "Ansvarig", "en": "Responsible"},
    "documents.archive.field.due": {"sv": "Klart senast", "en": "Due"},
    "documents.archive.field.status": {"sv": "Status", "en": "Status"},
    "documents.archive.field.history": {"sv": "Statushistorik", "en": "Status history"},
    "documents.archive.register_file": {
        "sv": "beslutslogg-{date}",
        "en": "decision-register-{date}",
    },
    "documents.archive.meeting_file": {
        "sv": "beslut-mote-{date}",
        "en": "decisions-meeting-{date}",
    },
    "documents.archive.ready": {
        "sv": "Här är arkivexemplaret som PDF/A med {count} beslut och uppgifter, med "
        "nummer, text, ansvarig och statushistorik, för diariet.",
        "en": "Here is the archival copy as PDF/A with {count} decisions and tasks, with "
        "number, text, owner and status history, for the registry.",
    },
    "documents.archive.bad_date": {
        "sv": "Jag förstod inte mötets datum: {message} Skriv till exempel **beslut arkiv 26/1**.",
        "en": "I did not understand the meeting's date: {message} Type e.g. "
        "**decision archive 26/1**.",
    },
    "documents.archive.one_date": {
        "sv": "Skriv ett datum, mötets, till exempel **beslut arkiv 26/1**.",
        "en": "Give one date, the meeting's, e.g. **decision archive 26/1**.",
    },
    "documents.archive.no_meeting_decisions": {
        "sv": "Beslutsloggen har inga beslut från ett möte {date}. Beslut från ett möte kommer "
        "in när dess minnesanteckningar läses in med **protokoll**. Skriv **beslut arkiv** "
        "för hela beslutsloggen.",
        "en": "The register has no decisions from a meeting on {date}. A meeting's decisions "
        "come in when its minutes are imported with **minutes**. Type **decision archive** "
        "for the whole register.",
    },
    # Help card headings of the features bot/features/minutes_drafts.py and archive.py.
    "help.section.minutes_drafts": {"sv": "Minnesanteckningar", "en": "Minutes"},
    "help.section.archive": {"sv": "Arkiv", "en": "Archive"},
}
