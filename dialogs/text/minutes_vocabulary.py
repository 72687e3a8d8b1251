"""The words dialogs/text/minutes.py looks for in Swedish minutes.

The parser (`extract_minutes`) is the rules; this module is the vocabulary the rules are
written against, kept apart so that a missed label or role can be added without reading
the parser. The word patterns ignore case; `PERSON` and `REPLACES` do not, because a
capital letter is what tells a name from a word.

What each group is for:

- Letters and names: which characters make a capitalised name word (`UPPER`, `LOWER`),
  the particles inside names ("af", "von", "de"), and `PERSON`, at most three name words.
- Title lines: the words that make a line the document's title ("Minnesanteckningar").
- Participant sections: the labels that open a list of present (`PRESENT_LABELS`;
  `PRESENT_COLON_LABELS` only with a colon) or absent people (`ABSENT_LABELS`).
- Header labels: meeting date, place, and the other label lines of the header; "X
  ersätter Y" (`REPLACES`).
- Decisions: the labels ("Beslut:", "Överenskommet:") and sentences ("Gruppen beslutade
  att ...") that open a decision, and the "Ansvarig:" label that names its owners.
- Owners: role words that own a decision like a name (`ROLES`), the verbs that make a
  sentence "someone does something" (`MODALS`, and any word ending in -r except
  `NOT_VERBS`), and the capitalised words that are never names: sentence openers
  (`NOT_NAMES`), noun endings (`NOUN_ENDINGS`), job titles (`TITLE_WORD`) and
  organisations (`ORG_WORDS`).
- Dates in prose: the words that make a date a deadline, a proposed meeting date, or the
  next meeting.
- Broken lines: the words a sentence never ends on (`CONTINUATION_WORDS`), so a line
  ending on one continues after a blank line.
- Tasks: the task verbs in the present tense and the infinitive, with the particle some
  need ("tar med", "stämmer av"), the modals before an infinitive ("ska", "kommer att"),
  requests ("ombeds") and exhortations ("Uppmanar ... att"). Collectives are in `ROLES`.
- Missing reports ("Saknas underlag från ...") and the signature ("/ Name", "Vid
  minnesanteckningarna, Name").

How to extend: add the word where its group is and a line to tests/dialogs/test_minutes.py
that needed it (an anonymised sentence from real minutes is best). Put longer phrases
before their prefixes in the tuples ("Närvarande ledamöter" before "Närvarande"): the
patterns are alternations and take the first that matches. A word added to `NOT_NAMES`
or `ROLES` changes who owns decisions everywhere, so check the minutes fixtures still
pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

# --- letters and names ----------------------------------------------------------------

UPPER: Final = "A-ZÅÄÖÉÈÜÆØÁÍÓÚÑ"
LOWER: Final = "a-zåäöéèüæøáíóúñçëï"
_NAME_WORD: Final = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}]?[{LOWER}]+)*"
_PARTICLE: Final = r"(?:af|av|von|van|de|di|da|du|la|le|der|den|al|el|bin)"
# At most three capitalised words: long enough for "Malin Palmér Andersson", short enough
# that a place written after a name without a comma ("... Svensson Trosa VC") falls off.
PERSON: Final = re.compile(rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{0,2}}")

# --- title lines ----------------------------------------------------------------------

TITLE_WORDS: Final = re.compile(
    r"\b(?:minnesanteckningar|minnesanteckning|mötesanteckningar|anteckningar|protokoll"
    r"|dagordning)\b",
    re.IGNORECASE,
)

# --- participant sections -------------------------------------------------------------

PRESENT_LABELS: Final = (
    "Närvarande ledamöter",
    "Närvarande ersättare",
    "Tjänstgörande ersättare",
    "Ordinarie ledamöter",
    "Övriga närvarande",
    "Övriga deltagare",
    "Närvarande",
    "Deltagare",
    "Deltagande",
    "Ledamöter",
    "Ersättare",
    "Adjungerade",
    "Övriga",
)
# These words also start ordinary sentences, so they only count as labels with a colon.
PRESENT_COLON_LABELS: Final = (
    "Mötessekreterare",
    "Sekreterare",
    "Antecknare",
    "Ordförande",
    "Mötesledare",
    "Justerare",
    "Gäster",
    "Inbjudna",
    "Föredragande",
)
ABSENT_LABELS: Final = (
    "Frånvarande ledamöter",
    "Ej närvarande",
    "Anmält förhinder",
    "Anmälda förhinder",
    "Frånvarande",
    "Förhinder",
)


def _label_pattern(labels: Iterable[str], *, colon_required: bool) -> str:
    names = "|".join(re.escape(label) for label in labels)
    if colon_required:
        return rf"(?:{names})\s*:"
    # Without a colon the label must stand alone or be followed by a capitalised name, so
    # that "Övriga frågor" stays a sentence.
    # The capital is checked case-sensitively even though the label itself is not.
    return rf"(?:{names})(?:\s*:|(?=\s*$)|\s+(?=(?-i:[{UPPER}])))"


PRESENT_LABEL: Final = re.compile(
    rf"^(?:{_label_pattern(PRESENT_LABELS, colon_required=False)}"
    rf"|{_label_pattern(PRESENT_COLON_LABELS, colon_required=True)})\s*",
    re.IGNORECASE,
)
ABSENT_LABEL: Final = re.compile(
    rf"^{_label_pattern(ABSENT_LABELS, colon_required=False)}\s*", re.IGNORECASE
)

# --- header labels --------------------------------------------------------------------

DATE_LABEL: Final = re.compile(
    r"^(?:datum|mötesdatum|sammanträdesdatum|tidpunkt|tid|när)\b\s*:?\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
PLACE_LABEL: Final = re.compile(
    r"^(?:plats\b\s*:?|(?:lokal|mötesplats|mötesrum|var)\s*:)\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
HEADER_LABEL: Final = re.compile(
    r"^(?:datum|tid|tidpunkt|plats|lokal|organ|grupp|justeras|justerare)\b", re.IGNORECASE
)
REPLACES: Final = re.compile(
    rf"\b(?:ersätter|ersättare för|i stället för|istället för)\s+(?P<name>{PERSON.pattern})"
)

# --- decisions ------------------------------------------------------------------------

DECISION_LABEL: Final = re.compile(
    r"^(?P<label>beslut|beslutades|beslöts|överenskommet|överenskoms)"
    r"(?:\s*[:;]|\s+[-–](?=\s)|\s*$)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
DECISION_SENTENCE: Final = re.compile(
    r"^(?:(?:det\s+)?beslutades|(?:gruppen|mötet|styrgruppen|arbetsgruppen|nätverket"
    r"|samverkansgruppen|ledningsgruppen|nämnden)\s+(?:beslutade|beslutar|beslöt))"
    r"\s+att\s+(?P<rest>\S.*)$",
    re.IGNORECASE,
)
RESPONSIBLE: Final = re.compile(r"\bansvarig(?:a)?\s*[:：]\s*(?P<names>[^.;\n]+)", re.IGNORECASE)

# --- owners ---------------------------------------------------------------------------

# Role words and collectives that own a decision or task like a name but match no
# single person ("Samtliga ser över ...", "Ledamöterna meddelar ..."). Longer first.
ROLES: Final = (
    "Samtliga kommuner",
    "Samtliga huvudmän",
    "Samtliga deltagare",
    "Samtliga ledamöter",
    "Alla kommuner",
    "Alla deltagare",
    "Var och en",
    "Varje kommun",
    "Ledamöterna",
    "Deltagarna",
    "Medlemmarna",
    "Samverkansgruppen",
    "Nätverket",
    "Gruppen",
    "Vice ordförande",
    "Respektive huvudman",
    "Varje huvudman",
    "Respektive kommun",
    "Processledarna",
    "Processledaren",
    "Processledare",
    "Projektledarna",
    "Projektledaren",
    "Projektledare",
    "Ordföranden",
    "Ordförande",
    "Mötessekreteraren",
    "Sekreteraren",
    "Sekreterare",
    "Samordnarna",
    "Samordnaren",
    "Sammankallande",
    "Kontaktpersonerna",
    "Kontaktpersonen",
    "Utvecklingsledarna",
    "Utvecklingsledaren",
    "Styrgruppen",
    "Arbetsgruppen",
    "Beredningsgruppen",
    "Ledningsgruppen",
    "Kansliet",
    "Huvudmännen",
    "Kommunerna",
    "Regionen",
    "Samtliga",
    "Alla",
)
ROLE: Final = re.compile(
    r"(?:" + "|".join(re.escape(role) for role in ROLES) + r")\b", re.IGNORECASE
)
MODALS: Final = frozenset(
    {"ska", "skall", "kan", "bör", "måste", "vill", "får", "kommer", "tar", "har"}
)
# Words ending in -r that are not verbs; without this "Tidplanen för ..." would look like
# "someone does something".
NOT_VERBS: Final = frozenset(
    {
        "för", "efter", "under", "över", "inför", "hur", "där", "här", "eller", "när",
        "var", "mer", "fler", "per", "ur", "vår", "er", "nr", "enligt", "bakom", "emellertid",
    }
)  # fmt: skip
# Capitalised words that open Swedish sentences without being anyone's name.
NOT_NAMES: Final = frozenset(
    {
        "vi", "jag", "du", "ni", "man", "han", "hon", "hen", "de", "dem", "den", "det",
        "detta", "denna", "dessa", "där", "här", "nu", "då", "sedan", "även", "också",
        "dessutom", "ingen", "inga", "inget", "någon", "några", "något", "var", "varje",
        "vem", "vad", "hur", "när", "om", "efter", "inför", "till", "från", "med", "vid",
        "under", "innan", "enligt", "eftersom", "men", "och", "eller", "så", "som", "samt",
        "att", "för", "på", "i", "av", "ett", "en", "flera", "många", "vissa", "övriga",
        "nästa", "första", "andra", "samma", "kanske", "förslag", "beslut", "uppdrag",
        "frågan", "gruppen", "information", "informationen", "enkäten", "region",
        "kommun", "rektor", "privata", "din", "vår", "överstrukna", "organ", "plats",
        "tid", "tidpunkt", "datum", "justeras", "oppositionens", "dagordning",
        "representation", "svar", "inledning", "övrigt", "mötet", "syftet", "målet",
    }
)  # fmt: skip

NOUN_ENDINGS: Final = (
    "heten",
    "ningen",
    "tionen",
    "erna",
    "arna",
    "orna",
    "urna",
    "gruppen",
    "planen",
    "et",
)
# Job titles written where a name could stand ("Förskolechef Vittra", "Rektor Vittra").
TITLE_WORD: Final = re.compile(
    r"(?:chef|strateg|ledare|samordnare|sekreterare|koordinator|handläggare|sköterska"
    r"|kurator|psykolog|rektor|ordförande|representant|utvecklare|konsulent|assistent"
    r"|direktör|läkare|specialist)$",
    re.IGNORECASE,
)
ORG_WORDS: Final = re.compile(
    r"(?:kommun|kommuns|region|regionen|skola|skolan|förskola|förskolan|friskola"
    r"|verksamheten|enheten|förvaltningen|nämnden|kliniken|centralen|vården|hälsan"
    r"|huset|landsting|staden|heten|ningen|tionen|gruppen)$",
    re.IGNORECASE,
)

# --- dates in prose -------------------------------------------------------------------

DEADLINE_WORDS: Final = re.compile(
    r"\b(?:senast|deadline|sista\s+dag(?:en)?|sista\s+datum|före|innan|till\s+och\s+med"
    r"|t\.\s?o\.\s?m\.?)",
    re.IGNORECASE,
)
# Plural or explicit date words only: "förslaget ... innan nästa möte" is no date proposal.
PROPOSAL_WORDS: Final = re.compile(
    r"\b(?:föresl\w*|förslag\s+(?:på|till)|preliminära|möjliga)\b", re.IGNORECASE
)
MEETING_WORDS: Final = re.compile(
    r"\b(?:datum|mötesdatum|möten|mötestider|mötestillfällen|träffar|sammanträden)\b",
    re.IGNORECASE,
)
NEXT_MEETING: Final = re.compile(
    r"^(?:(?:datum|tid|tidpunkt)\s+för\s+)?nästa\s+(?:möte|sammanträde|träff|mötestillfälle"
    r"|gruppmöte|nätverksträff|styrgruppsmöte|nätverksmöte)",
    re.IGNORECASE,
)

# --- broken lines -----------------------------------------------------------------------

# Words a Swedish sentence does not end on: a line of body text ending in one of them was
# cut by a line wrap, even when a blank line follows (Word and PDF exports).
CONTINUATION_WORDS: Final = frozenset(
    {
        "i", "och", "att", "till", "för", "med", "som", "en", "ett", "de", "den", "det",
        "på", "av", "om", "från", "samt", "eller", "men", "vid", "hos", "under", "efter",
        "inför", "mellan", "senast", "kring", "mot", "genom", "utan", "än", "så", "där",
        "vilka", "vilket", "vår", "våra", "sin", "sitt", "sina", "deras", "dess", "denna",
        "detta", "dessa", "respektive", "alla", "samtliga", "både", "ska", "skall", "kan",
        "bör", "måste", "har", "är", "blir", "gällande", "angående", "via", "per",
    }
)  # fmt: skip

# --- tasks ------------------------------------------------------------------------------
# A task is "someone does something" in the present or future tense: an owner at the
# start of the sentence, then one of these verbs. The list is deliberately positive: the
# verbs of narrative ("berättar", "informerar", "inleder", "diskuterar", "presenterar")
# are not on it, because a report of what was said is not something to follow up.

# Present tense -> (infinitive, particles of which one must follow within a few words).
_TASK_VERBS: Final = (
    ("skickar", "skicka", ()),
    ("mejlar", "mejla", ()),
    ("mailar", "maila", ()),
    ("e-postar", "e-posta", ()),
    ("kontaktar", "kontakta", ()),
    ("tar", "ta", ("med", "fram", "upp", "kontakt", "reda", "hand", "över", "in", "ansvar")),
    ("stämmer", "stämma", ("av",)),
    ("ser", "se", ("över", "till")),
    ("tittar", "titta", ("på", "över", "vidare")),
    ("bjuder", "bjuda", ("in",)),
    ("återkommer", "återkomma", ()),
    ("återkopplar", "återkoppla", ()),
    ("sammanställer", "sammanställa", ()),
    ("bokar", "boka", ()),
    ("kallar", "kalla", ()),
    ("sammankallar", "sammankalla", ()),
    ("undersöker", "undersöka", ()),
    ("utreder", "utreda", ()),
    ("meddelar", "meddela", ()),
    ("ordnar", "ordna", ()),
    ("uppdaterar", "uppdatera", ()),
    ("ansvarar", "ansvara", ("för",)),
    ("förbereder", "förbereda", ()),
    ("kollar", "kolla", ()),
    ("ringer", "ringa", ()),
    ("skriver", "skriva", ()),
    ("formulerar", "formulera", ()),
    ("sprider", "sprida", ()),
    ("delar", "dela", ()),
    ("lägger", "lägga", ("upp", "in", "ut", "fram")),
    ("planerar", "planera", ()),
    ("samordnar", "samordna", ()),
    ("följer", "följa", ("upp",)),
    ("återrapporterar", "återrapportera", ()),
    ("hör", "höra", ("med", "av")),
    ("påminner", "påminna", ()),
    ("reviderar", "revidera", ()),
    ("fyller", "fylla", ("i",)),
    ("lämnar", "lämna", ("in", "över")),
    ("svarar", "svara", ()),
    ("anmäler", "anmäla", ()),
    ("förmedlar", "förmedla", ()),
    ("vidarebefordrar", "vidarebefordra", ()),
    ("skapar", "skapa", ()),
    ("beställer", "beställa", ()),
    ("bevakar", "bevaka", ()),
    ("sätter", "sätta", ("ihop", "upp")),
    ("inventerar", "inventera", ()),
    ("kartlägger", "kartlägga", ()),
    ("säkerställer", "säkerställa", ()),
    ("driver", "driva", ("vidare",)),
)
TASK_PRESENT: Final = {present: particles for present, _, particles in _TASK_VERBS}
TASK_INFINITIVE: Final = {infinitive: particles for _, infinitive, particles in _TASK_VERBS}
# What may stand between the owner and the task verb without changing its meaning.
TASK_ADVERBS: Final = frozenset(
    {"också", "även", "sedan", "därefter", "själv", "själva", "gemensamt", "gärna",
     "snarast", "omgående", "direkt", "vidare", "nu", "tillsammans"}
)  # fmt: skip
# "X ska skicka", "X kommer att skicka", "X får i uppdrag att skicka": a task verb in the
# infinitive follows these.
TASK_MODALS: Final = (
    ("ska",),
    ("skall",),
    ("kommer", "att"),
    ("får", "i", "uppdrag", "att"),
    ("har", "i", "uppdrag", "att"),
    ("åtar", "sig", "att"),
    ("lovar", "att"),
    ("tar", "på", "sig", "att"),
)
NEGATIONS: Final = frozenset({"inte", "ej", "icke", "aldrig"})
# "samverkansgruppen ombeds komma med förslag": a request to a named group or person,
# anywhere in a sentence. Present tense only; "uppmanats" reports an earlier request.
REQUESTED: Final = re.compile(r"\b(?:ombeds|uppmanas|anmodas)\b", re.IGNORECASE)
# "Uppmanar samtliga kommuner att ...": an exhortation whose owner the minutes leave open.
URGES: Final = re.compile(
    r"^(?:(?:vi|gruppen|mötet|ordförande(?:n)?)\s+)?uppmanar\s+\S.*?\batt\s+\S", re.IGNORECASE
)
# --- missing reports --------------------------------------------------------------------

_REPORT_WORDS: Final = (
    r"(?:underlag(?:en)?|rapport(?:er|en|erna)?|redovisning(?:ar|en|arna)?|svar(?:en)?"
    r"|siffror(?:na)?|uppgifter(?:na)?|statistik(?:en)?|data|inrapportering(?:ar)?)"
)
# "Saknas underlag från Gnesta, Trosa och Nyköping", "Underlag saknas från ...",
# "Vi saknar fortfarande siffror från ...".
MISSING_FROM: Final = re.compile(
    rf"(?:\bsaknas\s+(?:\w+\s+)?{_REPORT_WORDS}|\bsaknar\s+(?:vi\s+)?(?:\w+\s+)?{_REPORT_WORDS}"
    rf"|\b{_REPORT_WORDS}\s+(?:saknas|har\s+(?:ännu\s+)?(?:inte|ej)\s+(?:inkommit|kommit\s+in))"
    rf"(?:\s+(?:ännu|fortfarande))?)\s+från\s+(?P<orgs>.+)$",
    re.IGNORECASE,
)
# "Gnesta och Trosa har inte skickat in underlag": the organisations come first.
MISSING_SUBJECT: Final = re.compile(
    r"^(?P<orgs>.+?)\s+har\s+(?:ännu\s+|fortfarande\s+)?(?:inte|ej)\s+(?:skickat|lämnat"
    r"|rapporterat|redovisat)\b",
    re.IGNORECASE,
)
# One organisation as written: capitalised words, with "kommun", "stad", "region" and
# the like allowed in lower case ("Gnesta kommun", "Region Sörmland").
ORGANISATION: Final = re.compile(
    rf"[{UPPER}][\w-]*(?:\s+(?:kommun|stad|region|län|[{UPPER}][\w-]*))*"
)

# --- the signature ---------------------------------------------------------------------

# "/ Marie Håkansson" on its own line at the end.
SIGNATURE_SLASH: Final = re.compile(rf"^/+\s*(?P<name>{PERSON.pattern})")
# "Vid minnesanteckningarna, Cecilia Skanser" (the name may be on the next line).
SIGNATURE_LABEL: Final = re.compile(
    r"^(?:vid\s+(?:minnesanteckningarna|anteckningarna|protokollet|pennan|tangentbordet)"
    r"|antecknat\s+av|antecknare|anteckningar\s+förda\s+av|minnesanteckningar\s+förda\s+av"
    r"|nedtecknat\s+av|(?:mötes)?sekreterare)\b\s*[,:]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
