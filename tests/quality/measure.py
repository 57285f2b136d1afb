"""Run the product's redactor and theme matcher over the corpus and gather the figures as a dict.

Only the services' public faces are used, as the product uses them: each story is redacted
without a coach's employer list (what a participant sees before reviewing), and themes are
matched on the redacted text, which is what gets stored.

    from tests.quality.measure import measure
    figures = measure()
    figures["splits"]["heldout"]["all"]["redaction"]["name_employer_recall"]
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch

from workshop.services.redaction import might_be_names, redact
from workshop.services.themes import Taxonomy, load_taxonomy, match_story

from .corpus import PRIVATE_KINDS, SPLITS, Story, fold_of, heldout_digest, heldout_manifest, load_stories
from .score import StoryRedaction, hint_figures, redaction_figures, score_redaction, theme_figures, timing


@dataclass(frozen=True)
class Outcome:
    """What the engines made of one story."""

    story: Story
    redaction: StoryRedaction
    redacted: str
    spans: tuple[tuple[int, int, str], ...]  # the redactor's spans: start, end, kind
    themes: dict[str, tuple[str, ...]]  # suggested theme id -> evidence words
    redact_ms: float
    themes_ms: float
    hints: tuple[str, ...] = ()  # the review's "might be a name: hide it?" words
    hinted: StoryRedaction | None = None  # the redaction once the participant takes every hint


def run(stories: Sequence[Story], repeats: int = 3, taxonomy: Taxonomy | None = None) -> list[Outcome]:
    """Redact and theme every story, timing each call; the median of `repeats` runs is kept.

    Times are warm (word lists loaded, patterns compiled, word caches filled by a warm-up pass
    over slightly different texts) but every timed text is new to the engines' per-text caches,
    as a participant's story is: repeat r times the story followed by r newlines. `taxonomy`:
    the product's own unless given (e.g. with fallback words learned from fewer stories).
    """
    taxonomy = taxonomy or load_taxonomy()
    for story in stories:
        match_story(redact("Warm-up.\n" + story.text).redacted, taxonomy)
    outcomes = []
    for story in stories:
        redact_times, theme_times = [], []
        for repeat in range(max(1, repeats)):
            start = time.perf_counter()
            redaction = redact(story.text + "\n" * repeat)
            middle = time.perf_counter()
            found = match_story(redaction.redacted, taxonomy)
            end = time.perf_counter()
            redact_times.append((middle - start) * 1000)
            theme_times.append((end - middle) * 1000)
            if repeat == 0:
                result, matches = redaction, found
        scored = score_redaction(story.text, story.spans, story.keeps, [(s.start, s.end) for s in result.spans])
        hints = tuple(might_be_names(result))
        taken = redact(story.text, extra=hints) if hints else result
        hinted = score_redaction(story.text, story.spans, story.keeps, [(s.start, s.end) for s in taken.spans])
        outcomes.append(
            Outcome(
                story=story,
                redaction=scored,
                redacted=result.redacted,
                spans=tuple((s.start, s.end, s.kind) for s in result.spans),
                themes={m.theme_id: tuple(m.evidence) for m in matches},
                redact_ms=statistics.median(redact_times),
                themes_ms=statistics.median(theme_times),
                hints=hints,
                hinted=hinted,
            )
        )
    return outcomes


def figures(outcomes: Sequence[Outcome], theme_ids: Sequence[str]) -> dict:
    """Redaction and theme figures for one set of stories (a split, a group, a language)."""
    redaction = redaction_figures([o.redaction for o in outcomes], PRIVATE_KINDS)
    redaction["time"] = timing([o.redact_ms for o in outcomes])
    redaction["hints"] = hint_figures([(o.story, o.hints, o.hinted or o.redaction) for o in outcomes])
    themes = theme_figures([set(o.story.themes) for o in outcomes], [set(o.themes) for o in outcomes], theme_ids)
    themes["time"] = timing([o.themes_ms for o in outcomes])
    return {"stories": len(outcomes), "redaction": redaction, "themes": themes}


def summarise(
    outcomes: Sequence[Outcome], splits: Sequence[str] = SPLITS, part: Callable[[Outcome], str] | None = None
) -> dict:
    """Figures per split: the whole split, each voice group and each main language.

    `part` names the set each outcome belongs to when the sets are not the corpus splits
    (e.g. the dev split's tuning and validation groups); `splits` then lists those names.
    """
    part = part or (lambda o: o.story.split)
    theme_ids = [theme.id for theme in load_taxonomy().themes]
    manifest = heldout_manifest()
    result: dict = {
        "corpus": {
            "heldout_sha256": heldout_digest(manifest),
            "stories": {split: sum(1 for o in outcomes if part(o) == split) for split in splits},
        },
        "splits": {},
    }
    for split in splits:
        chosen = [o for o in outcomes if part(o) == split]
        groups = sorted({o.story.group for o in chosen})
        langs = sorted({o.story.lang for o in chosen})
        result["splits"][split] = {
            "all": figures(chosen, theme_ids),
            "groups": {g: figures([o for o in chosen if o.story.group == g], theme_ids) for g in groups},
            "langs": {lang: figures([o for o in chosen if o.story.lang == lang], theme_ids) for lang in langs},
        }
    return result


def measure(repeats: int = 3, splits: Sequence[str] = SPLITS) -> dict:
    """Every figure of the quality report, for both splits (or the ones named), as plain data."""
    return summarise(run(load_stories(splits), repeats), splits)


def fold_figures(outcomes: Sequence[Outcome], folds: int, validate: Sequence[int] = ()) -> dict:
    """Redaction figures of the dev split per validation fold, overall and per language.

    `validate`: folds held back from tuning (their misses are not listed); the result also pools
    the tuning folds and the validation folds, so a change is judged on stories that did not
    inspire it.
    """
    dev = [o for o in outcomes if o.story.split == "dev"]
    dealt = {o.story.id: fold_of(o.story, folds) for o in dev}
    result = {"folds": {n: pooled([o for o in dev if dealt[o.story.id] == n]) for n in range(folds)}}
    if validate:
        result["tuning"] = pooled([o for o in dev if dealt[o.story.id] not in validate])
        result["validation"] = pooled([o for o in dev if dealt[o.story.id] in validate])
    return result


def validation_file(
    story: Story, patterns: Sequence[str], folds: int | None = None, validate: Sequence[int] = ()
) -> bool:
    """Whether a dev story is held back for validation: it comes from a file named like one of
    `patterns` ("en-sea-2" for "*-2") and, when `folds` is given, lies in one of the `validate`
    folds (so half of a later batch can be read for tuning while the other half stays unread)."""
    if not any(fnmatch(story.file, pattern) for pattern in patterns):
        return False
    return folds is None or fold_of(story, folds) in validate


def file_figures(
    outcomes: Sequence[Outcome], patterns: Sequence[str], folds: int | None = None, validate: Sequence[int] = ()
) -> dict:
    """Redaction figures of the dev split: the stories tuned on, and those held back for validation.

    `patterns`: shell-style patterns of story file names ("*-2"); stories from matching files (and
    in the `validate` folds, when `folds` is given) are the validation set, every other dev story
    the tuning set.
    """
    dev = [o for o in outcomes if o.story.split == "dev"]
    held = [validation_file(o.story, patterns, folds, validate) for o in dev]
    return {
        "patterns": list(patterns),
        "folds": {"folds": folds, "validate": list(validate)} if folds else None,
        "tuning": pooled([o for o, h in zip(dev, held, strict=True) if not h]),
        "validation": pooled([o for o, h in zip(dev, held, strict=True) if h]),
    }


def pooled(chosen: Sequence[Outcome]) -> dict:
    """Redaction figures of some stories, overall and per main language."""
    langs = sorted({o.story.lang for o in chosen})
    return {
        "stories": len(chosen),
        "all": redaction_figures([o.redaction for o in chosen], PRIVATE_KINDS),
        "langs": {
            lang: redaction_figures([o.redaction for o in chosen if o.story.lang == lang], PRIVATE_KINDS)
            for lang in langs
        },
    }
