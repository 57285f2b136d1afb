"""Proper names told by their shape: capitalised runs in mid-sentence and organisation head nouns.

A capitalised run inside a sentence is hidden only with evidence, never for its capitals alone:
a head noun says an organisation is meant, after the name in English ("Bayview Suites", "Mercy
Ridge Clinic") or before it in Indonesian and Malay ("Kedai Kopi Sentosa"), and then everyday
words and places inside it count as the firm's own ("Maple Street Bakery", "Dhaka Bank"); so does
a legal form ("Quayside Foods plc"). Without one, the run needs a cue before it ("at", "di",
"joined", "referred me to"), a known given or family name inside it, or two words that no word
list knows ("Chiamaka Obiora"). Runs of everyday words, places, tools, qualifications, programmes
("... programme", "... scheme") and job titles ("Field Agronomist") stay visible; a single unknown
word is left to the participant's review, where the "might be a name" hint lists it. Writers who
type in lower case or in capitals get the head-noun and cue rules only.
"""

from __future__ import annotations

import re

from .capital_runs import LANDMARK_ENDS, Both, capital_runs, cut_at_joiners, judge_run, outside_employers
from .firm_lists import firms_in_lists
from .firm_words import AFTER_ENDS, CUE, FIRM_FORMS, HEADS_BEFORE, Judge, text_before
from .lexicon import alternation, words
from .lower_case_firms import find_lower_case_firms
from .name_words import unlisted
from .roles import job_title
from .text import Found
from .tokens import TextWords, Token
from .workplaces import find_workplaces

# An acronym whose hiring people are meant names the employer: "NWRH HR came back", "the KMB grad team".
_HIRERS_AFTER = re.compile(
    r"[ \t]+(?:hrd?|recruiters?|recruitment|hiring|talent|grad(?:uate)?s?[ \t]+team|people[ \t]+team|"
    r"offices?|website|portal|careers|advis[eo]rs?|reps?)(?![\w-])"
)
# What kind of firm a word is, said right after it: "quillfern is a tiny fintech", "Quikr8 (delivery
# app", "pixelmoth. its a tiny indie studio", "hopscotch digital, a little agency", "Tallygrid.
# Fintech in Fitzroy".
_KIND_AFTER = re.compile(
    r"(?:[ \t]+(?:is|was)[ \t]+(?:a|an)[ \t]+|[ \t]*,[ \t]*(?:a|an)[ \t]+|[ \t]*\([ \t]*(?:(?:a|an)[ \t]+)?"
    r"|\.[ \t]+(?:it'?s|it’s|its)[ \t]+(?:a|an)[ \t]+|\.[ \t]+(?!the[ \t]))(?:[\w-]+[ \t]+){0,2}?"
    rf"{alternation([*words('names', 'company_words'), 'app', 'platform'], lower=True)}(?![\w-])"
)
_LIST_GAP = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+|&\s+)?|\s+(?:and|or|&)\s+)$")


def _listed(judge: Judge, run: list[int], found: list[Found]) -> Found | None:
    """The next item of a list of employers: "Tarang Systems, Kalpavriksha Foundation and Orbit
    Nine", "Saint Brigid's Hospital, Lakeshore Urgent Care and Pinecrest Rehab"."""
    tokens = judge.tokens
    items = tokens.items
    first, last = run[0], run[-1]
    previous = [f for f in found if f.kind == "employer" and f.end <= items[first].start]
    if not previous or items[first].initial or not _LIST_GAP.match(tokens.text[previous[-1].end : items[first].start]):
        return None
    if job_title(tokens, first, last) or all(
        judge.ordinary(i) or items[i].acronym or len(items[i].key) < 3 for i in run
    ):  # "M&E Officer", "HR and Marketing", "London and Paris"
        return None
    if len(run) == 1 and tokens.place_here(first) or all(i in tokens.places for i in run):
        return None
    return Found(items[first].start, items[last].end, "employer")


def _cut_at_firm_forms(tokens: TextWords, run: list[int]) -> list[list[int]]:
    """A run cut before an Indonesian firm's form inside it, which starts the firm's name:
    "Daftar Management Trainee | PT Energi Nusa Mandiri"."""
    cuts = [k for k, i in enumerate(run) if k and tokens.items[i].key in FIRM_FORMS and tokens.items[i].text.isupper()]
    return [run[a:b] for a, b in zip([0, *cuts], [*cuts, len(run)], strict=True)]


def find_organisations(tokens: TextWords, blocked: set[int] = frozenset()) -> list[Found]:
    """Proper names found by their shape (see the module's docstring). `blocked`: start offsets
    of words already known as the coach's employers; runs touching them are left alone."""
    judge = Judge(tokens)
    found: list[Found] = []
    if not tokens.caseless:
        for run in capital_runs(judge):
            if any(tokens.items[i].start in blocked for i in run):
                # The coach's employers are found already: judge the words beside them on their own,
                # as a second pass over the redacted text would ("[employer] Sdn").
                for piece in outside_employers(tokens, run, blocked):
                    result = judge_run(judge, piece)
                    if isinstance(result, Both):
                        found.extend(result)
                    elif result is not None:
                        found.append(result)
                continue
            run = _to_legal_end(tokens, run)
            pieces = _cut_at_firm_forms(tokens, run)
            if any(not tokens.items[i].capital for i in run):
                whole = judge_run(judge, run, need_head=True)
                if whole is not None:
                    found.append(whole)
                    continue
                pieces = cut_at_joiners(tokens, run)
            for piece in pieces:
                if _firms_town(tokens, piece, found):
                    continue
                result = judge_run(judge, piece)
                if not isinstance(result, Both) and (result is None or result.kind == "name"):
                    result = _listed(judge, piece, found) or result
                if isinstance(result, Both):
                    found.extend(result)
                elif result is not None:
                    found.append(result)
    found.extend(find_lower_case_firms(judge))
    found.extend(_hiring_acronyms(tokens))
    found.extend(_described_firms(judge))
    found.extend(_numbered_firms(tokens))
    found.extend(find_workplaces(judge))
    found.extend(_saints(tokens))
    found.extend(_camel_brands(tokens))
    if not tokens.lowercase:
        found.extend(_hiring_brands(judge))
        found.extend(_firms_people(judge))
    if not tokens.caseless:
        found.extend(_named_after_kind(judge))
    found.extend(firms_in_lists(judge, found))
    return found


# A word for a firm or one of its things, in lower case, then the firm's capitalised name:
# "this startup Lumipod", "the app Sampai", "culture Tandur yang fast-paced", "budget Bayarin".
_KIND_THEN_NAME = re.compile(
    r"(?<![\w-])(?:startup|start-up|app|aplikasi|company|perusahaan|syarikat|brand|portal|kantor|"
    r"culture|kultur|budget|bajet|website|tim)[ \t]+(?=[^\W\d_])"
)


def _named_after_kind(judge: Judge) -> list[Found]:
    """The capitalised word after `_KIND_THEN_NAME` in mid-sentence, when no list knows it as a
    person's name, a place's or a title."""
    tokens = judge.tokens
    found = []
    for match in _KIND_THEN_NAME.finditer(tokens.text):
        index = tokens.next_index(match.end())
        if index is None:
            continue
        token = tokens.items[index]
        if token.capital:
            named = (
                not token.acronym
                and not token.initial
                and len(token.key) >= 3
                and tokens.tier(index) in ("unknown", "ambiguous")
                and index not in tokens.places
                and not tokens.is_title(index)
            )  # an everyday word counts too: its capital names a brand ("the app Sampai")
        else:
            # "his company haulwise,": a word no list knows, and no noun after it ("startup katering langganan")
            named = tokens.lowercase and unlisted(tokens, index) and bool(_NAME_ENDS.match(tokens.low, token.end))
        if not named:
            continue
        end = token.end
        nxt = index + 1
        if (
            token.capital
            and nxt < len(tokens.items)
            and tokens.gap(index, nxt) == " "
            and tokens.items[nxt].capital
            and tokens.tier(nxt) != "name"
            and tokens.items[nxt].key not in judge.lexicon.small
            and nxt not in tokens.places
        ):
            end = tokens.items[nxt].end  # "my company Meridian Trade"
        found.append(Found(token.start, _brand_end(tokens, end), "employer"))
    return found


_NAME_ENDS = re.compile(r"[ \t]*(?:[,.;:!?)]|$)|[ \t]+(?:and|but|for|in|on|at|so|because|who|which|yang|dan)(?![\w-])")


def _brand_end(tokens: TextWords, end: int) -> int:
    """Where a brand's name ends: "Lumbung.io" goes on over its domain."""
    domain = re.match(r"\.(?:io|ai|co|com|app|id|my|sg|ph)(?![\w.])", tokens.text[end:])
    return end + domain.end() if domain else end


# "the Pixelkraft gang", "the Crumb & Co people": a firm's name between "the" and its people.
_THE_FIRMS_PEOPLE = re.compile(
    r"(?<![\w-])[Tt]he[ \t]+(?P<name>[A-Z][\w'’.-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w'’.-]*){0,2})"
    r"[ \t]+(?:people|folks|gang|crew|lot|guys|lads|team|recruiters)(?![\w-])"
)


def _firms_people(judge: Judge) -> list[Found]:
    """The capitalised words between "the" and a word for a firm's people, when one of them is
    no everyday word or a place and none is a department or a job ("the Sales team" stays)."""
    tokens = judge.tokens
    found = []
    for match in _THE_FIRMS_PEOPLE.finditer(tokens.text):
        start, end = match.span("name")
        words = [i for i in range(len(tokens.items)) if start <= tokens.items[i].start < end]
        if not words or any(tokens.items[i].acronym or tokens.is_title(i) for i in words):
            continue
        if all(i in tokens.places for i in words) or job_title(tokens, words[0], words[-1]):
            continue
        own = [
            i
            for i in words
            if tokens.tier(i) != "never"
            and tokens.items[i].key not in judge.lexicon.common
            and tokens.items[i].key[:-1] not in judge.lexicon.common  # "the Retentions team": a department
            and i not in tokens.places
        ]
        if own or "&" in match.group("name"):
            found.append(Found(start, end, "employer"))
    return found


# A firm's hiring rounds right after its name: "Kudiflow live coding round", "Kasira kasih live coding test".
_ROUND_AFTER = re.compile(
    r"(?:[ \t]+(?:kasih|gave|sent|ran|had|did|has|with))?(?:[ \t]+[a-z-]+){1,2}?[ \t]+"
    r"(?:interviews?|rounds?|tests?|assessments?|screens?|screening|offer|hr|hrd|recruiters?|panel|"
    r"take-home|case study|aptitude|psikotes|temuduga)(?![\w-])"
    # right before it, only the firm's own people and rounds: "the Kudiflow interview" ("Versant test" is a test's)
    r"|[ \t]+(?:interviews?|rounds?|offer|hr|hrd|recruiters?|panel)(?![\w-])"
)


def _hiring_brands(judge: Judge) -> list[Found]:
    """A capitalised word no list knows, whose hiring rounds follow it (see `_ROUND_AFTER`):
    a brand's name, not a person's or a place's."""
    tokens = judge.tokens
    found = []
    for index, token in enumerate(tokens.items):
        if (
            token.capital
            and not token.acronym
            and len(token.key) >= 4
            and tokens.tier(index) == "unknown"
            and token.key not in judge.lexicon.common
            and index not in tokens.places
            and (match := _ROUND_AFTER.match(tokens.low, token.end))
            and not (token.initial and match.group(0).count(" ") + match.group(0).count("\t") < 2)
        ):
            found.append(Found(token.start, token.end, "employer"))
    return found


_NUMBER_NAME = re.compile(r"[ \t]+\d{1,4}(?![\w.,:/-]|[ \t]*(?:%|am|pm|min|mins|hours?|days?|weeks?|people)\b)")


def _numbered_firms(tokens: TextWords) -> list[Found]:
    """A head noun written before the name, named by a number, after a cue: "at Studio 42",
    "di Klinik 24"."""
    found = []
    for index, token in enumerate(tokens.items):
        if not token.capital or (token.key,) not in HEADS_BEFORE or not CUE.search(text_before(tokens, index)):
            continue
        number = _NUMBER_NAME.match(tokens.text, token.end)
        if number:
            found.append(Found(token.start, number.end(), "employer"))
    return found


def _described_firms(judge: Judge) -> list[Found]:
    """A word no list knows, followed by what kind of firm it is (see `_KIND_AFTER`); a head noun
    there takes the unusual word before it along ("hopscotch digital")."""
    tokens = judge.tokens
    items = tokens.items
    found: list[Found] = []
    for index, token in enumerate(items):
        if not _KIND_AFTER.match(tokens.low, token.end):
            continue
        first = index
        if token.key in AFTER_ENDS and index > 0 and tokens.gap(index - 1, index) == " ":
            first = index - 1  # "hopscotch digital, a little agency"
        own = items[first]
        if (
            tokens.tier(first) != "unknown"
            or own.key in judge.lexicon.common
            or len(own.key) < 4
            or first in tokens.places
            or (own.capital and first != index)
        ):
            continue
        found.append(Found(own.start, token.end, "employer"))
    return found


_LEGAL_ENDS = frozenset("bhd berhad ltd limited inc tbk plc llc llp gmbh".split())
_WHERE = re.compile(r"^[ \t]+(?:kat|sa|di|dekat|deket|in)[ \t]+$")


def _to_legal_end(tokens: TextWords, run: list[int]) -> list[int]:
    """A run cut after the legal form that ends a firm's name: "Sentosa Electronics (M) Sdn Bhd |
    Bayan Lepas", where the town follows."""
    for position, index in enumerate(run[:-1]):
        key = tokens.items[index].key.rstrip(".")
        if key in _LEGAL_ENDS and tokens.items[run[position + 1]].key.rstrip(".") not in _LEGAL_ENDS | {"sdn"}:
            return run[: position + 1]
    return run


def _firms_town(tokens: TextWords, piece: list[int], found: list[Found]) -> bool:
    """One or two capitalised words right after a firm found and "kat", "sa", "di" or "in", with no
    head noun of their own: where the firm is ("Borneo Agro Supplies kat | Inanam")."""
    items = tokens.items
    first = items[piece[0]]
    if len(piece) > 2 or first.initial or any(items[i].key in AFTER_ENDS for i in piece):
        return False
    return any(
        f.kind == "employer" and f.end < first.start and _WHERE.match(tokens.text[f.end : first.start]) for f in found
    )


# "St Cuthbert's", "St. Monica's": a saint's name in the possessive names a church, a school or a
# hospital, not a person and not a town ("St Albans" has no "'s").
_SAINT = frozenset({"st", "saint", "sta", "sto", "ste"})
_LANDMARK_NEXT = re.compile(rf"[ \t]+(?:{'|'.join(sorted(LANDMARK_ENDS))})(?![\w-])")
_POSSESSIVE_S = re.compile(r"['’][sS](?![\w'’])")
# What a saint's school, hospital or church goes on with: "St Aidan's C of E Primary",
# "St. Luke's Specialist Hospital", "st. george's hss" (matched in lower case).
_SAINT_TAIL = re.compile(
    r"(?:[ \t]+(?:c of e|ce|rc|catholic|anglican|methodist|girls'?|boys'?|specialist|general|"
    r"medical|high|junior|senior|infant|infants|grammar|primary|secondary|community))*"
    r"[ \t]+(?:primary|secondary|school|college|academy|hospital|church|parish|hss|clinic|convent|"
    r"infirmary|hospice|home)(?: school)?(?![\w-])"
)


def _owner_end(tokens: TextWords, name: Token) -> int | None:
    """Where the "'s" after a name ends ("Aidan's"; a shouted "OSWALD'S" is one word), or None."""
    if name.text[-2:] in ("'S", "’S"):
        return name.end
    own = _POSSESSIVE_S.match(tokens.text, name.end)
    return own.end() if own else None


def _saints(tokens: TextWords) -> list[Found]:
    items = tokens.items
    found = []
    for index, token in enumerate(items[:-1]):
        name = items[index + 1]
        if (
            token.key in _SAINT
            and (token.capital or tokens.lowercase)
            and (name.capital or tokens.lowercase)
            and tokens.gap(index, index + 1) in (" ", ". ")
            and index + 1 not in tokens.phrase_places
            and (own := _owner_end(tokens, name))
            and not _LANDMARK_NEXT.match(tokens.low, own)
        ):
            tail = _SAINT_TAIL.match(tokens.low, own)
            found.append(Found(token.start, tail.end() if tail else own, "employer"))
    return found


# A word with a capital inside it that no list knows: a brand's name ("StaffBridge", "HireLah",
# "JobKhazana"); known tools and boards ("LinkedIn", "WhatsApp") are listed and stay.
_CAMEL = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+")


def _camel_brands(tokens: TextWords) -> list[Found]:
    return [
        Found(token.start, token.end, "employer")
        for index, token in enumerate(tokens.items)
        if tokens.tier(index) == "unknown"
        and index not in tokens.places
        and _CAMEL.fullmatch(token.text)
        and not token.text.startswith(("Mc", "Mac"))  # a family name: the name rules decide
    ]


def _hiring_acronyms(tokens: TextWords) -> list[Found]:
    """Acronyms no list knows, followed by the people who hire there (see `_HIRERS_AFTER`)."""
    return [
        Found(token.start, token.end, "employer")
        for index, token in enumerate(tokens.items)
        if token.acronym
        and tokens.tier(index) != "never"
        and token.key not in tokens.lexicon.common
        and _HIRERS_AFTER.match(tokens.low, token.end)
    ]
