"""Scoring redaction and theme suggestions against gold labels: plain functions, no I/O, no engines.

Redaction is judged on letters and digits, so that a span trimmed of its quotes or full stop still
counts. A gold detail is *hidden* when every letter and digit of it lies inside some redaction span,
whatever kind the redactor gave it; a hard negative (keep) or an ordinary word is *damaged* when
any letter or digit of it was redacted.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from .corpus import Span

# Kinds whose every miss is a leak: the promise is zero of them, not a rate.
LEAK_KINDS = ("email", "phone", "link", "handle")
NAME_KINDS = ("name", "employer")
# Titles written right before a person's name. The corpus leaves them outside gold name spans, and
# hiding them with the name is no damage (see CORPUS_FORMAT: "honorifics ... are neutral").
HONORIFICS = frozenset(
    """mr mrs ms miss mx dr doc prof professor sir madam madame ma'am maam lady lord dame
    rev fr father pastor sister brother bro sis imam sheikh captain capt sgt judge principal chef coach
    chief engr eng oga alhaji alhaja hajiya barr adv advocate atty hon mzee bwana mama baba
    pak bapak bu ibu mas mbak kak kakak abang bang adik encik cik puan tuan datuk dato datin haji hajah
    ate kuya tita tito manong manang oom tannie aunty auntie uncle shri sri smt
    koh ci cici koko bli teh cak gek om tante nyonya daeng kyai ustaz ustazah ustadz cikgu makcik pakcik
    hajjah meneer mevrou sisi bhuti mallam malam kumari doctor mister missus reverend deacon deaconess
    bishop evang pharm arc nurse officer herr frau monsieur mme mlle mademoiselle senor señor senora
    señora senorita señorita sr sra srta signor signora dona doña mam""".split()
)
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_BEFORE_NAME = re.compile(r"\.?\s+")


def redacted_mask(length: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    """One flag per character of the story: 1 where a redaction span covers it."""
    mask = bytearray(length)
    for start, end in spans:
        mask[max(start, 0) : min(end, length)] = b"\x01" * (min(end, length) - max(start, 0))
    return mask


def _alnum(text: str, start: int, end: int) -> list[int]:
    return [i for i in range(start, end) if text[i].isalnum()]


def is_hidden(text: str, mask: bytearray, start: int, end: int) -> bool:
    """Every letter and digit of text[start:end] is redacted (a piece left visible is a miss)."""
    return all(mask[i] for i in _alnum(text, start, end))


def is_touched(text: str, mask: bytearray, start: int, end: int) -> bool:
    """At least one letter or digit of text[start:end] is redacted."""
    return any(mask[i] for i in _alnum(text, start, end))


def ordinary_words(text: str, gold: Sequence[Span]) -> list[tuple[int, int]]:
    """Word tokens outside every gold span (details and keeps), minus honorifics before a gold name
    (several in a row too: "Tan Sri", "Pak Cik")."""
    marked = sorted((s.start, s.end) for s in gold)
    neutral = {s.start for s in gold if s.kind == "name"}  # a name's start, then its honorifics'
    outside = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        if not any(a < end and start < b for a, b in marked):
            outside.append((start, end, match.group()))
    words = []
    for start, end, word in reversed(outside):
        if word.casefold().replace("’", "'") in HONORIFICS:
            gap = _BEFORE_NAME.match(text, end)
            if gap and gap.end() in neutral:
                neutral.add(start)
                continue
        words.append((start, end))
    return words[::-1]


@dataclass
class StoryRedaction:
    """How one story's redaction compares with its gold labels."""

    missed: list[Span] = field(default_factory=list)  # gold details left (partly) visible
    found: list[Span] = field(default_factory=list)  # gold details fully hidden
    damaged_keeps: list[Span] = field(default_factory=list)
    keeps: int = 0
    damaged_words: list[str] = field(default_factory=list)
    words: int = 0


def score_redaction(
    text: str, spans: Sequence[Span], keeps: Sequence[Span], redacted: Iterable[tuple[int, int]]
) -> StoryRedaction:
    """Compare the redactor's spans (offsets into `text`) with one story's gold details and keeps."""
    mask = redacted_mask(len(text), redacted)
    result = StoryRedaction(keeps=len(keeps))
    for span in spans:
        (result.found if is_hidden(text, mask, span.start, span.end) else result.missed).append(span)
    result.damaged_keeps = [k for k in keeps if is_touched(text, mask, k.start, k.end)]
    words = ordinary_words(text, [*spans, *keeps])
    result.words = len(words)
    result.damaged_words = [text[a:b] for a, b in words if is_touched(text, mask, a, b)]
    return result


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return None
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def redaction_figures(scored: Sequence[StoryRedaction], kinds: Sequence[str]) -> dict:
    """Per-kind recall, name+employer recall, leaks and damage over a set of stories."""
    recall = {}
    for kind in kinds:
        hidden = sum(1 for s in scored for span in s.found if span.kind == kind)
        total = hidden + sum(1 for s in scored for span in s.missed if span.kind == kind)
        recall[kind] = {"hidden": hidden, "total": total, "recall": ratio(hidden, total)}
    names_hidden = sum(recall[k]["hidden"] for k in NAME_KINDS if k in recall)
    names_total = sum(recall[k]["total"] for k in NAME_KINDS if k in recall)
    keeps = sum(s.keeps for s in scored)
    damaged_keeps = sum(len(s.damaged_keeps) for s in scored)
    words = sum(s.words for s in scored)
    damaged_words = sum(len(s.damaged_words) for s in scored)
    return {
        "recall": recall,
        "name_employer_recall": ratio(names_hidden, names_total),
        "name_employer": {"hidden": names_hidden, "total": names_total},
        "leaks": sum(1 for s in scored for span in s.missed if span.kind in LEAK_KINDS),
        "keep_damage": ratio(damaged_keeps, keeps),
        "keeps": {"damaged": damaged_keeps, "total": keeps},
        "word_damage": ratio(damaged_words, words),
        "words": {"damaged": damaged_words, "total": words},
    }


def hint_figures(stories: Sequence[tuple[object, Sequence[str], StoryRedaction]]) -> dict:
    """What the review's "might be a name: hide it?" hint adds, per story (gold, hints, the
    redaction with every hint taken): name+employer recall if the participant took every hint,
    how many hints a story gets, the share of hints that are part of a gold name or employer,
    and what taking them all would cost: the hard negatives then hidden."""
    hidden = total = hints = useful = damaged = keeps = 0
    for story, words, taken in stories:
        damaged += len(taken.damaged_keeps)
        keeps += taken.keeps
        hidden += sum(1 for span in taken.found if span.kind in NAME_KINDS)
        total += sum(1 for span in [*taken.found, *taken.missed] if span.kind in NAME_KINDS)
        hints += len(words)
        names = [story.text[span.start : span.end] for span in story.spans if span.kind in NAME_KINDS]
        useful += sum(1 for word in words if any(word in name for name in names))
    return {
        "name_employer_recall": ratio(hidden, total),
        "hints": hints,
        "per_story": ratio(hints, len(stories)),
        "useful": ratio(useful, hints),
        "keep_damage": ratio(damaged, keeps),
    }


def pairwise_f1(gold: Sequence[set[str]], predicted: Sequence[set[str]]) -> float | None:
    """Over every pair of stories: does the pair share a predicted theme, and a gold one?"""
    tp = fp = fn = 0
    for i, j in combinations(range(len(gold)), 2):
        said = bool(predicted[i] & predicted[j])
        truth = bool(gold[i] & gold[j])
        tp += said and truth
        fp += said and not truth
        fn += truth and not said
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else None


def theme_figures(gold: Sequence[set[str]], predicted: Sequence[set[str]], theme_ids: Sequence[str]) -> dict:
    """Per-theme precision, recall, F1 and support; micro-F1; coverage; pairwise theme-sharing F1."""
    per_theme = {}
    total_tp = total_fp = total_fn = 0
    for theme in theme_ids:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if theme in g and theme in p)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if theme not in g and theme in p)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if theme in g and theme not in p)
        precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
        per_theme[theme] = {
            "precision": precision,
            "recall": recall,
            "f1": f1(precision, recall),
            "support": tp + fn,
            "suggested": tp + fp,
        }
        total_tp, total_fp, total_fn = total_tp + tp, total_fp + fp, total_fn + fn
    micro_p, micro_r = ratio(total_tp, total_tp + total_fp), ratio(total_tp, total_tp + total_fn)
    labelled = [p for g, p in zip(gold, predicted, strict=True) if g]
    return {
        "per_theme": per_theme,
        "micro_precision": micro_p,
        "micro_recall": micro_r,
        "micro_f1": f1(micro_p, micro_r),
        "coverage": ratio(sum(1 for p in labelled if p), len(labelled)),
        "pairwise_f1": pairwise_f1(gold, predicted),
        "no_theme_stories": sum(1 for g in gold if not g),
        "no_theme_suggested": sum(1 for g, p in zip(gold, predicted, strict=True) if not g and p),
    }


def timing(milliseconds: Sequence[float]) -> dict:
    """Mean and 95th percentile (nearest rank) of per-story times."""
    if not milliseconds:
        return {"mean_ms": None, "p95_ms": None}
    ordered = sorted(milliseconds)
    rank = max(0, -(-95 * len(ordered) // 100) - 1)
    return {"mean_ms": sum(ordered) / len(ordered), "p95_ms": ordered[rank]}
