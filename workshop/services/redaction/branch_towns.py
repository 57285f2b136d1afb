"""The town written right after a firm's name says which branch, not whose name.

"Pasaraya Seri Intan Kuantan", "Universitas Nusa Bakti Bogor", "Bargain Barn Chermside": the
firm's span ends before its town, but the name rules read "Intan Kuantan" or "Bargain Barn
Chermside" as a person, and the part beyond the firm would hide the town. A name that starts
inside a firm's name and adds nothing after it but a known place is dropped: the firm's own span
already hides its words. After a firm named head noun first ("Hotel", "Pasaraya", "Universitas"),
any known place that is not a firm's word is its town. Otherwise the place must also be no
everyday word, which firms name themselves with ("Konnekt Mobile", "Sandia Federal").
"""

from __future__ import annotations

from .firm_words import AFTER_ENDS, BEFORE_STARTS, FIRM_WORDS
from .text import Found
from .tokens import TextWords

_FIRMS_OWN = FIRM_WORDS | AFTER_ENDS


def _town(tokens: TextWords, firm: Found, end: int) -> bool:
    """Whether the text from the firm's end to `end` is a space and a town's words."""
    words = [i for i, t in enumerate(tokens.items) if firm.end <= t.start and t.end <= end]
    if not words or tokens.text[firm.end : tokens.items[words[0]].start].strip(" \t"):
        return False
    first = tokens.next_index(firm.start)
    head_first = first is not None and tokens.items[first].key in BEFORE_STARTS
    keys = [tokens.items[i].key for i in words]
    return (
        tokens.items[words[-1]].end == end
        and all(i in tokens.places for i in words)
        and not any(key in _FIRMS_OWN or (key in tokens.lexicon.common and not head_first) for key in keys)
    )


def without_branch_towns(tokens: TextWords, found: list[Found]) -> list[Found]:
    """`found` without the names that run on from inside a firm's name into its town."""
    firms = [f for f in found if f.kind == "employer"]

    def into_town(span: Found) -> bool:
        return span.kind == "name" and any(
            firm.start <= span.start < firm.end < span.end and _town(tokens, firm, span.end) for firm in firms
        )

    return [span for span in found if not into_town(span)]
