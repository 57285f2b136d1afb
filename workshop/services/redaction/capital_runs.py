"""Capitalised runs of words in mid-sentence, and whether each names an employer, a person or nothing."""

from __future__ import annotations

import re

from .firm_words import (
    AFTER_ENDS,
    ARTICLES,
    CALENDAR,
    CUE,
    FIRM_WORDS,
    FOR_HEADS,
    HEADS_AFTER,
    HEADS_BEFORE,
    JOINERS,
    LEGAL_FORMS,
    NOT_CUE,
    PLACE_PARTS,
    PUBLIC_HEADS,
    REGION_HEADS,
    TRADE_NAME_WORDS,
    Judge,
    match_at,
    text_before,
)
from .lexicon import words
from .name_words import ACTS_NEXT, AFTER_NAME, SWAHILI_VERB
from .roles import JOB_ENDS, PROGRAMME_AFTER, ROLE_WORDS, department, job_title
from .text import Found, fold
from .tokens import TextWords

_RUN_GAP = re.compile(r"^(?: | & |-|\. ?| \d{1,3} )$")  # a number inside: "Bayview 88 Lodge", "Studio 7 Kreatif"
STRANGE_WORDS = 2


class Both(list):
    """Two findings from one run (an organisation followed by a person)."""


# "of" joins an organisation's words when the left side is a head ("University of Lagos") or a
# name ("Bank of Baroda"). Not "for": what follows it is mostly a role or a place ("Hadley
# Recruitment for Recruitment Consultant", "Sunshine Bakery for Aba").
# A course named right after the word for it is a course, whatever its head: "bootcamp Data Nusantara Academy";
# so is a certificate or a licence with its issuer: "sijil Suruhanjaya Tenaga".
_COURSE_BEFORE = re.compile(
    r"(?<![\w-])(?:bootcamp|kursus|pelatihan|kelas|course|webinar|certification|sertifikasi|sertifikat|sijil|lesen)"
    r"[ \t]+$"
)
# What churches' schools and hospitals are named after: "Our Lady of Lourdes", "Sacred Heart of Jesus".
_DEDICATIONS = frozenset({("our", "lady"), ("sacred", "heart"), ("holy", "cross"), ("holy", "name")})
_REGION_WORDS = frozenset("kabupaten kab kota provinsi propinsi county regency negeri".split())
# Words that name an employer before "of": local governments ("City of Millbrook", "Shire of
# Mallee") and houses of trade or worship ("House of Tenun", "House of Grace Assembly").
# The last word of a landmark's name: a place a story mentions, not an employer or a person.
LANDMARK_ENDS = frozenset("mall stadium cathedral temple mosque airport station beach square".split())
OF_HEADS = frozenset("city town county shire municipality borough house".split())


def _of_head(tokens: TextWords, run: list[int]) -> int:
    """1 when the run opens with a word of `OF_HEADS` and "of" after it, else 0."""
    items = tokens.items
    return int(len(run) > 2 and items[run[0]].key in OF_HEADS and items[run[1]].key == "of")


def _joins(judge: Judge, left: list[int], joiner: str) -> bool:
    """Whether a lower-case joiner continues the run `left` ("Bank of", "Tausi Hotels and")."""
    tokens = judge.tokens
    piece = [i for i in left if tokens.items[i].capital]
    head = match_at(tokens, piece[0], piece[-1], HEADS_AFTER, end=True) or match_at(
        tokens, piece[0], piece[-1], HEADS_BEFORE, end=False
    )
    if tokens.items[piece[-1]].key.rstrip(".") in LEGAL_FORMS:
        return False  # "Nusantara Retail Group Berhad | for Category Manager": the legal form ends it
    public = joiner in ("and", "dan") and tokens.items[piece[0]].key in PUBLIC_HEADS and len(piece) > 1
    if joiner == "of" and tuple(tokens.items[i].key for i in piece[-2:]) in _DEDICATIONS:
        return True  # "Our Lady of Fatima Hospital", "Sacred Heart of Jesus Parish"
    if joiner == "of" and len(piece) == 1 and tokens.items[piece[0]].key in OF_HEADS:
        return True  # "City of Millbrook"
    return bool(head) or public or any(judge.proper(i) and not tokens.items[i].initial for i in piece)


def _continues(judge: Judge, joiner: str, index: int, run: list[int]) -> bool:
    """Whether the word after "and" still belongs to the name: "Tausi Hotels and Resorts", "Marks
    and Spencer", but not "Google Data Analytics dan Kartu Prakerja" (two things listed). A public
    body's portfolio may join two everyday words: "Dinas Kearsipan dan Perpustakaan", "Department
    of Education and Training"; so may what a college teaches ("College of Arts and Science"). The
    words after "and" may end the firm's name with a head noun or a legal form of their own:
    "Barlow and Finch Engineering", "Parks and Coast Authority"."""
    if joiner not in ("and", "dan", "&"):
        return True
    tokens = judge.tokens
    items = tokens.items
    key = items[index].key
    everyday = key not in tokens.lexicon.small and index not in tokens.places
    public = items[run[0]].key in PUBLIC_HEADS and everyday
    taught = everyday and any(
        items[i].key == "of" and match_at(tokens, run[0], run[k - 1], HEADS_AFTER, end=True)
        for k, i in enumerate(run)
        if k
    )
    if key in AFTER_ENDS or judge.proper(index) or public or taught:
        return True
    # two firms listed keep apart: "Lakeshore Urgent Care and Pinecrest Rehab"
    return not match_at(tokens, run[0], run[-1], HEADS_AFTER, end=True) and _ends_named(tokens, index, legal=True)


def _ends_named(tokens: TextWords, index: int, *, legal: bool = False, town: bool = False) -> bool:
    """Whether the capitalised words from `index` on end in a head noun (or, with `legal`, a legal
    form) before the sentence goes on; with `town`, the head may have its town after it ("St
    Brigid's Primary | Ballarat")."""
    last = index
    while last + 1 < len(tokens.items) and tokens.items[last + 1].capital and tokens.gap(last, last + 1) == " ":
        last += 1
    if legal and last > index and tokens.items[last].key.rstrip(".") in LEGAL_FORMS:
        return True
    if town and last > index and last in tokens.places:
        last -= 1
    return bool(match_at(tokens, index, last, HEADS_AFTER, end=True))


def _bracketed_before_form(tokens: TextWords, index: int) -> bool:
    """A capitalised word in brackets right before a legal form: the country or kind of company
    that Malaysian, Indian or South African firms put there ("(M) Sdn Bhd", "(Pvt) Ltd")."""
    items = tokens.items
    if index + 1 >= len(items) or not items[index].capital or tokens.gap(index, index + 1) != ") ":
        return False
    form = items[index + 1].key.rstrip(".")
    return form in LEGAL_FORMS or form in ("sdn", "pvt", "private", "limited")


def capital_runs(judge: Judge) -> list[list[int]]:
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
                if gap.strip() == "." and len(items[last].text) > 2 and items[last].key not in ("pvt", "sdn", "bros"):
                    break  # "Acme. Then", but "Ganesh Textiles Pvt. ltd", "Mutiara Sdn. Bhd."
                run.append(nxt)  # "Quayside Foods plc" too
            elif legal_next and gap in (" (", ") ") or (gap == ") " and items[last].key in ("pty", "pte")):
                run.append(nxt)  # "Ubuntu Connect (Pty) Ltd"
            elif _bracketed_before_form(tokens, nxt) and gap == " (":
                run.extend((nxt, nxt + 1))  # "Sentosa Electronics (M) Sdn Bhd", "Globex (Pvt) Ltd"
            elif (
                gap in ("'", "’")
                and items[nxt].text == "s"
                and nxt + 1 < len(items)
                and tokens.gap(nxt, nxt + 1) == " "
                and items[nxt + 1].capital
                and _ends_named(tokens, nxt + 1, town=True)
            ):
                run.extend((nxt, nxt + 1))  # "St Michael's Primary School"
            elif (
                items[nxt].key in JOINERS
                and (items[nxt].key != "for" or items[last].key in FOR_HEADS)
                and gap == " "
                and nxt + 1 < len(items)
                and tokens.gap(nxt, nxt + 1) == " "
                and items[nxt + 1].capital
                and not items[nxt].capital
                and (
                    _joins(judge, run, items[nxt].key)
                    or items[nxt].key in ("and", "dan")
                    and not items[run[-1]].initial
                    and items[run[-1]].key.rstrip(".") not in LEGAL_FORMS
                    # "Kolkata and Sunderban Analytics", but "Hollis and Marsh Engineering"
                    and not all(i in tokens.places and tokens.tier(i) != "name" for i in run)
                    and _ends_named(tokens, nxt + 1, legal=True)
                )
                and _continues(judge, items[nxt].key, nxt + 1, run)
            ):
                run.extend((nxt, nxt + 1))
            elif (
                items[nxt].key == "of"
                and gap == " "
                and nxt + 2 < len(items)
                and items[nxt + 1].text == "the"
                and tokens.gap(nxt, nxt + 1) == " "
                and tokens.gap(nxt + 1, nxt + 2) == " "
                and items[nxt + 2].capital
                and judge.proper(nxt + 2)
                and _joins(judge, run, "of")
            ):
                run.extend((nxt, nxt + 1, nxt + 2))  # "University of the Tablelands"
            else:
                break
        runs.append(run)
        index = run[-1] + 1
    return runs


def cut_at_joiners(tokens: TextWords, run: list[int]) -> list[list[int]]:
    """A run cut at its lower-case joiners ("Bank of Lagos and Abuja" -> pieces)."""
    pieces: list[list[int]] = [[]]
    for index in run:
        if tokens.items[index].key in JOINERS and not tokens.items[index].capital:
            pieces.append([])
        else:
            pieces[-1].append(index)
    return [p for p in pieces if p]


def outside_employers(tokens: TextWords, run: list[int], blocked: set[int]) -> list[list[int]]:
    """The parts of a run outside the coach's employer names."""
    pieces: list[list[int]] = [[]]
    for index in run:
        if tokens.items[index].start in blocked:
            pieces.append([])
        elif tokens.items[index].capital:
            pieces[-1].append(index)
    return [p for p in pieces if p]


def _head_inside(tokens: TextWords, run: list[int]) -> int | None:
    """Position in `run` of the last head noun before its end ("Indwe Insurance Brokers | Sibusiso")."""
    for position in range(len(run) - 2, 0, -1):
        if match_at(tokens, run[0], run[position], HEADS_AFTER, end=True):
            return position
    return None


def _after_job_title(tokens: TextWords, run: list[int]) -> list[int]:
    """The words after a job title that opens a capitalised run, when a person's name follows it:
    "the Creative Director Lwazi" leaves "Lwazi". The title's words are everyday words that are
    no given name, so "Tom Baker Smith" stays whole."""
    items = tokens.items
    for k in range(len(run) - 2, 0, -1):
        if items[run[k]].key in JOB_ENDS and all(
            tokens.tier(i) in ("never", "unknown") and items[i].key in tokens.lexicon.common for i in run[: k + 1]
        ):
            return run[k + 1 :]
    return run


def judge_run(judge: Judge, run: list[int], *, need_head: bool = False) -> Found | None:
    """Employer, name or nothing for one capitalised run."""
    tokens = judge.tokens
    items = tokens.items
    if not run:
        return None
    if PROGRAMME_AFTER.match(tokens.low, items[run[-1]].end) and not any(
        items[i].key.rstrip(".") in LEGAL_FORMS for i in run
    ):
        return None  # "the Youth Employment Service programme", "the Kazi Mtaani scheme"
    if _COURSE_BEFORE.search(tokens.low, 0, items[run[0]].start) and not any(
        items[i].key.rstrip(".") in LEGAL_FORMS for i in run
    ):
        return None  # "ikut bootcamp Data Nusantara Academy", "the course Python for Everybody"
    whole_org = (
        match_at(tokens, run[0], run[-1], HEADS_AFTER, end=True)
        or match_at(tokens, run[0], run[-1], HEADS_BEFORE, end=False)
        or any(items[i].key.rstrip(".") in LEGAL_FORMS for i in run[1:])
        or _of_head(tokens, run)
    )
    # A sentence's first word is capitalised anyway: only keep it when it is no ordinary word, or
    # when it opens an organisation's name ("Maple Street Bakery emailed", "KAP Hartono & Rekan
    # said", "The Lantern Room"), where everyday words and places name firms too.
    while run and items[run[0]].initial:
        key, tier = items[run[0]].key, tokens.tier(run[0])
        if whole_org and len(run) > 1 and (key in ARTICLES or (tier != "never" and key not in tokens.lexicon.small)):
            break
        if not (judge.ordinary(run[0]) or key in tokens.lexicon.common):
            break
        if len(run) > 1 and key in tokens.lexicon.first_names and judge.proper(run[1]):
            break  # "Ruby Hendricks was kind"
        run = run[1:]
    while run and tokens.is_title(run[0]) and len(run) > 1:
        run = run[1:]  # "Pak Irfan": the name detector hides title and name together
    if not whole_org:
        run = _after_job_title(tokens, run)
    if not run:
        return None
    first, last = run[0], run[-1]
    legal = any(items[i].key.rstrip(".") in LEGAL_FORMS for i in run)
    of_head = _of_head(tokens, run)
    head_before = match_at(tokens, first, last, HEADS_BEFORE, end=False) or of_head
    head_after = match_at(tokens, first, last, HEADS_AFTER, end=True)
    region = items[last].key in REGION_HEADS and len(run) > 1
    body = [i for i in run if items[i].key not in ARTICLES]
    proper = [i for i in body if judge.proper(i)]
    joined_head = any(
        items[i].key in JOINERS and match_at(tokens, first, run[k - 1], HEADS_AFTER, end=True)
        for k, i in enumerate(run)
        if k
    )  # "Institute of Technology"
    head_after = head_after or joined_head
    cued = bool(CUE.search(text_before(tokens, first))) and not items[first].initial
    if head_after or head_before or legal or region or cued:
        # Ordinary words name firms too ("Sunshine Bakery", "Stonegate Financial", "di Kopi Rakyat"),
        # and so do brands ("Oracle Financial"): any word that is no hiring or job word counts.
        # after "House of", "City of", the first word is the name's own too ("House of Talent Recruitment")
        named = (
            run[head_before:]
            if head_before and not of_head
            else run[: len(run) - (head_after or 0)]
            if head_after
            else run
        )
        named = run[:-1] if region and not (head_before or head_after) else named
        tools = tokens.lexicon.tools
        proper += [
            i
            for i in named
            if (tokens.tier(i) != "never" or items[i].key in tools or (head_before and items[i].key in FIRM_WORDS))
            and not (tokens.is_title(i) and i != named[-1])  # a title ends no name: "Kasih Ibu"
            and not (cued and items[i].acronym)  # "di LGD": a test's initials; "at KPMG" has its own rule
            and i not in proper
        ]
        # a place names a firm with a head noun ("Dhaka Bank", "Lagos Business School"), not alone
        proper = [
            i
            for i in proper
            if items[i].key not in ARTICLES and (head_after or head_before or not tokens.place_here(i))
        ]
    if not (legal or head_before or head_after or region or need_head or job_title(tokens, first, last)):
        inside = _head_inside(tokens, run)
        if inside is not None:  # an organisation, then a person: "Indwe Insurance Brokers Sibusiso Ngcobo"
            found = [judge_run(judge, run[: inside + 1]), judge_run(judge, run[inside + 1 :])]
            if found[0] is not None and found[1] is None and _plain_tail(tokens, run[inside + 1 :]):
                return Found(found[0].start, items[last].end, "employer")  # "Bonny Marine Support"
            judged = [f for f in found if f is not None]
            return judged[0] if len(judged) == 1 else Both(judged) if judged else None
    if not (legal or head_before or head_after) and len(run) > 1 and items[last].key in LANDMARK_ENDS:
        return None  # "Ikeja City Mall", "Bukhungu Stadium", "St. Mary's Cathedral": where, not who
    if items[first].key in ARTICLES and not (head_after or head_before) and (items[first].initial or not proper):
        if len(run) == 1:
            return None
        run, first = run[1:], run[1]
    if (
        not (legal or head_before or head_after or region)
        and _paired(judge, body)
        and not job_title(tokens, first, last)
    ):
        return Found(_opening(tokens, first, body), items[last].end, "employer")  # "at The Crown & Anchor"
    if not (legal or head_before or head_after or region) and _trade_name(judge, body):
        return Found(items[body[0]].start, items[body[-1]].end, "employer")  # "kebutuhan Sinar Pangan"
    if not (legal or head_before or head_after or region) and body and _house_style(judge, body):
        return Found(items[body[0]].start, items[body[-1]].end, "employer")  # "the Mosaic energy"
    if not legal and (job_title(tokens, first, last) or not proper or department(tokens, first, last)):
        return None  # "Field Agronomist", "Staf Pembelian"; "Data Analyst", "Kuala Lumpur", "Security+"
    if len(run) == 1 and (items[first].initial or legal):
        return None  # one capitalised word opening a sentence: other rules decide; a lone "PT"
    before = text_before(tokens, first)
    organisation = legal or head_before or head_after or region
    if need_head and (not organisation or job_title(tokens, first, last)):
        return None
    if not organisation and NOT_CUE.search(before):
        return None  # "in Ikoyi", "for Marketing Lead", "sebagai Admin"
    of_place = head_before and any(items[i].key == "of" for i in run)  # "Bank of America"
    if items[last].key == "office" and len(body) > 1 and all(i in tokens.places for i in body[:-1]):
        return None  # where a firm works, not its name: "their Bengaluru Office"
    if organisation and (proper or of_place or legal):
        suffixed = any(items[i].key.rstrip(".") in LEGAL_FORMS for i in run[1:])  # not "PT", "CV" first
        if head_before and not (head_after or suffixed or region):
            last = without_town(tokens, run[head_before:], judge.lexicon.common)
        return Found(items[first].start, items[last].end, "employer")
    if organisation:
        return None
    if _brand_and_word(judge, body):
        return Found(_opening(tokens, first, body), items[body[1]].end, "employer")  # "Rooiberg Platinum"
    # No head noun: trim small words and titles at both ends ("Tuesday Sarah" -> "Sarah").
    small = tokens.lexicon.small
    while body and (items[body[0]].key in small or tokens.is_title(body[0]) or tokens.tier(body[0]) == "never"):
        body = body[1:]
    titled = [k for k, i in enumerate(body) if k and tokens.is_title(i)]
    if titled:
        body = body[: titled[0]]  # "Kamis Bu Sri Wahyuni": a day, then a person the name rules find
    while body and (
        items[body[-1]].key in small
        or tokens.is_title(body[-1])
        or (items[body[-1]].key in tokens.lexicon.landmarks and not _firm_word_end(tokens, body))
    ):
        body = body[:-1]  # "Google London": the town is not part of the name
    if not body or not _evidence(judge, body, text_before(tokens, first)):
        return None
    if body[0] in tokens.places and len(body) > 1 and all(items[i].key in PLACE_PARTS for i in body[1:]):
        return None  # a place and where in it: "di Jakarta Selatan", "at Lagos Island", "Nairobi West"
    # Without a head noun, a short run is most often a person ("Lwazi", "王伟"); the employer rules
    # name the ones after "worked at" and the like, and their kind wins on the same words.
    kind = "name" if len(body) <= 3 else "employer"
    return Found(_opening(tokens, first, body), items[body[-1]].end, kind)  # "at The Lantern Room"


# Everyday words that make no brand's name with a made-up word: days and months, where a place
# is ("Kirinyaga Road", "Jurong Point"), who someone is ("Bigg Boss") and what a show or a
# scheme is ("Penyelaras Program").
_NOT_BRAND_WORDS = (
    CALENDAR
    | frozenset(
        "point junction bridge estate village valley beach bay river lake island market station program "
        "programme season show series".split()
    )
    | frozenset(fold(w).rstrip(".") for w in words("addresses", "street_types"))
    | ROLE_WORDS
    | JOB_ENDS
)


_EMPLOYER_NEXT = re.compile(r"[ \t]+(?:at|di|kat|with|for|sa)[ \t]+(?:the[ \t]+)?[A-Z]")


def _brand_and_word(judge: Judge, body: list[int]) -> bool:
    """Two capitalised words in mid-sentence, a made-up one and then an everyday one: a brand and
    what it sells or does ("Lonestar Smiles", "Skillsbridge Online", "Fenwicks Shoes"). Not a
    person's name (no list knows the made-up word as one), a place, a title, a tool or a job."""
    tokens = judge.tokens
    items = tokens.items
    if len(body) != 2 or items[body[0]].initial or tokens.gap(body[0], body[1]) != " ":
        return False
    lexicon = tokens.lexicon
    made_up = [
        i
        for i in body
        if tokens.tier(i) == "unknown"
        and items[i].key not in lexicon.common
        and len(items[i].key) >= 4
        and i not in tokens.places
        and not items[i].acronym
    ]
    everyday = [
        i
        for i in body
        if tokens.tier(i) in ("never", "unknown")
        and items[i].key in lexicon.common
        and items[i].capital
        and not items[i].acronym
        and items[i].key not in lexicon.small
        and items[i].key not in _NOT_BRAND_WORDS
        and items[i].key not in lexicon.landmarks
        and i not in tokens.places
        and not tokens.is_title(i)
    ]
    return (
        made_up == body[:1]
        and everyday == body[1:]
        and items[body[0]].key not in lexicon.tools
        # a job applied for, with its employer after it: "Fasilitator Lapangan di Yayasan ..."
        and not _EMPLOYER_NEXT.match(tokens.text, items[body[1]].end)
        and not job_title(tokens, body[0], body[1])
        and not department(tokens, body[0], body[1])
    )


def _trade_name(judge: Judge, body: list[int]) -> bool:
    """Two or three capitalised words, one of them a word of good fortune that traders name their
    businesses with ("Sumber Makmur", "Cahaya Anak Bangsa", "Mutiara Indah"), in a text that is not
    all capitals: a firm, unless a word is a place's, a title's, a job's or a day's."""
    tokens = judge.tokens
    items = tokens.items
    return (
        not tokens.caseless
        and 2 <= len(body) <= 3
        and all(tokens.gap(a, b) == " " for a, b in zip(body, body[1:], strict=False))
        and any(items[i].key in TRADE_NAME_WORDS for i in body)
        # a person's name: "Budi Santoso Jaya", "Dewi Lestari Utama Putri" (the name rules find them)
        and not any(
            (tokens.tier(i) == "name" or items[i].key in tokens.lexicon.first_names)
            and items[i].key not in TRADE_NAME_WORDS
            for i in body
        )
        and all(
            items[i].capital
            and not items[i].acronym
            and items[i].key not in tokens.lexicon.small
            and items[i].key not in _NOT_BRAND_WORDS
            and not tokens.place_here(i)
            and not tokens.is_title(i)
            for i in body
        )
        and not job_title(tokens, body[0], body[-1])
        and not department(tokens, body[0], body[-1])
    )


_THE_BEFORE = re.compile(r"(?<![\w-])the[ \t]+$")
_HOUSE_AFTER = re.compile(r"[ \t]+(?:community|energy|vibe|vibes|culture|family|way|crowd|brand)(?![\w-])")


def _house_style(judge: Judge, body: list[int]) -> bool:
    """ "the Solstice community", "the Mosaic energy": one or two capitalised words between "the"
    and what a firm calls its people or its style, none a place, a day, a job or a tool: the firm."""
    tokens = judge.tokens
    items = tokens.items
    return (
        len(body) <= 2
        and not items[body[0]].initial
        and bool(_THE_BEFORE.search(tokens.low, 0, items[body[0]].start))
        and bool(_HOUSE_AFTER.match(tokens.low, items[body[-1]].end))
        and all(
            items[i].capital
            and not items[i].acronym
            and items[i].key not in _NOT_BRAND_WORDS
            and items[i].key not in tokens.lexicon.tools
            and items[i].key not in tokens.lexicon.small
            and i not in tokens.places
            and not tokens.is_title(i)
            for i in body
        )
        and not job_title(tokens, body[0], body[-1])
        and not department(tokens, body[0], body[-1])
    )


def _opening(tokens: TextWords, first: int, body: list[int]) -> int:
    """Where a found run starts: at its capital "The" in mid-sentence ("at The Lantern Room"),
    else at the first word of its body."""
    items = tokens.items
    return items[first].start if items[first].key in ARTICLES and not items[first].initial else items[body[0]].start


def _paired(judge: Judge, body: list[int]) -> bool:
    """Two capitalised words joined by "&", as shops, cafés and firms are named ("Kettle & Crumb",
    "Hatch & Honey"): not two places ("Trinidad & Tobago"), though one may be ("Marlow & Finch"), not two hiring or job words ("Sales &
    Marketing", "Health & Safety"), not initials ("R & D")."""
    tokens = judge.tokens
    items = tokens.items
    return (
        len(body) == 2
        and tokens.gap(body[0], body[1]) == " & "
        and all(len(items[i].key) >= 3 and not items[i].acronym for i in body)
        and not all(i in tokens.places for i in body)  # "Marlow & Finch", not "Leeds & Bradford"
        and any(tokens.tier(i) in ("unknown", "name", "ambiguous") for i in body)
        and all(tokens.tier(i) != "never" for i in body)
    )


def _plain_tail(tokens: TextWords, tail: list[int]) -> bool:
    """Capitalised everyday words after a head noun, which no person or place is named with: the
    rest of the firm's name ("Bonny Marine | Support", "Samudera Cargo | Link")."""
    lexicon = tokens.lexicon
    return all(
        tokens.tier(i) in ("never", "ambiguous", "context")
        and tokens.items[i].key not in lexicon.small
        and tokens.items[i].key not in lexicon.landmarks
        and i not in tokens.places
        and not tokens.is_title(i)
        and not tokens.items[i].acronym
        for i in tail
    )


def _firm_word_end(tokens: TextWords, body: list[int]) -> bool:
    """An auspicious word closing a run after a word that is no place: the firm's own ("Sentosa
    Jaya", "Sinar Raya"), not a town ("Petaling Jaya" is a place of two words)."""
    last = body[-1]
    return (
        len(body) > 1
        and tokens.items[last].key in FIRM_WORDS
        and last not in tokens.phrase_places
        and body[-2] not in tokens.places
    )


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
        and not (tokens.items[last].key in FIRM_WORDS or tokens.is_title(last))
    ):
        end -= 1
    if end == len(named) or end <= 0 or named[end] in tokens.phrase_places and named[end - 1] + 1 != named[end]:
        return named[-1]
    if tokens.items[named[end - 1]].key in _REGION_WORDS | {"seri", "sri"}:
        # "Dinas Perhubungan Kabupaten Sleman": the region is the body's own; and "Seri", "Sri"
        # make a name of the word after them: "Hospital Pakar Seri Mutiara"
        return named[-1]
    rest = named[:end]
    if len(rest) >= 2 or any(tokens.items[i].key not in common for i in rest):
        return named[end - 1]
    return named[-1]


def _evidence(judge: Judge, body: list[int], before: str) -> bool:
    """Whether a capitalised run without a head noun is a name, not a programme, tool or phrase:
    a cue before it ("at", "di", "joined"), a known given or family name inside it, or two words
    in a row that no list knows ("Chiamaka Obi"). Anything less is left to the participant's
    review, where the "might be a name" hint lists it."""
    tokens = judge.tokens
    if CUE.search(before):
        return True
    if any(tokens.tier(i) == "name" and not tokens.items[i].acronym for i in body):
        return True
    strange = [i for i in body if judge.proper(i) and tokens.tier(i) == "unknown" and i not in tokens.places]
    if len(strange) >= STRANGE_WORDS:
        return True
    # one such word that then does what people do: "Kevo alinipractice mock questions", "when
    # Kehinde no show", "Zorblat gave me a coding test"
    return len(body) == len(strange) == 1 and _acts_next(tokens, body[-1])


# What a person does right after their name, in English, Swahili or Pidgin: "Kehinde no show".
_PERSON_DOES = re.compile(r"[ \t]+(?:no|never|don|dey|go|no dey)[ \t]+(?:show|come|reply|answer|call|pick)(?![\w'’-])")


def _acts_next(tokens: TextWords, index: int) -> bool:
    """Whether what follows word `index` is a person's deed: a verb of saying or acting, a Swahili
    verb ("alinipractice"), a Pidgin "no show"."""
    end = tokens.items[index].end
    if not tokens.low.startswith(" ", end):
        return False  # "Passed Prometric, passed the panel": after a comma, the writer's deed
    if AFTER_NAME.match(tokens.low, end) or ACTS_NEXT.match(tokens.low, end) or _PERSON_DOES.match(tokens.low, end):
        return True
    nxt = index + 1
    return (
        nxt < len(tokens.items)
        and tokens.gap(index, nxt) == " "
        and bool(SWAHILI_VERB.fullmatch(tokens.items[nxt].key))
    )
