"""Strings of the date poll feature (keys prefixed "polls.")."""

from __future__ import annotations

from cards.i18n import Language

TEXTS: dict[str, dict[Language, str]] = {
    "polls.default_title": {"sv": "Datumförslag", "en": "Proposed dates"},
    "polls.organiser": {"sv": "Arrangör: {name}", "en": "Organiser: {name}"},
    "polls.deadline": {"sv": "Svara senast {when}", "en": "Answer by {when}"},
    "polls.choice.yes": {"sv": "Ja", "en": "Yes"},
    "polls.choice.if_needed": {"sv": "Om det behövs", "en": "If needed"},
    "polls.choice.no": {"sv": "Nej", "en": "No"},
    "polls.your_answer": {"sv": "Ditt svar: {choice}", "en": "Your answer: {choice}"},
    "polls.counts": {
        "sv": "Ja {yes} · Om det behövs {if_needed} · Nej {no}",
        "en": "Yes {yes} · If needed {if_needed} · No {no}",
    },
    "polls.organisations": {
        "sv": "Organisationer som kan: {able} av {total}",
        "en": "Organisations that can attend: {able} of {total}",
    },
    "polls.organisations_named": {
        "sv": "Organisationer som kan: {able} av {total} ({names})",
        "en": "Organisations that can attend: {able} of {total} ({names})",
    },
    "polls.people": {"sv": "{choice}: {names}", "en": "{choice}: {names}"},
    "polls.not_answered": {
        "sv": "Har inte svarat på alla datum: {names}",
        "en": "Has not answered every date yet: {names}",
    },
    "polls.partly_answered": {
        "sv": "{name} (svarat på {answered} av {total})",
        "en": "{name} (answered {answered} of {total})",
    },
    "polls.everyone_answered": {"sv": "Alla har svarat.", "en": "Everyone has answered."},
    "polls.hidden_note": {
        "sv": "Arrangören har valt att inte visa vem som svarat vad.",
        "en": "The organiser has chosen not to show who answered what.",
    },
    "polls.chosen": {"sv": "✅ Valt datum", "en": "✅ Chosen date"},
    "polls.status.closed": {
        "sv": "Svarstiden är slut. Arrangören väljer datum.",
        "en": "Answering is closed. The organiser chooses the dates.",
    },
    "polls.status.closed_deadline": {
        "sv": "Svarstiden gick ut {when}. Arrangören väljer datum.",
        "en": "The answer time ended {when}. The organiser chooses the dates.",
    },
    "polls.status.decided": {"sv": "Datum är valda.", "en": "The dates are chosen."},
    "polls.status.decided_none": {
        "sv": "Omröstningen är stängd utan valt datum.",
        "en": "The poll is closed without a chosen date.",
    },
    "polls.button.close": {"sv": "Stäng och välj datum", "en": "Close and choose dates"},
    "polls.button.choose": {"sv": "Välj datum", "en": "Choose dates"},
    "polls.button.deadline": {"sv": "Ändra svarstid", "en": "Change the answer time"},
    "polls.button.show_answers": {"sv": "Visa svar", "en": "Show answers"},
    "polls.button.hide_answers": {"sv": "Dölj svar", "en": "Hide answers"},
    "polls.close_form.label": {
        "sv": "Vilka datum blir det? (välj ett eller flera)",
        "en": "Which dates will it be? (choose one or more)",
    },
    "polls.close_form.choice": {
        "sv": "{date} ({yes} ja, {if_needed} om det behövs)",
        "en": "{date} ({yes} yes, {if_needed} if needed)",
    },
    "polls.close_form.submit": {"sv": "Stäng omröstningen", "en": "Close the poll"},
    "polls.deadline_form.date": {"sv": "Ny sista svarsdag", "en": "New last day to answer"},
    "polls.deadline_form.time": {"sv": "Klockslag", "en": "Time"},
    "polls.deadline_form.submit": {"sv": "Spara svarstid", "en": "Save answer time"},
    "polls.result.title": {"sv": "Resultat: {title}", "en": "Result: {title}"},
    "polls.result.best": {"sv": "Flest kan: {dates}", "en": "Most can attend: {dates}"},
    "polls.announce.title": {"sv": "Nu är det bestämt: {title}", "en": "It is decided: {title}"},
    "polls.announce.intro": {
        "sv": "Vi ses följande datum. Svara på kallelserna nedan om du kommer.",
        "en": "We meet on these dates. Answer the invitations below to say if you come.",
    },
    "polls.announce.none": {
        "sv": "{title} är stängd utan något valt datum.",
        "en": "{title} is closed without a chosen date.",
    },
    "polls.announce.calendar": {
        "sv": "Lägg in mötena i din kalender med filen nedan.",
        "en": "Add the meetings to your calendar with the file below.",
    },
    "polls.closed_by_deadline_text": {
        "sv": "Svarstiden för {title} har gått ut. Arrangören väljer datum på kortet.",
        "en": "The answer time for {title} has ended. The organiser chooses dates on the card.",
    },
    "polls.deadline_changed": {
        "sv": "Ny svarstid: {when}.",
        "en": "New answer time: {when}.",
    },
    # The proposal form
    "polls.form.title": {"sv": "Föreslå datum", "en": "Propose dates"},
    "polls.form.intro": {
        "sv": "Skriv datumen som du brukar. Alla i gruppen svarar ja, om det behövs eller nej "
        "för varje datum.",
        "en": "Write the dates as you usually do. Everyone in the group answers yes, if "
        "needed or no for each date.",
    },
    "polls.form.field_title": {"sv": "Rubrik (valfri)", "en": "Title (optional)"},
    "polls.form.title_example": {"sv": "t.ex. Vårens möten", "en": "e.g. Spring meetings"},
    "polls.form.field_dates": {"sv": "Datum", "en": "Dates"},
    "polls.form.dates_example": {
        "sv": "t.ex. 7/3, 21/4 och 16/5 kl 9-12",
        "en": "e.g. 7/3, 21/4 and 16/5 at 9-12",
    },
    "polls.form.dates_required": {
        "sv": "Skriv minst ett datum, t.ex. 7/3 kl 9-12.",
        "en": "Write at least one date, e.g. 7/3 at 9-12.",
    },
    "polls.form.field_deadline": {
        "sv": "Sista svarsdag (valfri, annars om en vecka)",
        "en": "Last day to answer (optional, otherwise in a week)",
    },
    "polls.form.help": {
        "sv": "Flera datum skiljs med komma eller ”och”. Tid skrivs kl 9-12 eller kl 9.00–12.00.",
        "en": "Separate dates with commas or “and”. Write times as 9-12 or 9:00–12:00.",
    },
    "polls.form.submit": {"sv": "Skicka datumförslaget", "en": "Send the proposal"},
    "polls.form.sent": {
        "sv": "Datumförslaget är skickat; svara på kortet nedan.",
        "en": "The proposal is sent; answer on the card below.",
    },
    # Refusals
    "polls.usage": {
        "sv": "Skriv t.ex. **föreslå datum 7/3, 21/4 och 16/5 kl 9-12**. Rubrik först med "
        "kolon: **föreslå datum Vårens möten: 7/3, 21/4**. Tillägg: **svara senast 28/2**, "
        "**dolda svar**.",
        "en": "Type e.g. **propose dates 7/3, 21/4 and 16/5 at 9-12**. A title first, with a "
        "colon: **propose dates Spring meetings: 7/3, 21/4**. Extras: **deadline 28/2**, "
        "**hidden answers**.",
    },
    "polls.bad_dates": {"sv": "{message}", "en": "{message}"},
    "polls.too_many_dates": {
        "sv": "Föreslå högst {max} datum åt gången.",
        "en": "Propose at most {max} dates at a time.",
    },
    "polls.date_in_past": {
        "sv": "{date} har redan varit. Föreslå datum framåt i tiden.",
        "en": "{date} has already passed. Propose dates in the future.",
    },
    "polls.deadline_in_past": {
        "sv": "Svarstiden måste ligga framåt i tiden.",
        "en": "The last day to answer must be in the future.",
    },
    "polls.deadline_after_dates": {
        "sv": "Svarstiden måste gå ut före det första föreslagna datumet.",
        "en": "The answer time must end before the first proposed date.",
    },
    "polls.deadline_unclear": {
        "sv": "Jag förstod inte svarstiden. Skriv t.ex. **svara senast 28/2** eller "
        "**svara senast 28/2 kl 12**.",
        "en": "I did not understand the last day to answer. Type e.g. **deadline 28/2** or "
        "**deadline 28/2 at 12**.",
    },
    "polls.title_too_long": {
        "sv": "Rubriken får vara högst 200 tecken.",
        "en": "The title can be at most 200 characters.",
    },
    "polls.not_found": {
        "sv": "Jag hittar inte den omröstningen i den här gruppen.",
        "en": "I cannot find that poll in this group.",
    },
    "polls.not_member": {
        "sv": "Bara gruppens medlemmar kan svara. Be ordföranden lägga till dig.",
        "en": "Only the group's members can answer. Ask the chair to add you.",
    },
    "polls.closed": {
        "sv": "Omröstningen är stängd, så svaret sparades inte.",
        "en": "The poll is closed, so the answer was not saved.",
    },
    "polls.past_deadline": {
        "sv": "Svarstiden har gått ut, så svaret sparades inte.",
        "en": "The answer time has ended, so the answer was not saved.",
    },
    "polls.not_organiser": {
        "sv": "Bara arrangören, ordföranden och sekreteraren kan göra det.",
        "en": "Only the organiser, the chair and the secretary can do that.",
    },
    "polls.already_decided": {
        "sv": "Datum är redan valda för den omröstningen.",
        "en": "Dates have already been chosen for that poll.",
    },
    "polls.unknown_option": {
        "sv": "Det datumet finns inte i omröstningen.",
        "en": "That date is not in the poll.",
    },
    "polls.reveal_not_hidden": {
        "sv": "Svaren är redan synliga i den omröstningen.",
        "en": "The answers are already visible in that poll.",
    },
    "polls.closing_soon": {
        "sv": "Påminnelse: {title} stänger {when} och du har inte svarat. Svara här nedan "
        "eller på kortet i gruppens kanal.",
        "en": "Reminder: {title} closes {when} and you have not answered. Answer below or on "
        "the card in the group's channel.",
    },
    "polls.digest.title": {"sv": "Öppna datumförslag", "en": "Open date polls"},
    "polls.digest.open": {"sv": "{title}: svara senast {when}", "en": "{title}: answer by {when}"},
    "polls.deadline_form.date_required": {
        "sv": "Välj dagen då det ska sluta gå att svara.",
        "en": "Choose the day answers should close.",
    },
}
