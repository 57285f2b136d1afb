"""The reflect phase on a phone: check-in, story with redaction review, stage ratings."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from workshop.extensions import db
from workshop.models import Participant, Phase, StageRating, Story, Submission, Workshop
from workshop.services import reflection

from .helpers import sid

RAW = (
    "I interviewed with Acme Logistics for a data role. The recruiter, Sarah Jones, said "
    "they would call. I emailed sarah.jones@acme-logistics.com and rang 07700 900123 twice. "
    "Nothing. I used Python in the test and felt I did well."
)


@pytest.fixture
def workshop(make_coach, make_workshop):
    return make_workshop(make_coach(), phase=Phase.REFLECT)


@pytest.fixture
def phone(workshop, join):
    client, _ = join(workshop)
    return client


def the_participant() -> Participant:
    return db.session.scalars(select(Participant)).one()


def form_fields(html: str) -> dict[str, str]:
    """The hidden fields and textareas a browser would send back from the review step."""
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    for name, value in re.findall(r'<textarea name="(\w+)" hidden[^>]*>(.*?)</textarea>', html, re.S):
        fields[name] = value
    import html as html_lib

    return {k: html_lib.unescape(v) for k, v in fields.items()}


def review(phone, workshop, text=RAW, **extra):
    data = {"role": "Data analyst", "ended_stage": "first_interview", "text": text, "op": "review"} | extra
    return phone.post(f"/w/{workshop.join_code}/story", data=data)


def confirm(phone, workshop, page, **changes):
    data = form_fields(page.text) | {"op": "confirm"} | changes
    return phone.post(f"/w/{workshop.join_code}/story", data=data)


# ---- check-in --------------------------------------------------------------------------


def test_checkin_on_joining(phone, workshop):
    home = phone.get(f"/w/{workshop.join_code}/")
    assert "How confident do you feel about your job search right now?" in home.text
    submission = re.search(r'name="submission_id" value="(\w+)"', home.text).group(1)
    response = phone.post(
        f"/w/{workshop.join_code}/checkin", data={"moment": "before", "confidence": "2", "submission_id": submission}
    )
    assert response.status_code == 303
    assert the_participant().confidence_before == 2
    assert "How confident" not in phone.get(f"/w/{workshop.join_code}/").text


@pytest.mark.parametrize("value", ["0", "6", "2.5", "two", "٢", "", "-1"])
def test_checkin_refuses_anything_but_1_to_5(phone, workshop, value):
    response = phone.post(
        f"/w/{workshop.join_code}/checkin", data={"moment": "before", "confidence": value, "submission_id": "a" * 32}
    )
    assert response.status_code == 422
    assert "Choose one of the five answers" in response.text
    assert the_participant().confidence_before is None


def test_closing_checkin_only_in_the_plan_phase(phone, workshop):
    early = phone.post(
        f"/w/{workshop.join_code}/checkin", data={"moment": "after", "confidence": "4", "submission_id": "b" * 32}
    )
    assert early.status_code == 409
    workshop.phase = Phase.PLAN
    db.session.commit()
    later = phone.post(
        f"/w/{workshop.join_code}/checkin", data={"moment": "after", "confidence": "4", "submission_id": "c" * 32}
    )
    assert later.status_code == 303 and the_participant().confidence_after == 4


# ---- story -----------------------------------------------------------------------------


def test_review_shows_the_redacted_story_and_stores_nothing(phone, workshop):
    page = review(phone, workshop)
    assert page.status_code == 200
    assert "Is this safe to share?" in page.text
    preview = page.text.split("data-redact-source>", 1)[1].split("</div>", 1)[0]
    for secret in ("Sarah", "Jones", "Acme", "sarah.jones@", "07700"):
        assert secret not in preview
    for label in ("employer", "name", "email", "phone"):
        assert f'kind-{label}"' in preview
    assert "Python" in preview
    assert db.session.scalar(select(func.count(Story.id))) == 0


def test_confirmed_story_is_exactly_what_was_reviewed(phone, workshop):
    page = review(phone, workshop)
    response = confirm(phone, workshop, page)
    assert response.status_code == 303
    story = db.session.scalars(select(Story)).one()
    assert story.text == (
        "I interviewed with [employer] for a data role. The recruiter, [name], said they would "
        "call. I emailed [email] and rang [phone] twice. Nothing. I used Python in the test and "
        "felt I did well."
    )
    assert story.role == "Data analyst" and story.ended_stage == "first_interview"
    for secret in ("Sarah", "Acme", "07700", "sarah.jones"):
        assert secret not in story.text


def test_the_story_service_stores_only_a_reviewed_redacted_story(phone, workshop):
    """Another entry point than the form (an import, an API) goes through the same review."""
    participant = the_participant()
    draft = reflection.StoryDraft(role="Analyst at Acme Logistics", ended_stage="screen", text=RAW)
    review = reflection.review_story(workshop, draft)
    with pytest.raises(reflection.ReviewChanged):
        reflection.save_story(participant, review, "not what was shown", sid())
    assert db.session.scalar(select(func.count(Story.id))) == 0
    assert reflection.save_story(participant, review, review.fingerprint, sid())
    story = db.session.scalars(select(Story)).one()
    assert story.role == "Analyst at [employer]" and story.text == review.story.redacted
    for secret in ("Sarah", "Acme", "07700", "sarah.jones"):
        assert secret not in story.text + story.role


def test_the_ratings_service_redacts_notes_itself(phone, workshop):
    participant = the_participant()
    note = "Sarah Jones from Acme Logistics was kind"
    assert reflection.save_ratings(participant, [reflection.Rating("screen", 4, note)], sid())
    stored = db.session.scalars(select(StageRating)).one()
    assert stored.score == 4 and "Sarah" not in stored.note and "Acme" not in stored.note
    assert "[name]" in stored.note and "[employer]" in stored.note


def test_participant_can_hide_more_and_show_a_word_again(phone, workshop):
    text = "My mentor Jordan at Acme Logistics said my Kotlin was weak. I live near Brixton."
    first = review(phone, workshop, text=text)
    assert 'value="Jordan"' in first.text  # offered as a name that can be shown again
    updated = phone.post(
        f"/w/{workshop.join_code}/story",
        data=form_fields(first.text) | {"op": "update", "keep": ["Jordan"], "extra": "Brixton"},
    )
    assert updated.status_code == 200
    confirm(phone, workshop, updated, keep=["Jordan"], extra="Brixton")
    story = db.session.scalars(select(Story)).one()
    assert "Jordan" in story.text and "Brixton" not in story.text and "[redacted]" in story.text
    assert "Acme" not in story.text


# A word no list knows, with nothing around it that says who or what it is: a hint, not a redaction
# ("Zorblat gave me" would be a person, by the deed after the word).
HINTED = "Then Zorblat happened: a live coding test and I froze. The panel was kind about it."


def preview_of(html: str) -> str:
    return html.split("data-redact-source>", 1)[1].split("</div>", 1)[0]


def extra_field(html: str) -> str:
    """What the visible "Hide more" box holds, as a browser would send it back."""
    import html as html_lib

    found = re.search(r'<textarea id="extra" name="extra"[^>]*>(.*?)</textarea>', html, re.S)
    return html_lib.unescape(found.group(1)) if found else ""


@pytest.mark.parametrize("htmx", [False, True], ids=["plain form", "htmx"])
def test_a_word_that_might_be_a_name_is_offered_and_hidden_only_when_asked(phone, workshop, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    url = f"/w/{workshop.join_code}/story"
    data = {"role": "", "ended_stage": "", "text": HINTED, "op": "review"}
    page = phone.post(url, data=data, headers=headers)
    assert page.status_code == 200
    assert ("<html" in page.text) is not htmx  # a fragment for htmx, the whole page without it
    assert "Might be a name: hide it?" in page.text
    assert 'name="hide" value="Zorblat"' in page.text
    assert "Zorblat" in preview_of(page.text)  # a hint, not a redaction
    assert '<span class="maybe-name">Zorblat</span>' in preview_of(page.text)  # pointed at in the preview
    assert preview_of(page.text).count('class="maybe-name"') == preview_of(page.text).count("Zorblat")
    assert 'name="hide" value="The"' not in page.text and 'name="hide" value="I"' not in page.text

    hidden = phone.post(url, data=form_fields(page.text) | {"hide": "Zorblat"}, headers=headers)
    assert hidden.status_code == 200
    assert "Zorblat" not in preview_of(hidden.text)
    assert "maybe-name" not in preview_of(hidden.text)
    assert 'kind-redacted"' in preview_of(hidden.text)
    assert 'name="hide" value="Zorblat"' not in hidden.text  # no longer offered
    assert extra_field(hidden.text) == "Zorblat"
    assert db.session.scalar(select(func.count(Story.id))) == 0  # nothing stored before confirming

    saved = confirm(phone, workshop, hidden, extra=extra_field(hidden.text))
    assert saved.status_code in (200, 303)
    story = db.session.scalars(select(Story)).one()
    assert "Zorblat" not in story.text and "[redacted]" in story.text


def test_no_hint_when_every_capitalised_word_is_ordinary_or_hidden(phone, workshop):
    page = review(phone, workshop)  # names, employer and contacts hidden; Python is a tool
    assert "Might be a name" not in page.text


def test_the_coachs_employer_list_cannot_be_shown_again(phone, workshop):
    page = review(phone, workshop)
    assert 'value="Acme Logistics"' not in page.text  # not even offered
    confirm(phone, workshop, page, keep=["Acme Logistics", "Acme"])
    story = db.session.scalars(select(Story)).one()
    assert "Acme" not in story.text


def test_emails_phones_and_links_cannot_be_shown_again(phone, workshop):
    text = "Write to me at jo@example.org, call +44 20 7946 0958 or see https://jo.example.org/cv"
    page = review(phone, workshop, text=text)
    keep = ["jo@example.org", "+44 20 7946 0958", "https://jo.example.org/cv"]
    confirm(phone, workshop, page, keep=keep)
    response = review(phone, workshop, text=text, keep=keep)
    stored = confirm(phone, workshop, response, keep=keep)
    assert stored.status_code == 303
    story = db.session.scalars(select(Story)).one()
    for secret in keep:
        assert secret not in story.text


def test_a_stale_review_is_shown_again_before_saving(phone, workshop):
    page = review(phone, workshop)
    workshop.employers = "Acme Logistics\nPython"  # the coach adds a name meanwhile
    db.session.commit()
    response = confirm(phone, workshop, page)
    assert response.status_code == 422
    assert "changed since you checked it" in response.text
    assert db.session.scalar(select(func.count(Story.id))) == 0


def test_story_can_be_edited_until_the_plan_phase(phone, workshop):
    confirm(phone, workshop, review(phone, workshop))
    edit = phone.get(f"/w/{workshop.join_code}/story")
    assert "[employer]" in edit.text  # editing starts from the cleaned text; the raw text is gone
    workshop.phase = Phase.THEMES
    db.session.commit()
    assert confirm(phone, workshop, review(phone, workshop, text="A new version.")).status_code == 303
    assert db.session.scalars(select(Story)).one().text == "A new version."
    workshop.phase = Phase.PLAN
    db.session.commit()
    locked = review(phone, workshop, text="Too late")
    assert locked.status_code == 409 and "can no longer be changed" in locked.text
    assert db.session.scalars(select(Story)).one().text == "A new version."


def test_a_double_tap_stores_one_story(phone, workshop):
    page = review(phone, workshop)
    first = confirm(phone, workshop, page)
    second = confirm(phone, workshop, page)
    assert first.status_code == second.status_code == 303
    assert db.session.scalar(select(func.count(Story.id))) == 1
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 1


def story_form(phone, workshop, text: str) -> dict:
    """The confirm form of a reviewed story, as the phone holds it before sending."""
    return form_fields(review(phone, workshop, text=text).text) | {"op": "confirm"}


def stored_story() -> str:
    return db.session.scalars(select(Story.text)).one()


def stored_scores() -> dict[str, int]:
    return dict(db.session.execute(select(StageRating.stage_key, StageRating.score)).all())


def stored_themes() -> set[str]:
    return {row.theme_key for row in the_participant().themes}


def stored_confidence() -> int | None:
    return the_participant().confidence_before


def screen_score(score: int) -> dict:
    return {"submission_id": sid(), "reached-screen": "yes", "score-screen": str(score)}


REPLAYS = {
    # kind: (path, form for answer A, form for answer B, what is stored, A, B)
    "story": (
        "story",
        lambda p, w: story_form(p, w, "First version: ghosted."),
        lambda p, w: story_form(p, w, "Second version: they did call."),
        stored_story,
        "First version: ghosted.",
        "Second version: they did call.",
    ),
    "ratings": (
        "ratings",
        lambda p, w: screen_score(2),
        lambda p, w: screen_score(5),
        stored_scores,
        {"screen": 2},
        {"screen": 5},
    ),
    "themes": (
        "themes",
        lambda p, w: {"theme": ["no_feedback"], "submission_id": sid()},
        lambda p, w: {"theme": ["self_doubt"], "submission_id": sid()},
        stored_themes,
        {"no_feedback"},
        {"self_doubt"},
    ),
    "check-in": (
        "checkin",
        lambda p, w: {"moment": "before", "confidence": "2", "submission_id": sid()},
        lambda p, w: {"moment": "before", "confidence": "4", "submission_id": sid()},
        stored_confidence,
        2,
        4,
    ),
}


@pytest.mark.parametrize("kind", list(REPLAYS))
def test_a_replayed_submission_does_not_undo_a_newer_one(phone, workshop, kind):
    """Submission X saves A, a newer submission Y saves B, then X arrives again (a retry
    after a dropped connection, a resent form): B stands, and the replay is still answered
    as a success so the phone does not ask again."""
    path, first, second, stored, a, b = REPLAYS[kind]
    url = f"/w/{workshop.join_code}/{path}"
    x = first(phone, workshop)
    assert phone.post(url, data=x).status_code == 303
    assert stored() == a
    assert phone.post(url, data=second(phone, workshop)).status_code == 303
    assert stored() == b
    assert phone.post(url, data=x).status_code == 303  # X replayed
    assert stored() == b


def test_someone_elses_submission_id_is_refused(app, phone, workshop, join):
    page = review(phone, workshop)
    confirm(phone, workshop, page)
    other, _ = join(workshop)
    stolen = other.post(f"/w/{workshop.join_code}/story", data=form_fields(page.text) | {"op": "confirm"})
    assert stolen.status_code == 409
    assert db.session.scalar(select(func.count(Story.id))) == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"text": ""}, "Write a few sentences"),
        ({"text": "x" * 3001}, "under 3,000 characters"),
        ({"role": "r" * 81}, "under 80 characters"),
        ({"ended_stage": "../../etc/passwd"}, "Pick one of the stages"),
        ({"text": "They said \u202egnorw\u202c nothing"}, "hidden control characters"),
        ({"text": "null \x00 byte"}, "hidden control characters"),
        ({"role": "analyst\u2066"}, "hidden control characters"),
    ],
)
def test_bad_story_input_is_explained_and_nothing_is_saved(phone, workshop, changes, message):
    response = review(phone, workshop, **changes)
    assert response.status_code == 422
    assert message in response.text
    page = review(phone, workshop)
    confirmed = confirm(phone, workshop, page, **changes)
    assert confirmed.status_code == 422
    assert db.session.scalar(select(func.count(Story.id))) == 0


def test_typed_text_is_kept_when_there_is_an_error(phone, workshop):
    response = review(phone, workshop, role="r" * 81, text="My own words, kept.")
    assert "My own words, kept." in response.text


def test_html_and_emoji_are_plain_text(phone, workshop):
    text = '<script>alert(1)</script> <b hx-get="/x">bold</b> {{ 7*7 }} 😞 still hoping 🌱'
    page = review(phone, workshop, text=text)
    assert "<script>alert(1)</script>" not in page.text
    assert "&lt;script&gt;" in page.text and "{{ 7*7 }}" in page.text
    confirm(phone, workshop, page)
    story = db.session.scalars(select(Story)).one()
    assert "😞" in story.text and "<script>" in story.text  # stored as typed, shown escaped
    edit = phone.get(f"/w/{workshop.join_code}/story")
    assert "<script>alert" not in edit.text and 'hx-get="/x"' not in edit.text


def test_story_text_never_reaches_the_log(phone, workshop, caplog):
    caplog.set_level("DEBUG")
    confirm(phone, workshop, review(phone, workshop))
    assert "Sarah" not in caplog.text and "interviewed" not in caplog.text
    assert "reflect.story" in caplog.text  # the request itself was logged


def test_steps_before_reflect_are_not_open(phone, workshop):
    workshop.phase = Phase.LOBBY
    db.session.commit()
    assert phone.get(f"/w/{workshop.join_code}/story").status_code == 409
    assert phone.get(f"/w/{workshop.join_code}/ratings").status_code == 409


# ---- ratings ---------------------------------------------------------------------------


def ratings_form(**overrides) -> dict[str, str]:
    data = {
        "submission_id": "d" * 32,
        "reached-targeting": "yes",
        "score-targeting": "4",
        "note-targeting": "Good list of firms",
        "reached-application": "yes",
        "score-application": "3",
        "reached-screen": "yes",
        "score-screen": "5",
        "reached-first_interview": "yes",
        "score-first_interview": "2",
        "note-first_interview": "Froze on the salary question; ask Priya Patel for practice",
        "reached-final_interview": "no",
        "score-final_interview": "4",
    }
    return data | overrides


def test_ratings_are_saved_for_reached_stages_only(phone, workshop):
    response = phone.post(f"/w/{workshop.join_code}/ratings", data=ratings_form())
    assert response.status_code == 303
    stored = {r.stage_key: (r.score, r.note) for r in db.session.scalars(select(StageRating))}
    assert set(stored) == {"targeting", "application", "screen", "first_interview"}
    assert stored["first_interview"][0] == 2
    assert "Priya" not in stored["first_interview"][1]  # names in notes are hidden too
    page = phone.get(f"/w/{workshop.join_code}/ratings")
    assert 'value="Good list of firms"' in page.text


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"score-screen": "6"}, "whole numbers from 1 to 5"),
        ({"score-screen": "0"}, "whole numbers from 1 to 5"),
        ({"score-screen": "4.5"}, "whole numbers from 1 to 5"),
        ({"score-screen": "٤"}, "whole numbers from 1 to 5"),
        ({"score-screen": "five"}, "whole numbers from 1 to 5"),
        ({"score-screen": ""}, "Choose how well it went"),
        ({"reached-screen": "maybe"}, "Answer yes or no"),
        ({"note-screen": "n" * 201}, "under 200 characters"),
        ({"note-screen": "fine\u202e"}, "hidden control characters"),
        ({"reached-nonexistent": "yes", "score-nonexistent": "3"}, "not in this workshop"),
    ],
)
def test_bad_ratings_are_explained_and_nothing_is_half_saved(phone, workshop, changes, message):
    phone.post(f"/w/{workshop.join_code}/ratings", data=ratings_form(submission_id="e" * 32))
    before = {r.stage_key: r.score for r in db.session.scalars(select(StageRating))}
    response = phone.post(f"/w/{workshop.join_code}/ratings", data=ratings_form(**changes))
    assert response.status_code == 422
    assert message in response.text
    assert {r.stage_key: r.score for r in db.session.scalars(select(StageRating))} == before
    assert 'value="Good list of firms"' in response.text  # what was typed is kept


def test_ratings_resubmitted_are_replaced_not_duplicated(phone, workshop):
    phone.post(f"/w/{workshop.join_code}/ratings", data=ratings_form())
    phone.post(f"/w/{workshop.join_code}/ratings", data=ratings_form())  # double tap
    assert db.session.scalar(select(func.count()).select_from(StageRating)) == 4
    phone.post(
        f"/w/{workshop.join_code}/ratings", data={"submission_id": "f" * 32, "reached-offer": "yes", "score-offer": "1"}
    )
    assert [r.stage_key for r in db.session.scalars(select(StageRating))] == ["offer"]


# ---- phases and privacy ------------------------------------------------------------------


def test_the_phone_follows_the_phase_with_a_cheap_poll(phone, workshop, count_queries):
    home = phone.get(f"/w/{workshop.join_code}/")
    etag = re.search(r'data-etag="([^"]+)"', home.text).group(1)
    headers = {"HX-Request": "true", "If-None-Match": f'"{etag}"'}
    url = f"/w/{workshop.join_code}/"
    with count_queries() as queries:
        unchanged = phone.get(url, headers=headers)
    assert unchanged.status_code == 304
    assert queries[0] == 1

    db.session.get(Workshop, workshop.id).advance_phase("themes")
    db.session.commit()
    changed = phone.get(f"/w/{workshop.join_code}/", headers=headers)
    assert changed.status_code == 200
    assert changed.text.lstrip().startswith('<div id="room"')
    assert "You are not alone" in changed.text
    full = phone.get(f"/w/{workshop.join_code}/")
    assert "<html" in full.text and "You are not alone" in full.text


def test_form_pages_get_a_notice_not_a_swap(phone, workshop):
    url = f"/w/{workshop.join_code}/watch?seen=reflect"
    first = phone.get(url, headers={"HX-Request": "true"})
    assert "moved the workshop" not in first.text
    assert phone.get(url, headers={"HX-Request": "true", "If-None-Match": first.headers["ETag"]}).status_code == 304
    db.session.get(Workshop, workshop.id).advance_phase("themes")
    db.session.commit()
    moved = phone.get(url, headers={"HX-Request": "true", "If-None-Match": first.headers["ETag"]})
    assert moved.status_code == 200 and "nothing you typed is lost" in moved.text


@pytest.mark.parametrize("path", ["/", "/story", "/ratings", "/watch", "/forget"])
def test_a_phone_without_a_token_sees_nothing_of_anyone(app, phone, workshop, path):
    confirm(phone, workshop, review(phone, workshop))
    stranger = app.test_client()
    response = stranger.get(f"/w/{workshop.join_code}{path}", headers={"HX-Request": "true"})
    assert response.status_code in (200, 404)
    assert "[employer]" not in response.text and "data role" not in response.text
    if path != "/":
        assert response.status_code == 404


def test_delete_my_data_erases_story_and_ratings(phone, workshop):
    confirm(phone, workshop, review(phone, workshop))
    phone.post(f"/w/{workshop.join_code}/ratings", data=ratings_form())
    phone.post(f"/w/{workshop.join_code}/forget")
    for model in (Participant, Story, StageRating, Submission):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0


def twin_stored_first(monkeypatch) -> None:
    """This request looked for its submission id before a twin (the same tap, sent twice)
    committed it: the first lookup finds nothing, so the id is written again and the
    database's key refuses it."""
    real, looked = db.session.get, []

    def get(entity, ident, **options):
        if entity is Submission and not looked:
            looked.append(ident)
            return None
        return real(entity, ident, **options)

    monkeypatch.setattr(db.session, "get", get)


def test_a_twin_that_stores_the_submission_first_turns_this_one_into_a_replay(phone, workshop, monkeypatch):
    participant, submission = the_participant(), sid()
    assert reflection.save_checkin(participant, "before", 2, submission)
    twin_stored_first(monkeypatch)
    assert reflection.save_checkin(participant, "before", 5, submission) is False  # a replay, no error
    assert the_participant().confidence_before == 2  # and it changed nothing
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 1


def test_a_twin_race_on_someone_elses_submission_is_still_refused(phone, workshop, join, monkeypatch):
    join(workshop)
    first, second = db.session.scalars(select(Participant).order_by(Participant.id)).all()
    submission = sid()
    assert reflection.save_checkin(first, "before", 2, submission)
    twin_stored_first(monkeypatch)
    with pytest.raises(reflection.ForeignSubmission):
        reflection.save_checkin(second, "before", 5, submission)
    assert db.session.get(Participant, second.id).confidence_before is None


def test_a_me_too_that_loses_to_its_twin_reports_nothing_stored(phone, workshop, monkeypatch):
    """Two taps on "me too": the other one committed between this one's read and its write."""
    from sqlalchemy import insert
    from sqlalchemy.orm.attributes import set_committed_value

    from workshop.models import ParticipantTheme
    from workshop.services import releases

    workshop.phase = Phase.THEMES
    db.session.commit()
    participant = the_participant()
    twin = {"participant_id": participant.id, "theme_key": "no_feedback", "workshop_id": workshop.id}
    db.session.execute(insert(ParticipantTheme).values(**twin, source="me_too"))
    db.session.commit()
    set_committed_value(participant, "themes", [])  # what this request read before the twin's commit
    settled = []
    monkeypatch.setattr(releases, "settle", settled.append)
    assert reflection.me_too(participant, "no_feedback") is False
    assert settled == []  # the winner settles the room; the loser does not again
    assert db.session.scalars(select(ParticipantTheme.theme_key)).all() == ["no_feedback"]


# ---- suggested themes ------------------------------------------------------------------

# No pattern matches this story; the learned word weights guess a skills test.
LOOSE = (
    "The second stage was a spreadsheet exercise with pivot tables and formulas in Excel, then a panel "
    "with the finance director, and the email said my workings were not accurate enough."
)


def chip(page: str, key: str) -> str:
    return re.search(
        rf'<label class="chip[^"]*">\s*<input type="checkbox" name="theme" value="{key}"[^>]*>.*?</label>', page, re.S
    ).group(0)


def test_a_guessed_theme_is_offered_as_a_maybe_and_not_ticked_for_them(phone, workshop):
    confirm(phone, workshop, review(phone, workshop, text=LOOSE))
    page = phone.get(f"/w/{workshop.join_code}/themes").text
    guessed = chip(page, "skills_test")
    assert "maybe" in guessed and "checked" not in guessed
    assert "tick it only if it fits" in page


def test_a_theme_the_story_signals_is_ticked_and_no_maybe(phone, workshop):
    confirm(phone, workshop, review(phone, workshop, text="They ghosted me after the final round at Acme Logistics."))
    page = phone.get(f"/w/{workshop.join_code}/themes").text
    found = chip(page, "no_feedback")
    assert "checked" in found and "maybe" not in found
    assert "maybe" not in page


def test_a_maybe_left_unticked_is_not_kept_and_one_ticked_is(phone, workshop):
    confirm(phone, workshop, review(phone, workshop, text=LOOSE))
    themes = f"/w/{workshop.join_code}/themes"
    assert phone.post(themes, data={"submission_id": sid()}).status_code == 303  # saved as offered
    assert reflection.my_theme_keys(the_participant()) == set()
    assert "checked" not in chip(phone.get(themes).text, "skills_test")  # still offered, still not ticked
    phone.post(themes, data={"theme": "skills_test", "submission_id": sid()})
    assert reflection.my_theme_keys(the_participant()) == {"skills_test"}
    assert "checked" in chip(phone.get(themes).text, "skills_test")


def test_a_maybe_stays_a_maybe_when_the_form_comes_back_with_an_error(phone, workshop):
    confirm(phone, workshop, review(phone, workshop, text=LOOSE))
    page = phone.post(
        f"/w/{workshop.join_code}/themes", data={"theme": ["gone", "skills_test"], "submission_id": sid()}
    )
    assert page.status_code == 422
    assert "maybe" in chip(page.text, "skills_test")
    assert reflection.my_theme_keys(the_participant()) == set()
