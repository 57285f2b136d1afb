"""The migrations in migrations/ build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from workshop.extensions import db


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True, "render_as_batch": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == [], (
        "models and migrations differ; run `flask --app workshop db migrate -m '…'` "
        f"and review the new revision: {differences}"
    )


def test_the_app_never_creates_tables_itself():
    from pathlib import Path

    import workshop

    package = Path(workshop.__file__).parent
    offenders = [p.name for p in package.rglob("*.py") if "create_all(" in p.read_text()]
    assert offenders == [], "schema changes go through migrations, not create_all"
