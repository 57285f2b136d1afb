"""Detectors for contact details and identifiers: emails, links, handles, phones and job
reference numbers (street addresses are in `addresses`). Each takes normalised text and yields
`Found` spans in its coordinates.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from .lexicon import alternation, common_words, lines, name_lexicon, words
from .text import Found, lower
from .text import trim_trailing as _trim

# --- emails -------------------------------------------------------------------------------

# Every top-level domain (tools/tld_list.py, from the Public Suffix List), and the ones that are
# also everyday words or file extensions ("in", "design", "py"): a bare "word.design" needs more
# evidence than "word.com".
_TLDS = frozenset(lines("redaction_tlds.txt"))


@lru_cache(maxsize=1)
def _risky_tlds() -> frozenset[str]:
    """Loaded on first use, with the everyday words, rather than at import."""
    return frozenset(words("links", "risky_tlds")) | (_TLDS & common_words())


_NOT_LINKS = frozenset(words("links", "not_links"))
_FILE_EXTENSIONS = frozenset(words("links", "file_extensions"))
_PROVIDERS = frozenset(words("emails", "providers"))

_EMAIL = re.compile(r"(?<![\w.+'-])[\w+'-]+(?:\.[\w+'-]+)*@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")

# Spelled-out or bracketed "at" and "dot": "jane (at) gmail (dot) com", "jane at gmail dot com".
_BRACKET_AT = r"\s*[(\[{<]\s*(?:at|@)\s*[)\]}>]\s*"
_BRACKET_DOT = r"\s*[(\[{<]\s*(?:dot|\.)\s*[)\]}>]\s*"
_AT = rf"(?:{_BRACKET_AT}|\s+at\s+|\s+@\s*|\s*@\s+|\s*@\s*(?=\w+\s*(?:{_BRACKET_DOT}|\s+dot\s+)))"
_DOT = rf"(?:{_BRACKET_DOT}|\s+dot\s+|\s*\.\s*(?=[^\W\d_]))"
_WORD = r"[\w+-]+"
_OBFUSCATED_EMAIL = re.compile(  # run on lower-cased text
    rf"(?<![\w.@])(?P<local>{_WORD}(?:{_DOT}{_WORD})*?)(?P<at>{_AT})"
    rf"(?P<domain>{_WORD}(?:{_DOT}{_WORD})*)(?P<dot>{_DOT})(?P<tld>[^\W\d_]{{2,}})(?![\w-])"
)
# Where an obfuscated address may be: an "at" (spelled, bracketed or spaced "@") then a domain
# word and a dot of some kind. The full pattern only runs in a window around each such place.
_AT_HINT = re.compile(
    r"(?:\sat\s+|[(\[{<]\s*(?:at|@)\s*[)\]}>]|\s@|@\s)\s*[\w-]+"
    r"(?:\s*[(\[{<]\s*(?:dot|\.)\s*[)\]}>]|\s+dot\s|\s*\.\s*[^\W\d_])"
)
_DIGIT = re.compile(r"\d")
_SPELLED = re.compile(r"[(\[{<]|\bdot\b")
_NOT_LOCAL = frozenset(
    "i me you we us they them he him she her it was were am is are be been work worked working "
    "home office interview interviews arrived left met meet stayed job role".split()
)


def _obfuscated_candidates(low: str) -> Iterator[re.Match[str]]:
    """Each place that reads like an address around a spelled or spaced "at". Matches may
    overlap: in "tom at tom dot lee at gmail dot com" the first try ("tom at tom dot lee")
    must not hide the address that starts inside it."""
    seen: set[int] = set()
    for hint in _AT_HINT.finditer(low):
        position, window_end = max(0, hint.start() - 80), hint.end() + 160
        while match := _OBFUSCATED_EMAIL.search(low, position, window_end):
            if match.start("at") <= hint.start() + 1 < match.end("at") + 1 and match.start() not in seen:
                seen.add(match.start())
                yield match
            position = match.start() + 1


def find_emails(text: str) -> Iterator[Found]:
    if "@" in text:
        for match in _EMAIL.finditer(text):
            yield Found(match.start(), match.end(), "email")
    for match in _obfuscated_candidates(lower(text)):
        at, dots = match["at"], match.group(0)[match.end("at") - match.start(0) :]
        tld, domain = match["tld"].lower(), match["domain"].lower()
        if tld not in _TLDS and len(tld) != 2:
            continue
        spelled_at = "@" not in at
        spelled_dot = bool(_SPELLED.search(dots))
        if at.strip() == "at":  # a bare " at " is ordinary English unless more agrees
            first_label = re.split(r"\W", domain, maxsplit=1)[0]
            if match["local"] in _NOT_LOCAL:
                continue
            if not spelled_dot and first_label not in _PROVIDERS:
                continue
        elif not (spelled_at or spelled_dot or at != at.strip()):
            continue  # a plain address: the strict pattern has it already
        yield Found(match.start(), match.end(), "email")


# --- links and handles --------------------------------------------------------------------

# Link patterns run on lower-cased text.
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"]+|\bwww\d?\.[^\s<>\"]+")
_BARE = re.compile(
    r"(?<![\w@.\-/])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?P<tld>[a-z]{2,24})(?![\w-])"
    r"(?P<path>[/?#][^\s<>\"]*)?"
)
# GitHub and GitLab names may hold a hyphen between letters: "@hasan-builds"
_HANDLE = re.compile(r"(?<![\w@./+-])@(?=[\w.-]*[^\W\d_])[A-Za-z0-9_](?:[\w.-]{0,38}\w)?(?![\w@])")
_HANDLE_CUE = re.compile(
    r"\b(?:my|her|his|their|your|our)\s+(?:handle|username|user\s+name|ig|insta|instagram|"
    r"twitter|tiktok|telegram|github|gitlab|discord|snapchat|skype|threads|bluesky)"
    r"(?:\s+(?:handle|name|id|account|username))?\s*(?:is|:|-|=)\s*"
    r"(?P<handle>(?=\S*[_\d.-])[A-Za-z0-9_.-]{3,40}|[a-z][a-z0-9_.-]{2,39})\b"
)


def _named_site(text: str, match: re.Match[str]) -> bool:
    """A bare "amara.ng", "sipho.blog" or "priyanandakumar.design": a domain that is also an
    everyday word or a file extension counts when the host is typed in lower case and its name is
    no everyday word ("It was done.it", "setup.py" and "b.tech" stay)."""
    if match["tld"] in _FILE_EXTENSIONS:
        return False
    host = text[match.start() : match.end("tld")]
    label = host.split(".", 1)[0]
    if not host.islower() or len(label) < 3:
        return False
    return label not in common_words() or (len(match["tld"]) >= 4 and len(label) >= 6)


def find_links(text: str) -> Iterator[Found]:
    low = lower(text)
    for match in _URL.finditer(low):
        end = _trim(text, match.start(), match.end())
        if end - match.start() > 4:
            yield Found(match.start(), end, "link")
    if "." not in text:
        return
    for match in _BARE.finditer(low):
        tld = match["tld"]
        if tld not in _TLDS or match.group(0) in _NOT_LINKS:
            continue
        host = text[match.start() : match.end("tld")]
        typed_tld = text[match.start("tld") : match.end("tld")]
        if not match["path"] and typed_tld[0].isupper() and not host.isupper():
            continue  # "It was done.It hurts", "B.Sc": a missing space, not an address
        if tld in _risky_tlds() and not match["path"] and host.count(".") < 2 and not _named_site(text, match):
            continue
        if host[0].isdigit() and host.replace(".", "").isdigit():
            continue
        yield Found(match.start(), _trim(text, match.start(), match.end()), "link")


def find_handles(text: str) -> Iterator[Found]:
    if "@" in text:
        for match in _HANDLE.finditer(text):
            yield Found(match.start(), _trim(text, match.start(), match.end()), "handle")
    for match in _HANDLE_CUE.finditer(lower(text)):
        start, end = match.start("handle"), _trim(text, match.start("handle"), match.end("handle"))
        handle = text[start:end]
        if not re.search(r"[_\d.]", handle) and not handle.islower():
            continue  # "my twitter is Great": a plain word, not a user name
        yield Found(start, end, "handle")


# --- phones -------------------------------------------------------------------------------

# A number glued to a word by a hyphen is taken only when it starts like a phone number
# ("Sarah Lee-07700 900123"); "REF-2024", "ABC-123456" and ranges stay out.
_PHONE_CANDIDATE = re.compile(
    r"(?:(?<![\w+@#/.,-])|(?<=[^\W\d_]-)(?=\+|0))(?:\+[ \t]?|00)?\(?\d[\d \t().\-/\u2013]{5,24}\d(?![\w/])"
)
_DATE_LIKE = re.compile(r"^\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}$|^(?:19|20)\d\d(?:\s*[\-\u2013/]\s*(?:19|20)?\d\d)?$")
_YEARS_ONLY = re.compile(r"^(?:(?:19|20)\d\d[\s\-\u2013/,]*)+$")
_PHONE_SHAPE = re.compile(r"^(?:\(?0\d{1,4}\)?[ .\-]?\d{3,4}[ .\-]?\d{3,4}|\(?\d{3}\)?[ .\-]\d{3}[ .\-]\d{4})$")


_LEAD = re.compile(r"\d{1,3}[ \t]+(?=\(?\d)")


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _region_order(chunk: str) -> tuple[str, ...]:
    """Regions to try, most likely first: a leading 0 is a trunk prefix outside North America."""
    if chunk.lstrip("(").startswith("0"):
        return ("GB", "MY", "PH", "IN", "AU", "DE", "US")
    return ("US", "IN", "GB", "MY", "PH", "AU", "DE")


def _is_valid(chunk: str, region: str | None) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(chunk, region))
    except phonenumbers.NumberParseException:
        return False


@lru_cache(maxsize=4096)
def _phones_in(chunk: str) -> tuple[tuple[int, int], ...]:
    """Where the phonenumbers library sees a number in one candidate chunk of digits."""
    digits = _digits(chunk)
    if chunk.startswith(("+", "00")):
        international = "+" + chunk[2:] if chunk.startswith("00") else chunk
        if _is_valid(international, None):
            return ((0, len(chunk)),)
        matcher = PhoneNumberMatcher(chunk, "GB", leniency=Leniency.POSSIBLE)
        hits = tuple((m.start, m.end) for m in matcher if m.start == 0)
        return hits or (((0, len(chunk)),) if 8 <= digits <= 15 else ())
    regions = _region_order(chunk)
    if any(_is_valid(chunk, region) for region in regions):
        return ((0, len(chunk)),)
    if digits >= 10:  # maybe a number with stray digits around it
        for region in regions:
            hits = tuple((m.start, m.end) for m in PhoneNumberMatcher(chunk, region, leniency=Leniency.VALID))
            if hits:
                return hits
    if 9 <= digits <= 13 and _PHONE_SHAPE.match(chunk):
        return ((0, len(chunk)),)
    lead = _LEAD.match(chunk)
    if lead and digits >= 9:  # a count or a room number typed just before the phone ("room 12 0812 …")
        rest = chunk[lead.end() :]
        if any(_is_valid(rest, region) for region in _region_order(rest)) or _PHONE_SHAPE.match(rest):
            return ((lead.end(), len(chunk)),)
    return ()


def find_phones(text: str) -> Iterator[Found]:
    for match in _PHONE_CANDIDATE.finditer(text):
        chunk = match.group(0)  # it ends in a digit: no punctuation to trim
        if _digits(chunk) < 7 or _DATE_LIKE.match(chunk) or _YEARS_ONLY.match(chunk):
            continue
        for start, end in _phones_in(chunk):
            piece = chunk[start:end]
            if _digits(piece) >= 7 and not _DATE_LIKE.match(piece.strip()):
                yield Found(match.start() + start, match.start() + end, "phone")


# --- job reference numbers ----------------------------------------------------------------

_CODE = r"#?[A-Za-z0-9](?:[A-Za-z0-9\-/_.]*[A-Za-z0-9])?"
_REFERENCE_CUE = re.compile(
    rf"(?<![\w-]){alternation(words('references', 'cues'), lower=True)}(?![a-z])\s*(?:\.|#|no\.?|number|id|code)?"
    rf"\s*(?:[:#=\-\u2013]|\bis\b)?\s*(?P<code>{_CODE})"
)
_CODE_PREFIXES = alternation(words("references", "code_prefixes"), flexible_space=False)
_NOT_CODES = frozenset(words("references", "not_codes"))
# Words before a code that are not part of it: the cues ("REF", "ID") and the words above.
_NOT_PREFIXES = frozenset(
    word.lower() for key in ("cues", "code_prefixes", "not_codes") for word in words("references", key)
)
_STANDALONE_CODE = re.compile(
    rf"(?<![\w\-])(?:(?P<known>{_CODE_PREFIXES})[\-_]?\d{{3,}}(?:[\-_/]\d+)*"
    rf"|(?P<letters>[A-Z]{{2,5}})-\d{{4,}}(?:-\d+)*|#\d{{4,}})(?![\w\-])"
)
_YEAR = re.compile(r"^#?(?:19|20)\d\d$")


def _looks_like_code(code: str) -> bool:
    digits = _digits(code)
    letters = sum(ch.isalpha() for ch in code)
    if _YEAR.match(code):
        return False
    return digits >= 3 or (digits >= 2 and letters >= 2)


# National ID numbers: Indonesia's NIK (16 digits, often in groups of four), Malaysia's MyKad
# (YYMMDD-PB-###G), the UK's National Insurance number (the "QQ" of the specimen too); and an ID
# word right before a long number.
_NATIONAL_ID = re.compile(
    r"(?<![\w+-])(?:\d{4}[ .-]?\d{4}[ .-]?\d{4}[ .-]?\d{4}|\d{6}[ -]\d{6}[ -]\d{4}|\d{6}-\d{2}-\d{4})(?![\w-])"
    r"|\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"
    r"|\b(?:ID|IC|NIK|KTP|NRIC|MyKad|[A-Z]{2,3})[ :#]{0,2}\d{6,12}(?![\w-])"
)
# Letter codes cut by slashes or dashes: "SVIT/REC/2024/12", "MT-OF-88431", "PKIN/JWT/11/2024",
# "24-RW-0913"; a short capitalised prefix before one belongs to it ("VN 24-RW-0913").
_SLASHED_CODE = re.compile(
    r"(?<![\w/-])(?:(?P<prefix>[A-Z]{2,4}) )?(?P<code>[A-Z0-9][A-Z0-9]{1,7}(?:[-/][A-Z0-9]{1,10}){1,5})(?![\w/-])"
)
_MONTHS = frozenset("jan feb mar apr may jun jul aug sep sept oct nov dec mei agu agt okt des ogos dis".split())
# After a cue, a code in two pieces: "ref MRWB 42/2024", "vacancy no. HR 2291".
_CODE_SECOND_PIECE = re.compile(r" (\d[\w/\-]*[\w])")


def _slashed(code: str) -> bool:
    separators = sum(code.count(ch) for ch in "-/")
    digits = _digits(code)
    if code[0].isdigit() and not any(ch.isalpha() for ch in code):
        return False  # all digits: a date, a phone number or a score, not a code
    if any(piece.lower() in _MONTHS for piece in re.split(r"[-/]", code)):
        return False  # "12-JAN-2024"
    return (separators >= 2 and digits >= 3) or (separators == 1 and digits >= 5)


def find_references(text: str) -> Iterator[Found]:
    if not _DIGIT.search(text):
        return
    for match in _NATIONAL_ID.finditer(text):
        if not _DATE_LIKE.match(match.group(0)):
            yield Found(match.start(), match.end(), "reference")
    for match in _SLASHED_CODE.finditer(text):
        code, prefix = match["code"], match["prefix"]
        if _slashed(code) and code.split("-")[0] not in _NOT_CODES:
            keep_prefix = prefix and prefix.lower() not in _NOT_PREFIXES and prefix.lower() not in name_lexicon().small
            yield Found(match.start() if keep_prefix else match.start("code"), match.end(), "reference")
    for match in _REFERENCE_CUE.finditer(lower(text)):  # the cue pattern is lower-case
        start, end = match.span("code")
        if text[start:end].isalpha() and text[start:end].isupper():
            second = _CODE_SECOND_PIECE.match(text, end)
            end = second.end() if second else end
        if _looks_like_code(text[start:end]):
            yield Found(start, end, "reference")
    for match in _STANDALONE_CODE.finditer(text):
        letters = match["letters"]
        if letters and letters in _NOT_CODES:
            continue
        if match["known"] and match["known"] in _NOT_CODES and "-" not in match.group(0):
            continue
        if not _YEAR.match(match.group(0)):
            yield Found(match.start(), match.end(), "reference")
