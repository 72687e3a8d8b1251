"""Decision register (issue #3): log, follow up and find the group's decisions.

Teams shows at most 10 commands per scope and the features share them, so only `beslut`
and `beslut lista` are in the command menu; `beslut sök`, `beslut uppföljning`,
`beslut ny` and `protokoll` are on the help card, the usage text and the cards.
"""

from __future__ import annotations

from bot.features.types import (
    CardAction,
    Feature,
    InvokeResult,
    RecurringJob,
    Route,
    action_flow,
    command_flow,
    no_change,
    turn_flow,
)
from bot.routing.command_types import SCOPES_GROUP, Command, command
from cards.decisions.actions import (
    DecisionForm,
    DecisionViewAction,
    ListMore,
    MinutesConfirm,
    MinutesPage,
    MinutesPaste,
    MinutesPickGroup,
    SearchMore,
    ShowDecision,
    StatusChange,
)
from dialogs.decisions import digest as decision_digest
from dialogs.decisions import forms as decision_forms
from dialogs.decisions import lists as decision_lists
from dialogs.decisions import mine as my_decisions
from dialogs.decisions import minutes_import as decision_minutes
from dialogs.decisions import minutes_upload
from dialogs.decisions import register as decisions
from dialogs.decisions.own_view import own_decision_card
from dialogs.turn import Reply

MESSAGE_ACTION = "logDecision"


COMMANDS: tuple[Command, ...] = (
    command(
        "decision_log",
        ("beslut",),
        ("decision",),
        "Logga ett beslut: beslut: Gabriel kontaktar samordnarna senast 15/3",
        "Log a decision: decision: Gabriel contacts the coordinators by 15/3",
        scopes=SCOPES_GROUP,
    ),
    command(
        "my_decisions",
        ("mina beslut", "mina uppgifter"),
        ("my decisions", "my tasks"),
        "Dina öppna beslut och uppgifter i alla grupper, även här i vår chatt",
        "Your open decisions and tasks in all groups, also here in our chat",
        in_manifest=False,
    ),
    command(
        "decision_list",
        ("beslut lista",),
        ("decision list",),
        "Gruppens öppna beslut, försenade först",
        "The group's open decisions, overdue first",
        scopes=SCOPES_GROUP,
    ),
    command(
        "decision_search",
        ("beslut sök",),
        ("decision search",),
        "Sök i gruppens beslut: beslut sök VITS",
        "Search the group's decisions: decision search VITS",
        scopes=SCOPES_GROUP,
        in_manifest=False,
    ),
    command(
        "decision_follow_up",
        ("beslut uppföljning",),
        ("decision follow-up", "decision followup"),
        "Uppföljning av beslut inför nästa möte, som kort och filer",
        "Follow-up of decisions for the next meeting, as a card and files",
        scopes=SCOPES_GROUP,
        in_manifest=False,
    ),
    command(
        "decision_new",
        ("beslut ny", "nytt beslut"),
        ("decision new", "new decision"),
        "Logga ett beslut i ett formulär",
        "Log a decision in a form",
        scopes=SCOPES_GROUP,
        in_manifest=False,
    ),
    command(
        "decision_minutes",
        ("protokoll", "minnesanteckningar"),
        ("minutes",),
        "Klistra in protokollet: jag hittar besluten, du bekräftar",
        "Paste the minutes: I find the decisions, you confirm",
        scopes=SCOPES_GROUP,
        in_manifest=False,
    ),
)


async def _new(route: Route) -> list[Reply]:
    if route.argument:
        # "beslut ny rutin för SIP tas fram …" is a decision, not a request for the form.
        first, _, rest = route.turn.text.partition(" ")
        text = rest if first.casefold().rstrip(":") in ("beslut", "decision") else route.argument
        return await decisions.log_from_text(route.session, route.turn, text)
    return await decision_forms.open_form(route.session, route.turn)


async def _fetch_task(route: Route) -> InvokeResult:
    return InvokeResult(body=await decision_forms.fetch_task(route.session, route.turn))


async def _submit_action(route: Route) -> InvokeResult:
    replies = await decision_forms.submit_action(route.session, route.turn)
    # An empty answer closes the dialog; the decision card is posted in the conversation.
    return InvokeResult(body={}, replies=replies)


FEATURE = Feature(
    name="decisions",
    order=10,
    commands=COMMANDS,
    handlers={
        "decision_log": command_flow(decisions.log_from_text),
        "decision_new": _new,
        "decision_list": command_flow(decision_lists.show_list),
        "my_decisions": turn_flow(my_decisions.show_mine),
        "decision_search": command_flow(decision_lists.search),
        "decision_follow_up": command_flow(decision_lists.follow_up),
        "decision_minutes": command_flow(decision_minutes.start),
    },
    # The status buttons are Action.Execute: their invoke is answered with the sender's own
    # view of the card (dialogs/decisions/own_view.py); `decision_view` is its refresh.
    card_actions={
        "decision_status": CardAction(
            StatusChange, action_flow(decisions.change_status), view=own_decision_card
        ),
        "decision_view": CardAction(DecisionViewAction, no_change, view=own_decision_card),
        "decision_show": CardAction(ShowDecision, action_flow(decisions.show)),
        "decision_form": CardAction(DecisionForm, action_flow(decision_forms.submit_form)),
        "decision_list_more": CardAction(ListMore, action_flow(decision_lists.list_more)),
        "decision_search_more": CardAction(SearchMore, action_flow(decision_lists.search_more)),
        "decision_minutes_paste": CardAction(
            MinutesPaste, action_flow(decision_minutes.from_paste)
        ),
        "decision_minutes_confirm": CardAction(
            MinutesConfirm, action_flow(decision_minutes.confirm)
        ),
        "decision_minutes_page": CardAction(MinutesPage, action_flow(decision_minutes.show_page)),
        "decision_minutes_group": CardAction(
            MinutesPickGroup, action_flow(minutes_upload.pick_group)
        ),
    },
    invokes={
        f"composeExtension/fetchTask:{MESSAGE_ACTION}": _fetch_task,
        f"composeExtension/submitAction:{MESSAGE_ACTION}": _submit_action,
    },
    jobs=(
        RecurringJob("decision_reminders", path="dialogs.decisions.reminders:run", seconds=15 * 60),
    ),
    digest_sections=(decision_digest.DIGEST_SECTION,),
    # A minutes file (.docx, .pdf, .txt, .md) sent alone or with `protokoll`.
    file_flow=turn_flow(minutes_upload.from_file),
    file_commands=("decision_minutes",),
)
