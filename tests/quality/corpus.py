"""The language-quality corpus: labelled stories read from TOML, inline markup turned into offsets.

A story's text carries its gold labels inline, `[[kind:surface text]]`; `parse_markup` removes
the markup and records each span's (kind, start, end) in the clean text. The format is
described in tests/quality/README.md.
"""

from __future__ import annotations

import hashlib
import re
import sys
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORIES = HERE / "stories"
SPLITS = ("dev", "heldout")
PRIVATE_KINDS = ("name", "employer", "email", "phone", "link", "handle", "address", "reference")
KINDS = (*PRIVATE_KINDS, "keep")
LANGS = ("en", "id", "ms")
_MARK = re.compile(r"\[\[([a-z]+):(.*?)\]\]", re.DOTALL)
_PREFIX = {"dev": "d-", "heldout": "h-"}
# A later batch of stories for a group lives in its own file, "en-sea-2.toml": same voice group.
_BATCH = re.compile(r"-\d+$")
HELDOUT_MANIFEST = HERE / "HELDOUT.sha256"
# Validation folds of the dev split (see `fold_of`): fixed, so every run deals the same folds.
FOLD_SEED = "rebound-dev-folds-1"


class CorpusError(ValueError):
    """A story file that does not follow the format."""


@dataclass(frozen=True)
class Span:
    kind: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Story:
    id: str
    split: str
    group: str
    lang: str
    voice: str
    style: str
    text: str  # clean text, markup removed: what a participant would type
    spans: tuple[Span, ...]  # gold details to hide (every kind but keep)
    keeps: tuple[Span, ...]  # hard negatives: must survive redaction
    themes: tuple[str, ...]
    source: str  # file the story came from, relative to tests/quality/

    @property
    def file(self) -> str:
        """The story file's name without ".toml" ("en-sea-2"): a batch of a voice group."""
        return Path(self.source).stem


def parse_markup(marked: str) -> tuple[str, list[Span]]:
    """Clean text and the gold spans of `[[kind:surface]]` markup, offsets into the clean text."""
    out: list[str] = []
    spans: list[Span] = []
    cursor = length = 0
    for match in _MARK.finditer(marked):
        kind, surface = match.group(1), match.group(2)
        if kind not in KINDS:
            raise CorpusError(f"unknown kind {kind!r} in {match.group(0)!r}")
        if not surface.strip() or surface != surface.strip() or "[[" in surface:
            raise CorpusError(f"bad surface text in {match.group(0)!r}")
        before = marked[cursor : match.start()]
        out.append(before)
        length += len(before)
        spans.append(Span(kind, length, length + len(surface), surface))
        out.append(surface)
        length += len(surface)
        cursor = match.end()
    out.append(marked[cursor:])
    clean = "".join(out)
    if "[[" in clean or "]]" in clean:
        raise CorpusError(f"unclosed or malformed markup near {clean[clean.find('[[') :][:40]!r}")
    return clean, spans


def _story(record: dict, split: str, group: str, source: str) -> Story:
    ident = record.get("id")
    if not isinstance(ident, str) or not ident.startswith(_PREFIX[split]):
        raise CorpusError(f"{source}: story id {ident!r} must start with {_PREFIX[split]!r}")
    text, spans = parse_markup(str(record.get("text", "")))
    themes = record.get("themes")
    if not isinstance(themes, list) or not all(isinstance(t, str) for t in themes):
        raise CorpusError(f"{source}: {ident} needs a themes list ([] when none fits)")
    if record.get("lang") not in LANGS:
        raise CorpusError(f"{source}: {ident} has lang {record.get('lang')!r}, expected one of {LANGS}")
    return Story(
        id=ident,
        split=split,
        group=group,
        lang=record["lang"],
        voice=str(record.get("voice", "")),
        style=str(record.get("style", "plain")),
        text=text,
        spans=tuple(s for s in spans if s.kind != "keep"),
        keeps=tuple(s for s in spans if s.kind == "keep"),
        themes=tuple(dict.fromkeys(themes)),
        source=source,
    )


def story_files(split: str, root: Path = STORIES) -> list[Path]:
    """The split's story files in a stable order (sorted by path)."""
    return sorted((root / split).glob("*.toml"))


def load_file(path: Path, split: str) -> list[Story]:
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    source = path.relative_to(HERE).as_posix() if path.is_relative_to(HERE) else path.name
    group = _BATCH.sub("", path.stem)  # "en-sea-2" is a second batch of the voice group "en-sea"
    return [_story(record, split, group, source) for record in data.get("stories", [])]


def load_stories(splits: Iterable[str] = SPLITS, root: Path = STORIES) -> list[Story]:
    """Every story of the given splits; ids are checked to be unique across them."""
    stories: list[Story] = []
    for split in splits:
        if split not in SPLITS:
            raise CorpusError(f"unknown split {split!r}")
        for path in story_files(split, root):
            stories.extend(load_file(path, split))
    seen: set[str] = set()
    for story in stories:
        if story.id in seen:
            raise CorpusError(f"duplicate story id {story.id}")
        seen.add(story.id)
    return stories


def fold_of(story: Story, folds: int, seed: str = FOLD_SEED) -> int:
    """The validation fold (0 .. folds-1) of one story: a fixed shuffle of each story file.

    Stories of a file are ordered by a hash of the seed and their id and dealt out in turn,
    so every fold holds every voice group, and a story keeps its fold when other files are added.
    """
    if folds < 2:
        raise CorpusError("folds must be at least 2")
    return _fold_table(folds, seed).get(story.id, _rank(seed, story.id) % folds)


def _rank(seed: str, ident: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{seed}:{ident}".encode()).digest()[:8], "big")


_FOLD_TABLES: dict[tuple[int, str], dict[str, int]] = {}


def _fold_table(folds: int, seed: str) -> dict[str, int]:
    """Story id -> fold for the dev split, dealt file by file (computed once per process)."""
    key = (folds, seed)
    if key not in _FOLD_TABLES:
        table: dict[str, int] = {}
        by_file: dict[str, list[str]] = {}
        for story in load_stories(("dev",)):
            by_file.setdefault(story.file, []).append(story.id)
        offset = 0
        for name in sorted(by_file):
            ids = sorted(by_file[name], key=lambda ident: _rank(seed, ident))
            for position, ident in enumerate(ids):
                table[ident] = (offset + position) % folds
            offset += len(ids)  # files do not all start in fold 0, so folds stay even in size
        _FOLD_TABLES[key] = table
    return _FOLD_TABLES[key]


def heldout_manifest(root: Path = STORIES) -> str:
    """The held-out set's fingerprint, in `sha256sum` format relative to tests/quality/.

    One line per held-out story file, sorted by path: the SHA-256 of the file's exact bytes,
    two spaces, its path. `cd tests/quality && sha256sum -c HELDOUT.sha256` checks it too.
    """
    lines = []
    for path in story_files("heldout", root):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(root.parent).as_posix()}\n")
    return "".join(lines)


def heldout_digest(manifest: str) -> str:
    """One hash for the whole held-out set: the SHA-256 of the manifest's bytes."""
    return hashlib.sha256(manifest.encode()).hexdigest()


def main(argv: list[str]) -> int:
    """`python -m tests.quality.corpus [--write-heldout-hash]`: check (or record) the held-out hash."""
    manifest = heldout_manifest()
    if argv == ["--write-heldout-hash"]:
        HELDOUT_MANIFEST.write_text(manifest, encoding="utf-8")
        print(f"wrote {HELDOUT_MANIFEST.name}: held-out set {heldout_digest(manifest)}")
        return 0
    if argv:
        print("usage: python -m tests.quality.corpus [--write-heldout-hash]", file=sys.stderr)
        return 2
    recorded = HELDOUT_MANIFEST.read_text(encoding="utf-8") if HELDOUT_MANIFEST.exists() else ""
    same = recorded == manifest
    print(f"held-out set {heldout_digest(manifest)}: {'matches' if same else 'DIFFERS FROM'} {HELDOUT_MANIFEST.name}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
