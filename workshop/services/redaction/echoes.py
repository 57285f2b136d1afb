"""Other mentions of a name or employer found once: "Mr Naidoo ... Naidoo said", "Kivuli Pay ...
at Kivuli". A story names the same person or firm again, often without the cue that gave it away
the first time; every mention is hidden, not only the first."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .firm_words import AFTER_ENDS, BEFORE_STARTS
from .name_words import ACTS_NEXT, AFTER_NAME
from .short_forms import DESCRIBED, WHERE_BEFORE, first_word_again, shorter_names
from .text import Found
from .tokens import TextWords

_KINDS = ("name", "employer")


def _own_words(tokens: TextWords, span: Found) -> list[int]:
    """The words of a found span that belong to the person or firm alone: capitalised, no everyday
    word, place, title or word that is never a name. From a writer who uses no capitals, a firm's
    unknown word may be an everyday one the lists lack ("klinik pergigian ..." and then "pembantu
    pergigian"), so there a firm lends only its known given or family names; a person, all theirs."""
    lexicon = tokens.lexicon
    chosen = []
    opening = tokens.at.get(span.start)
    for index, token in enumerate(tokens.items):
        if token.start < span.start or token.end > span.end or len(token.key) < 3:
            continue
        if not (token.capital or tokens.lowercase) or token.acronym or tokens.is_title(index):
            continue
        # a given name that is a word too ("Grace", "Will"), named as a person: its capitalised mentions
        named_word = span.kind == "name" and tokens.tier(index) == "ambiguous" and token.key in lexicon.first_names
        # ... and so is a word a dictionary knows ("Adit") or a town's name that is a given name too
        # ("Rose"), found as a person by a cue: "review sama Adit ... Adit juga nggak bales"
        named_word = named_word or (
            span.kind == "name"
            and (
                tokens.tier(index) == "unknown" or tokens.tier(index) == "context" and token.key in lexicon.first_names
            )
        )
        if named_word and token.capital and not tokens.lowercase:
            chosen.append(index)
            continue
        if index == opening and _opens_headed(tokens, index, span):
            chosen.append(index)  # "Segar Mart ... Nvr again Segar": an everyday word opening a firm's name
            continue
        # a person named in lower case or capitals by a word the lists know only as an everyday one
        # ("MY PARTNER MICK SAYS ... SURE MICK"): their other mentions are them too
        everyday_name = span.kind == "name" and tokens.lowercase and tokens.tier(index) == "unknown"
        if (
            tokens.tier(index) not in ("name", "unknown")
            or (token.key in lexicon.common and not everyday_name)
            or (index in tokens.places and tokens.tier(index) != "name")
        ):
            continue
        if tokens.lowercase and span.kind != "name" and tokens.tier(index) != "name":
            # ... but a firm's first word, before its head noun or legal form, is its own:
            # "FYNBOS DIGITAL (PTY) LTD ... FYNBOS CAN'T", "bean & barrel coffee co ... bean"
            if index != opening:
                continue
            if token.key in BEFORE_STARTS or len(token.key) < 4:
                continue
        chosen.append(index)
    return chosen


def _opens_headed(tokens: TextWords, index: int, span: Found) -> bool:
    """Whether a capitalised word that is an everyday one (no place, no hiring word) opens a firm's
    name whose other words are all head nouns: "Segar" of "Segar Mart", "Golden" of "Golden Bakery"."""
    token = tokens.items[index]
    rest = [i for i, t in enumerate(tokens.items) if token.end < t.start and t.end <= span.end]
    return (
        span.kind == "employer"
        and token.capital
        and not tokens.lowercase
        and len(token.key) >= 4
        and tokens.tier(index) == "unknown"
        and index not in tokens.places
        and token.key not in tokens.lexicon.small
        and bool(rest)
        and all(tokens.items[i].key in AFTER_ENDS for i in rest)
    )


def echoes(tokens: TextWords, spans: Iterable[Found]) -> list[Found]:
    """Every other mention of the found names and employers: the whole span's words, and each of
    its own words on its own ("Riana de Villiers" ... "Ms de Villiers", "Kivuli Pay" ... "Kivuli")."""
    spans = list(spans)
    found: list[Found] = []
    keys: dict[str, str] = {}
    shortened: set[str] = set()
    for span in spans:
        if span.kind not in _KINDS:
            continue
        text = tokens.text[span.start : span.end]
        if len(text.split()) > 1:
            keys.setdefault(text, span.kind)
        own = _own_words(tokens, span)
        for index in own:
            keys.setdefault(tokens.items[index].text, span.kind)
        headless = _without_head(tokens, span, own)
        if headless:
            keys.setdefault(headless, span.kind)
        for shorter in shorter_names(tokens, span):
            keys.setdefault(shorter, span.kind)
            shortened.add(shorter)
        short = _BRACKETED.match(tokens.text, span.end)
        if span.kind == "employer" and short and _initials_of(short.group(1), text):
            keys.setdefault(short.group(1), span.kind)  # "Koperasi Peneroka Johor Berhad (KPJB)"
    found.extend(_initials_elsewhere(tokens, spans))
    found.extend(first_word_again(tokens, spans))
    found.extend(_plain_given_again(tokens, spans))
    if not keys:
        return found
    flags = re.IGNORECASE if tokens.lowercase else 0
    for key, kind in keys.items():
        body = r"\s+".join(re.escape(part) for part in key.split())
        for match in re.finditer(rf"(?<![\w-]){body}(?![\w-])", tokens.text, flags):
            if key in shortened and tokens.lowercase and DESCRIBED.search(tokens.low, 0, match.start()):
                continue  # "BIG RED FREIGHT ... a big red flag": from a writer without capitals, the words
            if " " not in key and _AUXILIARY_NEXT.match(tokens.low, match.end()) and _everyday(tokens, match.start()):
                continue  # "Will I get...", "May we ...": the word, not the person ("Kingsmere have to" is the firm)
            if (
                " " not in key
                and key.lower() in tokens.lexicon.places
                and WHERE_BEFORE.search(tokens.low, 0, match.start())
            ):
                continue  # a name that is a town's too, where the town is meant: "I live in Jos"
            found.append(Found(match.start(), match.end(), kind))
    return found


_DETERMINERS = frozenset("the a an my our their his her your this that".split())
_DOES_NEXT = re.compile(r"[ \t]+(?:is|was|has|had|keeps|kept|still|say|cakap|ckp|kata|bilang|blg)(?![\w'’-])")


def _plain_given_again(tokens: TextWords, spans: list[Found]) -> list[Found]:
    """A person named in lower case or capitals by one word, perhaps a word too ("my roommate
    sunny said", "MBAK SEKAR FROM HRD SAY"): their other mentions where the word acts as a person
    ("sunny is probably right", "SEKAR SAY MAYBE"), not where it is the everyday word ("a sunny day")."""
    if not tokens.lowercase:
        return []
    words = set()
    for span in spans:
        index = tokens.at.get(span.start)
        if span.kind != "name" or index is None or tokens.items[index].end != span.end:
            continue
        if tokens.tier(index) != "never" and len(tokens.items[index].key) >= 3:
            words.add(tokens.items[index].key)
    found = []
    low = tokens.low
    for index, token in enumerate(tokens.items):
        if token.key not in words or token.capital:
            continue
        if index and tokens.items[index - 1].key in _DETERMINERS:
            continue  # "my brother dean reckons ... the dean said no": the role, not the brother
        if AFTER_NAME.match(low, token.end) or ACTS_NEXT.match(low, token.end) or _DOES_NEXT.match(low, token.end):
            found.append(Found(token.start, token.end, "name"))
    return found


def _without_head(tokens: TextWords, span: Found, own: list[int]) -> str | None:
    """A firm's name without the head noun that closes it, as a story names it again: "Barlow and
    Finch Engineering" ... "anyone from Barlow and Finch". Only for names of three words or more
    that keep one of their own words or two joined ("Coast Authority" ... "Coast" says nothing)."""
    if span.kind != "employer" or tokens.lowercase:
        return None
    inside = [i for i, t in enumerate(tokens.items) if span.start <= t.start and t.end <= span.end]
    if len(inside) < 3 or tokens.items[inside[-1]].key not in AFTER_ENDS:
        return None
    rest = inside[:-1]
    paired = len(rest) >= 3 and any(tokens.items[i].key in ("and", "&") for i in rest)  # "Barrow and Finch"
    if not (paired or any(i in own for i in rest)) or tokens.items[rest[-1]].key in tokens.lexicon.small:
        return None
    return tokens.text[tokens.items[rest[0]].start : tokens.items[rest[-1]].end]


def _everyday(tokens: TextWords, start: int) -> bool:
    """Whether the word at `start` is one the lists know as an everyday word or a given name."""
    index = tokens.at.get(start)
    return index is None or tokens.lowercase or tokens.tier(index) != "unknown"


def _initials_elsewhere(tokens: TextWords, spans: Iterable[Found]) -> list[Found]:
    """A firm's initials anywhere in the story, not only in brackets after its name: "Kajiado County
    Public Service Board ... the KCPSB website", or of its name without the town it opens with
    ("... the CPSB has always worked")."""
    names = [
        tokens.text[s.start : s.end] for s in spans if s.kind == "employer" and " " in tokens.text[s.start : s.end]
    ]
    found = []
    for token in tokens.items:
        if not (3 <= len(token.text) <= 6 and token.text.isupper() and token.text.isalpha()):
            continue
        for name in names:
            words = name.split()
            if any(_initials_of(token.text, " ".join(words[drop:])) for drop in range(min(2, len(words) - 1))):
                found.append(Found(token.start, token.end, "employer"))
                break
    return found


_AUXILIARY_NEXT = re.compile(r"[ \t]+(?:i|you|we|they|he|she|it|not|be|have|there)(?![\w'’-])")


_BRACKETED = re.compile(r"[ \t]*\([ \t]*([A-Z][A-Za-z&]{1,8})[ \t]*\)")


def _initials_of(short: str, name: str) -> bool:
    """Whether `short` is made of the starts of the capitalised words of `name`, in order, each
    lending one to three letters: "KPJB" of "Koperasi Peneroka Johor Berhad", "KEMRI" of "Kenya
    Medical Research Institute"; lower-case joiners may lend none ("Bank of Ghana": "BoG", "BG")."""
    letters = short.replace("&", "").lower()
    words = [w for w in re.findall(r"[^\W\d_]+", name) if w[0].isupper()]

    def fits(i: int, j: int) -> bool:
        if i == len(letters):
            return j == len(words)
        if j == len(words):
            return False
        word = words[j].lower()
        return any(word[:k] == letters[i : i + k] and fits(i + k, j + 1) for k in (1, 2, 3) if i + k <= len(letters))

    return len(words) >= 2 and fits(0, 0)
