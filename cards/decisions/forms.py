"""Input cards of the decision register: the new-decision form (also the "Logga som
beslut" dialog), the minutes paste form and the minutes preview with corrections."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
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
    parse_iso_date,
    parse_member_ids,
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


def _date_input(
    input_id: str, label: str, value: date | None, language: Language
) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "Input.Date",
        "id": input_id,
        "label": label,
        "placeholder": t("input.date_placeholder", language),
    }
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
        _date_input("due", t("decisions.form.due", language), due, language),
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


# Teams refuses a bot message over ~28 KB as the Bot Connector sends it (ASCII-escaped
# JSON: "ä" costs six bytes). A 60-member owner picker alone is ~5 KB, so the preview
# shows one only where a choice is needed and splits into pages what still does not fit.
PREVIEW_CARD_BYTES = 26_000
# The page line and the page's own buttons, besides what they carry.
_PAGE_FRAME = 1_200


def _size(block: Any) -> int:
    return len(json.dumps(block))


def _entry_index(input_id: str) -> int:
    return int(input_id.split("_")[1])


@dataclass(frozen=True)
class _Entry:
    found: PreviewDecision
    picker: bool  # the owner picker is on the card (else the owners are shown as text)


def _preview_entry(
    language: Language,
    entry: _Entry,
    members: Sequence[MemberChoice],
    today: date,
    values: Mapping[str, str],
    edit_data: dict[str, Any],
) -> dict[str, Any]:
    """One decision or task, stacked top to bottom (no columns: phones are narrow).
    Owners resolved to members are shown as text with an "Ändra ansvarig" button; the
    picker is shown where nobody was resolved (a name unknown to the group, "Samtliga",
    a name that fits several people, or no name) or once the user asked to change."""
    found = entry.found
    index = found.index
    # The agenda item carries its own number ("3. VITS …"); a second number in front of
    # it would render as a nested Markdown list.
    items: list[dict[str, Any]] = [subheading(found.item)] if found.item else []
    items.append(paragraph(found.text))
    if found.due is not None:
        day = short_day(found.due, language, with_year=found.due.year != today.year)
        items.append(paragraph(t("decisions.minutes.due_line", language, date=day)))
    if found.duplicate_of:
        note = t("decisions.minutes.duplicate", language, reference=found.duplicate_of)
        items.append({**paragraph(note), "color": "Warning"})
        return {"type": "Container", "separator": True, "items": items}
    if found.unmatched_owners:
        names = join_names(found.unmatched_owners, language)
        items.append(
            paragraph(t("decisions.minutes.owner_as_written", language, names=names), subtle=True)
        )
    include = "include_task" if found.kind == "task" else "include"
    include_id = import_input_id("include", index)
    items.append(
        {
            "type": "Input.Toggle",
            "id": include_id,
            "title": t(f"decisions.minutes.{include}", language),
            "value": values.get(include_id, "true"),
            "valueOn": "true",
            "valueOff": "false",
        }
    )
    for k, choice in enumerate(found.choices[:MAX_OWNER_CHOICES]):
        block = _owner_choice(language, index, k, choice)
        if owner_choice_id(index, k) in values:
            block["value"] = values[owner_choice_id(index, k)]
        items.append(block)
    owners_id = import_input_id("owners", index)
    if entry.picker:
        selected = (
            parse_member_ids(values[owners_id]) if owners_id in values else list(found.owner_ids)
        )
        label = t("decisions.form.owners", language)
        items.append(_owner_input(owners_id, label, members, selected))
    else:
        labels = {m.member_id: m.label for m in members}
        names = ", ".join(labels[i] for i in found.owner_ids if i in labels)
        items.append(paragraph(t("decisions.minutes.owners_line", language, names=names)))
        change = submit(t("decisions.minutes.change_owners", language), edit_data | {"edit": index})
        items.append({"type": "ActionSet", "actions": [change]})
    due_id = import_input_id("due", index)
    due = parse_iso_date(values[due_id]) if values.get(due_id) else None
    if due_id not in values:
        due = found.due
    items.append(_date_input(due_id, t("decisions.form.due", language), due, language))
    return {"type": "Container", "separator": True, "items": items}


def _pages(sizes: Sequence[int], budget: int, last_extra: int) -> list[list[int]]:
    """Positions of the entries on each page, in order, each page within `budget`, the
    last one also with room for `last_extra` (what the minutes say besides the entries)."""
    pages: list[list[int]] = [[]]
    used = 0
    for position, size in enumerate(sizes):
        if pages[-1] and used + size > budget:
            pages.append([])
            used = 0
        pages[-1].append(position)
        used += size
    if used + last_extra > budget and len(pages[-1]) > 1:
        pages.append([pages[-1].pop()])
    return pages


def _changed(found: PreviewDecision, input_id: str, value: str) -> bool:
    """Whether an entered value differs from what the preview proposed: only changes need
    carrying, as the confirm keeps the preview's values for inputs it does not receive."""
    kind = input_id.split("_")[0]
    if kind == "include":
        return value != "true"
    if kind == "owners":
        return parse_member_ids(value) != list(found.owner_ids)
    if kind == "due":
        return value != (found.due.isoformat() if found.due else "")
    return True  # who: a choice among several people has no default


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
    start: int = 0,
    values: Mapping[str, str] | None = None,
    edit: int | None = None,
) -> Card:
    """Nothing is stored yet: the user corrects owners and due dates, chooses who is
    meant where a name fits several people, then confirms. `decisions` holds decisions
    and tasks (`kind`); entries already in the register are shown but not offered.
    `deadlines` are the minutes' deadlines that belong to no entry shown. In the personal
    chat (a minutes file) the card names the group and carries its id.

    A preview too big for one Teams message is split into pages ("Visa fler"); `values`
    are the inputs entered so far (by input id, as the page buttons send them back) and
    are carried in every button of the page, so the confirm on the last page sends them
    all, and the pending import is still confirmed once. The page shown is the one holding
    the entry at position `start`; `edit` opens that entry's owner picker and shows its
    page."""
    entered: Mapping[str, str] = values or {}
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

    footer: list[dict[str, Any]] = []
    if missing_reports:
        names = join_names(list(missing_reports), language)
        footer.append(paragraph(t("decisions.minutes.missing_reports", language, names=names)))
    if deadlines:
        footer.append(subheading(t("decisions.minutes.deadlines_title", language)))
        for deadline, text in deadlines:
            label = short_day(deadline, language, with_year=deadline.year != today.year)
            footer.append(
                paragraph(t("decisions.minutes.deadline_line", language, date=label, text=text))
            )
    if left_out:
        footer.append(paragraph(t("decisions.minutes.left_out", language, count=left_out)))
    if proposed_dates:
        days = ", ".join(
            short_day(d, language, with_year=d.year != today.year) for d in proposed_dates
        )
        typed = ", ".join(f"{d.day}/{d.month}" for d in proposed_dates)
        footer.append(subheading(t("decisions.minutes.proposed_title", language)))
        footer.append(paragraph(t("decisions.minutes.proposed", language, days=days, typed=typed)))

    # Decisions first, then tasks, each under its own heading when both are there.
    ordered = found_decisions + tasks
    by_index = {found.index: found for found in ordered}
    changes = {
        k: v
        for k, v in entered.items()
        if _entry_index(k) in by_index and _changed(by_index[_entry_index(k)], k, v)
    }
    entries = [
        _Entry(
            found,
            picker=not found.owner_ids
            or found.index == edit
            or import_input_id("owners", found.index) in changes,
        )
        for found in ordered
    ]
    # Every button of a page carries the changes made on the other pages: at most all of
    # them, once per "Ändra ansvarig" and for the page's own buttons.
    carry = _size(changes)
    sizes = [
        _size(_preview_entry(language, e, members, today, entered, {}))
        + (0 if e.picker or e.found.duplicate_of else carry)
        for e in entries
    ]
    budget = PREVIEW_CARD_BYTES - _size(card(body)) - _PAGE_FRAME - 3 * carry
    pages = _pages(sizes, budget, _size(footer))
    # `start` and `edit` name an entry, not a page number: when what was entered changes
    # the pages, the page shown is still the one holding it, and no entry is skipped.
    wanted = edit if edit is not None else (ordered[start].index if start < len(ordered) else 0)
    page = next((n for n, p in enumerate(pages) if wanted in (ordered[i].index for i in p)), 0)
    shown = {ordered[i].index for i in pages[page]}
    carried = {k: v for k, v in changes.items() if _entry_index(k) not in shown}
    base: dict[str, Any] = {"import_id": import_id}
    if group_id is not None:
        base["group"] = group_id
    turn_page = {"action": "decision_minutes_page", **base, **carried}

    if len(pages) > 1:
        line = t("decisions.minutes.page_line", language, page=page + 1, pages=len(pages))
        body.append(paragraph(line, subtle=True))
    for position in pages[page]:
        # Each section under its heading, repeated at the top of a page that continues it.
        starts = position in (0, len(found_decisions)) or position == pages[page][0]
        if tasks and starts:
            section = "tasks_title" if ordered[position].kind == "task" else "decisions_title"
            body.append(heading(t(f"decisions.minutes.{section}", language)) | {"size": "Medium"})
        body.append(
            _preview_entry(
                language,
                entries[position],
                members,
                today,
                entered,
                turn_page | {"start": pages[page][0]},
            )
        )
    actions = []
    last = page == len(pages) - 1
    if last:
        body += footer
    if page > 0:
        actions.append(
            submit(
                t("decisions.minutes.previous", language), turn_page | {"start": pages[page - 1][0]}
            )
        )
    if not last:
        following = pages[page + 1]
        more = t(
            "decisions.minutes.more",
            language,
            first=following[0] + 1,
            last=following[-1] + 1,
            count=len(ordered),
        )
        actions.append(submit(more, turn_page | {"start": following[0]}))
    elif new:
        data: dict[str, Any] = {"action": "decision_minutes_confirm", **base, **carried}
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
