"""`beslut arkiv` through HTTP on both databases: the register as PDF/A-2b for the
diarium, checked with pikepdf (no PDF/A validator such as veraPDF is installable here,
so the parts PDF/A requires are checked one by one: the XMP identification, the output
intent with its embedded ICC profile, every font embedded, no encryption, qpdf's syntax
check, the title the same in the document information and the XMP), with the
fields a registrar files by, åäö as text, and the status history from the audit trail."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator

import pikepdf
import pytest
from pypdf import PdfReader
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.bot.decision_helpers import buttons
from tests.bot.poll_meeting_support import ClockedBot, click, clocked_bot, install_team, say
from tests.support.connector import LoopbackConnector
from tests.support.teams import GABRIEL, KRISTIN


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[ClockedBot]:
    async with clocked_bot(database_url, connector) as running:
        await install_team(running)
        yield running


async def _pdf(bot: ClockedBot) -> bytes:
    text = bot.connector.texts()[-1]
    match = re.search(r"\]\(([^)]*/downloads/[\w\-]+)\)", text)
    assert match, text
    url = match.group(1)
    response = await bot.http.get(bot.url + url[url.index("/downloads/") :])
    assert response.status == 200
    assert response.headers["Content-Type"] == "application/pdf"
    return await response.read()


def assert_pdfa_2b(data: bytes) -> None:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []  # qpdf's structural check
        assert not pdf.is_encrypted
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            assert meta.pdfa_status == "2B"
            # PDF/A: document information, where there is any, says what the XMP says.
            assert meta["dc:title"]
            if "/Title" in pdf.docinfo:
                assert meta["dc:title"] == str(pdf.docinfo["/Title"])
        [intent] = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"
        assert len(intent.DestOutputProfile.read_bytes()) > 1000  # an embedded ICC profile
        for page in pdf.pages:
            for font in page.Resources.Font.values():
                descriptor = (
                    font.DescendantFonts[0].FontDescriptor
                    if "/DescendantFonts" in font
                    else font.FontDescriptor
                )
                assert "/FontFile2" in descriptor, font.BaseFont


async def test_register_as_pdfa_with_fields_and_status_history(bot: ClockedBot) -> None:
    await say(bot, KRISTIN, "beslut: Gabriel kontaktar Åsa på förskolan senast 27/11")
    card = bot.connector.cards()[-1]
    await click(bot, GABRIEL, buttons(card)["Klar"], bot.connector.calls[-1].activity_id or "x")
    bot.connector.clear()
    await say(bot, KRISTIN, "beslut arkiv")
    assert "PDF/A" in bot.connector.texts()[-1]
    data = await _pdf(bot)
    assert_pdfa_2b(data)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Beslutslogg" in text and "Grupp: Samverkansgruppen Sörmland" in text
    assert "B-2026-001 · Beslut" in text
    assert "Gabriel kontaktar Åsa på förskolan senast 27/11" in text
    assert "Klart senast 2026-11-27" in text
    assert "Mötesdatum Loggat i Teams" in text
    history = text.split("Statushistorik", 1)[1]
    assert re.search(r"2026-11-23 \d\d\.\d\d öppen \(Kristin Wirén\)", history)
    assert re.search(r"klar \(Gabriel Billing\)", history)


async def test_a_meeting_without_decisions_is_explained(bot: ClockedBot) -> None:
    await say(bot, KRISTIN, "beslut arkiv 16/11")
    [answer] = bot.connector.texts()
    assert "inga beslut från ett möte 2026-11-16" in answer
    assert "/downloads/" not in answer
    bot.connector.clear()
    await say(bot, KRISTIN, "beslut arkiv 45/11")
    [answer] = bot.connector.texts()
    assert answer.startswith("Jag förstod inte mötets datum")
