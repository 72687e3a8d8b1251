"""Results through HTTP: the summary card with charts, the CSV/XLSX/Markdown exports
(downloaded and read back), role checks, and the comparison of two rounds."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.bot.questionnaire_support import (
    HELENA,
    ISSUE_QUESTIONS,
    QuestionnaireBot,
    button,
    card_text,
    click,
    fill,
    install_group,
    outbox_rows,
    posted_cards,
    questionnaire_bot,
    say,
)
from tests.cards.card_rules import attachment_bytes, card_errors
from tests.support.connector import LoopbackConnector
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MARIE, User

QUESTIONS = "\n".join(
    [
        "Titel: Hälsoundersökningar vid placering",
        "Finns en implementeringsplan? [ja/nej]",
        "Antal placerade barn [tal]",
        "Antal genomförda hälsoundersökningar [tal]",
        "Hur långt har ni kommit? [skala]",
        "Kommentar (valfri)",
    ]
)


@pytest.fixture
async def bot(
    database_url: str, engine: AsyncEngine, connector: LoopbackConnector
) -> AsyncIterator[QuestionnaireBot]:
    async with questionnaire_bot(database_url, connector) as running:
        await install_group(running)
        yield running


async def _send(bot: QuestionnaireBot, text: str = QUESTIONS) -> int:
    await say(bot, MARIE, f"enkät ny {text}")
    [(preview_id, preview)] = posted_cards(bot)
    number = int(re.search(r"enkät (\d+)", card_text(preview))[1])  # type: ignore[index]
    await click(bot, MARIE, button(preview, "Skicka"), preview_id)
    bot.connector.clear()
    return number


async def _answer(bot: QuestionnaireBot, user: User, answers: list[str], number: int) -> None:
    rows = await outbox_rows(bot, f"questionnaire:{number}:invite:")
    invites = [r for r in rows if r.user_aad_id == user.aad_object_id]
    if invites:
        card = invites[0].card
    else:  # a deputy: the card from the chat with the bot
        await say(bot, user, f"enkät svara {number}", scope="personal")
        [(_, card)] = posted_cards(bot)
    await click(bot, user, fill(card, "Skicka svar", answers), "p", scope="personal")
    bot.connector.clear()


def _links(text: str) -> dict[str, str]:
    return dict(re.findall(r"\[([^\]]+)\]\(([^)]+)\)", text))


async def _file(bot: QuestionnaireBot, links: dict[str, str], name: str) -> bytes:
    url = links[name]
    response = await bot.http.get(bot.url + url[url.index("/downloads/") :])
    assert response.status == 200
    return await response.read()


async def _results(bot: QuestionnaireBot, number: int) -> tuple[dict[str, Any], dict[str, str]]:
    await say(bot, MARIE, f"enkät resultat {number}")
    [activity] = bot.connector.sent()
    card = activity["attachments"][0]["content"]
    return card, _links(activity["text"])


async def test_summary_card_and_exports_with_the_right_rows(bot: QuestionnaireBot) -> None:
    number = await _send(bot)
    await _answer(bot, ANNA, ["yes", "12", "10", "4", '=HYPERLINK("http://x")'], number)
    await _answer(bot, HELENA, ["no", "5", "2,5", "2", ""], number)
    card, links = await _results(bot, number)
    text = card_text(card)
    assert "Resultat: Hälsoundersökningar vid placering" in text
    assert "2 av 4 organisationer har svarat." in text
    assert "Saknas: Nyköpings kommun och Region Sörmland" in text
    assert "Ja: 1" in text and "Nej: 1" in text
    assert "Gnesta kommun: 12" in text and "Trosa kommun: 5" in text
    assert "Summa: 17" in text and "Summa: 12,5" in text
    images = [b for b in card["body"] if b.get("type") == "Image"]
    assert len(images) == 4  # yes/no, two numbers, scale
    # Charts are served by the bot's download route, not embedded: the card is valid and
    # stays under Teams' ~28 KB message limit.
    assert card_errors(card) == []
    assert attachment_bytes(card) < 10_000
    for image in images:
        url = image["url"]
        assert url.startswith(("https://", "http://")) and "/downloads/" in url
        response = await bot.http.get(bot.url + url[url.index("/downloads/") :])
        assert response.status == 200
        assert response.headers["Content-Type"] == "image/png"
        assert (await response.read()).startswith(b"\x89PNG")
    assert set(links) == {f"enkat-{number}.csv", f"enkat-{number}.xlsx", f"enkat-{number}.md"}

    workbook = load_workbook(io.BytesIO(await _file(bot, links, f"enkat-{number}.xlsx")))
    sheet = workbook.active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == [
        "Organisation",
        "Besvarad av",
        "Inskickad",
        "1. Finns en implementeringsplan?",
    ]
    assert rows[0][-1] == "Summa"
    assert [r[0] for r in rows[1:]] == [
        "Gnesta kommun",
        "Nyköpings kommun",
        "Region Sörmland",
        "Trosa kommun",
        "Summa",
    ]
    gnesta, nykoping, _, trosa, total = rows[1:]
    assert gnesta[1] == ANNA.name and gnesta[3:8] == ["Ja", 12, 10, 4, '=HYPERLINK("http://x")']
    assert sheet.cell(row=2, column=8).data_type == "s"  # an answer never becomes a formula
    assert gnesta[8] == 22  # total per organisation over the number questions
    assert trosa[1] == HELENA.name and trosa[3:7] == ["Nej", 5, 2.5, 2]
    assert nykoping[1] == "Ej besvarad" and nykoping[3:] == [None] * 6
    assert total[4:6] == [17, 12.5] and total[8] == 29.5
    assert sheet.column_dimensions["D"].width >= 12
    assert sheet["A1"].font.bold

    raw_csv = await _file(bot, links, f"enkat-{number}.csv")
    assert raw_csv.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw_csv.decode("utf-8-sig")), delimiter=";"))
    assert table[1][:8] == [
        "Gnesta kommun",
        ANNA.name,
        "2026-09-01",
        "Ja",
        "12",
        "10",
        "4",
        '\'=HYPERLINK("http://x")',
    ]
    assert table[4][5] == "2,5"
    assert table[-1][:6] == ["Summa", "", "", "", "17", "12,5"]

    report = (await _file(bot, links, f"enkat-{number}.md")).decode("utf-8")
    assert report.startswith("# Hälsoundersökningar vid placering\n")
    assert "2 av 4 organisationer har svarat" in report
    assert "- **Gnesta kommun**: 12" in report
    assert "Summa: 17" in report


async def test_results_are_for_organisers_and_the_secretary(bot: QuestionnaireBot) -> None:
    number = await _send(bot)
    await say(bot, ANNA, f"enkät resultat {number}")
    assert bot.connector.texts() == [
        "Resultaten visas för processledare, ordförande och sekreterare."
    ]
    assert posted_cards(bot) == []
    await say(bot, GABRIEL, "roll @Kristin Wirén sekreterare", mentions=(KRISTIN,))
    bot.connector.clear()
    await say(bot, KRISTIN, f"enkät resultat {number}")
    assert "Resultat:" in card_text(posted_cards(bot)[0][1])


async def test_status_card_results_button(bot: QuestionnaireBot) -> None:
    number = await _send(bot)
    await say(bot, MARIE, f"enkät status {number}")
    [(status_id, status)] = posted_cards(bot)
    assert "0 av 4 har svarat" in card_text(status)
    bot.connector.clear()
    await click(bot, MARIE, button(status, "Resultat"), status_id)
    assert "0 av 4 organisationer har svarat." in card_text(posted_cards(bot)[0][1])


async def test_compare_two_rounds_shows_who_moved_from_no_plan_to_plan(
    bot: QuestionnaireBot,
) -> None:
    first = await _send(bot)
    await _answer(bot, ANNA, ["no", "10", "3", "1", ""], first)
    await _answer(bot, KRISTIN, ["no", "4", "4", "2", ""], first)
    await say(bot, MARIE, f"enkät kopiera {first}")
    [(preview_id, preview)] = posted_cards(bot)
    await click(bot, MARIE, button(preview, "Skicka"), preview_id)
    second = first + 1
    bot.connector.clear()
    await _answer(bot, ANNA, ["yes", "10", "9", "3", ""], second)
    await _answer(bot, KRISTIN, ["no", "4", "4", "2", ""], second)
    await say(bot, MARIE, f"enkät jämför {second}")
    [activity] = bot.connector.sent()
    card = activity["attachments"][0]["content"]
    text = card_text(card)
    assert f"(enkät {first} → {second})" in text
    assert "Gnesta kommun: Nej → Ja" in text
    assert "Gnesta kommun: 3 → 9" in text
    assert "oförändrat: Nyköpings kommun, Region Sörmland och Trosa kommun" in text
    links = _links(activity["text"])
    [name] = links
    report = (await _file(bot, links, name)).decode("utf-8")
    assert "| Gnesta kommun | Nej | Ja | **→** |" in report
    assert "| Nyköpings kommun | Nej | Nej |  |" in report


async def test_compare_needs_rounds_of_the_same_questionnaire(bot: QuestionnaireBot) -> None:
    first = await _send(bot)
    other = await _send(bot, "Annan fråga?")
    await say(bot, MARIE, f"enkät jämför {first}")
    await say(bot, MARIE, f"enkät jämför {other} {first}")
    assert bot.connector.texts() == [
        f"Enkät {first} har ingen tidigare omgång. Nya omgångar skapas med "
        f"**enkät kopiera {first}**.",
        f"Enkät {first} och {other} är inte omgångar av samma enkät.",
    ]


async def test_issue_done_means(bot: QuestionnaireBot) -> None:
    """The acceptance of issue #5, end to end."""
    await say(bot, ANNA, f"enkät ny\n{ISSUE_QUESTIONS}")
    assert "bara processledare och ordföranden" in bot.connector.texts()[0]
    bot.connector.clear()
    number = await _send(bot, f"Titel: Implementering\n{ISSUE_QUESTIONS}")
    await _answer(bot, ANNA, ["Plan finns", "Utsedd", "Påbörjat", "APT i mars"], number)
    await _answer(bot, HELENA, ["Ingen plan", "Ej utsedd", "Ej påbörjat", "Nej"], number)
    statuses = [r for r in await outbox_rows(bot) if r.kind == "questionnaire_status"]
    assert "2 av 4 har svarat" in card_text(statuses[-1].card or {})
    _, links = await _results(bot, number)
    workbook = load_workbook(io.BytesIO(await _file(bot, links, f"enkat-{number}.xlsx")))
    sheet = workbook.active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows(values_only=False)]
    assert [r[:2] for r in rows[1:]] == [
        ["Gnesta kommun", ANNA.name],
        ["Nyköpings kommun", "Ej besvarad"],
        ["Region Sörmland", "Ej besvarad"],
        ["Trosa kommun", HELENA.name],
    ]
    assert rows[1][3:] == ["Plan finns", "Utsedd", "Påbörjat", "APT i mars"]
    assert rows[0][3:] == [f"{i}. {q}" for i, q in enumerate(ISSUE_QUESTIONS.split("\n"), 1)]
