"""The fallback theme guess: word weights learned from the dev stories, used only when no
pattern matched, never against a negation, always with the story's own words as evidence."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from tests.quality.corpus import load_stories
from tests.quality.train_words import HEADER, OUTPUT, learn, placeholders
from workshop.services.redaction.lexicon import name_lexicon
from workshop.services.themes import Taxonomy, load_taxonomy, match_story
from workshop.services.themes.fallback import ThemeWords, WordModel, dump, load_words

# A story of ordinary words that no pattern reads as a theme.
PLAIN = (
    "The panel asked about budgets, spreadsheets, forecasting, quarterly reporting, vendor "
    "contracts, stakeholder meetings, procurement rules, audit trails and office supplies."
)
TOY = WordModel(
    (
        ThemeWords("skills_test", -2.5, (("spreadsheet", 3.0), ("forecast", 2.5), ("audit", 1.0))),
        ThemeWords("salary_mismatch", -2.5, (("budget", 4.0),)),
    )
)


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.fixture(scope="module")
def toy(taxonomy) -> Taxonomy:
    return replace(taxonomy, words=TOY)


def ids(text: str, taxonomy: Taxonomy) -> list[str]:
    return [m.theme_id for m in match_story(text, taxonomy)]


def test_no_pattern_matches_the_plain_story(taxonomy):
    assert ids(PLAIN, replace(taxonomy, words=None)) == []


def test_a_story_no_pattern_matched_gets_the_likeliest_theme_with_its_own_words(toy):
    (match,) = match_story(PLAIN, toy)
    assert match.theme_id == "skills_test" and match.label == toy.get("skills_test").label
    assert match.evidence == ("spreadsheets", "forecasting", "audit")  # in story order
    assert all(word in PLAIN for word in match.evidence)


def test_a_guess_is_tentative_and_a_pattern_match_is_not(toy):
    (guess,) = match_story(PLAIN, toy)
    (found,) = match_story("They ghosted me after the final round.", toy)
    assert guess.tentative and not found.tentative


def test_no_guess_when_no_theme_clearly_leads(taxonomy):
    close = WordModel(
        (
            ThemeWords("skills_test", -2.5, (("spreadsheet", 2.5), ("forecast", 2.0))),
            ThemeWords("salary_mismatch", -2.5, (("budget", 3.0), ("vendor", 1.0))),
        )
    )
    assert ids(PLAIN, replace(taxonomy, words=close)) == []  # 2.0 against 1.5: too close to call
    clear = WordModel((*close.themes[:1], ThemeWords("salary_mismatch", -2.5, (("budget", 1.0),))))
    assert ids(PLAIN, replace(taxonomy, words=clear)) == ["skills_test"]  # 2.0 against -1.5
    ahead = WordModel((*close.themes[:1], ThemeWords("salary_mismatch", -2.5, (("budget", 2.8),))))
    assert ids(PLAIN, replace(taxonomy, words=ahead)) == ["skills_test"]  # 2.0 against 0.3: leads by 1.7


def test_a_theme_whose_guesses_were_mostly_wrong_is_never_guessed_and_yields_to_no_other(taxonomy, tmp_path):
    unreliable = WordModel((replace(TOY.themes[0], guessed=False), TOY.themes[1]))
    assert ids(PLAIN, replace(taxonomy, words=unreliable)) == []  # not skills_test, nor the runner-up
    saved = tmp_path / "words.toml"
    saved.write_text(dump(unreliable), encoding="utf-8")
    assert load_words(saved) == unreliable and load_words(saved) != TOY


def test_themes_guessed_wrongly_on_held_out_folds_are_marked_not_guessed():
    from tests.quality.train_words import GUESS_MIN_TIMES, GUESS_PRECISION, guess_counts

    stories = load_stories(["dev"])
    counts = guess_counts(stories)
    model = learn(stories)
    for theme in model.themes:
        right, wrong = counts[theme.theme_id]
        mostly_wrong = right + wrong >= GUESS_MIN_TIMES and right < GUESS_PRECISION * (right + wrong)
        assert theme.guessed is not mostly_wrong, (theme.theme_id, right, wrong)
    assert any(not t.guessed for t in model.themes) and any(t.guessed for t in model.themes)


def test_a_pattern_match_leaves_no_room_for_a_guess(toy):
    assert ids(PLAIN + " Then they ghosted me.", toy) == ["no_feedback"]


# "They gave no reason." is a weak sign of no feedback: a passing mention as often as not.
PASSING = " They gave no reason."


def test_a_lone_weak_sign_in_a_long_story_yields_to_the_word_weights(toy, taxonomy):
    assert ids(PLAIN + PASSING, replace(taxonomy, words=None)) == ["no_feedback"]  # the sign alone
    guessed = match_story(PLAIN + PASSING, toy)
    assert [(m.theme_id, m.tentative) for m in guessed] == [("skills_test", True)]
    undecided = WordModel((ThemeWords("salary_mismatch", -2.5, (("budget", 1.0),)),))
    assert ids(PLAIN + PASSING, replace(taxonomy, words=undecided)) == []


def test_a_lone_weak_sign_stays_where_the_weights_cannot_read(toy):
    assert ids(PASSING.strip(), toy) == ["no_feedback"]  # too short for the weights
    negated = (
        "The panel never asked about budgets, spreadsheets, forecasting, quarterly reporting, "
        "vendor contracts, stakeholder meetings." + PASSING
    )
    assert ids(negated, toy) == ["no_feedback"]  # 13 content words, only 10 outside the negation


def test_a_weak_sign_repeated_apart_is_kept_in_a_long_story(toy):
    text = PLAIN + PASSING + " Weeks later, a second email, and again no reason."
    assert [(m.theme_id, m.tentative) for m in match_story(text, toy)] == [("no_feedback", False)]


def test_words_a_negation_reaches_do_not_count(toy):
    text = PLAIN.replace("spreadsheets, forecasting,", "no spreadsheets or forecasting,")
    assert ids(text, toy) == ["salary_mismatch"]


def test_a_theme_the_story_turned_down_is_never_guessed(toy):
    declined = PLAIN + " My skills test was not a failure, I passed the test."
    assert "skills_test" not in ids(declined, toy)


def test_months_and_weekdays_never_weigh(toy):
    dated = WordModel((ThemeWords("long_process", -2.5, (("april", 5.0), ("friday", 5.0), ("juli", 5.0))),))
    text = PLAIN + " That was in April, a Friday; the offer came in Juli."
    assert ids(text, replace(toy, words=dated)) == []


def test_a_short_text_gets_no_guess(toy):
    assert ids("Budgets, spreadsheets and forecasting.", toy) == []
    assert ids("The interviewer was not rude at all.", load_taxonomy()) == []


def test_the_default_taxonomy_guesses_with_the_learned_words(taxonomy):
    assert taxonomy.words is not None
    assert {t.theme_id for t in taxonomy.words.themes} == set(taxonomy.ids)
    assert all(t.weights and all(w > 0 for _, w in t.weights) for t in taxonomy.words.themes)


def test_the_committed_words_are_what_the_dev_stories_give():
    # Retrain with `python -m tests.quality.train_words` after changing the dev stories.
    assert OUTPUT.read_text(encoding="utf-8") == dump(learn(load_stories(["dev"])), HEADER)
    assert load_words(OUTPUT) == learn(load_stories(["dev"]))


def test_training_is_deterministic_and_reads_no_held_out_story():
    stories = load_stories(["dev"])
    assert all(s.split == "dev" for s in stories)
    assert dump(learn(stories)) == dump(learn(list(reversed(stories))))


def outside_keeps(story) -> str:
    """The story as training reads it, less the words that must stay ("hunter valley" may
    hold a name "hunter" that the story hides elsewhere)."""
    text = placeholders(story)
    for keep in story.keeps:
        text = text.replace(keep.text, " ")
    return text


def test_no_personal_detail_of_a_story_reaches_the_training():
    stories = load_stories(["dev"])
    # a name that is also an everyday word ("kak Kasih" beside "terima kasih", "will" beside
    # "Will") is no detail by itself where the everyday word is used: the redactor's own notion
    everyday = name_lexicon().common
    left = [
        (s.id, span.text)
        for s in stories
        for span in s.spans
        if re.search(rf"(?<!\w){re.escape(span.text)}(?!\w)", outside_keeps(s)) and span.text.casefold() not in everyday
    ]
    assert not left
    assert "[name]" in placeholders(next(s for s in stories if any(x.kind == "name" for x in s.spans)))


@pytest.mark.parametrize(
    "ending",
    [
        "No hard feelings.",
        "Tidak apa-apa, saya ikhlas.",
        "Tak apa, saya faham.",
        "We shook hands.",
        "Kami sepakat baik-baik.",
        "But honestly it's okay.",
        "A no, but a good no.",
        "Fair and clear, respect.",
        "Strange feeling, but at least I know.",
        "Ok lang, may interview pa ako next week.",
        "Saya pun lega.",
    ],
)
def test_no_theme_is_pushed_on_a_writer_who_has_settled_with_it(toy, ending):
    assert ids(f"{PLAIN} {ending}", toy) == []


def test_a_settled_phrase_that_is_negated_does_not_count(toy):
    assert ids(f"{PLAIN} I am not fine.", toy) == ["skills_test"]
