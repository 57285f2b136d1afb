"""`flask --app workshop …` commands for coaches and operators."""

from __future__ import annotations

import json
from datetime import datetime

import click
from flask import Flask
from sqlalchemy import select

from .extensions import db
from .forms import MIN_PASSWORD
from .models import Coach


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
    if db.session.scalar(select(Coach.id).where(Coach.email == email)) is not None:
        raise click.ClickException(f"a coach with the email {email} already exists")
    first = db.session.scalar(select(Coach.id).limit(1)) is None
    coach = Coach(email=email, name=name.strip()[:80] or email, is_admin=admin or first)
    coach.set_password(password)
    db.session.add(coach)
    db.session.commit()
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
    from .services.themes import stories_for_cli

    for result in stories_for_cli(file, room=room, k=k):
        click.echo(json.dumps(result, ensure_ascii=False))


@click.command("purge-expired")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Pretend today is this date (YYYY-MM-DD).")
def purge_expired_command(today) -> None:
    """Erase every workshop past its retention date, with all its data. Run it daily."""
    from .services.retention import purge_expired

    day = (today or datetime.now()).date()
    count = purge_expired(day)
    click.echo(f"Erased {count} workshop{'s' if count != 1 else ''} past their retention date.")


def init_app(app: Flask) -> None:
    app.cli.add_command(purge_expired_command)
    app.cli.add_command(themes_command)
    app.cli.add_command(create_coach)
    app.cli.add_command(redact_command)
