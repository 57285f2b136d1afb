"""Story redaction: find people's names, employers and contact details in a story and hide them.

    result = redact("Priya at Acme Ltd never wrote back", employers=["Acme Ltd"])
    result.redacted  -> "[name] at [employer] never wrote back"

Plain Python, no Flask. `redactor` joins the layers: `text` (normalisation with an offset
map), `tokens` (a story's words, with the word lists in `lexicon`), `contacts`, `people` (with
`name_words`), `employers` and `organisations` (`capital_runs` and `lower_case_firms`, told by
the words in `firm_words`), all of which leave job titles and programmes (`roles`) alone;
`hints` lists words the participant may want to hide too, ranked by the learned `name_signs`.
"""

from .hints import hinted_segments, might_be_names
from .redactor import KINDS, UNDOABLE_KINDS, Redaction, RedactionResult, redact, redact_lines
from .text import normalise

__all__ = [
    "KINDS",
    "UNDOABLE_KINDS",
    "Redaction",
    "RedactionResult",
    "hinted_segments",
    "might_be_names",
    "normalise",
    "redact",
    "redact_lines",
]
