"""Strings of the meetings and RSVP feature (keys prefixed "meetings.")."""

from __future__ import annotations

from cards.i18n import Language

TEXTS: dict[str, dict[Language, str]] = {
    "meetings.default_title": {"sv": "Samverkansmöte", "en": "Collaboration meeting"},
    "meetings.when": {"sv": "När", "en": "When"},
    "meetings.where": {"sv": "Var", "en": "Where"},
    "meetings.invitation": {"sv": "Kallelse: {title}", "en": "Invitation: {title}"},
    "meetings.status.coming": {"sv": "Kommer", "en": "Coming"},
    "meetings.status.not_coming": {"sv": "Kommer inte", "en": "Not coming"},
    "meetings.status.substitute": {"sv": "Skickar ersättare", "en": "Sending a substitute"},
    "meetings.comment.label": {"sv": "Kommentar (valfri)", "en": "Comment (optional)"},
    "meetings.substitute.label": {"sv": "Ersättarens namn", "en": "The substitute's name"},
    "meetings.substitute.submit": {"sv": "Skicka", "en": "Send"},
    "meetings.summary.represented": {
        "sv": "Representerade organisationer ({count} av {total}): {names}",
        "en": "Organisations represented ({count} of {total}): {names}",
    },
    "meetings.summary.represented_none": {
        "sv": "Representerade organisationer: inga än (av {total})",
        "en": "Organisations represented: none yet (of {total})",
    },
    "meetings.summary.coming": {"sv": "Kommer: {names}", "en": "Coming: {names}"},
    "meetings.summary.substitutes": {
        "sv": "Skickar ersättare: {names}",
        "en": "Sending a substitute: {names}",
    },
    "meetings.summary.substitute_entry": {
        "sv": "{name} (ersättare: {substitute})",
        "en": "{name} (substitute: {substitute})",
    },
    "meetings.summary.declined": {"sv": "Kommer inte: {names}", "en": "Not coming: {names}"},
    "meetings.summary.not_answered": {
        "sv": "Inte svarat: {names}",
        "en": "Not answered: {names}",
    },
    "meetings.summary.everyone_answered": {
        "sv": "Alla har svarat.",
        "en": "Everyone has answered.",
    },
    "meetings.created": {
        "sv": "Kallelsen är skickad. Svara på kortet om du kommer.",
        "en": "The invitation is sent. Answer on the card whether you come.",
    },
    "meetings.list.title": {"sv": "Kommande möten", "en": "Upcoming meetings"},
    "meetings.list.none": {
        "sv": "Inga kommande möten. Kalla till ett med t.ex. **möte 9 oktober kl 10-12 "
        "Hotell Malmköping**.",
        "en": "No upcoming meetings. Call one with e.g. **meeting 9 October 10-12 "
        "Hotell Malmköping**.",
    },
    "meetings.list.entry": {
        "sv": "{when}{where} — {coming} kommer, {absent} kommer inte, {open} har inte svarat",
        "en": "{when}{where} — {coming} coming, {absent} not coming, {open} not answered",
    },
    # Attendance
    "meetings.attendance.title": {
        "sv": "Närvaro: {title}, {when}",
        "en": "Attendance: {title}, {when}",
    },
    "meetings.attendance.present": {"sv": "Närvarande", "en": "Present"},
    "meetings.attendance.absent": {"sv": "Ej närvarande", "en": "Not present"},
    "meetings.attendance.none": {"sv": "Ingen", "en": "Nobody"},
    "meetings.attendance.no_organisation": {
        "sv": "Utan angiven organisation",
        "en": "No organisation given",
    },
    "meetings.attendance.substitute_for": {
        "sv": "{substitute} (ersättare för {name})",
        "en": "{substitute} (substitute for {name})",
    },
    "meetings.attendance.sent_substitute": {
        "sv": "{name} (ersatt av {substitute})",
        "en": "{name} (replaced by {substitute})",
    },
    "meetings.attendance.declined": {"sv": "{name} (förhinder)", "en": "{name} (declined)"},
    "meetings.attendance.no_answer": {"sv": "{name} (inget svar)", "en": "{name} (no answer)"},
    "meetings.attendance.organisations": {
        "sv": "Organisationer närvarande: {present} av {total}",
        "en": "Organisations present: {present} of {total}",
    },
    "meetings.attendance.note": {
        "sv": "Bygger på svaren på kallelsen (ingen närvarorapport från Teams). "
        "Rätta med **Rätta närvaron** om det blev annorlunda.",
        "en": "Based on the answers to the invitation (no attendance report from Teams). "
        "Correct it with **Correct attendance** if it differed.",
    },
    "meetings.attendance.file": {"sv": "narvaro", "en": "attendance"},
    # Reminders
    "meetings.reminder": {
        "sv": "Påminnelse: svara om du kommer på {title}, {when}.",
        "en": "Reminder: say whether you come to {title}, {when}.",
    },
    # Refusals
    "meetings.usage": {
        "sv": "Skriv t.ex. **möte 9 oktober kl 10-12 Hotell Malmköping** (datum, tid, plats). "
        "**möte närvaro** visar närvarolistan för senaste mötet.",
        "en": "Type e.g. **meeting 9 October 10-12 Hotell Malmköping** (date, time, place). "
        "**meeting attendance** shows the attendance list of the latest meeting.",
    },
    "meetings.one_date": {
        "sv": "Ett möte har ett datum. För flera förslag, skriv **föreslå datum**.",
        "en": "A meeting has one date. For several proposals, type **propose dates**.",
    },
    "meetings.in_past": {
        "sv": "{date} har redan varit.",
        "en": "{date} has already passed.",
    },
    "meetings.location_too_long": {
        "sv": "Platsen får vara högst 200 tecken.",
        "en": "The place can be at most 200 characters.",
    },
    "meetings.not_found": {
        "sv": "Jag hittar inte det mötet i den här gruppen.",
        "en": "I cannot find that meeting in this group.",
    },
    "meetings.none_for_attendance": {
        "sv": "Det finns inget möte att visa närvaro för än.",
        "en": "There is no meeting to show attendance for yet.",
    },
    "meetings.no_meeting_on": {
        "sv": "Jag hittar inget möte {date}.",
        "en": "I cannot find a meeting on {date}.",
    },
    "meetings.not_member": {
        "sv": "Bara gruppens medlemmar kan svara. Be ordföranden lägga till dig.",
        "en": "Only the group's members can answer. Ask the chair to add you.",
    },
    "meetings.substitute_missing": {
        "sv": "Skriv ersättarens namn, så att det kommer med i närvarolistan.",
        "en": "Type the substitute's name, so that it goes into the attendance list.",
    },
    "meetings.meeting_over": {
        "sv": "Mötet har redan varit, så svaret sparades inte.",
        "en": "The meeting has already taken place, so the answer was not saved.",
    },
    # The kallelse (agenda, follow-up, Teams link; issue #17)
    "kallelse.no_meeting": {
        "sv": "Gruppen har inget kommande möte. Kalla till ett med t.ex. "
        "**möte 9 oktober kl 10-12 Stadshuset**, eller föreslå datum med **föreslå datum**.",
        "en": "The group has no upcoming meeting. Call one with e.g. "
        "**meeting 9 October 10-12 City Hall**, or propose dates with **propose dates**.",
    },
    "agenda.usage": {
        "sv": "Skriv punkten efter kolonet, t.ex. **punkt: Gemensam rutin för SIP**. "
        "Den hamnar på dagordningen till gruppens nästa möte.",
        "en": "Type the point after the colon, e.g. **item: Joint routine for care plans**. "
        "It goes on the agenda of the group's next meeting.",
    },
    "agenda.empty": {"sv": "Punkten är tom.", "en": "The point is empty."},
    "agenda.too_long": {
        "sv": "En punkt får vara högst {limit} tecken. Skriv en kort rubrik; "
        "detaljerna tar ni på mötet.",
        "en": "A point can be at most {limit} characters. Write a short heading; "
        "the details are for the meeting.",
    },
    "agenda.no_meeting": {
        "sv": "Gruppen har inget kommande möte att lägga punkten på. Kalla till ett med "
        "t.ex. **möte 9 oktober kl 10-12 Stadshuset** eller **föreslå datum**, "
        "och skriv sedan punkten igen.",
        "en": "The group has no upcoming meeting to add the point to. Call one with e.g. "
        "**meeting 9 October 10-12 City Hall** or **propose dates**, "
        "then type the point again.",
    },
    "agenda.meeting_started": {
        "sv": "Mötet har redan börjat, så dagordningen är stängd. Ta upp det under Övriga frågor.",
        "en": "The meeting has already started, so the agenda is closed. "
        "Raise it under Any other business.",
    },
    "agenda.full": {
        "sv": "Dagordningen har redan {limit} punkter. Be mötets sammankallande "
        "ta bort eller slå ihop några.",
        "en": "The agenda already has {limit} points. Ask the organiser to remove or merge some.",
    },
    "agenda.added": {
        "sv": "Punkt {number} på dagordningen till mötet {when}: {title}",
        "en": "Point {number} on the agenda of the meeting on {when}: {title}",
    },
    "agenda.removed": {
        "sv": "Punkten är borttagen från dagordningen: {title}",
        "en": "The point is removed from the agenda: {title}",
    },
    "agenda.remove_usage": {
        "sv": "Skriv numret som kallelsen visar, t.ex. **punkt bort 4**.",
        "en": "Type the number the notice shows, e.g. **item remove 4**.",
    },
    "agenda.not_removable": {
        "sv": "Punkt {number} är ingen punkt som en medlem lagt till. De stående punkterna "
        "finns på varje möte.",
        "en": "Point {number} is not one a member added. The standing items are on every meeting.",
    },
    "agenda.no_such_point": {
        "sv": "Den punkten finns inte längre på dagordningen.",
        "en": "That point is no longer on the agenda.",
    },
    "agenda.remove_not_allowed": {
        "sv": "Bara den som kallat till mötet, ordföranden, sekreteraren eller "
        "processledaren kan ta bort punkter.",
        "en": "Only the meeting's organiser, the chair, the secretary or the process "
        "leader can remove points.",
    },
    "online.usage": {
        "sv": "Skriv länken till mötet, t.ex. **möte länk https://teams.microsoft.com/l/…** "
        "(nästa möte) eller **möte länk 9/10 https://…**.",
        "en": "Type the meeting's link, e.g. **meeting link https://teams.microsoft.com/l/…** "
        "(the next meeting) or **meeting link 9/10 https://…**.",
    },
    "online.bad_url": {
        "sv": "Det där ser inte ut som en möteslänk. Klistra in hela adressen som börjar "
        "med https://, t.ex. från Teams-mötets inbjudan.",
        "en": "That does not look like a meeting link. Paste the whole address starting "
        "with https://, e.g. from the Teams meeting's invitation.",
    },
    "online.url_too_long": {
        "sv": "Länken är längre än {limit} tecken. Kopiera den igen från mötets inbjudan.",
        "en": "The link is longer than {limit} characters. Copy it again from the "
        "meeting's invitation.",
    },
    "online.not_allowed": {
        "sv": "Bara den som kallat till mötet, ordföranden eller sekreteraren kan ändra "
        "mötets länk.",
        "en": "Only the meeting's organiser, the chair or the secretary can change the "
        "meeting's link.",
    },
    "online.link_saved": {
        "sv": "Länken finns nu på kallelsen (knappen Anslut till mötet).",
        "en": "The link is now on the notice (the Join the meeting button).",
    },
    "online.failed.permission": {
        "sv": "Teams-mötet för {title} {when} kunde inte skapas: appen saknar behörighet i "
        "Microsoft Graph (OnlineMeetings.ReadWrite.All och en åtkomstpolicy för dig som "
        "sammankallande). Be IT-avdelningen ordna det, eller klistra in en länk själv med "
        "**möte länk https://…**. Kallelsen och svaren fungerar som vanligt utan länk.",
        "en": "The Teams meeting for {title} on {when} could not be created: the app lacks "
        "permission in Microsoft Graph (OnlineMeetings.ReadWrite.All and an access policy "
        "for you as organiser). Ask IT to arrange it, or paste a link yourself with "
        "**meeting link https://…**. The notice and the answers work as usual without a link.",
    },
    "online.failed.refused": {
        "sv": "Teams-mötet för {title} {when} kunde inte skapas: Microsoft Graph tog inte "
        "emot beställningen. Klistra in en länk själv med **möte länk https://…**. "
        "Kallelsen och svaren fungerar som vanligt utan länk.",
        "en": "The Teams meeting for {title} on {when} could not be created: Microsoft "
        "Graph did not accept the request. Paste a link yourself with "
        "**meeting link https://…**. The notice and the answers work as usual without a link.",
    },
    "online.failed.unavailable": {
        "sv": "Teams-mötet för {title} {when} kunde inte skapas just nu: Microsoft Graph "
        "svarar inte. Jag försöker igen; vill du inte vänta kan du klistra in en länk med "
        "**möte länk https://…**.",
        "en": "The Teams meeting for {title} on {when} could not be created just now: "
        "Microsoft Graph is not answering. I will try again; if you do not want to wait, "
        "paste a link with **meeting link https://…**.",
    },
    "attendance.report_failed.permission": {
        "sv": "Närvarorapporten från Teams-mötet {title} {when} kunde inte hämtas: appen "
        "saknar behörighet i Microsoft Graph (OnlineMeetingArtifact.Read.All). "
        "Närvarolistan (**möte närvaro**) bygger därför på svaren på kallelsen; "
        "rätta den där om något inte stämmer.",
        "en": "The attendance report of the Teams meeting {title} on {when} could not be "
        "read: the app lacks permission in Microsoft Graph (OnlineMeetingArtifact.Read.All). "
        "The attendance list (**meeting attendance**) therefore rests on the answers to the "
        "notice; correct it there if something is wrong.",
    },
    "attendance.report_failed.unavailable": {
        "sv": "Närvarorapporten från Teams-mötet {title} {when} kunde inte hämtas just nu. "
        "Jag försöker igen; till dess bygger närvarolistan (**möte närvaro**) på svaren "
        "på kallelsen.",
        "en": "The attendance report of the Teams meeting {title} on {when} could not be "
        "read just now. I will try again; until then the attendance list "
        "(**meeting attendance**) rests on the answers to the notice.",
    },
    "attendance.note.report": {
        "sv": "Bygger på Teams närvarorapport och svaren på kallelsen; den sammankallandes "
        "rättelser gäller före båda. Rätta med **Rätta närvaron**.",
        "en": "Based on the Teams attendance report and the answers to the invitation; the "
        "organiser's corrections come before both. Correct it with **Correct attendance**.",
    },
    "attendance.partial": {"sv": "{text} (del av mötet)", "en": "{text} (part of the meeting)"},
    "attendance.form": {"sv": "Rätta närvaron", "en": "Correct attendance"},
    "attendance.form.present": {"sv": "Närvarande", "en": "Present"},
    "attendance.form.partial": {
        "sv": "Deltog bara en del av mötet",
        "en": "Attended only part of the meeting",
    },
    "attendance.form.substitute_name": {
        "sv": "Lägg till en ersättare (namn)",
        "en": "Add a substitute (name)",
    },
    "attendance.form.substitute_for": {
        "sv": "Ersättaren ersätter",
        "en": "The substitute stands in for",
    },
    "attendance.form.submit": {"sv": "Spara närvaron", "en": "Save attendance"},
    "attendance.saved": {
        "sv": "Närvaron är rättad ({count} ändringar).",
        "en": "The attendance is corrected ({count} changes).",
    },
    "attendance.not_allowed": {
        "sv": "Bara den som kallat till mötet, ordföranden eller sekreteraren kan rätta närvaron.",
        "en": "Only the meeting's organiser, the chair or the secretary can correct the "
        "attendance.",
    },
    "attendance.substitute_needs_member": {
        "sv": "Välj vem ersättaren ersätter.",
        "en": "Choose whom the substitute stands in for.",
    },
    "attendance.substitute_too_long": {
        "sv": "Ersättarens namn får vara högst {limit} tecken.",
        "en": "The substitute's name can be at most {limit} characters.",
    },
    "kallelse.answers": {"sv": "Svar", "en": "Answers"},
    "kallelse.join": {"sv": "Anslut till mötet", "en": "Join the meeting"},
    "kallelse.agenda": {"sv": "Dagordning", "en": "Agenda"},
    # In the channel a command reaches the bot only with a mention: the hint says so.
    "kallelse.agenda.hint": {
        "sv": "Lägg till en punkt med knappen **Lägg till punkt** eller skriv **@{bot} punkt: …**",
        "en": "Add a point with the **Add a point** button or type **@{bot} item: …**",
    },
    "kallelse.follow_up": {
        "sv": "Beslut och uppgifter att följa upp",
        "en": "Decisions and tasks to follow up",
    },
    "kallelse.follow_up.none": {
        "sv": "Inga öppna beslut eller uppgifter.",
        "en": "No open decisions or tasks.",
    },
    "kallelse.follow_up.owner": {"sv": "ansvarig {owners}", "en": "owner {owners}"},
    "kallelse.follow_up.due": {"sv": "senast {due}", "en": "due {due}"},
    "kallelse.follow_up.overdue": {"sv": "försenat", "en": "overdue"},
    "kallelse.follow_up.in_progress": {"sv": "pågår", "en": "in progress"},
    "kallelse.follow_up.more": {
        "sv": "… och {count} till (**beslut lista** visar alla)",
        "en": "… and {count} more (**decision list** shows them all)",
    },
    "kallelse.add": {"sv": "Lägg till punkt", "en": "Add a point"},
    "kallelse.add.label": {"sv": "Punkt på dagordningen", "en": "Point on the agenda"},
    "kallelse.add.missing": {
        "sv": "Skriv vad punkten gäller.",
        "en": "Type what the point is about.",
    },
    "kallelse.add.submit": {"sv": "Lägg till", "en": "Add"},
    "kallelse.remove": {"sv": "Ta bort punkt", "en": "Remove a point"},
    "kallelse.remove.label": {"sv": "Vilken punkt?", "en": "Which point?"},
    "kallelse.remove.missing": {"sv": "Välj en punkt.", "en": "Choose a point."},
    "kallelse.remove.submit": {"sv": "Ta bort", "en": "Remove"},
    "kallelse.minutes_draft": {"sv": "Protokollsutkast (.docx)", "en": "Minutes draft (.docx)"},
    "kallelse.attendance": {"sv": "Närvaro", "en": "Attendance"},
}
