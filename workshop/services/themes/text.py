"""Words out of a story: tokens with their place in the text, clauses, stems, stop words.

Plain functions; the only state is size-bounded caches (stems per language and word, tokens
per text) kept in this process's memory. Story text is never logged.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer


@dataclass(frozen=True)
class StoryWords:
    """The words of one story, as parallel tuples (one entry per word).

    `words` are lower-cased and without accents, contractions expanded ("wasn't" -> was,
    not); `starts`/`ends` give the character span of the whole written word in the original
    text (so the "not" of "wasn't" points at "wasn't"); `clauses` number the stretches
    between boundaries (sentence ends, commas, dashes...; words such as "but" or "tapi" are
    added per language by `clauses_with`); `joined` is False where a redaction placeholder
    was removed just before the word.
    """

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    clauses: tuple[int, ...]
    joined: tuple[bool, ...]

    def __len__(self) -> int:
        return len(self.words)


# One pass over the text: a placeholder such as [name] (one unit that carries no words), a
# word, or a clause boundary (sentence end, comma, dash between spaces, ...).
_SCAN = re.compile(
    r"(?P<placeholder>\[[^\W\d_][^\[\]\n]{0,40}\])"
    r"|(?P<word>[^\W_]+(?:['’ʼ][^\W_]+)*)"
    r"|(?P<boundary>[.,;:!?()\[\]{}…\n\r–—]|\s-\s)"
)
# English words that start a new clause; a language's taxonomy file may list its own.
CLAUSE_WORDS = ("but", "however", "although", "though", "whereas")

# Contractions written without an apostrophe, a common shortcut on phones.
# A word list reads best as a block.
# fmt: off
_BARE_NEGATIONS = {
    "dont": "do", "doesnt": "does", "didnt": "did", "isnt": "is", "wasnt": "was",
    "werent": "were", "arent": "are", "havent": "have", "hasnt": "has", "hadnt": "had",
    "couldnt": "could", "wouldnt": "would", "shouldnt": "should", "cant": "can",
    "wont": "will", "mustnt": "must", "neednt": "need", "aint": "is",
}
# fmt: on
_NT_BASES = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}
_SUFFIXES = {"m": "am", "re": "are", "ve": "have", "ll": "will", "d": "would"}


def fold(text: str) -> str:
    """Lower-case, strip accents and unify apostrophes ("Résumé’s" -> "resume's")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.lower().replace("’", "'").replace("ʼ", "'")


@lru_cache(maxsize=65536)
def word_parts(written: str) -> tuple[str, ...]:
    """One written word -> folded words, contractions expanded ("Wasn't" -> was, not)."""
    word = fold(written)
    if word in _BARE_NEGATIONS:
        return (_BARE_NEGATIONS[word], "not")
    if word == "cannot":
        return ("can", "not")
    if "'" not in word:
        return (word,)
    if word.endswith("n't"):
        base = word[:-3]
        return (_NT_BASES.get(base, base), "not") if base else ("not",)
    head, _, tail = word.partition("'")
    if tail in _SUFFIXES:
        return (head, _SUFFIXES[tail])
    if tail == "s":
        return (head,)
    return (word.replace("'", ""),)


@lru_cache(maxsize=4096)
def tokenize(text: str) -> StoryWords:
    """Split a (redacted) story into words; placeholders are dropped, clauses numbered.

    Every word is kept, "but" too, so that each language's view of the story (see
    `clauses_with`) has the same words at the same positions.
    """
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    clauses: list[int] = []
    joined: list[bool] = []
    clause = 0
    after_placeholder = False
    for found in _SCAN.finditer(text):
        kind = found.lastgroup
        if kind == "word":
            parts = word_parts(found.group())
            start, end = found.span()
            for part in parts:
                words.append(part)
                starts.append(start)
                ends.append(end)
                clauses.append(clause)
                joined.append(not after_placeholder)
                after_placeholder = False
        elif kind == "boundary":
            clause += 1
        else:
            after_placeholder = True
    return StoryWords(tuple(words), tuple(starts), tuple(ends), tuple(clauses), tuple(joined))


def clauses_with(words: StoryWords, clause_words: frozenset[str]) -> tuple[int, ...]:
    """Clause numbers once `clause_words` ("but", "tapi"...) also separate clauses.

    Such a word sits alone in a clause of its own, so no pattern reaches across it.
    """
    if not clause_words.intersection(words.words):
        return words.clauses
    clauses, shift = [], 0
    for word, clause in zip(words.words, words.clauses, strict=True):
        if word in clause_words:
            clauses.append(clause + shift + 1)
            shift += 2
        else:
            clauses.append(clause + shift)
    return tuple(clauses)


_stemmers: dict[str, snowballstemmer.stemmer] = {}
_stem_lock = threading.Lock()


def check_stemmer(language: str) -> None:
    """Raise ValueError unless snowballstemmer has a stemmer of this name ("english")."""
    if language not in snowballstemmer.algorithms():
        raise ValueError(f"no stemmer for {language!r}; known: {', '.join(snowballstemmer.algorithms())}")


@lru_cache(maxsize=131072)
def stem(word: str, language: str = "english") -> str:
    """Snowball stem of one folded word (Porter 2 for English), cached per language and word."""
    if not word.isalpha():
        return word
    with _stem_lock:  # a stemmer object keeps state while it works
        stemmer = _stemmers.get(language)
        if stemmer is None:
            stemmer = _stemmers[language] = snowballstemmer.stemmer(language)
        return stemmer.stemWord(word)


NUMBER_WORDS = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred thousand""".split()
)


def is_number(word: str, number_words: frozenset[str] = NUMBER_WORDS) -> bool:
    """Digits anywhere ("3", "2nd", "20k") or a number word ("six", or the language's own)."""
    if word.isalpha():
        return word in number_words
    return any(ch.isdigit() for ch in word)


STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be been before being
    below between both but by can could did do does doing down during each either else
    ever every few for from further had has have having he her here hers herself him
    himself his how i if in into is it its itself just let me might more most must my
    myself neither no nor not now of off on once only or other our ours ourselves out over
    own same shall she should so some such than that the their theirs them themselves then
    there these they this those through to too under until up upon us very was we were
    what when where which while who whom why will with within without would yet you your
    yours yourself yourselves also although because cannot could etc however may maybe
    much many never nobody none nothing one onto per since still though thus unless
    whether whose via would anyway anyone anything someone something everyone everything
    oh ok okay yes yeah hmm whereas
    """.split()
)

# English words that may sit inside an emerging phrase between content words ("lack of
# trust"), never at its ends; a language's themes file may list its own.
CONNECTORS = frozenset({"of", "for", "in", "on", "to", "with", "and", "the", "a", "an", "at"})
