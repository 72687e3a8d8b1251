"""Strings for the day-off warning on proposed dates and called meetings."""

from __future__ import annotations

from cards.i18n import Language

TEXTS: dict[str, dict[Language, str]] = {
    "days_off.title": {
        "sv": "Obs! Inte en arbetsdag",
        "en": "Note: not a working day",
    },
    "days_off.weekend": {
        "sv": "{day} är ingen arbetsdag.",
        "en": "{day} is not a working day.",
    },
    "days_off.holiday": {
        "sv": "{day} är {holiday}, ingen arbetsdag.",
        "en": "{day} is {holiday}, not a working day.",
    },
    "days_off.nearest": {
        "sv": "Närmaste arbetsdag är {day}.",
        "en": "The nearest working day is {day}.",
    },
    "days_off.poll_hint": {
        "sv": "Omröstningen är skapad med datumen som de är. Du kan byta datum med knappen, "
        "så länge ingen har svarat för den dagen.",
        "en": "The poll has been created with the dates as they are. You can change a date "
        "with the button, as long as nobody has answered for that day.",
    },
    "days_off.meeting_hint": {
        "sv": "Kallelsen är skickad med det datumet. Du kan flytta mötet med knappen, så "
        "länge ingen har svarat på kallelsen.",
        "en": "The invitation has been sent with that date. You can move the meeting with "
        "the button, as long as nobody has answered the invitation.",
    },
    "days_off.poll_button": {
        "sv": "Byt {day} till {to}",
        "en": "Change {day} to {to}",
    },
    "days_off.meeting_button": {
        "sv": "Flytta mötet till {to}",
        "en": "Move the meeting to {to}",
    },
    "days_off.poll_moved": {
        "sv": "Klart: {day} är bytt till {to} i omröstningen.",
        "en": "Done: {day} has been changed to {to} in the poll.",
    },
    "days_off.meeting_moved": {
        "sv": "Klart: mötet är flyttat till {to}.",
        "en": "Done: the meeting has been moved to {to}.",
    },
    "days_off.poll_not_moved": {
        "sv": "Datumet kan inte bytas längre: någon har redan svarat för den dagen, eller "
        "omröstningen är stängd. Föreslå nya datum om det behövs.",
        "en": "The date can no longer be changed: someone has already answered for that "
        "day, or the poll is closed. Propose new dates if needed.",
    },
    "days_off.meeting_not_moved": {
        "sv": "Mötet kan inte flyttas längre: någon har redan svarat på kallelsen eller lagt "
        "in den i sin kalender. Kalla till ett nytt möte om det behövs.",
        "en": "The meeting can no longer be moved: someone has already answered the "
        "invitation or put it in their calendar. Call a new meeting if needed.",
    },
    "days_off.bad_day": {
        "sv": "Det datumet kan jag inte byta till.",
        "en": "I cannot change to that date.",
    },
}
