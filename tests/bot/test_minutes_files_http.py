"""Minutes files through HTTP into /api/messages: a .docx sent in the personal chat gets
the preview (for the sender's one group) and confirming stores its decisions once; every
bad file gets its Swedish message and stores nothing; a download is cut off at 5 MB; a
file shared in a channel is fetched through (a loopback) Microsoft Graph, or answered
with what to do instead when Graph is not configured. Every file host is on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from docx import Document
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import SCHEDULER_KEY, SESSIONS_KEY, AppOptions, create_app
from bot.teams.files import FILE_DOWNLOAD_INFO, FileFetcher
from cards.i18n import t
from dialogs.text.minutes_files import MAX_BYTES
from storage.decisions.models import Decision, DecisionImport, DecisionSource
from tests.bot.decision_helpers import (
    START,
    DecisionBot,
    buttons,
    card_text,
    dbot_fixture,  # noqa: F401  (the `dbot` fixture)
    install_team,
)
from tests.conftest import make_settings
from tests.support import teams
from tests.support.clocked_bot import Clock, ClockedBot
from tests.support.connector import LoopbackConnector
from tests.support.graph_standin import CLIENT_ID, CLIENT_SECRET, TENANT, GraphStandIn
from tests.support.teams import KRISTIN, TEAM_NAME

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "minutes"
BGB_DOCX = FIXTURES / "bgb-sodra-2022-01-24.docx"
HUGE = 20 * 1024 * 1024


@dataclass
class FileServer:
    """Serves files on 127.0.0.1, as SharePoint's pre-authenticated download URLs do."""

    files: dict[str, bytes] = field(default_factory=dict)
    huge_sent: int = 0
    huge_finished: bool = False
    server: TestServer | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/f/{name}", self._file)
        app.router.add_get("/huge", self._huge)
        self.server = TestServer(app, host="127.0.0.1")
        await self.server.start_server()

    def url(self, path: str) -> str:
        assert self.server is not None
        return str(self.server.make_url(path))

    async def _file(self, request: web.Request) -> web.Response:
        data = self.files.get(request.match_info["name"])
        return web.Response(body=data) if data is not None else web.Response(status=404)

    async def _huge(self, request: web.Request) -> web.StreamResponse:
        # No Content-Length: only counting while streaming can stop it.
        response = web.StreamResponse()
        await response.prepare(request)
        chunk = b"a" * 65536
        try:
            while self.huge_sent < HUGE:
                await response.write(chunk)
                self.huge_sent += len(chunk)
                await asyncio.sleep(0)
            await response.write_eof()
            self.huge_finished = True
        except (ConnectionResetError, ConnectionError, asyncio.CancelledError):
            pass
        return response


@pytest.fixture
async def files() -> AsyncIterator[FileServer]:
    server = FileServer()
    await server.start()
    yield server
    assert server.server is not None
    await server.server.close()


def file_message(
    scope: teams.Scope,
    user: teams.User,
    service_url: str,
    attachment: dict[str, Any],
    text: str = "",
) -> dict[str, Any]:
    activity = teams.message(scope, text, user, service_url)
    activity["attachments"] = [attachment]
    return activity


def download_info(name: str, url: str) -> dict[str, Any]:
    """What Teams sends for a file uploaded in the personal chat (supportsFiles)."""
    return {
        "contentType": FILE_DOWNLOAD_INFO,
        "contentUrl": "https://contoso-my.sharepoint.com/personal/kristin/Documents/" + name,
        "name": name,
        "content": {
            "downloadUrl": url,
            "uniqueId": "1150D938-8870-4044-9F2C-5BBDEBA70C9D",
            "fileType": name.rsplit(".", 1)[-1],
        },
    }


def reference(name: str, url: str) -> dict[str, Any]:
    """What Teams sends for a file attached to a channel message: a SharePoint link."""
    return {"contentType": "reference", "contentUrl": url, "name": name}


async def _counts(bot: DecisionBot) -> tuple[int, int]:
    async with bot.running.sessions() as session:
        decisions = await session.scalar(select(func.count()).select_from(Decision))
        imports = await session.scalar(select(func.count()).select_from(DecisionImport))
    return int(decisions or 0), int(imports or 0)


async def test_docx_in_personal_chat_previews_and_confirms_once(
    dbot: DecisionBot, files: FileServer
) -> None:
    await install_team(dbot)
    files.files["protokoll.docx"] = BGB_DOCX.read_bytes()
    attachment = download_info("protokoll.docx", files.url("/f/protokoll.docx"))
    response = await dbot.running.post(file_message("personal", KRISTIN, dbot.url, attachment))
    assert response.status == 201
    preview = dbot.last_card()
    text = card_text(preview)
    # Kristin is in one group: it is chosen for her, and the card says which.
    assert f"Grupp: {TEAM_NAME}" in text
    assert "Gabriel kontaktar respektive samordnare i VITS-grupperna för dialog" in text
    assert await _counts(dbot) == (0, 1)  # a pending import, no decision yet
    preview_id = dbot.connector.calls[-1].activity_id
    assert preview_id is not None
    confirm = buttons(preview)["Spara markerade beslut"]
    assert isinstance(confirm.get("group"), int)
    for _ in range(2):  # a double click stores nothing more
        await dbot.running.post(
            teams.card_submit("personal", confirm, KRISTIN, dbot.url, reply_to_id=preview_id)
        )
    decisions = await dbot.decisions()
    assert len(decisions) == 8  # the 2 decisions and 6 tasks of the BGB minutes
    assert {d.source for d in decisions} == {DecisionSource.MINUTES}
    assert "De här besluten är redan sparade" in dbot.last_text()


async def test_confirm_from_someone_outside_the_group_is_refused(
    dbot: DecisionBot, files: FileServer
) -> None:
    await install_team(dbot)
    files.files["p.docx"] = BGB_DOCX.read_bytes()
    await dbot.running.post(
        file_message("personal", KRISTIN, dbot.url, download_info("p.docx", files.url("/f/p.docx")))
    )
    confirm = buttons(dbot.last_card())["Spara markerade beslut"]
    stranger = teams.User("Ola Okänd", "11111111-aaaa-4bbb-8ccc-000000000099")
    await dbot.running.post(teams.card_submit("personal", confirm, stranger, dbot.url))
    assert await dbot.decisions() == []


BAD = FIXTURES / "bad"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("empty.docx", "minutes_file.empty"),
        ("password.pdf", "minutes_file.encrypted"),
        ("password.docx", "minutes_file.encrypted"),
        ("scanned.pdf", "minutes_file.image_only"),
        ("truncated.docx", "minutes_file.corrupt"),
    ],
)
async def test_bad_files_get_a_swedish_answer_and_store_nothing(
    dbot: DecisionBot, files: FileServer, name: str, key: str
) -> None:
    await install_team(dbot)
    files.files[name] = (BAD / name).read_bytes()
    response = await dbot.running.post(
        file_message("personal", KRISTIN, dbot.url, download_info(name, files.url(f"/f/{name}")))
    )
    assert response.status == 201
    assert dbot.last_text() == t(key, "sv")
    assert await _counts(dbot) == (0, 0)


async def test_an_oversized_download_is_cut_off_at_5_mb(
    dbot: DecisionBot, files: FileServer
) -> None:
    await install_team(dbot)
    attachment = download_info("stort.pdf", files.url("/huge"))
    response = await dbot.running.post(file_message("personal", KRISTIN, dbot.url, attachment))
    assert response.status == 201
    assert dbot.last_text() == t("minutes_file.too_large", "sv")
    assert await _counts(dbot) == (0, 0)
    await asyncio.sleep(0.2)  # let the server notice the dropped connection
    assert not files.huge_finished
    # What the bot read stopped at 5 MB; socket buffers may hold a few MB more in flight.
    assert MAX_BYTES < files.huge_sent < HUGE


async def test_a_host_not_allowed_is_never_contacted(dbot: DecisionBot) -> None:
    await install_team(dbot)
    attachment = download_info("p.docx", "http://10.255.255.1/p.docx")
    await dbot.running.post(file_message("personal", KRISTIN, dbot.url, attachment))
    assert dbot.last_text() == t("minutes_file.download_failed", "sv")


async def test_channel_file_without_graph_says_what_to_do(dbot: DecisionBot) -> None:
    await install_team(dbot)
    attachment = reference(
        "protokoll.docx", "https://contoso.sharepoint.com/sites/Samverkan/Delade dokument/p.docx"
    )
    await dbot.running.post(file_message("channel", KRISTIN, dbot.url, attachment))
    assert dbot.last_text() == t("minutes_file.channel_needs_graph", "sv")
    assert await _counts(dbot) == (0, 0)


@pytest.fixture
async def graph_bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[tuple[DecisionBot, GraphStandIn]]:
    standin = GraphStandIn()
    await standin.start()
    settings = make_settings(
        database_url,
        graph_client_id=CLIENT_ID,
        graph_client_secret=CLIENT_SECRET,
        graph_tenant_id=TENANT,
        graph_authority_url=standin.base,
        graph_base_url=standin.graph_url,
    )
    clock = Clock(START)
    fetcher = FileFetcher(
        settings, ssl_context=standin.client_ssl(), graph_token_http=standin.token_http()
    )
    app = create_app(
        settings,
        AppOptions(migrate_on_start=False, clock=clock, dispatch_outbox=False, files=fetcher),
    )
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    running = ClockedBot(
        url=str(server.make_url("")).rstrip("/"),
        http=aiohttp.ClientSession(),
        connector=connector,
        sessions=app[SESSIONS_KEY],
        server=server,
        clock=clock,
        scheduler=app[SCHEDULER_KEY],
    )
    try:
        yield DecisionBot(running=running, clock=clock), standin
    finally:
        await running.http.close()
        await server.close()
        await standin.close()


async def test_channel_file_is_fetched_through_graph(
    graph_bot: tuple[DecisionBot, GraphStandIn],
) -> None:
    dbot, graph = graph_bot
    await install_team(dbot)
    url = "https://contoso.sharepoint.com/sites/Samverkan/Delade dokument/Allmänt/p.docx"
    graph.shared_files[url] = BGB_DOCX.read_bytes()
    await dbot.running.post(
        file_message("channel", KRISTIN, dbot.url, reference("p.docx", url), text="protokoll")
    )
    text = card_text(dbot.last_card())
    assert "Beslut i protokollet" in text and "Grupp:" not in text
    assert [path for _, path in graph.graph_calls] == [
        "/v1.0/shares/" + graph.graph_calls[0][1].split("/")[3] + "/driveItem/content",
        "/download/" + graph.graph_calls[0][1].split("/")[3],
    ]
    assert graph.graph_calls[0][1].split("/")[3].startswith("u!")
    assert await _counts(dbot) == (0, 1)


async def test_a_file_out_of_shape_in_a_channel_says_what_it_could_not_read(
    graph_bot: tuple[DecisionBot, GraphStandIn],
) -> None:
    """A minutes draft edited into garbage, shared in the channel: its one decision is
    offered, and a message says the date, the numbered items and the attendance were not
    found (the same note as in the personal chat)."""
    dbot, graph = graph_bot
    await install_team(dbot)
    document = Document()
    for garbage in ("qwerty ))) ((( ö#¤%&", "asdf asdf", "zxcv"):
        document.add_paragraph(garbage)
    document.add_paragraph("Beslut: Gabriel kontaktar skolan senast 7/12")
    buffer = io.BytesIO()
    document.save(buffer)
    url = "https://contoso.sharepoint.com/sites/Samverkan/Delade dokument/Allmänt/utkast.docx"
    graph.shared_files[url] = buffer.getvalue()
    await dbot.running.post(
        file_message("channel", KRISTIN, dbot.url, reference("utkast.docx", url), text="protokoll")
    )
    note = next(text for text in dbot.connector.texts() if text)
    assert note.splitlines() == [
        t("minutes_file.unread", "sv"),
        f"- {t('minutes_file.unread.date', 'sv')}",
        f"- {t('minutes_file.unread.items', 'sv')}",
        f"- {t('minutes_file.unread.present', 'sv')}",
    ]
    assert "Gabriel kontaktar skolan senast 7/12" in card_text(dbot.last_card())
    assert await _counts(dbot) == (0, 1)
