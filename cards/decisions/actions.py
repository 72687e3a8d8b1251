"""Payloads the decision cards send back. Untrusted: validated here (unknown fields
rejected, lengths bounded), and the flows re-check the sender on every one of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, create_model

from cards.actions import CardActionModel

StatusValue = Literal["öppen", "pågår", "klar", "inaktuell"]
DecisionId = int
MAX_IMPORT_DECISIONS = 25
MAX_MINUTES_LENGTH = 30_000
# Input ids on the minutes preview card, one set per extracted decision or task.
IMPORT_INPUTS = ("include", "owners", "due")
# Written names per entry that fit several people and are offered as a choice
# (`who_<entry>_<k>`); more than this are kept as written.
MAX_OWNER_CHOICES = 3
# A choice's value: the option's position on the card, or "w" for "as written".
AS_WRITTEN = "w"
_OWNER_CHOICE = r"^([0-9]{1,2}|w)$"
_MEMBER_IDS = r"^[0-9]{1,10}(,[0-9]{1,10}){0,19}$|^$"
_ISO_DATE = r"^([0-9]{4}-[0-9]{2}-[0-9]{2})?$"


def parse_member_ids(value: str) -> list[int]:
    """Input.ChoiceSet with isMultiSelect sends the chosen values comma-separated."""
    return [int(part) for part in value.split(",") if part]


def parse_iso_date(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def _real_date(value: str) -> str:
    parse_iso_date(value)  # "2026-02-30" has the right shape but is no date: ValueError
    return value


# What Input.Date sends ("" when left empty), and a multi-select of member ids.
IsoDate = Annotated[str, Field(max_length=10, pattern=_ISO_DATE), AfterValidator(_real_date)]
MemberIds = Annotated[str, Field(max_length=240, pattern=_MEMBER_IDS)]


class StatusChange(CardActionModel):
    """A status button on a decision card: the change it asks for, and the state the card
    showed, so a replay or a late click after someone else's change changes nothing."""

    action: Literal["decision_status"]
    decision_id: DecisionId = Field(ge=1, le=2_000_000_000)
    from_status: StatusValue
    to_status: StatusValue
    revision: int = Field(ge=0, le=1_000_000)


class DecisionViewAction(CardActionModel):
    """The decision card's automatic refresh (Universal Actions): answered with the
    sender's own view of the card, with the status buttons only for those who may use
    them."""

    action: Literal["decision_view"]
    decision_id: DecisionId = Field(ge=1, le=2_000_000_000)


class DecisionForm(CardActionModel):
    """`beslut ny` and the "Logga som beslut" dialog: the inputs plus the button's data."""

    action: Literal["decision_form"]
    text: str = Field(default="", max_length=2000)
    item: str = Field(default="", max_length=200)
    owners: MemberIds = ""
    due: IsoDate = ""


class ShowDecision(CardActionModel):
    """A click on a decision in a list: post its card (with the status buttons)."""

    action: Literal["decision_show"]
    decision_id: DecisionId = Field(ge=1, le=2_000_000_000)


class SearchMore(CardActionModel):
    action: Literal["decision_search_more"]
    query: str = Field(max_length=200)
    offset: int = Field(ge=0, le=10_000)


class ListMore(CardActionModel):
    action: Literal["decision_list_more"]
    filters: str = Field(default="", max_length=200)
    offset: int = Field(ge=0, le=10_000)


class MinutesPaste(CardActionModel):
    """The paste form of `protokoll`: line breaks survive in a card input."""

    action: Literal["decision_minutes_paste"]
    minutes: str = Field(default="", max_length=MAX_MINUTES_LENGTH)


def import_input_id(kind: str, index: int) -> str:
    return f"{kind}_{index}"


def owner_choice_id(index: int, k: int) -> str:
    return f"who_{index}_{k}"


OwnerChoiceValue = Annotated[str, Field(max_length=2, pattern=_OWNER_CHOICE)]


def _import_fields() -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for index in range(MAX_IMPORT_DECISIONS):
        fields[import_input_id("include", index)] = (
            Literal["true", "false"] | None,
            None,
        )
        # None when the client did not send the input: then the preview's values stand.
        fields[import_input_id("owners", index)] = (MemberIds | None, None)
        fields[import_input_id("due", index)] = (IsoDate | None, None)
        for k in range(MAX_OWNER_CHOICES):
            fields[owner_choice_id(index, k)] = (OwnerChoiceValue | None, None)
    return fields


class _MinutesConfirmBase(CardActionModel):
    action: Literal["decision_minutes_confirm"]
    import_id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")
    # Only on previews in the personal chat, which belongs to no group: which group the
    # minutes file is imported into (membership is checked again on confirm).
    group: int | None = Field(default=None, ge=1)


class MinutesPickGroup(CardActionModel):
    """A minutes file sent in the personal chat: the group chosen for its preview."""

    action: Literal["decision_minutes_group"]
    import_id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")
    group: int = Field(ge=1)


# One explicit field per input of the preview card (at most MAX_IMPORT_DECISIONS), so the
# model still rejects every key the card does not have.
MinutesConfirm = create_model("MinutesConfirm", __base__=_MinutesConfirmBase, **_import_fields())


class _MinutesPageBase(CardActionModel):
    """ "Visa fler", "Föregående" and "Ändra ansvariga" on a minutes preview too big for
    one card: the card is drawn again (nothing is stored) with what the user has entered
    so far, carried in the buttons' data of the next page, so the last page's confirm
    sends every entry's values at once, exactly as a one-page preview does."""

    action: Literal["decision_minutes_page"]
    import_id: str = Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")
    group: int | None = Field(default=None, ge=1)
    # The position of the first entry to show (the page is the one holding it).
    start: int = Field(default=0, ge=0, lt=MAX_IMPORT_DECISIONS)
    # The entry whose owners the user wants to change: its picker is opened.
    edit: int | None = Field(default=None, ge=0, lt=MAX_IMPORT_DECISIONS)


MinutesPage = create_model("MinutesPage", __base__=_MinutesPageBase, **_import_fields())


def entered_values(payload: Any) -> dict[str, str]:
    """The preview's input values a MinutesConfirm or MinutesPage payload carries, by id."""
    values: dict[str, str] = {}
    for name in _import_fields():
        value = getattr(payload, name)
        if value is not None:
            values[name] = value
    return values


@dataclass(frozen=True)
class ConfirmedDecision:
    include: bool
    owners: list[int] | None  # None: not sent, keep the preview's owners
    due: date | None
    due_sent: bool
    # Per offered owner choice: the chosen option's position, or None for "as written"
    # (chosen, or the input not sent at all).
    who: tuple[int | None, ...] = ()


def confirmed_values(payload: Any, index: int) -> ConfirmedDecision:
    """What the user chose for decision `index` of a MinutesConfirm payload."""
    owners = getattr(payload, import_input_id("owners", index))
    due = getattr(payload, import_input_id("due", index))
    return ConfirmedDecision(
        include=getattr(payload, import_input_id("include", index)) != "false",
        owners=parse_member_ids(owners) if owners is not None else None,
        due=parse_iso_date(due) if due else None,
        due_sent=due is not None,
        who=tuple(
            _chosen(getattr(payload, owner_choice_id(index, k))) for k in range(MAX_OWNER_CHOICES)
        ),
    )


def _chosen(value: str | None) -> int | None:
    return None if value is None or value == AS_WRITTEN else int(value)
