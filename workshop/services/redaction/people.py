"""Detect people's names in normalised story text.

Evidence, strongest first: a title ("Dr Lee", "Pak Budi"); a role ("the recruiter, Sarah",
"hiring manager tom"); naming words ("a woman called Priya"); what is said around the word
("Sarah said", "I spoke to Tom"); and, on its own, a capitalised known first name. Skills, tools,
places, months, job titles and feelings are never taken as names by the last, weakest kind of
evidence, and never at all when they cannot be names ("Ms Excel").
"""

from __future__ import annotations

import re

from .lexicon import alternation, given_names_only, name_lexicon, words
from .name_words import (
    ACTS_NEXT,
    AFTER_NAME,
    PEOPLE_WORDS,
    PERSON_NEXT,
    SURNAME_PARTICLES,
    SWAHILI_VERB,
    could_be_name,
    extend_name,
    given_before,
    name_pair,
    name_span,
    next_to_place,
    partners,
    plain_given_name,
    plain_person,
    saying,
    surname_ok,
    unlisted,
    word_then_surname,
)
from .plain_names import (
    APPOSITION,
    APPOSITION_BARE,
    APPOSITION_BRACKET,
    ah_names,
    from_somewhere,
    named_before_role,
    named_with_role,
    plain_named,
    plain_names_by_deed,
)
from .roles import JOB_ENDS, JOB_STARTS, ROLE_WORDS, after_role, before_programme, in_role, job_words, role_goes_on
from .text import Found
from .tokens import TextWords

# Cue patterns are lower-case and run on a lower-cased copy of the text (see `lower`).
_TITLES = alternation(words("names", "titles"), lower=True)
_TITLE = re.compile(rf"(?<![\w'’-])(?P<title>{_TITLES})\.?[ \t]+(?=[^\W\d_])")
# Titles written short, whose full stop ends no sentence: "Dr. Okafor", "Engr. Bello".
_DOTTED_TITLES = frozenset(
    "dr mr mrs ms mx prof engr eng atty hon rev fr sr sra srta sig capt lt col sgt cpl barr arc pharm evang "
    "ust dato st jr gen maj brig mme mlle smt pdt revd cllr ir drs hj".split()
)
_DETERMINER = r"(?:(?:the|my|our|a|an|their|his|her|one|another|this|that|your)\s+)?"
_ROLE = re.compile(
    rf"(?<![\w-]){_DETERMINER}{alternation(words('names', 'roles'), lower=True)}"
    # Indonesian and Malay own a role with a clitic: "recruiter-nya, Tasya", "ownernya, bang ucup"
    r"(?:-?(?:nya|ku|mu))?"
    # Malaysian and Indonesian English put "my", "his" after the role: "supervisor i, azlan"
    r"(?:[ \t]+(?:i|dia|aku|saya|gue|gw|ko|kau|kami|kita|dorang|mereka)(?=\s*,))?"
    r"(?:\s*,\s*|\s*\(\s*|\s*[:\-–—]\s*|\s+)(?:(?:who\s+)?(?:was|is)\s+)?(?:(?:named|called)\s+)?"
    r"(?=[^\W\d_])"
)
_PLACE_PHRASES = re.compile(rf"(?<![\w-]){alternation(words('names', 'place_phrases'), lower=True)}(?![\w-])")
_NAMING = re.compile(rf"(?<![\w-]){alternation(words('names', 'naming_words'), lower=True)}\s+(?=[^\W\d_])")
_COMPANY_BEFORE = re.compile(rf"{alternation(words('names', 'company_words'), lower=True)}\W*$")
_BEFORE = re.compile(rf"(?<![\w-]){alternation(words('names', 'before_name'), lower=True)}\s*,?\s+(?=[^\W\d_])")
# Titles that are not also everyday words, so "mr tan" in lower case is still a name.
_PLAIN_TITLES = frozenset(
    "mr mrs ms mx dr prof encik puan cik tuan datuk dato datin herr frau sra srta señor senor "
    "señora senora hajah hajjah haji ustaz ustazah ustadz ustadzah ust makcik pakcik cikgu sri cllr".split()
)
# Indonesian and Malay role words, after which a word in lower case is most often no name.
_LOCAL_ROLES = frozenset(
    "kawan teman temen sahabat rakan rekan bos atasan majikan pewawancara penemuduga suami isteri "
    "istri sepupu mandor pemilik".split()
)
# Indonesian and Malay put the owner after a role: "kawan aku", "bos dia", "atasan saya".
# Swahili too: "uncle wangu kamotho", "rafiki yangu Wanjiru".
_POSSESSOR = frozenset("aku saya gue gw gua ane dia kami kita wangu yangu wetu wako".split())
_SWAHILI_OWNERS = frozenset("wangu yangu wetu wako".split())
# "kawan baik aku", "teman dekat gue", "KAWAN SEBATCH AKU": a close friend or one from the same place
_CLOSE = frozenset(
    "baik rapat karib dekat lama sebatch sekelas sekerja sepejabat serumah sekampung seangkatan sekantor "
    "kantor kerja kuliah kampus sekolah kos sekosan".split()
)


# What Malay families call their children by birth order, and so what siblings and friends call
# them: "Along" (the eldest), "Angah", "Alang", "Uda", "Achik", "Usu" (the youngest). Everyday
# English words some of them, they name a person when capitalised after someone's relative or friend.
_BIRTH_ORDER = frozenset("along angah alang andak uda achik acik usu ucu busu".split())


def _birth_order_name(tokens: TextWords, index: int) -> bool:
    token = tokens.items[index]
    return token.key in _BIRTH_ORDER and (token.capital or tokens.caseless)


def _alone(tokens: TextWords, index: int) -> bool:
    """Whether the capitalised word at `index` has no capitalised word right after it."""
    nxt = index + 1
    return nxt >= len(tokens.items) or not tokens.items[nxt].capital or tokens.gap(index, nxt) != " "


def _past_owner(tokens: TextWords, index: int | None) -> int | None:
    """The word after a role's or title's owner: "kawan aku Syafiqah", "bos dia Ah Kow",
    "uncle wangu kamotho" (the owner in lower case, the name in either case)."""
    items = tokens.items
    if (
        index is not None
        and index + 2 < len(items)
        and items[index].key in _CLOSE
        and tokens.gap(index, index + 1) == " "
    ):
        index += 1 if items[index + 1].key in _POSSESSOR else 0  # "kawan baik aku Bunga": a close friend
    if index is None or index + 1 >= len(items) or items[index].key not in _POSSESSOR:
        return index
    if tokens.gap(index, index + 1) != " " or (items[index].capital and not items[index + 1].capital):
        return index
    if items[index].key in _SWAHILI_OWNERS and SWAHILI_VERB.fullmatch(items[index + 1].key):
        return index
    return index + 1


# Indonesian and Malay honorifics of address, which name whoever is next ("Kak Kasih", "Bu Indah").
_KIN_HONORIFICS = frozenset("kak kakak pak bapak bu ibu mbak mas abang bang adik dik kang teh bli".split())
# What people are called by their role after "Pak", "Bu": "Pak Guru", "Bu Bidan", "Pak Lurah".
_ADDRESSED_BY_ROLE = frozenset("guru dokter doktor bidan perawat polisi lurah camat bupati haji ustaz direktur".split())
# Honorifics that are no everyday English word: in lower case before a capitalised word they
# still name a person ("pak Dodit"), unlike "ate", "sister" or "coach".
_HONORIFICS = _PLAIN_TITLES | frozenset(
    "pak bapak bu ibu mas mbak kak kakak abang adik cik tuan ustadz kyai nyonya ci cici koko koh tante "
    "bli daeng kang akang teteh cak gek kuya tita tito manong manang ma'am maam mzee bwana oga alhaji "
    "alhaja hajiya mallam sisi bhuti oom tannie meneer mevrou shri smt".split()
)
# "Folasade from Bluegate Law": a person introduced by where they work.
# The groups a writer's peers come from ("from my batch"), the places of people they know
# ("from our old office"), and the writer's own places besides ("from my gym").
_PEERS = "batch|class|cohort|team|course|group|unit"
_KNOWN_PLACES = _PEERS + "|office|department|church|school|company|work|job|uni"
_OWN_PLACES = _KNOWN_PLACES + "|mosque|college|gym|estate|street|village|hostel|block"
_FORMER = r"(?:(?:old|last|previous|former)[ \t]+)?"
_FROM_FIRM = re.compile(
    rf"[ \t]+from[ \t]+(?:(?:the[ \t]+)?[A-Z]|(?:my|our|their|his|her)[ \t]+{_FORMER}(?:{_KNOWN_PLACES})\b)"
)
# "Amber in recruitment rang", "Rose from the front desk slipped me": someone named by where they
# work, before what they did.
_IN_DEPARTMENT = re.compile(
    r"[ \t]+(?:in|from|at)[ \t]+(?:(?:the|their|our)[ \t]+)?(?:recruitment|hr|human resources|talent|"
    r"talent acquisition|people|people ops|dispatch|accounts|admin|sales|marketing|finance|payroll|"
    r"admissions|reception|front desk|front office|ops|operations|logistics|kitchen|warehouse|it|"
    r"procurement|compliance|legal|customer service|housekeeping|head office|team)(?![\w-])"
)
# "someone named", "a guy called": a person is named next, even by a word that is a word too.
_SOMEONE = re.compile(
    rf"(?<![\w-]){alternation([*PEOPLE_WORDS, 'someone', 'somebody', 'fellow', 'person', 'kid'])}[ \t]*$"
)
# What a person is called, whatever the word: "they call him Junior", "everyone calls her Boss".
_CALLED = re.compile(r"(?:call|calls|called)[ \t]+(?:him|her|them)[ \t]+$|(?:goes by|known as)[ \t]+$")
_FROM_MY_GROUP = re.compile(rf"[ \t]+from[ \t]+(?:my|our)[ \t]+(?:{_PEERS})\b")
# "a startup in Koramangala, the co-founder Ishaan": a place, and then a role with its own name.
_IN_PLACE = re.compile(r"(?<![\w-])(?:in|near|around|outside|across|based|town|city|kota|bandar|dekat|deket)[ \t]+$")
# "confided in Tom", "believed in Grace": a person after "in".
_IN_PERSON = re.compile(
    r"(?<![\w-])(?:confide|confided|confiding|believe|believed|believes|believing|trust|trusted|interest|interested)[ \t]+in[ \t]+$"
)
_NAME_AFTER_ROLE = re.compile(r"[ \t]*,?[ \t]+[A-Z]")
_WITH = re.compile(r"(?<![\w-])(?:with|w/?|dengan|dgn|sama|kasama)[ \t]+$")
# "the head brewer, ", "my old boss, ": someone described, then named between commas.
_DESCRIBED = re.compile(
    r"(?<![\w-])(?:the|my|our|their|his|her)[ \t]+(?:[a-z][\w'’-]*[ \t]+){0,2}[a-z][\w'’-]*[ \t]*,[ \t]*$"
)


# "Kakak saya, Yoga, menyarankan", "budak stor lama, Amin, yang": a relative or a role in
# Indonesian or Malay, owned or not, then the person's name between commas.
_DESCRIBED_LOCAL = re.compile(
    rf"(?<![\w-])(?:{alternation(sorted(ROLE_WORDS | _KIN_HONORIFICS | {'kakak', 'adik', 'abang', 'keponakan', 'sepupu', 'anak'}), lower=True)})"
    r"(?:[ \t]+(?:saya|aku|gue|gw|ku|dia|kami|kita|sendiri|lama|baru))?[ \t]*,[ \t]*$"
)


def _kin_between_commas(tokens: TextWords, index: int) -> bool:
    """Whether a capitalised word stands alone between commas after an Indonesian or Malay
    relative or role, or someone's role with "-nya", or before "yang" (who): any word but one
    that is never a name ("Kakak saya, Yoga, ...", "HR-nya, Winda, bales", "sendiri, Yudha, yang")."""
    token = tokens.items[index]
    if token.initial or token.acronym or tokens.tier(index) == "never" or not tokens.text.startswith(",", token.end):
        return False
    if _DESCRIBED_LOCAL.search(tokens.low, max(0, token.start - 40), token.start):
        return True
    if _THEIR_ROLE.search(tokens.low, max(0, token.start - 30), token.start):
        return True
    if index in tokens.places and tokens.tier(index) != "name":
        return False  # "ke kota lain, Bandung, yang lebih dingin"
    between = tokens.text[max(0, token.start - 3) : token.start].rstrip().endswith(",")
    return between and bool(_WHO_LOCAL.match(tokens.low, token.end))


_WHO_LOCAL = re.compile(r",[ \t]*yang(?![\w-])")
_THEIR_ROLE = re.compile(r"(?<![\w-])(?:[a-z]+-nya|[a-z]{2,}nya)[ \t]*,[ \t]*$")


def _between_commas(tokens: TextWords, index: int) -> bool:
    """Whether a capitalised word stands alone between commas after a description of a person."""
    token = tokens.items[index]
    if token.initial or not tokens.text.startswith(",", token.end):
        return False
    return bool(_DESCRIBED.search(tokens.low, max(0, token.start - 60), token.start))


def _named_firm(tokens: TextWords, index: int | None, found: list[Found]) -> bool:
    """After "a company called": the capitalised words that follow, when one of them is no
    everyday function word ("Rumah Warna Kreatif", "The Lantern Room")."""
    items = tokens.items
    if index is None or not items[index].capital or tokens.caseless:
        return False
    last = index
    while last + 1 < len(items) and last - index < 4 and items[last + 1].capital:
        if tokens.gap(last, last + 1) not in (" ", " & ") or items[last + 1].initial:
            break
        last += 1
    if all(tokens.tier(i) == "never" for i in range(index, last + 1)):
        return False
    found.append(Found(items[index].start, items[last].end, "employer"))
    return True


# Honorifics that follow a name in Indian and South Asian English: "Shaji sir", "Rekha madam".
_HONOUR_AFTER = re.compile(r"[ \t]+(?:sir|madam|ma'am|ma’am|maam|ji|sahab|saheb|saab|sahib)(?![\w'’-])")


def _honoured(tokens: TextWords, index: int) -> bool:
    """A capitalised word with an honorific after it that is no title, job or role: a person."""
    token = tokens.items[index]
    return (
        token.capital
        and not token.acronym
        and len(token.key) >= 3
        and token.key not in tokens.lexicon.small
        and token.key not in JOB_ENDS | ROLE_WORDS
        and not tokens.is_title(index)
        and not in_role(tokens, index)
        and bool(_HONOUR_AFTER.match(tokens.low, token.end))
    )


_DARI = re.compile(r"[ \t]+(?:dari|dr|daripada|sendiri|langsung)(?![\w-])")


def _owned_plain(tokens: TextWords, index: int) -> bool:
    """After a friend or a relative and their owner ("temen gue", "kawan i"), a word typed
    without capitals that is no verb of saying, small word or job: a name, even an everyday one."""
    token = tokens.items[index]
    return (
        tokens.lowercase
        and not token.capital
        and tokens.tier(index) in ("unknown", "ambiguous", "context")
        and len(token.key) >= 3
        and token.key not in tokens.lexicon.small
        and token.key not in ROLE_WORDS | JOB_ENDS | JOB_STARTS | _POSSESSOR
        and not saying(tokens, index)
        and not SWAHILI_VERB.fullmatch(token.key)
        and bool(
            _OWNED_NEXT.match(tokens.low, token.end)
            or token.key not in tokens.lexicon.common
            and PERSON_NEXT.match(tokens.low, token.end)
        )
    )


# What follows a name in Indonesian and Malay: "jojo yang kerja", "maya pun sama", "zul dah cakap".
_OWNED_NEXT = re.compile(r"[ \t]+(?:yang|yg|pun|juga|jg|dah|udah|sudah|kata|bilang|cakap|ckp|says|said)(?![\w-])")


def _everyday_given(tokens: TextWords, index: int) -> bool:
    """After "pak", "bu", "mas", "bang" typed in lower case, an everyday word in lower case that
    is then spoken of as a person ("mas bintang bilang", "bu ning dari hrd"): a given name, unless
    it is how people are addressed by their job ("pak guru", "mbak kasir")."""
    token = tokens.items[index]
    return (
        not token.capital
        and tokens.lowercase
        and (tokens.tier(index) == "never" or token.key in tokens.lexicon.common)
        and len(token.key) >= 3
        and token.key not in tokens.lexicon.small
        and token.key not in ROLE_WORDS | JOB_ENDS | _ADDRESSED_BY_ROLE | JOB_STARTS
        and not saying(tokens, index)
        and bool(PERSON_NEXT.match(tokens.low, token.end) or _DARI.match(tokens.low, token.end))
    )


def find_names(tokens: TextWords | str, blocked: set[int] | None = None) -> list[Found]:
    """Names in normalised text. `blocked`: start offsets of words already known as employers."""
    if isinstance(tokens, str):
        tokens = TextWords(tokens, name_lexicon())
    text = tokens.text
    blocked = blocked or set()
    found: list[Found] = []

    def add(
        index: int | None,
        *,
        lower_ok: bool,
        context_ok: bool,
        start: int | None = None,
        back: bool = False,
        kind: str = "name",
        titled: bool = False,
    ) -> None:
        if index is None or tokens.items[index].start in blocked:
            return
        if not could_be_name(tokens, index, lower_ok=lower_ok, context_ok=context_ok):
            return
        first, last = extend_name(tokens, index, blocked, back=back, titled=titled)
        span = name_span(tokens, first, last, start=start)
        found.append(span if kind == "name" else Found(span.start, span.end, kind))

    low = tokens.low

    def add_plain(index: int | None, *, strong: bool, kind: str = "name") -> None:
        """A name typed in lower case (or in capitals) after a cue: "my manager priya", "BARB WHO"."""
        if index is None or tokens.items[index].start in blocked:
            return
        if plain_person(tokens, index, strong=strong):
            first, last = extend_name(tokens, index, blocked)
            span = name_span(tokens, first, last)
            found.append(span if kind == "name" else Found(span.start, span.end, kind))

    for match in _TITLE.finditer(low):
        index = tokens.next_index(match.end())
        if index is not None and tokens.items[index].key in _SWAHILI_OWNERS:
            # "uncle wangu kamotho": one word, as the Swahili after it is no list's
            owned = _past_owner(tokens, index)
            if owned != index and tokens.items[owned].start not in blocked and tokens.tier(owned) != "never":
                found.append(name_span(tokens, owned, owned))
            continue
        title = text[match.start("title") : match.end("title")]
        owned = _past_owner(tokens, index) if title.lower() in _KIN_HONORIFICS else index
        if owned != index:
            if _birth_order_name(tokens, owned):
                found.append(name_span(tokens, owned, owned))  # "Abang aku Along": the eldest, by the name Malays give
                continue
            add(owned, lower_ok=False, context_ok=True)  # "Adik gue Rendi": the honorific's owner, then the name
            continue
        if text.startswith(".", match.end("title")) and title.lower() not in _DOTTED_TITLES:
            continue  # "for Guest Relations Officer. Cik Faridah": a full stop after a whole word ends a sentence
        if index is None or tokens.at.get(match.start("title")) in tokens.phrase_places:
            continue  # "Sri Lanka", "Chief Town": the title word is part of a place's name
        particle = index
        while particle + 1 < len(tokens.items) and tokens.items[particle].key in SURNAME_PARTICLES:
            particle += 1  # "Mr van der Merwe", "Dr de Villiers": a family name opening with particles
        if particle > index and not tokens.items[index].capital and tokens.items[particle].capital:
            if tokens.tier(particle) != "never" and tokens.items[particle].start not in blocked:
                first, last = extend_name(tokens, particle, blocked, titled=True)
                found.append(name_span(tokens, index, last, start=match.start()))
                continue
        if title[0].isupper() and not tokens.caseless:  # "Dr Jordan", "Señor García" but not "Sri Lanka"
            if word_then_surname(tokens, index, blocked):
                # "Ma'am Lovely Bautista", "Pastor Faith Okoro": between a title and a surname,
                # an everyday word with a capital is the person's given name
                found.append(name_span(tokens, index, index + 1, start=match.start()))
                continue
            nxt = tokens.items[index]
            if (
                title.lower().rstrip(".") in _KIN_HONORIFICS
                and nxt.capital
                and not nxt.acronym
                and tokens.tier(index) == "never"
                and nxt.key not in tokens.lexicon.small
                and nxt.key not in ROLE_WORDS | JOB_ENDS | _ADDRESSED_BY_ROLE
                and not saying(tokens, index)
            ):
                # "Kak Kasih", "Bu Indah": after an Indonesian or Malay honorific, a capitalised
                # word the lists know only as an everyday one is a given name
                found.append(name_span(tokens, index, index, start=match.start()))
                continue
            add(index, lower_ok=True, context_ok=index not in tokens.phrase_places, start=match.start(), titled=True)
        elif title.lower().rstrip(".").replace(" ", "") in _PLAIN_TITLES and tokens.tier(index) != "context":
            # "mr tan", "encik faizal": titles that are no ordinary word vouch for any next word
            if not (tokens.items[index].start in blocked or tokens.tier(index) == "never" or saying(tokens, index)):
                first, last = extend_name(tokens, index, blocked, titled=True)
                found.append(name_span(tokens, first, last, start=match.start()))
        elif tokens.items[index].capital and tokens.tier(index) in ("name", "ambiguous"):
            add(index, lower_ok=False, context_ok=False)  # "ate Joy", but not "I ate Pizza"
        elif (
            tokens.items[index].capital
            and title.lower().rstrip(".") in _HONORIFICS
            and not tokens.place_here(index)
            and not tokens.is_title(index)
            and (
                tokens.tier(index) == "context"
                or tokens.items[index].key not in tokens.lexicon.common
                # a word a list knows as an everyday one, alone: "abang Zul yang", not "bapak Presiden Direktur"
                or tokens.tier(index) == "unknown"
                and _alone(tokens, index)
            )
            and tokens.items[index].key not in _ADDRESSED_BY_ROLE | ROLE_WORDS | JOB_ENDS | JOB_STARTS
        ):
            # "pak Dodit", "mbak Rani", "kak Azhar": an honorific that is no everyday word,
            # typed in lower case before a capitalised word, names whoever it is
            add(index, lower_ok=False, context_ok=True)
        elif (
            not tokens.items[index].capital
            and APPOSITION.match(low, tokens.items[index].end)
            and plain_named(tokens, index)
        ):
            found.append(name_span(tokens, index, index))  # "ate joy the store manager", "auntie mei the owner say"
        elif tokens.tier(index) == "name":
            add(index, lower_ok=True, context_ok=False)  # "si sir jake", "KAK NORA"
        elif (
            not tokens.items[index].capital
            and tokens.tier(index) in ("unknown", "ambiguous")
            and not tokens.place_here(index)
            and tokens.items[index].key not in JOB_ENDS | ROLE_WORDS  # "the chief surveyor"
            and not saying(tokens, index)  # "my auntie said" at the very end
            and (unlisted(tokens, index) or PERSON_NEXT.match(low, tokens.items[index].end))
        ):
            # "HON. DACHUNG GYANG", "koh aheng, pemiliknya", "bu endang bilang": a title and a word
            # no list knows, or one that is followed as a person's name is
            first, last = extend_name(tokens, index, blocked)
            found.append(name_span(tokens, first, last))
        elif title.lower() in _KIN_HONORIFICS | {"ko", "koh"} and _everyday_given(tokens, index):
            found.append(name_span(tokens, index, index))  # "mas bintang bilang", "pak made dari yayasan"

    for match in _ROLE.finditer(low):
        index = _past_owner(tokens, tokens.next_index(match.end()))
        if index is not None and index != tokens.next_index(match.end()) and _birth_order_name(tokens, index):
            found.append(name_span(tokens, index, index))  # "kawan aku Along kerja kat Rimbun"
            continue
        if index is not None and role_goes_on(tokens, match, index):
            continue  # "HR Advisor", "Supervisor Produksi": a job title, not a role and a name
        add(index, lower_ok=True, context_ok=True, titled=tokens.items[index].capital if index is not None else False)
        if tokens.lowercase or match.group(0).split()[-1].strip(",:(-–—") not in _LOCAL_ROLES:
            add_plain(index, strong=True)  # not "temen seangkatan": a word after "temen" in lower case
        if index is not None and index != tokens.next_index(match.end()) and _owned_plain(tokens, index):
            found.append(name_span(tokens, index, index))  # "KATA TEMEN GUE JOJO", "kawan i maya pun"

    for match in _NAMING.finditer(low):
        before = low[max(0, match.start() - 30) : match.start()]
        kind = "employer" if _COMPANY_BEFORE.search(before) else "name"
        if kind == "employer" and _named_firm(tokens, tokens.next_index(match.end()), found):
            continue  # "an agency called Rumah Warna Kreatif": a firm's name may open with any word
        index = tokens.next_index(match.end())
        count = len(found)
        add(index, lower_ok=True, context_ok=True, kind=kind)
        add_plain(index, strong=True, kind=kind)
        if len(found) == count and kind == "name" and index is not None and tokens.items[index].start not in blocked:
            token = tokens.items[index]
            if _SOMEONE.search(before) and plain_given_name(tokens, index):
                found.append(name_span(tokens, index, index))  # "someone named will", "a guy called sunny"
            elif _CALLED.search(low, 0, match.end()) and token.capital and token.key not in tokens.lexicon.small:
                found.append(name_span(tokens, index, index))  # "they call him Junior", "goes by Doc"

    for match in _BEFORE.finditer(low):
        add(tokens.next_index(match.end()), lower_ok=True, context_ok=False)
        add_plain(tokens.next_index(match.end()), strong=False)

    items = tokens.items
    places = {tokens.at[m.start()] for m in _PLACE_PHRASES.finditer(low) if m.start() in tokens.at}
    for index, token in enumerate(items):
        if token.start in blocked or len(token.key) < 2 or index in places:
            continue
        tier = tokens.tier(index)
        bracketed = APPOSITION_BRACKET.match(low, token.end)
        apposition = (
            APPOSITION.match(low, token.end) or (token.capital and APPOSITION_BARE.match(low, token.end)) or bracketed
        )
        if (
            apposition
            and tier != "never"
            and not tokens.is_title(index)
            and not _IN_PLACE.search(low, 0, token.start)
            and (tokens.caseless or not _NAME_AFTER_ROLE.match(text, apposition.end()))
        ):
            # "Gaz, the depot manager, said", "thandiwe the recruiter": a person named by their role
            told = (
                bool(bracketed)
                or low[token.end : token.end + 2].lstrip(" \t")[:1] in (",", "(")
                # "Grace my sister said" (not "Hope my sister is right")
                or low.startswith((" my ", " our "), token.end)
                and bool(ACTS_NEXT.match(low, apposition.end()) or AFTER_NAME.match(low, apposition.end()))
            )
            if token.capital and not token.acronym and tier != "context":
                if tier == "name" or (tier == "ambiguous" and (told or not token.initial)):
                    # "Faith, the store manager, phoned": a comma or a bracket says a person is named
                    add(index, lower_ok=True, context_ok=False)
                elif token.key not in tokens.lexicon.common:
                    first, last = extend_name(tokens, index, blocked)
                    found.append(name_span(tokens, first, last))
                elif told and given_before(tokens, index):
                    found.append(name_span(tokens, index - 1, index))  # "Summer Hatch, the people lead"
                continue
            if not token.capital and plain_person(tokens, index, strong=True):
                add_plain(index, strong=True)
                continue
            if bracketed and not token.capital and plain_given_name(tokens, index):
                found.append(name_span(tokens, index, index))  # "precious (the recruiter) said"
                continue
            if bracketed and not token.capital and tokens.lowercase and named_before_role(tokens, index):
                found.append(name_span(tokens, index, index))  # "tay (manager) said": a word the lists know otherwise
                continue
        if (
            tier != "never"
            and not token.capital
            and tokens.lowercase
            and AFTER_NAME.match(low, token.end)
            and not _FROM_MY.search(low, max(0, token.start - 16), token.start)  # "faith from my church says"
            # "the hiring mgr said": a role, not its name (but "my brother dean reckons")
            and (token.key not in JOB_ENDS or (index > 0 and items[index - 1].key in ROLE_WORDS))
        ):
            add_plain(index, strong=True)  # "gaz said", "BARB SAID"
            continue
        if (
            not token.capital
            and tokens.lowercase
            and tier == "name"
            and len(token.key) >= 3
            and token.key not in tokens.lexicon.common
            and (
                _WITH.search(low, max(0, token.start - 12), token.start)
                or (len(token.key) >= 4 and token.key in given_names_only())
            )
        ):
            # "my interview with sarah and tom"; a given name that is nobody's family name and no
            # word needs no cue: "the guy running it, brad, was", "then achieng from their side"
            add_plain(index, strong=False)
            continue
        if not token.capital and tokens.lowercase and _one_of_mine(tokens, index):
            found.append(name_span(tokens, index, index))  # "faith from my church says", "shiro from my cohort got"
            continue
        if not token.capital and tokens.lowercase and plain_named(tokens, index) and _between_commas(tokens, index):
            found.append(name_span(tokens, index, index))  # "the ops head, raj, was younger than my son"
            continue
        if not token.capital and tokens.lowercase and from_somewhere(tokens, index):
            found.append(name_span(tokens, index, index))  # "mark from the career centre said", "tasya dari hr bilang"
            continue
        if not token.capital and tokens.lowercase and named_with_role(tokens, index):
            found.append(name_span(tokens, index, index))  # "mags the owner sent", "jo the owner said"
            continue
        if not token.capital and tokens.lowercase and name_pair(tokens, index):
            first, last = extend_name(tokens, index, blocked)
            found.append(name_span(tokens, first, last))  # "classmates like jisha mathew", "PRIYA SHAH"
            continue
        if tier == "never" or (not token.capital and tier != "name"):
            continue
        if _one_called(tokens, index):
            add(index, lower_ok=False, context_ok=False)  # "one Bunty picks up and says": a certain person
            continue
        if _honoured(tokens, index):
            add(index, lower_ok=False, context_ok=True)  # "Shaji sir took my passport": a town's name too
            continue
        if tokens.is_title(index) or tokens.place_here(index) or in_role(tokens, index):
            continue  # "Tuan punya ladang", "Mbak HR-nya"; "in Jos", "Mount Isa"; "Fleet Manager"
        if token.capital and not token.initial and _IN_PLACE.search(low, max(0, token.start - 12), token.start):
            alone = index + 1 >= len(items) or not surname_ok(tokens, index + 1)
            person = tier == "name" and _IN_PERSON.search(low, max(0, token.start - 24), token.start)
            if (
                alone
                and not person
                and not text.startswith(("'s", "’s"), token.end)
                and not (tier == "name" and AFTER_NAME.match(low, token.end))
            ):
                # "a fintech in Westlands", "Roasters in Karen", "a small agritech in Kilimani, called
                # me": where, not who ("confided in Tom" is)
                continue
        if job_words(tokens, index) and not AFTER_NAME.match(low, token.end):
            continue  # "the Dean of Students", "Head of Asset Management", "Administrative Aide"
        if tier == "unknown" and token.key.endswith("ly") and (token.initial or token.key in tokens.lexicon.common):
            continue  # "Frankly, ...", "Luckily, ...", "😬 Annoyingly he's right"
        if AFTER_NAME.match(low, token.end):
            add(index, lower_ok=True, context_ok=False, back=True)
            continue
        if not token.capital or token.acronym:
            continue
        staff = _IN_DEPARTMENT.match(low, token.end)
        if (
            staff
            and (tier == "name" or ACTS_NEXT.match(low, staff.end()) or AFTER_NAME.match(low, staff.end()))
            and (tier != "context" or token.key in tokens.lexicon.first_names)
        ):
            add(index, lower_ok=False, context_ok=True)  # "Mick in dispatch gave me a ring"
            continue
        if _kin_between_commas(tokens, index) and not tokens.place_here(index):
            found.append(name_span(tokens, index, index))  # "Kakak saya, Yoga, menyarankan saya"
            continue
        named = tier in ("name", "ambiguous") or token.key not in tokens.lexicon.common
        if named and tier != "context" and _between_commas(tokens, index):
            add(index, lower_ok=False, context_ok=False)  # "The head brewer, Dazza, was a legend"
            continue
        # "Aman from my batch got selected": one of the writer's own group, whatever the word
        mate = _FROM_MY_GROUP.match(text, token.end) and not token.key.endswith("s")
        if (named or mate) and (_FROM_FIRM.match(text, token.end) or after_role(tokens, index)):
            add(index, lower_ok=False, context_ok=False)  # "Folasade from Bluegate", "our Team Lead, Tahnee"
            continue
        if next_to_place(tokens, index - 1, index) or (tier != "name" and next_to_place(tokens, index + 1, index)):
            continue  # part of a place: "San Jose", "Sri Lanka", "Petaling Jaya" (not "Priya Shah")
        if (
            token.initial
            and tier == "name"
            and token.key.endswith("ing")
            and len(token.key) > 5
            and not (index + 1 < len(items) and surname_ok(tokens, index + 1))
        ):
            continue  # "Aiming high, ...": an -ing word opening a sentence
        if before_programme(tokens, index):
            continue  # "the Kazi Mtaani programme": a programme's name, not a person
        if tier == "name" and (len(token.key) >= 3 or not token.initial):
            add(index, lower_ok=False, context_ok=False)
        elif tier == "ambiguous" and not token.initial and token.key in tokens.lexicon.name_like:
            add(index, lower_ok=False, context_ok=False)  # "I spoke with Will", "Grace Lee"
    found.extend(_named_by_handle(tokens, blocked))
    if tokens.lowercase:
        found.extend(plain_names_by_deed(tokens, blocked))
    found.extend(ah_names(tokens, found, blocked))
    found = [f for f in found if not _a_thing(tokens, f)]
    return found + partners(tokens, found, blocked)


# "a Red Seal trade test", "an Xbox Live account": after "a", capitalised words name a thing.
_A_BEFORE = re.compile(r"(?<![\w'’-])an?[ \t]+$")


def _a_thing(tokens: TextWords, found: Found) -> bool:
    """Whether a capitalised run taken for a name follows "a" or "an", as a thing's name does
    ("a Red Seal trade test", "a Ford dealer"); not a titled person ("a Mr Pocock") nor a word
    typed in lower case ("more of a kayla question")."""
    text = tokens.text
    return (
        text[found.start].isupper()
        and not tokens.caseless
        and not _TITLE.match(tokens.low, found.start)
        and bool(_A_BEFORE.search(tokens.low, max(0, found.start - 4), found.start))
    )


_DOES = re.compile(r"[ \t]+[a-z]{3,}(?:s|ed)(?![\w'’-])")


def _one_called(tokens: TextWords, index: int) -> bool:
    """ "one Bunty picks up": "one" before a capitalised word no list knows as an everyday word,
    which then does something, is a certain person, as Indian and Nigerian English say it."""
    token = tokens.items[index]
    return (
        index > 0
        and tokens.items[index - 1].key == "one"
        and not tokens.items[index - 1].capital
        and tokens.gap(index - 1, index) == " "
        and token.capital
        and not token.acronym
        and tokens.tier(index) in ("unknown", "name", "ambiguous")
        and token.key not in tokens.lexicon.common
        and not tokens.place_here(index)
        and bool(_DOES.match(tokens.low, token.end) or AFTER_NAME.match(tokens.low, token.end))
    )


_FROM_MY = re.compile(r"(?<![\w-])from[ \t]+(?:my|our)[ \t]+(?:old[ \t]+)?$")
# "from my church", "from our old team": one of the writer's own people.
_FROM_MINE = re.compile(rf"[ \t]+from[ \t]+(?:my|our)[ \t]+{_FORMER}(?:{_OWN_PLACES})(?![\w-])")


def _one_of_mine(tokens: TextWords, index: int) -> bool:
    """A word typed in lower case, then "from my church" or the like, then what they did: a person."""
    token = tokens.items[index]
    mine = _FROM_MINE.match(tokens.low, token.end)
    return (
        mine is not None
        and tokens.tier(index) != "never"
        and len(token.key) >= 3
        and not token.key.endswith("s")
        and token.key not in tokens.lexicon.small
        and token.key not in ROLE_WORDS | JOB_ENDS | JOB_STARTS
        and not tokens.place_here(index)
        and bool(ACTS_NEXT.match(tokens.low, mine.end()) or AFTER_NAME.match(tokens.low, mine.end()))
    )


_HANDLE_AFTER = re.compile(r"[ \t]*\([ \t]*@([A-Za-z0-9_.]+)")


def _named_by_handle(tokens: TextWords, blocked: set[int]) -> list[Found]:
    """A word followed by its owner's handle in brackets, the handle starting with it: "recruiter
    call w Mo (@mo.recruits)", "Temi (@temi_writes)"."""
    found = []
    for index, token in enumerate(tokens.items):
        handle = _HANDLE_AFTER.match(tokens.text, token.end)
        if (
            handle
            and len(token.key) >= 2
            and token.start not in blocked
            and token.key not in tokens.lexicon.small
            and handle.group(1).lower().startswith(token.key)
        ):
            found.append(name_span(tokens, index, index))
    return found
