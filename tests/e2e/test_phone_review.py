"""First-day review at phone width (390×844) in the Agents Playground: the cards a chair
meets on the first day, in Swedish, each captured as its own PNG (tests/e2e/artifacts,
not committed) for a person to read, and checked here for what can be checked by
machine: no English leftovers, no action row wider than the card, dates in Swedish."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from tests.e2e.conftest import (
    ARTIFACTS,
    Emulator,
    enqueue_channel_reminder,
    mention_bot,
    run_in_thread,
    send,
    send_as_user,
)

# The Playground's own layout does not work at phone width (its side panel covers the
# composer), so it runs wide and each card is narrowed to what Teams on a 390 px phone
# leaves for a card (about 340 px) before it is checked and captured.
PHONE_CARD_PX = 340
ENGLISH = ("Submit", "Cancel", "Refresh", "Yes", "No ", "Decision", "Answer", "Results")


def card_shot(page: Any, card: Any, name: str) -> None:
    card.evaluate(
        f"e => {{ e.style.width = '{PHONE_CARD_PX}px'; e.style.maxWidth = '{PHONE_CARD_PX}px' }}"
    )
    card.scroll_into_view_if_needed()
    card.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"))


def check(card: Any) -> str:
    """The card's text, after checking it fits the phone and speaks Swedish."""
    card.evaluate(
        f"e => {{ e.style.width = '{PHONE_CARD_PX}px'; e.style.maxWidth = '{PHONE_CARD_PX}px' }}"
    )
    text = str(card.inner_text())
    for word in ENGLISH:
        assert word not in text, (word, text)
    width = card.evaluate("e => e.getBoundingClientRect().width")
    overflow = card.evaluate(
        "e => [...e.querySelectorAll('button, .ac-textBlock')]"
        ".filter(b => b.getBoundingClientRect().right > e.getBoundingClientRect().right + 1)"
        ".map(b => b.innerText)"
    )
    assert overflow == [], (overflow, width)
    return text


def latest(page: Any, text: str) -> Any:
    card = page.locator(".ac-adaptiveCard", has_text=text).last
    card.wait_for(state="visible")
    return card


def test_help_personal_and_channel(page: Any) -> None:
    send(page, "hjälp")
    card = latest(page, "Det här kan jag")
    check(card)
    card_shot(page, card, "01-help-personal")
    page.get_by_label("General").first.click()
    mention_bot(page, "hjälp")
    card = latest(page, "Det här kan jag")
    assert "Logga beslut" in check(card)
    card_shot(page, card, "02-help-channel")


def test_decision_form_card_and_done(page: Any) -> None:
    mention_bot(page, "beslut ny")
    form = latest(page, "Nytt beslut")
    check(form)
    assert form.get_by_placeholder("Välj ett datum").count() == 1
    card_shot(page, form, "03-decision-form")
    form.locator("textarea").first.fill(
        "Gabriel kontaktar samordnarna i VITS-grupperna om placerade barns hälsoundersökningar"
    )
    form.get_by_role("button", name="Spara beslut").click()
    card = latest(page, "VITS-grupperna")
    page.locator(".ac-adaptiveCard", has_text="Beslut B-").last.wait_for(state="visible")
    check(card)
    card_shot(page, card, "04-decision-card")
    mention_bot(page, "beslut: Gabriel skickar ut underlaget till alla kommuner senast 15/3")
    card = latest(page, "skickar ut underlaget")
    assert "15/3" in check(card)
    card_shot(page, card, "05-decision-with-due")
    card.get_by_role("button", name="Klar", exact=True).click()
    done = page.locator(".ac-adaptiveCard", has_text="skickar ut underlaget").filter(
        has_text="klar"
    )
    done.last.wait_for(state="visible")
    check(done.last)
    card_shot(page, done.last, "06-decision-done")


def _enqueue_decision_reminder(emulator: Emulator, contains: str) -> None:
    """The reminder a decision's owner gets, built by the real builder, posted now."""
    from sqlalchemy import select

    from cards.decisions.reminder_card import decision_reminder_card
    from cards.i18n import t
    from cards.swedish_format import short_day
    from dialogs.decisions.register import view_of
    from storage.db import create_engine, create_session_factory
    from storage.decisions.models import Decision
    from storage.decisions.operations import _with_details

    database = emulator.workdir / "bot.db"

    async def build() -> tuple[str, dict[str, Any]]:
        engine = create_engine(f"sqlite+aiosqlite:///{database}")
        try:
            async with create_session_factory(engine)() as session:
                query = select(Decision).where(Decision.text.contains(contains))
                decision = await session.scalar(_with_details(query))
                assert decision is not None and decision.due is not None
                text = t(
                    "decisions.remind.due_soon",
                    "sv",
                    reference=decision.reference,
                    due=short_day(decision.due, "sv"),
                    text=decision.text,
                )
                view = view_of(decision, datetime.now(UTC).date())
                return text, decision_reminder_card(text, view, "sv")
        finally:
            await engine.dispose()

    text, card = run_in_thread(build)
    enqueue_channel_reminder(
        database, text=text, card=card, key="e2e:phone:reminder", kind="decision_reminder_due_soon"
    )


def test_decision_reminder(page: Any, emulator: Emulator) -> None:
    mention_bot(page, "beslut: Gabriel bokar lokal till vårens möten senast 20/3")
    latest(page, "bokar lokal")
    _enqueue_decision_reminder(emulator, "bokar lokal")
    card = page.locator(".ac-adaptiveCard", has_text="Påminnelse: beslut B-").last
    card.wait_for(state="visible", timeout=30_000)
    assert card.get_by_role("button", name="Klar", exact=True).is_visible()
    check(card)
    card_shot(page, card, "07-decision-reminder")


def test_poll(page: Any) -> None:
    mention_bot(page, "föreslå datum 13/10, 20/10 och 27/10 kl 9-12")
    card = latest(page, "Datumförslag")
    assert "0 av 0" not in check(card)  # nobody has said which organisation yet
    card_shot(page, card, "08-poll")
    card.get_by_role("button", name="Ja", exact=True).first.click()
    own = page.locator(".ac-adaptiveCard", has_text="Datumförslag").filter(has_text="Ja 1 ·")
    own.last.wait_for(state="visible")
    check(own.last)
    card_shot(page, own.last, "09-poll-own-view")


QUESTIONS = (
    "enkät ny 1. Hur ser er implementeringsplan ut? "
    "2. Hur ser arbetet med Barnets bästa-ansvarig ut? "
    "3. Hur långt har ni kommit med Barnets bästa-hjulet? [skala] "
    "4. Vilka har fått information? [flerval: Chefer | Medarbetare | Politiker]"
)


def test_questionnaire_card_and_form(page: Any, emulator: Emulator) -> None:
    mention_bot(page, "organisation Nyköpings kommun")
    for index, organisation in ((0, "Oxelösunds kommun"), (1, "Trosa kommun")):
        send_as_user(emulator, index, text=f"organisation {organisation}")
    page.locator("[role=group]", has_text="Noterat: du representerar Trosa kommun").last.wait_for(
        state="visible"
    )
    mention_bot(page, QUESTIONS)
    preview = latest(page, "Barnets bästa-hjulet")
    assert "3 organisationer (listade nedan)" in check(preview)
    card_shot(page, preview, "10-questionnaire-preview")
    preview.get_by_role("button", name="Skicka", exact=True).click()
    status = page.locator(".ac-adaptiveCard", has_text="0 av 3 har svarat").last
    status.wait_for(state="visible")
    check(status)
    card_shot(page, status, "11-questionnaire-status")
    # Resultat answers with the chair's own view (organiser buttons included).
    status.get_by_role("button", name="Resultat").click()
    own = page.locator(".ac-adaptiveCard", has_text="0 av 3 har svarat").filter(
        has_text="Din organisation"
    )
    own.last.wait_for(state="visible")
    check(own.last)
    card_shot(page, own.last, "12-questionnaire-own-view")
    # The organiser's "Stäng enkäten" asks first, inside the card.
    own.last.get_by_role("button", name="Stäng enkäten").click()
    confirm = own.last.get_by_role("button", name="Ja, stäng enkäten")
    confirm.wait_for(state="visible")
    assert "Det går inte att ångra." in check(own.last)
    card_shot(page, own.last, "13-questionnaire-close-confirm")
    own.last.get_by_role("button", name="Svara för min organisation").click()
    form = latest(page, "Svar för")
    check(form)
    card_shot(page, form, "14-questionnaire-form")


def test_the_organiser_closes_the_questionnaire_from_her_own_view(page: Any) -> None:
    # The form replaced the card for her: she asks for the status card again.
    mention_bot(page, "enkät status")
    status = page.locator(".ac-adaptiveCard", has_text="0 av 3 har svarat").last
    status.wait_for(state="visible")
    status.get_by_role("button", name="Resultat").click()
    own = page.locator(".ac-adaptiveCard", has_text="0 av 3 har svarat").filter(
        has_text="Din organisation"
    )
    own.last.get_by_role("button", name="Stäng enkäten").click()
    own.last.get_by_role("button", name="Ja, stäng enkäten").click()
    closed = page.locator(".ac-adaptiveCard", has_text="Enkäten är stängd.").last
    closed.wait_for(state="visible")
    text = check(closed)
    assert "Svara för min organisation" not in text and "Stäng enkäten" not in text
    assert "Din organisation (Nyköpings kommun) svarade inte innan enkäten stängdes." in text
    card_shot(page, closed, "15-questionnaire-closed")
