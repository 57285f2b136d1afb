"""The language-quality harness scores what it should: hand-made cases with known answers."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import pytest

from tests.quality.corpus import Span, Story, parse_markup
from tests.quality.measure import run
from tests.quality.report import main as report_main
from tests.quality.score import (
    hint_figures,
    pairwise_f1,
    redaction_figures,
    score_redaction,
    theme_figures,
    timing,
)
from workshop.services.redaction import might_be_names, redact
from workshop.services.themes import load_taxonomy, match_story

KINDS = ("name", "employer", "email", "phone", "link", "handle", "address", "reference")


def story(marked: str, themes=(), ident="d-test-001") -> Story:
    text, spans = parse_markup(marked)
    return Story(
        ident,
        "dev",
        "test",
        "en",
        "",
        "plain",
        text,
        tuple(s for s in spans if s.kind != "keep"),
        tuple(s for s in spans if s.kind == "keep"),
        tuple(themes),
        "test",
    )


def where(text: str, piece: str) -> tuple[int, int]:
    start = text.index(piece)
    return start, start + len(piece)


def test_an_email_left_partly_visible_is_a_leak():
    s = story("Write to [[email:ana.k@acme.io]] or call [[phone:0412 557 308]], [[name:Ana]] said.")
    redacted = [where(s.text, "ana.k@acme"), where(s.text, "0412 557 308"), where(s.text, "Ana")]
    scored = score_redaction(s.text, s.spans, s.keeps, redacted)
    figures = redaction_figures([scored], KINDS)
    assert figures["leaks"] == 1
    assert figures["recall"]["email"] == {"hidden": 0, "total": 1, "recall": 0.0}
    assert figures["recall"]["phone"]["recall"] == 1.0
    assert [span.kind for span in scored.missed] == ["email"]


def test_a_detail_is_hidden_whatever_kind_the_redactor_gave_it_and_without_its_full_stop():
    s = story("I was at [[employer:Bayview Suites Ltd.]] with [[name:Tunde Bello]].")
    # One span covers the employer without its final dot; two spans cover the name's parts.
    redacted = [where(s.text, "Bayview Suites Ltd"), where(s.text, "Tunde"), where(s.text, "Bello")]
    figures = redaction_figures([score_redaction(s.text, s.spans, s.keeps, redacted)], KINDS)
    assert figures["name_employer_recall"] == 1.0


def test_half_a_name_is_a_miss():
    s = story("Interview with [[name:Tunde Bello]] went fine.")
    scored = score_redaction(s.text, s.spans, s.keeps, [where(s.text, "Tunde")])
    assert [span.text for span in scored.missed] == ["Tunde Bello"]


def test_keep_damage_counts_any_redacted_letter_of_a_hard_negative():
    s = story("Moved to [[keep:Kuala Lumpur]] as [[keep:Data Analyst]] at [[employer:Kirana]].")
    scored = score_redaction(s.text, s.spans, s.keeps, [where(s.text, "Lumpur"), where(s.text, "Kirana")])
    figures = redaction_figures([scored], KINDS)
    assert figures["keep_damage"] == 0.5
    assert [k.text for k in scored.damaged_keeps] == ["Kuala Lumpur"]


def test_ordinary_word_damage_forgives_an_honorific_before_a_name_only():
    s = story("Then Pak [[name:Budi]] and my friend [[name:Sari]] said no.")
    hidden_titles = score_redaction(s.text, s.spans, s.keeps, [where(s.text, "Pak Budi")])
    assert hidden_titles.damaged_words == []
    assert hidden_titles.words == 6  # Then, and, my, friend, said, no: "Pak" before a name is neutral
    hidden_friend = score_redaction(s.text, s.spans, s.keeps, [where(s.text, "friend Sari"), where(s.text, "Then")])
    assert hidden_friend.damaged_words == ["Then", "friend"]


def test_honorifics_in_a_row_before_a_name_are_neutral_too():
    s = story("Then Pak Cik [[name:Lah]] and Tan Sri [[name:Hamid]] said no.")
    scored = score_redaction(s.text, s.spans, s.keeps, [where(s.text, "Pak Cik Lah"), where(s.text, "Tan Sri Hamid")])
    assert scored.damaged_words == ["Tan"]  # "Tan" is a family name too, so only "Sri" is neutral
    assert scored.words == 5  # Then, and, Tan, said, no


def test_theme_figures_on_a_tiny_case():
    gold = [{"a"}, {"a", "b"}, set(), {"b"}]
    said = [{"a"}, {"b"}, {"c"}, set()]
    figures = theme_figures(gold, said, ["a", "b", "c"])
    assert figures["per_theme"]["a"] == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": pytest.approx(2 / 3),
        "support": 2,
        "suggested": 1,
    }
    assert figures["per_theme"]["c"]["precision"] == 0.0 and figures["per_theme"]["c"]["recall"] is None
    assert figures["micro_precision"] == pytest.approx(2 / 3)  # 2 right of 3 suggested
    assert figures["micro_recall"] == pytest.approx(2 / 4)  # 2 found of 4 gold
    assert figures["coverage"] == pytest.approx(2 / 3)  # the 3 labelled stories, one got nothing
    assert figures["no_theme_suggested"] == 1


def test_pairwise_f1_counts_pairs_that_share_a_theme():
    gold = [{"a"}, {"a"}, {"b"}]  # only the pair (0, 1) shares a theme
    assert pairwise_f1(gold, [{"x"}, {"x"}, {"y"}]) == 1.0  # theme names need not agree
    assert pairwise_f1(gold, [{"x"}, {"y"}, {"x"}]) == 0.0  # wrong pair
    assert pairwise_f1(gold, [{"x"}, {"x"}, {"x"}]) == pytest.approx(0.5)  # 1 right, 2 extra pairs


def test_p95_is_a_nearest_rank_percentile():
    assert timing([float(n) for n in range(1, 101)]) == {"mean_ms": 50.5, "p95_ms": 95.0}
    assert timing([3.0]) == {"mean_ms": 3.0, "p95_ms": 3.0}


def test_the_harness_uses_the_product_faces_and_themes_the_redacted_text():
    s = story(
        "They ghosted me after the final round at [[employer:Quayside Foods plc]], "
        "and [[name:Maria Santos]] never answered [[email:maria@quayside.example]].",
        ["no_feedback"],
    )
    [outcome] = run([s], repeats=1)
    expected = redact(s.text)
    assert outcome.redacted == expected.redacted
    assert outcome.spans == tuple((r.start, r.end, r.kind) for r in expected.spans)
    assert set(outcome.themes) == {m.theme_id for m in match_story(expected.redacted, load_taxonomy())}
    assert sorted(outcome.redaction.found + outcome.redaction.missed, key=lambda span: span.start) == list(s.spans)


def test_the_review_hints_are_scored_as_if_the_participant_took_every_one():
    s = story("The [[employer:Globexian]] team and [[name:Tarquin]] Smythe-Obi said no. Went home.")
    [outcome] = run([s], repeats=1)
    assert outcome.hints == tuple(might_be_names(redact(s.text)))
    taken = redact(s.text, extra=outcome.hints)
    assert outcome.hinted == score_redaction(s.text, s.spans, s.keeps, [(r.start, r.end) for r in taken.spans])


def test_hint_figures_count_recall_with_hints_taken_and_the_share_of_useful_hints():
    s = story("I met [[name:Tarquin Obi]] at [[employer:Globex]]. [[keep:Umhlanga]] was lovely.")
    taken = score_redaction(s.text, s.spans, s.keeps, [where(s.text, "Tarquin Obi"), where(s.text, "Umhlanga")])
    untaken = score_redaction(s.text, s.spans, s.keeps, [where(s.text, "Tarquin Obi")])
    figures = hint_figures([(s, ("Tarquin", "Umhlanga"), taken), (s, (), untaken)])
    assert figures == {"name_employer_recall": 0.5, "hints": 2, "per_story": 1.0, "useful": 0.5, "keep_damage": 0.5}


def _report(*args: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert report_main(["--repeats", "1", "--misses", "500", *args]) == 0
    return out.getvalue()


def test_the_report_lists_dev_misses_and_never_held_out_ones_unless_asked():
    plain = _report()
    misses = plain[plain.index("WORST MISSES ON DEV") :]
    assert "d-en-" in misses
    assert "h-en-" not in misses
    assert "HELD-OUT MISSES" not in plain
    for figure in (
        "recall: name",
        "name+employer recall",
        "leaks: email/phone/link/handle",
        "hard-negative damage",
        "ordinary-word damage",
        "micro P / R / F1",
        "coverage",
        "pairwise theme-sharing F1",
        "time per story",
    ):
        assert figure in plain
    final = _report("--show-heldout-misses")
    assert "h-en-" in final[final.index("HELD-OUT MISSES") :]


def test_gold_spans_never_include_a_leading_honorific():
    from tests.quality.corpus import load_stories
    from tests.quality.score import HONORIFICS

    for s in load_stories():
        for span in s.spans:
            if span.kind == "name":
                first = span.text.split()[0].rstrip(".").casefold()
                # "Sri" is a given name too ("Sri Rahayu"), "Teh" a family name ("Teh Kok Wah"),
                # as "Sister" and "Brother" are words
                assert first not in HONORIFICS - {"sister", "brother", "sri", "teh"}, f"{s.id}: {span.text!r}"


def test_span_type_is_what_the_loader_gives():
    text, spans = parse_markup("[[name:Ana]]")
    assert spans == [Span("name", 0, 3, "Ana")] and text == "Ana"


def test_dev_folds_hold_every_group_are_even_and_stable():
    from tests.quality.corpus import fold_of, load_stories

    dev = load_stories(("dev",))
    folds = [fold_of(s, 5) for s in dev]
    assert folds == [fold_of(s, 5) for s in dev]  # the same deal every run
    sizes = [folds.count(n) for n in range(5)]
    assert max(sizes) - min(sizes) <= 1
    for group in {s.group for s in dev}:
        dealt = {f for s, f in zip(dev, folds, strict=True) if s.group == group}
        assert len(dealt) == min(5, sum(1 for s in dev if s.group == group))


def test_validation_folds_show_no_held_out_figure_and_no_misses_of_their_own():
    from tests.quality.corpus import fold_of, load_stories

    out = _report("--folds", "5", "--validate", "4")
    assert "held-out" not in out.split("WORST MISSES")[0].split("\n", 2)[2]
    assert "h-en-" not in out and "fold 4 (validate)" in out and "validation folds" in out
    held_back = {s.id for s in load_stories(("dev",)) if fold_of(s, 5) == 4}
    misses = out[out.index("WORST MISSES ON THE DEV TUNING FOLDS") :]
    assert not any(f" {ident}:" in misses for ident in held_back)


def test_validation_groups_are_judged_apart_and_never_listed_among_the_misses():
    from tests.quality.corpus import load_stories

    out = _report("--validate-groups", "*-2")
    summary = out.split("WORST MISSES")[0]
    assert "held-out" not in summary.split("\n", 2)[2] and "h-en-" not in out
    assert "tuning: P / R / F1" in summary and "validation: P / R / F1" in summary
    held_back = {s.id for s in load_stories(("dev",)) if s.file.endswith("-2")}
    assert held_back
    misses = out[out.index("WORST MISSES ON THE DEV TUNING GROUPS") :]
    assert " d-" in misses and not any(f" {ident}:" in misses for ident in held_back)


def test_validation_groups_learn_the_fallback_words_without_them(monkeypatch):
    from tests.quality import report

    learned_from = []
    monkeypatch.setattr(report, "learn", lambda stories: learned_from.extend(stories) or load_taxonomy().words)
    _report("--validate-groups", "*-2", "--misses", "0")
    assert learned_from and not any(s.file.endswith("-2") for s in learned_from)


@pytest.mark.parametrize(
    "args",
    [
        ["--validate", "1"],
        ["--folds", "5", "--validate", "7"],
        ["--folds", "1"],
        ["--validate-groups", "*-2", "--folds", "5"],
        ["--validate-groups", "*-2", "--split", "heldout"],
    ],
)
def test_fold_options_are_checked(args):
    with pytest.raises(SystemExit):
        report_main(args)


def test_validation_files_are_pooled_apart_and_their_misses_never_listed():
    from tests.quality.corpus import load_stories

    out = _report("--validate-files", "*-2")
    assert "h-en-" not in out and "tuning files" in out and "validation files" in out
    dev = load_stories(("dev",))
    held_back = {s.id for s in dev if s.file.endswith("-2")}
    assert held_back and any(not s.file.endswith("-2") for s in dev)
    misses = out[out.index("WORST MISSES ON THE DEV TUNING FILES") :]
    assert "d-en-" in misses
    assert not any(f" {ident}:" in misses for ident in held_back)


def test_half_a_later_batch_can_be_read_while_the_other_half_stays_held_back():
    from tests.quality.corpus import fold_of, load_stories

    out = _report("--validate-files", "*-2", "--folds", "2", "--validate", "1")
    dev = load_stories(("dev",))
    held_back = {s.id for s in dev if s.file.endswith("-2") and fold_of(s, 2) == 1}
    readable = {s.id for s in dev if s.file.endswith("-2") and fold_of(s, 2) == 0}
    assert held_back and readable and "(their folds 1 of 2)" in out
    misses = out[out.index("WORST MISSES ON THE DEV TUNING FILES") :]
    assert not any(f" {ident}:" in misses for ident in held_back)
    assert any(f" {ident}:" in misses for ident in readable)


def test_a_later_batch_of_stories_joins_its_voice_group():
    from tests.quality.corpus import load_stories

    dev = load_stories(("dev",))
    assert {s.group for s in dev if s.file == "en-sea-2"} == {"en-sea"}
    assert not any(s.group.endswith("-2") for s in dev)


@pytest.mark.parametrize(
    "args",
    [
        ["--validate-files", "*-2", "--folds", "5"],
        ["--validate-files", " , "],
        ["--validate-files", "*-2", "--split", "heldout"],
    ],
)
def test_validation_file_options_are_checked(args):
    with pytest.raises(SystemExit):
        report_main(args)
