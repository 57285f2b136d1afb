"""Where the writer studied is no employer: "M.Tech from JNTU", "my LLB at UKZN", "BSc
Agriculture from Egerton", "a degree in Applied Statistics at Moi University".

The employer and name rules read any capitalised word after "from" or "at" as a firm or a
person. Right after a qualification, with or without the field it is in, the place is where it
was earned, which the room may read: a name or employer found there is dropped, unless the same
words are hidden elsewhere in the story, as an employer or a name.
"""

from __future__ import annotations

import re

from .lexicon import alternation
from .text import Found
from .tokens import TextWords

# Words that can only mean a qualification, unlike "associate", "class", "master" or "licence"
# ("Sales Associate at", "Demo class at", "Scrum Master at"); a course is left out too: people
# teach and work at institutes.
_EARNED = (
    "degree degrees diploma bachelor bachelors bachelor's masters master's doctorate phd bootcamp "
    "mba bsc msc llb llm bcom mcom b.com m.com btech mtech b.tech m.tech b.sc m.sc b.ed m.ed bba "
    "mbbs mbchb beng meng mphil bsn hnd sarjana ijazah sijil d3 d4 s1 s2 s3 studied graduated "
    "msw bsw pgdm pgce bpharm mpharm bds"
).split()
# Words for having graduated that also open jobs ("grad role at", "graduate scheme at"): only
# before "from" ("since grad from UiTM", "lulusan dari").
_GRADUATED = "grad graduate lulusan alumni alumnus alumna".split()
_FROM = r"(?:from|dari)"
_FIELD = r"(?:[ \t]+(?i:in|of|dalam|jurusan)(?:[ \t]+[\w&.'’-]+){1,3}?|(?:[ \t]+[A-Z][\w&.'’-]*){0,4})"
# The qualification, its field ("in Information Technology", "Agriculture"), then "from" or
# "at"; a field without "in" or "of" only before "from" ("BSc Agriculture from"), since "MBA
# Intern at" is a job.
_EARNED_AT = re.compile(
    rf"(?:(?<![\w.-])(?i:{alternation(_EARNED, lower=True)})|(?<![\w.-])BEd)(?![\w-])"
    rf"(?:{_FIELD}[ \t]+(?i:{_FROM})|(?:[ \t]+(?i:in|of|dalam|jurusan)(?:[ \t]+[\w&.'’-]+){{1,3}}?)?[ \t]+(?i:at|di|kat))"
    rf"[ \t]+(?:the[ \t]+)?$"
    rf"|(?<![\w.-])(?i:{alternation(_GRADUATED, lower=True)})[ \t]+(?i:{_FROM})[ \t]+(?:the[ \t]+)?$"
    # the subject studied, capitalised, then where: "I studied Accounting at OAU"
    r"|(?<![\w.-])(?i:studied|studying)(?:[ \t]+[A-Z][\w&.'’-]*){1,4}[ \t]+(?i:at|di|kat)[ \t]+(?:the[ \t]+)?$"
)


_CERTIFICATES = ["cert", "certificate", "certificates"]
# The field a qualification is in: "Cert IV in Information Technology", "Diploma in Hospitality
# Management", "Bachelor of Science in Nursing" (a course's subject, not a firm).
_FIELD_OF = re.compile(
    rf"(?<![\w.-])(?:(?i:{alternation([*_EARNED, *_CERTIFICATES], lower=True)})|BEd)"
    r"(?:[ \t]+(?i:i|ii|iii|iv|[1-4]))?(?:[ \t]+of[ \t]+[A-Z][\w&'’-]*)?[ \t]+(?i:in|of|dalam)[ \t]+$"
)
# Any word of the lists at all: most stories have none, and then nothing is looked at again.
_ANY = re.compile(
    rf"(?<![\w.-])(?:(?i:{alternation([*_EARNED, *_GRADUATED, *_CERTIFICATES], lower=True)})|BEd)(?![\w-])"
)


def without_study_places(tokens: TextWords, found: list[Found]) -> list[Found]:
    """`found` without the names and employers said as where a qualification was earned or the
    field it is in, unless the same words are hidden elsewhere in the story ("my MBA from
    Symbiosis ... worked at Symbiosis")."""
    text = tokens.text
    if not _ANY.search(text):
        return found
    studied = [
        span.kind in ("name", "employer")
        and bool(
            _EARNED_AT.search(text, max(0, span.start - 80), span.start)
            or _FIELD_OF.search(text, max(0, span.start - 40), span.start)
        )
        for span in found
    ]
    elsewhere = {tokens.low[span.start : span.end] for span, earned in zip(found, studied, strict=True) if not earned}
    return [
        span
        for span, earned in zip(found, studied, strict=True)
        if not earned or tokens.low[span.start : span.end] in elsewhere
    ]
