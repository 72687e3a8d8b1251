"""Finding decisions through HTTP: `beslut lista` with filters, `beslut sök` ranked and
paged on both backends, `beslut uppföljning` with its files downloaded over HTTP."""

from __future__ import annotations

import csv
import io
import re

from tests.bot.decision_helpers import (
    DecisionBot,
    buttons,
    card_text,
    dbot_fixture,  # noqa: F401  (the `dbot` fixture)
    install_team,
)
from tests.support.teams import ANNA, GABRIEL, KRISTIN, MALIN


def _headlines(card: dict[str, object]) -> list[str]:
    """The 'B-2026-001 · öppen' line of every listed decision, in order."""
    return [
        block["items"][0]["text"]
        for block in card["body"]  # type: ignore[attr-defined]
        if block.get("type") == "Container"
    ]


async def _close(bot: DecisionBot, number: int, status: str = "klar") -> None:
    decision = next(d for d in await bot.decisions() if d.number == number)
    await bot.click(
        {
            "action": "decision_status",
            "decision_id": decision.id,
            "from_status": decision.status.value,
            "to_status": status,
            "revision": decision.revision,
        },
        user=GABRIEL,
    )


async def _register(bot: DecisionBot) -> None:
    """Five decisions of two organisations, one of them closed, one soon overdue."""
    await install_team(bot)
    await bot.say("organisation Gnesta kommun", user=ANNA)
    await bot.say("organisation Trosa kommun", user=MALIN)
    await bot.say("organisation Region Sörmland", user=KRISTIN)
    await bot.say("beslut: Anna-Karin tar fram en tidplan senast 25/11")  # 1
    await bot.say("beslut: Malin sammanställer enkätsvaren senast 10/12")  # 2
    await bot.say("beslut: Kristin bjuder in BUP till nästa möte")  # 3
    await bot.say("beslut: Anna-Karin och Kristin ser över VITS-avtalen senast 1/12")  # 4
    await bot.say("beslut: Gabriel skickar årsrapporten senast 24/11")  # 5
    await _close(bot, 5)
    bot.clock.advance(days=7)  # Monday 30/11: number 1 is overdue
    bot.connector.clear()


async def test_list_shows_open_decisions_overdue_first(dbot: DecisionBot) -> None:
    await _register(dbot)
    await dbot.say("beslut lista")
    card = dbot.last_card()
    assert card["body"][0]["text"] == "Öppna beslut (4)"
    assert _headlines(card) == [
        "B-2026-001 · öppen · försenat",
        "B-2026-004 · öppen",
        "B-2026-002 · öppen",
        "B-2026-003 · öppen",
    ]
    text = card_text(card)
    assert "Ansvarig: Anna-Karin Hammar · Klart senast: onsdag 25/11 (försenat)" in text
    assert "beslut lista ägare:Gabriel" in text  # the syntax is on the card


async def test_list_filters(dbot: DecisionBot) -> None:
    await _register(dbot)
    cases = {
        "beslut lista ägare:Anna-Karin": ["B-2026-001", "B-2026-004"],
        "beslut lista ägare:kristin wirén": ["B-2026-004", "B-2026-003"],
        "beslut lista status:klar": ["B-2026-005"],
        "beslut lista status:alla ägare:Gabriel": ["B-2026-005"],
        "beslut lista org:Gnesta": ["B-2026-001", "B-2026-004"],
        "beslut lista org:region status:öppen": ["B-2026-004", "B-2026-003"],
        "decision list owner:me status:done": ["B-2026-005"],
    }
    for command, expected in cases.items():
        await dbot.say(command)
        assert [h.split(" · ")[0] for h in _headlines(dbot.last_card())] == expected, command
    await dbot.say("beslut lista status:raderad")
    assert dbot.last_text() == (
        "”raderad” är ingen status. Välj öppen, påbörjad, klar, inaktuell eller alla."
    )
    await dbot.say("beslut lista Gabriel")
    assert "Det filtret förstod jag inte" in dbot.last_text()
    await dbot.say("beslut lista ägare:Zlatan")
    assert dbot.last_text() == "Ingen medlem i gruppen heter ”Zlatan”."


async def test_list_by_agenda_item(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.click(
        {"action": "decision_form", "text": "Ta fram budget", "item": "4. Budget 2027"}
    )
    await dbot.click({"action": "decision_form", "text": "Boka lokal", "item": "5. Övrigt"})
    await dbot.say("beslut lista punkt:budget")
    assert [h.split(" · ")[0] for h in _headlines(dbot.last_card())] == ["B-2026-001"]


async def test_list_pages_with_show_more(dbot: DecisionBot) -> None:
    await install_team(dbot)
    for index in range(13):
        await dbot.say(f"beslut: Gabriel följer upp punkt {index}")
    dbot.connector.clear()
    await dbot.say("beslut lista")
    first = dbot.last_card()
    assert len(_headlines(first)) == 10
    more = buttons(first)["Visa fler"]
    assert more == {"action": "decision_list_more", "filters": "", "offset": 10}
    await dbot.click(more)
    second = dbot.last_card()
    assert len(_headlines(second)) == 3
    assert "Visa fler" not in buttons(second)


async def test_search_is_ranked_and_paged(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Gabriel kontaktar samordnarna i VITS-grupperna om avtalet")  # 1
    await dbot.say("beslut: Malin sammanställer VITS-statistik, VITS-rutiner och VITS-möten")  # 2
    await dbot.say("beslut: Kristin bokar lokal till nästa möte")  # 3
    for index in range(12):  # 4..15
        await dbot.say(f"beslut: Marie kontaktar huvudman nummer {index} om samordning")
    dbot.connector.clear()

    await dbot.say("beslut sök VITS")
    card = dbot.last_card()
    assert card["body"][0]["text"] == "Beslut om ”VITS”"
    assert [h.split(" · ")[0] for h in _headlines(card)] == ["B-2026-002", "B-2026-001"]

    # prefix / stemmed matching: "kontakt" finds "kontaktar", across 13 decisions
    await dbot.say("beslut sök kontakt")
    first = dbot.last_card()
    assert len(_headlines(first)) == 10
    more = buttons(first)["Visa fler"]
    assert more == {"action": "decision_search_more", "query": "kontakt", "offset": 10}
    await dbot.click(more)
    second = dbot.last_card()
    found = {h.split(" · ")[0] for h in _headlines(first) + _headlines(second)}
    assert len(_headlines(second)) == 3 and "Visa fler" not in buttons(second)
    assert found == {"B-2026-001"} | {f"B-2026-{n:03d}" for n in range(4, 16)}

    # a very long query is cut to what the "Visa fler" button can carry
    response = await dbot.say("beslut sök " + "kontakt " * 60)
    assert response.status == 201
    long_more = buttons(dbot.last_card())["Visa fler"]
    assert len(long_more["query"]) == 200 and long_more["offset"] == 10

    # every word must match
    await dbot.say("beslut sök kontaktar avtalet")
    assert [h.split(" · ")[0] for h in _headlines(dbot.last_card())] == ["B-2026-001"]


async def test_search_input_is_not_query_syntax(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Gabriel kontaktar samordnarna i VITS-grupperna")
    dbot.connector.clear()
    for hostile in (
        'VITS" OR "x',
        "VITS)) AND NOT (",
        "text:VITS",
        "NEAR(VITS samordnarna)",
        "vits* ^samordnarna",
        "'; DROP TABLE decisions; --",
        "!!! ***",
        "vits & | ! :*",
    ):
        response = await dbot.say(f"beslut sök {hostile}")
        assert response.status == 201, hostile
    texts = dbot.connector.texts()
    assert not any("Något gick fel" in text for text in texts)
    titles = [c["body"][0]["text"] for c in dbot.connector.cards()]
    assert len(titles) == 8
    # the words in them are still searched for
    assert _headlines(dbot.connector.cards()[4]) == ["B-2026-001 · öppen"]  # vits* ^samordnarna
    assert len(await dbot.decisions()) == 1


async def test_search_only_sees_this_groups_decisions(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Gabriel bokar lokal för VITS", scope="groupChat")
    await dbot.say("beslut sök VITS")
    assert "Inga beslut innehåller de orden." in card_text(dbot.last_card())


async def test_search_by_number_shows_the_card(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.say("beslut: Gabriel bokar lokal")
    await dbot.say("beslut: Malin skickar kallelse")
    dbot.connector.clear()
    await dbot.say("beslut sök b-2026-002")
    assert dbot.last_card()["body"][0]["text"] == "Beslut B-2026-002"
    await dbot.say("beslut sök")
    assert "beslut sök VITS" in dbot.last_text()


async def _download(bot: DecisionBot, text: str, suffix: str) -> tuple[bytes, str, str]:
    match = re.search(r"\[([^\]]+\." + suffix + r")\]\([^)]*/downloads/([\w\-]+)\)", text)
    assert match, text
    response = await bot.running.http.get(f"{bot.running.url}/downloads/{match.group(2)}")
    assert response.status == 200
    return await response.read(), response.headers["Content-Type"], match.group(1)


async def test_follow_up_card_and_files(dbot: DecisionBot) -> None:
    await _register(dbot)
    await _close(dbot, 2, "inaktuell")  # closed on 30/11
    dbot.connector.clear()
    response = await dbot.say("beslut uppföljning")
    assert response.status == 201
    [activity] = dbot.connector.sent()
    card = activity["attachments"][0]["content"]
    assert card["body"][0]["text"] == "Uppföljning av beslut"
    text = card_text(card)
    assert "Öppna beslut (3)" in text
    assert "Avslutade sedan lördag 31/10 (2)" in text  # no earlier follow-up: 30 days
    assert _headlines(card) == [
        "B-2026-001 · öppen · försenat",
        "B-2026-004 · öppen",
        "B-2026-003 · öppen",
        "B-2026-002 · inaktuell",
        "B-2026-005 · klar",
    ]

    data, content_type, name = await _download(dbot, activity["text"], "csv")
    assert name == "uppfoljning-av-beslut-2026-11-30.csv"
    assert content_type.startswith("text/csv")
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Nummer",
        "Dagordningspunkt",
        "Beslut",
        "Ansvarig",
        "Klart senast",
        "Datum (ÅÅÅÅ-MM-DD)",
        "Status",
        "Försenat",
    ]
    assert rows[1] == [
        "B-2026-001",
        "",
        "Anna-Karin tar fram en tidplan senast 25/11",
        "Anna-Karin Hammar",
        "onsdag 25/11 2026",
        "2026-11-25",
        "öppen",
        "ja",
    ]
    assert [row[0] for row in rows[1:]] == [
        "B-2026-001",
        "B-2026-004",
        "B-2026-003",
        "B-2026-002",
        "B-2026-005",
    ]
    assert rows[2][3] == "Anna-Karin Hammar, Kristin Wirén"

    markdown, md_type, _ = await _download(dbot, activity["text"], "md")
    assert md_type.startswith("text/markdown")
    md = markdown.decode("utf-8")
    assert md.startswith("# Uppföljning av beslut\n")
    assert "## Öppna beslut (3)" in md
    assert "- **B-2026-001** Anna-Karin tar fram en tidplan senast 25/11" in md
    assert "Klart senast: onsdag 25/11 2026 (försenat)" in md
    assert "## Avslutade sedan lördag 31/10 2026 (2)" in md


async def test_follow_up_period_starts_at_the_previous_run(dbot: DecisionBot) -> None:
    await _register(dbot)  # number 5 closed on 23/11
    await dbot.say("beslut uppföljning")
    await dbot.say("beslut uppföljning")  # the same day: the same period
    assert "Avslutade sedan lördag 31/10 (1)" in card_text(dbot.last_card())
    await _close(dbot, 2)  # closed on 30/11, after the runs
    dbot.clock.advance(days=7)
    await dbot.say("beslut uppföljning")
    text = card_text(dbot.last_card())
    assert "Avslutade sedan måndag 30/11 (1)" in text
    assert _headlines(dbot.last_card())[-1] == "B-2026-002 · klar"
    await dbot.say("beslut uppföljning sedan 20/11")
    assert "Avslutade sedan fredag 20/11 (2)" in card_text(dbot.last_card())
    await dbot.say("beslut uppföljning sedan 31/2")
    assert dbot.last_text().startswith("Jag sparade inget: ”31/2” är inget datum")


async def test_follow_up_csv_defuses_formulas(dbot: DecisionBot) -> None:
    await install_team(dbot)
    await dbot.click({"action": "decision_form", "text": '=HYPERLINK("http://x")', "item": "-1"})
    dbot.connector.clear()
    await dbot.say("beslut uppföljning")
    data, _, _ = await _download(dbot, dbot.connector.sent()[-1]["text"], "csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][1:3] == ["'-1", '\'=HYPERLINK("http://x")']
