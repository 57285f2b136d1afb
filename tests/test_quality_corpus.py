"""The language-quality corpus: story files follow the shared format; the held-out set is frozen."""

from __future__ import annotations

import shutil
from itertools import pairwise

import pytest

from tests.quality.corpus import (
    HELDOUT_MANIFEST,
    STORIES,
    CorpusError,
    heldout_manifest,
    load_stories,
    parse_markup,
)
from workshop.services.themes import load_taxonomy


def test_heldout_stories_match_the_recorded_hash():
    recorded = HELDOUT_MANIFEST.read_text(encoding="utf-8")
    assert heldout_manifest() == recorded, (
        "The held-out stories changed but tests/quality/HELDOUT.sha256 did not. Held-out stories "
        "are written before tuning and never edited to suit the code. If you added NEW held-out "
        "stories (written blind), record them with `.venv/bin/python -m tests.quality.corpus "
        "--write-heldout-hash` and say so in the commit message."
    )


def test_the_hash_notices_a_one_character_edit(tmp_path):
    copy = tmp_path / "stories"
    shutil.copytree(STORIES / "heldout", copy / "heldout")
    before = heldout_manifest(copy)
    victim = sorted((copy / "heldout").glob("*.toml"))[0]
    victim.write_bytes(victim.read_bytes().replace(b"[[name:", b"[[keep:", 1))
    assert heldout_manifest(copy) != before
    (copy / "heldout" / "zz-new.toml").write_text("", encoding="utf-8")
    assert "stories/heldout/zz-new.toml" in heldout_manifest(copy)


def test_markup_becomes_clean_text_and_offsets():
    text, spans = parse_markup("Bu [[name:Ratih]] at [[employer:Hotel Candra]] in [[keep:Solo]], [[email:r@c.id]].")
    assert text == "Bu Ratih at Hotel Candra in Solo, r@c.id."
    assert [(s.kind, text[s.start : s.end]) for s in spans] == [
        ("name", "Ratih"),
        ("employer", "Hotel Candra"),
        ("keep", "Solo"),
        ("email", "r@c.id"),
    ]


@pytest.mark.parametrize("marked", ["[[nam:Ratih]] left", "[[name: Ratih]]", "[[name:Ratih] left", "a ]] b"])
def test_malformed_markup_is_refused(marked):
    with pytest.raises(CorpusError):
        parse_markup(marked)


def test_every_story_follows_the_format():
    stories = load_stories()
    theme_ids = {theme.id for theme in load_taxonomy().themes}
    assert {s.split for s in stories} == {"dev", "heldout"}
    for story in stories:
        assert set(story.themes) <= theme_ids, story.id
        assert 20 <= len(story.text.split()) <= 220, story.id
        marked = sorted((*story.spans, *story.keeps), key=lambda s: s.start)
        for span in marked:
            assert story.text[span.start : span.end] == span.text, story.id
        for first, second in pairwise(marked):
            assert first.end <= second.start, f"{story.id}: overlapping gold spans"
