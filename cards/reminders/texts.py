"""Reminder strings, Swedish and English (found by cards.i18n)."""

from __future__ import annotations

from cards.i18n import Language

TEXTS: dict[str, dict[Language, str]] = {
    # Snooze on a personal nudge
    "reminders.snooze.button": {"sv": "Påminn mig om 2 dagar", "en": "Remind me in 2 days"},
    "reminders.snooze.prompt": {
        "sv": "Passar det inte nu? Jag kan påminna dig igen om två dagar.",
        "en": "Not a good moment? I can remind you again in two days.",
    },
    "reminders.snoozed": {
        "sv": "Okej, jag påminner dig igen {when}.",
        "en": "All right, I will remind you again on {when}.",
    },
    "reminders.snooze.stale": {
        "sv": "Den påminnelsen är inte längre aktuell.",
        "en": "That reminder no longer applies.",
    },
    "reminders.snooze.not_yours": {
        "sv": "Den här påminnelsen gäller någon annan, så bara den personen kan skjuta upp den.",
        "en": "This reminder is for someone else, so only that person can put it off.",
    },
    # Personal opt-out
    "reminders.personal.off": {
        "sv": "Klart: du får inga personliga påminnelser från mig. Skriv **påminnelser på** "
        "för att få dem igen.",
        "en": "Done: you will get no personal reminders from me. Type **reminders on** to "
        "get them again.",
    },
    "reminders.personal.on": {
        "sv": "Klart: du får personliga påminnelser igen.",
        "en": "Done: you will get personal reminders again.",
    },
    "reminders.personal.unknown_sender": {
        "sv": "Jag kan inte se vem du är i Teams, så jag kan inte ändra dina påminnelser.",
        "en": "I cannot tell who you are in Teams, so I cannot change your reminders.",
    },
    "reminders.personal.already_off": {
        "sv": "Dina personliga påminnelser är redan avstängda.",
        "en": "Your personal reminders are already off.",
    },
    "reminders.personal.already_on": {
        "sv": "Dina personliga påminnelser är redan på.",
        "en": "Your personal reminders are already on.",
    },
    # Group pause and settings
    "reminders.paused": {
        "sv": "Gruppens påminnelser är pausade. Påminnelser som infaller under pausen "
        "skickas inte. Skriv **påminnelser återuppta** för att slå på dem igen.",
        "en": "The group's reminders are paused. Reminders that fall due during the pause "
        "are not sent. Type **reminders resume** to turn them back on.",
    },
    "reminders.resumed": {
        "sv": "Gruppens påminnelser är på igen.",
        "en": "The group's reminders are back on.",
    },
    "reminders.already_paused": {
        "sv": "Gruppens påminnelser är redan pausade.",
        "en": "The group's reminders are already paused.",
    },
    "reminders.already_running": {
        "sv": "Gruppens påminnelser är redan på.",
        "en": "The group's reminders are already on.",
    },
    "reminders.organiser_only": {
        "sv": "Bara gruppens ordförande eller sekreterare kan ändra gruppens påminnelser.",
        "en": "Only the group's chair or secretary can change the group's reminders.",
    },
    "reminders.group_only": {
        "sv": "Det gör du i gruppens kanal eller gruppchatt, där påminnelserna hör hemma.",
        "en": "Do that in the group's channel or group chat, where its reminders belong.",
    },
    "reminders.usage": {
        "sv": "Så här: **påminnelser** visar vad som är schemalagt. **påminnelser av** och "
        "**påminnelser på** gäller dina personliga påminnelser. Ordförande och sekreterare: "
        "**påminnelser paus**, **påminnelser återuppta**, **påminnelser kontorstid 8-16**, "
        "**påminnelser regel {rule} av** eller **påminnelser regel {rule} 3 dagar**.",
        "en": "Like this: **reminders** shows what is scheduled. **reminders off** and "
        "**reminders on** are about your personal reminders. Chair and secretary: "
        "**reminders pause**, **reminders resume**, **reminders office hours 8-16**, "
        "**reminders rule {rule} off** or **reminders rule {rule} 3 days**.",
    },
    "reminders.hours.set": {
        "sv": "Gruppens påminnelser skickas nu kl {start}–{end} på arbetsdagar.",
        "en": "The group's reminders are now sent {start}–{end} on working days.",
    },
    "reminders.hours.invalid": {
        "sv": "Ange kontorstiden som två hela timmar, t.ex. **påminnelser kontorstid 8-16** "
        "(mellan 0 och 23, början före slut).",
        "en": "Give office hours as two whole hours, e.g. **reminders office hours 8-16** "
        "(between 0 and 23, start before end).",
    },
    "reminders.rule.unknown": {
        "sv": "Det finns ingen påminnelseregel som heter {rule}. Reglerna är: {rules}.",
        "en": "There is no reminder rule called {rule}. The rules are: {rules}.",
    },
    "reminders.rule.enabled": {
        "sv": "Regeln {rule} är nu på.",
        "en": "The rule {rule} is now on.",
    },
    "reminders.rule.disabled": {
        "sv": "Regeln {rule} är nu avstängd.",
        "en": "The rule {rule} is now off.",
    },
    "reminders.rule.lead": {
        "sv": "Regeln {rule} påminner nu {days} dagar i förväg.",
        "en": "The rule {rule} now reminds {days} days ahead.",
    },
    "reminders.rule.lead_invalid": {
        "sv": "Ange antal dagar mellan 0 och {max}, t.ex. **3 dagar**.",
        "en": "Give a number of days between 0 and {max}, e.g. **3 days**.",
    },
    # Overview card
    "reminders.overview.title": {
        "sv": "Påminnelser för {group}",
        "en": "Reminders for {group}",
    },
    "reminders.overview.scheduled": {"sv": "Schemalagt", "en": "Scheduled"},
    "reminders.overview.none": {
        "sv": "Inget är schemalagt just nu.",
        "en": "Nothing is scheduled right now.",
    },
    "reminders.overview.line": {
        "sv": "{when}: {kind} ({count} mottagare)",
        "en": "{when}: {kind} ({count} recipients)",
    },
    "reminders.overview.more": {
        "sv": "… och {count} till.",
        "en": "… and {count} more.",
    },
    "reminders.overview.state": {"sv": "Läge", "en": "State"},
    "reminders.overview.running": {"sv": "På", "en": "On"},
    "reminders.overview.paused_state": {"sv": "Pausade", "en": "Paused"},
    "reminders.overview.hours": {"sv": "Kontorstid", "en": "Office hours"},
    "reminders.overview.hours_value": {
        "sv": "kl {start}–{end} på arbetsdagar",
        "en": "{start}–{end} on working days",
    },
    "reminders.overview.rules": {"sv": "Regler", "en": "Rules"},
    "reminders.overview.rule_on": {
        "sv": "på, {days} dagar i förväg",
        "en": "on, {days} days ahead",
    },
    "reminders.overview.rule_on_plain": {"sv": "på", "en": "on"},
    "reminders.overview.rule_off": {"sv": "av", "en": "off"},
    "reminders.overview.failing": {
        "sv": "Har inte gått fram än",
        "en": "Not delivered yet",
    },
    "reminders.overview.failing_value": {
        "sv": "{count} meddelanden (Teams svarar med fel; boten försöker igen)",
        "en": "{count} messages (Teams answers with an error; the bot keeps trying)",
    },
    "reminders.overview.failed": {
        "sv": "Kunde inte skickas",
        "en": "Could not be sent",
    },
    "reminders.overview.failed_value": {
        "sv": "{count} meddelanden kom inte fram och skickas inte igen",
        "en": "{count} messages did not get through and are not sent again",
    },
    "reminders.overview.personal": {
        "sv": "Dina personliga påminnelser",
        "en": "Your personal reminders",
    },
    "reminders.overview.personal_on": {"sv": "på", "en": "on"},
    "reminders.overview.personal_off": {"sv": "av", "en": "off"},
    "reminders.overview.yours": {
        "sv": "Schemalagda till dig",
        "en": "Scheduled for you",
    },
    "reminders.overview.hint": {
        "sv": "Skriv **påminnelser av** om du inte vill ha personliga påminnelser.",
        "en": "Type **reminders off** if you do not want personal reminders.",
    },
    # Weekly digest
    "reminders.digest.title": {
        "sv": "Veckans läge – {group}",
        "en": "This week – {group}",
    },
    "reminders.digest.week": {"sv": "Vecka {week}", "en": "Week {week}"},
    "reminders.digest.section.reminders": {
        "sv": "Påminnelser denna vecka",
        "en": "Reminders this week",
    },
    "reminders.digest.reminders_none": {
        "sv": "Inga påminnelser planerade denna vecka.",
        "en": "No reminders planned this week.",
    },
    "reminders.digest.line": {
        "sv": "{when}: {kind} ({count})",
        "en": "{when}: {kind} ({count})",
    },
    "reminders.digest.footer": {
        "sv": "Skriv **påminnelser** för att se allt som är schemalagt.",
        "en": "Type **reminders** to see everything that is scheduled.",
    },
    "reminders.digest.text": {
        "sv": "Veckans läge för {group}",
        "en": "This week for {group}",
    },
    "reminders.rule.digest": {"sv": "veckans läge", "en": "weekly digest"},
    # Kinds as people read them (unknown kinds are shown by their code)
    "reminders.kind.weekly_digest": {"sv": "Veckans läge", "en": "Weekly digest"},
    "reminders.kind.poll_closing_soon": {
        "sv": "Datumförslaget stänger snart",
        "en": "Date poll closing soon",
    },
    "reminders.kind.poll_result": {"sv": "Resultat av datumförslag", "en": "Date poll result"},
    "reminders.kind.poll_closed_card": {
        "sv": "Stängt datumförslag (uppdatering)",
        "en": "Closed date poll (update)",
    },
    "reminders.kind.questionnaire_invite": {"sv": "Enkät skickas", "en": "Questionnaire sent"},
    "reminders.kind.questionnaire_nudge": {
        "sv": "Påminnelse om enkät",
        "en": "Questionnaire reminder",
    },
    "reminders.kind.questionnaire_reminder": {
        "sv": "Påminnelse om enkät",
        "en": "Questionnaire reminder",
    },
    "reminders.kind.decision_reminder": {
        "sv": "Påminnelse om beslut",
        "en": "Decision reminder",
    },
    "reminders.kind.meeting_rsvp_reminder": {
        "sv": "Påminnelse om svar på kallelse",
        "en": "Meeting reply reminder",
    },
    "reminders.kind.questionnaire_status": {
        "sv": "Enkätens status (uppdatering)",
        "en": "Questionnaire status (update)",
    },
    "reminders.pause_until.set": {
        "sv": "Gruppens påminnelser är pausade till {day}. Påminnelser som infaller under "
        "pausen skickas inte. De kommer igång av sig själva den dagen, eller direkt med "
        "**påminnelser återuppta**.",
        "en": "The group's reminders are paused until {day}. Reminders that fall due during "
        "the pause are not sent. They start again by themselves that day, or at once with "
        "**reminders resume**.",
    },
    "reminders.pause_until.already": {
        "sv": "Gruppens påminnelser är redan pausade till {day}.",
        "en": "The group's reminders are already paused until {day}.",
    },
    "reminders.pause_until.invalid": {
        "sv": "Skriv vilken dag påminnelserna ska komma igång igen, t.ex. **påminnelser paus "
        "till 7/1**. Dagen ska vara inom ett år.",
        "en": "Say on which day the reminders should start again, e.g. **reminders pause "
        "until 7/1**. The day must be within a year.",
    },
    "reminders.overview.paused_until": {"sv": "Pausade till {day}", "en": "Paused until {day}"},
    "reminders.remind_me.tomorrow": {"sv": "Påminn mig i morgon", "en": "Remind me tomorrow"},
    "reminders.remind_me.days": {
        "sv": "Påminn mig om {days} dagar",
        "en": "Remind me in {days} days",
    },
    "reminders.overview.due": {"sv": "Väntar nu", "en": "Waiting now"},
    # `påminnelser` in the personal chat: what waits for me in every group.
    "reminders.personal.due": {"sv": "Väntar på dig", "en": "Waiting for you"},
    "reminders.personal.nothing_due": {
        "sv": "Inget väntar på dig just nu.",
        "en": "Nothing is waiting for you right now.",
    },
    "reminders.personal.decision": {
        "sv": "Beslut i {group}: {title}, klart senast {day}",
        "en": "Decision in {group}: {title}, due {day}",
    },
    "reminders.personal.decision_overdue": {
        "sv": "Beslut i {group}: {title}, skulle ha varit klart {day}",
        "en": "Decision in {group}: {title}, was due {day}",
    },
    "reminders.personal.task": {
        "sv": "Uppgift i {group}: {title}, klar senast {day}",
        "en": "Task in {group}: {title}, due {day}",
    },
    "reminders.personal.task_overdue": {
        "sv": "Uppgift i {group}: {title}, skulle ha varit klar {day}",
        "en": "Task in {group}: {title}, was due {day}",
    },
    "reminders.personal.questionnaire": {
        "sv": "Enkät i {group}: {title}, svara för {organisation} senast {day}",
        "en": "Questionnaire in {group}: {title}, answer for {organisation} by {day}",
    },
    "reminders.personal.poll": {
        "sv": "Datumförslag i {group}: {title}, svara senast {day}",
        "en": "Date poll in {group}: {title}, answer by {day}",
    },
    "reminders.personal.meeting": {
        "sv": "Möte i {group}: {title} {day}, svara om du kommer",
        "en": "Meeting in {group}: {title} on {day}, say whether you will come",
    },
    "reminders.personal.more": {"sv": "… och {count} till", "en": "… and {count} more"},
}
