"""Strings of the decision register (beslutslogg), Swedish and English."""

from __future__ import annotations

from cards.i18n import Language

TEXTS: dict[str, dict[Language, str]] = {
    # Statuses and the buttons that set them
    "decisions.status.öppen": {"sv": "öppen", "en": "open"},
    # Stored as "pågår" (storage.decisions.models); shown as the button that sets it says.
    "decisions.status.pågår": {"sv": "påbörjad", "en": "started"},
    "decisions.status.klar": {"sv": "klar", "en": "done"},
    "decisions.status.inaktuell": {"sv": "inaktuell", "en": "obsolete"},
    "decisions.button.to.öppen": {"sv": "Öppna igen", "en": "Reopen"},
    "decisions.button.to.pågår": {"sv": "Påbörjad", "en": "Started"},
    "decisions.button.to.klar": {"sv": "Klar", "en": "Done"},
    "decisions.button.to.inaktuell": {"sv": "Inaktuell", "en": "Obsolete"},
    "decisions.button.more": {"sv": "Visa fler", "en": "Show more"},
    # The decision card
    "decisions.card.title": {"sv": "Beslut {reference}", "en": "Decision {reference}"},
    "decisions.field.item": {"sv": "Dagordningspunkt", "en": "Agenda item"},
    "decisions.field.owners": {"sv": "Ansvarig", "en": "Responsible"},
    "decisions.field.due": {"sv": "Klart senast", "en": "Due"},
    "decisions.field.status": {"sv": "Status", "en": "Status"},
    "decisions.field.logged": {"sv": "Loggat", "en": "Logged"},
    "decisions.logged_by": {"sv": "{when} av {name}", "en": "{when} by {name}"},
    "decisions.no_owner": {"sv": "Ingen angiven", "en": "Nobody named"},
    "decisions.field.kind": {"sv": "Typ", "en": "Kind"},
    "decisions.kind.task": {"sv": "Uppgift", "en": "Task"},
    "decisions.field.meeting": {"sv": "Möte", "en": "Meeting"},
    "decisions.no_due": {"sv": "Inget datum", "en": "No date"},
    "decisions.overdue_suffix": {"sv": "{due} (försenat)", "en": "{due} (overdue)"},
    "decisions.card.who_may_change": {
        "sv": "Status ändras av den ansvariga, ordföranden eller sekreteraren.",
        "en": "The status is changed by the person responsible, the chair or the secretary.",
    },
    "decisions.card.read_only": {
        "sv": "Du kan följa beslutet här. Status ändras av den ansvariga, ordföranden eller "
        "sekreteraren.",
        "en": "You can follow the decision here. The status is changed by the person "
        "responsible, the chair or the secretary.",
    },
    "decisions.card.changed_by": {
        "sv": "{name} ändrade status till {status}.",
        "en": "{name} changed the status to {status}.",
    },
    "decisions.summary_line": {
        "sv": "{reference}: {text} (ansvarig: {owners}, klart senast: {due})",
        "en": "{reference}: {text} (responsible: {owners}, due: {due})",
    },
    # Logging by text
    "decisions.usage": {
        "sv": "Skriv beslutet efter ordet **beslut**, t.ex. **beslut: Gabriel kontaktar "
        "samordnarna i VITS-grupperna senast 15/3**. Jag känner igen den ansvariga i början "
        "av meningen (ett namn eller Ordförande, Sekreteraren, Processledarna) och datumet "
        "efter senast, till eller innan. Vill du hellre fylla i ett formulär: **beslut ny**. "
        "Har du ett protokoll: **protokoll**. Hitta beslut: **beslut lista**, **beslut sök "
        "VITS**, **beslut uppföljning**.",
        "en": "Write the decision after the word **decision**, e.g. **decision: Gabriel "
        "contacts the coordinators by 15/3**. I recognise the person responsible at the start "
        "of the sentence (a name, or the chair, the secretary, the process leaders) and the "
        "date after by, before or until. To use a form instead: **decision new**. For "
        "minutes: **minutes**. Find decisions: **decision list**, **decision search VITS**, "
        "**decision follow-up**.",
    },
    # Errors
    "decisions.error.not_member": {
        "sv": "Jag hittar dig inte bland gruppens medlemmar än. Skriv **medlemmar** och "
        "försök sedan igen.",
        "en": "I cannot find you among the group's members yet. Type **members** and then "
        "try again.",
    },
    "decisions.error.not_found": {
        "sv": "Jag hittar inte det beslutet i den här gruppen.",
        "en": "I cannot find that decision in this group.",
    },
    "decisions.error.status_refused": {
        "sv": "Tack! Men status på ett beslut ändras av den som är ansvarig för det, "
        "ordföranden eller sekreteraren. Be någon av dem, så uppdaterar de kortet.",
        "en": "Thank you! But a decision's status is changed by the person responsible for "
        "it, the chair or the secretary. Please ask one of them to update the card.",
    },
    "decisions.error.date": {
        "sv": "Jag sparade inget: {message}",
        "en": "Nothing saved: {message}",
    },
    "decisions.error.text_missing": {
        "sv": "Skriv själva beslutet, t.ex. **beslut: Gabriel kontaktar samordnarna senast 15/3**.",
        "en": "Write the decision itself, e.g. **decision: Gabriel contacts the coordinators "
        "by 15/3**.",
    },
    "decisions.error.text_too_long": {
        "sv": "Ett beslut får vara högst 2000 tecken. Korta texten och försök igen.",
        "en": "A decision can be at most 2000 characters. Shorten it and try again.",
    },
    "decisions.error.item_too_long": {
        "sv": "Dagordningspunkten får vara högst 200 tecken.",
        "en": "The agenda item can be at most 200 characters.",
    },
    "decisions.error.owner_too_long": {
        "sv": "De ansvariga får beskrivas med högst 200 tecken.",
        "en": "The people responsible can be described in at most 200 characters.",
    },
    "decisions.error.too_many_owners": {
        "sv": "Ett beslut kan ha högst 20 ansvariga.",
        "en": "A decision can have at most 20 people responsible.",
    },
    "decisions.error.unknown_owner": {
        "sv": "Jag sparade inget: en av de ansvariga är inte medlem i gruppen.",
        "en": "Nothing saved: one of the people responsible is not a member of the group.",
    },
    "decisions.error.transition_not_allowed": {
        "sv": "Den statusändringen går inte att göra.",
        "en": "That status change is not possible.",
    },
    # Lists
    "decisions.list.title": {
        "sv": "Öppna beslut ({count})",
        "en": "Open decisions ({count})",
    },
    "decisions.list.title_all": {"sv": "Beslut ({count})", "en": "Decisions ({count})"},
    "decisions.list.filters": {"sv": "Filter: {filters}", "en": "Filters: {filters}"},
    "decisions.list.empty": {
        "sv": "Inga beslut att visa.",
        "en": "No decisions to show.",
    },
    "decisions.list.headline": {"sv": "{reference} · {status}", "en": "{reference} · {status}"},
    "decisions.list.overdue": {"sv": "försenat", "en": "overdue"},
    "decisions.list.details": {
        "sv": "Ansvarig: {owners} · Klart senast: {due}",
        "en": "Responsible: {owners} · Due: {due}",
    },
    "decisions.list.item": {"sv": "Punkt: {item}", "en": "Item: {item}"},
    "decisions.list.open": {"sv": "Visa beslutet", "en": "Show the decision"},
    "decisions.list.syntax": {
        "sv": "Filtrera: **beslut lista ägare:Gabriel**, **status:klar** (öppen, påbörjad, "
        "klar, inaktuell, alla), **org:Gnesta**, **punkt:budget** – gärna flera samtidigt. "
        "Klicka på ett beslut för att ändra dess status.",
        "en": "Filter: **decision list owner:Gabriel**, **status:done** (open, started, "
        "done, obsolete, all), **org:Gnesta**, **item:budget** – several at once if you like. "
        "Click a decision to change its status.",
    },
    "decisions.list.bad_syntax": {
        "sv": "Det filtret förstod jag inte. Skriv t.ex. **beslut lista ägare:Gabriel**, "
        "**beslut lista status:klar**, **beslut lista org:Gnesta** eller "
        "**beslut lista punkt:budget**.",
        "en": "I did not understand that filter. Type e.g. **decision list owner:Gabriel**, "
        "**decision list status:done**, **decision list org:Gnesta** or "
        "**decision list item:budget**.",
    },
    "decisions.list.bad_status": {
        "sv": "”{word}” är ingen status. Välj öppen, påbörjad, klar, inaktuell eller alla.",
        "en": "“{word}” is not a status. Choose open, started, done, obsolete or all.",
    },
    "decisions.list.no_such_owner": {
        "sv": "Ingen medlem i gruppen heter ”{name}”.",
        "en": "No member of the group is called “{name}”.",
    },
    "decisions.list.no_such_organisation": {
        "sv": "Ingen organisation i gruppen matchar ”{name}”.",
        "en": "No organisation in the group matches “{name}”.",
    },
    # Search
    "decisions.search.title": {"sv": "Beslut om ”{query}”", "en": "Decisions about “{query}”"},
    "decisions.search.empty": {
        "sv": "Inga beslut innehåller de orden.",
        "en": "No decisions contain those words.",
    },
    "decisions.search.usage": {
        "sv": "Skriv vad du söker efter, t.ex. **beslut sök VITS** eller ett beslutsnummer "
        "som **beslut sök B-2026-014**.",
        "en": "Type what you are looking for, e.g. **decision search VITS** or a decision "
        "number such as **decision search B-2026-014**.",
    },
    # Follow-up
    "decisions.follow_up.title": {"sv": "Uppföljning av beslut", "en": "Follow-up of decisions"},
    "decisions.follow_up.intro": {
        "sv": "{group} – inför nästa möte",
        "en": "{group} – for the next meeting",
    },
    "decisions.follow_up.open": {
        "sv": "Öppna beslut ({count})",
        "en": "Open decisions ({count})",
    },
    "decisions.follow_up.closed": {
        "sv": "Avslutade sedan {since} ({count})",
        "en": "Closed since {since} ({count})",
    },
    "decisions.follow_up.none": {"sv": "Inga.", "en": "None."},
    "decisions.follow_up.files": {
        "sv": "Listan finns också som textfil (för dagordningen) och som CSV som öppnas i "
        "Excel. Börja från ett annat datum med t.ex. **beslut uppföljning sedan 1/9**.",
        "en": "The list is also available as a text file (for the agenda) and as CSV that "
        "opens in Excel. Start from another date with e.g. **decision follow-up since 1/9**.",
    },
    "decisions.follow_up.truncated": {
        "sv": "Fler beslut finns i filerna nedan.",
        "en": "More decisions are in the files below.",
    },
    "decisions.export.file_stem": {
        "sv": "uppfoljning-av-beslut-{date}",
        "en": "decision-follow-up-{date}",
    },
    "decisions.export.made": {"sv": "Sammanställt", "en": "Compiled"},
    "decisions.export.yes": {"sv": "ja", "en": "yes"},
    "decisions.export.col.reference": {"sv": "Nummer", "en": "Number"},
    "decisions.export.col.item": {"sv": "Dagordningspunkt", "en": "Agenda item"},
    "decisions.export.col.text": {"sv": "Beslut", "en": "Decision"},
    "decisions.export.col.owners": {"sv": "Ansvarig", "en": "Responsible"},
    "decisions.export.col.due": {"sv": "Klart senast", "en": "Due"},
    "decisions.export.col.due_iso": {"sv": "Datum (ÅÅÅÅ-MM-DD)", "en": "Date (YYYY-MM-DD)"},
    "decisions.export.col.status": {"sv": "Status", "en": "Status"},
    "decisions.export.col.overdue": {"sv": "Försenat", "en": "Overdue"},
    # The form and the message action
    "decisions.form.title": {"sv": "Nytt beslut", "en": "New decision"},
    "decisions.form.text": {"sv": "Beslut", "en": "Decision"},
    "decisions.form.text_required": {"sv": "Skriv beslutet.", "en": "Write the decision."},
    "decisions.form.item": {"sv": "Dagordningspunkt (valfritt)", "en": "Agenda item (optional)"},
    "decisions.form.owners": {"sv": "Ansvarig", "en": "Responsible"},
    "decisions.form.due": {"sv": "Klart senast", "en": "Due"},
    "decisions.form.pii": {
        "sv": "Skriv aldrig personnummer eller uppgifter om enskilda barn.",
        "en": "Never write personal identity numbers or details about individual children.",
    },
    "decisions.form.save": {"sv": "Spara beslut", "en": "Save decision"},
    "decisions.action.title": {"sv": "Logga som beslut", "en": "Log as decision"},
    "decisions.action.already": {
        "sv": "Det här meddelandet är redan loggat som beslut.",
        "en": "This message is already logged as a decision.",
    },
    # Minutes
    "decisions.minutes.paste_title": {
        "sv": "Beslut från protokoll",
        "en": "Decisions from minutes",
    },
    "decisions.minutes.paste_intro": {
        "sv": "Klistra in protokollet eller minnesanteckningarna. Jag letar upp besluten "
        "(”Beslut:”, ”Överenskommet:”, ”Beslutades att …”) och visar dem innan något sparas.",
        "en": "Paste the minutes. I find the decisions (”Beslut:”, ”Överenskommet:”, "
        "”Beslutades att …”) and show them to you before anything is saved.",
    },
    "decisions.minutes.paste_label": {"sv": "Protokollet", "en": "The minutes"},
    "decisions.minutes.paste_required": {
        "sv": "Klistra in texten.",
        "en": "Paste the text.",
    },
    "decisions.minutes.read": {"sv": "Läs protokollet", "en": "Read the minutes"},
    "decisions.minutes.empty": {
        "sv": "Klistra in protokollets text i rutan och försök igen.",
        "en": "Paste the text of the minutes into the box and try again.",
    },
    "decisions.minutes.preview_title": {
        "sv": "Beslut i protokollet",
        "en": "Decisions in the minutes",
    },
    "decisions.minutes.meeting": {"sv": "Mötet {date}", "en": "Meeting of {date}"},
    "decisions.minutes.preview_intro": {
        "sv": "Jag hittade {count} beslut. Rätta ansvariga och datum, avmarkera det som inte "
        "är ett beslut och spara. Inget är sparat än.",
        "en": "I found {count} decisions. Correct the people responsible and the dates, "
        "untick what is not a decision, and save. Nothing is saved yet.",
    },
    "decisions.minutes.unmatched": {
        "sv": "I protokollet står också: {names} (inte medlem här, sparas som text)",
        "en": "The minutes also name: {names} (not a member here, kept as text)",
    },
    "decisions.minutes.include": {"sv": "Spara det här beslutet", "en": "Save this decision"},
    "decisions.minutes.include_task": {"sv": "Spara den här uppgiften", "en": "Save this task"},
    "decisions.minutes.preview_intro_tasks": {
        "sv": "Jag hittade {count} beslut och {tasks} uppgifter. Rätta ansvariga och datum, "
        "avmarkera det som inte ska följas upp och spara. Inget är sparat än.",
        "en": "I found {count} decisions and {tasks} tasks. Correct the people responsible "
        "and the dates, untick what should not be followed up, and save. Nothing is saved yet.",
    },
    "decisions.minutes.decisions_title": {"sv": "Beslut", "en": "Decisions"},
    "decisions.minutes.tasks_title": {"sv": "Uppgifter", "en": "Tasks"},
    "decisions.minutes.owner_as_written": {
        "sv": "Ansvarig enligt protokollet: {names} (sparas som det är skrivet)",
        "en": "Responsible according to the minutes: {names} (kept as written)",
    },
    "decisions.minutes.due_line": {"sv": "Senast {date}", "en": "Due {date}"},
    "decisions.minutes.missing_reports": {
        "sv": "Saknas underlag från: {names}",
        "en": "Reports missing from: {names}",
    },
    "decisions.minutes.deadlines_title": {"sv": "Tidsfrister", "en": "Deadlines"},
    "decisions.minutes.deadline_line": {"sv": "{date}: {text}", "en": "{date}: {text}"},
    "decisions.minutes.who": {
        "sv": "Vem menas med ”{name}”?",
        "en": "Who is meant by ”{name}”?",
    },
    "decisions.minutes.who_required": {
        "sv": "Välj vem som är ansvarig, eller att namnet ska stå som det är skrivet.",
        "en": "Choose who is responsible, or keep the name as written.",
    },
    "decisions.minutes.who_signer": {
        "sv": "{name} (skrev under protokollet)",
        "en": "{name} (signed the minutes)",
    },
    "decisions.minutes.who_not_member": {
        "sv": "{name} (inte medlem här, sparas som text)",
        "en": "{name} (not a member here, kept as text)",
    },
    "decisions.minutes.who_as_written": {
        "sv": "Låt stå ”{name}” som det är skrivet",
        "en": "Keep ”{name}” as written",
    },
    "decisions.minutes.duplicate": {
        "sv": "Finns redan i registret som {reference}. Sparas inte igen.",
        "en": "Already in the register as {reference}. Not saved again.",
    },
    "decisions.minutes.duplicates_intro": {
        "sv": "{count} av dem finns redan i registret och sparas inte igen.",
        "en": "{count} of them are already in the register and are not saved again.",
    },
    "decisions.minutes.all_duplicates": {
        "sv": "Allt här finns redan i registret. Det finns inget nytt att spara.",
        "en": "Everything here is already in the register. There is nothing new to save.",
    },
    "decisions.minutes.left_out": {
        "sv": "{count} beslut till fick inte plats. Klistra in resten av protokollet separat.",
        "en": "{count} more decisions did not fit. Paste the rest of the minutes separately.",
    },
    "decisions.minutes.proposed_title": {"sv": "Föreslagna mötesdatum", "en": "Proposed dates"},
    "decisions.minutes.proposed": {
        "sv": "Protokollet föreslår {days}. Skriv **föreslå datum {typed}** för att starta "
        "en omröstning.",
        "en": "The minutes propose {days}. Type **föreslå datum {typed}** to start a poll.",
    },
    "decisions.minutes.proposed_only": {
        "sv": "Protokollet föreslår mötesdatum: skriv **föreslå datum {typed}** för att starta "
        "en omröstning.",
        "en": "The minutes propose meeting dates: type **föreslå datum {typed}** to start a poll.",
    },
    "decisions.minutes.none_found": {
        "sv": "Jag hittade inga beslut i texten. Jag letar efter rader som börjar med "
        "”Beslut:”, ”Överenskommet:” eller ”Beslutades att”. Klistrade du in texten i ett "
        "meddelande kan radbrytningarna ha försvunnit: skriv **protokoll** och klistra in "
        "den i formuläret i stället.",
        "en": "I found no decisions in the text. I look for lines starting with ”Beslut:”, "
        "”Överenskommet:” or ”Beslutades att”. If you pasted it into a message, the line "
        "breaks may be lost: type **minutes** and paste it into the form instead.",
    },
    "decisions.minutes.confirm": {"sv": "Spara markerade beslut", "en": "Save ticked decisions"},
    "decisions.minutes.unknown_import": {
        "sv": "Den förhandsvisningen finns inte längre. Skriv **protokoll** för att börja om.",
        "en": "That preview no longer exists. Type **minutes** to start again.",
    },
    "decisions.minutes.confirm_refused": {
        "sv": "Besluten sparas av den som klistrade in protokollet, ordföranden eller "
        "sekreteraren.",
        "en": "The decisions are saved by the person who pasted the minutes, the chair or "
        "the secretary.",
    },
    "decisions.minutes.already_saved": {
        "sv": "De här besluten är redan sparade. Skriv **beslut lista** för att se dem.",
        "en": "These decisions are already saved. Type **decision list** to see them.",
    },
    "decisions.minutes.saved_title": {
        "sv": "{count} beslut sparade från protokollet",
        "en": "{count} decisions saved from the minutes",
    },
    # Reminders (delivered by the outbox)
    "decisions.remind.due_soon": {
        "sv": "Påminnelse: beslut {reference} ska vara klart senast {due}: {text}\n\n"
        "Är det klart? Tryck **Klar** här nedanför. Alla dina beslut ser du med "
        "**mina beslut**.",
        "en": "Reminder: decision {reference} is due {due}: {text}\n\n"
        "Is it done? Press **Done** below. See all your decisions with **my decisions**.",
    },
    "decisions.remind.overdue": {
        "sv": "Beslut {reference} skulle ha varit klart {due}: {text}\n\n"
        "Är det klart? Tryck **Klar** här nedanför.",
        "en": "Decision {reference} was due {due}: {text}\n\nIs it done? Press **Done** below.",
    },
    # `mina beslut`
    "decisions.mine.title": {
        "sv": "Mina öppna beslut ({count})",
        "en": "My open decisions ({count})",
    },
    "decisions.mine.empty": {
        "sv": "Du är inte ansvarig för något öppet beslut i dina grupper.",
        "en": "You are not responsible for any open decision in your groups.",
    },
    "decisions.mine.due": {"sv": "Klart senast: {due}", "en": "Due: {due}"},
    "decisions.mine.how_to_change": {
        "sv": "Ändra status på beslutskortet i gruppens kanal, eller skriv **beslut lista** där.",
        "en": "Change the status on the decision card in the group's channel, or type "
        "**decision list** there.",
    },
    "decisions.digest.title": {"sv": "Beslut att följa upp", "en": "Decisions to follow up"},
    "decisions.digest.overdue": {
        "sv": "{number} försenat (senast {day}): {text}",
        "en": "{number} overdue (due {day}): {text}",
    },
    "decisions.digest.due": {
        "sv": "{number} ska vara klart {day}: {text}",
        "en": "{number} due {day}: {text}",
    },
    "decisions.minutes.owners_line": {"sv": "Ansvarig: {names}", "en": "Responsible: {names}"},
    "decisions.minutes.change_owners": {"sv": "Ändra ansvarig", "en": "Change responsible"},
    "decisions.minutes.page_line": {
        "sv": "Sida {page} av {pages}. Det du fyller i följer med till nästa sida; du sparar "
        "allt på sista sidan.",
        "en": "Page {page} of {pages}. What you fill in comes along to the next page; you save "
        "everything on the last page.",
    },
    "decisions.minutes.more": {
        "sv": "Visa fler ({first}–{last} av {count})",
        "en": "Show more ({first}–{last} of {count})",
    },
    "decisions.minutes.previous": {"sv": "Föregående sida", "en": "Previous page"},
}
