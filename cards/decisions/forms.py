"""Input cards of the decision register: the new-decision form (also the "Logga som
beslut" dialog), the minutes paste form and the minutes preview with corrections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from cards.common import Card, card, heading, paragraph, subheading, submit
from cards.decisions.actions import (
    AS_WRITTEN,
    MAX_MINUTES_LENGTH,
    MAX_OWNER_CHOICES,
    import_input_id,
    owner_choice_id,
)
from cards.i18n import Language, t
from cards.swedish_format import join_names, short_day

ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"


@dataclass(frozen=True)
class MemberChoice:
    member_id: int
    label: str  # "Gabriel Billing (Nyköpings kommun)"


@dataclass(frozen=True)
class PreviewOption:
    name: str
    member: bool  # False: in the attendance but no member here (kept as text if chosen)
    signer: bool = False  # signed the minutes (offered first)


@dataclass(frozen=True)
class PreviewOwnerChoice:
    as_written: str  # "Marie"
    options: tuple[PreviewOption, ...]


@dataclass(frozen=True)
class PreviewDecision:
    index: int
    text: str
    item: str | None
    owner_ids: tuple[int, ...]
    # Owners named in the minutes who are not members here (kept as text).
    unmatched_owners: tuple[str, ...]
    due: date | None
    kind: str = "decision"  # or "task"
    # Written names that fit several people: the user chooses on the card.
    choices: tuple[PreviewOwnerChoice, ...] = ()
    # The reference of the same entry already in the register ("finns redan").
    duplicate_of: str | None = None


def _owner_input(
    input_id: str, label: str, members: Sequence[MemberChoice], selected: Sequence[int]
) -> dict[str, Any]:
    return {
        "type": "Input.ChoiceSet",
        "id": input_id,
        "label": label,
        "isMultiSelect": True,
        "style": "filtered",
        "choices": [{"title": m.label, "value": str(m.member_id)} for m in members],
        "value": ",".join(str(i) for i in selected),
    }


def _date_input(input_id: str, label: str, value: date | None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "Input.Date", "id": input_id, "label": label}
    if value is not None:
        block["value"] = value.isoformat()
    return block


def decision_form_card(
    language: Language,
    *,
    members: Sequence[MemberChoice],
    text: str = "",
    item: str = "",
    owner_ids: Sequence[int] = (),
    due: date | None = None,
    title: bool = True,
) -> Card:
    """`title=False` in a task module dialog, which shows its own title bar."""
    body: list[dict[str, Any]] = []
    if title:
        body.append(heading(t("decisions.form.title", language)))
    body += [
        {
            "type": "Input.Text",
            "id": "text",
            "label": t("decisions.form.text", language),
            "isMultiline": True,
            "isRequired": True,
            "errorMessage": t("decisions.form.text_required", language),
            "maxLength": 2000,
            "value": text,
        },
        {
            "type": "Input.Text",
            "id": "item",
            "label": t("decisions.form.item", language),
            "maxLength": 200,
            "value": item,
        },
        _owner_input("owners", t("decisions.form.owners", language), members, owner_ids),
        _date_input("due", t("decisions.form.due", language), due),
        paragraph(t("decisions.form.pii", language), subtle=True),
    ]
    save = submit(t("decisions.form.save", language), {"action": "decision_form"})
    return card(body, [save])


def task_continue(title: str, form: Card) -> dict[str, Any]:
    """The answer to composeExtension/fetchTask: open a dialog holding `form`."""
    return {
        "task": {
            "type": "continue",
            "value": {
                "title": title,
                "width": "medium",
                "height": "large",
                "card": {"contentType": ADAPTIVE_CARD, "content": form},
            },
        }
    }


def minutes_paste_card(language: Language) -> Card:
    body = [
        heading(t("decisions.minutes.paste_title", language)),
        paragraph(t("decisions.minutes.paste_intro", language)),
        {
            "type": "Input.Text",
            "id": "minutes",
            "label": t("decisions.minutes.paste_label", language),
            "isMultiline": True,
            "isRequired": True,
            "errorMessage": t("decisions.minutes.paste_required", language),
            "maxLength": MAX_MINUTES_LENGTH,
        },
        paragraph(t("decisions.form.pii", language), subtle=True),
    ]
    read = submit(t("decisions.minutes.read", language), {"action": "decision_minutes_paste"})
    return card(body, [read])


def _owner_choice(
    language: Language, index: int, k: int, choice: PreviewOwnerChoice
) -> dict[str, Any]:
    """One written name that fits several people. Required and without a default: the
    user must say who is meant (or keep the name as written); the card never guesses."""
    choices = []
    for position, option in enumerate(choice.options):
        if option.signer:
            title = t("decisions.minutes.who_signer", language, name=option.name)
        elif not option.member:
            title = t("decisions.minutes.who_not_member", language, name=option.name)
        else:
            title = option.name
        choices.append({"title": title, "value": str(position)})
    choices.append(
        {
            "title": t("decisions.minutes.who_as_written", language, name=choice.as_written),
            "value": AS_WRITTEN,
        }
    )
    return {
        "type": "Input.ChoiceSet",
        "id": owner_choice_id(index, k),
        "label": t("decisions.minutes.who", language, name=choice.as_written),
        "style": "compact",
        "isRequired": True,
        "errorMessage": t("decisions.minutes.who_required", language),
        "choices": choices,
    }


def _preview_entry(
    language: Language, found: PreviewDecision, members: Sequence[MemberChoice], today: date
) -> dict[str, Any]:
    """One decision or task, stacked top to bottom (no columns: phones are narrow)."""
    number = found.index + 1
    title = f"{number}. {found.item}" if found.item else f"{number}."
    items: list[dict[str, Any]] = [subheading(title), paragraph(found.text)]
    if found.due is not None:
        day = short_day(found.due, language, with_year=found.due.year != today.year)
        items.append(paragraph(t("decisions.minutes.due_line", language, date=day)))
    if found.duplicate_of:
        note = t("decisions.minutes.duplicate", language, reference=found.duplicate_of)
        items.append({**paragraph(note), "color": "Warning"})
        return {"type": "Container", "separator": True, "items": items}
    if found.unmatched_owners:
        names = ", ".join(found.unmatched_owners)
        items.append(
            paragraph(t("decisions.minutes.owner_as_written", language, names=names), subtle=True)
        )
    include = "include_task" if found.kind == "task" else "include"
    items.append(
        {
            "type": "Input.Toggle",
            "id": import_input_id("include", found.index),
            "title": t(f"decisions.minutes.{include}", language),
            "value": "true",
            "valueOn": "true",
            "valueOff": "false",
        }
    )
    items += [
        _owner_choice(language, found.index, k, choice)
        for k, choice in enumerate(found.choices[:MAX_OWNER_CHOICES])
    ]
    items += [
        _owner_input(
            import_input_id("owners", found.index),
            t("decisions.form.owners", language),
            members,
            found.owner_ids,
        ),
        _date_input(
            import_input_id("due", found.index), t("decisions.form.due", language), found.due
        ),
    ]
    return {"type": "Container", "separator": True, "items": items}


def minutes_preview_card(
    language: Language,
    *,
    import_id: str,
    decisions: Sequence[PreviewDecision],
    members: Sequence[MemberChoice],
    meeting_date: date | None,
    proposed_dates: Sequence[date],
    left_out: int,
    today: date,
    missing_reports: Sequence[str] = (),
    deadlines: Sequence[tuple[date, str]] = (),
    group_id: int | None = None,
    group_name: str | None = None,
) -> Card:
    """Nothing is stored yet: the user corrects owners and due dates, chooses who is
    meant where a name fits several people, then confirms. `decisions` holds decisions
    and tasks (`kind`); entries already in the register are shown but not offered.
    `deadlines` are the minutes' deadlines that belong to no entry shown. In the personal
    chat (a minutes file) the card names the group and carries its id."""
    body: list[dict[str, Any]] = [heading(t("decisions.minutes.preview_title", language))]
    if group_name is not None:
        body.append(paragraph(t("minutes_file.group", language, group=group_name), subtle=True))
    if meeting_date is not None:
        day = short_day(meeting_date, language, with_year=meeting_date.year != today.year)
        body.append(paragraph(t("decisions.minutes.meeting", language, date=day), subtle=True))
    found_decisions = [d for d in decisions if d.kind != "task"]
    tasks = [d for d in decisions if d.kind == "task"]
    if tasks:
        intro = t(
            "decisions.minutes.preview_intro_tasks",
            language,
            count=len(found_decisions),
            tasks=len(tasks),
        )
    else:
        intro = t("decisions.minutes.preview_intro", language, count=len(decisions))
    body.append(paragraph(intro))
    duplicates = sum(1 for d in decisions if d.duplicate_of)
    new = len(decisions) - duplicates
    if duplicates:
        key = "all_duplicates" if not new else "duplicates_intro"
        body.append(paragraph(t(f"decisions.minutes.{key}", language, count=duplicates)))
    for title, entries in (("decisions_title", found_decisions), ("tasks_title", tasks)):
        if tasks and entries:
            body.append(heading(t(f"decisions.minutes.{title}", language)) | {"size": "Medium"})
        body += [_preview_entry(language, found, members, today) for found in entries]
    if missing_reports:
        names = join_names(list(missing_reports), language)
        body.append(paragraph(t("decisions.minutes.missing_reports", language, names=names)))
    if deadlines:
        body.append(subheading(t("decisions.minutes.deadlines_title", language)))
        for deadline, text in deadlines:
            label = short_day(deadline, language, with_year=deadline.year != today.year)
            body.append(
                paragraph(t("decisions.minutes.deadline_line", language, date=label, text=text))
            )
    if left_out:
        body.append(paragraph(t("decisions.minutes.left_out", language, count=left_out)))
    if proposed_dates:
        days = ", ".join(
            short_day(d, language, with_year=d.year != today.year) for d in proposed_dates
        )
        typed = ", ".join(f"{d.day}/{d.month}" for d in proposed_dates)
        body.append(subheading(t("decisions.minutes.proposed_title", language)))
        body.append(paragraph(t("decisions.minutes.proposed", language, days=days, typed=typed)))
    actions = []
    if new:
        data: dict[str, Any] = {"action": "decision_minutes_confirm", "import_id": import_id}
        if group_id is not None:
            data["group"] = group_id
        actions.append(submit(t("decisions.minutes.confirm", language), data))
    return card(body, actions)


@dataclass(frozen=True)
class GroupChoice:
    group_id: int
    name: str
    import_id: str


def minutes_group_choice_card(
    language: Language, *, file_name: str, choices: Sequence[GroupChoice]
) -> Card:
    """A minutes file in the personal chat, the sender in several groups: one button per
    group, each opening the preview already prepared for that group's members."""
    body = [
        heading(t("minutes_file.pick_title", language)),
        paragraph(t("minutes_file.pick_intro", language, name=file_name)),
    ]
    actions = [
        submit(
            choice.name,
            {
                "action": "decision_minutes_group",
                "import_id": choice.import_id,
                "group": choice.group_id,
            },
        )
        for choice in choices
    ]
    return card(body, actions)
