"""What this unit of work already read from the directory, so a turn looks its
conversation, group and sender up once.

Every turn starts by reading them (dialogs/install.note_activity), and the flow then asks
for the same group and member again (require_group, require_member, …). A query for a row
already in the session's identity map returns that same object without refreshing it, so
handing back the remembered object answers exactly as the query would have, with no
round trip. Three things could make a remembered object differ from that answer, and each
makes the memo forget:

- the transaction ended (its rows may have been expired or changed since): the memo is
  bound to one transaction;
- the session ran a write statement (bulk UPDATE/DELETE, INSERT … ON CONFLICT, text):
  those bypass the identity map, so any statement but a SELECT forgets everything;
- the object itself was expired, deleted or detached: checked on every read.

The memo lives in `session.info`, so it is never shared between sessions. Only rows that
exist are remembered; a miss always asks the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import event, inspect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from storage.directory.models import Conversation, Group, Member

_INFO_KEY = "directory_memo"


@dataclass
class _Memo:
    transaction: SessionTransaction
    conversations: dict[tuple[str, str], Conversation] = field(default_factory=dict)
    groups_by_conversation: dict[int, Group] = field(default_factory=dict)
    members: dict[tuple[int, str], Member] = field(default_factory=dict)


def _memo(session: AsyncSession, *, create: bool) -> _Memo | None:
    transaction = session.sync_session.get_transaction()
    if transaction is None:
        return None
    memo: _Memo | None = session.info.get(_INFO_KEY)
    if memo is not None and memo.transaction is transaction:
        return memo
    if not create:
        return None
    memo = _Memo(transaction)
    session.info[_INFO_KEY] = memo
    return memo


def _usable(row: object, *needed: str) -> bool:
    """Still what a query in this session would return, with `needed` relationships
    loaded (the models' relationships raise instead of lazy-loading)."""
    state = inspect(row, raiseerr=True)
    return (
        state.persistent
        and not state.expired_attributes
        and all(name in state.dict for name in needed)
    )


def conversation(
    session: AsyncSession, tenant_id: str, conversation_id: str
) -> Conversation | None:
    memo = _memo(session, create=False)
    row = memo.conversations.get((tenant_id, conversation_id)) if memo else None
    return row if row is not None and _usable(row) else None


def remember_conversation(session: AsyncSession, row: Conversation) -> None:
    memo = _memo(session, create=True)
    if memo is not None:
        memo.conversations[(row.tenant_id, row.conversation_id)] = row


def group_of(session: AsyncSession, conversation_pk: int) -> Group | None:
    memo = _memo(session, create=False)
    row = memo.groups_by_conversation.get(conversation_pk) if memo else None
    return row if row is not None and _usable(row) else None


def remember_group(session: AsyncSession, row: Group) -> None:
    memo = _memo(session, create=True)
    if memo is not None:
        memo.groups_by_conversation[row.conversation_pk] = row


def member(session: AsyncSession, group_id: int, aad_object_id: str) -> Member | None:
    """Only with the organisation loaded, as directory.get_member returns members."""
    memo = _memo(session, create=False)
    row = memo.members.get((group_id, aad_object_id)) if memo else None
    return row if row is not None and _usable(row, "organisation") else None


def remember_member(session: AsyncSession, row: Member) -> None:
    memo = _memo(session, create=True)
    if memo is not None:
        memo.members[(row.group_id, row.aad_object_id)] = row


@event.listens_for(Session, "do_orm_execute")
def _forget_after_writes(state: ORMExecuteState) -> None:
    if not state.is_select:
        state.session.info.pop(_INFO_KEY, None)
