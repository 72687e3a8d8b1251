"""Follow-up questionnaires (issue #5): one answer per member organisation.

Only `enkät ny` is listed in the Teams command menu; the other words are shown on the
cards and in the help of the preview.
"""

from __future__ import annotations

from typing import Any

from bot.features.types import (
    CardAction,
    Feature,
    RecurringJob,
    Route,
    action_flow,
    command_flow,
    no_change,
    turn_flow,
)
from bot.routing.command_types import SCOPES_ALL, SCOPES_GROUP, Command, command
from cards.questionnaires.actions import (
    CancelQuestionnaire,
    CloseQuestionnaire,
    CreateFromForm,
    OpenAnswerCard,
    SendQuestionnaire,
    ShowResults,
    SubmitAnswers,
    ViewStatus,
)
from dialogs.questionnaires import answering as questionnaire_answering
from dialogs.questionnaires import creation as questionnaires
from dialogs.questionnaires import digest as questionnaire_digest
from dialogs.questionnaires import results as questionnaire_results
from dialogs.questionnaires.own_status import own_status_card
from dialogs.turn import Reply

COMMANDS: tuple[Command, ...] = (
    command(
        "questionnaire_new",
        ("enkät ny", "ny enkät"),
        ("questionnaire new", "new questionnaire"),
        "Processledare: skapa en uppföljningsenkät, en fråga per rad",
        "Process leaders: create a follow-up questionnaire, one question per line",
        scopes=SCOPES_GROUP,
    ),
    command(
        "questionnaire_copy",
        ("enkät kopiera",),
        ("questionnaire copy",),
        "Ny omgång med samma frågor: enkät kopiera 3",
        "A new round with the same questions: questionnaire copy 3",
        scopes=SCOPES_GROUP,
        in_manifest=False,
    ),
    command(
        "questionnaire_contact",
        ("enkät kontakt",),
        ("questionnaire contact",),
        "Byt kontaktperson: enkät kontakt Gnesta kommun @namn",
        "Change the contact: questionnaire contact Gnesta kommun @name",
        scopes=SCOPES_GROUP,
        in_manifest=False,
    ),
    command(
        "questionnaire_deputy",
        ("enkät ersättare",),
        ("questionnaire deputy",),
        "Sätt ersättare: enkät ersättare Gnesta kommun @namn",
        "Set the deputy: questionnaire deputy Gnesta kommun @name",
        scopes=SCOPES_GROUP,
        in_manifest=False,
    ),
    command(
        "questionnaire_list",
        ("enkät lista", "enkäter"),
        ("questionnaire list", "questionnaires"),
        "Visa gruppens enkäter",
        "Show the group's questionnaires",
        scopes=SCOPES_GROUP,
        in_manifest=False,
    ),
    command(
        "questionnaire_status",
        ("enkät status",),
        ("questionnaire status",),
        "Vilka organisationer har svarat: enkät status 3",
        "Which organisations have answered: questionnaire status 3",
        scopes=SCOPES_GROUP,
        in_manifest=False,
    ),
    command(
        "questionnaire_close",
        ("enkät stäng",),
        ("questionnaire close",),
        "Stäng en enkät för fler svar: enkät stäng 3",
        "Close a questionnaire to further answers: questionnaire close 3",
        scopes=SCOPES_GROUP,
        in_manifest=False,
    ),
    command(
        "questionnaire_results",
        ("enkät resultat",),
        ("questionnaire results",),
        "Sammanställning, och filer för Excel och dagordningen: enkät resultat 3",
        "Summary, and files for Excel and the agenda: questionnaire results 3",
        scopes=SCOPES_GROUP,
        in_manifest=False,
    ),
    command(
        "questionnaire_compare",
        ("enkät jämför",),
        ("questionnaire compare",),
        "Jämför två omgångar: enkät jämför 5 3",
        "Compare two rounds: questionnaire compare 5 3",
        scopes=SCOPES_GROUP,
        in_manifest=False,
    ),
    command(
        "questionnaire_answer",
        ("enkät svara",),
        ("questionnaire answer",),
        "Svara på en enkät för din organisation",
        "Answer a questionnaire for your organisation",
        scopes=SCOPES_ALL,
        in_manifest=False,
    ),
)


async def _new(route: Route) -> list[Reply]:
    body = questionnaires.command_body(route.turn, route.argument)
    return await questionnaires.start_new(route.session, route.turn, body)


async def _contact(route: Route) -> list[Reply]:
    return await questionnaires.set_contact(route.session, route.turn, route.argument, deputy=False)


async def _deputy(route: Route) -> list[Reply]:
    return await questionnaires.set_contact(route.session, route.turn, route.argument, deputy=True)


async def _send(route: Route, payload: Any) -> list[Reply]:
    return await questionnaires.send(route.session, route.turn, payload.questionnaire_id)


async def _cancel(route: Route, payload: Any) -> list[Reply]:
    return await questionnaires.cancel(route.session, route.turn, payload.questionnaire_id)


async def _results_button(route: Route, payload: Any) -> list[Reply]:
    return await questionnaire_results.results_button(
        route.session, route.turn, payload.questionnaire_id
    )


FEATURE = Feature(
    name="questionnaires",
    order=30,
    commands=COMMANDS,
    handlers={
        "questionnaire_new": _new,
        "questionnaire_copy": command_flow(questionnaires.copy),
        "questionnaire_contact": _contact,
        "questionnaire_deputy": _deputy,
        "questionnaire_list": turn_flow(questionnaires.show_list),
        "questionnaire_status": command_flow(questionnaires.show_status),
        "questionnaire_close": command_flow(questionnaires.close),
        "questionnaire_results": command_flow(questionnaire_results.show_results),
        "questionnaire_compare": command_flow(questionnaire_results.compare),
        "questionnaire_answer": command_flow(questionnaire_answering.answer_command),
    },
    # The status card's buttons are Action.Execute: "Resultat" and the card's refresh are
    # answered with the sender's own view (dialogs/questionnaires/own_status.py); "Svara"
    # with the answer form, for the clicker only (dialogs/questionnaires/answering.py);
    # "Stäng enkäten" (organisers' own view only) closes it as `enkät stäng` does.
    card_actions={
        "questionnaire_create": CardAction(
            CreateFromForm, action_flow(questionnaires.create_from_form)
        ),
        "questionnaire_send": CardAction(SendQuestionnaire, _send),
        "questionnaire_cancel": CardAction(CancelQuestionnaire, _cancel),
        "questionnaire_open": CardAction(
            OpenAnswerCard, action_flow(questionnaire_answering.open_card)
        ),
        "questionnaire_answer": CardAction(
            SubmitAnswers, action_flow(questionnaire_answering.submit)
        ),
        "questionnaire_results": CardAction(ShowResults, _results_button, view=own_status_card),
        "questionnaire_view": CardAction(ViewStatus, no_change, view=own_status_card),
        "questionnaire_close": CardAction(
            CloseQuestionnaire, action_flow(questionnaires.close_button), view=own_status_card
        ),
    },
    jobs=(
        RecurringJob(
            "questionnaire_reminders", path="dialogs.questionnaires.reminders:run", seconds=900
        ),
    ),
    digest_sections=(questionnaire_digest.DIGEST_SECTION,),
)
