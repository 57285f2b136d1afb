"""Detect employer names in normalised story text.

Three kinds of evidence: the coach's list of employers for this workshop (matched as whole words
in any case, "Acme's" included); a company suffix ("Acme Widgets Sdn Bhd", "Initech GmbH");
and what is said around a capitalised name ("worked at Globex", "Hooli rejected me").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .firm_words import AFTER_ENDS, BEFORE_STARTS, KINDS_OF_FIRM, LEGAL_FORMS, PLACE_PARTS, PUBLIC_HEADS
from .lexicon import alternation, name_lexicon, words
from .roles import department, job_title
from .text import Found, lower, normalise
from .tokens import TextWords

_SUFFIX_WORDS = words("employers", "suffixes")
_SUFFIX = re.compile(rf"(?<=[ \t])(?P<suffix>{alternation(_SUFFIX_WORDS)})(?![\w&])")
_PREFIX = re.compile(rf"(?<![\w]){alternation(words('employers', 'prefixes'))}[ \t]+(?=[A-Z])")
# Lower-case cue patterns, run on a lower-cased copy of the text.
_BEFORE = re.compile(
    rf"(?<![\w-]){alternation(words('employers', 'before_employer'), lower=True)}\s+(?:the\s+)?[\"“]?(?=[^\W_])"
)
_AFTER = re.compile(  # after a closing quote too: '"Kestrel" never replied'
    rf"[\"”)]?(?:(?:['’]s)?\s+(?:has\s+|had\s+|have\s+|just\s+|then\s+|also\s+|well\s+and\s+truly\s+|literally\s+)*"
    rf"{alternation(words('employers', 'after_employer'), lower=True)}(?![\w])"
    rf"|['’]s\s+{alternation(words('employers', 'possessive_employer'), lower=True)}(?![\w])"
    # "Growwly is a hot startup in Gurugram", "Tanaka was a small agency"
    rf"|\s+(?:is|was)\s+(?:a|an)\s+(?:[\w-]+\s+){{0,2}}?{alternation(words('names', 'company_words'), lower=True)}(?![\w])"
    # "Safari Pesa, a fintech in Westlands": a name, a comma and what kind of firm it is
    rf"|\s*(?:,\s+|\(\s*)(?:a|an)\s+(?:[\w-]+\s+){{0,2}}?{alternation(words('names', 'company_words'), lower=True)}(?![\w-])"
    # "Marlow & Finch, the estate agents on the high street": "the" and a kind of firm that ends
    # there (not "Sarah, the store manager")
    rf"|\s*(?:,\s+|\(\s*)the\s+(?:[\w-]+\s+){{0,2}}?{alternation(words('names', 'company_words'), lower=True)}"
    r"(?=\s*(?:[,.;:!?)]|$)|\s+(?:on|in|at|near|by|off|down|up|round|opposite|that|which|where|who)(?![\w-])))"
)
# "at Globex", "Sarah from Globex", "the recruiter from Globex"
_AT_OR_FROM = re.compile(r"(?<![\w-])(?P<word>[Aa]t|from)\s+(?=[A-Z])")
_TITLES = frozenset(title.lower().rstrip(".'") for title in words("names", "titles"))
_ROLE_WORDS = frozenset(word.lower() for role in words("names", "roles") for word in role.split())
_ROLE_ENDS = frozenset(role.split()[-1].lower() for role in words("names", "roles"))
# A firm named in brackets after a word for a firm: "the fintech (Kivuli Pay)", "a startup (Zyxo)".
_COMPANY_THEN_BRACKET = re.compile(
    rf"(?<![\w-]){alternation(words('names', 'company_words'), lower=True)}[ \t]*\([ \t]*(?=[^\W\d_])"
)
# "thru an agency, Pinoy Global Placements.", "his friend's cafe, Bean There,": a kind of firm, a
# comma and its name, which ends there.
_COMPANY_THEN_COMMA = re.compile(
    rf"(?<![\w-])(?:a|an|my|his|her|their|our|[^\W\d_]+['’]s)\s+(?:[\w-]+\s+){{0,2}}?"
    rf"{alternation(words('names', 'company_words'), lower=True)}[ \t]*,[ \t]*(?=[^\W\d_])"
)
_NAME_ENDS = re.compile(r"\s*(?:[.,;:!?)]|$|\s(?:in|and|for|as|which|that|who)\s)")
_AND_THEN = re.compile(r"(?:\s*,\s*|\s+)(?:and|or|&|then|but also)\s+|\s*,\s*(?=[A-Z])")
_PERSON_PREPOSITION = re.compile(r"(?i)(?:with|by|from|nothing from)\s+(?:the\s+)?$")
_FOR = re.compile(r"(?i)\bfor\s+(?:the\s+)?$")
# "joined the Zoom", "applied to the Salesforce role": after "the", a tool is the thing itself
_THE = re.compile(r"(?i)\bthe\s+$")
# Indonesian and Malay words of time, which end a firm's name typed in capitals.
_WHEN_WORDS = frozenset(
    "minggu bulan tahun hari pagi petang malam semalam kemarin kemaren besok esok tadi lepas lalu depan "
    "isnin senin selasa rabu khamis kamis jumaat jumat sabtu ahad".split()
)
_RUN_GAP = re.compile(r"^(?: | & |\. ?|-)$")
_CONNECTORS = frozenset({"of", "de", "du", "la", "fur", "für", "van", "von"})
_CORE = re.compile(rf"(?:[\s,]+(?:{alternation(_SUFFIX_WORDS)}))+\.?$", re.IGNORECASE)


@lru_cache(maxsize=256)
def _list_pattern(employers: tuple[str, ...]) -> re.Pattern[str] | None:
    """One case-insensitive whole-word pattern for the coach's employer names and their cores."""
    phrases: set[str] = set()
    never = name_lexicon().never
    for raw in employers:
        name = " ".join(normalise(raw).split()).strip(" .,;:")
        if len(name) < 2:
            continue
        phrases.add(name)
        core = _CORE.sub("", name).strip(" .,&")
        if core != name and len(core) >= 3 and core.casefold() not in never:
            phrases.add(core)  # "Acme Ltd" is also written plain "Acme"
    if not phrases:
        return None
    body = alternation(sorted(phrases), lower=True)
    return re.compile(rf"(?<![\w]){body}(?![\w])")  # run on lower-cased text


def find_listed_employers(text: str, employers: Sequence[str]) -> list[Found]:
    pattern = _list_pattern(tuple(sorted(set(employers))))
    if pattern is None:
        return []
    return [Found(m.start(), m.end(), "employer") for m in pattern.finditer(lower(text))]


def _company_word(tokens: TextWords, index: int) -> bool:
    token = tokens.items[index]
    if token.key in tokens.lexicon.small:
        return False
    return token.capital or any(ch.isupper() for ch in token.text)


def _connects(tokens: TextWords, left: int, middle: int) -> bool:
    """Whether token `middle` is "of"/"de" joining two company words."""
    items = tokens.items
    return (
        middle + 1 < len(items)
        and items[middle].key in _CONNECTORS
        and tokens.gap(left, middle) == " "
        and tokens.gap(middle, middle + 1) == " "
        and _company_word(tokens, middle + 1)
    )


def _run_forward(tokens: TextWords, first: int, limit: int = 5) -> int | None:
    """Last token of a run of company words starting at `first`, or None."""
    if not _company_word(tokens, first):
        return None
    last = first
    while last + 1 < len(tokens.items) and last - first < limit - 1:
        nxt = last + 1
        if _connects(tokens, last, nxt):
            last = nxt + 1  # "Bank of America"
            continue
        gap = tokens.gap(last, nxt)
        if not _RUN_GAP.match(gap) or not _company_word(tokens, nxt):
            break
        if gap.strip() == "." and len(tokens.items[last].text) > 2:
            break  # "Acme. Then" is two sentences; "J.P. Morgan" is one name
        after_initial = len(tokens.items[last].text) == 1
        if tokens.tier(nxt) == "context" and not tokens.items[nxt].text.isupper():
            break  # "Google London": the town is not part of the name
        if tokens.items[nxt].key in _WHEN_WORDS:
            break  # "TEMUDUGA DI MAJLIS PERBANDARAN BATU PAHAT | MINGGU LEPAS": when, not who
        if tokens.items[nxt].initial and not after_initial:
            break
        last = nxt
    return last


def _run_backward(tokens: TextWords, last: int, limit: int = 5) -> int | None:
    """First token of a run of company words ending at `last`, or None."""
    if not _company_word(tokens, last):
        return None
    first = last
    while first > 0 and last - first < limit - 1 and not tokens.items[first].initial:
        prev = first - 1
        if prev > 0 and _connects(tokens, prev - 1, prev) and _company_word(tokens, prev - 1):
            first = prev - 1
            continue
        if not _RUN_GAP.match(tokens.gap(prev, first)) or not _company_word(tokens, prev):
            break
        first = prev
    return first


def _judge(tokens: TextWords, first: int, last: int, *, tools_ok: bool = False) -> str | None:
    """'employer', 'name' (a person after all) or None (not a proper name) for a token run."""
    tiers = [tokens.tier(i) for i in range(first, last + 1)]
    if department(tokens, first, last):
        return None  # "from Human Resources", "at Home Affairs"
    if last > first and tokens.items[first].key.rstrip("'") in _TITLES:
        return "name"  # "Ma'am Cruz", "Dr Lee": a person
    if first > 0 and tokens.items[first - 1].key in _ROLE_WORDS and tokens.gap(first - 1, first).strip(" ,(") == "":
        return "name"  # "the recruiter Wei said no": a person
    if first == last and tools_ok and tokens.items[first].key in tokens.lexicon.tools:
        return "employer"  # "applied to Canva", "worked at Salesforce"
    if all(tier == "never" for tier in tiers):
        return None  # "applied for Data Analyst"
    if job_title(tokens, first, last) and not any(tokens.items[i].key in LEGAL_FORMS for i in range(first, last + 1)):
        return None  # "applied for Team Leader", "the Bookkeeper job"
    if first == last and (first in tokens.places or tokens.tier(first) in ("never", "context")):
        return None  # "applied to Jos"
    if first in tokens.places and all(tokens.items[i].key in PLACE_PARTS for i in range(first + 1, last + 1)):
        return None  # "kerja di Jakarta Selatan", "worked at Lagos Island": a place and where in it
    if first == last:
        if tiers[0] in ("never", "context"):
            return None  # "worked at Monday", "applied to London"
        if tiers[0] in ("name", "ambiguous") and not tokens.items[first].acronym:
            return "name"
    elif tiers[0] == "name" and last - first <= 2 and all(t != "never" for t in tiers):
        return "name?"  # "Sarah Lee" after "interviewed with": a person unless the cue says company
    return "employer"


def find_employers(text: str, tokens: TextWords) -> list[Found]:
    """Employers shown by suffixes and by what is said around them (not the coach's list)."""
    found: list[Found] = []

    def emit(first: int, last: int, verdict: str | None) -> None:
        if verdict is not None:
            items = tokens.items
            found.append(Found(items[first].start, items[last].end, verdict))

    for match in _SUFFIX.finditer(text):
        suffix_first = tokens.next_index(match.start())
        if suffix_first is None or suffix_first == 0:
            continue
        suffix_last = suffix_first
        while suffix_last + 1 < len(tokens.items) and tokens.items[suffix_last + 1].start < match.end():
            suffix_last += 1
        first = _run_backward(tokens, suffix_first - 1)
        if first is None or not _RUN_GAP.match(tokens.gap(suffix_first - 1, suffix_first)):
            continue
        run_tiers = {tokens.tier(i) for i in range(first, suffix_first)}
        if run_tiers <= {"never", "context"}:
            continue  # "Data Solutions", "Support Group", "Cape Town SA"
        end = match.end() - 1 if match["suffix"].endswith(".") else match.end()
        found.append(Found(tokens.items[first].start, end, "employer"))  # "Inc." keeps its stop outside

    for match in _PREFIX.finditer(text):
        first = tokens.next_index(match.end())
        last = None if first is None else _run_forward(tokens, first)
        if first is not None and last is not None:
            found.append(Found(match.start(), tokens.items[last].end, "employer"))

    for match in _COMPANY_THEN_BRACKET.finditer(tokens.low):  # "the fintech (Kivuli Pay)"
        listed: list[Found] = []
        offset = match.end()
        for _ in range(4):  # "two places (Nandos and Spur)"
            first = tokens.next_index(offset)
            last = None if first is None else _run_forward(tokens, first)
            if first is None or last is None or _judge(tokens, first, last, tools_ok=True) is None:
                listed = []
                break
            listed.append(Found(tokens.items[first].start, tokens.items[last].end, "employer"))
            if text.startswith(")", tokens.items[last].end):
                found.extend(listed)
                break
            joined = _AND_THEN.match(text, tokens.items[last].end)
            if not joined:
                break
            offset = joined.end()

    for match in _COMPANY_THEN_COMMA.finditer(tokens.low):  # "an agency, Pinoy Global Placements"
        first = tokens.next_index(match.end())
        last = None if first is None else _run_forward(tokens, first)
        if first is None or last is None or not tokens.items[first].capital:
            continue
        if _NAME_ENDS.match(text, tokens.items[last].end) and _judge(tokens, first, last, tools_ok=True) is not None:
            found.append(Found(tokens.items[first].start, tokens.items[last].end, "employer"))

    def from_cue(offset: int, cue: str, *, unknown_only: bool = False) -> None:
        """A run of company words right after a cue, and any more joined by "and" or commas."""
        for round_ in range(4):
            first = tokens.next_index(offset)
            last = None if first is None else _run_forward(tokens, first)
            if first is None or last is None:
                return
            if unknown_only and tokens.tier(first) != "unknown":
                return
            while (
                tokens.caseless
                and last > first + 1
                and last in tokens.places
                and tokens.items[last].key not in AFTER_ENDS  # "... MICROFINANCE BANK": a head, not a town
                and tokens.items[last - 1].key not in ("and", "of", "dan")
                and not any(tokens.items[i].key in PUBLIC_HEADS for i in range(first, last))  # a council's town
                and tokens.gap(last - 1, last) == " "
            ):
                last -= 1  # "MELAMAR KE RUMAH SAKIT MEDIKA PERSADA | BEKASI": in capitals, the town ends no name
            verdict = _judge(tokens, first, last, tools_ok=not _FOR.search(cue) and not _THE.search(cue))
            if verdict == "name?":  # "with Sarah Lee"; "at Shopee, Kevin Ng"
                verdict = "name" if round_ or _PERSON_PREPOSITION.search(cue) else "employer"
            if verdict is None:
                return
            emit(first, last, verdict)
            joined = _AND_THEN.match(text, tokens.items[last].end)
            if not joined:
                return
            offset = joined.end()

    low = tokens.low
    for match in _BEFORE.finditer(low):
        from_cue(match.end(), match.group(0))
        # a brand typed without capitals: "ghosted by zestly", "applied to loopcart"; not "applied for"
        index = tokens.next_index(match.end())
        if index is not None and match.end() == tokens.items[index].start and not _FOR.search(match.group(0)):
            if _plain_brand(tokens, index):
                emit(index, index, "employer")
    for match in _AT_OR_FROM.finditer(text):
        if match["word"] == "from":  # only after a person or a role: "Sarah from", "recruiter from"
            before = tokens.items[tokens.at[match.start()] - 1] if tokens.at[match.start()] else None
            if before is None or not (before.capital or before.key in _ROLE_ENDS):
                continue
        from_cue(match.end(), match.group(0), unknown_only=True)

    for index, token in enumerate(tokens.items):
        if not (token.capital or token.acronym):
            if _plain_brand(tokens, index, acting=True) and _AFTER.match(low, _past_bracket(low, token.end)):
                emit(index, index, "employer")  # "packrunner rejected me", "zestly (the meal kit app) offered me"
            continue
        if not _AFTER.match(low, token.end):
            continue
        first = _run_backward(tokens, index)
        if first is None:
            continue
        while (
            first < index
            and tokens.items[first].initial
            and tokens.tier(first) == "never"
            and tokens.items[first].key not in BEFORE_STARTS  # "Rumah Makan ...", "Toko ..." open firms
        ):
            first += 1  # "Jadi Samudra Niaga pilih kandidat lain": the sentence's first word is no name
        verdict = _judge(tokens, first, index)
        emit(first, index, "name" if verdict == "name?" else verdict)
    return found


def _plain_brand(tokens: TextWords, index: int, *, acting: bool = False) -> bool:
    """A word typed without capitals that no list knows, not even as an everyday word, a place
    or a hiring word: a brand's name, when a cue or what it did to the writer says a firm is
    meant ("ghosted by zestly", "packrunner rejected me"). Doing what a firm does (`acting`), a
    word the lists know only in some contexts counts too ("sokoni rejected me"), but not a word
    after "the", "my" or a pronoun ("they finaly rejected me", "the recuiter rejected me")."""
    token = tokens.items[index]
    plain = (
        not token.capital
        and not token.acronym
        and len(token.key) >= 4
        and token.key.isalpha()
        and not token.key.endswith("ing")  # "like caregiving was a vacation"
        and token.key not in KINDS_OF_FIRM  # "says try edtech": what kind of firm, not which
        and (tokens.tier(index) == "unknown" or acting and tokens.tier(index) == "context")
        and token.key not in tokens.lexicon.common
        and not tokens.place_here(index)
    )
    return plain and not (acting and _OWNED_OR_DONE.search(tokens.low, max(0, token.start - 8), token.start))


_OWNED_OR_DONE = re.compile(
    r"(?<![\w'’-])(?:the|a|an|my|our|their|his|her|your|this|that|they|he|she|it|we|i|you)[ \t]+$"
)
_BRACKET = re.compile(r"[ \t]*\([^()\n]{1,40}\)")


def _past_bracket(low: str, offset: int) -> int:
    """Where the text goes on after a word on what a firm is, in brackets: "zestly (the meal kit app)"."""
    bracket = _BRACKET.match(low, offset)
    return bracket.end() if bracket else offset
