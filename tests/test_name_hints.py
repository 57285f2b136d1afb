"""The review's "might be a name: hide it?" hint: learned name signs rank the words the rules
left visible; the signs file is what the dev stories give and holds no personal detail."""

from __future__ import annotations

import pytest

from tests.quality.corpus import load_stories
from tests.quality.train_names import OUTPUT, dump, learn
from workshop.services.redaction import hinted_segments, might_be_names, redact
from workshop.services.redaction.hints import MAX_HINTS
from workshop.services.redaction.lexicon import name_lexicon
from workshop.services.redaction.name_signs import NameSigns, name_signs, parse, shape, signs
from workshop.services.redaction.tokens import TextWords


@pytest.fixture(scope="module")
def dev():
    return load_stories(["dev"])


def test_a_name_the_rules_left_visible_is_offered():
    result = redact("My cousin Tobenna got me the referral but Olvarra still said no.")
    assert "Tobenna" not in result.redacted  # the rules hid the cousin
    assert "Olvarra" in result.redacted
    assert might_be_names(result) == ["Olvarra"]


def test_hidden_words_openers_tools_places_and_job_titles_are_not_offered():
    result = redact("Went to Kisumu. Then Chiamaka Obiora asked about Tableau and Excel.")
    assert might_be_names(result) == []
    titles = redact("They use Jira and Excel, and the Manchester office wanted a Scrum Master.")
    assert might_be_names(titles) == []


def test_each_word_is_offered_once_and_never_more_than_the_limit():
    names = ["Olvarra", "Brenquist", "Tavorri", "Quelmont", "Dravenport", "Ostrelle", "Vintaro", "Kelbrook", "Zorvane"]
    story = " ".join(f"but {name} still said no, but {name} still said no." for name in names)
    hints = might_be_names(redact(story))
    assert hints == names[:MAX_HINTS]  # in order of appearance, each once, eight at most
    assert might_be_names(redact(story), limit=2) == hints[:2]


def test_a_hint_hides_nothing_by_itself():
    text = "My cousin Tobenna got me the referral but Olvarra still said no."
    result = redact(text)
    assert might_be_names(result) and "Olvarra" in result.redacted
    assert "Olvarra" not in redact(text, extra=might_be_names(result)).redacted


def test_signs_read_the_shape_of_a_word_and_its_neighbours():
    assert [shape(w) for w in ("Olvarra", "GWT", "olvarra", "Quikr8", "McBride")] == [
        "Title",
        "UP",
        "low",
        "digit",
        "Mixed",
    ]
    tokens = TextWords("I met Mr Olvarra there", name_lexicon())
    found = signs(tokens, 3)
    assert {"w=olvarra", "w-1=mr", "w+1=there", "shape=Title|first=False", "w+2=<edge>"} <= set(found)


def test_a_signs_file_reads_back_as_written():
    model = parse("# a note\nbias\t-2.5\nw-1=mr\t1.75\nshape=Title|first=False\t0.5\n")
    assert model == NameSigns(-2.5, {"w-1=mr": 1.75, "shape=Title|first=False": 0.5})
    assert model.chance(["w-1=mr", "shape=Title|first=False", "unknown"]) == pytest.approx(0.4378, abs=1e-4)


def test_the_committed_signs_are_what_the_dev_stories_give(dev):
    # Retrain with `python -m tests.quality.train_names` after changing the dev stories.
    learned = learn(dev)
    assert parse(OUTPUT.read_text(encoding="utf-8")) == learned == name_signs()
    assert OUTPUT.read_text(encoding="utf-8") == dump(learned)
    assert all(s.split == "dev" for s in dev)


def test_the_signs_have_learned_the_cues_a_coach_would_expect():
    weights = name_signs().weights
    assert weights["w-1=mr"] > 1 and weights["w+1=said"] > 1  # "Mr ...", "... said"
    assert weights["w-1=in"] < -1 and weights["w-1=the"] < -1  # "in Lagos", "the panel"


def test_no_personal_detail_of_a_story_becomes_a_sign(dev):
    lexicon = name_lexicon()
    private = set()
    for story in dev:
        for span in story.spans:
            tokens = TextWords(story.text[span.start : span.end], lexicon)
            private.update(t.key for t in tokens.items if t.key not in lexicon.common)
    assert len(private) > 1000  # the dev stories name many people and firms
    words = {sign.partition("=")[2] for sign in name_signs().weights if sign.startswith("w")}
    assert words and not words & private


def test_the_preview_points_at_each_offered_word_and_nothing_else():
    result = redact(
        "My cousin Tobenna got me in, but Olvarra still said no, not olvarra-nya or Olvarras, and OLVARRA again."
    )
    pieces = hinted_segments(result, ["Olvarra"])
    assert "".join(text for text, _ in pieces) == result.original
    # the words "Hide" would hide: whole words in any case, a clitic's stem too, not a longer word
    assert [text for text, kind in pieces if kind == "hint"] == ["Olvarra", "olvarra", "OLVARRA"]
    assert [kind for text, kind in pieces if text == "Tobenna"] == ["name"]  # hidden stays hidden
    assert hinted_segments(result, []) == result.segments()


def test_a_word_inside_a_hidden_part_is_not_pointed_at():
    result = redact("Tobenna Olvarra called me.")
    assert "Olvarra" not in result.redacted
    assert all(kind != "hint" for _, kind in hinted_segments(result, ["Olvarra"]))


def test_words_of_one_name_side_by_side_are_offered_as_one_phrase(monkeypatch):
    from workshop.services.redaction import hints

    likely = {"velmora", "brisk", "kettle", "crumb", "olvarra", "wichita"}

    def fake(text, hidden, threshold):
        tokens = TextWords(text, name_lexicon()).items
        return [t for t in tokens if t.text in likely and not any(hidden[t.start : t.end])]

    monkeypatch.setattr(hints, "likely_names", fake)
    text = "so velmora brisk said no, kettle & crumb too, then olvarra. in wichita, velmora brisk again."
    assert redact(text).redacted == text  # nothing hidden by the rules
    # side by side (with "&", "and", "of" between) one phrase; apart, or past a comma, not
    assert might_be_names(redact(text)) == ["velmora brisk", "kettle & crumb", "olvarra", "wichita"]
    # a phrase hides where it stands, as the participant's own "Hide more" line would
    taken = redact(text, extra=["velmora brisk"]).redacted
    assert "velmora" not in taken and taken.count("[redacted]") == 2
