"""`flask --app workshop …` commands for coaches and operators."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

import click
from flask import Flask
from sqlalchemy import select

from .extensions import db
from .forms import MIN_PASSWORD
from .services.coaches import add_coach

if TYPE_CHECKING:
    from .services.themes import Taxonomy, Theme, ThemeMatch


@click.command("create-coach")
@click.argument("email")
@click.option("--name", prompt="Name shown to the coach", help="The coach's display name.")
@click.option("--admin", is_flag=True, help="Allow this coach to add other coaches.")
@click.password_option(help=f"At least {MIN_PASSWORD} characters (prompted when omitted).")
def create_coach(email: str, name: str, admin: bool, password: str) -> None:
    """Add a coach account (the first account can also be made in the browser)."""
    email = email.strip().lower()
    if "@" not in email or len(email) > 254:
        raise click.BadParameter("give a valid email address", param_hint="EMAIL")
    if not MIN_PASSWORD <= len(password) <= 256:
        raise click.BadParameter(f"use {MIN_PASSWORD} to 256 characters", param_hint="password")
    coach = add_coach(email, name.strip()[:80] or email, password, admin)  # the first is always an admin
    if coach is None:
        raise click.ClickException(f"a coach with the email {email} already exists")
    role = "admin coach" if coach.is_admin else "coach"
    click.echo(f"Added {role} {coach.name} <{coach.email}>.")


@click.command("redact")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--employer", "employers", multiple=True, help="An employer name to hide (repeatable).")
def redact_command(file, employers: tuple[str, ...]) -> None:
    """Redact stories from FILE ('-' for stdin) and print one JSON line per story.

    FILE holds JSON lines {"id": …, "text": …} (other keys ignored) or plain text lines.
    Each output line is {"id": …, "text": <redacted>, "spans": [{"start", "end", "kind"}]},
    with offsets into the input text. Nothing is stored.
    """
    from .services.redaction import redact_lines

    for result in redact_lines(file, employers=list(employers)):
        click.echo(json.dumps(result, ensure_ascii=False))


@click.command("themes")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@click.option("--room", is_flag=True, help="Also print the room's shared themes and emerging phrases.")
@click.option("--k", default=3, show_default=True, type=click.IntRange(min=2), help="Minimum group size for --room.")
def themes_command(file, room: bool, k: int) -> None:
    """Match stories from FILE ('-' for stdin) to the theme taxonomy, one JSON line each.

    FILE holds JSON lines {"id": …, "text": …} (other keys ignored). Each output line is
    {"id": …, "themes": [{"id", "label", "evidence": […]}]}; with --room a last line
    {"room": {"themes": […], "emerging": […]}} lists what at least k stories share.
    """
    for result in stories_for_cli(file, room=room, k=k):
        click.echo(json.dumps(result, ensure_ascii=False))


@click.command("purge-expired")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Pretend today is this date (YYYY-MM-DD).")
def purge_expired_command(today) -> None:
    """Erase every workshop past its retention date, with all its data, now.

    The app also does this by itself (ERASE_EXPIRED_EVERY); the two never run at once.
    """
    from .services.retention import erase_expired_now

    day = (today or datetime.now()).date()
    count = erase_expired_now(day)
    if count is None:
        click.echo("Another Rebound process is erasing expired workshops right now; nothing else to do.")
        return
    click.echo(f"Erased {count} workshop{'s' if count != 1 else ''} past their retention date.")


@click.command("preview-plan")
@click.argument("input_file", metavar="INPUT.json", type=click.File("r", encoding="utf-8"))
@click.option(
    "-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True), help="Where to write the PDF."
)
def preview_plan_command(input_file, output: str) -> None:
    """Render one plan from a JSON description, with the app's own builder and renderer.

    The format is described in the README ("Previewing a plan"); see
    workshop/data/sample_plan.json for a complete example. Unknown keys are ignored.
    """
    from .services.plans.pdf import preview_plan

    try:
        data = json.load(input_file)
    except ValueError as error:
        raise click.ClickException(f"{input_file.name} is not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise click.ClickException("the JSON must be an object with workshop and participant keys")
    try:
        pdf = preview_plan(data)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    with open(output, "wb") as handle:
        handle.write(pdf)
    click.echo(f"Wrote {output} ({len(pdf) // 1024} KB).")


@click.command("render-plans")
@click.argument("workshop_ref", metavar="WORKSHOP")
def render_plans_command(workshop_ref: str) -> None:
    """Render every plan of WORKSHOP (its id or join code) now, with a progress bar."""
    from .models import Workshop
    from .services.plans import jobs
    from .services.plans.inputs import room_inputs

    query = select(Workshop).where(
        Workshop.id == int(workshop_ref) if workshop_ref.isdigit() else Workshop.join_code == workshop_ref.upper()
    )
    workshop = db.session.scalar(query)
    if workshop is None:
        raise click.ClickException(f"no workshop {workshop_ref!r}")
    inputs = room_inputs(workshop)
    done = failed = 0
    with click.progressbar(inputs, label=f"Rendering {len(inputs)} plans", show_pos=True) as bar:
        for participant, plan_in, input_hash in bar:
            if jobs.expect(participant, input_hash, plan_in) == "ready":
                done += 1
                continue
            try:
                pdf = jobs.render_bytes(plan_in)
            except Exception as error:  # noqa: BLE001 - report and carry on with the room
                failed += 1
                click.echo(f"\n  a plan failed: {type(error).__name__}", err=True)  # never who
                continue
            done += jobs.store(participant.id, workshop.id, input_hash, pdf)
    click.echo(f"{done} plans ready, {failed} failed.")


# ---- the themes command's feed --------------------------------------------------------------


@dataclass(frozen=True)
class ThemeCount:
    theme_id: str
    label: str
    count: int


def room_theme_counts(
    matches: Iterable[Sequence[ThemeMatch]], taxonomy: Taxonomy, k: int, extra: Sequence[Theme] = ()
) -> list[ThemeCount]:
    """How many stories share each theme, for themes shared by >= k stories.

    Most shared first, then taxonomy order. `matches` holds one match list per story.
    """
    from .services.aggregates import MIN_K

    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
    counts: Counter[str] = Counter()
    for story_matches in matches:
        counts.update({m.theme_id for m in story_matches})
    order = {theme.id: i for i, theme in enumerate((*taxonomy.themes, *extra))}
    labels = {theme.id: theme.label for theme in (*taxonomy.themes, *extra)}
    shared = [ThemeCount(tid, labels[tid], n) for tid, n in counts.items() if n >= k and tid in labels]
    return sorted(shared, key=lambda t: (-t.count, order[t.theme_id]))


def stories_for_cli(lines: Iterable[str], room: bool, k: int = 3) -> Iterator[dict]:
    """Theme each JSON line `{"id": ..., "text": ...}`; with room=True end with the room view.

    Yields `{"id", "themes": [{"id", "label", "evidence"}]}` per story (the line number
    stands in for a missing id), or `{"id": <line number>, "error": ...}` for a line that
    cannot be read; blank lines are skipped; keys other than id and text are ignored.
    The room view is `{"room": {"emerging": [{"phrase", "count"}], "themes": [{"id",
    "label", "count"}]}}`, limited to counts >= k; themes most shared first.
    """
    from .services.aggregates import MIN_K
    from .services.themes import emerging_phrases, load_taxonomy, match_story

    if room and k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K}")
    taxonomy = load_taxonomy()
    texts: list[str] = []
    matches: list[list[ThemeMatch]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        story, problem = _read_line(line)
        if problem:
            yield {"id": number, "error": problem}
            continue
        found = match_story(story["text"], taxonomy)
        texts.append(story["text"])
        matches.append(found)
        yield {
            "id": story.get("id", number),
            "themes": [{"id": m.theme_id, "label": m.label, "evidence": list(m.evidence)} for m in found],
        }
    if room:
        yield {
            "room": {
                "emerging": [{"phrase": p.text, "count": p.count} for p in emerging_phrases(texts, taxonomy, k)],
                "themes": [
                    {"id": t.theme_id, "label": t.label, "count": t.count}
                    for t in room_theme_counts(matches, taxonomy, k)
                ],
            }
        }


def _read_line(line: str) -> tuple[dict, str | None]:
    try:
        story = json.loads(line)
    except json.JSONDecodeError as error:
        return {}, f"not valid JSON ({error.msg} at column {error.colno})"
    if not isinstance(story, dict):
        return {}, "expected a JSON object with an id and a text"
    if not isinstance(story.get("text"), str):
        return {}, 'the "text" field is missing or is not a string'
    return story, None


def init_app(app: Flask) -> None:
    app.cli.add_command(preview_plan_command)
    app.cli.add_command(render_plans_command)
    app.cli.add_command(purge_expired_command)
    app.cli.add_command(themes_command)
    app.cli.add_command(create_coach)
    app.cli.add_command(redact_command)
