"""Sample view data for every card builder in `cards/`, realistic and worst case.

`SAMPLES` maps a builder (module path and name, e.g. "cards.polls.poll_cards.poll_card")
to named cases; each case builds the card in the given language. A new public function
returning `Card` anywhere under `cards/` without an entry here fails
tests/cards/test_card_schema.py, so no card reaches Teams unchecked.

Worst cases follow the limits the flows enforce (10 decisions a list page, 25 decisions a
minutes preview, 40 questions of 500 characters with 12 options of 100 characters,
200-character titles) and a large group: 60 members across 20 organisations, Swedish
names and letters throughout.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from cards.common import Card, card, heading, paragraph, submit
from cards.days_off.days_off_cards import DayOffLine, meeting_day_off_card, poll_days_off_card
from cards.decisions.decision_card import DecisionView, decision_card
from cards.decisions.forms import (
    GroupChoice,
    MemberChoice,
    PreviewDecision,
    PreviewOption,
    PreviewOwnerChoice,
    decision_form_card,
    minutes_group_choice_card,
    minutes_paste_card,
    minutes_preview_card,
)
from cards.decisions.lists import decision_list_card, follow_up_card, search_card
from cards.decisions.mine import my_decisions_card
from cards.decisions.reminder_card import decision_reminder_card
from cards.directory.members import MemberView, members_card
from cards.help import (
    HelpEntry,
    HelpSection,
    all_commands_card,
    channel_help_card,
    not_understood_card,
    personal_help_card,
)
from cards.i18n import Language
from cards.meetings.attendance_cards import (
    AttendanceLine,
    AttendanceView,
    attendance_list_card,
)
from cards.meetings.kallelse_cards import (
    FollowUpEntry,
    Kallelse,
)
from cards.meetings.meeting_cards import (
    MeetingView,
    PersonRsvp,
    meetings_list_card,
    rsvp_card,
)
from cards.polls.poll_cards import (
    AnnouncedMeeting,
    OptionView,
    PollView,
    announcement_card,
    close_form,
    poll_card,
    result_card,
)
from cards.polls.proposal_form import proposal_form_card, proposal_sent_card
from cards.questionnaires.answer import AnswerState, answer_card, receipt_card
from cards.questionnaires.conflict import conflict_card
from cards.questionnaires.management import (
    ListEntry,
    QuestionnaireView,
    QuestionView,
    TargetView,
    create_form_card,
    list_card,
    preview_card,
    status_card,
)
from cards.questionnaires.results import (
    ChangeLine,
    ComparisonView,
    QuestionComparison,
    QuestionSummary,
    ResultsView,
    comparison_card,
    results_card,
)
from cards.reminders.reminder_cards import (
    DigestSection,
    OverviewView,
    PersonalDue,
    PersonalView,
    RuleLine,
    ScheduledLine,
    digest_card,
    overview_card,
    personal_card,
    with_snooze,
)
from cards.welcome import welcome_card

Builder = Callable[[Language], Card]

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)
# A chart as the flow serves it: a link to the bot's own download route.
CHART_URL = "https://samverkan.example.se/downloads/" + "x" * 43 + "-"

FIRST = ["Åsa", "Örjan", "Anna-Karin", "Gabriel", "Märta", "Björn", "Ingrid", "Sölve", "Åke", "Lä"]
LAST = ["Hammar", "Billing", "Öberg", "Åström", "Ekström", "Lindqvist", "Sjöö", "Nyström"]
ORGANISATIONS = [
    place
    for place in [
        "Nyköpings kommun",
        "Eskilstuna kommun",
        "Katrineholms kommun",
        "Flens kommun",
        "Gnesta kommun",
        "Oxelösunds kommun",
        "Strängnäs kommun",
        "Trosa kommun",
        "Vingåkers kommun",
        "Region Sörmland",
        "Länsstyrelsen i Södermanlands län",
        "Polismyndigheten region Öst",
        "Försäkringskassan",
        "Arbetsförmedlingen",
        "Kriminalvården",
        "Skolverket",
        "Socialstyrelsen",
        "Högskolan Dalarna",
        "Mälardalens universitet",
        "Brottsofferjouren Sörmland",
    ]
]
LONG_TITLE = (
    "Överenskommelse om gemensam handlingsplan för barn och unga i behov av samordnade "
    "insatser från kommunernas socialtjänst, regionens hälso- och sjukvård och skolan, "
    "inför årsskiftet – uppföljning även för närståendestöd"
)[:200]
LONG_TEXT = (
    "Samverkansgruppen beslutar att varje kommun utser en kontaktperson för Barnets "
    "bästa-arbetet, att regionen återkommer med förslag på gemensam utbildningsdag för "
    "chefer i äldreomsorgen, och att länsstyrelsen sammanställer läget inför mötet i "
    "höst. Ansvariga återrapporterar skriftligt senast två veckor före nästa möte. "
) * 6


def people(count: int) -> list[str]:
    return [f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}-Ölund {i + 1}" for i in range(count)]


def organisation(index: int) -> str:
    return ORGANISATIONS[index % len(ORGANISATIONS)]


MEMBERS = [MemberChoice(i + 1, f"{name} ({organisation(i)})") for i, name in enumerate(people(60))]


# ---- decisions --------------------------------------------------------------------------
def decision(index: int, *, long: bool = True, status: str = "öppen") -> DecisionView:
    transitions = {
        "öppen": ("pågår", "klar", "inaktuell"),
        "pågår": ("klar", "öppen", "inaktuell"),
        "klar": ("öppen",),
        "inaktuell": ("öppen",),
    }[status]
    return DecisionView(
        id=index + 1,
        reference=f"B-2026-{index + 1:03d}",
        text=LONG_TEXT[:2000] if long else "Gnesta tar fram en plan för sommaren.",
        status=status,
        revision=index,
        logged_at=NOW - timedelta(days=index),
        item=("§ 14 Rapport från arbetsgruppen för äldreomsorg och närståendestöd" * 4)[:200]
        if long
        else None,
        owners=tuple(people(12)) if long else ("Åsa Hammar-Ölund 1",),
        owner_text="Ansvarig på Länsstyrelsen i Södermanlands län" if long else None,
        due=TODAY + timedelta(days=index - 3) if index % 4 else None,
        overdue=index % 4 == 1,
        logged_by="Märta Ekström-Ölund 5",
        transitions=transitions,
    )


def decision_samples() -> dict[str, Builder]:
    return {
        "short": lambda lang: decision_card(lang, decision(0, long=False), today=TODAY),
        **{
            f"long-{status}": (
                lambda lang, status=status: decision_card(
                    lang,
                    decision(3, status=status),
                    today=TODAY,
                    note="Status ändrad av Anna-Karin Hammar-Ölund 3 (Nyköpings kommun)",
                )
            )
            for status in ("öppen", "pågår", "klar", "inaktuell")
        },
    }


def preview_decisions(count: int) -> list[PreviewDecision]:
    """Decisions then tasks as minutes give them: owners resolved, unknown to the group
    ("Örjan på Trafikverket"), collective or missing, and a first name that fits several."""
    return [
        PreviewDecision(
            index=i,
            text=LONG_TEXT[:1000],
            item=f"§ {i + 3} Återrapport från arbetsgrupp Öst" if i % 2 else None,
            owner_ids=tuple(range(1, 1 + (i % 4))),
            unmatched_owners=("Örjan på Trafikverket",) if i % 3 == 0 else (),
            due=TODAY + timedelta(days=30 + i) if i % 2 else None,
            kind="decision" if i < count // 3 else "task",
            choices=(
                PreviewOwnerChoice(
                    "Märta",
                    tuple(
                        PreviewOption(name, member=n < 2, signer=n == 1)
                        for n, name in enumerate(people(60)[4:40:10])
                    ),
                ),
            )
            if i % 5 == 2
            else (),
        )
        for i in range(count)
    ]


def minutes_preview(
    lang: Language,
    count: int,
    *,
    start: int = 0,
    values: dict[str, str] | None = None,
    edit: int | None = None,
) -> Card:
    """A secretary's minutes file in the personal chat, for a group of 60 members."""
    return minutes_preview_card(
        lang,
        import_id="abcDEF123_-x",
        decisions=preview_decisions(count),
        members=MEMBERS,
        meeting_date=TODAY,
        proposed_dates=[TODAY + timedelta(days=40), date(2027, 1, 14)],
        left_out=max(count - 25, 0),
        today=TODAY,
        missing_reports=ORGANISATIONS[:6],
        deadlines=[(TODAY + timedelta(days=7 * n), LONG_TEXT[:150]) for n in range(1, 4)],
        group_id=4,
        group_name="Samverkan Sörmland – äldreomsorg",
        start=start,
        values=values,
        edit=edit,
    )


def every_owner_changed(count: int) -> dict[str, str]:
    """What a secretary sends who opened every entry's owner picker and chose 20 people."""
    chosen = ",".join(str(m.member_id) for m in MEMBERS[:20])
    return {f"owners_{i}": chosen for i in range(count)} | {
        f"due_{i}": (TODAY + timedelta(days=i)).isoformat() for i in range(count)
    }


def minutes_preview_pages() -> dict[str, Builder]:
    """Every page of the worst cases: 10 and 25 entries (the flow's cap), 60 members, as
    read and with every owner picker opened."""
    cases: dict[str, Builder] = {}
    for count in (10, 25):
        for opened in (False, True):
            values = every_owner_changed(count) if opened else None
            starts = _page_starts(count, values)
            name = f"60-members-{count}-entries" + ("-all-changed" if opened else "")
            for page, start in enumerate(starts):
                cases[f"{name}-page-{page + 1}-of-{len(starts)}"] = (
                    lambda lang, count=count, start=start, values=values: minutes_preview(
                        lang, count, start=start, values=values
                    )
                )
    return cases


def _page_starts(count: int, values: dict[str, str] | None) -> list[int]:
    """Where each page starts, following "Visa fler" until the last page."""
    starts = [0]
    while True:
        built = minutes_preview("sv", count, start=starts[-1], values=values)
        more = [a["data"]["start"] for a in built.get("actions", []) if "Visa fler" in a["title"]]
        if not more:
            return starts
        starts.append(more[0])


# ---- polls and meetings -----------------------------------------------------------------
def poll_view(*, status: str = "open", options: int = 8, hide: bool = False) -> PollView:
    names = people(60)
    return PollView(
        poll_id=17,
        title=LONG_TITLE,
        organiser="Anna-Karin Hammar-Ölund 3",
        deadline_at=NOW + timedelta(days=7),
        status=status,  # type: ignore[arg-type]
        options=tuple(
            OptionView(
                option_id=i + 1,
                starts_at=NOW + timedelta(days=14 + i, hours=1),
                ends_at=NOW + timedelta(days=14 + i, hours=4) if i % 2 else None,
                has_time=bool(i % 3),
                yes=tuple(names[: 20 + i]),
                if_needed=tuple(names[20 + i : 40]),
                no=tuple(names[40:55]),
                organisations_able=tuple(ORGANISATIONS[: 10 + i]),
                chosen=status == "decided" and i == 2,
            )
            for i in range(options)
        ),
        organisations_total=20,
        not_answered=tuple((name, i % 3) for i, name in enumerate(names[55:])),
        hide_answers=hide,
        closed_by="deadline" if status == "closed" else None,
        today=TODAY,
    )


def kallelse(
    *, items: int = 20, follow_up: int = 40, link: bool = True, started: bool = False
) -> Kallelse:
    """The largest kallelse: every agenda item and follow-up text at full length."""
    long_title = "samordnad individuell plan och gemensam rutin " * 8
    titles = tuple((i + 1, f"Punkt {i + 1}: {long_title}"[:200]) for i in range(items))
    return Kallelse(
        agenda=(
            "Föregående minnesanteckningar",
            "Uppföljning av beslut",
            *(title for _, title in titles),
            "Övriga frågor",
        ),
        members_items=titles,
        first_member_number=3,
        follow_up=tuple(
            FollowUpEntry(
                reference=f"B-2026-{i + 1:03d}",
                text="Kontakta samordnarna om den gemensamma rutinen för SIP " * 10,
                owners="Anna-Karin Hammar och Gabriel Billing",
                due=TODAY + timedelta(days=i - 5) if i % 3 else None,
                in_progress=i % 2 == 0,
                overdue=i < 5 and i % 3 != 0,
            )
            for i in range(follow_up)
        ),
        join_url="https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + "x" * 400
        if link
        else None,
        started=started,
    )


def attendance_view(count: int, *, from_report: bool = False) -> AttendanceView:
    """Long names and organisations, substitutes, partial attendance, every RSVP kind."""
    answers = ("coming", "not_coming", "substitute", None)
    lines = []
    for i, name in enumerate(people(count)):
        lines.append(
            AttendanceLine(
                organisation=organisation(i) if i % 11 else "",
                name=name,
                present=i % 4 == 0,
                substitute_for=None,
                partial=i % 8 == 0,
                key=f"m{i + 1}",
                answer=answers[i % 4],
            )
        )
        if i % 4 == 2:
            lines.append(
                AttendanceLine(
                    organisation(i), "Sölve Sjöö-Nyström", True, name, False, f"n{i:016x}"
                )
            )
    return AttendanceView(
        meeting_id=5,
        title=LONG_TITLE,
        starts_at=NOW + timedelta(days=21),
        has_time=True,
        lines=tuple(lines),
        organisations_total=20,
        from_report=from_report,
    )


def meeting_view(*, people_count: int = 60, kallelse: Kallelse | None = None) -> MeetingView:
    statuses = ("coming", "not_coming", "substitute", None)
    return MeetingView(
        meeting_id=5,
        title=LONG_TITLE,
        location="Stadshuset i Nyköping, sal Åkerön, plan 3 (ingång från Östra Storgatan)",
        starts_at=NOW + timedelta(days=21),
        ends_at=NOW + timedelta(days=21, hours=3),
        has_time=True,
        people=tuple(
            PersonRsvp(
                name=name,
                organisation=organisation(i) if i % 11 else None,
                status=statuses[i % 4],  # type: ignore[arg-type]
                substitute="Sölve Sjöö-Nyström" if i % 4 == 2 else None,
                comment="Kommer en halvtimme senare på grund av tåget från Eskilstuna"
                if i % 5 == 0
                else None,
            )
            for i, name in enumerate(people(people_count))
        ),
        organisations_total=20,
        today=TODAY,
        kallelse=kallelse,
    )


# ---- questionnaires ---------------------------------------------------------------------
KINDS = ("text", "number", "choice", "multichoice", "yesno", "scale")


def questions(count: int, *, long: bool = True) -> tuple[QuestionView, ...]:
    result = [QuestionView(id=1000, label="A", text="Läget i kommunerna", kind="heading")]
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        options: tuple[str, ...] = ()
        if kind in ("choice", "multichoice"):
            options = tuple(
                (f"Alternativ {n} – åtgärd påbörjad i förvaltningen " * 3)[:100]
                if long
                else f"Alternativ {n}"
                for n in range(12 if long else 3)
            )
        text = (f"Fråga {i + 1}: hur ser arbetet med Barnets bästa ut i er förvaltning? " * 8)[
            : 500 if long else 80
        ]
        result.append(
            QuestionView(
                id=i + 1,
                label=str(i + 1),
                text=text,
                kind=kind,
                required=i % 5 != 4,
                help="Svara för hela förvaltningen; uppskatta om ni inte vet säkert."
                if i % 3 == 0
                else None,
                options=options,
            )
        )
    return tuple(result)


def questionnaire(count: int = 30, *, long: bool = True, status: str = "open") -> QuestionnaireView:
    return QuestionnaireView(
        id=12,
        title=LONG_TITLE if long else "Läget i våras",
        deadline=TODAY + timedelta(days=10),
        days_left=10,
        status=status,
        intro=(LONG_TEXT[:2000] if long else "Svara senast om tio dagar."),
        questions=questions(count, long=long),
        targets=tuple(
            TargetView(
                id=i + 1,
                label=organisation(i),
                contact=people(20)[i],
                deputy=people(40)[20 + i] if i % 2 else None,
                answered=i % 3 == 0,
                answered_by=people(20)[i] if i % 3 == 0 else None,
                answered_on=TODAY - timedelta(days=i % 4) if i % 3 == 0 else None,
                late=i % 7 == 6,
            )
            for i in range(20)
        ),
    )


def answers(view: QuestionnaireView) -> dict[int, Any]:
    """One stored answer per question kind, as storage returns them."""
    values: dict[int, Any] = {}
    for q in view.questions:
        if q.kind == "text":
            values[q.id] = "Vi har utsett en ansvarig på varje enhet; arbetet pågår. " * 20
        elif q.kind == "number":
            values[q.id] = 3 if q.id % 2 else 2.5
        elif q.kind == "choice":
            values[q.id] = q.options[1]
        elif q.kind == "multichoice":
            values[q.id] = [q.options[0], q.options[2]]
        elif q.kind == "yesno":
            values[q.id] = q.id % 2 == 0
        elif q.kind == "scale":
            values[q.id] = "4"
    return values


def results_view(*, count: int = 30, charts: bool = True, long: bool = True) -> ResultsView:
    summaries = []
    for q in questions(count, long=long):
        summaries.append(
            QuestionSummary(
                label=q.label,
                text=q.text,
                kind=q.kind,
                pairs=tuple((option, str(n)) for n, option in enumerate(q.options))
                if q.options
                else (),
                total="148,5" if q.kind == "number" else None,
                free_text=(),
                chart_url=f"{CHART_URL}{q.id}" if charts and q.kind != "text" else None,
            )
        )
    return ResultsView(
        id=12,
        title=LONG_TITLE,
        answered=14,
        total=20,
        missing=tuple(ORGANISATIONS[14:]),
        questions=tuple(summaries),
    )


def results_free_text_view() -> ResultsView:
    """A few questions with every organisation's free-text answer (previews are cut)."""
    return ResultsView(
        id=12,
        title="Läget i våras",
        answered=20,
        total=20,
        missing=(),
        questions=tuple(
            QuestionSummary(
                label=str(i + 1),
                text="Hur ser er implementeringsplan ut?",
                kind="text",
                free_text=tuple((org, LONG_TEXT) for org in ORGANISATIONS),
            )
            for i in range(2)
        ),
    )


def comparison_view(count: int = 30) -> ComparisonView:
    return ComparisonView(
        title=LONG_TITLE,
        old_id=9,
        new_id=12,
        questions=tuple(
            QuestionComparison(
                label=str(i + 1),
                text=f"Fråga {i + 1}: finns en utsedd ansvarig för Barnets bästa?",
                lines=tuple(
                    ChangeLine(org, "Nej", "Ja, sedan i våras" if n % 4 == 0 else "Nej", n % 4 == 0)
                    for n, org in enumerate(ORGANISATIONS)
                ),
            )
            for i in range(count)
        ),
    )


# ---- reminders --------------------------------------------------------------------------
REMINDER_KINDS = (
    "decision_reminder_overdue",
    "meeting_rsvp_reminder",
    "poll_closing_soon",
    "questionnaire_reminder_2",
    "weekly_digest",
    "something_unknown",
)


def scheduled(count: int) -> list[ScheduledLine]:
    return [
        ScheduledLine(NOW + timedelta(hours=6 * i), REMINDER_KINDS[i % len(REMINDER_KINDS)], i + 1)
        for i in range(count)
    ]


def personal_due(count: int) -> list[PersonalDue]:
    kinds = ("decision", "task", "questionnaire", "poll", "meeting")
    return [
        PersonalDue(
            kind=kinds[i % len(kinds)],  # type: ignore[arg-type]
            group=f"{organisation(i)} samverkansgrupp",
            title=LONG_TEXT[:400],
            day=TODAY + timedelta(days=i - 3),
            overdue=i < 3,
            organisation=organisation(i),
        )
        for i in range(count)
    ]


def _small_card() -> Card:
    return card(
        [heading("Påminnelse: B-2026-014"), paragraph("Sista dag är på fredag.")],
        [submit("Öppna", {"action": "decision_show", "decision_id": 14})],
    )


# ---- the registry -----------------------------------------------------------------------
SAMPLES: dict[str, dict[str, Builder]] = {
    "cards.days_off.days_off_cards.poll_days_off_card": {
        "eight-dates-on-days-off": lambda lang: poll_days_off_card(
            7,
            [
                DayOffLine(
                    day=date(2027, 3, 7) + timedelta(weeks=i),
                    holiday="Pingstdagen" if i == 3 else None,
                    alternative=date(2027, 3, 8) + timedelta(weeks=i),
                    option_id=100 + i,
                )
                for i in range(8)
            ],
            lang,
        ),
    },
    "cards.days_off.days_off_cards.meeting_day_off_card": {
        "midsommarafton": lambda lang: meeting_day_off_card(
            3,
            DayOffLine(
                day=date(2027, 6, 25), holiday="Midsommarafton", alternative=date(2027, 6, 24)
            ),
            lang,
        ),
        "no-alternative": lambda lang: meeting_day_off_card(
            3, DayOffLine(day=date(2027, 12, 25), holiday="Juldagen", alternative=None), lang
        ),
    },
    "cards.decisions.reminder_card.decision_reminder_card": {
        "overdue": lambda lang: decision_reminder_card(
            "Påminnelse: beslut B-2026-014 skulle ha varit klart senast fredag 27/11. " * 3,
            decision(14),
            lang,
        ),
    },
    "cards.common.card": {
        "minimal": lambda lang: card([paragraph("Hej Åsa!")]),
    },
    "cards.welcome.welcome_card": {
        "channel": lambda lang: welcome_card(
            lang, bot_name="Samverkansboten", in_group=True, chair_name="Märta Öberg"
        ),
        "personal": lambda lang: welcome_card(lang, bot_name="Samverkansboten", in_group=False),
    },
    "cards.help.channel_help_card": {
        "channel": lambda lang: channel_help_card(lang, bot_name="Samverkansboten"),
    },
    "cards.help.personal_help_card": {
        "personal": lambda lang: personal_help_card(lang, bot_name="Samverkansboten"),
    },
    "cards.help.all_commands_card": {
        "channel-26": lambda lang: all_commands_card(
            lang,
            bot_name="Samverkansboten",
            in_group=True,
            sections=[
                HelpSection(
                    feature,
                    tuple(
                        HelpEntry(f"beslut lista {i} med ett långt exempel", "Visar beslut " * 12)
                        for i in range(6)
                    ),
                )
                for feature in ("decisions", "polls", "meetings", "questionnaires", "reminders")
            ],
        ),
    },
    "cards.help.not_understood_card": {
        "suggestion": lambda lang: not_understood_card(
            lang, suggestion="beslut", example="beslut: Gabriel kontaktar samordnarna senast 15/3"
        ),
        "none": lambda lang: not_understood_card(lang, suggestion=None, example=""),
    },
    "cards.polls.proposal_form.proposal_form_card": {
        "form": lambda lang: proposal_form_card(lang),
    },
    "cards.polls.proposal_form.proposal_sent_card": {
        "sent": lambda lang: proposal_sent_card(lang),
    },
    "cards.decisions.mine.my_decisions_card": {
        "empty": lambda lang: my_decisions_card(lang, groups=[], today=date(2026, 12, 3)),
        "three-groups": lambda lang: my_decisions_card(
            lang,
            groups=[(f"{LONG_TITLE[:60]} {g}", [decision(i) for i in range(10)]) for g in range(3)],
            today=date(2026, 12, 3),
        ),
    },
    "cards.directory.members.members_card": {
        "empty": lambda lang: members_card(lang, group_name="Samverkan Sörmland", members=[]),
        "60-members": lambda lang: members_card(
            lang,
            group_name=LONG_TITLE,
            members=[
                MemberView(
                    name=name,
                    role=("ordförande", "ledamot", "ersättare", "sekreterare", "processledare")[
                        i % 5
                    ],
                    organisation=organisation(i) if i % 13 else None,
                    guest=i % 9 == 0,
                    answers_for=tuple(ORGANISATIONS[:2]) if i % 9 == 0 else (),
                )
                for i, name in enumerate(people(60))
            ],
        ),
    },
    "cards.decisions.decision_card.decision_card": decision_samples(),
    "cards.decisions.forms.decision_form_card": {
        "empty": lambda lang: decision_form_card(lang, members=MEMBERS[:3]),
        "prefilled-60": lambda lang: decision_form_card(
            lang,
            members=MEMBERS,
            text=LONG_TEXT[:2000],
            item="§ 7 Äldreomsorg",
            owner_ids=(1, 2, 3),
            due=TODAY + timedelta(days=30),
            title=False,
        ),
    },
    "cards.decisions.forms.minutes_paste_card": {"form": lambda lang: minutes_paste_card(lang)},
    "cards.decisions.forms.minutes_preview_card": {
        "few": lambda lang: minutes_preview_card(
            lang,
            import_id="abcDEF123_-x",
            decisions=preview_decisions(3),
            members=MEMBERS[:8],
            meeting_date=TODAY - timedelta(days=2),
            proposed_dates=[TODAY + timedelta(days=40), date(2027, 1, 14)],
            left_out=0,
            today=TODAY,
        ),
        "none": lambda lang: minutes_preview_card(
            lang,
            import_id="abcDEF123_-x",
            decisions=[],
            members=MEMBERS[:8],
            meeting_date=None,
            proposed_dates=[],
            left_out=3,
            today=TODAY,
        ),
        "personal-chat-10": lambda lang: minutes_preview(lang, 10),
        "personal-chat-10-second-owner-changed": lambda lang: minutes_preview(
            lang, 10, values={"include_0": "false", "owners_0": "1,2"}, edit=5
        ),
        **minutes_preview_pages(),
    },
    "cards.decisions.forms.minutes_group_choice_card": {
        "ten-groups": lambda lang: minutes_group_choice_card(
            lang,
            file_name="Protokoll samverkansgruppen 2026-03-02 (justerat, slutversion).docx",
            choices=[
                GroupChoice(i + 1, f"Samverkan {organisation(i)}"[:120], f"import{i:04d}xyz")
                for i in range(10)
            ],
        ),
    },
    "cards.decisions.lists.decision_list_card": {
        "empty": lambda lang: decision_list_card(
            lang, title="Beslut", views=[], today=TODAY, filters="", next_offset=None
        ),
        "page-of-10": lambda lang: decision_list_card(
            lang,
            title="Öppna beslut för Åsa",
            views=[decision(i) for i in range(10)],
            today=TODAY,
            filters="ansvarig:Åsa status:öppen",
            next_offset=10,
        ),
    },
    "cards.decisions.lists.search_card": {
        "page-of-10": lambda lang: search_card(
            lang,
            query="äldreomsorg närståendestöd",
            views=[decision(i, status="pågår") for i in range(10)],
            today=TODAY,
            next_offset=10,
        ),
        "none": lambda lang: search_card(
            lang, query="öööö", views=[], today=TODAY, next_offset=None
        ),
    },
    "cards.decisions.lists.follow_up_card": {
        "many": lambda lang: follow_up_card(
            lang,
            group_name=LONG_TITLE,
            still_open=[decision(i) for i in range(30)],
            closed=[decision(i, status="klar") for i in range(30)],
            closed_since=TODAY - timedelta(days=30),
            today=TODAY,
        ),
        "nothing": lambda lang: follow_up_card(
            lang,
            group_name="Samverkan",
            still_open=[],
            closed=[],
            closed_since=TODAY - timedelta(days=30),
            today=TODAY,
        ),
    },
    "cards.polls.poll_cards.poll_card": {
        "open-8-dates-60": lambda lang: poll_card(poll_view(), lang),
        "open-hidden": lambda lang: poll_card(poll_view(hide=True), lang),
        "closed": lambda lang: poll_card(poll_view(status="closed"), lang),
        "decided": lambda lang: poll_card(poll_view(status="decided"), lang),
    },
    # A sub-card: sent inside the Action.ShowCard of the poll and result cards.
    "cards.polls.poll_cards.close_form": {
        "in-a-show-card": lambda lang: card(
            [paragraph("Stäng")],
            [{"type": "Action.ShowCard", "title": "Stäng", "card": close_form(poll_view(), lang)}],
        ),
    },
    "cards.polls.poll_cards.result_card": {
        "closed-8-dates": lambda lang: result_card(poll_view(status="closed"), lang),
    },
    "cards.polls.poll_cards.announcement_card": {
        "three": lambda lang: announcement_card(
            LONG_TITLE,
            [
                AnnouncedMeeting(
                    LONG_TITLE,
                    NOW + timedelta(days=30 * i),
                    None,
                    bool(i),
                    "Stadshuset i Nyköping, sal Åkerön" if i else None,
                )
                for i in range(3)
            ],
            lang,
            TODAY,
        ),
        "none": lambda lang: announcement_card("Höstens möten", [], lang, TODAY),
    },
    "cards.meetings.meeting_cards.rsvp_card": {
        "open-60": lambda lang: rsvp_card(meeting_view(), lang),
        "closed-60": lambda lang: rsvp_card(meeting_view(), lang, open_for_answers=False),
        "nobody": lambda lang: rsvp_card(meeting_view(people_count=0), lang),
        "kallelse-full": lambda lang: rsvp_card(meeting_view(kallelse=kallelse()), lang),
        "kallelse-empty": lambda lang: rsvp_card(
            meeting_view(people_count=5, kallelse=kallelse(items=0, follow_up=0, link=False)),
            lang,
        ),
        "kallelse-started": lambda lang: rsvp_card(
            meeting_view(kallelse=kallelse(started=True)), lang, open_for_answers=False
        ),
    },
    "cards.meetings.attendance_cards.attendance_list_card": {
        "60-report": lambda lang: attendance_list_card(attendance_view(60, from_report=True), lang),
        "60-answers": lambda lang: attendance_list_card(attendance_view(60), lang),
        "nobody": lambda lang: attendance_list_card(attendance_view(0), lang),
    },
    "cards.meetings.meeting_cards.meetings_list_card": {
        "none": lambda lang: meetings_list_card([], lang),
        "five": lambda lang: meetings_list_card([meeting_view(people_count=60)] * 5, lang),
    },
    "cards.questionnaires.management.create_form_card": {
        "form": lambda lang: create_form_card(
            lang,
            default_deadline=TODAY + timedelta(days=14),
            example="Hur ser er implementeringsplan ut?\nFinns en utsedd ansvarig? [ja/nej]",
        ),
    },
    "cards.questionnaires.management.preview_card": {
        "30-questions": lambda lang: preview_card(
            lang, questionnaire(30), warnings=["Fråga 7 saknar svarsalternativ: blir fritext."]
        ),
        "short": lambda lang: preview_card(lang, questionnaire(4, long=False)),
    },
    "cards.questionnaires.management.status_card": {
        "open-20-organisations": lambda lang: status_card(lang, questionnaire(30)),
        "closed": lambda lang: status_card(lang, questionnaire(4, long=False, status="closed")),
        "cancelled": lambda lang: status_card(
            lang, questionnaire(4, long=False, status="cancelled")
        ),
    },
    "cards.questionnaires.management.list_card": {
        "empty": lambda lang: list_card(lang, []),
        "twenty": lambda lang: list_card(
            lang,
            [
                ListEntry(
                    i + 1,
                    LONG_TITLE,
                    ("draft", "open", "closed", "cancelled")[i % 4],
                    TODAY + timedelta(days=i),
                    i,
                    20,
                )
                for i in range(20)
            ],
        ),
    },
    "cards.questionnaires.answer.answer_card": {
        "short-blank": lambda lang: answer_card(
            lang,
            questionnaire(6, long=False),
            questionnaire(6, long=False).targets[0],
            values={},
            page=0,
            state=AnswerState(),
        ),
        # "Ändra svar": every kind prefilled with what the organisation answered.
        "short-edit": lambda lang: answer_card(
            lang,
            questionnaire(6, long=False),
            questionnaire(6, long=False).targets[0],
            values=answers(questionnaire(6, long=False)),
            page=0,
            state=AnswerState(answered_by="Åsa Hammar-Ölund 1", answered_on=TODAY),
        ),
        **{
            f"30-questions-page-{page}": (
                lambda lang, page=page: answer_card(
                    lang,
                    questionnaire(30),
                    questionnaire(30).targets[1],
                    values=answers(questionnaire(30)),
                    page=page,
                    state=AnswerState(draft_by="Örjan Billing-Ölund 2"),
                )
            )
            for page in (0, 3, 5)
        },
    },
    "cards.questionnaires.conflict.conflict_card": {
        "6-questions": lambda lang: conflict_card(
            lang,
            questionnaire(6, long=False),
            questionnaire(6, long=False).targets[0],
            newer_by="Åsa Hammar-Ölund 1",
            newer_at=datetime(2026, 12, 2, 14, 5, tzinfo=UTC),
            newer=answers(questionnaire(6, long=False)),
            mine=answers(questionnaire(6, long=False)),
            mine_inputs={},
            page=0,
            revision=2,
        ),
        "30-long-questions": lambda lang: conflict_card(
            lang,
            questionnaire(30),
            questionnaire(30).targets[0],
            newer_by="Åsa Hammar-Ölund 1",
            newer_at=datetime(2026, 12, 2, 14, 5, tzinfo=UTC),
            newer=answers(questionnaire(30)),
            mine=answers(questionnaire(30)),
            mine_inputs={},
            page=0,
            revision=2,
        ),
    },
    "cards.questionnaires.answer.receipt_card": {
        "30-answered": lambda lang: receipt_card(
            lang,
            questionnaire(30),
            questionnaire(30).targets[0],
            answers=answers(questionnaire(30)),
            state=AnswerState(answered_by="Åsa Hammar-Ölund 1", answered_on=TODAY),
            note_key="questionnaires.answer.thanks",
        ),
        "unchanged-not-editable": lambda lang: receipt_card(
            lang,
            questionnaire(6, long=False),
            questionnaire(6, long=False).targets[0],
            answers={},
            state=AnswerState(editable=False),
            note_key="questionnaires.answer.unchanged",
        ),
    },
    "cards.questionnaires.results.results_card": {
        "30-questions-charts": lambda lang: results_card(lang, results_view()),
        "30-questions-realistic": lambda lang: results_card(
            lang, results_view(count=30, long=False)
        ),
        "free-text-20-organisations": lambda lang: results_card(lang, results_free_text_view()),
        "no-charts": lambda lang: results_card(lang, results_view(count=6, charts=False)),
    },
    "cards.questionnaires.results.comparison_card": {
        "30-questions": lambda lang: comparison_card(lang, comparison_view()),
    },
    "cards.reminders.reminder_cards.with_snooze": {
        "plain-text-nudge": lambda lang: with_snooze(None, message_id=99, language=lang),
        "on-a-card": lambda lang: with_snooze(_small_card(), message_id=99, language=lang),
    },
    "cards.reminders.reminder_cards.overview_card": {
        "busy": lambda lang: overview_card(
            OverviewView(
                group_name=LONG_TITLE,
                paused=False,
                office_start_hour=8,
                office_end_hour=17,
                scheduled=scheduled(40),
                rules=[RuleLine("Påminnelse före sista dag för beslut", True, 3)] * 6
                + [RuleLine("Veckosammanfattning", True, None), RuleLine("Enkäter", False, 2)],
                failed=2,
            ),
            lang,
        ),
        "paused-empty": lambda lang: overview_card(
            OverviewView("Samverkan", paused=True, office_start_hour=8, office_end_hour=17), lang
        ),
    },
    "cards.reminders.reminder_cards.personal_card": {
        "on": lambda lang: personal_card(PersonalView(True, scheduled(20)), lang),
        "off": lambda lang: personal_card(PersonalView(False), lang),
        "everything-due": lambda lang: personal_card(
            PersonalView(True, scheduled(5), due=personal_due(20)), lang
        ),
    },
    "cards.reminders.reminder_cards.digest_card": {
        "week": lambda lang: digest_card(
            group_name=LONG_TITLE,
            week=11,
            sections=[
                DigestSection("Försenade beslut", [LONG_TEXT[:200]] * 15),
                DigestSection("Beslut med sista dag i veckan", [LONG_TEXT[:200]] * 15),
                DigestSection("Öppna enkäter", ["Enkät 12: 14 av 20 har svarat"] * 5),
            ],
            language=lang,
        ),
    },
}
