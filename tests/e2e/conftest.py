"""End-to-end tests against the Microsoft 365 Agents Playground (the local Teams emulator).

The bot runs as `python -m bot serve` (the path `make run` takes) on a fresh SQLite file;
the playground plays Teams and the Bot Connector and renders Adaptive Cards with the real
renderer; Playwright drives its web UI in Debian's Chromium. Nothing is downloaded: the
playground comes from `npm ci`, the browser from apt.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
PLAYGROUND = ROOT / "node_modules" / ".bin" / "agentsplayground"
ARTIFACTS = ROOT / "tests" / "e2e" / "artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless=new",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if not PLAYGROUND.exists():
        return "Agents Playground not installed (npm ci)"
    if shutil.which("node") is None:
        return "Node.js not found"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright (Python) not installed"
    return None


MISSING = _missing()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if MISSING:
                item.add_marker(pytest.mark.skip(reason=f"emulator tests skipped: {MISSING}"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_http(url: str, *, timeout: float, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout}s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


class Emulator:
    def __init__(self, url: str, bot_url: str, workdir: Path) -> None:
        self.url = url
        self.bot_url = bot_url
        self.workdir = workdir


# Module scope: Playwright's sync API keeps an event loop running while it is open,
# which would break the asyncio-based fixtures of tests collected after this package.
@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    workdir = tmp_path_factory.mktemp("e2e")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    bot_port, playground_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("Microsoft")}
    env.update(
        {
            "PORT": str(bot_port),
            "DATABASE_URL": f"sqlite:///{workdir / 'bot.db'}",
            "LOG_LEVEL": "INFO",
            # The playground always sends locale en-US; the product speaks Swedish first.
            "FORCE_LANGUAGE": "sv",
        }
    )
    bot_log = (ARTIFACTS / "bot.log").open("wb")
    bot = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"], cwd=workdir, env=env, stdout=bot_log, stderr=bot_log
    )
    # The playground's CLI opens a browser with xdg-open and exits if that is missing.
    fake_bin = workdir / "bin"
    fake_bin.mkdir()
    xdg_open = fake_bin / "xdg-open"
    xdg_open.write_text("#!/bin/sh\nexit 0\n")
    xdg_open.chmod(0o755)
    shutil.copy(ROOT / ".m365agentsplayground.yml", workdir / ".m365agentsplayground.yml")
    playground_env = dict(os.environ, PATH=f"{fake_bin}:{os.environ.get('PATH', '')}")
    playground_log = (ARTIFACTS / "playground.log").open("wb")
    playground = subprocess.Popen(
        [
            str(PLAYGROUND),
            "start",
            "-e",
            f"http://localhost:{bot_port}/api/messages",
            "-c",
            "msteams",
            "-p",
            str(playground_port),
            "--disable-telemetry",
        ],
        cwd=workdir,
        env=playground_env,
        stdout=playground_log,
        stderr=playground_log,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{bot_port}/healthz", timeout=60, process=bot)
        wait_for_http(f"http://127.0.0.1:{playground_port}/", timeout=60, process=playground)
        yield Emulator(
            f"http://localhost:{playground_port}/", f"http://localhost:{bot_port}", workdir
        )
    finally:
        _stop(playground)
        _stop(bot)
        bot_log.close()
        playground_log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


# One page per test module: the steps of a module build on each other like a person
# clicking through (the emulator is module-scoped too).
TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def page(emulator: Emulator, browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="sv-SE", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(emulator.url, wait_until="networkidle")
    yield page
    context.close()


def enqueue_channel_reminder(
    database: Path,
    *,
    text: str,
    mention_name: str = "",
    mention_id: str = "",
    card: dict[str, Any] | None = None,
    key: str = "e2e:reminder:1",
    kind: str = "decision_remind",
) -> None:
    """Write a due reminder into the running bot's outbox, as a reminder rule would.

    Runs in its own thread and event loop: Playwright's sync API owns this thread's loop."""
    from datetime import UTC, datetime

    from sqlalchemy import select

    from storage.db import create_engine, create_session_factory, unit_of_work
    from storage.directory.models import Conversation, ConversationKind
    from storage.outbox import operations as outbox

    async def write() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{database}")
        try:
            async with unit_of_work(create_session_factory(engine)) as session:
                channel = await session.scalar(
                    select(Conversation).where(Conversation.kind == ConversationKind.CHANNEL)
                )
                assert channel is not None, "the team install was not recorded"
                mentions = (
                    [outbox.OutboxMention(teams_user_id=mention_id, name=mention_name)]
                    if mention_id
                    else []
                )
                await outbox.enqueue(
                    session,
                    key=key,
                    tenant_id=channel.tenant_id,
                    kind=kind,
                    # Delivered now, whatever the hour: office hours are tested elsewhere.
                    nudge=False,
                    due_at=datetime.now(UTC),
                    conversation_pk=channel.id,
                    text=text,
                    card=card,
                    mentions=mentions,
                )
        finally:
            await engine.dispose()

    run_in_thread(write)


def send(page: Any, text: str) -> None:
    """Type `text` into the open conversation's composer and send it."""
    box = page.get_by_role("textbox").last
    box.click()
    box.fill(text)
    page.keyboard.press("Enter")


def mention_bot(page: Any, text: str) -> None:
    """Start a new post in the open channel: @Samverkansboten followed by `text`."""
    page.keyboard.press("Escape")
    box = page.get_by_role("textbox").last
    box.click()
    page.keyboard.type("@Sam")
    suggestion = page.locator(".fui-MenuItem__content", has_text="Samverkansboten").last
    suggestion.wait_for(state="visible")
    suggestion.click()
    page.keyboard.type(f" {text}")
    page.keyboard.press("Enter")


def run_in_thread(coroutine_factory: Any) -> Any:
    """Run async database code from a test: Playwright's sync API owns this thread's loop."""
    import asyncio
    import threading

    result: list[Any] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            result.append(asyncio.run(coroutine_factory()))
        except BaseException as error:  # re-raised in the test thread
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=30)
    if errors:
        raise errors[0]
    return result[0] if result else None


def latest_poll(database: Path) -> dict[str, Any]:
    """The newest poll's id, option ids and the activity id of its card in the channel."""
    from sqlalchemy import select

    from storage.db import create_engine, create_session_factory
    from storage.polls.models import Poll, PollOption

    async def read() -> dict[str, Any]:
        engine = create_engine(f"sqlite+aiosqlite:///{database}")
        try:
            async with create_session_factory(engine)() as session:
                poll = await session.scalar(select(Poll).order_by(Poll.id.desc()))
                assert poll is not None
                options = (
                    await session.scalars(
                        select(PollOption.id)
                        .where(PollOption.poll_id == poll.id)
                        .order_by(PollOption.id)
                    )
                ).all()
                return {"id": poll.id, "options": list(options), "activity_id": poll.activity_id}
        finally:
            await engine.dispose()

    return dict(run_in_thread(read))


def send_as_user(
    emulator: Emulator,
    user_index: int,
    value: dict[str, Any] | None = None,
    reply_to_id: str | None = None,
    *,
    text: str | None = None,
) -> None:
    """A message or card click by another mock user: the playground's UI always acts as
    its configured current user, so this goes through its custom-activity endpoint,
    which forwards the activity to the bot as it is."""
    import json

    import yaml

    config = yaml.safe_load((ROOT / ".m365agentsplayground.yml").read_text(encoding="utf-8"))
    user = config["users"][user_index]
    team = config["team"]["id"]
    activity = {
        "type": "message",
        "id": f"e2e-{user['id']}-{time.monotonic_ns()}",
        "from": {"id": user["id"], "name": user["name"], "aadObjectId": user["aadObjectId"]},
        "recipient": {"id": config["bot"]["id"], "name": config["bot"]["name"]},
        "conversation": {
            "id": team,
            "conversationType": "channel",
            "isGroup": True,
            "tenantId": config["tenantId"],
        },
        "channelData": {
            "tenant": {"id": config["tenantId"]},
            "team": {"id": team},
            "channel": {"id": team},
        },
        "serviceUrl": f"{emulator.url.rstrip('/')}/_connector",
        "channelId": "msteams",
    }
    if reply_to_id:
        activity["replyToId"] = reply_to_id
    if value is not None:
        activity["value"] = value
    if text is not None:
        activity["text"] = text
    request = urllib.request.Request(
        f"{emulator.url.rstrip('/')}/_internal/v1/customActivities",
        data=json.dumps(activity).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def latest_questionnaire(database: Path) -> dict[str, Any]:
    """The newest questionnaire's id, its question ids and its targets (by label)."""
    from sqlalchemy import select

    from storage.db import create_engine, create_session_factory
    from storage.questionnaires.models import (
        Questionnaire,
        QuestionnaireQuestion,
        QuestionnaireTarget,
    )

    async def read() -> dict[str, Any]:
        engine = create_engine(f"sqlite+aiosqlite:///{database}")
        try:
            async with create_session_factory(engine)() as session:
                found = await session.scalar(
                    select(Questionnaire).order_by(Questionnaire.id.desc())
                )
                assert found is not None
                questions = (
                    await session.scalars(
                        select(QuestionnaireQuestion.id)
                        .where(QuestionnaireQuestion.questionnaire_id == found.id)
                        .order_by(QuestionnaireQuestion.position)
                    )
                ).all()
                targets = (
                    await session.scalars(
                        select(QuestionnaireTarget).where(
                            QuestionnaireTarget.questionnaire_id == found.id
                        )
                    )
                ).all()
                return {
                    "id": found.id,
                    "questions": list(questions),
                    "targets": {t.label: t.id for t in targets},
                }
        finally:
            await engine.dispose()

    return dict(run_in_thread(read))
