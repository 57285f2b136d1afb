"""The reflect steps on a phone: confidence check-in, the story with its redaction review,
and the stage ratings. Each works as a plain form; htmx only makes it smoother."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import format_number
from flask_babel import gettext as _

from .htmx import go, render
from .models import Participant, Workshop
from .phones import current_phone
from .services import reflection, workshop_themes
from .services.languages import N_
from .services.plans import jobs
from .services.redaction import hinted_segments
from .services.reflection import CONFIDENCE, new_submission_id
from .text import FORBIDDEN_MESSAGE, clean_line, clean_text, has_forbidden

bp = Blueprint("reflect", __name__, url_prefix="/w/<code>")

STORY_LIMIT = 3000
ROLE_LIMIT = 80
NOTE_LIMIT = 200
EXTRA_LIMIT = 600
SCORES = {1: N_("Badly"), 2: N_("Not well"), 3: N_("OK"), 4: N_("Well"), 5: N_("Very well")}


def whole_number(raw: str, low: int, high: int) -> int | None:
    """An integer typed with ASCII digits only, within [low, high]; None otherwise."""
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
        return None
    return int(raw)


def load_editable(code: str) -> tuple[Workshop, Participant]:
    """The phone's workshop and participant, while stories and ratings may still change."""
    workshop, participant = current_phone(code)
    if workshop.phase not in reflection.EDITABLE_PHASES:
        abort(locked_page(workshop))
    return workshop, participant


def refusal(workshop: Workshop, error: Exception):
    """The answer to a save the workshop's phase or a stale form did not allow."""
    return locked_page(workshop) if isinstance(error, reflection.NotNow) else stale_form()


SAVE_ERRORS = (reflection.NotNow, reflection.ForeignSubmission)


def locked_page(workshop: Workshop):
    """The 409 page: the workshop has moved on, so this can no longer change."""
    return render(
        "reflect/locked.html",
        workshop=workshop,
        participant=None,
        status=409,
    )


# ---- check-in -------------------------------------------------------------------------


@bp.post("/checkin")
def checkin(code: str):
    workshop, participant = current_phone(code)
    moment = request.form.get("moment", "")
    value = whole_number(request.form.get("confidence", ""), 1, 5)
    if moment not in reflection.CHECKIN_PHASES:
        return render(
            "errors/error.html",
            "error",
            status=422,
            code=422,
            title=_("That check-in does not exist"),
            detail=_("Reload the page and try again."),
        )
    if value is None:
        return render(
            "reflect/checkin.html",
            "checkin",
            workshop=workshop,
            participant=participant,
            moment=moment,
            error=_("Choose one of the five answers."),
            status=422,
            submission_id=request.form.get("submission_id") or new_submission_id(),
            confidence=CONFIDENCE,
        )
    try:
        reflection.save_checkin(participant, moment, value, request.form.get("submission_id", ""))
    except SAVE_ERRORS as error:
        return refusal(workshop, error)
    if moment == "after":  # the plan shows both check-ins: bring it up to date
        jobs.request_plan(participant)
        return go(url_for("plans.page", code=workshop.join_code))
    return go(url_for("participant.home", code=workshop.join_code))


def stale_form():
    return render(
        "errors/error.html",
        "error",
        status=409,
        code=409,
        title=_("This form is out of date"),
        detail=_("Reload the page and send it again."),
    )


# ---- story ----------------------------------------------------------------------------


@dataclass
class Draft:
    role: str = ""
    ended_stage: str = ""
    text: str = ""
    keep: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    def typed(self) -> reflection.StoryDraft:
        return reflection.StoryDraft(self.role, self.ended_stage, self.text, tuple(self.keep), tuple(self.extra))


def read_draft(workshop: Workshop) -> Draft:
    form = request.form
    raw = {name: form.get(name, "") for name in ("role", "ended_stage", "text", "extra")}
    draft = Draft(
        role=clean_line(raw["role"]),
        ended_stage=raw["ended_stage"].strip(),
        text=clean_text(raw["text"]),
        keep=[clean_line(k)[:120] for k in form.getlist("keep")[:50] if clean_line(k)],
        extra=[clean_line(e)[:120] for e in raw["extra"].splitlines()[:30] if clean_line(e)],
    )
    hide = clean_line(form.get("hide", ""))[:120]  # a "might be a name: hide it" button
    if hide and hide.casefold() not in {e.casefold() for e in draft.extra} and len(draft.extra) < 30:
        draft.extra.append(hide)
    for name in ("role", "text", "extra"):
        if has_forbidden(raw[name]):
            draft.errors[name] = _(FORBIDDEN_MESSAGE)
    if not draft.text:
        draft.errors.setdefault("text", _("Write a few sentences about what happened."))
    elif len(draft.text) > STORY_LIMIT:
        draft.errors.setdefault(
            "text",
            _(
                "Keep it under %(limit)s characters (this is %(length)s).",
                limit=format_number(STORY_LIMIT),
                length=format_number(len(draft.text)),
            ),
        )
    if len(draft.role) > ROLE_LIMIT:
        draft.errors.setdefault("role", _("Keep this under %(limit)s characters.", limit=ROLE_LIMIT))
    if len(raw["extra"]) > EXTRA_LIMIT:
        draft.errors.setdefault("extra", _("That is a lot to hide; list the words or phrases one per line."))
    stage_keys = {stage.key for stage in workshop.stages}
    if draft.ended_stage and draft.ended_stage not in stage_keys:
        draft.errors["ended_stage"] = _("Pick one of the stages in the list.")
    return draft


def story_page(workshop: Workshop, participant: Participant, draft: Draft, mode: str, status: int = 200):
    context = dict(
        workshop=workshop,
        participant=participant,
        draft=draft,
        mode=mode,
        limit=STORY_LIMIT,
        submission_id=request.form.get("submission_id") or new_submission_id(),
    )
    if mode == "review":
        review = reflection.review_story(workshop, draft.typed())
        draft.keep = list(review.keep)
        context.update(
            story=review.story,
            role=review.role,
            fingerprint=review.fingerprint,
            undoable=list(review.undoable),
            hints=list(review.hints),
            story_pieces=hinted_segments(review.story, review.hints),
            role_pieces=hinted_segments(review.role, review.hints),
        )
    return render("reflect/story.html", "step", status=status, **context)


@bp.route("/story", methods=["GET", "POST"])
def story(code: str):
    workshop, participant = load_editable(code)
    if request.method == "GET":
        saved = participant.story
        draft = Draft(role=saved.role, ended_stage=saved.ended_stage, text=saved.text) if saved else Draft()
        return story_page(workshop, participant, draft, "write")

    op = request.form.get("op", "review")
    draft = read_draft(workshop)
    if op == "edit":
        draft.errors = {}
        return story_page(workshop, participant, draft, "write")
    if draft.errors:
        return story_page(workshop, participant, draft, "write", status=422)
    if op != "confirm":
        return story_page(workshop, participant, draft, "review")

    review = reflection.review_story(workshop, draft.typed())
    try:
        reflection.save_story(
            participant, review, request.form.get("fingerprint", ""), request.form.get("submission_id", "")
        )
    except reflection.ReviewChanged:
        draft.errors["review"] = _("The cleaned text changed since you checked it. Look it over once more, then save.")
        return story_page(workshop, participant, draft, "review", status=422)
    except SAVE_ERRORS as error:
        return refusal(workshop, error)
    flash(_("Your story is saved. Only the cleaned version was kept."))
    return go(url_for("reflect.themes", code=workshop.join_code))


# ---- the participant's themes ---------------------------------------------------------


@bp.route("/themes", methods=["GET", "POST"])
def themes(code: str):
    workshop, participant = load_editable(code)
    choices = workshop_themes.choosable_themes(workshop)
    story = participant.story
    found = workshop_themes.suggested_themes(workshop, story.text) if story else {}
    suggested = set(found) & set(choices)
    maybe = {key for key in suggested if found[key]}  # a guess: shown, not ticked for them
    from_coach = reflection.suggested_by_coach(participant) & set(choices)  # offered, not counted until kept
    mine = reflection.my_theme_keys(participant)
    if request.method == "GET":
        chosen = (mine or suggested - maybe) | from_coach
        return themes_page(workshop, participant, choices, suggested | from_coach, chosen, maybe=maybe - from_coach)
    picked = set(request.form.getlist("theme")[:60])
    if picked - set(choices):
        return themes_page(
            workshop,
            participant,
            choices,
            suggested | from_coach,
            picked & set(choices),
            error=_("One of those themes is not offered here any more. Check the list and save again."),
            maybe=maybe - from_coach,
        )
    try:
        reflection.save_themes(participant, picked, request.form.get("submission_id", ""))
    except SAVE_ERRORS as error:
        return refusal(workshop, error)
    flash(_("Your themes are saved.") if picked else _("Saved: no themes for you this time."))
    return go(url_for("participant.home", code=workshop.join_code))


def themes_page(workshop, participant, choices, suggested, chosen, error=None, maybe=frozenset()):
    ordered = dict(sorted(choices.items(), key=lambda item: (item[0] not in suggested, item[0] in maybe)))
    return render(
        "reflect/themes.html",
        "step",
        status=422 if error else 200,
        workshop=workshop,
        participant=participant,
        choices=ordered,
        suggested=suggested,
        maybe=maybe,
        chosen=chosen,
        error=error,
        submission_id=request.form.get("submission_id") or new_submission_id(),
    )


# ---- stage ratings --------------------------------------------------------------------


@dataclass
class RatingsDraft:
    values: dict[str, dict[str, str]]
    errors: dict[str, str] = field(default_factory=dict)
    ratings: list[reflection.Rating] = field(default_factory=list)


def read_ratings(workshop: Workshop) -> RatingsDraft:
    form = request.form
    keys = [stage.key for stage in workshop.stages]
    draft = RatingsDraft(values={})
    named = {name.split("-", 1)[1] for name in form if name.split("-", 1)[0] in ("reached", "score", "note")}
    if named - set(keys):
        draft.errors["form"] = _("This form mentions a stage that is not in this workshop. Reload the page.")
    for key in keys:
        reached = form.get(f"reached-{key}", "").strip()
        score_raw = form.get(f"score-{key}", "").strip()
        note_raw = form.get(f"note-{key}", "")
        note = clean_line(note_raw)
        draft.values[key] = {"reached": reached, "score": score_raw, "note": note}
        if reached not in ("", "yes", "no"):
            draft.errors[key] = _("Answer yes or no.")
            continue
        if reached == "no" or (reached == "" and not score_raw):
            continue
        score = whole_number(score_raw, 1, 5)
        if not score_raw:
            draft.errors[key] = _("Choose how well it went, from 1 to 5.")
        elif score is None:
            draft.errors[key] = _("Ratings are whole numbers from 1 to 5.")
        elif has_forbidden(note_raw):
            draft.errors[key] = _(FORBIDDEN_MESSAGE)
        elif len(note) > NOTE_LIMIT:
            draft.errors[key] = _("Keep the note under %(limit)s characters.", limit=NOTE_LIMIT)
        else:
            draft.values[key]["reached"] = "yes"
            draft.ratings.append(reflection.Rating(key, score, note))  # the service redacts it
    return draft


@bp.route("/ratings", methods=["GET", "POST"])
def ratings(code: str):
    workshop, participant = load_editable(code)
    if request.method == "GET":
        stored = {r.stage_key: r for r in participant.ratings}
        saved = bool(stored) or reflection.ratings_saved(participant)
        # Before the first save, "Where did it end?" sets where they got to; saved answers win.
        ended = participant.story.ended_stage if participant.story and not saved else ""
        preset = reflection.reached_from_story([s.key for s in workshop.stages], ended)
        values = {
            s.key: {"reached": "yes", "score": str(stored[s.key].score), "note": stored[s.key].note}
            if s.key in stored
            else {"reached": "no" if saved else preset.get(s.key, ""), "score": "", "note": ""}
            for s in workshop.stages
        }
        draft = RatingsDraft(values=values)
        return ratings_page(workshop, participant, draft)
    draft = read_ratings(workshop)
    if draft.errors:
        return ratings_page(workshop, participant, draft, status=422)
    try:
        reflection.save_ratings(participant, draft.ratings, request.form.get("submission_id", ""))
    except SAVE_ERRORS as error:
        return refusal(workshop, error)
    flash(_("Your ratings are saved."))
    return go(url_for("participant.home", code=workshop.join_code))


def ratings_page(workshop: Workshop, participant: Participant, draft: RatingsDraft, status: int = 200):
    return render(
        "reflect/ratings.html",
        "step",
        status=status,
        workshop=workshop,
        participant=participant,
        draft=draft,
        scores=SCORES,
        note_limit=NOTE_LIMIT,
        submission_id=request.form.get("submission_id") or new_submission_id(),
    )
