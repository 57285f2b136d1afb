"""A firm named in full once and by part of its name elsewhere: "Harbor Lights Community Services
... Harbor Lights sent a polite no", "Lakeside Health Initiative ... Lakeside says they will call",
"rimbun hijau properties ... rimbun hijau will keep my resume". The full name is found by the
other rules; these find its shorter mentions, which often have no cue of their own."""

from __future__ import annotations

import re

from .firm_words import AFTER_ENDS, HEADS_BEFORE, LEGAL_FORMS, match_at
from .roles import department, job_title
from .text import Found
from .tokens import TextWords

# Before a word that is described, not named: "a big red flag", "my greenfield site".
DESCRIBED = re.compile(r"(?<![\w-])(?:a|an|the|my|this|that|some|very|so|too)[ \t]+$")
# Before a town: "I live in Jos", "near Kisumu".
WHERE_BEFORE = re.compile(r"(?<![\w-])(?:in|near|outside|around|across|of|to|di|ke|dekat)[ \t]+$")


def shorter_names(tokens: TextWords, span: Found) -> list[str]:
    """Shorter forms of a firm's name that a story names it by again (in capitals, or from a writer
    without them, after no "a" or "the": see `echoes`): its first two or
    more words without the words that close it ("Harbor Lights Community Services" ... "Harbor
    Lights sent a polite no", "Karoo Fresh Market" ... "Karoo Fresh posted"), and its words after
    the kind of shop that opens it ("Toko Bangunan Sumber Makmur" ... "Sumber Makmur had the ad up
    again"). Two words at least, none of them a role, a department or a place's name on its own."""
    if span.kind != "employer":
        return []
    items = tokens.items
    inside = [i for i, t in enumerate(items) if span.start <= t.start and t.end <= span.end]
    if len(inside) < 3 or not (tokens.lowercase or all(items[i].capital and not items[i].acronym for i in inside)):
        return []
    if any(tokens.gap(a, b) != " " for a, b in zip(inside, inside[1:], strict=False)):
        return []
    opening = match_at(tokens, inside[0], inside[-1], HEADS_BEFORE, end=False)
    if opening and items[inside[opening]].key in tokens.lexicon.common and len(inside) - opening > 2:
        opening += 1  # what the shop sells or is, after its kind: "Toko Bangunan | Sumber Makmur"
    name = inside[opening:]
    # after a shop's kind, places name it too ("Toko | Sumber Makmur"); a prefix of places is a
    # town's name ("New York Life Insurance")
    pieces = [(name, True)] if opening and len(name) >= 2 else []
    pieces += [(name[:size], False) for size in range(2, len(name))]
    shorter = []
    for piece, after_kind in pieces:
        first, last = piece[0], piece[-1]
        key = items[last].key.rstrip(".")
        if key in AFTER_ENDS or key in LEGAL_FORMS or key in tokens.lexicon.small:
            continue
        if all(tokens.tier(i) == "never" for i in piece) or job_title(tokens, first, last):
            continue  # "South African", "Senior Care"
        if department(tokens, first, last) or (not after_kind and all(i in tokens.places for i in piece)):
            continue  # "Human Resources", "New York"
        shorter.append(tokens.text[items[first].start : items[last].end])
    return shorter


# What a firm does when a story names it by one word again: "Lakeside says", "Breeze always like
# that", "Pelita itu impian saya", "Kirana mencari kandidat".
_FIRM_ACTS = re.compile(
    r"[ \t]*,?[ \t]+(?:says|said|sent|emailed|posted|rejected|ghosted|replied|called|rang|hired|offered|decided|"
    r"wants|wanted|told|chose|picked|never|still|always|advertises|advertised|pays|paid|went|keeps|kept|"
    r"does|did|has|have|had|will|pulled|froze|closed|masih|gagal|emang|suka|pun|"
    r"itu|bilang|kata|cakap|nolak|tolak|mencari|cari|tak|ga|gak|nggak|tidak|memang|selalu)(?![\w'’-])"
)


# Where a firm is named after a cue of working, applying or hearing from it: "wey work for swiftmile".
_FIRM_CUE = re.compile(
    r"(?<![\w-])(?:work|works|worked|working|apply|applied|interview|joined|join|kerja|from|dari|sama|kat)"
    r"[ \t]+(?:at|for|with|di|kat|ke|to|sa)?[ \t]*$"
)


def first_word_again(tokens: TextWords, spans: list[Found]) -> list[Found]:
    """A firm named in full once and by its first own word elsewhere, where that word is an
    everyday word or a place the other rules leave alone: "Lakeside Health Initiative ...
    Lakeside says they will", "Bank Pelita Nusantara ... Pelita itu impian saya", "Breeze Aircon
    Services ... Breeze always like that". The word counts where it is capitalised, not after "in"
    or "near", and not opening a longer capitalised name; a place's name counts only where the
    firm acts ("Kisumu Water Company ... Kisumu is hot" keeps the town)."""
    caseless = tokens.lowercase
    items = tokens.items
    firsts: set[int] = set()
    for span in spans:
        inside = [i for i, t in enumerate(items) if span.start <= t.start and t.end <= span.end]
        if span.kind != "employer" or len(inside) < 2 or not (caseless or all(items[i].capital for i in inside[:2])):
            continue
        opening = match_at(tokens, inside[0], inside[-1], HEADS_BEFORE, end=False)
        if opening and opening < len(inside) - 1 and items[inside[opening]].key in tokens.lexicon.common:
            opening += 1  # "Kedai Buku | Pelita", "Universiti Teknologi | Samudera"
        if opening >= len(inside):
            continue
        first = inside[opening]
        key = items[first].key
        if not caseless and (not items[first].capital or items[first].acronym):
            continue
        if len(key) < 4 or tokens.is_title(first) or not key.isalpha():
            continue
        if tokens.tier(first) in ("never", "name") or key in AFTER_ENDS or key in LEGAL_FORMS:
            continue
        if first + 1 < len(items) and first + 1 in inside and items[first + 1].key in ("&", "and", "of"):
            continue  # "Halden & Pryor": a partner's name, the person's rules decide
        firsts.add(first)
    found = []
    keys = {items[i].key for i in firsts}
    inside_spans = [(s.start, s.end) for s in spans]
    for index, token in enumerate(items):
        if token.key not in keys or any(a <= token.start < b for a, b in inside_spans):
            continue
        if caseless:
            # without capitals, only where the firm acts, and not described: "kingfisher still
            # haven't noticed", "GREENFIELD DOES NOT REPLY", not "a greenfield site"
            acts = _FIRM_ACTS.match(tokens.low, token.end) or _FIRM_CUE.search(tokens.low, 0, token.start)
            if acts and not DESCRIBED.search(tokens.low, 0, token.start):
                found.append(Found(token.start, token.end, "employer"))
            continue
        if not token.capital:
            continue
        if index + 1 < len(items) and items[index + 1].capital and tokens.gap(index, index + 1) == " ":
            continue  # "Pelita Harapan": another name that opens with the word
        if index and items[index - 1].capital and not items[index - 1].initial and tokens.gap(index - 1, index) == " ":
            continue  # "Kinabalu Eco Tours ... Kota Kinabalu": the word inside another name ("Then Lakeside" is not)
        if WHERE_BEFORE.search(tokens.low, 0, token.start):
            continue
        if index in tokens.places and not _FIRM_ACTS.match(tokens.low, token.end):
            continue
        found.append(Found(token.start, token.end, "employer"))
    return found
