"""The package's structure: no import cycles, services that never import the package root,
and a PDF worker that loads no part of the web layer (python -m tests.tools.import_graph)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.tools.import_graph import ROOT, cycles, graph, loads

# The blueprints and what only the web app needs; create_app imports these.
WEB_LAYER = {
    "workshop.auth",
    "workshop.board",
    "workshop.cards",
    "workshop.cli",
    "workshop.coach",
    "workshop.errors",
    "workshop.forms",
    "workshop.health",
    "workshop.htmx",
    "workshop.logs",
    "workshop.ownership",
    "workshop.participant",
    "workshop.phone_test",
    "workshop.phones",
    "workshop.plans",
    "workshop.reflect",
    "workshop.rehearsal",
    "workshop.report",
    "workshop.security",
}
# What a render process imports: the pool's initializer and jobs, and the renderer.
PDF_WORKER = ("workshop.services.plans.jobs", "workshop.services.plans.pool", "workshop.services.plans.pdf")


def test_the_package_has_no_import_cycle():
    every = graph()
    assert {"workshop", "workshop.services.plans.jobs", "workshop.services.redaction"} <= set(every)
    assert cycles(every) == []


def test_a_cycle_would_be_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_service_imports_the_package_root():
    for module, imported in graph().items():
        if module.startswith("workshop.services"):
            assert "workshop" not in imported, module


@pytest.mark.parametrize("module", PDF_WORKER)
def test_a_pdf_worker_loads_none_of_the_web_layer(module):
    assert not loads(module) & WEB_LAYER, sorted(loads(module) & WEB_LAYER)
    code = f"import sys, {module}; print(' '.join(m for m in sys.modules if m.startswith('workshop')))"
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    really = set(loaded.stdout.split())
    assert module in really
    assert not really & WEB_LAYER, sorted(really & WEB_LAYER)


def test_a_render_pool_process_starts_without_flask_or_the_database():
    """The pool spawns fresh interpreters at the coach's click: each imports only the
    renderer, not the web framework, the ORM or the migrations (about a second of CPU)."""
    code = (
        "import sys, workshop.services.plans.pool, workshop.services.plans.pdf; "
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert not set(loaded.stdout.split()) & {"flask", "sqlalchemy", "alembic", "flask_sqlalchemy", "werkzeug"}
