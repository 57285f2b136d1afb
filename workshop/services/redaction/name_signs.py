"""Learned signs that a word is part of a person's or an employer's name: the review's second
pair of eyes for what the rules left visible.

Each word of a story is described by a handful of signs: its shape (Title, UPPER, lower,
with digits), what the word lists know of it (everyday word, given name, place, job title),
the words around it and their shapes, and whether the writer types in capitals or in lower
case. A logistic model, learned from the labelled DEV stories by
`python -m tests.quality.train_names` and committed as `workshop/data/name_signs.txt`, weighs
those signs into the chance that the word belongs to a name or an employer. The model never
hides anything: it ranks the words the participant is asked about ("might be a name: hide
it?"). The signs are computed from the text alone, never from what the rules hid, so the
weights mean the same whether a word was hidden or not.
"""

from __future__ import annotations

import math
from functools import cache
from typing import NamedTuple

from .. import DATA_DIR
from .lexicon import name_lexicon
from .tokens import TextWords, Token

SIGNS_FILE = "name_signs.txt"
# Context words looked at on each side of a word.
_REACH = (-2, -1, 1, 2)


def shape(word: str) -> str:
    """How a word is typed: with digits, all capitals, Title case, Mixed case or lower case."""
    if any(ch.isdigit() for ch in word):
        return "digit"
    if len(word) > 1 and word.isupper():
        return "UP"
    if word[:1].isupper():
        return "Title" if len(word) == 1 or word[1:].islower() else "Mixed"
    return "low"


def signs(tokens: TextWords, index: int) -> list[str]:
    """The signs of word `index` of a story: what the model weighs."""
    lexicon = tokens.lexicon
    token = tokens.items[index]
    key = token.key
    form = shape(token.text)
    writer = "caps" if tokens.caseless else "lower" if tokens.lowercase else "normal"
    found = [
        f"shape={form}|{writer}",
        f"shape={form}|first={token.initial}",
        f"tier={tokens.tier(index)}|{form}",
        f"everyday={key in lexicon.common}|{form}",
        f"place={tokens.place_here(index)}",
        f"placeword={key in lexicon.places}",
        f"title={tokens.is_title(index)}",
        f"w={key}",
        f"end={key[-3:]}",
        f"len={min(len(key), 8)}",
    ]
    items = tokens.items
    for step in _REACH:
        other = index + step
        if not 0 <= other < len(items):
            found.append(f"w{step:+d}=<edge>")
            continue
        neighbour = items[other]
        near = shape(neighbour.text)
        found.append(f"w{step:+d}={neighbour.key}")
        found.append(f"shape{step:+d}={near}")
        if abs(step) == 1:
            gap = tokens.gap(min(index, other), max(index, other)).strip()
            found.append(f"gap{step:+d}={gap[:3]}")
            found.append(f"shape{step:+d}={near}|{form}")
    return found


class NameSigns(NamedTuple):
    bias: float
    weights: dict[str, float]

    def chance(self, found: list[str]) -> float:
        """The model's chance that a word with these signs is part of a name or employer."""
        total = self.bias + sum(self.weights.get(sign, 0.0) for sign in found)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, total))))


def parse(text: str) -> NameSigns:
    """Read a signs file: `bias<TAB>weight`, then one `sign<TAB>weight` per line; # comments."""
    bias, weights = 0.0, {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        sign, _, weight = line.rpartition("\t")
        if sign == "bias":
            bias = float(weight)
        else:
            weights[sign] = float(weight)
    return NameSigns(bias, weights)


@cache
def name_signs() -> NameSigns:
    return parse((DATA_DIR / SIGNS_FILE).read_text(encoding="utf-8"))


def likely_names(text: str, hidden: bytes | bytearray, threshold: float) -> list[Token]:
    """The visible words of `text` (those not flagged in `hidden`, one flag per character) that
    the model thinks are part of a name or an employer, in order of appearance."""
    tokens = TextWords(text, name_lexicon())
    model = name_signs()
    found = []
    for index, token in enumerate(tokens.items):
        if len(token.key) < 2 or any(hidden[token.start : token.end]):
            continue
        if model.chance(signs(tokens, index)) >= threshold:
            found.append(token)
    return found
