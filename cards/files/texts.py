"""What the bot says about a file it was sent: why it cannot read it, and where it
cannot fetch it. Keys `minutes_file.*` are the values of
dialogs.text.minutes_files.MinutesFileProblem plus the edge's download problems, and
`minutes_file.unread.*` the parts of minutes a readable file lacked."""

from __future__ import annotations

from cards.i18n import Language

TEXTS: dict[str, dict[Language, str]] = {
    "minutes_file.empty": {
        "sv": "Filen är tom, så det finns inget protokoll att läsa. Kontrollera att du "
        "skickade rätt fil.",
        "en": "The file is empty, so there are no minutes to read. Check that you sent the "
        "right file.",
    },
    "minutes_file.too_large": {
        "sv": "Filen är större än 5 MB och det är för stort för mig. Spara protokollet utan "
        "bilder och skicka det igen, eller skriv **protokoll** och klistra in texten.",
        "en": "The file is larger than 5 MB, which is too large for me. Save the minutes "
        "without pictures and send them again, or type **minutes** and paste the text.",
    },
    "minutes_file.encrypted": {
        "sv": "Filen är lösenordsskyddad, så jag kan inte läsa den. Spara en kopia utan "
        "lösenord och skicka den, eller skriv **protokoll** och klistra in texten.",
        "en": "The file is password-protected, so I cannot read it. Save a copy without a "
        "password and send that, or type **minutes** and paste the text.",
    },
    "minutes_file.image_only": {
        "sv": "PDF-filen innehåller bara bilder (ett inskannat dokument) och ingen text som "
        "jag kan läsa. Skicka originalet som Word- eller PDF-fil med text, eller skriv "
        "**protokoll** och klistra in texten.",
        "en": "The PDF contains only pictures (a scanned document) and no text I can read. "
        "Send the original as a Word file or a PDF with text, or type **minutes** and paste "
        "the text.",
    },
    "minutes_file.unsupported": {
        "sv": "Jag kan läsa protokoll som Word-fil (.docx), PDF, .txt eller .md. Spara filen i "
        "något av de formaten och skicka den igen.",
        "en": "I can read minutes as a Word file (.docx), PDF, .txt or .md. Save the file in "
        "one of those formats and send it again.",
    },
    "minutes_file.corrupt": {
        "sv": "Filen går inte att öppna: den verkar vara skadad eller ofullständig. Spara "
        "den på nytt och skicka den igen.",
        "en": "The file cannot be opened: it seems damaged or incomplete. Save it again and "
        "send it once more.",
    },
    "minutes_file.download_failed": {
        "sv": "Jag kunde inte hämta filen från Teams. Försök igen om en stund, eller skriv "
        "**protokoll** och klistra in texten.",
        "en": "I could not fetch the file from Teams. Try again in a while, or type "
        "**minutes** and paste the text.",
    },
    "minutes_file.channel_needs_graph": {
        "sv": "Filer som delas här kan jag inte hämta. Skicka filen till mig i vår "
        "personliga chatt, eller skriv **protokoll** och klistra in texten.",
        "en": "I cannot fetch files shared here. Send the file to me in our personal chat, "
        "or type **minutes** and paste the text.",
    },
    "minutes_file.one_at_a_time": {
        "sv": "Skicka ett protokoll i taget, så läser jag det.",
        "en": "Send one set of minutes at a time and I will read it.",
    },
    "minutes_file.no_group": {
        "sv": "Du är inte medlem i någon grupp där jag finns, så besluten har ingenstans att "
        "sparas. Lägg till mig i gruppens team eller chatt först.",
        "en": "You are not a member of any group I am in, so the decisions have nowhere to "
        "be saved. Add me to the group's team or chat first.",
    },
    "minutes_file.pick_title": {
        "sv": "Vilken grupp gäller protokollet?",
        "en": "Which group are these minutes for?",
    },
    "minutes_file.pick_intro": {
        "sv": "Jag har läst {name}. Du är med i flera grupper: välj gruppen, så visar jag "
        "besluten jag hittade. Inget är sparat än.",
        "en": "I have read {name}. You are in several groups: choose the group and I will "
        "show the decisions I found. Nothing is saved yet.",
    },
    "minutes_file.group": {"sv": "Grupp: {group}", "en": "Group: {group}"},
    # A file read as far as it goes (a minutes draft edited out of shape): what it lacked.
    "minutes_file.unread": {
        "sv": "Det här kunde jag inte läsa i filen, så det kommer inte med:",
        "en": "This I could not read in the file, so it is left out:",
    },
    "minutes_file.unread.date": {
        "sv": "mötesdatum (skriv till exempel ”Datum: måndag 30 november 2026” överst)",
        "en": "the meeting date (write e.g. “Datum: måndag 30 november 2026” at the top)",
    },
    "minutes_file.unread.items": {
        "sv": "dagordningens punkter (numrerade rubriker som ”1. Föregående minnesanteckningar”)",
        "en": "the agenda items (numbered headings such as “1. Föregående minnesanteckningar”)",
    },
    "minutes_file.unread.present": {
        "sv": "vilka som var närvarande (en rubrik ”Närvarande” med namnen under)",
        "en": "who was present (a heading “Närvarande” with the names under it)",
    },
    "minutes_file.next_meeting": {
        "sv": "Nästa möte enligt minnesanteckningarna: {when}. Kalla till det med "
        "**möte {typed}** när tid och plats är bestämda.",
        "en": "Next meeting according to the minutes: {when}. Call it with "
        "**meeting {typed}** once time and place are set.",
    },
}
