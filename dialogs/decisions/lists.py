"""Finding decisions again: `beslut lista` (filters), `beslut sök` (full text) and
`beslut uppföljning` (the follow-up list for the next meeting, as a card and files).

The follow-up period: there is no meeting register to ask yet, so "since the last
meeting" is read as "since the last `beslut uppföljning` run on an earlier day" (runs on
the same day share the period, so preparing on the morning of the meeting and showing
the list at the meeting give the same list), or the last 30 days when there was none.
`beslut uppföljning sedan 1/9` sets the start explicitly.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta

from cards.decisions.actions import ListMore, SearchMore
from cards.decisions.export import follow_up_csv, follow_up_markdown
from cards.decisions.lists import decision_list_card, follow_up_card, search_card
from cards.i18n import t
from cards.swedish_format import local
from dialogs.decisions.filters import SELF_WORDS, FilterSyntaxError, ListFilters, parse_filters
from dialogs.decisions.register import (
    Sender,
    card_reply,
    local_today,
    require_sender,
    utc_midnight,
    view_of,
)
from dialogs.text.dates import DateParseError, parse_dates
from dialogs.turn import DownloadFile, Reply, TurnInput, UserFacingError
from storage.db import AsyncSession
from storage.decisions import operations as decisions
from storage.decisions.operations import DecisionFilter
from storage.decisions.search import search_decisions
from storage.directory import groups, membership

LIST_PAGE = 10
SEARCH_PAGE = 10
MAX_QUERY = 200
DEFAULT_FOLLOW_UP_DAYS = 30
_REFERENCE = re.compile(r"^B-(\d{4})-(\d{1,6})$", re.IGNORECASE)
_SINCE = re.compile(r"^(?:sedan|från|since|from)\s+", re.IGNORECASE)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


async def _owner_ids(
    session: AsyncSession, turn: TurnInput, sender: Sender, written: str
) -> list[int]:
    if _fold(written) in SELF_WORDS:
        return [sender.member.id]
    key = _fold(written)
    members = await membership.list_members(session, sender.group.id)
    exact = [m.id for m in members if _fold(m.name) == key]
    # A filter may be broad: "ägare:Malin" lists every Malin's decisions.
    found = exact or [
        m.id for m in members if _fold(m.name).split()[0] == key or _fold(m.name).startswith(key)
    ]
    if not found:
        raise UserFacingError("decisions.list.no_such_owner", name=written)
    return found


async def _organisation_ids(session: AsyncSession, sender: Sender, written: str) -> list[int]:
    key = _fold(written)
    organisations = await groups.list_organisations(session, sender.group.id)
    found = [o.id for o in organisations if key in _fold(o.name)]
    if not found:
        raise UserFacingError("decisions.list.no_such_organisation", name=written)
    return found


def _parse(turn: TurnInput, text: str) -> ListFilters:
    try:
        return parse_filters(text)
    except FilterSyntaxError as exc:
        if exc.code == "status":
            raise UserFacingError("decisions.list.bad_status", word=exc.value) from exc
        raise UserFacingError("decisions.list.bad_syntax") from exc


async def show_list(
    session: AsyncSession, turn: TurnInput, argument: str, offset: int = 0
) -> list[Reply]:
    sender = await require_sender(session, turn)
    filters = _parse(turn, argument)
    query = DecisionFilter(
        statuses=filters.statuses,
        owner_member_ids=(
            await _owner_ids(session, turn, sender, filters.owner) if filters.owner else None
        ),
        organisation_ids=(
            await _organisation_ids(session, sender, filters.organisation)
            if filters.organisation
            else None
        ),
    )
    today = local_today(turn)
    found = await decisions.list_decisions(session, sender.group.id, query, today)
    if filters.item:
        key = _fold(filters.item)
        found = [d for d in found if d.item and key in _fold(d.item)]
    page = found[offset : offset + LIST_PAGE]
    more = offset + LIST_PAGE < len(found)
    title_key = "decisions.list.title_all" if filters.given else "decisions.list.title"
    card = decision_list_card(
        turn.language,
        title=t(title_key, turn.language, count=len(found)),
        views=[view_of(d, today) for d in page],
        today=today,
        filters=" ".join(filters.given),
        next_offset=offset + LIST_PAGE if more else None,
    )
    return [Reply(card=card)]


async def list_more(session: AsyncSession, turn: TurnInput, payload: ListMore) -> list[Reply]:
    return await show_list(session, turn, payload.filters, payload.offset)


async def search(
    session: AsyncSession, turn: TurnInput, query: str, offset: int = 0
) -> list[Reply]:
    sender = await require_sender(session, turn)
    # Bounded: the query rides along in the "Visa fler" button (SearchMore).
    query = " ".join(query.split())[:MAX_QUERY]
    if not query:
        return [Reply(text=t("decisions.search.usage", turn.language))]
    today = local_today(turn)
    reference = _REFERENCE.match(query)
    if reference:
        decision = await decisions.find_by_reference(
            session, sender.group.id, int(reference.group(1)), int(reference.group(2))
        )
        if decision is not None:
            return [await card_reply(session, turn, decision, primary=False)]
    page = await search_decisions(session, sender.group.id, query, SEARCH_PAGE, offset)
    card = search_card(
        turn.language,
        query=query,
        views=[view_of(d, today) for d in page.decisions],
        today=today,
        next_offset=offset + SEARCH_PAGE if page.has_more else None,
    )
    return [Reply(card=card)]


async def search_more(session: AsyncSession, turn: TurnInput, payload: SearchMore) -> list[Reply]:
    return await search(session, turn, payload.query, payload.offset)


async def _period_start(
    session: AsyncSession, turn: TurnInput, sender: Sender, argument: str
) -> date:
    today = local_today(turn)
    if argument:
        try:
            spans = parse_dates(_SINCE.sub("", argument), today=today - timedelta(days=365))
        except DateParseError as exc:
            raise UserFacingError(
                "decisions.error.date", message=exc.message(turn.language)
            ) from exc
        return spans[0].day
    previous = await decisions.last_follow_up(session, sender.group.id, before=utc_midnight(today))
    if previous is not None:
        return local(previous).date()
    return today - timedelta(days=DEFAULT_FOLLOW_UP_DAYS)


async def follow_up(session: AsyncSession, turn: TurnInput, argument: str) -> list[Reply]:
    sender = await require_sender(session, turn)
    today = local_today(turn)
    since = await _period_start(session, turn, sender, argument)
    still_open, closed = await decisions.follow_up_selection(
        session, sender.group.id, closed_since=utc_midnight(since)
    )
    still_open = decisions.overdue_first(still_open, today)
    await decisions.record_follow_up(session, sender.group.id, turn.now)
    open_views = [view_of(d, today) for d in still_open]
    closed_views = [view_of(d, today) for d in closed]
    language = turn.language
    card = follow_up_card(
        language,
        group_name=sender.group.name,
        still_open=open_views,
        closed=closed_views,
        closed_since=since,
        today=today,
    )
    stem = t("decisions.export.file_stem", language, date=today.isoformat())
    # No charset parameter: GET /downloads refuses one in the content type; the CSV's
    # byte order mark tells Excel it is UTF-8.
    files = (
        DownloadFile(
            name=f"{stem}.md",
            content_type="text/markdown",
            data=follow_up_markdown(
                language,
                group_name=sender.group.name,
                still_open=open_views,
                closed=closed_views,
                closed_since=since,
                today=today,
            ),
        ),
        DownloadFile(
            name=f"{stem}.csv",
            content_type="text/csv",
            data=follow_up_csv(language, open_views, closed_views),
        ),
    )
    return [Reply(card=card, files=files)]
