"""`flask --app workshop …` commands for coaches and operators."""

from __future__ import annotations

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


def init_app(app: Flask) -> None:
    app.cli.add_command(create_coach)
