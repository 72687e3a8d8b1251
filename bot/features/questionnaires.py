"""Follow-up questionnaires (issue #5): one answer per member organisation.

Only `enkät ny` is listed in the Teams command menu; the other words are shown on the
cards and in the help of the preview.
"""

from __future__ import annotations

from typing import Any

from bot.command_types import SCOPES_ALL, Command
from bot.features.types import CardAction, Feature, RecurringJob, Route
from cards.questionnaire_actions import (
    CancelQuestionnaire,
    CreateFromForm,
    OpenAnswerCard,
    SendQuestionnaire,
    ShowResults,
    SubmitAnswers,
)
from dialogs import questionnaire_answering, questionnaire_results, questionnaires
from dialogs.turn import Reply

GROUP = ("team", "groupChat")


def _command(
    key: str,
    sv: tuple[str, ...],
    en: tuple[str, ...],
    description_sv: str,
    description_en: str,
    *,
    scopes: tuple[str, ...] = GROUP,
    in_manifest: bool = False,
) -> Command:
    return Command(
        key=key,
        words_sv=sv,
        words_en=en,
        title_sv=sv[0],
        description_sv=description_sv,
        title_en=en[0],
        description_en=description_en,
        scopes=scopes,
        in_manifest=in_manifest,
    )


COMMANDS: tuple[Command, ...] = (
    _command(
        "questionnaire_new",
        ("enkät ny", "ny enkät"),
        ("questionnaire new", "new questionnaire"),
        "Processledare: skapa en uppföljningsenkät, en fråga per rad",
        "Process leaders: create a follow-up questionnaire, one question per line",
        in_manifest=True,
    ),
    _command(
        "questionnaire_copy",
        ("enkät kopiera",),
        ("questionnaire copy",),
        "Ny omgång med samma frågor: enkät kopiera 3",
        "A new round with the same questions: questionnaire copy 3",
    ),
    _command(
        "questionnaire_contact",
        ("enkät kontakt",),
        ("questionnaire contact",),
        "Byt kontaktperson: enkät kontakt Gnesta kommun @namn",
        "Change the contact: questionnaire contact Gnesta kommun @name",
    ),
    _command(
        "questionnaire_deputy",
        ("enkät ersättare",),
        ("questionnaire deputy",),
        "Sätt ersättare: enkät ersättare Gnesta kommun @namn",
        "Set the deputy: questionnaire deputy Gnesta kommun @name",
    ),
    _command(
        "questionnaire_list",
        ("enkät lista", "enkäter"),
        ("questionnaire list", "questionnaires"),
        "Visa gruppens enkäter",
        "Show the group's questionnaires",
    ),
    _command(
        "questionnaire_status",
        ("enkät status",),
        ("questionnaire status",),
        "Vilka organisationer har svarat: enkät status 3",
        "Which organisations have answered: questionnaire status 3",
    ),
    _command(
        "questionnaire_close",
        ("enkät stäng",),
        ("questionnaire close",),
        "Stäng en enkät för fler svar: enkät stäng 3",
        "Close a questionnaire to further answers: questionnaire close 3",
    ),
    _command(
        "questionnaire_results",
        ("enkät resultat",),
        ("questionnaire results",),
        "Sammanställning och export (CSV, Excel, Markdown): enkät resultat 3",
        "Summary and export (CSV, Excel, Markdown): questionnaire results 3",
    ),
    _command(
        "questionnaire_compare",
        ("enkät jämför",),
        ("questionnaire compare",),
        "Jämför två omgångar: enkät jämför 5 3",
        "Compare two rounds: questionnaire compare 5 3",
    ),
    _command(
        "questionnaire_answer",
        ("enkät svara",),
        ("questionnaire answer",),
        "Svara på en enkät för din organisation",
        "Answer a questionnaire for your organisation",
        scopes=SCOPES_ALL,
    ),
)


async def _new(route: Route) -> list[Reply]:
    body = questionnaires.command_body(route.turn, route.argument)
    return await questionnaires.start_new(route.session, route.turn, body)


async def _copy(route: Route) -> list[Reply]:
    return await questionnaires.copy(route.session, route.turn, route.argument)


async def _contact(route: Route) -> list[Reply]:
    return await questionnaires.set_contact(route.session, route.turn, route.argument, deputy=False)


async def _deputy(route: Route) -> list[Reply]:
    return await questionnaires.set_contact(route.session, route.turn, route.argument, deputy=True)


async def _list(route: Route) -> list[Reply]:
    return await questionnaires.show_list(route.session, route.turn)


async def _status(route: Route) -> list[Reply]:
    return await questionnaires.show_status(route.session, route.turn, route.argument)


async def _close(route: Route) -> list[Reply]:
    return await questionnaires.close(route.session, route.turn, route.argument)


async def _results(route: Route) -> list[Reply]:
    return await questionnaire_results.show_results(route.session, route.turn, route.argument)


async def _compare(route: Route) -> list[Reply]:
    return await questionnaire_results.compare(route.session, route.turn, route.argument)


async def _answer(route: Route) -> list[Reply]:
    return await questionnaire_answering.answer_command(route.session, route.turn, route.argument)


async def _create_form(route: Route, payload: Any) -> list[Reply]:
    return await questionnaires.create_from_form(route.session, route.turn, payload)


async def _send(route: Route, payload: Any) -> list[Reply]:
    return await questionnaires.send(route.session, route.turn, payload.questionnaire_id)


async def _cancel(route: Route, payload: Any) -> list[Reply]:
    return await questionnaires.cancel(route.session, route.turn, payload.questionnaire_id)


async def _open(route: Route, payload: Any) -> list[Reply]:
    return await questionnaire_answering.open_card(route.session, route.turn, payload)


async def _submit(route: Route, payload: Any) -> list[Reply]:
    return await questionnaire_answering.submit(route.session, route.turn, payload)


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
        "questionnaire_copy": _copy,
        "questionnaire_contact": _contact,
        "questionnaire_deputy": _deputy,
        "questionnaire_list": _list,
        "questionnaire_status": _status,
        "questionnaire_close": _close,
        "questionnaire_results": _results,
        "questionnaire_compare": _compare,
        "questionnaire_answer": _answer,
    },
    card_actions={
        "questionnaire_create": CardAction(CreateFromForm, _create_form),
        "questionnaire_send": CardAction(SendQuestionnaire, _send),
        "questionnaire_cancel": CardAction(CancelQuestionnaire, _cancel),
        "questionnaire_open": CardAction(OpenAnswerCard, _open),
        "questionnaire_answer": CardAction(SubmitAnswers, _submit),
        "questionnaire_results": CardAction(ShowResults, _results_button),
    },
    jobs=(
        RecurringJob(
            "questionnaire_reminders", path="dialogs.questionnaire_reminders:run", seconds=900
        ),
    ),
)
