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

from .lexicon import alternation, words
from .people import AFTER_NAME, PROGRAMME_AFTER, TextWords
from .text import Found, fold


def _phrases(key: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(fold(w) for w in phrase.split()) for phrase in words("organisations", key))


_HEADS_AFTER = _phrases("heads_after")
_HEADS_BEFORE = _phrases("heads_before")
_AFTER_ENDS = frozenset(phrase[-1] for phrase in _HEADS_AFTER)
BEFORE_STARTS = frozenset(phrase[0] for phrase in _HEADS_BEFORE)
_PLAIN_HEADS = _phrases("heads_plain_words")
_REGION_HEADS = frozenset(fold(w) for w in words("organisations", "region_heads"))
_JOB_AFTER = frozenset(fold(w) for w in words("organisations", "job_heads_after"))
_JOB_BEFORE = frozenset(fold(w) for w in words("organisations", "job_heads_before"))
_FIRM_WORDS = frozenset(fold(w) for w in words("organisations", "firm_name_words"))
_SUFFIXES = frozenset(fold(w).rstrip(".") for w in words("employers", "suffixes"))
LEGAL_FORMS = frozenset(
    {"ltd", "plc", "llc", "llp", "inc", "tbk", "bhd", "berhad", "plt", "pte", "pty", "gmbh", "pt", "cv"}
)
# Indonesian forms of a firm that are no everyday word in lower case ("cv" is a résumé first).
_FIRM_FORMS = frozenset({"pt", "ud", "pd"})
# One-word cues and their opposites: prepositions and the like, which no firm's name starts with.
_LINKS = frozenset(fold(w) for w in words("organisations", "cues") + words("organisations", "not_cues") if " " not in w)
_NOT_CUE = re.compile(rf"(?<![\w-]){alternation(words('organisations', 'not_cues'), lower=True)}[ \t]+$")
_CUE = re.compile(rf"(?<![\w-]){alternation(words('organisations', 'cues'), lower=True)}[ \t]+[\"“]?$")
# Words that make a place's name more precise: "Jakarta Selatan", "Lagos Island", "Cape Town CBD".
_PLACE_PARTS = frozenset(
    "north south east west central northern southern eastern western upper lower greater inner outer "
    "island city town cbd district county province state region metro old new "
    "utara selatan barat timur tengah pusat raya kota kabupaten kab lama baru hilir hulu".split()
)
_JOINERS = frozenset({"of", "and", "&", "de", "da", "du", "la", "van", "von", "dan", "for"})
# "for" joins only after the heads of public and civic bodies: "Department for Rural Affairs",
# "Centre for Social Justice"; elsewhere a role or a place follows it ("Hadley Recruitment for ...").
_FOR_HEADS = frozenset(
    "department ministry office centre center institute council commission foundation society "
    "association agency trust alliance fund network coalition partnership bureau authority".split()
)
_RUN_GAP = re.compile(r"^(?: | & |-|\. ?)$")
_ARTICLES = frozenset({"the"})
STRANGE_WORDS = 2
_ROLE_BEFORE = re.compile(
    r"(?<![\w-])(?:for|as|a|an|the|our|their|new|sebagai|jadi|jawatan|formasi|posisi|lowongan|jabatan)\s+$"
)
_JOB_ENDING = re.compile(r"(?:ist|ician|keeper|seller|fitter|smith|wright|monger|grapher)$")
# "of" joins an organisation's words when the left side is a head ("University of Lagos") or a
# name ("Bank of Baroda"). Not "for": what follows it is mostly a role or a place ("Hadley
# Recruitment for Recruitment Consultant", "Sunshine Bakery for Aba").


def _match_at(tokens: TextWords, first: int, last: int, phrases: frozenset[tuple[str, ...]], *, end: bool) -> int:
    """How many words at the end (or start) of tokens first..last form one of `phrases`."""
    for size in (3, 2, 1):
        if size > last - first + 1:
            continue
        span = range(last - size + 1, last + 1) if end else range(first, first + size)
        if tuple(tokens.items[i].key for i in span) in phrases:
            return size
    return 0


class _Judge:
    """What one story's words are, for the run rules."""

    def __init__(self, tokens: TextWords) -> None:
        self.tokens = tokens
        self.lexicon = tokens.lexicon

    def ordinary(self, index: int) -> bool:
        """A word that is no evidence of a proper name on its own."""
        tokens = self.tokens
        tier = tokens.tier(index)
        return tier in ("never", "context") or tokens.is_title(index) or tokens.place_here(index)

    def proper(self, index: int) -> bool:
        """A word that is no ordinary word, no place, no title: a name's or a brand's own word."""
        tokens = self.tokens
        token = tokens.items[index]
        if self.ordinary(index) or len(token.key) < 2:
            return False
        if token.key in self.lexicon.common and tokens.tier(index) != "name":
            return False  # an everyday word ("Programme", "Kartu") says nothing on its own
        if token.acronym and token.key not in tokens.lexicon.first_names:
            return False  # "HR", "NEBOSH", "UCAS": bodies, tests and schemes; "at KPMG" has its cue rule
        return True


def _joins(judge: _Judge, left: list[int], joiner: str) -> bool:
    """Whether a lower-case joiner continues the run `left` ("Bank of", "Tausi Hotels and")."""
    tokens = judge.tokens
    piece = [i for i in left if tokens.items[i].capital]
    head = _match_at(tokens, piece[0], piece[-1], _HEADS_AFTER, end=True) or _match_at(
        tokens, piece[0], piece[-1], _HEADS_BEFORE, end=False
    )
    if tokens.items[piece[-1]].key.rstrip(".") in LEGAL_FORMS:
        return False  # "Nusantara Retail Group Berhad | for Category Manager": the legal form ends it
    return bool(head) or any(judge.proper(i) and not tokens.items[i].initial for i in piece)


def _continues(judge: _Judge, joiner: str, index: int) -> bool:
    """Whether the word after "and" still belongs to the name: "Tausi Hotels and Resorts", "Marks
    and Spencer", but not "Google Data Analytics dan Kartu Prakerja" (two things listed)."""
    if joiner not in ("and", "dan", "&"):
        return True
    key = judge.tokens.items[index].key
    return key in _AFTER_ENDS or judge.proper(index)


def _possessive_org(tokens: TextWords, index: int) -> bool:
    """Whether the capitalised words from `index` on end in a head noun before the sentence goes on."""
    last = index
    while last + 1 < len(tokens.items) and tokens.items[last + 1].capital and tokens.gap(last, last + 1) == " ":
        last += 1
    return bool(_match_at(tokens, index, last, _HEADS_AFTER, end=True))


def _capital_runs(judge: _Judge) -> list[list[int]]:
    """Runs of capitalised words (joined by spaces, "&", hyphens or "of"/"and") as token indexes."""
    tokens = judge.tokens
    items = tokens.items
    runs: list[list[int]] = []
    index = 0
    while index < len(items):
        if not items[index].capital:
            index += 1
            continue
        run = [index]
        while run[-1] + 1 < len(items):
            last, nxt = run[-1], run[-1] + 1
            gap = tokens.gap(last, nxt)
            legal_next = items[nxt].key.rstrip(".") in LEGAL_FORMS or items[nxt].key in ("sdn", "pte", "pty")
            if (items[nxt].capital or legal_next) and _RUN_GAP.match(gap) and not items[nxt].initial:
                if gap.strip() == "." and len(items[last].text) > 2 and items[last].key not in ("pvt", "sdn"):
                    break  # "Acme. Then", but "Ganesh Textiles Pvt. ltd", "Mutiara Sdn. Bhd."
                run.append(nxt)  # "Quayside Foods plc" too
            elif legal_next and gap in (" (", ") ") or (gap == ") " and items[last].key in ("pty", "pte")):
                run.append(nxt)  # "Ubuntu Connect (Pty) Ltd"
            elif (
                gap in ("'", "’")
                and items[nxt].text == "s"
                and nxt + 1 < len(items)
                and tokens.gap(nxt, nxt + 1) == " "
                and items[nxt + 1].capital
                and _possessive_org(tokens, nxt + 1)
            ):
                run.extend((nxt, nxt + 1))  # "St Michael's Primary School"
            elif (
                items[nxt].key in _JOINERS
                and (items[nxt].key != "for" or items[last].key in _FOR_HEADS)
                and gap == " "
                and nxt + 1 < len(items)
                and tokens.gap(nxt, nxt + 1) == " "
                and items[nxt + 1].capital
                and not items[nxt].capital
                and _joins(judge, run, items[nxt].key)
                and _continues(judge, items[nxt].key, nxt + 1)
            ):
                run.extend((nxt, nxt + 1))
            else:
                break
        runs.append(run)
        index = run[-1] + 1
    return runs


def _pieces(tokens: TextWords, run: list[int]) -> list[list[int]]:
    """A run cut at its lower-case joiners ("Bank of Lagos and Abuja" -> pieces)."""
    pieces: list[list[int]] = [[]]
    for index in run:
        if tokens.items[index].key in _JOINERS and not tokens.items[index].capital:
            pieces.append([])
        else:
            pieces[-1].append(index)
    return [p for p in pieces if p]


def _cut(tokens: TextWords, run: list[int], blocked: set[int]) -> list[list[int]]:
    """The parts of a run outside the coach's employer names."""
    pieces: list[list[int]] = [[]]
    for index in run:
        if tokens.items[index].start in blocked:
            pieces.append([])
        elif tokens.items[index].capital:
            pieces[-1].append(index)
    return [p for p in pieces if p]


def _before(tokens: TextWords, index: int) -> str:
    start = max(0, tokens.items[index].start - 30)
    return tokens.low[start : tokens.items[index].start]


def job_title(tokens: TextWords, first: int, last: int) -> bool:
    """Whether words first..last read as a role: "Field Agronomist", "Staf Pembelian", "Bookkeeper"."""
    items = tokens.items
    end = items[last].key
    if tokens.tier(first) == "name" and last > first and not _ROLE_BEFORE.search(_before(tokens, first)):
        return False  # "Sarah Baker", "Tom Cook": a known first name and a surname
    return end in _JOB_AFTER or items[first].key in _JOB_BEFORE or bool(_JOB_ENDING.search(end))


# Departments and public offices named in everyday words: "from Human Resources", "at Home Affairs".
_DEPARTMENTS = frozenset(
    "resources affairs relations operations procurement payroll admissions compliance administration "
    "housekeeping accounts".split()
)


def department(tokens: TextWords, first: int, last: int) -> bool:
    """Whether words first..last name a department in everyday words, not a firm of its own."""
    common = tokens.lexicon.common
    keys = [tokens.items[i].key for i in range(first, last + 1)]
    if keys[-1] not in _DEPARTMENTS or any(
        (k,) in _HEADS_AFTER or (k,) in _HEADS_BEFORE or k in _JOINERS for k in keys
    ):
        return False  # "Department for Rural Affairs" is a body of its own
    return all(k in common for k in keys)


def _head_inside(tokens: TextWords, run: list[int]) -> int | None:
    """Position in `run` of the last head noun before its end ("Indwe Insurance Brokers | Sibusiso")."""
    for position in range(len(run) - 2, 0, -1):
        if _match_at(tokens, run[0], run[position], _HEADS_AFTER, end=True):
            return position
    return None


def _judge_run(judge: _Judge, run: list[int], *, need_head: bool = False) -> Found | None:
    """Employer, name or nothing for one capitalised run."""
    tokens = judge.tokens
    items = tokens.items
    if not run:
        return None
    if PROGRAMME_AFTER.match(tokens.low, items[run[-1]].end) and not any(
        items[i].key.rstrip(".") in LEGAL_FORMS for i in run
    ):
        return None  # "the Youth Employment Service programme", "the Kazi Mtaani scheme"
    whole_org = (
        _match_at(tokens, run[0], run[-1], _HEADS_AFTER, end=True)
        or _match_at(tokens, run[0], run[-1], _HEADS_BEFORE, end=False)
        or any(items[i].key.rstrip(".") in LEGAL_FORMS for i in run[1:])
    )
    # A sentence's first word is capitalised anyway: only keep it when it is no ordinary word, or
    # when it opens an organisation's name ("Maple Street Bakery emailed", "KAP Hartono & Rekan
    # said", "The Lantern Room"), where everyday words and places name firms too.
    while run and items[run[0]].initial:
        key, tier = items[run[0]].key, tokens.tier(run[0])
        if whole_org and len(run) > 1 and (key in _ARTICLES or (tier != "never" and key not in tokens.lexicon.small)):
            break
        if not (judge.ordinary(run[0]) or key in tokens.lexicon.common):
            break
        if len(run) > 1 and key in tokens.lexicon.first_names and judge.proper(run[1]):
            break  # "Ruby Hendricks was kind"
        run = run[1:]
    while run and tokens.is_title(run[0]) and len(run) > 1:
        run = run[1:]  # "Pak Irfan": the name detector hides title and name together
    if not run:
        return None
    first, last = run[0], run[-1]
    legal = any(items[i].key.rstrip(".") in LEGAL_FORMS for i in run)
    head_before = _match_at(tokens, first, last, _HEADS_BEFORE, end=False)
    head_after = _match_at(tokens, first, last, _HEADS_AFTER, end=True)
    region = items[last].key in _REGION_HEADS and len(run) > 1
    body = [i for i in run if items[i].key not in _ARTICLES]
    proper = [i for i in body if judge.proper(i)]
    joined_head = any(
        items[i].key in _JOINERS and _match_at(tokens, first, run[k - 1], _HEADS_AFTER, end=True)
        for k, i in enumerate(run)
        if k
    )  # "Institute of Technology"
    head_after = head_after or joined_head
    cued = bool(_CUE.search(_before(tokens, first))) and not items[first].initial
    if head_after or head_before or legal or region or cued:
        # Ordinary words name firms too ("Sunshine Bakery", "Stonegate Financial", "di Kopi Rakyat"),
        # and so do brands ("Oracle Financial"): any word that is no hiring or job word counts.
        named = run[head_before:] if head_before else run[: len(run) - (head_after or 0)] if head_after else run
        named = run[:-1] if region and not (head_before or head_after) else named
        tools = tokens.lexicon.tools
        proper += [
            i
            for i in named
            if (tokens.tier(i) != "never" or items[i].key in tools)
            and not (tokens.is_title(i) and i != named[-1])  # a title ends no name: "Kasih Ibu"
            and not (cued and items[i].acronym)  # "di LGD": a test's initials; "at KPMG" has its own rule
            and i not in proper
        ]
        # a place names a firm with a head noun ("Dhaka Bank", "Lagos Business School"), not alone
        proper = [
            i
            for i in proper
            if items[i].key not in _ARTICLES and (head_after or head_before or not tokens.place_here(i))
        ]
    if not (legal or head_before or head_after or region or need_head or job_title(tokens, first, last)):
        inside = _head_inside(tokens, run)
        if inside is not None:  # an organisation, then a person: "Indwe Insurance Brokers Sibusiso Ngcobo"
            found = [_judge_run(judge, run[: inside + 1]), _judge_run(judge, run[inside + 1 :])]
            judged = [f for f in found if f is not None]
            return judged[0] if len(judged) == 1 else _Both(judged) if judged else None
    if items[first].key in _ARTICLES and not (head_after or head_before) and (items[first].initial or not proper):
        if len(run) == 1:
            return None
        run, first = run[1:], run[1]
    if not legal and (job_title(tokens, first, last) or not proper or department(tokens, first, last)):
        return None  # "Field Agronomist", "Staf Pembelian"; "Data Analyst", "Kuala Lumpur", "Security+"
    if len(run) == 1 and (items[first].initial or legal):
        return None  # one capitalised word opening a sentence: other rules decide; a lone "PT"
    before = _before(tokens, first)
    organisation = legal or head_before or head_after or region
    if need_head and (not organisation or job_title(tokens, first, last)):
        return None
    if not organisation and _NOT_CUE.search(before):
        return None  # "in Ikoyi", "for Marketing Lead", "sebagai Admin"
    of_place = head_before and any(items[i].key == "of" for i in run)  # "Bank of America"
    if organisation and (proper or of_place or legal):
        suffixed = any(items[i].key.rstrip(".") in LEGAL_FORMS for i in run[1:])  # not "PT", "CV" first
        if head_before and not (head_after or suffixed or region):
            last = without_town(tokens, run[head_before:], judge.lexicon.common)
        return Found(items[first].start, items[last].end, "employer")
    if organisation:
        return None
    # No head noun: trim small words and titles at both ends ("Tuesday Sarah" -> "Sarah").
    small = tokens.lexicon.small
    while body and (items[body[0]].key in small or tokens.is_title(body[0]) or tokens.tier(body[0]) == "never"):
        body = body[1:]
    titled = [k for k, i in enumerate(body) if k and tokens.is_title(i)]
    if titled:
        body = body[: titled[0]]  # "Kamis Bu Sri Wahyuni": a day, then a person the name rules find
    while body and (
        items[body[-1]].key in small or tokens.is_title(body[-1]) or items[body[-1]].key in tokens.lexicon.landmarks
    ):
        body = body[:-1]  # "Google London": the town is not part of the name
    if not body or not _evidence(judge, body, _before(tokens, first)):
        return None
    if body[0] in tokens.places and len(body) > 1 and all(items[i].key in _PLACE_PARTS for i in body[1:]):
        return None  # a place and where in it: "di Jakarta Selatan", "at Lagos Island", "Nairobi West"
    # Without a head noun, a short run is most often a person ("Lwazi", "王伟"); the employer rules
    # name the ones after "worked at" and the like, and their kind wins on the same words.
    kind = "name" if len(body) <= 3 else "employer"
    start = items[first].start if items[first].key in _ARTICLES and not items[first].initial else items[body[0]].start
    return Found(start, items[body[-1]].end, kind)  # "at The Lantern Room": its capital "The" too


def without_town(tokens: TextWords, named: list[int], common: frozenset[str]) -> int:
    """The last word of a name that follows its head noun, without the town written after it:
    "Hotel Sriwedari Indah | Solo", "Studio Lentera Rupa | Jogja". The town stays when too little
    would be left to name the firm ("Universitas Negeri Malang", "Bank Rakyat Indonesia")."""
    end = len(named)
    while end > 0 and named[end - 1] in tokens.phrase_places:
        end -= 1
    last = named[-1]
    if (
        end == len(named)
        and last in tokens.places
        and not (tokens.items[last].key in _FIRM_WORDS or tokens.is_title(last))
    ):
        end -= 1
    if end == len(named) or end <= 0 or named[end] in tokens.phrase_places and named[end - 1] + 1 != named[end]:
        return named[-1]
    rest = named[:end]
    if len(rest) >= 2 or any(tokens.items[i].key not in common for i in rest):
        return named[end - 1]
    return named[-1]


def _evidence(judge: _Judge, body: list[int], before: str) -> bool:
    """Whether a capitalised run without a head noun is a name, not a programme, tool or phrase:
    a cue before it ("at", "di", "joined"), a known given or family name inside it, or two words
    in a row that no list knows ("Chiamaka Obi"). Anything less is left to the participant's
    review, where the "might be a name" hint lists it."""
    tokens = judge.tokens
    if _CUE.search(before):
        return True
    if any(tokens.tier(i) == "name" and not tokens.items[i].acronym for i in body):
        return True
    strange = [i for i in body if judge.proper(i) and tokens.tier(i) == "unknown" and i not in tokens.places]
    return len(strange) >= STRANGE_WORDS


class _Both(list):
    """Two findings from one run (an organisation followed by a person)."""


def _lower_runs(judge: _Judge) -> list[Found]:
    """Organisations typed in lower case (or capitals): a head noun and the unusual words by it."""
    tokens = judge.tokens
    items = tokens.items
    found: list[Found] = []

    def stop(index: int) -> bool:
        token = tokens.items[index]
        if token.capital or tokens.tier(index) == "never" or token.key in tokens.lexicon.small:
            return True
        return bool(AFTER_NAME.fullmatch(" " + token.key))  # "THEY SAID | GREENWOOD PRIMARY SCHOOL"

    def unusual(indexes: range | list[int]) -> bool:
        """A word that is no everyday word: a name, a place or a made-up word ("maplewood"), or a
        given name that is a word too ("rose", in "prairie rose orthodontics")."""
        return any(
            (tokens.tier(i) in ("unknown", "name") or i in tokens.places)
            and items[i].key not in judge.lexicon.common
            or (
                items[i].key in judge.lexicon.first_names
                and items[i].key not in judge.lexicon.common
                and tokens.tier(i) != "never"
            )
            for i in indexes
            if len(items[i].key) > 1  # not the "s" of a possessive: "Ama's cousin works"
        )

    for index in range(len(items)):
        if items[index].capital or not (items[index].key in _AFTER_ENDS or items[index].key in BEFORE_STARTS):
            continue
        before = _match_at(tokens, index, min(index + 2, len(items) - 1), _HEADS_BEFORE, end=False)
        if before:
            last = index + before - 1
            firm_form = before == 1 and items[index].key in _FIRM_FORMS
            while last + 1 < len(items) and last - index < 5 and tokens.gap(last, last + 1) == " ":
                nxt = last + 1
                if nxt - index - before >= 2 and nxt in tokens.places and items[nxt].key not in _FIRM_WORDS:
                    break  # the town after the firm's name: "kopi senja nusantara | bandung"
                if nxt > index + before and _PAST.search(items[nxt].key) and items[nxt].key in judge.lexicon.common:
                    break  # "kopi kawan cafe | scolded me"
                if stop(nxt) and items[nxt].key.rstrip(".") not in _SUFFIXES:
                    # "pt sumber cipta rasa": a firm's first word may be any word but a small one
                    if not (firm_form and nxt == index + 1 and items[nxt].key not in _LINKS | tokens.lexicon.small):
                        break
                last = nxt
            legal = items[index].key in LEGAL_FORMS
            named = range(index + before, last + 1)
            cued = bool(_CUE.search(_before(tokens, index)))
            # "pasaraya segar jaya", "cv bintang terang": two unusual words, or one after a legal form;
            # after a cue, any two words ("kat kafe daun pandan"), and so after "pt", "ud", "pd"
            if len(named) >= (1 if legal else 2) and (unusual(named) or cued or (firm_form and len(named) >= 2)):
                found.append(Found(items[index].start, items[last].end, "employer"))
                continue
        after = _match_at(tokens, max(0, index - 2), index, _HEADS_AFTER, end=True)
        if not after:
            continue
        phrase = tuple(items[i].key for i in range(index - after + 1, index + 1))
        first = index - after + 1
        while first > 0 and index - first < 4 and tokens.gap(first - 1, first) == " " and not stop(first - 1):
            if items[first - 1].key in _LINKS:
                break  # "I JOINED | KESTREL INSURANCE": the cue is no part of the name
            first -= 1
        if phrase in _PLAIN_HEADS and not tokens.caseless:
            # "the coffee shop", "a design studio": everyday heads need two words before them that
            # are unusual or follow a cue ("at constantia glen wine estate"), or a cue and one
            # unusual word
            words_before = index - after + 1 - first
            cued = bool(_CUE.search(_before(tokens, first)))
            strange = unusual(range(first, index - after + 1))
            if not ((words_before >= 2 and (cued or strange)) or (cued and strange)):
                continue  # "with brightwave analytics" counts, "uncapped commission" does not
        # "maplewood animal hospital"; after a cue, everyday words too: "sa luzon prime realty"
        if first < index - after + 1 and (
            unusual(range(first, index - after + 1)) or _CUE.search(_before(tokens, first))
        ):
            found.append(Found(items[first].start, items[index].end, "employer"))
    return found


def _lower_cued(judge: _Judge) -> list[Found]:
    """For lower-case writers: "at pennywise parcels", "apply ke belanjain": unusual words after a cue."""
    tokens = judge.tokens
    items = tokens.items
    found: list[Found] = []
    for index, token in enumerate(items):
        if token.capital or not _CUE.search(_before(tokens, index)):
            continue
        last = index - 1
        while last + 1 < len(items) and last + 1 - index < 3:
            nxt = last + 1
            if nxt > index and tokens.gap(last, nxt) != " ":
                break
            key = items[nxt].key
            if tokens.tier(nxt) != "unknown" or nxt in tokens.places or key in judge.lexicon.common or len(key) < 4:
                break
            last = nxt
        if last < index or _route(tokens, index, last):
            continue
        # the everyday words that end its name: "at pennywise parcels as a driver"
        end = last
        while end + 1 < len(items) and end - last < 2 and tokens.gap(end, end + 1) == " ":
            nxt = end + 1
            if tokens.tier(nxt) == "never" or items[nxt].key in judge.lexicon.small or nxt in tokens.places:
                break
            if (
                AFTER_NAME.match(tokens.low, items[end].end)
                or _PAST.search(items[nxt].key)
                or items[nxt].key.endswith("ly")
            ):
                break  # "the recruiter from brightwave | said no", "at kopi kawan cafe | scolded me"
            end = nxt
        closed = end + 1 == len(items) or tokens.gap(end, end + 1) != " " or _stops(tokens, end + 1)
        found.append(Found(items[index].start, items[end if closed else last].end, "employer"))
    return found


_PAST = re.compile(r"^[a-z]{3,}ed$")  # a verb in the past tense ends a name typed in lower case
_FROM = re.compile(r"(?<![\w-])(?:from|dari|between)[ \t]+$")


def _route(tokens: TextWords, first: int, last: int) -> bool:
    """Whether words first..last are one end of a journey whose other end is a place: "from
    ikorodu to lekki", "dari bekasi ke sudirman"."""
    items = tokens.items
    if not _FROM.search(_before(tokens, first)) or last + 2 >= len(items) or last + 2 not in tokens.places:
        return False
    spaced = tokens.gap(last, last + 1) == " " and tokens.gap(last + 1, last + 2) == " "
    return spaced and items[last + 1].key in ("to", "ke", "and", "dan", "sampai")


_FORM_WORDS = LEGAL_FORMS | {"sdn", "pvt", "private", "limited", "co", "corp", "company"}
_FORM_ENDS = LEGAL_FORMS - {"pt", "cv", "pte", "pty"} | {"limited", "co", "corp"}
_FORM_GAP = re.compile(r"^(?: |\. ?|\.?\s*\(\s*|\)\s*)$")


def _lower_suffixed(judge: _Judge) -> list[Found]:
    """Firms typed in lower case or in capitals and closed by a legal form in any case: "mutiara
    logistik sdn. bhd.", "FYNBOS DIGITAL (PTY) LTD", "bean & barrel coffee co" (a lone "co" only
    after a head noun)."""
    tokens = judge.tokens
    items = tokens.items
    found: list[Found] = []
    index = 0
    while index < len(items):
        if items[index].key not in _FORM_WORDS or (items[index].capital and items[index].key in ("company", "co")):
            index += 1
            continue
        form_first = index  # in any case after a lower-case name: "brightwave Ltd", "zentrix Pty Ltd"
        while index + 1 < len(items) and items[index + 1].key in _FORM_WORDS:
            if not _FORM_GAP.match(tokens.gap(index, index + 1)):
                break
            index += 1
        form_last, index = index, index + 1
        forms = [items[i].key for i in range(form_first, form_last + 1)]
        if forms[-1] not in _FORM_ENDS or forms == ["company"] or form_first == 0:
            continue
        if forms == ["co"] and (items[form_first - 1].key not in _AFTER_ENDS or tokens.gap(form_first, index) == "-"):
            continue  # "co" alone is a firm's only after a head noun: "barrel coffee co", not "co-op"
        if forms == ["co"] and index < len(items) and items[index].key in ("op", "ops"):
            continue
        first = form_first
        while first > 0 and form_first - first < 4:
            gap = tokens.gap(first - 1, first)
            if gap not in (" ", " & ") and not (first == form_first and gap == " ("):
                break  # "FYNBOS DIGITAL (PTY) LTD": a bracket only before the legal form
            prev = first - 1
            if items[prev].capital or items[prev].key in _LINKS:
                break
            if _stops(tokens, prev) and (items[prev].key not in _AFTER_ENDS or prev == 0):
                break
            first = prev
        if first < form_first:
            found.append(Found(items[first].start, items[form_last].end, "employer"))
    return found


def _lower_ampersand(judge: _Judge) -> list[Found]:
    """Firms typed in lower case or capitals and named "x & y", as law firms, practices and shops
    are: "hollis & crane", "maple & main books", "hamdan & rakan audit". Everyday pairs ("salt &
    pepper", "pros & cons") need a head noun after them."""
    tokens = judge.tokens
    items = tokens.items
    common = judge.lexicon.common
    found: list[Found] = []
    for left in range(len(items) - 1):
        right = left + 1
        if tokens.gap(left, right) != " & " or items[left].capital or items[right].capital:
            continue
        if any(len(items[i].key) < 3 or tokens.items[i].key in tokens.lexicon.small for i in (left, right)):
            continue
        if tokens.tier(left) == "never" or items[left].key in _LINKS:
            continue
        last = right
        while last + 1 < len(items) and last - right < 2 and tokens.gap(last, last + 1) == " ":
            key = items[last + 1].key
            if items[last + 1].capital or not (key in _AFTER_ENDS or key in _FORM_WORDS):
                break
            last += 1
        own = [i for i in (left, right) if tokens.tier(i) in ("name", "unknown") and items[i].key not in common]
        if not own and last == right:
            continue
        found.append(Found(items[left].start, items[last].end, "employer"))
    return found


def _stops(tokens: TextWords, index: int) -> bool:
    """A word that ends a name typed in lower case: a small word or one that is never a name."""
    return tokens.tier(index) == "never" or tokens.items[index].key in tokens.lexicon.small


_LIST_GAP = re.compile(r"^(?:\s*,\s*(?:and\s+|or\s+|&\s+)?|\s+(?:and|or|&)\s+)$")


def _listed(judge: _Judge, run: list[int], found: list[Found]) -> Found | None:
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


def find_organisations(tokens: TextWords, blocked: set[int] = frozenset()) -> list[Found]:
    """Proper names found by their shape (see the module's docstring). `blocked`: start offsets
    of words already known as the coach's employers; runs touching them are left alone."""
    judge = _Judge(tokens)
    found: list[Found] = []
    if not tokens.caseless:
        for run in _capital_runs(judge):
            if any(tokens.items[i].start in blocked for i in run):
                # The coach's employers are found already: judge the words beside them on their own,
                # as a second pass over the redacted text would ("[employer] Sdn").
                for piece in _cut(tokens, run, blocked):
                    result = _judge_run(judge, piece)
                    if isinstance(result, _Both):
                        found.extend(result)
                    elif result is not None:
                        found.append(result)
                continue
            pieces = [run]
            if any(not tokens.items[i].capital for i in run):
                whole = _judge_run(judge, run, need_head=True)
                if whole is not None:
                    found.append(whole)
                    continue
                pieces = _pieces(tokens, run)
            for piece in pieces:
                result = _judge_run(judge, piece)
                if not isinstance(result, _Both) and (result is None or result.kind == "name"):
                    result = _listed(judge, piece, found) or result
                if isinstance(result, _Both):
                    found.extend(result)
                elif result is not None:
                    found.append(result)
    found.extend(_lower_runs(judge))
    found.extend(_lower_suffixed(judge))
    found.extend(_lower_ampersand(judge))
    if tokens.lowercase:
        found.extend(_lower_cued(judge))
    return found
