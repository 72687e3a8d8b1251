"""`python -m bot …`: serve, database, directory and text tools.

Each tool that lives in its own module exposes `add_parser(subparsers)` and `run(args)`.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.cli import dates as cli_dates
from bot.cli import manifest as cli_manifest
from bot.cli import minutes as cli_minutes
from bot.cli import pii as cli_pii
from bot.cli import status as cli_status
from bot.settings import Settings, SettingsError

TOOL_MODULES = (cli_dates, cli_pii, cli_minutes, cli_manifest, cli_status)


def configure_logging(level: str) -> None:
    logging.basicConfig(
        level=getattr(logging, level, logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    # aiohttp's access log prints client addresses and paths only; keep it at INFO.
    logging.getLogger("msal").setLevel(logging.WARNING)
    # APScheduler logs every tick at INFO (the outbox ticks every 5 s).
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)
    # Alembic, now imported only when a migration is due, announces each of its plugins.
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    # msrest warns about every Teams channelData field its models do not know (eventType…).
    logging.getLogger("msrest.serialization").setLevel(logging.ERROR)


def _settings() -> Settings:
    settings = Settings.from_env()
    settings.validate()
    return settings


def run_serve(_args: argparse.Namespace) -> int:
    # Imported here so the text tools (pii, dates, minutes) start without botbuilder.
    from aiohttp import web

    from bot.app import create_app
    from storage import instance_lock

    settings = _settings()
    configure_logging(settings.log_level)
    try:
        # SQLite is single-instance: a second bot on the same file refuses to start.
        lock = instance_lock.acquire(settings.database_url)
    except instance_lock.InstanceLockError as refusal:
        print(refusal, file=sys.stderr)
        return 2
    try:
        # The app migrates at start, only when the database is behind (storage.migrate).
        app = create_app(settings)
        end_of_start_up(server=True)
        web.run_app(app, host=settings.host, port=settings.port, print=None)
    finally:
        lock.release()
    return 0


def run_db_upgrade(_args: argparse.Namespace) -> int:
    from storage.migrate import upgrade

    settings = _settings()
    configure_logging(settings.log_level)
    upgrade(settings.database_url)
    print(f"database is at the latest revision: {_safe_url(settings.database_url)}")
    return 0


def run_db_backup(args: argparse.Namespace) -> int:
    from storage.backup import BackupError, backup_sqlite

    settings = _settings()
    try:
        path = backup_sqlite(settings.database_url, Path(args.path))
    except BackupError as exc:
        print(f"backup failed: {exc}", file=sys.stderr)
        return 2
    print(f"backup written and integrity-checked: {path}")
    return 0


def run_gdpr(args: argparse.Namespace) -> int:
    import json

    settings = _settings()
    if args.gdpr_command == "pseudonymise" and not args.yes:
        print("pseudonymisation cannot be undone; run again with --yes to confirm", file=sys.stderr)
        return 2
    result = asyncio.run(_gdpr(settings, args.gdpr_command, args.user))
    text = json.dumps(result, ensure_ascii=False, indent=2)
    if args.gdpr_command == "export" and args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
        print(f"written: {args.out}")
    else:
        print(text)
    return 0


async def _gdpr(settings: Settings, command: str, aad_id: str) -> dict[str, object]:
    from storage import gdpr
    from storage.db import create_engine, create_session_factory, unit_of_work

    engine = create_engine(settings.database_url)
    try:
        async with unit_of_work(create_session_factory(engine)) as session:
            if command == "export":
                return await gdpr.export_person(session, aad_id)
            return {"pseudonymised": await gdpr.pseudonymise_person(session, aad_id)}
    finally:
        await engine.dispose()


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def run_directory_import(args: argparse.Namespace) -> int:
    from dialogs.directory.roster_csv import parse_roster

    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")
    except OSError as exc:
        print(f"cannot read {path}: {exc.strerror}", file=sys.stderr)
        return 2
    entries, problems = parse_roster(text)
    for problem in problems:
        print(f"line {problem.line}: {problem.message}", file=sys.stderr)
    if problems and not args.skip_invalid:
        print("nothing imported (fix the lines above or use --skip-invalid)", file=sys.stderr)
        return 2
    settings = _settings()
    return asyncio.run(_import_roster(settings, args.group, entries))


async def _import_roster(settings: Settings, group_ref: str, entries: Sequence[object]) -> int:
    from dialogs.directory.roster_csv import RosterEntry
    from storage.db import create_engine, create_session_factory, unit_of_work
    from storage.directory import groups, roster_import

    engine = create_engine(settings.database_url)
    try:
        async with unit_of_work(create_session_factory(engine)) as session:
            group = await groups.find_group_by_reference(session, group_ref)
            if group is None:
                print(
                    f"no group matches {group_ref!r} (id, name or conversation id)", file=sys.stderr
                )
                return 2
            rows = [
                roster_import.RosterRow(
                    name=e.name,
                    email=e.email,
                    aad_object_id=e.aad_object_id,
                    organisation=e.organisation,
                    role=e.role,
                )
                for e in entries
                if isinstance(e, RosterEntry)
            ]
            result = await roster_import.apply_roster(session, group, rows)
    finally:
        await engine.dispose()
    print(
        f"group {group.id}: {result.created} created, {result.updated} updated, "
        f"{result.unmatched} not found in the team (add an aad_object_id column for them)"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Samverkansboten")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="start the bot (migrates the database first)")
    serve.set_defaults(func=run_serve)

    db = commands.add_parser("db", help="database administration")
    db_commands = db.add_subparsers(dest="db_command", required=True)
    db_commands.add_parser("upgrade", help="apply migrations").set_defaults(func=run_db_upgrade)
    backup = db_commands.add_parser("backup", help="online backup of the SQLite database")
    backup.add_argument("path", help="file to write (a consistent, checked copy)")
    backup.set_defaults(func=run_db_backup)

    directory = commands.add_parser("directory", help="group directory administration")
    directory_commands = directory.add_subparsers(dest="directory_command", required=True)
    roster = directory_commands.add_parser("import", help="import a roster from CSV")
    roster.add_argument("file")
    roster.add_argument("--group", required=True, help="group id, name or conversation id")
    roster.add_argument("--skip-invalid", action="store_true", help="import the valid rows")
    roster.set_defaults(func=run_directory_import)

    gdpr = commands.add_parser("gdpr", help="data-subject requests (export, pseudonymise)")
    gdpr_commands = gdpr.add_subparsers(dest="gdpr_command", required=True)
    export = gdpr_commands.add_parser("export", help="everything stored about a person, as JSON")
    export.add_argument("--user", required=True, help="the person's AAD object id")
    export.add_argument("--out", help="write to this file instead of standard output")
    export.set_defaults(func=run_gdpr)
    pseudo = gdpr_commands.add_parser(
        "pseudonymise", help="replace a person's identity, keeping the records"
    )
    pseudo.add_argument("--user", required=True, help="the person's AAD object id")
    pseudo.add_argument("--yes", action="store_true", help="confirm (cannot be undone)")
    pseudo.set_defaults(func=run_gdpr)

    for module in TOOL_MODULES:
        module.add_parser(commands)
    return parser


def end_of_start_up(*, server: bool = False) -> None:
    """Turn the garbage collector back on (bot/__main__.py turned it off for the imports).
    A server also freezes what start-up built: it lives as long as the process, and the
    full collections of the coming weeks need not walk it again each time."""
    if server:
        gc.freeze()
    gc.enable()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.func is not run_serve:  # serve has more to import and build first
        end_of_start_up()
    try:
        result: int = args.func(args)
    except SettingsError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    return result
