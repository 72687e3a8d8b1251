"""Strings of the questionnaire feature (issue #5), Swedish and English."""

from __future__ import annotations

from cards.i18n import Language

TEXTS: dict[str, dict[Language, str]] = {
    # Kinds, states, small words
    "questionnaires.kind.text": {"sv": "fritext", "en": "free text"},
    "questionnaires.kind.choice": {"sv": "ett val", "en": "single choice"},
    "questionnaires.kind.multichoice": {"sv": "flerval", "en": "multiple choice"},
    "questionnaires.kind.yesno": {"sv": "ja/nej", "en": "yes/no"},
    "questionnaires.kind.number": {"sv": "tal", "en": "number"},
    "questionnaires.kind.scale": {"sv": "skala 1–5", "en": "scale 1–5"},
    "questionnaires.kind.heading": {"sv": "rubrik", "en": "heading"},
    "questionnaires.state.draft": {"sv": "utkast", "en": "draft"},
    "questionnaires.state.open": {"sv": "öppen", "en": "open"},
    "questionnaires.state.closed": {"sv": "stängd", "en": "closed"},
    "questionnaires.state.cancelled": {"sv": "avbruten", "en": "cancelled"},
    "questionnaires.optional": {"sv": "valfri", "en": "optional"},
    "questionnaires.yes": {"sv": "Ja", "en": "Yes"},
    "questionnaires.no": {"sv": "Nej", "en": "No"},
    "questionnaires.scale.low": {"sv": "1 (lägst)", "en": "1 (lowest)"},
    "questionnaires.scale.high": {"sv": "5 (högst)", "en": "5 (highest)"},
    "questionnaires.default_title": {"sv": "Uppföljningsenkät", "en": "Follow-up questionnaire"},
    "questionnaires.no_contact": {"sv": "ingen kontaktperson", "en": "no contact person"},
    "questionnaires.deputy_suffix": {"sv": "(ersättare: {name})", "en": "(deputy: {name})"},
    # Facts
    "questionnaires.fact.deadline": {"sv": "Sista svarsdag", "en": "Deadline"},
    "questionnaires.fact.targets": {"sv": "Mottagare", "en": "Recipients"},
    "questionnaires.fact.targets_one": {
        "sv": "1 organisation (nedan)",
        "en": "1 organisation (below)",
    },
    "questionnaires.fact.targets_count": {
        "sv": "{count} organisationer (listade nedan)",
        "en": "{count} organisations (listed below)",
    },
    "questionnaires.fact.answered": {"sv": "Svar", "en": "Answers"},
    "questionnaires.fact.for": {"sv": "Svar för", "en": "Answer for"},
    "questionnaires.fact.page": {"sv": "Sida", "en": "Page"},
    "questionnaires.page_of": {"sv": "{page} av {pages}", "en": "{page} of {pages}"},
    "questionnaires.deadline.days_left": {
        "sv": "{day} ({days} dagar kvar)",
        "en": "{day} ({days} days left)",
    },
    "questionnaires.deadline.tomorrow": {"sv": "{day} (i morgon)", "en": "{day} (tomorrow)"},
    "questionnaires.deadline.today": {"sv": "{day} (i dag)", "en": "{day} (today)"},
    "questionnaires.deadline.passed": {
        "sv": "{day} (har passerat)",
        "en": "{day} (has passed)",
    },
    "questionnaires.deadline.invalid": {
        "sv": "Jag förstod inte sista svarsdagen: {detail} Skriv t.ex. **Sista svarsdag: 30/9**.",
        "en": "I did not understand the deadline: {detail} Write e.g. **Deadline: 30/9**.",
    },
    "questionnaires.deadline.past": {
        "sv": "Sista svarsdagen har redan passerat. Välj ett senare datum.",
        "en": "The deadline has already passed. Choose a later date.",
    },
    # Creating
    "questionnaires.not_allowed": {
        "sv": "Tyvärr, bara processledare och ordföranden kan skapa, skicka och stänga enkäter. "
        "Hör gärna av dig till någon av dem.",
        "en": "Sorry, only process leaders and the chair can create, send and close "
        "questionnaires. Please ask one of them.",
    },
    "questionnaires.form.title": {
        "sv": "Ny uppföljningsenkät",
        "en": "New follow-up questionnaire",
    },
    "questionnaires.form.intro": {
        "sv": "Klistra in frågorna, en per rad. Varje organisation svarar en gång, genom sin "
        "kontaktperson eller ersättare. Du får se en förhandsvisning innan något skickas.",
        "en": "Paste the questions, one per line. Each organisation answers once, through its "
        "contact person or deputy. You see a preview before anything is sent.",
    },
    "questionnaires.form.field_title": {"sv": "Titel", "en": "Title"},
    "questionnaires.form.field_intro": {
        "sv": "Inledning (valfri)",
        "en": "Introduction (optional)",
    },
    "questionnaires.form.field_deadline": {"sv": "Sista svarsdag", "en": "Deadline"},
    "questionnaires.form.field_questions": {
        "sv": "Frågor, en per rad",
        "en": "Questions, one per line",
    },
    "questionnaires.syntax_help": {
        "sv": "Fritext och obligatorisk om inget annat anges. Markera typ med **[ja/nej]**, "
        "**[tal]**, **[skala]** (1–5), **[val: A | B | C]** eller **[flerval: A | B]**; "
        "**(valfri)** gör frågan frivillig; text efter **--** blir hjälptext. Underfrågor "
        "börjar med **-** eller **a)**. Rader som **Titel:**, **Inledning:**, "
        "**Sista svarsdag: 30/9** och **Till: Gnesta kommun, Trosa kommun** är inställningar.",
        "en": "Free text and required unless marked. Mark the type with **[yes/no]**, "
        "**[number]**, **[scale]** (1–5), **[choice: A | B | C]** or **[multi: A | B]**; "
        "**(optional)** makes it optional; text after **--** is help text. Sub-questions "
        "start with **-** or **a)**. Lines like **Title:**, **Intro:**, **Deadline: 30/9** "
        "and **To: Gnesta kommun, Trosa kommun** are settings.",
    },
    "questionnaires.button.preview": {"sv": "Förhandsgranska", "en": "Preview"},
    "questionnaires.syntax.no_questions": {
        "sv": "Jag hittade inga frågor. Skriv **enkät ny** och sedan en fråga per rad, "
        "eller bara **enkät ny** för att få ett formulär.",
        "en": "I found no questions. Type **questionnaire new** followed by one question per "
        "line, or just **questionnaire new** for a form.",
    },
    "questionnaires.syntax.too_many_questions": {
        "sv": "En enkät kan ha högst 40 frågor.",
        "en": "A questionnaire can have at most 40 questions.",
    },
    "questionnaires.syntax.too_many_sub_questions": {
        "sv": "Fråga på rad {line} har för många underfrågor (högst 26).",
        "en": "The question on line {line} has too many sub-questions (at most 26).",
    },
    "questionnaires.syntax.two_markers": {
        "sv": "Rad {line} har två typmarkeringar. Använd en, t.ex. [ja/nej].",
        "en": "Line {line} has two type markers. Use one, e.g. [yes/no].",
    },
    "questionnaires.syntax.unknown_marker": {
        "sv": "Jag känner inte igen markeringen [{marker}] på rad {line}. Använd [ja/nej], "
        "[tal], [skala], [val: A | B] eller [flerval: A | B].",
        "en": "I do not recognise the marker [{marker}] on line {line}. Use [yes/no], "
        "[number], [scale], [choice: A | B] or [multi: A | B].",
    },
    "questionnaires.syntax.too_few_options": {
        "sv": "Valfrågan på rad {line} behöver minst två alternativ, t.ex. [val: A | B].",
        "en": "The choice question on line {line} needs at least two options, e.g. "
        "[choice: A | B].",
    },
    "questionnaires.syntax.too_many_options": {
        "sv": "Valfrågan på rad {line} får ha högst 12 alternativ på högst 100 tecken.",
        "en": "The choice question on line {line} can have at most 12 options of at most "
        "100 characters.",
    },
    "questionnaires.syntax.duplicate_options": {
        "sv": "Valfrågan på rad {line} har samma alternativ två gånger.",
        "en": "The choice question on line {line} lists the same option twice.",
    },
    "questionnaires.syntax.empty_question": {
        "sv": "Rad {line} har ingen frågetext.",
        "en": "Line {line} has no question text.",
    },
    "questionnaires.syntax.question_too_long": {
        "sv": "Frågan på rad {line} är för lång (högst 500 tecken).",
        "en": "The question on line {line} is too long (at most 500 characters).",
    },
    "questionnaires.syntax.help_too_long": {
        "sv": "Hjälptexten på rad {line} är för lång (högst 300 tecken).",
        "en": "The help text on line {line} is too long (at most 300 characters).",
    },
    "questionnaires.syntax.title_too_long": {
        "sv": "Titeln får vara högst 200 tecken.",
        "en": "The title can be at most 200 characters.",
    },
    "questionnaires.syntax.intro_too_long": {
        "sv": "Inledningen får vara högst 2000 tecken.",
        "en": "The introduction can be at most 2000 characters.",
    },
    "questionnaires.unknown_organisations": {
        "sv": "Jag hittar inte {names} bland gruppens organisationer ({known}).",
        "en": "I cannot find {names} among the group's organisations ({known}).",
    },
    "questionnaires.no_organisations": {
        "sv": "Gruppen har inga organisationer än. Be medlemmarna skriva t.ex. "
        "**organisation Gnesta kommun**, eller nämn personerna enkäten ska till.",
        "en": "The group has no organisations yet. Ask the members to type e.g. "
        "**organisation Gnesta kommun**, or mention the people the questionnaire is for.",
    },
    "questionnaires.unknown_person": {
        "sv": "En av de nämnda personerna är inte medlem i gruppen.",
        "en": "One of the people mentioned is not a member of the group.",
    },
    # Preview, send, cancel
    "questionnaires.preview.label": {
        "sv": "Förhandsvisning av enkät {number} – inget är skickat än",
        "en": "Preview of questionnaire {number} – nothing has been sent yet",
    },
    "questionnaires.preview.questions": {"sv": "Frågor", "en": "Questions"},
    "questionnaires.preview.targets": {
        "sv": "Svarar (kontaktperson)",
        "en": "Answering (contact person)",
    },
    "questionnaires.preview.missing_contacts": {
        "sv": "Saknar kontaktperson: {names}. Ange med **enkät kontakt Organisation @namn**.",
        "en": "No contact person: {names}. Set one with "
        "**questionnaire contact Organisation @name**.",
    },
    "questionnaires.preview.hint": {
        "sv": "Byt kontaktperson med **enkät kontakt Gnesta kommun @namn** och ersättare med "
        "**enkät ersättare Gnesta kommun @namn**.",
        "en": "Change a contact with **questionnaire contact Gnesta kommun @name** and a "
        "deputy with **questionnaire deputy Gnesta kommun @name**.",
    },
    "questionnaires.button.send": {"sv": "Skicka", "en": "Send"},
    "questionnaires.button.cancel": {"sv": "Avbryt", "en": "Cancel"},
    "questionnaires.already_sent": {
        "sv": "Enkät {number} är redan skickad.",
        "en": "Questionnaire {number} has already been sent.",
    },
    "questionnaires.not_draft": {
        "sv": "Enkät {number} är inte ett utkast längre.",
        "en": "Questionnaire {number} is no longer a draft.",
    },
    "questionnaires.not_open": {
        "sv": "Enkät {number} är inte öppen.",
        "en": "Questionnaire {number} is not open.",
    },
    "questionnaires.cancelled": {
        "sv": "Enkät {number} är avbruten. Inget skickades.",
        "en": "Questionnaire {number} is cancelled. Nothing was sent.",
    },
    "questionnaires.closed": {
        "sv": "Enkät {number} är stängd för fler svar.",
        "en": "Questionnaire {number} is closed to further answers.",
    },
    "questionnaires.sent.announcement": {
        "sv": "Ny enkät: **{title}**. Kontaktpersoner: {people} – ni får enkäten i en chatt "
        "med mig (eller här). Ett svar per organisation.",
        "en": "New questionnaire: **{title}**. Contact persons: {people} – you get it in a "
        "chat with me (or here). One answer per organisation.",
    },
    "questionnaires.sent.preview_done": {
        "sv": "Enkät {number} är skickad.",
        "en": "Questionnaire {number} has been sent.",
    },
    "questionnaires.not_found": {
        "sv": "Jag hittar ingen enkät nummer {number} i den här gruppen.",
        "en": "I cannot find questionnaire number {number} in this group.",
    },
    "questionnaires.none_yet": {
        "sv": "Gruppen har ingen sådan enkät. Skriv **enkät lista** för att se alla.",
        "en": "The group has no such questionnaire. Type **questionnaire list** to see all.",
    },
    "questionnaires.number_expected": {
        "sv": "Ange enkätens nummer, t.ex. **enkät status 3**.",
        "en": "Give the questionnaire's number, e.g. **questionnaire status 3**.",
    },
    "questionnaires.copy.usage": {
        "sv": "Skriv **enkät kopiera 3** för att skicka samma frågor som enkät 3 igen.",
        "en": "Type **questionnaire copy 3** to send the same questions as questionnaire 3 again.",
    },
    # Contacts
    "questionnaires.contact.usage": {
        "sv": "Skriv **enkät kontakt Gnesta kommun @namn** (eller **enkät ersättare …**), "
        "med enkätens nummer först om det inte är den senaste: **enkät kontakt 3 Gnesta "
        "kommun @namn**.",
        "en": "Type **questionnaire contact Gnesta kommun @name** (or **questionnaire deputy "
        "…**), with the number first if it is not the latest: **questionnaire contact 3 "
        "Gnesta kommun @name**.",
    },
    "questionnaires.contact.unknown_target": {
        "sv": "Enkäten går inte till {name}. Mottagare: {known}.",
        "en": "The questionnaire does not go to {name}. Recipients: {known}.",
    },
    "questionnaires.contact.set": {
        "sv": "{name} svarar nu för {organisation}.",
        "en": "{name} now answers for {organisation}.",
    },
    "questionnaires.contact.deputy_set": {
        "sv": "{name} är nu ersättare för {organisation}.",
        "en": "{name} is now the deputy for {organisation}.",
    },
    # Status card
    "questionnaires.status.label": {"sv": "Enkät {number}", "en": "Questionnaire {number}"},
    "questionnaires.status.summary": {
        "sv": "{answered} av {total} har svarat",
        "en": "{answered} of {total} have answered",
    },
    "questionnaires.status.answered_by": {
        "sv": "besvarad av {name} {day}",
        "en": "answered by {name} {day}",
    },
    "questionnaires.status.own_answered": {
        "sv": "Din organisation ({name}) har svarat ({by}, {day}).",
        "en": "Your organisation ({name}) has answered ({by}, {day}).",
    },
    "questionnaires.status.own_waiting": {
        "sv": "Din organisation ({name}) har inte svarat än.",
        "en": "Your organisation ({name}) has not answered yet.",
    },
    "questionnaires.answer.sent_privately": {
        "sv": "{name}, jag har skickat svarsformuläret till dig i vår chatt, så att "
        "svaren inte syns här i kanalen.",
        "en": "{name}, I have sent you the answer form in our chat, so the answers are not "
        "shown here in the channel.",
    },
    "questionnaires.answer.sending_privately": {
        "sv": "{name}, jag skickar svarsformuläret till dig i en chatt med mig, så att "
        "svaren inte syns här i kanalen. Ser du det inte om en stund: öppna Samverkansboten "
        "i chatten (Appar → Samverkansboten) och skriv **enkät svara {number}**.",
        "en": "{name}, I am sending you the answer form in a chat with me, so the answers "
        "are not shown here in the channel. If it does not arrive shortly: open "
        "Samverkansboten in chat (Apps → Samverkansboten) and type "
        "**questionnaire answer {number}**.",
    },
    "questionnaires.answer.no_private_chat": {
        "sv": "{name}, jag kan inte skicka svarsformuläret till dig i en chatt med mig, och "
        "här i kanalen skulle alla se svaren. Öppna Samverkansboten i chatten (Appar → "
        "Samverkansboten) och skriv **enkät svara {number}** där.",
        "en": "{name}, I cannot send you the answer form in a chat with me, and here in the "
        "channel everyone would see the answers. Open Samverkansboten in chat (Apps → "
        "Samverkansboten) and type **questionnaire answer {number}** there.",
    },
    "questionnaires.status.late": {"sv": "(efter sista svarsdag)", "en": "(after the deadline)"},
    "questionnaires.status.not_answered": {
        "sv": "svarade inte ({contact})",
        "en": "did not answer ({contact})",
    },
    "questionnaires.status.own_missed": {
        "sv": "Din organisation ({name}) svarade inte innan enkäten stängdes.",
        "en": "Your organisation ({name}) did not answer before the questionnaire closed.",
    },
    "questionnaires.status.waiting": {
        "sv": "inte besvarad än ({contact})",
        "en": "not answered yet ({contact})",
    },
    "questionnaires.status.closed": {
        "sv": "Enkäten är stängd.",
        "en": "The questionnaire is closed.",
    },
    "questionnaires.button.answer": {
        "sv": "Svara för min organisation",
        "en": "Answer for my organisation",
    },
    "questionnaires.button.results": {"sv": "Resultat", "en": "Results"},
    "questionnaires.button.close": {"sv": "Stäng enkäten", "en": "Close questionnaire"},
    "questionnaires.button.close_now": {
        "sv": "Ja, stäng enkäten",
        "en": "Yes, close the questionnaire",
    },
    "questionnaires.close.confirm": {
        "sv": "Efter det kan ingen organisation svara eller ändra sitt svar. "
        "Det går inte att ångra.",
        "en": "After that no organisation can answer or change its answer. It cannot be undone.",
    },
    # List
    "questionnaires.list.title": {"sv": "Gruppens enkäter", "en": "The group's questionnaires"},
    "questionnaires.list.empty": {"sv": "Inga enkäter än.", "en": "No questionnaires yet."},
    "questionnaires.list.entry": {
        "sv": "**{number}** {title} – {status}, sista svarsdag {day}, {answered} av {total} svar",
        "en": "**{number}** {title} – {status}, deadline {day}, {answered} of {total} answers",
    },
    "questionnaires.list.hint": {
        "sv": "**enkät status 3**, **enkät resultat 3**, **enkät kopiera 3**, "
        "**enkät jämför 5 3**.",
        "en": "**questionnaire status 3**, **questionnaire results 3**, "
        "**questionnaire copy 3**, **questionnaire compare 5 3**.",
    },
    # Answering
    "questionnaires.invite.text": {
        "sv": "Hej {name}! Du är kontaktperson för {organisation} i enkäten **{title}**. "
        "Svara för hela organisationen här nedan.",
        "en": "Hi {name}! You are the contact person for {organisation} in the questionnaire "
        "**{title}**. Answer for the whole organisation below.",
    },
    "questionnaires.button.next": {"sv": "Nästa", "en": "Next"},
    "questionnaires.button.previous": {"sv": "Föregående", "en": "Previous"},
    "questionnaires.button.draft": {"sv": "Spara utkast", "en": "Save draft"},
    "questionnaires.button.submit": {"sv": "Skicka svar", "en": "Submit answers"},
    "questionnaires.button.edit": {"sv": "Ändra svar", "en": "Change answers"},
    "questionnaires.answer.already": {
        "sv": "Besvarad för organisationen av {name} {day}. Du kan ändra svaret fram till "
        "sista svarsdagen.",
        "en": "Answered for the organisation by {name} {day}. You can change the answer until "
        "the deadline.",
    },
    "questionnaires.answer.draft_by": {
        "sv": "Utkast sparat av {name}.",
        "en": "Draft saved by {name}.",
    },
    "questionnaires.answer.draft_saved": {
        "sv": "Utkastet är sparat. Du kan fortsätta när du vill, senast {day}.",
        "en": "The draft is saved. You can continue whenever you like, by {day}.",
    },
    "questionnaires.answer.conflict": {
        "sv": "Ditt svar är inte sparat. {name} skickade in ett svar för {organisation} "
        "{when}, efter att du öppnade formuläret. Så här ser det svaret ut:",
        "en": "Your answer has not been saved. {name} submitted an answer for {organisation} "
        "{when}, after you opened the form. This is that answer:",
    },
    "questionnaires.answer.conflict_mine": {
        "sv": "Ditt svar, som inte är sparat:",
        "en": "Your answer, not saved:",
    },
    "questionnaires.button.replace": {
        "sv": "Ersätt med mitt svar",
        "en": "Replace with my answer",
    },
    "questionnaires.answer.thanks": {
        "sv": "Tack! Svaret för {organisation} är inskickat.",
        "en": "Thank you! The answer for {organisation} has been submitted.",
    },
    "questionnaires.answer.unchanged": {
        "sv": "Svaret för {organisation} var redan inskickat med samma innehåll.",
        "en": "The answer for {organisation} had already been submitted with the same content.",
    },
    "questionnaires.answer.missing": {
        "sv": "Svaret är inte inskickat: fråga {labels} måste besvaras. Inget sparades.",
        "en": "The answer was not submitted: question {labels} must be answered. Nothing was "
        "saved.",
    },
    "questionnaires.answer.invalid": {
        "sv": "Svaret på fråga {labels} är inte giltigt. Inget sparades.",
        "en": "The answer to question {labels} is not valid. Nothing was saved.",
    },
    "questionnaires.answer.personal_number": {
        "sv": "Inget sparades: ett av svaren verkar innehålla ett personnummer eller "
        "samordningsnummer. Skriv aldrig uppgifter om enskilda barn eller ärenden i enkäten.",
        "en": "Nothing was saved: one of the answers seems to contain a Swedish personal "
        "identity or coordination number. Never write about individual children or cases.",
    },
    "questionnaires.answer.not_allowed": {
        "sv": "Bara kontaktpersonen och ersättaren för {organisation} (eller en processledare) "
        "kan svara för organisationen.",
        "en": "Only the contact person and the deputy for {organisation} (or a process "
        "leader) can answer for the organisation.",
    },
    "questionnaires.answer.not_contact": {
        "sv": "Du är inte kontaktperson eller ersättare i enkät {number}. Processledare svarar "
        "för en organisation med **enkät svara {number} Organisationens namn**.",
        "en": "You are not a contact person or deputy in questionnaire {number}. Process "
        "leaders answer for an organisation with **questionnaire answer {number} "
        "Organisation name**.",
    },
    "questionnaires.answer.closed": {
        "sv": "Enkät {number} tar inte emot svar längre.",
        "en": "Questionnaire {number} no longer accepts answers.",
    },
    "questionnaires.answer.locked": {
        "sv": "Sista svarsdagen för enkät {number} har passerat, så svaret kan inte ändras.",
        "en": "The deadline of questionnaire {number} has passed, so the answer can no longer "
        "be changed.",
    },
    "questionnaires.answer.nothing_open": {
        "sv": "Du har inga öppna enkäter att svara på.",
        "en": "You have no open questionnaires to answer.",
    },
    "questionnaires.answer.choose": {
        "sv": "Du kan svara på flera enkäter. Skriv **enkät svara** och numret:\n\n{lines}",
        "en": "You can answer several questionnaires. Type **questionnaire answer** and the "
        "number:\n\n{lines}",
    },
    # Reminders
    "questionnaires.remind.contact": {
        "sv": "Påminnelse: {organisation} har inte svarat på **{title}** än. "
        "Sista svarsdag är {day}.",
        "en": "Reminder: {organisation} has not answered **{title}** yet. The deadline is {day}.",
    },
    "questionnaires.remind.deputy": {
        "sv": "Hej {name}! Du är ersättare för {organisation}, som inte har svarat på "
        "**{title}** än. Sista svarsdag är {day} – kan du svara?",
        "en": "Hi {name}! You are the deputy for {organisation}, which has not answered "
        "**{title}** yet. The deadline is {day} – could you answer?",
    },
    "questionnaires.remind.overdue": {
        "sv": "Sista svarsdagen för **{title}** har passerat och {organisation} har inte "
        "svarat. Det går fortfarande att svara.",
        "en": "The deadline of **{title}** has passed and {organisation} has not answered. "
        "You can still answer.",
    },
    "questionnaires.nudge.missing": {
        "sv": "Enkät {number} **{title}**: {answered} av {total} har svarat, sista svarsdag "
        "{day}. Saknas: {missing}.",
        "en": "Questionnaire {number} **{title}**: {answered} of {total} have answered, "
        "deadline {day}. Missing: {missing}.",
    },
    # Results
    "questionnaires.results.not_allowed": {
        "sv": "Resultaten visas för processledare, ordförande och sekreterare.",
        "en": "Results are shown to process leaders, the chair and the secretary.",
    },
    "questionnaires.results.title": {"sv": "Resultat: {title}", "en": "Results: {title}"},
    "questionnaires.results.answered": {
        "sv": "{answered} av {total} organisationer har svarat.",
        "en": "{answered} of {total} organisations have answered.",
    },
    "questionnaires.results.missing": {"sv": "Saknas: {names}", "en": "Missing: {names}"},
    "questionnaires.results.free_text": {
        "sv": "{count} fritextsvar – se exporten.",
        "en": "{count} free-text answers – see the export.",
    },
    "questionnaires.results.total": {"sv": "Summa: {total}", "en": "Total: {total}"},
    "questionnaires.results.chart_file": {
        "sv": "Diagrammet är för stort för kortet – se filen {name}.",
        "en": "The chart is too large for the card – see the file {name}.",
    },
    "questionnaires.results.files": {
        "sv": "Resultat för enkät {number} som Excel-fil, CSV-fil och textfil (för dagordningen).",
        "en": "Results of questionnaire {number} as an Excel file, a CSV file and a text file "
        "(for the agenda).",
    },
    "questionnaires.export.organisation": {"sv": "Organisation", "en": "Organisation"},
    "questionnaires.export.answered_by": {"sv": "Besvarad av", "en": "Answered by"},
    "questionnaires.export.submitted": {"sv": "Inskickad", "en": "Submitted"},
    "questionnaires.export.not_answered": {"sv": "Ej besvarad", "en": "Not answered"},
    "questionnaires.export.total_row": {"sv": "Summa", "en": "Total"},
    "questionnaires.export.report_intro": {
        "sv": "Sista svarsdag {day}. {answered} av {total} organisationer har svarat.",
        "en": "Deadline {day}. {answered} of {total} organisations have answered.",
    },
    # Compare
    "questionnaires.compare.usage": {
        "sv": "Skriv **enkät jämför 5** (mot föregående omgång) eller **enkät jämför 5 3**.",
        "en": "Type **questionnaire compare 5** (with the previous round) or "
        "**questionnaire compare 5 3**.",
    },
    "questionnaires.compare.no_previous": {
        "sv": "Enkät {number} har ingen tidigare omgång. Nya omgångar skapas med "
        "**enkät kopiera {number}**.",
        "en": "Questionnaire {number} has no earlier round. New rounds are made with "
        "**questionnaire copy {number}**.",
    },
    "questionnaires.compare.not_same": {
        "sv": "Enkät {old} och {new} är inte omgångar av samma enkät.",
        "en": "Questionnaires {old} and {new} are not rounds of the same questionnaire.",
    },
    "questionnaires.compare.title": {
        "sv": "Jämförelse: {title} (enkät {old} → {new})",
        "en": "Comparison: {title} (questionnaire {old} → {new})",
    },
    "questionnaires.compare.changed": {
        "sv": "{count} ändrade svar.",
        "en": "{count} changed answers.",
    },
    "questionnaires.compare.unchanged": {"sv": "oförändrat", "en": "unchanged"},
    "questionnaires.compare.none_changed": {
        "sv": "Inga svar har ändrats mellan omgångarna.",
        "en": "No answers changed between the rounds.",
    },
    "questionnaires.compare.file": {
        "sv": "Jämförelsen som textfil.",
        "en": "The comparison as a text file.",
    },
    "questionnaires.digest.title": {
        "sv": "Enkäter som väntar på svar",
        "en": "Questionnaires awaiting answers",
    },
    "questionnaires.digest.missing": {
        "sv": "{title} (svar senast {day}). Saknas: {missing}",
        "en": "{title} (answers due {day}). Missing: {missing}",
    },
    "questionnaires.more_items": {"sv": "och {count} till", "en": "and {count} more"},
    "questionnaires.results.more_options": {
        "sv": "och {count} alternativ till (i diagrammet och i filen)",
        "en": "and {count} more options (in the chart and the file)",
    },
    "questionnaires.preview.shortened": {
        "sv": "Långa frågor och svarsalternativ är förkortade här (…). Den som svarar ser "
        "hela texten.",
        "en": "Long questions and options are shortened here (…). Those who answer see the "
        "full text.",
    },
    "questionnaires.compare.shortened": {
        "sv": "Långa frågor är förkortade (…). Allt finns i jämförelsefilen.",
        "en": "Long questions are shortened (…). Everything is in the comparison file.",
    },
    "questionnaires.results.chart_alt": {
        "sv": "Diagram över svaren på fråga {label}",
        "en": "Chart of the answers to question {label}",
    },
}
