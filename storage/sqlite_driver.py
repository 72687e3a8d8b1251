"""SQLite through aiosqlite with at most one thread hand-off per transaction's start.

aiosqlite runs the sqlite3 connection in a thread of its own and SQLAlchemy's adapter
awaits it once for every call: cursor(), execute(), fetchall() and close() of each
statement, BEGIN, COMMIT, and the pool's ROLLBACK when the connection goes back, even
after a COMMIT. Every hand-off queues work for the thread, wakes it, waits for the GIL
(up to the 5 ms switch interval while the loop is busy) and wakes the event loop again;
measured in bench/card_submit, those hand-offs were the largest difference between a
click on SQLite and one on PostgreSQL (docs/performance.md, issue #16).

Here a statement runs in one piece (cursor, execute, fetch, close) and reports whether a
transaction is open, so that

- a BEGIN waits and is sent in the same hand-off as the statement that follows it (a
  transaction that never runs a statement never takes the write lock);
- once a BEGIN IMMEDIATE (or EXCLUSIVE) has taken the write lock, the transaction's
  further statements, its COMMIT and ROLLBACK run directly on the event loop's thread:
  holding the write lock in WAL mode, nothing they do can wait for another connection
  or process, so they cost what SQLite's own work costs (microseconds for a turn's
  statements) and no hand-off. The price: a long statement (a search over a large
  register, ~10 ms) or a COMMIT that triggers SQLite's automatic WAL checkpoint (about
  every 4 MB written; it syncs the file) holds up the loop's other work meanwhile,
  where before it held up only the other database work, which waited for the one
  connection anyway;
- COMMIT and ROLLBACK are skipped when SQLite has no transaction open (the pool's reset
  after every COMMIT).

What can wait for a lock, the BEGIN with its first statement and anything outside such a
transaction, still goes to aiosqlite's thread, so a CLI tool holding the database stalls
the turns that need it, never the event loop. One connection is never used by two
threads at once (each call is awaited before the next), which is what
`check_same_thread=False` (storage/db.py) allows. What SQLite sees is unchanged: the
same statements in the same order on one connection; errors are raised from the
statement that met them (a BEGIN IMMEDIATE that cannot get the lock fails with the
statement it was sent with). Server-side cursors keep SQLAlchemy's adapter.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)

# (description, rows, lastrowid, rowcount, in_transaction) of one statement.
_Outcome = tuple[Any, list[Any] | None, int, int, bool]


def _run(
    connection: Any, begin: str | None, operation: str, parameters: Any, many: bool
) -> _Outcome:
    """In aiosqlite's thread: BEGIN if one is waiting, then the whole statement."""
    conn: sqlite3.Connection = connection._conn
    if begin is not None:
        conn.execute(begin)
    cursor = conn.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        rows = cursor.fetchall() if cursor.description else None
        return cursor.description, rows, cursor.lastrowid or 0, cursor.rowcount, conn.in_transaction
    finally:
        cursor.close()


def _end(connection: Any, commit: bool) -> bool:
    conn: sqlite3.Connection = connection._conn
    if commit:
        conn.commit()
    else:
        conn.rollback()
    return conn.in_transaction


async def _ready(value: Any) -> Any:
    """A result computed on the loop's thread, as an awaitable: SQLAlchemy's async layer
    insists that a commit or a connection's execute awaited something (it guards against
    a blocking driver), and awaiting this costs no turn of the loop."""
    return value


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        connection = self._adapt_connection
        assert isinstance(connection, OneHopConnection)
        if operation.lstrip()[:5].upper() == "BEGIN":
            # Sent with the next statement: the transaction starts where it is used.
            connection.pending_begin = operation
            self.description, self._rows = None, deque()
            self.lastrowid = self.rowcount = -1
            return
        self._store(connection.run(operation, parameters, many=False))

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        connection = self._adapt_connection
        assert isinstance(connection, OneHopConnection)
        self._store(connection.run(operation, seq_of_parameters, many=True))

    def _store(self, outcome: _Outcome) -> None:
        description, rows, lastrowid, rowcount, _ = outcome
        self.description = description
        self._rows = deque(rows) if rows is not None else deque()
        if description:
            self.lastrowid = self.rowcount = -1
        else:
            self.lastrowid, self.rowcount = lastrowid, rowcount


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ("_holds_lock", "_in_transaction", "pending_begin")

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self.pending_begin: str | None = None
        # None: not known yet (only statements run here report it).
        self._in_transaction: bool | None = None
        # The open transaction began IMMEDIATE or EXCLUSIVE: it holds the write lock.
        self._holds_lock = False

    def run(self, operation: Any, parameters: Any, *, many: bool) -> _Outcome:
        begin, self.pending_begin = self.pending_begin, None
        inline = begin is None and self._holds_lock and self._in_transaction is True
        try:
            if inline:
                outcome = self.await_(
                    _ready(_run(self._connection, None, operation, parameters, many))
                )
            else:
                outcome = self.await_(
                    self._connection._execute(
                        _run, self._connection, begin, operation, parameters, many
                    )
                )
        except Exception as error:
            self._in_transaction, self._holds_lock = None, False
            self._handle_exception(error)
        self._in_transaction = outcome[4]
        if begin is not None:
            self._holds_lock = any(word in begin.upper() for word in ("IMMEDIATE", "EXCLUSIVE"))
        self._holds_lock = self._holds_lock and self._in_transaction
        return outcome

    def cursor(self, server_side: bool = False) -> AsyncAdapt_aiosqlite_cursor:
        return super().cursor(server_side) if server_side else OneHopCursor(self)

    def execute(self, *args: Any, **kw: Any) -> Any:
        # Not through run(): what it leaves open is not known, so COMMIT is never skipped.
        self._in_transaction, self._holds_lock = None, False
        return super().execute(*args, **kw)

    def commit(self) -> None:
        self._end(commit=True)

    def rollback(self) -> None:
        self._end(commit=False)

    def _end(self, *, commit: bool) -> None:
        self.pending_begin = None  # a BEGIN no statement followed never reached SQLite
        if self._in_transaction is False:
            return
        inline = self._holds_lock and self._in_transaction is True
        try:
            if inline:
                self._in_transaction = self.await_(_ready(_end(self._connection, commit)))
            else:
                self._in_transaction = self.await_(
                    self._connection._execute(_end, self._connection, commit)
                )
        except Exception as error:
            self._in_transaction = None
            self._handle_exception(error)
        finally:
            self._holds_lock = False


class OneHopDbapi(AsyncAdapt_aiosqlite_dbapi):
    """Pass as `module=` to `create_async_engine` for a `sqlite+aiosqlite` URL."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> OneHopConnection:
        adapted = super().connect(*arg, **kw)
        return OneHopConnection(self, adapted._connection)
