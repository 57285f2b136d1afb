"""Organisations typed in lower case or in capitals, where only head nouns, legal forms and cues tell them."""

from __future__ import annotations

import re

from .firm_words import (
    AFTER_ENDS,
    BEFORE_STARTS,
    CUE,
    FIRM_FORMS,
    FIRM_WORDS,
    FOR_HEADS,
    HEADS_AFTER,
    HEADS_BEFORE,
    LEGAL_FORMS,
    LINKS,
    PLAIN_HEADS,
    PUBLIC_HEADS,
    SUFFIXES,
    Judge,
    match_at,
    text_before,
)
from .name_words import AFTER_NAME
from .roles import JOB_ENDS, ROLE_WORDS
from .text import Found
from .tokens import TextWords

# Small words that a firm's own name may hold before its head: "sizwe family pharmacy".
_NAME_SMALL = frozenset({"family"})
_PAST = re.compile(r"^[a-z]{3,}ed$")  # a verb in the past tense ends a name typed in lower case
_FROM = re.compile(r"(?<![\w-])(?:from|dari|between)[ \t]+$")
_FORM_WORDS = LEGAL_FORMS | {"sdn", "pvt", "private", "limited", "co", "corp", "company"}
_FORM_ENDS = LEGAL_FORMS - {"pt", "cv", "pte", "pty"} | {"limited", "co", "corp"}
_FORM_GAP = re.compile(r"^(?: |\. ?|\.?\s*\(\s*|\)\s*)$")
# What a firm does right after its name: "brightwell bank ghosted me", "kaveri health called me".
_FIRM_ACTS = re.compile(
    r"[ \t]+(?:called|rang|emailed|texted|messaged|ghosted|rejected|declined|turned|shortlisted|said|says|"
    r"offered|hired|sent|replied|never|posted|invited)[ \t]+(?:me|us|back|no|to|a|an|the|i)(?![\w'’-])"
)


def find_lower_case_firms(judge: Judge) -> list[Found]:
    """Firms typed without capitals: by a head noun, a legal form or an "&"; and, for writers
    who type in lower case, unusual words after a cue."""
    found = _lower_runs(judge)
    found.extend(_lower_suffixed(judge))
    found.extend(_lower_ampersand(judge))
    if judge.tokens.lowercase:
        found.extend(_lower_cued(judge))
    return found


def _lower_runs(judge: Judge) -> list[Found]:
    """Organisations typed in lower case (or capitals): a head noun and the unusual words by it."""
    tokens = judge.tokens
    items = tokens.items
    found: list[Found] = []

    def stop(index: int, *, inner: bool = False) -> bool:
        token = tokens.items[index]
        if inner and token.key in _NAME_SMALL:
            return False
        if token.capital or token.key in tokens.lexicon.small:
            return True
        if tokens.tier(index) == "never" and not (inner and token.key in AFTER_ENDS):
            # but a head inside a longer name goes on: "rural water supply agency"; and in capitals or
            # all in lower case, before a head, so does a hiring word that is no job's last word:
            # "AT STONEBRIDGE CIVIL PTY LTD", "from pilbara people solutions"
            return not (inner and tokens.lowercase and token.key not in JOB_ENDS and token.key not in LINKS)
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
        if items[index].capital or not (items[index].key in AFTER_ENDS or items[index].key in BEFORE_STARTS):
            continue
        before = match_at(tokens, index, min(index + 2, len(items) - 1), HEADS_BEFORE, end=False)
        if before:
            last = index + before - 1
            firm_form = before == 1 and items[index].key in FIRM_FORMS
            head_cued = bool(CUE.search(text_before(tokens, index)))
            # a school or a branch named by its number: "sdn 3 karanganyar", "smk 2 bandung"
            numbered = last + 1 < len(items) and bool(_NUMBER_GAP.fullmatch(tokens.gap(last, last + 1)))
            # a council's town is its own: "majlis perbandaran seri kembangan"
            public = items[index].key in PUBLIC_HEADS
            while (
                last + 1 < len(items)
                and last - index < 5
                and (tokens.gap(last, last + 1) == " " or numbered and last == index + before - 1)
            ):
                nxt = last + 1
                regional = items[last].key in _REGION_WORDS  # "dinas kesehatan kota | bandung"
                if items[nxt].key in _FUNCTION_WORDS:
                    break  # "majlis perbandaran lembah jati | melalui portal"
                if (
                    (tokens.is_title(nxt) or items[nxt].key == "ah")
                    and nxt + 1 < len(items)
                    and tokens.gap(nxt, nxt + 1) == " "
                    and not _stops(tokens, nxt + 1)
                    and items[nxt + 1].capital == items[index].capital
                ):
                    last = nxt + 1  # a shop named after its owner: "kedai runcit ah seng", "warung pak mat"
                    break
                if (
                    nxt - index - before >= 2
                    and nxt in tokens.places
                    and items[nxt].key not in FIRM_WORDS
                    and not regional
                    and not public
                ):
                    break  # the town after the firm's name: "kopi senja nusantara | bandung"
                plain = all(_content_word(tokens, i) for i in range(index + before, nxt + 1))
                if head_cued and (plain or regional or items[nxt].key in _REGION_WORDS) and nxt - index - before < 3:
                    last = nxt  # after a cue, everyday nouns name it too: "di apotek kimia sehat"
                    continue
                if nxt > index + before and _PAST.search(items[nxt].key) and items[nxt].key in judge.lexicon.common:
                    break  # "kopi kawan cafe | scolded me"
                if stop(nxt) and items[nxt].key.rstrip(".") not in SUFFIXES:
                    # "pt sumber cipta rasa": a firm's first word may be any word but a small one
                    if not (firm_form and nxt == index + 1 and items[nxt].key not in LINKS | tokens.lexicon.small):
                        break
                last = nxt
            legal = items[index].key in LEGAL_FORMS
            named = range(index + before, last + 1)
            cued = bool(CUE.search(text_before(tokens, index)))
            # "pasaraya segar jaya", "cv bintang terang": two unusual words, or one after a legal form;
            # after a cue, any two words ("kat kafe daun pandan"), and so after "pt", "ud", "pd"
            # one unusual word after a cued head is enough: "di bank mandala", "kat klinik sahabat"
            one = legal or numbered or (cued and unusual(named) and not any(i in tokens.places for i in named))
            if len(named) >= (1 if one else 2) and (unusual(named) or cued or (firm_form and len(named) >= 2)):
                found.append(Found(items[index].start, items[last].end, "employer"))
                continue
        after = match_at(tokens, max(0, index - 2), index, HEADS_AFTER, end=True)
        if not after:
            continue
        phrase = tuple(items[i].key for i in range(index - after + 1, index + 1))
        first = index - after + 1
        # a public body's name is long: "ogun state rural water supply agency"
        reach = 5 if items[index].key in FOR_HEADS else 4
        while first > 0 and index - first < reach and tokens.gap(first - 1, first) == " ":
            if _possessive_s(tokens, first - 1) and not stop(first - 2, inner=True):
                first -= 2  # "st brigid's college": the possessive's word is the name's own
                continue
            if stop(first - 1, inner=True):
                break
            if items[first - 1].key in LINKS:
                break  # "I JOINED | KESTREL INSURANCE": the cue is no part of the name
            if items[first - 1].key in JOB_ENDS and first - 1 > 0 and items[first - 2].key not in LINKS:
                break  # "delivery rider | kwa mama mboga express": the job applied for ends before it
            first -= 1
        if (
            first > 0
            and items[first - 1].key in _OPENERS
            and tokens.gap(first - 1, first) == " "
            and CUE.search(text_before(tokens, first - 1))
        ):
            first -= 1  # a number or a plain adjective right after the cue opens the name: "at two creeks estate"
        crossed = [
            i
            for i in range(first, index - after + 1)
            if tokens.tier(i) == "never" and items[i].key not in AFTER_ENDS | _OPENERS
        ]
        # in capitals, a head no everyday word may cross any word but a job's, a role's or a verb's:
        # "I PAID GULF STAR MANPOWER", "KIBWEZI WATER AND SANITATION COMPANY"
        shouting = False
        if tokens.caseless and phrase not in PLAIN_HEADS and crossed:
            lead = first  # the name opens with a place or an unusual word, not "I PAID"
            while lead < crossed[0] and items[lead].key in judge.lexicon.common and tokens.tier(lead) == "unknown":
                lead += 1
            if lead < crossed[0] and not any(_job_or_deed(tokens, i) for i in crossed):
                first, shouting = lead, True
        if crossed and not shouting and (crossed[0] == first or not _PLACE_CUE.search(text_before(tokens, first))):
            # hiring words inside a name typed in capitals or lower case only after "at", "from" and
            # the like, and never as its first word ("kat | chain cafe")
            first = crossed[-1] + 1
        if phrase in PLAIN_HEADS and not tokens.caseless:
            # "the coffee shop", "a design studio": everyday heads need two words before them that
            # are unusual or follow a cue ("at constantia glen wine estate"), or a cue and one
            # unusual word
            words_before = index - after + 1 - first
            cued = bool(CUE.search(text_before(tokens, first)))
            strange = unusual(range(first, index - after + 1))
            # "saltbush creative in fremantle", not "uncapped commission in lagos": no -ed, -ing, -ly word
            located = (
                strange
                and _in_town(tokens, index)
                and not any(re.search(r"(?:ed|ing|ly)$", items[i].key) for i in range(first, index - after + 1))
            )
            # "brightwell bank ghosted me", "kaveri health called me": a firm doing what firms do
            acting = strange and words_before == 1 and bool(_FIRM_ACTS.match(tokens.low, items[index].end))
            if not ((words_before >= 2 and (cued or strange)) or (cued and strange) or located or acting):
                continue  # "with brightwave analytics" counts, "uncapped commission" does not
        if first > 0 and items[first - 1].key in ("a", "an") and not items[first].capital:
            continue  # what kind of firm, not its name: "its a tiny indie studio", "a little agency"
        if phrase == ("office",) and all(i in tokens.places for i in range(first, index)):
            continue  # where a firm works, not its name: "IN THEIR BENGALURU OFFICE"
        # "maplewood animal hospital"; after a cue, everyday words too: "sa luzon prime realty"
        # in capitals, two words before a head that is no everyday word: "COASTAL MOTION PHYSIOTHERAPY"
        shouted = tokens.caseless and phrase not in PLAIN_HEADS and index - after + 1 - first >= 2
        if first < index - after + 1 and (
            unusual(range(first, index - after + 1)) or CUE.search(text_before(tokens, first)) or shouted
        ):
            found.append(Found(items[first].start, items[_of_tail(tokens, index)].end, "employer"))
    return found


# Heads whose name goes on with "of" and what they teach or serve: "sree gokulam institute of technology".
_OF_TAIL_HEADS = frozenset(
    "institute university college academy school polytechnic faculty ministry department council board "
    "commission bank".split()
)


def _job_or_deed(tokens: TextWords, index: int) -> bool:
    """A job's or a role's word, a small word or a verb in the past, which no firm's name crosses."""
    key = tokens.items[index].key
    return (
        key in JOB_ENDS
        or key in ROLE_WORDS
        or key in tokens.lexicon.small
        or key in LINKS
        or bool(_PAST.search(key))
        or bool(AFTER_NAME.fullmatch(" " + key))
    )


def _of_tail(tokens: TextWords, head: int) -> int:
    """The last word of a firm typed in lower case that ends at `head`, with the "of" phrase after
    a head that takes one ("institute of technology", "college of nursing"): up to three words
    before punctuation, a small word or a town after "in"."""
    items = tokens.items
    if items[head].key not in _OF_TAIL_HEADS or head + 2 >= len(items) or items[head + 1].key != "of":
        return head
    if tokens.gap(head, head + 1) != " " or tokens.gap(head + 1, head + 2) != " ":
        return head
    last = head + 1
    while last + 1 < len(items) and last - head < 4:
        nxt = last + 1
        if last > head + 1 and tokens.gap(last, nxt) not in (" ", " & "):
            break
        if items[nxt].key in tokens.lexicon.small and items[nxt].key not in ("and", "&"):
            break
        if items[nxt].key in _FUNCTION_WORDS or items[nxt].capital != items[head].capital:
            break
        last = nxt
    while last > head + 1 and items[last].key in ("and", "&"):
        last -= 1
    return last if last > head + 1 else head


def _lower_cued(judge: Judge) -> list[Found]:
    """For lower-case writers: "at pennywise parcels", "apply ke belanjain": unusual words after a cue."""
    tokens = judge.tokens
    items = tokens.items
    found: list[Found] = []
    for index, token in enumerate(items):
        if token.capital or not CUE.search(text_before(tokens, index)):
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


def _route(tokens: TextWords, first: int, last: int) -> bool:
    """Whether words first..last are one end of a journey whose other end is a place: "from
    ikorodu to lekki", "dari bekasi ke sudirman"."""
    items = tokens.items
    if not _FROM.search(text_before(tokens, first)) or last + 2 >= len(items) or last + 2 not in tokens.places:
        return False
    spaced = tokens.gap(last, last + 1) == " " and tokens.gap(last + 1, last + 2) == " "
    return spaced and items[last + 1].key in ("to", "ke", "and", "dan", "sampai")


def _lower_suffixed(judge: Judge) -> list[Found]:
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
        if forms == ["co"] and tokens.gap(form_first, index) == "-":
            continue  # not "co-op"
        # "co" alone is a firm's after a head noun ("barrel coffee co") or a cue ("at good grub co")
        needs_cue = forms == ["co"] and items[form_first - 1].key not in AFTER_ENDS
        if forms == ["co"] and index < len(items) and items[index].key in ("op", "ops"):
            continue
        # where the country or the kind comes in brackets before the form: "translink cargo (m) sdn bhd"
        bracket = (
            form_first >= 2
            and tokens.gap(form_first - 1, form_first) == ") "
            and tokens.gap(form_first - 2, form_first - 1) == " ("
            and len(items[form_first - 1].key) <= 3
        )
        opening = form_first - 1 if bracket else form_first
        first = opening
        while first > 0 and form_first - first < 4 + bracket:
            gap = tokens.gap(first - 1, first)
            if gap not in (" ", " & ") and not (first == opening and gap == " ("):
                break  # "FYNBOS DIGITAL (PTY) LTD": a bracket only before the legal form
            prev = first - 1
            if items[prev].capital or items[prev].key in LINKS:
                break
            if _stops(tokens, prev) and (items[prev].key not in AFTER_ENDS or prev == 0):
                break
            first = prev
        if (
            needs_cue
            and form_first - first in (1, 2)
            and tokens.gap(first - 1, first) == " "
            and items[first - 1].key not in LINKS
            and not items[first - 1].capital
            and CUE.search(text_before(tokens, first - 1))
        ):
            first -= 1  # an everyday word opens the name after the cue: "at good grub co"
        if needs_cue and not (first < form_first and CUE.search(text_before(tokens, first))):
            continue
        if first < opening:
            found.append(Found(items[first].start, items[form_last].end, "employer"))
    return found


def _lower_ampersand(judge: Judge) -> list[Found]:
    """Firms typed in lower case or capitals and named "x & y", as law firms, practices and shops
    are: "hollis & crane", "maple & main books", "hamdan & rakan audit". Everyday pairs ("salt &
    pepper", "pros & cons") need a head noun after them."""
    tokens = judge.tokens
    items = tokens.items
    common = judge.lexicon.common
    found: list[Found] = []
    for left in range(len(items) - 1):
        right = left + 1
        if items[left].capital or items[right].capital:
            continue
        if tokens.gap(left, right) != " & ":
            if (
                _short_and(tokens, left)
                and CUE.search(text_before(tokens, left))
                and _unusual_pair(judge, left, left + 2)
            ):
                found.append(Found(items[left].start, items[left + 2].end, "employer"))  # "at sudz n shine"
            continue
        cued = bool(CUE.search(text_before(tokens, left)))
        # "at the fox & fiddle": the article after the cue is the name's own, as pubs are named
        the_cued = (
            not cued
            and left > 0
            and items[left - 1].key == "the"
            and tokens.gap(left - 1, left) == " "
            and bool(CUE.search(text_before(tokens, left - 1)))
        )
        cued = cued or the_cued
        partners = items[right].key == "co"  # "fernhill & co", as accountants and shops are named
        if partners and len(items[left].key) >= 3 and items[left].key not in tokens.lexicon.small:
            if tokens.tier(left) != "never" and items[left].key not in LINKS:
                found.append(Found(items[left].start, items[right].end, "employer"))
            continue
        if any(len(items[i].key) < 3 or tokens.items[i].key in tokens.lexicon.small for i in (left, right)):
            continue
        if tokens.tier(left) == "never" or items[left].key in LINKS:
            continue
        last = right
        while last + 1 < len(items) and last - right < 2 and tokens.gap(last, last + 1) == " ":
            key = items[last + 1].key
            if items[last + 1].capital or not (key in AFTER_ENDS or key in _FORM_WORDS):
                break
            last += 1
        head = right + 2  # "kings & queens model college": a word of the name, then the head noun
        if (
            last == right
            and head < len(items)
            and items[head].key in AFTER_ENDS
            and tokens.gap(right, right + 1) == " "
            and tokens.gap(right + 1, head) == " "
            and not items[right + 1].capital
            and not items[head].capital
            and tokens.tier(right + 1) != "never"
            and items[right + 1].key not in tokens.lexicon.small
        ):
            last = head
        own = [i for i in (left, right) if tokens.tier(i) in ("name", "unknown") and items[i].key not in common]
        acting = bool(_FIRM_ACTS.match(tokens.low, items[right].end))
        if not own and last == right and not (cued or acting):
            # but right after a cue an everyday pair is a name too, and so is one that does what
            # firms do: "at crumb & kettle", "bramble & finch rang me back"
            continue
        first = left - 1 if the_cued else left
        if (
            not the_cued
            and left > 0
            and tokens.gap(left - 1, left) == " "
            and CUE.search(text_before(tokens, left - 1))
            and _unusual_pair(judge, left - 1, left - 1)
        ):
            first = left - 1  # a word of its own before the pair: "at mzansi home & deco"
        found.append(Found(items[first].start, items[last].end, "employer"))
    return found


def _short_and(tokens: TextWords, left: int) -> bool:
    """Whether a lower-case "n" joins word `left` to the word after it: "sudz n shine"."""
    items = tokens.items
    return (
        left + 2 < len(items)
        and items[left + 1].key == "n"
        and tokens.gap(left, left + 1).strip(" '’") == ""
        and tokens.gap(left + 1, left + 2).strip(" '’") == ""
        and not items[left + 2].capital
    )


def _unusual_pair(judge: Judge, left: int, right: int) -> bool:
    """Whether one of words left..right is no everyday word, nor a place, a cue or a small word."""
    tokens = judge.tokens
    return any(
        tokens.tier(i) in ("name", "unknown")
        and tokens.items[i].key not in judge.lexicon.common
        and tokens.items[i].key not in LINKS | tokens.lexicon.small
        and i not in tokens.places
        and len(tokens.items[i].key) >= 3
        for i in {left, right}
    )


def _possessive_s(tokens: TextWords, index: int) -> bool:
    """Whether word `index` is the "s" of a possessive ("brigid's", "hardy’s")."""
    return (
        index > 0
        and tokens.items[index].key == "s"
        and tokens.gap(index - 1, index) in ("'", "’")
        and not tokens.items[index - 1].capital
    )


def _stops(tokens: TextWords, index: int) -> bool:
    """A word that ends a name typed in lower case: a small word or one that is never a name."""
    return tokens.tier(index) == "never" or tokens.items[index].key in tokens.lexicon.small


_IN = frozenset({"in", "di", "kat", "sa", "near", "out of"})


def _in_town(tokens: TextWords, index: int) -> bool:
    """Whether a known town follows word `index` after "in" ("... in fremantle", "... di bekasi"):
    where a firm is, said right after its name."""
    items = tokens.items
    return (
        index + 2 < len(items)
        and items[index + 1].key in _IN
        and tokens.gap(index, index + 1) == " "
        and tokens.gap(index + 1, index + 2) == " "
        and index + 2 in tokens.places
    )


_REGION_WORDS = frozenset("kota kabupaten kab provinsi propinsi daerah negeri".split())
# Cues that say where, after which a firm's name is expected (not "said", "reckons").
_PLACE_CUE = re.compile(r"(?<![\w-])(?:at|with|from|to|by|joined|sa|di|ke|kat|dari|dengan)[ \t]+(?:the[ \t]+)?$")
_NUMBER_GAP = re.compile(r" \d{1,3} ")
# Small words that open many firms' names ("Two Creeks Estate", "First Prairie Credit Union",
# "Good Shepherd Academy"), but end a run of unusual words anywhere else.
_OPENERS = frozenset(
    "one two three four five six seven eight nine ten first second third good great new old best golden royal grand".split()
)
# Indonesian and Malay words that end a firm's name typed in lower case: function words, time words.
_FUNCTION_WORDS = frozenset(
    """
    yang yg dan di ke dari untuk utk buat dengan dgn sama tapi tp terus trs lalu karena krn sebab kerana
    sebagai selama sejak waktu pas saat ketika masa bila minggu bulan tahun hari jam kemarin tadi besok
    semalam udah sudah dah belum blm masih juga jg aja saja je ini itu tu ni nya gak nggak ga tidak tak
    bukan pun lagi kok sih dong deh kan ya lah bgt banget cuma hanya mau nak bisa boleh akan harus jadi
    kalau kalo kata bilang cakap sebelum setelah lepas pastu habis abis sampai sampe hingga atau serta
    bahwa agar supaya tentang soal oleh pada dalam luar atas bawah depan belakang dekat deket kat
    lewat via melalui tanpa secara per saya aku gue gw kamu dia beliau mereka kami kita kalian korang
    dorang diorang awak
    """.split()
)


def _content_word(tokens: TextWords, index: int) -> bool:
    """An everyday noun or adjective typed in lower case, which may name a firm after its head
    ("apotek kimia sehat"), unlike a function word, a time word or a verb of saying."""
    token = tokens.items[index]
    return (
        not token.capital
        and len(token.key) >= 3
        and token.key not in tokens.lexicon.small
        and token.key not in _FUNCTION_WORDS
        and token.key not in LINKS
        and token.key not in JOB_ENDS
        and not AFTER_NAME.fullmatch(" " + token.key)
        and not _PAST.search(token.key)
    )
