"""A coach's own workshops: prepare, edit, move through phases, delete."""

from __future__ import annotations

import re
from datetime import date

from flask import Blueprint, abort, flash, request, url_for
from flask_babel import format_date, gettext
from flask_login import current_user, login_required

from .forms import ActionForm, WorkshopForm
from .htmx import go, not_modified_or, render, wants_fragment
from .language import page_language
from .models import IllegalPhaseChange, Phase, Workshop
from .network import public_base_url
from .ownership import get_workshop
from .phone_test import panel_of
from .services import rehearsals, workshop_themes
from .services import workshops as ops
from .services.labels import stage_in_english
from .services.languages import N_
from .services.participants import head_count
from .services.plans import jobs
from .services.promises import SettingRefused
from .services.room_progress import room_steps
from .services.stages import DEFAULT_STAGES
from .services.workshops import MAX_STAGES, StageRow
from .text import clean_line

bp = Blueprint("coach", __name__, url_prefix="/workshops")

DEFAULT_LABELS = dict(DEFAULT_STAGES)
CUSTOM_KEY = re.compile(r"^custom-\d{1,3}$")

PHASE_BUTTONS = {
    Phase.LOBBY: N_("Open the workshop (phones can join)"),
    Phase.REFLECT: N_("Start reflecting (stories and ratings)"),
    Phase.THEMES: N_("Reveal shared themes"),
    Phase.PLAN: N_("Move to action plans"),
    Phase.CLOSED: N_("Close the workshop"),
}
# The phases in which the coach's page shows how many took each reflect step.
STEP_PHASES = (Phase.REFLECT, Phase.THEMES)
BACK_LABEL = N_("Back to reflecting (more time for stories)")


def phase_buttons(workshop: Workshop) -> list[tuple[Phase, str]]:
    """The moves the coach can make from here, forward first."""
    return [
        (p, BACK_LABEL if workshop.phase == Phase.THEMES and p == Phase.REFLECT else PHASE_BUTTONS[p])
        for p in workshop.next_phases()
    ]


@bp.before_request
@login_required
def require_coach() -> None:
    """Every route here is for a signed-in coach."""


@bp.get("/")
def index():
    return render("coach/index.html", workshops=ops.coach_workshops(current_user))


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = WorkshopForm()
    rows = ops.default_stage_rows() if request.method == "GET" else stage_rows_from_form()
    return edit_form(form, rows, workshop=None)


@bp.route("/<int:workshop_id>/edit", methods=["GET", "POST"])
def edit(workshop_id: int):
    workshop = get_workshop(workshop_id)
    if workshop.is_rehearsal:  # a copy: its settings come from the real workshop
        flash(gettext("A rehearsal copies your workshop's settings. Change them here, then rehearse again."))
        return go(url_for("coach.edit", workshop_id=workshop.rehearsal_of))
    if request.method == "GET":
        form = WorkshopForm(obj=workshop)
        rows = [StageRow(s.key, s.label) for s in workshop.stages]
    else:
        form = WorkshopForm()
        rows = stage_rows_from_form() if ops.stages_editable(workshop) else None
    return edit_form(form, rows, workshop=workshop)


def edit_form(form: WorkshopForm, rows: list[StageRow] | None, workshop: Workshop | None):
    """Shared by create and edit: stage buttons re-draw the form, Save validates and stores."""
    op = request.form.get("op", "save") if request.method == "POST" else None
    stage_errors: list[str] = []
    if op and op != "save" and rows is not None:
        rows = apply_stage_op(rows, op)
        return render(
            "coach/edit.html",
            "stages",
            form=form,
            rows=rows,
            workshop=workshop,
            stage_errors=stage_errors,
            editable=True,
        )
    if op == "save":
        if rows is not None:
            stage_errors = validate_stages(rows)
        if form.validate_on_submit() and not stage_errors:
            try:
                if workshop is None:
                    workshop = ops.create_workshop(current_user, form.data, rows)
                    flash(gettext("Workshop prepared. Open it when the room is ready."))
                else:
                    ops.update_workshop(workshop, form.data, rows)
                    flash(gettext("Changes saved."))
                return go(url_for("coach.detail", workshop_id=workshop.id))
            except SettingRefused as refused:  # nothing was stored
                getattr(form, refused.field).errors.append(refused_message(refused))
    failed = bool(form.errors or stage_errors)
    editable = workshop is None or ops.stages_editable(workshop)
    return render(
        "coach/edit.html",
        form=form,
        rows=rows,
        workshop=workshop,
        stage_errors=stage_errors,
        editable=editable,
        status=422 if failed else 200,
    )


def refused_message(refused: SettingRefused) -> str:
    """A refused setting's reason in the coach's language, its dates written out there too."""
    values = {
        name: format_date(value, "d MMMM y") if isinstance(value, date) else value
        for name, value in refused.values.items()
    }
    return gettext(refused.message, **values)


def stage_rows_from_form() -> list[StageRow]:
    keys = request.form.getlist("stage_key")[: MAX_STAGES + 1]
    labels = request.form.getlist("stage_label")[: MAX_STAGES + 1]
    rows = []
    for key, label in zip(keys, labels, strict=False):
        key = key if key in DEFAULT_LABELS or CUSTOM_KEY.match(key) else ""
        key = key or ops.fresh_stage_key(rows)
        rows.append(StageRow(key, stage_in_english(key, clean_line(label)[:200])))
    return rows


def apply_stage_op(rows: list[StageRow], op: str) -> list[StageRow]:
    """Move, remove or add a stage row without saving anything."""
    action, _, index_text = op.partition(":")
    if action == "add" and len(rows) < MAX_STAGES:
        return [*rows, StageRow(ops.fresh_stage_key(rows), "")]
    if action == "reset":
        return ops.default_stage_rows()
    if not index_text.isdigit() or not 0 <= int(index_text) < len(rows):
        return rows
    i = int(index_text)
    rows = list(rows)
    if action == "up" and i > 0:
        rows[i - 1], rows[i] = rows[i], rows[i - 1]
    elif action == "down" and i < len(rows) - 1:
        rows[i + 1], rows[i] = rows[i], rows[i + 1]
    elif action == "remove" and len(rows) > 1:
        del rows[i]
    return rows


def validate_stages(rows: list[StageRow]) -> list[str]:
    errors = []
    labels = [row.label for row in rows]
    if not rows:
        errors.append(gettext("Keep at least one hiring stage."))
    if len(rows) > MAX_STAGES:
        errors.append(gettext("Use at most %(limit)s stages.", limit=MAX_STAGES))
    if any(not label for label in labels):
        errors.append(gettext("Give every stage a name, or remove the empty one."))
    if any(len(label) > 80 for label in labels):
        errors.append(gettext("Keep each stage name under 80 characters."))
    if len({label.casefold() for label in labels}) != len(labels):
        errors.append(gettext("Two stages have the same name."))
    if len({row.key for row in rows}) != len(rows):
        errors.append(gettext("Two stages clash; remove one and add it again."))
    return errors


@bp.get("/<int:workshop_id>")
def detail(workshop_id: int):
    """The coach's control page; its status block polls itself (joins, plans being made)."""
    workshop = get_workshop(workshop_id)
    plans = jobs.room_progress(workshop) if workshop.phase in (Phase.PLAN, Phase.CLOSED) else None
    # While the room reflects: how many took each step (counts only). Saving a step does not
    # touch the workshop, so the counts themselves go into the ETag.
    steps = room_steps(workshop) if workshop.phase in STEP_PHASES else None
    etag = (
        f"d{workshop.id}-{workshop.version}-{plans['ready'] if plans else ''}-{plans['failed'] if plans else ''}"
        f"-{steps.tag if steps else ''}-{page_language()}"
    )

    def build():
        fragment = wants_fragment()
        return render(
            "coach/detail.html",
            "status",
            workshop=workshop,
            etag=etag,
            buttons=phase_buttons(workshop),
            participant_count=plans["participants"] if plans else steps.joined if steps else head_count(workshop),
            plans=plans,
            steps=steps,
            actions=None if fragment else ops.custom_actions(workshop),
            action_form=None if fragment or workshop.is_rehearsal else ActionForm(),
            theme_labels=None if fragment else workshop_themes.choosable_themes(workshop),
            test=None if fragment or workshop.phase == Phase.CLOSED or workshop.is_rehearsal else panel_of(workshop),
            join_address=None if fragment else public_base_url(),
            rehearsal=None if fragment or workshop.is_rehearsal else rehearsals.rehearsal_of(workshop),
            room_sizes=rehearsals.ROOM_SIZES,
        )

    return not_modified_or(etag, build) if wants_fragment() else build()


@bp.post("/<int:workshop_id>/actions")
def add_action(workshop_id: int):
    """A coach's own action for this workshop's plans, tied to stages and themes."""
    workshop = get_workshop(workshop_id)
    form = ActionForm()
    added = False
    if form.validate_on_submit():
        try:
            ops.add_custom_action(
                workshop,
                form.title.data,
                form.how.data,
                form.timing.data,
                request.form.getlist("stages"),
                request.form.getlist("themes"),
            )
            added = True
        except ValueError:
            added = False
    if not added:
        flash(
            gettext(
                "The action was not added: give it a title (up to 120 characters), a short how-to, "
                "and pick stages and themes from the lists."
            )
        )
        return go(url_for("coach.detail", workshop_id=workshop.id) + "#own-actions")
    flash(gettext("Your action was added; it will appear in plans where it fits."))
    return go(url_for("coach.detail", workshop_id=workshop.id) + "#own-actions")


@bp.post("/<int:workshop_id>/actions/<int:action_id>/delete")
def delete_action(workshop_id: int, action_id: int):
    workshop = get_workshop(workshop_id)
    if not ops.delete_custom_action(workshop, action_id):
        abort(404)
    flash(gettext("Action removed."))
    return go(url_for("coach.detail", workshop_id=workshop.id) + "#own-actions")


@bp.post("/<int:workshop_id>/phase")
def phase(workshop_id: int):
    workshop = get_workshop(workshop_id)
    move = rehearsals.change_phase if workshop.is_rehearsal else ops.change_phase  # a sample room follows
    try:
        move(workshop, request.form.get("to", ""))
    except IllegalPhaseChange:
        flash(gettext("That phase change is not possible from here. The page shows where the workshop is now."))
        return go(url_for("coach.detail", workshop_id=workshop.id))
    flash(gettext("The workshop is now in: %(phase)s.", phase=gettext(workshop.phase.label)))
    return go(url_for("coach.detail", workshop_id=workshop.id))


@bp.route("/<int:workshop_id>/delete", methods=["GET", "POST"])
def delete(workshop_id: int):
    workshop = get_workshop(workshop_id)
    if request.method == "POST":
        if request.form.get("confirm_title", "").strip() != workshop.title:
            return render(
                "coach/delete.html",
                workshop=workshop,
                error=gettext("Type the workshop's title exactly to confirm."),
                keep_summary=request.form.get("keep_summary") == "yes",
                status=422,
            )
        title = workshop.title
        keep = request.form.get("keep_summary") == "yes" and not workshop.is_rehearsal
        ops.delete_workshop(workshop, keep_summary=keep)
        if keep:
            flash(gettext("“%(title)s” has been erased. Its released figures stay in Insights.", title=title))
        else:
            flash(gettext("“%(title)s” and everything in it has been erased.", title=title))
        return go(url_for("coach.index"))
    return render("coach/delete.html", workshop=workshop, error=None, keep_summary=False)
