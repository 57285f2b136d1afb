"""Story redaction: find personal details in a participant's story and hide them.

Layers, each in its own module: Unicode normalisation with an offset map (`text`); emails,
links, handles, phones and job references (`contacts`); street addresses (`addresses`);
people's names (`people`, with the word lists in `lexicon`); employers (`employers`, and the
well-known ones in `known_employers`); other mentions of a name or employer found once
(`echoes`). This module joins their findings,
settles overlaps (contact details first, then the longest span, then the most specific kind),
applies the participant's choices (`keep`, `extra`) and renders the redacted text.

Spans always point into the text exactly as given; the redacted text is the normalised text
with each span replaced by a placeholder such as "[name]". Nothing here logs story text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass

from .addresses import find_addresses
from .branch_towns import without_branch_towns
from .contacts import (
    find_emails,
    find_handles,
    find_links,
    find_phones,
    find_references,
)
from .echoes import echoes
from .employers import find_employers, find_listed_employers
from .known_employers import find_known_employers, known_product
from .lexicon import name_lexicon
from .organisations import find_organisations
from .people import find_names
from .roles import street_or_unit
from .study_places import without_study_places
from .text import Found, Normalised, normalise, normalise_with_map
from .tokens import TextWords

KINDS = ("name", "employer", "email", "phone", "link", "handle", "address", "reference", "redacted")
UNDOABLE_KINDS = frozenset({"name", "employer"})
_CONTACT_KINDS = frozenset({"email", "link", "phone", "handle", "address", "reference"})
# Which kind wins when two detections cover exactly the same words.
_SPECIFICITY = {"email": 9, "link": 8, "phone": 7, "address": 6, "reference": 5, "handle": 4, "employer": 2, "name": 1}
_PLACEHOLDER = re.compile(r"\[(?:" + "|".join(KINDS) + r")\]")
_EDGE = " \t\r\n.,;:!?\"'“”‘’()[]{}<>-–—/"
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True)
class Redaction:
    """One hidden piece of a story; `start`/`end` index the original input."""

    start: int
    end: int
    kind: str
    text: str


@dataclass(frozen=True)
class RedactionResult:
    original: str
    spans: tuple[Redaction, ...]
    redacted: str

    def segments(self) -> list[tuple[str, str | None]]:
        """The original text cut into plain pieces (kind None) and redacted pieces (their kind)."""
        pieces: list[tuple[str, str | None]] = []
        cursor = 0
        for span in self.spans:
            if span.start > cursor:
                pieces.append((self.original[cursor : span.start], None))
            pieces.append((self.original[span.start : span.end], span.kind))
            cursor = span.end
        if cursor < len(self.original):
            pieces.append((self.original[cursor:], None))
        return pieces


def _key(text: str) -> str:
    """How `keep` entries and span texts are compared: normalised, case-folded, no possessive."""
    words = " ".join(normalise(text).split()).strip(_EDGE)
    return _POSSESSIVE.sub("", words).casefold().strip(_EDGE)


def _overlaps(a: Found, b: Found) -> bool:
    return a.start < b.end and b.start < a.end


def _trimmed(text: str, start: int, end: int, kind: str) -> Found | None:
    """The span without surrounding spaces and punctuation, if anything worth hiding is left."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    piece = text[start:end]
    if sum(ch.isalnum() for ch in piece) < 2:
        return None
    return Found(start, end, kind)


def _remainders(text: str, found: Found, taken: list[Found]) -> list[Found]:
    """Parts of a name or employer span not already covered by accepted spans."""
    pieces = [(found.start, found.end)]
    for other in taken:
        next_pieces = []
        for start, end in pieces:
            if other.end <= start or other.start >= end:
                next_pieces.append((start, end))
                continue
            if start < other.start:
                next_pieces.append((start, other.start))
            if other.end < end:
                next_pieces.append((other.end, end))
        pieces = next_pieces
    kept = (_trimmed(text, start, end, found.kind) for start, end in pieces)
    return [piece for piece in kept if piece is not None]


def _resolve(text: str, candidates: Iterable[Found], protected: list[Found]) -> list[Found]:
    """Non-overlapping spans: contact details first, then longest, then most specific kind."""
    order = sorted(
        set(candidates),
        key=lambda f: (f.kind not in _CONTACT_KINDS, f.start - f.end, -_SPECIFICITY[f.kind], f.start),
    )
    taken: list[Found] = []
    for found in order:
        if found.end <= found.start or any(_overlaps(found, p) for p in protected):
            continue
        clashes = [other for other in taken if _overlaps(found, other)]
        if not clashes:
            taken.append(found)
        elif found.kind in UNDOABLE_KINDS:
            taken.extend(_remainders(text, found, clashes))
    return sorted(taken)


# A firm's name that ends in "'s" ("at Nando's.", "Sainsbury's rejected me", "at St Anne's in"):
# the "'s" is the name's own when no noun follows it, unlike "Brightwave's recruiter".
_OWN_S = re.compile(
    r"['’]s(?=[ \t]*(?:[.,;:!?)\n]|$)|[ \t]+(?:in|on|at|for|and|but|or|was|is|were|had|has|have|said|"
    r"never|did|didn't|isnt|isn't|wasnt|wasn't|just|only|still|also|needs|needed|with|to|because|so|after|"
    r"before|last|this|then|rejected|ghosted|hired|called|"
    r"emailed|offered|sent|told|asked|wanted|went|got|gave|turned|replied|where|when|which|who)(?![\w'’-]))"
)


# A radio station's frequency after its name: "Radio Jhankaar 91.1", "Tiwa 99.1 FM".
_FREQUENCY = re.compile(r"[ \t]+(?:\d{2,3}[.,]\d[ \t]*(?:FM|fm|Fm)?|\d{2,3}[ \t]*(?:FM|fm|Fm))(?![\w.,])")


def _own_s(text: str, spans: list[Found]) -> list[Found]:
    """Employer spans, and names after "at", grown over an "'s" that belongs to the firm's name;
    employer and name spans grown over a radio station's frequency."""
    grown = []
    for span in spans:
        at = span.kind == "name" and re.search(r"(?<![\w-])at[ \t]+$", text[max(0, span.start - 4) : span.start])
        match = _OWN_S.match(text, span.end) if span.kind == "employer" or at else None
        if match:
            span = Found(span.start, match.end(), span.kind)
        if span.kind in ("employer", "name") and (match := _FREQUENCY.match(text, span.end)):
            span = Found(span.start, match.end(), "employer")
        grown.append(span)
    return grown


def _phrase_pattern(phrase: str) -> re.Pattern[str] | None:
    words = normalise(phrase).split()
    if not words:
        return None
    body = r"\s+".join(re.escape(word) for word in words)
    left = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    right = r"(?!\w)" if re.search(r"\w$", words[-1]) else ""
    return re.compile(left + body + right, re.IGNORECASE)


def _add_extra(text: str, spans: list[Found], extra: Sequence[str], protected: list[Found]) -> list[Found]:
    """Hide every whole-word occurrence of the participant's own phrases, merging overlaps."""
    for phrase in extra:
        pattern = _phrase_pattern(phrase)
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            found = Found(match.start(), match.end(), "redacted")
            if any(_overlaps(found, p) for p in protected):
                continue
            clashes = [s for s in spans if _overlaps(found, s)]
            if any(s.start <= found.start and found.end <= s.end for s in clashes):
                continue  # already hidden by a larger span
            start = min([found.start, *(s.start for s in clashes)])
            end = max([found.end, *(s.end for s in clashes)])
            spans = [s for s in spans if s not in clashes] + [Found(start, end, "redacted")]
    return sorted(spans)


def _detect(text: str, employers: Sequence[str]) -> tuple[list[Found], TextWords]:
    listed = find_listed_employers(text, employers) if employers else []
    blocked = {f.start for f in listed}
    for span in listed:  # every word inside a listed employer is off limits for names
        blocked.update(span.start + m.start() for m in re.finditer(r"\w+", text[span.start : span.end]))
    found: list[Found] = [*listed]
    for detector in (find_emails, find_links, find_handles, find_phones, find_addresses, find_references):
        found.extend(detector(text))
    tokens = TextWords(text, name_lexicon())
    guessed = [
        *find_names(tokens, blocked),
        *find_employers(text, tokens),
        *find_organisations(tokens, blocked),
        *find_known_employers(tokens),
    ]
    guessed = [f for f in guessed if f.kind != "name" or not known_product(tokens, f)]  # "di Google Docs"
    found.extend(without_study_places(tokens, without_branch_towns(tokens, guessed)))  # not the coach's
    return [f for f in found if f.kind != "name" or not street_or_unit(tokens, f.start, f.end)], tokens


def _render(norm: Normalised, spans: list[Found]) -> str:
    out: list[str] = []
    cursor = 0
    for span in spans:
        out.append(norm.text[cursor : span.start])
        out.append(f"[{span.kind}]")
        cursor = span.end
    out.append(norm.text[cursor:])
    return "".join(out)


def _to_original(original: str, norm: Normalised, spans: list[Found]) -> tuple[Redaction, ...]:
    result: list[Redaction] = []
    for span in spans:
        start, end = norm.to_original(span.start, span.end)
        if result and start < result[-1].end:  # reordered text (right-to-left overrides)
            previous = result.pop()
            start = min(start, previous.start)
            end = max(end, previous.end)
        result.append(Redaction(start, end, span.kind, original[start:end]))
    return tuple(result)


def redact(
    text: str,
    employers: Sequence[str] = (),
    *,
    keep: Collection[str] = (),
    extra: Sequence[str] = (),
) -> RedactionResult:
    """Find and hide personal details in one story.

    `employers`: the coach's employer names for this workshop. `keep`: texts the participant
    said are not personal; matching name and employer spans are left visible (other kinds always
    stay hidden). `extra`: phrases the participant wants hidden wherever they occur.
    """
    norm = normalise_with_map(text)
    body = norm.text
    protected = [Found(m.start(), m.end(), "placeholder") for m in _PLACEHOLDER.finditer(body)]
    keep_keys = {_key(k) for k in keep} - {""}

    def kept(found: Found) -> bool:
        return found.kind in UNDOABLE_KINDS and _key(body[found.start : found.end]) in keep_keys

    detected, tokens = _detect(body, employers)
    vouched = [f for f in detected if kept(f)]
    candidates = [
        f
        for f in detected
        if not kept(f)  # and not a piece of a longer name the participant vouched for
        and not (f.kind in UNDOABLE_KINDS and any(v.start <= f.start and f.end <= v.end for v in vouched))
    ]
    spans = _resolve(body, candidates, protected)
    # The same person or firm named again elsewhere in the story, unless the participant vouched
    # for that mention ("Sarah Lee" kept stays whole when "Sarah Tan" is hidden).
    again = [f for f in echoes(tokens, spans) if not kept(f) and not any(_overlaps(f, v) for v in vouched)]
    if again:
        spans = _resolve(body, [*candidates, *again], protected)
    spans = _own_s(body, [f for f in spans if not kept(f)])
    if extra:
        spans = _add_extra(body, spans, extra, protected)
    return RedactionResult(text, _to_original(text, norm, spans), _render(norm, spans))


def _line_employers(value: object) -> list[str]:
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def redact_lines(lines: Iterable[str], employers: Sequence[str] = ()) -> Iterator[dict]:
    """Redact a stream of stories, one per line (JSON `{"id", "text"}` or plain text).

    Yields `{"id", "text", "spans": [{"start", "end", "kind"}]}` per story, or
    `{"id": line number, "error": message}` for a line that cannot be read. Blank lines are
    skipped; plain lines get their 1-based line number as id.
    """
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        ident: object = number
        line_employers: list[str] = []
        if line.lstrip().startswith("{"):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield {"id": number, "error": f"line {number}: invalid JSON ({error.msg})"}
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                yield {"id": number, "error": f'line {number}: expected an object with a "text" string'}
                continue
            ident = record.get("id", number)
            text = record["text"]
            line_employers = _line_employers(record.get("employers"))
        else:
            text = line
        result = redact(text, [*employers, *line_employers])
        spans = [{"start": s.start, "end": s.end, "kind": s.kind} for s in result.spans]
        yield {"id": ident, "text": result.redacted, "spans": spans}
