"""Swedish decision texts for the search benchmark, built from the vocabulary of real
collaboration-group minutes (`../shared/fixtures/minutes/`): who does what, for whom,
by when.

Deterministic for a seed, so two runs search the same register. Words come with very
different frequencies on purpose: a verb like "kontaktar" is in a large share of all
decisions, a topic like "Barnahus" in a few percent, and `RARE_WORDS` in a handful, so
the query mix covers long and short posting lists.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

FIRST_NAMES = (
    "Gabriel", "Anna-Karin", "Malin", "Kristin", "Marie", "Bengt", "Eva", "Carolina",
    "Jennie", "Elin", "Magnus", "Madeleine", "Susanne", "Eleonore", "Michael", "Björn",
    "Karin", "Johan", "Lotta", "Birgitta", "Lena", "Åsa", "Zuzan", "Anna-Maria",
)  # fmt: skip
LAST_NAMES = (
    "Billing", "Hammar", "Palmér", "Wirén", "Skarfors", "Greiff", "Lönnelid", "Wolper",
    "Nimborg", "Fjällström", "Hasselblad", "Berggren", "Rehn", "Jonsson", "Craftman",
    "Håkansson", "Hallström", "Hagerström", "Skeppstedt", "Almgren", "Törnblom",
    "Söderqvist", "Ståhlhane", "Ringgren",
)  # fmt: skip
ORGANISATIONS = (
    ("Nyköpings kommun", "kommun"),
    ("Oxelösunds kommun", "kommun"),
    ("Gnesta kommun", "kommun"),
    ("Trosa kommun", "kommun"),
    ("Region Sörmland", "region"),
    ("Din vårdcentral", "privat"),
    ("Vittra", "privat"),
)
VERBS = (
    "kontaktar", "tar fram", "skickar", "sammanställer", "bjuder in", "stämmer av",
    "undersöker", "mejlar", "ser över", "återkommer om", "föreslår", "bokar",
    "informerar om", "följer upp", "utser representant för", "planerar",
)  # fmt: skip
OBJECTS = (
    "respektive samordnare i VITS-grupperna för dialog",
    "reviderat exemplar av avtalet",
    "underlag om hälsoundersökningar vid placering",
    "lägesbeskrivning av arbetet med SIP och Prator",
    "önskemål om revideringar av årsberättelsen",
    "ordförande i övriga grupper",
    "representanter från socialtjänst och BVC",
    "skriftlig information om gränsdragningen",
    "överenskommelsen om Barnahus södra och västra",
    "frågan till nätverket för elevhälsochefer",
    "Barnrättspiloterna för diskussion om barnkonventionen",
    "mötestider för vårens möten",
    "utbildningsinsats i Prator för privata aktörer",
    "kognitiva utredningar inför skolstart",
    "rutin för orosanmälan utifrån barnets perspektiv",
    "stöd till föräldrar med kognitiva svårigheter",
    "statistik om samordnad individuell plan",
    "handlingsplanen för samverkan barn och unga",
    "trygghetsperson i familjecentralen",
    "kallelse till planeringsdag med projektledarna",
)  # fmt: skip
COMPLEMENTS = (
    "", "", "", " inför nästa möte", " till gemensamma nämnden", " på Samverkanswebben",
    " i Teams", " för spridning", " efter pandemin", " och återrapporterar",
)  # fmt: skip
ITEMS = (
    "Föregående minnesanteckningar", "VITS, kunskapsutbyte", "Barnkonventionen",
    "Hälsoundersökningar vid placering", "Uppföljning SIP och Prator", "Årsberättelse",
    "Mötestider och mötesformer", "Till och från BGB", "Övriga frågor", "Barnahus",
)  # fmt: skip
# Each in only a few decisions of the whole register (about one in 2,000).
RARE_WORDS = (
    "hörselscreening", "skolskjutsar", "tolkförmedling", "läxhjälpen", "sommarlovskort",
    "simundervisning", "fritidsbanken", "kollektivtrafiken", "lovskolan", "ungdomsrådet",
)  # fmt: skip
RARE_SHARE = 0.005
# In exactly one decision of the register (group 0): the correctness probe.
SENTINEL_WORD = "gränsdragningsunderlaget"
SENTINEL_TEXT = f"Birgitta skickar {SENTINEL_WORD} till nätverket för elevhälsochefer"


@dataclass(frozen=True)
class DraftDecision:
    text: str
    item: str | None
    owner_index: int  # which of the group's members owns it (named first in the text)
    owner_text: str | None
    due: date | None


def member_names(count: int, rng: random.Random) -> list[str]:
    """Distinct 'First Last' names for one group's members."""
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        if name not in names:
            names.append(name)
    return names


def draft(rng: random.Random, owners: list[str], logged_on: date) -> DraftDecision:
    """One decision as a secretary writes it: 'Gabriel kontaktar … senast 15/3'."""
    owner_index = rng.randrange(len(owners))
    first_name = owners[owner_index].split()[0]
    text = f"{first_name} {rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(COMPLEMENTS)}"
    if rng.random() < RARE_SHARE:
        text += f" om {rng.choice(RARE_WORDS)}"
    due = None
    if rng.random() < 0.6:
        due = logged_on + timedelta(days=rng.randrange(7, 120))
        text += f" senast {due.day}/{due.month}"
    item = None
    if rng.random() < 0.7:
        item = f"{rng.randrange(1, 11)}. {rng.choice(ITEMS)}"
    owner_text = None
    if rng.random() < 0.1:
        organisation = rng.choice(ORGANISATIONS)[0]
        owner_text = f"{rng.choice(FIRST_NAMES)}, {organisation}"
    return DraftDecision(text, item, owner_index, owner_text, due)
