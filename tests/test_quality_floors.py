"""The redaction floors promised on the held-out stories, overall and per language.

Only the floors are asserted (0 leaks of emails, phones, links and handles; name and employer
recall >= 0.97; hard-negative damage <= 3%), on aggregate figures, so that no single story can
flake the suite. Time per story is printed by the report (`make test` shows its summary), never
asserted: machines here are shared. Tune on the dev split only (tests/quality/README.md).
"""

from __future__ import annotations

import pytest

from tests.quality.measure import measure

SCOPES = ("all", "en", "id", "ms")
RECALL_FLOOR = 0.97
DAMAGE_CEILING = 0.03
# Floors not met yet, with the held-out figures of the last measurement (the rules were tuned on
# dev stories only: validation folds, then half of each later dev batch or a whole blind batch
# after it was measured untouched; each round looked at the held-out aggregates once, at its
# end, and never at its stories; dev includes the blind third to eighteenth batches,
# stories/dev/*-3.toml to *-19.toml, the twelfth to seventeenth written to be harder than the
# rest, which is why dev recall fell as they joined it; the eighteenth to twentieth rounds moved
# held-out recall by three details, the twenty-first to twenty-fourth by two, and met the Malay
# floor; the twenty-fifth lost one English detail while gaining 45 on dev and 1 on a fresh blind
# batch; the twenty-sixth's list of well-known employers gained 31 on dev, lifted a fresh blind
# batch from 0.891 to 0.943, and gained none on held-out; the twenty-seventh's rules for writers
# who type in lower case gained 16 on dev, 1 on a fresh blind batch written half in lower case,
# and none on held-out, where damage fell from 15 to 14 keeps; its provinces and neighbourhoods
# took dev damage from 3.1% to 2.8%; the twenty-eighth's shorter and first-word mentions of
# firms found, firms in capitals and lower case, and people named the writers' own ways gained
# 93 on dev, 9 on a fresh blind batch (0.887 -> 0.916, after its misses were read) and 1 on
# held-out, and its districts and former city names took dev damage to 2.6% and met the
# Indonesian damage floor).
# Strict: the day a floor is met, its marker must go.
NOT_MET_YET = {
    ("recall", "all"): "held-out name+employer recall 0.967 (465/481); dev 0.942",
    ("recall", "en"): "held-out name+employer recall 0.963 (364/378); dev 0.947",
}


def scopes(floor: str) -> list:
    """Every scope, the ones whose floor is not met yet marked as strict expected failures."""
    return [
        pytest.param(scope, marks=pytest.mark.xfail(strict=True, reason=NOT_MET_YET[floor, scope]))
        if (floor, scope) in NOT_MET_YET
        else scope
        for scope in SCOPES
    ]


@pytest.fixture(scope="module")
def heldout() -> dict:
    return measure(repeats=1, splits=("heldout",))["splits"]["heldout"]


def redaction(heldout: dict, scope: str) -> dict:
    return heldout["all"]["redaction"] if scope == "all" else heldout["langs"][scope]["redaction"]


@pytest.mark.parametrize("scope", scopes("leaks"))
def test_no_email_phone_link_or_handle_is_left_visible(heldout, scope):
    assert redaction(heldout, scope)["leaks"] == 0


@pytest.mark.parametrize("scope", scopes("recall"))
def test_names_and_employers_are_hidden(heldout, scope):
    figures = redaction(heldout, scope)
    assert figures["name_employer"]["total"] > 0
    assert figures["name_employer_recall"] >= RECALL_FLOOR, figures["name_employer"]


@pytest.mark.parametrize("scope", scopes("damage"))
def test_ordinary_words_that_must_stay_visible_stay_visible(heldout, scope):
    figures = redaction(heldout, scope)
    assert figures["keeps"]["total"] > 0
    assert figures["keep_damage"] <= DAMAGE_CEILING, figures["keeps"]
