"""Story redaction: find people's names, employers and contact details in a story and hide them.

    result = redact("Priya at Acme Ltd never wrote back", employers=["Acme Ltd"])
    result.redacted  -> "[name] at [employer] never wrote back"

Plain Python, no Flask. `redactor` joins the layers: `text` (normalisation with an offset
map), `contacts`, `people` (with the word lists in `lexicon`), `employers` and `organisations`
(capitalised runs and head nouns); `hints` lists words the participant may want to hide too.
"""

from .hints import might_be_names
from .redactor import KINDS, UNDOABLE_KINDS, Redaction, RedactionResult, redact, redact_lines
from .text import normalise

__all__ = [
    "KINDS",
    "UNDOABLE_KINDS",
    "Redaction",
    "RedactionResult",
    "might_be_names",
    "normalise",
    "redact",
    "redact_lines",
]
